/*
 * page_setup.c: the first run. While the database has no user at all,
 * `samspel serve` prints a single-use link /setup/TOKEN on its console
 * (model/setup.h); whoever opens it creates the first admin account here
 * and is signed in as it.
 *
 * Everything else under /setup/ answers 404: a wrong, expired or spent
 * token, and any token once a user exists. The token in the address is the
 * form's protection against other sites (there is no session yet to tie a
 * CSRF token to, and no other site can know the address); the account is
 * made in one transaction that fails if any user exists, so two browsers at
 * once cannot both make one.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/session.h"
#include "model/setup.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"

#include <string.h>

/* OK when the route's token may still make the first admin; otherwise rs
 * is filled (404, or 503 when the database does not answer) and ERR. */
static int still_open(struct request *rq, struct response *rs, const char **token)
{
	struct err e = ERR_INIT;
	*token = request_param(rq, "token");
	int any = user_any(rq->db, &e);
	if (any < 0) {
		page_error(rq, rs, 503, NULL);
		return ERR;
	}
	if (any || !setup_token_valid(*token)) {
		page_error(rq, rs, 404, NULL);
		return ERR;
	}
	return OK;
}

static void field(struct html *h, const char *name, const char *type, const char *label,
		  const char *value, const char *autocomplete, const struct err *e)
{
	bool bad = e && strcmp(e->field, name) == 0;
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s</label>", bad ? " invalid" : "",
		    name, label);
	if (bad)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", name, e->msg);
	html_printf(h, "<input id=\"%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" required",
		    name, name, type, autocomplete);
	if (strcmp(type, "password") != 0) /* a password is never written back */
		html_printf(h, " value=\"%s\"", value ? value : "");
	if (bad)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
	html_lit(h, "></div>");
}

static int setup_form(struct request *rq, struct response *rs, const char *token,
		      const char *login, const char *name, const struct err *e, int status)
{
	static const char *const fields[] = {"login", "name", "password", "password2"};
	bool general = e != NULL;
	for (size_t i = 0; e && i < sizeof fields / sizeof *fields; i++)
		if (strcmp(e->field, fields[i]) == 0)
			general = false;
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Create the first administrator"));
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p>%s</p>",
		    _("Create the first administrator"),
		    _("There are no users yet. The account you make here may do everything, including adding the other users. This address works once."));
	if (general)
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
	html_printf(&h, "<form method=\"post\" action=\"/setup/%s\">", token);
	field(&h, "login", "text", _("User name"), login, "username", e);
	field(&h, "name", "text", _("Full name"), name, "name", e);
	field(&h, "password", "password", _("Password (at least 12 characters)"), NULL,
	      "new-password", e);
	field(&h, "password2", "password", _("The same password again"), NULL, "new-password", e);
	html_printf(&h, "<button type=\"submit\">%s</button></form></article>",
		    _("Create the account"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /setup/{token}: the form for the first admin (anyone with the link
 * printed by `samspel serve`, while there is no user). */
int page_setup(struct request *rq, struct response *rs)
{
	const char *token;
	if (still_open(rq, rs, &token) != OK)
		return rs->status;
	return setup_form(rq, rs, token, NULL, NULL, NULL, 200);
}

/* POST /setup/{token}: makes the first admin, spends the token and signs
 * the new admin in (the token in the address instead of CSRF). */
int page_setup_post(struct request *rq, struct response *rs)
{
	const char *token;
	if (still_open(rq, rs, &token) != OK)
		return rs->status;
	const struct form *f = rq->form;
	const char *login = form_get(f, "login"), *name = form_get(f, "name");
	const char *password = form_get(f, "password"), *again = form_get(f, "password2");
	struct err e = ERR_INIT;
	int64_t id = 0;
	int rc = OK;
	if (!login || !name || !password || !again)
		rc = err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	else if (strcmp(password, again) != 0)
		rc = err_set(&e, ERR_INPUT, "password2", _("The two passwords differ."));
	else
		rc = user_add_first_admin(rq->db, login, name, password, "setup", &id, &e);
	if (rc != OK) {
		if (e.kind == ERR_INPUT)
			return setup_form(rq, rs, token, login, name, &e, 400);
		/* Someone else was first. */
		return page_error(rq, rs, e.kind == ERR_CONFLICT ? 404 : 500, NULL);
	}
	setup_token_spend(token);
	struct user *u;
	char session[SECRET_TOKEN_LEN + 1];
	if (user_load(rq->db, &rq->arena, id, &u, &e) != OK ||
	    session_create(rq->db, id, rq->client_ip, rq->config->session_max, session, &e) != OK) {
		/* The account exists; signing in by hand still works. */
		return page_done(rq, rs, "/login");
	}
	log_event(LOG_INFO, "setup_admin_created", "user", u->login, "ip", rq->client_ip, (char *)0);
	response_header(rs, "Set-Cookie", auth_session_cookie(rq, session));
	return page_done(rq, rs, "/admin/users");
}
