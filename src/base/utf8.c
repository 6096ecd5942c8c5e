/* utf8.c: UTF-8 helpers (see utf8.h). */
#include "base/utf8.h"
#include "base/buf.h"

#include <string.h>

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t utf8_seq_len(const char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode(s, n, &cp);
}

void utf8_encode(struct buf *b, uint32_t cp)
{
	char out[4];
	size_t n;
	if (cp < 0x80) {
		out[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	buf_add(b, out, n);
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == '\0')
			return false;
		size_t len = utf8_seq_len(s + i, n - i);
		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

uint32_t utf8_lower_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 32;
	return cp;
}

bool utf8_is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x2007;
}

void utf8_fold(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	bool pending_space = false;
	size_t start = out->len;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			buf_addc(out, s[i]);
			i++;
			continue;
		}
		i += len;
		if (utf8_is_space_cp(cp)) {
			pending_space = out->len > start;
			continue;
		}
		if (pending_space)
			buf_addc(out, ' ');
		pending_space = false;
		if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212)
			cp = '-'; /* en dash, em dash, minus sign */
		utf8_encode(out, utf8_lower_cp(cp));
	}
}

bool utf8_eq_fold(const char *a, const char *b)
{
	struct buf fa = BUF_INIT, fb = BUF_INIT;
	utf8_fold(&fa, a, strlen(a));
	utf8_fold(&fb, b, strlen(b));
	bool eq = fa.len == fb.len && memcmp(fa.data, fb.data, fa.len) == 0;
	buf_release(&fa);
	buf_release(&fb);
	return eq;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0, i = 0;
	while (i < n) {
		size_t len = utf8_seq_len(s + i, n - i);
		i += len ? len : 1;
		count++;
	}
	return count;
}
