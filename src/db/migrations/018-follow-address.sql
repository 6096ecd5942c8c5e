-- 018-follow-address: anyone may follow a published plan by e-mail
-- (issue 10), once they have confirmed the address through a link sent to
-- it. The daily digest then tells what changed in the plan; its one-click
-- link ends the following. Only hashes of the links' tokens are kept.
CREATE TABLE follow_address (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'nn' CHECK (lang IN ('nn', 'nb', 'en')),
	plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
	confirm_hash TEXT NOT NULL,
	confirmed_at TEXT,
	unsubscribe_hash TEXT,
	last_audit_id INTEGER NOT NULL DEFAULT 0,
	last_sent_on TEXT,
	created_at TEXT NOT NULL,
	UNIQUE (email, plan_id)
);
CREATE INDEX follow_address_confirm ON follow_address (confirm_hash);
CREATE INDEX follow_address_unsubscribe ON follow_address (unsubscribe_hash);
