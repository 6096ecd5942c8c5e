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

#endif
