/*
 * cache: rendered pages, kept until the data they show changes. The key is
 * the language, the path, the query string in canonical order, the day
 * (lateness and dated exports depend on it) and, for a plan's pages, the
 * plan's id; an entry is valid while the version it was
 * rendered at is current. A plan's pages (and its measures') key on the
 * plan's own data version, so a report on one plan leaves every other
 * plan's pages cached; other pages key on the newest history row. Only 200
 * answers are stored, so a draft's 404 never comes out of it.
 *
 * For the public the page is the answer. For a signed-in reader (rq's
 * shared_render set by the router) the key also holds the reader's class
 * (the roles held and where, which decide every permission),
 * and the page is rendered with markers where the reader's own parts go
 * (personal.h fills them in on the way out): readers of one class share a
 * page, and a reader whose view differs from the class's (the response's
 * personal list) gets a page of their own.
 */
#ifndef SAMSPEL_WEB_CACHE_H
#define SAMSPEL_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct request;
struct response;
struct shared;

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
/* Stores rs (a 200 answer) for rq, under the version page_cache_serve noted,
 * and makes rs answer with the stored page (rs->shared, and its ETag when
 * rs has none); called after every page_cache_serve that missed, whatever
 * the answer, so that readers waiting for this render go on. */
void page_cache_store(struct request *rq, struct response *rs);
/* A part of the page rq renders or sends, kept across versions of the
 * page's data or beside it (the plan page's text, its measures' states
 * left out: a report changes the page's version, not its text's; a page's
 * gzip spans). Only while rq's page is for the cache (rq->cache_key).
 *
 * The part called name at version into *part (a reference the caller
 * gives back with shared_release) and false when it is kept. When it is
 * not, true if rq is to make it: no other request is making it now (it is
 * marked as being made, and rq must end with page_cache_part_keep or
 * page_cache_part_give_up). While another makes it, rq waits for it (at
 * most 3 s): false with *part the part, or NULL when the other gave up or
 * took too long. */
bool page_cache_part_claim(struct request *rq, const char *name, int64_t version,
			   struct shared **part);
/* Ends a claim without keeping a part (making it failed). */
void page_cache_part_give_up(struct request *rq, const char *name);
/* Keeps a copy of len bytes at data as rq's part called name at version,
 * and returns a reference to that copy (given back with shared_release);
 * NULL when rq's page is not rendered for the cache. */
struct shared *page_cache_part_keep(struct request *rq, const char *name, int64_t version,
				   const char *data, size_t len);
/* The most the cache holds, in bytes (--cache-mb; 64 MiB until set). */
void page_cache_budget(size_t bytes);

#endif
