/*
 * follow: a signed-in user follows a plan, a measure or a project and gets
 * a daily digest of what changed in it (formats/mail.h writes the mail).
 */
#ifndef SAMSPEL_MODEL_FOLLOW_H
#define SAMSPEL_MODEL_FOLLOW_H

#include "base/secret.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* kind is "plan", "measure" or "project". Following starts from now: the
 * first digest tells what changes after it. One transaction each. */
int follow_add(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e);
int follow_remove(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e);
/* 1 when user follows (kind, id), 0 when not, or ERR. */
int follow_is(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e);

/* One change for a digest: the history row, what it is about and where
 * it is shown. */
struct follow_change {
	int64_t audit_id;
	const char *at, *actor, *action, *entity, *field, *new_value, *href;
};
typedef struct {
	struct follow_change *items;
	size_t count, cap;
} follow_change_list;

/* The users due a digest today: following something, with an address, not
 * sent one today, with changes since their last one; then the confirmed
 * addresses following a published plan, the same way. */
struct follow_user {
	int64_t id;              /* the user, or 0 for an address */
	int64_t address_id;      /* an address following a plan (follow_address), or 0 */
	int64_t plan_id;         /* the address's plan */
	const char *login, *name, *email, *lang;
	int64_t last_audit_id;
};
typedef struct {
	struct follow_user *items;
	size_t count, cap;
} follow_user_list;
int follow_due(struct db *db, struct arena *a, const char *today, follow_user_list *out,
	       struct err *e);
/* The newest history row's id (0 when there is none). */
int follow_latest(struct db *db, int64_t *id, struct err *e);
/* The changes by others in what user u follows, newer than
 * u->last_audit_id and not newer than upto (at most limit, the oldest
 * first). */
int follow_changes(struct db *db, struct arena *a, const struct follow_user *u, int64_t upto,
		   int limit, follow_change_list *out, struct err *e);
/* Nothing of u's was among the rows up to upto: look no further back
 * than that next time. */
int follow_skip(struct db *db, const struct follow_user *u, int64_t upto, struct err *e);
/* After a digest is queued (in its transaction): told up to last, sent
 * today, and token (the one in its unsubscribe link) kept as a hash. */
int follow_digested_in_tx(struct db *db, const struct follow_user *u, int64_t last,
			  const char *today, const char *token, struct err *e);
/* Ends every follow of the user, or the address's following, whose
 * digest carried token; 1 when it did, 0 when the token is unknown. */
int follow_unsubscribe(struct db *db, const char *token, struct err *e);

/* --- following a published plan by e-mail, without a user --- */

/* Asks for email (lang "nn", "nb" or "en") to follow plan, inside the
 * caller's transaction: *token gets the confirmation link's token when a
 * confirmation is to be sent (a new address, or one not confirmed yet and
 * not asked for today); *token is "" otherwise. ERR_INPUT when email is
 * no address. */
int follow_address_ask_in_tx(struct db *db, int64_t plan, const char *email, const char *lang,
			     char token[SECRET_TOKEN_LEN + 1], struct err *e);
/* Confirms the address whose confirmation carried token: its digests
 * start from now. 1 when it did (or had), 0 when the token is unknown. */
int follow_address_confirm(struct db *db, const char *token, struct err *e);
/* Whether token is a confirmation still to be used (1) or not (0). */
int follow_address_pending(struct db *db, const char *token, struct err *e);

#endif
