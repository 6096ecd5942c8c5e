/*
 * doc_read.c: what the DOCX and ODT readers share (see doc_read.h and
 * doc_internal.h): the zip and its parts as XML streams, and the writer of
 * plan text lines.
 */

#include "formats/doc_read.h"
#include "formats/doc_internal.h"
#include "formats/sheet_read.h"
#include "model/node.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

/* --- the zip --- */

static int damaged(struct err *e, const char *why)
{
	return err_set(e, ERR_INPUT, "file", _("The document could not be read (%s)."), why);
}

/* True for a name that leaves the package: "../x", "/x", "a/../b". */
static bool climbs_out(const char *name)
{
	if (name[0] == '/' || name[0] == '\\')
		return true;
	for (const char *p = name; (p = strstr(p, "..")); p += 2) {
		bool start = p == name || p[-1] == '/' || p[-1] == '\\';
		bool end = p[2] == '\0' || p[2] == '/' || p[2] == '\\';
		if (start && end)
			return true;
	}
	return false;
}

/* The zip in data, or NULL when it is none. */
static zip_t *open_zip(const void *data, size_t n)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z && src)
		zip_source_free(src);
	return z;
}

int doc_zip_open(const void *data, size_t n, zip_t **out, struct err *e)
{
	zip_t *z = open_zip(data, n);
	if (!z)
		return damaged(e, "zip");
	zip_int64_t count = zip_get_num_entries(z, 0);
	if (count < 0 || count > 20000) {
		zip_discard(z);
		return damaged(e, "zip");
	}
	for (zip_int64_t i = 0; i < count; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		if (!name || climbs_out(name)) {
			int rc = err_set(e, ERR_INPUT, "file",
					 _("The document holds a file named \"%.80s\" that points outside it; such a file is refused."),
					 name ? name : "?");
			zip_discard(z);
			return rc;
		}
	}
	*out = z;
	return OK;
}

enum doc_kind doc_kind_of_zip(zip_t *z)
{
	zip_stat_t st;
	if (zip_stat(z, "word/document.xml", 0, &st) == 0)
		return DOC_DOCX;
	if (zip_stat(z, "xl/workbook.xml", 0, &st) == 0)
		return DOC_SHEET;
	if (zip_stat(z, "mimetype", 0, &st) != 0 || st.size >= 100)
		return DOC_OTHER;
	char mime[100] = "";
	zip_file_t *f = zip_fopen(z, "mimetype", 0);
	if (f) {
		zip_int64_t got = zip_fread(f, mime, sizeof mime - 1);
		mime[got > 0 ? got : 0] = '\0';
		zip_fclose(f);
	}
	if (strcmp(mime, "application/vnd.oasis.opendocument.text") == 0)
		return DOC_ODT;
	if (strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet") == 0)
		return DOC_SHEET;
	return DOC_OTHER;
}

enum doc_kind doc_kind_of(const void *data, size_t n)
{
	if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return DOC_TEXT;
	zip_t *z = open_zip(data, n);
	if (!z)
		return DOC_DAMAGED;
	enum doc_kind kind = doc_kind_of_zip(z);
	zip_discard(z);
	return kind;
}

/* --- a part as a stream of XML nodes --- */

static int part_read(void *ctx, char *buffer, int len)
{
	struct doc_part *p = ctx;
	zip_int64_t n = zip_fread(p->file, buffer, (zip_uint64_t)len);
	if (n < 0)
		return -1;
	/* A DTD could declare entities that grow without end; Word and
	 * LibreOffice never write one, so its mere presence is refused
	 * before the parser sees it. */
	if (p->read < sizeof p->prolog) {
		size_t keep = sizeof p->prolog - (size_t)p->read;
		if (keep > (size_t)n)
			keep = (size_t)n;
		memcpy(p->prolog + p->read, buffer, keep);
		size_t have = (size_t)p->read + keep;
		if (memmem(p->prolog, have, "<!DOCTYPE", 9) || memmem(p->prolog, have, "<!ENTITY", 8)) {
			p->dtd = true;
			return -1;
		}
	}
	p->read += (unsigned long long)n;
	if (p->read > DOC_PART_MAX) {
		p->too_big = true;
		return -1;
	}
	return (int)n;
}

static int part_close(void *ctx)
{
	(void)ctx;
	return 0;
}

int doc_part_open(zip_t *z, const char *name, struct doc_part *p, bool *found, struct err *e)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	*found = false;
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0)
		return OK;
	*found = true;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > DOC_PART_MAX)
		return err_set(e, ERR_INPUT, "file",
			       _("The document's text (%s) is %llu MB unpacked; samspel reads at most %u MB."),
			       name, (unsigned long long)(st.size >> 20), DOC_PART_MAX >> 20);
	p->file = zip_fopen(z, name, 0);
	if (!p->file)
		return damaged(e, name);
	p->xml = xmlReaderForIO(part_read, part_close, p, name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!p->xml) {
		doc_part_close(p);
		return damaged(e, name);
	}
	return OK;
}

