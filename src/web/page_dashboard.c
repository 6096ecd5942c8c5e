/*
 * page_dashboard.c: a plan's follow-up dashboard and the lists behind its
 * figures, and what the follow-up pages (this one, page_mine.c,
 * page_org.c) share: the filter read from the query string, the table of
 * measures and the page links.
 *
 * Every figure comes from model/list.c, which decides visibility in SQL the
 * way perm_allows does; the budget planned comes from the plan's own sums
 * (plan.h), so it is the figure the plan page shows.
 */
#include "web/html.h"
#include "web/pages.h"
#include "formats/chart.h"
#include "model/list.h"
#include "model/round.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_ROWS 50

/* --- the shared parts --- */

/* The query argument name as a whole number from lo to hi; absent or empty
 * leaves *out alone. False when it is something else. */
static bool query_int(const struct request *rq, const char *name, long lo, long hi, long *out)
{
	const char *v = request_query(rq, name);
	if (!v || !*v)
		return true;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

int follow_filter(struct request *rq, struct response *rs, struct list_filter *f)
{
	long org = 0, area = 0, year = 0, days = LIST_SILENT_DAYS, late = 0, silent = 0, page = 1;
	memset(f, 0, sizeof *f);
	const char *state = request_query(rq, "state");
	enum report_state s;
	if (state && *state && strcmp(state, LIST_STATE_NONE) != 0 &&
	    report_state_parse(state, &s) != OK)
		return page_error(rq, rs, 400, _("There is no such state.")), ERR;
	if (!query_int(rq, "org", 0, INT64_MAX / 2, &org) || !query_int(rq, "area", 0, INT64_MAX / 2, &area))
		return page_error(rq, rs, 400, NULL), ERR;
	if (!query_int(rq, "year", 0, 9999, &year))
		return page_error(rq, rs, 400, _("There is no such year.")), ERR;
	if (!query_int(rq, "days", 1, 36600, &days))
		return page_error(rq, rs, 400,
				  _("Give the number of days as a whole number from 1 to 36600.")), ERR;
	if (!query_int(rq, "late", 0, 1, &late) || !query_int(rq, "silent", 0, 1, &silent) ||
	    !query_int(rq, "page", 1, 1000000, &page))
		return page_error(rq, rs, 400, NULL), ERR;
	f->org_id = org;
	f->area_id = area;
	f->year = (int)year;
	f->state = state && *state ? state : NULL;
	f->silent_days = (int)days;
	f->only_late = late != 0;
	f->only_silent = silent != 0;
	f->limit = PAGE_ROWS;
	f->offset = (int)((page - 1) * PAGE_ROWS);
	return OK;
}

const char *follow_query(struct request *rq, const struct list_filter *f)
{
	/* Only checked values go in: numbers and a known state code. */
	struct arena *a = &rq->arena;
	const char *q = "";
	if (f->state)
		q = arena_printf(a, "%sstate=%s&", q, f->state);
	if (f->org_id)
		q = arena_printf(a, "%sorg=%lld&", q, (long long)f->org_id);
	if (f->area_id)
		q = arena_printf(a, "%sarea=%lld&", q, (long long)f->area_id);
	if (f->year)
		q = arena_printf(a, "%syear=%d&", q, f->year);
	if (f->silent_days && f->silent_days != LIST_SILENT_DAYS)
		q = arena_printf(a, "%sdays=%d&", q, f->silent_days);
	if (f->only_late)
		q = arena_printf(a, "%slate=1&", q);
	if (f->only_silent)
		q = arena_printf(a, "%ssilent=1&", q);
	size_t n = strlen(q);
	return n ? arena_strndup(a, q, n - 1) : q;
}

void follow_table(struct html *h, struct request *rq, const struct measure_page *pg,
		  const char *id, const char *caption, unsigned flags)
{
	if (!pg->rows.count) {
		html_printf(h, "<p class=\"empty\" id=\"%s-caption\">%s</p>", id, _("No measures."));
		return;
	}
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"%s-caption\">"
		       "<table class=\"follow\"><caption id=\"%s-caption\">%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th>",
		    id, id, caption, _("Measure"));
	if (flags & FOLLOW_PLAN)
		html_printf(h, "<th scope=\"col\">%s</th>", _("Plan and area"));
	else
		html_printf(h, "<th scope=\"col\">%s</th>", _("Area"));
	html_printf(h, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
		    _("State"), _("Last report"), _("When"), _("Responsible"), _("Budget"));
	if (flags & FOLLOW_REPORT)
		html_printf(h, "<th scope=\"col\">%s</th>", _("Report"));
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < pg->rows.count; i++) {
		const struct list_row *r = &pg->rows.items[i];
		if (r->late || r->silent)
			html_lit(h, "<tr class=\"attention\">");
		else
			html_lit(h, "<tr>");
		html_printf(h, "<th scope=\"row\" class=\"measure\"><a href=\"/measure/%lld\">%s</a></th>",
			    (long long)r->m.id, html_first_words(&rq->arena, r->m.text, 30, 140));
		html_lit(h, "<td>");
		if (flags & FOLLOW_PLAN)
			html_printf(h, "<a href=\"/plan/%s\">%s</a><br>", r->plan_slug, r->plan_title);
		html_printf(h, "%s. %s</td><td>", r->area_number, r->area_title);
		html_state(h, r->state);
		if (r->progress >= 0)
			html_printf(h, " <span class=\"progress\">%d %%</span>", r->progress);
		html_lit(h, "</td><td>");
		if (r->reported_on)
			html_date(h, r->reported_on);
		else
			html_printf(h, "%s", _("Never"));
		if (r->silent)
			html_printf(h, "<br><span class=\"flag silent\">%s</span>",
				    arena_printf(&rq->arena, _("No report in %d days"),
						 pg->silent_days));
		html_printf(h, "</td><td>%s", *r->m.period_text ? r->m.period_text : "–");
		if (r->late)
			html_printf(h, "<br><span class=\"flag late\">%s</span>",
				    _("Period ended, not done"));
		html_lit(h, "</td><td>");
		html_org_links(h, &r->m.responsible);
		html_lit(h, "</td><td class=\"num\">");
		bool any = false;
		for (size_t b = 0; b < r->m.budget.count; b++)
			any |= r->m.budget.items[b].has_amount;
		if (any)
			html_money(h, measure_budget_total(&r->m));
		else
			html_printf(h, "<span class=\"none\" title=\"%s\">–</span>", _("No amount"));
		html_lit(h, "</td>");
		if (flags & FOLLOW_REPORT)
			html_printf(h, "<td><a href=\"/measure/%lld#new-report\">%s</a></td>",
				    (long long)r->m.id,
				    arena_printf(&rq->arena, _("Report on «%s»"),
						 html_first_words(&rq->arena, r->m.text, 5, 40)));
		html_lit(h, "</tr>\n");
	}
	html_lit(h, "</tbody></table></div>\n");
}

