/* chart.c: charts as SVG (see chart.h). */
#include "formats/chart.h"
#include "model/report.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans, Verdana, sans-serif"
#define INK "#1b2430"
#define MUTED "#4f5b68"
#define WIDTH 720
#define LABEL_W 230   /* the column of area names */
#define BAR_X 240
#define BAR_W 360     /* room after it for the figure */
#define LABEL_CHARS 34 /* characters of a label line */
#define TIMELINE_CHARS 28 /* of a timeline row: one line at 12 px in LABEL_W */

/* The states in the order of their segments: the report states, then no
 * report. Each has a colour and a texture, so that neither is the only
 * sign. */
#define NSTATES (STATE_COUNT + 1)

struct look {
	const char *fill;    /* background colour */
	const char *ink;     /* the texture's colour */
	int texture;         /* 0 none, 1 diagonal, 2 cross, 3 dots, 4 horizontal, 5 vertical */
};

static const struct look state_looks[NSTATES] = {
	{"#ffffff", "#4f5b68", 3},  /* not started: dots on white */
	{"#3f8a4c", "#3f8a4c", 0},  /* on track: green, plain */
	{"#f0c35a", "#6b4600", 1},  /* at risk: amber, diagonal */
	{"#d9826f", "#6d1f12", 2},  /* delayed: red, cross-hatched */
	{"#2c6e9b", "#cfe3f0", 4},  /* done: blue, horizontal lines */
	{"#c4ccd4", "#4f5b68", 5},  /* cancelled: grey, vertical lines */
	{"#f3f5f7", "#8a96a3", 1},  /* no report: pale, thin diagonal */
};

static const struct look year_looks[] = {
	{"#2c6e9b", "#2c6e9b", 0}, {"#f0c35a", "#6b4600", 1}, {"#3f8a4c", "#d8ecd9", 4},
	{"#d9826f", "#6d1f12", 2}, {"#c4ccd4", "#4f5b68", 5}, {"#ffffff", "#4f5b68", 3},
};
#define NYEAR_LOOKS (sizeof year_looks / sizeof *year_looks)

static void text_esc(struct buf *b, const char *s)
{
	if (s)
		buf_add_html(b, s, strlen(s));
}

static const char *state_code(int s)
{
	return s < STATE_COUNT ? report_state_code((enum report_state)s) : "none";
}

/* A <pattern> called ID-NAME painting look. */
static void pattern(struct buf *b, const char *id, const char *name, const struct look *l)
{
	buf_addf(b, "<pattern id=\"%s-%s\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">",
		 id, name);
	switch (l->texture) {
	case 1:
		buf_addf(b, "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"%s\" stroke-width=\"1.5\"/>",
			 l->ink);
		break;
	case 2:
		buf_addf(b, "<path d=\"M0,0 l8,8 M8,0 l-8,8\" stroke=\"%s\" stroke-width=\"1.2\"/>", l->ink);
		break;
	case 3:
		buf_addf(b, "<circle cx=\"4\" cy=\"4\" r=\"1.4\" fill=\"%s\"/>", l->ink);
		break;
	case 4:
		buf_addf(b, "<path d=\"M0,4 h8\" stroke=\"%s\" stroke-width=\"1.5\"/>", l->ink);
		break;
	case 5:
		buf_addf(b, "<path d=\"M4,0 v8\" stroke=\"%s\" stroke-width=\"1.5\"/>", l->ink);
		break;
	default:
		break;
	}
	buf_adds(b, "</pattern>");
}

/* A rectangle in look: its colour, then its texture (pattern ID-NAME)
 * over it, then the outline. */
static void box(struct buf *b, const char *id, const char *name, const struct look *l, double x,
		double y, double w, double h)
{
	buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h,
		 l->fill);
	if (l->texture)
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#%s-%s)\"/>",
			 x, y, w, h, id, name);
	buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
		    " stroke=\"" INK "\" stroke-width=\"0.8\"/>", x, y, w, h);
}

