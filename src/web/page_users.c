/*
 * page_users.c: user administration in the browser - the list of accounts,
 * adding one, and one account's page with its forms: give a role, take one
 * away, disable or enable, set a new password. Only for those who may
 * manage users (ACT_MANAGE_USERS, asked through auth_require).
 *
 * Every change is one model call: one transaction with its audit row. A
 * refused form comes back on the same page with the field at fault marked
 * (aria-invalid, the message linked by aria-describedby) and what was typed
 * kept - except passwords, which are never written back into a page.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "formats/mail.h"
#include "model/org.h"
#include "model/user.h"
#include "base/err.h"
#include "base/secret.h"
#include "base/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	N_("Administrator"), N_("Editor"), N_("Reporter"), N_("Reader"),
};
static const char *const role_help[ROLE_COUNT] = {
	N_("Administrator: everything, users too"),
	N_("Editor: the plans of a regional council"),
	N_("Reporter: status reports for an organisation"),
	N_("Reader: sees the drafts of a council"),
};

/* OK when rq's actor may manage users; otherwise rs is filled and ERR. The
 * pages are no secret, so a refusal is 403 rather than 404 (the target
 * counts as published). */
static int gate(struct request *rq, struct response *rs)
{
	struct perm_target t = {.published = true};
	return auth_require(rq, rs, ACT_MANAGE_USERS, &t);
}

/* "Editor, Sogn regionråd" (in rq's arena). */
static const char *grant_label(struct request *rq, const struct grant *g)
{
	const char *role = _(role_names[(unsigned)g->role < ROLE_COUNT ? g->role : ROLE_READER]);
	return g->org_name ? arena_printf(&rq->arena, "%s, %s", role, g->org_name) : role;
}

/* --- form fields --- */

/* The id of field name in form ("grant", "org" -> "grant-org"; without a
 * form, the name itself). */
static void field_id(char out[64], const char *form, const char *name)
{
	snprintf(out, 64, "%s%s%s", form ? form : "", form ? "-" : "", name);
}

/* True when e is about field name. */
static bool bad(const struct err *e, const char *name)
{
	return e && e->kind != ERR_NONE && strcmp(e->field, name) == 0;
}

/* True when e is about none of fields (NULL-terminated): a message for the
 * form as a whole. */
static bool whole_form(const struct err *e, const char *const *fields)
{
	if (!e || e->kind == ERR_NONE)
		return false;
	for (; *fields; fields++)
		if (strcmp(e->field, *fields) == 0)
			return false;
	return true;
}

/* Opens a field: its label, and when e is about it, its message. */
static void field_open(struct html *h, const char *id, const char *name,
		       const char *label, const struct err *e)
{
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s</label>",
		    bad(e, name) ? " invalid" : "", id, label);
	if (bad(e, name))
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, e->msg);
}

/* The attributes that mark a control of a field that e is about. */
static void field_marks(struct html *h, const char *id, const char *name,
			const struct err *e)
{
	if (bad(e, name))
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
}

/* A text or password input; type "password" is never given a value. */
static void input(struct html *h, const char *form, const char *name, const char *type,
		  const char *label, const char *value, const char *autocomplete, bool required,
		  const struct err *e)
{
	char id[64];
	field_id(id, form, name);
	field_open(h, id, name, label, e);
	html_printf(h, "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\"%s",
		    id, name, type, autocomplete, required ? " required" : "");
	if (strcmp(type, "password") != 0)
		html_printf(h, " value=\"%s\"", value ? value : "");
	field_marks(h, id, name, e);
	html_lit(h, "></div>");
}

