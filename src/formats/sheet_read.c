/* sheet_read.c: an uploaded spreadsheet's first sheet (see sheet_read.h). */
#include "formats/sheet_read.h"
#include "formats/doc_read.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "model/plan.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An XLSX part bigger than this unpacked is refused (a zip bomb). */
#define PART_MAX (64u << 20)
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static int damaged(struct err *e, const char *why)
{
	return err_set(e, ERR_INPUT, "file", _("The spreadsheet could not be read (%s)."), why);
}

const struct sheet_cell *sheet_at(const struct sheet *s, size_t row, size_t col)
{
	static const struct sheet_cell empty = {CELL_EMPTY, "", false};
	if (row >= s->count || col >= SHEET_COLS)
		return &empty;
	return &s->rows[row].cells[col];
}

void sheet_cell_name(size_t row, size_t col, char out[16])
{
	char letters[8];
	size_t n = 0;
	for (size_t c = col + 1; c && n < sizeof letters; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	size_t k = 0;
	while (n)
		out[k++] = letters[--n];
	snprintf(out + k, 16 - k, "%zu", row + 1);
}

/* Makes room for row (from 0) in s. */
static struct sheet_row *row_at(struct sheet *s, struct arena *a, size_t row, size_t *cap)
{
	if (row >= *cap) {
		size_t want = *cap ? *cap : 64;
		while (want <= row)
			want *= 2;
		struct sheet_row *grown = arena_array(a, want, sizeof *grown);
		if (s->count)
			memcpy(grown, s->rows, s->count * sizeof *grown);
		s->rows = grown;
		*cap = want;
	}
	for (size_t r = s->count; r <= row; r++)
		for (size_t c = 0; c < SHEET_COLS; c++)
			s->rows[r].cells[c] = (struct sheet_cell){CELL_EMPTY, "", false};
	if (row + 1 > s->count)
		s->count = row + 1;
	return &s->rows[row];
}

/* --- XLSX --- */

/* Part name of zip (NULL when absent) into out; ERR when too big or bad. */
static int read_part(zip_t *z, const char *name, struct buf *out, bool *found, struct err *e)
{
	zip_stat_t st;
	*found = false;
	if (zip_stat(z, name, 0, &st) != 0)
		return OK;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > PART_MAX)
		return damaged(e, name);
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return damaged(e, name);
	char chunk[65536];
	zip_int64_t n;
	uint64_t total = 0;
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
		total += (uint64_t)n;
		if (total > PART_MAX)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	zip_fclose(f);
	if (n < 0 || total > PART_MAX)
		return damaged(e, name);
	*found = true;
	return OK;
}

/* The XML of part name, or NULL (found false when the part is absent). No
 * network, no entities expanded, no DTD loaded. */
static xmlDoc *read_xml(zip_t *z, const char *name, bool *found, struct err *e)
{
	struct buf b = BUF_INIT;
	xmlDoc *doc = NULL;
	if (read_part(z, name, &b, found, e) == OK && *found) {
		doc = xmlReadMemory(b.data ? b.data : "", (int)b.len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			damaged(e, name);
	}
	buf_release(&b);
	return doc;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *attr(struct arena *a, const xmlNode *n, const char *name, const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
			: xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = arena_strdup(a, (const char *)v);
	xmlFree(v);
	return s;
}

/* The text of every <t> under n except phonetic runs (<rPh>), joined. */
static void text_of(const xmlNode *n, struct buf *out)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "rPh"))
			continue;
		if (is(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t) {
				buf_adds(out, (const char *)t);
				xmlFree(t);
			}
		} else if (c->type == XML_ELEMENT_NODE) {
			text_of(c, out);
		}
	}
}

typedef struct {
	const char **items;
	size_t count, cap;
} string_list;

