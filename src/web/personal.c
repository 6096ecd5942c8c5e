/* personal.c: the reader's parts of a shared page (see personal.h). */
#include "web/personal.h"
#include "web/html.h"
#include "web/http.h"
#include "web/pages.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/xalloc.h"
#include "base/shared.h"

#include <stdlib.h>
#include <string.h>

void personal_follow_marker(struct html *h, const char *kind, int64_t id)
{
	html_printf(h, PERSONAL_MARK "F%s:%lld" PERSONAL_MARK, kind, (long long)id);
}

/* Adds a span of the page (own: of p->own) to p. */
static void piece(struct pieces *p, bool own, size_t off, size_t len)
{
	if (!len)
		return;
	if (p->count == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->items = xrealloc(p->items, p->cap * sizeof *p->items);
	}
	p->items[p->count++] = (struct piece){own, off, len};
}

/* The follow button for "kind:id" (n bytes at s), as rq's reader sees it,
 * added to out. */
static void follow(struct request *rq, const char *s, size_t n, struct buf *out)
{
	char kind[32];
	const char *colon = memchr(s, ':', n);
	if (!colon || (size_t)(colon - s) >= sizeof kind)
		return;
	memcpy(kind, s, (size_t)(colon - s));
	kind[colon - s] = '\0';
	long long id = strtoll(colon + 1, NULL, 10);
	struct html h = HTML_INIT;
	follow_button(&h, rq, kind, id);
	struct response part = {0};
	html_finish(&h, &part);
	buf_add(out, part.body.data, part.body.len);
	buf_release(&part.body);
}

/* The spans of p's page with the markers' parts between them. */
static void fill(struct request *rq, struct pieces *p)
{
	const char *page = shared_data(p->page);
	size_t len = shared_len(p->page), i = 0;
	while (i < len) {
		const char *mark = memchr(page + i, PERSONAL_MARK[0], len - i);
		size_t upto = mark ? (size_t)(mark - page) : len;
		piece(p, false, i, upto - i);
		if (!mark || upto + 1 >= len)
			break;
		char what = page[upto + 1];
		size_t start = p->own.len;
		i = upto + 2;
		if (what == 'C') {
			buf_add_html(&p->own, rq->actor.csrf ? rq->actor.csrf : "",
				     rq->actor.csrf ? strlen(rq->actor.csrf) : 0);
		} else if (what == 'N') {
			const char *name = rq->actor.name ? rq->actor.name : "";
			buf_add_html(&p->own, name, strlen(name));
		} else if (what == 'F') {
			const char *end = memchr(page + i, PERSONAL_MARK[0], len - i);
			size_t stop = end ? (size_t)(end - page) : len;
			follow(rq, page + i, stop - i, &p->own);
			i = end ? stop + 1 : len;
		}
		piece(p, true, start, p->own.len - start);
	}
}

void personal_fill(struct request *rq, struct response *rs)
{
	rq->shared_render = false; /* what is rendered from here is the reader's */
	struct pieces *p = xcalloc(1, sizeof *p);
	if (rs->shared) {
		p->page = rs->shared; /* the cache's page: its reference moves here */
		rs->shared = NULL;
	} else {
		p->page = shared_new(rs->body.data ? rs->body.data : "", rs->body.len);
		buf_release(&rs->body);
		buf_init(&rs->body);
	}
	fill(rq, p);
	/* The ETag: the page's (the cache's hash of it, or one now) with the
	 * reader's parts, which alone differ between readers of the page. */
	struct buf key = BUF_INIT;
	if (rs->etag)
		buf_adds(&key, rs->etag);
	else
		buf_addf(&key, "%016llx", (unsigned long long)hash_bytes(shared_data(p->page),
									  shared_len(p->page)));
	buf_add(&key, p->own.data ? p->own.data : "", p->own.len);
	rs->etag = arena_printf(&rq->arena, "\"%016llx\"",
				(unsigned long long)hash_bytes(key.data, key.len));
	buf_release(&key);
	pieces_free(rs->pieces);
	rs->pieces = p;
	if (rs->cache != CACHE_NONE)
		rs->cache = CACHE_PRIVATE;
}
