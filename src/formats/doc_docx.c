/*
 * doc_docx.c: a Word document (Office Open XML) into plan text (see
 * doc_read.h). word/styles.xml says which paragraph styles are headings
 * (by name, "heading 1" or "Overskrift 1", or by outline level, following
 * "based on") and which carry numbering; word/document.xml is then read
 * as a stream.
 */
#include "formats/doc_internal.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MC "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* Reads every paragraph style of word/styles.xml (absent: none). */
static int read_styles(zip_t *z, struct arena *a, doc_style_list *out, struct err *e)
{
	struct doc_part p;
	bool found;
	if (doc_part_open(z, "word/styles.xml", &p, &found, e) != OK)
		return ERR;
	if (!found)
		return OK;
	struct doc_style *cur = NULL;
	int rc;
	while ((rc = doc_part_next(&p, e)) == 1) {
		if (doc_is(&p, W, "style")) {
			const char *type = doc_attr(&p, W, "type");
			const char *id = doc_attr(&p, W, "styleId");
			cur = NULL;
			if (id && (!type || strcmp(type, "paragraph") == 0) &&
			    out->count < DOC_STYLES_MAX) {
				cur = ARENA_PUSH(a, *out);
				cur->name = arena_strdup(a, id);
			}
		} else if (!cur) {
			continue;
		} else if (doc_is(&p, W, "name")) {
			const char *v = doc_attr(&p, W, "val");
			if (v)
				cur->level = doc_level_of_name(v, &cur->toc);
		} else if (doc_is(&p, W, "basedOn")) {
			const char *v = doc_attr(&p, W, "val");
			cur->parent = v ? arena_strdup(a, v) : NULL;
		} else if (doc_is(&p, W, "outlineLvl") && !cur->level) {
			const char *v = doc_attr(&p, W, "val");
			int lvl = v ? atoi(v) : 9;
			if (lvl >= 0 && lvl < 9)
				cur->level = lvl + 1;
		} else if (doc_is(&p, W, "numId")) {
			const char *v = doc_attr(&p, W, "val");
			cur->numbered = v && strcmp(v, "0") != 0;
		}
	}
	doc_part_close(&p);
	doc_styles_sort(out);
	return rc < 0 ? ERR : OK;
}

struct walk {
	struct doc_out *o;
	const doc_style_list *styles;
	int depth_ppr;     /* inside the paragraph's w:pPr */
	bool in_t;         /* inside w:t (text to keep) */
	bool numbered;     /* the paragraph has numbering */
	bool num_off;      /* ... switched off (numId 0) */
	int counters[9];   /* the numbers of numbered headings, by level */
	bool in_tcpr;
};

/* "1." for the first level, "1.2" below it. */
static const char *heading_label(struct walk *w, int level)
{
	if (level < 1 || level > 9)
		return NULL;
	w->counters[level - 1]++;
	for (int i = level; i < 9; i++)
		w->counters[i] = 0;
	struct buf b = BUF_INIT;
	for (int i = 0; i < level; i++)
		buf_addf(&b, i ? ".%d" : "%d", w->counters[i]);
	if (level == 1)
		buf_addc(&b, '.');
	const char *s = arena_strndup(w->o->a, b.data, b.len);
	buf_release(&b);
	return s;
}

static void paragraph_end(struct walk *w)
{
	struct doc_out *o = w->o;
	if (o->heading && w->numbered && !w->num_off)
		o->label = heading_label(w, o->heading);
	doc_para_end(o);
	w->numbered = w->num_off = false;
}

/* Elements whose content is not the document's text as it reads now. */
static bool skipped(struct doc_part *p, struct doc_out *o)
{
	if (doc_is(p, W, "del") || doc_is(p, W, "moveFrom")) {
		o->tracked = true;
		return true;
	}
	static const char *const old_props[] = {"pPrChange", "rPrChange", "tblPrChange", "tcPrChange",
						"trPrChange", "sectPrChange", "instrText",
						"delInstrText", "tabs"};
	for (size_t i = 0; i < sizeof old_props / sizeof *old_props; i++)
		if (doc_is(p, W, old_props[i]))
			return true;
	/* The fallback repeats what its choice holds, for older programs. */
	return doc_is(p, MC, "Fallback");
}

static void paragraph_property(struct walk *w, struct doc_part *p)
{
	struct doc_out *o = w->o;
	if (doc_is(p, W, "pStyle")) {
		struct doc_style s = doc_style_resolve(w->styles, doc_attr(p, W, "val"));
		o->heading = s.level;
		o->skip_para = s.toc;
		w->numbered |= s.numbered;
	} else if (doc_is(p, W, "numId")) {
		const char *v = doc_attr(p, W, "val");
		if (v && strcmp(v, "0") == 0)
			w->num_off = true;
		else
			w->numbered = true;
	} else if (doc_is(p, W, "outlineLvl")) {
		const char *v = doc_attr(p, W, "val");
		int lvl = v ? atoi(v) : 9;
		o->heading = lvl >= 0 && lvl < 9 ? lvl + 1 : 0;
	}
}

