/*
 * page_measure.c: one measure with where it sits in its plan, its status
 * reports, and the form to write a new one (for those who may report).
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/report.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdlib.h>
#include <string.h>

/* Loads the measure of the route's {id} if the actor may do act on it. */
static int measure_for_request(struct request *rq, struct response *rs, enum action act,
			       struct measure_view **out, struct perm_target *t)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	struct err e = ERR_INIT;
	memset(t, 0, sizeof *t);
	if (!id || !*id || *end || n <= 0)
		return page_error(rq, rs, 404, NULL), ERR;
	if (measure_view_load(rq->db, &rq->arena, n, out, &e) != OK ||
	    perm_load_owner(rq->db, &rq->arena, (*out)->owner_id, t, &e) != OK ||
	    perm_load_involved(rq->db, &rq->arena, n, t, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	t->published = (*out)->published;
	if (auth_require(rq, rs, ACT_READ_PLAN, t) != OK ||
	    (act != ACT_READ_PLAN && auth_require(rq, rs, act, t) != OK))
		return ERR;
	return OK;
}

static void facts(struct html *h, const struct measure_view *v)
{
	const struct measure *m = &v->m;
	html_lit(h, "<dl class=\"facts\">");
	html_printf(h, "<div><dt>%s</dt><dd>%s. %s</dd></div>", _("Area"), v->area_number, v->area_title);
	html_printf(h, "<div><dt>%s</dt><dd>%s</dd></div>", _("Focus"), v->focus_title);
	html_printf(h, "<div><dt>%s</dt><dd>", _("Strategy (how)"));
	html_paragraphs(h, v->strategy_text);
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>%s</dd></div>", _("When"),
		    *m->period_text ? m->period_text : "–");
	html_printf(h, "<div><dt>%s</dt><dd>", _("Responsible"));
	html_org_links(h, &m->responsible);
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>", _("Taking part"));
	html_org_links(h, &m->participants);
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>%s</dd></div>", _("As written in the plan"),
		    m->responsibility_text);
	html_printf(h, "<div><dt>%s</dt><dd>", _("Budget"));
	bool any = false;
	for (size_t i = 0; i < m->budget.count; i++)
		any |= m->budget.items[i].has_amount;
	if (any)
		html_money(h, measure_budget_total(m));
	else
		html_lit(h, "–");
	html_lit(h, "</dd></div></dl>");
}