int doc_part_next(struct doc_part *p, struct err *e)
{
	int rc;
	for (int i = 0; i < p->nattrs; i++)
		xmlFree(p->attrs[i]);
	p->nattrs = 0;
	if (p->pending) {
		p->pending = false;
		rc = 1;
	} else {
		rc = xmlTextReaderRead(p->xml);
	}
	if (p->dtd || (rc == 1 && xmlTextReaderNodeType(p->xml) == XML_READER_TYPE_DOCUMENT_TYPE))
		return err_set(e, ERR_INPUT, "file",
			       _("The document's text (%s) declares a DTD, which Word and LibreOffice never write; it is refused."),
			       p->name);
	if (rc >= 0)
		return rc;
	if (p->too_big)
		return err_set(e, ERR_INPUT, "file",
			       _("The document's text (%s) is more than %u MB unpacked; samspel reads at most that."),
			       p->name, DOC_PART_MAX >> 20);
	return damaged(e, p->name);
}

int doc_part_skip(struct doc_part *p, struct err *e)
{
	if (xmlTextReaderNodeType(p->xml) != XML_READER_TYPE_ELEMENT ||
	    xmlTextReaderIsEmptyElement(p->xml))
		return OK;
	int rc = xmlTextReaderNext(p->xml);
	if (rc == 1)
		p->pending = true;
	else if (rc < 0)
		return p->too_big ? doc_part_next(p, e) : damaged(e, p->name);
	return OK;
}

void doc_part_close(struct doc_part *p)
{
	for (int i = 0; i < p->nattrs; i++)
		xmlFree(p->attrs[i]);
	p->nattrs = 0;
	if (p->xml)
		xmlFreeTextReader(p->xml);
	if (p->file)
		zip_fclose(p->file);
	p->xml = NULL;
	p->file = NULL;
}

static bool named(struct doc_part *p, const char *ns, const char *name)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(p->xml);
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(p->xml);
	return local && strcmp(local, name) == 0 && uri && strcmp(uri, ns) == 0;
}

bool doc_is(struct doc_part *p, const char *ns, const char *name)
{
	return xmlTextReaderNodeType(p->xml) == XML_READER_TYPE_ELEMENT && named(p, ns, name);
}

bool doc_is_end(struct doc_part *p, const char *ns, const char *name)
{
	int t = xmlTextReaderNodeType(p->xml);
	return (t == XML_READER_TYPE_END_ELEMENT ||
		(t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(p->xml))) &&
	       named(p, ns, name);
}

const char *doc_attr(struct doc_part *p, const char *ns, const char *name)
{
	if (p->nattrs == (int)(sizeof p->attrs / sizeof *p->attrs))
		return NULL;
	xmlChar *v = xmlTextReaderGetAttributeNs(p->xml, (const xmlChar *)name, (const xmlChar *)ns);
	if (v)
		p->attrs[p->nattrs++] = v;
	return (const char *)v;
}

