/*
 * page_record.c: what every record page shares (the head, the editors'
 * buttons, an organisation's link, the decisions behind an object), and
 * the programme and project pages:
 *
 *   GET /programme/{id}  the programme, its phases, and its participating
 *                        regions side by side in one table with totals
 *   GET /project/{id}    the project: facts, parties, organisation, goals,
 *                        themes, results, grants, the measures it carries
 *                        out, the decisions behind it
 *
 * Records are public; editors of the council that keeps one see buttons to
 * change it, through the forms of page_node.c.
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared --- */

int record_page_load(struct request *rq, struct response *rs, enum node_kind k,
		     struct target *t)
{
	/* node_for_request reads the kind from the route's {kind}. */
	if (!request_param(rq, "kind") && rq->nparams < MAX_PARAMS) {
		rq->param_name[rq->nparams] = "kind";
		rq->param_value[rq->nparams] = node_info(k)->code;
		rq->nparams++;
	}
	return node_for_request(rq, rs, ACT_READ_PLAN, t);
}

int record_kids(struct request *rq, enum node_kind k, int64_t parent,
		struct node_values **out, size_t *n)
{
	int64_t *ids;
	struct err e = ERR_INIT;
	*out = NULL;
	*n = 0;
	if (node_children(rq->db, &rq->arena, k, parent, &ids, n, &e) != OK)
		return ERR;
	*out = arena_alloc(&rq->arena, (*n ? *n : 1) * sizeof **out);
	for (size_t i = 0; i < *n; i++)
		if (node_load(rq->db, &rq->arena, k, ids[i], &(*out)[i], &e) != OK)
			return ERR;
	return OK;
}

void record_page_head(struct html *h, struct request *rq, const struct target *t,
		      const char *kind_label, const char *title)
{
	html_begin(h, rq, title);
	html_printf(h, "<article class=\"record\"><p class=\"kicker\">%s", kind_label);
	if (t->owner)
		html_printf(h, " · <a href=\"/org/%lld\">%s</a>", (long long)t->owner,
			    record_org_name(rq, t->owner));
	html_printf(h, "</p><h1>%s</h1>", title);
}

void record_edit_bar(struct html *h, struct request *rq, const struct target *t,
		     const enum node_kind *children, size_t n)
{
	if (!t->may_edit)
		return;
	const char *code = node_info(t->kind)->code;
	html_printf(h, "<nav class=\"actions\" aria-label=\"%s\"><a class=\"button\" href=\"/%s/%lld/edit\">%s</a>",
		    _("Edit"), code, (long long)t->v.id, _("Edit"));
	for (size_t i = 0; i < n; i++)
		html_printf(h, "<a class=\"button\" href=\"/%s/%lld/new/%s\">%s</a>", code,
			    (long long)t->v.id, node_info(children[i])->code,
			    arena_printf(&rq->arena, _("Add: %s"), node_kind_label(children[i])));
	html_printf(h, "<a class=\"button\" href=\"/%s/%lld/history\">%s</a>"
		       "<a class=\"button danger\" href=\"/%s/%lld/delete\">%s</a></nav>",
		    code, (long long)t->v.id, _("History"), code, (long long)t->v.id, _("Delete"));
}

void record_item_actions(struct html *h, const struct target *t, const struct node_values *v)
{
	if (!t->may_edit)
		return;
	const char *code = node_info(v->kind)->code;
	html_printf(h, " <span class=\"item-actions\"><a href=\"/%s/%lld/edit\">%s"
		       "<span class=\"visually-hidden\"> %s %lld</span></a> "
		       "<a href=\"/%s/%lld/delete\">%s<span class=\"visually-hidden\"> %s %lld</span></a></span>",
		    code, (long long)v->id, _("Edit"), node_kind_label(v->kind), (long long)v->id, code,
		    (long long)v->id, _("Delete"), node_kind_label(v->kind), (long long)v->id);
}

const char *record_org_name(struct request *rq, int64_t id)
{
	const char *name = NULL;
	struct err e = ERR_INIT;
	if (id <= 0 || node_get_field(rq->db, &rq->arena, NODE_ORG, id, "name", &name, &e) != OK)
		return NULL;
	return name;
}

