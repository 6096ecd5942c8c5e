/*
 * plan: a plan and its tree, the values that feed the plan page, the JSON
 * export and every later export alike, so a figure can never differ between
 * them.
 *
 *   plan ── area ── goal
 *            └──── focus ── strategy ── measure ── responsible / participants
 *                                          └──── budget lines
 *   plan ── section ── entry
 *
 * All strings and arrays of a loaded plan live in the arena it was loaded
 * into. Children are in position order.
 */
#ifndef SAMSPEL_MODEL_PLAN_H
#define SAMSPEL_MODEL_PLAN_H

#include "base/period.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

#define VEC(T) struct { T *items; size_t count, cap; }

/* A link from a measure to an organisation. */
struct org_link {
	int64_t org_id;         /* 0 until resolved (import) */
	const char *name;       /* the organisation's name */
	const char *as_written; /* the plan's words: "Kommunane (HR-nettverket)" */
	const char *note;       /* words in brackets, or NULL */
	const char *new_kind;   /* import: kind for a new organisation */
	bool collective;        /* the members of org, not org itself */
};

typedef VEC(struct org_link) org_link_list;

struct budget_line {
	int year;        /* 0 when not known */
	bool has_amount; /* false for "-" and for the wordy qualifiers */
	int64_t amount;  /* whole kroner */
	const char *text;
	int qualifier;   /* enum money_qualifier (base/money.h); 0 is exact */
	bool per_year;   /* "75 000 kr/år": the amount is one year's */
};

struct measure {
	int64_t id;
	const char *text;
	const char *period_text; /* verbatim, "" when none */
	struct period period;    /* empty strings when not understood or open;
				  * period.kind says which ends it has */
	const char *responsibility_text;
	org_link_list responsible;
	org_link_list participants;
	VEC(struct budget_line) budget;
	int source_line; /* import: the line of its row, for notes */
	const char *state; /* the latest report's state code; NULL: no report */
	int progress;      /* the latest report's progress, -1: not given */
	const char *reported_on; /* the latest report's date, NULL: none */
	int64_t continued_from; /* last year's measure, 0 when none */
	const char *project;    /* the title of the project carrying it out, or NULL */
};

struct strategy {
	int64_t id;
	const char *text;
	VEC(struct measure) measures;
};

struct focus {
	int64_t id;
	const char *title;
	VEC(struct strategy) strategies;
};

struct goal {
	int64_t id;
	const char *text;
};

struct area {
	int64_t id;
	const char *number; /* "1", or "" */
	const char *title;
	const char *table_header; /* column names, tab-separated, or "" */
	VEC(struct goal) goals;
	VEC(struct focus) focuses;
};

struct section_entry {
	const char *title; /* "" for a paragraph without a title */
	const char *text;  /* lines separated by \n; "• " starts a list item */
};

struct section {
	int64_t id;
	const char *title;
	VEC(struct section_entry) entries;
};

enum plan_status {
	PLAN_DRAFT,
	PLAN_CONSULTATION,
	PLAN_ADOPTED,
	PLAN_ARCHIVED,
};

struct plan {
	int64_t id;
	const char *slug;
	const char *kind; /* "regional" or "action" */
	const char *title;
	int year;         /* 0 when none */
	enum plan_status status;
	bool published;
	const char *adopted_on;   /* "YYYY-MM-DD" or NULL */
	int64_t adopted_by_id;    /* 0 when none */
	const char *adopted_by;   /* organisation name or NULL */
	int64_t owner_id;         /* the council that keeps the plan; 0 when none */
	const char *owner;        /* its name or NULL */
	const char *values, *vision, *main_goal; /* NULL when absent */
	const char *source_name;
	const char *source_sha256; /* of the imported document's bytes; NULL when not imported */
	int64_t version;
	/* Raised by every change in the plan but its status reports: what
	 * its page's text depends on, the measures' states apart. */
	int64_t content_version;
	const char *updated_at;
	const char *created_at;
	const char *licence;     /* "NLOD-2.0" (default) or "CC-BY-4.0" */
	const char *owner_orgnr; /* the council's organisation number, or NULL */
	VEC(struct area) areas;
	VEC(struct section) sections;
};

/* One line of the plan list. */
struct plan_summary {
	int64_t id;
	const char *slug, *title, *kind, *owner;
	int year;
	enum plan_status status;
	bool published;
	int64_t owner_id;
};

typedef VEC(struct plan_summary) plan_summary_list;

const char *plan_status_code(enum plan_status s); /* "draft", ... */
int plan_status_parse(const char *code, enum plan_status *s);

/* --- reading --- */

/* Loads the plan called slug with its whole tree into arena. ERR_NOT_FOUND
 * when there is none. */
int plan_load(struct db *db, struct arena *a, const char *slug,
	      struct plan **out, struct err *e);
