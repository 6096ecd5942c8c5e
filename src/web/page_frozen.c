/*
 * page_frozen.c: a plan's frozen status reports (model/frozen.h,
 * formats/frozen.h), for the council's minutes to cite.
 *
 *   GET  /plan/{slug}/reports             the list; for editors the form
 *   POST /plan/{slug}/reports             freezes one (key, title, as_of)
 *   GET  /plan/{slug}/reports/{key}       the report: its figures, its
 *                                         SHA-256, each measure's state
 *                                         then, and what changed since
 *   GET  /plan/{slug}/reports/{key}.json  the stored bytes, as they were
 *   GET  /plan/{slug}/reports/{key}.pdf   drawn from those bytes alone
 *
 * Whoever may read the plan may read its frozen reports.
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "formats/pdf.h"
#include "formats/frozen.h"
#include "model/frozen.h"
#include "model/plan.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static bool may_edit(struct request *rq, const struct plan *p)
{
	struct perm_target pt = {.owner_id = p->owner_id, .published = p->published};
	return rq->actor.csrf && perm_allows(&rq->actor, ACT_EDIT_PLAN, &pt);
}

static int render_list(struct request *rq, struct response *rs, struct plan *p,
		       const struct err *problem, int status)
{
	frozen_list l;
	struct err e = ERR_INIT;
	if (frozen_list_for_plan(rq->db, &rq->arena, p->id, &l, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	const char *title = _("Frozen status reports");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"frozen\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p><h1>%s</h1>",
		    p->slug, p->title, title);
	if (l.count) {
		html_lit(&h, "<ul class=\"records\">");
		for (size_t i = 0; i < l.count; i++) {
			html_printf(&h, "<li><a href=\"/plan/%s/reports/%s\">%s</a> <span class=\"meta\">",
				    p->slug, l.items[i].key, l.items[i].title);
			html_date(&h, l.items[i].as_of);
			html_printf(&h, " · SHA-256 %.12s…</span></li>", l.items[i].sha256);
		}
		html_lit(&h, "</ul>");
	} else {
		html_printf(&h, "<p>%s</p>", _("No status report has been frozen for this plan."));
	}
	if (may_edit(rq, p)) {
		char today[11];
		clock_today(today);
		html_printf(&h, "<section aria-labelledby=\"freeze\"><h2 id=\"freeze\">%s</h2><p class=\"hint\">%s</p>",
			    _("Freeze the status"),
			    _("The report keeps the plan, each measure's state and latest report up to the day, the figures and the indicators as they are, and never changes."));
		if (problem)
			html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", problem->msg);
		html_printf(&h, "<form method=\"post\" action=\"/plan/%s/reports\">", p->slug);
		html_csrf(&h, rq);
		html_printf(&h, "<div class=\"field\"><label for=\"title\">%s *</label>"
			       "<input id=\"title\" name=\"title\" required></div>"
			       "<div class=\"field\"><label for=\"key\">%s *</label>"
			       "<input id=\"key\" name=\"key\" required pattern=\"[a-z0-9][a-z0-9-]{0,39}\"></div>"
			       "<div class=\"field\"><label for=\"as_of\">%s *</label>"
			       "<input id=\"as_of\" name=\"as_of\" type=\"date\" required value=\"%s\"></div>"
			       "<button type=\"submit\">%s</button></form></section>",
			    _("Title (e.g. Status to the council, 1. tertial 2026)"),
			    _("Name in the address (e.g. 2026-t1)"), _("Status as of"), today,
			    _("Freeze"));
	}
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return status;
}

/* GET /plan/{slug}/reports */
int page_frozen_list(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	return render_list(rq, rs, p, NULL, 200);
}

/* POST /plan/{slug}/reports */
int page_frozen_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	char sha[65];
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	const char *key = form_get(rq->form, "key");
	if (frozen_freeze(rq->db, &rq->arena, p->slug, key, form_get(rq->form, "title"),
			  form_get(rq->form, "as_of"), rq->actor.login, sha, &e) != OK) {
		if (e.kind == ERR_INPUT || e.kind == ERR_CONFLICT)
			return render_list(rq, rs, p, &e, e.kind == ERR_INPUT ? 400 : 409);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s/reports/%s", p->slug, key));
}

/* Each measure's state then and now (now: a measure's present state, by
 * id; one deleted since is not in it): a row for those that changed. */
