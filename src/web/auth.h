/*
 * auth: who is asking and whether they may. Identifies the actor of a
 * request from its API token or session cookie, checks CSRF tokens, and is
 * the single gate the handlers go through (auth_require), which asks
 * perm_allows and turns a refusal into the right answer and a log line.
 */
#ifndef SAMSPEL_WEB_AUTH_H
#define SAMSPEL_WEB_AUTH_H

#include "model/perm.h"

#include <stdbool.h>

struct request;
struct response;

#define SESSION_COOKIE "samspel_session"
#define LOGIN_COOKIE "samspel_login"

/* Sets rq->actor from "Authorization: Bearer" or the session cookie.
 * Returns OK, or ERR with rs filled (401 for a bad token, 503). */
int auth_identify(struct request *rq, struct response *rs);
/* True when the state-changing request rq carries the right CSRF token
 * (form field "csrf" - of an urlencoded form, or a plain field of a
 * multipart upload, which server.c puts in rq->form alike - or header
 * X-CSRF-Token), or came with an API token. */
bool auth_csrf_ok(struct request *rq);
/* OK when rq's actor may do act on t. Otherwise fills rs - 404 for a plan
 * the actor may not see (its existence is not given away), a redirect to
 * the login page for the public, 403 for the signed-in - logs the refusal,
 * and returns ERR. */
int auth_require(struct request *rq, struct response *rs, enum action act,
		 const struct perm_target *t);
/* Answers with a redirect to the sign-in page, coming back to rq's path. */
void auth_to_login(struct request *rq, struct response *rs);
/* Logs a refusal (event=permission_denied). */
void auth_log_denied(const struct request *rq, const char *what);
/* The Set-Cookie value for the session token (or clearing it when token is
 * NULL), in rq's arena. */
const char *auth_session_cookie(struct request *rq, const char *token);

#endif
