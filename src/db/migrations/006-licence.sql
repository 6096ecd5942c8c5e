-- 006-licence: the licence a plan is published under as open data (the
-- JSON export's "licence", the catalogue's dct:license, the plan page).
-- NLOD-2.0: Norsk lisens for offentlege data 2.0
--   (https://data.norge.no/nlod/no/2.0), the default for public bodies;
-- CC-BY-4.0: Creative Commons Attribution 4.0
--   (https://creativecommons.org/licenses/by/4.0/), which the council may
--   choose instead. The codes mirror model/node.c's plan_licences.
ALTER TABLE plan ADD COLUMN licence TEXT NOT NULL DEFAULT 'NLOD-2.0'
	CHECK (licence IN ('NLOD-2.0', 'CC-BY-4.0'));
