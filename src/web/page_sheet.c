/*
 * page_sheet.c: a reporting round's spreadsheet round trip
 * (formats/round_sheet.h).
 *
 *   GET  /round/{id}/sheet.xlsx?org=N  the organisation's measures in the
 *                                      round, to fill in (whoever may read
 *                                      the plan: it holds nothing more)
 *   POST /round/{id}/sheet             upload (multipart: org, file): the
 *                                      preview, row by row; nothing stored
 *   POST /round/{id}/sheet/apply       stores the preview's new reports in
 *                                      one transaction (ACT_REPORT on each
 *                                      measure, CSRF)
 *
 * The preview carries its rows to the confirmation as JSON in a hidden
 * field; the confirmation trusts none of it: every row is checked again
 * (the organisation's measure in the round, the permission, the stamp,
 * the report's values).
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "formats/round_sheet.h"
#include "formats/sheet_read.h"
#include "model/document.h"
#include "model/org.h"
#include "model/perm.h"
#include "model/round.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SHEET_UPLOAD_MAX (10u << 20)

/* The round, the organisation (?org= or the form's org) and its measures
 * in the round; for a sheet coming back (form), the round must be open. */
struct sheet_ctx {
	struct target t;
	struct round r;
	struct org org;
	round_sheet_row_list rows;
	struct perm_target plan; /* the plan's part of every measure's target */
};

static int load(struct request *rq, struct response *rs, bool form, struct sheet_ctx *c)
{
	const char *org_text = form ? form_get(rq->form, "org") : request_query(rq, "org");
	struct err e = ERR_INIT;
	char *end = NULL;
	long long org = org_text ? strtoll(org_text, &end, 10) : 0;
	if (round_for_request(rq, rs, ACT_READ_PLAN, &c->t) != OK)
		return ERR;
	if (!org_text || *end || org <= 0)
		return page_error(rq, rs, 400, _("Choose the organisation.")), ERR;
	memset(&c->plan, 0, sizeof c->plan);
	c->plan.published = c->t.plan && c->t.plan->published;
	if (round_load(rq->db, &rq->arena, c->t.v.id, &c->r, &e) != OK ||
	    org_load(rq->db, &rq->arena, org, &c->org, &e) != OK ||
	    round_sheet_rows(rq->db, &rq->arena, &c->r, org, &c->rows, &e) != OK ||
	    perm_load_owner(rq->db, &rq->arena, c->t.plan ? c->t.plan->owner_id : 0, &c->plan, &e) != OK)
		return page_error_from(rq, rs, &e), ERR;
	if (form && c->r.closed_at)
		return page_error(rq, rs, 409, _("The round is closed.")), ERR;
	return OK;
}

/* GET /round/{id}/sheet.xlsx */
int page_sheet_download(struct request *rq, struct response *rs)
{
	struct sheet_ctx c;
	struct err e = ERR_INIT;
	if (load(rq, rs, false, &c) != OK)
		return rs->status;
	if (round_sheet_write(&c.r, c.org.name, &c.rows, &rs->body, &e) != OK)
		return page_error_from(rq, rs, &e);
	rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	rs->status = 200;
	rs->cache = CACHE_NONE; /* its stamps are of now */
	response_header(rs, "Content-Disposition",
			arena_printf(&rq->arena, "attachment; filename=rapport-%lld-%lld.xlsx",
				     (long long)c.r.id, (long long)c.org.id));
	return 200;
}

/* Whether the actor may report on measure (ACT_REPORT), and for which
 * organisation. */
static bool may_report(struct request *rq, const struct sheet_ctx *c, int64_t measure,
		       int64_t *org)
{
	struct perm_target pt = c->plan;
	struct err e = ERR_INIT;
	if (perm_load_involved(rq->db, &rq->arena, measure, &pt, &e) != OK)
		return false;
	*org = perm_reporting_org(&rq->actor, &pt);
	return perm_allows(&rq->actor, ACT_REPORT, &pt);
}

static const char *verdict_label(enum sheet_verdict v)
{
	switch (v) {
	case SHEET_NEW: return _("New report");
	case SHEET_UNCHANGED: return _("Unchanged");
	case SHEET_ERROR: return _("Error");
	case SHEET_CHANGED: return _("Changed since the download");
	}
	return "";
}