void follow_pager(struct html *h, struct request *rq, const struct measure_page *pg,
		  const char *query)
{
	if (pg->total <= pg->limit && pg->offset == 0)
		return;
	long long pages = (long long)((pg->total + pg->limit - 1) / pg->limit);
	long long page = pg->offset / pg->limit + 1;
	html_printf(h, "<nav class=\"pager\" aria-label=\"%s\"><p>", _("Pages"));
	if (page > 1)
		html_printf(h, "<a href=\"?%s%spage=%lld\" rel=\"prev\">%s</a> ", query, *query ? "&" : "", page - 1,
			    _("Previous page"));
	html_printf(h, "<span>%s</span>",
		    arena_printf(&rq->arena, _("Page %lld of %lld"), page,
				 pages ? pages : 1));
	if (page < pages)
		html_printf(h, " <a href=\"?%s%spage=%lld\" rel=\"next\">%s</a>", query, *query ? "&" : "", page + 1,
			    _("Next page"));
	html_lit(h, "</p></nav>\n");
}

/* --- the dashboard --- */

static bool contains(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Sums the budgets of the measures of an area that are in a set. */
struct planned {
	const int64_t *ids;
	size_t n;
	int64_t sum;
};

static void add_planned(struct measure *m, void *ctx)
{
	struct planned *pl = ctx;
	if (contains(pl->ids, pl->n, m->id))
		pl->sum += measure_budget_total(m);
}

/* The budget planned for ar: the plan's own sum (area_budget_total), or
 * with a filter the sum over the measures it leaves (measure_budget_total). */
static int64_t planned_for(struct area *ar, const int64_t *ids, size_t n, bool filtered)
{
	if (!filtered)
		return area_budget_total(ar);
	struct planned pl = {ids, n, 0};
	area_each_measure(ar, add_planned, &pl);
	return pl.sum;
}

static int64_t planned_all(struct plan *p, const int64_t *ids, size_t n, bool filtered)
{
	if (!filtered)
		return plan_budget_total(p);
	int64_t sum = 0;
	for (size_t i = 0; i < p->areas.count; i++)
		sum += planned_for(&p->areas.items[i], ids, n, true);
	return sum;
}


/* The address of the list of plan p's measures that f picks out. */
static const char *list_href(struct request *rq, const struct plan *p, const struct list_filter *f)
{
	const char *q = follow_query(rq, f);
	return arena_printf(&rq->arena, "/plan/%s/status/list%s%s", p->slug, *q ? "?" : "", q);
}

/* What a figure links to: the dashboard's filter narrowed to one cell. */
struct cell {
	const char *state; /* NULL: any */
	int64_t area;      /* 0: all */
	bool late, silent;
};

static void count_cell(struct html *h, struct request *rq, const struct plan *p,
		       const struct list_filter *f, struct cell c, size_t n)
{
	if (!n) {
		html_lit(h, "<td class=\"num zero\">0</td>");
		return;
	}
	struct list_filter g = *f;
	if (c.state)
		g.state = c.state;
	g.area_id = c.area;
	g.only_late = c.late;
	g.only_silent = c.silent;
	html_printf(h, "<td class=\"num\"><a href=\"%s\">%zu</a></td>", list_href(rq, p, &g), n);
}

void follow_filter_form(struct html *h, struct request *rq, const struct plan *p,
			const struct list_filter *f, const char *action, bool with_days)
{
	list_org_list orgs;
	struct err e = ERR_INIT;
	if (list_plan_orgs(rq->db, &rq->arena, p->id, &orgs, &e) != OK)
		orgs.count = 0;
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"%s\"><fieldset><legend>%s</legend>",
		    action, _("Show only"));
	html_printf(h, "<div class=\"field\"><label for=\"f-org\">%s</label><select id=\"f-org\" name=\"org\">"
		       "<option value=\"\">%s</option>",
		    _("Organisation (also through a group it is a member of)"), _("All"));
	for (size_t i = 0; i < orgs.count; i++)
		html_printf(h, "<option value=\"%lld\"%s>%s</option>", (long long)orgs.items[i].id,
			    orgs.items[i].id == f->org_id ? " selected" : "", orgs.items[i].name);
	html_printf(h, "</select></div><div class=\"field\"><label for=\"f-state\">%s</label>"
		       "<select id=\"f-state\" name=\"state\"><option value=\"\">%s</option>",
		    _("State"), _("All"));
	for (int s = 0; s <= STATE_COUNT; s++) {
		const char *code = s < STATE_COUNT ? report_state_code((enum report_state)s) : LIST_STATE_NONE;
		html_printf(h, "<option value=\"%s\"%s>%s</option>", code,
			    f->state && strcmp(f->state, code) == 0 ? " selected" : "",
			    html_state_label(code));
	}
	html_printf(h, "</select></div><div class=\"field\"><label for=\"f-year\">%s</label>"
		       "<input id=\"f-year\" name=\"year\" type=\"number\" min=\"1900\" max=\"2200\" value=\"%s\"></div>",
		    _("Year"), f->year ? arena_printf(&rq->arena, "%d", f->year) : "");
	if (with_days)
		html_printf(h, "<div class=\"field\"><label for=\"f-days\">%s</label>"
			       "<input id=\"f-days\" name=\"days\" type=\"number\" min=\"1\" max=\"36600\" value=\"%d\"></div>",
			    _("Silent after (days without a report)"), f->silent_days);
	html_printf(h, "<div class=\"buttons\"><button type=\"submit\">%s</button> "
		       "<a href=\"%s\">%s</a></div></fieldset></form>\n",
		    _("Show"), action, _("Show all"));
}

