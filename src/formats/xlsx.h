/*
 * xlsx: the plan as a spreadsheet (Office Open XML, written with Debian's
 * libxlsxwriter), for `samspel export SLUG --format xlsx` and
 * GET /plan/SLUG.xlsx. Sheets, in order:
 *
 *   Budget        budget per area and year: SUMIF/COUNTIF formulas over
 *                 the "All measures" sheet, a SUM row in all; each formula
 *                 carries the model's value (model/plan.h) as its result
 *   All measures  one row per measure, the columns of the CSV (csv.h):
 *                 the measure id first, autofilter, frozen header row,
 *                 kroner number format
 *   one per area  laid out like the plan page's table: focus, strategy,
 *                 measure, period, responsible, taking part, budget, state,
 *                 progress, last report, and the area's budget as a SUM
 *
 * libxlsxwriter writes to a file: a private temporary folder under $TMPDIR
 * (or /tmp) holds it until its bytes are in out, then both are removed.
 */
#ifndef SAMSPEL_FORMATS_XLSX_H
#define SAMSPEL_FORMATS_XLSX_H

struct buf;
struct err;
struct export_options;
struct plan;

/* Appends the XLSX file of p to out. */
int xlsx_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		     struct err *e);

#endif
