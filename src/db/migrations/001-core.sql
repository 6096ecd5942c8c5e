-- 001-core: organisations, plans and the tree of a plan (areas, goals,
-- focuses, strategies, measures), who is responsible for each measure,
-- budget lines, the plan's free sections, and the audit trail.
-- Portable SQL: INTEGER PRIMARY KEY becomes an identity column on PostgreSQL;
-- timestamps are ISO 8601 text in UTC.

CREATE TABLE org (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,             -- folded name (utf8_fold) for lookups
	kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN
		('council', 'municipality', 'county', 'state', 'group',
		 'company', 'education', 'other')),
	orgnr TEXT CHECK (orgnr IS NULL OR length(orgnr) = 9),
	municipality_no TEXT CHECK (municipality_no IS NULL OR length(municipality_no) = 4),
	owner_org_id INTEGER REFERENCES org (id),  -- council that keeps it; NULL: shared
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX org_name_in_owner ON org (COALESCE(owner_org_id, 0), name_key);

-- Other names of an organisation ("SR", "rådet"), valid in the plans of the
-- scope council (NULL: everywhere). A collective alias ("kommunane") means
-- the members of the organisation rather than the organisation itself.
CREATE TABLE org_alias (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	alias TEXT NOT NULL,
	alias_key TEXT NOT NULL,
	scope_org_id INTEGER REFERENCES org (id) ON DELETE CASCADE,
	collective INTEGER NOT NULL DEFAULT 0 CHECK (collective IN (0, 1))
);
CREATE UNIQUE INDEX org_alias_in_scope ON org_alias (COALESCE(scope_org_id, 0), alias_key);
CREATE INDEX org_alias_org ON org_alias (org_id);

-- Membership: a council's municipalities, a network's members.
CREATE TABLE org_member (
	group_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	member_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
	role TEXT NOT NULL DEFAULT 'member',
	period_start TEXT,
	period_end TEXT,
	PRIMARY KEY (group_id, member_id, role)
);
CREATE INDEX org_member_member ON org_member (member_id);

CREATE TABLE plan (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('regional', 'action')),
	title TEXT NOT NULL,
	year INTEGER,
	parent_id INTEGER REFERENCES plan (id) ON DELETE SET NULL,
	owner_org_id INTEGER REFERENCES org (id),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
		('draft', 'consultation', 'adopted', 'archived')),
	adopted_by_org_id INTEGER REFERENCES org (id),
	adopted_on TEXT,
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	values_text TEXT,
	vision TEXT,
	main_goal TEXT,
	source_name TEXT,                    -- the file it was imported from
	version INTEGER NOT NULL DEFAULT 1,  -- raised by every change
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX plan_owner ON plan (owner_org_id);

CREATE TABLE area (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	number TEXT,                         -- as numbered in the plan: "1"
	title TEXT NOT NULL,
	table_header TEXT,                   -- the measure table's column names, tab-separated, verbatim
	UNIQUE (plan_id, position)
);

CREATE TABLE goal (
	id INTEGER PRIMARY KEY,
	area_id INTEGER NOT NULL REFERENCES area (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	UNIQUE (area_id, position)
);

CREATE TABLE focus (
	id INTEGER PRIMARY KEY,
	area_id INTEGER NOT NULL REFERENCES area (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (area_id, position)
);

CREATE TABLE strategy (
	id INTEGER PRIMARY KEY,
	focus_id INTEGER NOT NULL REFERENCES focus (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	UNIQUE (focus_id, position)
);

CREATE TABLE measure (
	id INTEGER PRIMARY KEY,
	strategy_id INTEGER NOT NULL REFERENCES strategy (id) ON DELETE CASCADE,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	period_text TEXT NOT NULL DEFAULT '',  -- verbatim
	period_start TEXT,                     -- "YYYY-MM" or "YYYY-MM-DD"
	period_end TEXT,
	responsibility_text TEXT NOT NULL DEFAULT '',  -- verbatim
	UNIQUE (strategy_id, position)
);
CREATE INDEX measure_plan ON measure (plan_id);

-- Who is responsible for a measure, or takes part in it. as_written keeps
-- the words of the plan ("Kommunane (HR-nettverket)"); collective = 1 means
-- the members of org rather than org itself.
CREATE TABLE measure_org (
	measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES org (id),
	role TEXT NOT NULL CHECK (role IN ('responsible', 'participant')),
	collective INTEGER NOT NULL DEFAULT 0 CHECK (collective IN (0, 1)),
	position INTEGER NOT NULL,
	as_written TEXT NOT NULL,
	note TEXT,
	PRIMARY KEY (measure_id, role, org_id, collective)
);
CREATE INDEX measure_org_org ON measure_org (org_id);

CREATE TABLE budget_line (
	id INTEGER PRIMARY KEY,
	measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	year INTEGER,
	amount INTEGER,                      -- whole kroner; NULL: none ("-")
	text TEXT NOT NULL,                  -- verbatim
	UNIQUE (measure_id, position)
);

-- Free sections of a plan after its areas: working forms, roles.
CREATE TABLE plan_section (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (plan_id, position)
);

CREATE TABLE section_entry (
	id INTEGER PRIMARY KEY,
	section_id INTEGER NOT NULL REFERENCES plan_section (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL DEFAULT '',       -- lines; list items start with "• "
	UNIQUE (section_id, position)
);

-- Every change: who, when, what, and a summary of old and new.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,                 -- a login, or "cli:USER" for the command line
	action TEXT NOT NULL,                -- "plan.import", "plan.publish", ...
	entity TEXT NOT NULL,
	entity_id INTEGER,
	old_value TEXT,
	new_value TEXT
);
CREATE INDEX audit_entity ON audit (entity, entity_id);
