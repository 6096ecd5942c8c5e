/*
 * page_round.c: reporting rounds (model/round.h).
 *
 *   GET  /plan/{slug}/rounds   the plan's rounds; for editors the form that
 *                              opens one (name, deadline)
 *   POST /plan/{slug}/rounds   opens one (ACT_EDIT_PLAN, CSRF)
 *   GET  /round/{id}           per organisation and measure: reported or
 *                              not, late or not, corrected after closing;
 *                              the counts; for editors the close button
 *   POST /round/{id}/close     closes it (ACT_EDIT_PLAN, CSRF, version)
 *
 * Whoever may read the plan may read its rounds.
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/round.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

/* The round named by the route's {id}, for act (the generic node lookup
 * reads the kind from the route). */
int round_for_request(struct request *rq, struct response *rs, enum action act,
		      struct target *t)
{
	return node_for_request_kind(rq, rs, NODE_ROUND, act, t);
}

static void round_item(struct html *h, const struct round *r)
{
	html_printf(h, "<li><a href=\"/round/%lld\">%s</a> <span class=\"meta\">%s ", (long long)r->id,
		    r->name, _("Deadline"));
	html_date(h, r->deadline);
	html_printf(h, " · %s", r->closed_at ? _("closed") : _("open"));
	html_printf(h, " · %lld / %lld %s</span></li>", (long long)r->reported, (long long)r->measures,
		    _("measures reported"));
}

static int render_rounds(struct request *rq, struct response *rs, struct plan *p,
			 const struct err *problem, const char *name, const char *deadline, int status)
{
	round_list rounds;
	struct err e = ERR_INIT;
	if (round_list_for_plan(rq->db, &rq->arena, p->id, &rounds, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct perm_target pt = {.owner_id = p->owner_id, .published = p->published};
	bool may_edit = perm_allows(&rq->actor, ACT_EDIT_PLAN, &pt);
	struct html h = HTML_INIT;
	const char *title = _("Reporting rounds");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"rounds\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p><h1>%s</h1>",
		    p->slug, p->title, title);
	if (rounds.count) {
		html_lit(&h, "<ul class=\"records\">");
		for (size_t i = 0; i < rounds.count; i++)
			round_item(&h, &rounds.items[i]);
		html_lit(&h, "</ul>");
	} else {
		html_printf(&h, "<p>%s</p>", _("No reporting round has been opened on this plan."));
	}
	if (may_edit && rq->actor.csrf) {
		html_printf(&h, "<section aria-labelledby=\"round-new\"><h2 id=\"round-new\">%s</h2><p class=\"hint\">%s</p>",
			    _("Open a reporting round"),
			    _("The round takes every measure that is not done or cancelled. The reporters of the responsible organisations see it and its deadline on their page."));
		if (problem)
			html_printf(&h, "<p class=\"error\" role=\"alert\" id=\"round-error\">%s</p>", problem->msg);
		html_printf(&h, "<form method=\"post\" action=\"/plan/%s/rounds\">", p->slug);
		html_csrf(&h, rq);
		bool bad_name = problem && strcmp(problem->field, "name") == 0;
		bool bad_date = problem && strcmp(problem->field, "deadline") == 0;
		html_printf(&h, "<div class=\"field\"><label for=\"name\">%s *</label>"
			       "<input id=\"name\" name=\"name\" required value=\"%s\"",
			    _("Name (e.g. 1. tertial 2026)"), name ? name : "");
		if (bad_name)
			html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"round-error\"");
		html_printf(&h, "></div><div class=\"field\"><label for=\"deadline\">%s *</label>"
			       "<input id=\"deadline\" name=\"deadline\" type=\"date\" required value=\"%s\"",
			    _("Deadline"), deadline ? deadline : "");
		if (bad_date)
			html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"round-error\"");
		html_lit(&h, "></div>");
		html_printf(&h, "<button type=\"submit\">%s</button></form></section>", _("Open the round"));
	}
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return status;
}

/* GET /plan/{slug}/rounds */
int page_rounds(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	return render_rounds(rq, rs, p, NULL, NULL, NULL, 200);
}

/* POST /plan/{slug}/rounds: name, deadline. */
int page_rounds_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	int64_t id;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	const char *name = form_get(rq->form, "name"), *deadline = form_get(rq->form, "deadline");
	if (round_open(rq->db, p->id, name ? name : "", deadline ? deadline : "", rq->actor.login, &id,
		       &e) != OK) {
		if (e.kind == ERR_INPUT || e.kind == ERR_CONFLICT)
			return render_rounds(rq, rs, p, &e, name, deadline, e.kind == ERR_INPUT ? 400 : 409);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/round/%lld", (long long)id));
}

/* The organisation's sheet: download, and (signed in, round open) the
 * upload of the filled-in sheet (page_sheet.c). */
