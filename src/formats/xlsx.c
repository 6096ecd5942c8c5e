/*
 * xlsx.c: the plan as a spreadsheet (see xlsx.h).
 */
#include "formats/xlsx.h"
#include "formats/xlsx_file.h"
#include "formats/csv.h"
#include "formats/export.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CELL_MAX 32767 /* characters in one cell (Excel's limit) */
#define MONEY_FORMAT "#,##0\" kr \"" /* grouped as the reader's locale groups */

struct xl {
	lxw_workbook *wb;
	struct arena *a;
	lxw_error err; /* the first thing that went wrong */
	const char *all_name; /* the all-measures sheet, for the formulas */
	const char **used;    /* sheet names so far */
	size_t nused;
	lxw_format *title, *heading, *header, *header_num, *text, *text_right, *focus, *plain, *integer,
		*money, *percent, *date, *total_label, *total_money, *total_int;
};

static void check(struct xl *xl, lxw_error rc)
{
	xlsx_keep_error(&xl->err, rc);
}

/* s cut to what a cell holds. */
static const char *cell_text(struct xl *xl, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	if (n <= CELL_MAX || utf8_count(s, n) <= CELL_MAX)
		return s;
	size_t i = 0, chars = 0;
	while (i < n && chars < CELL_MAX - 1) {
		size_t k = utf8_seq_len(s + i, n - i);
		i += k ? k : 1;
		chars++;
	}
	return arena_printf(xl->a, "%.*s\xE2\x80\xA6", (int)i, s);
}

static void put_text(struct xl *xl, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		     lxw_format *f)
{
	check(xl, worksheet_write_string(ws, r, c, cell_text(xl, s), f));
}

static void put_num(struct xl *xl, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t v,
		    lxw_format *f)
{
	check(xl, worksheet_write_number(ws, r, c, (double)v, f));
}

static void put_formula(struct xl *xl, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			const char *formula, int64_t value, lxw_format *f)
{
	check(xl, worksheet_write_formula_num(ws, r, c, formula, f, (double)value));
}

/* A date cell from "YYYY-MM-DD" (text when it is not one). */
static void put_date(struct xl *xl, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso)
{
	int y, m, d;
	if (iso && strlen(iso) >= 10 && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		lxw_datetime dt = {y, m, d, 0, 0, 0};
		check(xl, worksheet_write_datetime(ws, r, c, &dt, xl->date));
	} else {
		put_text(xl, ws, r, c, iso, xl->text);
	}
}

