/*
 * merge: a re-import that keeps identity. The tree of a plan read anew from
 * its text is matched to the stored tree, node by node within each parent,
 * and the stored tree is changed in place through the node operations
 * (model/node.h): what matched keeps its id (and with it its status
 * reports, links and history), changed fields are updated one history row
 * each, what is new is created, what is gone is deleted, and positions end
 * up in the order of the text.
 *
 * Matching within a parent, each step only among what is still unmatched:
 *   areas     number and title, title, folded title, number, similarity,
 *             position
 *   goals, focuses, strategies, measures, sections
 *             text, folded text (utf8_fold), normalised text (letters and
 *             digits only), best similarity above MERGE_SIMILAR, position
 *   measures  then, across the plan: one left over in one strategy and one
 *             new in another (that exists) with the same folded text: moved
 *   budget lines, section entries
 *             position
 * A measure that has status reports is deleted only with delete_reported;
 * otherwise the whole replace is refused with ERR_CONFLICT naming them.
 */
#ifndef SAMSPEL_MODEL_MERGE_H
#define SAMSPEL_MODEL_MERGE_H

#include "model/node.h"
#include "model/plan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;
struct err;

/* Least similarity (0..1, by edit distance of the folded texts) for two
 * texts to be taken as the same node changed. */
#define MERGE_SIMILAR 0.6

enum merge_op {
	MERGE_ADDED,   /* created (with everything below it) */
	MERGE_CHANGED, /* fields changed, or moved */
	MERGE_REMOVED, /* deleted (with everything below it) */
};

/* One node that a replace changed; one line when printed. */
struct merge_change {
	enum merge_op op;
	enum node_kind kind;
	int64_t id;          /* the node's id (of a removed one: what it was) */
	const char *label;   /* its text or title (removed: as it was stored) */
	const char **fields; /* MERGE_CHANGED: the field codes changed ("text",
			      * "position", "links" for the organisations) */
	size_t nfields;
};

struct merge_result {
	VEC(struct merge_change) changes; /* in the order of the plan; removals
					   * before what replaces them */
	size_t added, changed, removed;
	bool replaced; /* a stored plan was merged into (not a new one stored) */
};

struct merge_options {
	bool delete_reported; /* allow deleting measures that have reports */
	bool dry_run;         /* do all of it, then roll back */
	bool publish_auto;    /* publication follows the text: a plan stays as
			       * it was unless the text newly states adoption */
	bool same_source_ok;  /* a new plan from a document that became one
			       * already (else refused, naming that plan) */
};

/* plan_store (plan.h) with options, and the list of what a replace changed
 * (into arena; out may be NULL). With dry_run everything is done and checked
 * in the transaction and then rolled back: the list is the one a real run
 * would give, and the ids of new nodes are not kept. */
/* plan_store_ex inside the caller's transaction (no dry run: the caller
 * decides whether to commit). */
int plan_store_in_tx(struct db *db, struct arena *a, struct plan *p, bool replace,
		     const struct merge_options *o, const char *actor,
		     struct merge_result *out, struct err *e);
int plan_store_ex(struct db *db, struct arena *a, struct plan *p, bool replace,
		  const struct merge_options *o, const char *actor,
		  struct merge_result *out, struct err *e);

/* Changes the stored plan p->id (its row and tree) into p, inside the
 * caller's transaction, filling out. Sets the ids of p's tree. */
int merge_plan_in_tx(struct db *db, struct arena *a, struct plan *p,
		     const struct merge_options *o, const char *actor,
		     struct merge_result *out, struct err *e);

/* --- for printing (translated) --- */

/* "measure" -> "tiltak" */
const char *merge_kind_name(enum node_kind k);
/* "text" -> "tekst" */
const char *merge_field_name(const char *field);
/* One line, without newline: "endra tiltak 12: tekst (Søknad om ...)". */
void merge_change_format(struct buf *out, const struct merge_change *c);

/* --- shared with tree.c --- */

/* Resolves the organisation links of m (creating organisations still
 * missing, kept by owner). */
int tree_resolve_links_in_tx(struct db *db, struct measure *m, int64_t owner,
			     struct err *e);
/* Resolves and inserts the organisation links of measure m (m->id). */
int tree_store_links_in_tx(struct db *db, struct measure *m, int64_t owner,
			   struct err *e);

#endif
