/*
 * page_plan.c: GET /plan/{slug} - the plan as a document a council would
 * publish: title and adoption, values, vision and main goal, a budget
 * overview, then per area its goals and one table of focus, strategy,
 * measure, period, responsibility and budget; then the free sections.
 *
 * A status report changes only a measure's state on this page, and reports
 * come in a hundred a second in a reporting round while the page is read.
 * So the page's text is rendered with a marker where each state goes and
 * kept (cache.h, a part of the page, at the plan's content version, which
 * reports do not raise); a new report costs the states read again and
 * filled in, not the plan loaded and rendered again.
 */
#include "web/html.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/pages.h"
#include "web/personal.h"
#include "formats/chart.h"
#include "formats/json.h"
#include "model/list.h"
#include "model/plan.h"
#include "model/round.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/shared.h"

#include <stdlib.h>
#include <string.h>

/* The measures a filtered page shows (ids sorted), or NULL: all. */
struct shown {
	const int64_t *ids;
	size_t n;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool shows(const struct shown *sh, int64_t id)
{
	return !sh || bsearch(&id, sh->ids, sh->n, sizeof *sh->ids, cmp_id) != NULL;
}

/* How the measure tables are rendered. */
struct view {
	struct arena *a;
	const struct shown *sh; /* NULL: every measure */
	bool mark_states;       /* a marker where each measure's state goes */
};

/* Where measure id's state goes: ESC S id ESC (data never holds ESC). */
#define STATE_MARK PERSONAL_MARK "S"

/* Rows a focus takes in its area's table: one per measure, and one for a
 * strategy that has none. */
static size_t strategy_rows(const struct strategy *s)
{
	return s->measures.count ? s->measures.count : 1;
}

static size_t focus_rows(const struct focus *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->strategies.count; i++)
		n += strategy_rows(&f->strategies.items[i]);
	return n ? n : 1;
}

static void responsibility_cell(struct html *h, const struct measure *m)
{
	html_printf(h, "<td class=\"resp\" data-label=\"%s\">", _("Responsible and taking part"));
	if (!m->responsible.count && !m->participants.count) {
		html_text(h, m->responsibility_text);
	} else {
		if (m->responsible.count) {
			html_printf(h, "<p><span class=\"label\">%s</span> ", _("Responsible:"));
			html_org_links(h, &m->responsible);
			html_lit(h, "</p>");
		}
		if (m->participants.count) {
			html_printf(h, "<p><span class=\"label\">%s</span> ", _("Taking part:"));
			html_org_links(h, &m->participants);
			html_lit(h, "</p>");
		}
	}
	html_lit(h, "</td>");
}

static void budget_cell(struct html *h, const struct measure *m)
{
	html_printf(h, "<td class=\"num budget\" data-label=\"%s\">", _("Budget"));
	for (size_t i = 0; i < m->budget.count; i++) {
		if (i)
			html_lit(h, "<br>");
		html_budget_line(h, &m->budget.items[i]);
	}
	html_lit(h, "</td>");
}

static void measure_cells(struct html *h, const struct view *v, const struct measure *m)
{
	/* data-label: the column's name, shown beside each value where the
	 * table is read as one card per measure (a phone, paper). */
	html_printf(h, "<td class=\"measure\" data-label=\"%s\">", _("Measure"));
	html_paragraphs(h, m->text);
	/* The state in words (and colour), and a link that says which
	 * measure it leads to when read out of context. */
	html_lit(h, "<p class=\"measure-state\">");
	if (v->mark_states)
		html_printf(h, STATE_MARK "%lld" PERSONAL_MARK, (long long)m->id);
	else
		html_state(h, m->state);
	html_printf(h, " <a class=\"more\" href=\"/measure/%lld\">%s<span class=\"visually-hidden\">: %s</span></a></p>",
		    (long long)m->id, _("Status and reports"), html_first_words(v->a, m->text, 6, 60));
	html_printf(h, "</td><td class=\"period\" data-label=\"%s\">", _("When"));
	html_period(h, m);
	html_lit(h, "</td>");
	responsibility_cell(h, m);
	budget_cell(h, m);
}

/* Measures of s the page shows. */
static size_t shown_in_strategy(const struct strategy *s, const struct shown *sh)
{
	size_t n = 0;
	for (size_t i = 0; i < s->measures.count; i++)
		n += shows(sh, s->measures.items[i].id);
	return n;
}

