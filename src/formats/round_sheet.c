/* round_sheet.c: a round's sheet out and back in (see round_sheet.h). */
#include "formats/round_sheet.h"
#include "formats/sheet_read.h"
#include "formats/xlsx_file.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/period.h"
#include "base/utf8.h"
#include "base/clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- out --- */

static const char *header(int col)
{
	switch (col) {
	case SHEET_COL_ID: return _("Measure id");
	case SHEET_COL_PLAN: return _("Plan");
	case SHEET_COL_AREA: return _("Area");
	case SHEET_COL_MEASURE: return _("Measure");
	case SHEET_COL_PERIOD: return _("When (as written)");
	case SHEET_COL_LAST: return _("Last state");
	case SHEET_COL_STAMP: return _("Stamp (leave as it is)");
	case SHEET_COL_DATE: return _("Date (empty: today)");
	case SHEET_COL_STATE: return _("State");
	case SHEET_COL_PROGRESS: return _("Progress (%)");
	case SHEET_COL_TEXT: return _("What was done");
	case SHEET_COL_SPENT: return _("Spent so far (kr)");
	}
	return "";
}

static const double widths[SHEET_NCOLS] = {10, 24, 22, 60, 14, 16, 8, 14, 16, 12, 50, 16};


int round_sheet_write(const struct round *r, const char *org, const round_sheet_row_list *rows,
		      struct buf *out, struct err *e)
{
	struct xlsx_file f;
	if (xlsx_file_open(&f, e) != OK)
		return ERR;
	lxw_error err = LXW_NO_ERROR; /* the first of the calls below */
	lxw_doc_properties props = {.title = (char *)r->name, .company = (char *)(org ? org : "")};
	xlsx_keep_error(&err, workbook_set_properties(f.wb, &props));
	lxw_worksheet *ws = workbook_add_worksheet(f.wb, _("Report"));
	lxw_format *head = workbook_add_format(f.wb), *wrap = workbook_add_format(f.wb),
		   *fill = workbook_add_format(f.wb), *date = workbook_add_format(f.wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_bg_color(head, 0xE8EEF4);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(fill, 0xFFF8DC); /* the columns to fill in */
	format_set_align(fill, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(fill);
	format_set_bg_color(date, 0xFFF8DC);
	format_set_num_format(date, "yyyy-mm-dd");
	if (!ws || !head)
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (int c = 0; ws && c < SHEET_NCOLS; c++) {
		lxw_row_col_options hidden = {.hidden = 1};
		xlsx_keep_error(&err, worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c],
						   c >= SHEET_COL_DATE ? fill : NULL,
						   c == SHEET_COL_STAMP ? &hidden : NULL));
		xlsx_keep_error(&err, worksheet_write_string(ws, 0, (lxw_col_t)c, header(c), head));
	}
	for (size_t i = 0; ws && i < rows->count; i++) {
		const struct round_sheet_row *m = &rows->items[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		xlsx_keep_error(&err, worksheet_write_number(ws, row, SHEET_COL_ID, (double)m->measure_id, NULL));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_PLAN, m->plan_title ? m->plan_title : "", wrap));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_AREA, m->area ? m->area : "", wrap));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_MEASURE, m->text ? m->text : "", wrap));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_PERIOD, m->period ? m->period : "", wrap));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_LAST, report_state_label(m->state), wrap));
		xlsx_keep_error(&err, worksheet_write_string(ws, row, SHEET_COL_STAMP, m->stamp ? m->stamp : "", NULL));
	}
	if (ws && rows->count) {
		char *states[STATE_COUNT + 1] = {0};
		for (int s = 0; s < STATE_COUNT; s++)
			states[s] = (char *)report_state_label(report_state_code((enum report_state)s));
		lxw_data_validation list = {.validate = LXW_VALIDATION_TYPE_LIST,
					    .value_list = states,
					    .error_title = (char *)_("State"),
					    .error_message = (char *)_("Choose one of the states in the list.")};
		lxw_data_validation pct = {.validate = LXW_VALIDATION_TYPE_INTEGER,
					   .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
					   .minimum_number = 0, .maximum_number = 100,
					   .error_message = (char *)_("Progress is a percentage from 0 to 100.")};
		lxw_row_t last = (lxw_row_t)rows->count;
		xlsx_keep_error(&err, worksheet_data_validation_range(ws, 1, SHEET_COL_STATE, last, SHEET_COL_STATE, &list));
		xlsx_keep_error(&err, worksheet_data_validation_range(ws, 1, SHEET_COL_PROGRESS, last,
							  SHEET_COL_PROGRESS, &pct));
		for (lxw_row_t r2 = 1; r2 <= last; r2++)
			xlsx_keep_error(&err, worksheet_write_blank(ws, r2, SHEET_COL_DATE, date));
	}
	if (ws) {
		xlsx_keep_error(&err, worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows->count, SHEET_NCOLS - 1));
		worksheet_freeze_panes(ws, 1, 1);
	}
	return xlsx_file_close(&f, err, out, e);
}

