/*
 * api_plan.c: GET /plan/{slug}.EXT - the plan in each format of the export
 * table (formats/export.h): the very same bytes as `samspel export SLUG
 * --format NAME`.
 */
#include "web/pages.h"
#include "web/server.h"
#include "formats/export.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

/* GET /plan/{slug}.EXT: the export in the format with that extension, for
 * whoever may read the plan (drafts: a session or an API token with a role
 * in its council). */
int api_plan_export(struct request *rq, struct response *rs)
{
	const char *dot = strrchr(rq->path, '.');
	const struct export_format *fmt = dot ? export_find(dot + 1, true) : NULL;
	struct plan *p;
	struct err e = ERR_INIT;
	if (!fmt)
		return page_error(rq, rs, 404, NULL);
	if (plan_for_request(rq, rs, ACT_READ_PLAN, true, &p) != OK)
		return rs->status;
	const char *sep = request_query(rq, "sep");
	const char *base = rq->config && rq->config->public_url ? rq->config->public_url : "";
	struct export_options o = {rq->db, &rq->arena, i18n_code(rq->lang), base,
				   sep && strcmp(sep, ",") == 0 ? ',' : ';'};
	if (fmt->write(p, &o, &rs->body, &e) != OK)
		return page_error_from(rq, rs, &e);
	rs->content_type = fmt->content_type;
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	if (strcmp(fmt->name, "json") != 0)
		response_header(rs, "Content-Disposition",
				arena_printf(&rq->arena, "inline; filename=%s.%s", p->slug,
					     fmt->extension));
	return 200;
}