/* --- styles --- */

int doc_level_of_name(const char *name, bool *toc)
{
	static const char *const prefixes[] = {"heading ", "overskrift "};
	struct buf f = BUF_INIT;
	utf8_fold(&f, name, strlen(name));
	int level = 0;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(f.data, prefixes[i], n) == 0 && f.data[n] >= '1' && f.data[n] <= '9' &&
		    f.data[n + 1] == '\0')
			level = f.data[n] - '0';
	}
	if (strcmp(f.data, "title") == 0 || strcmp(f.data, "tittel") == 0)
		level = 1;
	*toc = strncmp(f.data, "toc ", 4) == 0 || strncmp(f.data, "contents ", 9) == 0 ||
	       strncmp(f.data, "innhaldsliste", 13) == 0 ||
	       strncmp(f.data, "innholdsfortegnelse", 19) == 0;
	buf_release(&f);
	return level;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct doc_style *)a)->name, ((const struct doc_style *)b)->name);
}

void doc_styles_sort(doc_style_list *l)
{
	if (l->count > 1)
		qsort(l->items, l->count, sizeof *l->items, by_name);
}

struct doc_style doc_style_resolve(const doc_style_list *l, const char *name)
{
	struct doc_style r = {0};
	for (int depth = 0; name && depth < 10; depth++) {
		struct doc_style key = {.name = name};
		const struct doc_style *s =
			l->count ? bsearch(&key, l->items, l->count, sizeof *l->items, by_name) : NULL;
		if (!s)
			break;
		if (!r.level)
			r.level = s->level;
		r.numbered |= s->numbered;
		r.toc |= s->toc;
		name = s->parent;
	}
	return r;
}

/* --- writing plan text --- */

void doc_out_init(struct doc_out *o, struct arena *a, struct import_report *r)
{
	memset(o, 0, sizeof *o);
	o->a = a;
	o->r = r;
}

void doc_out_release(struct doc_out *o)
{
	buf_release(&o->text);
	buf_release(&o->para);
	buf_release(&o->cell);
	buf_release(&o->row_text);
	buf_release(&o->deferred);
	buf_release(&o->saved);
}

static void write_line(struct doc_out *o, const char *s, size_t n, const char *where)
{
	buf_add(&o->text, s, n);
	buf_addc(&o->text, '\n');
	o->line++;
	*ARENA_PUSH(o->a, o->r->where) = where;
}

void doc_para_begin(struct doc_out *o, int heading)
{
	if (o->in_para)
		doc_para_end(o);
	buf_reset(&o->para);
	o->in_para = true;
	o->heading = heading;
	o->skip_para = false;
	o->label = NULL;
}

/* Text goes in with every run of white space (tabs, newlines of the XML,
 * no-break spaces stay) as one space: two spaces would end a paragraph of
 * a cell in the plan text, and a tab would start a new column. */
void doc_text(struct doc_out *o, const char *s)
{
	if (!o->in_para)
		doc_para_begin(o, 0);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == ' ') {
			if (o->para.len && o->para.data[o->para.len - 1] != ' ' &&
			    o->para.data[o->para.len - 1] != '\n')
				buf_addc(&o->para, ' ');
		} else {
			buf_addc(&o->para, (char)c);
		}
	}
}

void doc_spaces(struct doc_out *o, unsigned long n)
{
	if (!o->grids) {
		doc_text(o, " ");
		return;
	}
	/* A spreadsheet cell keeps its spaces as written. */
	if (!o->in_para)
		doc_para_begin(o, 0);
	for (unsigned long i = 0; i < n && i < 1000; i++)
		buf_addc(&o->para, ' ');
}

void doc_break(struct doc_out *o)
{
	if (!o->in_para)
		doc_para_begin(o, 0);
	buf_rtrim(&o->para, " ");
	buf_addc(&o->para, '\n');
}

/* Adds one paragraph's text (pieces split at '\n') where it belongs: the
 * open cell, a text box's list, or lines of their own. */