/* "A", "B", ... "AA" for column c. */
static const char *col_name(struct xl *xl, lxw_col_t c)
{
	char s[8];
	int n = 0;
	char tmp[8];
	unsigned v = (unsigned)c + 1;
	while (v && n < 7) {
		tmp[n++] = (char)('A' + (v - 1) % 26);
		v = (v - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		s[i] = tmp[n - 1 - i];
	s[n] = '\0';
	return arena_strdup(xl->a, s);
}

/* 'Sheet name' as a formula refers to it (quotes doubled). */
static const char *sheet_ref(struct xl *xl, const char *name)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '\'');
	for (const char *s = name; *s; s++) {
		if (*s == '\'')
			buf_addc(&b, '\'');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	const char *r = arena_strdup(xl->a, b.data);
	buf_release(&b);
	return r;
}

/* The first n code points of s. */
static char *utf8_prefix(struct arena *a, const char *s, size_t n)
{
	size_t len = strlen(s), i = 0;
	while (i < len && n) {
		size_t k = utf8_seq_len(s + i, len - i);
		i += k ? k : 1;
		n--;
	}
	return arena_strndup(a, s, i);
}

/* A sheet name Excel accepts, distinct from those before (case folded):
 * no []:*?/\, no apostrophe first or last, at most 31 characters. */
static const char *sheet_name(struct xl *xl, const char *want)
{
	char *s = arena_strdup(xl->a, want && *want ? want : "-");
	for (char *c = s; *c; c++)
		if (strchr("[]:*?/\\", *c) || (unsigned char)*c < 0x20)
			*c = '-';
	while (*s == '\'' || *s == ' ')
		s++;
	const char *base = utf8_prefix(xl->a, *s ? s : "-", LXW_SHEETNAME_MAX);
	char *b = arena_strdup(xl->a, base);
	for (size_t n = strlen(b); n && (b[n - 1] == '\'' || b[n - 1] == ' '); n--)
		b[n - 1] = '\0';
	const char *name = *b ? b : "-";
	for (int k = 2;; k++) {
		bool taken = strcasecmp(name, "History") == 0;
		for (size_t i = 0; i < xl->nused && !taken; i++)
			taken = utf8_eq_fold(xl->used[i], name);
		if (!taken)
			break;
		char suffix[16];
		int sn = snprintf(suffix, sizeof suffix, " (%d)", k);
		name = arena_printf(xl->a, "%s%s", utf8_prefix(xl->a, b, LXW_SHEETNAME_MAX - (size_t)sn),
				    suffix);
	}
	const char **used = arena_array(xl->a, xl->nused + 1, sizeof *used);
	if (xl->nused)
		memcpy(used, xl->used, xl->nused * sizeof *used);
	used[xl->nused++] = name;
	xl->used = used;
	return name;
}

/* Landscape A4, one page wide, the header row on every page, the plan's
 * title at the top and page numbers at the foot. The sheet of all
 * measures is too wide for one page: it takes two. */
static void page_setup(struct xl *xl, lxw_worksheet *ws, const struct plan *p, int header_row,
		       uint16_t pages_wide)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, pages_wide, 0);
	if (header_row >= 0)
		check(xl, worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row));
	struct buf h = BUF_INIT;
	buf_adds(&h, "&L");
	const char *t = utf8_prefix(xl->a, p->title ? p->title : "", 80);
	for (const char *c = t; *c; c++) {
		if (*c == '&')
			buf_addc(&h, '&');
		buf_addc(&h, *c);
	}
	check(xl, worksheet_set_header(ws, h.data));
	buf_release(&h);
	check(xl, worksheet_set_footer(ws, "&C&P / &N"));
}

