/*
 * plan_new: a new, empty plan, as a person starts one (the form at
 * /plans/new) or a script does (the JSON API): a council that keeps it, a
 * kind, a year and a title. It is stored as a draft through the one
 * versioned writer (model/node.h), so it has its history row from the start.
 */
#ifndef SAMSPEL_MODEL_PLAN_NEW_H
#define SAMSPEL_MODEL_PLAN_NEW_H

#include <stdint.h>

struct db;
struct err;

/* Smallest and largest year a plan may have. */
#define PLAN_YEAR_MIN 2000
#define PLAN_YEAR_MAX 2100

/* Creates an empty draft plan kept by council owner, of kind ("regional" or
 * "action"), for year (an action plan needs one; 0: none), called title.
 * Its slug is made from the title (plan_make_slug), with "-2", "-3", ...
 * added when that is taken. One transaction with the plan's history row.
 *
 * Allocates: *slug gets the new plan's slug, malloc'd; the caller frees it
 * (NULL on ERR). On ERR, e names the field at fault: "owner", "kind",
 * "year" or "title" (ERR_INPUT), or none (ERR_INTERNAL). Who may create a
 * plan is not decided here: ask perm_allows(ACT_EDIT_PLAN) for owner. */
int plan_create(struct db *db, int64_t owner, const char *kind, int year,
		const char *title, const char *actor, char **slug, struct err *e);

#endif
