/*
 * page_home.c: GET / - the front page: the published plans, newest first,
 * grouped by the council that keeps them.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/list.h"
#include "model/plan.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define PLANS_PER_PAGE 100
#define HOME_RECORDS 12 /* of each kind of record */

/* The newest programmes, projects, meetings and indicators, beside the
 * plans (records are public). */
static void records_html(struct html *h, struct request *rq)
{
	static const struct {
		enum node_kind kind;
		const char *id, *title;
		bool dates;
	} parts[] = {
		{NODE_PROGRAMME, "programmes", N_("Programmes"), false},
		{NODE_PROJECT, "projects", N_("Projects"), false},
		{NODE_MEETING, "meetings", N_("Meetings"), true},
		{NODE_INDICATOR, "indicators", N_("Indicators"), false},
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		record_summary_list l;
		struct err e = ERR_INIT;
		if (record_list(rq->db, &rq->arena, parts[i].kind, 0, HOME_RECORDS, 0, &l, &e) != OK ||
		    !l.count)
			continue;
		html_printf(h, "<section aria-labelledby=\"home-%s\"><h2 id=\"home-%s\">%s</h2><ul class=\"records\">",
			    parts[i].id, parts[i].id, _(parts[i].title));
		for (size_t j = 0; j < l.count; j++) {
			html_printf(h, "<li><a href=\"/%s/%lld\">%s</a><span class=\"meta\">",
				    node_info(parts[i].kind)->code, (long long)l.items[j].id, l.items[j].title);
			if (l.items[j].council)
				html_printf(h, "%s", l.items[j].council);
			if (l.items[j].meta) {
				html_printf(h, "%s", l.items[j].council ? " · " : "");
				if (parts[i].dates)
					html_date(h, l.items[j].meta);
				else
					html_printf(h, "%s", l.items[j].meta);
			}
			html_lit(h, "</span></li>");
		}
		html_lit(h, "</ul></section>\n");
	}
}

/* GET /: the plans the reader may read, a page at a time (?page=N): the
 * published ones, and for the signed-in the drafts their roles let them
 * see (decided in SQL by list_plans, as perm_allows would). */
int page_home(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	struct plan_page pg;
	const char *pq = request_query(rq, "page");
	char *end = NULL;
	long page = pq ? strtol(pq, &end, 10) : 1;
	if (pq && (*end || page < 1 || page > 100000))
		return page_error(rq, rs, 400, NULL);
	if (list_plans(rq->db, &rq->arena, &rq->actor, PLANS_PER_PAGE,
		       (int)((page - 1) * PLANS_PER_PAGE), &pg, &e) != OK)
		return page_error_from(rq, rs, &e);
	const plan_summary_list plans = pg.plans;
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Plans"));
	html_printf(&h, "<h1>%s</h1><p class=\"intro\">%s</p>\n", _("Plans"),
		    _("Regional plans and action plans adopted by the regional councils, with their measures, responsibility and budget."));
	if (may_create_plan(rq))
		html_printf(&h, "<p class=\"actions\"><a class=\"button\" href=\"/plans/new\">%s</a> "
				"<a class=\"button\" href=\"/plans/import\">%s</a></p>\n",
			    _("New plan"), _("Import a plan"));
	size_t shown = 0;
	html_lit(&h, "<ul class=\"plans\">");
	for (size_t i = 0; i < plans.count; i++) {
		const struct plan_summary *s = &plans.items[i];
		shown++;
		html_printf(&h, "<li><a href=\"/plan/%s\">%s</a><span class=\"meta\">", s->slug, s->title);
		if (s->owner)
			html_printf(&h, "%s · ", s->owner);
		html_printf(&h, "%s", strcmp(s->kind, "regional") == 0 ? _("Regional plan") : _("Action plan"));
		if (s->year)
			html_printf(&h, " %d", s->year);
		if (!s->published)
			html_printf(&h, " <span class=\"badge draft\">%s</span>", _("Draft"));
		html_lit(&h, "</span></li>");
	}
	html_lit(&h, "</ul>\n");
	if (page > 1 || pg.total > page * PLANS_PER_PAGE) {
		html_printf(&h, "<nav class=\"pager\" aria-label=\"%s\">", _("Pages"));
		if (page > 1)
			html_printf(&h, "<a href=\"/?page=%ld\" rel=\"prev\">%s</a> ", page - 1,
				    _("Previous page"));
		if (pg.total > page * PLANS_PER_PAGE)
			html_printf(&h, "<a href=\"/?page=%ld\" rel=\"next\">%s</a>", page + 1,
				    _("Next page"));
		html_lit(&h, "</nav>");
	}
	if (!shown)
		html_printf(&h, "<p>%s</p>", _("No plans are published yet."));
	if (page == 1)
		records_html(&h, rq);
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
