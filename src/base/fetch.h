/*
 * fetch: reads a document from an http(s) address with libcurl (a
 * statistics API's JSON-stat dataset), with a time limit, a size limit and
 * redirects followed only to http(s).
 */
#ifndef SAMSPEL_BASE_FETCH_H
#define SAMSPEL_BASE_FETCH_H

#include <stddef.h>

struct buf;
struct err;

/* The most a fetched document may be. */
#define FETCH_MAX (32u << 20)

/* True when s starts with "http://" or "https://". */
int fetch_is_url(const char *s);
/* Appends the body of url to out (the caller's); ERR_INPUT with the reason
 * when the address cannot be read, answers other than 200, or sends more
 * than FETCH_MAX bytes. */
int fetch_url(const char *url, struct buf *out, struct err *e);

#endif
