/*
 * cache: rendered public pages, kept until the data changes. The key is
 * the path and the language; an entry is valid while the data version (the
 * newest audit row: every change writes one) is the one it was rendered at.
 * Only 200 answers to anonymous readers are stored, so a draft's 404 or a
 * signed-in view never comes out of it.
 */
#ifndef SAMSPEL_WEB_CACHE_H
#define SAMSPEL_WEB_CACHE_H

#include <stdbool.h>

struct request;
struct response;

/* Fills rs from the cache and returns true when rq's page is there and
 * current; otherwise notes in rq the data version the page is about to be
 * rendered at. */
bool page_cache_serve(struct request *rq, struct response *rs);
/* Stores rs (a 200 answer) for rq, under the version page_cache_serve noted. */
void page_cache_store(const struct request *rq, const struct response *rs);

#endif