/* The opening of an svg of height h with its title and description. */
static void begin(struct buf *b, const char *id, int h, const char *title, const char *desc)
{
	buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" role=\"img\""
		    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		    " aria-labelledby=\"%s-title %s-desc\" font-family=\"" FONT "\" font-size=\"13\""
		    " fill=\"" INK "\"><title id=\"%s-title\">",
		 id, WIDTH, h, WIDTH, h, id, id, id);
	text_esc(b, title);
	buf_addf(b, "</title><desc id=\"%s-desc\">", id);
	text_esc(b, desc);
	buf_adds(b, "</desc>");
}

/* A label of at most two lines of LABEL_CHARS characters, right-aligned at
 * x, centred on y. */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Bytes of s that make at most max characters, cut after a space when
 * there is one. */
static size_t fit(const char *s, size_t max, bool at_space)
{
	size_t n = strlen(s), c = 0, i = 0, space = 0;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (c == max)
				break;
			c++;
		}
		if (s[i] == ' ')
			space = i;
	}
	if (i < n && at_space && space > max / 3)
		return space;
	return i;
}

static void label(struct buf *b, double x, double y, const char *s)
{
	size_t n = strlen(s);
	buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">", x, y);
	if (chars(s, n) <= LABEL_CHARS) {
		text_esc(b, s);
	} else {
		size_t first = fit(s, LABEL_CHARS, true);
		const char *rest = s + first;
		while (*rest == ' ')
			rest++;
		size_t second = fit(rest, LABEL_CHARS - 1, false);
		buf_addf(b, "<tspan x=\"%.1f\" dy=\"-0.6em\">", x);
		buf_add_html(b, s, first);
		buf_addf(b, "</tspan><tspan x=\"%.1f\" dy=\"1.2em\">", x);
		buf_add_html(b, rest, second);
		if (rest[second])
			buf_adds(b, "…");
		buf_adds(b, "</tspan>");
	}
	buf_adds(b, "</text>");
}

static const char *area_label(struct buf *tmp, const struct area *ar)
{
	buf_reset(tmp);
	if (ar->number && *ar->number)
		buf_addf(tmp, "%s. ", ar->number);
	buf_adds(tmp, ar->title);
	return tmp->data;
}

static void money(struct buf *b, int64_t amount)
{
	struct buf m = BUF_INIT;
	money_format(&m, amount);
	buf_add_html(b, m.data, m.len);
	buf_release(&m);
}

/* A legend entry at (x, y): a swatch filled with pattern ID-NAME and text. */
static void legend(struct buf *b, const char *id, const char *name, const struct look *l,
		   double x, double y, const char *text)
{
	box(b, id, name, l, x, y - 7, 18, 14);
	buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">", x + 24, y);
	text_esc(b, text);
	buf_adds(b, "</text>");
}

/* A figure written on a bar, with a white halo so it reads on any
 * texture. */
static void on_bar(struct buf *b, double x, double y, const char *text)
{
	buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"middle\""
		    " font-weight=\"bold\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">",
		 x, y);
	text_esc(b, text);
	buf_adds(b, "</text>");
}

/* --- measures by state --- */

static const struct list_counts *counts_for(const list_counts_list *areas, int64_t id)
{
	static const struct list_counts none;
	for (size_t i = 0; i < areas->count; i++)
		if (areas->items[i].area_id == id)
			return &areas->items[i];
	return &none;
}

static size_t state_count(const struct list_counts *c, int s)
{
	return s < STATE_COUNT ? c->by_state[s] : c->no_report;
}

