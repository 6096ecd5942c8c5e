/* sheet_plan.c: a spreadsheet of measures as plan text (see sheet_plan.h). */
#include "formats/sheet_plan.h"
#include "formats/sheet_read.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum role {
	R_UNKNOWN, R_ID, R_AREA_NO, R_AREA, R_FOCUS, R_STRATEGY, R_MEASURE, R_PERIOD,
	R_RESP, R_PART, R_RESP_TEXT, R_BUDGET, R_BUDGET_TEXT, R_DERIVED,
};

/* Header words, folded, in the order they are tried (a longer phrase
 * before the word it starts with). exact: the whole header must match. */
static const struct {
	const char *word;
	enum role role;
	bool exact;
} headers[] = {
	{"tiltak-id", R_ID, false}, {"tiltaks-id", R_ID, false}, {"measure id", R_ID, false},
	{"id", R_ID, true},
	{"nr.", R_AREA_NO, true}, {"nr", R_AREA_NO, true}, {"no.", R_AREA_NO, true},
	{"innsatsområde", R_AREA, false}, {"hovudområde", R_AREA, false},
	{"hovedområde", R_AREA, false}, {"område", R_AREA, false}, {"area", R_AREA, true},
	{"satsingsområde", R_FOCUS, false}, {"satsningsområde", R_FOCUS, false},
	{"fokusområde", R_FOCUS, false}, {"focus", R_FOCUS, false},
	{"strategi", R_STRATEGY, false}, {"strategy", R_STRATEGY, false},
	{"tiltak", R_MEASURE, false}, {"measure", R_MEASURE, false},
	{"prosjekt", R_MEASURE, false}, {"aktivitet", R_MEASURE, false},
	{"frå (månad)", R_DERIVED, true}, {"fra (måned)", R_DERIVED, true},
	{"from (month)", R_DERIVED, true}, {"til (månad)", R_DERIVED, true},
	{"til (måned)", R_DERIVED, true}, {"to (month)", R_DERIVED, true},
	{"når", R_PERIOD, false}, {"dato/tid", R_PERIOD, false}, {"dato", R_PERIOD, false},
	{"tidsrom", R_PERIOD, false}, {"tidsplan", R_PERIOD, false}, {"tid", R_PERIOD, true},
	{"periode", R_PERIOD, false}, {"when", R_PERIOD, false}, {"frist", R_PERIOD, false},
	{"ansvar slik det står", R_RESP_TEXT, false}, {"responsibility as written", R_RESP_TEXT, false},
	{"ansvar og deltaking", R_RESP_TEXT, false}, {"ansvar og deltakelse", R_RESP_TEXT, false},
	{"ansvarleg", R_RESP, false}, {"ansvarlig", R_RESP, false}, {"responsible", R_RESP, false},
	{"ansvar", R_RESP, false},
	{"deltek", R_PART, false}, {"deltar", R_PART, false}, {"deltaking", R_PART, false},
	{"deltakelse", R_PART, false}, {"deltakarar", R_PART, false}, {"deltakere", R_PART, false},
	{"taking part", R_PART, false}, {"samarbeidspartar", R_PART, false},
	{"samarbeidspartnere", R_PART, false},
	{"budsjett slik det står", R_BUDGET_TEXT, false}, {"budget as written", R_BUDGET_TEXT, false},
	{"budsjett i alt", R_DERIVED, false}, {"budget in all", R_DERIVED, false},
	{"budsjett", R_BUDGET, false}, {"budget", R_BUDGET, false}, {"kostnad", R_BUDGET, false},
	{"ramme", R_BUDGET, false},
	{"status", R_DERIVED, true}, {"state", R_DERIVED, true}, {"framdrift", R_DERIVED, false},
	{"fremdrift", R_DERIVED, false}, {"progress", R_DERIVED, false},
	{"siste rapport", R_DERIVED, false}, {"last report", R_DERIVED, false},
};

