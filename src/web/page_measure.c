/*
 * page_measure.c: one measure with where it sits in its plan, its status
 * reports (REPORTS_SHOWN a page, newest first, ?page=N for older), the form to write
 * a new one for those who may report, corrections of a report (its author
 * within 14 days, the plan's editors always), and for editors the links to
 * change, move, delete and budget the measure; its documents (page_document.c).
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/record.h"
#include "model/links.h"
#include "model/node.h"
#include "model/org.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORTS_SHOWN 50

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
	/* A page of reports at a time: a measure with thousands of reports
	 * is never one huge page. */
	const char *pq = request_query(rq, "page");
	char *pend = NULL;
	long page = pq ? strtol(pq, &pend, 10) : 1;
	if (pq && (*pend || page < 1 || page > 1000000))
		return page_error(rq, rs, 400, NULL), ERR;
	/* A write needs the measure only; its reports are loaded if the
	 * page is shown again (render). */
	bool read = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	if (measure_view_load(rq->db, &rq->arena, n, read ? REPORTS_SHOWN : MEASURE_NO_REPORTS,
			      (size_t)(page - 1) * REPORTS_SHOWN, out, &e) != OK ||
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
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>", _("When"));
	html_period(h, m);
	html_lit(h, "</dd></div>");
	html_printf(h, "<div><dt>%s</dt><dd>", _("Responsible"));
	html_org_links(h, &m->responsible);
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>", _("Taking part"));
	html_org_links(h, &m->participants);
	html_printf(h, "</dd></div><div><dt>%s</dt><dd>%s</dd></div>", _("As written in the plan"),
		    m->responsibility_text);
	html_printf(h, "<div><dt>%s</dt><dd>", _("Budget"));
	bool any = false, plain = true;
	for (size_t i = 0; i < m->budget.count; i++) {
		any |= m->budget.items[i].has_amount;
		plain &= m->budget.items[i].qualifier == 0 && !m->budget.items[i].per_year;
	}
	if (!plain)
		for (size_t i = 0; i < m->budget.count; i++) {
			if (i)
				html_lit(h, "<br>");
			html_budget_line(h, &m->budget.items[i]);
		}
	else if (any)
		html_money(h, measure_budget_total(m));
	else
		html_lit(h, "–");
	html_lit(h, "</dd></div></dl>");
}

/* Links to newer and older reports when there are more than a page. */
static void report_pager(struct html *h, const struct request *rq, const struct measure_view *v)
{
	const char *pq = request_query(rq, "page");
	long page = pq ? strtol(pq, NULL, 10) : 1;
	bool older = (int64_t)page * REPORTS_SHOWN < v->reports_total;
	if (page <= 1 && !older)
		return;
	html_printf(h, "<nav class=\"pager\" aria-label=\"%s\"><p>", _("Status reports"));
	html_printf(h, _("%lld status reports in all."), (long long)v->reports_total);
	html_lit(h, " ");
	if (page > 1)
		html_printf(h, "<a href=\"/measure/%lld?page=%ld#reports\" rel=\"prev\">%s</a> ",
			    (long long)v->m.id, page - 1, _("Newer reports"));
	if (older)
		html_printf(h, "<a href=\"/measure/%lld?page=%ld#reports\" rel=\"next\">%s</a>",
			    (long long)v->m.id, page + 1, _("Older reports"));
	html_lit(h, "</p></nav>");
}

/* The target of a correction of r: the measure's, with who wrote it. */
static struct perm_target correction_target(const struct perm_target *t, const struct report *r)
{
	struct perm_target c = *t;
	c.author_id = r->author_id;
	c.recent = report_recent(r->created_at);
	return c;
}

