/* pdf_doc.c: pages, text flow and tables for the PDF writers (see
 * pdf_doc.h). cairo's PDF surface writes into a buf; pango lays out every
 * text in DejaVu Sans, so it is real, selectable text with the font
 * embedded. */
#include "formats/pdf_doc.h"
#include "base/arena.h"
#include "base/money.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define LEFT 48.0
#define TOP 52.0
#define BOTTOM (PAGE_H - 62.0) /* where the text ends; the footer below */
#define TEXT_W (PAGE_W - 2 * LEFT)
#define PAD 3.0
#define FAMILY "DejaVu Sans"

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontDescription *fonts[PDF_FONTS];
	PangoLayout *layout;
	PangoLayout *cells[PDF_MAX_COLS];
	double y;
	int page;   /* the page being drawn, from 1; 0 before the first */
	char *footer;
	const struct pdf_table *table; /* the table being drawn, or NULL */
	double x[PDF_MAX_COLS + 1];    /* its column edges */
};

static void ink(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0x1b / 255.0, 0x24 / 255.0, 0x30 / 255.0);
}

static void muted(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0x4f / 255.0, 0x5b / 255.0, 0x68 / 255.0);
}

static void fjord(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0x0c / 255.0, 0x4a / 255.0, 0x6e / 255.0);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void pdf_date(char *out, size_t n, const char *iso)
{
	int y, m, d;
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		snprintf(out, n, "%d.%d.%d", d, m, y);
	else
		snprintf(out, n, "%s", iso ? iso : "");
}