/* The rows to store, as the confirmation form carries them. */
static char *rows_json(const sheet_result_list *res)
{
	json_t *a = json_array();
	for (size_t i = 0; i < res->count; i++) {
		const struct sheet_result *r = &res->items[i];
		if (r->verdict != SHEET_NEW)
			continue;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "measure",
				      (json_int_t)r->measure->measure_id, "stamp", r->measure->stamp,
				      "reported_on", r->report.reported_on, "state",
				      report_state_code(r->report.state), "progress",
				      (json_int_t)r->report.progress, "text", r->report.text);
		if (o && r->report.has_spent)
			json_object_set_new(o, "spent", json_integer(r->report.spent));
		json_array_append_new(a, o);
	}
	char *s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static void preview_row(struct html *h, const struct sheet_result *r)
{
	html_printf(h, "<tr><td>%zu</td><td>", r->row + 1);
	if (r->measure)
		html_printf(h, "<a href=\"/measure/%lld\">%s</a>", (long long)r->measure->measure_id,
			    r->measure->text);
	html_printf(h, "</td><td><span class=\"badge sheet-%s\">%s</span></td><td>",
		    r->verdict == SHEET_NEW ? "new" : r->verdict == SHEET_UNCHANGED ? "same" : "bad",
		    verdict_label(r->verdict));
	if (r->message) {
		html_printf(h, "%s", r->message);
	} else if (r->verdict == SHEET_NEW) {
		html_date(h, r->report.reported_on);
		html_lit(h, " ");
		html_state(h, report_state_code(r->report.state));
		if (r->report.progress >= 0)
			html_printf(h, " %d %%", r->report.progress);
		if (r->report.has_spent) {
			html_lit(h, " · ");
			html_money(h, r->report.spent);
		}
		if (*r->report.text)
			html_printf(h, "<br>%s", r->report.text);
	}
	html_lit(h, "</td></tr>");
}

