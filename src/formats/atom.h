/*
 * atom: an Atom feed (RFC 4287) written from entries its caller has
 * worded (web/page_feed.c words the history of a plan or of an
 * organisation's measures). Every piece of text goes through one XML
 * escaper, atom_escape.
 */
#ifndef SAMSPEL_FORMATS_ATOM_H
#define SAMSPEL_FORMATS_ATOM_H

#include <stddef.h>

struct buf;

struct atom_entry {
	const char *id;      /* an absolute IRI: "tag:samspel,2026:plan/x/audit/7" */
	const char *title;   /* text */
	const char *updated; /* RFC 3339: "2026-11-25T11:14:43Z" */
	const char *author;  /* a name */
	const char *link;    /* the page it is about (may be relative), or NULL */
	const char *summary; /* text, or NULL */
};

struct atom_feed {
	const char *id;        /* an absolute IRI */
	const char *title;
	const char *subtitle;  /* or NULL */
	const char *updated;   /* RFC 3339 */
	const char *author;    /* the feed's author (entries without one) */
	const char *lang;      /* xml:lang: "nn", or NULL */
	const char *base;      /* xml:base ("https://host/"), or NULL: links
				* are then relative to the feed's address */
	const char *self;      /* the feed's own address */
	const char *alternate; /* the page the feed follows */
	const struct atom_entry *entries;
	size_t count;
};

/* Appends f as an Atom document (UTF-8, with an XML declaration). */
void atom_write(const struct atom_feed *f, struct buf *out);
/* Appends s as XML character data or an attribute value: & < > " '
 * escaped (buf_add_html), invalid UTF-8 and the characters XML 1.0 forbids
 * (control characters but tab and line breaks, U+FFFE, U+FFFF) as U+FFFD. */
void atom_escape(struct buf *out, const char *s);

#endif
