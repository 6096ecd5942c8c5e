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

/* --- ISO weeks --- */

static bool is_week_word(const char *w)
{
	return strcmp(w, "veke") == 0 || strcmp(w, "uke") == 0 ||
	       strcmp(w, "week") == 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct ymd civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct ymd){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

/* Monday 1, ..., Sunday 7; 1970-01-01 was a Thursday. */
static int iso_weekday(long days)
{
	long r = (days + 3) % 7;
	return (int)(r < 0 ? r + 7 : r) + 1;
}

/* A year has 53 ISO weeks when it starts on a Thursday, or is a leap year
 * starting on a Wednesday. */
static int iso_weeks_in(int y)
{
	int jan1 = iso_weekday(days_from_civil(y, 1, 1));
	return jan1 == 4 || (is_leap(y) && jan1 == 3) ? 53 : 52;
}

/* "veke 12 2024" at toks[*i]: Monday to Sunday of that ISO week. */
static int read_week(const struct tok *toks, int n, int *i, struct span *sp,
		     const char **why)
{
	if (*i + 2 >= n || toks[*i + 1].kind != T_NUM || toks[*i + 2].kind != T_NUM ||
	    toks[*i + 2].year_digits != 4) {
		*why = _("expected a week number and a year");
		return -1;
	}
	int week = toks[*i + 1].num, y = toks[*i + 2].num;
	if (y < 1900 || y > 2199) {
		*why = _("the year is out of range");
		return -1;
	}
	if (week < 1 || week > iso_weeks_in(y)) {
		*why = _("that week does not exist in that year");
		return -1;
	}
	long jan4 = days_from_civil(y, 1, 4);
	long monday = jan4 - (iso_weekday(jan4) - 1) + (long)(week - 1) * 7;
	sp->from = civil_from_days(monday);
	sp->to = civil_from_days(monday + 6);
	*i += 3;
	return 0;
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
		if (*i + 2 >= n) {
			*why = _("a year is missing");
			return -1;
		}
		const struct tok *unit = &toks[*i + 1], *year = &toks[*i + 2];
		if (unit->kind != T_WORD || year->kind != T_NUM ||
		    year->year_digits != 4) {
			*why = _("expected a quarter, tertial or half-year and a year");
			return -1;
		}
		int len;
		if (strcmp(unit->word, "kvartal") == 0 && t->num >= 1 && t->num <= 4)
			len = 3;
		else if (strcmp(unit->word, "tertial") == 0 && t->num >= 1 && t->num <= 3)
			len = 4;
		else if ((strcmp(unit->word, "halvår") == 0 ||
			  strcmp(unit->word, "halvåret") == 0) &&
			 (t->num == 1 || t->num == 2))
			len = 6;
		else {
			*why = _("expected a quarter, tertial or half-year and a year");
			return -1;
		}
		sp->from = (struct ymd){year->num, (t->num - 1) * len + 1, 0};
		sp->to = (struct ymd){year->num, t->num * len, 0};
		*i += 3;
		return 0;
	}
	if (t->kind == T_WORD && is_week_word(t->word))
		return read_week(toks, n, i, sp, why);
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

/* Reads folded text s as one point or two joined by a dash into *whole
 * (*two says which); returns 0, or -1 with why (a static or translated
 * string, or written into whybuf). */
static int parse_span(const char *s, struct span *whole, bool *two,
		      const char **why, char *whybuf, size_t whylen)
{
	struct tok toks[MAX_TOKS];
	char bad[64] = "";
	int n = tokenize(s, toks, bad, sizeof bad);
	if (n < 0) {
		snprintf(whybuf, whylen, _("did not understand \"%s\""), bad);
		*why = whybuf;
		return -1;
	}
	if (n == 0) {
		*why = _("it is empty");
		return -1;
	}
	int i = 0, open1, open2;
	struct span a, b;
	*two = false;
	if (read_point(toks, n, &i, &a, why, &open1) != 0)
		return -1;
	if (i == n) {
		if (open1) {
			*why = _("a year is missing");
			return -1;
		}
		b = a;
	} else {
		*two = true;
		if (toks[i].kind != T_DASH) {
			*why = _("expected a dash between start and end");
			return -1;
		}
		i++;
		if (i == n) {
			*why = _("the end is missing");
			return -1;
		}
		if (toks[i].kind == T_NUM && toks[i].year_digits == 2 &&
		    a.from.d == 0 && a.from.m == 1 && a.to.m == 12 && i + 1 == n) {
			/* "2022-24" */
			int y = a.from.y / 100 * 100 + toks[i].num;
			b.from = (struct ymd){y, 1, 0};
			b.to = (struct ymd){y, 12, 0};
			i++;
		} else if (read_point(toks, n, &i, &b, why, &open2) != 0) {
			return -1;
		} else if (open2) {
			*why = _("a year is missing");
			return -1;
		}
		if (i != n) {
			*why = _("there is more after the end");
			return -1;
		}
		if (open1)
			a.from.y = a.to.y = b.from.y;
	}
	if (a.from.y < 1900 || b.to.y > 2199) {
		*why = _("the year is out of range");
		return -1;
	}
	if (ymd_key(b.to, 1) < ymd_key(a.from, 0)) {
		*why = _("the end is before the start");
		return -1;
	}
	whole->from = a.from;
	whole->to = b.to;
	return 0;
}

/* --- open and bounded periods --- */

/* Whole texts (folded, without a trailing dot) that mean "all along". */
static const char *const ongoing_words[] = {
	"løpande", "løpende", "kontinuerleg", "kontinuerlig", "heile perioden",
	"hele perioden", "heile planperioden", "hele planperioden", "ongoing",
};

/* Leading words of a deadline and of a start; longer before shorter. */
static const char *const deadline_words[] = {
	"innan utgangen av", "innen utgangen av", "fram til og med",
	"frem til og med", "til og med", "fram til", "frem til", "innan", "innen",
	"until",
};
static const char *const from_words[] = {
	"frå og med", "fra og med", "frå", "fra", "from",
};
/* Trailing words of a start: "2024 og vidare". */
static const char *const from_tails[] = {
	"og vidare", "og videre", "og utover", "onwards",
};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(s, list[i], n) == 0)
			return true;
	return false;
}