void record_org(struct html *h, struct request *rq, const char *id)
{
	long long n = id ? strtoll(id, NULL, 10) : 0;
	const char *name = record_org_name(rq, n);
	if (name)
		html_printf(h, "<a href=\"/org/%lld\">%s</a>", n, name);
}

void record_decisions_behind(struct html *h, struct request *rq, enum node_kind k, int64_t id)
{
	record_link_list links;
	struct err e = ERR_INIT;
	if (record_links(rq->db, &rq->arena, k, id, true, &links, &e) != OK)
		return;
	size_t shown = 0;
	for (size_t i = 0; i < links.count; i++) {
		const struct record_link *l = &links.items[i];
		if (l->kind != NODE_DECISION)
			continue;
		if (!shown++)
			html_printf(h, "<section aria-labelledby=\"decisions-behind\"><h2 id=\"decisions-behind\">%s</h2><ul class=\"decisions\">",
				    _("Decisions behind it"));
		struct node_values d;
		const char *meeting = NULL, *date = NULL;
		if (node_load(rq->db, &rq->arena, NODE_DECISION, l->id, &d, &e) == OK) {
			node_get_field(rq->db, &rq->arena, NODE_MEETING, d.parent, "title", &meeting, &e);
			date = node_value(&d, "decided_on");
		}
		html_printf(h, "<li><a href=\"%s\">%s</a>", l->href ? l->href : "#", l->title);
		if (date || meeting) {
			html_lit(h, " <span class=\"meta\">");
			if (date) {
				html_printf(h, "%s ", _("Decided"));
				html_date(h, date);
			}
			if (meeting)
				html_printf(h, " · %s", meeting);
			html_lit(h, "</span>");
		}
		html_lit(h, "</li>");
	}
	if (shown)
		html_lit(h, "</ul></section>");
}

void record_links_form(struct html *h, struct request *rq, const struct target *t,
		       enum node_kind from, int64_t id, const record_link_list *links)
{
	record_target_list choices;
	struct err e = ERR_INIT;
	if (!t->may_edit || record_link_choices(rq->db, &rq->arena, t->owner, &choices, &e) != OK)
		return;
	const char *code = node_info(from)->code;
	for (size_t i = 0; i < links->count; i++) {
		html_printf(h, "<form method=\"post\" class=\"inline\" action=\"/%s/%lld/links/remove\">",
			    code, (long long)id);
		html_csrf(h, rq);
		html_printf(h, "<input type=\"hidden\" name=\"target\" value=\"%s:%lld\">"
			       "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\"> %s</span>"
			       "</button></form>",
			    node_info(links->items[i].kind)->code, (long long)links->items[i].id,
			    _("Remove the link"), links->items[i].title);
	}
	if (!choices.count)
		return;
	html_printf(h, "<form method=\"post\" class=\"link-add\" action=\"/%s/%lld/links\">", code,
		    (long long)id);
	html_csrf(h, rq);
	html_printf(h, "<label for=\"target-%s-%lld\">%s</label> <select id=\"target-%s-%lld\" name=\"target\">",
		    code, (long long)id, _("Concerns"), code, (long long)id);
	for (size_t i = 0; i < choices.count; i++)
		html_printf(h, "<option value=\"%s:%lld\">%s: %s</option>",
			    node_info(choices.items[i].kind)->code, (long long)choices.items[i].id,
			    node_kind_label(choices.items[i].kind), choices.items[i].title);
	html_printf(h, "</select> <button type=\"submit\" class=\"small\">%s</button></form>", _("Link"));
}

/* POST /decision/{id}/links, /indicator/{id}/links (add "target", KIND:ID)
 * and …/links/remove: the editors of the keeping council (CSRF). */
