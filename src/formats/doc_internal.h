/*
 * doc_internal: what the document readers (doc_docx.c, doc_odt.c) share
 * with doc_read.c: the zip, a part as a stream of XML nodes, and the
 * writer that turns paragraphs and table rows into plan text lines.
 * Not for use outside src/formats/doc_*.c.
 */
#ifndef SAMSPEL_FORMATS_DOC_INTERNAL_H
#define SAMSPEL_FORMATS_DOC_INTERNAL_H

#include "base/buf.h"
#include "formats/plantext.h"
#include "formats/sheet_read.h"

#include <libxml/xmlreader.h>
#include <zip.h>

#include <stdbool.h>

struct arena;
struct err;

/* A part of the zip read as XML nodes, never more than DOC_PART_MAX bytes
 * and never with a DTD. */
struct doc_part {
	zip_file_t *file;
	unsigned long long read; /* bytes unpacked so far */
	bool too_big;
	bool dtd;      /* the part declares a DTD */
	char prolog[4096]; /* its first bytes, where a DTD would be */
	bool pending;  /* doc_part_skip left the reader on the next node */
	const char *name;
	xmlTextReaderPtr xml;
	xmlChar *attrs[4]; /* what doc_attr handed out, freed by the next node */
	int nattrs;
};

/* Opens part name; found is false (and OK returned) when it is absent. */
int doc_part_open(zip_t *z, const char *name, struct doc_part *p, bool *found, struct err *e);
/* The next node: 1, 0 at the end, ERR (e set) when the part is damaged,
 * too big or has a DTD. */
int doc_part_next(struct doc_part *p, struct err *e);
/* Skips the current element's children; the next doc_part_next gives
 * what follows it. */
int doc_part_skip(struct doc_part *p, struct err *e);
void doc_part_close(struct doc_part *p);

/* The heading level a style's name says ("heading 2", "Heading 2",
 * "Overskrift 2" -> 2; "Title", "Tittel" -> 1; else 0); *toc is set for
 * the lines of a table of contents ("toc 1", "Contents 1"). */
int doc_level_of_name(const char *name, bool *toc);

/* A paragraph style: a paragraph may be a heading, numbered or a line of
 * a table of contents by its style alone, directly or through the style
 * it is based on. */
struct doc_style {
	const char *name, *parent;
	int level;     /* heading level from the style itself, 0 none */
	bool numbered; /* its paragraphs are numbered */
	bool toc;      /* a table of contents line */
};

typedef VEC(struct doc_style) doc_style_list;

/* The most paragraph styles read from a document (real ones have a few
 * hundred); more are refused, as a file built to be slow. */
#define DOC_STYLES_MAX 20000
/* The most tables an ODS may have. */
#define DOC_SHEETS_MAX 256

/* Sorts l by name, for doc_style_resolve (after every style is read). */
void doc_styles_sort(doc_style_list *l);
/* What the style called name comes to, following its parents a few steps
 * (the first level found, numbered or toc anywhere). Zero for no style.
 * l must be sorted (doc_styles_sort). */
struct doc_style doc_style_resolve(const doc_style_list *l, const char *name);

/* The current node, for the walkers. */
bool doc_is(struct doc_part *p, const char *ns, const char *name); /* a start tag */
bool doc_is_end(struct doc_part *p, const char *ns, const char *name);
/* An attribute of the current element (namespace ns), or NULL; freed by
 * the next doc_part_next. */
const char *doc_attr(struct doc_part *p, const char *ns, const char *name);

/* The text being written. Paragraphs go into the open table cell when
 * there is one, else they are lines of their own. */
struct doc_out {
	struct arena *a;
	struct import_report *r;
	struct buf text;     /* the plan text so far */
	int line;            /* lines written */
	int paragraph;       /* body paragraphs seen, for "avsnitt N" */
	int table;           /* tables seen */
	int row;             /* rows of the current table */
	int table_depth;     /* 0 outside tables */
	struct buf para;     /* the paragraph being read; '\n' for a break */
	bool in_para;
	int heading;         /* its heading level, 0 for none */
	bool skip_para;      /* a table of contents line */
	const char *label;   /* a heading's number made again ("1.", "1.2") */
	bool saved_open;     /* the interrupted paragraph was open */
	int saved_heading;
	const char *saved_label;
	struct buf cell;     /* the cell being read */
	bool cell_merged;    /* it continues the cell above */
	int cell_span;       /* columns it spans */
	struct buf row_text; /* the cells of the current row so far */
	int cells;           /* cells in the current row */
	struct buf deferred; /* paragraphs of text boxes, '\x1f'-separated */
	struct buf saved;    /* the paragraph a text box interrupted */
	int box_depth;
	bool tracked, boxes, toc, nested_table;
	/* Grid mode (an ODS spreadsheet): each table becomes a sheet of
	 * grids instead of lines of text. */
	sheet_list *grids;
	struct sheet *grid;       /* the table being read, or NULL */
	size_t grid_cap;
	const char *grid_row[SHEET_COLS]; /* the cells of the current row */
	unsigned long grid_empty; /* empty rows waiting for a row with text */
	size_t grid_rows;         /* rows in all the grids */
	bool grid_overflow;       /* more rows than a sheet may have */
};

void doc_out_init(struct doc_out *o, struct arena *a, struct import_report *r);
void doc_out_release(struct doc_out *o);
void doc_para_begin(struct doc_out *o, int heading);
void doc_text(struct doc_out *o, const char *s);
void doc_break(struct doc_out *o);
/* n spaces written as such (ODF's <text:s text:c="n"/>): kept in a
 * spreadsheet's cell, one space in a document. */
void doc_spaces(struct doc_out *o, unsigned long n);
void doc_para_end(struct doc_out *o);
void doc_box_begin(struct doc_out *o);
void doc_box_end(struct doc_out *o);
void doc_table_begin(struct doc_out *o);
void doc_table_end(struct doc_out *o);
void doc_row_begin(struct doc_out *o);
void doc_row_end(struct doc_out *o);
void doc_cell_begin(struct doc_out *o);
void doc_cell_end(struct doc_out *o);
/* The row or cell just ended comes n times more (ODF's repeat counts). */
void doc_row_repeat(struct doc_out *o, unsigned long n);
void doc_cell_repeat(struct doc_out *o, unsigned long n);
/* Ends the document: the notes for what was done. */
void doc_out_finish(struct doc_out *o);

/* The readers, on an open zip. */
int doc_docx(zip_t *z, struct doc_out *o, struct err *e);
int doc_odt(zip_t *z, struct doc_out *o, struct err *e);

#endif