/* The choice of role, chosen being a role code or NULL. */
static void role_select(struct html *h, const char *form, const char *chosen,
			const struct err *e)
{
	char id[64];
	field_id(id, form, "role");
	field_open(h, id, "role", _("Role"), e);
	html_printf(h, "<select id=\"%s\" name=\"role\" required", id);
	field_marks(h, id, "role", e);
	html_printf(h, "><option value=\"\">%s</option>", _("Choose a role"));
	for (int r = 0; r < ROLE_COUNT; r++) {
		const char *code = role_code((enum role)r);
		html_printf(h, "<option value=\"%s\"%s>%s</option>", code,
			    chosen && strcmp(chosen, code) == 0 ? " selected" : "", _(role_help[r]));
	}
	html_lit(h, "</select></div>");
}

/* The choice of organisation, chosen being an id as text or NULL. */
static void org_select(struct html *h, const char *form, const org_list *orgs,
		       const char *chosen, const struct err *e)
{
	char id[64];
	field_id(id, form, "org");
	field_open(h, id, "org", _("Organisation"), e);
	html_printf(h, "<select id=\"%s\" name=\"org\"", id);
	field_marks(h, id, "org", e);
	html_printf(h, "><option value=\"\">%s</option>", _("None (for the administrator role)"));
	long long want = chosen && *chosen ? atoll(chosen) : 0;
	for (size_t i = 0; i < orgs->count; i++) {
		const struct org *o = &orgs->items[i];
		html_printf(h, "<option value=\"%lld\"%s>%s", (long long)o->id,
			    o->id == want ? " selected" : "", o->name);
		if (o->owner)
			html_printf(h, " (%s)", o->owner);
		html_lit(h, "</option>");
	}
	html_lit(h, "</select></div>");
}

/* A message for the whole form (id FORM-error), if e is one. */
static void form_message(struct html *h, const char *form, const struct err *e,
			 const char *const *fields)
{
	if (whole_form(e, fields))
		html_printf(h, "<p class=\"error\" role=\"alert\" id=\"%s-error\">%s</p>", form, e->msg);
}

/* The submit button, described by the form's message when there is one. */
static void submit(struct html *h, const char *form, const char *label, const struct err *e,
		   const char *const *fields)
{
	if (whole_form(e, fields))
		html_printf(h, "<button type=\"submit\" aria-describedby=\"%s-error\">%s</button>",
			    form, label);
	else
		html_printf(h, "<button type=\"submit\">%s</button>", label);
}

/* Parses an organisation id ("" and "0" are none); false when it is not a
 * number. */
static bool parse_org(const char *s, int64_t *org)
{
	*org = 0;
	if (!s || !*s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0)
		return false;
	*org = v;
	return true;
}

/* Reads role and org from the form into *role and *org; ERR_INPUT on e when
 * either is missing or unknown, or they do not go together. */
static int role_and_org(struct request *rq, enum role *role, int64_t *org, struct err *e)
{
	const char *r = form_get(rq->form, "role"), *o = form_get(rq->form, "org");
	if (!r || role_parse(r, role) != OK)
		return err_set(e, ERR_INPUT, "role", _("Choose a role."));
	if (!parse_org(o, org))
		return err_set(e, ERR_INPUT, "org", _("There is no such organisation."));
	return user_role_check(rq->db, *role, *org, e);
}

