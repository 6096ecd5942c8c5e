/*
 * page_orgs.c: the organisation registry and editing an organisation.
 *
 *   GET  /org/{id}/edit                      the edit page: its fields, its
 *                                            aliases and its members
 *   POST /org/{id}/edit                      saves name, kind, orgnr,
 *                                            municipality number
 *   POST /org/{id}/aliases                   adds an alias
 *   POST /org/{id}/aliases/{alias}/delete    removes one
 *   POST /org/{id}/members                   adds a member
 *   POST /org/{id}/members/{member}/delete   removes one (role in the form)
 *
 * (The registry, GET /orgs, is page_org_list.c.) These are for those who may edit the organisation
 * (ACT_EDIT_ORG: editors of the council keeping it, admins), asked through
 * auth_require; the forms carry the CSRF token. Every write is one model
 * call: one transaction with its history rows. The fields go through
 * node_update(NODE_ORG) with the version the form started from; a stale
 * save answers 409 with the form again and the other person's value beside
 * each field. A refused form comes back on the same page with the field
 * marked (aria-invalid, the message linked by aria-describedby).
 * Merging is in page_org_merge.c.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/list.h"
#include "model/node.h"
#include "model/org.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared with page_org_merge.c and page_org.c --- */

/* A positive id from text, or 0. */
int64_t org_parse_id(const char *s)
{
	char *end = NULL;
	long long n = s && *s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && n > 0 ? n : 0;
}

/* The target of a permission question about organisation o. */
static struct perm_target org_target(const struct org *o)
{
	/* The organisation is known to the asker (org_for_request checked),
	 * so a refusal is 403 rather than 404. */
	struct perm_target t = {.owner_id = o->owner_id, .org_id = o->id, .published = true};
	return t;
}

bool org_may_edit(const struct request *rq, const struct org *o)
{
	struct perm_target t = org_target(o);
	return perm_allows(&rq->actor, ACT_EDIT_ORG, &t);
}

int org_for_request(struct request *rq, struct response *rs, struct org *o)
{
	int64_t id = org_parse_id(request_param(rq, "id"));
	struct org_detail *d;
	struct err e = ERR_INIT;
	if (!id)
		return page_error(rq, rs, 404, NULL), ERR;
	/* An organisation the asker may not know of is not there. */
	if (list_org_detail(rq->db, &rq->arena, &rq->actor, id, &d, &e) != OK ||
	    org_load(rq->db, &rq->arena, id, o, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	struct perm_target t = org_target(o);
	return auth_require(rq, rs, ACT_EDIT_ORG, &t);
}

/* --- the edit page --- */

static const char *const org_form_fields[] = {"name", "kind", "orgnr", "municipality_no"};
#define NFIELDS (sizeof org_form_fields / sizeof *org_form_fields)

/* What the edit page shows: the values typed (or stored), the version the
 * form is at, on a conflict the other person's values, and the error of
 * the one form (FORM_*) that was sent. */
enum { FORM_ORG, FORM_ALIAS, FORM_MEMBER, FORM_OTHER };

struct edit_state {
	const char *values[NFIELDS];
	int64_t version;
	const struct node_values *theirs;
	int form;
	const struct err *e;
	const char *alias, *scope, *member, *role;
	bool collective;
};

static const char *field_label(const char *field)
{
	if (strcmp(field, "name") == 0) return _("Name");
	if (strcmp(field, "kind") == 0) return _("Kind");
	if (strcmp(field, "orgnr") == 0) return _("Organisation number (9 digits)");
	if (strcmp(field, "municipality_no") == 0) return _("Municipality number (4 digits)");
	if (strcmp(field, "alias") == 0) return _("Other name");
	if (strcmp(field, "scope") == 0) return _("Valid in the plans of");
	if (strcmp(field, "member") == 0) return _("Organisation");
	if (strcmp(field, "role") == 0) return _("Role");
	return field;
}

static const char *role_label(const char *role)
{
	if (strcmp(role, "member") == 0) return _("Member");
	if (strcmp(role, "leader") == 0) return _("Leader");
	if (strcmp(role, "deputy") == 0) return _("Deputy leader");
	if (strcmp(role, "secretariat") == 0) return _("Secretariat");
	if (strcmp(role, "observer") == 0) return _("Observer");
	return role;
}

/* True when the error of st is about field of form. */
static bool bad(const struct edit_state *st, int form, const char *field)
{
	return st->e && st->form == form && strcmp(st->e->field, field) == 0;
}

/* True when, on a conflict, the other person saved something else in
 * field name of the organisation's own form. */
static bool differs(const struct edit_state *st, int form, const char *name, const char *value)
{
	if (form != FORM_ORG || !st->theirs)
		return false;
	const char *theirs = node_value(st->theirs, name);
	return strcmp(theirs ? theirs : "", value ? value : "") != 0;
}

/* Opens field name of form (its control's id is id): label, message when
 * at fault, the other person's value on a conflict. */
static void field_open(struct html *h, const struct edit_state *st, int form, const char *id,
		       const char *name, const char *value, bool required)
{
	bool is_bad = bad(st, form, name);
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s%s</label>", is_bad ? " invalid" : "",
		    id, field_label(name), required ? " *" : "");
	if (is_bad)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, st->e->msg);
	if (differs(st, form, name, value)) {
		const char *theirs = node_value(st->theirs, name);
		const char *shown = theirs && *theirs ? theirs : _("(empty)");
		if (strcmp(name, "kind") == 0 && theirs)
			shown = org_kind_label(theirs);
		html_printf(h, "<div class=\"theirs\" id=\"%s-theirs\"><strong>%s</strong> %s</div>", id,
			    _("Saved by someone else meanwhile:"), shown);
	}
}

