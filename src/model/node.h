/*
 * node: the one way a stored object is changed. Every kind of node (plan,
 * area, goal, focus, strategy, measure, budget line, section, entry,
 * organisation, report) is described once, as data: its table, its parent,
 * and its fields with their types. Four operations work on every kind:
 *
 *   node_create  add a node under a parent, at a position among its siblings
 *   node_update  change the fields named in a patch (others are untouched)
 *   node_move    up, down, or under another parent of the same plan
 *   node_delete  remove a node (with what hangs below it)
 *
 * Each is one transaction: the change, one history row per changed field
 * (old and new value, who, when; model/audit.h), and a raise of the plan's
 * data version (the page cache keys on it). A write names the version it
 * started from; when the node has moved on since, nothing changes and the
 * answer is ERR_CONFLICT. That is decided from the row count of
 * `UPDATE … WHERE id = :id AND version = :v`, so it holds on any database.
 *
 * Kind-specific meaning (a measure's period parsed from its text, an
 * organisation's fold key, a measure's links) lives in the kind's own model
 * file, which calls the _in_tx forms below inside its own transaction.
 */
#ifndef SAMSPEL_MODEL_NODE_H
#define SAMSPEL_MODEL_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

enum node_kind {
	NODE_PLAN,
	NODE_AREA,
	NODE_GOAL,
	NODE_FOCUS,
	NODE_STRATEGY,
	NODE_MEASURE,
	NODE_BUDGET,
	NODE_SECTION,
	NODE_ENTRY,
	NODE_ORG,
	NODE_REPORT,
	/* What a council keeps beside its plans (model/record.h): not part
	 * of a plan; a root names the council that keeps it. */
	NODE_MANDATE,    /* a point of a group's mandate */
	NODE_PERSON,     /* a person in a group */
	NODE_ROLE,       /* a role of the cooperation, with its duties */
	NODE_PROGRAMME,
	NODE_PHASE,      /* of a programme */
	NODE_PROJECT,
	NODE_PROJECT_ROLE, /* the project organisation, a programme project's parties */
	NODE_POINT,      /* a project's goal, theme or result */
	NODE_GRANT,
	NODE_MEETING,
	NODE_ITEM,       /* an agenda item */
	NODE_DECISION,
	NODE_FOLLOWUP,
	NODE_INDICATOR,
	NODE_PROJECTION,
	NODE_VALUE,      /* an indicator's value for a period */
	NODE_PROJECT_REPORT, /* a status report on a project */
	NODE_ROUND,      /* a reporting round on a plan (model/round.h) */
	NODE_DATE,       /* a date of the plan's year (decided, to the council) */
	NODE_KIND_COUNT
};

enum field_type {
	FIELD_TEXT, /* UTF-8 text, at most NODE_TEXT_MAX bytes */
	FIELD_INT,  /* a whole number (kroner, a year, an id) */
	FIELD_DATE, /* YYYY-MM-DD */
	FIELD_CODE, /* one of the field's codes */
	FIELD_DECIMAL, /* a decimal number kept as written ("15071", "-2.5") */
};

enum {
	F_REQUIRED = 1, /* may not be empty or blank */
	F_INTERNAL = 2, /* set by the model only, never from a form or the API */
	F_NULLABLE = 4, /* an empty text is stored as NULL */
	F_NOHISTORY = 8, /* bookkeeping (a timestamp): no history row of its own */
};

#define NODE_TEXT_MAX 20000
#define PATCH_MAX 24

struct node_field {
	const char *name;   /* in forms, the JSON API and the history */
	const char *column; /* in the table */
	enum field_type type;
	unsigned flags;
	const char *const *codes; /* FIELD_CODE: the allowed values, NULL-ended */
	const char *refs;         /* FIELD_INT naming a row: its table ("org") */
};

struct node_kind_info {
	const char *code;          /* "measure": the history's entity, the API's */
	const char *table;
	const char *parent_column; /* "strategy_id"; NULL for plan and org */
	enum node_kind parent;     /* meaningful when parent_column is set */
	const struct node_field *fields;
	size_t nfields;
	bool ordered;              /* kept in order among its siblings (position) */
};

/* A set of field values to write. A value of NULL stores SQL NULL; a field
 * not in the patch is not touched. Strings are the caller's (not copied). */
struct patch {
	size_t count;
	struct {
		const char *field;
		const char *value;
	} items[PATCH_MAX];
};

const struct node_kind_info *node_info(enum node_kind k);
/* "measure" -> NODE_MEASURE; ERR when unknown. */
int node_kind_parse(const char *code, enum node_kind *k);
/* The field called name of kind k, or NULL. */
const struct node_field *node_field(enum node_kind k, const char *name);

/* Sets field to value in p (replacing an earlier value for it). */
void patch_set(struct patch *p, const char *field, const char *value);
/* The value for field; *present tells whether the patch names it. */
const char *patch_get(const struct patch *p, const char *field, bool *present);
/* Checks every value of p against the fields of k: known, of the right
 * type; unless allow_internal (the model's own callers), not internal and
 * required ones not blank. On ERR, e names the field at fault. */
