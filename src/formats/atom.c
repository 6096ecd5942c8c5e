/* atom.c: an Atom feed (see atom.h). */
#include "formats/atom.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

void atom_escape(struct buf *out, const char *s)
{
	if (!s)
		return;
	/* First what XML 1.0 cannot carry at all, then the markup
	 * characters through the one HTML/XML escaper. */
	struct buf clean = BUF_INIT;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			bool ok = c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
			if (ok)
				buf_addc(&clean, (char)c);
			else
				buf_adds(&clean, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
			buf_adds(&clean, "\xEF\xBF\xBD");
			i += n ? n : 1;
			continue;
		}
		buf_add(&clean, s + i, n);
		i += n;
	}
	buf_add_html(out, clean.data, clean.len);
	buf_release(&clean);
}

/* <name>text</name> */
static void element(struct buf *out, const char *indent, const char *name, const char *text)
{
	buf_addf(out, "%s<%s>", indent, name);
	atom_escape(out, text);
	buf_addf(out, "</%s>\n", name);
}

static void add_link(struct buf *out, const char *indent, const char *rel, const char *type,
		 const char *href)
{
	buf_addf(out, "%s<link rel=\"%s\"", indent, rel);
	if (type)
		buf_addf(out, " type=\"%s\"", type);
	buf_adds(out, " href=\"");
	atom_escape(out, href);
	buf_adds(out, "\"/>\n");
}

static void author(struct buf *out, const char *indent, const char *name)
{
	buf_addf(out, "%s<author><name>", indent);
	atom_escape(out, name && *name ? name : "samspel");
	buf_adds(out, "</name></author>\n");
}

void atom_write(const struct atom_feed *f, struct buf *out)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		      "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (f->lang) {
		buf_adds(out, " xml:lang=\"");
		atom_escape(out, f->lang);
		buf_addc(out, '"');
	}
	if (f->base) {
		buf_adds(out, " xml:base=\"");
		atom_escape(out, f->base);
		buf_addc(out, '"');
	}
	buf_adds(out, ">\n");
	element(out, "  ", "id", f->id);
	element(out, "  ", "title", f->title);
	if (f->subtitle)
		element(out, "  ", "subtitle", f->subtitle);
	element(out, "  ", "updated", f->updated);
	author(out, "  ", f->author);
	if (f->self)
		add_link(out, "  ", "self", "application/atom+xml", f->self);
	if (f->alternate)
		add_link(out, "  ", "alternate", "text/html", f->alternate);
	buf_adds(out, "  <generator>samspel</generator>\n");
	for (size_t i = 0; i < f->count; i++) {
		const struct atom_entry *en = &f->entries[i];
		buf_adds(out, "  <entry>\n");
		element(out, "    ", "id", en->id);
		element(out, "    ", "title", en->title);
		element(out, "    ", "updated", en->updated);
		author(out, "    ", en->author ? en->author : f->author);
		if (en->link)
			add_link(out, "    ", "alternate", "text/html", en->link);
		if (en->summary)
			element(out, "    ", "summary", en->summary);
		buf_adds(out, "  </entry>\n");
	}
	buf_adds(out, "</feed>\n");
}