/* The attributes of the control of field name: marked when at fault,
 * described by the other person's value on a conflict. */
static void field_marks(struct html *h, const struct edit_state *st, int form, const char *id,
			const char *name, const char *value)
{
	if (bad(st, form, name))
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
	else if (differs(st, form, name, value))
		html_printf(h, " aria-describedby=\"%s-theirs\"", id);
}

/* The message above a form when its error is about no field of it. */
static void form_message(struct html *h, const struct edit_state *st, int form, const char *id,
			 const char *const *fields, size_t n)
{
	if (!st->e || st->form != form || st->theirs)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(st->e->field, fields[i]) == 0)
			return;
	html_printf(h, "<p class=\"error\" role=\"alert\" id=\"%s-error\">%s</p>", id, st->e->msg);
}

/* The fields of the organisation itself. */
static void org_fields_form(struct html *h, struct request *rq, const struct org *o,
			    const struct edit_state *st)
{
	html_printf(h, "<section aria-labelledby=\"fields-title\"><h2 id=\"fields-title\">%s</h2>",
		    _("Name and numbers"));
	if (st->theirs)
		html_printf(h, "<div class=\"error\" role=\"alert\"><p>%s</p><p>%s</p></div>",
			    st->e ? st->e->msg : "",
			    _("Your text is kept below. Where the other person saved something else, "
			      "their value is shown above the field. Save again to put yours on top, "
			      "or open the form anew to take theirs."));
	form_message(h, st, FORM_ORG, "org-form", org_form_fields, NFIELDS);
	html_printf(h, "<form method=\"post\" action=\"/org/%lld/edit\">", (long long)o->id);
	html_csrf(h, rq);
	html_printf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)st->version);
	const char *v = st->values[0] ? st->values[0] : "";
	field_open(h, st, FORM_ORG, "name", "name", v, true);
	html_printf(h, "<input id=\"name\" name=\"name\" value=\"%s\" required", v);
	field_marks(h, st, FORM_ORG, "name", "name", v);
	html_lit(h, "></div>");
	v = st->values[1] ? st->values[1] : "";
	field_open(h, st, FORM_ORG, "kind", "kind", v, true);
	html_lit(h, "<select id=\"kind\" name=\"kind\"");
	field_marks(h, st, FORM_ORG, "kind", "kind", v);
	html_lit(h, ">");
	const struct node_field *kind = node_field(NODE_ORG, "kind");
	for (const char *const *c = kind->codes; *c; c++)
		html_printf(h, "<option value=\"%s\"%s>%s</option>", *c, strcmp(v, *c) == 0 ? " selected" : "",
			    org_kind_label(*c));
	html_lit(h, "</select></div>");
	v = st->values[2] ? st->values[2] : "";
	field_open(h, st, FORM_ORG, "orgnr", "orgnr", v, false);
	html_printf(h, "<input id=\"orgnr\" name=\"orgnr\" value=\"%s\" inputmode=\"numeric\" "
		       "autocomplete=\"off\"", v);
	field_marks(h, st, FORM_ORG, "orgnr", "orgnr", v);
	html_lit(h, "></div>");
	v = st->values[3] ? st->values[3] : "";
	field_open(h, st, FORM_ORG, "municipality_no", "municipality_no", v, false);
	html_printf(h, "<input id=\"municipality_no\" name=\"municipality_no\" value=\"%s\" "
		       "inputmode=\"numeric\" autocomplete=\"off\"", v);
	field_marks(h, st, FORM_ORG, "municipality_no", "municipality_no", v);
	html_lit(h, "></div>");
	html_printf(h, "<p class=\"hint\">%s</p><button type=\"submit\">%s</button></form></section>",
		    _("Fields marked * must be filled in."), _("Save"));
}

