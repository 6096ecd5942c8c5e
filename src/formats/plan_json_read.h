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

#include <stddef.h>
#include <stdint.h>

/* A measure and the title of the project the file says carries it out:
 * set once the projects are there (records are loaded after plans). */
struct plan_json_project {
	int64_t measure;
	const char *title;
};
typedef struct {
	struct plan_json_project *items;
	size_t count, cap;
} plan_json_project_list;

/* Stores the plan of j inside the caller's transaction; *slug (arena) is
 * its slug; the measures' projects are added to *projects (arena). A slug
 * that exists already is ERR_CONFLICT; a file that is not such a plan is
 * ERR_INPUT naming the key at fault. */
int plan_json_load_in_tx(struct db *db, struct arena *a, json_t *j, const char *actor,
			 const char **slug, plan_json_project_list *projects, struct err *e);

#endif
