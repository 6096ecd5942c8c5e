/*
 * page_catalog.c: GET /catalog.ttl - the DCAT-AP-NO catalogue of the
 * published plans and their distributions (formats/dcat.h), for the
 * national data catalogue (data.norge.no) to harvest.
 *
 * Its IRIs are absolute and kept by the harvester, so they come from
 * `samspel serve --public-url`, never from the Host header (the page
 * cache would hand one request's host to everyone). Without --public-url
 * the catalogue answers 503, saying so. Drafts are never in it, whoever
 * asks: it is the public's list.
 */
#include "web/pages.h"
#include "web/server.h"
#include "formats/dcat.h"
#include "model/list.h"
#include "model/perm.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

/* GET /catalog.ttl: everyone alike (the public's view). */
int page_catalog(struct request *rq, struct response *rs)
{
	const char *base = rq->config ? rq->config->public_url : NULL;
	if (!base || !*base)
		return page_error(rq, rs, 503,
				  _("The catalogue needs the address the public reaches this "
				    "server at: start it with samspel serve --public-url URL."));
	struct actor public_actor = {0};
	struct plan_page pg;
	struct err e = ERR_INIT;
	VEC(const struct plan *) plans = {0};
	for (int offset = 0;; offset += LIST_PAGE_MAX) {
		if (list_plans(rq->db, &rq->arena, &public_actor, LIST_PAGE_MAX, offset, &pg, &e) != OK)
			return page_error_from(rq, rs, &e);
		for (size_t i = 0; i < pg.plans.count; i++) {
			struct plan *p;
			if (!pg.plans.items[i].published)
				continue;
			if (plan_load_head_id(rq->db, &rq->arena, pg.plans.items[i].id, &p, &e) != OK)
				return page_error_from(rq, rs, &e);
			*ARENA_PUSH(&rq->arena, plans) = p;
		}
		if (pg.plans.count < LIST_PAGE_MAX)
			break;
	}
	if (dcat_catalog((const struct plan *const *)plans.items, plans.count, base, &rs->body,
			 &e) != OK)
		return page_error_from(rq, rs, &e);
	rs->content_type = "text/turtle";
	rs->status = 200;
	rs->cache = CACHE_REVALIDATE;
	return 200;
}
