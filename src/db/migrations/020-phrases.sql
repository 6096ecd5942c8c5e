-- 020-phrases: what the words around a budget amount and a period say
-- (issue 11, part 4). A budget line's qualifier is "upper" (inntil),
-- "estimate" (ca.), "lower" (minst), "frame" (Innanfor ramma), "own"
-- (Eigeninnsats) or "unknown" (Ikkje avklart); NULL is an exact amount, as
-- every line stored before. per_year marks "75 000 kr/år". A measure's
-- period_kind is "deadline" (end only), "ongoing" (no dates) or "from"
-- (start only); NULL is a range, as before.
ALTER TABLE budget_line ADD COLUMN qualifier TEXT
	CHECK (qualifier IN ('upper', 'estimate', 'lower', 'frame', 'own', 'unknown'));
ALTER TABLE budget_line ADD COLUMN per_year INTEGER NOT NULL DEFAULT 0
	CHECK (per_year IN (0, 1));
ALTER TABLE measure ADD COLUMN period_kind TEXT
	CHECK (period_kind IN ('deadline', 'ongoing', 'from'));
