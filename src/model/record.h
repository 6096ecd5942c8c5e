/*
 * record: what a council keeps beside its plans (migration 007): groups
 * with their mandate, people and roles; programmes with phases; projects
 * (a programme's participating regions are projects of it) with their
 * organisation, goals, themes, results and grants; meetings with agenda
 * items, decisions and follow-up points; indicators with values and named
 * projections.
 *
 * Each is a node of model/node.h and is written through it (one
 * transaction, a version, a history row per changed field). This file adds
 * what node.h does not know: whose a record is (the council that keeps its
 * root, or the organisation a mandate point belongs to), creating a root
 * with its council, the links of decisions and indicators to what they
 * concern, and the lists the pages show.
 */
#ifndef SAMSPEL_MODEL_RECORD_H
#define SAMSPEL_MODEL_RECORD_H

#include "model/node.h"
#include "model/perm.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* True for the kinds of this file (not in any plan). */
bool record_kind(enum node_kind k);
/* True for a record's root (programme, project, meeting, indicator). */
bool record_root_kind(enum node_kind k);

/* Who decides about record (k, id): the root it hangs under and the
 * permission to ask for a change: ACT_EDIT_PLAN with the keeping council
 * as owner for programmes, projects, meetings and indicators (no council:
 * admins only), ACT_EDIT_ORG for a group's mandate, people and roles.
 * Records are public: reading needs nothing. */
struct record_access {
	enum node_kind root;
	int64_t root_id;
	enum action edit;
	struct perm_target target;
};
int record_access_of(struct db *db, enum node_kind k, int64_t id,
		     struct record_access *out, struct err *e);

/* The page a record shows on ("/project/7", "/org/3"; into arena) and the
 * title of its root. */
const char *record_home(struct arena *a, enum node_kind root, int64_t root_id);
int record_title(struct db *db, struct arena *a, enum node_kind root, int64_t root_id,
		 const char **title, struct err *e);

/* Creates root record k kept by council from a person's patch (strict, as
 * node_create), one transaction; *id gets its id. */
int record_create(struct db *db, enum node_kind k, int64_t council, const struct patch *p,
		  const char *actor, int64_t *id, struct err *e);
/* The same inside the caller's transaction, from the model's own callers
 * (the loader). */
int record_create_in_tx(struct db *db, enum node_kind k, int64_t council,
			const struct patch *p, const char *actor, int64_t *id,
			struct err *e);

/* --- links: what a decision concerns, what an indicator measures --- */

struct record_link {
	enum node_kind kind; /* of the other end */
	int64_t id;
	const char *title;   /* its title or text (arena) */
	const char *href;    /* its page (arena) */
};
typedef struct {
	struct record_link *items;
	size_t count, cap;
} record_link_list;

/* Links decision or indicator (from) to node (to), with a history row;
 * a link that is there already is left. ERR_NOT_FOUND when to is not. */
int record_link_add_in_tx(struct db *db, enum node_kind from, int64_t from_id,
			  enum node_kind to, int64_t to_id, const char *actor,
			  struct err *e);
int record_link_add(struct db *db, enum node_kind from, int64_t from_id,
		    enum node_kind to, int64_t to_id, const char *actor, struct err *e);
int record_link_remove(struct db *db, enum node_kind from, int64_t from_id,
		       enum node_kind to, int64_t to_id, const char *actor, struct err *e);
/* Removes every link from (from, from_id), with a history row each. */
int record_links_clear_in_tx(struct db *db, enum node_kind from, int64_t from_id,
			     const char *actor, struct err *e);
/* What a decision or indicator of council may be linked to from a form:
 * the council's plans and their goals, projects, meetings, indicators and
 * groups, and every programme (kind, id, title; into arena). A measure is
 * linked through the API (there are too many for a list). */
typedef struct {
	struct record_link *items;
	size_t count, cap;
} record_target_list;
int record_link_choices(struct db *db, struct arena *a, int64_t council,
			record_target_list *out, struct err *e);
/* What (from, id) links to; and with to_side, what links to (kind, id):
 * the decisions behind an object. Into arena, oldest first. */
int record_links(struct db *db, struct arena *a, enum node_kind kind, int64_t id,
		 bool to_side, record_link_list *out, struct err *e);

/* The text that names node (k, id) in a list, and its page (arena). */
int record_name(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		const char **name, const char **href, struct err *e);

