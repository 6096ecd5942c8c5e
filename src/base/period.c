/*
 * period.c: the period parser (see period.h). The text is folded to lower
 * case and cut into tokens (numbers, dates, words, dashes); a period is one
 * "point" or two points joined by a dash, where a point is a year, a month,
 * a season, a quarter, a half-year or a day, each with a first and last day.
 */
#include "base/period.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum tok_kind { T_NUM, T_DATE, T_WORD, T_DASH, T_ORD };

struct tok {
	enum tok_kind kind;
	int num;        /* T_NUM, T_ORD: the number; T_DATE: day */
	int month, year; /* T_DATE */
	int year_digits; /* T_NUM, T_DATE: digits in the (year) number */
	char word[32];  /* T_WORD: folded, without a trailing dot */
};

#define MAX_TOKS 8

/* A date with a precision: day 0 means the whole month. */
struct ymd {
	int y, m, d;
};

struct span {
	struct ymd from, to;
};

static const struct {
	const char *name;
	int month;
} month_names[] = {
	{"januar", 1}, {"january", 1}, {"jan", 1},
	{"februar", 2}, {"february", 2}, {"feb", 2},
	{"mars", 3}, {"march", 3}, {"mar", 3},
	{"april", 4}, {"apr", 4},
	{"mai", 5}, {"may", 5},
	{"juni", 6}, {"june", 6}, {"jun", 6},
	{"juli", 7}, {"july", 7}, {"jul", 7},
	{"august", 8}, {"aug", 8},
	{"september", 9}, {"sept", 9}, {"sep", 9},
	{"oktober", 10}, {"october", 10}, {"okt", 10}, {"oct", 10},
	{"november", 11}, {"nov", 11},
	{"desember", 12}, {"december", 12}, {"des", 12}, {"dec", 12},
};

static const struct {
	const char *name;
	int from, to;
} season_names[] = {
	{"våren", 1, 6}, {"vår", 1, 6}, {"spring", 1, 6},
	{"sommaren", 6, 8}, {"sommeren", 6, 8}, {"sommar", 6, 8},
	{"sommer", 6, 8}, {"summer", 6, 8},
	{"hausten", 8, 12}, {"haust", 8, 12}, {"høsten", 8, 12},
	{"høst", 8, 12}, {"autumn", 8, 12}, {"fall", 8, 12},
	{"vinteren", 1, 3}, {"vinter", 1, 3}, {"winter", 1, 3},
};

static int month_of(const char *w)
{
	for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
		if (strcmp(w, month_names[i].name) == 0)
			return month_names[i].month;
	return 0;
}

