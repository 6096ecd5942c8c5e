-- 009-record-cleanup: what hangs on a record by kind and id, not by a
-- foreign key, goes with it: the documents of a programme, project,
-- meeting or indicator (as 008 does for the plan's nodes), and the links
-- of record_link from or to a deleted node (a decision's "concerns", an
-- indicator's "measures"), so a reused id never inherits them.

CREATE TRIGGER document_gone_programme AFTER DELETE ON programme BEGIN
	DELETE FROM document WHERE owner_kind = 'programme' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_project AFTER DELETE ON project BEGIN
	DELETE FROM document WHERE owner_kind = 'project' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_meeting AFTER DELETE ON meeting BEGIN
	DELETE FROM document WHERE owner_kind = 'meeting' AND owner_id = OLD.id; END;
CREATE TRIGGER document_gone_indicator AFTER DELETE ON indicator BEGIN
	DELETE FROM document WHERE owner_kind = 'indicator' AND owner_id = OLD.id; END;

CREATE TRIGGER record_link_gone_plan AFTER DELETE ON plan BEGIN
	DELETE FROM record_link WHERE (from_kind = 'plan' AND from_id = OLD.id)
		OR (to_kind = 'plan' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_area AFTER DELETE ON area BEGIN
	DELETE FROM record_link WHERE (from_kind = 'area' AND from_id = OLD.id)
		OR (to_kind = 'area' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_goal AFTER DELETE ON goal BEGIN
	DELETE FROM record_link WHERE (from_kind = 'goal' AND from_id = OLD.id)
		OR (to_kind = 'goal' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_focus AFTER DELETE ON focus BEGIN
	DELETE FROM record_link WHERE (from_kind = 'focus' AND from_id = OLD.id)
		OR (to_kind = 'focus' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_strategy AFTER DELETE ON strategy BEGIN
	DELETE FROM record_link WHERE (from_kind = 'strategy' AND from_id = OLD.id)
		OR (to_kind = 'strategy' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_measure AFTER DELETE ON measure BEGIN
	DELETE FROM record_link WHERE (from_kind = 'measure' AND from_id = OLD.id)
		OR (to_kind = 'measure' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_org AFTER DELETE ON org BEGIN
	DELETE FROM record_link WHERE (from_kind = 'org' AND from_id = OLD.id)
		OR (to_kind = 'org' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_programme AFTER DELETE ON programme BEGIN
	DELETE FROM record_link WHERE (from_kind = 'programme' AND from_id = OLD.id)
		OR (to_kind = 'programme' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_project AFTER DELETE ON project BEGIN
	DELETE FROM record_link WHERE (from_kind = 'project' AND from_id = OLD.id)
		OR (to_kind = 'project' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_meeting AFTER DELETE ON meeting BEGIN
	DELETE FROM record_link WHERE (from_kind = 'meeting' AND from_id = OLD.id)
		OR (to_kind = 'meeting' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_decision AFTER DELETE ON decision BEGIN
	DELETE FROM record_link WHERE (from_kind = 'decision' AND from_id = OLD.id)
		OR (to_kind = 'decision' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_indicator AFTER DELETE ON indicator BEGIN
	DELETE FROM record_link WHERE (from_kind = 'indicator' AND from_id = OLD.id)
		OR (to_kind = 'indicator' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_mandate_point AFTER DELETE ON mandate_point BEGIN
	DELETE FROM record_link WHERE (from_kind = 'mandate' AND from_id = OLD.id)
		OR (to_kind = 'mandate' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_group_person AFTER DELETE ON group_person BEGIN
	DELETE FROM record_link WHERE (from_kind = 'person' AND from_id = OLD.id)
		OR (to_kind = 'person' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_council_role AFTER DELETE ON council_role BEGIN
	DELETE FROM record_link WHERE (from_kind = 'role' AND from_id = OLD.id)
		OR (to_kind = 'role' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_programme_phase AFTER DELETE ON programme_phase BEGIN
	DELETE FROM record_link WHERE (from_kind = 'phase' AND from_id = OLD.id)
		OR (to_kind = 'phase' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_project_role AFTER DELETE ON project_role BEGIN
	DELETE FROM record_link WHERE (from_kind = 'project_role' AND from_id = OLD.id)
		OR (to_kind = 'project_role' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_project_point AFTER DELETE ON project_point BEGIN
	DELETE FROM record_link WHERE (from_kind = 'point' AND from_id = OLD.id)
		OR (to_kind = 'point' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_project_grant AFTER DELETE ON project_grant BEGIN
	DELETE FROM record_link WHERE (from_kind = 'grant' AND from_id = OLD.id)
		OR (to_kind = 'grant' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_agenda_item AFTER DELETE ON agenda_item BEGIN
	DELETE FROM record_link WHERE (from_kind = 'item' AND from_id = OLD.id)
		OR (to_kind = 'item' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_followup AFTER DELETE ON followup BEGIN
	DELETE FROM record_link WHERE (from_kind = 'followup' AND from_id = OLD.id)
		OR (to_kind = 'followup' AND to_id = OLD.id); END;
CREATE TRIGGER record_link_gone_projection AFTER DELETE ON projection BEGIN
	DELETE FROM record_link WHERE (from_kind = 'projection' AND from_id = OLD.id)
		OR (to_kind = 'projection' AND to_id = OLD.id); END;
