-- 002-access: users and their roles, sessions, API tokens, the record of
-- failed logins (for lock-out), and status reports on measures.

CREATE TABLE app_user (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE,          -- lower case
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,         -- argon2id, libsodium's string form
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- A role in an organisation: admin (no organisation), editor of a council,
-- reporter for an organisation, reader.
CREATE TABLE user_role (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reporter', 'reader')),
	org_id INTEGER REFERENCES org (id) ON DELETE CASCADE,
	CHECK ((role = 'admin') = (org_id IS NULL))
);
CREATE UNIQUE INDEX user_role_once ON user_role (user_id, role, COALESCE(org_id, 0));

-- Signed-in browsers. Only a hash of the session token is stored, so a
-- copy of the database does not let anyone sign in.
CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,            -- absolute expiry
	ip TEXT
);
CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,                -- the first characters, to tell tokens apart
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);

CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL,
	ip TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_failure_login ON login_failure (login, at);
CREATE INDEX login_failure_ip ON login_failure (ip, at);

-- A dated status report on a measure.
CREATE TABLE report (
	id INTEGER PRIMARY KEY,
	measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
	author_id INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
	reported_on TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN
		('not_started', 'on_track', 'at_risk', 'delayed', 'done', 'cancelled')),
	progress INTEGER CHECK (progress BETWEEN 0 AND 100),
	text TEXT NOT NULL DEFAULT '',
	spent INTEGER,                       -- whole kroner
	created_at TEXT NOT NULL
);
CREATE INDEX report_measure ON report (measure_id, reported_on);