int page_record_links_post(struct request *rq, struct response *rs)
{
	struct target t;
	struct err e = ERR_INIT;
	if (node_for_request(rq, rs, ACT_EDIT_PLAN, &t) != OK)
		return rs->status;
	if (t.kind != NODE_DECISION && t.kind != NODE_INDICATOR)
		return page_error(rq, rs, 404, NULL);
	const char *target = form_get(rq->form, "target");
	const char *colon = target ? strchr(target, ':') : NULL;
	enum node_kind to;
	char *end = NULL;
	long long to_id = colon ? strtoll(colon + 1, &end, 10) : 0;
	if (!colon || *end || to_id <= 0 ||
	    node_kind_parse(arena_strndup(&rq->arena, target, (size_t)(colon - target)), &to) != OK)
		return page_error(rq, rs, 400, _("Choose what it concerns."));
	size_t n = strlen(rq->path);
	bool remove = n > 7 && strcmp(rq->path + n - 7, "/remove") == 0;
	int rc = remove ? record_link_remove(rq->db, t.kind, t.v.id, to, to_id, rq->actor.login, &e)
			: record_link_add(rq->db, t.kind, t.v.id, to, to_id, rq->actor.login, &e);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, t.kind == NODE_DECISION
					 ? arena_printf(&rq->arena, "%s#decision-%lld", t.home, (long long)t.v.id)
					 : t.home);
}

void record_page_end(struct html *h, struct request *rq, struct response *rs)
{
	html_lit(h, "</article>");
	html_end(h, rq);
	html_finish(h, rs);
	rs->status = 200;
	rs->cache = rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
}

/* A fact of a definition list, when it has a value. */
static void fact(struct html *h, const char *label, const char *value)
{
	if (value && *value)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", label, value);
}

static void fact_money(struct html *h, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_printf(h, "<dt>%s</dt><dd>", label);
	html_money(h, strtoll(value, NULL, 10));
	html_lit(h, "</dd>");
}

/* "15 071" */
static void whole(struct html *h, int64_t n)
{
	char digits[32], out[48];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? -n : n));
	size_t o = 0;
	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0) {
			memcpy(out + o, "\u00a0", 2); /* a no-break space */
			o += 2;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	html_printf(h, "%s", out);
}

/* --- the project --- */

/* A project's parties and its organisation, read once. */
struct parties {
	struct node_values *roles;
	size_t n;
};

static void party_names(struct html *h, struct request *rq, const struct parties *p,
			 const char *role)
{
	size_t shown = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct node_values *v = &p->roles[i];
		if (strcmp(node_value(v, "role"), role) != 0)
			continue;
		if (shown++)
			html_lit(h, ", ");
		if (node_value(v, "org"))
			record_org(h, rq, node_value(v, "org"));
		else
			html_printf(h, "%s", node_value(v, "name") ? node_value(v, "name") : "");
	}
	if (!shown)
		html_lit(h, "–");
}

static bool is_party(const char *role)
{
	return strcmp(role, "operator") == 0 || strcmp(role, "applicant") == 0 ||
	       strcmp(role, "partner") == 0;
}

static void organisation_html(struct html *h, struct request *rq, const struct target *t,
			      const struct parties *p)
{
	size_t shown = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct node_values *v = &p->roles[i];
		if (is_party(node_value(v, "role")))
			continue;
		if (!shown++)
			html_printf(h, "<section aria-labelledby=\"organisation\"><h2 id=\"organisation\">%s</h2>"
				       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				       "<th scope=\"col\">%s</th></tr></thead><tbody>",
				    _("Project organisation"), _("Role"), _("Who"), _("Organisation"));
		html_printf(h, "<tr id=\"project_role-%lld\"><td>%s</td><td>%s</td><td>", (long long)v->id,
			    node_code_label("role", node_value(v, "role")),
			    node_value(v, "name") ? node_value(v, "name") : "");
		record_org(h, rq, node_value(v, "org"));
		record_item_actions(h, t, v);
		html_lit(h, "</td></tr>");
	}
	if (shown)
		html_lit(h, "</tbody></table></section>");
}

