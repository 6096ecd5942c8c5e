/*
 * pdf: the plan as a PDF document (A4 portrait, cairo + pango, DejaVu Sans
 * so æ, ø, å and the Sámi letters are carried, text selectable): the
 * action plan a council sends to its municipalities, and its status report
 * for the council meeting. Every figure comes from model/plan.h's sums and
 * model/list.h's counts, the values the pages show.
 */
#ifndef SAMSPEL_FORMATS_PDF_H
#define SAMSPEL_FORMATS_PDF_H

#include <stddef.h>

struct actor;
struct buf;
struct err;
struct export_options;
struct plan;

/* The plan: a title page (title, council, adoption, values, vision, main
 * goal, budget per area with its chart), one section per area with its
 * goals and its table of measures (focus, strategy, measure, period,
 * responsible and taking part, budget), then the free sections. Rows are
 * never cut mid-line; the table's header is repeated on every page; each
 * page says its number and the day it was made. */
int pdf_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		    struct err *e);

/* The status report: the dashboard's figures (measures per state per area,
 * budget planned and spent, counted by list_count for who, as the page
 * /plan/SLUG/status counts them) with their charts, then per area each
 * measure's state in words and its latest report. o->db is needed. */
int pdf_export_status(const struct plan *p, const struct actor *who,
		      const struct export_options *o, struct buf *out, struct err *e);

/* A frozen status report (formats/frozen.h) from its stored JSON alone
 * (len bytes) and the SHA-256 of those bytes: the figures, then per area
 * each measure's state, latest report and spent, as they were. */
int pdf_frozen(const char *json, size_t len, const char *sha256, const char *lang,
	       struct buf *out, struct err *e);

#endif
