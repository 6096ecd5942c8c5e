/*
 * rollover: the action plan of next year, made from this year's. A council
 * keeps one action plan a year; in the autumn the secretariat starts next
 * year's from this one:
 *
 *   - a new draft plan for year + 1: the title and slug with the year
 *     replaced ("... handlingsplan 2023" -> "... handlingsplan 2024"), the
 *     same council, kind, values, vision, main goal and parent plan, and
 *     the same free sections;
 *   - the whole structure copied: areas, goals, focuses, strategies;
 *   - every measure that is neither done nor cancelled (its current state,
 *     from its latest report) carried over, with continued_from naming last
 *     year's measure and the same responsible and participating
 *     organisations; budget lines are not carried (next year's budget is
 *     decided anew);
 *   - every new node written through node_create_in_tx, so each has its
 *     history row, and all of it one transaction.
 *
 * Refused, with nothing stored, for a plan without a year (a regional
 * plan), when a plan with next year's slug exists already, and when the
 * plan has been rolled over before.
 *
 * The line of a measure back through the years (measure_predecessors)
 * follows continued_from.
 */
#ifndef SAMSPEL_MODEL_ROLLOVER_H
#define SAMSPEL_MODEL_ROLLOVER_H

#include "model/plan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* One measure of last year's plan. */
struct rollover_item {
	int64_t from_id;    /* last year's measure */
	int64_t to_id;      /* the new one (0 when left, and in a preview) */
	const char *text;
	const char *state;  /* its current state code, NULL when never reported;
			     * for a left one the reason: "done" or "cancelled" */
};

typedef VEC(struct rollover_item) rollover_item_list;

/* What a rollover did (or would do). Strings live in the caller's arena. */
struct rollover_summary {
	int64_t from_plan;                 /* last year's plan */
	const char *from_slug, *from_title;
	int from_year;
	int64_t plan;                      /* the new plan (0 in a preview or dry run) */
	const char *slug, *title;          /* the new plan's */
	int year;
	size_t areas, goals, focuses, strategies, sections, entries;
	rollover_item_list carried;        /* in the order of the plan */
	rollover_item_list left;           /* done or cancelled: state says which */
};

enum rollover_mode {
	ROLLOVER_STORE,   /* do it */
	ROLLOVER_DRY_RUN, /* do all of it in the transaction, then roll back */
	ROLLOVER_PREVIEW, /* only read: the checks and what would be carried */
};

/* Rolls the action plan called slug over to next year in one transaction
 * (see above) and fills out (into arena). ERR_NOT_FOUND when there is no
 * such plan, ERR_INPUT for a plan without a year, ERR_CONFLICT when next
 * year's plan exists already; nothing is stored then. actor names who did
 * it, for the history. */
int plan_rollover(struct db *db, struct arena *a, const char *slug,
		  const char *actor, struct rollover_summary *out, struct err *e);
/* The same with a mode: a dry run or a read-only preview (for the page
 * that asks for a confirmation) give the same summary and refusals but
 * store nothing; their new ids are 0. */
int plan_rollover_mode(struct db *db, struct arena *a, const char *slug,
		       enum rollover_mode mode, const char *actor,
		       struct rollover_summary *out, struct err *e);

/* "... handlingsplan 2023" -> "... handlingsplan 2024": the last whole
 * number year in s replaced by next, or " next" (sep + next) added when s
 * has none. Into arena. */
const char *rollover_replace_year(struct arena *a, const char *s, int year,
				  int next, const char *sep);

/* --- the line of a measure through the years --- */

/* A measure of an earlier year, with the plan it is in. */
struct measure_link {
	int64_t id;
	const char *text;
	int64_t plan_id, owner_id;
	const char *plan_slug, *plan_title;
	int year;        /* the plan's; 0 when none */
	bool published;  /* the plan's */
};

typedef VEC(struct measure_link) measure_link_list;

/* The measures that measure id continues, following continued_from back:
 * last year's first, then the one before, ... (at most 50; a loop ends the
 * line). Empty when it continues none. Into arena. */
int measure_predecessors(struct db *db, struct arena *a, int64_t id,
			 measure_link_list *out, struct err *e);

#endif