static void report_list_html(struct html *h, struct request *rq, struct response *rs,
			     const struct measure_view *v, const struct perm_target *t)
{
	html_printf(h, "<section class=\"reports\" id=\"reports\"><h2>%s</h2>", _("Status reports"));
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
		if (r->org)
			html_printf(h, " (%s)", r->org);
		if (r->progress >= 0)
			html_printf(h, " · %d %%", r->progress);
		if (r->has_spent) {
			html_printf(h, " · %s ", _("spent"));
			html_money(h, r->spent);
		}
		if (r->updated_at)
			html_printf(h, " · <em>%s</em>", _("corrected"));
		html_lit(h, "</p>");
		html_paragraphs(h, r->text);
		struct perm_target c = correction_target(t, r);
		/* Its author may correct it for a while: their view differs. */
		if (c.recent && c.author_id)
			response_personal_for(rq, rs, c.author_id);
		if (rq->actor.csrf && perm_allows(&rq->actor, ACT_CORRECT_REPORT, &c)) {
			html_printf(h, "<p><a href=\"/report/%lld/edit\">%s ", (long long)r->id,
				    _("Correct the report of"));
			html_date(h, r->reported_on);
			html_lit(h, "</a></p>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol>");
	report_pager(h, rq, v);
	html_lit(h, "</section>");
}

/* The values a report form shows again after a mistake. */
struct report_input {
	const char *reported_on, *state, *progress, *spent, *text;
};

/* The attributes that mark field name when e is about it (from literals:
 * markup never passes through %s). */
static void marked(struct html *h, const struct err *e, const char *name)
{
	if (e && strcmp(e->field, name) == 0)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
}

static void field_error(struct html *h, const struct err *e, const char *name)
{
	if (e && strcmp(e->field, name) == 0)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", name, e->msg);
}

/* The fields of a report: date, state (chosen, never preselected),
 * progress, spent, text. */
static void report_fields(struct html *h, const struct report_input *in,
			  const struct err *e)
{
	char today[11];
	clock_today(today);
	html_printf(h, "<div class=\"field\"><label for=\"reported_on\">%s</label>", _("Date"));
	field_error(h, e, "reported_on");
	html_printf(h, "<input id=\"reported_on\" name=\"reported_on\" type=\"date\" max=\"%s\" "
		       "value=\"%s\" required",
		    today, in && in->reported_on ? in->reported_on : today);
	marked(h, e, "reported_on");
	html_lit(h, "></div>");
	html_printf(h, "<div class=\"field\"><label for=\"state\">%s</label>", _("State"));
	field_error(h, e, "state");
	html_lit(h, "<select id=\"state\" name=\"state\" required");
	marked(h, e, "state");
	html_printf(h, "><option value=\"\">%s</option>", _("Choose the state"));
	for (int s = 0; s < STATE_COUNT; s++) {
		const char *code = report_state_code((enum report_state)s);
		bool chosen = in && in->state && strcmp(in->state, code) == 0;
		html_printf(h, "<option value=\"%s\"%s>%s</option>", code, chosen ? " selected" : "",
			    html_state_label(code));
	}
	html_printf(h, "</select></div><div class=\"field\"><label for=\"progress\">%s</label>",
		    _("Progress (%)"));
	field_error(h, e, "progress");
	html_printf(h, "<input id=\"progress\" name=\"progress\" type=\"number\" min=\"0\" max=\"100\" "
		       "value=\"%s\"",
		    in && in->progress ? in->progress : "");
	marked(h, e, "progress");
	html_lit(h, "></div>");
	html_printf(h, "<div class=\"field\"><label for=\"spent\">%s</label>", _("Spent so far (kr)"));
	field_error(h, e, "spent");
	html_printf(h, "<input id=\"spent\" name=\"spent\" value=\"%s\" inputmode=\"decimal\"",
		    in && in->spent ? in->spent : "");
	marked(h, e, "spent");
	html_lit(h, "></div>");
	html_printf(h, "<div class=\"field\"><label for=\"text\">%s</label>",
		    _("What has been done, what is next"));
	field_error(h, e, "text");
	html_lit(h, "<textarea id=\"text\" name=\"text\" rows=\"5\"");
	marked(h, e, "text");
	html_printf(h, ">%s</textarea></div>", in && in->text ? in->text : "");
}

static void error_summary(struct html *h, const struct err *e)
{
	if (e)
		html_printf(h, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
}

static void report_form(struct html *h, struct request *rq, const struct measure_view *v,
			const struct report_input *in, const struct err *e)
{
	html_printf(h, "<section class=\"new-report\" id=\"new-report\"><h2>%s</h2>",
		    _("Write a status report"));
	error_summary(h, e);
	html_printf(h, "<form method=\"post\" action=\"/measure/%lld/report\">", (long long)v->m.id);
	html_csrf(h, rq);
	report_fields(h, in, e);
	html_printf(h, "<button type=\"submit\">%s</button></form></section>", _("Save the report"));
}

static bool linked(const org_link_list *l, int64_t org)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].org_id == org)
			return true;
	return false;
}

