/*
 * feed: what the public feeds follow (web/page_feed.c, formats/atom.h) -
 * the history rows of published plans that say something to a reader:
 * content changed (field, old and new value), added and removed, status
 * reports written and corrected, a plan imported, replaced or published.
 * Moves and bookkeeping fields (ids, positions, times) are left out. Each
 * row comes with what it is about: its plan, its measure, the node's text
 * as it is now, and for a report its state, date, author and organisation.
 * Only published plans count, whoever asks: a feed is read by programs
 * without a session.
 */
#ifndef SAMSPEL_MODEL_FEED_H
#define SAMSPEL_MODEL_FEED_H

#include "model/audit.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct feed_row {
	struct audit_row row;
	const char *plan_slug, *plan_title;
	const char *plan_owner;  /* the council keeping the plan, or NULL */
	int64_t measure_id;      /* the measure it is about (a measure, its
				  * budget line or report), or 0 */
	const char *subject;     /* the node's text (title) now; NULL when gone */
	/* report rows, while the report exists (else NULL and -1): */
	const char *report_state, *report_on, *report_author, *report_org;
	int report_progress;
};

typedef struct {
	struct feed_row *items;
	size_t count, cap;
} feed_list;

/* The rows of plan, newest first, at most limit; none unless the plan is
 * published. */
int feed_for_plan(struct db *db, struct arena *a, int64_t plan, size_t limit,
		  feed_list *out, struct err *e);
/* The rows about measures organisation org is involved in (as
 * model/visible.h's INVOLVED: linked, or through a group or collective
 * link), their budget lines and reports, across the published plans,
 * newest first, at most limit. */
int feed_for_org(struct db *db, struct arena *a, int64_t org, size_t limit,
		 feed_list *out, struct err *e);

#endif