/* --- the charts (formats/chart.c): each above the table that gives its
 * numbers, drawn from the same counts and sums --- */

static void state_chart(struct html *h, const struct plan *p, const list_counts_list *areas)
{
	struct buf svg = BUF_INIT;
	chart_states(&svg, "chart-states", p, areas);
	html_lit(h, "<figure class=\"chart\">");
	html_svg(h, &svg);
	html_lit(h, "</figure>");
}

static void budget_chart(struct html *h, struct request *rq, struct plan *p,
			 const list_counts_list *areas, const int64_t *ids, size_t n, bool filtered)
{
	int64_t *planned = arena_array(&rq->arena, p->areas.count + 1, sizeof *planned);
	int64_t *spent = arena_array(&rq->arena, p->areas.count + 1, sizeof *spent);
	for (size_t i = 0; i < p->areas.count; i++) {
		planned[i] = planned_for(&p->areas.items[i], ids, n, filtered);
		spent[i] = list_counts_of(areas, p->areas.items[i].id)->spent;
	}
	struct buf svg = BUF_INIT;
	chart_budget(&svg, "chart-budget", p, planned, spent);
	html_lit(h, "<figure class=\"chart\">");
	html_svg(h, &svg);
	html_lit(h, "</figure>");
}

/* When the measures run, with today marked; the periods themselves stand
 * in the plan's tables, linked below it. */