static void make_formats(struct xl *xl, const char *lang)
{
	lxw_workbook *wb = xl->wb;
	xl->title = workbook_add_format(wb);
	format_set_bold(xl->title);
	format_set_font_size(xl->title, 14);
	xl->heading = workbook_add_format(wb);
	format_set_bold(xl->heading);
	format_set_font_size(xl->heading, 12);
	xl->header = workbook_add_format(wb);
	format_set_bold(xl->header);
	format_set_text_wrap(xl->header);
	format_set_align(xl->header, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(xl->header, 0xDDE4EE);
	format_set_bottom(xl->header, LXW_BORDER_THIN);
	xl->header_num = workbook_add_format(wb);
	format_set_bold(xl->header_num);
	format_set_text_wrap(xl->header_num);
	format_set_align(xl->header_num, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(xl->header_num, LXW_ALIGN_RIGHT);
	format_set_indent(xl->header_num, 1);
	format_set_bg_color(xl->header_num, 0xDDE4EE);
	format_set_bottom(xl->header_num, LXW_BORDER_THIN);
	xl->text = workbook_add_format(wb);
	format_set_text_wrap(xl->text);
	format_set_align(xl->text, LXW_ALIGN_VERTICAL_TOP);
	xl->text_right = workbook_add_format(wb);
	format_set_align(xl->text_right, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(xl->text_right, LXW_ALIGN_RIGHT);
	xl->focus = workbook_add_format(wb);
	format_set_bold(xl->focus);
	format_set_text_wrap(xl->focus);
	format_set_align(xl->focus, LXW_ALIGN_VERTICAL_TOP);
	xl->plain = workbook_add_format(wb);
	xl->integer = workbook_add_format(wb);
	format_set_align(xl->integer, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(xl->integer, "0");
	xl->money = workbook_add_format(wb);
	format_set_align(xl->money, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(xl->money, MONEY_FORMAT);
	xl->percent = workbook_add_format(wb);
	format_set_align(xl->percent, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(xl->percent, "0\" %\"");
	xl->date = workbook_add_format(wb);
	format_set_align(xl->date, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(xl->date, LXW_ALIGN_LEFT);
	format_set_num_format(xl->date, strcmp(lang ? lang : "nn", "en") == 0 ? "yyyy-mm-dd"
									      : "d.m.yyyy");
	xl->total_label = workbook_add_format(wb);
	format_set_bold(xl->total_label);
	format_set_top(xl->total_label, LXW_BORDER_THIN);
	xl->total_money = workbook_add_format(wb);
	format_set_bold(xl->total_money);
	format_set_top(xl->total_money, LXW_BORDER_THIN);
	format_set_num_format(xl->total_money, MONEY_FORMAT);
	xl->total_int = workbook_add_format(wb);
	format_set_bold(xl->total_int);
	format_set_top(xl->total_int, LXW_BORDER_THIN);
	format_set_num_format(xl->total_int, "0");
}

/* --- the sheet of all measures --- */

/* Characters the longest line of s takes. */
static size_t longest_line(const char *s)
{
	size_t best = 0;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t c = utf8_count(s, n);
		if (c > best)
			best = c;
		s = nl ? nl + 1 : NULL;
	}
	return best;
}

static size_t digits_width(int64_t v)
{
	char s[32];
	int n = snprintf(s, sizeof s, "%lld", (long long)v);
	return (size_t)n + (size_t)(n - 1) / 3;
}

/* The widest a column of this kind may get before its text wraps. */
static size_t width_cap(const struct table_col *c)
{
	switch (c->id) {
	case COL_MEASURE: return 60;
	case COL_STRATEGY: return 45;
	case COL_AREA: case COL_FOCUS: case COL_RESPONSIBLE: case COL_PARTICIPANTS:
	case COL_RESP_TEXT: return 32;
	default: return 24;
	}
}

/* Lines s takes when it wraps in a column width characters wide (the
 * readers do not size rows to wrapped text on their own: Excel only when
 * it edits a cell, LibreOffice not at all when it converts). */
static size_t wrapped_lines(const char *s, double width, bool bold)
{
	size_t cpl = (size_t)(width - (bold ? 3 : 2));
	if (cpl < 4)
		cpl = 4;
	size_t lines = 0;
	while (s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		/* Greedy word wrap over this paragraph. */
		size_t line = 0, i = 0;
		lines++;
		while (i < n) {
			while (i < n && s[i] == ' ')
				i++;
			size_t j = i;
			while (j < n && s[j] != ' ')
				j++;
			if (j == i)
				break;
			size_t w = utf8_count(s + i, j - i);
			if (line && line + 1 + w > cpl) {
				lines++;
				line = 0;
			}
			if (w > cpl) { /* a word longer than the line breaks */
				lines += (w - 1) / cpl;
				w = (w - 1) % cpl + 1;
			}
			line += (line ? 1 : 0) + w;
			i = j;
		}
		s = nl ? nl + 1 : NULL;
	}
	return lines ? lines : 1;
}

#define LINE_HEIGHT 15.0 /* points, one line of 11 pt text */

/* Sets the height of each row that needs more than one line. */
static void row_heights(struct xl *xl, lxw_worksheet *ws, const size_t *lines, size_t nrows)
{
	for (size_t r = 0; r < nrows; r++)
		if (lines[r] > 1)
			check(xl, worksheet_set_row(ws, (lxw_row_t)r, LINE_HEIGHT * (double)lines[r],
						    NULL));
}

static void all_sheet(struct xl *xl, const struct plan *p, const struct measure_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(xl->wb, xl->all_name);
	if (!ws) {
		check(xl, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	/* The widths first: each column as wide as its longest line (up to
	 * its cap, then the text wraps) and its header's longest word. */
	double *width = arena_array(xl->a, t->ncols, sizeof *width);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		size_t w = 0, run = 0;
		for (const char *s = col->title;; s++) {
			if (!*s || *s == ' ') {
				if (run > w)
					w = run;
				run = 0;
				if (!*s)
					break;
			} else if (((unsigned char)*s & 0xC0) != 0x80) {
				run++;
			}
		}
		for (size_t r = 0; r < t->nrows; r++) {
			const struct table_cell *cell = measure_table_cell(t, r, c);
			size_t cw = 0;
			if (!cell->has_value)
				continue;
			switch (col->kind) {
			case TABLE_TEXT: cw = longest_line(cell->text); break;
			case TABLE_DATE: cw = 10; break;
			case TABLE_INT: cw = digits_width(cell->num); break;
			case TABLE_MONEY: cw = digits_width(cell->num) + 3; break;
			case TABLE_PERCENT: cw = 5; break;
			}
			if (cw > w)
				w = cw;
		}
		if (w > width_cap(col))
			w = width_cap(col);
		width[c] = (double)w + 3;
	}
	size_t *lines = arena_array(xl->a, t->nrows + 1, sizeof *lines);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		bool num = col->kind != TABLE_TEXT && col->kind != TABLE_DATE;
		put_text(xl, ws, 0, (lxw_col_t)c, col->title, num ? xl->header_num : xl->header);
		size_t n = wrapped_lines(col->title, width[c], true);
		if (n > lines[0])
			lines[0] = n;
		check(xl, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL));
	}
	for (size_t r = 0; r < t->nrows; r++) {
		lxw_row_t row = (lxw_row_t)r + 1;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct table_cell *cell = measure_table_cell(t, r, c);
			if (!cell->has_value)
				continue;
			switch (t->cols[c].kind) {
			case TABLE_TEXT: {
				put_text(xl, ws, row, (lxw_col_t)c, cell->text, xl->text);
				size_t n = wrapped_lines(cell->text, width[c], false);
				if (n > lines[row])
					lines[row] = n;
				break;
			}
			case TABLE_DATE: put_date(xl, ws, row, (lxw_col_t)c, cell->text); break;
			case TABLE_INT: put_num(xl, ws, row, (lxw_col_t)c, cell->num, xl->integer); break;
			case TABLE_MONEY: put_num(xl, ws, row, (lxw_col_t)c, cell->num, xl->money); break;
			case TABLE_PERCENT:
				put_num(xl, ws, row, (lxw_col_t)c, cell->num, xl->percent);
				break;
			}
		}
	}
	row_heights(xl, ws, lines, t->nrows + 1);
	worksheet_freeze_panes(ws, 1, 0);
	check(xl, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1)));
	page_setup(xl, ws, p, 0, 2);
}

/* --- the summary: budget per area and year --- */

static int col_of(const struct measure_table *t, enum table_col_id id, int year)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].id == id && (id != COL_BUDGET_YEAR || t->cols[c].year == year))
			return (int)c;
	return -1;
}

