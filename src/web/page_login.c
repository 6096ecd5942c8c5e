/*
 * page_login.c: signing in and out.
 *
 * The sign-in form is protected against cross-site posting by a random
 * value in a cookie that the form must repeat (there is no session yet to
 * tie a token to). A wrong login name and a wrong password get the same
 * answer in the same time (an unknown name is checked against a dummy
 * hash); every failure is recorded, slowed, and after too many for one
 * account or one address within the window, sign-in is refused for a while.
 *
 * No sign-in holds a web worker: the attempt is counted (and recorded as a
 * failure until the password proves right) in one transaction, then the
 * connection is suspended while the password is checked on the hashing
 * pool (web/hashpool.c), which also keeps a failure waiting before it is
 * answered; the handler runs again when the check is done and answers.
 * When the pool's queue is full the answer is 429 with Retry-After.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/hashpool.h"
#include "web/html.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/session.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"

#include <stdio.h>
#include <string.h>

/* How long a failed attempt waits before it is answered. */
#define FAILURE_DELAY_MS 250

/* A sign-in waiting for its password check (in the request's arena). */
struct signin {
	struct hashpool_job job;
	struct request *rq;
	const char *key;      /* the login, lower case */
	const char *login;    /* as typed */
	const char *next;
	int64_t user_id;
	int64_t attempt;      /* its login_failure row */
	bool found, disabled;
};

/* A local path to go to after signing in, or "/". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "/";
	return next;
}

static int login_form(struct request *rq, struct response *rs, const char *login,
		      const char *next, const char *message, int status)
{
	const char *pre = cookie_get(&rq->arena, request_header(rq, "Cookie"), LOGIN_COOKIE);
	if (!pre || strlen(pre) != SECRET_TOKEN_LEN) {
		char token[SECRET_TOKEN_LEN + 1];
		secret_token(token);
		pre = arena_strdup(&rq->arena, token);
		response_header(rs, "Set-Cookie",
				arena_printf(&rq->arena, "%s=%s; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict%s",
					     LOGIN_COOKIE, pre, rq->config->behind_tls ? "; Secure" : ""));
	}
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Sign in"));
	html_printf(&h, "<article class=\"form login\"><h1>%s</h1>", _("Sign in"));
	html_printf(&h, "<p>%s</p>", _("For the secretariat, contact people and others who work on the plans. Published plans can be read without signing in."));
	if (message)
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", message);
	html_printf(&h, "<form method=\"post\" action=\"/login\">"
			"<input type=\"hidden\" name=\"pre\" value=\"%s\">"
			"<input type=\"hidden\" name=\"next\" value=\"%s\">",
		    pre, safe_next(next));
	html_printf(&h, "<div class=\"field\"><label for=\"login\">%s</label>"
			"<input id=\"login\" name=\"login\" autocomplete=\"username\" value=\"%s\" required></div>",
		    _("User name"), login ? login : "");
	html_printf(&h, "<div class=\"field\"><label for=\"password\">%s</label>"
			"<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></div>",
		    _("Password"));
	html_printf(&h, "<button type=\"submit\">%s</button></form><p><a href=\"/login/forgot\">%s</a></p></article>",
		    _("Sign in"), _("Forgotten your password?"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /login: the sign-in form (anyone). */
int page_login(struct request *rq, struct response *rs)
{
	if (rq->actor.user_id && rq->session_token)
		return page_done(rq, rs, "/");
	return login_form(rq, rs, NULL, request_query(rq, "next"), NULL, 200);
}

/* Called by the hashing pool when the check is done: answer now. */
static void signin_wake(void *cls)
{
	struct signin *si = cls;
	request_resume(si->rq);
}

/* The second half of POST /login, once the password was checked. */
static int signin_finish(struct request *rq, struct response *rs, struct signin *si)
{
	struct err e = ERR_INIT;
	const struct server_config *cfg = rq->config;
	if (!si->job.checked) { /* the server is stopping */
		login_attempt_cancel(rq->db, si->attempt, &e);
		response_header(rs, "Retry-After", "5");
		return page_error(rq, rs, 503, NULL);
	}
	const char *why = !si->found ? "unknown_user" : si->disabled ? "disabled"
			  : !si->job.ok ? "wrong_password" : NULL;
	if (why) { /* recorded as a failure before the check, and slowed by the pool */
		log_event(LOG_WARN, "login_failed", "user", si->key, "ip", rq->client_ip,
			  "reason", why, (char *)0);
		return login_form(rq, rs, si->login, si->next, _("Wrong user name or password."), 401);
	}
	char token[SECRET_TOKEN_LEN + 1];
	if (login_failure_clear(rq->db, si->key, &e) != OK ||
	    session_create(rq->db, si->user_id, rq->client_ip, cfg->session_max, token, &e) != OK)
		return page_error(rq, rs, 503, NULL);
	log_event(LOG_INFO, "login", "user", si->key, "ip", rq->client_ip, (char *)0);
	response_header(rs, "Set-Cookie", auth_session_cookie(rq, token));
	response_header(rs, "Set-Cookie", arena_printf(&rq->arena, "%s=; Path=/login; Max-Age=0",
							LOGIN_COOKIE));
	rs->status = 303;
	rs->cache = CACHE_NONE;
	response_header(rs, "Location", si->next);
	return 303;
}

