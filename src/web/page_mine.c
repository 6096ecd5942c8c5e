/*
 * page_mine.c: GET /mine - "my measures": every measure, across the plans
 * the reader may see, in which an organisation they report for or edit is
 * responsible or takes part (directly, or through a group or council it
 * is a member of: "Kommunane" means every member municipality). The ones
 * without a report in the last 90 days and the late ones come first, each
 * with its state, its last report and a link to its report form.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/list.h"
#include "model/round.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

/* The organisations the reader reports for or edits, as a sentence. */
static const char *my_orgs(struct request *rq, size_t *n)
{
	const char *names = "";
	*n = 0;
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		if ((g->role != ROLE_REPORTER && g->role != ROLE_EDITOR) || !g->org_name)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= rq->actor.grants[k].org_id == g->org_id &&
				(rq->actor.grants[k].role == ROLE_REPORTER ||
				 rq->actor.grants[k].role == ROLE_EDITOR);
		if (seen)
			continue;
		names = arena_printf(&rq->arena, "%s%s%s", names, *n ? ", " : "", g->org_name);
		(*n)++;
	}
	return names;
}

/* The open reporting rounds with measures of the reader's organisations:
 * the deadline, and how many of them are not reported yet. */
static void rounds_html(struct html *h, struct request *rq, const round_list *rounds)
{
	if (!rounds->count)
		return;
	html_printf(h, "<section aria-labelledby=\"mine-rounds\"><h2 id=\"mine-rounds\">%s</h2><ul class=\"records\">",
		    _("Open reporting rounds"));
	for (size_t i = 0; i < rounds->count; i++) {
		const struct round *r = &rounds->items[i];
		html_printf(h, "<li><a href=\"/round/%lld\">%s</a> <span class=\"meta\">%s · %s ",
			    (long long)r->id, r->name, r->plan_title, _("Deadline"));
		html_date(h, r->deadline);
		html_printf(h, " · %s</span>",
			    arena_printf(&rq->arena, _("%lld of your %lld measures not reported yet"),
					 (long long)r->reported, (long long)r->measures));
		/* The sheet to fill in, for each organisation one reports for. */
		for (size_t g = 0; g < rq->actor.ngrants; g++) {
			const struct grant *gr = &rq->actor.grants[g];
			if (gr->org_id && (gr->role == ROLE_REPORTER || gr->role == ROLE_EDITOR))
				html_printf(h, "<br><a href=\"/round/%lld/sheet.xlsx?org=%lld\">%s</a>",
					    (long long)r->id, (long long)gr->org_id,
					    arena_printf(&rq->arena, _("Sheet to fill in for %s (XLSX)"),
							 gr->org_name ? gr->org_name : ""));
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></section>");
}

/* GET /mine: the measures of the reader's organisations (SIGNED_IN; each
 * row is only there if its plan may be read). ?page=N. */
int page_mine(struct request *rq, struct response *rs)
{
	struct list_filter f;
	struct measure_page pg;
	struct err e = ERR_INIT;
	if (follow_filter(rq, rs, &f) != OK)
		return rs->status;
	/* Only the page is taken from the query: the list is the reader's. */
	int offset = f.offset;
	memset(&f, 0, sizeof f);
	f.mine = rq->actor.user_id;
	f.attention_first = true;
	f.silent_days = LIST_SILENT_DAYS;
	f.limit = 50;
	f.offset = offset;
	if (list_measures(rq->db, &rq->arena, &rq->actor, &f, &pg, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_INPUT ? 400 : 500,
				  e.kind == ERR_INPUT ? e.msg : NULL);
	size_t norgs;
	const char *orgs = my_orgs(rq, &norgs);
	/* The follow-up points of meetings that the reader's organisations
	 * are responsible for. */
	int64_t *ids = arena_alloc(&rq->arena, (rq->actor.ngrants + 1) * sizeof *ids);
	size_t nids = 0;
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if ((rq->actor.grants[i].role == ROLE_REPORTER || rq->actor.grants[i].role == ROLE_EDITOR) &&
		    rq->actor.grants[i].org_id)
			ids[nids++] = rq->actor.grants[i].org_id;
	record_summary_list followups;
	round_list rounds;
	if (record_open_followups(rq->db, &rq->arena, ids, nids, false, NULL, &followups, &e) != OK ||
	    round_open_for_orgs(rq->db, &rq->arena, ids, nids, &rounds, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("My measures"));
	html_printf(&h, "<article class=\"mine\"><h1>%s</h1>", _("My measures"));
	if (!norgs) {
		html_printf(&h, "<p class=\"intro\">%s</p>",
			    _("You do not report for or edit any organisation, so no measures are yours here. The plans are on the front page."));
	} else {
		html_printf(&h, "<p class=\"intro\">%s</p>",
			    arena_printf(&rq->arena,
					 _("Measures where %s is responsible or takes part, also through a group or council it is a member of. Those without a report in the last %d days and those whose period has ended come first."),
					 orgs, LIST_SILENT_DAYS));
		rounds_html(&h, rq, &rounds);
		followups_list(&h, rq, &followups, "mine-followups", _("Follow-up points from meetings"));
		follow_table(&h, rq, &pg, "mine",
			     arena_printf(&rq->arena, _("Measures: %lld"), (long long)pg.total),
			     FOLLOW_PLAN | FOLLOW_REPORT);
		follow_pager(&h, rq, &pg, "");
	}
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = CACHE_PRIVATE;
	return 200;
}
