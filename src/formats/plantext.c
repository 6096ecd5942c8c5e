/*
 * plantext.c: reads the plan text format into a plan tree (see plantext.h).
 *
 * The reader goes line by line through a small state machine:
 *
 *   START  - until the first heading, which is the title
 *   HEAD   - "Verdiar:", "Visjon:", "MÅL:" lines
 *   AREA   - after a numbered heading ("# 1. Attraktiv buregion")
 *   GOALS  - after a "Delmål" heading: one goal per line
 *   TABLE  - after a row naming the columns: one row per TAB-separated line
 *   SECTION- after an unnumbered heading: two-column rows become entries
 *
 * A table row is held back ("pending") until the next row shows whether it
 * continues a cell broken by a page break; only then is it turned into
 * measures, because that is when its cells are complete.
 */
#include "formats/plantext.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/period.h"
#include "base/utf8.h"
#include "model/node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum mode { M_START, M_HEAD, M_AREA, M_GOALS, M_TABLE, M_SECTION };

enum col { COL_FOCUS, COL_STRATEGY, COL_MEASURE, COL_PERIOD, COL_RESP,
	   COL_BUDGET, COL_COUNT };

typedef VEC(const char *) str_list;

struct row {
	bool active;
	int line;
	const char *cell[COL_COUNT]; /* cleaned, "" when empty */
};

struct parser {
	struct arena *a;
	struct import_report *r;
	struct plan *p;
	enum mode mode;
	size_t area;      /* index into p->areas (valid when areas.count) */
	size_t focus;     /* index into the area's focuses */
	size_t strategy;  /* index into the focus's strategies */
	bool have_focus, have_strategy;
	size_t section;   /* index into p->sections */
	bool have_unplaced;
	size_t unplaced;  /* index of the section for unplaced text */
	int col_of[16];   /* table column -> enum col, or -1 */
	int ncols;
	const char *col_name[16];
	int budget_year;
	struct row row;
};

void import_note(struct arena *a, struct import_report *r, int line,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A %.80s in a message may have cut a character in two: drop the
	 * bytes of the broken character, keep the rest. */
	char clean[1024];
	size_t len = strlen(msg), out = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(msg + i, len - i);
		if (!n) {
			i++;
			continue;
		}
		memcpy(clean + out, msg + i, n);
		out += n;
		i += n;
	}
	struct import_note *n = ARENA_PUSH(a, r->notes);
	n->line = line;
	n->text = arena_strndup(a, clean, out);
}

/* --- small text helpers --- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static const char *trim_dup(struct arena *a, const char *s, size_t n)
{
	while (n && (is_blank(*s) || *s == '\n'))
		s++, n--;
	while (n && (is_blank(s[n - 1]) || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

/* Strips markdown emphasis (** and * and __) around s, and trims. */
static const char *unemphasise(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	for (int pass = 0; pass < 2; pass++) {
		if (n >= 4 && ((strncmp(s, "**", 2) == 0 && strncmp(s + n - 2, "**", 2) == 0) ||
			       (strncmp(s, "__", 2) == 0 && strncmp(s + n - 2, "__", 2) == 0))) {
			s += 2, n -= 4;
		} else if (n >= 2 && ((s[0] == '*' && s[n - 1] == '*') ||
				      (s[0] == '_' && s[n - 1] == '_'))) {
			s += 1, n -= 2;
		}
		while (n && is_blank(*s))
			s++, n--;
		while (n && is_blank(s[n - 1]))
			n--;
	}
	return arena_strndup(a, s, n);
}

/* True when s starts with word (case-insensitive), followed by end, space
 * or one of the characters in after. */
static bool starts_word(const char *s, const char *word, const char *after)
{
	struct buf f = BUF_INIT;
	utf8_fold(&f, s, strlen(s));
	size_t n = strlen(word);
	bool ok = f.len >= n && memcmp(f.data, word, n) == 0 &&
		  (f.data[n] == '\0' || f.data[n] == ' ' || strchr(after, f.data[n]));
	buf_release(&f);
	return ok;
}

