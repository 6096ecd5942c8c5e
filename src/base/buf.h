/*
 * buf: a growable byte buffer, the string builder of samspel.
 *
 * Invariants: after buf_init (or BUF_INIT) data is never NULL and is always
 * NUL-terminated at data[len], so a buf can be handed to anything expecting a
 * C string. Binary data (with NUL bytes inside) is allowed; len is the truth.
 *
 * Layering: a base primitive; it must not call anything above src/base.
 * Allocation failure aborts the program (the only place that may).
 */
#ifndef SAMSPEL_BASE_BUF_H
#define SAMSPEL_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;  /* never NULL; NUL-terminated */
	size_t len;  /* bytes in use, excluding the terminating NUL */
	size_t cap;  /* bytes allocated; 0 while data points to a static "" */
};

extern char buf_empty_[];
#define BUF_INIT { buf_empty_, 0, 0 }

/* --- life cycle --- */

/* Makes b an empty buffer that owns nothing yet. */
void buf_init(struct buf *b);
/* Frees the storage; b is empty again and may be reused. */
void buf_release(struct buf *b);
/* Empties b but keeps its storage for reuse. */
void buf_reset(struct buf *b);
/* Hands the storage to the caller, who frees it with free(); b is left empty.
 * Always returns a malloc'd NUL-terminated string (never the static ""). */
char *buf_detach(struct buf *b, size_t *len);
/* Makes sure extra more bytes fit without another allocation. */
void buf_grow(struct buf *b, size_t extra);
/* Shortens b to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/* --- adding data --- */

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* printf into the buffer; for trusted text only (never data into HTML: the
 * web layer's html_printf escapes). */
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* --- escaping: the one place each context is handled --- */

/* Appends s[0..len) escaped for HTML text and attribute values (& < > " ').
 * Invalid UTF-8, NUL and other control characters (but tab, CR, LF) are
 * replaced by U+FFFD so the page (or SVG) stays well-formed. */
void buf_add_html(struct buf *b, const char *s, size_t len);
/* Appends s percent-encoded as a URL query value or path segment. */
void buf_add_url(struct buf *b, const char *s, size_t len);

/* --- helpers --- */

/* Removes trailing bytes found in set (e.g. " \t\r\n"). */
void buf_rtrim(struct buf *b, const char *set);

#endif