void chart_states(struct buf *out, const char *id, const struct plan *p,
		  const list_counts_list *areas)
{
	struct buf desc = BUF_INIT, tmp = BUF_INIT;
	size_t max = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct list_counts *c = counts_for(areas, p->areas.items[i].id);
		if (c->total > max)
			max = c->total;
		buf_addf(&desc, "%s%s: %zu", i ? ". " : "", area_label(&tmp, &p->areas.items[i]),
			 c->total);
		const char *sep = " (";
		for (int s = 0; s < NSTATES; s++)
			if (state_count(c, s)) {
				buf_addf(&desc, "%s%s %zu", sep, report_state_label(state_code(s)),
					 state_count(c, s));
				sep = ", ";
			}
		if (*sep == ',')
			buf_adds(&desc, ")");
	}
	if (p->areas.count)
		buf_adds(&desc, ".");
	const int row = 40, top = 8;
	int legend_rows = (NSTATES + 3) / 4;
	int h = top + (int)p->areas.count * row + 16 + legend_rows * 24;
	begin(out, id, h, _("Measures by state"), desc.data);
	buf_adds(out, "<defs>");
	for (int s = 0; s < NSTATES; s++)
		pattern(out, id, state_code(s), &state_looks[s]);
	buf_adds(out, "</defs>");
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct list_counts *c = counts_for(areas, p->areas.items[i].id);
		double y = top + (double)i * row, mid = y + row / 2.0;
		label(out, LABEL_W, mid, area_label(&tmp, &p->areas.items[i]));
		double x = BAR_X;
		for (int s = 0; s < NSTATES && max; s++) {
			size_t n = state_count(c, s);
			if (!n)
				continue;
			double w = (double)BAR_W * (double)n / (double)max;
			box(out, id, state_code(s), &state_looks[s], x, y + 8, w, row - 16);
			if (w >= 18) {
				char num[32];
				snprintf(num, sizeof num, "%zu", n);
				on_bar(out, x + w / 2, mid, num);
			}
			x += w;
		}
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">%zu</text>", x + 6,
			 mid, c->total);
	}
	double ly = top + (double)p->areas.count * row + 16;
	for (int s = 0; s < NSTATES; s++)
		legend(out, id, state_code(s), &state_looks[s], 10 + (s % 4) * 175, ly + (s / 4) * 24,
		       report_state_label(state_code(s)));
	buf_adds(out, "</svg>\n");
	buf_release(&desc);
	buf_release(&tmp);
}

/* --- budget --- */

void chart_budget(struct buf *out, const char *id, const struct plan *p,
		  const int64_t *planned, const int64_t *spent)
{
	struct buf desc = BUF_INIT, tmp = BUF_INIT;
	int64_t max = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		if (planned[i] > max)
			max = planned[i];
		if (spent && spent[i] > max)
			max = spent[i];
		buf_addf(&desc, "%s%s: ", i ? ". " : "", area_label(&tmp, &p->areas.items[i]));
		if (spent)
			buf_addf(&desc, "%s ", _("Planned"));
		money_format(&desc, planned[i]);
		if (spent) {
			buf_addf(&desc, ", %s ", _("Spent"));
			money_format(&desc, spent[i]);
		}
	}
	if (p->areas.count)
		buf_adds(&desc, ".");
	const int bar = spent ? 14 : 20, row = spent ? 44 : 36, top = 8;
	int h = top + (int)p->areas.count * row + (spent ? 40 : 8);
	begin(out, id, h, spent ? _("Budget and spending") : _("Budget per area"), desc.data);
	const struct look planned_look = {"#2c6e9b", "#2c6e9b", 0};
	const struct look spent_look = {"#b7dcbc", "#2f6b3a", 1};
	buf_adds(out, "<defs>");
	pattern(out, id, "planned", &planned_look);
	pattern(out, id, "spent", &spent_look);
	buf_adds(out, "</defs>");
	for (size_t i = 0; i < p->areas.count; i++) {
		double y = top + (double)i * row, mid = y + row / 2.0;
		label(out, LABEL_W, mid, area_label(&tmp, &p->areas.items[i]));
		for (int k = 0; k < (spent ? 2 : 1); k++) {
			int64_t v = k ? spent[i] : planned[i];
			double w = max ? (double)BAR_W * (double)v / (double)max : 0;
			double by = spent ? mid - bar - 1 + k * (bar + 2) : mid - bar / 2.0;
			if (w > 0)
				box(out, id, k ? "spent" : "planned", k ? &spent_look : &planned_look, BAR_X,
				    by, w, bar);
			buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\">",
				 BAR_X + w + 6, by + bar / 2.0);
			money(out, v);
			buf_adds(out, "</text>");
		}
	}
	if (spent) {
		double ly = top + (double)p->areas.count * row + 20;
		legend(out, id, "planned", &planned_look, 10, ly, _("Planned"));
		legend(out, id, "spent", &spent_look, 185, ly, _("Spent"));
	}
	buf_adds(out, "</svg>\n");
	buf_release(&desc);
	buf_release(&tmp);
}

/* --- budget per year --- */

#define MAX_YEARS 12

static void year_name(struct buf *b, int year)
{
	if (year)
		buf_addf(b, "%d", year);
	else
		buf_adds(b, _("Year not given"));
}