/* The councils in whose plans rq's actor may make an alias valid: those
 * whose organisations it may edit; 0 (everywhere) only for whoever may edit
 * shared organisations. */
static bool scope_allowed(const struct request *rq, int64_t scope)
{
	struct perm_target t = {.owner_id = scope, .org_id = scope, .published = true};
	return perm_allows(&rq->actor, ACT_EDIT_ORG, &t);
}

/* The scope an alias of o gets unless another is chosen. */
static int64_t default_scope(const struct org *o)
{
	if (o->owner_id)
		return o->owner_id;
	return strcmp(o->kind, "council") == 0 ? o->id : 0;
}

static void aliases_part(struct html *h, struct request *rq, const struct org *o,
			 const struct edit_state *st)
{
	org_alias_list aliases;
	org_list councils;
	struct err e = ERR_INIT;
	html_printf(h, "<section class=\"org-part\" aria-labelledby=\"aliases-title\">"
		       "<h2 id=\"aliases-title\">%s</h2><p class=\"intro\">%s</p>",
		    _("Aliases"),
		    _("Other names the plans use for it (\"SR\", \"hvl\"). An alias is understood in the "
		      "plans of one council, or everywhere. A collective alias (\"kommunane\") means its "
		      "members."));
	if (org_aliases(rq->db, &rq->arena, o->id, &aliases, &e) != OK ||
	    org_list_councils(rq->db, &rq->arena, &councils, &e) != OK) {
		html_printf(h, "<p class=\"error\">%s</p></section>", _("The list could not be read."));
		return;
	}
	if (!aliases.count)
		html_printf(h, "<p class=\"empty\">%s</p>", _("No aliases yet."));
	else
		html_lit(h, "<ul class=\"roles aliases\">");
	for (size_t i = 0; i < aliases.count; i++) {
		const struct org_alias *al = &aliases.items[i];
		html_printf(h, "<li><span><strong>%s</strong> <span class=\"meta\">", al->alias);
		if (al->scope)
			html_printf(h, "%s", arena_printf(&rq->arena, _("in the plans of %s"), al->scope));
		else
			html_printf(h, "%s", _("everywhere"));
		if (al->collective)
			html_printf(h, " · %s", _("means its members"));
		html_printf(h, "</span></span><form class=\"inline\" method=\"post\" "
			       "action=\"/org/%lld/aliases/%lld/delete\">",
			    (long long)o->id, (long long)al->id);
		html_csrf(h, rq);
		html_printf(h, "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\"> %s"
			       "</span></button></form></li>",
			    _("Remove"), al->alias);
	}
	if (aliases.count)
		html_lit(h, "</ul>");

	static const char *const fields[] = {"alias", "scope", "collective"};
	html_printf(h, "<h3 id=\"alias-add-title\">%s</h3>", _("Add an alias"));
	form_message(h, st, FORM_ALIAS, "alias-form", fields, 3);
	html_printf(h, "<form method=\"post\" action=\"/org/%lld/aliases\" "
		       "aria-labelledby=\"alias-add-title\">", (long long)o->id);
	html_csrf(h, rq);
	const char *typed = st->form == FORM_ALIAS && st->alias ? st->alias : "";
	field_open(h, st, FORM_ALIAS, "alias-alias", "alias", typed, true);
	html_printf(h, "<input id=\"alias-alias\" name=\"alias\" value=\"%s\" required "
		       "autocomplete=\"off\"", typed);
	field_marks(h, st, FORM_ALIAS, "alias-alias", "alias", typed);
	html_lit(h, "></div>");
	int64_t chosen = st->form == FORM_ALIAS && st->scope ? (int64_t)atoll(st->scope)
							     : default_scope(o);
	field_open(h, st, FORM_ALIAS, "alias-scope", "scope", NULL, false);
	html_lit(h, "<select id=\"alias-scope\" name=\"scope\"");
	field_marks(h, st, FORM_ALIAS, "alias-scope", "scope", NULL);
	html_lit(h, ">");
	for (size_t i = 0; i < councils.count; i++)
		if (scope_allowed(rq, councils.items[i].id))
			html_printf(h, "<option value=\"%lld\"%s>%s</option>",
				    (long long)councils.items[i].id,
				    councils.items[i].id == chosen ? " selected" : "", councils.items[i].name);
	if (scope_allowed(rq, 0))
		html_printf(h, "<option value=\"0\"%s>%s</option>", chosen == 0 ? " selected" : "",
			    _("Every plan"));
	html_lit(h, "</select></div>");
	bool collective = st->form == FORM_ALIAS && st->collective;
	html_printf(h, "<div class=\"field check\"><span><input type=\"checkbox\" id=\"alias-collective\" "
		       "name=\"collective\" value=\"yes\"%s> <label for=\"alias-collective\">%s</label>"
		       "</span></div>",
		    collective ? " checked" : "", _("Collective: the alias means its members"));
	html_printf(h, "<button type=\"submit\">%s</button></form></section>", _("Add the alias"));
}

