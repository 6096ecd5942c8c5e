/*
 * rows: turning result rows into the structs of plan.h, shared by the
 * whole-plan loader (tree.c) and the single-measure view (report.c), so a
 * link or a budget line is read the same way wherever it is shown.
 * Model-internal: only src/model includes it.
 */
#ifndef SAMSPEL_MODEL_ROWS_H
#define SAMSPEL_MODEL_ROWS_H

struct arena;
struct measure;
struct period;
struct plan_summary;
struct stmt;

/* Appends to m the organisation link in the row's columns col.. :
 * role, org id, org name, as written, note, collective. */
void rows_link(struct stmt *st, int col, struct arena *a, struct measure *m);
/* Appends to m the budget line in columns col.. : year, amount, text,
 * qualifier, per_year. */
void rows_budget(struct stmt *st, int col, struct arena *a, struct measure *m);
/* Fills p from the columns col, col + 1 (period_start, period_end) and
 * kind_col (period_kind). */
void rows_period(struct stmt *st, int col, int kind_col, struct period *p);

/* Fills s from the row's columns col.. : id, slug, title, kind, year (0
 * when none), status, published, owner name, owner id. */
void rows_plan_summary(struct stmt *st, int col, struct arena *a, struct plan_summary *s);

#endif
