/*
 * page_plan_new.c: a new, empty plan from a form (model/plan_new.h):
 *
 *   GET  /plans/new   the form: the council that keeps it (those where the
 *                     reader may edit plans), kind, year, title
 *   POST /plans/new   creates it as a draft (CSRF) and goes on to its
 *                     structure page
 *
 * Who may create a plan for a council is who may edit that council's plans
 * (perm_allows(ACT_EDIT_PLAN)). A mistake is answered on the same form with
 * the field marked and what was typed kept.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/org.h"
#include "model/plan_new.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int editable_councils(struct request *rq, org_list *out, struct err *e)
{
	org_list all;
	memset(out, 0, sizeof *out);
	if (org_list_all(rq->db, &rq->arena, &all, e) != OK)
		return ERR;
	for (size_t i = 0; i < all.count; i++) {
		struct perm_target t = {0};
		if (strcmp(all.items[i].kind, "council") != 0)
			continue;
		if (perm_load_owner(rq->db, &rq->arena, all.items[i].id, &t, e) != OK)
			return ERR;
		if (perm_allows(&rq->actor, ACT_EDIT_PLAN, &t))
			*ARENA_PUSH(&rq->arena, *out) = all.items[i];
	}
	return OK;
}

bool may_create_plan(struct request *rq)
{
	org_list councils;
	struct err e = ERR_INIT;
	return rq->actor.user_id && editable_councils(rq, &councils, &e) == OK && councils.count;
}

/* What the form shows: the values typed, and the mistake to mark. */
struct plan_input {
	const char *owner, *kind, *year, *title;
};

static const char *label_of(const char *field)
{
	if (strcmp(field, "owner") == 0)
		return _("Council that keeps the plan");
	if (strcmp(field, "kind") == 0)
		return _("Kind");
	if (strcmp(field, "year") == 0)
		return _("Year");
	return _("Title");
}

/* The start of a field: its label, and the message when it is at fault.
 * Returns whether it is. */
static bool field_start(struct html *h, const char *name, const struct err *e)
{
	bool bad = e && strcmp(e->field, name) == 0;
	bool required = strcmp(name, "year") != 0; /* a regional plan has none */
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s%s</label>", bad ? " invalid" : "",
		    name, label_of(name), required ? " *" : "");
	if (bad)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", name, e->msg);
	return bad;
}

/* What an input at fault carries (markup from the literal format, so it
 * is not escaped); else its hint, if any. */
static void field_aria(struct html *h, const char *name, bool bad, bool hint)
{
	if (bad && hint)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error %s-hint\"", name,
			    name);
	else if (bad)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
	else if (hint)
		html_printf(h, " aria-describedby=\"%s-hint\"", name);
}

static int render(struct request *rq, struct response *rs, const org_list *councils,
		  const struct plan_input *in, const struct err *e, int status)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("New plan"));
	html_printf(&h, "<article class=\"form\"><h1>%s</h1>", _("New plan"));
	if (e && e->field[0])
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s <a href=\"#%s\">%s</a></p>",
			    _("Something in the form must be corrected:"), e->field,
			    label_of(e->field));
	else if (e)
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
	html_printf(&h, "<p>%s</p>",
		    _("The plan is made as a draft without content; you fill in its areas, goals and measures next."));
	html_lit(&h, "<form method=\"post\" action=\"/plans/new\">");
	html_csrf(&h, rq);

	bool bad = field_start(&h, "owner", e);
	html_lit(&h, "<select id=\"owner\" name=\"owner\" required");
	field_aria(&h, "owner", bad, false);
	html_lit(&h, ">");
	if (councils->count != 1)
		html_printf(&h, "<option value=\"\">%s</option>", _("Choose …"));
	for (size_t i = 0; i < councils->count; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)councils->items[i].id);
		html_printf(&h, "<option value=\"%s\"%s>%s</option>", id,
			    in->owner && strcmp(in->owner, id) == 0 ? " selected" : "",
			    councils->items[i].name);
	}
	html_lit(&h, "</select></div>");

	bad = field_start(&h, "kind", e);
	const char *kind = in->kind ? in->kind : "action";
	html_lit(&h, "<select id=\"kind\" name=\"kind\"");
	field_aria(&h, "kind", bad, false);
	html_printf(&h, "><option value=\"action\"%s>%s</option>"
			"<option value=\"regional\"%s>%s</option></select></div>",
		    strcmp(kind, "action") == 0 ? " selected" : "", _("Action plan"),
		    strcmp(kind, "regional") == 0 ? " selected" : "", _("Regional plan"));

	bad = field_start(&h, "year", e);
	html_printf(&h, "<p class=\"hint\" id=\"year-hint\">%s</p>",
		    _("The year an action plan is for; a regional plan may leave it empty."));
	html_printf(&h, "<input id=\"year\" name=\"year\" value=\"%s\" inputmode=\"numeric\""
			" maxlength=\"4\" size=\"6\"",
		    in->year ? in->year : "");
	field_aria(&h, "year", bad, true);
	html_lit(&h, "></div>");

	bad = field_start(&h, "title", e);
	html_printf(&h, "<input id=\"title\" name=\"title\" value=\"%s\" required",
		    in->title ? in->title : "");
	field_aria(&h, "title", bad, false);
	html_lit(&h, "></div>");

	html_printf(&h, "<p class=\"hint\">%s</p>", _("Fields marked * must be filled in."));
	html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"/\">%s</a></form></article>",
		    _("Create the plan"), _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /plans/new: the form, for those who may edit the plans of at least
 * one council (ACT_EDIT_PLAN). */