/* Finishes a page: private, never stored. */
static int finish(struct html *h, struct request *rq, struct response *rs, int status)
{
	html_end(h, rq);
	html_finish(h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* --- the list --- */

/* GET /admin/users: every account with its roles and whether it is
 * disabled (ACT_MANAGE_USERS). */
int page_users(struct request *rq, struct response *rs)
{
	if (gate(rq, rs) != OK)
		return rs->status;
	struct err e = ERR_INIT;
	user_list users;
	if (user_list_all(rq->db, &rq->arena, &users, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Users"));
	html_printf(&h, "<article class=\"form users\"><h1>%s</h1>", _("Users"));
	html_printf(&h, "<p><a class=\"button\" href=\"/admin/users/new\">%s</a></p>", _("Add a user"));
	html_printf(&h, "<table class=\"users\"><thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			"</tr></thead><tbody>",
		    _("User name"), _("Name"), _("Roles"), _("Status"));
	for (size_t i = 0; i < users.count; i++) {
		const struct user *u = &users.items[i];
		html_printf(&h, "<tr><td><a href=\"/admin/users/%s\">%s</a></td><td>%s</td><td>",
			    u->login, u->login, u->name);
		for (size_t g = 0; g < u->grants.count; g++)
			html_printf(&h, "%s%s", g ? "; " : "", grant_label(rq, &u->grants.items[g]));
		if (!u->grants.count)
			html_printf(&h, "<em>%s</em>", _("no role"));
		if (u->disabled)
			html_printf(&h, "</td><td class=\"disabled\">%s</td></tr>", _("Disabled"));
		else
			html_printf(&h, "</td><td>%s</td></tr>", _("Active"));
	}
	html_lit(&h, "</tbody></table></article>");
	return finish(&h, rq, rs, 200);
}

/* --- adding a user --- */

struct new_user {
	const char *login, *name, *role, *org, *email; /* as typed */
	bool invite;
};

static int add_form(struct request *rq, struct response *rs, const struct new_user *in,
		    const struct err *e, int status)
{
	struct err le = ERR_INIT;
	org_list orgs;
	if (org_list_all(rq->db, &rq->arena, &orgs, &le) != OK)
		return page_error_from(rq, rs, &le);
	static const char *const fields[] = {"login", "name", "email", "password", "password2", "role",
					     "org", NULL};
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Add a user"));
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p><a href=\"/admin/users\">%s</a></p>",
		    _("Add a user"), _("All users"));
	form_message(&h, "add", e, fields);
	html_lit(&h, "<form method=\"post\" action=\"/admin/users/new\">");
	html_csrf(&h, rq);
	input(&h, NULL, "login", "text", _("User name"), in->login, "off", true, e);
	input(&h, NULL, "name", "text", _("Full name"), in->name, "off", true, e);
	input(&h, NULL, "email", "email", _("E-mail address"), in->email, "off", false, e);
	html_printf(&h, "<div class=\"field\"><label><input type=\"checkbox\" name=\"invite\" value=\"1\"%s> %s</label></div>",
		    in->invite ? " checked" : "",
		    _("Send an invitation by e-mail: they choose their own password (leave the password empty)"));
	input(&h, NULL, "password", "password", _("Password (at least 12 characters)"), NULL,
	      "new-password", false, e);
	input(&h, NULL, "password2", "password", _("The same password again"), NULL,
	      "new-password", false, e);
	role_select(&h, NULL, in->role, e);
	org_select(&h, NULL, &orgs, in->org, e);
	submit(&h, "add", _("Add the user"), e, fields);
	html_lit(&h, "</form></article>");
	return finish(&h, rq, rs, status);
}

/* GET /admin/users/new: the form for a new account (ACT_MANAGE_USERS). */
int page_user_new(struct request *rq, struct response *rs)
{
	if (gate(rq, rs) != OK)
		return rs->status;
	struct new_user in = {NULL, NULL, NULL, NULL, NULL, false};
	return add_form(rq, rs, &in, NULL, 200);
}

/* POST /admin/users/new: adds the account with one role (ACT_MANAGE_USERS,
 * CSRF); then to its page. */
int page_user_new_post(struct request *rq, struct response *rs)
{
	if (gate(rq, rs) != OK)
		return rs->status;
	const struct form *f = rq->form;
	const char *inv = form_get(f, "invite");
	struct new_user in = {form_get(f, "login"), form_get(f, "name"), form_get(f, "role"),
			      form_get(f, "org"), form_get(f, "email"), inv && strcmp(inv, "1") == 0};
	const char *password = form_get(f, "password"), *again = form_get(f, "password2");
	const char *base = NULL;
	char secret[SECRET_TOKEN_LEN + 1] = "";
	struct err e = ERR_INIT;
	enum role role = ROLE_READER;
	int64_t org = 0, id = 0;
	struct user *u = NULL;
	int rc = OK;
	if (!in.login || !in.name || (!in.invite && (!password || !again)))
		rc = err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	if (rc == OK)
		rc = role_and_org(rq, &role, &org, &e);
	if (rc == OK && in.invite) {
		rc = invite_prepare(rq, in.email, secret, &base, &e);
		password = secret;
	} else if (rc == OK && strcmp(password, again) != 0) {
		rc = err_set(&e, ERR_INPUT, "password2", _("The two passwords differ."));
	}
	/* The user, the address and the invitation: one transaction. */
	struct user_new nu = {in.login, in.name, password, role, org, in.email, NULL,
			      in.invite ? mail_invite_then : NULL, (void *)base};
	if (rc == OK)
		rc = user_add_new(rq->db, &nu, rq->actor.login, &id, &e);
	memset(secret, 0, sizeof secret);
	if (rc == OK)
		rc = user_load(rq->db, &rq->arena, id, &u, &e);
	if (rc == OK)
		return page_done(rq, rs, arena_printf(&rq->arena, "/admin/users/%s", u->login));
	if (error_status(&e) == 500)
		return page_error_from(rq, rs, &e);
	return add_form(rq, rs, &in, &e, error_status(&e));
}

/* --- one user --- */

/* A refused form on a user's page: which, why, and what was typed. */
struct problem {
	const char *form; /* "grant", "revoke", "state", "pw"; NULL: none */
	struct err e;
	const char *role, *org; /* typed into the grant form */
};

/* e if it belongs to form, else NULL. */
static const struct err *for_form(const struct problem *p, const char *form)
{
	return p && p->form && strcmp(p->form, form) == 0 ? &p->e : NULL;
}

static void roles_part(struct html *h, struct request *rq, const struct user *u,
		       const struct problem *p)
{
	static const char *const none[] = {NULL};
	const struct err *e = for_form(p, "revoke");
	html_printf(h, "<section class=\"user-part\" aria-labelledby=\"roles-h\"><h2 id=\"roles-h\">%s</h2>",
		    _("Roles"));
	form_message(h, "revoke", e, none);
	if (!u->grants.count)
		html_printf(h, "<p>%s</p>", _("No roles: the user can sign in but do nothing more than the public."));
	html_lit(h, "<ul class=\"roles\">");
	for (size_t i = 0; i < u->grants.count; i++) {
		const struct grant *g = &u->grants.items[i];
		const char *label = grant_label(rq, g);
		html_printf(h, "<li><span>%s</span><form class=\"inline\" method=\"post\" action=\"/admin/users/%s/revoke\">",
			    label, u->login);
		html_csrf(h, rq);
		html_printf(h, "<input type=\"hidden\" name=\"role\" value=\"%s\">"
			       "<input type=\"hidden\" name=\"org\" value=\"%lld\">",
			    role_code(g->role), (long long)g->org_id);
		html_printf(h, "<button type=\"submit\" aria-label=\"%s\"",
			    arena_printf(&rq->arena, _("Remove the role %s"), label));
		if (e)
			html_lit(h, " aria-describedby=\"revoke-error\"");
		html_printf(h, ">%s</button></form></li>", _("Remove"));
	}
	html_lit(h, "</ul></section>");
}

static void grant_part(struct html *h, struct request *rq, const struct user *u,
		       const org_list *orgs, const struct problem *p)
{
	static const char *const fields[] = {"role", "org", NULL};
	const struct err *e = for_form(p, "grant");
	html_printf(h, "<section class=\"user-part\" aria-labelledby=\"grant-h\"><h2 id=\"grant-h\">%s</h2>",
		    _("Give a role"));
	form_message(h, "grant", e, fields);
	html_printf(h, "<form method=\"post\" action=\"/admin/users/%s/grant\">", u->login);
	html_csrf(h, rq);
	role_select(h, "grant", e ? p->role : NULL, e);
	org_select(h, "grant", orgs, e ? p->org : NULL, e);
	submit(h, "grant", _("Give the role"), e, fields);
	html_lit(h, "</form></section>");
}

static void state_part(struct html *h, struct request *rq, const struct user *u,
		       const struct problem *p)
{
	static const char *const none[] = {NULL};
	const struct err *e = for_form(p, "state");
	html_printf(h, "<section class=\"user-part\" aria-labelledby=\"state-h\"><h2 id=\"state-h\">%s</h2>",
		    _("Access"));
	form_message(h, "state", e, none);
	html_printf(h, "<p>%s</p>",
		    u->disabled ? _("The account is disabled: it cannot sign in, and its API tokens do not work.")
				: _("The account is active. Disabling it ends its sessions at once and stops its API tokens."));
	html_printf(h, "<form method=\"post\" action=\"/admin/users/%s/%s\">", u->login,
		    u->disabled ? "enable" : "disable");
	html_csrf(h, rq);
	submit(h, "state", u->disabled ? _("Enable the account") : _("Disable the account"), e, none);
	html_lit(h, "</form></section>");
}

static void password_part(struct html *h, struct request *rq, const struct user *u,
			  const struct problem *p)
{
	static const char *const fields[] = {"password", "password2", NULL};
	const struct err *e = for_form(p, "pw");
	html_printf(h, "<section class=\"user-part\" aria-labelledby=\"pw-h\"><h2 id=\"pw-h\">%s</h2>",
		    _("New password"));
	html_printf(h, "<p>%s</p>", _("A new password ends the user's sessions."));
	form_message(h, "pw", e, fields);
	html_printf(h, "<form method=\"post\" action=\"/admin/users/%s/password\">", u->login);
	html_csrf(h, rq);
	input(h, "pw", "password", "password", _("Password (at least 12 characters)"), NULL,
	      "new-password", true, e);
	input(h, "pw", "password2", "password", _("The same password again"), NULL,
	      "new-password", true, e);
	submit(h, "pw", _("Set the password"), e, fields);
	html_lit(h, "</form></section>");
}

/* The page of user u, with problem p (or NULL) shown on its form. */
static int user_page(struct request *rq, struct response *rs, const struct user *u,
		     const struct problem *p, int status)
{
	struct err e = ERR_INIT;
	org_list orgs;
	if (org_list_all(rq->db, &rq->arena, &orgs, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	html_begin(&h, rq, u->name);
	html_printf(&h, "<article class=\"form user\"><p><a href=\"/admin/users\">%s</a></p>",
		    _("All users"));
	html_printf(&h, "<h1>%s</h1><p>%s: <strong>%s</strong>", u->name, _("User name"), u->login);
	if (u->disabled)
		html_printf(&h, " · <strong class=\"disabled\">%s</strong>", _("Disabled"));
	html_lit(&h, "</p>");
	roles_part(&h, rq, u, p);
	grant_part(&h, rq, u, &orgs, p);
	state_part(&h, rq, u, p);
	password_part(&h, rq, u, p);
	html_lit(&h, "</article>");
	return finish(&h, rq, rs, status);
}

/* The user of the route's {login}, for someone who may manage users;
 * otherwise rs is filled (403, 404) and ERR. */
static int target_user(struct request *rq, struct response *rs, struct user **u)
{
	if (gate(rq, rs) != OK)
		return ERR;
	struct err e = ERR_INIT;
	if (user_load_by_login(rq->db, &rq->arena, request_param(rq, "login"), u, &e) != OK) {
		page_error_from(rq, rs, &e);
		return ERR;
	}
	return OK;
}

/* After a write on u: back to its page, or with p refused on it. */
static int answer(struct request *rq, struct response *rs, const struct user *u,
		  const struct problem *p, int rc)
{
	if (rc == OK)
		return page_done(rq, rs, arena_printf(&rq->arena, "/admin/users/%s", u->login));
	if (error_status(&p->e) == 500)
		return page_error_from(rq, rs, &p->e);
	return user_page(rq, rs, u, p, error_status(&p->e));
}

/* GET /admin/users/{login}: one account, its roles, and the forms that
 * change them (ACT_MANAGE_USERS). */
int page_user(struct request *rq, struct response *rs)
{
	struct user *u;
	if (target_user(rq, rs, &u) != OK)
		return rs->status;
	return user_page(rq, rs, u, NULL, 200);
}

/* POST /admin/users/{login}/grant: gives role in org (ACT_MANAGE_USERS,
 * CSRF). */
int page_user_grant(struct request *rq, struct response *rs)
{
	struct user *u;
	if (target_user(rq, rs, &u) != OK)
		return rs->status;
	struct problem p = {"grant", ERR_INIT, form_get(rq->form, "role"), form_get(rq->form, "org")};
	enum role role = ROLE_READER;
	int64_t org = 0;
	int rc = role_and_org(rq, &role, &org, &p.e);
	if (rc == OK)
		rc = user_grant(rq->db, u->login, role, org, rq->actor.login, &p.e);
	return answer(rq, rs, u, &p, rc);
}

/* POST /admin/users/{login}/revoke: takes the role in org away
 * (ACT_MANAGE_USERS, CSRF); nobody takes their own admin role. */
int page_user_revoke(struct request *rq, struct response *rs)
{
	struct user *u;
	if (target_user(rq, rs, &u) != OK)
		return rs->status;
	struct problem p = {"revoke", ERR_INIT, NULL, NULL};
	enum role role = ROLE_READER;
	int64_t org = 0;
	int rc;
	if (role_parse(form_get(rq->form, "role"), &role) != OK ||
	    !parse_org(form_get(rq->form, "org"), &org))
		rc = err_set(&p.e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	else
		rc = user_revoke(rq->db, u->login, role, org, rq->actor.login, &p.e);
	return answer(rq, rs, u, &p, rc);
}

static int set_disabled(struct request *rq, struct response *rs, bool disabled)
{
	struct user *u;
	if (target_user(rq, rs, &u) != OK)
		return rs->status;
	struct problem p = {"state", ERR_INIT, NULL, NULL};
	int rc = user_set_disabled(rq->db, u->login, disabled, rq->actor.login, &p.e);
	return answer(rq, rs, u, &p, rc);
}

/* POST /admin/users/{login}/disable: no more signing in; ends the user's
 * sessions (ACT_MANAGE_USERS, CSRF); nobody disables themselves. */
int page_user_disable(struct request *rq, struct response *rs)
{
	return set_disabled(rq, rs, true);
}

/* POST /admin/users/{login}/enable: may sign in again (ACT_MANAGE_USERS,
 * CSRF). */
int page_user_enable(struct request *rq, struct response *rs)
{
	return set_disabled(rq, rs, false);
}

/* POST /admin/users/{login}/password: sets a new password, which ends the
 * user's sessions (ACT_MANAGE_USERS, CSRF). Your own too: then sign in
 * again. */
int page_user_password(struct request *rq, struct response *rs)
{
	struct user *u;
	if (target_user(rq, rs, &u) != OK)
		return rs->status;
	struct problem p = {"pw", ERR_INIT, NULL, NULL};
	const char *password = form_get(rq->form, "password"), *again = form_get(rq->form, "password2");
	int rc;
	if (!password || !again)
		rc = err_set(&p.e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	else if (strcmp(password, again) != 0)
		rc = err_set(&p.e, ERR_INPUT, "password2", _("The two passwords differ."));
	else
		rc = user_set_password(rq->db, u->login, password, rq->actor.login, &p.e);
	if (rc == OK && rq->actor.login && strcmp(u->login, rq->actor.login) == 0)
		return page_done(rq, rs, "/login"); /* this session has ended too */
	return answer(rq, rs, u, &p, rc);
}
