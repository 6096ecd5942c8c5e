-- 003-nodes: every node of a plan is written one at a time (model/node.c),
-- so each gets its own version; the history records one row per changed
-- field with the plan it belongs to; a plan gets a data version that every
-- change inside it raises (the page cache keys on it, so a report on one
-- plan does not empty the cached pages of another); a measure keeps its
-- current state (from its latest report) and the measure it continues.

ALTER TABLE area ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE goal ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE focus ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE strategy ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measure ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE budget_line ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plan_section ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE section_entry ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE report ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Raised by every change to the plan or anything in it (plan.version is
-- the plan row's own, for its edit form).
ALTER TABLE plan ADD COLUMN data_version INTEGER NOT NULL DEFAULT 1;

-- The same measure in last year's plan (rollover).
ALTER TABLE measure ADD COLUMN continued_from INTEGER
	REFERENCES measure (id) ON DELETE SET NULL;
-- The measure's current state: that of its latest report (by date, then by
-- when it was written), kept by the model in the transaction of every
-- report write so lists need not search the reports.
ALTER TABLE measure ADD COLUMN state TEXT;
ALTER TABLE measure ADD COLUMN progress INTEGER;
ALTER TABLE measure ADD COLUMN reported_on TEXT;

-- The organisation a report speaks for, and when it was last corrected.
ALTER TABLE report ADD COLUMN org_id INTEGER REFERENCES org (id) ON DELETE SET NULL;
ALTER TABLE report ADD COLUMN updated_at TEXT;

-- History: the field a row is about, and the plan it belongs to.
ALTER TABLE audit ADD COLUMN field TEXT;
ALTER TABLE audit ADD COLUMN plan_id INTEGER;
CREATE INDEX audit_plan ON audit (plan_id, id);

UPDATE measure SET
	state = (SELECT r.state FROM report r WHERE r.measure_id = measure.id
		 ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),
	progress = (SELECT r.progress FROM report r WHERE r.measure_id = measure.id
		    ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),
	reported_on = (SELECT MAX(r.reported_on) FROM report r WHERE r.measure_id = measure.id);
CREATE INDEX measure_state ON measure (plan_id, state);
CREATE INDEX measure_continued ON measure (continued_from);
