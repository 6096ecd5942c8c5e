/*
 * page_meeting.c: GET /meeting/{id} - a meeting: the body that met, when
 * and where, who took part; its agenda; its decisions with what each
 * concerns; its follow-up points with the responsible, the due date and
 * whether they are done (a point past its date and not done is marked
 * late, in words).
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/record.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

static void items_html(struct html *h, const struct target *t, struct node_values *items, size_t n)
{
	if (!n)
		return;
	html_printf(h, "<section aria-labelledby=\"agenda\"><h2 id=\"agenda\">%s</h2><ul class=\"agenda\">",
		    _("Agenda"));
	for (size_t i = 0; i < n; i++) {
		const struct node_values *v = &items[i];
		html_printf(h, "<li id=\"item-%lld\"><h3>", (long long)v->id);
		if (node_value(v, "number"))
			html_printf(h, "%s. ", node_value(v, "number"));
		html_printf(h, "%s</h3>", node_value(v, "title"));
		record_item_actions(h, t, v);
		if (node_value(v, "text"))
			html_paragraphs(h, node_value(v, "text"));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></section>");
}

static void decisions_html(struct html *h, struct request *rq, const struct target *t,
			   struct node_values *ds, size_t n)
{
	if (!n)
		return;
	html_printf(h, "<section aria-labelledby=\"decisions\"><h2 id=\"decisions\">%s</h2><ol class=\"decisions\">",
		    _("Decisions"));
	for (size_t i = 0; i < n; i++) {
		const struct node_values *v = &ds[i];
		record_link_list links;
		struct err e = ERR_INIT;
		html_printf(h, "<li id=\"decision-%lld\"><p>%s", (long long)v->id, node_value(v, "text"));
		record_item_actions(h, t, v);
		html_lit(h, "</p>");
		if (node_value(v, "decided_on")) {
			html_printf(h, "<p class=\"meta\">%s ", _("Decided"));
			html_date(h, node_value(v, "decided_on"));
			html_lit(h, "</p>");
		}
		if (record_links(rq->db, &rq->arena, NODE_DECISION, v->id, false, &links, &e) != OK)
			links.count = 0;
		if (links.count) {
			html_printf(h, "<p class=\"meta\">%s ", _("Concerns:"));
			for (size_t j = 0; j < links.count; j++) {
				if (j)
					html_lit(h, ", ");
				if (links.items[j].href)
					html_printf(h, "<a href=\"%s\">%s</a>", links.items[j].href,
						    links.items[j].title);
				else
					html_printf(h, "%s", links.items[j].title);
			}
			html_lit(h, "</p>");
		}
		record_links_form(h, rq, t, NODE_DECISION, v->id, &links);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol></section>");
}

static void followups_html(struct html *h, struct request *rq, const struct target *t,
			   struct node_values *fs, size_t n)
{
	if (!n)
		return;
	char today[11];
	clock_today(today);
	html_printf(h, "<section aria-labelledby=\"followups\"><h2 id=\"followups\">%s</h2>"
		       "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    _("Follow-up points"), _("What"), _("Responsible"), _("Due"), _("Done"));
	for (size_t i = 0; i < n; i++) {
		const struct node_values *v = &fs[i];
		const char *due = node_value(v, "due");
		bool done = node_value(v, "done") && strcmp(node_value(v, "done"), "1") == 0;
		bool late = !done && due && strcmp(due, today) < 0;
		html_printf(h, "<tr id=\"followup-%lld\"><td>%s", (long long)v->id, node_value(v, "text"));
		record_item_actions(h, t, v);
		html_lit(h, "</td><td>");
		record_org(h, rq, node_value(v, "responsible"));
		if (node_value(v, "responsible_text"))
			html_printf(h, "%s%s", node_value(v, "responsible") ? " · " : "",
				    node_value(v, "responsible_text"));
		html_lit(h, "</td><td>");
		if (due)
			html_date(h, due);
		if (late)
			html_printf(h, " <span class=\"badge late\">%s</span>", _("Late"));
		html_printf(h, "</td><td>%s</td></tr>", done ? _("Yes") : _("No"));
	}
	html_lit(h, "</tbody></table></section>");
}

/* GET /meeting/{id} */
int page_meeting(struct request *rq, struct response *rs)
{
	struct target t;
	if (record_page_load(rq, rs, NODE_MEETING, &t) != OK)
		return rs->status;
	const struct node_values *v = &t.v;
	struct node_values *items, *ds, *fs;
	size_t ni, nd, nf;
	if (record_kids(rq, NODE_ITEM, v->id, &items, &ni) != OK ||
	    record_kids(rq, NODE_DECISION, v->id, &ds, &nd) != OK ||
	    record_kids(rq, NODE_FOLLOWUP, v->id, &fs, &nf) != OK)
		return page_error(rq, rs, 500, NULL);
	struct html h = HTML_INIT;
	record_page_head(&h, rq, &t, _("Meeting"), node_value(v, "title"));
	static const enum node_kind children[] = {NODE_ITEM, NODE_DECISION, NODE_FOLLOWUP};
	record_edit_bar(&h, rq, &t, children, 3);
	html_printf(&h, "<dl class=\"facts\"><dt>%s</dt><dd>", _("Date"));
	html_date(&h, node_value(v, "date"));
	html_lit(&h, "</dd>");
	if (node_value(v, "body")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("The body that met"));
		record_org(&h, rq, node_value(v, "body"));
		html_lit(&h, "</dd>");
	}
	if (node_value(v, "place"))
		html_printf(&h, "<dt>%s</dt><dd>%s</dd>", _("Place"), node_value(v, "place"));
	if (node_value(v, "participants"))
		html_printf(&h, "<dt>%s</dt><dd>%s</dd>", _("Participants"), node_value(v, "participants"));
	html_lit(&h, "</dl>");
	items_html(&h, &t, items, ni);
	decisions_html(&h, rq, &t, ds, nd);
	followups_html(&h, rq, &t, fs, nf);
	page_documents_section(&h, rq, "meeting", v->id, t.may_edit);
	record_decisions_behind(&h, rq, NODE_MEETING, v->id);
	record_page_end(&h, rq, rs);
	return 200;
}

void followups_list(struct html *h, struct request *rq, const record_summary_list *l,
		    const char *id, const char *title)
{
	char today[11];
	if (!l->count)
		return;
	clock_today(today);
	html_printf(h, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2><ul class=\"followups\">", id,
		    id, title);
	for (size_t i = 0; i < l->count; i++) {
		const struct record_summary *f = &l->items[i];
		struct node_values v;
		struct err e = ERR_INIT;
		if (node_load(rq->db, &rq->arena, NODE_FOLLOWUP, f->id, &v, &e) != OK)
			continue;
		html_printf(h, "<li><a href=\"/meeting/%lld#followup-%lld\">%s</a> <span class=\"meta\">%s",
			    (long long)v.parent, (long long)f->id, f->title, f->council ? f->council : "");
		if (f->meta) {
			html_printf(h, " · %s ", _("Due"));
			html_date(h, f->meta);
			if (strcmp(f->meta, today) < 0)
				html_printf(h, " <span class=\"badge late\">%s</span>", _("Late"));
		}
		html_lit(h, "</span></li>");
	}
	html_lit(h, "</ul></section>");
}