static void place(struct doc_out *o, const char *s, size_t n, int heading, const char *label)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		const char *piece = s + start;
		size_t len = i - start;
		start = i + 1;
		while (len && *piece == ' ')
			piece++, len--;
		while (len && piece[len - 1] == ' ')
			len--;
		if (!len)
			continue;
		if (o->box_depth) {
			if (o->deferred.len)
				buf_addc(&o->deferred, '\x1f');
			buf_add(&o->deferred, piece, len);
		} else if (o->table_depth) {
			if (o->cell.len)
				buf_adds(&o->cell, o->grids ? "\n" : "  ");
			buf_add(&o->cell, piece, len);
		} else if (heading) {
			struct buf h = BUF_INIT;
			for (int k = 0; k < (heading > 6 ? 6 : heading); k++)
				buf_addc(&h, '#');
			buf_addc(&h, ' ');
			if (label && !(*piece >= '0' && *piece <= '9'))
				buf_addf(&h, "%s ", label);
			buf_add(&h, piece, len);
			write_line(o, h.data, h.len, arena_printf(o->a, _("paragraph %d"), o->paragraph));
			buf_release(&h);
		} else {
			/* A leading space keeps a "#" of the text from being read
			 * as a heading. */
			struct buf l = BUF_INIT;
			if (*piece == '#')
				buf_addc(&l, ' ');
			buf_add(&l, piece, len);
			write_line(o, l.data, l.len, arena_printf(o->a, _("paragraph %d"), o->paragraph));
			buf_release(&l);
		}
	}
}

void doc_para_end(struct doc_out *o)
{
	if (!o->in_para)
		return;
	o->in_para = false;
	if (o->skip_para) {
		o->toc = true;
		return;
	}
	if (!o->table_depth && !o->box_depth)
		o->paragraph++;
	/* A heading is one line: its breaks become spaces. */
	if (o->heading)
		for (size_t i = 0; i < o->para.len; i++)
			if (o->para.data[i] == '\n')
				o->para.data[i] = ' ';
	place(o, o->para.data ? o->para.data : "", o->para.len, o->box_depth ? 0 : o->heading,
	      o->label);
	if (o->box_depth || !o->deferred.len)
		return;
	/* The text boxes anchored in this paragraph, after it. */
	struct buf boxes = o->deferred;
	buf_init(&o->deferred);
	for (size_t i = 0; i < boxes.len; i++)
		if (boxes.data[i] == '\x1f')
			boxes.data[i] = '\n';
	place(o, boxes.data, boxes.len, 0, NULL);
	buf_release(&boxes);
}

void doc_box_begin(struct doc_out *o)
{
	o->boxes = true;
	if (o->box_depth++ == 0) {
		buf_reset(&o->saved);
		if (o->in_para)
			buf_add(&o->saved, o->para.data, o->para.len);
		o->saved_open = o->in_para;
		o->saved_heading = o->heading;
		o->saved_label = o->label;
		o->in_para = false;
	}
}

void doc_box_end(struct doc_out *o)
{
	if (o->in_para)
		doc_para_end(o);
	if (--o->box_depth > 0)
		return;
	buf_reset(&o->para);
	buf_add(&o->para, o->saved.data, o->saved.len);
	o->in_para = o->saved_open;
	o->heading = o->saved_heading;
	o->label = o->saved_label;
	o->skip_para = false;
}

void doc_table_begin(struct doc_out *o)
{
	if (o->in_para && !o->table_depth)
		doc_para_end(o);
	if (o->table_depth++ == 0) {
		o->table++;
		o->row = 0;
		if (o->grids && o->grids->count >= DOC_SHEETS_MAX) {
			o->grid_overflow = true;
			o->grid = NULL;
		} else if (o->grids) {
			o->grid = ARENA_PUSH(o->a, *o->grids);
			o->grid->name = "";
			o->grid_cap = 0;
			o->grid_empty = 0;
		}
	} else {
		o->nested_table = true;
	}
}