static bool fold_equals(const char *s, const char *word)
{
	struct buf f = BUF_INIT;
	utf8_fold(&f, s, strlen(s));
	bool eq = strcmp(f.data, word) == 0;
	buf_release(&f);
	return eq;
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	{"&#39;", "'"}, {"&nbsp;", " "},
};

/* Removes the markup of a Word export from a cell: bold and italics go,
 * <br> and list items become paragraph breaks (two spaces), entities are
 * decoded. Tags we do not know are removed with a note. */
static const char *clean_cell(struct parser *P, const char *s, size_t n, int line)
{
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n;) {
		if (s[i] == '&') {
			bool done = false;
			for (size_t k = 0; k < sizeof entities / sizeof *entities; k++) {
				size_t el = strlen(entities[k].name);
				if (n - i >= el && strncmp(s + i, entities[k].name, el) == 0) {
					buf_adds(&out, entities[k].text);
					i += el;
					done = true;
					break;
				}
			}
			if (!done)
				buf_addc(&out, s[i++]);
			continue;
		}
		const char *close = s[i] == '<' ? memchr(s + i, '>', n - i) : NULL;
		bool tagish = close && i + 1 < n &&
			      (s[i + 1] == '/' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
			       (s[i + 1] >= 'A' && s[i + 1] <= 'Z'));
		if (!tagish) {
			buf_addc(&out, s[i++]);
			continue;
		}
		size_t tl = (size_t)(close - (s + i)) + 1;
		char name[16] = "";
		size_t k = s[i + 1] == '/' ? 2 : 1, m = 0;
		while (k < tl && m < sizeof name - 1 &&
		       ((s[i + k] >= 'a' && s[i + k] <= 'z') || (s[i + k] >= 'A' && s[i + k] <= 'Z') ||
			(s[i + k] >= '0' && s[i + k] <= '9')))
			name[m++] = (char)(s[i + k++] | 0x20);
		name[m] = '\0';
		if (strcmp(name, "br") == 0 || (strcmp(name, "li") == 0 && s[i + 1] != '/') ||
		    strcmp(name, "p") == 0) {
			buf_adds(&out, "  ");
		} else if (strcmp(name, "b") == 0 || strcmp(name, "strong") == 0 ||
			   strcmp(name, "i") == 0 || strcmp(name, "em") == 0 ||
			   strcmp(name, "u") == 0 || strcmp(name, "ul") == 0 ||
			   strcmp(name, "ol") == 0 || strcmp(name, "li") == 0 ||
			   strcmp(name, "span") == 0) {
			/* formatting only */
		} else {
			import_note(P->a, P->r, line, _("Removed the markup %.*s; its text is kept."),
				    (int)(tl > 60 ? 60 : tl), s + i);
		}
		i += tl;
	}
	const char *cleaned = trim_dup(P->a, out.data, out.len);
	buf_release(&out);
	return cleaned;
}

/* Splits a cell into paragraphs at runs of two or more spaces. */
static str_list paragraphs(struct arena *a, const char *s)
{
	str_list out = {0};
	size_t n = strlen(s), start = 0;
	for (size_t i = 0; i <= n; i++) {
		bool brk = i == n || (s[i] == ' ' && s[i + 1] == ' ');
		if (!brk)
			continue;
		const char *p = trim_dup(a, s + start, i - start);
		if (*p)
			*ARENA_PUSH(a, out) = p;
		while (i < n && s[i] == ' ')
			i++;
		start = i;
	}
	return out;
}

static const char *join(struct arena *a, const str_list *l, const char *sep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			buf_adds(&b, sep);
		buf_adds(&b, l->items[i]);
	}
	const char *s = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return s;
}

/* The last 4-digit number between 1900 and 2199 in s, or 0. */
static int find_year(const char *s)
{
	int year = 0;
	for (const char *p = s; *p; p++) {
		if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    !(p[4] >= '0' && p[4] <= '9') && (p == s || !(p[-1] >= '0' && p[-1] <= '9'))) {
			int y = atoi(p);
			if (y >= 1900 && y <= 2199)
				year = y;
		}
	}
	return year;
}

/* --- tree building --- */

static struct area *cur_area(struct parser *P)
{
	return &P->p->areas.items[P->area];
}

