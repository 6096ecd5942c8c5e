/* gzip.c: a gzip body from pieces compressed apart (see gzip.h). */
#include "base/gzip.h"
#include "base/buf.h"
#include "base/err.h"

#include <zlib.h>

/* Fast over small: a page is compressed once per version of its data,
 * and a plan's page may change a hundred times a second in a reporting
 * round; level 1 still makes HTML a seventh of its size or less. */
#define LEVEL Z_BEST_SPEED

static int compress_span(z_stream *z, const char *data, struct gzip_span *s, struct buf *out,
			 struct err *e)
{
	if (deflateReset(z) != Z_OK)
		return err_set(e, ERR_INTERNAL, NULL, "deflateReset failed");
	s->zoff = out->len;
	s->crc = gzip_crc(0, data + s->off, s->len);
	z->next_in = (Bytef *)(data + s->off);
	z->avail_in = (uInt)s->len;
	int rc;
	do {
		buf_grow(out, s->len / 2 + 64);
		/* Written in place, keeping the byte for the buffer's NUL. */
		z->next_out = (Bytef *)out->data + out->len;
		z->avail_out = (uInt)(out->cap - out->len - 1);
		size_t before = z->avail_out;
		/* Z_SYNC_FLUSH: everything out, ending on a whole byte with an
		 * empty stored block, and no final block. */
		rc = deflate(z, Z_SYNC_FLUSH);
		out->len += before - z->avail_out;
		out->data[out->len] = '\0';
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return err_set(e, ERR_INTERNAL, NULL, "deflate failed: %d", rc);
	} while (z->avail_in || z->avail_out == 0);
	s->zlen = out->len - s->zoff;
	return OK;
}

int gzip_compress_spans(const char *data, struct gzip_span *spans, size_t n, struct buf *out,
		      struct err *e)
{
	z_stream z = {0};
	/* Raw deflate (negative window bits): the gzip wrapper is ours. */
	if (deflateInit2(&z, LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return err_set(e, ERR_INTERNAL, NULL, "deflateInit2 failed");
	int rc = OK;
	for (size_t i = 0; i < n && rc == OK; i++) {
		if (spans[i].len > UINT32_MAX)
			rc = err_set(e, ERR_INTERNAL, NULL, "span too long to compress");
		else
			rc = compress_span(&z, data, &spans[i], out, e);
	}
	deflateEnd(&z);
	return rc;
}

void gzip_header(struct buf *out)
{
	/* Magic, deflate, no flags, no time, no extra flags, OS unknown. */
	static const unsigned char h[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
	buf_add(out, h, sizeof h);
}

void gzip_stored(struct buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		size_t n = len > 65535 ? 65535 : len;
		/* On a whole byte: BFINAL 0, BTYPE 00, then LEN and ~LEN. */
		unsigned char h[5] = {0, (unsigned char)(n & 0xff), (unsigned char)(n >> 8),
				      (unsigned char)(~n & 0xff), (unsigned char)((~n >> 8) & 0xff)};
		buf_add(out, h, sizeof h);
		buf_add(out, p, n);
		p += n;
		len -= n;
	}
}

void gzip_trailer(struct buf *out, uint32_t crc, uint64_t size)
{
	/* A final block of the fixed codes holding only its end: bits 1, 01,
	 * then seven zero bits, on a whole byte after a sync flush. */
	unsigned char t[10] = {0x03, 0x00};
	for (int i = 0; i < 4; i++) {
		t[2 + i] = (unsigned char)(crc >> (8 * i));
		t[6 + i] = (unsigned char)(size >> (8 * i)); /* ISIZE: modulo 2^32 */
	}
	buf_add(out, t, sizeof t);
}

uint32_t gzip_crc(uint32_t crc, const void *data, size_t len)
{
	return (uint32_t)crc32_z(crc, data, len);
}

uint32_t gzip_crc_combine(uint32_t a, uint32_t b, size_t blen)
{
	return (uint32_t)crc32_combine(a, b, (z_off_t)blen);
}
