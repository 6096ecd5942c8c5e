-- 019-plan-source-hash: the SHA-256 of the document a plan was imported
-- from (issue 11), so that importing the same document again is refused
-- with the name of the plan it became (unless it replaces that plan).
-- Not unique: plans imported twice before this stay as they are.
ALTER TABLE plan ADD COLUMN source_sha256 TEXT;
CREATE INDEX plan_source_sha256 ON plan (source_sha256);
