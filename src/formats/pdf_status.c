/* pdf_status.c: the status report as a PDF (see pdf.h): the figures and
 * charts of the dashboard (page_dashboard.c), then every measure's state
 * in words and its latest report. */
#include "formats/pdf.h"
#include "formats/pdf_doc.h"
#include "formats/chart.h"
#include "formats/export.h"
#include "model/list.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdlib.h>
#include <string.h>



static const char *area_name(struct arena *a, const struct area *ar)
{
	return arena_printf(a, "%s%s%s", ar->number, *ar->number ? ". " : "", ar->title);
}

/* Measures per state per area: the dashboard's first table. */
static void state_table(struct pdf_doc *d, struct arena *a, const struct plan *p,
			const list_counts_list *areas, const struct list_counts *all)
{
	struct pdf_table t = {STATE_COUNT + 3, {0}, {0}, {0}, PDF_SMALL};
	t.head[0] = _("Area");
	t.head[1] = _("Measures");
	t.width[0] = 0.28;
	t.width[1] = 0.09;
	for (int s = 0; s <= STATE_COUNT; s++) {
		t.head[s + 2] = report_state_label(s < STATE_COUNT ? report_state_code((enum report_state)s)
								   : NULL);
		t.width[s + 2] = 0.63 / (STATE_COUNT + 1);
	}
	for (size_t i = 1; i < t.cols; i++)
		t.right[i] = true;
	pdf_table_begin(d, &t);
	for (size_t i = 0; i <= p->areas.count; i++) {
		bool total = i == p->areas.count;
		const struct list_counts *c = total ? all : list_counts_of(areas, p->areas.items[i].id);
		const char *row[PDF_MAX_COLS] = {total ? _("In all") : area_name(a, &p->areas.items[i]),
						 arena_printf(a, "%zu", c->total)};
		for (int s = 0; s <= STATE_COUNT; s++)
			row[s + 2] = arena_printf(a, "%zu", s < STATE_COUNT ? c->by_state[s] : c->no_report);
		pdf_table_row(d, row, NULL, 0, total);
	}
	pdf_table_end(d);
}

/* Budget planned and spent per area: the dashboard's budget table. */
static void budget_table(struct pdf_doc *d, struct arena *a, const struct plan *p,
			 const list_counts_list *areas, const struct list_counts *all)
{
	struct pdf_table t = {4, {_("Area"), _("Planned"), _("Spent"), _("Measures with an amount spent")},
			      {0.4, 0.2, 0.2, 0.2}, {false, true, true, true}, PDF_SMALL};
	pdf_table_begin(d, &t);
	for (size_t i = 0; i <= p->areas.count; i++) {
		bool total = i == p->areas.count;
		const struct area *ar = total ? NULL : &p->areas.items[i];
		const struct list_counts *c = total ? all : list_counts_of(areas, ar->id);
		const char *row[] = {total ? _("In all") : area_name(a, ar),
				     pdf_money(a, total ? plan_budget_total(p) : area_budget_total(ar)),
				     pdf_money(a, c->spent), arena_printf(a, "%zu", c->with_spent)};
		pdf_table_row(d, row, NULL, 0, total);
	}
	pdf_table_end(d);
}