static size_t shown_in_focus(const struct focus *f, const struct shown *sh)
{
	size_t n = 0;
	for (size_t i = 0; i < f->strategies.count; i++)
		n += shown_in_strategy(&f->strategies.items[i], sh);
	return n;
}

static size_t shown_in_area(const struct area *ar, const struct shown *sh)
{
	size_t n = 0;
	for (size_t i = 0; i < ar->focuses.count; i++)
		n += shown_in_focus(&ar->focuses.items[i], sh);
	return n;
}

/* The rows of a filtered table: only strategies with a measure shown, one
 * row per measure shown. */
static void filtered_rows(struct html *h, const struct view *v, const struct area *ar)
{
	const struct shown *sh = v->sh;
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		size_t focus_n = shown_in_focus(fo, sh);
		bool first_of_focus = true;
		for (size_t s = 0; focus_n && s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			size_t rows = shown_in_strategy(st, sh);
			bool first_of_strategy = true;
			for (size_t m = 0; rows && m < st->measures.count; m++) {
				if (!shows(sh, st->measures.items[m].id))
					continue;
				html_lit(h, "<tr");
				if (first_of_focus)
					html_lit(h, " class=\"focus-start\"");
				html_lit(h, ">");
				if (first_of_focus)
					html_printf(h, "<th scope=\"rowgroup\" class=\"focus\" rowspan=\"%zu\" data-label=\"%s\">%s</th>",
						    focus_n, _("Focus"), fo->title);
				if (first_of_strategy) {
					html_printf(h, "<td class=\"strategy\" rowspan=\"%zu\" data-label=\"%s\">",
						    rows, _("Strategy (how)"));
					html_paragraphs(h, st->text);
					html_lit(h, "</td>");
				}
				measure_cells(h, v, &st->measures.items[m]);
				html_lit(h, "</tr>\n");
				first_of_focus = first_of_strategy = false;
			}
		}
	}
}

static void area_table(struct html *h, const struct view *v, const struct area *ar,
		       size_t index)
{
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"area-%zu-caption\">"
		       "<table class=\"measures\"><caption id=\"area-%zu-caption\">%s %s</caption>",
		    index, index, _("Measures in area"), ar->number);
	html_printf(h, "<thead><tr><th scope=\"col\" class=\"focus\">%s</th>"
		       "<th scope=\"col\" class=\"strategy\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n<tbody>",
		    _("Focus"), _("Strategy (how)"), _("Measure"), _("When"),
		    _("Responsible and taking part"), _("Budget"));
	if (v->sh) {
		filtered_rows(h, v, ar);
		html_lit(h, "</tbody></table></div>\n");
		return;
	}
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		bool first_of_focus = true;
		if (fo->strategies.count == 0)
			html_printf(h, "<tr class=\"focus-start\"><th scope=\"row\" class=\"focus\">%s</th>"
				       "<td colspan=\"5\"></td></tr>", fo->title);
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			size_t rows = strategy_rows(st);
			for (size_t r = 0; r < rows; r++) {
				html_lit(h, "<tr");
				if (first_of_focus)
					html_lit(h, " class=\"focus-start\"");
				html_lit(h, ">");
				if (first_of_focus)
					html_printf(h, "<th scope=\"rowgroup\" class=\"focus\" rowspan=\"%zu\" data-label=\"%s\">%s</th>",
						    focus_rows(fo), _("Focus"), fo->title);
				if (r == 0) {
					html_printf(h, "<td class=\"strategy\" rowspan=\"%zu\" data-label=\"%s\">",
						    rows, _("Strategy (how)"));
					html_paragraphs(h, st->text);
					html_lit(h, "</td>");
				}
				if (st->measures.count)
					measure_cells(h, v, &st->measures.items[r]);
				else
					html_lit(h, "<td></td><td></td><td></td><td></td>");
				html_lit(h, "</tr>\n");
				first_of_focus = false;
			}
		}
	}
	html_printf(h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">%s %s</th>"
		       "<td class=\"num\">",
		    _("Budget for area"), ar->number);
	html_money(h, area_budget_total(ar));
	html_lit(h, "</td></tr></tfoot></table></div>\n");
	struct budget_notes notes;
	budget_notes_of(v->a, NULL, ar, &notes);
	html_budget_notes(h, &notes);
}

