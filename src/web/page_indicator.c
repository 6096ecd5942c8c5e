/*
 * page_indicator.c: GET /indicator/{id} - an indicator: what it measures,
 * its unit and source; a chart of the observed values against the target
 * and every named projection; the same numbers as a table, each observed
 * value with its deviation from each projection for the same period
 * ("−149 personar" against "SSB framskriving 2014"); what it is linked to.
 */
#include "web/html.h"
#include "web/pages.h"
#include "formats/chart.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value as Norwegians write it: a comma for the point, a real minus. */
static void decimal(struct html *h, double v, int decimals, bool sign)
{
	char s[64], out[96];
	snprintf(s, sizeof s, sign ? "%+.*f" : "%.*f", decimals, v);
	size_t o = 0;
	for (const char *p = s; *p && o + 4 < sizeof out; p++) {
		if (*p == '-') {
			memcpy(out + o, "\u2212", 3);
			o += 3;
		} else {
			out[o++] = *p == '.' ? ',' : *p;
		}
	}
	out[o] = '\0';
	html_printf(h, "%s", out);
}

/* The value of period in vs, or NULL. */
static const struct record_value *value_at(const record_value_list *vs, const char *period)
{
	for (size_t i = 0; i < vs->count; i++)
		if (strcmp(vs->items[i].period, period) == 0)
			return &vs->items[i];
	return NULL;
}

static struct chart_series series_of(struct request *rq, const char *name,
				     const record_value_list *vs)
{
	struct chart_series s = {name, NULL, NULL, vs->count};
	const char **periods = arena_alloc(&rq->arena, (vs->count ? vs->count : 1) * sizeof *periods);
	double *values = arena_alloc(&rq->arena, (vs->count ? vs->count : 1) * sizeof *values);
	for (size_t i = 0; i < vs->count; i++) {
		periods[i] = vs->items[i].period;
		values[i] = strtod(vs->items[i].value, NULL);
	}
	s.periods = periods;
	s.values = values;
	return s;
}

/* The table: a row per period with the observed value and, per
 * projection, its value and the observed value's deviation from it. */
