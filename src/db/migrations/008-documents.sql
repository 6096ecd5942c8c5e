-- 008-documents: files attached to an object (a project plan, a social
-- analysis, minutes). The bytes are stored once, outside the database, in
-- a folder named by their SHA-256 (model/document.c); a row says which
-- object the file belongs to and what it was called. owner_kind is a node
-- kind code of model/node.c ("measure", "org", ...); the owner's
-- permissions are the document's (document_owner_access). 007 is taken by
-- another change.
CREATE TABLE document (
	id INTEGER PRIMARY KEY,
	version INTEGER NOT NULL DEFAULT 1,
	owner_kind TEXT NOT NULL,
	owner_id INTEGER NOT NULL,
	name TEXT NOT NULL,        -- the file's name as uploaded, without path or control characters
	title TEXT,
	media_type TEXT NOT NULL,  -- as read from the content, never from the name
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	uploaded_by TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX document_owner ON document (owner_kind, owner_id);
-- Whether a stored file is still used by another row, when one is deleted.
CREATE INDEX document_sha256 ON document (sha256);

-- A document goes with its owner, also when a delete cascades down a
-- plan's tree or an organisation is merged away: otherwise a reused id
-- would hand it to a new object with other readers. The stored file stays
-- (an upload of the same bytes reuses it). A new kind of owner adds its
-- trigger here.
CREATE TRIGGER document_gone_plan AFTER DELETE ON plan BEGIN
	DELETE FROM document WHERE owner_kind = 'plan' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_area AFTER DELETE ON area BEGIN
	DELETE FROM document WHERE owner_kind = 'area' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_goal AFTER DELETE ON goal BEGIN
	DELETE FROM document WHERE owner_kind = 'goal' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_focus AFTER DELETE ON focus BEGIN
	DELETE FROM document WHERE owner_kind = 'focus' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_strategy AFTER DELETE ON strategy BEGIN
	DELETE FROM document WHERE owner_kind = 'strategy' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_measure AFTER DELETE ON measure BEGIN
	DELETE FROM document WHERE owner_kind = 'measure' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_budget AFTER DELETE ON budget_line BEGIN
	DELETE FROM document WHERE owner_kind = 'budget' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_section AFTER DELETE ON plan_section BEGIN
	DELETE FROM document WHERE owner_kind = 'section' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_entry AFTER DELETE ON section_entry BEGIN
	DELETE FROM document WHERE owner_kind = 'entry' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_org AFTER DELETE ON org BEGIN
	DELETE FROM document WHERE owner_kind = 'org' AND owner_id = OLD.id; END;
