-- 004-search: the full-text index behind search (src/model/search.c, the
-- one function that reads it; nothing else names FTS5).
--
-- What is searched, one row per thing (view search_source): a plan (title,
-- values, vision, main goal), an area, a goal, a focus, a strategy, a
-- measure (text, period, responsibility as written), an organisation (name
-- and aliases) and a status report (text). The fields of one thing are
-- joined by a line break.
--
-- The index's rowid says what a row is without reading it:
-- (kind << 40) | (2^40 - 1 - id), kinds ranked 1 plan, 2 organisation,
-- 3 area, 4 goal, 5 focus, 6 strategy, 7 measure, 8 report. So a write
-- finds its row by rowid (no scan), and walking the matches in rowid order
-- gives plans first and reports last, the newest of a kind first: the
-- order search.c takes its candidates in.
--
-- Letters (what a Norwegian reader expects): case never matters; é = e,
-- ü = u, ñ = n and the like (tokenizer unicode61, remove_diacritics 2);
-- but æ, ø and å are letters of their own (å ≠ a; ø and æ the tokenizer
-- keeps as they are), and so are the Sámi letters á č š ž (đ ŋ ŧ it keeps
-- too); ä = æ and ö = ø as in Norwegian and Sámi (Swedish/Lule Sámi
-- spelling of the same letters). The tokenizer would fold å, á, č, š, ž to
-- a, a, c, s, z, so the indexed column (body) has them replaced, before it
-- is tokenised, by private-use characters (U+E000-U+E004, one per letter
-- for both cases), which the tokenizer keeps as letters and never folds.
-- Every replacement is one character for one, so body and raw (the text
-- as written, shown in results) line up character by character; search.c
-- folds the query the same way (its fold table must match this one).
-- Characters 1 and 2 (the highlight markers) become spaces in body.
--
-- Kept current by the triggers below, on the tables themselves: every
-- write is covered, also those that do not go through model/node.c (the
-- importer's first store in tree.c, rollover, organisation merges, plain
-- SQL), and in the same transaction as the write. Deleting a plan deletes
-- its rows through the cascade (a cascaded delete fires the child table's
-- triggers).
--
-- PostgreSQL: search_source stays as it is; the index becomes a tsvector
-- column with a GIN index over it, behind the same function.

CREATE VIEW search_source (kind, node_id, plan_id, raw) AS
	SELECT 1, p.id, p.id,
	       p.title || char(10) || COALESCE(p.values_text, '') || char(10)
	       || COALESCE(p.vision, '') || char(10) || COALESCE(p.main_goal, '')
	FROM plan p
	UNION ALL
	SELECT 2, o.id, NULL,
	       o.name || COALESCE((SELECT char(10) || group_concat(a.alias, char(10))
	                           FROM org_alias a WHERE a.org_id = o.id), '')
	FROM org o
	UNION ALL
	SELECT 3, ar.id, ar.plan_id, ar.title FROM area ar
	UNION ALL
	SELECT 4, g.id, ar.plan_id, g.text
	FROM goal g JOIN area ar ON ar.id = g.area_id
	UNION ALL
	SELECT 5, f.id, ar.plan_id, f.title
	FROM focus f JOIN area ar ON ar.id = f.area_id
	UNION ALL
	SELECT 6, s.id, ar.plan_id, s.text
	FROM strategy s JOIN focus f ON f.id = s.focus_id JOIN area ar ON ar.id = f.area_id
	UNION ALL
	SELECT 7, m.id, m.plan_id,
	       m.text || char(10) || m.period_text || char(10) || m.responsibility_text
	FROM measure m
	UNION ALL
	SELECT 8, r.id, m.plan_id, r.text
	FROM report r JOIN measure m ON m.id = r.measure_id;

-- search_source with its rowid in the index and the folded text.
CREATE VIEW search_row (id, body, raw, kind, node_id, plan_id) AS
	SELECT (kind << 40) | (1099511627775 - node_id),
	       replace(replace(replace(replace(replace(replace(replace(replace(
	       replace(replace(replace(replace(replace(replace(replace(replace(
	       raw, 'å', char(57344)), 'Å', char(57344)),
	       'á', char(57345)), 'Á', char(57345)),
	       'č', char(57346)), 'Č', char(57346)),
	       'š', char(57347)), 'Š', char(57347)),
	       'ž', char(57348)), 'Ž', char(57348)),
	       'ä', 'æ'), 'Ä', 'Æ'), 'ö', 'ø'), 'Ö', 'Ø'),
	       char(1), ' '), char(2), ' '),
	       raw, kind, node_id, plan_id
	FROM search_source;