void doc_table_end(struct doc_out *o)
{
	if (o->table_depth > 0 && --o->table_depth == 0)
		o->grid = NULL;
}

void doc_row_begin(struct doc_out *o)
{
	if (o->table_depth != 1)
		return;
	buf_reset(&o->row_text);
	o->cells = 0;
	for (size_t c = 0; c < SHEET_COLS; c++)
		o->grid_row[c] = "";
}

static bool grid_row_empty(const struct doc_out *o)
{
	for (size_t c = 0; c < SHEET_COLS; c++)
		if (*o->grid_row[c])
			return false;
	return true;
}

/* Stores cells (SHEET_COLS of them) as the grid's next row. */
static void grid_push(struct doc_out *o, const char *const *cells)
{
	struct sheet *s = o->grid;
	/* SHEET_ROWS in all the workbook's sheets together: many sheets of
	 * repeated rows must not add up to gigabytes. */
	if (o->grid_rows >= SHEET_ROWS) {
		o->grid_overflow = true;
		return;
	}
	o->grid_rows++;
	if (s->count == o->grid_cap) {
		size_t want = o->grid_cap ? o->grid_cap * 2 : 64;
		struct sheet_row *grown = arena_array(o->a, want, sizeof *grown);
		if (s->count)
			memcpy(grown, s->rows, s->count * sizeof *grown);
		s->rows = grown;
		o->grid_cap = want;
	}
	struct sheet_row *r = &s->rows[s->count++];
	for (size_t c = 0; c < SHEET_COLS; c++)
		r->cells[c] = (struct sheet_cell){*cells[c] ? CELL_TEXT : CELL_EMPTY, cells[c], false};
}

/* Adds the current row to the grid. Empty rows are
 * only counted until a row with text comes, so the million empty rows a
 * spreadsheet program may declare at the end cost nothing. */
static void grid_row(struct doc_out *o)
{
	if (!o->grid)
		return;
	if (grid_row_empty(o)) {
		o->grid_empty++;
		return;
	}
	const char *empty[SHEET_COLS];
	for (size_t c = 0; c < SHEET_COLS; c++)
		empty[c] = "";
	for (; o->grid_empty && !o->grid_overflow; o->grid_empty--)
		grid_push(o, empty);
	grid_push(o, o->grid_row);
}

void doc_row_repeat(struct doc_out *o, unsigned long n)
{
	if (o->table_depth != 1 || !o->grids)
		return;
	if (grid_row_empty(o)) {
		o->grid_empty += n < SHEET_ROWS ? n : SHEET_ROWS;
		return;
	}
	for (unsigned long i = 0; i < n && !o->grid_overflow; i++)
		grid_row(o);
}

void doc_cell_repeat(struct doc_out *o, unsigned long n)
{
	if (o->table_depth != 1 || o->cells > 1000)
		return;
	if (n > 1000)
		n = 1000;
	if (o->grids) {
		const char *t = o->cells > 0 && o->cells <= SHEET_COLS ? o->grid_row[o->cells - 1] : "";
		for (unsigned long i = 0; i < n; i++, o->cells++)
			if (o->cells < SHEET_COLS)
				o->grid_row[o->cells] = t;
		return;
	}
	/* Empty repeated cells at the end of a row are no columns of a plan. */
	if (!o->cell.len)
		return;
	for (unsigned long i = 0; i < n && o->cells < 64; i++, o->cells++) {
		buf_addc(&o->row_text, '\t');
		buf_add(&o->row_text, o->cell.data, o->cell.len);
	}
}

void doc_row_end(struct doc_out *o)
{
	if (o->table_depth != 1)
		return;
	o->row++;
	if (o->grids) {
		grid_row(o);
		return;
	}
	write_line(o, o->row_text.data ? o->row_text.data : "", o->row_text.len,
		   arena_printf(o->a, _("table %d, row %d"), o->table, o->row));
}

