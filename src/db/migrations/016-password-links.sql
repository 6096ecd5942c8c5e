-- 016-password-links: single-use links to choose a password (issue 10): an
-- invitation for a new user, or a forgotten password. Only the hash of
-- the link's token is kept; a link expires, and its first use spends it.
CREATE TABLE password_link (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT
);
CREATE INDEX password_link_user ON password_link (user_id);
