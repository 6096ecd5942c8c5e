/* pdf.c: the action plan as a PDF (see pdf.h); the page machinery is in
 * pdf_doc.c, the status report in pdf_status.c. */
#include "formats/pdf.h"
#include "formats/pdf_doc.h"
#include "formats/chart.h"
#include "formats/export.h"
#include "model/plan.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdlib.h>
#include <string.h>

/* "Sogn regionråd, SR (kommunane)" as the plan wrote them, into a. */
static const char *org_names(struct arena *a, const org_link_list *links)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		buf_adds(&b, i ? ", " : "");
		buf_adds(&b, l->as_written && *l->as_written ? l->as_written : l->name);
	}
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const char *responsibility(struct arena *a, const struct measure *m)
{
	if (!m->responsible.count && !m->participants.count)
		return m->responsibility_text ? m->responsibility_text : "";
	struct buf b = BUF_INIT;
	if (m->responsible.count)
		buf_addf(&b, "%s %s", _("Responsible:"), org_names(a, &m->responsible));
	if (m->participants.count)
		buf_addf(&b, "%s%s %s", b.len ? "\n" : "", _("Taking part:"),
			 org_names(a, &m->participants));
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}


static const char *budget(struct arena *a, const struct measure *m)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < m->budget.count; i++) {
		const struct budget_line *l = &m->budget.items[i];
		if (i)
			buf_adds(&b, "\n");
		if (l->has_amount)
			money_format(&b, l->amount);
		else if (!*l->text || strcmp(l->text, "-") == 0)
			buf_adds(&b, "–");
		else
			buf_adds(&b, l->text);
	}
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static void title_page(struct pdf_doc *d, struct arena *a, const struct plan *p)
{
	const char *kind = strcmp(p->kind, "regional") == 0 ? _("Regional plan") : _("Action plan");
	pdf_space(d, 40);
	pdf_text(d, PDF_KICKER, 0,
		 p->owner ? arena_printf(a, "%s · %s", kind, p->owner) : kind);
	pdf_space(d, 4);
	pdf_text(d, PDF_TITLE, 0, p->title);
	char date[32];
	if (p->status == PLAN_ADOPTED) {
		pdf_date(date, sizeof date, p->adopted_on);
		pdf_text(d, PDF_BODY, 0,
			 arena_printf(a, "%s %s %s", _("Adopted"), p->adopted_by ? p->adopted_by : "",
				      p->adopted_on ? date : ""));
	} else if (p->status == PLAN_CONSULTATION) {
		pdf_text(d, PDF_BODY, 0, _("Out for consultation"));
	} else if (p->status == PLAN_ARCHIVED) {
		pdf_text(d, PDF_BODY, 0, _("Archived"));
	} else if (!p->published) {
		pdf_text(d, PDF_BODY, 0, _("Draft"));
	}
	pdf_space(d, 10);
	pdf_lead(d, _("Values"), p->values);
	pdf_lead(d, _("Vision"), p->vision);
	pdf_lead(d, _("Main goal"), p->main_goal);
}

/* The overview: measures and budget per area, and its chart. */
static void overview(struct pdf_doc *d, struct arena *a, const struct plan *p)
{
	pdf_heading(d, 2, _("Areas and budget"));
	struct pdf_table t = {3, {_("Area"), _("Measures"), _("Budget")}, {0.6, 0.15, 0.25},
			      {false, true, true}, PDF_BODY};
	pdf_table_begin(d, &t);
	int64_t *planned = calloc(p->areas.count + 1, sizeof *planned);
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		planned[i] = area_budget_total(ar);
		const char *row[] = {arena_printf(a, "%s. %s", ar->number, ar->title),
				     arena_printf(a, "%zu", area_count_measures(ar)),
				     pdf_money(a, planned[i])};
		pdf_table_row(d, row, NULL, 0, false);
	}
	const char *total[] = {_("In all"), arena_printf(a, "%zu", plan_count_measures(p)),
			       pdf_money(a, plan_budget_total(p))};
	pdf_table_row(d, total, NULL, 0, true);
	pdf_table_end(d);
	if (p->areas.count) {
		/* By year when the lines say their years, else in all. */
		struct buf svg = BUF_INIT;
		if (!chart_budget_years(&svg, "pdf-years", p))
			chart_budget(&svg, "pdf-budget", p, planned, NULL);
		pdf_svg(d, &svg);
		buf_release(&svg);
	}
	free(planned);
}