static void timeline_section(struct html *h, const struct plan *p)
{
	char today[11];
	struct buf svg = BUF_INIT;
	clock_today(today);
	if (!chart_timeline(&svg, "chart-timeline", p, today))
		return; /* nothing written: nothing to free */
	html_printf(h, "<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">%s</h2>",
		    _("When the measures run"));
	html_lit(h, "<figure class=\"chart\">");
	html_svg(h, &svg);
	html_printf(h, "</figure><p class=\"note\"><a href=\"/plan/%s\">%s</a></p></section>",
		    p->slug, _("Each measure's period stands in the plan's tables."));
}

static void state_table(struct html *h, struct request *rq, const struct plan *p,
			const struct list_filter *f, const list_counts_list *areas,
			const struct list_counts *all)
{
	html_printf(h, "<section aria-labelledby=\"by-state\"><h2 id=\"by-state\">%s</h2>",
		    _("Measures by state"));
	state_chart(h, p, areas);
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"by-state\">"
		       "<table class=\"dashboard\"><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th>",
		    _("Area"), _("Measures"));
	for (int s = 0; s < STATE_COUNT; s++) {
		html_lit(h, "<th scope=\"col\" class=\"num\">");
		html_state(h, report_state_code((enum report_state)s));
		html_lit(h, "</th>");
	}
	html_lit(h, "<th scope=\"col\" class=\"num\">");
	html_state(h, NULL);
	html_lit(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i <= p->areas.count; i++) {
		bool total = i == p->areas.count;
		const struct area *ar = total ? NULL : &p->areas.items[i];
		const struct list_counts *c = total ? all : list_counts_of(areas, ar->id);
		int64_t area = total ? 0 : ar->id;
		if (total)
			html_printf(h, "</tbody><tfoot><tr><th scope=\"row\">%s</th>", _("In all"));
		else
			html_printf(h, "<tr><th scope=\"row\">%s. %s</th>", ar->number, ar->title);
		count_cell(h, rq, p, f, (struct cell){NULL, area, false, false}, c->total);
		for (int s = 0; s < STATE_COUNT; s++)
			count_cell(h, rq, p, f,
				   (struct cell){report_state_code((enum report_state)s), area, false, false},
				   c->by_state[s]);
		count_cell(h, rq, p, f, (struct cell){LIST_STATE_NONE, area, false, false},
			   c->no_report);
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tfoot></table></div></section>\n");
}