static void members_part(struct html *h, struct request *rq, const struct org *o,
			 const struct edit_state *st)
{
	org_membership_list members;
	org_list all;
	struct err e = ERR_INIT;
	html_printf(h, "<section class=\"org-part\" aria-labelledby=\"members-title\">"
		       "<h2 id=\"members-title\">%s</h2>", _("Members"));
	if (org_members(rq->db, &rq->arena, o->id, &members, &e) != OK ||
	    org_list_all(rq->db, &rq->arena, &all, &e) != OK) {
		html_printf(h, "<p class=\"error\">%s</p></section>", _("The list could not be read."));
		return;
	}
	if (!members.count)
		html_printf(h, "<p class=\"empty\">%s</p>", _("No members yet."));
	else
		html_lit(h, "<ul class=\"roles members\">");
	for (size_t i = 0; i < members.count; i++) {
		const struct org_membership *m = &members.items[i];
		html_printf(h, "<li><span><a href=\"/org/%lld\">%s</a> <span class=\"meta\">%s</span></span>"
			       "<form class=\"inline\" method=\"post\" action=\"/org/%lld/members/%lld/delete\">",
			    (long long)m->id, m->name, role_label(m->role), (long long)o->id,
			    (long long)m->id);
		html_csrf(h, rq);
		html_printf(h, "<input type=\"hidden\" name=\"role\" value=\"%s\">"
			       "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\"> %s"
			       "</span></button></form></li>",
			    m->role, _("Remove"), m->name);
	}
	if (members.count)
		html_lit(h, "</ul>");

	static const char *const fields[] = {"member", "role"};
	html_printf(h, "<h3 id=\"member-add-title\">%s</h3>", _("Add a member"));
	form_message(h, st, FORM_MEMBER, "member-form", fields, 2);
	html_printf(h, "<form method=\"post\" action=\"/org/%lld/members\" "
		       "aria-labelledby=\"member-add-title\">", (long long)o->id);
	html_csrf(h, rq);
	int64_t want = st->form == FORM_MEMBER ? org_parse_id(st->member) : 0;
	field_open(h, st, FORM_MEMBER, "member-member", "member", NULL, true);
	html_lit(h, "<select id=\"member-member\" name=\"member\" required");
	field_marks(h, st, FORM_MEMBER, "member-member", "member", NULL);
	html_printf(h, "><option value=\"\">%s</option>", _("Choose an organisation"));
	/* Only what the council keeping this organisation may name (as
	 * org_usable_in decides when the form comes back). */
	int64_t council = o->owner_id ? o->owner_id : o->id;
	for (size_t i = 0; i < all.count; i++) {
		const struct org *m = &all.items[i];
		if (m->id == o->id || (m->owner_id && m->owner_id != council && m->id != council))
			continue;
		html_printf(h, "<option value=\"%lld\"%s>%s", (long long)m->id, m->id == want ? " selected" : "",
			    m->name);
		if (m->owner)
			html_printf(h, " (%s)", m->owner);
		html_lit(h, "</option>");
	}
	html_lit(h, "</select></div>");
	const char *role = st->form == FORM_MEMBER && st->role ? st->role : "member";
	field_open(h, st, FORM_MEMBER, "member-role", "role", NULL, true);
	html_lit(h, "<select id=\"member-role\" name=\"role\"");
	field_marks(h, st, FORM_MEMBER, "member-role", "role", NULL);
	html_lit(h, ">");
	for (const char *const *r = org_member_roles; *r; r++)
		html_printf(h, "<option value=\"%s\"%s>%s</option>", *r, strcmp(role, *r) == 0 ? " selected" : "",
			    role_label(*r));
	html_printf(h, "</select></div><button type=\"submit\">%s</button></form></section>",
		    _("Add the member"));
}

