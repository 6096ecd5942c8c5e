/*
 * audit: the trail of every change (who, when, what, old and new), written
 * inside the transaction of the change itself so the two never disagree.
 */
#ifndef SAMSPEL_MODEL_AUDIT_H
#define SAMSPEL_MODEL_AUDIT_H

#include <stdint.h>

struct db;
struct err;

/* Appends an audit row; old_value and new_value may be NULL. Needs the
 * caller's transaction. */
int audit_in_tx(struct db *db, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *old_value,
		const char *new_value, struct err *e);

/* The id of the newest audit row (0 when none): since every change writes
 * one, this is the version of the data as a whole. Rendered pages are cached
 * under it. Returns ERR on failure. */
int audit_last_id(struct db *db, int64_t *id, struct err *e);

#endif
