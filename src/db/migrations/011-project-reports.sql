-- 011-project-reports: status reports on a project, as on a measure: the
-- day, the state (the codes of report.state), progress, text, what is
-- spent. Who wrote one is in the history (audit), as for every node.
CREATE TABLE project_report (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	reported_on TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN
		('not_started', 'on_track', 'at_risk', 'delayed', 'done', 'cancelled')),
	progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
	text TEXT,
	spent INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE INDEX project_report_project ON project_report (project_id, reported_on);