static int render_edit(struct request *rq, struct response *rs, const struct org *o,
		       const struct edit_state *st, int status)
{
	struct html h = HTML_INIT;
	const char *heading = arena_printf(&rq->arena, _("Edit: %s"), o->name);
	html_begin(&h, rq, heading);
	html_printf(&h, "<article class=\"form org-edit\"><p class=\"kicker\"><a href=\"/orgs\">%s</a> · "
			"<a href=\"/org/%lld\">%s</a></p><h1>%s</h1>",
		    _("Organisations"), (long long)o->id, o->name, heading);
	if (st->e && st->form == FORM_OTHER)
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", st->e->msg);
	org_fields_form(&h, rq, o, st);
	aliases_part(&h, rq, o, st);
	members_part(&h, rq, o, st);
	org_invite_part(&h, rq, o);
	html_printf(&h, "<section class=\"org-part\" aria-labelledby=\"merge-title\"><h2 id=\"merge-title\">"
			"%s</h2><p>%s</p><p><a class=\"button\" href=\"/org/%lld/merge\">%s</a></p></section>",
		    _("The same as another?"),
		    _("When two organisations in the register are the same, merge them: every link "
		      "moves to this one, and the other's name becomes an alias."),
		    (long long)o->id, _("Merge with another organisation"));
	html_printf(&h, "<p><a href=\"/org/%lld\">%s</a></p></article>\n", (long long)o->id,
		    _("Back to the organisation"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* The edit page as stored, with err e (may be NULL) on form. */
static int render_stored(struct request *rq, struct response *rs, const struct org *o,
			 struct edit_state *st, int status)
{
	struct node_values v;
	struct err e = ERR_INIT;
	if (node_load(rq->db, &rq->arena, NODE_ORG, o->id, &v, &e) != OK)
		return page_error_from(rq, rs, &e);
	if (st->form != FORM_ORG || !st->e) {
		for (size_t i = 0; i < NFIELDS; i++)
			st->values[i] = node_value(&v, org_form_fields[i]);
		st->version = v.version;
	}
	return render_edit(rq, rs, o, st, status);
}

/* GET /org/{id}/edit: the edit page (ACT_EDIT_ORG). */
int page_org_edit(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	struct edit_state st = {.form = FORM_ORG};
	return render_stored(rq, rs, &o, &st, 200);
}

/* POST /org/{id}/edit: saves name, kind, orgnr and municipality_no from
 * the version in the form (ACT_EDIT_ORG, CSRF); 409 with both values when
 * someone saved in between. */
int page_org_edit_post(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	struct edit_state st = {.form = FORM_ORG};
	struct err e = ERR_INIT;
	struct patch p = {0};
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = form_get(rq->form, org_form_fields[i]);
		st.values[i] = v;
		if (v)
			patch_set(&p, org_form_fields[i], v);
	}
	const char *ver = form_get(rq->form, "version");
	char *end = NULL;
	st.version = ver ? strtoll(ver, &end, 10) : 0;
	if (!ver || !*ver || *end || st.version <= 0) {
		err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
		st.e = &e;
		st.form = FORM_OTHER;
		return render_stored(rq, rs, &o, &st, 400);
	}
	if (org_update(rq->db, o.id, st.version, &p, rq->actor.login, &e) == OK)
		return page_done(rq, rs, arena_printf(&rq->arena, "/org/%lld", (long long)o.id));
	st.e = &e;
	if (e.kind == ERR_INPUT)
		return render_edit(rq, rs, &o, &st, 400);
	if (e.kind != ERR_CONFLICT)
		return page_error_from(rq, rs, &e);
	/* Someone saved in between: theirs beside ours; a new save goes on
	 * top of theirs. */
	struct node_values now;
	struct err e2 = ERR_INIT;
	if (node_load(rq->db, &rq->arena, NODE_ORG, o.id, &now, &e2) != OK)
		return page_error_from(rq, rs, &e2);
	st.theirs = &now;
	st.version = now.version;
	return render_edit(rq, rs, &o, &st, 409);
}

/* Answers a refused alias or member form: the edit page with it marked. */
static int refused(struct request *rq, struct response *rs, const struct org *o,
		   struct edit_state *st, const struct err *e)
{
	if (e->kind != ERR_INPUT && e->kind != ERR_CONFLICT && e->kind != ERR_NOT_FOUND)
		return page_error_from(rq, rs, e);
	st->e = e;
	return render_stored(rq, rs, o, st, error_status(e));
}

static const char *edit_url(struct request *rq, const struct org *o)
{
	return arena_printf(&rq->arena, "/org/%lld/edit", (long long)o->id);
}

/* POST /org/{id}/aliases: alias, scope (a council's id; 0: every plan),
 * collective=yes (ACT_EDIT_ORG, CSRF; the scope must be a council whose
 * organisations the actor may edit). */
int page_org_alias_add(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	struct edit_state st = {.form = FORM_ALIAS};
	struct err e = ERR_INIT;
	st.alias = form_get(rq->form, "alias");
	st.scope = form_get(rq->form, "scope");
	const char *c = form_get(rq->form, "collective");
	st.collective = c && strcmp(c, "yes") == 0;
	int64_t scope = st.scope && strcmp(st.scope, "0") == 0 ? 0 : org_parse_id(st.scope);
	struct org council;
	struct err ignore = ERR_INIT;
	if (!st.scope || (scope == 0 && strcmp(st.scope, "0") != 0))
		err_set(&e, ERR_INPUT, "scope", _("Choose where the alias is valid."));
	else if (scope && (org_load(rq->db, &rq->arena, scope, &council, &ignore) != OK ||
			   strcmp(council.kind, "council") != 0))
		err_set(&e, ERR_INPUT, "scope", _("Choose where the alias is valid."));
	else if (!scope_allowed(rq, scope))
		err_set(&e, ERR_INPUT, "scope",
			_("You may not make an alias valid there; choose a council whose organisations you keep."));
	else if (org_alias_add(rq->db, o.id, st.alias ? st.alias : "", scope, st.collective,
			       rq->actor.login, &e) == OK)
		return page_done(rq, rs, edit_url(rq, &o));
	return refused(rq, rs, &o, &st, &e);
}

/* POST /org/{id}/aliases/{alias}/delete: removes the alias (ACT_EDIT_ORG,
 * CSRF). */
int page_org_alias_delete(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	int64_t alias = org_parse_id(request_param(rq, "alias"));
	struct edit_state st = {.form = FORM_OTHER};
	struct err e = ERR_INIT;
	if (!alias)
		return page_error(rq, rs, 404, NULL);
	if (org_alias_remove(rq->db, o.id, alias, rq->actor.login, &e) != OK)
		return refused(rq, rs, &o, &st, &e);
	return page_done(rq, rs, edit_url(rq, &o));
}

/* POST /org/{id}/members: member (an organisation's id), role (ACT_EDIT_ORG,
 * CSRF). */
int page_org_member_add(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	struct edit_state st = {.form = FORM_MEMBER};
	struct err e = ERR_INIT;
	st.member = form_get(rq->form, "member");
	st.role = form_get(rq->form, "role");
	int64_t member = org_parse_id(st.member);
	/* A form's id is only a number: the member must be one the
	 * council keeping this organisation may name. */
	int64_t council = o.owner_id ? o.owner_id : o.id;
	int usable = member ? org_usable_in(rq->db, member, council, &e) : 0;
	if (usable == ERR)
		return page_error_from(rq, rs, &e);
	if (!member)
		err_set(&e, ERR_INPUT, "member", _("Choose an organisation."));
	else if (!usable)
		err_set(&e, ERR_INPUT, "member", _("That organisation cannot be named in this plan."));
	else if (org_member_add(rq->db, o.id, member, st.role, rq->actor.login, &e) == OK)
		return page_done(rq, rs, edit_url(rq, &o));
	return refused(rq, rs, &o, &st, &e);
}

/* POST /org/{id}/members/{member}/delete: ends the membership in the role
 * sent (ACT_EDIT_ORG, CSRF). */
int page_org_member_delete(struct request *rq, struct response *rs)
{
	struct org o;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	int64_t member = org_parse_id(request_param(rq, "member"));
	const char *role = form_get(rq->form, "role");
	struct edit_state st = {.form = FORM_OTHER};
	struct err e = ERR_INIT;
	if (!member)
		return page_error(rq, rs, 404, NULL);
	if (org_member_remove(rq->db, o.id, member, role ? role : "member", rq->actor.login, &e) != OK)
		return refused(rq, rs, &o, &st, &e);
	return page_done(rq, rs, edit_url(rq, &o));
}
