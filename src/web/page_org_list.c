/*
 * page_org_list.c: GET /orgs - the organisation registry: every
 * organisation the reader may know of (what list_org_detail would show
 * them; model/org.h org_search), by name, with its kind, the council
 * keeping it and its number of members, searchable by name or alias (?q=)
 * and paged (?page=N). Public; each name links to /org/{id}.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/org.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

/* s percent-encoded for a query value (into rq's arena). */
static const char *url_arg(struct request *rq, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(&rq->arena, n * 3 + 1), *w = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return out;
}

/* GET /orgs: every organisation the reader may know of, by name, with its
 * kind, the council keeping it and its number of members; ?q= keeps those
 * whose name or an alias contains it (case and spacing do not matter);
 * ?page=N. Public. */
int page_orgs(struct request *rq, struct response *rs)
{
	const char *q = request_query(rq, "q");
	const char *pg = request_query(rq, "page");
	long long page = 1;
	if (pg && *pg) {
		char *end;
		page = strtoll(pg, &end, 10);
		if (*end || page < 1 || page > 100000)
			return page_error(rq, rs, 400, _("The page number is not a number."));
	}
	if (q && strlen(q) > 200)
		return page_error(rq, rs, 400, _("The search text is too long."));
	struct org_page res;
	struct err e = ERR_INIT;
	if (org_search(rq->db, &rq->arena, rq->actor.user_id, q, PER_PAGE,
		       (int)((page - 1) * PER_PAGE), &res, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Organisations"));
	html_printf(&h, "<article class=\"orgs\"><h1>%s</h1><p class=\"intro\">%s</p>",
		    _("Organisations"),
		    _("Councils, municipalities, groups and partners that the plans name."));
	html_printf(&h, "<form class=\"search\" method=\"get\" action=\"/orgs\" role=\"search\">"
			"<div class=\"field\"><label for=\"q\">%s</label>"
			"<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div>"
			"<button type=\"submit\">%s</button></form>",
		    _("Name or alias"), q ? q : "", _("Search"));
	const char *caption = q && *q ? arena_printf(&rq->arena, _("Organisations matching \"%s\": %lld"),
						     q, (long long)res.total)
				      : arena_printf(&rq->arena, _("Organisations: %lld"),
						     (long long)res.total);
	if (!res.orgs.count) {
		html_printf(&h, "<p class=\"empty\" role=\"status\">%s</p>", caption);
	} else {
		html_printf(&h, "<div class=\"table-scroll\"><table class=\"orgs\"><caption>%s</caption>"
				"<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
			    caption, _("Name"), _("Kind"), _("Kept by"), _("Members"));
		for (size_t i = 0; i < res.orgs.count; i++) {
			const struct org *o = &res.orgs.items[i];
			html_printf(&h, "<tr><th scope=\"row\"><a href=\"/org/%lld\">%s</a></th><td>%s</td>",
				    (long long)o->id, o->name, org_kind_label(o->kind));
			if (o->owner)
				html_printf(&h, "<td><a href=\"/org/%lld\">%s</a></td>", (long long)o->owner_id,
					    o->owner);
			else
				html_printf(&h, "<td class=\"none\">%s</td>", _("shared"));
			html_printf(&h, "<td class=\"num\">%d</td></tr>", o->members);
		}
		html_lit(&h, "</tbody></table></div>");
	}
	long long pages = (res.total + PER_PAGE - 1) / PER_PAGE;
	if (pages > 1) {
		const char *qs = q && *q ? arena_printf(&rq->arena, "q=%s&", url_arg(rq, q)) : "";
		html_printf(&h, "<nav class=\"pager\" aria-label=\"%s\"><p>", _("Pages"));
		if (page > 1)
			html_printf(&h, "<a href=\"/orgs?%spage=%lld\" rel=\"prev\">%s</a>", qs, page - 1,
				    _("Previous page"));
		html_printf(&h, "<span>%s</span>",
			    arena_printf(&rq->arena, _("Page %lld of %lld"), page, pages));
		if (page < pages)
			html_printf(&h, "<a href=\"/orgs?%spage=%lld\" rel=\"next\">%s</a>", qs, page + 1,
				    _("Next page"));
		html_lit(&h, "</p></nav>");
	}
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}

