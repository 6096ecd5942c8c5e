-- 014-plan-dates: the yearly deadlines of a plan (issue 10): the day the
-- plan is decided, the reports to the council, other dates of the year.
-- Shown on the plan's page beside its rounds' deadlines, and in its iCal
-- feed.
CREATE TABLE plan_date (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	on_date TEXT NOT NULL,
	title TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('decision', 'council', 'other')),
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_date_plan ON plan_date (plan_id, on_date);
