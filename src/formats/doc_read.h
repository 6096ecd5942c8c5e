/*
 * doc_read: a plan written in Word (DOCX) or LibreOffice (ODT), turned into
 * the plan text format (plantext.h) so that one importer core reads every
 * kind of document: the same columns, responsibility reading, sums and
 * notes as a plan saved as text.
 *
 *   heading (style "Heading N", "Overskrift N", outline level)  -> "#"×N text
 *   a numbered heading (Word's own numbering)       -> "# 1. text", "## 1.2 text"
 *   paragraph, list item                            -> one line
 *   table row                                       -> cells joined by TAB
 *   paragraphs and line breaks inside a cell        -> two spaces
 *   a cell merged down (w:vMerge, covered cell)     -> empty: the focus or
 *                                                      strategy above goes on
 *   a cell spanning columns (w:gridSpan)            -> the cell, then empties
 *   tracked changes                                 -> the text as if accepted
 *   text boxes                                      -> their paragraphs, after
 *                                                      the paragraph holding them
 *
 * Each line of the text remembers where in the document it came from
 * ("tabell 2, rad 5"), so every note names a place the writer can find.
 * The document is read as a stream from the zip with libxml2's reader:
 * memory stays bounded by DOC_PART_MAX however the document is built.
 * Refused with a reason: a file that is no DOCX or ODT, a damaged zip, a
 * part bigger than DOC_PART_MAX unpacked (a zip bomb), names that climb
 * out of the package ("../"), XML with a DTD (entity expansion).
 */
#ifndef SAMSPEL_FORMATS_DOC_READ_H
#define SAMSPEL_FORMATS_DOC_READ_H

#include "formats/plantext.h"

#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

struct arena;
struct err;

/* The largest document part (document.xml, content.xml) read, unpacked. */
#define DOC_PART_MAX (32u << 20)

enum doc_kind {
	DOC_TEXT,  /* anything not a zip: the plan text format */
	DOC_DOCX,  /* a zip with word/document.xml */
	DOC_ODT,   /* a zip whose mimetype is OpenDocument text */
	DOC_SHEET, /* a zip that is an XLSX or ODS spreadsheet */
	DOC_OTHER, /* some other zip */
	DOC_DAMAGED, /* starts like a zip but cannot be opened as one */
};

/* What kind of document data (n bytes) is, by its bytes only. */
enum doc_kind doc_kind_of(const void *data, size_t n);
/* The same for a zip opened already (DOC_DOCX, DOC_ODT, DOC_SHEET or
 * DOC_OTHER). */
enum doc_kind doc_kind_of_zip(zip_t *z);
/* Opens data (n bytes) as a zip, refusing names that climb out of the
 * package ("../"); ERR_INPUT with the reason. The caller zip_discard()s it. */
int doc_zip_open(const void *data, size_t n, zip_t **out, struct err *e);

/* Reads a DOCX or ODT document into plan text: *text (NUL-terminated,
 * *len bytes, in arena a), report->where set for every line, and notes
 * for what the reader did (tracked changes accepted, text boxes moved,
 * a table of contents left out). ERR_INPUT with a reason the writer can
 * act on when the document cannot be read. */
int doc_read(const void *data, size_t n, struct arena *a, const char **text, size_t *len,
	     struct import_report *report, struct err *e);

/* --- shared with sheet_read.c --- */

#include "formats/sheet_read.h"
/* Reads every table of the ODS spreadsheet open in z into out, as sheets
 * named as the tables are; in arena a. z stays the caller's. */
int doc_read_ods(zip_t *z, struct arena *a, sheet_list *out, struct err *e);

#endif