CREATE VIRTUAL TABLE search_index USING fts5 (
	body, raw UNINDEXED, kind UNINDEXED, node_id UNINDEXED, plan_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE raw <> '' ORDER BY id;

-- The triggers: one row out and in again for every write. (A text that is
-- empty, a report without words, is not indexed.)
CREATE TRIGGER search_plan_ins AFTER INSERT ON plan BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 1 AND node_id = NEW.id;
END;
CREATE TRIGGER search_plan_upd AFTER UPDATE OF title, values_text, vision, main_goal ON plan BEGIN
	DELETE FROM search_index WHERE rowid = (1 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 1 AND node_id = NEW.id;
END;
CREATE TRIGGER search_plan_del AFTER DELETE ON plan BEGIN
	DELETE FROM search_index WHERE rowid = (1 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_org_ins AFTER INSERT ON org BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 2 AND node_id = NEW.id;
END;
CREATE TRIGGER search_org_upd AFTER UPDATE OF name ON org BEGIN
	DELETE FROM search_index WHERE rowid = (2 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 2 AND node_id = NEW.id;
END;
CREATE TRIGGER search_org_del AFTER DELETE ON org BEGIN
	DELETE FROM search_index WHERE rowid = (2 << 40) | (1099511627775 - OLD.id);
END;
-- An alias changes its organisation's row (both organisations' when it
-- moves, as in a merge).
CREATE TRIGGER search_alias_ins AFTER INSERT ON org_alias BEGIN
	DELETE FROM search_index WHERE rowid = (2 << 40) | (1099511627775 - NEW.org_id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 2 AND node_id = NEW.org_id;
END;
CREATE TRIGGER search_alias_upd AFTER UPDATE OF alias, org_id ON org_alias BEGIN
	DELETE FROM search_index WHERE rowid IN ((2 << 40) | (1099511627775 - OLD.org_id),
	                                         (2 << 40) | (1099511627775 - NEW.org_id));
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 2 AND node_id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER search_alias_del AFTER DELETE ON org_alias BEGIN
	DELETE FROM search_index WHERE rowid = (2 << 40) | (1099511627775 - OLD.org_id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 2 AND node_id = OLD.org_id;
END;

CREATE TRIGGER search_area_ins AFTER INSERT ON area BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 3 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_area_upd AFTER UPDATE OF title ON area BEGIN
	DELETE FROM search_index WHERE rowid = (3 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 3 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_area_del AFTER DELETE ON area BEGIN
	DELETE FROM search_index WHERE rowid = (3 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_goal_ins AFTER INSERT ON goal BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 4 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_goal_upd AFTER UPDATE OF text ON goal BEGIN
	DELETE FROM search_index WHERE rowid = (4 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 4 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_goal_del AFTER DELETE ON goal BEGIN
	DELETE FROM search_index WHERE rowid = (4 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_focus_ins AFTER INSERT ON focus BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 5 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_focus_upd AFTER UPDATE OF title ON focus BEGIN
	DELETE FROM search_index WHERE rowid = (5 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 5 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_focus_del AFTER DELETE ON focus BEGIN
	DELETE FROM search_index WHERE rowid = (5 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_strategy_ins AFTER INSERT ON strategy BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 6 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_strategy_upd AFTER UPDATE OF text ON strategy BEGIN
	DELETE FROM search_index WHERE rowid = (6 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 6 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_strategy_del AFTER DELETE ON strategy BEGIN
	DELETE FROM search_index WHERE rowid = (6 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_measure_ins AFTER INSERT ON measure BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 7 AND node_id = NEW.id;
END;
CREATE TRIGGER search_measure_upd
AFTER UPDATE OF text, period_text, responsibility_text, plan_id ON measure BEGIN
	DELETE FROM search_index WHERE rowid = (7 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 7 AND node_id = NEW.id;
END;
CREATE TRIGGER search_measure_del AFTER DELETE ON measure BEGIN
	DELETE FROM search_index WHERE rowid = (7 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_report_ins AFTER INSERT ON report BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 8 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_report_upd AFTER UPDATE OF text, measure_id ON report BEGIN
	DELETE FROM search_index WHERE rowid = (8 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 8 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_report_del AFTER DELETE ON report BEGIN
	DELETE FROM search_index WHERE rowid = (8 << 40) | (1099511627775 - OLD.id);
END;
