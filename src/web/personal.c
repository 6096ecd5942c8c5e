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

void personal_piece(struct pieces *p, bool own, size_t off, size_t len)
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

size_t personal_next(const char *page, size_t len, size_t from, size_t *mark_end)
{
	const char *mark = memchr(page + from, PERSONAL_MARK[0], len - from);
	if (!mark) {
		*mark_end = len;
		return len;
	}
	size_t at = (size_t)(mark - page);
	if (at + 1 >= len) {
		*mark_end = len; /* a lone ESC at the end: dropped */
		return at;
	}
	if (page[at + 1] == 'F' || page[at + 1] == 'S') { /* up to its closing ESC */
		const char *end = memchr(page + at + 2, PERSONAL_MARK[0], len - at - 2);
		*mark_end = end ? (size_t)(end - page) + 1 : len;
	} else {
		*mark_end = at + 2;
	}
	return at;
}

void personal_part(struct request *rq, const char *page, size_t at, size_t end, struct buf *out)
{
	if (end < at + 2)
		return;
	char what = page[at + 1];
	if (what == 'C') {
		buf_add_html(out, rq->actor.csrf ? rq->actor.csrf : "",
			     rq->actor.csrf ? strlen(rq->actor.csrf) : 0);
	} else if (what == 'N') {
		const char *name = rq->actor.name ? rq->actor.name : "";
		buf_add_html(out, name, strlen(name));
	} else if (what == 'F') {
		size_t stop = page[end - 1] == PERSONAL_MARK[0] ? end - 1 : end;
		follow(rq, page + at + 2, stop - (at + 2), out);
	}
}

/* The spans of p's page with the reader's parts between them. */
static void fill(struct request *rq, struct pieces *p)
{
	const char *page = shared_data(p->page);
	size_t len = shared_len(p->page), i = 0;
	while (i < len) {
		size_t end, at = personal_next(page, len, i, &end);
		personal_piece(p, false, i, at - i);
		size_t start = p->own.len;
		personal_part(rq, page, at, end, &p->own);
		personal_piece(p, true, start, p->own.len - start);
		i = end;
	}
}

const char *personal_etag(struct request *rq, const char *page_etag, const struct shared *page,
			  const char *own, size_t own_len, const char *suffix)
{
	struct buf key = BUF_INIT;
	if (page_etag)
		buf_adds(&key, page_etag);
	else
		buf_addf(&key, "%016llx", (unsigned long long)hash_bytes(shared_data(page),
									  shared_len(page)));
	buf_add(&key, own ? own : "", own_len);
	const char *etag = arena_printf(&rq->arena, "\"%016llx%s\"",
					(unsigned long long)hash_bytes(key.data, key.len), suffix);
	buf_release(&key);
	return etag;
}

struct shared *personal_take_page(struct response *rs)
{
	struct shared *page = rs->shared;
	if (page) {
		rs->shared = NULL; /* the cache's page: its reference moves */
	} else {
		page = shared_new(rs->body.data ? rs->body.data : "", rs->body.len);
		buf_release(&rs->body);
		buf_init(&rs->body);
	}
	return page;
}

void personal_fill(struct request *rq, struct response *rs)
{
	rq->shared_render = false; /* what is rendered from here is the reader's */
	struct pieces *p = xcalloc(1, sizeof *p);
	p->page = personal_take_page(rs);
	fill(rq, p);
	/* The ETag: the page's (the cache's hash of it, or one now) with the
	 * reader's parts, which alone differ between readers of the page. */
	rs->etag = personal_etag(rq, rs->etag, p->page, p->own.data, p->own.len, "");
	pieces_free(rs->pieces);
	rs->pieces = p;
	if (rs->cache != CACHE_NONE)
		rs->cache = CACHE_PRIVATE;
}