static void summary_sheet(struct xl *xl, const struct plan *p, const struct measure_table *t,
			  const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(xl->wb, name);
	if (!ws) {
		check(xl, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	const char *all = sheet_ref(xl, xl->all_name);
	const char *key = arena_printf(xl->a, "%s!$%s:$%s", all, col_name(xl, (lxw_col_t)col_of(t, COL_AREA_NO, 0)),
				       col_name(xl, (lxw_col_t)col_of(t, COL_AREA_NO, 0)));
	put_text(xl, ws, 0, 0, p->title, xl->title);
	lxw_row_t row = 1;
	if (p->owner && *p->owner)
		put_text(xl, ws, row++, 0, p->owner, xl->plain);
	row++;
	put_text(xl, ws, row++, 0, _("Budget per area and year"), xl->heading);

	/* The columns: number, area, measures, one per year, in all. */
	lxw_row_t header = row++;
	put_text(xl, ws, header, 0, _("No."), xl->header_num);
	put_text(xl, ws, header, 1, _("Area"), xl->header);
	put_text(xl, ws, header, 2, _("Measures"), xl->header_num);
	size_t nbudget = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].id == COL_BUDGET_YEAR || t->cols[c].id == COL_BUDGET_TOTAL)
			put_text(xl, ws, header, (lxw_col_t)(3 + nbudget++),
				 t->cols[c].id == COL_BUDGET_TOTAL ? _("In all") : t->cols[c].title,
				 xl->header_num);

	lxw_row_t first = row;
	size_t title_width = 10;
	for (size_t i = 0; i < p->areas.count; i++, row++) {
		const struct area *ar = &p->areas.items[i];
		put_num(xl, ws, row, 0, t->area_keys[i], xl->integer);
		put_text(xl, ws, row, 1, ar->title, xl->text);
		if (longest_line(ar->title) > title_width)
			title_width = longest_line(ar->title);
		const char *crit = arena_printf(xl->a, "$A%u", (unsigned)row + 1);
		put_formula(xl, ws, row, 2, arena_printf(xl->a, "COUNTIF(%s,%s)", key, crit),
			    (int64_t)area_count_measures(ar), xl->integer);
		size_t k = 0;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct table_col *col = &t->cols[c];
			if (col->id != COL_BUDGET_YEAR && col->id != COL_BUDGET_TOTAL)
				continue;
			const char *sum = col_name(xl, (lxw_col_t)c);
			int64_t value = col->id == COL_BUDGET_TOTAL ? area_budget_total(ar)
								  : area_budget_in_year(ar, col->year);
			put_formula(xl, ws, row, (lxw_col_t)(3 + k++),
				    arena_printf(xl->a, "SUMIF(%s,%s,%s!$%s:$%s)", key, crit, all, sum, sum),
				    value, xl->money);
		}
	}
	/* In all: the sums of the columns above, and the plan's totals. */
	lxw_row_t last = row - 1;
	put_text(xl, ws, row, 0, "", xl->total_label);
	put_text(xl, ws, row, 1, _("In all"), xl->total_label);
	for (size_t k = 0; k < nbudget + 1; k++) {
		lxw_col_t c = (lxw_col_t)(2 + k);
		const char *cn = col_name(xl, c);
		const char *f = p->areas.count
			? arena_printf(xl->a, "SUM(%s%u:%s%u)", cn, (unsigned)first + 1, cn, (unsigned)last + 1)
			: "0";
		int64_t value = 0;
		if (k == 0) {
			value = (int64_t)plan_count_measures(p);
		} else {
			/* The column's year, by the all-measures column it sums. */
			size_t seen = 0;
			for (size_t tc = 0; tc < t->ncols; tc++) {
				const struct table_col *col = &t->cols[tc];
				if (col->id != COL_BUDGET_YEAR && col->id != COL_BUDGET_TOTAL)
					continue;
				if (++seen != k)
					continue;
				if (col->id == COL_BUDGET_TOTAL)
					value = plan_budget_total(p);
				else
					for (size_t i = 0; i < p->areas.count; i++)
						value += area_budget_in_year(&p->areas.items[i], col->year);
			}
		}
		put_formula(xl, ws, row, c, f, value, k == 0 ? xl->total_int : xl->total_money);
	}
	check(xl, worksheet_set_column(ws, 0, 0, 6, NULL));
	check(xl, worksheet_set_column(ws, 1, 1, (double)(title_width < 50 ? title_width : 50) + 2, NULL));
	check(xl, worksheet_set_column(ws, 2, 2, 10, NULL));
	size_t money_w = digits_width(plan_budget_total(p)) + 3;
	if (money_w < 14)
		money_w = 14;
	for (size_t k = 0; k < nbudget; k++)
		check(xl, worksheet_set_column(ws, (lxw_col_t)(3 + k), (lxw_col_t)(3 + k),
					       (double)money_w + 2, NULL));
	page_setup(xl, ws, p, (int)header, 1);
}

