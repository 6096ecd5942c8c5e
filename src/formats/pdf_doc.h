/*
 * pdf_doc: the page machinery the PDF writers share (pdf.c, pdf_status.c):
 * a flow of headings, paragraphs, tables and charts down A4 pages, with
 * page breaks between table rows (never inside a line), the table header
 * repeated on each page, a footer with the page number and the day it was
 * made. Internal to src/formats/pdf*.c.
 */
#ifndef SAMSPEL_FORMATS_PDF_DOC_H
#define SAMSPEL_FORMATS_PDF_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct err;
struct pdf_doc;

enum pdf_font { PDF_BODY, PDF_BOLD, PDF_SMALL, PDF_SMALL_BOLD, PDF_H1, PDF_H2, PDF_H3, PDF_TITLE,
		PDF_KICKER, PDF_FONTS };

/* A document written into out; title goes into the metadata and footer,
 * author (may be NULL) into the metadata. */
struct pdf_doc *pdf_begin(struct buf *out, const char *title, const char *author,
			  const char *lang);
/* Finishes the document (its last page) and frees d. */
int pdf_end(struct pdf_doc *d, struct err *e);

/* Flow. */
void pdf_new_page(struct pdf_doc *d);
void pdf_space(struct pdf_doc *d, double points);
/* Starts a new page unless points are left on this one. */
void pdf_need(struct pdf_doc *d, double points);
/* A heading (level 1-3); level 1 also becomes a bookmark. */
void pdf_heading(struct pdf_doc *d, int level, const char *text);
/* A paragraph in font; indent from the left margin. */
void pdf_text(struct pdf_doc *d, enum pdf_font font, double indent, const char *text);
/* "label" in bold, then text below it, as the title page's lead. */
void pdf_lead(struct pdf_doc *d, const char *label, const char *text);
/* An SVG chart (formats/chart.h), scaled to the text width at most. */
void pdf_svg(struct pdf_doc *d, const struct buf *svg);

/* Tables: columns with relative widths (summing to 1) and alignments. */
#define PDF_MAX_COLS 10
struct pdf_table {
	size_t cols;
	const char *head[PDF_MAX_COLS];
	double width[PDF_MAX_COLS];
	bool right[PDF_MAX_COLS]; /* numbers */
	enum pdf_font font;       /* of the cells */
};
void pdf_table_begin(struct pdf_doc *d, const struct pdf_table *t);
/* A row: cells[i] (NULL or "" for empty). again[i], when not NULL, is what
 * column i shows instead when the row starts a new page (the focus and
 * strategy the row belongs to, "… (continued)"). A line is drawn above the
 * row from column rule_from on. bold: a total. */
void pdf_table_row(struct pdf_doc *d, const char *const *cells, const char *const *again,
		   size_t rule_from, bool bold);
void pdf_table_end(struct pdf_doc *d);

/* "25.11.2026" for "2026-11-25" (into out, at least 16 bytes). */
void pdf_date(char *out, size_t n, const char *iso);

/* "275 000 kr", "2,4 mill. kr" (base/money.h) into arena. */
const char *pdf_money(struct arena *a, int64_t amount);

#endif