static void cell_property(struct walk *w, struct doc_part *p)
{
	struct doc_out *o = w->o;
	if (doc_is(p, W, "gridSpan")) {
		const char *v = doc_attr(p, W, "val");
		o->cell_span = v ? atoi(v) : 1;
	} else if (doc_is(p, W, "vMerge")) {
		const char *v = doc_attr(p, W, "val");
		o->cell_merged = !v || strcmp(v, "continue") == 0;
	}
}

static void run_content(struct walk *w, struct doc_part *p)
{
	struct doc_out *o = w->o;
	if (doc_is(p, W, "t")) {
		w->in_t = !xmlTextReaderIsEmptyElement(p->xml);
	} else if (doc_is(p, W, "tab") || doc_is(p, W, "ptab")) {
		doc_text(o, " ");
	} else if (doc_is(p, W, "br")) {
		const char *type = doc_attr(p, W, "type");
		if (!type || strcmp(type, "textWrapping") == 0)
			doc_break(o);
	} else if (doc_is(p, W, "cr")) {
		doc_break(o);
	} else if (doc_is(p, W, "noBreakHyphen")) {
		doc_text(o, "-");
	} else if (doc_is(p, W, "ins") || doc_is(p, W, "moveTo")) {
		o->tracked = true;
	}
}

static void element(struct walk *w, struct doc_part *p)
{
	struct doc_out *o = w->o;
	if (doc_is(p, W, "p")) {
		doc_para_begin(o, 0);
		w->numbered = w->num_off = false;
	} else if (doc_is(p, W, "pPr")) {
		w->depth_ppr = xmlTextReaderIsEmptyElement(p->xml) ? 0 : 1;
	} else if (w->depth_ppr) {
		paragraph_property(w, p);
	} else if (doc_is(p, W, "tcPr")) {
		w->in_tcpr = !xmlTextReaderIsEmptyElement(p->xml);
	} else if (w->in_tcpr) {
		cell_property(w, p);
	} else if (doc_is(p, W, "tbl")) {
		doc_table_begin(o);
	} else if (doc_is(p, W, "tr")) {
		doc_row_begin(o);
	} else if (doc_is(p, W, "tc")) {
		doc_cell_begin(o);
	} else if (doc_is(p, W, "txbxContent")) {
		doc_box_begin(o);
	} else if (doc_is(p, W, "docPartGallery")) {
		const char *v = doc_attr(p, W, "val");
		if (v && strcasecmp(v, "Table of Contents") == 0)
			o->toc = true;
	} else {
		run_content(w, p);
	}
}

static void end_element(struct walk *w, struct doc_part *p)
{
	struct doc_out *o = w->o;
	if (doc_is_end(p, W, "p"))
		paragraph_end(w);
	else if (doc_is_end(p, W, "pPr"))
		w->depth_ppr = 0;
	else if (doc_is_end(p, W, "tcPr"))
		w->in_tcpr = false;
	else if (doc_is_end(p, W, "t"))
		w->in_t = false;
	else if (doc_is_end(p, W, "tc"))
		doc_cell_end(o);
	else if (doc_is_end(p, W, "tr"))
		doc_row_end(o);
	else if (doc_is_end(p, W, "tbl"))
		doc_table_end(o);
	else if (doc_is_end(p, W, "txbxContent"))
		doc_box_end(o);
}

int doc_docx(zip_t *z, struct doc_out *o, struct err *e)
{
	doc_style_list styles = {0};
	if (read_styles(z, o->a, &styles, e) != OK)
		return ERR;
	struct doc_part p;
	bool found;
	if (doc_part_open(z, "word/document.xml", &p, &found, e) != OK)
		return ERR;
	if (!found)
		return err_set(e, ERR_INPUT, "file", _("The document could not be read (%s)."),
			       "word/document.xml");
	struct walk w = {.o = o, .styles = &styles};
	int rc;
	while ((rc = doc_part_next(&p, e)) == 1) {
		int type = xmlTextReaderNodeType(p.xml);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (skipped(&p, o)) {
				if (doc_part_skip(&p, e) != OK) {
					rc = ERR;
					break;
				}
				continue;
			}
			element(&w, &p);
			if (xmlTextReaderIsEmptyElement(p.xml))
				end_element(&w, &p);
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			end_element(&w, &p);
		} else if (w.in_t && (type == XML_READER_TYPE_TEXT ||
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
