/*
 * records: the JSON shapes of what a council keeps beside its plans
 * (groups, programmes, projects, meetings, indicators; model/record.h), for
 * the API, `samspel export --records` and `samspel load`.
 *
 * One shape each, written from the kind's fields in model/node.c: field
 * names in English, organisations by name (so a file moves between two
 * servers), amounts in whole kroner, dates ISO 8601, a programme's
 * participating regions inside it. With ids (the API) every object carries
 * its id and version; without (an export) the same text comes out of a
 * database the file was loaded into, byte for byte.
 */
#ifndef SAMSPEL_FORMATS_RECORDS_H
#define SAMSPEL_FORMATS_RECORDS_H

#include "model/node.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;
struct err;

/* Record root (programme, project, meeting, indicator) or group (an org)
 * (k, id) as JSON (new reference, the caller's). */
int records_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		 bool with_ids, json_t **out, struct err *e);
/* One child (a grant, a decision, ...) as it appears in its root's JSON. */
int records_child_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		       bool with_ids, json_t **out, struct err *e);

/* Everything: the organisations, with with_plans every plan as the JSON
 * export writes it (without the ids, which are this server's), the
 * groups, programmes (with their regions), the other projects, meetings
 * and indicators, as one document {"samspel_records": 1, ...}, indented,
 * ending in a newline. */
int records_export_all(struct db *db, struct arena *a, bool with_plans, struct buf *out,
		       struct err *e);

/* What a load made: one line per object ("project: Sogn for alle"). */
struct records_report {
	char **lines; /* heap, NULL-ended; records_report_free */
	size_t count, cap;
};
void records_report_free(struct records_report *r);

/* Loads j: an export of records_export_all (its plans first), one object
 * with "type" (programme, project, meeting, group, indicator) or a plan as
 * the JSON export writes it, or an array of such,
 * inside the caller's transaction. Organisations named are found by name
 * (in the scope of the object's council) or created. */
int records_load_in_tx(struct db *db, json_t *j, const char *actor,
		       struct records_report *report, struct err *e);
/* The same as one transaction; *id gets the id of the last root made. */
int records_load(struct db *db, json_t *j, const char *actor,
		 struct records_report *report, int64_t *id, struct err *e);

/* The API's writes, each one transaction with its history rows. Fields
 * are read as records_json writes them (organisations by name, found or
 * made; a follow-up's done as true or false; a role's duties as a list).
 *
 * records_update: changes the fields of j on node (k, id) at version
 * (ERR_CONFLICT when it has moved on). records_add: adds j as a child of
 * kind child under (k, id) (a programme's "participants" are projects of
 * it), with what hangs below it; *id gets its id. */
int records_update(struct db *db, enum node_kind k, int64_t id, int64_t version, json_t *j,
		   const char *actor, struct err *e);
int records_add(struct db *db, enum node_kind k, int64_t parent, enum node_kind child,
		json_t *j, const char *actor, int64_t *id, struct err *e);
/* The council a root object of the API names ("council": a name): 1 with
 * its id, 0 when it names none or one that does not exist, ERR. */
int records_council_named(struct db *db, json_t *j, int64_t *council, struct err *e);

#endif
