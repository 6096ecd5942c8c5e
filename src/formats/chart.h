/*
 * chart: charts of a plan as SVG, drawn from the model's values - the same
 * counts (model/list.h list_count) and sums (model/plan.h) the pages' tables
 * show - for the web pages (inline, through web/html.h html_svg) and the PDF
 * (formats/pdf.c renders the very same SVG with librsvg).
 *
 * Each chart is accessible on its own: role="img" with a <title> and a
 * <desc> that says every number in words; a state or a year is never told
 * by colour alone (each has a texture and a legend, and counts are written
 * on the bars). Every text is escaped with buf_add_html. No style=
 * attributes (the page's Content-Security-Policy forbids them): fills and
 * fonts are presentation attributes.
 *
 * id makes the ids inside the SVG unique on a page ("chart-states").
 */
#ifndef SAMSPEL_FORMATS_CHART_H
#define SAMSPEL_FORMATS_CHART_H

#include "model/list.h"
#include "model/plan.h"

#include <stdbool.h>
#include <stdint.h>

struct buf;

/* Measures by state per area: one stacked horizontal bar per area of p
 * (plan order), a segment per state and one for "no report", from the
 * counts of list_count (an area missing from areas counts zero). */
void chart_states(struct buf *out, const char *id, const struct plan *p,
		  const list_counts_list *areas);

/* Budget per area: planned[i] for p->areas.items[i] (what the page's table
 * shows) and, when spent is not NULL, spent[i] beside it. */
void chart_budget(struct buf *out, const char *id, const struct plan *p,
		  const int64_t *planned, const int64_t *spent);

/* Budget per area and year (area_budget_in_year), stacked by year. Writes
 * nothing and returns false when no budget line gives a year. */
bool chart_budget_years(struct buf *out, const char *id, const struct plan *p);

/* The periods of p's measures on a time line with today ("YYYY-MM-DD")
 * marked: one bar per measure when there are at most CHART_TIMELINE_ROWS
 * with a period, else one per area from its earliest start to its latest
 * end. Writes nothing and returns false when no measure has a period. */
#define CHART_TIMELINE_ROWS 40
bool chart_timeline(struct buf *out, const char *id, const struct plan *p, const char *today);

/* Series over time (an indicator's observed values, its projections): one
 * line each over the periods in order (all series' periods, sorted as
 * text: "2015" < "2018"), a marker with a distinct shape at every value,
 * the series' values written beside the last point, a legend naming each
 * line and its dash, and the target as a dashed horizontal line when
 * has_target. The description says every value in words. Writes nothing
 * and returns false when no series has a value. */
struct chart_series {
	const char *name;
	const char *const *periods; /* n of them */
	const double *values;
	size_t n;
};
bool chart_series(struct buf *out, const char *id, const char *title, const char *unit,
		  const struct chart_series *series, size_t nseries, bool has_target,
		  double target);

#endif
