/*
 * csv.c: the table of all measures (shared with xlsx.c) and its CSV (see
 * csv.h).
 */
#include "formats/csv.h"
#include "formats/export.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the table --- */

static void add_col(struct measure_table *t, size_t *n, enum table_col_id id,
		    enum table_kind kind, const char *title, int year)
{
	t->cols[*n] = (struct table_col){id, kind, title, year};
	(*n)++;
}

/* "A, B (the members)": the organisations' names, for sorting and
 * filtering (the area sheets show the plan's own words). */
static const char *org_names(struct arena *a, const org_link_list *links)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		buf_adds(&b, i ? ", " : "");
		buf_adds(&b, l->name ? l->name : l->as_written ? l->as_written : "");
		if (l->collective)
			buf_adds(&b, _(" (the members)"));
	}
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const char *budget_text(struct arena *a, const struct measure *m)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < m->budget.count; i++) {
		buf_adds(&b, i ? "; " : "");
		buf_adds(&b, m->budget.items[i].text ? m->budget.items[i].text : "");
	}
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static bool has_amount(const struct measure *m)
{
	for (size_t i = 0; i < m->budget.count; i++)
		if (m->budget.items[i].has_amount)
			return true;
	return false;
}

static bool has_amount_in_year(const struct measure *m, int year)
{
	for (size_t i = 0; i < m->budget.count; i++)
		if (m->budget.items[i].has_amount && m->budget.items[i].year == year)
			return true;
	return false;
}

/* The number each area's rows carry: its own when every area has a
 * distinct whole number ("1".."4"), else its position. */
static void area_keys(const struct plan *p, struct arena *a, struct measure_table *t)
{
	t->nareas = p->areas.count;
	t->area_keys = arena_array(a, t->nareas ? t->nareas : 1, sizeof *t->area_keys);
	bool own = true;
	for (size_t i = 0; i < p->areas.count && own; i++) {
		const char *s = p->areas.items[i].number;
		char *end;
		long v = s && *s ? strtol(s, &end, 10) : 0;
		if (!s || !*s || *end || v <= 0 || v > 1000000 || s[0] == '0' || s[0] == '+')
			own = false;
		t->area_keys[i] = v;
		for (size_t k = 0; own && k < i; k++)
			if (t->area_keys[k] == v)
				own = false;
	}
	for (size_t i = 0; i < p->areas.count && !own; i++)
		t->area_keys[i] = (int64_t)i + 1;
}

static struct table_cell text_cell(const char *s)
{
	return (struct table_cell){s ? s : "", 0, s && *s};
}

static struct table_cell num_cell(int64_t v)
{
	return (struct table_cell){"", v, true};
}

static void measure_row(const struct measure_table *t, struct arena *a, struct table_cell *row,
			int64_t area_key, const struct area *ar, const struct focus *fo,
			const struct strategy *st, const struct measure *m)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->cols[c];
		struct table_cell *cell = &row[c];
		*cell = text_cell("");
		switch (col->id) {
		case COL_ID: *cell = num_cell(m->id); break;
		case COL_AREA_NO: *cell = num_cell(area_key); break;
		case COL_AREA: *cell = text_cell(ar->title); break;
		case COL_FOCUS: *cell = text_cell(fo->title); break;
		case COL_STRATEGY: *cell = text_cell(st->text); break;
		case COL_MEASURE: *cell = text_cell(m->text); break;
		case COL_PERIOD: *cell = text_cell(m->period_text); break;
		case COL_FROM: *cell = text_cell(m->period.start); break;
		case COL_TO: *cell = text_cell(m->period.end); break;
		case COL_RESPONSIBLE:
			/* The plan's words when nothing was linked ("Ansvar og
			 * deltaking blir avklart ..."), as the page shows them. */
			*cell = text_cell(m->responsible.count || m->participants.count
						  ? org_names(a, &m->responsible)
						  : m->responsibility_text);
			break;
		case COL_PARTICIPANTS: *cell = text_cell(org_names(a, &m->participants)); break;
		case COL_BUDGET_YEAR:
			if (has_amount_in_year(m, col->year))
				*cell = num_cell(measure_budget_in_year(m, col->year));
			break;
		case COL_BUDGET_TOTAL:
			if (has_amount(m))
				*cell = num_cell(measure_budget_total(m));
			break;
		case COL_BUDGET_TEXT: *cell = text_cell(budget_text(a, m)); break;
		case COL_RESP_TEXT: *cell = text_cell(m->responsibility_text); break;
		case COL_STATE: *cell = text_cell(report_state_label(m->state)); break;
		case COL_PROGRESS:
			if (m->state && m->progress >= 0)
				*cell = num_cell(m->progress);
			break;
		case COL_LAST_REPORT:
			/* The date alone, also when a timestamp is stored. */
			if (m->reported_on && strlen(m->reported_on) >= 10)
				*cell = text_cell(arena_strndup(a, m->reported_on, 10));
			break;
		}
	}
}

