/*
 * json: the plan as JSON, the open-data form of a plan. The same bytes come
 * from `samspel export SLUG --format json` and GET /plan/SLUG.json. The shape
 * is documented in docs/json.md; amounts are whole kroner as integers.
 */
#ifndef SAMSPEL_FORMATS_JSON_H
#define SAMSPEL_FORMATS_JSON_H

#include "model/report.h"

#include <jansson.h>

struct buf;
struct err;
struct plan;

/* The version of the shape, the export's "schema_version" and the
 * version in the $id of docs/schema/plan.schema.json: the minor number
 * rises with fields added, the major one with a change that breaks
 * readers. */
#define JSON_SCHEMA_VERSION "1.0"
/* The schema's $id (docs/schema/plan.schema.json). */
#define JSON_SCHEMA_ID "urn:samspel:schema:plan:1.0"

/* The address of a licence code ("NLOD-2.0", "CC-BY-4.0"), or NULL. */
const char *json_licence_url(const char *code);

/* Appends the JSON document of p (two-space indented, ending in a newline)
 * with each measure's status reports from reports (report_list_for_plan;
 * NULL: none). No person is named in it: a report says which
 * organisation it speaks for, never who wrote it. */
int json_export_plan(const struct plan *p, const report_list *reports, struct buf *out,
		     struct err *e);
/* The same document as a JSON value (a new reference, the caller's). */
json_t *json_plan_value(const struct plan *p, const report_list *reports);

#endif