/* Each measure of an area: state in words, the latest report. */
static int measures_table(struct pdf_doc *d, struct arena *a, struct db *db,
			  const struct area *ar, struct err *e)
{
	struct pdf_table t = {4, {_("Measure"), _("State"), _("Last report"), _("Responsible")},
			      {0.34, 0.14, 0.36, 0.16}, {false}, PDF_SMALL};
	pdf_table_begin(d, &t);
	for (size_t f = 0; f < ar->focuses.count; f++)
		for (size_t s = 0; s < ar->focuses.items[f].strategies.count; s++) {
			const struct strategy *st = &ar->focuses.items[f].strategies.items[s];
			for (size_t m = 0; m < st->measures.count; m++) {
				const struct measure *me = &st->measures.items[m];
				const char *state = report_state_label(me->state);
				if (me->progress >= 0)
					state = arena_printf(a, "%s\n%d %%", state, me->progress);
				const char *last = _("Never");
				if (me->reported_on) {
					struct measure_view *v;
					if (measure_view_load(db, a, me->id, 1, 0, &v, e) != OK)
						return ERR;
					char date[32];
					pdf_date(date, sizeof date, me->reported_on);
					last = v->reports.count && v->reports.items[0].text && *v->reports.items[0].text
						       ? arena_printf(a, "%s: %s", date, v->reports.items[0].text)
						       : arena_strdup(a, date);
				}
				struct buf who = BUF_INIT;
				for (size_t k = 0; k < me->responsible.count; k++) {
					const struct org_link *l = &me->responsible.items[k];
					buf_addf(&who, "%s%s", k ? ", " : "",
						 l->as_written && *l->as_written ? l->as_written : l->name);
				}
				const char *row[] = {me->text, state, last,
						     who.len ? arena_strdup(a, who.data)
							     : me->responsibility_text};
				buf_release(&who);
				pdf_table_row(d, row, NULL, 0, false);
			}
		}
	pdf_table_end(d);
	return OK;
}

int pdf_export_status(const struct plan *p, const struct actor *who,
		      const struct export_options *o, struct buf *out, struct err *e)
{
	struct arena *a = o->a;
	struct list_filter f = {0};
	f.plan_id = p->id;
	list_counts_list areas;
	struct list_counts all;
	if (list_count(o->db, a, who, &f, &areas, &all, e) != OK)
		return ERR;
	const char *title = arena_printf(a, "%s · %s", _("Status report"), p->title);
	struct pdf_doc *d = pdf_begin(out, title, p->owner, o->lang);
	pdf_text(d, PDF_KICKER, 0, p->owner ? arena_printf(a, "%s · %s", _("Status report"), p->owner)
					    : _("Status report"));
	pdf_text(d, PDF_TITLE, 0, p->title);
	char today[11], date[32];
	clock_today(today);
	pdf_date(date, sizeof date, today);
	pdf_text(d, PDF_BODY, 0, arena_printf(a, _("Made %s"), date));
	pdf_space(d, 6);
	pdf_text(d, PDF_BODY, 0,
		 arena_printf(a, "%s %s. %s %s.", arena_printf(a, _("Measures: %zu. Planned budget:"), all.total),
			      pdf_money(a, plan_budget_total(p)), _("Spent so far:"),
			      pdf_money(a, all.spent)));

	pdf_heading(d, 2, _("Measures by state"));
	struct buf svg = BUF_INIT;
	chart_states(&svg, "pdf-states", p, &areas);
	pdf_svg(d, &svg);
	state_table(d, a, p, &areas, &all);

	pdf_heading(d, 2, _("Budget and spending"));
	int64_t *planned = calloc(p->areas.count + 1, sizeof *planned);
	int64_t *spent = calloc(p->areas.count + 1, sizeof *spent);
	for (size_t i = 0; i < p->areas.count; i++) {
		planned[i] = area_budget_total(&p->areas.items[i]);
		spent[i] = list_counts_of(&areas, p->areas.items[i].id)->spent;
	}
	buf_reset(&svg);
	chart_budget(&svg, "pdf-budget", p, planned, spent);
	pdf_svg(d, &svg);
	budget_table(d, a, p, &areas, &all);
	buf_reset(&svg);
	if (chart_budget_years(&svg, "pdf-years", p)) {
		pdf_heading(d, 2, _("Budget per area and year"));
		pdf_svg(d, &svg);
	}
	buf_reset(&svg);
	if (chart_timeline(&svg, "pdf-timeline", p, today)) {
		pdf_heading(d, 2, _("Measure periods"));
		pdf_svg(d, &svg);
	}
	buf_release(&svg);
	free(planned);
	free(spent);

	int rc = OK;
	for (size_t i = 0; i < p->areas.count && rc == OK; i++) {
		const struct area *ar = &p->areas.items[i];
		pdf_new_page(d);
		pdf_heading(d, 1, area_name(a, ar));
		rc = measures_table(d, a, o->db, ar, e);
	}
	struct err e2 = ERR_INIT;
	if (pdf_end(d, rc == OK ? e : &e2) != OK)
		return ERR;
	return rc;
}