/* The goals, themes or results of a project (points of list). */
static void points_html(struct html *h, const struct target *t, struct node_values *points,
			size_t n, const char *list, const char *id, const char *title)
{
	size_t shown = 0;
	const char *heading = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct node_values *v = &points[i];
		if (strcmp(node_value(v, "list"), list) != 0)
			continue;
		if (!shown++)
			html_printf(h, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2><ul class=\"points\">",
				    id, id, title);
		const char *hd = node_value(v, "heading");
		if (hd && (!heading || strcmp(hd, heading) != 0))
			html_printf(h, "</ul><h3>%s</h3><ul class=\"points\">", hd);
		heading = hd;
		html_printf(h, "<li id=\"point-%lld\">", (long long)v->id);
		if (node_value(v, "dated_on")) {
			html_lit(h, "<span class=\"meta\">");
			html_date(h, node_value(v, "dated_on"));
			html_lit(h, ":</span> ");
		}
		html_printf(h, "%s", node_value(v, "text"));
		record_item_actions(h, t, v);
		html_lit(h, "</li>");
	}
	if (shown)
		html_lit(h, "</ul></section>");
}

static int64_t grants_html(struct html *h, struct request *rq, const struct target *t)
{
	struct node_values *g;
	size_t n;
	int64_t total = 0;
	if (record_kids(rq, NODE_GRANT, t->v.id, &g, &n) != OK || !n)
		return 0;
	html_printf(h, "<section aria-labelledby=\"grants\"><h2 id=\"grants\">%s</h2>"
		       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "</tr></thead><tbody>",
		    _("Grants"), _("Funder"), _("Decided on"), _("As written"), _("Reference"), _("Amount"));
	for (size_t i = 0; i < n; i++) {
		const char *amount = node_value(&g[i], "amount");
		html_printf(h, "<tr id=\"grant-%lld\"><td>", (long long)g[i].id);
		record_org(h, rq, node_value(&g[i], "funder"));
		html_lit(h, "</td><td>");
		html_date(h, node_value(&g[i], "decided_on") ? node_value(&g[i], "decided_on") : "");
		html_printf(h, "</td><td>%s</td><td>%s", node_value(&g[i], "text") ? node_value(&g[i], "text") : "",
			    node_value(&g[i], "reference") ? node_value(&g[i], "reference") : "");
		record_item_actions(h, t, &g[i]);
		html_lit(h, "</td><td class=\"num\">");
		if (amount) {
			html_money(h, strtoll(amount, NULL, 10));
			total += strtoll(amount, NULL, 10);
		}
		html_lit(h, "</td></tr>");
	}
	html_printf(h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">%s</th><td class=\"num\">", _("Total"));
	html_money(h, total);
	html_lit(h, "</td></tr></tfoot></table></section>");
	return total;
}

/* The project's status reports, the newest first. */
static void reports_html(struct html *h, struct request *rq, const struct target *t)
{
	struct node_values *r;
	size_t n;
	if (record_kids(rq, NODE_PROJECT_REPORT, t->v.id, &r, &n) != OK || !n)
		return;
	html_printf(h, "<section aria-labelledby=\"project-reports\"><h2 id=\"project-reports\">%s</h2>"
		       "<ol class=\"reports\">", _("Status reports"));
	/* By the day reported, the newest first (ids break ties). */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			int c = strcmp(node_value(&r[j - 1], "reported_on"), node_value(&r[j], "reported_on"));
			if (c > 0 || (c == 0 && r[j - 1].id > r[j].id))
				break;
			struct node_values tmp = r[j - 1];
			r[j - 1] = r[j];
			r[j] = tmp;
		}
	for (size_t i = 0; i < n; i++) {
		const struct node_values *v = &r[i];
		html_printf(h, "<li id=\"project_report-%lld\"><p class=\"meta\">", (long long)v->id);
		html_date(h, node_value(v, "reported_on"));
		html_lit(h, " ");
		html_state(h, node_value(v, "state"));
		if (node_value(v, "progress"))
			html_printf(h, " %s %%", node_value(v, "progress"));
		if (node_value(v, "spent")) {
			html_printf(h, " · %s ", _("Spent so far:"));
			html_money(h, strtoll(node_value(v, "spent"), NULL, 10));
		}
		record_item_actions(h, t, v);
		html_lit(h, "</p>");
		if (node_value(v, "text"))
			html_paragraphs(h, node_value(v, "text"));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol></section>");
}

