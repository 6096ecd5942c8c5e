-- 013-frozen-reports: a plan's status frozen at a date into a report for
-- the council (issue 10): the plan as the JSON export writes it with the
-- reports up to that date, the counts and the council's indicators, kept
-- as the very bytes written, with their SHA-256 so minutes can cite them.
-- Nothing changes a frozen report: the triggers refuse an update; deleting
-- the plan takes its reports with it.
CREATE TABLE frozen_report (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	key TEXT NOT NULL,                   -- its address: /plan/SLUG/reports/KEY
	title TEXT NOT NULL,
	as_of TEXT NOT NULL,                 -- the day it shows the plan at
	frozen_at TEXT NOT NULL,
	frozen_by TEXT NOT NULL,
	json TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	UNIQUE (plan_id, key)
);

CREATE TRIGGER frozen_report_immutable BEFORE UPDATE ON frozen_report BEGIN
	SELECT RAISE(ABORT, 'a frozen report is never changed');
END;