static int shared_strings(zip_t *z, struct arena *a, string_list *out, struct err *e)
{
	bool found;
	memset(out, 0, sizeof *out);
	xmlDoc *doc = read_xml(z, "xl/sharedStrings.xml", &found, e);
	if (!found)
		return OK;
	if (!doc)
		return ERR;
	for (xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
		if (!is(si, "si"))
			continue;
		struct buf b = BUF_INIT;
		text_of(si, &b);
		*ARENA_PUSH(a, *out) = arena_strdup(a, b.data ? b.data : "");
		buf_release(&b);
	}
	xmlFreeDoc(doc);
	return OK;
}

struct sheet_part {
	const char *name; /* the sheet's name */
	const char *part; /* "xl/worksheets/sheet1.xml" */
};

typedef VEC(struct sheet_part) sheet_part_list;

/* The workbook's sheets in order, with their parts. */
static int sheet_parts(zip_t *z, struct arena *a, sheet_part_list *out, struct err *e)
{
	bool found;
	xmlDoc *wb = read_xml(z, "xl/workbook.xml", &found, e);
	if (!wb)
		return found ? ERR : err_set(e, ERR_INPUT, "file", _("This is a zip file, but not an XLSX spreadsheet."));
	typedef VEC(const char *) id_list;
	id_list ids = {0};
	for (xmlNode *n = xmlDocGetRootElement(wb)->children; n; n = n->next)
		if (is(n, "sheets"))
			for (xmlNode *s = n->children; s && out->count < 64; s = s->next)
				if (is(s, "sheet")) {
					const char *rid = attr(a, s, "id", REL_NS);
					const char *name = attr(a, s, "name", NULL);
					if (!rid)
						continue;
					ARENA_PUSH(a, *out)->name = name ? name : "";
					*ARENA_PUSH(a, ids) = rid;
				}
	xmlFreeDoc(wb);
	if (!out->count)
		return damaged(e, "xl/workbook.xml");
	xmlDoc *rels = read_xml(z, "xl/_rels/workbook.xml.rels", &found, e);
	if (!rels)
		return found ? ERR : damaged(e, "xl/_rels/workbook.xml.rels");
	for (xmlNode *r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
		const char *id = is(r, "Relationship") ? attr(a, r, "Id", NULL) : NULL;
		for (size_t i = 0; id && i < ids.count; i++)
			if (strcmp(id, ids.items[i]) == 0) {
				const char *target = attr(a, r, "Target", NULL);
				/* Relative to xl/, or absolute in the package. */
				if (target)
					out->items[i].part = target[0] == '/' ? target + 1
									     : arena_printf(a, "xl/%s", target);
			}
	}
	xmlFreeDoc(rels);
	for (size_t i = 0; i < out->count; i++)
		if (!out->items[i].part)
			return damaged(e, "xl/_rels/workbook.xml.rels");
	return OK;
}

/* The text of the first element called name anywhere under n, or NULL. */
static const char *find_text(struct arena *a, xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (is(n, name)) {
			xmlChar *t = xmlNodeGetContent(n);
			const char *s = t && *t ? arena_strdup(a, (const char *)t) : NULL;
			xmlFree(t);
			if (s)
				return s;
		}
		const char *in = n->type == XML_ELEMENT_NODE ? find_text(a, n->children, name) : NULL;
		if (in)
			return in;
	}
	return NULL;
}

/* The title and company a workbook's part says (absent: left NULL). */
static void part_props(zip_t *z, struct arena *a, const char *part, const char *title,
		       const char *company, struct sheet_props *props)
{
	bool found;
	struct err ignore = ERR_INIT;
	xmlDoc *doc = read_xml(z, part, &found, &ignore);
	if (!doc)
		return;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (title && !props->title)
		props->title = find_text(a, root, title);
	if (company && !props->company)
		props->company = find_text(a, root, company);
	xmlFreeDoc(doc);
}

/* "C12" -> row 11, col 2; false when it is no cell reference. */
static bool parse_ref(const char *ref, size_t *row, size_t *col)
{
	size_t c = 0, r = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		c = c * 26 + (size_t)(*p - 'A' + 1);
		if (c > 16384)
			return false;
	}
	if (p == ref || !*p)
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		r = r * 10 + (size_t)(*p - '0');
		if (r > 1048576)
			return false;
	}
	if (*p || !r)
		return false;
	*row = r - 1;
	*col = c - 1;
	return true;
}

