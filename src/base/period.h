/*
 * period: when a measure happens, as people write it in plans
 * ("Jan-feb 2023", "2022-2024", "Februar 2023", "10.2.2023", "hausten 2015",
 * "28.9.21"). The text is always kept verbatim by the caller; this parser adds
 * the first and last month (or day) it covers, for sorting and filtering.
 *
 * Accepted (case-insensitive, nn/nb/en month names and abbreviations):
 *   YEAR                       2023            -> 2023-01 .. 2023-12
 *   YEAR-YEAR, YEAR-YY         2022-2024       -> 2022-01 .. 2024-12
 *   MONTH YEAR                 Februar 2023    -> 2023-02 .. 2023-02
 *   MONTH-MONTH YEAR           Jan-feb 2023    -> 2023-01 .. 2023-02
 *   SEASON YEAR                hausten 2015    -> 2015-08 .. 2015-12
 *     (våren 01-06, sommaren 06-08, hausten 08-12, vinteren 01-03)
 *   N. kvartal YEAR, QN YEAR   2. kvartal 2023 -> 2023-04 .. 2023-06
 *   N. halvår YEAR             1. halvår 2023  -> 2023-01 .. 2023-06
 *   D.M.YYYY, D.M.YY           10.2.2023       -> 2023-02-10 .. 2023-02-10
 *   any of these - any         nov 2022 - feb 2023 (also "–" and "til")
 * Two-digit years are 20YY.
 */
#ifndef SAMSPEL_BASE_PERIOD_H
#define SAMSPEL_BASE_PERIOD_H

struct err;

struct period {
	char start[11]; /* "YYYY-MM" or "YYYY-MM-DD" */
	char end[11];
};

/* Parses text into *out. On ERR *out is cleared and e says, in the user's
 * language, what was not understood. */
int period_parse(const char *text, struct period *out, struct err *e);

#endif