static void area_section(struct html *h, const struct view *v, const struct area *ar,
			 size_t index)
{
	if (v->sh && !shown_in_area(ar, v->sh))
		return;
	html_printf(h, "<section class=\"area\" id=\"area-%zu\" aria-labelledby=\"area-%zu-title\">"
		       "<h2 id=\"area-%zu-title\"><span class=\"num\">%s</span> %s</h2>\n",
		    index, index, index, ar->number, ar->title);
	if (ar->goals.count) {
		html_printf(h, "<div class=\"goals\"><h3>%s</h3><ul>", _("Goals"));
		for (size_t g = 0; g < ar->goals.count; g++)
			html_printf(h, "<li id=\"goal-%lld\">%s</li>", (long long)ar->goals.items[g].id,
				    ar->goals.items[g].text);
		html_lit(h, "</ul></div>\n");
	}
	if (ar->focuses.count)
		area_table(h, v, ar, index);
	html_lit(h, "</section>\n");
}

static void overview(struct html *h, struct arena *a, const struct plan *p)
{
	html_printf(h, "<section class=\"overview\" aria-labelledby=\"overview-title\">"
		       "<h2 id=\"overview-title\">%s</h2><div class=\"table-scroll\">"
		       "<table class=\"budget\"><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "</tr></thead><tbody>",
		    _("Areas and budget"), _("Area"), _("Measures"), _("Budget"));
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		html_printf(h, "<tr><td><a href=\"#area-%zu\">%s. %s</a></td><td class=\"num\">%zu</td>"
			       "<td class=\"num\">",
			    i + 1, ar->number, ar->title, area_count_measures(ar));
		html_money(h, area_budget_total(ar));
		html_lit(h, "</td></tr>");
	}
	html_printf(h, "</tbody><tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">%zu</td>"
		       "<td class=\"num\">",
		    _("In all"), plan_count_measures(p));
	html_money(h, plan_budget_total(p));
	html_lit(h, "</td></tr></tfoot></table></div>");
	struct budget_notes notes;
	budget_notes_of(a, p, NULL, &notes);
	html_budget_notes(h, &notes);
	html_lit(h, "</section>\n");
}

/* The budget per area as a chart (its numbers: the overview's table), and
 * per area and year with its own table when the budget lines give years. */
static void overview_charts(struct html *h, struct arena *a, struct plan *p)
{
	if (!p->areas.count)
		return;
	int64_t *planned = arena_array(a, p->areas.count, sizeof *planned);
	for (size_t i = 0; i < p->areas.count; i++)
		planned[i] = area_budget_total(&p->areas.items[i]);
	struct buf svg = BUF_INIT;
	chart_budget(&svg, "chart-budget", p, planned, NULL);
	html_lit(h, "<figure class=\"chart\">");
	html_svg(h, &svg);
	html_lit(h, "</figure>\n");
	struct buf years_svg = BUF_INIT;
	if (!chart_budget_years(&years_svg, "chart-years", p))
		return;
	int years[12];
	size_t ny = plan_budget_years(p, years, 12);
	html_printf(h, "<section class=\"overview-years\" aria-labelledby=\"years-title\">"
		       "<h3 id=\"years-title\">%s</h3><figure class=\"chart\">",
		    _("Budget per area and year"));
	html_svg(h, &years_svg);
	html_printf(h, "</figure><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"years-title\">"
		       "<table class=\"budget\"><thead><tr><th scope=\"col\">%s</th>",
		    _("Area"));
	for (size_t k = 0; k < ny; k++) {
		if (years[k])
			html_printf(h, "<th scope=\"col\" class=\"num\">%d</th>", years[k]);
		else
			html_printf(h, "<th scope=\"col\" class=\"num\">%s</th>", _("Year not given"));
	}
	html_printf(h, "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>", _("In all"));
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		html_printf(h, "<tr><th scope=\"row\">%s. %s</th>", ar->number, ar->title);
		for (size_t k = 0; k < ny; k++) {
			html_lit(h, "<td class=\"num\">");
			html_money(h, area_budget_in_year(ar, years[k]));
			html_lit(h, "</td>");
		}
		html_lit(h, "<td class=\"num\">");
		html_money(h, area_budget_total(ar));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></div></section>\n");
}

