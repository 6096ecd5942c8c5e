/*
 * doc_odt.c: an OpenDocument text (LibreOffice's own format) into plan
 * text, and the tables of an OpenDocument spreadsheet into grids
 * (see doc_read.h). content.xml is read as a stream. Headings are <text:h>
 * with their outline level; a cell merged into the one above or beside is
 * a <table:covered-table-cell>; deleted text of tracked changes lives in
 * <text:tracked-changes>, which is left out, so the text reads as accepted.
 */
#include "formats/doc_internal.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

#define TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

/* Adds the style the reader stands on (a <style:style>) to l. */
static void add_style(struct doc_part *p, struct arena *a, doc_style_list *l)
{
	const char *family = doc_attr(p, STYLE, "family");
	const char *name = doc_attr(p, STYLE, "name");
	if (!name || (family && strcmp(family, "paragraph") != 0) || l->count >= DOC_STYLES_MAX)
		return;
	struct doc_style *st = ARENA_PUSH(a, *l);
	st->name = arena_strdup(a, name);
	const char *parent = doc_attr(p, STYLE, "parent-style-name");
	st->parent = parent ? arena_strdup(a, parent) : NULL;
	const char *shown = doc_attr(p, STYLE, "display-name");
	/* "Heading_20_1" is how ODF writes the name "Heading 1". */
	struct buf plain = BUF_INIT;
	for (const char *c = shown ? shown : name; *c; c++) {
		if (!shown && strncmp(c, "_20_", 4) == 0) {
			buf_addc(&plain, ' ');
			c += 3;
		} else {
			buf_addc(&plain, *c);
		}
	}
	st->level = doc_level_of_name(plain.data ? plain.data : "", &st->toc);
	buf_release(&plain);
	const char *outline = doc_attr(p, STYLE, "default-outline-level");
	int lvl = outline ? atoi(outline) : 0;
	if (lvl >= 1 && lvl <= 9)
		st->level = lvl;
}

/* The named paragraph styles of styles.xml (absent: none). */
static int read_styles(zip_t *z, struct arena *a, doc_style_list *out, struct err *e)
{
	struct doc_part p;
	bool found;
	if (doc_part_open(z, "styles.xml", &p, &found, e) != OK)
		return ERR;
	if (!found)
		return OK;
	int rc;
	while ((rc = doc_part_next(&p, e)) == 1)
		if (doc_is(&p, STYLE, "style"))
			add_style(&p, a, out);
	doc_part_close(&p);
	return rc < 0 ? ERR : OK;
}

/* Indexes (a table of contents and the like) repeat generated text. */
static bool is_index(struct doc_part *p)
{
	static const char *const indexes[] = {"table-of-content", "illustration-index",
					      "alphabetical-index", "bibliography", "user-index",
					      "object-index", "table-index"};
	for (size_t i = 0; i < sizeof indexes / sizeof *indexes; i++)
		if (doc_is(p, TEXT, indexes[i]))
			return true;
	return false;
}

/* Elements whose content is not the document's text as it reads now. */
static bool skipped(struct doc_part *p, struct doc_out *o, bool in_heading)
{
	if (doc_is(p, TEXT, "tracked-changes")) {
		o->tracked = true;
		return true;
	}
	if (is_index(p)) {
		o->toc = true;
		return true;
	}
	/* Comments, footnotes, an image's title and description, and the
	 * numbers of list items (made by the program, not written). */
	return doc_is(p, OFFICE, "annotation") || doc_is(p, TEXT, "note") ||
	       doc_is(p, SVG, "title") || doc_is(p, SVG, "desc") ||
	       doc_is(p, OFFICE, "font-face-decls") ||
	       (doc_is(p, TEXT, "number") && !in_heading);
}

static unsigned long count_attr(struct doc_part *p, const char *ns, const char *name)
{
	const char *v = doc_attr(p, ns, name);
	unsigned long n = v ? strtoul(v, NULL, 10) : 1;
	return n ? n : 1;
}

struct walk {
	struct arena *a;
	doc_style_list styles;
	bool in_body; /* past the styles */
	bool in_heading;
	unsigned long row_repeat, cell_repeat; /* of the row and cell being read */
};

