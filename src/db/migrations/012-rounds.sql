-- 012-rounds: reporting rounds (issue 10). An editor opens a round on a
-- plan ("1. tertial 2026", a deadline); the measures in it are those not
-- done or cancelled when it opened (round_measure). A report written while
-- the round is open, on a measure in it, belongs to it (report.round_id);
-- when the round is closed, its reports are its record, and a correction
-- made later shows as one (report.updated_at after round.closed_at).
CREATE TABLE round (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	deadline TEXT NOT NULL,
	opened_on TEXT NOT NULL,
	closed_at TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE INDEX round_plan ON round (plan_id, closed_at);

CREATE TABLE round_measure (
	round_id INTEGER NOT NULL REFERENCES round (id) ON DELETE CASCADE,
	measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
	PRIMARY KEY (round_id, measure_id)
);
CREATE INDEX round_measure_measure ON round_measure (measure_id);

ALTER TABLE report ADD COLUMN round_id INTEGER REFERENCES round (id) ON DELETE SET NULL;
CREATE INDEX report_round ON report (round_id);