/* --- one sheet per area, as on the page --- */

enum { A_FOCUS, A_STRATEGY, A_MEASURE, A_WHEN, A_RESP, A_PART, A_BUDGET, A_STATE, A_PROGRESS,
       A_REPORT, A_NCOLS };

static const char *as_written(struct arena *a, const org_link_list *links)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		buf_adds(&b, i ? ", " : "");
		buf_adds(&b, l->as_written ? l->as_written : l->name ? l->name : "");
	}
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const double area_widths[A_NCOLS] = {22, 36, 50, 13, 24, 30, 14, 13, 11, 12};

/* Writes one measure's cells; returns the lines its row needs. */
static size_t area_measure(struct xl *xl, lxw_worksheet *ws, lxw_row_t row,
			   const struct measure *m)
{
	const char *resp = m->responsibility_text, *part = "";
	if (m->responsible.count || m->participants.count) {
		resp = as_written(xl->a, &m->responsible);
		part = as_written(xl->a, &m->participants);
	}
	const char *texts[A_NCOLS] = {0};
	texts[A_MEASURE] = m->text;
	texts[A_WHEN] = m->period_text;
	texts[A_RESP] = resp;
	texts[A_PART] = part;
	texts[A_STATE] = report_state_label(m->state);
	size_t lines = 1;
	for (int c = 0; c < A_NCOLS; c++) {
		if (!texts[c])
			continue;
		put_text(xl, ws, row, (lxw_col_t)c, texts[c], xl->text);
		size_t n = wrapped_lines(texts[c], area_widths[c], false);
		if (n > lines)
			lines = n;
	}
	bool amount = false;
	for (size_t i = 0; i < m->budget.count; i++)
		amount |= m->budget.items[i].has_amount;
	if (amount)
		put_num(xl, ws, row, A_BUDGET, measure_budget_total(m), xl->money);
	else if (m->budget.count)
		put_text(xl, ws, row, A_BUDGET, "\xE2\x80\x93", xl->text_right); /* – no amount */
	if (m->state && m->progress >= 0)
		put_num(xl, ws, row, A_PROGRESS, m->progress, xl->percent);
	if (m->reported_on)
		put_date(xl, ws, row, A_REPORT, m->reported_on);
	return lines;
}