static void sections(struct html *h, const struct plan *p)
{
	for (size_t i = 0; i < p->sections.count; i++) {
		const struct section *s = &p->sections.items[i];
		html_printf(h, "<section class=\"free\" id=\"section-%zu\"><h2>%s</h2>", i + 1, s->title);
		bool open_dl = false;
		for (size_t k = 0; k < s->entries.count; k++) {
			const struct section_entry *e = &s->entries.items[k];
			if (*e->title) {
				if (!open_dl)
					html_lit(h, "<dl class=\"entries\">");
				open_dl = true;
				html_printf(h, "<div><dt>%s</dt><dd>", e->title);
				html_paragraphs(h, e->text);
				html_lit(h, "</dd></div>");
			} else {
				if (open_dl)
					html_lit(h, "</dl>");
				open_dl = false;
				html_lit(h, "<div class=\"paragraph\">");
				html_paragraphs(h, e->text);
				html_lit(h, "</div>");
			}
		}
		if (open_dl)
			html_lit(h, "</dl>");
		html_lit(h, "</section>\n");
	}
}

static void plan_header(struct html *h, const struct plan *p)
{
	const char *kind = strcmp(p->kind, "regional") == 0 ? _("Regional plan") : _("Action plan");
	html_printf(h, "<header class=\"plan-head\"><p class=\"kicker\">%s", kind);
	if (p->owner)
		html_printf(h, " · %s", p->owner);
	html_printf(h, "</p><h1>%s</h1>", p->title);
	html_lit(h, "<p class=\"status\">");
	/* The plan says what it is; a published plan is never called a
	 * draft (it may simply not be adopted yet). */
	if (p->status == PLAN_ADOPTED) {
		html_printf(h, "<span class=\"badge adopted\">%s</span> %s ", _("Adopted"),
			    p->adopted_by ? p->adopted_by : "");
		if (p->adopted_on)
			html_date(h, p->adopted_on);
	} else if (p->status == PLAN_CONSULTATION) {
		html_printf(h, "<span class=\"badge draft\">%s</span>", _("Out for consultation"));
	} else if (p->status == PLAN_ARCHIVED) {
		html_printf(h, "<span class=\"badge\">%s</span>", _("Archived"));
	} else if (!p->published) {
		html_printf(h, "<span class=\"badge draft\">%s</span>", _("Draft"));
	}
	if (!p->published)
		html_printf(h, " <span class=\"badge unpublished\">%s</span>", _("Not published"));
	html_printf(h, " · <a href=\"/plan/%s/status\">%s</a> · <a href=\"/plan/%s.json\">%s</a>"
		       " · <a href=\"/plan/%s.pdf\" type=\"application/pdf\">%s</a></p>",
		    p->slug, _("Follow-up: status of every measure"), p->slug, _("Open data (JSON)"),
		    p->slug, _("The plan as PDF"));
	/* The licence of the open data (the export's "licence"). */
	const char *licence = p->licence && strcmp(p->licence, "CC-BY-4.0") == 0 ? "CC-BY-4.0" : "NLOD-2.0";
	html_printf(h, "<p class=\"licence\">%s <a rel=\"license\" href=\"%s\">%s</a></p></header>\n",
		    _("Open data under the licence"), json_licence_url(licence),
		    strcmp(licence, "CC-BY-4.0") == 0 ? "Creative Commons Navngivelse 4.0 (CC BY 4.0)"
						      : "Norsk lisens for offentlige data (NLOD) 2.0");

	if (p->values || p->vision || p->main_goal) {
		html_lit(h, "<dl class=\"lead\">");
		if (p->values)
			html_printf(h, "<div><dt>%s</dt><dd>%s</dd></div>", _("Values"), p->values);
		if (p->vision)
			html_printf(h, "<div><dt>%s</dt><dd>%s</dd></div>", _("Vision"), p->vision);
		if (p->main_goal)
			html_printf(h, "<div><dt>%s</dt><dd>%s</dd></div>", _("Main goal"), p->main_goal);
		html_lit(h, "</dl>\n");
	}
}