struct pdf_doc *pdf_begin(struct buf *out, const char *title, const char *author,
			  const char *lang)
{
	struct pdf_doc *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	d->surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_restrict_to_version(d->surface, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	if (author)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
				       "samspel " SAMSPEL_VERSION);
	d->cr = cairo_create(d->surface);
	static const struct {
		double size;
		PangoWeight weight;
	} spec[PDF_FONTS] = {
		[PDF_BODY] = {10, PANGO_WEIGHT_NORMAL},   [PDF_BOLD] = {10, PANGO_WEIGHT_BOLD},
		[PDF_SMALL] = {8, PANGO_WEIGHT_NORMAL},   [PDF_SMALL_BOLD] = {8, PANGO_WEIGHT_BOLD},
		[PDF_H1] = {17, PANGO_WEIGHT_BOLD},       [PDF_H2] = {13, PANGO_WEIGHT_BOLD},
		[PDF_H3] = {11, PANGO_WEIGHT_BOLD},       [PDF_TITLE] = {26, PANGO_WEIGHT_BOLD},
		[PDF_KICKER] = {10, PANGO_WEIGHT_BOLD},
	};
	for (int i = 0; i < PDF_FONTS; i++) {
		d->fonts[i] = pango_font_description_new();
		pango_font_description_set_family(d->fonts[i], FAMILY);
		pango_font_description_set_absolute_size(d->fonts[i], spec[i].size * PANGO_SCALE);
		pango_font_description_set_weight(d->fonts[i], spec[i].weight);
	}
	d->layout = pango_cairo_create_layout(d->cr);
	/* The language shapes the text (and hyphenation rules) right. */
	PangoLanguage *l = pango_language_from_string(lang && strcmp(lang, "en") != 0 ? "nn" : "en");
	pango_context_set_language(pango_layout_get_context(d->layout), l);
	/* A word too long for its column breaks without an added hyphen, so
	 * that the text is found again as written. */
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_wrap(d->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_attributes(d->layout, attrs);
	for (int i = 0; i < PDF_MAX_COLS; i++) {
		d->cells[i] = pango_cairo_create_layout(d->cr);
		pango_context_set_language(pango_layout_get_context(d->cells[i]), l);
		pango_layout_set_wrap(d->cells[i], PANGO_WRAP_WORD_CHAR);
		pango_layout_set_attributes(d->cells[i], attrs);
	}
	pango_attr_list_unref(attrs);
	char today[11], made[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	pdf_date(made, sizeof made, today);
	struct buf f = BUF_INIT;
	buf_addf(&f, "%s · ", title);
	buf_addf(&f, _("Made %s"), made);
	d->footer = buf_detach(&f, NULL);
	return d;
}

/* --- pages --- */

static void footer(struct pdf_doc *d)
{
	cairo_t *cr = d->cr;
	PangoLayout *l = d->layout;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0xd5 / 255.0, 0xdb / 255.0, 0xe1 / 255.0);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, LEFT, BOTTOM + 18);
	cairo_line_to(cr, PAGE_W - LEFT, BOTTOM + 18);
	cairo_stroke(cr);
	muted(cr);
	pango_layout_set_font_description(l, d->fonts[PDF_SMALL]);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	pango_layout_set_width(l, (int)((TEXT_W - 80) * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(l, d->footer, -1);
	cairo_move_to(cr, LEFT, BOTTOM + 24);
	pango_cairo_show_layout(cr, l);
	char page[64];
	snprintf(page, sizeof page, _("Page %d"), d->page);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(l, page, -1);
	cairo_move_to(cr, LEFT, BOTTOM + 24);
	pango_cairo_show_layout(cr, l);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	cairo_restore(cr);
}

static void table_head(struct pdf_doc *d);

/* Makes sure a page is open. */
static void open_page(struct pdf_doc *d)
{
	if (d->page)
		return;
	d->page = 1;
	d->y = TOP;
}

void pdf_new_page(struct pdf_doc *d)
{
	if (!d->page) {
		open_page(d);
		return;
	}
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = TOP;
	if (d->table)
		table_head(d);
}

void pdf_space(struct pdf_doc *d, double points)
{
	open_page(d);
	if (d->y > TOP)
		d->y += points;
}

void pdf_need(struct pdf_doc *d, double points)
{
	open_page(d);
	if (d->y + points > BOTTOM && d->y > TOP)
		pdf_new_page(d);
}

int pdf_end(struct pdf_doc *d, struct err *e)
{
	open_page(d);
	footer(d);
	cairo_show_page(d->cr);
	for (int i = 0; i < PDF_MAX_COLS; i++)
		g_object_unref(d->cells[i]);
	g_object_unref(d->layout);
	for (int i = 0; i < PDF_FONTS; i++)
		pango_font_description_free(d->fonts[i]);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	cairo_status_t st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	free(d->footer);
	free(d);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, ERR_INTERNAL, NULL, "pdf: %s", cairo_status_to_string(st));
	return OK;
}

/* --- text --- */

/* Lays text out in l: font, width, alignment. */
static void set(struct pdf_doc *d, PangoLayout *l, enum pdf_font font, double width, bool right,
		const char *text)
{
	pango_layout_set_font_description(l, d->fonts[font]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text ? text : "", -1);
}

static double height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draws l at x from d->y down, line by line, breaking the page between
 * lines when one does not fit. */
static void flow(struct pdf_doc *d, PangoLayout *l, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double shift = 0; /* how far up the lines drawn on later pages move */
	double top = d->y;
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		double a = (double)y0 / PANGO_SCALE, b = (double)y1 / PANGO_SCALE;
		if (top + b - shift > BOTTOM && top + a - shift > TOP) {
			pdf_new_page(d);
			shift = a;
			top = d->y;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(d->cr, x, top + base - shift);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y = top + b - shift;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void pdf_text(struct pdf_doc *d, enum pdf_font font, double indent, const char *text)
{
	if (!text || !*text)
		return;
	open_page(d);
	set(d, d->layout, font, TEXT_W - indent, false, text);
	font == PDF_KICKER ? fjord(d->cr) : ink(d->cr);
	cairo_tag_begin(d->cr, "P", NULL);
	flow(d, d->layout, LEFT + indent);
	cairo_tag_end(d->cr, "P");
	d->y += 3;
}

void pdf_heading(struct pdf_doc *d, int level, const char *text)
{
	enum pdf_font font = level <= 1 ? PDF_H1 : level == 2 ? PDF_H2 : PDF_H3;
	static const char *const tags[] = {"H1", "H2", "H3"};
	const char *tag = tags[level < 1 ? 0 : level > 3 ? 2 : level - 1];
	set(d, d->layout, font, TEXT_W, false, text);
	double h = height(d->layout);
	pdf_space(d, level <= 1 ? 14 : 8);
	pdf_need(d, h + 60); /* never alone at the foot of a page */
	if (level <= 1) {
		char dest[64];
		snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", d->page, LEFT, d->y);
		cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, text, dest, 0);
	}
	level <= 1 ? fjord(d->cr) : ink(d->cr);
	cairo_tag_begin(d->cr, tag, NULL);
	flow(d, d->layout, LEFT);
	cairo_tag_end(d->cr, tag);
	d->y += level <= 1 ? 8 : 4;
}

void pdf_lead(struct pdf_doc *d, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	pdf_space(d, 8);
	set(d, d->layout, PDF_KICKER, TEXT_W, false, label);
	pdf_need(d, height(d->layout) + 30);
	double top = d->y;
	pdf_text(d, PDF_KICKER, 12, label);
	pdf_text(d, PDF_BODY, 12, text);
	/* A bar down the left, as the page's lead has. */
	if (d->y > top) {
		cairo_save(d->cr);
		fjord(d->cr);
		cairo_rectangle(d->cr, LEFT, top, 3, d->y - top);
		cairo_fill(d->cr);
		cairo_restore(d->cr);
	}
}

void pdf_svg(struct pdf_doc *d, const struct buf *svg)
{
	GError *ge = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg->data, svg->len, &ge);
	if (!h) {
		g_clear_error(&ge);
		return;
	}
	gdouble w = 0, hh = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh) || w <= 0 || hh <= 0) {
		g_object_unref(h);
		return;
	}
	double scale = w > TEXT_W ? TEXT_W / w : 1.0;
	pdf_space(d, 6);
	pdf_need(d, hh * scale);
	RsvgRectangle vp = {LEFT, d->y, w * scale, hh * scale};
	cairo_tag_begin(d->cr, "Figure", NULL);
	if (!rsvg_handle_render_document(h, d->cr, &vp, &ge))
		g_clear_error(&ge);
	cairo_tag_end(d->cr, "Figure");
	d->y += hh * scale + 6;
	g_object_unref(h);
}

