/*
 * money.c: the budget amount parser and formatter (see money.h).
 *
 * The text is folded and stripped of currency words ("kr", "kr.", "kroner",
 * "nok", ",-"); what is left is a number with an optional scale word
 * ("mill", "million(ar|er)", "mrd", "milliard(ar|er)", "tusen", "k").
 * With a scale, one comma or dot is a decimal mark ("2,4 mill");
 * without one, spaces and dots only group thousands ("2.680.000").
 */
#include "base/money.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <string.h>

static const struct {
	const char *word;
	int64_t scale;
} scale_words[] = {
	{"millionar", 1000000}, {"millioner", 1000000}, {"million", 1000000},
	{"mill", 1000000}, {"mnok", 1000000}, {"mln", 1000000},
	{"milliardar", 1000000000}, {"milliarder", 1000000000},
	{"milliard", 1000000000}, {"mrd", 1000000000},
	{"tusen", 1000}, {"k", 1000},
};

static const char *const currency_words[] = {"kroner", "kr", "nok"};

static int fail(struct err *e, const char *text, const char *why)
{
	return err_set(e, ERR_INPUT, "amount",
		       _("Could not read the amount \"%s\": %s"), text, why);
}

/* Narrows s[0..*n) past leading and trailing spaces and dots ("kr. 50",
 * "6,6 mill."). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '.'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '.'))
		(*n)--;
}

static bool strip_prefix(const char **s, size_t *n, const char *word)
{
	size_t wl = strlen(word);
	if (*n >= wl && memcmp(*s, word, wl) == 0 &&
	    (*n == wl || (*s)[wl] == ' ' || (*s)[wl] == '.' ||
	     ((*s)[wl] >= '0' && (*s)[wl] <= '9'))) {
		*s += wl;
		*n -= wl;
		trim(s, n);
		return true;
	}
	return false;
}

static bool strip_suffix(const char **s, size_t *n, const char *word)
{
	size_t wl = strlen(word);
	if (*n > wl && memcmp(*s + *n - wl, word, wl) == 0) {
		char before = (*s)[*n - wl - 1];
		if (before == ' ' || (before >= '0' && before <= '9')) {
			*n -= wl;
			while (*n && (*s)[*n - 1] == ' ')
				(*n)--;
			return true;
		}
	}
	return false;
}

/* Parses digits with an optional decimal part when scale > 1, or digits in
 * groups of three when scale == 1. Result in kroner. */
static int parse_number(const char *s, size_t n, int64_t scale, int64_t *out,
			const char **why)
{
	int64_t whole = 0, frac = 0, frac_div = 1;
	size_t i = 0, group = 0, groups = 0;
	bool seen_decimal = false, any = false;
	char sep = 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			any = true;
			if (seen_decimal) {
				if (frac_div > INT64_C(1000000000)) {
					*why = _("too many decimals");
					return -1;
				}
				frac = frac * 10 + (c - '0');
				frac_div *= 10;
			} else {
				if (whole > MONEY_MAX) {
					*why = _("the amount is too large");
					return -1;
				}
				whole = whole * 10 + (c - '0');
				group++;
			}
			continue;
		}
		if (c == ',' || (c == '.' && scale > 1 && !sep)) {
			if (seen_decimal || !any) {
				*why = _("a misplaced decimal mark");
				return -1;
			}
			seen_decimal = true;
			continue;
		}
		if ((c == ' ' || c == '.') && !seen_decimal) {
			/* A thousands separator: the group before must be 1-3
			 * digits (first) or exactly 3, and all alike. */
			if (sep && c != sep) {
				*why = _("mixed thousands separators");
				return -1;
			}
			if (group == 0 || group > 3 || (groups > 0 && group != 3)) {
				*why = _("digits are grouped wrongly");
				return -1;
			}
			sep = c;
			groups++;
			group = 0;
			continue;
		}
		*why = _("unexpected character");
		return -1;
	}
	if (!any) {
		*why = _("there is no number");
		return -1;
	}
	if (groups > 0 && group != 3) {
		*why = _("digits are grouped wrongly");
		return -1;
	}
	if (seen_decimal && frac_div == 1) {
		*why = _("a misplaced decimal mark");
		return -1;
	}
	if (whole > MONEY_MAX / scale) {
		*why = _("the amount is too large");
		return -1;
	}
	/* frac / frac_div * scale must be whole kroner. */
	int64_t frac_kr = 0;
	if (frac) {
		if ((frac * scale) % frac_div != 0) {
			*why = _("it is not a whole number of kroner");
			return -1;
		}
		frac_kr = frac * scale / frac_div;
	}
	*out = whole * scale + frac_kr;
	if (*out > MONEY_MAX) {
		*why = _("the amount is too large");
		return -1;
	}
	return 0;
}

