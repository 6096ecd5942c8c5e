/*
 * json: the plan as JSON, the open-data form of a plan. The same bytes come
 * from `samspel export SLUG --format json` and GET /plan/SLUG.json. The shape
 * is documented in docs/json.md; amounts are whole kroner as integers.
 */
#ifndef SAMSPEL_FORMATS_JSON_H
#define SAMSPEL_FORMATS_JSON_H

struct buf;
struct err;
struct plan;

/* Appends the JSON document of p (two-space indented, ending in a newline). */
int json_export_plan(const struct plan *p, struct buf *out, struct err *e);

#endif