/* A cell over rows first..last of column c (merged when more than one);
 * the last row grows when the text needs more lines than the rows give. */
static void span(struct xl *xl, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last, lxw_col_t c,
		 const char *s, lxw_format *f, size_t *lines)
{
	if (last > first)
		check(xl, worksheet_merge_range(ws, first, c, last, c, cell_text(xl, s), f));
	else
		put_text(xl, ws, first, c, s, f);
	size_t need = wrapped_lines(s, area_widths[c], f == xl->focus), have = 0;
	for (lxw_row_t r = first; r <= last; r++)
		have += lines[r] ? lines[r] : 1;
	if (need > have)
		lines[last] = (lines[last] ? lines[last] : 1) + need - have;
}

static void area_sheet(struct xl *xl, const struct plan *p, const struct area *ar, int64_t key)
{
	const char *label = ar->number && *ar->number
		? arena_printf(xl->a, "%s %s", ar->number, ar->title)
		: arena_printf(xl->a, "%lld %s", (long long)key, ar->title);
	lxw_worksheet *ws = workbook_add_worksheet(xl->wb, sheet_name(xl, label));
	if (!ws) {
		check(xl, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	/* Rows: title, goals, header, one per measure (or per strategy or
	 * focus without one), the total. */
	size_t nrows = 6 + ar->goals.count;
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		nrows += 1;
		for (size_t s = 0; s < fo->strategies.count; s++)
			nrows += 1 + fo->strategies.items[s].measures.count;
	}
	size_t *lines = arena_array(xl->a, nrows, sizeof *lines);

	lxw_row_t row = 0;
	put_text(xl, ws, row++, 0, ar->number && *ar->number
		 ? arena_printf(xl->a, "%s. %s", ar->number, ar->title) : ar->title, xl->title);
	if (ar->goals.count) {
		row++;
		put_text(xl, ws, row++, 0, _("Goals"), xl->heading);
		for (size_t g = 0; g < ar->goals.count; g++)
			put_text(xl, ws, row++, 0, ar->goals.items[g].text, xl->plain);
	}
	row++;
	lxw_row_t header = row++;
	static const char *const titles[A_NCOLS] = {
		N_("Focus"), N_("Strategy (how)"), N_("Measure"), N_("When"), N_("Responsible"),
		N_("Taking part"), N_("Budget"), N_("State"), N_("Progress (%)"), N_("Last report"),
	};
	for (int c = 0; c < A_NCOLS; c++) {
		bool num = c == A_BUDGET || c == A_PROGRESS;
		put_text(xl, ws, header, (lxw_col_t)c, _(titles[c]), num ? xl->header_num : xl->header);
		check(xl, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, area_widths[c], NULL));
		size_t n = wrapped_lines(_(titles[c]), area_widths[c], true);
		if (n > lines[header])
			lines[header] = n;
	}
	lxw_row_t first_measure_row = row;
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		lxw_row_t focus_first = row;
		if (!fo->strategies.count)
			row++;
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			lxw_row_t st_first = row;
			for (size_t k = 0; k < st->measures.count; k++, row++)
				lines[row] = area_measure(xl, ws, row, &st->measures.items[k]);
			if (!st->measures.count)
				row++;
			span(xl, ws, st_first, row - 1, A_STRATEGY, st->text, xl->text, lines);
		}
		span(xl, ws, focus_first, row - 1, A_FOCUS, fo->title, xl->focus, lines);
	}
	/* The area's budget: a SUM over the column, the model's figure. */
	const char *label_total = ar->number && *ar->number
		? arena_printf(xl->a, "%s %s", _("Budget for area"), ar->number) : _("Budget");
	check(xl, worksheet_merge_range(ws, row, 0, row, A_BUDGET - 1, label_total, xl->total_label));
	const char *bc = col_name(xl, A_BUDGET);
	put_formula(xl, ws, row, A_BUDGET,
		    row > first_measure_row
			    ? arena_printf(xl->a, "SUM(%s%u:%s%u)", bc, (unsigned)first_measure_row + 1,
					   bc, (unsigned)row)
			    : "0",
		    area_budget_total(ar), xl->total_money);
	for (lxw_col_t c = A_BUDGET + 1; c < A_NCOLS; c++)
		put_text(xl, ws, row, c, "", xl->total_label);
	row_heights(xl, ws, lines, (size_t)row + 1 < nrows ? (size_t)row + 1 : nrows);
	worksheet_freeze_panes(ws, header + 1, 0);
	page_setup(xl, ws, p, (int)header, 1);
}

