-- 021-report-version: how many of a plan's data versions were raised by
-- status reports alone (issue 12). Every change in a plan raises
-- data_version; a report's also raises report_version. So
-- data_version - report_version changes with everything but reports: the
-- version of a plan page's text, whose measures' states are filled in
-- after (web/page_plan.c), so a report no longer makes the whole page again.
ALTER TABLE plan ADD COLUMN report_version INTEGER NOT NULL DEFAULT 0;
