/*
 * report: dated status reports on a measure - its state, progress, what was
 * done and spent - and the measure seen on its own (measure_view) with the
 * plan it belongs to, for its page.
 */
#ifndef SAMSPEL_MODEL_REPORT_H
#define SAMSPEL_MODEL_REPORT_H

#include "model/plan.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct err;
struct patch;

enum report_state {
	STATE_NOT_STARTED, STATE_ON_TRACK, STATE_AT_RISK, STATE_DELAYED,
	STATE_DONE, STATE_CANCELLED, STATE_COUNT
};

const char *report_state_code(enum report_state s); /* "on_track", ... */
int report_state_parse(const char *code, enum report_state *s);
/* The name of a state in the current language, from its code ("on_track"
 * -> "I rute"); NULL, "" or "none" (no report yet) -> "No report". The one
 * naming of states, for the pages and every export. */
const char *report_state_label(const char *code);

struct report {
	int64_t id;
	const char *reported_on; /* YYYY-MM-DD */
	enum report_state state;
	int progress;            /* 0-100, or -1 when not given */
	const char *text;
	bool has_spent;
	int64_t spent;           /* whole kroner */
	const char *author;      /* the user's name, or NULL */
	int64_t org_id;          /* the organisation it speaks for; 0: none */
	const char *org;         /* its name, or NULL */
	int64_t author_id;       /* 0 when unknown */
	int64_t version;
	const char *created_at;  /* ISO 8601 UTC */
	const char *updated_at;  /* the last correction, or NULL */
	int64_t measure_id;      /* the measure it is on */
};

typedef VEC(struct report) report_list;

/* A measure with where it sits: its plan, area, focus and strategy. */
struct measure_view {
	struct measure m;
	int64_t plan_id, owner_id;
	const char *plan_slug, *plan_title;
	bool published;
	const char *area_number, *area_title, *focus_title, *strategy_text;
	report_list reports; /* newest first, at most the limit asked for */
	int64_t reports_total; /* how many it has in all */
	int64_t continued_from; /* last year's measure, or 0 */
	bool reports_loaded; /* reports, reports_total, continued_from are set */
};

/* report_limit for a measure without its reports (a write needs only the
 * measure to check permission; counting thousands of reports is not free). */
#define MEASURE_NO_REPORTS ((size_t)-1)

/* Loads measure id with its links, budget, place and its newest
 * report_limit reports (0: all; MEASURE_NO_REPORTS: none) after skipping
 * report_offset of them, or ERR_NOT_FOUND. */
int measure_view_load(struct db *db, struct arena *a, int64_t id, size_t report_limit,
		      size_t report_offset, struct measure_view **out, struct err *e);
/* Loads v's reports as measure_view_load would have, when it did not. */
int measure_view_reports(struct db *db, struct arena *a, struct measure_view *v,
			 size_t report_limit, size_t report_offset, struct err *e);

/* What report_add checks (the field at fault in e): a date, not in the
 * future; a state; progress 0-100 or -1; text UTF-8 and not too long;
 * spent not negative. */
int report_validate(const struct report *r, struct err *e);
/* Validates r and stores it on measure for user, in one transaction with an
 * audit row. Sets r->id. */
int report_add(struct db *db, int64_t measure, int64_t user, struct report *r,
	       const char *actor, struct err *e);
/* The same inside the caller's transaction (a sheet's rows together). */
int report_add_in_tx(struct db *db, int64_t measure, int64_t user, struct report *r,
		     const char *actor, struct err *e);
/* Corrects report id (its author within REPORT_CORRECT_DAYS, or an
 * editor: the caller asks perm first) from version: the fields of p
 * (reported_on, state, progress, text, spent), checked as a new report is.
 * One transaction; each changed field is kept in the history. */
int report_correct(struct db *db, int64_t id, int64_t version,
		   const struct patch *p, const char *actor, struct err *e);
/* Loads report id (ERR_NOT_FOUND when none) and the measure it is on. */
int report_load(struct db *db, struct arena *a, int64_t id, struct report *out,
		int64_t *measure, struct err *e);
/* True when a report written at created_at may still be corrected by its
 * author (within REPORT_CORRECT_DAYS of now). */
bool report_recent(const char *created_at);

#define REPORT_CORRECT_DAYS 14

/* Every status report on the measures of plan, in one query: ordered by
 * measure id, within a measure newest first (by date, then the later
 * written: the order of measure_view_load), into arena. report_list_find
 * gives a measure's run of them. */
int report_list_for_plan(struct db *db, struct arena *a, int64_t plan, report_list *out,
			 struct err *e);
/* The reports of measure in l (as report_list_for_plan made it): the first
 * one, *n of them (NULL and 0 when none). */
const struct report *report_list_find(const report_list *l, int64_t measure, size_t *n);

/* How many reports the plan's measures have (a replace would lose them). */
int report_count_for_plan(struct db *db, int64_t plan, int64_t *n, struct err *e);

#endif