static struct focus *cur_focus(struct parser *P)
{
	return &cur_area(P)->focuses.items[P->focus];
}

static struct strategy *cur_strategy(struct parser *P)
{
	return &cur_focus(P)->strategies.items[P->strategy];
}

static struct section *new_section(struct parser *P, const char *title)
{
	struct section *s = ARENA_PUSH(P->a, P->p->sections);
	s->title = title;
	P->section = P->p->sections.count - 1;
	return s;
}

/* Keeps text that has no place in the plan, in a section of its own, and
 * says so. */
static void unplaced(struct parser *P, int line, const char *text)
{
	if (!*text)
		return;
	if (!P->have_unplaced) {
		size_t keep = P->section;
		new_section(P, _("Text from the source that was not placed"));
		P->unplaced = P->section;
		P->section = keep;
		P->have_unplaced = true;
	}
	struct section_entry *e = ARENA_PUSH(P->a, P->p->sections.items[P->unplaced].entries);
	e->title = P->r->where.count >= (size_t)line ? P->r->where.items[line - 1]
						   : arena_printf(P->a, _("Line %d"), line);
	e->text = text;
	import_note(P->a, P->r, line,
		    _("Could not place this text; it is kept in the section for unplaced text: \"%.80s\""),
		    text);
}

/* --- measure rows --- */

static void add_budget_lines(struct parser *P, struct measure *m,
			     const str_list *texts, int line)
{
	for (size_t i = 0; i < texts->count; i++) {
		struct budget_line *b = ARENA_PUSH(P->a, m->budget);
		b->text = texts->items[i];
		b->year = P->budget_year;
		struct money_phrase ph;
		struct err e = ERR_INIT;
		if (money_parse_phrase(b->text, &ph, &e) != OK) {
			import_note(P->a, P->r, line, _("%s The text is kept; no amount is counted."),
				    e.msg);
		}
		/* Cleared on ERR: no amount, exact. */
		b->has_amount = ph.has_amount;
		b->amount = ph.amount;
		b->qualifier = (int)ph.qualifier;
		b->per_year = ph.per_year;
	}
}

static void set_period(struct parser *P, struct measure *m, const char *text,
		       int line)
{
	m->period_text = text;
	if (!*text)
		return;
	struct err e = ERR_INIT;
	if (period_parse(text, &m->period, &e) != OK)
		import_note(P->a, P->r, line, _("%s The text is kept as written."), e.msg);
}

static void add_links(struct parser *P, struct measure *m,
		      const resp_name_list *names, int block)
{
	for (size_t i = 0; i < names->count; i++) {
		const struct resp_name *rn = &names->items[i];
		if (block >= 0 && rn->block != block)
			continue;
		struct org_link *l = rn->responsible ? ARENA_PUSH(P->a, m->responsible)
						     : ARENA_PUSH(P->a, m->participants);
		l->name = rn->name;
		l->as_written = rn->text;
		l->note = rn->note;
	}
}

static struct measure *new_measure(struct parser *P)
{
	struct measure *m = ARENA_PUSH(P->a, cur_strategy(P)->measures);
	m->source_line = P->row.line;
	return m;
}

/* Most words a name in a cell without "Ansvar:" may have; more is a
 * sentence ("Ansvar og deltaking blir avklart gjennom ..."), not names. */
#define NAME_WORDS_MAX 5

static size_t word_count(const char *s)
{
	size_t n = 0;
	for (bool in = false; *s; s++) {
		bool space = *s == ' ' || *s == '\t' || *s == '\n';
		n += !space && !in;
		in = !space;
	}
	return n;
}

/* A responsibility column whose cells are only names ("Regionrådet
 * v/dagleg leiar", "Kommunane, NHO"): read as the responsible ones, with a
 * note saying so. A cell that reads as a sentence stays text only. Returns
 * the blocks found (0 or 1). */
