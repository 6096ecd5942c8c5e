/*
 * i18n.c: translation lookup in the embedded GNU .mo catalogs (see i18n.h).
 * The .mo format: a header of 32-bit words (magic, revision, count, offset of
 * the original-string table, offset of the translation table), then tables of
 * (length, offset) pairs; originals are sorted, so lookup is a binary search.
 */
#include "base/i18n.h"
#include "base/embedded.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static _Thread_local enum lang current_lang = LANG_NN;

static const char *const lang_codes[LANG_COUNT] = {"nn", "nb", "en"};

void i18n_set_lang(enum lang lang)
{
	if (lang < LANG_COUNT)
		current_lang = lang;
}

enum lang i18n_lang(void)
{
	return current_lang;
}

const char *i18n_code(enum lang lang)
{
	return lang < LANG_COUNT ? lang_codes[lang] : "nn";
}

int i18n_parse(const char *code, enum lang *lang)
{
	if (!code)
		return -1;
	size_t n = strcspn(code, "-_.@:");
	if (n != 2)
		return -1;
	if (strncasecmp(code, "nn", 2) == 0)
		*lang = LANG_NN;
	else if (strncasecmp(code, "nb", 2) == 0 || strncasecmp(code, "no", 2) == 0)
		*lang = LANG_NB;
	else if (strncasecmp(code, "en", 2) == 0)
		*lang = LANG_EN;
	else
		return -1;
	return 0;
}

enum lang i18n_from_env(void)
{
	static const char *const vars[] = {"SAMSPEL_LANG", "LANGUAGE", "LC_ALL",
					   "LC_MESSAGES", "LANG"};
	enum lang lang;
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v && i18n_parse(v, &lang) == 0)
			return lang;
	}
	return LANG_NN;
}

struct catalog {
	const unsigned char *data;
	size_t size;
	int swap;
	uint32_t count, originals, translations;
};

static uint32_t word(const struct catalog *c, uint32_t off)
{
	if ((size_t)off + 4 > c->size)
		return 0;
	uint32_t w;
	memcpy(&w, c->data + off, 4);
	return c->swap ? __builtin_bswap32(w) : w;
}

static int catalog_open(enum lang lang, struct catalog *c)
{
	char name[16];
	memcpy(name, lang_codes[lang], 2);
	memcpy(name + 2, ".mo", 4);
	const struct embedded_file *f = embedded_find(embedded_catalogs, name);
	if (!f || f->size < 28)
		return -1;
	c->data = (const unsigned char *)f->data;
	c->size = f->size;
	uint32_t magic;
	memcpy(&magic, c->data, 4);
	if (magic == 0x950412de)
		c->swap = 0;
	else if (magic == 0xde120495)
		c->swap = 1;
	else
		return -1;
	c->count = word(c, 8);
	c->originals = word(c, 12);
	c->translations = word(c, 16);
	return 0;
}

/* The string at (length, offset) pair number i of table, or NULL. */
static const char *entry(const struct catalog *c, uint32_t table, uint32_t i,
			 uint32_t *len)
{
	uint32_t n = word(c, table + 8 * i);
	uint32_t off = word(c, table + 8 * i + 4);
	if ((size_t)off + n >= c->size)
		return NULL;
	*len = n;
	return (const char *)c->data + off;
}

/* Translation of msgid (all plural forms, NUL-separated) or NULL. */
static const char *lookup(enum lang lang, const char *msgid, uint32_t *len)
{
	static struct catalog catalogs[LANG_COUNT];
	static int state[LANG_COUNT]; /* 0 unknown, 1 open, -1 missing */
	/* Opening only reads constant embedded bytes, so a benign race between
	 * two threads computes the same values. */
	if (state[lang] == 0)
		state[lang] = catalog_open(lang, &catalogs[lang]) == 0 ? 1 : -1;
	if (state[lang] < 0)
		return NULL;
	const struct catalog *c = &catalogs[lang];
	uint32_t lo = 0, hi = c->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2, olen;
		const char *orig = entry(c, c->originals, mid, &olen);
		if (!orig)
			return NULL;
		int cmp = strcmp(msgid, orig);
		if (cmp == 0) {
			const char *t = entry(c, c->translations, mid, len);
			return t && *len ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *i18n_gettext(const char *msgid)
{
	uint32_t len;
	const char *t = lookup(current_lang, msgid, &len);
	return t ? t : msgid;
}

const char *i18n_ngettext(const char *singular, const char *plural,
			  unsigned long n)
{
	/* nn, nb and en share the rule nplurals=2; plural=(n != 1). */
	uint32_t len;
	const char *t = lookup(current_lang, singular, &len);
	if (!t)
		return n == 1 ? singular : plural;
	if (n == 1)
		return t;
	size_t first = strlen(t);
	return first < len ? t + first + 1 : t;
}