static void report_list_html(struct html *h, const struct measure_view *v)
{
	html_printf(h, "<section class=\"reports\"><h2>%s</h2>", _("Status reports"));
	if (!v->reports.count) {
		html_printf(h, "<p>%s</p></section>", _("No status reports yet."));
		return;
	}
	html_lit(h, "<ol class=\"reports\">");
	for (size_t i = 0; i < v->reports.count; i++) {
		const struct report *r = &v->reports.items[i];
		html_lit(h, "<li><p class=\"report-head\">");
		html_state(h, report_state_code(r->state));
		html_lit(h, " ");
		html_date(h, r->reported_on);
		if (r->author)
			html_printf(h, " · %s", r->author);
		if (r->progress >= 0)
			html_printf(h, " · %d %%", r->progress);
		if (r->has_spent) {
			html_printf(h, " · %s ", _("spent"));
			html_money(h, r->spent);
		}
		html_lit(h, "</p>");
		html_paragraphs(h, r->text);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol></section>");
}

/* The values a report form shows again after a mistake. */
struct report_input {
	const char *reported_on, *state, *progress, *spent, *text;
};

static void report_form(struct html *h, const struct request *rq, const struct measure_view *v,
			const struct report_input *in, const struct err *e)
{
	char today[11];
	clock_today(today);
	html_printf(h, "<section class=\"new-report\" id=\"new-report\"><h2>%s</h2>", _("Write a status report"));
	if (e)
		html_printf(h, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
	html_printf(h, "<form method=\"post\" action=\"/measure/%lld/report\">", (long long)v->m.id);
	html_csrf(h, rq);
	html_printf(h, "<div class=\"field\"><label for=\"reported_on\">%s</label>"
		       "<input id=\"reported_on\" name=\"reported_on\" type=\"date\" value=\"%s\" required></div>",
		    _("Date"), in && in->reported_on ? in->reported_on : today);
	html_printf(h, "<div class=\"field\"><label for=\"state\">%s</label><select id=\"state\" name=\"state\">",
		    _("State"));
	for (int s = 0; s < STATE_COUNT; s++) {
		const char *code = report_state_code((enum report_state)s);
		bool chosen = in && in->state ? strcmp(in->state, code) == 0 : s == STATE_ON_TRACK;
		html_printf(h, "<option value=\"%s\"%s>%s</option>", code, chosen ? " selected" : "",
			    html_state_label(code));
	}
	html_printf(h, "</select></div><div class=\"field\"><label for=\"progress\">%s</label>"
		       "<input id=\"progress\" name=\"progress\" type=\"number\" min=\"0\" max=\"100\" value=\"%s\"></div>",
		    _("Progress (%)"), in && in->progress ? in->progress : "");
	html_printf(h, "<div class=\"field\"><label for=\"spent\">%s</label>"
		       "<input id=\"spent\" name=\"spent\" value=\"%s\" inputmode=\"decimal\"></div>",
		    _("Spent so far (kr)"), in && in->spent ? in->spent : "");
	html_printf(h, "<div class=\"field\"><label for=\"text\">%s</label>"
		       "<textarea id=\"text\" name=\"text\" rows=\"5\">%s</textarea></div>",
		    _("What has been done, what is next"), in && in->text ? in->text : "");
	html_printf(h, "<button type=\"submit\">%s</button></form></section>", _("Save the report"));
}

static int render(struct request *rq, struct response *rs, const struct measure_view *v,
		  const struct perm_target *t, const struct report_input *in,
		  const struct err *e, int status)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Measure"));
	html_printf(&h, "<article class=\"measure-page\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>",
		    v->plan_slug, v->plan_title);
	html_printf(&h, "<h1>%s</h1>", _("Measure"));
	html_lit(&h, "<div class=\"measure-text\">");
	html_paragraphs(&h, v->m.text);
	html_lit(&h, "</div>");
	facts(&h, v);
	report_list_html(&h, v);
	if (rq->actor.csrf && perm_allows(&rq->actor, ACT_REPORT, t))
		report_form(&h, rq, v, in, e);
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	return status;
}

/* GET /measure/{id}: the measure and its reports, for whoever may read its
 * plan; the report form for those who may report (ACT_REPORT). */
int page_measure(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	struct perm_target t;
	if (measure_for_request(rq, rs, ACT_READ_PLAN, &v, &t) != OK)
		return rs->status;
	return render(rq, rs, v, &t, NULL, NULL, 200);
}

/* POST /measure/{id}/report: stores a status report (ACT_REPORT, CSRF). */
int page_measure_report(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	struct perm_target t;
	if (measure_for_request(rq, rs, ACT_REPORT, &v, &t) != OK)
		return rs->status;
	const struct form *f = rq->form;
	struct report_input in = {form_get(f, "reported_on"), form_get(f, "state"),
				  form_get(f, "progress"), form_get(f, "spent"),
				  form_get(f, "text")};
	struct report r = {0};
	struct err e = ERR_INIT;
	r.reported_on = in.reported_on;
	r.text = in.text ? in.text : "";
	r.progress = -1;
	if (report_state_parse(in.state, &r.state) != OK) {
		err_set(&e, ERR_INPUT, "state", _("Choose the state of the measure."));
		return render(rq, rs, v, &t, &in, &e, 400);
	}
	if (in.progress && *in.progress) {
		char *end;
		long p = strtol(in.progress, &end, 10);
		if (*end || p < 0 || p > 100) {
			err_set(&e, ERR_INPUT, "progress", _("Progress is a percentage from 0 to 100."));
			return render(rq, rs, v, &t, &in, &e, 400);
		}
		r.progress = (int)p;
	}
	if (in.spent && *in.spent) {
		bool none;
		if (money_parse(in.spent, &r.spent, &none, &e) != OK)
			return render(rq, rs, v, &t, &in, &e, 400);
		r.has_spent = !none;
	}
	if (report_add(rq->db, v->m.id, rq->actor.user_id, &r, rq->actor.login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return render(rq, rs, v, &t, &in, &e, 400);
		return page_error(rq, rs, 500, NULL);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/measure/%lld", (long long)v->m.id));
}