static int preview(struct request *rq, struct response *rs, const struct sheet_ctx *c,
		   const sheet_result_list *res)
{
	size_t counts[4] = {0};
	for (size_t i = 0; i < res->count; i++)
		counts[res->items[i].verdict]++;
	struct html h = HTML_INIT;
	const char *title = _("The sheet, before it is saved");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"sheet\"><p class=\"kicker\"><a href=\"/round/%lld\">%s</a> · %s</p>"
		       "<h1>%s</h1><p role=\"status\">%s: %zu · %s: %zu · %s: %zu · %s: %zu</p>",
		    (long long)c->r.id, c->r.name, c->org.name, title, _("New report"), counts[SHEET_NEW],
		    _("Unchanged"), counts[SHEET_UNCHANGED], _("Error"), counts[SHEET_ERROR],
		    _("Changed since the download"), counts[SHEET_CHANGED]);
	html_printf(&h, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    _("Row"), _("Measure"), _("Result"), _("Details"));
	for (size_t i = 0; i < res->count; i++)
		preview_row(&h, &res->items[i]);
	html_lit(&h, "</tbody></table>");
	if (counts[SHEET_NEW]) {
		char *json = rows_json(res);
		html_printf(&h, "<form method=\"post\" action=\"/round/%lld/sheet/apply\">", (long long)c->r.id);
		html_csrf(&h, rq);
		html_printf(&h, "<input type=\"hidden\" name=\"org\" value=\"%lld\">"
			       "<input type=\"hidden\" name=\"rows\" value=\"%s\">"
			       "<p>%s</p><button type=\"submit\">%s (%zu)</button></form>",
			    (long long)c->org.id, json ? json : "[]",
			    counts[SHEET_ERROR] + counts[SHEET_CHANGED]
				    ? _("Rows with an error or a change since the download are left out; correct them and upload again.")
				    : "",
			    _("Save the new reports"), counts[SHEET_NEW]);
		free(json);
	} else {
		html_printf(&h, "<p>%s</p>", _("Nothing to save."));
	}
	html_printf(&h, "<p><a href=\"/round/%lld\">%s</a></p></article>", (long long)c->r.id,
		    _("Back to the round"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

/* POST /round/{id}/sheet */
int page_sheet_upload(struct request *rq, struct response *rs)
{
	struct sheet_ctx c;
	struct err e = ERR_INIT;
	if (load(rq, rs, true, &c) != OK)
		return rs->status;
	if (!rq->upload)
		return page_error(rq, rs, 400, _("Choose the filled-in sheet (XLSX or CSV). Nothing was saved."));
	const char *bytes;
	size_t n;
	struct sheet s;
	sheet_result_list res;
	int rc = document_upload_read(rq->upload, &rq->arena, SHEET_UPLOAD_MAX, &bytes, &n, &e);
	if (rc == OK)
		rc = sheet_read(bytes, n, &rq->arena, &s, &e);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	round_sheet_check(&s, &c.rows, &rq->arena, &res);
	/* A row the uploader may not report on is an error too. */
	for (size_t i = 0; i < res.count; i++) {
		struct sheet_result *r = &res.items[i];
		int64_t org;
		if (r->verdict == SHEET_NEW && !may_report(rq, &c, r->measure->measure_id, &org)) {
			r->verdict = SHEET_ERROR;
			r->message = arena_printf(&rq->arena, "%s", _("You may not report on this measure."));
		}
	}
	return preview(rq, rs, &c, &res);
}

static const struct round_sheet_row *find_row(const struct sheet_ctx *c, int64_t measure)
{
	for (size_t i = 0; i < c->rows.count; i++)
		if (c->rows.items[i].measure_id == measure)
			return &c->rows.items[i];
	return NULL;
}

/* Reads the confirmation's rows into items, each checked. */
static int read_rows(struct request *rq, const struct sheet_ctx *c, json_t *rows,
		     struct round_sheet_report *items, struct err *e)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o) {
		json_int_t m = 0, progress = -1;
		const char *stamp = NULL, *on = NULL, *state = NULL, *text = NULL;
		json_t *spent = json_object_get(o, "spent");
		struct report *r = arena_alloc(&rq->arena, sizeof *r);
		int64_t org;
		if (json_unpack(o, "{s:I, s:s, s:s, s:s, s:I, s:s}", "measure", &m, "stamp", &stamp,
				"reported_on", &on, "state", &state, "progress", &progress, "text",
				&text) != 0 ||
		    !find_row(c, m) || report_state_parse(state, &r->state) != OK ||
		    (spent && !json_is_integer(spent)))
			return err_set(e, ERR_INPUT, "rows", _("The confirmation is damaged; upload the sheet again."));
		if (!may_report(rq, c, m, &org))
			return err_set(e, ERR_DENIED, "rows", _("You may not report on measure %lld."),
				       (long long)m);
		r->reported_on = arena_strdup(&rq->arena, on);
		r->progress = (int)(progress < -1 || progress > 100 ? -2 : progress);
		r->text = arena_strdup(&rq->arena, text);
		r->has_spent = spent != NULL;
		r->spent = spent ? json_integer_value(spent) : 0;
		r->org_id = org;
		items[i] = (struct round_sheet_report){m, arena_strdup(&rq->arena, stamp), r};
	}
	return OK;
}

/* POST /round/{id}/sheet/apply */
int page_sheet_apply(struct request *rq, struct response *rs)
{
	struct sheet_ctx c;
	struct err e = ERR_INIT;
	if (load(rq, rs, true, &c) != OK)
		return rs->status;
	const char *text = form_get(rq->form, "rows");
	json_t *rows = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!json_is_array(rows) || !json_array_size(rows) || json_array_size(rows) > SHEET_ROWS) {
		json_decref(rows);
		return page_error(rq, rs, 400, _("The confirmation is damaged; upload the sheet again."));
	}
	size_t n = json_array_size(rows);
	struct round_sheet_report *items = arena_array(&rq->arena, n, sizeof *items);
	int rc = read_rows(rq, &c, rows, items, &e);
	json_decref(rows);
	if (rc == OK)
		rc = round_sheet_apply(rq->db, items, n, rq->actor.user_id, rq->actor.login, &e);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, arena_printf(&rq->arena, "/round/%lld", (long long)c.r.id));
}