static int season_of(const char *w, int *from, int *to)
{
	for (size_t i = 0; i < sizeof season_names / sizeof *season_names; i++)
		if (strcmp(w, season_names[i].name) == 0) {
			*from = season_names[i].from;
			*to = season_names[i].to;
			return 1;
		}
	return 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int fail(struct err *e, const char *text, const char *why)
{
	return err_set(e, ERR_INPUT, "period", _("Could not read the period \"%s\": %s"),
		       text, why);
}

/* Reads digits at *p; returns the value (capped) and the digit count. */
static int read_number(const char **p, int *digits)
{
	long v = 0;
	int n = 0;
	while (**p >= '0' && **p <= '9') {
		if (v < 100000)
			v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*digits = n;
	return (int)v;
}

static int year_of(int value, int digits)
{
	return digits == 2 ? 2000 + value : value;
}

/* Cuts folded text into tokens. Returns the count, or -1 with *bad set to
 * the offending character or word. */
static int tokenize(const char *s, struct tok *toks, char *bad, size_t badlen)
{
	int n = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == ',') {
			s++;
			continue;
		}
		if (n == MAX_TOKS) {
			snprintf(bad, badlen, "%s", s);
			return -1;
		}
		struct tok *t = &toks[n];
		memset(t, 0, sizeof *t);
		if (c >= '0' && c <= '9') {
			int digits;
			int v = read_number(&s, &digits);
			if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
				/* d.m.y */
				s++;
				int mdig, ydig;
				int m = read_number(&s, &mdig);
				if (*s != '.' || !(s[1] >= '0' && s[1] <= '9')) {
					snprintf(bad, badlen, "%d.%d", v, m);
					return -1;
				}
				s++;
				int y = read_number(&s, &ydig);
				if (digits > 2 || mdig > 2 || (ydig != 2 && ydig != 4)) {
					snprintf(bad, badlen, "%d.%d.%d", v, m, y);
					return -1;
				}
				t->kind = T_DATE;
				t->num = v;
				t->month = m;
				t->year = y;
				t->year_digits = ydig;
			} else if (*s == '.' ) {
				s++;
				t->kind = T_ORD;
				t->num = v;
			} else {
				t->kind = T_NUM;
				t->num = v;
				t->year_digits = digits;
			}
		} else if (c == '-') {
			t->kind = T_DASH;
			s++;
		} else if (c == 'q' && s[1] >= '1' && s[1] <= '4' &&
			   !(s[2] >= '0' && s[2] <= '9')) {
			/* "Q2" reads as "2. kvartal" */
			t->kind = T_ORD;
			t->num = s[1] - '0';
			s += 2;
			if (++n == MAX_TOKS) {
				snprintf(bad, badlen, "%s", s);
				return -1;
			}
			t = &toks[n];
			memset(t, 0, sizeof *t);
			t->kind = T_WORD;
			strcpy(t->word, "kvartal");
		} else if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
			size_t len = 0;
			while (s[len] && s[len] != ' ' && s[len] != '-' && s[len] != ',' &&
			       s[len] != '.' && !(s[len] >= '0' && s[len] <= '9'))
				len++;
			if (len >= sizeof t->word) {
				snprintf(bad, badlen, "%.*s", (int)len, s);
				return -1;
			}
			memcpy(t->word, s, len);
			s += len;
			if (*s == '.')
				s++; /* "jan." */
			if (strcmp(t->word, "til") == 0 || strcmp(t->word, "to") == 0) {
				t->kind = T_DASH;
			} else {
				t->kind = T_WORD;
			}
		} else {
			snprintf(bad, badlen, "%c", c);
			return -1;
		}
		n++;
	}
	return n;
}

/* Reads one point at toks[*i], filling span; returns 0, or -1 with why. */
static int read_point(const struct tok *toks, int n, int *i, struct span *sp,
		      const char **why, int *open_month)
{
	const struct tok *t = &toks[*i];
	*open_month = 0;
	if (t->kind == T_NUM) {
		if (t->year_digits != 4) {
			*why = _("a year needs four digits");
			return -1;
		}
		sp->from = (struct ymd){t->num, 1, 0};
		sp->to = (struct ymd){t->num, 12, 0};
		(*i)++;
		return 0;
	}
	if (t->kind == T_DATE) {
		int y = year_of(t->year, t->year_digits);
		if (t->month < 1 || t->month > 12) {
			*why = _("the month must be 1 to 12");
			return -1;
		}
		if (t->num < 1 || t->num > days_in_month(y, t->month)) {
			*why = _("that day does not exist in that month");
			return -1;
		}
		sp->from = sp->to = (struct ymd){y, t->month, t->num};
		(*i)++;
		return 0;
	}
	if (t->kind == T_ORD) {
		if (*i + 2 >= n + 0 && *i + 2 > n - 1 + 1) {
			*why = _("a year is missing");
			return -1;
		}
		const struct tok *unit = &toks[*i + 1], *year = &toks[*i + 2];
		if (unit->kind != T_WORD || year->kind != T_NUM ||
		    year->year_digits != 4) {
			*why = _("expected a quarter or half-year and a year");
			return -1;
		}
		int len;
		if (strcmp(unit->word, "kvartal") == 0 && t->num >= 1 && t->num <= 4)
			len = 3;
		else if ((strcmp(unit->word, "halvår") == 0 ||
			  strcmp(unit->word, "halvåret") == 0) &&
			 (t->num == 1 || t->num == 2))
			len = 6;
		else {
			*why = _("expected a quarter or half-year and a year");
			return -1;
		}
		sp->from = (struct ymd){year->num, (t->num - 1) * len + 1, 0};
		sp->to = (struct ymd){year->num, t->num * len, 0};
		*i += 3;
		return 0;
	}
	if (t->kind == T_WORD) {
		int from, to, m = month_of(t->word);
		if (m == 0 && !season_of(t->word, &from, &to)) {
			*why = _("unknown word");
			return -1;
		}
		if (*i + 1 >= n || toks[*i + 1].kind != T_NUM) {
			if (m) {
				/* "jan-feb 2023": the year comes after the dash. */
				sp->from = sp->to = (struct ymd){0, m, 0};
				*open_month = 1;
				(*i)++;
				return 0;
			}
			*why = _("a year is missing");
			return -1;
		}
		const struct tok *year = &toks[*i + 1];
		if (year->year_digits != 4) {
			*why = _("a year needs four digits");
			return -1;
		}
		if (m) {
			sp->from = sp->to = (struct ymd){year->num, m, 0};
		} else {
			sp->from = (struct ymd){year->num, from, 0};
			sp->to = (struct ymd){year->num, to, 0};
		}
		*i += 2;
		return 0;
	}
	*why = _("it starts with a dash");
	return -1;
}

