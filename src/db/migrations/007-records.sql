-- 007-records: what a council keeps beside its plans (issue 9, the rest of
-- the seeds): groups with a mandate and people, the council's roles,
-- programmes with phases, projects (a programme's participating regions
-- are projects of it) with their organisation, lists of goals, themes and
-- results, and grants; meetings with agenda items, decisions and follow-up
-- points; indicators with values, named projections and a target.
--
-- Every table is a node of model/node.c: a version raised by every change,
-- children ordered by position. A root (programme, project, meeting,
-- indicator) names the council that keeps it: its editors edit it
-- (model/record.c decides whose it is, model/perm.c what they may do).

-- A group (an org of kind 'group' or the council itself): what kind of
-- body it is, to whom it reports and how often ("rapporterer årleg til
-- rådet").
ALTER TABLE org ADD COLUMN group_kind TEXT CHECK (group_kind IS NULL OR group_kind IN
	('council', 'executives', 'network', 'working_group', 'steering_group',
	 'reference_group', 'project_group', 'other'));
ALTER TABLE org ADD COLUMN reports_to_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL;
ALTER TABLE org ADD COLUMN reporting TEXT;

-- The points of a group's mandate, in order.
CREATE TABLE mandate_point (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (org_id, position)
);

-- The people of a group: not necessarily users.
CREATE TABLE group_person (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT '',       -- "leiar", "medlem", "sekretær", as written
	from_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (org_id, position)
);

-- The roles of the cooperation a council describes ("Roller og
-- samarbeidsform"): who (a group, or a post such as "Dagleg leiar") and
-- its duties, one per line.
CREATE TABLE council_role (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	holder_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	duties TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (org_id, position)
);

CREATE TABLE programme (
	id INTEGER PRIMARY KEY,
	council_id INTEGER REFERENCES org (id),  -- who keeps it here; NULL: admins only
	title TEXT NOT NULL,
	owner_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	administrator_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	purpose TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

CREATE TABLE programme_phase (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	number TEXT,
	name TEXT NOT NULL,
	period_text TEXT,
	purpose TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (programme_id, position)
);

-- A project; with programme_id, a participating region of that programme
-- (region, population with the day it was counted, area, frame, end year).
CREATE TABLE project (
	id INTEGER PRIMARY KEY,
	council_id INTEGER REFERENCES org (id),
	programme_id INTEGER REFERENCES programme (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	phase TEXT,                          -- "forprosjekt", "fase 2", as written
	state TEXT NOT NULL DEFAULT 'active' CHECK (state IN
		('planned', 'active', 'completed', 'stopped')),
	period_text TEXT,
	main_goal TEXT,
	summary TEXT,
	region TEXT,
	population INTEGER,
	population_on TEXT,
	area_km2 INTEGER,
	frame INTEGER,                       -- whole kroner
	ends INTEGER,                        -- the year it is to end
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE INDEX project_programme ON project (programme_id);
CREATE INDEX project_council ON project (council_id);

-- The project organisation and the parties of a programme project: a
-- person or group (name) and/or their organisation.
CREATE TABLE project_role (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	role TEXT NOT NULL CHECK (role IN
		('commissioner', 'owner', 'leader', 'steering_group', 'reference_group',
		 'working_group', 'operator', 'applicant', 'partner')),
	name TEXT,
	org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, position)
);
CREATE INDEX project_role_org ON project_role (org_id);

-- A project's goals, themes and results (a result may carry a date and
-- the heading it was written under).
CREATE TABLE project_point (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	list TEXT NOT NULL CHECK (list IN ('goal', 'theme', 'result')),
	heading TEXT,
	dated_on TEXT,
	text TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, position)
);

CREATE TABLE project_grant (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	funder_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	amount INTEGER,                      -- whole kroner
	decided_on TEXT,
	reference TEXT,
	text TEXT,                           -- as written: "kr. 2.680.000"
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, position)
);

-- The project that carries a measure out.
ALTER TABLE measure ADD COLUMN project_id INTEGER REFERENCES project (id) ON DELETE SET NULL;
CREATE INDEX measure_project ON measure (project_id);

CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	council_id INTEGER REFERENCES org (id),
	body_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	held_on TEXT NOT NULL,
	place TEXT,
	title TEXT NOT NULL,
	participants TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_council ON meeting (council_id, held_on);

CREATE TABLE agenda_item (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	number TEXT,
	title TEXT NOT NULL,
	text TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (meeting_id, position)
);

CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	decided_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (meeting_id, position)
);

CREATE TABLE followup (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	responsible_org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,
	responsible_text TEXT,
	due TEXT,
	done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (meeting_id, position)
);
CREATE INDEX followup_responsible ON followup (responsible_org_id, done, due);

CREATE TABLE indicator (
	id INTEGER PRIMARY KEY,
	council_id INTEGER REFERENCES org (id),
	name TEXT NOT NULL,
	unit TEXT,
	source TEXT,
	org_id INTEGER REFERENCES org (id) ON DELETE SET NULL,  -- the area it measures
	decimals INTEGER,
	target_value TEXT,                   -- a decimal number as text
	target_period TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

CREATE TABLE projection (
	id INTEGER PRIMARY KEY,
	indicator_id INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,                  -- "SSB framskriving 2014, hovudalternativ"
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (indicator_id, position)
);

-- A value of the indicator for a period: observed, or of a projection.
CREATE TABLE indicator_value (
	id INTEGER PRIMARY KEY,
	indicator_id INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
	projection_id INTEGER REFERENCES projection (id) ON DELETE CASCADE,
	period TEXT NOT NULL,                -- "2018", "2018K1", as the source has it
	value TEXT NOT NULL,                 -- a decimal number as text, exactly as given
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX indicator_value_once ON indicator_value
	(indicator_id, COALESCE(projection_id, 0), period);

-- What a decision concerns and what an indicator measures: links from a
-- record to any node (kind code and id, as in the history).
CREATE TABLE record_link (
	from_kind TEXT NOT NULL,
	from_id INTEGER NOT NULL,
	to_kind TEXT NOT NULL,
	to_id INTEGER NOT NULL,
	PRIMARY KEY (from_kind, from_id, to_kind, to_id)
);
CREATE INDEX record_link_to ON record_link (to_kind, to_id);