int patch_check(enum node_kind k, const struct patch *p, bool allow_internal,
		struct err *e);

/* --- reading --- */

/* A node as stored: every field of its kind, in the order of the kind's
 * fields (NULL for SQL NULL), with where it sits. */
struct node_values {
	enum node_kind kind;
	int64_t id, version;
	int64_t plan;   /* the plan it belongs to; 0 for an organisation */
	int64_t parent; /* 0 for plan and org */
	int position;   /* among its siblings; 0 when unordered */
	const char *values[PATCH_MAX];
};

/* Loads node (k, id) into arena; ERR_NOT_FOUND when there is none. */
int node_load(struct db *db, struct arena *a, enum node_kind k, int64_t id,
	      struct node_values *out, struct err *e);
/* The value of field name in v (NULL when NULL or unknown). */
const char *node_value(const struct node_values *v, const char *name);
/* The version of every node of kind k in plan: pairs (id, version) sorted
 * by id, into arena; node_version_in finds one (0 when absent). */
struct node_version_pair {
	int64_t id, version;
};
typedef struct {
	struct node_version_pair *items;
	size_t count, cap;
} node_version_list;
int node_versions_in_plan(struct db *db, struct arena *a, enum node_kind k,
			  int64_t plan, node_version_list *out, struct err *e);
int64_t node_version_in(const node_version_list *l, int64_t id);
/* The ids of the children of kind child under parent, in order (into
 * arena). */
int node_children(struct db *db, struct arena *a, enum node_kind child,
		  int64_t parent, int64_t **ids, size_t *count, struct err *e);

/* The version of node (k, id); ERR_NOT_FOUND when there is none. */
int node_version(struct db *db, enum node_kind k, int64_t id,
		 int64_t *version, struct err *e);
/* The plan node (k, id) belongs to (0 for an organisation). */
int node_plan_of(struct db *db, enum node_kind k, int64_t id, int64_t *plan,
		 struct err *e);
/* The current value of one field (into arena; NULL for SQL NULL). */
int node_get_field(struct db *db, struct arena *a, enum node_kind k,
		   int64_t id, const char *field, const char **value,
		   struct err *e);

/* --- writing: each is one transaction --- */

int node_update(struct db *db, enum node_kind k, int64_t id,
		int64_t expected_version, const struct patch *p,
		const char *actor, struct err *e);
/* Creates a node under parent (0 for plan and org) at position (1-based;
 * 0 or past the end: last). *id gets the new id. */
int node_create(struct db *db, enum node_kind k, int64_t parent,
		int position, const struct patch *p, const char *actor,
		int64_t *id, struct err *e);
/* Moves node to position (1-based; 0: last) under new_parent (0: the same
 * parent), which must belong to the same plan. */
int node_move(struct db *db, enum node_kind k, int64_t id,
	      int64_t expected_version, int64_t new_parent, int position,
	      const char *actor, struct err *e);
/* Deletes the node and everything below it. The history keeps its last
 * values. */
int node_delete(struct db *db, enum node_kind k, int64_t id,
		int64_t expected_version, const char *actor, struct err *e);

/* --- the same inside the caller's transaction --- */

/* Checks p (internal fields allowed), updates, writes the history and
 * raises the plan's data version. *new_version (may be NULL) gets the
 * node's new version. */
int node_update_in_tx(struct db *db, enum node_kind k, int64_t id,
		      int64_t expected_version, const struct patch *p,
		      const char *actor, int64_t *new_version, struct err *e);
int node_create_in_tx(struct db *db, enum node_kind k, int64_t parent,
		      int position, const struct patch *p, const char *actor,
		      int64_t *id, struct err *e);
int node_move_in_tx(struct db *db, enum node_kind k, int64_t id,
		    int64_t expected_version, int64_t new_parent, int position,
		    const char *actor, struct err *e);
int node_delete_in_tx(struct db *db, enum node_kind k, int64_t id,
		      int64_t expected_version, const char *actor,
		      struct err *e);
/* Sets a measure's current state, progress and last report date from its
 * reports (the latest by date, then by when written). Leaves its version. */
int measure_refresh_state_in_tx(struct db *db, int64_t measure, struct err *e);
/* Raises the data version of plan (the cache key of its pages). */
int node_touch_plan_in_tx(struct db *db, int64_t plan, struct err *e);

/* --- words (node_label.c), in the reader's language; static strings --- */
/* "Tiltak", "Innsatsområde", ... */
const char *node_kind_label(enum node_kind k);
/* A field's label on forms, in history and in mails (the field when
 * unknown). */
const char *node_field_label(const char *field);
/* The label of code in field ("state" "active": "Under way"), or the code. */
const char *node_code_label(const char *field, const char *code);
/* "measure.update": "Changed", ... (the verb when unknown). */
const char *node_action_label(const char *action);

/* Raises the data version of every plan that shows organisation org (owns
 * or adopted it, or links it to a measure): their cached pages are made
 * again. In the caller's transaction. */
int node_touch_plans_of_org(struct db *db, int64_t org, struct err *e);

#endif