static void attention_table(struct html *h, struct request *rq, const struct plan *p,
			    const struct list_filter *f, const list_counts_list *areas,
			    const struct list_counts *all)
{
	html_printf(h, "<section aria-labelledby=\"attention\"><h2 id=\"attention\">%s</h2>"
		       "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"attention\">"
		       "<table class=\"dashboard\"><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "</tr></thead><tbody>",
		    _("Needs attention"), _("Area"), _("Period ended, not done"),
		    arena_printf(&rq->arena, _("No report in %d days"), f->silent_days));
	for (size_t i = 0; i <= p->areas.count; i++) {
		bool total = i == p->areas.count;
		const struct area *ar = total ? NULL : &p->areas.items[i];
		const struct list_counts *c = total ? all : list_counts_of(areas, ar->id);
		int64_t area = total ? 0 : ar->id;
		if (total)
			html_printf(h, "</tbody><tfoot><tr><th scope=\"row\">%s</th>", _("In all"));
		else
			html_printf(h, "<tr><th scope=\"row\">%s. %s</th>", ar->number, ar->title);
		count_cell(h, rq, p, f, (struct cell){NULL, area, true, false}, c->late);
		count_cell(h, rq, p, f, (struct cell){NULL, area, false, true}, c->silent);
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tfoot></table></div></section>\n");
}

static void budget_table(struct html *h, struct request *rq, struct plan *p,
			 const struct list_filter *f, const list_counts_list *areas,
			 const struct list_counts *all, const int64_t *ids, size_t n,
			 bool filtered)
{
	(void)f;
	html_printf(h, "<section aria-labelledby=\"budget\"><h2 id=\"budget\">%s</h2>"
		       "<p class=\"note\" id=\"spent-note\">%s</p>",
		    _("Budget and spending"),
		    filtered ? _("Planned is the sum of the budget lines of the measures shown. Spent is the sum of what each measure's latest status report gives as spent so far.")
			     : _("Planned is the plan's budget. Spent is the sum of what each measure's latest status report gives as spent so far."));
	budget_chart(h, rq, p, areas, ids, n, filtered);
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"budget\">"
		       "<table class=\"dashboard\"><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		    _("Area"), _("Planned"), _("Spent"), _("Measures with an amount spent"));
	for (size_t i = 0; i <= p->areas.count; i++) {
		bool total = i == p->areas.count;
		struct area *ar = total ? NULL : &p->areas.items[i];
		const struct list_counts *c = total ? all : list_counts_of(areas, ar->id);
		if (total)
			html_printf(h, "</tbody><tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">", _("In all"));
		else
			html_printf(h, "<tr><th scope=\"row\">%s. %s</th><td class=\"num\">", ar->number, ar->title);
		html_money(h, total ? planned_all(p, ids, n, filtered) : planned_for(ar, ids, n, filtered));
		html_lit(h, "</td><td class=\"num\">");
		html_money(h, c->spent);
		html_printf(h, "</td><td class=\"num\">%zu</td></tr>", c->with_spent);
	}
	html_lit(h, "</tfoot></table></div></section>\n");
	(void)rq;
}

/* The plan's open reporting round, with how far it has come. */
static void open_rounds(struct html *h, struct request *rq, const struct plan *p)
{
	round_list rounds;
	struct err e = ERR_INIT;
	if (round_list_for_plan(rq->db, &rq->arena, p->id, &rounds, &e) != OK)
		return;
	for (size_t i = 0; i < rounds.count; i++) {
		const struct round *r = &rounds.items[i];
		if (r->closed_at)
			continue;
		html_printf(h, "<section aria-labelledby=\"open-round\"><h2 id=\"open-round\">%s</h2>"
			       "<p><a href=\"/round/%lld\">%s</a> · %s ",
			    _("Open reporting round"), (long long)r->id, r->name, _("Deadline"));
		html_date(h, r->deadline);
		html_printf(h, " · %s</p></section>",
			    arena_printf(&rq->arena, _("%lld of %lld measures reported"), (long long)r->reported,
					 (long long)r->measures));
	}
	html_printf(h, "<p><a href=\"/plan/%s/rounds\">%s</a> · <a href=\"/plan/%s/reports\">%s</a></p>",
		    p->slug, _("Reporting rounds"), p->slug, _("Frozen status reports"));
}

/* The follow-up points of the council's meetings that are past their date
 * and not done. */
static void late_followups(struct html *h, struct request *rq, const struct plan *p)
{
	record_summary_list l;
	struct err e = ERR_INIT;
	char today[11];
	clock_today(today);
	if (p->owner_id &&
	    record_council_late_followups(rq->db, &rq->arena, p->owner_id, today, &l, &e) == OK)
		followups_list(h, rq, &l, "late-followups", _("Late follow-up points from meetings"));
}

/* GET /plan/{slug}/status: the follow-up dashboard of a plan - per area and
 * in all, how many measures are in each state (and without a report), the
 * budget planned against spent, the late and the silent; every figure links
 * to the measures behind it. Filters: org, state, year; days (silence).
 * Readable by whoever may read the plan (plan_for_request). */
int page_dashboard(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct list_filter f;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, true, &p) != OK ||
	    follow_filter(rq, rs, &f) != OK)
		return rs->status;
	f.plan_id = p->id;
	f.area_id = 0;
	f.only_late = f.only_silent = false;
	bool filtered = f.org_id || f.state || f.year;
	list_counts_list areas;
	struct list_counts all;
	const int64_t *ids = NULL;
	size_t n = 0;
	if (list_count(rq->db, &rq->arena, &rq->actor, &f, &areas, &all, &e) != OK ||
	    (filtered && list_measure_ids(rq->db, &rq->arena, &rq->actor, &f, &ids, &n, &e) != OK))
		return page_error(rq, rs, e.kind == ERR_INPUT ? 400 : 500,
				  e.kind == ERR_INPUT ? e.msg : NULL);
	struct html h = HTML_INIT;
	html_begin(&h, rq, arena_printf(&rq->arena, "%s · %s", _("Status"), p->title));
	html_printf(&h, "<article class=\"dashboard\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>"
		       "<h1>%s</h1>",
		    p->slug, p->title, _("Status of the measures"));
	const char *action = arena_printf(&rq->arena, "/plan/%s/status", p->slug);
	follow_filter_form(&h, rq, p, &f, action, true);
	html_printf(&h, "<p class=\"summary\">%s ",
		    arena_printf(&rq->arena, _("Measures: %zu. Planned budget:"), all.total));
	html_money(&h, planned_all(p, ids, n, filtered));
	html_printf(&h, ". %s ", _("Spent so far:"));
	html_money(&h, all.spent);
	html_printf(&h, ". <a href=\"%s\">%s</a> · <a href=\"/plan/%s/status.pdf\" type=\"application/pdf\">%s</a></p>\n",
		    list_href(rq, p, &f), _("List these measures"), p->slug, _("Status report (PDF)"));
	state_table(&h, rq, p, &f, &areas, &all);
	attention_table(&h, rq, p, &f, &areas, &all);
	late_followups(&h, rq, p);
	open_rounds(&h, rq, p);
	budget_table(&h, rq, p, &f, &areas, &all, ids, n, filtered);
	timeline_section(&h, p);
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}

