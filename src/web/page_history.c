/*
 * page_history.c: what changed, who changed it and when.
 *
 *   GET  /plan/{slug}/history   everything in the plan, newest first
 *   GET  /KIND/{id}/history     one node (a measure, an area, ...)
 *   POST /KIND/{id}/restore     give a field back an earlier value
 *
 * Reading needs a sign-in and the right to read the plan (the history
 * names people); restoring is an edit (ACT_EDIT_PLAN) and is itself a new
 * change in the history, with the version check of every edit.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/audit.h"
#include "model/node.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define HISTORY_ROWS 500

/* A value in a history cell: cut when long, "–" when none. */
static void value_cell(struct html *h, const char *v)
{
	html_lit(h, "<td class=\"value\">");
	if (!v || !*v)
		html_lit(h, "–");
	else
		html_text(h, v);
	html_lit(h, "</td>");
}

/* True when a row's old value can be given back to the node on this page:
 * a change of a field a person edits, on a node that still exists. */
static bool restorable(const struct target *t, const struct audit_row *r)
{
	size_t n = strlen(r->action);
	if (!t || !r->field || n < 7 || strcmp(r->action + n - 7, ".update") != 0)
		return false;
	const struct node_field *f = node_field(t->kind, r->field);
	return f && !(f->flags & F_INTERNAL) && strcmp(r->entity, node_info(t->kind)->code) == 0 &&
	       r->entity_id == t->v.id;
}

static void restore_button(struct html *h, struct request *rq, const struct target *t,
			   const struct audit_row *r)
{
	html_printf(h, "<form method=\"post\" action=\"/%s/%lld/restore\">",
		    node_info(t->kind)->code, (long long)t->v.id);
	html_csrf(h, rq);
	html_printf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
		       "<input type=\"hidden\" name=\"change\" value=\"%lld\">"
		       "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\"> "
		       "(%s)</span></button></form>",
		    (long long)t->v.version, (long long)r->id, _("Restore the old value"),
		    node_field_label(r->field));
}

/* The table of rows; with t (a node's own page) restore buttons for those
 * who may edit. */
static void history_table(struct html *h, struct request *rq, const audit_list *rows,
			  const struct target *t, bool may_edit)
{
	if (!rows->count) {
		html_printf(h, "<p>%s</p>", _("No changes are recorded."));
		return;
	}
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"history-caption\">"
		       "<table class=\"history\"><caption id=\"history-caption\">%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    _("Changes, newest first"), _("When"), _("Who"), _("What"), _("Which"),
		    _("Field"), _("Old value"), _("New value"));
	for (size_t i = 0; i < rows->count; i++) {
		const struct audit_row *r = &rows->items[i];
		enum node_kind k;
		bool known = node_kind_parse(r->entity, &k) == OK;
		html_printf(h, "<tr><td>%.10s %.5s</td><td>%s</td><td>%s</td><td>", r->at,
			    r->at + (strlen(r->at) > 11 ? 11 : strlen(r->at)), r->actor,
			    node_action_label(r->action));
		if (known && k != NODE_PLAN && k != NODE_ORG && k != NODE_REPORT &&
		    !strstr(r->action, ".delete"))
			html_printf(h, "<a href=\"/%s/%lld/history\">%s %lld</a>", r->entity,
				    (long long)r->entity_id, node_kind_label(k), (long long)r->entity_id);
		else if (strcmp(r->entity, "document") == 0) /* not a node: model/document.h */
			html_printf(h, "%s %lld", _("Document"), (long long)r->entity_id);
		else
			html_printf(h, "%s %lld", known ? node_kind_label(k) : r->entity,
				    (long long)r->entity_id);
		html_printf(h, "</td><td>%s</td>", r->field ? node_field_label(r->field) : "");
		value_cell(h, r->old_value);
		value_cell(h, r->new_value);
		if (may_edit && restorable(t, r)) {
			html_lit(h, "<td>");
			restore_button(h, rq, t, r);
			html_lit(h, "</td>");
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table></div>");
}

static int render(struct request *rq, struct response *rs, const struct target *page,
		  const char *heading, const audit_list *rows, const struct target *t,
		  bool may_edit)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, heading);
	html_printf(&h, "<article class=\"history-page\"><p class=\"kicker\"><a href=\"%s\">%s</a>"
			"</p><h1>%s</h1>",
		    page->home, page->home_title, heading);
	if (t && t->kind == NODE_MEASURE)
		html_printf(&h, "<p><a href=\"/measure/%lld\">%s</a></p>", (long long)t->v.id,
			    _("Back to the measure"));
	history_table(&h, rq, rows, t, may_edit);
	if (rows->count >= HISTORY_ROWS)
		html_printf(&h, "<p>%s</p>", _("Only the newest 500 changes are shown."));
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

/* GET /plan/{slug}/history and /KIND/{id}/history: the changes (signed in,
 * ACT_READ_PLAN); restore buttons for editors on a node's own history. */
int page_history(struct request *rq, struct response *rs)
{
	struct target t;
	audit_list rows = {0};
	struct err e = ERR_INIT;
	if (node_for_request(rq, rs, ACT_READ_PLAN, &t) != OK)
		return rs->status;
	bool whole_plan = t.kind == NODE_PLAN;
	int rc = whole_plan ? audit_for_plan(rq->db, &rq->arena, t.plan->id, HISTORY_ROWS, &rows, &e)
			    : audit_for_node(rq->db, &rq->arena, node_info(t.kind)->code, t.v.id,
					     HISTORY_ROWS, &rows, &e);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	const char *heading = whole_plan
		? _("History of the plan")
		: arena_printf(&rq->arena, _("History: %s %lld"), node_kind_label(t.kind),
			       (long long)t.v.id);
	return render(rq, rs, &t, heading, &rows, whole_plan ? NULL : &t, t.may_edit);
}

/* POST /KIND/{id}/restore: sets the field of history row `change` back to
 * that row's old value, as a new change (ACT_EDIT_PLAN, CSRF, version). */
int page_history_restore(struct request *rq, struct response *rs)
{
	struct target t;
	struct err e = ERR_INIT;
	if (node_for_request(rq, rs, ACT_EDIT_PLAN, &t) != OK)
		return rs->status;
	const char *v = form_get(rq->form, "version"), *c = form_get(rq->form, "change");
	char *end1 = NULL, *end2 = NULL;
	long long version = v ? strtoll(v, &end1, 10) : 0;
	long long change = c ? strtoll(c, &end2, 10) : 0;
	if (!v || !c || *end1 || *end2 || version <= 0 || change <= 0)
		return page_error(rq, rs, 400, _("The form is incomplete; reload it and try again."));
	struct audit_row r;
	if (audit_get(rq->db, &rq->arena, change, &r, &e) != OK)
		return page_error_from(rq, rs, &e);
	if (!restorable(&t, &r))
		return page_error(rq, rs, 400, _("That change cannot be restored here."));
	struct patch p = {0};
	patch_set(&p, r.field, r.old_value ? r.old_value : "");
	if (node_update(rq->db, t.kind, t.v.id, version, &p, rq->actor.login, &e) != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, arena_printf(&rq->arena, "/%s/%lld/history",
					      node_info(t.kind)->code, (long long)t.v.id));
}
