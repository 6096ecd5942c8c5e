/*
 * password_link: single-use links to choose a password - an invitation
 * (a new user), or a forgotten password. The token is shown once (in the
 * mail); only its hash is stored; a link expires, and its first use spends
 * it and every other open link of the user.
 */
#ifndef SAMSPEL_MODEL_PASSWORD_LINK_H
#define SAMSPEL_MODEL_PASSWORD_LINK_H

#include "base/secret.h"

#include <stdint.h>

struct arena;
struct db;
struct err;

#define PASSWORD_LINK_RESET_TTL 3600        /* a forgotten password: an hour */
#define PASSWORD_LINK_INVITE_TTL (7 * 86400) /* an invitation: a week */

/* Who is behind an address: the user's id, login, name and language when
 * an active user has it (returns 1), 0 when none, or ERR. Strings into a. */
struct link_user {
	int64_t id;
	const char *login, *name, *email, *lang;
};
int password_link_user_by_email(struct db *db, struct arena *a, const char *email,
				struct link_user *out, struct err *e);
int password_link_user(struct db *db, struct arena *a, int64_t id, struct link_user *out,
		       struct err *e);

/* A new link for user, for purpose "invite" or "reset", valid ttl seconds,
 * inside the caller's transaction; token gets what goes in the mail. */
int password_link_new_in_tx(struct db *db, int64_t user, const char *purpose, long ttl,
			    char token[SECRET_TOKEN_LEN + 1], int64_t *id, struct err *e);
/* Whether token is an open link (1), or not (0: unknown, used, expired). */
int password_link_open(struct db *db, const char *token, struct err *e);
/* Spends token and sets the user's password to password, one transaction:
 * the user's sessions end, every open link of theirs is spent, a history
 * row is written. ERR_NOT_FOUND when the link is not open; ERR_INPUT when
 * the password will not do. *login (arena) gets whose it was. */
int password_link_use(struct db *db, struct arena *a, const char *token, const char *password,
		      const char **login, struct err *e);

#endif
