/*
 * page_search.c: GET /search?q=WORDS[&page=N] - search everything the
 * reader may read (model/search.h): the hits grouped by plan, each a link
 * to where it is (the plan, its area on the plan page, the measure, the
 * organisation), the matched words in <mark>. Every piece of stored text
 * goes through html_printf's escaping; <mark> is markup of our own around
 * it. Public: cached for the public until the data changes.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/search.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define PER_PAGE 20

static const char *kind_label(enum search_kind k)
{
	switch (k) {
	case SEARCH_PLAN: return _("Plan");
	case SEARCH_ORG: return _("Organisation");
	case SEARCH_AREA: return _("Area");
	case SEARCH_GOAL: return _("Goal");
	case SEARCH_FOCUS: return _("Focus");
	case SEARCH_STRATEGY: return _("Strategy");
	case SEARCH_MEASURE: return _("Measure");
	case SEARCH_REPORT: return _("Status report");
	case SEARCH_PROJECT: return _("Project");
	case SEARCH_PROGRAMME: return _("Programme");
	case SEARCH_MEETING: return _("Meeting");
	case SEARCH_DECISION: return _("Decision");
	case SEARCH_INDICATOR: return _("Indicator");
	}
	return "";
}

/* Where a hit is shown. */
static const char *hit_href(struct arena *a, const struct search_group *g,
			    const struct search_hit *h)
{
	switch (h->kind) {
	case SEARCH_ORG: return arena_printf(a, "/org/%lld", (long long)h->id);
	case SEARCH_MEASURE: return arena_printf(a, "/measure/%lld", (long long)h->id);
	case SEARCH_REPORT: return arena_printf(a, "/measure/%lld", (long long)h->measure_id);
	case SEARCH_PLAN: return arena_printf(a, "/plan/%s", g->plan_slug);
	case SEARCH_PROJECT: return arena_printf(a, "/project/%lld", (long long)h->id);
	case SEARCH_PROGRAMME: return arena_printf(a, "/programme/%lld", (long long)h->id);
	case SEARCH_MEETING: return arena_printf(a, "/meeting/%lld", (long long)h->id);
	case SEARCH_DECISION:
		return arena_printf(a, "/meeting/%lld#decision-%lld", (long long)h->measure_id,
				    (long long)h->id);
	case SEARCH_INDICATOR: return arena_printf(a, "/indicator/%lld", (long long)h->id);
	default:
		if (h->area_position > 0)
			return arena_printf(a, "/plan/%s#area-%d", g->plan_slug, h->area_position);
		return arena_printf(a, "/plan/%s", g->plan_slug);
	}
}

static void hit_html(struct html *h, struct request *rq, const struct search_group *g,
		     const struct search_hit *hit)
{
	html_printf(h, "<li><span class=\"kind\">%s", kind_label(hit->kind));
	if (hit->kind == SEARCH_REPORT && hit->reported_on) {
		html_lit(h, " ");
		html_date(h, hit->reported_on);
	}
	html_printf(h, "</span> <a href=\"%s\">", hit_href(&rq->arena, g, hit));
	for (size_t i = 0; i < hit->nspans; i++) {
		const struct search_span *s = &hit->spans[i];
		if (s->mark)
			html_printf(h, "<mark>%.*s</mark>", (int)s->len, s->text);
		else
			html_printf(h, "%.*s", (int)s->len, s->text);
	}
	html_lit(h, "</a></li>\n");
}

/* The address of page n of the search for q (q percent-encoded). */
static const char *page_href(struct arena *a, const char *q, long long n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(q);
	char *enc = arena_alloc(a, 3 * len + 1), *o = enc;
	for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return arena_printf(a, "/search?q=%s&page=%lld", enc, n);
}

int page_search(struct request *rq, struct response *rs)
{
	const char *q = request_query(rq, "q");
	const char *pg = request_query(rq, "page");
	long long page = 1;
	if (pg && *pg) {
		char *end;
		page = strtoll(pg, &end, 10);
		if (*end || page < 1 || (page - 1) * PER_PAGE > SEARCH_CAP)
			return page_error(rq, rs, 400, _("The page number is not a number."));
	}
	if (!q)
		q = "";
	if (strlen(q) > SEARCH_QUERY_MAX)
		return page_error(rq, rs, 400, _("The search text is too long."));
	struct search_results r;
	struct err e = ERR_INIT;
	if (search(rq->db, &rq->arena, &rq->actor, q, PER_PAGE, (int)((page - 1) * PER_PAGE),
		   &r, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_INPUT ? 400 : 500,
				  e.kind == ERR_INPUT ? e.msg : NULL);

	struct html h = HTML_INIT;
	html_begin(&h, rq, *q ? arena_printf(&rq->arena, _("Search: %s"), q) : _("Search"));
	html_printf(&h, "<article class=\"search-page\"><h1>%s</h1>"
			"<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
			"<div class=\"field\"><label for=\"q\">%s</label>"
			"<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div>"
			"<button type=\"submit\">%s</button></form>",
		    _("Search"), _("Words to search for"), q, _("Search"));
	if (!*q) {
		html_printf(&h, "<p class=\"intro\">%s</p>",
			    _("Search plans, areas, goals, strategies, measures, organisations and status reports. A word also finds longer words it begins: \"sjukepleiar\" finds \"sjukepleiarutdanning\"."));
	} else if (!r.nwords) {
		html_printf(&h, "<p class=\"empty\" role=\"status\">%s</p>",
			    _("Write one or more words to search for."));
	} else if (!r.nhits) {
		html_printf(&h, "<p class=\"empty\" role=\"status\">%s</p>",
			    page > 1 ? _("No more hits.")
				     : arena_printf(&rq->arena, _("No hits for \"%s\"."), q));
	} else {
		html_printf(&h, "<p class=\"count\" role=\"status\">%s</p>",
			    r.more ? arena_printf(&rq->arena,
						  _("More than %d hits for \"%s\"; the first %d are ranked. Add a word to narrow the search."),
						  SEARCH_CAP, q, SEARCH_CAP)
				   : arena_printf(&rq->arena, _("Hits for \"%s\": %lld"), q,
						  (long long)r.total));
		for (size_t i = 0; i < r.count; i++) {
			const struct search_group *g = &r.groups[i];
			html_printf(&h, "<section class=\"hits\" aria-labelledby=\"hits-%zu\">"
					"<h2 id=\"hits-%zu\">", i + 1, i + 1);
			if (g->plan_id) {
				html_printf(&h, "<a href=\"/plan/%s\">%s</a>", g->plan_slug, g->plan_title);
				if (!g->published)
					html_printf(&h, " <span class=\"badge draft\">%s</span>", _("Draft"));
			} else {
				html_printf(&h, "%s", _("Organisations, projects and meetings"));
			}
			html_lit(&h, "</h2><ul class=\"hits\">\n");
			for (size_t j = 0; j < g->count; j++)
				hit_html(&h, rq, g, &g->hits[j]);
			html_lit(&h, "</ul></section>\n");
		}
		if (page > 1 || r.has_next) {
			html_printf(&h, "<nav class=\"pager\" aria-label=\"%s\"><p>", _("Pages"));
			if (page > 1)
				html_printf(&h, "<a href=\"%s\" rel=\"prev\">%s</a> ",
					    page_href(&rq->arena, q, page - 1), _("Previous page"));
			if (r.has_next)
				html_printf(&h, "<a href=\"%s\" rel=\"next\">%s</a>",
					    page_href(&rq->arena, q, page + 1), _("Next page"));
			html_lit(&h, "</p></nav>\n");
		}
	}
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