/* In words, what f picks out of plan p (for the list's heading). */
static const char *describe(struct request *rq, const struct plan *p, const struct list_filter *f)
{
	struct arena *a = &rq->arena;
	const char *d = "";
	const char *sep = "";
	if (f->state) {
		d = arena_printf(a, "%s%s%s", d, sep, html_state_label(f->state));
		sep = " · ";
	}
	for (size_t i = 0; i < p->areas.count && f->area_id; i++)
		if (p->areas.items[i].id == f->area_id) {
			d = arena_printf(a, "%s%s%s. %s", d, sep, p->areas.items[i].number,
					 p->areas.items[i].title);
			sep = " · ";
		}
	if (f->org_id) {
		list_org_list orgs;
		struct err e = ERR_INIT;
		if (list_plan_orgs(rq->db, a, p->id, &orgs, &e) == OK)
			for (size_t i = 0; i < orgs.count; i++)
				if (orgs.items[i].id == f->org_id) {
					d = arena_printf(a, "%s%s%s", d, sep, orgs.items[i].name);
					sep = " · ";
				}
	}
	if (f->year) {
		d = arena_printf(a, "%s%s%d", d, sep, f->year);
		sep = " · ";
	}
	if (f->only_late) {
		d = arena_printf(a, "%s%s%s", d, sep, _("Period ended, not done"));
		sep = " · ";
	}
	if (f->only_silent)
		d = arena_printf(a, "%s%s%s", d, sep,
				 arena_printf(a, _("No report in %d days"), f->silent_days));
	return *d ? d : _("All measures");
}

/* GET /plan/{slug}/status/list: the measures behind a figure of the
 * dashboard (state, area, org, year, late, silent and days as there),
 * paged. Readable by whoever may read the plan. */
int page_status_list(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct list_filter f;
	struct measure_page pg;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, true, &p) != OK ||
	    follow_filter(rq, rs, &f) != OK)
		return rs->status;
	f.plan_id = p->id;
	if (list_measures(rq->db, &rq->arena, &rq->actor, &f, &pg, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_INPUT ? 400 : 500,
				  e.kind == ERR_INPUT ? e.msg : NULL);
	const char *what = describe(rq, p, &f);
	struct html h = HTML_INIT;
	html_begin(&h, rq, arena_printf(&rq->arena, "%s · %s", what, p->title));
	const char *query = follow_query(rq, &f);
	html_printf(&h, "<article class=\"follow-list\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a>"
		       " · <a href=\"/plan/%s/status%s%s\">%s</a></p><h1>%s</h1>",
		    p->slug, p->title, p->slug, *query ? "?" : "", query, _("Back to the status"), what);
	html_printf(&h, "<p class=\"summary\">%s</p>",
		    arena_printf(&rq->arena, _("Measures: %lld."), (long long)pg.total));
	follow_table(&h, rq, &pg, "measures", _("Measures"), 0);
	follow_pager(&h, rq, &pg, query);
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