/* The measures of plans that this project carries out. */
static void measures_html(struct html *h, struct request *rq, int64_t project)
{
	record_summary_list ms;
	struct err e = ERR_INIT;
	if (record_project_measures(rq->db, &rq->arena, &rq->actor, project, &ms, &e) != OK || !ms.count)
		return;
	html_printf(h, "<section aria-labelledby=\"measures\"><h2 id=\"measures\">%s</h2><ul>",
		    _("Measures it carries out"));
	for (size_t i = 0; i < ms.count; i++)
		html_printf(h, "<li><a href=\"/measure/%lld\">%s</a> <span class=\"meta\">%s</span></li>",
			    (long long)ms.items[i].id, ms.items[i].title, ms.items[i].council);
	html_lit(h, "</ul></section>");
}

/* GET /project/{id} */
int page_project(struct request *rq, struct response *rs)
{
	struct target t;
	if (record_page_load(rq, rs, NODE_PROJECT, &t) != OK)
		return rs->status;
	const struct node_values *v = &t.v;
	struct parties p;
	struct node_values *points;
	size_t npoints;
	if (record_kids(rq, NODE_PROJECT_ROLE, v->id, &p.roles, &p.n) != OK ||
	    record_kids(rq, NODE_POINT, v->id, &points, &npoints) != OK)
		return page_error(rq, rs, 500, NULL);
	struct html h = HTML_INIT;
	record_page_head(&h, rq, &t, _("Project"), node_value(v, "title"));
	static const enum node_kind children[] = {NODE_PROJECT_REPORT, NODE_PROJECT_ROLE, NODE_POINT,
						  NODE_GRANT};
	record_edit_bar(&h, rq, &t, children, 4);
	follow_button(&h, rq, "project", v->id);
	const char *programme = node_value(v, "programme");
	html_lit(&h, "<dl class=\"facts\">");
	if (programme) {
		const char *title = NULL;
		struct err e = ERR_INIT;
		node_get_field(rq->db, &rq->arena, NODE_PROGRAMME, strtoll(programme, NULL, 10), "title",
			       &title, &e);
		html_printf(&h, "<dt>%s</dt><dd><a href=\"/programme/%s\">%s</a></dd>", _("Programme"),
			    programme, title ? title : programme);
	}
	fact(&h, _("Phase"), node_value(v, "phase"));
	fact(&h, _("State"), node_code_label("state", node_value(v, "state")));
	fact(&h, _("Period"), node_value(v, "period"));
	fact(&h, _("Region"), node_value(v, "region"));
	if (node_value(v, "population")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Population"));
		whole(&h, strtoll(node_value(v, "population"), NULL, 10));
		if (node_value(v, "population_on")) {
			html_lit(&h, " (");
			html_date(&h, node_value(v, "population_on"));
			html_lit(&h, ")");
		}
		html_lit(&h, "</dd>");
	}
	if (node_value(v, "area_km2")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Area"));
		whole(&h, strtoll(node_value(v, "area_km2"), NULL, 10));
		html_lit(&h, " km²</dd>");
	}
	fact_money(&h, _("Frame"), node_value(v, "frame"));
	fact(&h, _("To end"), node_value(v, "ends"));
	for (size_t i = 0; i < 3; i++) {
		static const char *const roles[] = {"operator", "applicant", "partner"};
		bool any = false;
		for (size_t j = 0; j < p.n; j++)
			any |= strcmp(node_value(&p.roles[j], "role"), roles[i]) == 0;
		if (!any)
			continue;
		html_printf(&h, "<dt>%s</dt><dd>", node_code_label("role", roles[i]));
		party_names(&h, rq, &p, roles[i]);
		html_lit(&h, "</dd>");
	}
	html_lit(&h, "</dl>");
	if (node_value(v, "main_goal"))
		html_printf(&h, "<h2>%s</h2><p class=\"main-goal\">%s</p>", _("Main goal"),
			    node_value(v, "main_goal"));
	if (node_value(v, "summary"))
		html_paragraphs(&h, node_value(v, "summary"));
	organisation_html(&h, rq, &t, &p);
	points_html(&h, &t, points, npoints, "goal", "goals", _("Goals"));
	points_html(&h, &t, points, npoints, "theme", "themes", _("Themes"));
	points_html(&h, &t, points, npoints, "result", "results", _("Results"));
	reports_html(&h, rq, &t);
	grants_html(&h, rq, &t);
	measures_html(&h, rq, v->id);
	page_documents_section(&h, rq, "project", v->id, t.may_edit);
	record_decisions_behind(&h, rq, NODE_PROJECT, v->id);
	record_page_end(&h, rq, rs);
	return 200;
}

