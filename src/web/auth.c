/* auth.c: identifying the actor and guarding actions (see auth.h). */
#include "web/auth.h"
#include "web/form.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/session.h"
#include "model/user.h"
#include "base/err.h"
#include "base/log.h"
#include "base/secret.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void set_actor(struct request *rq, const struct user *u)
{
	rq->actor.user_id = u->id;
	rq->actor.login = u->login;
	rq->actor.name = u->name;
	rq->actor.grants = u->grants.items;
	rq->actor.ngrants = u->grants.count;
}

static int bearer(struct request *rq, struct response *rs, const char *token)
{
	struct err e = ERR_INIT;
	int64_t user_id, token_id;
	int found = token_find(rq->db, token, &user_id, &token_id, &e);
	struct user *u = NULL;
	if (found == 1 && user_load(rq->db, &rq->arena, user_id, &u, &e) != OK)
		found = ERR;
	if (found == ERR) {
		page_error(rq, rs, 503, NULL);
		return ERR;
	}
	if (!found) {
		log_event(LOG_WARN, "token_refused", "ip", rq->client_ip, "path", rq->path, (char *)0);
		page_error(rq, rs, 401, NULL);
		response_header(rs, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		return ERR;
	}
	set_actor(rq, u);
	rq->actor.token_id = token_id;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)token_id);
	log_event(LOG_INFO, "token_used", "user", u->login, "token_id", id, "ip", rq->client_ip,
		  "method", rq->method, "path", rq->path, (char *)0);
	return OK;
}

int auth_identify(struct request *rq, struct response *rs)
{
	memset(&rq->actor, 0, sizeof rq->actor);
	const char *authz = request_header(rq, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0)
		return bearer(rq, rs, authz + 7);
	const char *token = cookie_get(&rq->arena, request_header(rq, "Cookie"), SESSION_COOKIE);
	if (!token)
		return OK;
	struct err e = ERR_INIT;
	struct session s;
	struct user *u = NULL;
	int found = session_find(rq->db, &rq->arena, token, rq->config->session_idle, &s, &e);
	if (found == 1 && user_load(rq->db, &rq->arena, s.user_id, &u, &e) != OK)
		found = ERR;
	if (found == ERR) {
		page_error(rq, rs, 503, NULL);
		return ERR;
	}
	if (found == 1) {
		set_actor(rq, u);
		rq->actor.csrf = s.csrf;
		rq->session_token = token;
	}
	return OK;
}

bool auth_csrf_ok(struct request *rq)
{
	if (rq->actor.token_id)
		return true; /* a bearer token is not sent by browsers on their own */
	if (!rq->actor.csrf)
		return false;
	const char *sent = request_header(rq, "X-CSRF-Token");
	if (!sent && rq->form)
		sent = form_get(rq->form, "csrf");
	return sent && secret_equal(sent, rq->actor.csrf);
}

void auth_log_denied(const struct request *rq, const char *what)
{
	log_event(LOG_WARN, "permission_denied", "user",
		  rq->actor.login ? rq->actor.login : "-", "what", what, "ip", rq->client_ip,
		  "method", rq->method, "path", rq->path, (char *)0);
}

int auth_require(struct request *rq, struct response *rs, enum action act,
		 const struct perm_target *t)
{
	if (perm_allows(&rq->actor, act, t))
		return OK;
	auth_log_denied(rq, perm_action_code(act));
	if (act == ACT_READ_PLAN || !perm_allows(&rq->actor, ACT_READ_PLAN, t)) {
		page_error(rq, rs, 404, NULL);
	} else if (rq->actor.user_id == 0 && strcmp(rq->method, "GET") == 0) {
		auth_to_login(rq, rs);
	} else {
		page_error(rq, rs, 403, NULL);
	}
	return ERR;
}

void auth_to_login(struct request *rq, struct response *rs)
{
	struct buf next = BUF_INIT;
	buf_adds(&next, "/login?next=");
	buf_add_url(&next, rq->path, strlen(rq->path));
	rs->status = 303;
	rs->cache = CACHE_NONE;
	response_header(rs, "Location", arena_strdup(&rq->arena, next.data));
	buf_release(&next);
}

const char *auth_session_cookie(struct request *rq, const char *token)
{
	const char *secure = rq->config->behind_tls ? "; Secure" : "";
	if (!token)
		return arena_printf(&rq->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
				    SESSION_COOKIE, secure);
	return arena_printf(&rq->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
			    SESSION_COOKIE, token, rq->config->session_max, secure);
}
