/*
 * sheet_read: the sheets of an uploaded spreadsheet as grids of cells,
 * from an XLSX (Office Open XML: libzip opens the package, libxml2 reads
 * the workbook, its relations, the shared strings and the sheets), an ODS
 * (OpenDocument: doc_read.c's stream reader) or a CSV (comma or
 * semicolon, RFC 4180 quotes, UTF-8). The kind is decided
 * by the bytes, never by the file's name. Nothing is calculated: a
 * formula's cell holds the result its spreadsheet program stored (and is
 * marked), or nothing.
 */
#ifndef SAMSPEL_FORMATS_SHEET_READ_H
#define SAMSPEL_FORMATS_SHEET_READ_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

#define SHEET_COLS 32      /* columns read: A to AF (the rest are ignored) */
#define SHEET_ROWS 20000   /* more rows than this is refused */

enum sheet_kind { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_ERROR };

struct sheet_cell {
	enum sheet_kind kind;
	const char *text;  /* as stored ("" when empty); a number as written in the file */
	bool formula;      /* it had a formula (text is its stored result) */
};

struct sheet_row {
	struct sheet_cell cells[SHEET_COLS];
};

struct sheet {
	const char *name;       /* the sheet's name, "" for a CSV */
	struct sheet_row *rows; /* rows[0] is row 1 */
	size_t count;
	bool xlsx;              /* read as XLSX or ODS (else CSV) */
};

typedef struct {
	struct sheet *items;
	size_t count, cap;
} sheet_list;

/* What a workbook says about itself (NULL when it does not). */
struct sheet_props {
	const char *title;   /* the document's title */
	const char *company; /* the organisation it is from */
};

/* Reads data (n bytes) into out, everything in arena a. ERR_INPUT with a
 * reason the uploader can act on when it is neither an XLSX nor a UTF-8
 * CSV, or is damaged or too big. */
int sheet_read(const void *data, size_t n, struct arena *a, struct sheet *out, struct err *e);

/* Every sheet of data: an XLSX's and an ODS's in the workbook's order, a
 * CSV as one; props (may be NULL) from the XLSX's docProps or the ODS's
 * meta.xml. In arena a; ERR_INPUT as for sheet_read. */
int sheet_read_all(const void *data, size_t n, struct arena *a, sheet_list *out,
		   struct sheet_props *props, struct err *e);

/* The cell at row and col (both from 0), or an empty one. */
const struct sheet_cell *sheet_at(const struct sheet *s, size_t row, size_t col);

/* "D7" for row 6, col 3 (from 0). */
void sheet_cell_name(size_t row, size_t col, char out[16]);

#endif