/* Reads folded text s[0..n) as in money_parse; returns 0, or -1 with *why
 * saying what is wrong. */
static int parse_folded(const char *s, size_t n, int64_t *amount, bool *none,
			const char **why)
{
	*amount = 0;
	*none = false;
	trim(&s, &n);
	if (n == 0) {
		*why = _("it is empty");
		return -1;
	}
	if (n == 1 && *s == '-') {
		*none = true;
		return 0;
	}
	bool negative = false;
	if (*s == '-' && n > 1 && s[1] >= '0' && s[1] <= '9') {
		negative = true;
		s++, n--;
	}
	for (size_t i = 0; i < 3; i++)
		if (strip_prefix(&s, &n, currency_words[i]))
			break;
	if (n >= 2 && s[n - 1] == '-' && s[n - 2] == ',')
		n -= 2; /* "50 000,-" */
	trim(&s, &n);
	for (size_t i = 0; i < 3; i++)
		if (strip_suffix(&s, &n, currency_words[i]))
			break;
	trim(&s, &n);
	int64_t scale = 1;
	for (size_t i = 0; i < sizeof scale_words / sizeof *scale_words; i++) {
		if (strip_suffix(&s, &n, scale_words[i].word)) {
			scale = scale_words[i].scale;
			break;
		}
	}
	if (n >= 3 && memcmp(s + n - 3, ",00", 3) == 0 && scale == 1)
		n -= 3; /* "50 000,00" */
	if (parse_number(s, n, scale, amount, why) != 0) {
		*amount = 0;
		return -1;
	}
	if (negative)
		*amount = -*amount;
	return 0;
}

int money_parse(const char *text, int64_t *amount, bool *none, struct err *e)
{
	struct buf norm = BUF_INIT;
	utf8_fold(&norm, text, strlen(text)); /* dashes become "-" */
	const char *why = NULL;
	int rc = OK;
	if (parse_folded(norm.data, norm.len, amount, none, &why) != 0)
		rc = fail(e, text, why);
	buf_release(&norm);
	return rc;
}

void money_format_digits(struct buf *b, int64_t amount)
{
	char digits[32];
	uint64_t v = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (amount < 0)
		buf_adds(b, "\xE2\x88\x92"); /* minus sign */
	for (int i = n - 1; i >= 0; i--) {
		buf_addc(b, digits[i]);
		if (i && i % 3 == 0)
			buf_adds(b, "\xC2\xA0"); /* no-break space */
	}
}

void money_format(struct buf *b, int64_t amount)
{
	int64_t abs = amount < 0 ? -amount : amount;
	if (abs >= 1000000 && abs % 100000 == 0) {
		if (amount < 0)
			buf_adds(b, "\xE2\x88\x92");
		money_format_digits(b, abs / 1000000);
		if (abs % 1000000)
			buf_addf(b, ",%d", (int)(abs % 1000000 / 100000));
		buf_adds(b, "\xC2\xA0");
		buf_adds(b, _("mill. kr"));
		return;
	}
	money_format_digits(b, amount);
	buf_adds(b, "\xC2\xA0kr");
}

/* --- phrases --- */

/* Indexed by the qualifier less one (MQ_EXACT has none). */
const char *const money_qualifier_codes[] = {"upper", "estimate", "lower", "frame",
					     "own", "unknown", NULL};

/* Words that stand before a number (folded). The English ones are what
 * money_phrase_format prints in English, so that it reads back. */