/* 429: too many password checks are waiting; this attempt was not tried. */
static int busy(struct request *rq, struct response *rs, const char *key, const char *login,
		const char *next)
{
	log_event(LOG_WARN, "login_busy", "user", key, "ip", rq->client_ip, (char *)0);
	response_header(rs, "Retry-After", arena_printf(&rq->arena, "%d", hashpool_retry_after()));
	return login_form(rq, rs, login, next,
			  _("Many are signing in right now. Try again in a moment."), 429);
}

/* login_attempt_begin's admit: a place in the hashing pool's queue. */
struct admission {
	const char *who;
	bool taken;
};

static bool admit(void *cls)
{
	struct admission *a = cls;
	a->taken = hashpool_reserve(a->who);
	return a->taken;
}

/* POST /login: signs in (anyone; the form's own cookie check). */
int page_login_post(struct request *rq, struct response *rs)
{
	struct signin *si = rq->pending;
	if (si) { /* called again after the check (request_resume) */
		rq->pending = NULL;
		return signin_finish(rq, rs, si);
	}
	const struct form *f = rq->form;
	const char *pre = cookie_get(&rq->arena, request_header(rq, "Cookie"), LOGIN_COOKIE);
	const char *sent = form_get(f, "pre");
	const char *login = form_get(f, "login");
	const char *next = safe_next(form_get(f, "next"));
	if (!pre || !sent || !secret_equal(pre, sent)) {
		auth_log_denied(rq, "login.csrf");
		return page_error(rq, rs, 403,
				  _("The sign-in form had expired or did not come from this site. Nothing was done. Open the sign-in page again."));
	}
	if (!login || !*login || strlen(login) > 200)
		return login_form(rq, rs, NULL, next, _("Wrong user name or password."), 401);
	char *key = arena_strdup(&rq->arena, login);
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);

	struct err e = ERR_INIT;
	const struct server_config *cfg = rq->config;
	if (hashpool_busy(rq->client_ip)) /* before any write: refusing costs next to nothing */
		return busy(rq, rs, key, login, next);
	int locked = 0;
	int64_t attempt = 0;
	/* The place for the password check is taken within the transaction
	 * that counts and records the attempt: no place, nothing written. */
	struct admission place = {rq->client_ip, false};
	if (login_attempt_begin(rq->db, key, rq->client_ip, cfg->lockout_window,
				cfg->lockout_attempts, cfg->lockout_ip_attempts, admit,
				&place, &locked, &attempt, &e) != OK) {
		if (place.taken)
			hashpool_unreserve(place.who);
		return page_error(rq, rs, 503, NULL);
	}
	if (locked == 3)
		return busy(rq, rs, key, login, next);
	if (locked) {
		log_event(LOG_WARN, "login_locked", "user", key, "ip", rq->client_ip,
			  "by", locked == 1 ? "account" : "address", (char *)0);
		response_header(rs, "Retry-After", arena_printf(&rq->arena, "%ld", cfg->lockout_window));
		long minutes = (cfg->lockout_window + 59) / 60;
		return login_form(rq, rs, login, next,
				  arena_printf(&rq->arena,
					       i18n_ngettext("Too many failed attempts. Sign-in is closed for %ld minute; try again then.",
							     "Too many failed attempts. Sign-in is closed for %ld minutes; try again then.",
							     (unsigned long)minutes),
					       minutes),
				  429);
	}
	si = arena_alloc(&rq->arena, sizeof *si);
	memset(si, 0, sizeof *si);
	const char *hash = NULL;
	int found = user_credentials(rq->db, &rq->arena, key, &si->user_id, &hash,
				     &si->disabled, &e);
	if (found == ERR) {
		login_attempt_cancel(rq->db, attempt, &e);
		hashpool_unreserve(place.who);
		return page_error(rq, rs, 503, NULL);
	}
	const char *password = form_get(f, "password");
	if (!password || strlen(password) > PASSWORD_MAX_BYTES)
		password = "";
	si->rq = rq;
	si->key = key;
	si->login = login;
	si->next = next;
	si->attempt = attempt;
	si->found = found == 1;
	si->job.hash = found == 1 ? hash : NULL;
	si->job.password = password;
	si->job.who = rq->client_ip;
	si->job.fail_delay_ms = FAILURE_DELAY_MS;
	si->job.wake = signin_wake;
	si->job.cls = si;
	rq->pending = si;
	request_suspend(rq); /* before the pool may wake it */
	hashpool_submit(&si->job);
	return 0;
}

/* POST /logout: ends the session (signed in, CSRF). */
int page_logout(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	if (rq->session_token && session_end(rq->db, rq->session_token, &e) != OK)
		return page_error(rq, rs, 503, NULL);
	if (rq->actor.login)
		log_event(LOG_INFO, "logout", "user", rq->actor.login, "ip", rq->client_ip, (char *)0);
	response_header(rs, "Set-Cookie", auth_session_cookie(rq, NULL));
	rs->status = 303;
	rs->cache = CACHE_NONE;
	response_header(rs, "Location", "/");
	return 303;
}