/* What a header cell names, and the year it holds ("Budsjett 2024"). */
static enum role role_of(const char *header, int *year)
{
	struct buf f = BUF_INIT;
	utf8_fold(&f, header, strlen(header));
	buf_rtrim(&f, " ");
	const char *s = f.data ? f.data : "";
	while (*s == ' ')
		s++;
	enum role role = R_UNKNOWN;
	for (size_t i = 0; i < sizeof headers / sizeof *headers && role == R_UNKNOWN; i++) {
		size_t n = strlen(headers[i].word);
		if (strncmp(s, headers[i].word, n) != 0)
			continue;
		if (headers[i].exact ? s[n] == '\0' : (s[n] == '\0' || strchr(" (/-:,", s[n])))
			role = headers[i].role;
	}
	*year = 0;
	for (const char *p = s; *p; p++)
		if (p[0] >= '1' && p[0] <= '2' && strspn(p, "0123456789") == 4 &&
		    (p == s || p[-1] < '0' || p[-1] > '9'))
			*year = atoi(p);
	buf_release(&f);
	return role;
}

struct columns {
	enum role role[SHEET_COLS];
	int year[SHEET_COLS];
	int first[R_DERIVED + 1]; /* the first column of each role, or -1 */
	int budget_columns;       /* columns of role R_BUDGET */
};

static void classify(const struct sheet *s, size_t row, struct columns *c)
{
	for (int r = 0; r <= R_DERIVED; r++)
		c->first[r] = -1;
	c->budget_columns = 0;
	for (size_t k = 0; k < SHEET_COLS; k++) {
		const char *h = sheet_at(s, row, k)->text;
		c->role[k] = *h ? role_of(h, &c->year[k]) : R_UNKNOWN;
		if (c->first[c->role[k]] < 0)
			c->first[c->role[k]] = (int)k;
		c->budget_columns += c->role[k] == R_BUDGET;
	}
}

/* A header names the measures and something only a plan of measures has. */
static bool is_measure_header(const struct columns *c)
{
	return c->first[R_MEASURE] >= 0 &&
	       (c->first[R_FOCUS] >= 0 || c->first[R_STRATEGY] >= 0 || c->first[R_PERIOD] >= 0 ||
		c->first[R_RESP] >= 0 || c->first[R_RESP_TEXT] >= 0);
}

struct writer {
	struct arena *a;
	struct import_report *r;
	const struct sheet *s;
	const struct columns *c;
	struct buf text;
	const char *owner;
	int line;
	char prev_area[256];
	const char *prev_focus, *prev_strategy;
	int areas;
};

/* "sheet "Alle tiltak", row 12", or "row 12" for a CSV. */
static const char *where(struct writer *w, size_t row)
{
	return *w->s->name ? arena_printf(w->a, _("sheet \"%s\", row %zu"), w->s->name, row + 1)
			   : arena_printf(w->a, _("row %zu"), row + 1);
}

static void line(struct writer *w, const char *s, const char *place)
{
	buf_adds(&w->text, s);
	buf_addc(&w->text, '\n');
	w->line++;
	*ARENA_PUSH(w->a, w->r->where) = place;
}

/* A cell as plan text: no tabs or control characters, single spaces,
 * and its lines as paragraphs of the cell (two spaces). */
static const char *cell_text(struct arena *a, const char *s, const char *line_break)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\n') {
			buf_rtrim(&b, " ");
			if (b.len)
				buf_adds(&b, line_break);
		} else if (ch < 0x20 || ch == 0x7f || ch == ' ') {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addc(&b, ' ');
		} else {
			buf_addc(&b, (char)ch);
		}
	}
	buf_rtrim(&b, " ");
	const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_release(&b);
	return out;
}

/* A cell as written but for tabs and control characters (the plan's own
 * responsibility words keep their spacing: it separates their blocks). */
static const char *cell_raw(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

static const char *cell_of(struct writer *w, size_t row, enum role role)
{
	int k = w->c->first[role];
	return k < 0 ? "" : cell_text(w->a, sheet_at(w->s, row, (size_t)k)->text, "  ");
}

/* "Sogn regionråd (medlemane)" as the export writes the members of a
 * council: "Kommunane" when it is the plan's own council. */
static const char *names(struct writer *w, const char *list)
{
	static const char *const members[] = {" (medlemane)", " (medlemmene)", " (the members)"};
	struct buf b = BUF_INIT;
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *name = cell_text(w->a, arena_strndup(w->a, p, n), " ");
		for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
			size_t ml = strlen(members[i]), nl = strlen(name);
			if (nl > ml && strcmp(name + nl - ml, members[i]) == 0 && w->owner &&
			    utf8_eq_fold(arena_strndup(w->a, name, nl - ml), w->owner))
				name = "Kommunane";
		}
		if (*name)
			buf_addf(&b, "%s%s", b.len ? ", " : "", name);
		p = end ? end + 1 : p + n;
	}
	const char *out = arena_strndup(w->a, b.data ? b.data : "", b.len);
	buf_release(&b);
	return out;
}