static const char *child_text(struct arena *a, const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is(c, name)) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s = arena_strdup(a, t ? (const char *)t : "");
			xmlFree(t);
			return s;
		}
	return NULL;
}

static int read_cell(const xmlNode *c, struct arena *a, const string_list *strings,
		     struct sheet_cell *out, struct err *e)
{
	const char *t = attr(a, c, "t", NULL);
	const char *v = child_text(a, c, "v");
	bool formula = false;
	for (const xmlNode *k = c->children; k; k = k->next)
		formula |= is(k, "f");
	*out = (struct sheet_cell){CELL_EMPTY, "", formula};
	if (t && strcmp(t, "inlineStr") == 0) {
		struct buf b = BUF_INIT;
		for (const xmlNode *k = c->children; k; k = k->next)
			if (is(k, "is"))
				text_of(k, &b);
		out->kind = CELL_TEXT;
		out->text = arena_strdup(a, b.data ? b.data : "");
		buf_release(&b);
		return OK;
	}
	if (!v || !*v) /* a formula's result not stored, or nothing */
		return OK;
	if (t && strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*end || i >= strings->count)
			return damaged(e, "sharedStrings");
		out->kind = CELL_TEXT;
		out->text = strings->items[i];
	} else if (t && strcmp(t, "str") == 0) {
		out->kind = CELL_TEXT;
		out->text = v;
	} else if (t && strcmp(t, "b") == 0) {
		out->kind = CELL_BOOL;
		out->text = v;
	} else if (t && strcmp(t, "e") == 0) {
		out->kind = CELL_ERROR;
		out->text = v;
	} else {
		out->kind = CELL_NUMBER;
		out->text = v;
	}
	return OK;
}

static int read_rows(xmlNode *data, struct arena *a, const string_list *strings,
		     struct sheet *s, struct err *e)
{
	size_t cap = 0, next_row = 0;
	for (xmlNode *r = data->children; r; r = r->next) {
		if (!is(r, "row"))
			continue;
		size_t next_col = 0, row = next_row;
		const char *rn = attr(a, r, "r", NULL);
		if (rn) {
			char *end;
			unsigned long v = strtoul(rn, &end, 10);
			if (*end || !v)
				return damaged(e, "row");
			row = v - 1;
		}
		if (row >= SHEET_ROWS)
			return err_set(e, ERR_INPUT, "file", _("The sheet has more than %d rows."), SHEET_ROWS);
		next_row = row + 1;
		for (xmlNode *c = r->children; c; c = c->next) {
			if (!is(c, "c"))
				continue;
			size_t rr = row, col = next_col;
			const char *ref = attr(a, c, "r", NULL);
			if (ref && (!parse_ref(ref, &rr, &col) || rr != row))
				return damaged(e, ref);
			next_col = col + 1;
			if (col >= SHEET_COLS)
				continue;
			struct sheet_cell cell;
			if (read_cell(c, a, strings, &cell, e) != OK)
				return ERR;
			row_at(s, a, row, &cap)->cells[col] = cell;
		}
	}
	return OK;
}