/* --- the programme --- */

/* One participating region's row of the comparison. */
struct region_row {
	const struct node_values *v;
	struct parties p;
	int64_t grant;
	bool has_grant;
	size_t goals, results;
};

static void cell_int(struct html *h, const char *v)
{
	html_lit(h, "<td class=\"num\">");
	if (v)
		whole(h, strtoll(v, NULL, 10));
	html_lit(h, "</td>");
}

static void cell_money(struct html *h, const char *v)
{
	html_lit(h, "<td class=\"num\">");
	if (v)
		html_money(h, strtoll(v, NULL, 10));
	html_lit(h, "</td>");
}

/* The regions side by side: one row each, the facts in columns, with a
 * row of totals (population, area, grants, frames). */
static void comparison_html(struct html *h, struct request *rq, struct region_row *rows, size_t n)
{
	int64_t population = 0, area = 0, grant = 0, frame = 0;
	html_printf(h, "<section aria-labelledby=\"regions\"><h2 id=\"regions\">%s</h2>"
		       "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"regions-caption\">"
		       "<table class=\"data compare\"><caption id=\"regions-caption\">%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		    _("Participating regions"), _("The participating regions side by side"), _("Region"),
		    _("Operator"), _("Applicant"), _("Partners"), _("Population"), _("Area (km²)"),
		    _("Grant"), _("Frame"), _("To end"), _("Goals"), _("Results"));
	for (size_t i = 0; i < n; i++) {
		struct region_row *r = &rows[i];
		const char *region = node_value(r->v, "region");
		html_printf(h, "<tr><th scope=\"row\"><a href=\"/project/%lld\">%s</a>", (long long)r->v->id,
			    region ? region : node_value(r->v, "title"));
		if (node_value(r->v, "phase"))
			html_printf(h, "<br><span class=\"meta\">%s</span>", node_value(r->v, "phase"));
		html_lit(h, "</th><td>");
		party_names(h, rq, &r->p, "operator");
		html_lit(h, "</td><td>");
		party_names(h, rq, &r->p, "applicant");
		html_lit(h, "</td><td>");
		party_names(h, rq, &r->p, "partner");
		html_lit(h, "</td>");
		cell_int(h, node_value(r->v, "population"));
		cell_int(h, node_value(r->v, "area_km2"));
		html_lit(h, "<td class=\"num\">");
		if (r->has_grant)
			html_money(h, r->grant);
		html_lit(h, "</td>");
		cell_money(h, node_value(r->v, "frame"));
		html_printf(h, "<td class=\"num\">%s</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>",
			    node_value(r->v, "ends") ? node_value(r->v, "ends") : "", r->goals, r->results);
		population += node_value(r->v, "population") ? strtoll(node_value(r->v, "population"), NULL, 10) : 0;
		area += node_value(r->v, "area_km2") ? strtoll(node_value(r->v, "area_km2"), NULL, 10) : 0;
		frame += node_value(r->v, "frame") ? strtoll(node_value(r->v, "frame"), NULL, 10) : 0;
		grant += r->grant;
	}
	html_printf(h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">%s</th><td class=\"num\">",
		    arena_printf(&rq->arena, _("Total, %zu regions"), n));
	whole(h, population);
	html_lit(h, "</td><td class=\"num\">");
	whole(h, area);
	html_lit(h, "</td><td class=\"num\">");
	html_money(h, grant);
	html_lit(h, "</td><td class=\"num\">");
	html_money(h, frame);
	html_lit(h, "</td><td></td><td></td><td></td></tr></tfoot></table></div>");
	/* When each population was counted, said once below the table. */
	for (size_t i = 0; i < n; i++)
		if (node_value(rows[i].v, "population_on")) {
			const char *region = node_value(rows[i].v, "region");
			html_printf(h, "<p class=\"meta\">%s ", arena_printf(&rq->arena, _("Population of %s counted on"),
									 region ? region : node_value(rows[i].v, "title")));
			html_date(h, node_value(rows[i].v, "population_on"));
			html_lit(h, ".</p>");
		}
	html_lit(h, "</section>");
}

