/*
 * form: decoding what a browser sends - application/x-www-form-urlencoded
 * bodies and Cookie headers. Every name and value must be valid UTF-8
 * without NUL bytes; anything else is refused with a clear error (the server
 * answers 400), never passed on. These parsers take outside input and have
 * fuzz targets in tests/fuzz/.
 */
#ifndef SAMSPEL_WEB_FORM_H
#define SAMSPEL_WEB_FORM_H

#include <stddef.h>

struct arena;
struct err;

#define FORM_MAX_FIELDS 200

struct form_field {
	const char *name, *value;
};

struct form {
	struct form_field *fields;
	size_t count;
};

/* Decodes "a=1&b=%C3%A6+%C3%B8" into fields (in arena). */
int form_parse(struct arena *a, const char *data, size_t len, struct form *out,
	       struct err *e);
/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* Every value of name (a group of checkboxes), at most max into out; how
 * many there are. */
size_t form_get_all(const struct form *f, const char *name, const char **out, size_t max);

/* Decodes %XX and (when plus_is_space) '+' in s[0..len) into arena; ERR on
 * a broken escape, invalid UTF-8 or a NUL byte. */
int url_decode(struct arena *a, const char *s, size_t len, int plus_is_space,
	       const char **out, struct err *e);

/* The value of cookie name in a Cookie header ("a=1; b=2"), in arena, or
 * NULL when it is not there or not valid. */
const char *cookie_get(struct arena *a, const char *header, const char *name);

#endif