static int read_xlsx(const void *data, size_t n, struct arena *a, sheet_list *out,
		     struct sheet_props *props, struct err *e)
{
	zip_t *z;
	if (doc_zip_open(data, n, &z, e) != OK)
		return ERR;
	if (doc_kind_of_zip(z) != DOC_SHEET) {
		zip_discard(z);
		return err_set(e, ERR_INPUT, "file", "%s",
			       _("This is a zip file, but not a spreadsheet (.xlsx or .ods)."));
	}
	zip_stat_t st;
	bool ods = zip_stat(z, "xl/workbook.xml", 0, &st) != 0;
	if (props) {
		part_props(z, a, ods ? "meta.xml" : "docProps/core.xml", "title", NULL, props);
		if (!ods)
			part_props(z, a, "docProps/app.xml", NULL, "Company", props);
	}
	if (ods) {
		int rc = doc_read_ods(z, a, out, e);
		zip_discard(z);
		for (size_t i = 0; i < out->count; i++)
			out->items[i].xlsx = true;
		return rc;
	}
	string_list strings;
	sheet_part_list parts = {0};
	int rc = shared_strings(z, a, &strings, e);
	if (rc == OK)
		rc = sheet_parts(z, a, &parts, e);
	for (size_t i = 0; rc == OK && i < parts.count; i++) {
		bool found = false;
		xmlDoc *doc = read_xml(z, parts.items[i].part, &found, e);
		if (!doc) {
			rc = found ? ERR : damaged(e, parts.items[i].part);
			break;
		}
		struct sheet *s = ARENA_PUSH(a, *out);
		s->name = parts.items[i].name;
		s->xlsx = true;
		xmlNode *rows = NULL;
		for (xmlNode *c = xmlDocGetRootElement(doc)->children; c && !rows; c = c->next)
			if (is(c, "sheetData"))
				rows = c;
		rc = rows ? read_rows(rows, a, &strings, s, e) : OK;
		xmlFreeDoc(doc);
	}
	zip_discard(z); /* read only: nothing to write back */
	return rc;
}

/* --- CSV --- */

static int read_csv(const char *p, size_t n, struct arena *a, struct sheet *s, struct err *e)
{
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { /* a byte order mark */
		p += 3;
		n -= 3;
	}
	if (memchr(p, '\0', n) || !utf8_valid(p, n))
		return err_set(e, ERR_INPUT, "file",
			       _("This is neither an XLSX spreadsheet nor a CSV file in UTF-8."));
	/* The delimiter: whichever of ; and , the first line has more of. */
	size_t semi = 0, comma = 0;
	for (size_t i = 0; i < n && p[i] != '\n'; i++)
		semi += p[i] == ';', comma += p[i] == ',';
	char sep = semi > comma ? ';' : ',';
	size_t cap = 0, row = 0, col = 0, i = 0;
	struct buf field = BUF_INIT;
	while (i < n) {
		bool quoted = p[i] == '"';
		buf_reset(&field);
		if (quoted) {
			for (i++; i < n; i++) {
				if (p[i] == '"' && i + 1 < n && p[i + 1] == '"')
					buf_add(&field, "\"", 1), i++;
				else if (p[i] == '"')
					break;
				else
					buf_add(&field, p + i, 1);
			}
			if (i >= n) {
				buf_release(&field);
				char cell[16];
				sheet_cell_name(row, col, cell);
				return err_set(e, ERR_INPUT, "file", _("%s: a quote is not closed."), cell);
			}
			i++;
		}
		while (i < n && p[i] != sep && p[i] != '\n' && p[i] != '\r')
			buf_add(&field, p + i++, 1);
		if (row >= SHEET_ROWS) {
			buf_release(&field);
			return err_set(e, ERR_INPUT, "file", _("The sheet has more than %d rows."), SHEET_ROWS);
		}
		if (col < SHEET_COLS && field.len) {
			struct sheet_cell *c = &row_at(s, a, row, &cap)->cells[col];
			*c = (struct sheet_cell){CELL_TEXT, arena_strndup(a, field.data, field.len), false};
		}
		if (i < n && p[i] == sep) {
			i++, col++;
			continue;
		}
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
		row++, col = 0;
	}
	buf_release(&field);
	return OK;
}

int sheet_read_all(const void *data, size_t n, struct arena *a, sheet_list *out,
		   struct sheet_props *props, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (props)
		memset(props, 0, sizeof *props);
	if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return read_xlsx(data, n, a, out, props, e);
	struct sheet *s = ARENA_PUSH(a, *out);
	s->name = "";
	return read_csv(data, n, a, s, e);
}

int sheet_read(const void *data, size_t n, struct arena *a, struct sheet *out, struct err *e)
{
	sheet_list all;
	memset(out, 0, sizeof *out);
	if (sheet_read_all(data, n, a, &all, NULL, e) != OK)
		return ERR;
	if (all.count)
		*out = all.items[0];
	return OK;
}