static void changes(struct html *h, struct request *rq, json_t *plan,
		    const measure_state_list *now)
{
	size_t shown = 0, i, j, k, l;
	json_t *area, *focus, *strategy, *m;
	json_array_foreach(json_object_get(plan, "areas"), i, area)
	json_array_foreach(json_object_get(area, "focuses"), j, focus)
	json_array_foreach(json_object_get(focus, "strategies"), k, strategy)
	json_array_foreach(json_object_get(strategy, "measures"), l, m) {
		json_int_t id = json_integer_value(json_object_get(m, "id"));
		const char *then = json_string_value(json_object_get(m, "state"));
		const char *text = json_string_value(json_object_get(m, "text"));
		const struct measure_state *cur = measure_state_find(now, id);
		const char *state = cur && cur->state ? cur->state : "none";
		if (!cur || !then || strcmp(then, state) == 0)
			continue;
		if (!shown++)
			html_printf(h, "<section aria-labelledby=\"since\"><h2 id=\"since\">%s</h2>"
				       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				       "<th scope=\"col\">%s</th></tr></thead><tbody>",
				    _("Changed since"), _("Measure"), _("Then"), _("Now"));
		html_printf(h, "<tr><td><a href=\"/measure/%lld\">%s</a></td><td>", (long long)id,
			    html_first_words(&rq->arena, text ? text : "", 14, 120));
		html_state(h, then);
		html_lit(h, "</td><td>");
		html_state(h, state);
		html_lit(h, "</td></tr>");
	}
	if (shown)
		html_lit(h, "</tbody></table></section>");
}

/* GET /plan/{slug}/reports/{key} */
int page_frozen(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct frozen f;
	struct err e = ERR_INIT;
	/* The changes since are its measures' states now. */
	measure_state_list now;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (frozen_load(rq->db, &rq->arena, p->id, request_param(rq, "key"), &f, &e) != OK ||
	    plan_measure_states(rq->db, &rq->arena, p->id, &now, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *doc = json_loadb(f.json, f.json_len, 0, NULL);
	if (!doc)
		return page_error(rq, rs, 500, NULL);
	struct html h = HTML_INIT;
	html_begin(&h, rq, f.title);
	html_printf(&h, "<article class=\"frozen\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a> · "
		       "<a href=\"/plan/%s/reports\">%s</a></p><h1>%s</h1><dl class=\"facts\"><dt>%s</dt><dd>",
		    p->slug, p->title, p->slug, _("Frozen status reports"), f.title, _("Status as of"));
	html_date(&h, f.as_of);
	html_printf(&h, "</dd><dt>%s</dt><dd>%.10s %.5s</dd><dt>SHA-256</dt><dd><code>%s</code></dd>"
		       "<dt>%s</dt><dd><a href=\"/plan/%s/reports/%s.json\" type=\"application/json\">%s.json</a></dd>"
		       "<dt>%s</dt><dd><a href=\"/plan/%s/reports/%s.pdf\" type=\"application/pdf\">%s.pdf</a></dd></dl>",
		    _("Frozen"), f.frozen_at, f.frozen_at + 11, f.sha256, _("As open data"), p->slug, f.key,
		    f.key, _("For the council's papers"), p->slug, f.key, f.key);
	html_printf(&h, "<section aria-labelledby=\"figures\"><h2 id=\"figures\">%s</h2>"
		       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "</tr></thead><tbody>",
		    _("The figures then"), _("State"), _("Measures"));
	const char *state;
	json_t *n;
	json_object_foreach(json_object_get(doc, "by_state"), state, n) {
		html_lit(&h, "<tr><td>");
		html_state(&h, state);
		html_printf(&h, "</td><td class=\"num\">%lld</td></tr>", (long long)json_integer_value(n));
	}
	html_printf(&h, "</tbody><tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr></tfoot></table>",
		    _("Total"), (long long)json_integer_value(json_object_get(doc, "measures")));
	html_printf(&h, "<p>%s ", _("Planned budget:"));
	html_money(&h, json_integer_value(json_object_get(doc, "budget_total")));
	html_printf(&h, ". %s ", _("Spent so far:"));
	html_money(&h, json_integer_value(json_object_get(doc, "spent")));
	html_lit(&h, ".</p></section>");
	changes(&h, rq, json_object_get(doc, "plan"), &now);
	json_decref(doc);
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}

/* GET /plan/{slug}/reports/{key}.json: the bytes as they were stored; the
 * SHA-256 is the ETag. */
int page_frozen_json(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct frozen f;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (frozen_load(rq->db, &rq->arena, p->id, request_param(rq, "key"), &f, &e) != OK)
		return page_error_from(rq, rs, &e);
	response_body(rs, "application/json", f.json, f.json_len);
	rs->etag = arena_printf(&rq->arena, "\"%s\"", f.sha256);
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}

/* GET /plan/{slug}/reports/{key}.pdf: drawn from the stored JSON alone. */
int page_frozen_pdf(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct frozen f;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (frozen_load(rq->db, &rq->arena, p->id, request_param(rq, "key"), &f, &e) != OK ||
	    pdf_frozen(f.json, f.json_len, f.sha256, i18n_code(rq->lang), &rs->body, &e) != OK)
		return page_error_from(rq, rs, &e);
	rs->content_type = "application/pdf";
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	/* A header, not markup: slug and key are [a-z0-9-]. */
	static const char disposition[] = "inline; filename=\"%s-%s.pdf\"";
	response_header(rs, "Content-Disposition", arena_printf(&rq->arena, disposition, p->slug, f.key));
	return 200;
}