/* Strips a leading word of list (a whole word) from *s; true if one was. */
static bool strip_lead(const char **s, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t wl = strlen(list[i]);
		if (strncmp(*s, list[i], wl) == 0 && ((*s)[wl] == ' ' || !(*s)[wl])) {
			*s += wl;
			while (**s == ' ')
				(*s)++;
			return true;
		}
	}
	return false;
}

/* Cuts a trailing word of list (after a space) off s; true if one was. */
static bool strip_tail(char *s, const char *const *list, size_t count)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < count; i++) {
		size_t wl = strlen(list[i]);
		if (n > wl && s[n - wl - 1] == ' ' && strcmp(s + n - wl, list[i]) == 0) {
			s[n - wl - 1] = '\0';
			return true;
		}
	}
	return false;
}

#define COUNT(a) (sizeof (a) / sizeof *(a))

/* Decides the kind from the words around the dates in s (folded; its tail
 * may be cut) and returns where the dates start. */
static const char *strip_kind_words(char *s, enum period_kind *kind)
{
	const char *rest = s;
	*kind = PERIOD_RANGE;
	if (strip_lead(&rest, deadline_words, COUNT(deadline_words)))
		*kind = PERIOD_DEADLINE;
	else if (strip_lead(&rest, from_words, COUNT(from_words)) ||
		 strip_tail(s, from_tails, COUNT(from_tails)))
		*kind = PERIOD_FROM;
	return rest;
}

int period_parse(const char *text, struct period *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf norm = BUF_INIT;
	utf8_fold(&norm, text, strlen(text)); /* dashes become "-" */
	size_t n = norm.len;
	while (n && norm.data[n - 1] == '.')
		n--;
	if (n && in_list(norm.data, n, ongoing_words, COUNT(ongoing_words))) {
		buf_release(&norm);
		out->kind = PERIOD_ONGOING;
		return OK;
	}
	enum period_kind kind;
	const char *rest = strip_kind_words(norm.data, &kind), *why = NULL;
	char whybuf[160];
	struct span sp;
	bool two;
	int rc = *rest || kind == PERIOD_RANGE
		? parse_span(rest, &sp, &two, &why, whybuf, sizeof whybuf)
		: (why = _("the date is missing"), -1);
	buf_release(&norm);
	if (rc != 0)
		return fail(e, text, why);
	if (kind == PERIOD_FROM && two)
		kind = PERIOD_RANGE; /* "frå mars 2024 til juni 2024" */
	out->kind = kind;
	if (kind != PERIOD_DEADLINE)
		write_ymd(out->start, sp.from);
	if (kind != PERIOD_FROM)
		write_ymd(out->end, sp.to);
	return OK;
}

static const char *const kind_codes[] = {
	[PERIOD_RANGE] = "range", [PERIOD_DEADLINE] = "deadline",
	[PERIOD_ONGOING] = "ongoing", [PERIOD_FROM] = "from",
};

/* What is stored: a range is NULL in the row. */
const char *const period_kind_stored_codes[] = {"deadline", "ongoing", "from", NULL};

const char *period_kind_code(enum period_kind kind)
{
	return (unsigned)kind < COUNT(kind_codes) ? kind_codes[kind] : "range";
}

int period_kind_parse(const char *code, enum period_kind *kind)
{
	*kind = PERIOD_RANGE;
	if (!code || !*code)
		return OK;
	for (size_t i = 0; i < COUNT(kind_codes); i++)
		if (strcmp(code, kind_codes[i]) == 0) {
			*kind = (enum period_kind)i;
			return OK;
		}
	return ERR;
}