static void element(struct doc_part *p, struct doc_out *o, struct walk *w)
{
	bool *in_heading = &w->in_heading;
	if (doc_is(p, TEXT, "h")) {
		const char *lvl = doc_attr(p, TEXT, "outline-level");
		int level = lvl ? atoi(lvl) : 1;
		doc_para_begin(o, level >= 1 && level <= 9 ? level : 1);
		*in_heading = true;
	} else if (doc_is(p, TEXT, "p")) {
		struct doc_style st = doc_style_resolve(&w->styles, doc_attr(p, TEXT, "style-name"));
		doc_para_begin(o, st.level);
		o->skip_para = st.toc;
		*in_heading = st.level > 0;
	} else if (doc_is(p, OFFICE, "body")) {
		/* Every style is read by now: sorted once, looked up by name. */
		doc_styles_sort(&w->styles);
		w->in_body = true;
	} else if (doc_is(p, STYLE, "style") && !w->in_body) {
		add_style(p, w->a, &w->styles);
	} else if (doc_is(p, TEXT, "s")) {
		doc_spaces(o, count_attr(p, TEXT, "c"));
	} else if (doc_is(p, TEXT, "tab")) {
		doc_text(o, " ");
	} else if (doc_is(p, TEXT, "line-break")) {
		doc_break(o);
	} else if (doc_is(p, TEXT, "change") || doc_is(p, TEXT, "change-start")) {
		o->tracked = true;
	} else if (doc_is(p, DRAW, "text-box")) {
		doc_box_begin(o);
	} else if (doc_is(p, TABLE, "table")) {
		doc_table_begin(o);
		const char *name = doc_attr(p, TABLE, "name");
		if (o->grid && name)
			o->grid->name = arena_strdup(o->a, name);
	} else if (doc_is(p, TABLE, "table-row")) {
		doc_row_begin(o);
		if (o->table_depth == 1)
			w->row_repeat = count_attr(p, TABLE, "number-rows-repeated");
	} else if (doc_is(p, TABLE, "table-cell") || doc_is(p, TABLE, "covered-table-cell")) {
		doc_cell_begin(o);
		if (o->table_depth == 1) {
			o->cell_merged = doc_is(p, TABLE, "covered-table-cell");
			w->cell_repeat = count_attr(p, TABLE, "number-columns-repeated");
		}
	}
}

static void end_element(struct doc_part *p, struct doc_out *o, struct walk *w)
{
	if (doc_is_end(p, TEXT, "h") || doc_is_end(p, TEXT, "p")) {
		doc_para_end(o);
		w->in_heading = false;
	} else if (doc_is_end(p, TEXT, "number")) {
		/* The program sets a tab or space after a heading's number. */
		doc_text(o, " ");
	} else if (doc_is_end(p, DRAW, "text-box")) {
		doc_box_end(o);
	} else if (doc_is_end(p, TABLE, "table-cell") ||
		   doc_is_end(p, TABLE, "covered-table-cell")) {
		bool top = o->table_depth == 1;
		doc_cell_end(o);
		if (top && w->cell_repeat > 1)
			doc_cell_repeat(o, w->cell_repeat - 1);
	} else if (doc_is_end(p, TABLE, "table-row")) {
		bool top = o->table_depth == 1;
		doc_row_end(o);
		if (top && w->row_repeat > 1)
			doc_row_repeat(o, w->row_repeat - 1);
	} else if (doc_is_end(p, TABLE, "table")) {
		doc_table_end(o);
	}
}

int doc_odt(zip_t *z, struct doc_out *o, struct err *e)
{
	struct doc_part p;
	bool found;
	if (doc_part_open(z, "content.xml", &p, &found, e) != OK)
		return ERR;
	if (!found)
		return err_set(e, ERR_INPUT, "file", _("The document could not be read (%s)."),
			       "content.xml");
	struct walk w = {o->a, {0}, false, false, 1, 1};
	if (read_styles(z, o->a, &w.styles, e) != OK) {
		doc_part_close(&p);
		return ERR;
	}
	int rc;
	while ((rc = doc_part_next(&p, e)) == 1) {
		int type = xmlTextReaderNodeType(p.xml);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (skipped(&p, o, w.in_heading)) {
				if (doc_part_skip(&p, e) != OK) {
					rc = ERR;
					break;
				}
				continue;
			}
			element(&p, o, &w);
			if (xmlTextReaderIsEmptyElement(p.xml))
				end_element(&p, o, &w);
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			end_element(&p, o, &w);
		} else if (o->in_para && (type == XML_READER_TYPE_TEXT ||
					  type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
					  type == XML_READER_TYPE_CDATA)) {
			const char *v = (const char *)xmlTextReaderConstValue(p.xml);
			if (v)
				doc_text(o, v);
		}
	}
	doc_part_close(&p);
	return rc < 0 ? ERR : OK;
}