static const char *responsibility(struct writer *w, size_t row)
{
	int k = w->c->first[R_RESP_TEXT];
	const char *written = k < 0 ? "" : cell_raw(w->a, sheet_at(w->s, row, (size_t)k)->text);
	if (*written)
		return written;
	const char *resp = names(w, cell_of(w, row, R_RESP));
	const char *part = names(w, cell_of(w, row, R_PART));
	if (!*resp && !*part)
		return "";
	return arena_printf(w->a, "%s%s%s%s%s", *resp ? "Ansvar: " : "", resp, *resp && *part ? " " : "",
			    *part ? "Deltaking: " : "", part);
}

static const char *budget(struct writer *w, size_t row)
{
	int k = w->c->first[R_BUDGET_TEXT];
	if (k >= 0) {
		/* The export joins a measure's budget lines with "; ". */
		struct buf b = BUF_INIT;
		const char *s = cell_text(w->a, sheet_at(w->s, row, (size_t)k)->text, "  ");
		for (; *s; s++) {
			if (s[0] == ';' && s[1] == ' ') {
				buf_adds(&b, "  ");
				s++;
			} else {
				buf_addc(&b, *s);
			}
		}
		const char *out = arena_strndup(w->a, b.data ? b.data : "", b.len);
		buf_release(&b);
		return out;
	}
	return cell_of(w, row, R_BUDGET);
}

static int count_paragraphs(const char *s)
{
	int n = *s ? 1 : 0;
	for (const char *p = s; (p = strstr(p, "  ")); p += 2)
		n++;
	return n;
}

/* The year of the budget column holding row's amount, or 0. */
static int row_year(struct writer *w, size_t row)
{
	for (size_t k = 0; k < SHEET_COLS; k++)
		if (w->c->role[k] == R_BUDGET && w->c->year[k] && *sheet_at(w->s, row, k)->text)
			return w->c->year[k];
	return 0;
}

/* The budget year of the area starting at row: that of its first amount
 * in a column with a year ("Budsjett 2022"), else the first such column's
 * when the sheet has one only. */
static int area_year(struct writer *w, size_t row, const char *key)
{
	for (size_t r = row; r < w->s->count; r++) {
		const char *k = arena_printf(w->a, "%s|%s", cell_of(w, r, R_AREA_NO),
					     cell_text(w->a, cell_of(w, r, R_AREA), " "));
		if (strcmp(k, key) != 0)
			break;
		int y = row_year(w, r);
		if (y)
			return y;
	}
	return w->c->budget_columns == 1 ? w->c->year[w->c->first[R_BUDGET]] : 0;
}

static void header_line(struct writer *w, size_t row, int year)
{
	const struct columns *c = w->c;
	struct buf h = BUF_INIT;
	buf_adds(&h, "Satsingsområde\tStrategi\tTiltak\tDato/tid\tAnsvar og deltaking\t");
	buf_adds(&h, "Budsjett");
	if (year)
		buf_addf(&h, " %d", year);
	for (size_t k = 0; k < SHEET_COLS; k++)
		if (c->role[k] == R_UNKNOWN && *sheet_at(w->s, row, k)->text)
			buf_addf(&h, "\t%s", cell_text(w->a, sheet_at(w->s, row, k)->text, " "));
	line(w, h.data, where(w, row));
	buf_release(&h);
}

static void area_heading(struct writer *w, size_t row, size_t header_row, const char *title,
			 const char *key)
{
	const char *no = cell_of(w, row, R_AREA_NO);
	bool whole = *no && strspn(no, "0123456789") == strlen(no) && strlen(no) < 4;
	w->areas++;
	line(w, arena_printf(w->a, "# %s. %s", whole ? no : arena_printf(w->a, "%d", w->areas),
			     *title ? title : "-"),
	     where(w, row));
	header_line(w, header_row, area_year(w, row, key));
	w->prev_focus = w->prev_strategy = NULL;
}

