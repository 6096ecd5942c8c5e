/*
 * outbox: mail waiting to be sent (migration 015). A mail is queued in the
 * transaction of what causes it, under a key that names it, so it is
 * queued once however often that is decided again; a sender takes the due
 * ones, delivers them and marks each sent, or puts it back with a later
 * try (back-off), or gives up after OUTBOX_TRIES and marks it failed.
 */
#ifndef SAMSPEL_MODEL_OUTBOX_H
#define SAMSPEL_MODEL_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

#define OUTBOX_TRIES 8

/* Queues message (a whole RFC 5322 message) to to_addr inside the caller's
 * transaction; *queued is false when a mail with dedupe was queued before
 * (it is not queued again). */
int outbox_add_in_tx(struct db *db, const char *dedupe, const char *to_addr,
		     const char *to_name, const char *subject, const char *message,
		     bool *queued, struct err *e);

struct outbox_mail {
	int64_t id;
	const char *to_addr, *message;
	int attempts;
};
typedef struct {
	struct outbox_mail *items;
	size_t count, cap;
} outbox_list;
/* The queued mails due at now (ISO 8601 UTC), the oldest first, at most
 * limit (strings into arena). */
int outbox_due(struct db *db, struct arena *a, const char *now, int limit, outbox_list *out,
	       struct err *e);
/* Marks mail id sent at now. */
int outbox_sent(struct db *db, int64_t id, const char *now, struct err *e);
/* Records a failed try: the next one after a back-off (10 s, doubling),
 * or failed for good after OUTBOX_TRIES. */
int outbox_retry(struct db *db, int64_t id, int attempts, const char *error, struct err *e);

#endif
