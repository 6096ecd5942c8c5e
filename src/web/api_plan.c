/*
 * api_plan.c: GET /plan/{slug}.json - the plan as open data, the very same
 * bytes as `samspel export SLUG --format json`.
 */
#include "web/pages.h"
#include "formats/json.h"
#include "model/plan.h"
#include "base/err.h"

/* GET /plan/{slug}.json: the JSON export, for whoever may read the plan
 * (drafts: a session or an API token with a role in its council). */
int api_plan_json(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, true, &p) != OK)
		return rs->status;
	if (json_export_plan(p, &rs->body, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	rs->content_type = "application/json";
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}