/* "Sum", "I alt", "Totalt": a row that adds up the others. */
static bool is_total(const char *text)
{
	static const char *const words[] = {"sum", "sum totalt", "totalt", "total", "i alt",
					    "samla", "samla sum", "sum budsjett", "in all"};
	struct buf f = BUF_INIT;
	utf8_fold(&f, text, strlen(text));
	buf_rtrim(&f, " :");
	bool total = false;
	for (size_t i = 0; i < sizeof words / sizeof *words && !total; i++)
		total = strcmp(f.data ? f.data : "", words[i]) == 0;
	buf_release(&f);
	return total;
}

static void measure_row(struct writer *w, size_t row, size_t header_row, const char *fallback_area)
{
	const char *measure = cell_of(w, row, R_MEASURE), *period = cell_of(w, row, R_PERIOD);
	const char *resp = responsibility(w, row), *money = budget(w, row);
	const char *focus = cell_text(w->a, cell_of(w, row, R_FOCUS), " ");
	const char *strategy = cell_of(w, row, R_STRATEGY);
	const char *area = w->c->first[R_AREA] >= 0 ? cell_text(w->a, cell_of(w, row, R_AREA), " ") : "";
	const char *key = arena_printf(w->a, "%s|%s", cell_of(w, row, R_AREA_NO), area);
	bool unknown = false;
	for (size_t k = 0; k < SHEET_COLS; k++)
		unknown |= w->c->role[k] == R_UNKNOWN && *sheet_at(w->s, row, k)->text &&
			   *sheet_at(w->s, header_row, k)->text;
	if (!*measure && !*period && !*resp && !*money && !*focus && !*strategy && !unknown)
		return; /* an empty row */
	if (is_total(measure) && !*period && !*resp) {
		import_note(w->a, w->r, 0, _("%s is a row of totals (\"%s\"); it is not read as a measure, and samspel adds up the budget itself."),
			    where(w, row), measure);
		return;
	}
	if (!w->areas || (strcmp(key, "|") != 0 && strncmp(key, w->prev_area, sizeof w->prev_area - 1) != 0)) {
		area_heading(w, row, header_row, *area ? area : fallback_area, key);
		snprintf(w->prev_area, sizeof w->prev_area, "%s", key);
	}
	/* One row is one measure: lines of its text that would pair with the
	 * paragraphs of the period or budget become spaces. */
	int k = count_paragraphs(measure);
	if (k > 1 && (count_paragraphs(period) == k || count_paragraphs(money) == k)) {
		measure = cell_text(w->a, sheet_at(w->s, row, (size_t)w->c->first[R_MEASURE])->text, " ");
		import_note(w->a, w->r, w->line + 1, "%s",
			    _("The line breaks of this measure's text are read as spaces, so that the row stays one measure."));
	}
	bool new_focus = *focus && (!w->prev_focus || strcmp(focus, w->prev_focus) != 0);
	bool new_strategy = *strategy && (new_focus || !w->prev_strategy ||
					  strcmp(strategy, w->prev_strategy) != 0);
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s\t%s\t%s\t%s\t%s\t%s", new_focus ? focus : "", new_strategy ? strategy : "",
		 measure, period, resp, money);
	for (size_t c = 0; c < SHEET_COLS; c++)
		if (w->c->role[c] == R_UNKNOWN && *sheet_at(w->s, header_row, c)->text)
			buf_addf(&b, "\t%s", cell_text(w->a, sheet_at(w->s, row, c)->text, "  "));
	line(w, b.data, where(w, row));
	buf_release(&b);
	if (*focus)
		w->prev_focus = focus;
	if (*strategy)
		w->prev_strategy = strategy;
}

/* The columns that are not read, in one note. */
static void note_derived(struct writer *w, size_t header_row)
{
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < SHEET_COLS; k++)
		if (w->c->role[k] == R_DERIVED || w->c->role[k] == R_ID ||
		    (w->c->role[k] == R_BUDGET && w->c->first[R_BUDGET_TEXT] >= 0) ||
		    (w->c->role[k] == R_BUDGET && (int)k != w->c->first[R_BUDGET]))
			buf_addf(&b, "%s\"%s\"", b.len ? ", " : "", sheet_at(w->s, header_row, k)->text);
	if (b.len)
		import_note(w->a, w->r, 0,
			    _("The columns %s are worked out from the plan or reported on it, not written in it; they are not read."),
			    b.data);
	buf_release(&b);
}

/* The title: the workbook's own, a row above the header with one cell of
 * text ("Tiltaksliste for Testregionen 2024"), or the file's name. */