int page_plan_new(struct request *rq, struct response *rs)
{
	org_list councils;
	struct err e = ERR_INIT;
	if (editable_councils(rq, &councils, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	if (!councils.count) {
		auth_log_denied(rq, perm_action_code(ACT_EDIT_PLAN));
		return page_error(rq, rs, 403,
				  _("Only an editor of a council can create a plan for it."));
	}
	struct plan_input in = {0};
	return render(rq, rs, &councils, &in, NULL, 200);
}

/* The number in s, or false when s is not one (empty is 0). */
static bool parse_number(const char *s, long long *out)
{
	char *end = NULL;
	*out = 0;
	if (!s || !*s)
		return true;
	*out = strtoll(s, &end, 10);
	return !*end;
}

/* POST /plans/new: creates the plan as a draft (ACT_EDIT_PLAN on the
 * chosen council, CSRF) and goes to its structure page. */
int page_plan_new_post(struct request *rq, struct response *rs)
{
	org_list councils;
	struct err e = ERR_INIT;
	if (editable_councils(rq, &councils, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	struct plan_input in = {form_get(rq->form, "owner"), form_get(rq->form, "kind"),
				form_get(rq->form, "year"), form_get(rq->form, "title")};
	long long owner, year;
	if (!parse_number(in.owner, &owner) || owner <= 0) {
		err_set(&e, ERR_INPUT, "owner", _("Choose the council that keeps the plan."));
		return render(rq, rs, &councils, &in, &e, councils.count ? 400 : 403);
	}
	bool allowed = false;
	for (size_t i = 0; i < councils.count; i++)
		allowed |= councils.items[i].id == owner;
	if (!allowed) {
		/* Not a council, or one whose plans the reader may not edit:
		 * the same answer, so nothing is given away. */
		auth_log_denied(rq, perm_action_code(ACT_EDIT_PLAN));
		err_set(&e, ERR_DENIED, "owner", _("You may not create plans for this council."));
		return render(rq, rs, &councils, &in, &e, 403);
	}
	if (!parse_number(in.year, &year) || year < 0 || year > 9999) {
		err_set(&e, ERR_INPUT, "year", _("Write the year as a number, e.g. 2027."));
		return render(rq, rs, &councils, &in, &e, 400);
	}
	char *slug = NULL;
	if (plan_create(rq->db, owner, in.kind, (int)year, in.title ? in.title : "",
			rq->actor.login, &slug, &e) != OK) {
		if (e.kind == ERR_INPUT || e.kind == ERR_CONFLICT)
			return render(rq, rs, &councils, &in, &e, error_status(&e));
		return page_error_from(rq, rs, &e);
	}
	const char *location = arena_printf(&rq->arena, "/plan/%s/structure", slug);
	free(slug);
	return page_done(rq, rs, location);
}
