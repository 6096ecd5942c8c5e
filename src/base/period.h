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
 *   N. tertial YEAR            1. tertial 2025 -> 2025-01 .. 2025-04
 *   veke/uke N YEAR            veke 12 2024    -> 2024-03-18 .. 2024-03-24
 *                                                 (ISO 8601 weeks)
 *   any of these - any         nov 2022 - feb 2023 (also "–" and "til")
 * Two-digit years are 20YY.
 *
 * Open and bounded periods have a kind besides PERIOD_RANGE:
 *   løpande, kontinuerleg, heile perioden   ongoing: no start, no end
 *   innan/innen/fram til/innan utgangen av P  deadline: end of P, no start
 *   frå/fra (og med) P, P og vidare/videre    from: start of P, no end
 */
#ifndef SAMSPEL_BASE_PERIOD_H
#define SAMSPEL_BASE_PERIOD_H

struct err;

/* Which ends a period has. Zero (a range) is the default of a cleared
 * struct, and of every period stored before kinds existed. */
enum period_kind {
	PERIOD_RANGE = 0, /* start and end */
	PERIOD_DEADLINE,  /* end only: "innan 1.6.2024" */
	PERIOD_ONGOING,   /* neither: "løpande" */
	PERIOD_FROM,      /* start only: "frå hausten 2024" */
};

struct period {
	char start[11]; /* "YYYY-MM" or "YYYY-MM-DD"; "" when open */
	char end[11];   /* likewise */
	enum period_kind kind;
};

/* Parses text into *out. On ERR *out is cleared and e says, in the user's
 * language, what was not understood. */
int period_parse(const char *text, struct period *out, struct err *e);

/* "range", "deadline", "ongoing", "from" (static strings). */
const char *period_kind_code(enum period_kind kind);
/* The codes stored for a period's kind, NULL-ended (a range is stored as
 * NULL): model/node.c's field lists them. */
extern const char *const period_kind_stored_codes[];
/* Reads a code back; NULL, "" and "range" are PERIOD_RANGE. ERR for
 * anything else. */
int period_kind_parse(const char *code, enum period_kind *kind);

#endif
