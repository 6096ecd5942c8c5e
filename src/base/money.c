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

int money_parse(const char *text, int64_t *amount, bool *none, struct err *e)
{
	*amount = 0;
	*none = false;
	struct buf norm = BUF_INIT;
	utf8_fold(&norm, text, strlen(text)); /* dashes become "-" */

	const char *s = norm.data, *why = NULL;
	size_t n = norm.len;
	int rc = OK;
	trim(&s, &n);
	if (n == 0) {
		rc = fail(e, text, _("it is empty"));
		goto out;
	}
	if (n == 1 && *s == '-') {
		*none = true;
		goto out;
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
	if (parse_number(s, n, scale, amount, &why) != 0) {
		*amount = 0;
		rc = fail(e, text, why);
		goto out;
	}
	if (negative)
		*amount = -*amount;
out:
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