bool chart_budget_years(struct buf *out, const char *id, const struct plan *p)
{
	int years[MAX_YEARS];
	size_t ny = plan_budget_years(p, years, MAX_YEARS);
	bool any_year = false;
	for (size_t k = 0; k < ny; k++)
		any_year |= years[k] != 0;
	if (!any_year)
		return false;
	struct buf desc = BUF_INIT, tmp = BUF_INIT;
	int64_t max = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		int64_t total = 0;
		buf_addf(&desc, "%s%s:", i ? ". " : "", area_label(&tmp, ar));
		for (size_t k = 0; k < ny; k++) {
			int64_t v = area_budget_in_year(ar, years[k]);
			total += v;
			buf_adds(&desc, k ? ", " : " ");
			year_name(&desc, years[k]);
			buf_adds(&desc, " ");
			money_format(&desc, v);
		}
		if (total > max)
			max = total;
	}
	buf_adds(&desc, ".");
	const int row = 40, top = 8;
	int legend_rows = (int)(ny + 3) / 4;
	int h = top + (int)p->areas.count * row + 16 + legend_rows * 24;
	begin(out, id, h, _("Budget per area and year"), desc.data);
	buf_adds(out, "<defs>");
	for (size_t k = 0; k < ny; k++) {
		char name[32];
		snprintf(name, sizeof name, "y%zu", k);
		pattern(out, id, name, &year_looks[k % NYEAR_LOOKS]);
	}
	buf_adds(out, "</defs>");
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		double y = top + (double)i * row, mid = y + row / 2.0, x = BAR_X;
		label(out, LABEL_W, mid, area_label(&tmp, ar));
		int64_t total = 0;
		for (size_t k = 0; k < ny; k++) {
			int64_t v = area_budget_in_year(ar, years[k]);
			total += v;
			if (v <= 0 || !max)
				continue;
			double w = (double)BAR_W * (double)v / (double)max;
			char name[32];
			snprintf(name, sizeof name, "y%zu", k);
			box(out, id, name, &year_looks[k % NYEAR_LOOKS], x, y + 8, w, row - 16);
			x += w;
		}
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\">", x + 6,
			 mid);
		money(out, total);
		buf_adds(out, "</text>");
	}
	double ly = top + (double)p->areas.count * row + 16;
	for (size_t k = 0; k < ny; k++) {
		char name[32];
		snprintf(name, sizeof name, "y%zu", k);
		buf_reset(&tmp);
		year_name(&tmp, years[k]);
		legend(out, id, name, &year_looks[k % NYEAR_LOOKS], 10 + (double)(k % 4) * 175,
		       ly + (double)(k / 4) * 24, tmp.data);
	}
	buf_adds(out, "</svg>\n");
	buf_release(&desc);
	buf_release(&tmp);
	return true;
}

/* --- the time line --- */

/* "2023-02" or "2023-02-10" as a month number (year * 12 + month - 1), or
 * -1. */
