/*
 * page_group.c: the group part of an organisation's page. A council shows
 * the roles of its cooperation with their duties ("Roller og
 * samarbeidsform"), its groups, and the programmes, projects, meetings and
 * indicators it keeps; a group shows what kind of body it is, to whom it
 * reports and how often, its mandate and its people. Editors get the
 * links to change each (the forms of page_node.c).
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

static void add_link(struct html *h, struct request *rq, int64_t org, enum node_kind child)
{
	html_printf(h, "<a class=\"button\" href=\"/org/%lld/new/%s\">%s</a>", (long long)org,
		    node_info(child)->code, arena_printf(&rq->arena, _("Add: %s"), node_kind_label(child)));
}

/* The roles of a council's cooperation, each with its duties. */
static void roles_html(struct html *h, struct request *rq, const struct target *t)
{
	struct node_values *roles;
	size_t n;
	if (record_kids(rq, NODE_ROLE, t->v.id, &roles, &n) != OK || !n)
		return;
	html_printf(h, "<section aria-labelledby=\"roles\"><h2 id=\"roles\">%s</h2><dl class=\"roles\">",
		    _("Roles and how we work together"));
	for (size_t i = 0; i < n; i++) {
		const struct node_values *r = &roles[i];
		html_printf(h, "<dt id=\"role-%lld\">", (long long)r->id);
		if (node_value(r, "holder"))
			html_printf(h, "<a href=\"/org/%s\">%s</a>", node_value(r, "holder"), node_value(r, "title"));
		else
			html_printf(h, "%s", node_value(r, "title"));
		record_item_actions(h, t, r);
		html_lit(h, "</dt><dd><ul>");
		const char *d = node_value(r, "duties");
		while (d && *d) {
			size_t len = strcspn(d, "\n");
			if (len)
				html_printf(h, "<li>%.*s</li>", (int)len, d);
			d += len + (d[len] == '\n');
		}
		html_lit(h, "</ul></dd>");
	}
	html_lit(h, "</dl></section>");
}