/* --- back in --- */

/* A cell's text with the spaces around it gone (in a). */
static const char *trimmed(struct arena *a, const struct sheet_cell *c)
{
	const char *s = c->text ? c->text : "";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

struct reading {
	struct arena *a;
	size_t row;
	struct sheet_result *res;
};

/* Marks the row an error at col: "I7: ..." (the first error stays). */
static void fault(struct reading *rd, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fault(struct reading *rd, int col, const char *fmt, ...)
{
	if (rd->res->verdict == SHEET_ERROR)
		return;
	char cell[16], msg[600];
	sheet_cell_name(rd->row, (size_t)col, cell);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rd->res->verdict = SHEET_ERROR;
	rd->res->message = arena_printf(rd->a, "%s: %s", cell, msg);
}

/* The usable value of a cell: its text, or NULL (with the row marked) when
 * it shows an error or is a formula without a stored result. */
static const char *value(struct reading *rd, const struct sheet *s, int col)
{
	const struct sheet_cell *c = sheet_at(s, rd->row, (size_t)col);
	if (c->kind == CELL_ERROR) {
		fault(rd, col, _("the cell shows an error (%s)"), c->text);
		return NULL;
	}
	if (c->formula && c->kind == CELL_EMPTY) {
		fault(rd, col, _("a formula without a value; write the value itself"));
		return NULL;
	}
	return trimmed(rd->a, c);
}

static bool whole_number(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static void read_state(struct reading *rd, const struct sheet *s, const struct round_sheet_row *m)
{
	const char *v = value(rd, s, SHEET_COL_STATE);
	struct report *r = &rd->res->report;
	if (!v)
		return;
	if (!*v) { /* not given: the state stays */
		if (m->state && report_state_parse(m->state, &r->state) == OK)
			return;
		fault(rd, SHEET_COL_STATE, _("choose a state"));
		return;
	}
	for (int i = 0; i < STATE_COUNT; i++) {
		const char *code = report_state_code((enum report_state)i);
		if (utf8_eq_fold(v, code) || utf8_eq_fold(v, report_state_label(code))) {
			r->state = (enum report_state)i;
			return;
		}
	}
	fault(rd, SHEET_COL_STATE, _("unknown state «%s»"), v);
}

static void read_progress(struct reading *rd, const struct sheet *s)
{
	const struct sheet_cell *c = sheet_at(s, rd->row, SHEET_COL_PROGRESS);
	const char *v = value(rd, s, SHEET_COL_PROGRESS);
	struct report *r = &rd->res->report;
	r->progress = -1;
	if (!v || !*v)
		return;
	char *t = arena_strdup(rd->a, v);
	size_t n = strlen(t);
	bool pct_sign = n && t[n - 1] == '%';
	if (pct_sign)
		t[--n] = '\0';
	while (n && t[n - 1] == ' ')
		t[--n] = '\0';
	for (char *p = t; *p; p++)
		if (*p == ',')
			*p = '.';
	double d;
	if (!whole_number(t, &d)) {
		fault(rd, SHEET_COL_PROGRESS, _("«%s» is not a percentage"), v);
		return;
	}
	/* A cell formatted as a percentage stores 20 % as 0.2. */
	if (c->kind == CELL_NUMBER && !pct_sign && d > 0 && d < 1)
		d *= 100;
	if (d < 0 || d > 100 || fabs(d - round(d)) > 1e-6) {
		fault(rd, SHEET_COL_PROGRESS, _("«%s» is not a whole percentage from 0 to 100"), v);
		return;
	}
	r->progress = (int)round(d);
}

static void read_spent(struct reading *rd, const struct sheet *s)
{
	const struct sheet_cell *c = sheet_at(s, rd->row, SHEET_COL_SPENT);
	const char *v = value(rd, s, SHEET_COL_SPENT);
	struct report *r = &rd->res->report;
	if (!v || !*v)
		return;
	double d;
	if (c->kind == CELL_NUMBER && whole_number(v, &d)) {
		if (d < 0 || d > (double)MONEY_MAX || fabs(d - round(d)) > 1e-6) {
			fault(rd, SHEET_COL_SPENT, _("«%s» is not an amount in whole kroner"), v);
			return;
		}
		r->spent = (int64_t)round(d);
		r->has_spent = true;
		return;
	}
	bool none;
	struct err me = ERR_INIT;
	if (money_parse(v, &r->spent, &none, &me) != OK) {
		fault(rd, SHEET_COL_SPENT, _("«%s» is not an amount"), v);
		return;
	}
	r->has_spent = !none;
}

/* Days since 1899-12-30 (the spreadsheets' day 0) as YYYY-MM-DD. */
static bool serial_date(double d, char out[11])
{
	if (d < 1 || d > 2958465 || fabs(d - floor(d)) > 1e-9)
		return false;
	time_t t = (time_t)((floor(d) - 25569) * 86400); /* 25569: 1970-01-01 */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return true;
}

static void read_date(struct reading *rd, const struct sheet *s)
{
	const struct sheet_cell *c = sheet_at(s, rd->row, SHEET_COL_DATE);
	const char *v = value(rd, s, SHEET_COL_DATE);
	struct report *r = &rd->res->report;
	char *on = arena_alloc(rd->a, 11);
	clock_today(on);
	r->reported_on = on;
	if (!v || !*v)
		return;
	double d;
	if (c->kind == CELL_NUMBER && whole_number(v, &d)) {
		if (!serial_date(d, on))
			fault(rd, SHEET_COL_DATE, _("«%s» is not a date"), v);
		return;
	}
	/* "2026-05-02" (a date-time's date too) or "2.5.2026". */
	char dmy[32];
	if (strlen(v) >= 10 && v[4] == '-' && v[7] == '-')
		snprintf(dmy, sizeof dmy, "%.2s.%.2s.%.4s", v + 8, v + 5, v);
	else
		snprintf(dmy, sizeof dmy, "%s", v);
	struct period p;
	struct err pe = ERR_INIT;
	if (period_parse(dmy, &p, &pe) != OK || strlen(p.start) != 10 || strcmp(p.start, p.end) != 0) {
		fault(rd, SHEET_COL_DATE, _("«%s» is not a date"), v);
		return;
	}
	memcpy(on, p.start, 11);
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Nothing new against the measure's newest report. */
static bool unchanged(const struct report *r, const struct round_sheet_row *m)
{
	return m->state && strcmp(report_state_code(r->state), m->state) == 0 &&
	       r->progress == m->progress && same_text(r->text, m->report_text) &&
	       r->has_spent == m->has_spent && (!r->has_spent || r->spent == m->spent);
}

static const struct round_sheet_row *find(const round_sheet_row_list *rows, int64_t id)
{
	for (size_t i = 0; i < rows->count; i++)
		if (rows->items[i].measure_id == id)
			return &rows->items[i];
	return NULL;
}

static void check_row(struct reading *rd, const struct sheet *s, const round_sheet_row_list *rows)
{
	struct sheet_result *res = rd->res;
	const char *id = value(rd, s, SHEET_COL_ID);
	double d;
	if (!id)
		return;
	if (!*id) {
		fault(rd, SHEET_COL_ID, _("the row has no measure id"));
		return;
	}
	if (!whole_number(id, &d) || d < 1 || d > 9e15 || fabs(d - round(d)) > 1e-9 ||
	    !(res->measure = find(rows, (int64_t)d))) {
		fault(rd, SHEET_COL_ID, _("«%s» is not a measure of this round for the organisation"), id);
		return;
	}
	const struct round_sheet_row *m = res->measure;
	bool filled = false;
	for (int c = SHEET_COL_DATE; c < SHEET_NCOLS; c++)
		filled |= sheet_at(s, rd->row, (size_t)c)->kind != CELL_EMPTY ||
			  sheet_at(s, rd->row, (size_t)c)->formula;
	if (!filled) {
		res->verdict = SHEET_UNCHANGED;
		return;
	}
	read_date(rd, s);
	read_state(rd, s, m);
	read_progress(rd, s);
	const char *text = value(rd, s, SHEET_COL_TEXT);
	res->report.text = text ? text : "";
	read_spent(rd, s);
	if (res->verdict == SHEET_ERROR)
		return;
	struct err ve = ERR_INIT;
	if (report_validate(&res->report, &ve) != OK) {
		int col = strcmp(ve.field, "reported_on") == 0 ? SHEET_COL_DATE
			  : strcmp(ve.field, "text") == 0      ? SHEET_COL_TEXT
			  : strcmp(ve.field, "spent") == 0     ? SHEET_COL_SPENT
			  : strcmp(ve.field, "progress") == 0  ? SHEET_COL_PROGRESS
							       : SHEET_COL_STATE;
		fault(rd, col, "%s", ve.msg);
		return;
	}
	const char *stamp = trimmed(rd->a, sheet_at(s, rd->row, SHEET_COL_STAMP));
	if (!m->stamp || strcmp(stamp, m->stamp) != 0) {
		char cell[16];
		sheet_cell_name(rd->row, SHEET_COL_ID, cell);
		res->verdict = SHEET_CHANGED;
		res->message = arena_printf(rd->a, _("%s: the measure has changed since the sheet was"
						     " downloaded; look at it and download a new sheet"),
					    cell);
		return;
	}
	res->verdict = unchanged(&res->report, m) ? SHEET_UNCHANGED : SHEET_NEW;
}

void round_sheet_check(const struct sheet *s, const round_sheet_row_list *rows, struct arena *a,
		       sheet_result_list *out)
{
	memset(out, 0, sizeof *out);
	for (size_t row = 1; row < s->count; row++) {
		bool any = false;
		for (size_t c = 0; c < SHEET_NCOLS; c++)
			any |= sheet_at(s, row, c)->kind != CELL_EMPTY;
		if (!any)
			continue;
		struct sheet_result *res = ARENA_PUSH(a, *out);
		res->row = row;
		res->verdict = SHEET_NEW;
		struct reading rd = {a, row, res};
		check_row(&rd, s, rows);
		/* A measure twice: the second is an error. */
		for (size_t i = 0; res->measure && i + 1 < out->count; i++)
			if (out->items[i].measure == res->measure) {
				res->verdict = SHEET_NEW;
				fault(&rd, SHEET_COL_ID, _("measure %lld is on row %zu already"),
				      (long long)res->measure->measure_id, out->items[i].row + 1);
				break;
			}
	}
}