static const char *title_of(struct arena *a, const struct sheet_props *props, const struct sheet *s,
			    size_t header_row, const char *source_name, bool *from_file)
{
	*from_file = false;
	if (props->title)
		return cell_text(a, props->title, " ");
	for (size_t r = 0; r < header_row; r++) {
		const char *only = NULL;
		int filled = 0;
		for (size_t k = 0; k < SHEET_COLS; k++)
			if (*sheet_at(s, r, k)->text) {
				only = sheet_at(s, r, k)->text;
				filled++;
			}
		if (filled == 1)
			return cell_text(a, only, " ");
	}
	*from_file = true;
	if (source_name && *source_name) {
		const char *dot = strrchr(source_name, '.');
		return cell_text(a, dot && dot != source_name
					    ? arena_strndup(a, source_name, (size_t)(dot - source_name))
					    : source_name, " ");
	}
	return _("Measures");
}

int sheet_plan_text(const void *data, size_t n, const char *source_name, struct arena *a,
		    const char **text, size_t *len, const char **owner,
		    struct import_report *report, struct err *e)
{
	sheet_list sheets;
	struct sheet_props props;
	if (sheet_read_all(data, n, a, &sheets, &props, e) != OK)
		return ERR;
	struct columns c;
	const struct sheet *s = NULL;
	size_t header_row = 0;
	for (size_t i = 0; i < sheets.count && !s; i++)
		for (size_t r = 0; r < 10 && r < sheets.items[i].count && !s; r++) {
			classify(&sheets.items[i], r, &c);
			if (is_measure_header(&c)) {
				s = &sheets.items[i];
				header_row = r;
			}
		}
	if (!s)
		return err_set(e, ERR_INPUT, "file", "%s",
			       _("No sheet has a header row naming the measures (\"Tiltak\") and their focus, strategy, time or responsibility in its first ten rows."));
	struct writer w = {a, report, s, &c, BUF_INIT, props.company, 0, "", NULL, NULL, 0};
	report->where.count = 0;
	bool from_file;
	const char *title = title_of(a, &props, s, header_row, source_name, &from_file);
	line(&w, arena_printf(a, "# %s", title), where(&w, 0));
	if (from_file)
		import_note(a, report, 0, _("The spreadsheet has no title of its own; the plan is called \"%s\" after the file (change it on the plan's page)."),
			    title);
	note_derived(&w, header_row);
	const char *fallback = *s->name ? s->name : title;
	for (size_t r = header_row + 1; r < s->count; r++)
		measure_row(&w, r, header_row, fallback);
	if (!w.areas)
		return err_set(e, ERR_INPUT, "file", "%s", _("The sheet has a header but no measures under it."));
	*text = arena_strndup(a, w.text.data, w.text.len);
	*len = w.text.len;
	if (owner)
		*owner = props.company ? cell_text(a, props.company, " ") : NULL;
	buf_release(&w.text);
	return OK;
}

bool sheet_plan_is_csv(const void *data, size_t n)
{
	const char *p = data;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	size_t end = 0;
	while (end < n && end < 4096 && p[end] != '\n')
		end++;
	if (memchr(p, '\t', end) || (end && p[0] == '#'))
		return false;
	size_t semi = 0, comma = 0;
	for (size_t i = 0; i < end; i++)
		semi += p[i] == ';', comma += p[i] == ',';
	char sep = semi > comma ? ';' : ',';
	if (!semi && !comma)
		return false;
	struct sheet one = {0};
	struct sheet_row row;
	one.rows = &row;
	one.count = 1;
	for (size_t k = 0; k < SHEET_COLS; k++)
		row.cells[k] = (struct sheet_cell){CELL_EMPTY, "", false};
	char fields[SHEET_COLS][128];
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= end && k < SHEET_COLS; i++) {
		if (i < end && p[i] != sep)
			continue;
		size_t fl = i - start;
		const char *f = p + start;
		if (fl && f[fl - 1] == '\r')
			fl--;
		if (fl >= 2 && f[0] == '"' && f[fl - 1] == '"')
			f++, fl -= 2;
		snprintf(fields[k], sizeof fields[k], "%.*s", (int)(fl < 127 ? fl : 127), f);
		row.cells[k] = (struct sheet_cell){CELL_TEXT, fields[k], false};
		k++;
		start = i + 1;
	}
	struct columns c;
	classify(&one, 0, &c);
	return is_measure_header(&c);
}