static int cmp_org_name(const void *a, const void *b)
{
	return strcmp(((const struct org *)a)->name, ((const struct org *)b)->name);
}

/* Checkboxes of the organisations the plan's council may name, for the
 * responsible and those taking part. */
static void orgs_form(struct html *h, struct request *rq, const struct measure_view *v,
		      int64_t version)
{
	org_list orgs;
	struct err e = ERR_INIT;
	if (org_list_visible(rq->db, &rq->arena, v->owner_id, &orgs, &e) != OK)
		return;
	qsort(orgs.items, orgs.count, sizeof *orgs.items, cmp_org_name);
	html_printf(h, "<h3>%s</h3><form method=\"post\" action=\"/measure/%lld/orgs\" class=\"orgs\">",
		    _("Responsible and taking part"), (long long)v->m.id);
	html_csrf(h, rq);
	html_printf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
	static const char *const roles[2] = {"responsible", "participant"};
	for (int r = 0; r < 2; r++) {
		const org_link_list *l = r == 0 ? &v->m.responsible : &v->m.participants;
		html_printf(h, "<fieldset class=\"org-picks\"><legend>%s</legend>",
			    r == 0 ? _("Responsible") : _("Taking part"));
		for (size_t i = 0; i < orgs.count; i++)
			html_printf(h, "<label><input type=\"checkbox\" name=\"%s\" value=\"%lld\"%s> %s</label>",
				    roles[r], (long long)orgs.items[i].id,
				    linked(l, orgs.items[i].id) ? " checked" : "", orgs.items[i].name);
		html_lit(h, "</fieldset>");
	}
	html_printf(h, "<button type=\"submit\">%s</button></form>", _("Save who is responsible"));
}

/* For editors: change, move, delete, budget and history of the measure. */
static void editor_tools(struct html *h, struct request *rq, const struct measure_view *v)
{
	struct err e = ERR_INIT;
	int64_t version;
	if (node_version(rq->db, NODE_MEASURE, v->m.id, &version, &e) != OK)
		return;
	long long id = (long long)v->m.id;
	html_printf(h, "<section class=\"editor-tools\"><h2>%s</h2><p class=\"links\">"
		       "<a class=\"button\" href=\"/measure/%lld/edit\">%s</a> "
		       "<a href=\"/measure/%lld/history\">%s</a> "
		       "<a href=\"/measure/%lld/delete\">%s</a></p>",
		    _("For editors"), id, _("Change the measure"), id, _("History of the measure"), id,
		    _("Delete the measure"));
	/* Budget lines, each with its own change and delete. */
	int64_t *ids;
	size_t n = 0;
	html_printf(h, "<h3>%s</h3><ul class=\"budget-lines\">", _("Budget lines"));
	if (node_children(rq->db, &rq->arena, NODE_BUDGET, v->m.id, &ids, &n, &e) == OK)
		for (size_t i = 0; i < n; i++) {
			struct node_values b;
			if (node_load(rq->db, &rq->arena, NODE_BUDGET, ids[i], &b, &e) != OK)
				continue;
			const char *year = node_value(&b, "year"), *text = node_value(&b, "text");
			html_printf(h, "<li>%s%s%s <a href=\"/budget/%lld/edit\">%s</a> "
				       "<a href=\"/budget/%lld/delete\">%s</a></li>",
				    year ? year : "", year ? ": " : "", text ? text : "",
				    (long long)ids[i], _("Change"), (long long)ids[i], _("Delete"));
		}
	html_printf(h, "</ul><p><a href=\"/measure/%lld/new/budget\">+ %s</a></p>", id,
		    _("New budget line"));
	orgs_form(h, rq, v, version);
	/* Moving to another strategy of the plan. */
	struct plan *p;
	if (plan_load(rq->db, &rq->arena, v->plan_slug, &p, &e) == OK) {
		html_printf(h, "<form method=\"post\" action=\"/measure/%lld/move\" class=\"move\">", id);
		html_csrf(h, rq);
		html_printf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
			       "<label for=\"parent\">%s</label> <select id=\"parent\" name=\"parent\">",
			    (long long)version, _("Move to another strategy"));
		for (size_t a = 0; a < p->areas.count; a++) {
			const struct area *ar = &p->areas.items[a];
			for (size_t f = 0; f < ar->focuses.count; f++) {
				const struct focus *fo = &ar->focuses.items[f];
				html_printf(h, "<optgroup label=\"%s. %s\">", ar->number, fo->title);
				for (size_t st = 0; st < fo->strategies.count; st++) {
					const struct strategy *sg = &fo->strategies.items[st];
					html_printf(h, "<option value=\"%lld\">%.80s</option>",
						    (long long)sg->id, sg->text);
				}
				html_lit(h, "</optgroup>");
			}
		}
		html_printf(h, "</select> <button type=\"submit\" class=\"small\">%s</button></form>",
			    _("Move"));
	}
	html_lit(h, "</section>");
}