/* --- tables --- */

static void table_head(struct pdf_doc *d)
{
	const struct pdf_table *t = d->table;
	double h = 0;
	for (size_t i = 0; i < t->cols; i++) {
		set(d, d->cells[i], PDF_SMALL_BOLD, d->x[i + 1] - d->x[i] - 2 * PAD, t->right[i],
		    t->head[i]);
		double c = height(d->cells[i]);
		if (c > h)
			h = c;
	}
	h += 2 * PAD;
	cairo_t *cr = d->cr;
	cairo_save(cr);
	fjord(cr);
	cairo_rectangle(cr, d->x[0], d->y, d->x[t->cols] - d->x[0], h);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	for (size_t i = 0; i < t->cols; i++) {
		cairo_move_to(cr, d->x[i] + PAD, d->y + PAD);
		pango_cairo_show_layout(cr, d->cells[i]);
	}
	cairo_restore(cr);
	d->y += h;
}

void pdf_table_begin(struct pdf_doc *d, const struct pdf_table *t)
{
	open_page(d);
	d->table = t;
	double x = LEFT;
	for (size_t i = 0; i < t->cols; i++) {
		d->x[i] = x;
		x += t->width[i] * TEXT_W;
	}
	d->x[t->cols] = LEFT + TEXT_W;
	pdf_space(d, 4);
	pdf_need(d, 80); /* the header and a row or two */
	table_head(d);
}

void pdf_table_end(struct pdf_doc *d)
{
	if (d->table) {
		cairo_save(d->cr);
		cairo_set_source_rgb(d->cr, 0x8a / 255.0, 0x96 / 255.0, 0xa3 / 255.0);
		cairo_set_line_width(d->cr, 0.8);
		cairo_move_to(d->cr, d->x[0], d->y);
		cairo_line_to(d->cr, d->x[d->table->cols], d->y);
		cairo_stroke(d->cr);
		cairo_restore(d->cr);
	}
	d->table = NULL;
	d->y += 6;
}

