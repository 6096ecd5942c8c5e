/*
 * page_org.c: GET /org/{id} - an organisation: what it is responsible for
 * or takes part in (directly, or through a group or council it is a member
 * of) across every plan the reader may see, with state and budget; its
 * members and the groups it belongs to; its documents (page_document.c).
 * Public for published plans.
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/list.h"
#include "model/org.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

const char *org_kind_label(const char *kind)
{
	if (strcmp(kind, "council") == 0) return _("Regional council");
	if (strcmp(kind, "municipality") == 0) return _("Municipality");
	if (strcmp(kind, "county") == 0) return _("County");
	if (strcmp(kind, "state") == 0) return _("State body");
	if (strcmp(kind, "group") == 0) return _("Group or network");
	if (strcmp(kind, "company") == 0) return _("Company");
	if (strcmp(kind, "education") == 0) return _("Education");
	return _("Organisation");
}

static void org_list_html(struct html *h, const char *id, const char *title,
			  const list_org_list *orgs)
{
	if (!orgs->count)
		return;
	html_printf(h, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2><ul class=\"orgs\">",
		    id, id, title);
	for (size_t i = 0; i < orgs->count; i++) {
		const struct list_org *o = &orgs->items[i];
		html_printf(h, "<li><a href=\"/org/%lld\">%s</a> <span class=\"meta\">%s</span></li>",
			    (long long)o->id, o->name, org_kind_label(o->kind));
	}
	html_lit(h, "</ul></section>\n");
}

/* GET /org/{id}: the organisation and its measures (only those of plans the
 * reader may read; an organisation only a draft knows answers 404). Filters
 * as the dashboard's: state, year, late, silent, days; ?page=N. */
int page_org(struct request *rq, struct response *rs)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || n <= 0)
		return page_error(rq, rs, 404, NULL);
	struct list_filter f;
	struct measure_page pg;
	struct org_detail *d;
	struct err e = ERR_INIT;
	if (follow_filter(rq, rs, &f) != OK)
		return rs->status;
	if (list_org_detail(rq->db, &rq->arena, &rq->actor, n, &d, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL);
	f.org_id = n;
	f.plan_id = 0;
	f.area_id = 0;
	if (list_measures(rq->db, &rq->arena, &rq->actor, &f, &pg, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_INPUT ? 400 : 500,
				  e.kind == ERR_INPUT ? e.msg : NULL);
	struct html h = HTML_INIT;
	html_begin_feed(&h, rq, d->org.name, arena_printf(&rq->arena, "/org/%lld.atom", n));
	html_printf(&h, "<article class=\"org\"><p class=\"kicker\"><a href=\"/orgs\">%s</a> · %s",
		    _("Organisations"), org_kind_label(d->org.kind));
	if (d->org.owner)
		html_printf(&h, " · <a href=\"/org/%lld\">%s</a>", (long long)d->org.owner_id,
			    d->org.owner);
	html_printf(&h, "</p><h1>%s</h1>", d->org.name);
	struct org o = {.id = d->org.id, .owner_id = d->org.owner_id};
	if (org_may_edit(rq, &o))
		html_printf(&h, "<nav class=\"actions\" aria-label=\"%s\"><a class=\"button\" "
				"href=\"/org/%lld/edit\">%s</a><a class=\"button\" href=\"/org/%lld/merge\">%s</a>"
				"</nav>",
			    _("Edit the organisation"), (long long)n, _("Edit name, aliases and members"),
			    (long long)n, _("Merge with another"));
	group_section(&h, rq, n, d->org.kind, org_may_edit(rq, &o));
	html_printf(&h, "<section aria-labelledby=\"measures-title\"><h2 id=\"measures-title\">%s</h2>"
		       "<p class=\"intro\">%s</p>",
		    _("Measures"),
		    _("Measures it is responsible for or takes part in, also through a group or council it is a member of."));
	follow_table(&h, rq, &pg, "org-measures",
		     arena_printf(&rq->arena, _("Measures: %lld"), (long long)pg.total), FOLLOW_PLAN);
	f.org_id = 0; /* the page's own address carries it */
	follow_pager(&h, rq, &pg, follow_query(rq, &f));
	html_lit(&h, "</section>\n");
	org_list_html(&h, "members", _("Members"), &d->members);
	org_list_html(&h, "groups", _("Member of"), &d->groups);
	page_documents_section(&h, rq, "org", n, org_may_edit(rq, &o));
	html_lit(&h, "</article>\n");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
