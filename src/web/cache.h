/*
 * cache: rendered public pages, kept until the data they show changes. The
 * key is the language, the path, the query string in canonical order and,
 * for a plan's pages, the plan's id; an entry is valid while the version it
 * was rendered at is current. A plan's pages (and its measures') key on the
 * plan's own data version, so a report on one plan leaves every other
 * plan's pages cached; other pages key on the newest history row. Only 200
 * answers to anonymous readers are stored, so a draft's 404 or a signed-in
 * view never comes out of it.
 */
#ifndef SAMSPEL_WEB_CACHE_H
#define SAMSPEL_WEB_CACHE_H

#include <stdbool.h>

struct request;
struct response;

enum cache_scope {
	SCOPE_ALL,     /* any change: the newest history row */
	SCOPE_PLAN,    /* the plan named by the route's {slug} */
	SCOPE_MEASURE, /* the plan holding the measure of the route's {id} */
};

/* Fills rs from the cache and returns true when rq's page is there and
 * current; otherwise notes in rq the version the page is about to be
 * rendered at (read before rendering, so a stored page shows that
 * version's data or newer, never older). */
bool page_cache_serve(struct request *rq, struct response *rs,
		      enum cache_scope scope);
/* Stores rs (a 200 answer) for rq, under the version page_cache_serve noted. */
void page_cache_store(const struct request *rq, const struct response *rs);

#endif
