/*
 * plan_json_read: a plan as the JSON export writes it ("format":
 * "samspel.plan/1", formats/json.c) stored as a new plan: its tree, the
 * organisations of its measures found by name in its council (or made),
 * its budget lines and sections, its status reports (oldest first, so their
 * order stays), its publication and licence. The file's ids are another
 * server's and are not used. For `samspel load` (formats/records.h).
 */
#ifndef SAMSPEL_FORMATS_PLAN_JSON_READ_H
#define SAMSPEL_FORMATS_PLAN_JSON_READ_H

#include <jansson.h>

struct arena;
struct db;
struct err;

/* Stores the plan of j inside the caller's transaction; *slug (arena) is
 * its slug. A slug that exists already is ERR_CONFLICT; a file that is not
 * such a plan is ERR_INPUT naming the key at fault. */
int plan_json_load_in_tx(struct db *db, struct arena *a, json_t *j, const char *actor,
			 const char **slug, struct err *e);

#endif