static void values_table(struct html *h, struct request *rq, const struct target *t,
			 const record_value_list *observed, struct node_values *projections,
			 const record_value_list *projected, size_t np, int decimals, const char *unit)
{
	html_printf(h, "<section aria-labelledby=\"values\"><h2 id=\"values\">%s</h2>"
		       "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"values-caption\">"
		       "<table class=\"data\"><caption id=\"values-caption\">%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
		    _("Values"), _("Observed values, projections and deviations"), _("Period"), _("Observed"));
	for (size_t p = 0; p < np; p++)
		html_printf(h, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
			    node_value(&projections[p], "name"),
			    arena_printf(&rq->arena, _("Deviation from %s"), node_value(&projections[p], "name")));
	html_lit(h, "</tr></thead><tbody>");
	/* Every period of any series, in order, once. */
	size_t total = observed->count;
	for (size_t p = 0; p < np; p++)
		total += projected[p].count;
	const char **periods = arena_alloc(&rq->arena, (total ? total : 1) * sizeof *periods);
	size_t n = 0;
	for (size_t s = 0; s <= np; s++) {
		const record_value_list *vs = s == 0 ? observed : &projected[s - 1];
		for (size_t i = 0; i < vs->count; i++) {
			size_t at = 0;
			while (at < n && strcmp(periods[at], vs->items[i].period) < 0)
				at++;
			if (at < n && strcmp(periods[at], vs->items[i].period) == 0)
				continue;
			memmove(periods + at + 1, periods + at, (n - at) * sizeof *periods);
			periods[at] = vs->items[i].period;
			n++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct record_value *o = value_at(observed, periods[i]);
		html_printf(h, "<tr><th scope=\"row\">%s</th><td class=\"num\">", periods[i]);
		if (o) {
			decimal(h, strtod(o->value, NULL), decimals, false);
			if (t->may_edit)
				html_printf(h, " <a href=\"/value/%lld/edit\">%s<span class=\"visually-hidden\"> %s</span></a>",
					    (long long)o->id, _("Edit"), periods[i]);
		}
		html_lit(h, "</td>");
		for (size_t p = 0; p < np; p++) {
			const struct record_value *pv = value_at(&projected[p], periods[i]);
			html_lit(h, "<td class=\"num\">");
			if (pv)
				decimal(h, strtod(pv->value, NULL), decimals, false);
			html_lit(h, "</td><td class=\"num\">");
			if (pv && o) {
				decimal(h, strtod(o->value, NULL) - strtod(pv->value, NULL), decimals, true);
				if (unit && *unit)
					html_printf(h, " %s", unit);
			}
			html_lit(h, "</td>");
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table></div></section>");
}

static void links_html(struct html *h, struct request *rq, const struct target *t, int64_t id)
{
	record_link_list links;
	struct err e = ERR_INIT;
	if (record_links(rq->db, &rq->arena, NODE_INDICATOR, id, false, &links, &e) != OK ||
	    (!links.count && !t->may_edit))
		return;
	html_printf(h, "<section aria-labelledby=\"links\"><h2 id=\"links\">%s</h2><ul>", _("Linked to"));
	for (size_t i = 0; i < links.count; i++) {
		if (links.items[i].href)
			html_printf(h, "<li>%s: <a href=\"%s\">%s</a></li>", node_kind_label(links.items[i].kind),
				    links.items[i].href, links.items[i].title);
		else
			html_printf(h, "<li>%s</li>", links.items[i].title);
	}
	html_lit(h, "</ul>");
	record_links_form(h, rq, t, NODE_INDICATOR, id, &links);
	html_lit(h, "</section>");
}

/* GET /indicator/{id} */
int page_indicator(struct request *rq, struct response *rs)
{
	struct target t;
	if (record_page_load(rq, rs, NODE_INDICATOR, &t) != OK)
		return rs->status;
	const struct node_values *v = &t.v;
	struct node_values *projections;
	size_t np;
	record_value_list observed;
	struct err e = ERR_INIT;
	if (record_kids(rq, NODE_PROJECTION, v->id, &projections, &np) != OK ||
	    record_values(rq->db, &rq->arena, v->id, 0, &observed, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	record_value_list *projected = arena_alloc(&rq->arena, (np ? np : 1) * sizeof *projected);
	for (size_t p = 0; p < np; p++)
		if (record_values(rq->db, &rq->arena, v->id, projections[p].id, &projected[p], &e) != OK)
			return page_error(rq, rs, 500, NULL);
	const char *unit = node_value(v, "unit");
	int decimals = node_value(v, "decimals") ? atoi(node_value(v, "decimals")) : 0;
	if (decimals < 0 || decimals > 6)
		decimals = 0;
	struct html h = HTML_INIT;
	record_page_head(&h, rq, &t, _("Indicator"), node_value(v, "name"));
	static const enum node_kind children[] = {NODE_VALUE, NODE_PROJECTION};
	record_edit_bar(&h, rq, &t, children, 2);
	html_lit(&h, "<dl class=\"facts\">");
	if (unit)
		html_printf(&h, "<dt>%s</dt><dd>%s</dd>", _("Unit"), unit);
	if (node_value(v, "source"))
		html_printf(&h, "<dt>%s</dt><dd>%s</dd>", _("Source"), node_value(v, "source"));
	if (node_value(v, "org")) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Area measured"));
		record_org(&h, rq, node_value(v, "org"));
		html_lit(&h, "</dd>");
	}
	const char *target = node_value(v, "target");
	if (target) {
		html_printf(&h, "<dt>%s</dt><dd>", _("Target"));
		decimal(&h, strtod(target, NULL), decimals, false);
		if (node_value(v, "target_period"))
			html_printf(&h, " (%s)", node_value(v, "target_period"));
		html_lit(&h, "</dd>");
	}
	html_lit(&h, "</dl>");
	/* The chart: observed first, then each projection. */
	struct chart_series *series = arena_alloc(&rq->arena, (np + 1) * sizeof *series);
	series[0] = series_of(rq, _("Observed"), &observed);
	for (size_t p = 0; p < np; p++)
		series[p + 1] = series_of(rq, node_value(&projections[p], "name"), &projected[p]);
	struct buf svg = BUF_INIT;
	/* Nothing is drawn when there are no values; the (empty) buffer is
	 * handed over all the same. */
	chart_series(&svg, "chart-indicator", node_value(v, "name"), unit, series, np + 1,
		     target != NULL, target ? strtod(target, NULL) : 0);
	html_svg(&h, &svg);
	values_table(&h, rq, &t, &observed, projections, projected, np, decimals, unit);
	if (t.may_edit && np) {
		html_printf(&h, "<p>%s", _("Projections:"));
		for (size_t p = 0; p < np; p++) {
			html_printf(&h, " %s", node_value(&projections[p], "name"));
			record_item_actions(&h, &t, &projections[p]);
		}
		html_lit(&h, "</p>");
	}
	links_html(&h, rq, &t, v->id);
	page_documents_section(&h, rq, "indicator", v->id, t.may_edit);
	record_decisions_behind(&h, rq, NODE_INDICATOR, v->id);
	record_page_end(&h, rq, rs);
	return 200;
}