void doc_cell_begin(struct doc_out *o)
{
	if (o->in_para)
		doc_para_end(o);
	if (o->table_depth != 1)
		return;
	buf_reset(&o->cell);
	o->cell_merged = false;
	o->cell_span = 1;
}

void doc_cell_end(struct doc_out *o)
{
	if (o->in_para)
		doc_para_end(o);
	if (o->table_depth != 1)
		return;
	if (o->grids) {
		if (o->cells >= 0 && o->cells < SHEET_COLS)
			o->grid_row[o->cells] = arena_strndup(o->a, o->cell.data ? o->cell.data : "",
							     o->cell.len);
		o->cells++;
		return;
	}
	int span = o->cell_span > 1 && o->cell_span < 64 ? o->cell_span : 1;
	if (o->cells)
		buf_addc(&o->row_text, '\t');
	buf_add(&o->row_text, o->cell.data, o->cell.len);
	for (int k = 1; k < span; k++)
		buf_addc(&o->row_text, '\t');
	o->cells += span;
}

void doc_out_finish(struct doc_out *o)
{
	if (o->in_para)
		doc_para_end(o);
	if (o->tracked)
		import_note(o->a, o->r, 0, "%s",
			    _("The document has tracked changes; it is read as if they were accepted (deleted text left out, inserted text kept)."));
	if (o->boxes)
		import_note(o->a, o->r, 0, "%s",
			    _("Text in text boxes is read as paragraphs after the paragraph that holds the box."));
	if (o->toc)
		import_note(o->a, o->r, 0, "%s",
			    _("The table of contents is left out; the headings themselves are read."));
	if (o->nested_table)
		import_note(o->a, o->r, 0, "%s",
			    _("A table inside a table cell is read as paragraphs of that cell."));
}

/* --- the entry points --- */

int doc_read(const void *data, size_t n, struct arena *a, const char **text, size_t *len,
	     struct import_report *report, struct err *e)
{
	*text = NULL;
	*len = 0;
	zip_t *z;
	if (doc_zip_open(data, n, &z, e) != OK)
		return ERR;
	enum doc_kind kind = doc_kind_of_zip(z);
	if (kind != DOC_DOCX && kind != DOC_ODT) {
		zip_discard(z);
		return err_set(e, ERR_INPUT, "file", "%s",
			       kind == DOC_SHEET
				       ? _("This is a spreadsheet, not a Word or OpenDocument text.")
				       : _("This is neither a Word document (.docx) nor an OpenDocument text (.odt)."));
	}
	struct doc_out o;
	doc_out_init(&o, a, report);
	report->where.count = 0;
	int rc = kind == DOC_DOCX ? doc_docx(z, &o, e) : doc_odt(z, &o, e);
	zip_discard(z);
	if (rc == OK) {
		doc_out_finish(&o);
		/* The editor's limit on a field, checked here to name the place. */
		const char *s = o.text.data ? o.text.data : "";
		for (size_t i = 0, start = 0, line = 0; i < o.text.len; i++) {
			if (s[i] != '\n')
				continue;
			if (i - start > NODE_TEXT_MAX) {
				rc = err_set(e, ERR_INPUT, "file", _("The text at %s is longer than %d bytes."),
					     report->where.items[line], NODE_TEXT_MAX);
				break;
			}
			line++;
			start = i + 1;
		}
	}
	if (rc == OK) {
		*text = arena_strndup(a, o.text.data ? o.text.data : "", o.text.len);
		*len = o.text.len;
	}
	doc_out_release(&o);
	return rc;
}

int doc_read_ods(zip_t *z, struct arena *a, sheet_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct import_report ignored = {0};
	struct doc_out o;
	doc_out_init(&o, a, &ignored);
	o.grids = out;
	int rc = doc_odt(z, &o, e);
	if (rc == OK && o.grid_overflow)
		rc = err_set(e, ERR_INPUT, "file",
			     _("The spreadsheet has more than %d rows or %d sheets in all."), SHEET_ROWS,
			     DOC_SHEETS_MAX);
	doc_out_release(&o);
	return rc;
}