/* The ids of every root of kind k (programme, project, meeting,
 * indicator), oldest first; and of every organisation described as a group
 * (a kind of group, a mandate, people or roles), by name. Into arena. */
typedef struct {
	int64_t *items;
	size_t count, cap;
} record_id_list;
int record_roots(struct db *db, struct arena *a, enum node_kind k, record_id_list *out,
		 struct err *e);
int record_groups(struct db *db, struct arena *a, record_id_list *out, struct err *e);

/* The projects of programme (its participating regions), oldest first. */
int record_programme_projects(struct db *db, struct arena *a, int64_t programme,
			      record_id_list *out, struct err *e);

/* An indicator's values of one series: observed (projection 0) or of a
 * projection, by period (strings into arena). */
struct record_value {
	int64_t id, version;
	const char *period, *value;
};
typedef struct {
	struct record_value *items;
	size_t count, cap;
} record_value_list;
int record_values(struct db *db, struct arena *a, int64_t indicator, int64_t projection,
		  record_value_list *out, struct err *e);

/* Roots of kind k kept by council (0: all), newest first (a meeting by
 * its date), at most limit: id, title (an indicator's name), the date or
 * phase shown beside it, and the keeping council's name; from offset.
 * Into arena. */
struct record_summary {
	int64_t id;
	const char *title, *meta, *council;
	int64_t parent; /* record_council_followups: the meeting; else 0 */
};
typedef struct {
	struct record_summary *items;
	size_t count, cap;
} record_summary_list;
int record_list(struct db *db, struct arena *a, enum node_kind k, int64_t council, int limit,
		int offset, record_summary_list *out, struct err *e);
/* How many roots of kind k council keeps (0: all). */
int record_count(struct db *db, enum node_kind k, int64_t council, int64_t *n, struct err *e);
/* The groups kept by council (organisations of kind group, or with a kind
 * of group), by name. */
int record_council_groups(struct db *db, struct arena *a, int64_t council,
			  record_summary_list *out, struct err *e);
/* Follow-up points not done whose responsible is one of orgs (n of them),
 * by due date: for "Mine tiltak" and the dashboard (late_only: due before
 * today). id, the text as title, due as meta, the meeting's title as
 * council. */
int record_open_followups(struct db *db, struct arena *a, const int64_t *orgs, size_t n,
			  bool late_only, const char *today, record_summary_list *out,
			  struct err *e);

/* The measures project carries out, of the plans actor may read, by plan
 * and place: id, text (first words) as title, the plan's title as council. */
struct actor;
int record_project_measures(struct db *db, struct arena *a, const struct actor *actor,
			    int64_t project, record_summary_list *out, struct err *e);

/* Puts a series into indicator: observed values (projection NULL) or
 * those of the projection called projection (made when missing). A period
 * already there gets the new value when it differs; other periods stay.
 * Values are decimals as text ("15071", "-2.5"). One transaction; *added
 * and *changed count what it did. */
int record_put_values(struct db *db, int64_t indicator, const char *projection,
		      const char *const *periods, const char *const *values, size_t n,
		      const char *actor, size_t *added, size_t *changed, struct err *e);

/* Every follow-up point with a due date of the meetings council keeps, by
 * due date: id, text as title, due as meta, "1" or "0" (done) as council,
 * its meeting as parent. */
int record_council_followups(struct db *db, struct arena *a, int64_t council,
			     record_summary_list *out, struct err *e);
/* Follow-up points not done and due before today of the meetings council
 * keeps, by due date (as record_open_followups). */
int record_council_late_followups(struct db *db, struct arena *a, int64_t council,
				  const char *today, record_summary_list *out, struct err *e);

/* Finds a node by what a file names it by: a plan by slug (key), a
 * programme or project by title, a meeting by title and date (key2), an
 * indicator by name, a measure or goal by its plan's slug (key2) and its
 * text.
 * Returns 1 with *id, 0 when there is none, or ERR. */
int record_find(struct db *db, enum node_kind k, const char *key, const char *key2,
		int64_t *id, struct err *e);

/* The rows a field of table may point to, by name: every programme; the
 * projects kept by council (all with 0); the projections of indicator
 * parent. Into arena. */
struct record_choice {
	int64_t id;
	const char *name;
};
typedef struct {
	struct record_choice *items;
	size_t count, cap;
} record_choice_list;
int record_choices(struct db *db, struct arena *a, const char *table, int64_t council,
		   int64_t parent, record_choice_list *out, struct err *e);

#endif
