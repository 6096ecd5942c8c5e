/*
 * page_password.c: a forgotten password and the single-use links to choose
 * one (model/password_link.h, the mail in formats/mail.h).
 *
 *   GET/POST /login/forgot       an address; the answer is the same whether
 *                                an account has it or not
 *   GET/POST /password/{token}   choose the password (the token in the
 *                                address stands in for CSRF, as on /setup)
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/mailer.h"
#include "web/pages.h"
#include "web/server.h"
#include "formats/mail.h"
#include "model/password_link.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "db/db.h"

#include <string.h>

static int page(struct request *rq, struct response *rs, const char *title, const char *text,
		int status)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p role=\"status\">%s</p>"
		       "<p><a href=\"/login\">%s</a></p></article>",
		    title, text, _("Sign in"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /login/forgot */
int page_forgot(struct request *rq, struct response *rs)
{
	struct html h = HTML_INIT;
	const char *title = _("Forgotten password");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p>%s</p>"
		       "<form method=\"post\" action=\"/login/forgot\">"
		       "<div class=\"field\"><label for=\"email\">%s</label>"
		       "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required></div>"
		       "<button type=\"submit\">%s</button></form></article>",
		    title, _("Write the e-mail address of your user. A link to choose a new password is sent there."),
		    _("E-mail address"), _("Send the link"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = CACHE_NONE;
	return 200;
}

/* POST /login/forgot: a link to the address if an active user has it;
 * the same answer either way, so the page tells nobody which addresses
 * have accounts. */
int page_forgot_post(struct request *rq, struct response *rs)
{
	const char *email = form_get(rq->form, "email");
	const struct mailer_config *mail = rq->config->mail;
	const char *title = _("Forgotten password");
	if (!mail)
		return page(rq, rs, title,
			    _("This server sends no mail. Ask an administrator to set a new password for you."),
			    200);
	struct link_user u;
	struct err e = ERR_INIT;
	int found = email && *email ? password_link_user_by_email(rq->db, &rq->arena, email, &u, &e) : 0;
	if (found == 1) {
		int rc = db_begin(rq->db, &e);
		if (rc == OK && mail_password_link_in_tx(rq->db, mail->mail.base_url, &u, "reset", &e) == OK)
			rc = db_commit(rq->db, &e);
		else if (rc == OK)
			rc = (db_rollback(rq->db), ERR);
		if (rc != OK)
			log_event(LOG_ERROR, "password_link", "message", e.msg, (char *)0);
		else
			log_event(LOG_INFO, "password_link_sent", "user", u.login, "ip", rq->client_ip,
				  (char *)0);
	}
	return page(rq, rs, title,
		    _("If an account has this address, a mail with a link to choose a new password is on its way. The link works for an hour."),
		    200);
}

static int choose_form(struct request *rq, struct response *rs, const char *token,
		       const struct err *e, int status)
{
	struct html h = HTML_INIT;
	const char *title = _("Choose your password");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1>", title);
	if (e)
		html_printf(&h, "<p class=\"error\" role=\"alert\" id=\"password-error\">%s</p>", e->msg);
	html_printf(&h, "<form method=\"post\" action=\"/password/%s\">"
		       "<div class=\"field\"><label for=\"password\">%s</label>"
		       "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required",
		    token, _("Password (at least 12 characters)"));
	if (e)
		html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"password-error\"");
	html_printf(&h, "></div><div class=\"field\"><label for=\"password2\">%s</label>"
		       "<input id=\"password2\" name=\"password2\" type=\"password\" autocomplete=\"new-password\" required>"
		       "</div><button type=\"submit\">%s</button></form></article>",
		    _("The same password again"), _("Save the password"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

static int gone(struct request *rq, struct response *rs)
{
	return page(rq, rs, _("Choose your password"),
		    _("This link does not work any more: it has been used, or it has expired. Ask for a new one."),
		    404);
}

/* GET /password/{token} */
int page_password(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	const char *token = request_param(rq, "token");
	int open = password_link_open(rq->db, token, &e);
	if (open == ERR)
		return page_error_from(rq, rs, &e);
	return open ? choose_form(rq, rs, token, NULL, 200) : gone(rq, rs);
}

/* POST /password/{token}: password, password2. */
int page_password_post(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	const char *token = request_param(rq, "token");
	const char *password = form_get(rq->form, "password"), *again = form_get(rq->form, "password2");
	const char *login = NULL;
	if (!password || !again || strcmp(password, again) != 0) {
		err_set(&e, ERR_INPUT, "password2", _("The two passwords differ."));
		return password_link_open(rq->db, token, &e) == 1 ? choose_form(rq, rs, token, &e, 400)
								    : gone(rq, rs);
	}
	if (password_link_use(rq->db, &rq->arena, token, password, &login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return choose_form(rq, rs, token, &e, 400);
		return e.kind == ERR_NOT_FOUND ? gone(rq, rs) : page_error_from(rq, rs, &e);
	}
	log_event(LOG_INFO, "password_chosen", "user", login, "ip", rq->client_ip, (char *)0);
	return page(rq, rs, _("Choose your password"),
		    _("Your password is saved. Sign in with your user name and the new password."), 200);
}