static int unlabelled_names(struct parser *P, const char *resp, int line,
			    resp_name_list *names)
{
	resp_name_list got = {0};
	responsibility_split(P->a, arena_printf(P->a, "Ansvar: %s", resp), &got);
	bool names_only = got.count > 0;
	for (size_t i = 0; i < got.count; i++)
		names_only &= word_count(got.items[i].name) <= NAME_WORDS_MAX;
	if (!names_only) {
		import_note(P->a, P->r, line,
			    _("The responsibility \"%.80s\" names no \"Ansvar:\" or \"Deltaking:\"; it is kept as text only."),
			    resp);
		return 0;
	}
	import_note(P->a, P->r, line,
		    _("The responsibility \"%.80s\" has no \"Ansvar:\" or \"Deltaking:\"; the organisations it names are linked as responsible."),
		    resp);
	*names = got;
	return 1;
}

/* Turns the pending row into measures of the current strategy. */
static void finish_row(struct parser *P)
{
	struct row *R = &P->row;
	if (!R->active)
		return;
	R->active = false;
	int line = R->line;
	struct arena *a = P->a;
	str_list pm = paragraphs(a, R->cell[COL_MEASURE]);
	str_list pp = paragraphs(a, R->cell[COL_PERIOD]);
	str_list pb = paragraphs(a, R->cell[COL_BUDGET]);
	const char *resp = R->cell[COL_RESP];
	resp_name_list names = {0};
	int blocks = responsibility_split(a, resp, &names);
	if (*resp && blocks == 0)
		blocks = unlabelled_names(P, resp, line, &names);

	size_t n = pm.count;
	if (n == 0) {
		if (!pp.count && !pb.count && !*resp)
			return; /* a strategy without measures */
		import_note(a, P->r, line, _("A row has a period, responsibility or budget but no measure text; it is kept as a measure without text."));
		*ARENA_PUSH(a, pm) = "";
		n = 1;
	}
	bool split = n > 1 && (pp.count == n || pb.count == n);
	if (!split) {
		struct measure *m = new_measure(P);
		m->text = join(a, &pm, "\n");
		set_period(P, m, R->cell[COL_PERIOD], line);
		m->responsibility_text = resp;
		add_links(P, m, &names, -1);
		add_budget_lines(P, m, &pb, line);
		if (blocks > 1)
			import_note(a, P->r, line,
				    _("The responsibility cell holds %d blocks for one measure; all the organisations named are linked to it."),
				    blocks);
		return;
	}
	import_note(a, P->r, line,
		    _("The measure cell holds %zu measures; they are paired in order with the paragraphs of the period and budget cells."),
		    n);
	bool pair_resp = blocks == (int)n;
	for (size_t i = 0; i < n; i++) {
		struct measure *m = new_measure(P);
		m->text = pm.items[i];
		if (pp.count == n)
			set_period(P, m, pp.items[i], line);
		else
			set_period(P, m, R->cell[COL_PERIOD], line);
		m->responsibility_text = resp;
		add_links(P, m, &names, pair_resp ? (int)i : -1);
		str_list one = {0};
		if (pb.count == n) {
			*ARENA_PUSH(a, one) = pb.items[i];
		} else if (i == 0) {
			one = pb;
			if (pb.count)
				import_note(a, P->r, line,
					    _("The budget cell does not match the %zu measures; the whole budget is given to the first one."),
					    n);
		}
		add_budget_lines(P, m, &one, line);
	}
}

/* True when text ends a sentence, so what follows cannot continue it. */
static bool ends_sentence(const char *s)
{
	size_t n = strlen(s);
	while (n && is_blank(s[n - 1]))
		n--;
	return n == 0 || strchr(".!?:;)", s[n - 1]) != NULL;
}

/* A row that only carries on the measure or strategy cell of the row before
 * (a cell broken over a page) is joined to it. */
static bool joins_previous(struct parser *P, const char *cell[COL_COUNT], int line)
{
	struct row *R = &P->row;
	if (!R->active || *cell[COL_FOCUS] || *cell[COL_PERIOD] ||
	    *cell[COL_RESP] || *cell[COL_BUDGET])
		return false;
	bool any = false;
	for (int c = COL_STRATEGY; c <= COL_MEASURE; c++) {
		if (!*cell[c])
			continue;
		if (!*R->cell[c] || ends_sentence(R->cell[c]))
			return false;
		any = true;
	}
	if (!any)
		return false;
	for (int c = COL_STRATEGY; c <= COL_MEASURE; c++) {
		if (!*cell[c])
			continue;
		R->cell[c] = arena_printf(P->a, "%s %s", R->cell[c], cell[c]);
		if (c == COL_STRATEGY) {
			struct strategy *s = cur_strategy(P);
			s->text = arena_printf(P->a, "%s %s", s->text, cell[c]);
		}
	}
	import_note(P->a, P->r, line,
		    _("This row continues the cell at %s (broken over a page); it is joined to it."),
		    import_where(P->a, P->r, R->line));
	return true;
}