int plan_for_request(struct request *rq, struct response *rs, enum action act,
		     bool tree, struct plan **out)
{
	const char *slug = request_param(rq, "slug");
	struct err e = ERR_INIT;
	struct perm_target t = {0};
	*out = NULL;
	if (!slug || !plan_slug_valid(slug))
		return page_error(rq, rs, 404, NULL), ERR;
	int rc = tree ? plan_load(rq->db, &rq->arena, slug, out, &e)
		      : plan_load_head(rq->db, &rq->arena, slug, out, &e);
	if (rc == OK)
		rc = perm_load_owner(rq->db, &rq->arena, (*out)->owner_id, &t, &e);
	if (rc != OK) {
		page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL);
		return ERR;
	}
	t.published = (*out)->published;
	if (auth_require(rq, rs, ACT_READ_PLAN, &t) != OK ||
	    (act != ACT_READ_PLAN && auth_require(rq, rs, act, &t) != OK)) {
		*out = NULL;
		return ERR;
	}
	return OK;
}

/* Edit and publish buttons, for those who may. */
static void actions(struct html *h, const struct request *rq, const struct plan *p)
{
	struct perm_target t = {.owner_id = p->owner_id, .published = p->published};
	bool edit = perm_allows(&rq->actor, ACT_EDIT_PLAN, &t);
	bool publish = perm_allows(&rq->actor, ACT_PUBLISH_PLAN, &t);
	if (!edit && !publish)
		return;
	html_printf(h, "<nav class=\"actions\" aria-label=\"%s\">", _("Plan actions"));
	if (edit)
		html_printf(h, "<a class=\"button\" href=\"/plan/%s/edit\">%s</a>"
			       "<a class=\"button\" href=\"/plan/%s/structure\">%s</a>"
			       "<a class=\"button\" href=\"/plan/%s/history\">%s</a>",
			    p->slug, _("Edit the plan's facts and texts"), p->slug,
			    _("Edit the plan's structure"), p->slug, _("History"));
	if (edit && p->year && strcmp(p->kind, "action") == 0)
		html_printf(h, "<a class=\"button\" href=\"/plan/%s/rollover\">%s</a>", p->slug,
			    _("Roll over to next year"));
	if (publish && rq->actor.csrf) {
		html_printf(h, "<form method=\"post\" action=\"/plan/%s/%s\">", p->slug,
			    p->published ? "unpublish" : "publish");
		html_csrf(h, rq);
		html_printf(h, "<button type=\"submit\">%s</button></form>",
			    p->published ? _("Unpublish") : _("Publish"));
	}
	html_lit(h, "</nav>\n");
}

/* The plan's year: its dates and its rounds' deadlines (model/round.h),
 * with the editors' links to add, change and remove dates. */
static void year_section(struct html *h, struct request *rq, const struct plan *p)
{
	year_date_list l;
	struct err e = ERR_INIT;
	struct perm_target pt = {.owner_id = p->owner_id, .published = p->published};
	bool may_edit = rq->actor.csrf && perm_allows(&rq->actor, ACT_EDIT_PLAN, &pt);
	if (round_year(rq->db, &rq->arena, p->id, &l, &e) != OK || (!l.count && !may_edit))
		return;
	html_printf(h, "<section class=\"year\" id=\"dates\" aria-labelledby=\"dates-title\">"
		       "<h2 id=\"dates-title\">%s</h2>", _("The year's dates"));
	if (l.count)
		html_lit(h, "<ul class=\"records\">");
	for (size_t i = 0; i < l.count; i++) {
		const struct year_date *d = &l.items[i];
		bool round = strcmp(d->kind, "round") == 0;
		html_lit(h, "<li>");
		html_date(h, d->on);
		if (round)
			html_printf(h, " <a href=\"/round/%lld\">%s</a> <span class=\"meta\">%s</span>",
				    (long long)d->id, d->title, _("Reporting deadline"));
		else
			html_printf(h, " %s <span class=\"meta\">%s</span>", d->title,
				    node_code_label("kind", d->kind));
		if (may_edit && !round)
			html_printf(h, " <a href=\"/date/%lld/edit\">%s<span class=\"visually-hidden\"> %s</span></a>"
				       " <a href=\"/date/%lld/delete\">%s<span class=\"visually-hidden\"> %s</span></a>",
				    (long long)d->id, _("Edit"), d->title, (long long)d->id, _("Delete"), d->title);
		html_lit(h, "</li>");
	}
	if (l.count)
		html_lit(h, "</ul>");
	if (may_edit)
		html_printf(h, "<p><a href=\"/plan/%s/new/date\">%s</a> · <a href=\"/plan/%s/rounds\">%s</a></p>",
			    p->slug, _("Add a date"), p->slug, _("Reporting rounds"));
	html_lit(h, "</section>\n");
}