/* GET /programme/{id} */
int page_programme(struct request *rq, struct response *rs)
{
	struct target t;
	if (record_page_load(rq, rs, NODE_PROGRAMME, &t) != OK)
		return rs->status;
	const struct node_values *v = &t.v;
	struct node_values *phases;
	size_t nphases;
	record_id_list ids;
	struct err e = ERR_INIT;
	if (record_kids(rq, NODE_PHASE, v->id, &phases, &nphases) != OK ||
	    record_programme_projects(rq->db, &rq->arena, v->id, &ids, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	struct region_row *rows = arena_alloc(&rq->arena, (ids.count ? ids.count : 1) * sizeof *rows);
	struct node_values *projects = arena_alloc(&rq->arena, (ids.count ? ids.count : 1) * sizeof *projects);
	for (size_t i = 0; i < ids.count; i++) {
		struct region_row *r = &rows[i];
		struct node_values *points, *grants;
		size_t np, ng;
		memset(r, 0, sizeof *r);
		if (node_load(rq->db, &rq->arena, NODE_PROJECT, ids.items[i], &projects[i], &e) != OK ||
		    record_kids(rq, NODE_PROJECT_ROLE, ids.items[i], &r->p.roles, &r->p.n) != OK ||
		    record_kids(rq, NODE_POINT, ids.items[i], &points, &np) != OK ||
		    record_kids(rq, NODE_GRANT, ids.items[i], &grants, &ng) != OK)
			return page_error(rq, rs, 500, NULL);
		r->v = &projects[i];
		for (size_t j = 0; j < np; j++) {
			r->goals += strcmp(node_value(&points[j], "list"), "goal") == 0;
			r->results += strcmp(node_value(&points[j], "list"), "result") == 0;
		}
		for (size_t j = 0; j < ng; j++)
			if (node_value(&grants[j], "amount")) {
				r->grant += strtoll(node_value(&grants[j], "amount"), NULL, 10);
				r->has_grant = true;
			}
	}
	struct html h = HTML_INIT;
	record_page_head(&h, rq, &t, _("Programme"), node_value(v, "title"));
	static const enum node_kind children[] = {NODE_PHASE};
	record_edit_bar(&h, rq, &t, children, 1);
	html_lit(&h, "<dl class=\"facts\">");
	if (node_value(v, "owner")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Owner"));
		record_org(&h, rq, node_value(v, "owner"));
		html_lit(&h, "</dd>");
	}
	if (node_value(v, "administrator")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Administered by"));
		record_org(&h, rq, node_value(v, "administrator"));
		html_lit(&h, "</dd>");
	}
	html_lit(&h, "</dl>");
	if (node_value(v, "purpose"))
		html_paragraphs(&h, node_value(v, "purpose"));
	if (nphases) {
		html_printf(&h, "<section aria-labelledby=\"phases\"><h2 id=\"phases\">%s</h2><ol class=\"phases\">",
			    _("Phases"));
		for (size_t i = 0; i < nphases; i++) {
			const struct node_values *ph = &phases[i];
			html_printf(&h, "<li id=\"phase-%lld\"><strong>%s</strong>", (long long)ph->id,
				    node_value(ph, "name"));
			if (node_value(ph, "period"))
				html_printf(&h, " <span class=\"meta\">%s</span>", node_value(ph, "period"));
			record_item_actions(&h, &t, ph);
			if (node_value(ph, "purpose"))
				html_printf(&h, "<p>%s</p>", node_value(ph, "purpose"));
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ol></section>");
	}
	if (ids.count)
		comparison_html(&h, rq, rows, ids.count);
	page_documents_section(&h, rq, "programme", v->id, t.may_edit);
	record_decisions_behind(&h, rq, NODE_PROGRAMME, v->id);
	record_page_end(&h, rq, rs);
	return 200;
}
