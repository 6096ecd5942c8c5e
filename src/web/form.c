/* form.c: form bodies and cookies (see form.h). */
#include "web/form.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <string.h>

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(struct arena *a, const char *s, size_t len, int plus_is_space,
	       const char **out, struct err *e)
{
	char *d = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < len ? hex(s[i + 1]) : -1;
			int lo = i + 2 < len ? hex(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return err_set(e, ERR_INPUT, NULL,
					       _("The request has a broken %%-escape."));
			d[n++] = (char)(hi * 16 + lo);
			i += 2;
			continue;
		}
		d[n++] = plus_is_space && s[i] == '+' ? ' ' : s[i];
	}
	d[n] = '\0';
	if (!utf8_valid(d, n))
		return err_set(e, ERR_INPUT, NULL,
			       _("The request has text that is not valid UTF-8."));
	*out = d;
	return OK;
}

int form_parse(struct arena *a, const char *data, size_t len, struct form *out,
	       struct err *e)
{
	out->fields = NULL;
	out->count = 0;
	size_t fields = 1;
	for (size_t i = 0; i < len; i++)
		fields += data[i] == '&';
	if (fields > FORM_MAX_FIELDS)
		return err_set(e, ERR_INPUT, NULL, _("The form has too many fields."));
	out->fields = arena_array(a, fields, sizeof *out->fields);
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && data[i] != '&')
			continue;
		const char *part = data + start;
		size_t plen = i - start;
		start = i + 1;
		if (plen == 0)
			continue;
		const char *eq = memchr(part, '=', plen);
		size_t nlen = eq ? (size_t)(eq - part) : plen;
		struct form_field *f = &out->fields[out->count];
		if (url_decode(a, part, nlen, 1, &f->name, e) != OK)
			return ERR;
		if (eq) {
			if (url_decode(a, eq + 1, plen - nlen - 1, 1, &f->value, e) != OK)
				return ERR;
		} else {
			f->value = "";
		}
		out->count++;
	}
	return OK;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

size_t form_get_all(const struct form *f, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->fields[i].name, name) == 0) {
			if (n < max)
				out[n] = f->fields[i].value;
			n++;
		}
	return n;
}

const char *cookie_get(struct arena *a, const char *header, const char *name)
{
	if (!header)
		return NULL;
	size_t nlen = strlen(name);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == ';' || *p == '\t')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;
			size_t vlen = len - nlen - 1;
			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
				v++, vlen -= 2;
			/* Cookie values we set are plain ASCII tokens. */
			for (size_t i = 0; i < vlen; i++)
				if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f ||
				    v[i] == '"' || v[i] == ',' || v[i] == '\\')
					return NULL;
			return arena_strndup(a, v, vlen);
		}
		p += len;
	}
	return NULL;
}