/* The page of plan p (its tree loaded) into rs; each measure's state is
 * a marker when v says so. */
static void render(struct request *rq, struct response *rs, struct plan *p,
		   const struct list_filter *f, const struct view *v)
{
	struct html h = HTML_INIT;
	/* A published plan has a feed of its changes and reports. */
	html_begin_feed(&h, rq, p->title,
			p->published ? arena_printf(&rq->arena, "/plan/%s.atom", p->slug) : NULL);
	html_lit(&h, "<article class=\"plan\">\n");
	plan_header(&h, p);
	actions(&h, rq, p);
	follow_button(&h, rq, "plan", p->id);
	if (p->published)
		follow_by_mail_form(&h, rq, p->slug);
	overview(&h, &rq->arena, p);
	overview_charts(&h, &rq->arena, p);
	const char *action = arena_printf(&rq->arena, "/plan/%s", p->slug);
	follow_filter_form(&h, rq, p, f, action, false);
	if (v->sh)
		html_printf(&h, "<p class=\"filtered\" role=\"status\">%s</p>",
			    arena_printf(&rq->arena, _("Showing %zu of %zu measures."), v->sh->n,
					 plan_count_measures(p)));
	for (size_t i = 0; i < p->areas.count; i++)
		area_section(&h, v, &p->areas.items[i], i + 1);
	sections(&h, p);
	year_section(&h, rq, p);
	record_decisions_behind(&h, rq, NODE_PLAN, p->id);
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
}

/* rs's page from text (len bytes, rendered with mark_states) and the
 * current states of plan's measures. Other markers (personal.h) stay. */
static int fill_states(struct request *rq, struct response *rs, const char *text, size_t len,
		       int64_t plan)
{
	measure_state_list states;
	struct err e = ERR_INIT;
	if (plan_measure_states(rq->db, &rq->arena, plan, &states, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	for (size_t i = 0; i < len;) {
		size_t end, at = personal_next(text, len, i, &end);
		html_raw_(&h, text + i, at - i);
		if (at + 1 < len && text[at + 1] == 'S') {
			const struct measure_state *m =
				measure_state_find(&states, strtoll(text + at + 2, NULL, 10));
			html_state(&h, m ? m->state : NULL);
		} else {
			html_raw_(&h, text + at, end - at); /* the reader's: personal.c */
		}
		i = end;
	}
	html_finish(&h, rs);
	return 200;
}

/* GET /plan/{slug}: the plan as a document. Anyone may read a published
 * plan; a draft needs a role in its council (else 404, so its existence is
 * not given away). */
int page_plan(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct list_filter f;
	struct shown filtered;
	struct view v = {&rq->arena, NULL, false};
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK ||
	    follow_filter(rq, rs, &f) != OK)
		return rs->status;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	/* Filtered by organisation, state or year: only those measures. */
	if (f.org_id || f.state || f.year) {
		f.plan_id = p->id;
		if (list_measure_ids(rq->db, &rq->arena, &rq->actor, &f, &filtered.ids, &filtered.n,
				     &e) != OK)
			return page_error_from(rq, rs, &e);
		qsort((void *)filtered.ids, filtered.n, sizeof *filtered.ids, cmp_id);
		v.sh = &filtered;
	}
	/* The text kept from an earlier render, when nothing but reports
	 * changed since (a filtered page depends on the states: never). */
	struct shared *text = NULL;
	bool mine = !v.sh && page_cache_part_claim(rq, "text", p->content_version, &text);
	int64_t content_version = p->content_version;
	if (!text && plan_load(rq->db, &rq->arena, p->slug, &p, &e) != OK) {
		if (mine)
			page_cache_part_give_up(rq, "text");
		return page_error_from(rq, rs, &e);
	}
	if (!text) {
		/* This request makes the text (marked) when it claimed it;
		 * otherwise (filtered, or not for the cache) the page whole. */
		v.mark_states = mine;
		render(rq, rs, p, &f, &v);
		if (!mine)
			return 200;
		text = page_cache_part_keep(rq, "text", content_version, rs->body.data, rs->body.len);
	}
	int status = fill_states(rq, rs, shared_data(text), shared_len(text), p->id);
	shared_release(text);
	return status;
}
