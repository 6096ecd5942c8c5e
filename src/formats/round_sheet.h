/*
 * round_sheet: the spreadsheet round trip of a reporting round. One
 * organisation downloads its measures of the round as an XLSX, fills in
 * the empty columns in Excel or LibreOffice (or saves it as CSV), and
 * uploads it; round_sheet_check reads it back row by row into what would
 * happen (a new report, unchanged, an error naming the cell, or changed
 * since the download) without writing anything.
 *
 * The columns, A to L: measure id, plan, area, measure, period, last
 * state, stamp (hidden: the measure's version and newest report when the
 * sheet was made), then to fill in: date (empty: today), state (a list of
 * the states in the sheet's language), progress (%), text, spent (kr).
 * Row 1 is the header; the measures start on row 2.
 */
#ifndef SAMSPEL_FORMATS_ROUND_SHEET_H
#define SAMSPEL_FORMATS_ROUND_SHEET_H

#include "model/report.h"
#include "model/round.h"

#include <stddef.h>

struct arena;
struct buf;
struct err;
struct sheet;

enum {
	SHEET_COL_ID, SHEET_COL_PLAN, SHEET_COL_AREA, SHEET_COL_MEASURE, SHEET_COL_PERIOD,
	SHEET_COL_LAST, SHEET_COL_STAMP, SHEET_COL_DATE, SHEET_COL_STATE, SHEET_COL_PROGRESS,
	SHEET_COL_TEXT, SHEET_COL_SPENT, SHEET_NCOLS
};

/* Appends the XLSX for org (its name) in round r with rows to out. */
int round_sheet_write(const struct round *r, const char *org, const round_sheet_row_list *rows,
		      struct buf *out, struct err *e);

enum sheet_verdict { SHEET_NEW, SHEET_UNCHANGED, SHEET_ERROR, SHEET_CHANGED };

/* One row of an uploaded sheet. */
struct sheet_result {
	size_t row;                 /* from 0 (row 2 of the sheet is 1) */
	enum sheet_verdict verdict;
	const char *message;        /* SHEET_ERROR and SHEET_CHANGED: why, the cell first */
	const struct round_sheet_row *measure; /* NULL when the id is not the round's */
	struct report report;       /* SHEET_NEW: the report to add */
};
typedef struct {
	struct sheet_result *items;
	size_t count, cap;
} sheet_result_list;

/* Reads sheet s against rows (the organisation's measures in the round as
 * they are now; their stamps decide SHEET_CHANGED) into out, in arena a. */
void round_sheet_check(const struct sheet *s, const round_sheet_row_list *rows, struct arena *a,
		       sheet_result_list *out);

#endif
