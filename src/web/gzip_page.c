/*
 * gzip_page.c: a page from the cache sent compressed to a client that
 * takes gzip. The page is compressed once per version of its data, span by
 * span between the places of its readers' own parts (base/gzip.h), and the
 * spans are kept in the cache beside it (a part called "gz", cache.h); each
 * answer is then the gzip header, those spans, the reader's parts as stored
 * blocks between them, and the trailer: nothing is compressed per request.
 *
 * The spans' part: the number of spans (a size_t), the spans (struct
 * gzip_span, their zoff counted from the compressed bytes), then the
 * compressed bytes.
 */
#include "web/gzip_page.h"
#include "web/cache.h"
#include "web/http.h"
#include "web/personal.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/gzip.h"
#include "base/log.h"
#include "base/shared.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SMALLEST 1024 /* not worth a gzip header below this */

/* Whether a coding of Accept-Encoding (n bytes at s, "gzip;q=0.5") takes
 * gzip: "gzip", "x-gzip" or "*", without q=0. */
static bool takes_gzip(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	size_t name = 0;
	while (name < n && s[name] != ';' && s[name] != ' ' && s[name] != '\t')
		name++;
	bool gzip = (name == 4 && strncasecmp(s, "gzip", 4) == 0) ||
		    (name == 6 && strncasecmp(s, "x-gzip", 6) == 0) || (name == 1 && *s == '*');
	if (!gzip)
		return false;
	const char *q = memchr(s, '=', n);
	if (!q)
		return true;
	/* q=0, 0.0, 0.00, 0.000 refuse it; any other weight takes it. */
	for (q++; q < s + n && (*q == ' ' || *q == '\t'); q++)
		;
	bool zero = q < s + n && *q == '0';
	for (const char *c = q + 1; zero && c < s + n && *c != ' '; c++)
		zero = *c == '.' || *c == '0';
	return !zero;
}

bool gzip_page_wanted(const struct request *rq, const struct response *rs)
{
	const char *ae = request_header(rq, "Accept-Encoding");
	if (!ae || !rs->shared || rs->status != 200 || !rs->content_type ||
	    shared_len(rs->shared) < SMALLEST)
		return false;
	if (strncmp(rs->content_type, "text/", 5) != 0 &&
	    strcmp(rs->content_type, "application/json") != 0)
		return false; /* PDF, XLSX, images: compressed already */
	for (const char *p = ae; *p;) {
		size_t n = strcspn(p, ",");
		if (takes_gzip(p, n))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

/* The spans of page, compressed, as the part described above (a new
 * reference), or NULL when zlib fails. */
static struct shared *compress_page(const struct shared *page, struct err *e)
{
	const char *data = shared_data(page);
	size_t len = shared_len(page), n = 0, cap = 16, i = 0;
	struct gzip_span *spans = xmalloc(cap * sizeof *spans);
	while (i < len) {
		size_t end, at = personal_next(data, len, i, &end);
		if (at > i) {
			if (n == cap)
				spans = xrealloc(spans, (cap *= 2) * sizeof *spans);
			spans[n++] = (struct gzip_span){.off = i, .len = at - i};
		}
		i = end;
	}
	struct buf z = BUF_INIT;
	struct shared *out = NULL;
	if (gzip_compress_spans(data, spans, n, &z, e) == OK) {
		struct buf part = BUF_INIT;
		buf_add(&part, &n, sizeof n);
		buf_add(&part, spans, n * sizeof *spans);
		buf_add(&part, z.data, z.len);
		out = shared_new(part.data, part.len);
		buf_release(&part);
	}
	buf_release(&z);
	free(spans);
	return out;
}

/* The page's spans from the cache, or compressed now and kept there
 * (one request at a time: after a change the others wait for it rather
 * than all compress it, or send a page twenty times the size); NULL when
 * it cannot be had. They are kept under the page's ETag too: a page
 * rendered again at the same version (after it made room for others, on
 * another day) is compressed again. */
static struct shared *spans_of(struct request *rq, const struct shared *page, const char *etag)
{
	struct shared *part;
	const char *name = arena_printf(&rq->arena, "gz%s", etag ? etag : "");
	if (!page_cache_part_claim(rq, name, rq->cache_version, &part))
		return part;
	struct err e = ERR_INIT;
	struct shared *made = compress_page(page, &e);
	if (!made) {
		page_cache_part_give_up(rq, name);
		log_event(LOG_ERROR, "gzip_failed", "message", e.msg, (char *)0);
		return NULL;
	}
	log_event(LOG_DEBUG, "gzip_compressed", "key", rq->cache_key, (char *)0);
	part = page_cache_part_keep(rq, name, rq->cache_version, shared_data(made),
				    shared_len(made));
	shared_release(made);
	return part;
}

bool gzip_page(struct request *rq, struct response *rs)
{
	struct shared *spans_part = spans_of(rq, rs->shared, rs->etag);
	if (!spans_part)
		return false;
	bool shared = rq->shared_render;
	rq->shared_render = false; /* what is rendered from here is the reader's */
	struct shared *page = personal_take_page(rs);
	const char *data = shared_data(page), *blob = shared_data(spans_part);
	size_t len = shared_len(page), n;
	memcpy(&n, blob, sizeof n);
	const char *table = blob + sizeof n;
	size_t zbase = sizeof n + n * sizeof(struct gzip_span);
	struct pieces *p = xcalloc(1, sizeof *p);
	p->page = spans_part;
	struct buf parts = BUF_INIT; /* the reader's parts as they read, for the ETag */
	gzip_header(&p->own);
	personal_piece(p, true, 0, p->own.len);
	uint32_t crc = 0;
	uint64_t total = 0;
	size_t i = 0, k = 0;
	while (i < len) {
		size_t end, at = personal_next(data, len, i, &end);
		if (at > i && k < n) {
			struct gzip_span s;
			memcpy(&s, table + k++ * sizeof s, sizeof s);
			personal_piece(p, false, zbase + s.zoff, s.zlen);
			crc = gzip_crc_combine(crc, s.crc, s.len);
			total += s.len;
		}
		size_t start = parts.len;
		personal_part(rq, data, at, end, &parts);
		if (parts.len > start) {
			size_t from = p->own.len;
			gzip_stored(&p->own, parts.data + start, parts.len - start);
			personal_piece(p, true, from, p->own.len - from);
			crc = gzip_crc(crc, parts.data + start, parts.len - start);
			total += parts.len - start;
		}
		i = end;
	}
	if (k != n) { /* not this page's spans: never, but then plain */
		log_event(LOG_ERROR, "gzip_spans_differ", "key", rq->cache_key, (char *)0);
		pieces_free(p);
		buf_release(&parts);
		rs->shared = page;
		rq->shared_render = shared;
		return false;
	}
	size_t from = p->own.len;
	gzip_trailer(&p->own, crc, total);
	personal_piece(p, true, from, p->own.len - from);
	rs->etag = personal_etag(rq, rs->etag, page, parts.data, parts.len, "-gz");
	buf_release(&parts);
	shared_release(page);
	pieces_free(rs->pieces);
	rs->pieces = p;
	response_header(rs, "Content-Encoding", "gzip");
	if (shared && rs->cache != CACHE_NONE)
		rs->cache = CACHE_PRIVATE;
	return true;
}
