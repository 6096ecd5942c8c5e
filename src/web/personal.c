/* personal.c: the reader's parts of a shared page (see personal.h). */
#include "web/personal.h"
#include "web/html.h"
#include "web/http.h"
#include "web/pages.h"
#include "base/buf.h"
#include "base/shared.h"

#include <stdlib.h>
#include <string.h>

void personal_follow_marker(struct html *h, const char *kind, int64_t id)
{
	html_printf(h, PERSONAL_MARK "F%s:%lld" PERSONAL_MARK, kind, (long long)id);
}

/* The follow button for "kind:id" (n bytes at s), as rq's reader sees it. */
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

/* Copies len bytes of page into out with the markers filled in. */
static void fill(struct request *rq, const char *page, size_t len, struct buf *out)
{
	buf_grow(out, len + 256);
	size_t i = 0;
	while (i < len) {
		const char *mark = memchr(page + i, PERSONAL_MARK[0], len - i);
		size_t upto = mark ? (size_t)(mark - page) : len;
		buf_add(out, page + i, upto - i);
		if (!mark || upto + 1 >= len)
			break;
		char what = page[upto + 1];
		i = upto + 2;
		if (what == 'C') {
			buf_add_html(out, rq->actor.csrf ? rq->actor.csrf : "",
				     rq->actor.csrf ? strlen(rq->actor.csrf) : 0);
		} else if (what == 'N') {
			const char *name = rq->actor.name ? rq->actor.name : "";
			buf_add_html(out, name, strlen(name));
		} else if (what == 'F') {
			const char *end = memchr(page + i, PERSONAL_MARK[0], len - i);
			size_t stop = end ? (size_t)(end - page) : len;
			follow(rq, page + i, stop - i, out);
			i = end ? stop + 1 : len;
		}
	}
}

void personal_fill(struct request *rq, struct response *rs)
{
	struct buf out = BUF_INIT;
	rq->shared_render = false; /* what is rendered from here is the reader's */
	if (rs->shared) {
		fill(rq, shared_data(rs->shared), shared_len(rs->shared), &out);
		shared_release(rs->shared);
		rs->shared = NULL;
	} else {
		fill(rq, rs->body.data ? rs->body.data : "", rs->body.len, &out);
	}
	buf_release(&rs->body);
	rs->body = out;
	rs->etag = NULL;
	if (rs->cache != CACHE_NONE)
		rs->cache = CACHE_PRIVATE;
}