static void table_row(struct parser *P, str_list *cells, int line)
{
	const char *cell[COL_COUNT];
	for (int c = 0; c < COL_COUNT; c++)
		cell[c] = "";
	for (size_t i = 0; i < cells->count; i++) {
		const char *text = clean_cell(P, cells->items[i], strlen(cells->items[i]), line);
		int col = (int)i < P->ncols ? P->col_of[i] : -1;
		if (col >= 0) {
			cell[col] = text;
		} else if (*text) {
			const char *where = (int)i < P->ncols ? P->col_name[i] : "";
			unplaced(P, line, *where ? arena_printf(P->a, "%s: %s", where, text) : text);
		}
	}
	bool empty = true;
	for (int c = 0; c < COL_COUNT; c++)
		if (*cell[c])
			empty = false;
	if (empty || joins_previous(P, cell, line))
		return;
	finish_row(P);

	struct area *ar = cur_area(P);
	if (*cell[COL_FOCUS] || !P->have_focus) {
		if (!*cell[COL_FOCUS])
			import_note(P->a, P->r, line, _("The first row of the table has no focus; a focus without a title is made for it."));
		struct focus *f = ARENA_PUSH(P->a, ar->focuses);
		f->title = cell[COL_FOCUS];
		P->focus = ar->focuses.count - 1;
		P->have_focus = true;
		P->have_strategy = false;
	}
	if (*cell[COL_STRATEGY] || !P->have_strategy) {
		if (!*cell[COL_STRATEGY])
			import_note(P->a, P->r, line, _("A row has no strategy and there is none above it; a strategy without text is made for it."));
		struct focus *f = cur_focus(P);
		struct strategy *s = ARENA_PUSH(P->a, f->strategies);
		str_list sp = paragraphs(P->a, cell[COL_STRATEGY]);
		s->text = join(P->a, &sp, "\n");
		P->strategy = f->strategies.count - 1;
		P->have_strategy = true;
	}
	P->row.active = true;
	P->row.line = line;
	memcpy(P->row.cell, cell, sizeof cell);
}

/* --- table headers --- */