static int month_of(const char *s)
{
	int y, m;
	if (!s || strlen(s) < 7 || sscanf(s, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return -1;
	return y * 12 + m - 1;
}

struct span {
	const char *label; /* area title or a measure's first words */
	const char *period; /* the plan's words */
	int from, to;       /* months; to is the first month after */
	size_t measures;
	bool area_head;     /* a heading row: the area the measures below are in */
};

static bool period_of(const struct measure *m, int *from, int *to)
{
	int a = month_of(m->period.start), b = month_of(m->period.end);
	if (a < 0 && b < 0)
		return false;
	if (a < 0)
		a = b;
	if (b < 0)
		b = a;
	if (b < a)
		b = a;
	*from = a;
	*to = b + 1;
	return true;
}

/* The first words of text (at most max characters), into b. */
static const char *first_words(struct buf *b, const char *text, size_t max)
{
	buf_reset(b);
	const char *nl = strchr(text, '\n');
	size_t line = nl ? (size_t)(nl - text) : strlen(text);
	size_t n = fit(text, max, true);
	if (n > line)
		n = line;
	buf_add(b, text, n);
	if (n < strlen(text))
		buf_adds(b, "…");
	return b->data;
}

bool chart_timeline(struct buf *out, const char *id, const struct plan *p, const char *today)
{
	size_t with = 0;
	int lo = -1, hi = -1;
	for (size_t i = 0; i < p->areas.count; i++)
		for (size_t f = 0; f < p->areas.items[i].focuses.count; f++)
			for (size_t s = 0; s < p->areas.items[i].focuses.items[f].strategies.count; s++) {
				const struct strategy *st = &p->areas.items[i].focuses.items[f].strategies.items[s];
				for (size_t m = 0; m < st->measures.count; m++) {
					int a, b;
					if (!period_of(&st->measures.items[m], &a, &b))
						continue;
					with++;
					lo = lo < 0 || a < lo ? a : lo;
					hi = hi < 0 || b > hi ? b : hi;
				}
			}
	if (!with)
		return false;
	bool each = with <= CHART_TIMELINE_ROWS;
	/* The rows: areas, and under each its measures (each) or one bar. */
	size_t cap = p->areas.count + (each ? with : 0), n = 0;
	struct span *rows = calloc(cap ? cap : 1, sizeof *rows);
	struct buf tmp = BUF_INIT;
	struct buf *labels = calloc(cap ? cap : 1, sizeof *labels);
	for (size_t i = 0; i < cap; i++)
		buf_init(&labels[i]);
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		size_t head = n++;
		rows[head] = (struct span){area_label(&labels[head], ar), "", -1, -1, 0, each};
		for (size_t f = 0; f < ar->focuses.count; f++)
			for (size_t s = 0; s < ar->focuses.items[f].strategies.count; s++) {
				const struct strategy *st = &ar->focuses.items[f].strategies.items[s];
				for (size_t m = 0; m < st->measures.count; m++) {
					const struct measure *me = &st->measures.items[m];
					int a, b;
					if (!period_of(me, &a, &b))
						continue;
					struct span *h = &rows[head];
					h->measures++;
					h->from = h->from < 0 || a < h->from ? a : h->from;
					h->to = h->to < 0 || b > h->to ? b : h->to;
					if (each) {
						rows[n] = (struct span){first_words(&labels[n], me->text, TIMELINE_CHARS),
									me->period_text, a, b, 1, false};
						n++;
					}
				}
			}
		if (!rows[head].measures && !each)
			n--; /* an area without periods has no bar */
	}
	int now = month_of(today);
	if (now >= 0 && now < lo)
		lo = now;
	if (now >= 0 && now + 1 > hi)
		hi = now + 1;
	lo -= lo % 12;             /* whole years */
	hi += (12 - hi % 12) % 12;
	if (hi <= lo)
		hi = lo + 12;
	struct buf desc = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct span *r = &rows[i];
		if (r->from < 0)
			continue;
		buf_addf(&desc, "%s%s: %d.%d–%d.%d", desc.len ? ". " : "", r->label, r->from % 12 + 1,
			 r->from / 12, (r->to - 1) % 12 + 1, (r->to - 1) / 12);
		if (!each)
			buf_addf(&desc, " (%zu)", r->measures);
	}
	if (now >= 0) {
		buf_addf(&desc, ". %s: ", _("Today"));
		buf_adds(&desc, today);
	}
	buf_adds(&desc, ".");
	const int row = each ? 22 : 34, top = 30;
	int bottom = top + (int)n * row + 4, h = bottom + 22;
	begin(out, id, h, _("Measure periods"), desc.data);
	double scale = (double)BAR_W / (double)(hi - lo);
	/* The years: a line and a label at each January. */
	for (int m = lo; m <= hi; m += 12) {
		double x = BAR_X + (m - lo) * scale;
		buf_addf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d5dbe1\"/>", x, top - 6,
			 x, bottom);
		if (m < hi)
			buf_addf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"" MUTED "\">%d</text>",
				 x + 3, top - 12, m / 12);
	}
	for (size_t i = 0; i < n; i++) {
		const struct span *r = &rows[i];
		double y = top + (double)i * row, mid = y + row / 2.0;
		if (r->area_head) {
			buf_addf(out, "<text x=\"10\" y=\"%.1f\" dominant-baseline=\"middle\" font-weight=\"bold\">",
				 mid);
			text_esc(out, r->label);
			buf_adds(out, "</text>");
			continue;
		}
		if (each) { /* one line: the rows are close */
			buf_addf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\""
				      " font-size=\"12\">", LABEL_W, mid);
			text_esc(out, r->label);
			buf_adds(out, "</text>");
		} else {
			label(out, LABEL_W, mid, r->label);
		}
		double x = BAR_X + (r->from - lo) * scale, w = (r->to - r->from) * scale;
		buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"#2c6e9b\""
			      " stroke=\"" INK "\" stroke-width=\"0.6\"/>",
			 x, mid - (row - 10) / 2.0, w, row - 10);
		if (!each) {
			char num[32];
			snprintf(num, sizeof num, "%zu", r->measures);
			buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\">",
				 x + w + 4, mid);
			text_esc(out, num);
			buf_adds(out, "</text>");
		}
	}
	if (now >= 0 && now >= lo && now < hi) {
		int d = 15;
		if (strlen(today) >= 10)
			d = atoi(today + 8);
		double x = BAR_X + ((now - lo) + (d - 1) / 31.0) * scale;
		buf_addf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#a3271b\""
			      " stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
			      "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" font-weight=\"bold\" fill=\"#a3271b\""
			      " text-anchor=\"middle\">",
			 x, top - 4, x, bottom + 2, x, h - 4);
		text_esc(out, _("Today"));
		buf_adds(out, "</text>");
	}
	buf_adds(out, "</svg>\n");
	for (size_t i = 0; i < cap; i++)
		buf_release(&labels[i]);
	free(labels);
	free(rows);
	buf_release(&desc);
	buf_release(&tmp);
	return true;
}

