/*
 * export: every format a plan comes out in, in one table. The command line
 * (`samspel export SLUG --format NAME`) and the web (`/plan/SLUG.EXT`) both
 * look a format up here and call its writer with the same loaded plan, so a
 * figure can never differ between the page, the JSON, the spreadsheet and
 * the PDF: each writer takes its sums from model/plan.h.
 */
#ifndef SAMSPEL_FORMATS_EXPORT_H
#define SAMSPEL_FORMATS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct db;
struct err;
struct plan;

/* What a writer may need besides the plan (with its whole tree, each
 * measure's current state). */
struct export_options {
	struct db *db;        /* for more than the tree (reports, history) */
	struct arena *a;      /* scratch memory for the writer */
	const char *lang;     /* "nn", "nb", "en" */
	const char *base_url; /* "https://host" for absolute links, or "" */
	char csv_separator;   /* CSV: ';' (Norwegian Excel) or ',' */
};

struct export_format {
	const char *name;         /* --format NAME */
	const char *extension;    /* /plan/SLUG.EXT */
	const char *content_type; /* without charset */
	bool binary;              /* not text (no charset is added) */
	/* Appends p in this format to out. */
	int (*write)(const struct plan *p, const struct export_options *o, struct buf *out,
		     struct err *e);
};

/* The format called name (or with that extension when by_extension), or
 * NULL. */
const struct export_format *export_find(const char *name, bool by_extension);
/* The i-th format of the table (from 0), or NULL past its end: every
 * distribution of a plan (the catalogue, the API's list of plans). */
const struct export_format *export_each(size_t i);
/* "json, xlsx, ..." for messages, into a. */
const char *export_names(struct arena *a);

#endif
