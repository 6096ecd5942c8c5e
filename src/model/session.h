/*
 * session: who is signed in. Browser sessions and API tokens are random
 * tokens of which only a hash is stored; failed logins are recorded so that
 * guessing can be slowed and stopped. Sessions live in the database, so they
 * survive a restart and several servers can share them.
 */
#ifndef SAMSPEL_MODEL_SESSION_H
#define SAMSPEL_MODEL_SESSION_H

#include "base/secret.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct session {
	int64_t id;
	int64_t user_id;
	const char *csrf; /* the token state-changing forms must carry */
};

/* Starts a session for user that ends after max_age seconds at the latest.
 * token gets the secret for the cookie; csrf the form token. */
int session_create(struct db *db, int64_t user_id, const char *ip, long max_age,
		   char token[SECRET_TOKEN_LEN + 1], struct err *e);
/* Finds the live session of token: not past its absolute end, and seen
 * within idle seconds (then marked seen now). Returns 1 found, 0 not (an
 * expired one is deleted), ERR. */
int session_find(struct db *db, struct arena *a, const char *token, long idle,
		 struct session *out, struct err *e);
/* Ends the session of token (signing out). */
int session_end(struct db *db, const char *token, struct err *e);

struct api_token {
	int64_t id;
	const char *name, *prefix, *created_at, *last_used_at, *revoked_at;
};

typedef struct {
	struct api_token *items;
	size_t count, cap;
} api_token_list;

#define API_TOKEN_PREFIX "sst_"
#define API_TOKEN_LEN (sizeof API_TOKEN_PREFIX - 1 + SECRET_TOKEN_LEN)

/* Creates an API token for login named name; token gets the secret (shown
 * once). One transaction with its audit row. */
int token_create(struct db *db, const char *login, const char *name,
		 const char *actor, int64_t *id, char token[API_TOKEN_LEN + 1],
		 struct err *e);
/* The user and token id of a live (not revoked, user not disabled) token;
 * its last use is recorded when the stored one is a minute old or more.
 * Returns 1 found, 0 not, ERR. */
int token_find(struct db *db, const char *token, int64_t *user_id,
	       int64_t *token_id, struct err *e);
int token_revoke(struct db *db, int64_t id, const char *actor, struct err *e);
int token_list(struct db *db, struct arena *a, const char *login,
	       api_token_list *out, struct err *e);

/* Starts a sign-in attempt for login from ip: in one transaction, counts
 * the failures within the last window seconds for the account and for the
 * address and, unless either has reached its limit (max_login, max_ip) or
 * admit(cls) (when given) says no, records this attempt as a failure (its
 * row id into *attempt) before any password is checked. The write lock
 * serialises concurrent attempts, so of N at once against a limit of L
 * exactly L are let through. *locked: 0 let through, 1 the account is
 * locked, 2 the address, 3 admit said no (nothing is written then). */
int login_attempt_begin(struct db *db, const char *login, const char *ip,
			long window, int max_login, int max_ip,
			bool (*admit)(void *cls), void *cls, int *locked,
			int64_t *attempt, struct err *e);
/* Forgets an attempt whose password was never checked (the server was busy). */
int login_attempt_cancel(struct db *db, int64_t attempt, struct err *e);
/* A successful login forgets the account's failures. */
int login_failure_clear(struct db *db, const char *login, struct err *e);

#endif
