/*
 * page_status_pdf.c: GET /plan/{slug}/status.pdf - the plan's status report
 * as a PDF (formats/pdf.h): the figures of the dashboard, counted for the
 * reader as /plan/{slug}/status counts them, with their charts, and every
 * measure's state and latest report.
 */
#include "web/pages.h"
#include "formats/export.h"
#include "formats/pdf.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

/* GET /plan/{slug}/status.pdf: for whoever may read the plan. */
int page_status_pdf(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, true, &p) != OK)
		return rs->status;
	struct export_options o = {rq->db, &rq->arena, i18n_code(rq->lang), "", ';'};
	if (pdf_export_status(p, &rq->actor, &o, &rs->body, &e) != OK)
		return page_error_from(rq, rs, &e);
	rs->content_type = "application/pdf";
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	/* A header, not markup: the slug is [a-z0-9-] (plan_slug_valid). */
	static const char disposition[] = "inline; filename=\"%s-status.pdf\"";
	response_header(rs, "Content-Disposition", arena_printf(&rq->arena, disposition, p->slug));
	return 200;
}
