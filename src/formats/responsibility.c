/*
 * responsibility.c: splits a responsibility cell into the organisations it
 * names (see plantext.h).
 *
 *   "Ansvar: SR/styringsgruppa Sogn for alle Deltaking: Kommunane, næringsliv"
 *     -> responsible: SR, styringsgruppa Sogn for alle
 *        participant: Kommunane, næringsliv
 *
 * Names are separated by commas, semicolons, " og ", " i samarbeid med " and
 * a slash between words ("SR/programstyre", but not "v/ kommunane") or with
 * spaces around it ("SR / rådmannsgruppa"); words in brackets are a note on
 * the name before them and are never split; so is a contact or role after
 * "v/" ("Regionrådet v/dagleg leiar": Regionrådet, noted "v/dagleg leiar");
 * a trailing "m.fl." ("and others") is dropped from the name.
 */
#include "formats/plantext.h"
#include "base/arena.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *word;
	bool responsible;
} labels[] = {
	{"hovudansvar", true}, {"ansvarlege", true}, {"ansvarleg", true},
	{"ansvarlig", true}, {"ansvar", true},
	{"deltakarar", false}, {"deltakere", false}, {"deltakar", false},
	{"deltaker", false}, {"deltaking", false}, {"deltakelse", false},
	{"deltar", false}, {"deltek", false},
};

static const char *const others_markers[] = {
	"med fleire", "med flere", "m.fl.", "m.fl", "mfl.", "mfl", "mv.", "mv",
	"o.a.", "o.a", "osv.", "osv",
};

static const char *const separators[] = {
	" i samarbeid med ", " og ", " and ", " & ", ",", ";", "\n",
};

/* Length of the label at s (word + optional spaces + ':'), or 0. */
static size_t label_at(const char *text, const char *s, bool *responsible)
{
	if (s > text && !(s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' ||
			  s[-1] == '(' || s[-1] == ','))
		return 0;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		size_t n = strlen(labels[i].word);
		if (strncasecmp(s, labels[i].word, n) != 0)
			continue;
		size_t k = n;
		while (s[k] == ' ')
			k++;
		if (s[k] == ':') {
			*responsible = labels[i].responsible;
			return k + 1;
		}
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims spaces and stray punctuation off both ends of s[0..n). */
static void trim(const char **s, size_t *n)
{
	while (*n && (is_space(**s) || **s == ',' || **s == ';'))
		(*s)++, (*n)--;
	while (*n && (is_space((*s)[*n - 1]) || (*s)[*n - 1] == ',' ||
		      (*s)[*n - 1] == ';'))
		(*n)--;
}

static bool ends_with_word(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	if (n < wl || strncasecmp(s + n - wl, w, wl) != 0)
		return false;
	return n == wl || is_space(s[n - wl - 1]);
}

/* "Regionrådet v/dagleg leiar": the name is the organisation, "v/..." (the
 * contact or role through whom it acts) joins the note. */
static void split_contact(struct arena *a, struct resp_name *r)
{
	const char *v = r->name;
	while ((v = strstr(v, "v/")) && v > r->name && !is_space(v[-1]))
		v += 2;
	if (!v || v == r->name)
		return;
	const char *name = r->name;
	size_t n = (size_t)(v - name), vn = strlen(v);
	trim(&name, &n);
	if (n == 0 || vn <= 2)
		return;
	r->note = r->note ? arena_printf(a, "%s; %s", v, r->note) : arena_strdup(a, v);
	r->name = arena_strndup(a, name, n);
}

static void add_name(struct arena *a, resp_name_list *out, bool responsible,
		     const char *s, size_t n)
{
	trim(&s, &n);
	if (n == 0)
		return;
	struct resp_name r = {responsible, arena_strndup(a, s, n), NULL, NULL, 0};
	/* "and others" is kept in the verbatim text, not in the name. */
	for (size_t i = 0; i < sizeof others_markers / sizeof *others_markers; i++) {
		if (ends_with_word(s, n, others_markers[i])) {
			n -= strlen(others_markers[i]);
			trim(&s, &n);
			break;
		}
	}
	const char *open = memchr(s, '(', n);
	if (open) {
		const char *close = memchr(open, ')', n - (size_t)(open - s));
		size_t inner_end = close ? (size_t)(close - open) : n - (size_t)(open - s);
		const char *in = open + 1;
		size_t in_n = inner_end ? inner_end - 1 : 0;
		trim(&in, &in_n);
		r.note = in_n ? arena_strndup(a, in, in_n) : NULL;
		size_t before = (size_t)(open - s);
		const char *after = close ? close + 1 : s + n;
		size_t after_n = (size_t)(s + n - after);
		trim(&after, &after_n);
		/* "X (note)" -> X; "(note) X" -> X; text after the bracket
		 * continues the name. */
		size_t bn = before;
		const char *bs = s;
		trim(&bs, &bn);
		if (bn && after_n)
			r.name = arena_printf(a, "%.*s %.*s", (int)bn, bs, (int)after_n, after);
		else if (bn)
			r.name = arena_strndup(a, bs, bn);
		else if (after_n)
			r.name = arena_strndup(a, after, after_n);
		else
			r.name = r.note, r.note = NULL;
	} else {
		r.name = arena_strndup(a, s, n);
	}
	if (!r.name || !*r.name)
		return;
	split_contact(a, &r);
	*ARENA_PUSH(a, *out) = r;
}

/* Length of a separator at s (depth 0 only), or 0. */
static size_t separator_at(const char *content, const char *s)
{
	for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
		size_t n = strlen(separators[i]);
		if (strncasecmp(s, separators[i], n) == 0)
			return n;
	}
	if (*s == '/' && s > content && is_space(s[-1]) && is_space(s[1]))
		return 1; /* "SR / rådmannsgruppa" */
	if (*s == '/' && s > content && !is_space(s[-1]) && !is_space(s[1]) &&
	    s[1] != '\0') {
		/* "SR/programstyre" splits, "v/ kommunane" and "v/kommunane"
		 * (one letter before the slash) do not. */
		const char *w = s;
		while (w > content && !is_space(w[-1]))
			w--;
		if (s - w > 1)
			return 1;
	}
	return 0;
}

static void split_names(struct arena *a, resp_name_list *out, bool responsible,
			const char *s, size_t n)
{
	int depth = 0;
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		size_t sep = depth == 0 ? separator_at(s, s + i) : 0;
		if (sep && i + sep <= n) {
			add_name(a, out, responsible, s + start, i - start);
			i += sep;
			start = i;
			continue;
		}
		i++;
	}
	add_name(a, out, responsible, s + start, n - start);
}

int responsibility_split(struct arena *a, const char *text, resp_name_list *out)
{
	/* A block starts at each "Ansvar:" (or at a first "Deltaking:"); a
	 * cell may hold several blocks, one per measure it covers. */
	int block = -1;
	bool responsible = true;
	size_t content = 0, len = strlen(text);
	for (size_t i = 0; i <= len; i++) {
		bool next_responsible = false;
		size_t label = i < len ? label_at(text, text + i, &next_responsible) : 0;
		if (!label && i < len)
			continue;
		if (block >= 0) {
			size_t before = out->count;
			split_names(a, out, responsible, text + content, i - content);
			for (size_t k = before; k < out->count; k++)
				out->items[k].block = block;
		}
		if (i == len)
			break;
		if (next_responsible || block < 0)
			block++;
		responsible = next_responsible;
		content = i + label;
		i += label - 1;
	}
	return block + 1;
}
