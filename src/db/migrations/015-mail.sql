-- 015-mail: e-mail (issue 10). A user's address and the language mails to
-- them are written in. The outbox: a mail is written in the transaction
-- of what causes it (or of the reminder run that decides it), under a key
-- that says what it is ("reminder:before:ROUND:ORG:USER"), so the same
-- mail is never queued twice; the sender delivers it with retries and
-- back-off and marks it sent or failed. Nothing is lost on a restart:
-- what is queued stays queued.
ALTER TABLE app_user ADD COLUMN email TEXT;
ALTER TABLE app_user ADD COLUMN lang TEXT NOT NULL DEFAULT 'nn' CHECK (lang IN ('nn', 'nb', 'en'));

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	dedupe TEXT NOT NULL UNIQUE,
	to_addr TEXT NOT NULL,
	to_name TEXT,
	subject TEXT NOT NULL,
	message TEXT NOT NULL,               -- the whole RFC 5322 message, as sent
	created_at TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try_at TEXT NOT NULL,
	last_error TEXT,
	sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_try_at);
