/*
 * csv: every measure of a plan as one table (RFC 4180: UTF-8 with a byte
 * order mark, CRLF after every record, a field quoted when it holds the
 * separator, a quote, CR or LF). The separator is ';' by default, as
 * Norwegian Excel expects, or ',' (`?sep=,`).
 *
 * The table itself (measure_table) is shared with the spreadsheet's "All
 * measures" sheet, so the CSV and that sheet have the same columns: the
 * measure's id first (so a sheet can come back later), its area (a number
 * the spreadsheet's summary formulas key on), focus, strategy, text,
 * period, responsible and taking part, the budget per year of the plan and
 * in all, the budget as written, the state in words, the progress and the
 * date of the last report. Every figure is a model sum (model/plan.h).
 */
#ifndef SAMSPEL_FORMATS_CSV_H
#define SAMSPEL_FORMATS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct err;
struct export_options;
struct plan;

enum table_kind {
	TABLE_TEXT,     /* text (may be "") */
	TABLE_INT,      /* a whole number: the measure id, the area number */
	TABLE_MONEY,    /* whole kroner */
	TABLE_PERCENT,  /* 0-100 */
	TABLE_DATE,     /* "YYYY-MM-DD" */
};

/* What a column holds. */
enum table_col_id {
	COL_ID, COL_AREA_NO, COL_AREA, COL_FOCUS, COL_STRATEGY, COL_MEASURE,
	COL_PERIOD, COL_FROM, COL_TO, COL_RESPONSIBLE, COL_PARTICIPANTS,
	COL_BUDGET_YEAR, /* one per year of the plan's budget lines */
	COL_BUDGET_TOTAL, COL_BUDGET_TEXT, COL_RESP_TEXT, COL_STATE, COL_PROGRESS,
	COL_LAST_REPORT,
};

struct table_col {
	enum table_col_id id;
	enum table_kind kind;
	const char *title; /* translated */
	int year;          /* COL_BUDGET_YEAR: the year, 0: lines without one */
};

/* One cell: text for TABLE_TEXT and TABLE_DATE; num for the others. A
 * cell is empty when !has_value ("" text, no number). */
struct table_cell {
	const char *text;
	int64_t num;
	bool has_value;
};

struct measure_table {
	struct table_col *cols;
	size_t ncols;
	size_t nrows;
	struct table_cell *cells; /* nrows × ncols, row by row */
	/* Per area of the plan (in order): the number the area column holds
	 * (its own number when every area has a distinct whole one, else its
	 * position), for the spreadsheet's summary. */
	int64_t *area_keys;
	size_t nareas;
};

/* Builds the table of p's measures, in the plan's order, into a. */
void measure_table_build(const struct plan *p, struct arena *a, struct measure_table *t);

static inline const struct table_cell *measure_table_cell(const struct measure_table *t,
							  size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/* Appends the CSV of p's measures to out, separated by o->csv_separator. */
int csv_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		    struct err *e);

#endif