static int column_kind(const char *name)
{
	static const struct {
		const char *prefix;
		int col;
	} known[] = {
		{"satsingsområde", COL_FOCUS}, {"satsingsomrade", COL_FOCUS},
		{"satsningsområde", COL_FOCUS}, {"fokusområde", COL_FOCUS},
		{"strategi", COL_STRATEGY},
		{"tiltak", COL_MEASURE}, {"prosjekt", COL_MEASURE},
		{"dato/tid", COL_PERIOD}, {"dato", COL_PERIOD}, {"tid", COL_PERIOD},
		{"tidsrom", COL_PERIOD}, {"periode", COL_PERIOD}, {"når", COL_PERIOD},
		{"ansvar", COL_RESP},
		{"budsjett", COL_BUDGET}, {"kostnad", COL_BUDGET}, {"ramme", COL_BUDGET},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (starts_word(name, known[i].prefix, "(/-"))
			return known[i].col;
	return -1;
}

/* Reads a header row; false when the row does not name a measure table.
 * A header names the measure column and at least two others, and has few
 * cells that are not column names; inside a table, where a data row may
 * start with the same words ("Tiltak A."), it must have none. */
static bool table_header(struct parser *P, str_list *cells, int line)
{
	int col_of[16], found = 0, unknown = 0;
	bool seen[COL_COUNT] = {0};
	const char *names[16];
	if (cells->count > 16)
		return false;
	for (size_t i = 0; i < cells->count; i++) {
		names[i] = clean_cell(P, cells->items[i], strlen(cells->items[i]), line);
		col_of[i] = column_kind(names[i]);
		if (col_of[i] >= 0 && !seen[col_of[i]]) {
			seen[col_of[i]] = true;
			found++;
		} else {
			col_of[i] = -1;
			unknown += *names[i] != '\0';
		}
	}
	if (!seen[COL_MEASURE] || found < 3 || unknown * 2 > found ||
	    (P->mode == M_TABLE && unknown > 0))
		return false;
	finish_row(P);
	P->ncols = (int)cells->count;
	memcpy(P->col_of, col_of, sizeof col_of);
	memcpy(P->col_name, names, sizeof names);
	str_list header = {names, cells->count, cells->count};
	cur_area(P)->table_header = join(P->a, &header, "\t");
	for (size_t i = 0; i < cells->count; i++)
		if (col_of[i] < 0 && *names[i])
			import_note(P->a, P->r, line,
				    _("The column \"%s\" is not one samspel knows; its cells are kept as unplaced text."),
				    names[i]);
	P->budget_year = 0;
	for (size_t i = 0; i < cells->count; i++)
		if (col_of[i] == COL_BUDGET)
			P->budget_year = find_year(names[i]);
	if (seen[COL_BUDGET] && !P->budget_year && P->p->year) {
		P->budget_year = P->p->year;
		import_note(P->a, P->r, line,
			    _("The budget column names no year; the plan's year %d is used."),
			    P->p->year);
	} else if (P->budget_year && P->p->year && P->budget_year != P->p->year) {
		import_note(P->a, P->r, line,
			    _("The budget column says %d but the plan is for %d; the amounts are kept under %d as written."),
			    P->budget_year, P->p->year, P->budget_year);
	}
	P->have_focus = P->have_strategy = false;
	P->mode = M_TABLE;
	return true;
}

/* --- lines --- */

static str_list split_tabs(struct arena *a, const char *s, size_t n)
{
	str_list out = {0};
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\t')
			continue;
		*ARENA_PUSH(a, out) = arena_strndup(a, s + start, i - start);
		start = i + 1;
	}
	return out;
}

/* "Vedteken i Sogn regionråd 10.2.2023" */
static bool adoption_line(struct parser *P, const char *text, int line)
{
	static const char *const verbs[] = {"vedteken", "vedteke", "vedtatt",
					    "godkjend", "godkjent", "vedtak"};
	bool verb = false;
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs && !verb; i++)
		verb = starts_word(text, verbs[i], ":");
	if (!verb)
		return false;
	const char *sp = strchr(text, ' ');
	if (!sp)
		return false;
	const char *body = sp + 1;
	if (strncasecmp(body, "i ", 2) == 0 || strncasecmp(body, "av ", 3) == 0)
		body = strchr(body, ' ') + 1;
	const char *last = strrchr(body, ' ');
	if (!last)
		return false;
	struct period d;
	struct err e = ERR_INIT;
	if (period_parse(last + 1, &d, &e) != OK || strlen(d.start) != 10 ||
	    strcmp(d.start, d.end) != 0)
		return false;
	const char *who = trim_dup(P->a, body, (size_t)(last - body));
	size_t wl = strlen(who);
	while (wl && (who[wl - 1] == ',' || who[wl - 1] == ' '))
		wl--;
	who = arena_strndup(P->a, who, wl);
	if (!*who)
		return false;
	if (P->p->adopted_on)
		import_note(P->a, P->r, line, _("A second adoption line; the last one is used."));
	P->p->status = PLAN_ADOPTED;
	P->p->adopted_on = arena_strdup(P->a, d.start);
	P->p->adopted_by = who;
	return true;
}

