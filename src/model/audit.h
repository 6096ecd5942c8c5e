/*
 * audit: the history of every change (who, when, what, which field, old and
 * new value), written inside the transaction of the change itself so the
 * two never disagree. A node's history page and "restore an earlier value"
 * read it back.
 */
#ifndef SAMSPEL_MODEL_AUDIT_H
#define SAMSPEL_MODEL_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* One row of the history. */
struct audit_row {
	int64_t id;
	const char *at;       /* ISO 8601 UTC */
	const char *actor;    /* a login, or "cli:USER" */
	const char *action;   /* "measure.update", "plan.import", ... */
	const char *entity;   /* "measure", "plan", ... */
	int64_t entity_id;
	const char *field;    /* the field changed, or NULL */
	const char *old_value, *new_value; /* NULL when none */
};

typedef struct {
	struct audit_row *items;
	size_t count, cap;
} audit_list;

/* Appends an audit row; old_value and new_value may be NULL. Needs the
 * caller's transaction. */
int audit_in_tx(struct db *db, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *old_value,
		const char *new_value, struct err *e);
/* The same for one field of a node of plan (0: none). */
int audit_field_in_tx(struct db *db, const char *actor, const char *action,
		      const char *entity, int64_t entity_id, int64_t plan,
		      const char *field, const char *old_value,
		      const char *new_value, struct err *e);

/* The id of the newest audit row (0 when none): since every change writes
 * one, this is the version of the data as a whole. Returns ERR on failure. */
int audit_last_id(struct db *db, int64_t *id, struct err *e);

/* The history of one node (entity, id), newest first, at most limit rows
 * (strings in arena). */
int audit_for_node(struct db *db, struct arena *a, const char *entity,
		   int64_t id, size_t limit, audit_list *out, struct err *e);
/* The history of everything in plan, newest first, at most limit rows. */
int audit_for_plan(struct db *db, struct arena *a, int64_t plan, size_t limit,
		   audit_list *out, struct err *e);
/* One row by id (ERR_NOT_FOUND when none). */
int audit_get(struct db *db, struct arena *a, int64_t id,
	      struct audit_row *out, struct err *e);

#endif
