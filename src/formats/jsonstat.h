/*
 * jsonstat: reads a JSON-stat 2.0 dataset (the format Statistics Norway's
 * API serves) into series an indicator can hold: one series for every
 * combination of the categories that are not time, each with its values in
 * the time dimension's order. Only reading; nothing is stored here.
 */
#ifndef SAMSPEL_FORMATS_JSONSTAT_H
#define SAMSPEL_FORMATS_JSONSTAT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

/* The most cells a dataset may have: a region's indicators are small, and a
 * file claiming more is refused before anything is allocated for it. */
#define JSONSTAT_CELLS_MAX 1000000

struct jsonstat_point {
	const char *period;  /* the time category's id: "2015", "2015K1" */
	const char *label;   /* its label (the id when it has none) */
	double value;        /* meaningful only when has_value */
	bool has_value;      /* false: null in the data (".." in SSB's tables) */
	const char *status;  /* the cell's status symbol, or NULL */
};

struct jsonstat_series {
	const char *key;     /* the other dimensions' category ids, joined by
			      * ",": "1420,Folkemengde" ("" when time is all) */
	const char *label;   /* their labels, joined by ", " */
	const char *unit;    /* the metric category's unit label, or NULL */
	int decimals;        /* from the unit; 0 when not given */
	struct jsonstat_point *points; /* one per time category, in order */
	size_t npoints;
};

struct jsonstat {
	const char *label;   /* the dataset's label, or NULL */
	const char *source;  /* its source ("Statistisk sentralbyrå"), or NULL */
	const char *updated; /* as written, or NULL */
	const char *time;    /* the id of the dimension taken as time */
	struct jsonstat_series *series;
	size_t nseries;
};

/* Parses len bytes of text as a JSON-stat 2.0 dataset into *out (all of it
 * in arena a; the caller releases the arena). The time dimension is the one
 * role.time names, else one with id "Tid", "time" or "year", else the last.
 * Values may be an array or a sparse object, status a string, an array or
 * an object, a category index an array or an object. Anything else — not
 * JSON, another class, version 1 bundles, sizes that do not fit the values
 * — is ERR_INPUT with a message saying what is wrong. */
int jsonstat_parse(struct arena *a, const char *text, size_t len, struct jsonstat **out,
		   struct err *e);

/* The series whose key is key, or NULL. */
const struct jsonstat_series *jsonstat_find(const struct jsonstat *d, const char *key);

#endif
