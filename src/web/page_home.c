/*
 * page_home.c: GET / - the front page: the published plans, newest first,
 * grouped by the council that keeps them.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

/* GET /: the plans the reader may read: the published ones, and for the
 * signed-in the drafts their roles let them see. */
int page_home(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	plan_summary_list plans;
	if (plan_list(rq->db, &rq->arena, &plans, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Plans"));
	html_printf(&h, "<h1>%s</h1><p class=\"intro\">%s</p>\n", _("Plans"),
		    _("Regional plans and action plans adopted by the regional councils, with their measures, responsibility and budget."));
	if (may_create_plan(rq))
		html_printf(&h, "<p class=\"actions\"><a class=\"button\" href=\"/plans/new\">%s</a></p>\n",
			    _("New plan"));
	size_t shown = 0;
	html_lit(&h, "<ul class=\"plans\">");
	for (size_t i = 0; i < plans.count; i++) {
		const struct plan_summary *s = &plans.items[i];
		struct perm_target t = {.owner_id = s->owner_id, .published = s->published};
		if (!s->published && (!rq->actor.user_id ||
				      perm_load_owner(rq->db, &rq->arena, s->owner_id, &t, &e) != OK ||
				      !perm_allows(&rq->actor, ACT_READ_PLAN, &t)))
			continue;
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
	if (!shown)
		html_printf(&h, "<p>%s</p>", _("No plans are published yet."));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
