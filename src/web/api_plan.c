/*
 * api_plan.c: GET /plan/{slug}.json - the plan as open data, the very same
 * bytes as `samspel export SLUG --format json`.
 */
#include "web/pages.h"
#include "formats/json.h"
#include "model/plan.h"
#include "base/err.h"

/* GET /plan/{slug}.json: the JSON export; drafts answer 404 to the public. */
int api_plan_json(struct request *rq, struct response *rs)
{
	const char *slug = request_param(rq, "slug");
	struct err e = ERR_INIT;
	struct plan *p;
	if (!plan_slug_valid(slug))
		return page_error(rq, rs, 404, NULL);
	if (plan_load(rq->db, &rq->arena, slug, &p, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL);
	if (!p->published)
		return page_error(rq, rs, 404, NULL);
	if (json_export_plan(p, &rs->body, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	rs->content_type = "application/json";
	rs->status = 200;
	return 200;
}