/* --- series over time --- */

#define SERIES_LOOKS 4
static const struct {
	const char *colour, *dash;
} series_looks[SERIES_LOOKS] = {
	{"#2c6e9b", ""}, {"#6b4600", "6 4"}, {"#3f8a4c", "2 3"}, {"#6d1f12", "10 3 2 3"},
};

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A marker of series s at (x, y): circle, square, triangle, diamond. */
static void marker(struct buf *b, size_t s, double x, double y)
{
	const char *c = series_looks[s % SERIES_LOOKS].colour;
	switch (s % SERIES_LOOKS) {
	case 0: buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y, c); break;
	case 1:
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>",
			 x - 4, y - 4, c);
		break;
	case 2:
		buf_addf(b, "<path d=\"M%.1f,%.1f l5,9 h-10 z\" fill=\"%s\"/>", x, y - 5, c);
		break;
	default:
		buf_addf(b, "<path d=\"M%.1f,%.1f l5,5 l-5,5 l-5,-5 z\" fill=\"%s\"/>", x, y - 5, c);
		break;
	}
}

static void number(struct buf *b, double v)
{
	char s[48];
	snprintf(s, sizeof s, "%.10g", v);
	text_esc(b, s);
}

bool chart_series(struct buf *out, const char *id, const char *title, const char *unit,
		  const struct chart_series *series, size_t nseries, bool has_target,
		  double target)
{
	/* The periods of every series, once each, in order. */
	const char **periods = NULL;
	size_t np = 0, total = 0;
	for (size_t s = 0; s < nseries; s++)
		total += series[s].n;
	if (!total)
		return false;
	periods = malloc(total * sizeof *periods);
	if (!periods)
		abort();
	for (size_t s = 0; s < nseries; s++)
		for (size_t i = 0; i < series[s].n; i++)
			periods[np++] = series[s].periods[i];
	qsort(periods, np, sizeof *periods, by_text);
	size_t distinct = 0;
	for (size_t i = 0; i < np; i++)
		if (!distinct || strcmp(periods[distinct - 1], periods[i]) != 0)
			periods[distinct++] = periods[i];
	double lo = has_target ? target : series[0].n ? series[0].values[0] : 0, hi = lo;
	for (size_t s = 0; s < nseries; s++)
		for (size_t i = 0; i < series[s].n; i++) {
			lo = series[s].values[i] < lo ? series[s].values[i] : lo;
			hi = series[s].values[i] > hi ? series[s].values[i] : hi;
		}
	if (lo > 0 && lo < hi * 0.5)
		lo = 0; /* small ranges near zero start at zero */
	double pad = (hi - lo) * 0.1;
	if (pad == 0)
		pad = hi != 0 ? (hi < 0 ? -hi : hi) * 0.1 : 1;
	lo -= pad;
	hi += pad;
	const double left = 90, right = WIDTH - 150, top = 20, bottom = 250;
	int height = 290 + 22 * (int)(nseries + (has_target ? 1 : 0));
	/* The description: every value in words. */
	struct buf desc = BUF_INIT;
	for (size_t s = 0; s < nseries; s++) {
		buf_addf(&desc, "%s%s:", s ? ". " : "", series[s].name);
		for (size_t i = 0; i < series[s].n; i++)
			buf_addf(&desc, "%s %s %.10g", i ? "," : "", series[s].periods[i], series[s].values[i]);
	}
	if (has_target)
		buf_addf(&desc, ". %s %.10g", _("Target:"), target);
	if (unit && *unit)
		buf_addf(&desc, " (%s)", unit);
	begin(out, id, height, title, desc.data);
	buf_release(&desc);
	/* Axes: the value scale at four steps, the periods below. */
	for (int t = 0; t <= 4; t++) {
		double v = lo + (hi - lo) * t / 4, y = bottom - (bottom - top) * t / 4;
		buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d5dbe1\"/>",
			 left, right, y, y);
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\""
			      " fill=\"" MUTED "\">", left - 6, y);
		char s[48];
		snprintf(s, sizeof s, "%.0f", v);
		text_esc(out, s);
		buf_adds(out, "</text>");
	}
	double step = distinct > 1 ? (right - left) / (double)(distinct - 1) : 0;
	for (size_t i = 0; i < distinct; i++) {
		double x = distinct > 1 ? left + step * (double)i : (left + right) / 2;
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, bottom + 18);
		text_esc(out, periods[i]);
		buf_adds(out, "</text>");
	}
	if (has_target) {
		double y = bottom - (bottom - top) * (target - lo) / (hi - lo);
		buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\""
			      " stroke-width=\"1.5\" stroke-dasharray=\"2 6\"/>", left, right, y, y);
	}
	for (size_t s = 0; s < nseries; s++) {
		const char *c = series_looks[s % SERIES_LOOKS].colour;
		struct buf path = BUF_INIT;
		double lx = 0, ly = 0;
		for (size_t i = 0; i < series[s].n; i++) {
			size_t at = 0;
			while (at < distinct && strcmp(periods[at], series[s].periods[i]) != 0)
				at++;
			lx = distinct > 1 ? left + step * (double)at : (left + right) / 2;
			ly = bottom - (bottom - top) * (series[s].values[i] - lo) / (hi - lo);
			buf_addf(&path, "%s%.1f,%.1f", i ? " L" : "M", lx, ly);
		}
		if (series[s].n > 1)
			buf_addf(out, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
				      " stroke-dasharray=\"%s\"/>",
				 path.data, c, series_looks[s % SERIES_LOOKS].dash);
		buf_release(&path);
		for (size_t i = 0; i < series[s].n; i++) {
			size_t at = 0;
			while (at < distinct && strcmp(periods[at], series[s].periods[i]) != 0)
				at++;
			double x = distinct > 1 ? left + step * (double)at : (left + right) / 2;
			marker(out, s, x, bottom - (bottom - top) * (series[s].values[i] - lo) / (hi - lo));
		}
		if (series[s].n) { /* the last value beside its point */
			buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\""
				      " font-weight=\"bold\">", lx + 10, ly);
			number(out, series[s].values[series[s].n - 1]);
			buf_adds(out, "</text>");
		}
		/* Its legend: the line with its dash and marker, and its name. */
		double y = bottom + 44 + 22 * (double)s;
		buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
			      " stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
			 left, left + 30, y, y, c, series_looks[s % SERIES_LOOKS].dash);
		marker(out, s, left + 15, y);
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">", left + 40, y);
		text_esc(out, series[s].name);
		buf_adds(out, "</text>");
	}
	if (has_target) {
		double y = bottom + 44 + 22 * (double)nseries;
		buf_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\""
			      " stroke-width=\"1.5\" stroke-dasharray=\"2 6\"/>", left, left + 30, y, y);
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">", left + 40, y);
		text_esc(out, _("Target"));
		buf_adds(out, ": ");
		number(out, target);
		buf_adds(out, "</text>");
	}
	buf_adds(out, "</svg>");
	free(periods);
	return true;
}