static void heading(struct parser *P, const char *text, int line)
{
	finish_row(P);
	if (P->mode == M_START) {
		P->p->title = text;
		P->mode = M_HEAD;
		return;
	}
	/* "1. Attraktiv buregion" */
	size_t digits = 0;
	while (text[digits] >= '0' && text[digits] <= '9')
		digits++;
	if (digits && digits < 4 && text[digits] == '.' && text[digits + 1] == ' ') {
		struct area *ar = ARENA_PUSH(P->a, P->p->areas);
		ar->number = arena_strndup(P->a, text, digits);
		ar->title = trim_dup(P->a, text + digits + 1, strlen(text + digits + 1));
		ar->table_header = "";
		P->area = P->p->areas.count - 1;
		P->mode = M_AREA;
		return;
	}
	if (P->p->areas.count && (P->mode == M_AREA || P->mode == M_GOALS ||
				  P->mode == M_TABLE) &&
	    (fold_equals(text, "delmål") || fold_equals(text, "delmål:") ||
	     fold_equals(text, "delmal") || fold_equals(text, "mål"))) {
		P->mode = M_GOALS;
		return;
	}
	if (!P->p->areas.count && fold_equals(text, "delmål"))
		import_note(P->a, P->r, line,
			    _("The heading \"%s\" comes before any numbered area; it is kept as a section."),
			    text);
	new_section(P, text);
	P->mode = M_SECTION;
}

static bool head_field(struct parser *P, const char *text)
{
	static const struct {
		const char *label;
		int field; /* 0 values, 1 vision, 2 main goal */
	} fields[] = {
		{"verdiar", 0}, {"verdier", 0}, {"visjon", 1},
		{"hovudmål", 2}, {"hovedmål", 2}, {"mål", 2},
	};
	const char *colon = strchr(text, ':');
	if (!colon)
		return false;
	const char *label = arena_strndup(P->a, text, (size_t)(colon - text));
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		if (!fold_equals(label, fields[i].label))
			continue;
		const char *value = trim_dup(P->a, colon + 1, strlen(colon + 1));
		if (fields[i].field == 0)
			P->p->values = value;
		else if (fields[i].field == 1)
			P->p->vision = value;
		else
			P->p->main_goal = value;
		return true;
	}
	return false;
}

static void section_row(struct parser *P, str_list *cells, int line)
{
	struct section *s = &P->p->sections.items[P->section];
	struct section_entry *e = ARENA_PUSH(P->a, s->entries);
	e->title = cells->count ? clean_cell(P, cells->items[0], strlen(cells->items[0]), line) : "";
	struct buf text = BUF_INIT;
	for (size_t i = 1; i < cells->count; i++) {
		const char *c = clean_cell(P, cells->items[i], strlen(cells->items[i]), line);
		str_list paras = paragraphs(P->a, c);
		for (size_t k = 0; k < paras.count; k++) {
			if (text.len)
				buf_addc(&text, '\n');
			buf_adds(&text, paras.items[k]);
		}
	}
	if (cells->count > 2)
		import_note(P->a, P->r, line,
			    _("A row of the section \"%s\" has %zu columns; the columns after the first are joined as its text."),
			    s->title, cells->count);
	e->text = arena_strndup(P->a, text.data, text.len);
	buf_release(&text);
}

static void plain_line(struct parser *P, const char *raw, int line)
{
	const char *text = unemphasise(P->a, raw);
	if (!*text)
		return;
	if (adoption_line(P, text, line))
		return;
	switch (P->mode) {
	case M_START:
		P->p->title = text;
		P->mode = M_HEAD;
		import_note(P->a, P->r, line, _("The text has no heading; its first line \"%.80s\" is taken as the title."), text);
		return;
	case M_HEAD:
		if (!head_field(P, text))
			unplaced(P, line, text);
		return;
	case M_GOALS: {
		struct goal *g = ARENA_PUSH(P->a, cur_area(P)->goals);
		g->text = text;
		return;
	}
	case M_AREA:
		if (fold_equals(text, "delmål") || fold_equals(text, "delmål:")) {
			P->mode = M_GOALS;
			return;
		}
		unplaced(P, line, text);
		return;
	case M_TABLE:
		finish_row(P);
		unplaced(P, line, text);
		return;
	case M_SECTION: {
		struct section_entry *e = ARENA_PUSH(P->a, P->p->sections.items[P->section].entries);
		e->title = "";
		e->text = text;
		import_note(P->a, P->r, line,
			    _("The paragraph \"%.60s\" is kept as text in the section \"%s\"."),
			    text, P->p->sections.items[P->section].title);
		return;
	}
	}
}

