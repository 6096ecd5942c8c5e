/*
 * round: reporting rounds (issue 10). An editor opens a round on a plan
 * ("1. tertial 2026") with a deadline; the measures in it are those not
 * done or cancelled when it opened. A status report written while the
 * round is open, on a measure in it, belongs to the round (report_add
 * tags it). A round is a node of model/node.h (name and deadline are
 * changed through it); closing it keeps its reports as its record.
 */
#ifndef SAMSPEL_MODEL_ROUND_H
#define SAMSPEL_MODEL_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;
struct report;

struct round {
	int64_t id, version, plan_id;
	const char *name, *deadline, *opened_on;
	const char *closed_at;     /* NULL while open */
	const char *plan_slug, *plan_title;
	int64_t measures, reported; /* in it; with a report of the round */
};
typedef struct {
	struct round *items;
	size_t count, cap;
} round_list;

/* Opens a round on plan, one transaction: refused (ERR_CONFLICT) while
 * another round of the plan is open; the deadline a date, not before
 * today. *id gets its id. */
int round_open(struct db *db, int64_t plan, const char *name, const char *deadline,
	       const char *actor, int64_t *id, struct err *e);
/* Closes round at version (ERR_CONFLICT when stale or closed already). */
int round_close(struct db *db, int64_t round, int64_t version, const char *actor,
		struct err *e);
/* The rounds of plan, the newest first; one round (ERR_NOT_FOUND). Into
 * arena. */
int round_list_for_plan(struct db *db, struct arena *a, int64_t plan, round_list *out,
			struct err *e);
int round_load(struct db *db, struct arena *a, int64_t id, struct round *out, struct err *e);

/* One measure of a round: whether it has a report of the round, whether
 * that came late or the deadline passed without one, and whether it was
 * corrected after the round closed. */
struct round_row {
	int64_t measure_id;
	const char *text;
	const char *org;       /* a responsible organisation (one row each), or NULL */
	int64_t org_id;
	const char *reported_on; /* the round's latest report on it, or NULL */
	bool late, corrected;
};
typedef struct {
	struct round_row *items;
	size_t count, cap;
} round_row_list;
/* The rows of round by responsible organisation (name), then by place in
 * the plan; today decides lateness. */
int round_rows(struct db *db, struct arena *a, const struct round *r, const char *today,
	       round_row_list *out, struct err *e);

/* The open rounds that have measures one of orgs (n) is responsible for,
 * with how many of those have no report of the round yet (reported holds
 * the unreported count here). For "Mine tiltak". */
int round_open_for_orgs(struct db *db, struct arena *a, const int64_t *orgs, size_t n,
			round_list *out, struct err *e);

/* The plan's year: its dates (the plan decided, reports to the council,
 * others) and its rounds' deadlines, by day. kind is the date's kind, or
 * "round" for a deadline (id then the round's). */
struct year_date {
	int64_t id;
	const char *on, *title, *kind;
};
typedef struct {
	struct year_date *items;
	size_t count, cap;
} year_date_list;
int round_year(struct db *db, struct arena *a, int64_t plan, year_date_list *out, struct err *e);

/* Who is to be reminded of what: for every open round whose deadline is
 * at most days away (or past), every reporter or editor with an e-mail
 * address of an organisation linked to a measure of the round without a
 * report of the round, one row per such measure. By round, organisation,
 * user, measure. late: the deadline has passed (today is after it). */
struct reminder_row {
	int64_t round_id, org_id, user_id, measure_id;
	const char *round, *deadline, *plan_title, *org, *user, *email, *lang, *measure;
	bool late;
};
typedef struct {
	struct reminder_row *items;
	size_t count, cap;
} reminder_row_list;
int round_reminder_rows(struct db *db, struct arena *a, const char *today, int days,
			reminder_row_list *out, struct err *e);

/* Inside report_add's transaction: tags report with the open round its
 * measure is in, if any. */
int round_tag_report_in_tx(struct db *db, int64_t report, int64_t measure, struct err *e);

/* --- the round's sheet to fill in (formats/round_sheet.h) --- */

/* One measure of a round that an organisation takes part in (responsible
 * or not), with what the sheet shows and its stamp: the measure's version
 * and its newest report's id ("3-1204"), so a sheet filled in while the
 * measure changed is noticed. */
struct round_sheet_row {
	int64_t measure_id;
	const char *stamp;
	const char *plan_title, *area, *text, *period;
	const char *state;          /* the newest report's state code, or NULL */
	int progress;               /* -1 when none */
	const char *report_text;    /* the newest report's text, or NULL */
	bool has_spent;
	int64_t spent;
};
typedef struct {
	struct round_sheet_row *items;
	size_t count, cap;
} round_sheet_row_list;
/* The measures of round that org is linked to, in the plan's order. */
int round_sheet_rows(struct db *db, struct arena *a, const struct round *r, int64_t org,
		     round_sheet_row_list *out, struct err *e);
/* The stamp of measure now (into out, at least 48 bytes). */
int round_sheet_stamp(struct db *db, int64_t measure, char *out, size_t size, struct err *e);

/* One row of a sheet to store: a report on measure, filled in when the
 * measure had stamp. */
struct round_sheet_report {
	int64_t measure_id;
	const char *stamp;
	struct report *report;
};
/* Stores every report of items in one transaction: all or none. A
 * measure whose stamp is not stamp any more refuses the whole
 * (ERR_CONFLICT naming it), as does any report that does not validate. */
int round_sheet_apply(struct db *db, const struct round_sheet_report *items, size_t n,
		      int64_t user, const char *actor, struct err *e);

#endif
