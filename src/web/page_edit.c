/*
 * page_edit.c: whether a plan is published. Editors of the council that
 * keeps the plan, and admins. (Its facts and texts are edited like every
 * other node of the plan: page_node.c.)
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

static int set_published(struct request *rq, struct response *rs, bool published)
{
	struct plan *p;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_PUBLISH_PLAN, false, &p) != OK)
		return rs->status;
	if (plan_set_published(rq->db, p->slug, published, rq->actor.login, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s", p->slug));
}

/* POST /plan/{slug}/publish: everyone may read it (ACT_PUBLISH_PLAN, CSRF). */
int page_plan_publish(struct request *rq, struct response *rs)
{
	return set_published(rq, rs, true);
}

/* POST /plan/{slug}/unpublish: back to a draft (ACT_PUBLISH_PLAN, CSRF). */
int page_plan_unpublish(struct request *rq, struct response *rs)
{
	return set_published(rq, rs, false);
}