/* The project that carries the measure out, when it has one, and the
 * decisions behind the measure. */
static void project_line(struct html *h, struct request *rq, int64_t measure)
{
	const char *project = NULL, *title, *href;
	struct err e = ERR_INIT;
	if (node_get_field(rq->db, &rq->arena, NODE_MEASURE, measure, "project", &project, &e) == OK &&
	    project &&
	    record_name(rq->db, &rq->arena, NODE_PROJECT, strtoll(project, NULL, 10), &title, &href,
			&e) == OK)
		html_printf(h, "<p class=\"project\">%s <a href=\"%s\">%s</a></p>",
			    _("Carried out in the project"), href, title);
	record_decisions_behind(h, rq, NODE_MEASURE, measure);
}

static int render(struct request *rq, struct response *rs, struct measure_view *v,
		  const struct perm_target *t, const struct report_input *in,
		  const struct err *e, int status)
{
	struct err le = ERR_INIT;
	if (measure_view_reports(rq->db, &rq->arena, v, REPORTS_SHOWN, 0, &le) != OK)
		return page_error_from(rq, rs, &le);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Measure"));
	html_printf(&h, "<article class=\"measure-page\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>",
		    v->plan_slug, v->plan_title);
	html_printf(&h, "<h1>%s</h1>", _("Measure"));
	html_lit(&h, "<div class=\"measure-text\">");
	html_paragraphs(&h, v->m.text);
	html_lit(&h, "</div>");
	facts(&h, v);
	follow_button(&h, rq, "measure", v->m.id);
	project_line(&h, rq, v->m.id);
	html_predecessors(&h, rq, v->m.id);
	report_list_html(&h, rq, rs, v, t);
	page_documents_section(&h, rq, "measure", v->m.id, perm_allows(&rq->actor, ACT_EDIT_PLAN, t));
	if (rq->actor.csrf && perm_allows(&rq->actor, ACT_REPORT, t))
		report_form(&h, rq, v, in, e);
	if (rq->actor.csrf && perm_allows(&rq->actor, ACT_EDIT_PLAN, t))
		editor_tools(&h, rq, v);
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

/* Reads the progress and spent of in into r; ERR with the field in e. */
static int read_numbers(const struct report_input *in, struct report *r, struct err *e)
{
	r->progress = -1;
	if (in->progress && *in->progress) {
		char *end;
		long p = strtol(in->progress, &end, 10);
		if (*end || p < 0 || p > 100)
			return err_set(e, ERR_INPUT, "progress",
				       _("Progress is a percentage from 0 to 100."));
		r->progress = (int)p;
	}
	if (in->spent && *in->spent) {
		bool none;
		if (money_parse(in->spent, &r->spent, &none, e) != OK) {
			snprintf(e->field, sizeof e->field, "spent");
			return ERR;
		}
		r->has_spent = !none;
	}
	return OK;
}

static struct report_input input_of(const struct form *f)
{
	struct report_input in = {form_get(f, "reported_on"), form_get(f, "state"),
				  form_get(f, "progress"), form_get(f, "spent"),
				  form_get(f, "text")};
	return in;
}

/* POST /measure/{id}/report: stores a status report (ACT_REPORT, CSRF). */
int page_measure_report(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	struct perm_target t;
	if (measure_for_request(rq, rs, ACT_REPORT, &v, &t) != OK)
		return rs->status;
	struct report_input in = input_of(rq->form);
	struct report r = {0};
	struct err e = ERR_INIT;
	r.reported_on = in.reported_on;
	r.text = in.text ? in.text : "";
	r.org_id = perm_reporting_org(&rq->actor, &t);
	if (report_state_parse(in.state, &r.state) != OK) {
		err_set(&e, ERR_INPUT, "state", _("Choose the state of the measure."));
		return render(rq, rs, v, &t, &in, &e, 400);
	}
	if (read_numbers(&in, &r, &e) != OK)
		return render(rq, rs, v, &t, &in, &e, 400);
	if (report_add(rq->db, v->m.id, rq->actor.user_id, &r, rq->actor.login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return render(rq, rs, v, &t, &in, &e, 400);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/measure/%lld", (long long)v->m.id));
}

/* Reads the ids of the checkboxes called name into arena. */
static int form_ids(struct request *rq, const char *name, int64_t **ids, size_t *n)
{
	const char *values[FORM_MAX_FIELDS];
	size_t count = form_get_all(rq->form, name, values, FORM_MAX_FIELDS);
	*ids = arena_array(&rq->arena, count ? count : 1, sizeof **ids);
	*n = 0;
	for (size_t i = 0; i < count && i < FORM_MAX_FIELDS; i++) {
		char *end;
		long long id = strtoll(values[i], &end, 10);
		if (*end || id <= 0)
			return ERR;
		(*ids)[(*n)++] = id;
	}
	return OK;
}

/* POST /measure/{id}/orgs: sets who is responsible and who takes part,
 * picked from the registry (ACT_EDIT_PLAN, CSRF, version). */
int page_measure_orgs(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	struct perm_target t;
	if (measure_for_request(rq, rs, ACT_EDIT_PLAN, &v, &t) != OK)
		return rs->status;
	const char *ver = form_get(rq->form, "version");
	char *end = NULL;
	long long version = ver ? strtoll(ver, &end, 10) : 0;
	int64_t *resp, *part;
	size_t nr, np;
	struct err e = ERR_INIT;
	if (!ver || *end || version <= 0 || form_ids(rq, "responsible", &resp, &nr) != OK ||
	    form_ids(rq, "participant", &part, &np) != OK)
		return page_error(rq, rs, 400, _("The form is incomplete; reload it and try again."));
	if (measure_set_orgs(rq->db, v->m.id, version, resp, nr, part, np, rq->actor.login, &e) != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, arena_printf(&rq->arena, "/measure/%lld", (long long)v->m.id));
}

/* A report with its measure, if the actor may correct it. */
struct correction {
	struct report r;
	struct measure_view *v;
	struct perm_target t;
};

static int correction_for_request(struct request *rq, struct response *rs, struct correction *c)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	int64_t measure = 0;
	struct err e = ERR_INIT;
	memset(c, 0, sizeof *c);
	if (!id || !*id || *end || n <= 0)
		return page_error(rq, rs, 404, NULL), ERR;
	if (report_load(rq->db, &rq->arena, n, &c->r, &measure, &e) != OK ||
	    measure_view_load(rq->db, &rq->arena, measure, 1, 0, &c->v, &e) != OK ||
	    perm_load_owner(rq->db, &rq->arena, c->v->owner_id, &c->t, &e) != OK ||
	    perm_load_involved(rq->db, &rq->arena, measure, &c->t, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	c->t.published = c->v->published;
	c->t = correction_target(&c->t, &c->r);
	if (auth_require(rq, rs, ACT_READ_PLAN, &c->t) != OK ||
	    auth_require(rq, rs, ACT_CORRECT_REPORT, &c->t) != OK)
		return ERR;
	return OK;
}

static int correction_form(struct request *rq, struct response *rs, const struct correction *c,
			   const struct report_input *in, int64_t version, const struct err *e,
			   int status)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Correct a status report"));
	html_printf(&h, "<article class=\"form\"><p class=\"kicker\"><a href=\"/measure/%lld\">%.120s</a></p>"
			"<h1>%s</h1>",
		    (long long)c->v->m.id, c->v->m.text, _("Correct a status report"));
	html_printf(&h, "<p>%s</p>", _("The report as it was is kept in the history."));
	error_summary(&h, e);
	html_printf(&h, "<form method=\"post\" action=\"/report/%lld/edit\">", (long long)c->r.id);
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
	report_fields(&h, in, e);
	html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"/measure/%lld\">%s</a></form>"
			"</article>",
		    _("Save the correction"), (long long)c->v->m.id, _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /report/{id}/edit: the correction form (ACT_CORRECT_REPORT). */
int page_report_edit(struct request *rq, struct response *rs)
{
	struct correction c;
	if (correction_for_request(rq, rs, &c) != OK)
		return rs->status;
	char progress[16] = "", spent[32] = "";
	if (c.r.progress >= 0)
		snprintf(progress, sizeof progress, "%d", c.r.progress);
	if (c.r.has_spent)
		snprintf(spent, sizeof spent, "%lld", (long long)c.r.spent);
	struct report_input in = {c.r.reported_on, report_state_code(c.r.state), progress, spent,
				  c.r.text};
	return correction_form(rq, rs, &c, &in, c.r.version, NULL, 200);
}

/* POST /report/{id}/edit: saves the correction (ACT_CORRECT_REPORT, CSRF,
 * version); every changed field is kept in the history. */
int page_report_edit_post(struct request *rq, struct response *rs)
{
	struct correction c;
	if (correction_for_request(rq, rs, &c) != OK)
		return rs->status;
	struct report_input in = input_of(rq->form);
	struct err e = ERR_INIT;
	const char *v = form_get(rq->form, "version");
	char *end = NULL;
	long long version = v ? strtoll(v, &end, 10) : 0;
	struct report r = {0};
	enum report_state state;
	if (!v || !*v || *end || version <= 0)
		err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	else if (report_state_parse(in.state, &state) != OK)
		err_set(&e, ERR_INPUT, "state", _("Choose the state of the measure."));
	else
		read_numbers(&in, &r, &e);
	if (e.kind != ERR_NONE)
		return correction_form(rq, rs, &c, &in, version > 0 ? version : c.r.version, &e, 400);
	char progress[16] = "", spent[32] = "";
	if (r.progress >= 0)
		snprintf(progress, sizeof progress, "%d", r.progress);
	if (r.has_spent)
		snprintf(spent, sizeof spent, "%lld", (long long)r.spent);
	/* Only what the form sent: a field left out is not erased. */
	struct patch p = {0};
	if (in.reported_on)
		patch_set(&p, "reported_on", in.reported_on);
	patch_set(&p, "state", in.state);
	if (in.progress)
		patch_set(&p, "progress", progress);
	if (in.spent)
		patch_set(&p, "spent", spent);
	if (in.text)
		patch_set(&p, "text", in.text);
	if (report_correct(rq->db, c.r.id, version, &p, rq->actor.login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return correction_form(rq, rs, &c, &in, version, &e, 400);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/measure/%lld", (long long)c.v->m.id));
}
