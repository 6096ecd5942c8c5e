/*
 * list: what an actor may see, as filtered and paged lists - the measures
 * across every plan (an organisation's page, "my measures", the figures of a
 * plan's dashboard and the lists behind them) and the plans themselves.
 *
 * Visibility is decided inside each list's SQL by one predicate that says
 * what perm_allows(ACT_READ_PLAN) says (model/perm.c): a plan is visible when
 * it is published, to an admin, and to whoever holds any role in the council
 * that keeps it or in one of that council's members. The actor is read from
 * user_role by its user id (the grants perm_allows sees come from the same
 * rows); user id 0 is the public. tests/http/test_follow.c checks the two
 * agree for every user of the permission table.
 *
 * "Involved" is what perm_load_involved computes: an organisation is
 * involved in a measure when it is linked to it (responsible or taking
 * part), or when it is a member of an organisation that is (a municipality
 * of a council, a member of a network).
 *
 * Everything a list returns lives in the arena it was given.
 */
#ifndef SAMSPEL_MODEL_LIST_H
#define SAMSPEL_MODEL_LIST_H

#include "model/plan.h"
#include "model/report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct arena;
struct db;
struct err;

#define LIST_PAGE_MAX 200     /* the most rows one page may ask for */
#define LIST_SILENT_DAYS 90   /* "silent" when silent_days is 0 */
#define LIST_STATE_NONE "none" /* the state filter for "no report yet" */

/* Which measures. A zeroed filter means every measure the actor may see. */
struct list_filter {
	int64_t plan_id;     /* 0: every plan */
	int64_t area_id;     /* 0: every area */
	int64_t org_id;      /* 0: any; else measures this organisation is involved in */
	int64_t mine;        /* a user id: measures in which an organisation where
			      * that user is reporter or editor is involved; 0: off */
	const char *state;   /* NULL or "": any; a state code; or LIST_STATE_NONE */
	int year;            /* 0: any; else measures whose period touches the
			      * year (the plan's year when the measure has none) */
	int silent_days;     /* a measure is silent when its latest report is
			      * older than this many days, or it has none
			      * (0: LIST_SILENT_DAYS) */
	bool only_silent;    /* only the silent */
	bool only_late;      /* only the late: period ended before today and
			      * state neither done nor cancelled */
	bool attention_first;/* order: the silent and the late first, then the
			      * rest; each in plan order */
	const char *today;   /* "YYYY-MM-DD"; NULL: the clock's today */
	int limit;           /* rows per page, 1..LIST_PAGE_MAX (0: 50) */
	int offset;          /* rows to skip */
};

/* One measure of a list, with where it sits and its current state. */
struct list_row {
	struct measure m;        /* id, text, period, links (responsible and
				  * participants), budget lines (list_measures
				  * only; measure_budget_total sums them) */
	int64_t plan_id;
	const char *plan_slug, *plan_title;
	bool published;
	int64_t area_id;
	const char *area_number, *area_title;
	const char *state;       /* the latest report's state code, NULL: no report */
	int progress;            /* -1: not given */
	const char *reported_on; /* the latest report's date, NULL: none */
	bool has_spent;
	int64_t spent;           /* "spent so far" of its latest report */
	bool late, silent;       /* as the filter defines them */
};

typedef VEC(struct list_row) list_row_list;

/* A page of measures. */
struct measure_page {
	list_row_list rows;
	int64_t total;           /* rows of the whole list, every page */
	int limit, offset;       /* as used */
	int silent_days;         /* as used for the rows' silent flags */
};

/* The measures actor may see that match f, ordered and paged. ERR_INPUT when
 * the filter is out of range (unknown state, limit, a bad today). */
int list_measures(struct db *db, struct arena *a, const struct actor *actor,
		  const struct list_filter *f, struct measure_page *out,
		  struct err *e);

/* Counts over the measures of a list. */
struct list_counts {
	int64_t area_id;         /* 0 for the counts over all areas */
	size_t total;
	size_t by_state[STATE_COUNT];
	size_t no_report;
	size_t late, silent;
	int64_t spent;           /* sum of the latest reports' spent */
	size_t with_spent;       /* how many measures that sum is over */
};

typedef VEC(struct list_counts) list_counts_list;

/* Counts of every measure actor may see that matches f (limit and offset
 * are ignored): per area (in plan order, only areas with measures) and in
 * all. ERR_INPUT as list_measures. */
int list_count(struct db *db, struct arena *a, const struct actor *actor,
	       const struct list_filter *f, list_counts_list *areas,
	       struct list_counts *all, struct err *e);

/* The ids of every measure actor may see that matches f (unpaged, in plan
 * order), for summing a plan's tree over a filtered set. */
/* The counts of area in areas (as list_count fills them); all zero when
 * the area has no measure in the list. */
const struct list_counts *list_counts_of(const list_counts_list *areas, int64_t area);

int list_measure_ids(struct db *db, struct arena *a, const struct actor *actor,
		     const struct list_filter *f, const int64_t **ids, size_t *n,
		     struct err *e);

/* --- plans --- */

struct plan_page {
	plan_summary_list plans;
	int64_t total;
	int limit, offset;
};

/* The plans actor may see, newest year first, then by title; paged like
 * list_measures (limit 0: 50). */
int list_plans(struct db *db, struct arena *a, const struct actor *actor,
	       int limit, int offset, struct plan_page *out, struct err *e);

/* --- an organisation's page --- */

struct list_org {
	int64_t id;
	const char *name, *kind;
	int64_t owner_id;        /* the council keeping it; 0: shared */
	const char *owner;       /* its name, or NULL */
	const char *role;        /* membership role ("member"), for members and groups */
};

typedef VEC(struct list_org) list_org_list;

struct org_detail {
	struct list_org org;
	list_org_list members;   /* its members */
	list_org_list groups;    /* the groups and councils it is a member of */
};

/* The organisations involved in plan's measures (linked to one, or members
 * of one that is), by name: the choices of an organisation filter. The
 * caller has checked that actor may read the plan. */
int list_plan_orgs(struct db *db, struct arena *a, int64_t plan,
		   list_org_list *out, struct err *e);

/* Organisation id with its members and groups, as actor may see them:
 * ERR_NOT_FOUND when there is no such organisation, or when it is kept by
 * a council none of whose plans actor may see and it is involved in no
 * measure actor may see (so a draft's new names are not given away).
 * Members and groups are filtered by the same rule. */
int list_org_detail(struct db *db, struct arena *a, const struct actor *actor,
		    int64_t id, struct org_detail **out, struct err *e);

#endif