static void summaries_html(struct html *h, const char *id, const char *title, const char *kind,
			   const record_summary_list *l, bool dates)
{
	if (!l->count)
		return;
	html_printf(h, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2><ul class=\"records\">", id, id,
		    title);
	for (size_t i = 0; i < l->count; i++) {
		html_printf(h, "<li><a href=\"/%s/%lld\">%s</a>", kind, (long long)l->items[i].id,
			    l->items[i].title);
		if (l->items[i].meta) {
			html_lit(h, " <span class=\"meta\">");
			if (dates)
				html_date(h, l->items[i].meta);
			else
				html_printf(h, "%s", l->items[i].meta);
			html_lit(h, "</span>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></section>");
}

static void council_html(struct html *h, struct request *rq, const struct target *t)
{
	record_summary_list groups, programmes, projects, meetings, indicators;
	struct err e = ERR_INIT;
	roles_html(h, rq, t);
	if (record_council_groups(rq->db, &rq->arena, t->v.id, &groups, &e) != OK ||
	    record_list(rq->db, &rq->arena, NODE_PROGRAMME, t->v.id, 100, 0, &programmes, &e) != OK ||
	    record_list(rq->db, &rq->arena, NODE_PROJECT, t->v.id, 200, 0, &projects, &e) != OK ||
	    record_list(rq->db, &rq->arena, NODE_MEETING, t->v.id, 100, 0, &meetings, &e) != OK ||
	    record_list(rq->db, &rq->arena, NODE_INDICATOR, t->v.id, 100, 0, &indicators, &e) != OK)
		return;
	for (size_t i = 0; i < groups.count; i++) /* the kind in words */
		groups.items[i].meta = groups.items[i].meta
			? node_code_label("group_kind", groups.items[i].meta) : NULL;
	summaries_html(h, "council-groups", _("Groups and networks"), "org", &groups, false);
	summaries_html(h, "council-programmes", _("Programmes"), "programme", &programmes, false);
	summaries_html(h, "council-projects", _("Projects"), "project", &projects, false);
	summaries_html(h, "council-meetings", _("Meetings"), "meeting", &meetings, true);
	if (meetings.count)
		html_printf(h, "<p><a href=\"/org/%lld.ics\" type=\"text/calendar\">%s</a></p>",
			    (long long)t->v.id, _("Meetings and follow-up points as a calendar (iCal)"));
	summaries_html(h, "council-indicators", _("Indicators"), "indicator", &indicators, false);
}

static void group_html(struct html *h, struct request *rq, const struct target *t)
{
	const struct node_values *v = &t->v;
	struct node_values *points, *people;
	size_t np, nm;
	if (node_value(v, "group_kind") || node_value(v, "reports_to") || node_value(v, "reporting")) {
		html_lit(h, "<dl class=\"facts\">");
		if (node_value(v, "group_kind"))
			html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Kind of group"),
				    node_code_label("group_kind", node_value(v, "group_kind")));
		if (node_value(v, "reports_to")) {
			html_printf(h, "<dt>%s</dt><dd>", _("Reports to"));
			record_org(h, rq, node_value(v, "reports_to"));
			html_lit(h, "</dd>");
		}
		if (node_value(v, "reporting"))
			html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Reporting"), node_value(v, "reporting"));
		html_lit(h, "</dl>");
	}
	if (record_kids(rq, NODE_MANDATE, v->id, &points, &np) == OK && np) {
		html_printf(h, "<section aria-labelledby=\"mandate\"><h2 id=\"mandate\">%s</h2><ul class=\"mandate\">",
			    _("Mandate and role"));
		for (size_t i = 0; i < np; i++) {
			html_printf(h, "<li id=\"mandate-%lld\">%s", (long long)points[i].id,
				    node_value(&points[i], "text"));
			record_item_actions(h, t, &points[i]);
			html_lit(h, "</li>");
		}
		html_lit(h, "</ul></section>");
	}
	if (record_kids(rq, NODE_PERSON, v->id, &people, &nm) == OK && nm) {
		html_printf(h, "<section aria-labelledby=\"people\"><h2 id=\"people\">%s</h2>"
			       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    _("People"), _("Name"), _("Role"), _("From"));
		for (size_t i = 0; i < nm; i++) {
			html_printf(h, "<tr id=\"person-%lld\"><td>%s", (long long)people[i].id,
				    node_value(&people[i], "name"));
			record_item_actions(h, t, &people[i]);
			html_printf(h, "</td><td>%s</td><td>", node_value(&people[i], "role") ? node_value(&people[i], "role") : "");
			record_org(h, rq, node_value(&people[i], "org"));
			html_lit(h, "</td></tr>");
		}
		html_lit(h, "</tbody></table></section>");
	}
}

void group_section(struct html *h, struct request *rq, int64_t org, const char *kind, bool may_edit)
{
	struct target t;
	struct err e = ERR_INIT;
	memset(&t, 0, sizeof t);
	t.kind = NODE_ORG;
	t.may_edit = may_edit;
	if (node_load(rq->db, &rq->arena, NODE_ORG, org, &t.v, &e) != OK)
		return;
	bool council = strcmp(kind, "council") == 0;
	if (may_edit) {
		html_printf(h, "<nav class=\"actions\" aria-label=\"%s\"><a class=\"button\" href=\"/org/%lld/group\">%s</a>",
			    _("Describe the group"), (long long)org, _("Kind, reporting"));
		add_link(h, rq, org, NODE_MANDATE);
		add_link(h, rq, org, NODE_PERSON);
		if (council) {
			add_link(h, rq, org, NODE_ROLE);
			add_link(h, rq, org, NODE_PROJECT);
			add_link(h, rq, org, NODE_MEETING);
			add_link(h, rq, org, NODE_INDICATOR);
			add_link(h, rq, org, NODE_PROGRAMME);
		}
		html_lit(h, "</nav>");
	}
	group_html(h, rq, &t);
	if (council)
		council_html(h, rq, &t);
	record_decisions_behind(h, rq, NODE_ORG, org);
}