/* Lays out the cells of a row; returns its height. */
static double layout_row(struct pdf_doc *d, const char *const *cells, const char *const *again,
			 bool fresh, bool bold)
{
	const struct pdf_table *t = d->table;
	double h = 0;
	enum pdf_font font = bold ? (t->font == PDF_SMALL ? PDF_SMALL_BOLD : PDF_BOLD) : t->font;
	for (size_t i = 0; i < t->cols; i++) {
		const char *s = fresh && again && again[i] ? again[i] : cells[i];
		set(d, d->cells[i], font, d->x[i + 1] - d->x[i] - 2 * PAD, t->right[i], s);
		double c = height(d->cells[i]);
		if (c > h)
			h = c;
	}
	return h + 2 * PAD;
}

/* Where a row whose cells begin at y0 may be cut so that no line of any
 * cell is cut: the largest offset <= limit not inside a line. */
static double cut_at(struct pdf_doc *d, double limit)
{
	double cut = limit;
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t i = 0; i < d->table->cols; i++) {
			PangoLayoutIter *it = pango_layout_get_iter(d->cells[i]);
			do {
				int y0, y1;
				pango_layout_iter_get_line_yrange(it, &y0, &y1);
				double a = (double)y0 / PANGO_SCALE, b = (double)y1 / PANGO_SCALE;
				if (a < cut && b > cut) {
					cut = a;
					moved = true;
				}
			} while (pango_layout_iter_next_line(it));
			pango_layout_iter_free(it);
		}
	}
	return cut;
}

static void draw_cells(struct pdf_doc *d, double top, double from, double to)
{
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_rectangle(cr, d->x[0], d->y, d->x[d->table->cols] - d->x[0], to - from);
	cairo_clip(cr);
	ink(cr);
	for (size_t i = 0; i < d->table->cols; i++) {
		cairo_move_to(cr, d->x[i] + PAD, top + PAD - from);
		pango_cairo_show_layout(cr, d->cells[i]);
	}
	cairo_restore(cr);
}

void pdf_table_row(struct pdf_doc *d, const char *const *cells, const char *const *again,
		   size_t rule_from, bool bold)
{
	const struct pdf_table *t = d->table;
	if (!t)
		return;
	double h = layout_row(d, cells, again, false, bold);
	if (d->y + h > BOTTOM) {
		pdf_new_page(d);
		h = layout_row(d, cells, again, true, bold);
	}
	cairo_t *cr = d->cr;
	/* The line above the row. */
	cairo_save(cr);
	cairo_set_source_rgb(cr, bold ? 0.35 : 0x8a / 255.0, bold ? 0.35 : 0x96 / 255.0,
			     bold ? 0.35 : 0xa3 / 255.0);
	cairo_set_line_width(cr, rule_from == 0 ? 0.8 : 0.4);
	cairo_move_to(cr, d->x[rule_from < t->cols ? rule_from : 0], d->y);
	cairo_line_to(cr, d->x[t->cols], d->y);
	cairo_stroke(cr);
	cairo_restore(cr);
	/* Taller than a page: cut between lines, never inside one. */
	double from = 0;
	while (d->y + (h - from) > BOTTOM) {
		double cut = cut_at(d, from + (BOTTOM - d->y) - PAD);
		if (cut <= from) /* a line taller than a page: cannot happen */
			cut = from + (BOTTOM - d->y);
		draw_cells(d, d->y, from, cut + PAD);
		from = cut;
		pdf_new_page(d);
		/* pdf_new_page drew the header; re-lay the row, which the
		 * header's layouts replaced. */
		layout_row(d, cells, again, false, bold);
		d->y -= PAD; /* the cut line starts the page */
	}
	draw_cells(d, d->y, from, h);
	d->y += h - from;
}

const char *pdf_money(struct arena *a, int64_t amount)
{
	struct buf b = BUF_INIT;
	money_format(&b, amount);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}
