/*
 * plantext: the plan text format, as a Word action plan comes out when saved
 * as text (seed 003 is the reference): markdown-like headings, TAB-separated
 * tables whose first row names the columns, <b>bold</b> focus names, cells
 * whose paragraphs are separated by two or more spaces.
 *
 * Reading happens in two steps. plantext_parse turns the text into a plan tree
 * and a list of notes, without touching the database; import_plan (import.h)
 * then resolves the organisations and stores the plan in one transaction.
 * Nothing in the source is dropped: what cannot be placed is kept verbatim in
 * a section of its own, and every guess is a note.
 */
#ifndef SAMSPEL_FORMATS_PLANTEXT_H
#define SAMSPEL_FORMATS_PLANTEXT_H

#include "model/plan.h"

#include <stddef.h>

struct arena;
struct err;

/* Something the reader should know: a guess, or text that had no place. */
struct import_note {
	int line;        /* 1-based source line, 0 when not tied to one */
	const char *text; /* translated */
};

struct import_report {
	VEC(struct import_note) notes;
	VEC(const char *) new_orgs; /* names of organisations to be created */
	const char *owner;          /* the council the plan belongs to, or NULL */
	/* Set when the text was made from a document (doc_read.h): where[i]
	 * names the place of line i + 1 in it ("tabell 2, rad 5"). */
	VEC(const char *) where;
	/* The plan text the import read (the document's own, or what its
	 * reader made of it), len bytes; set by import_document. */
	const char *text;
	size_t text_len;
};

/* Where line is, for a message: "line 12", or the document's place. */
const char *import_where(struct arena *a, const struct import_report *r, int line);

/* Adds a note (printf-style, already translated format) to report. */
void import_note(struct arena *a, struct import_report *r, int line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses len bytes of plan text into a plan in arena. Organisation links
 * carry their names only (org_id 0). ERR (ERR_INPUT) for text that is not
 * a plan at all: invalid UTF-8, no title, no areas. */
int plantext_parse(struct arena *a, const char *text, size_t len,
		   struct plan **out, struct import_report *report,
		   struct err *e);

/* --- responsibility cells (responsibility.c) --- */

/* One organisation named in a responsibility cell. */
struct resp_name {
	bool responsible;  /* after "Ansvar:", else after "Deltaking:" */
	const char *text;  /* as written, brackets included */
	const char *name;  /* without brackets and "m.fl." */
	const char *note;  /* the words in brackets, or NULL */
	int block;         /* which "Ansvar: ... Deltaking: ..." block, from 0 */
};

typedef VEC(struct resp_name) resp_name_list;

/* Splits "Ansvar: SR Deltaking: Kommunane (HR-nettverket), NHO m.fl." into
 * names with their roles, in arena. Returns the number of blocks (each
 * starting at "Ansvar:"); 0 when the cell has no label, and then no names. */
int responsibility_split(struct arena *a, const char *text,
			 resp_name_list *out);

#endif
