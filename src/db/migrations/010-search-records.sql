-- 010-search-records: search finds what a council keeps beside its plans:
-- projects (title, phase, region, main goal, summary), programmes (title,
-- purpose), meetings (title, place, participants), decisions (their text)
-- and indicators (name, unit, source). They are public, belong to no plan
-- (plan_id NULL) and rank after the plans' own kinds (9 project,
-- 10 programme, 11 meeting, 12 decision, 13 indicator: see 004 for the
-- rowid). The views of 004 are made again with the new kinds; its triggers
-- name search_row and keep working; the new tables get triggers of their
-- own, as 004's do.

DROP VIEW search_row;
DROP VIEW search_source;

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
	FROM report r JOIN measure m ON m.id = r.measure_id
	UNION ALL
	SELECT 9, p.id, NULL, p.title || char(10) || COALESCE(p.phase, '') || char(10) || COALESCE(p.region, '') || char(10) || COALESCE(p.main_goal, '') || char(10) || COALESCE(p.summary, '')
	FROM project p
	UNION ALL
	SELECT 10, p.id, NULL, p.title || char(10) || COALESCE(p.purpose, '')
	FROM programme p
	UNION ALL
	SELECT 11, p.id, NULL, p.title || char(10) || COALESCE(p.place, '') || char(10) || COALESCE(p.participants, '')
	FROM meeting p
	UNION ALL
	SELECT 12, p.id, NULL, p.text
	FROM decision p
	UNION ALL
	SELECT 13, p.id, NULL, p.name || char(10) || COALESCE(p.unit, '') || char(10) || COALESCE(p.source, '')
	FROM indicator p;

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

INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind >= 9 AND raw <> '' ORDER BY id;

CREATE TRIGGER search_project_ins AFTER INSERT ON project BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 9 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_project_upd AFTER UPDATE OF title, phase, region, main_goal, summary ON project BEGIN
	DELETE FROM search_index WHERE rowid = (9 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 9 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_project_del AFTER DELETE ON project BEGIN
	DELETE FROM search_index WHERE rowid = (9 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_programme_ins AFTER INSERT ON programme BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 10 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_programme_upd AFTER UPDATE OF title, purpose ON programme BEGIN
	DELETE FROM search_index WHERE rowid = (10 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 10 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_programme_del AFTER DELETE ON programme BEGIN
	DELETE FROM search_index WHERE rowid = (10 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_meeting_ins AFTER INSERT ON meeting BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 11 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_meeting_upd AFTER UPDATE OF title, place, participants ON meeting BEGIN
	DELETE FROM search_index WHERE rowid = (11 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 11 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_meeting_del AFTER DELETE ON meeting BEGIN
	DELETE FROM search_index WHERE rowid = (11 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_decision_ins AFTER INSERT ON decision BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 12 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_decision_upd AFTER UPDATE OF text ON decision BEGIN
	DELETE FROM search_index WHERE rowid = (12 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 12 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_decision_del AFTER DELETE ON decision BEGIN
	DELETE FROM search_index WHERE rowid = (12 << 40) | (1099511627775 - OLD.id);
END;

CREATE TRIGGER search_indicator_ins AFTER INSERT ON indicator BEGIN
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 13 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_indicator_upd AFTER UPDATE OF name, unit, source ON indicator BEGIN
	DELETE FROM search_index WHERE rowid = (13 << 40) | (1099511627775 - OLD.id);
	INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE kind = 13 AND node_id = NEW.id AND raw <> '';
END;
CREATE TRIGGER search_indicator_del AFTER DELETE ON indicator BEGIN
	DELETE FROM search_index WHERE rowid = (13 << 40) | (1099511627775 - OLD.id);
END;
