/*
 * page_login.c: signing in and out.
 *
 * The sign-in form is protected against cross-site posting by a random
 * value in a cookie that the form must repeat (there is no session yet to
 * tie a token to). A wrong login name and a wrong password get the same
 * answer in the same time (an unknown name is checked against a dummy
 * hash); every failure is recorded, slowed, and after too many for one
 * account or one address within the window, sign-in is refused for a while.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/session.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* How long a failed attempt waits before it is answered. */
#define FAILURE_DELAY_US 250000
/* Password hashes at once (each takes 64 MiB and a core for a moment). */
#define MAX_HASHING 2

static sem_t hashing;
static char dummy_hash[SECRET_PWHASH_LEN];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	struct err e = ERR_INIT;
	sem_init(&hashing, 0, MAX_HASHING);
	if (secret_password_hash("not a password anyone has", dummy_hash, &e) != OK)
		dummy_hash[0] = '\0';
}

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
	html_printf(&h, "<button type=\"submit\">%s</button></form></article>", _("Sign in"));
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

/* Checks the password of login in constant work whether or not it exists. */
static bool verify(struct request *rq, const char *login, int64_t *id, const char **why)
{
	struct err e = ERR_INIT;
	const char *hash = NULL;
	bool disabled = false;
	int found = user_credentials(rq->db, &rq->arena, login, id, &hash, &disabled, &e);
	const char *password = form_get(rq->form, "password");
	if (!password || strlen(password) > PASSWORD_MAX_BYTES)
		password = "";
	sem_wait(&hashing);
	bool ok = secret_password_verify(found == 1 ? hash : dummy_hash, password);
	sem_post(&hashing);
	*why = found != 1 ? "unknown_user" : disabled ? "disabled" : !ok ? "wrong_password" : NULL;
	return found == 1 && ok && !disabled;
}

/* POST /login: signs in (anyone; the form's own cookie check). */
int page_login_post(struct request *rq, struct response *rs)
{
	pthread_once(&once, init_once);
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
	int by_login = 0, by_ip = 0;
	if (login_failures(rq->db, key, rq->client_ip, cfg->lockout_window, &by_login, &by_ip, &e) != OK)
		return page_error(rq, rs, 503, NULL);
	if (by_login >= cfg->lockout_attempts || by_ip >= cfg->lockout_ip_attempts) {
		log_event(LOG_WARN, "login_locked", "user", key, "ip", rq->client_ip,
			  "by", by_login >= cfg->lockout_attempts ? "account" : "address", (char *)0);
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
	int64_t id = 0;
	const char *why;
	if (!verify(rq, key, &id, &why)) {
		if (login_failure_record(rq->db, key, rq->client_ip, cfg->lockout_window, &e) != OK)
			return page_error(rq, rs, 503, NULL);
		log_event(LOG_WARN, "login_failed", "user", key, "ip", rq->client_ip, "reason", why,
			  (char *)0);
		usleep(FAILURE_DELAY_US);
		return login_form(rq, rs, login, next, _("Wrong user name or password."), 401);
	}
	char token[SECRET_TOKEN_LEN + 1];
	if (login_failure_clear(rq->db, key, &e) != OK ||
	    session_create(rq->db, id, rq->client_ip, cfg->session_max, token, &e) != OK)
		return page_error(rq, rs, 503, NULL);
	log_event(LOG_INFO, "login", "user", key, "ip", rq->client_ip, (char *)0);
	response_header(rs, "Set-Cookie", auth_session_cookie(rq, token));
	response_header(rs, "Set-Cookie", arena_printf(&rq->arena, "%s=; Path=/login; Max-Age=0",
							LOGIN_COOKIE));
	rs->status = 303;
	rs->cache = CACHE_NONE;
	response_header(rs, "Location", next);
	return 303;
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