/* --- the file --- */

static time_t iso_time(const char *s)
{
	struct tm tm = {0};
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int read_back(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ERR;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	int rc = ferror(f) ? ERR : OK;
	fclose(f);
	return rc;
}

int xlsx_file_open(struct xlsx_file *f, struct err *e)
{
	const char *tmp = getenv("TMPDIR");
	if (snprintf(f->dir, sizeof f->dir, "%s/samspel-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
		    (int)sizeof f->dir ||
	    !mkdtemp(f->dir))
		return err_set(e, ERR_INTERNAL, NULL, _("Could not write the spreadsheet: %s"),
			       strerror(errno));
	snprintf(f->path, sizeof f->path, "%s/sheet.xlsx", f->dir);
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = f->dir,
				   .use_zip64 = LXW_FALSE};
	f->wb = workbook_new_opt(f->path, &wo);
	if (!f->wb) {
		rmdir(f->dir);
		return err_set(e, ERR_INTERNAL, NULL, _("Could not write the spreadsheet: %s"),
			       strerror(errno ? errno : ENOMEM));
	}
	return OK;
}

int xlsx_file_close(struct xlsx_file *f, lxw_error pending, struct buf *out, struct err *e)
{
	lxw_error rc = workbook_close(f->wb);
	f->wb = NULL;
	if (pending == LXW_NO_ERROR)
		pending = rc;
	int result = OK;
	if (pending != LXW_NO_ERROR)
		result = err_set(e, ERR_INTERNAL, NULL, _("Could not write the spreadsheet: %s"),
				 lxw_strerror(pending));
	else if (read_back(f->path, out) != OK)
		result = err_set(e, ERR_INTERNAL, NULL, _("Could not write the spreadsheet: %s"),
				 strerror(errno));
	unlink(f->path);
	rmdir(f->dir);
	return result;
}

int xlsx_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		     struct err *e)
{
	struct xlsx_file f;
	if (xlsx_file_open(&f, e) != OK)
		return ERR;
	struct xl xl = {.a = o->a, .wb = f.wb};
	lxw_doc_properties props = {
		.title = (char *)(p->title ? p->title : ""),
		.company = (char *)(p->owner ? p->owner : ""),
		/* The plan's last change, so the same plan gives the same file. */
		.created = iso_time(p->updated_at),
	};
	check(&xl, workbook_set_properties(xl.wb, &props));
	make_formats(&xl, o->lang);

	struct measure_table t;
	measure_table_build(p, o->a, &t);
	/* The two fixed names first, so that no area takes them. */
	const char *summary = sheet_name(&xl, _("Budget"));
	xl.all_name = sheet_name(&xl, _("All measures"));
	summary_sheet(&xl, p, &t, summary);
	all_sheet(&xl, p, &t);
	for (size_t i = 0; i < p->areas.count; i++)
		area_sheet(&xl, p, &p->areas.items[i], t.area_keys[i]);

	return xlsx_file_close(&f, xl.err, out, e);
}
