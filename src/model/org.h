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

/* Whether organisation org may be named in the plans and groups of council
 * (a form's id is only a number): shared (kept by no council), kept by
 * council, or council itself. Returns 1, 0, or ERR. */
int org_usable_in(struct db *db, int64_t org, int64_t council, struct err *e);

/* Every organisation with the council that keeps it, by name. */
int org_list_all(struct db *db, struct arena *a, org_list *out, struct err *e);
/* Creates an organisation (one transaction with its audit row). */
int org_add(struct db *db, const char *name, const char *kind, int64_t owner,
	    const char *actor, int64_t *id, struct err *e);
/* Makes member a member of group ("Luster kommune" of "Sogn regionråd"),
 * one transaction with its audit row; a member twice is ERR_CONFLICT. */
int org_add_member(struct db *db, int64_t group, int64_t member,
		   const char *actor, struct err *e);

/* --- the registry and one organisation's page (for editing) --- */

struct patch;

/* One alias of an organisation. */
struct org_alias {
	int64_t id;
	const char *alias;
	int64_t scope_id;  /* the council in whose plans it is valid; 0: everywhere */
	const char *scope; /* that council's name, or NULL */
	bool collective;   /* it means the organisation's members */
};

typedef struct {
	struct org_alias *items;
	size_t count, cap;
} org_alias_list;

/* One member of a group, with its role ("member", "leader", ...). */
struct org_membership {
	int64_t id;
	const char *name, *kind, *role;
};

typedef struct {
	struct org_membership *items;
	size_t count, cap;
} org_membership_list;

/* A page of the registry (org_search). */
struct org_page {
	org_list orgs;
	int64_t total; /* how many match, over all pages */
};

/* Organisation id with the council keeping it and its number of members
 * (strings into arena); ERR_NOT_FOUND when there is none. */
int org_load(struct db *db, struct arena *a, int64_t id, struct org *out,
	     struct err *e);
/* The organisations whose folded name or alias contains the folded q (all
 * when q is NULL or blank), by name, limit from offset, that the user may
 * know of: shared ones, those kept by a council one of whose plans the user
 * may read, and those involved in a measure of such a plan (the rule of
 * list_org_detail; user 0 is the public). */
int org_search(struct db *db, struct arena *a, int64_t user, const char *q,
	       int limit, int offset, struct org_page *out, struct err *e);
/* Every council, by name (the choices of an alias's scope). */
int org_list_councils(struct db *db, struct arena *a, org_list *out, struct err *e);
/* The aliases of org, by scope and alias. */
int org_aliases(struct db *db, struct arena *a, int64_t org, org_alias_list *out,
		struct err *e);
/* The members of group, by name. */
int org_members(struct db *db, struct arena *a, int64_t group,
		org_membership_list *out, struct err *e);

/* True for a Norwegian organisation number: 9 digits whose last is the
 * modulus-11 check digit of the first eight (weights 3 2 7 6 5 4 3 2). */
bool org_orgnr_valid(const char *s);
/* True for a municipality number: 4 digits. */
bool org_municipality_no_valid(const char *s);
/* True when role is one a membership may have (org_member_roles). */
bool org_member_role_valid(const char *role);
/* The membership roles, NULL-ended: "member", "leader", ... */
extern const char *const org_member_roles[];

/* --- writes: each is one transaction with its history rows --- */

/* Changes organisation id (name, kind, orgnr, municipality_no) through
 * node_update(NODE_ORG), from expected_version: orgnr and municipality_no
 * are checked (spaces in them are dropped), a name another organisation of
 * the same council has is ERR_INPUT on "name", a stale version
 * ERR_CONFLICT. The plans showing it get a new data version. */
int org_update(struct db *db, int64_t id, int64_t expected_version,
	       const struct patch *p, const char *actor, struct err *e);
/* Adds alias for org, valid in the plans of scope (0: everywhere); an alias
 * already taken in that scope is ERR_CONFLICT on "alias". */
int org_alias_add(struct db *db, int64_t org, const char *alias, int64_t scope,
		  bool collective, const char *actor, struct err *e);
/* Removes alias alias_id of org (ERR_NOT_FOUND when org has no such alias). */
int org_alias_remove(struct db *db, int64_t org, int64_t alias_id,
		     const char *actor, struct err *e);
/* 1 when org is a member of group, directly or through groups within it;
 * 0 when not; ERR on a database error. */
int org_is_within(struct db *db, int64_t org, int64_t group, struct err *e);
/* Makes member a member of group with role (one of org_member_roles); the
 * same membership twice is ERR_CONFLICT on "member", and one that would make
 * a circle (group within member) ERR_INPUT. */
int org_member_add(struct db *db, int64_t group, int64_t member, const char *role,
		   const char *actor, struct err *e);
/* Ends member's membership of group in role (ERR_NOT_FOUND when none). */
int org_member_remove(struct db *db, int64_t group, int64_t member,
		      const char *role, const char *actor, struct err *e);

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
