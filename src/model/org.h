/*
 * org: organisations (councils, municipalities, groups, companies, ...),
 * their aliases and their members.
 *
 * Names are compared by their fold key (utf8_fold: case and spacing do not
 * matter). An alias is valid in the plans of its scope council or, with no
 * scope, everywhere; a collective alias ("kommunane") stands for the members
 * of its organisation.
 */
#ifndef SAMSPEL_MODEL_ORG_H
#define SAMSPEL_MODEL_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct org {
	int64_t id;
	const char *name;
	const char *kind;
	int64_t owner_id;  /* 0: shared */
	const char *owner; /* its name (org_list_all), or NULL */
	int members;       /* how many members (org_list_all) */
};

typedef struct {
	struct org *items;
	size_t count, cap;
} org_list;

/* What a name in a plan turned out to mean. */
struct org_match {
	int64_t org_id;
	const char *name;  /* the organisation's own name (arena) */
	const char *kind;  /* its kind: "council", "municipality", ... */
	bool collective;   /* the name means its members */
	bool via_alias;    /* found through an alias, not the name */
};

/* True when kind is one of the kinds the schema allows. */
bool org_kind_valid(const char *kind);

/* Looks text up as a name or an alias visible in the plans of council scope
 * (0: only shared names and aliases). Returns 1 and fills *m when found,
 * 0 when not, ERR on failure. Strings go into arena. */
int org_lookup(struct db *db, struct arena *a, const char *text,
	       int64_t scope, struct org_match *m, struct err *e);

/* Looks text up as a name among all organisations, whichever council keeps
 * them (for giving someone a role in one). Returns how many have that name
 * (the first is in *m), or ERR. */
int org_lookup_anywhere(struct db *db, struct arena *a, const char *text,
			struct org_match *m, struct err *e);

/* Organisations visible in the plans of council scope (its own and the
 * shared ones), for guessing abbreviations. */
int org_list_visible(struct db *db, struct arena *a, int64_t scope,
		     org_list *out, struct err *e);

/* Every organisation with the council that keeps it, by name. */
int org_list_all(struct db *db, struct arena *a, org_list *out, struct err *e);
/* Creates an organisation (one transaction with its audit row). */
int org_add(struct db *db, const char *name, const char *kind, int64_t owner,
	    const char *actor, int64_t *id, struct err *e);
/* Makes member a member of group ("Luster kommune" of "Sogn regionråd"),
 * one transaction with its audit row; a member twice is ERR_CONFLICT. */
int org_add_member(struct db *db, int64_t group, int64_t member,
		   const char *actor, struct err *e);

/* The rest need the caller's transaction (they are steps of a larger write). */

/* Creates an organisation kept by owner (0: shared); *id gets its id. */
int org_create_in_tx(struct db *db, const char *name, const char *kind,
		     int64_t owner, int64_t *id, struct err *e);
/* Adds alias for org, valid in the plans of scope (0: everywhere). */
int org_add_alias_in_tx(struct db *db, int64_t org, const char *alias,
			int64_t scope, bool collective, struct err *e);
/* Finds a council by name, or creates it with the aliases every council has
 * ("rådet", "regionrådet", and the collective "kommunane"). */
int org_ensure_council_in_tx(struct db *db, const char *name, int64_t *id,
			     bool *created, struct err *e);

#endif