/* Values are validated before: year 1900-2199, month 1-12, day 1-31. */
static void write_ymd(char out[11], struct ymd d)
{
	char tmp[48];
	if (d.d)
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", d.y, d.m, d.d);
	else
		snprintf(tmp, sizeof tmp, "%04d-%02d", d.y, d.m);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

static long ymd_key(struct ymd d, int last)
{
	int day = d.d ? d.d : (last ? 31 : 1);
	return (long)d.y * 10000 + d.m * 100 + day;
}

int period_parse(const char *text, struct period *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf norm = BUF_INIT;
	utf8_fold(&norm, text, strlen(text)); /* dashes become "-" */

	struct tok toks[MAX_TOKS];
	char bad[64] = "";
	int n = tokenize(norm.data, toks, bad, sizeof bad);
	buf_release(&norm);
	if (n < 0) {
		char why[160];
		snprintf(why, sizeof why, _("did not understand \"%s\""), bad);
		return fail(e, text, why);
	}
	if (n == 0)
		return fail(e, text, _("it is empty"));

	const char *why = NULL;
	int i = 0, open1, open2;
	struct span a, b;
	if (read_point(toks, n, &i, &a, &why, &open1) != 0)
		return fail(e, text, why);
	if (i == n) {
		if (open1)
			return fail(e, text, _("a year is missing"));
		b = a;
	} else {
		if (toks[i].kind != T_DASH)
			return fail(e, text, _("expected a dash between start and end"));
		i++;
		if (i == n)
			return fail(e, text, _("the end is missing"));
		if (toks[i].kind == T_NUM && toks[i].year_digits == 2 &&
		    a.from.d == 0 && a.from.m == 1 && a.to.m == 12 && i + 1 == n) {
			/* "2022-24" */
			int y = a.from.y / 100 * 100 + toks[i].num;
			b.from = (struct ymd){y, 1, 0};
			b.to = (struct ymd){y, 12, 0};
			i++;
		} else if (read_point(toks, n, &i, &b, &why, &open2) != 0) {
			return fail(e, text, why);
		} else if (open2) {
			return fail(e, text, _("a year is missing"));
		}
		if (i != n)
			return fail(e, text, _("there is more after the end"));
		if (open1)
			a.from.y = a.to.y = b.from.y;
	}
	if (a.from.y < 1900 || b.to.y > 2199)
		return fail(e, text, _("the year is out of range"));
	if (ymd_key(b.to, 1) < ymd_key(a.from, 0))
		return fail(e, text, _("the end is before the start"));
	write_ymd(out->start, a.from);
	write_ymd(out->end, b.to);
	return OK;
}
