/*
 * gzip: a gzip body (RFC 1952) put together from pieces compressed apart.
 * A page kept in the cache is compressed once, span by span between the
 * places where each reader's own words go; each span is raw deflate
 * (RFC 1951) ending on a whole byte (a sync flush), so a reader's body is
 * the header, the spans, the reader's words as stored blocks between them,
 * and the trailer, with the checksum of the whole made from the spans'.
 */
#ifndef SAMSPEL_BASE_GZIP_H
#define SAMSPEL_BASE_GZIP_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;

/* One span: len bytes of data from off, compressed to zlen bytes at zoff
 * of the compressed output; crc is the CRC-32 of the span's own bytes. */
struct gzip_span {
	size_t off, len;
	size_t zoff, zlen;
	uint32_t crc;
};

/* Compresses data[spans[i].off, + spans[i].len) for each of the n spans,
 * appending to out and filling in each span's zoff, zlen and crc. ERR
 * (e) when zlib fails. */
int gzip_compress_spans(const char *data, struct gzip_span *spans, size_t n, struct buf *out,
		      struct err *e);
/* The 10 bytes that start a gzip body. */
void gzip_header(struct buf *out);
/* len bytes as stored (uncompressed) deflate blocks, none of them final. */
void gzip_stored(struct buf *out, const void *data, size_t len);
/* The end of the body: a final empty block, the CRC-32 of all the bytes
 * and their number. */
void gzip_trailer(struct buf *out, uint32_t crc, uint64_t size);
/* The CRC-32 of data after crc (0 to start). */
uint32_t gzip_crc(uint32_t crc, const void *data, size_t len);
/* The CRC-32 of a then b, from both and b's length. */
uint32_t gzip_crc_combine(uint32_t a, uint32_t b, size_t blen);

#endif
