-- 017-follow: following (issue 10). A signed-in user follows a plan, a
-- measure or a project, and gets one digest a day of what changed in it
-- (the history rows since the last digest). The digest mail carries a
-- one-click unsubscribe link whose token only the user's mail has (its
-- hash is kept here).
CREATE TABLE follow (
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('plan', 'measure', 'project')),
	target_id INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_id, kind, target_id)
);

CREATE TABLE follow_digest (
	user_id INTEGER PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
	last_audit_id INTEGER NOT NULL,      -- the newest history row a digest has told
	last_sent_on TEXT,                   -- the day of the last digest
	unsubscribe_hash TEXT                -- of the token in the digests' unsubscribe link
);