static const struct {
	const char *word;
	enum money_qualifier q;
} qualifier_words[] = {
	{"inntil", MQ_UPPER}, {"opptil", MQ_UPPER}, {"maksimalt", MQ_UPPER},
	{"maks", MQ_UPPER}, {"up to", MQ_UPPER},
	{"ca", MQ_ESTIMATE}, {"cirka", MQ_ESTIMATE}, {"om lag", MQ_ESTIMATE},
	{"omlag", MQ_ESTIMATE}, {"rundt", MQ_ESTIMATE}, {"about", MQ_ESTIMATE},
	{"minst", MQ_LOWER}, {"at least", MQ_LOWER},
};

/* Whole cells that say something about money without a number (folded,
 * without a trailing dot). */
static const struct {
	const char *words;
	enum money_qualifier q;
} wordy_phrases[] = {
	{"innanfor ramma", MQ_FRAME}, {"innenfor ramma", MQ_FRAME},
	{"innanfor ramme", MQ_FRAME}, {"innenfor ramme", MQ_FRAME},
	{"innanfor ramma til prosjektet", MQ_FRAME},
	{"innanfor eksisterande budsjett", MQ_FRAME},
	{"innenfor eksisterende budsjett", MQ_FRAME},
	{"innanfor eksisterande ramme", MQ_FRAME},
	{"innenfor eksisterende ramme", MQ_FRAME},
	{"innanfor budsjett", MQ_FRAME}, {"innenfor budsjett", MQ_FRAME},
	{"innanfor budsjettet", MQ_FRAME}, {"innenfor budsjettet", MQ_FRAME},
	{"within the frame", MQ_FRAME},
	{"eigeninnsats", MQ_OWN}, {"egeninnsats", MQ_OWN},
	{"eigen innsats", MQ_OWN}, {"egen innsats", MQ_OWN},
	{"eigne midlar", MQ_OWN}, {"egne midler", MQ_OWN},
	{"own effort", MQ_OWN},
	{"ikkje avklart", MQ_UNKNOWN}, {"ikke avklart", MQ_UNKNOWN},
	{"uavklart", MQ_UNKNOWN}, {"ukjent", MQ_UNKNOWN}, {"ukjend", MQ_UNKNOWN},
	{"not settled", MQ_UNKNOWN},
};

/* Tails that make an amount yearly; those starting with a letter need a
 * space before them. */
static const char *const per_year_tails[] = {
	"/år", "/ år", "per år", "pr. år", "pr år", "i året", "/year", "per year",
};

const char *money_qualifier_code(enum money_qualifier q)
{
	return q > MQ_EXACT && q <= MQ_UNKNOWN ? money_qualifier_codes[q - 1] : NULL;
}

int money_qualifier_parse(const char *code, enum money_qualifier *q)
{
	*q = MQ_EXACT;
	if (!code || !*code)
		return OK;
	for (size_t i = 0; money_qualifier_codes[i]; i++)
		if (strcmp(code, money_qualifier_codes[i]) == 0) {
			*q = (enum money_qualifier)(i + 1);
			return OK;
		}
	return ERR;
}

bool money_qualifier_wordy(enum money_qualifier q)
{
	return q == MQ_FRAME || q == MQ_OWN || q == MQ_UNKNOWN;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The qualifier of a whole wordy cell s[0..n), or MQ_EXACT. */
static enum money_qualifier wordy_of(const char *s, size_t n)
{
	while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < sizeof wordy_phrases / sizeof *wordy_phrases; i++)
		if (strlen(wordy_phrases[i].words) == n &&
		    memcmp(s, wordy_phrases[i].words, n) == 0)
			return wordy_phrases[i].q;
	return MQ_EXACT;
}

/* Strips a leading qualifier word (a whole word: "ca." and "ca 5" but not
 * "cash") from s[0..n); returns its qualifier or MQ_EXACT. */
