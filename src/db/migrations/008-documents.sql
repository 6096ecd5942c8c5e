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