void measure_table_build(const struct plan *p, struct arena *a, struct measure_table *t)
{
	memset(t, 0, sizeof *t);
	int years_small[16];
	size_t nyears = plan_budget_years(p, years_small, 16);
	int *years = years_small;
	if (nyears > 16) {
		years = arena_array(a, nyears, sizeof *years);
		plan_budget_years(p, years, nyears);
	}
	t->cols = arena_array(a, 17 + nyears, sizeof *t->cols); /* the fixed columns and a year each */
	size_t n = 0;
	add_col(t, &n, COL_ID, TABLE_INT, _("Measure id"), 0);
	add_col(t, &n, COL_AREA_NO, TABLE_INT, _("No."), 0);
	add_col(t, &n, COL_AREA, TABLE_TEXT, _("Area"), 0);
	add_col(t, &n, COL_FOCUS, TABLE_TEXT, _("Focus"), 0);
	add_col(t, &n, COL_STRATEGY, TABLE_TEXT, _("Strategy (how)"), 0);
	add_col(t, &n, COL_MEASURE, TABLE_TEXT, _("Measure"), 0);
	add_col(t, &n, COL_PERIOD, TABLE_TEXT, _("When"), 0);
	add_col(t, &n, COL_FROM, TABLE_TEXT, _("From (month)"), 0);
	add_col(t, &n, COL_TO, TABLE_TEXT, _("To (month)"), 0);
	add_col(t, &n, COL_RESPONSIBLE, TABLE_TEXT, _("Responsible"), 0);
	add_col(t, &n, COL_PARTICIPANTS, TABLE_TEXT, _("Taking part"), 0);
	for (size_t i = 0; i < nyears; i++)
		add_col(t, &n, COL_BUDGET_YEAR, TABLE_MONEY,
			years[i] ? arena_printf(a, _("Budget %d"), years[i])
				 : _("Budget, no year"),
			years[i]);
	add_col(t, &n, COL_BUDGET_TOTAL, TABLE_MONEY, _("Budget in all"), 0);
	add_col(t, &n, COL_BUDGET_TEXT, TABLE_TEXT, _("Budget as written"), 0);
	/* The plan's own words, so that the sheet imports back the same
	 * (formats/sheet_plan.c). */
	add_col(t, &n, COL_RESP_TEXT, TABLE_TEXT, _("Responsibility as written"), 0);
	add_col(t, &n, COL_STATE, TABLE_TEXT, _("State"), 0);
	add_col(t, &n, COL_PROGRESS, TABLE_PERCENT, _("Progress (%)"), 0);
	add_col(t, &n, COL_LAST_REPORT, TABLE_DATE, _("Last report"), 0);
	t->ncols = n;

	area_keys(p, a, t);
	t->nrows = plan_count_measures(p);
	t->cells = arena_array(a, (t->nrows ? t->nrows : 1) * t->ncols, sizeof *t->cells);
	size_t r = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		for (size_t f = 0; f < ar->focuses.count; f++) {
			const struct focus *fo = &ar->focuses.items[f];
			for (size_t s = 0; s < fo->strategies.count; s++) {
				const struct strategy *st = &fo->strategies.items[s];
				for (size_t k = 0; k < st->measures.count && r < t->nrows; k++, r++)
					measure_row(t, a, &t->cells[r * t->ncols], t->area_keys[i],
						    ar, fo, st, &st->measures.items[k]);
			}
		}
	}
	t->nrows = r;
}

/* --- the CSV --- */

static void csv_field(struct buf *out, const char *s, char sep)
{
	/* A text that a spreadsheet would run as a formula (=, +, @, or - and
	 * more) gets an apostrophe first, as OWASP advises for CSV files;
	 * a lone "-" (no amount) stays as it is. */
	bool formula = (s[0] == '=' || s[0] == '+' || s[0] == '@' || s[0] == '\t' ||
			s[0] == '\r' || (s[0] == '-' && s[1]));
	bool quote = formula && (s[0] == '\t' || s[0] == '\r');
	for (const char *c = s; *c && !quote; c++)
		quote = *c == sep || *c == '"' || *c == '\r' || *c == '\n';
	if (!quote) {
		if (formula)
			buf_addc(out, '\'');
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			buf_addc(out, '"');
		buf_addc(out, *c);
	}
	buf_addc(out, '"');
}

int csv_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		    struct err *e)
{
	(void)e;
	char sep = o->csv_separator == ',' ? ',' : ';';
	struct measure_table t;
	measure_table_build(p, o->a, &t);
	buf_grow(out, 256 + t.nrows * 512);
	buf_adds(out, "\xEF\xBB\xBF"); /* the byte order mark: Excel reads UTF-8 */
	for (size_t c = 0; c < t.ncols; c++) {
		if (c)
			buf_addc(out, sep);
		csv_field(out, t.cols[c].title, sep);
	}
	buf_adds(out, "\r\n");
	for (size_t r = 0; r < t.nrows; r++) {
		for (size_t c = 0; c < t.ncols; c++) {
			const struct table_cell *cell = measure_table_cell(&t, r, c);
			if (c)
				buf_addc(out, sep);
			if (!cell->has_value)
				continue;
			switch (t.cols[c].kind) {
			case TABLE_TEXT:
			case TABLE_DATE:
				csv_field(out, cell->text, sep);
				break;
			case TABLE_INT:
			case TABLE_MONEY:
			case TABLE_PERCENT:
				buf_addf(out, "%lld", (long long)cell->num);
				break;
			}
		}
		buf_adds(out, "\r\n");
	}
	return OK;
}