static void area_section(struct pdf_doc *d, struct arena *a, const struct area *ar)
{
	pdf_heading(d, 1, arena_printf(a, "%s%s%s", ar->number, *ar->number ? " " : "", ar->title));
	if (ar->goals.count) {
		pdf_heading(d, 3, _("Goals"));
		for (size_t g = 0; g < ar->goals.count; g++)
			pdf_text(d, PDF_BODY, 12, arena_printf(a, "• %s", ar->goals.items[g].text));
	}
	if (!ar->focuses.count)
		return;
	struct pdf_table t = {6,
			      {_("Focus"), _("Strategy (how)"), _("Measure"), _("When"),
			       _("Responsible and taking part"), _("Budget")},
			      {0.13, 0.18, 0.26, 0.11, 0.17, 0.15},
			      {false, false, false, false, false, true},
			      PDF_SMALL};
	pdf_table_begin(d, &t);
	const char *cont = _("(continued)");
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		const char *focus_again = arena_printf(a, "%s %s", fo->title, cont);
		if (!fo->strategies.count) {
			const char *row[] = {fo->title, "", "", "", "", ""};
			pdf_table_row(d, row, NULL, 0, false);
		}
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			const char *strategy_again = arena_printf(a, "%s %s", st->text, cont);
			size_t rows = st->measures.count ? st->measures.count : 1;
			for (size_t r = 0; r < rows; r++) {
				const struct measure *m = st->measures.count ? &st->measures.items[r] : NULL;
				const char *row[] = {
					s == 0 && r == 0 ? fo->title : "",
					r == 0 ? st->text : "",
					m ? m->text : "",
					m ? m->period_text : "",
					m ? responsibility(a, m) : "",
					m ? budget(a, m) : "",
				};
				const char *again[] = {focus_again, strategy_again, NULL, NULL, NULL, NULL};
				size_t rule = s == 0 && r == 0 ? 0 : r == 0 ? 1 : 2;
				pdf_table_row(d, row, again, rule, false);
			}
		}
	}
	const char *total[] = {"", "", arena_printf(a, "%s %s", _("Budget for area"), ar->number), "",
			       "", pdf_money(a, area_budget_total(ar))};
	pdf_table_row(d, total, NULL, 0, true);
	pdf_table_end(d);
}

static void free_sections(struct pdf_doc *d, const struct plan *p)
{
	for (size_t i = 0; i < p->sections.count; i++) {
		const struct section *s = &p->sections.items[i];
		pdf_heading(d, 1, s->title);
		for (size_t k = 0; k < s->entries.count; k++) {
			const struct section_entry *en = &s->entries.items[k];
			if (*en->title)
				pdf_heading(d, 3, en->title);
			pdf_text(d, PDF_BODY, 0, en->text);
		}
	}
}

int pdf_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		    struct err *e)
{
	struct arena own = ARENA_INIT;
	struct arena *a = o && o->a ? o->a : &own;
	struct pdf_doc *d = pdf_begin(out, p->title, p->owner, o ? o->lang : "nn");
	title_page(d, a, p);
	pdf_space(d, 16);
	overview(d, a, p);
	for (size_t i = 0; i < p->areas.count; i++) {
		pdf_new_page(d);
		area_section(d, a, &p->areas.items[i]);
	}
	if (p->sections.count)
		pdf_new_page(d);
	free_sections(d, p);
	int rc = pdf_end(d, e);
	arena_release(&own);
	return rc;
}
