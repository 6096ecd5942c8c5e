/*
 * org_merge: two organisations that turn out to be the same ("hvl" and
 * "Høgskulen på Vestlandet") become one. Everything that points at the one
 * merged away is moved to the one kept, in one transaction.
 */
#ifndef SAMSPEL_MODEL_ORG_MERGE_H
#define SAMSPEL_MODEL_ORG_MERGE_H

#include <stdint.h>

struct db;
struct err;
struct org;

/* What a merge moved (or, from org_merge_count, would move). */
struct org_merge_result {
	int64_t links;   /* measure_org rows moved (duplicates dropped) */
	int64_t plans;   /* plans owned or adopted by the merged one */
	int64_t reports; /* status reports made in its name */
	int64_t roles;   /* user roles held in it */
	int64_t members; /* memberships, either side */
	int64_t aliases; /* its aliases, its name among them */
	int64_t touched; /* plans whose data version was raised */
};

/* OK when o may be merged into k; ERR_INPUT on "other" when one is a member
 * of the other (directly or through groups). org_merge checks it again. */
int org_merge_allowed(struct db *db, const struct org *k, const struct org *o, struct err *e);

/* Merges organisation other into keep, in one transaction: every measure
 * link, plan owner and adopter, status report, user role, membership (both
 * sides), alias and organisation kept by it moves to keep (a row that keep
 * has already is dropped, as is keep's membership of itself); other's name
 * becomes an alias of keep, valid where other's name was (the plans of the
 * council that kept it, or everywhere); other is deleted; a history row
 * (entity "org") is written for both; and the data version of every plan
 * showing keep afterwards is raised. keep == other is ERR_INPUT; either
 * missing is ERR_NOT_FOUND. *out (may be NULL) gets what moved. */
int org_merge(struct db *db, int64_t keep, int64_t other, const char *actor,
	      struct org_merge_result *out, struct err *e);

/* What org_merge(keep, other) would move, without changing anything
 * (touched is left 0). */
int org_merge_count(struct db *db, int64_t other, struct org_merge_result *out,
		    struct err *e);

#endif