/* Loads only the plan's own row (no tree): for permission checks, ETags. */
int plan_load_head(struct db *db, struct arena *a, const char *slug,
		   struct plan **out, struct err *e);
/* The data version of the plan called slug (raised by every change in it)
 * and its id: the page cache's key. Returns 1 found, 0 none, ERR. */
int plan_data_version(struct db *db, const char *slug, int64_t *plan,
		      int64_t *version, struct err *e);
/* The same for the plan that holds measure. */
int plan_data_version_of_measure(struct db *db, int64_t measure, int64_t *plan,
				 int64_t *version, struct err *e);
/* A measure's current state: its code, or NULL before its first report. */
struct measure_state {
	int64_t id;
	const char *state;
};
typedef VEC(struct measure_state) measure_state_list;
/* The current state of every measure of plan, by id, into a. */
int plan_measure_states(struct db *db, struct arena *a, int64_t plan,
			measure_state_list *out, struct err *e);
/* Measure id in l (as plan_measure_states gives it), or NULL. */
const struct measure_state *measure_state_find(const measure_state_list *l, int64_t id);
/* The same as plan_load_head for the plan with id. */
int plan_load_head_id(struct db *db, struct arena *a, int64_t id,
		      struct plan **out, struct err *e);
/* Every plan, newest year first, then by title. */
int plan_list(struct db *db, struct arena *a, plan_summary_list *out,
	      struct err *e);

/* --- walking and sums (computed from the tree, never stored) --- */

typedef void (*measure_fn)(struct measure *m, void *ctx);
/* Calls fn for every measure, in the order of the plan. */
void area_each_measure(struct area *area, measure_fn fn, void *ctx);
void plan_each_measure(struct plan *p, measure_fn fn, void *ctx);

int64_t measure_budget_total(const struct measure *m);
int64_t area_budget_total(const struct area *area);
int64_t plan_budget_total(const struct plan *p);
size_t area_count_measures(const struct area *area);

/* What a budget sum counts besides plain amounts, and what it leaves out:
 * every number counts (an upper bound as its bound, an estimate as its
 * number, a per-year amount as one year); a line with words and no number
 * ("Innanfor ramma", "Eigeninnsats", text not understood) cannot be. */
struct budget_notes {
	size_t uncounted;     /* lines with words but no number ("-" is none) */
	const char *words;    /* those lines' texts, distinct, ", " between, at
			       * most three then "…"; NULL when none (in the arena) */
	bool bounds;          /* the sum has an upper or lower bound in it */
	bool estimates;       /* the sum has an estimate in it */
	bool per_year;        /* the sum has one year of a yearly amount */
};
/* Fills *out for the measures of area, or of the whole plan when area is
 * NULL. Strings in a. */
void budget_notes_of(struct arena *a, const struct plan *p, const struct area *area,
		     struct budget_notes *out);
size_t plan_count_measures(const struct plan *p);
size_t plan_count_strategies(const struct plan *p);
/* The budget in year (0: the lines that give no year): summed over the
 * years plan_budget_years lists, these give the totals above. */
int64_t measure_budget_in_year(const struct measure *m, int year);
int64_t area_budget_in_year(const struct area *area, int year);
/* The distinct years of p's budget lines with an amount, ascending (0
 * first when such a line gives no year): the first max of them into
 * years; returns how many it stored. */
size_t plan_budget_years(const struct plan *p, int *years, size_t max);

/* --- writing: each call is one transaction with its audit row --- */

/* Stores p (a tree built by an importer) as a new plan. Organisation links
 * with org_id 0 are resolved by name again inside the transaction and created
 * when still missing (with new_kind, kept by the plan's owner). With replace,
 * an existing plan with the same slug is replaced (its version goes up);
 * without it, an existing slug is ERR_CONFLICT. Sets p->id and the ids in
 * the tree. actor names who did it, for the audit trail. */
int plan_store(struct db *db, struct plan *p, bool replace, const char *actor,
	       struct err *e);
/* Sets the published flag of slug (ERR_NOT_FOUND if none). */
int plan_set_published(struct db *db, const char *slug, bool published,
		       const char *actor, struct err *e);
/* Deletes the plan called slug with its tree. */
int plan_delete(struct db *db, const char *slug, const char *actor,
		struct err *e);

/* --- helpers --- */

/* Makes a URL slug of title into arena: lower case ASCII letters, digits and
 * single dashes ("Regionalplan for Sogn - handlingsplan 2023" ->
 * "regionalplan-for-sogn-handlingsplan-2023"; æ→ae, ø→o, å→a). */
char *plan_make_slug(struct arena *a, const char *title);
/* True when s is a valid slug (1-100 of [a-z0-9-], not starting with -). */
bool plan_slug_valid(const char *s);

#endif
