/*
 * page_rollover.c: next year's action plan from this year's
 * (model/rollover.h), in the browser:
 *
 *   GET  /plan/{slug}/rollover   what would be carried and left, and the
 *                                button that does it (ACT_EDIT_PLAN)
 *   POST /plan/{slug}/rollover   does it (ACT_EDIT_PLAN, CSRF): a page with
 *                                what was carried and left and a link to
 *                                the new draft; for an API token page_done's
 *                                JSON
 *
 * and, for the measure page, the line of a measure back through the years
 * (html_predecessors).
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/rollover.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

/* A measure's text for a list: cut after about 120 bytes. */
static const char *short_text(struct request *rq, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= 120)
		return s ? s : "";
	size_t cut = 117;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(&rq->arena, "%.*s…", (int)cut, s);
}

/* What is copied, in numbers. */
static void counts(struct html *h, const struct rollover_summary *s)
{
	html_printf(h, "<ul class=\"rollover-counts\"><li>%zu %s</li><li>%zu %s</li>"
		       "<li>%zu %s</li><li>%zu %s</li><li>%zu %s</li></ul>",
		    s->areas, _("areas"), s->goals, _("goals"), s->focuses, _("focuses"),
		    s->strategies, _("strategies"), s->sections, _("sections"));
}

/* The measures left in the old plan, each with its reason; and those
 * carried, linked to the new measure when there is one. */
static void item_lists(struct html *h, struct request *rq, const struct rollover_summary *s,
		       bool done)
{
	html_printf(h, "<section aria-labelledby=\"left-title\"><h2 id=\"left-title\">%s (%zu)</h2>",
		    done ? _("Left in last year's plan") : _("Will be left in this plan"), s->left.count);
	if (!s->left.count)
		html_printf(h, "<p>%s</p>", _("None: every measure is carried over."));
	else
		html_lit(h, "<ul class=\"rollover-left\">");
	for (size_t i = 0; i < s->left.count; i++) {
		const struct rollover_item *it = &s->left.items[i];
		html_lit(h, "<li>");
		html_state(h, it->state);
		html_printf(h, " <a href=\"/measure/%lld\">%s</a></li>", (long long)it->from_id,
			    short_text(rq, it->text));
	}
	if (s->left.count)
		html_lit(h, "</ul>");
	html_printf(h, "</section><section aria-labelledby=\"carried-title\">"
		       "<h2 id=\"carried-title\">%s (%zu)</h2>",
		    done ? _("Carried over") : _("Will be carried over"), s->carried.count);
	if (s->carried.count)
		html_lit(h, "<ul class=\"rollover-carried\">");
	for (size_t i = 0; i < s->carried.count; i++) {
		const struct rollover_item *it = &s->carried.items[i];
		int64_t id = it->to_id ? it->to_id : it->from_id;
		html_printf(h, "<li><a href=\"/measure/%lld\">%s</a></li>", (long long)id,
			    short_text(rq, it->text));
	}
	if (s->carried.count)
		html_lit(h, "</ul>");
	html_lit(h, "</section>");
}

/* GET /plan/{slug}/rollover: what a rollover would do, and the button
 * (ACT_EDIT_PLAN). A plan that cannot be rolled over gets the reason. */
int page_rollover(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	struct rollover_summary s;
	struct err e = ERR_INIT;
	int status = 200;
	if (plan_rollover_mode(rq->db, &rq->arena, p->slug, ROLLOVER_PREVIEW, rq->actor.login, &s,
			       &e) != OK) {
		if (e.kind != ERR_INPUT && e.kind != ERR_CONFLICT)
			return page_error_from(rq, rs, &e);
		status = error_status(&e);
	}
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Roll over to next year"));
	html_printf(&h, "<article class=\"form rollover\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>"
			"<h1>%s</h1>",
		    p->slug, p->title, _("Roll over to next year"));
	if (status != 200) {
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p><p><a href=\"/plan/%s\">%s</a></p>",
			    e.msg, p->slug, _("Back to the plan"));
	} else {
		html_printf(&h, "<p>%s <strong>%s</strong> (<code>%s</code>).</p>",
			    _("A new draft plan will be made for next year:"), s.title, s.slug);
		html_printf(&h, "<p>%s</p>",
			    _("It gets this plan's texts, sections and whole structure:"));
		counts(&h, &s);
		html_printf(&h, "<p>%s</p>",
			    _("Measures that are neither done nor cancelled are carried over, with who is responsible and who takes part, and each remembers the measure it continues. Budgets are not carried over. This plan is not changed."));
		item_lists(&h, rq, &s, false);
		html_printf(&h, "<form method=\"post\" action=\"/plan/%s/rollover\">", p->slug);
		html_csrf(&h, rq);
		html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"/plan/%s\">%s</a></form>",
			    _("Roll over to next year"), p->slug, _("Cancel"));
	}
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* POST /plan/{slug}/rollover: makes next year's draft (ACT_EDIT_PLAN,
 * CSRF) and shows what was carried and left, with a link to it. */
int page_rollover_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	struct rollover_summary s;
	struct err e = ERR_INIT;
	if (plan_rollover(rq->db, &rq->arena, p->slug, rq->actor.login, &s, &e) != OK)
		return page_error_from(rq, rs, &e);
	const char *location = arena_printf(&rq->arena, "/plan/%s", s.slug);
	if (rq->actor.token_id)
		return page_done(rq, rs, location);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Rolled over to next year"));
	html_printf(&h, "<article class=\"rollover\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>"
			"<h1>%s</h1>",
		    p->slug, p->title, _("Rolled over to next year"));
	html_printf(&h, "<p role=\"status\">%s <a href=\"%s\">%s</a> (%s).</p>",
		    _("The new draft is ready:"), location, s.title, _("draft"));
	html_printf(&h, "<p><a class=\"button\" href=\"/plan/%s/structure\">%s</a></p>", s.slug,
		    _("Edit the plan's structure"));
	html_printf(&h, "<p>%s</p>", _("Copied from last year's plan:"));
	counts(&h, &s);
	item_lists(&h, rq, &s, true);
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

void html_predecessors(struct html *h, struct request *rq, int64_t measure)
{
	measure_link_list line;
	struct err e = ERR_INIT;
	if (measure_predecessors(rq->db, &rq->arena, measure, &line, &e) != OK || !line.count)
		return;
	size_t shown = 0;
	for (size_t i = 0; i < line.count; i++) {
		const struct measure_link *l = &line.items[i];
		struct perm_target t = {.published = l->published};
		if (perm_load_owner(rq->db, &rq->arena, l->owner_id, &t, &e) != OK ||
		    !perm_allows(&rq->actor, ACT_READ_PLAN, &t))
			break; /* what the reader may not see ends the line */
		if (!shown++)
			html_printf(h, "<ul class=\"predecessors\" aria-label=\"%s\">",
				    _("Earlier years"));
		html_printf(h, "<li>%s <a href=\"/plan/%s\">%s</a> – <a href=\"/measure/%lld\">%s</a></li>",
			    _("Continued from:"), l->plan_slug, l->plan_title, (long long)l->id,
			    short_text(rq, l->text));
	}
	if (shown)
		html_lit(h, "</ul>");
}