static void tab_line(struct parser *P, const char *s, size_t n, int line)
{
	str_list cells = split_tabs(P->a, s, n);
	if (P->mode == M_SECTION) {
		section_row(P, &cells, line);
		return;
	}
	if (P->p->areas.count && P->mode != M_HEAD && table_header(P, &cells, line))
		return;
	if (P->mode == M_TABLE) {
		table_row(P, &cells, line);
		return;
	}
	unplaced(P, line, clean_cell(P, s, n, line));
}

static void one_line(struct parser *P, const char *s, size_t n, int line)
{
	while (n && (s[n - 1] == '\r'))
		n--;
	if (memchr(s, '\t', n)) {
		/* A row of only tabs and spaces is empty. */
		size_t k = 0;
		while (k < n && (s[k] == '\t' || s[k] == ' '))
			k++;
		if (k < n)
			tab_line(P, s, n, line);
		return;
	}
	size_t lead = 0;
	while (lead < n && s[lead] == '#')
		lead++;
	if (lead && lead <= 6 && lead < n && s[lead] == ' ') {
		const char *text = unemphasise(P->a, trim_dup(P->a, s + lead, n - lead));
		if (*text)
			heading(P, text, line);
		return;
	}
	const char *text = arena_strndup(P->a, s, n);
	plain_line(P, text, line);
}

static void derive_plan_fields(struct parser *P)
{
	struct plan *p = P->p;
	p->year = p->year ? p->year : find_year(p->title);
	struct buf f = BUF_INIT;
	utf8_fold(&f, p->title, strlen(p->title));
	if (strstr(f.data, "handlingsplan") || strstr(f.data, "handlingsprogram"))
		p->kind = "action";
	else if (strstr(f.data, "regionalplan") || strstr(f.data, "regionplan"))
		p->kind = "regional";
	else {
		p->kind = "action";
		import_note(P->a, P->r, 0, _("The title does not say what kind of plan this is; it is taken to be an action plan."));
	}
	buf_release(&f);
	if (!p->year)
		import_note(P->a, P->r, 0, _("The title names no year."));
}

/* The rules the editor keeps (node.c), checked on the way in so that what
 * is imported can later be edited and imported again: no control
 * characters but tab and carriage return, and no line longer than a field
 * may be. */
static int bad_line(const char *s, size_t n, int line, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
			return err_set(e, ERR_INPUT, "file",
				       _("Line %d has a control character (byte %d); remove it."),
				       line, c);
	}
	if (n > NODE_TEXT_MAX)
		return err_set(e, ERR_INPUT, "file", _("Line %d is longer than %d bytes."), line,
			       NODE_TEXT_MAX);
	return OK;
}

int plantext_parse(struct arena *a, const char *text, size_t len,
		   struct plan **out, struct import_report *report,
		   struct err *e)
{
	*out = NULL;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	int line = 1;
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			if (!utf8_valid(text + start, i - start))
				return err_set(e, ERR_INPUT, "file",
					       _("Line %d is not valid UTF-8 text (save the file as UTF-8)."),
					       line);
			if (bad_line(text + start, i - start, line, e) != OK)
				return ERR;
			line++;
			start = i + 1;
		}
	}
	struct parser P = {0};
	P.a = a;
	P.r = report;
	P.p = arena_alloc(a, sizeof *P.p);
	P.p->status = PLAN_DRAFT;
	/* The title's year is needed when the first table names no year, so
	 * the title is found first. */
	line = 1;
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		one_line(&P, text + start, i - start, line);
		if (P.mode == M_HEAD && !P.p->year && P.p->title)
			P.p->year = find_year(P.p->title);
		line++;
		start = i + 1;
	}
	finish_row(&P);
	if (!P.p->title)
		return err_set(e, ERR_INPUT, "file", _("The text has no title: it is empty."));
	if (P.p->areas.count == 0)
		return err_set(e, ERR_INPUT, "file",
			       _("No numbered area (a heading like \"# 1. Attraktiv buregion\") was found: this does not look like a plan."));
	derive_plan_fields(&P);
	report->owner = P.p->adopted_by;
	P.p->owner = P.p->adopted_by;
	*out = P.p;
	return OK;
}