static enum money_qualifier strip_qualifier(const char **s, size_t *n)
{
	for (size_t i = 0; i < sizeof qualifier_words / sizeof *qualifier_words; i++) {
		size_t wl = strlen(qualifier_words[i].word);
		if (*n < wl || memcmp(*s, qualifier_words[i].word, wl) != 0)
			continue;
		if (*n > wl && (*s)[wl] != ' ' && (*s)[wl] != '.' && !is_digit((*s)[wl]))
			continue;
		*s += wl;
		*n -= wl;
		trim(s, n);
		return qualifier_words[i].q;
	}
	return MQ_EXACT;
}

static bool strip_per_year(const char *s, size_t *n)
{
	for (size_t i = 0; i < sizeof per_year_tails / sizeof *per_year_tails; i++) {
		const char *t = per_year_tails[i];
		size_t tl = strlen(t);
		if (*n <= tl || memcmp(s + *n - tl, t, tl) != 0)
			continue;
		if (t[0] != '/' && s[*n - tl - 1] != ' ')
			continue;
		*n -= tl;
		while (*n && s[*n - 1] == ' ')
			(*n)--;
		return true;
	}
	return false;
}

/* Copies s[0..n) to out, writing a closing thousands mark ("75'", "75’")
 * after a digit as " tusen", which parse_folded reads. */
static void expand_thousands(struct buf *out, const char *s, size_t n)
{
	static const char quote[] = "\xE2\x80\x99";
	size_t q = 0;
	if (n >= 2 && s[n - 1] == '\'')
		q = 1;
	else if (n >= 4 && memcmp(s + n - 3, quote, 3) == 0)
		q = 3;
	if (q && is_digit(s[n - q - 1])) {
		buf_add(out, s, n - q);
		buf_adds(out, " tusen");
		return;
	}
	buf_add(out, s, n);
}

/* Reads the number part of a folded phrase s[0..n) into *out. */
static int parse_amount_part(const char *s, size_t n, struct money_phrase *out,
			     const char **why)
{
	trim(&s, &n);
	out->per_year = strip_per_year(s, &n);
	struct buf num = BUF_INIT;
	expand_thousands(&num, s, n);
	bool none;
	int rc = parse_folded(num.data, num.len, &out->amount, &none, why);
	buf_release(&num);
	if (rc != 0)
		return -1;
	if (none && (out->qualifier != MQ_EXACT || out->per_year)) {
		*why = _("a number is missing");
		return -1;
	}
	out->has_amount = !none;
	return 0;
}

int money_parse_phrase(const char *text, struct money_phrase *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf norm = BUF_INIT;
	utf8_fold(&norm, text, strlen(text));
	const char *s = norm.data, *why = NULL;
	size_t n = norm.len;
	int rc = OK;
	out->qualifier = wordy_of(s, n);
	if (out->qualifier == MQ_EXACT) {
		out->qualifier = strip_qualifier(&s, &n);
		if (parse_amount_part(s, n, out, &why) != 0) {
			memset(out, 0, sizeof *out);
			rc = fail(e, text, why);
		}
	}
	buf_release(&norm);
	return rc;
}

void money_phrase_format(struct buf *b, const struct money_phrase *p)
{
	switch (p->qualifier) {
	case MQ_FRAME: buf_adds(b, _("Within the frame")); return;
	case MQ_OWN: buf_adds(b, _("Own effort")); return;
	case MQ_UNKNOWN: buf_adds(b, _("Not settled")); return;
	default: break;
	}
	if (!p->has_amount) {
		buf_adds(b, "-");
		return;
	}
	struct buf num = BUF_INIT, yearly = BUF_INIT;
	money_format(&num, p->amount);
	if (p->per_year)
		buf_addf(&yearly, _("%s/year"), num.data);
	else
		buf_add(&yearly, num.data, num.len);
	switch (p->qualifier) {
	case MQ_UPPER: buf_addf(b, _("up to %s"), yearly.data); break;
	case MQ_ESTIMATE: buf_addf(b, _("about %s"), yearly.data); break;
	case MQ_LOWER: buf_addf(b, _("at least %s"), yearly.data); break;
	default: buf_add(b, yearly.data, yearly.len); break;
	}
	buf_release(&num);
	buf_release(&yearly);
}

const char *money_phrase_text(struct arena *a, const struct money_phrase *p)
{
	struct buf b = BUF_INIT;
	money_phrase_format(&b, p);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}