static void sheet_forms(struct html *h, struct request *rq, const struct round *r, int64_t org)
{
	html_printf(h, "<p class=\"sheet-links\"><a href=\"/round/%lld/sheet.xlsx?org=%lld\">%s</a></p>",
		    (long long)r->id, (long long)org, _("Download the sheet to fill in (XLSX)"));
	if (!rq->actor.csrf || r->closed_at)
		return;
	html_printf(h, "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\""
		       " action=\"/round/%lld/sheet\">", (long long)r->id);
	html_csrf(h, rq);
	html_printf(h, "<input type=\"hidden\" name=\"org\" value=\"%lld\">"
		       "<label for=\"sheet-%lld\">%s</label> <input type=\"file\" id=\"sheet-%lld\" name=\"file\""
		       " accept=\".xlsx,.csv\" required> <button type=\"submit\">%s</button></form>",
		    (long long)org, (long long)org, _("The filled-in sheet (XLSX or CSV)"), (long long)org,
		    _("Upload and preview"));
}

/* The table of one organisation's measures in the round. */
static void org_table(struct html *h, struct request *rq, const struct round *round,
		      const round_row_list *rows, size_t from, size_t to)
{
	const struct round_row *first = &rows->items[from];
	size_t reported = 0;
	for (size_t i = from; i < to; i++)
		reported += rows->items[i].reported_on != NULL;
	html_printf(h, "<section class=\"round-org\" aria-labelledby=\"round-org-%zu\"><h2 id=\"round-org-%zu\">",
		    from, from);
	if (first->org_id)
		html_printf(h, "<a href=\"/org/%lld\">%s</a>", (long long)first->org_id, first->org);
	else
		html_printf(h, "%s", _("No responsible organisation"));
	html_printf(h, " <span class=\"meta\">%zu / %zu %s</span></h2>", reported, to - from,
		    _("reported"));
	html_printf(h, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    _("Measure"), _("Reported"), _("Note"));
	for (size_t i = from; i < to; i++) {
		const struct round_row *r = &rows->items[i];
		html_printf(h, "<tr><td><a href=\"/measure/%lld\">%s</a></td><td>", (long long)r->measure_id,
			    r->text);
		if (r->reported_on)
			html_date(h, r->reported_on);
		else
			html_printf(h, "<span class=\"badge state-none\">%s</span>", _("Not reported"));
		html_lit(h, "</td><td>");
		if (r->late)
			html_printf(h, "<span class=\"badge late\">%s</span> ", _("Late"));
		if (r->corrected)
			html_printf(h, "<span class=\"badge\">%s</span>", _("Corrected after the round closed"));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table>");
	if (first->org_id)
		sheet_forms(h, rq, round, first->org_id);
	html_lit(h, "</section>");
}

/* GET /round/{id} */
int page_round(struct request *rq, struct response *rs)
{
	struct target t;
	struct round r;
	round_row_list rows;
	struct err e = ERR_INIT;
	char today[11];
	clock_today(today);
	if (round_for_request(rq, rs, ACT_READ_PLAN, &t) != OK)
		return rs->status;
	if (round_load(rq->db, &rq->arena, t.v.id, &r, &e) != OK ||
	    round_rows(rq->db, &rq->arena, &r, today, &rows, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	html_begin(&h, rq, r.name);
	html_printf(&h, "<article class=\"round\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a> · "
		       "<a href=\"/plan/%s/rounds\">%s</a></p><h1>%s</h1>",
		    r.plan_slug, r.plan_title, r.plan_slug, _("Reporting rounds"), r.name);
	html_printf(&h, "<dl class=\"facts\"><dt>%s</dt><dd>", _("Deadline"));
	html_date(&h, r.deadline);
	html_printf(&h, "</dd><dt>%s</dt><dd>", _("Opened"));
	html_date(&h, r.opened_on);
	html_printf(&h, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld / %lld</dd></dl>", _("State"),
		    r.closed_at ? _("closed") : _("open"), _("Measures reported"),
		    (long long)r.reported, (long long)r.measures);
	if (t.may_edit && rq->actor.csrf && !r.closed_at) {
		html_printf(&h, "<form method=\"post\" action=\"/round/%lld/close\">", (long long)r.id);
		html_csrf(&h, rq);
		html_printf(&h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
			       "<button type=\"submit\">%s</button></form>",
			    (long long)r.version, _("Close the round"));
	}
	for (size_t from = 0; from < rows.count;) {
		size_t to = from + 1;
		while (to < rows.count && rows.items[to].org_id == rows.items[from].org_id)
			to++;
		org_table(&h, rq, &r, &rows, from, to);
		from = to;
	}
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return 200;
}

/* POST /round/{id}/close */
int page_round_close(struct request *rq, struct response *rs)
{
	struct target t;
	struct err e = ERR_INIT;
	if (round_for_request(rq, rs, ACT_EDIT_PLAN, &t) != OK)
		return rs->status;
	const char *v = form_get(rq->form, "version");
	char *end = NULL;
	long long version = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || version <= 0)
		return page_error(rq, rs, 400, _("The form is incomplete; reload it and try again."));
	if (round_close(rq->db, t.v.id, version, rq->actor.login, &e) != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, arena_printf(&rq->arena, "/round/%lld", (long long)t.v.id));
}
