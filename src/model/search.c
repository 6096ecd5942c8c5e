/* search.c: full-text search over everything a plan says (see search.h).
 * The index is migration 004-search.sql's search_index (SQLite FTS5),
 * kept by triggers; this file is the only one that reads it. */
#include "model/search.h"
#include "model/perm.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "db/db.h"
#include "model/visible.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT 20
#define SNIPPET_LEN 220    /* code points of a snippet at most */
#define SNIPPET_BEFORE 60  /* code points kept before the first match */

const char *search_kind_code(enum search_kind k)
{
	switch (k) {
	case SEARCH_PLAN: return "plan";
	case SEARCH_ORG: return "org";
	case SEARCH_AREA: return "area";
	case SEARCH_GOAL: return "goal";
	case SEARCH_FOCUS: return "focus";
	case SEARCH_STRATEGY: return "strategy";
	case SEARCH_MEASURE: return "measure";
	case SEARCH_REPORT: return "report";
	case SEARCH_PROJECT: return "project";
	case SEARCH_PROGRAMME: return "programme";
	case SEARCH_MEETING: return "meeting";
	case SEARCH_DECISION: return "decision";
	case SEARCH_INDICATOR: return "indicator";
	}
	return "?";
}

/* --- letters ------------------------------------------------------------ */

/* True when cp is part of a word, as the index's tokenizer (unicode61)
 * sees it closely enough: letters, digits and combining marks are; spaces,
 * punctuation and symbols are not. */
static bool word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xC0) /* Latin-1 punctuation and symbols; ª ² ³ µ ¹ º ¼ ½ ¾ are not */
		return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 ||
		       c == 0xBA || (c >= 0xBC && c <= 0xBE);
	if (c == 0xD7 || c == 0xF7)
		return false;
	if (c >= 0x2000 && c <= 0x2BFF) /* punctuation, symbols, arrows, dingbats */
		return false;
	if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFFF0 && c <= 0xFFFF) ||
	    (c >= 0x1F000 && c <= 0x1FAFF))
		return false;
	return true;
}

/*
 * The letter the index compares cp as, for telling which words of a text
 * the query matched: lower case; é, ü, ñ ... without their marks; æ ø å
 * and the Sámi á č đ ŋ š ŧ ž as they are; ä as æ, ö as ø. 0 for a
 * combining mark (dropped). Latin-1 and Latin Extended-A; other letters
 * as they are (so marking may miss a word the index found, never the
 * other way round).
 */
static uint32_t key_cp(uint32_t c)
{
	/* U+0100-U+017F: the base letter, '*' for a letter of its own. */
	static const char ext_a[] =
		"aaaaaacccccc**dd" "**eeeeeeeeeegggg" "gggghh**iiiiiiii" "i***jjkk*llllll*"
		"***nnnnnn***oooo" "oo**rrrrrrssssss" "**tttt**uuuuuuuu" "uuuuwwyyyzzzz***";
	if (c >= 0x300 && c <= 0x36F)
		return 0;
	if (c < 0x100) {
		c = utf8_lower_cp(c);
		if (c < 0xE0)
			return c;
		switch (c) {
		case 0xE0: case 0xE2: case 0xE3: return 'a';
		case 0xE4: return 0xE6;                         /* ä = æ */
		case 0xE7: return 'c';
		case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
		case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
		case 0xF1: return 'n';
		case 0xF2: case 0xF3: case 0xF4: case 0xF5: return 'o';
		case 0xF6: return 0xF8;                         /* ö = ø */
		case 0xF9: case 0xFA: case 0xFB: case 0xFC: return 'u';
		case 0xFD: case 0xFF: return 'y';
		default: return c; /* á å æ ð ø þ */
		}
	}
	if (c <= 0x17F) {
		char base = ext_a[c - 0x100];
		if (base != '*')
			return (uint32_t)base;
		if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
			return c | 1;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c + 1 : c;
		return c;
	}
	return c;
}

/*
 * What the migration does to the indexed text before the tokenizer sees
 * it, done to the query (the two tables must agree): å á č š ž become
 * private-use letters the tokenizer neither folds nor splits at; ä → æ,
 * ö → ø.
 */
static uint32_t index_cp(uint32_t c)
{
	switch (c) {
	case 0xE5: case 0xC5: return 0xE000;     /* å Å */
	case 0xE1: case 0xC1: return 0xE001;     /* á Á */
	case 0x10D: case 0x10C: return 0xE002;   /* č Č */
	case 0x161: case 0x160: return 0xE003;   /* š Š */
	case 0x17E: case 0x17D: return 0xE004;   /* ž Ž */
	case 0xE4: return 0xE6;                  /* ä → æ */
	case 0xC4: return 0xC6;                  /* Ä → Æ */
	case 0xF6: return 0xF8;                  /* ö → ø */
	case 0xD6: return 0xD8;                  /* Ö → Ø */
	default: return c;
	}
}

/* A query word: as the index sees it, and its comparison key. */
struct word {
	struct buf indexed; /* index_cp of each letter */
	struct buf key;     /* key_cp of each letter */
	size_t letters;
};

/* Splits text into at most SEARCH_WORDS_MAX words (repeats dropped). */
static size_t split_words(const char *text, struct word *w)
{
	size_t n = 0, len = strlen(text);
	if (len > SEARCH_QUERY_MAX)
		len = SEARCH_QUERY_MAX;
	size_t i = 0;
	while (i < len && n < SEARCH_WORDS_MAX) {
		uint32_t c;
		size_t l = utf8_decode(text + i, len - i, &c);
		if (!l) { /* invalid byte: a separator */
			i++;
			continue;
		}
		if (!word_cp(c)) {
			i += l;
			continue;
		}
		struct word *cur = &w[n];
		buf_init(&cur->indexed);
		buf_init(&cur->key);
		cur->letters = 0;
		while (i < len) {
			l = utf8_decode(text + i, len - i, &c);
			if (!l || !word_cp(c))
				break;
			utf8_encode(&cur->indexed, index_cp(c));
			uint32_t k = key_cp(c);
			if (k) {
				utf8_encode(&cur->key, k);
				cur->letters++;
			}
			i += l;
		}
		bool repeat = cur->letters == 0;
		for (size_t j = 0; j < n && !repeat; j++)
			repeat = strcmp(w[j].key.data, cur->key.data) == 0;
		if (repeat) {
			buf_release(&cur->indexed);
			buf_release(&cur->key);
			continue;
		}
		n++;
	}
	return n;
}

/* The MATCH expression: every word quoted (a quote doubled, though a word
 * has none); with prefix, a prefix query unless it is one letter:
 * "sjukepleiar"* "x" */
static void match_text(struct buf *out, const struct word *w, size_t n, bool prefix)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(out, ' ');
		buf_addc(out, '"');
		for (const char *s = w[i].indexed.data; *s; s++) {
			if (*s == '"')
				buf_addc(out, '"');
			buf_addc(out, *s);
		}
		buf_addc(out, '"');
		if (prefix && w[i].letters > 1)
			buf_addc(out, '*');
	}
}

/* --- snippets ------------------------------------------------------------ */

/* True when the word of text at [s, e) is one the query matched: its key
 * starts with a query word's key (equals it, for a one-letter word). */
static bool word_matches(const char *text, size_t s, size_t e, const struct word *w,
			 size_t nw)
{
	struct buf key = BUF_INIT;
	for (size_t i = s; i < e;) {
		uint32_t c;
		size_t l = utf8_decode(text + i, e - i, &c);
		if (!l)
			break;
		uint32_t k = key_cp(c);
		if (k)
			utf8_encode(&key, k);
		i += l;
	}
	bool hit = false;
	for (size_t j = 0; j < nw && !hit && key.len; j++) {
		size_t kl = w[j].key.len;
		hit = w[j].letters > 1 ? key.len >= kl && memcmp(key.data, w[j].key.data, kl) == 0
				       : key.len == kl && memcmp(key.data, w[j].key.data, kl) == 0;
	}
	buf_release(&key);
	return hit;
}

struct piece {
	size_t start, end; /* bytes of raw */
	bool word, mark;
};

static void add_span(struct arena *a, struct search_hit *h, size_t *cap, const char *text,
		     size_t len, bool mark)
{
	if (!len)
		return;
	if (h->nspans && h->spans[h->nspans - 1].mark == mark && !mark) {
		/* join plain text to the plain text before it */
		struct search_span *last = &h->spans[h->nspans - 1];
		char *joined = arena_alloc(a, last->len + len + 1);
		memcpy(joined, last->text, last->len);
		memcpy(joined + last->len, text, len);
		joined[last->len + len] = '\0';
		last->text = joined;
		last->len += len;
		return;
	}
	struct search_span *sp = arena_push(a, &h->spans, &h->nspans, cap, sizeof *sp);
	*sp = (struct search_span){arena_strndup(a, text, len), len, mark};
}

/*
 * Cuts the snippet of raw into h: line breaks and runs of space made one
 * space; the matched words marked; around the first match at most
 * SNIPPET_LEN code points, "…" where text is left out.
 */
static void make_snippet(struct arena *a, struct search_hit *h, const char *raw,
			 const struct word *w, size_t nw)
{
	/* Normalise the spaces first. */
	struct buf text = BUF_INIT;
	size_t n = strlen(raw);
	bool space = true;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(raw + i, n - i, &c);
		if (!l) {
			buf_addc(&text, raw[i]);
			i++;
			space = false;
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t' || utf8_is_space_cp(c) || c < 0x20) {
			if (!space)
				buf_addc(&text, ' ');
			space = true;
		} else {
			buf_add(&text, raw + i, l);
			space = false;
		}
		i += l;
	}
	buf_rtrim(&text, " ");

	/* Pieces: words and what lies between, in code points. */
	struct piece *pieces = NULL;
	size_t np = 0, pcap = 0, first_mark = (size_t)-1;
	size_t *cp_at = NULL, ncp = 0, ccap = 0; /* code point index of each piece */
	size_t cps = 0;
	for (size_t i = 0; i < text.len;) {
		uint32_t c;
		size_t l = utf8_decode(text.data + i, text.len - i, &c);
		bool wc = l && word_cp(c);
		size_t s = i, count = 0;
		while (i < text.len) {
			l = utf8_decode(text.data + i, text.len - i, &c);
			if (!l) {
				if (wc)
					break;
				l = 1;
			} else if (word_cp(c) != wc) {
				break;
			}
			i += l;
			count++;
		}
		struct piece p = {s, i, wc, wc && word_matches(text.data, s, i, w, nw)};
		if (p.mark && first_mark == (size_t)-1)
			first_mark = np;
		*(struct piece *)arena_push(a, &pieces, &np, &pcap, sizeof p) = p;
		*(size_t *)arena_push(a, &cp_at, &ncp, &ccap, sizeof *cp_at) = cps;
		cps += count;
	}

	/* The window: whole pieces from a word a little before the first
	 * match, up to SNIPPET_LEN code points. */
	size_t from = 0;
	if (cps > SNIPPET_LEN && first_mark != (size_t)-1 && cp_at[first_mark] > SNIPPET_BEFORE) {
		from = first_mark;
		while (from > 0 && cp_at[first_mark] - cp_at[from - 1] <= SNIPPET_BEFORE)
			from--;
		while (from < first_mark && !pieces[from].word)
			from++;
	}
	size_t cap = 0;
	h->spans = NULL;
	h->nspans = 0;
	if (from > 0)
		add_span(a, h, &cap, "… ", strlen("… "), false);
	size_t to = from;
	for (; to < np; to++) {
		if (cp_at[to] - cp_at[from] >= SNIPPET_LEN && pieces[to].word)
			break;
		const struct piece *p = &pieces[to];
		add_span(a, h, &cap, text.data + p->start, p->end - p->start, p->mark);
	}
	if (to < np)
		add_span(a, h, &cap, " …", strlen(" …"), false);
	buf_release(&text);
}

const char *search_snippet_text(struct arena *a, const struct search_hit *h)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < h->nspans; i++) {
		if (h->spans[i].mark)
			buf_adds(&b, "«");
		buf_add(&b, h->spans[i].text, h->spans[i].len);
		if (h->spans[i].mark)
			buf_adds(&b, "»");
	}
	const char *s = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_release(&b);
	return s;
}

/* --- ranking ------------------------------------------------------------ */

#define BM25_K1 1.2  /* as FTS5's bm25() */
#define BM25_B 0.75
#define KEY_MAX 256  /* bytes of a word's key compared (query words are shorter) */

/* word_cp for an ASCII byte. */
static inline bool ascii_word(unsigned char b)
{
	return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/*
 * Counts, in text, the words (as word_cp splits them) and, per query word,
 * how many of them it matches: equal keys, or with prefix (a word of two
 * letters or more) a key that begins with the query word's. One pass, no
 * allocation.
 */
static void count_words(const char *text, const struct word *w, size_t nw, bool prefix,
			unsigned *tf, unsigned *dl)
{
	size_t n = strlen(text);
	char key[KEY_MAX];
	*dl = 0;
	for (size_t j = 0; j < nw; j++)
		tf[j] = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l;
		unsigned char b = (unsigned char)text[i];
		if (b < 0x80) { /* the common case, without decoding */
			if (!ascii_word(b)) {
				i++;
				continue;
			}
		} else {
			l = utf8_decode(text + i, n - i, &c);
			if (!l || !word_cp(c)) {
				i += l ? l : 1;
				continue;
			}
		}
		size_t kl = 0;    /* bytes of key kept */
		size_t full = 0;  /* bytes the key has */
		while (i < n) {
			b = (unsigned char)text[i];
			if (b < 0x80) {
				if (!ascii_word(b))
					break;
				i++;
				if (kl < sizeof key)
					key[kl++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
				full++;
				continue;
			}
			l = utf8_decode(text + i, n - i, &c);
			if (!l || !word_cp(c))
				break;
			i += l;
			uint32_t k = key_cp(c);
			if (!k)
				continue;
			char enc[4];
			size_t el;
			if (k < 0x80) {
				enc[0] = (char)k;
				el = 1;
			} else if (k < 0x800) {
				enc[0] = (char)(0xC0 | (k >> 6));
				enc[1] = (char)(0x80 | (k & 0x3F));
				el = 2;
			} else if (k < 0x10000) {
				enc[0] = (char)(0xE0 | (k >> 12));
				enc[1] = (char)(0x80 | ((k >> 6) & 0x3F));
				enc[2] = (char)(0x80 | (k & 0x3F));
				el = 3;
			} else {
				enc[0] = (char)(0xF0 | (k >> 18));
				enc[1] = (char)(0x80 | ((k >> 12) & 0x3F));
				enc[2] = (char)(0x80 | ((k >> 6) & 0x3F));
				enc[3] = (char)(0x80 | (k & 0x3F));
				el = 4;
			}
			if (kl + el <= sizeof key) {
				memcpy(key + kl, enc, el);
				kl += el;
			}
			full += el;
		}
		if (!full)
			continue;
		++*dl;
		for (size_t j = 0; j < nw; j++) {
			size_t ql = w[j].key.len;
			bool hit = prefix && w[j].letters > 1 ? full >= ql && kl >= ql
				 : full == ql && kl == ql;
			if (hit && memcmp(key, w[j].key.data, ql) == 0)
				tf[j]++;
		}
	}
}

/* A match taken: its index row, and (with the raw text) its score. */
struct cand {
	int64_t rid, node_id, plan_id; /* plan_id 0: an organisation */
	int kind;
	const char *raw;
	unsigned dl;
	double score;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->rid < b->rid ? -1 : a->rid > b->rid;
}

/* --- the query ------------------------------------------------------------ */

/*
 * Candidates: the matches in index order (plans first, reports last, the
 * newest of a kind first; see migration 004), only those the actor may
 * see, at most :cap. No bm25(): FTS5's would first count, for its IDF,
 * every row each word matches in the whole index (170 000 for a common
 * report word, some 300 000 for "kommun"*: that pass was most of a common
 * query's time), where the candidates stop at :cap. They are ranked in C
 * (rank()).
 */
static const char candidates_sql[] =
	"SELECT rowid, kind, node_id, plan_id, raw"
	" FROM search_index WHERE search_index MATCH :q AND CASE WHEN kind = 2"
	" THEN EXISTS (SELECT 1 FROM org o WHERE o.id = node_id AND " ORG_VISIBLE("o") ")"
	" WHEN plan_id IS NULL THEN 1"
	" ELSE EXISTS (SELECT 1 FROM plan p WHERE p.id = plan_id AND " PLAN_VISIBLE("p") ")"
	" END ORDER BY rowid LIMIT :cap";

/* What the page needs to link one hit. */
static const char hit_sql[] =
	"SELECT p.slug, p.title, p.published,"
	" CASE :kind WHEN 3 THEN (SELECT ar.position FROM area ar WHERE ar.id = :node)"
	"  WHEN 4 THEN (SELECT ar.position FROM goal g JOIN area ar ON ar.id = g.area_id"
	"   WHERE g.id = :node)"
	"  WHEN 5 THEN (SELECT ar.position FROM focus f JOIN area ar ON ar.id = f.area_id"
	"   WHERE f.id = :node)"
	"  WHEN 6 THEN (SELECT ar.position FROM strategy s JOIN focus f ON f.id = s.focus_id"
	"   JOIN area ar ON ar.id = f.area_id WHERE s.id = :node) END,"
	" CASE :kind WHEN 8 THEN (SELECT rp.measure_id FROM report rp WHERE rp.id = :node)"
	"  WHEN 12 THEN (SELECT d.meeting_id FROM decision d WHERE d.id = :node) END,"
	" CASE :kind WHEN 8 THEN (SELECT rp.reported_on FROM report rp WHERE rp.id = :node) END"
	" FROM (SELECT 1) LEFT JOIN plan p ON p.id = :plan";

/*
 * BM25 over the candidates (lower is better, as FTS5's bm25()): for each
 * query word, its count in the text, saturated (k1 1.2) and weighed by the
 * text's length against the candidates' average (b 0.75). Every word
 * weighs the same (no IDF): each candidate has every word, so for one word
 * the IDF changes no order, and for several it would only tilt the
 * ranking towards repeats of the rarer word; finding how rare a word is
 * is the pass that costs (see candidates_sql).
 */
static void rank(struct arena *a, struct cand *c, size_t n, const struct word *w, size_t nw,
		 bool prefix)
{
	unsigned *tf = n ? arena_array(a, n * nw, sizeof *tf) : NULL;
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		count_words(c[i].raw, w, nw, prefix, tf + i * nw, &c[i].dl);
		total += c[i].dl;
	}
	double avgdl = total > 0 ? total / (double)n : 1;
	for (size_t i = 0; i < n; i++) {
		double s = 0, norm = BM25_K1 * (1 - BM25_B + BM25_B * c[i].dl / avgdl);
		for (size_t j = 0; j < nw; j++) {
			unsigned f = tf[i * nw + j];
			s += f * (BM25_K1 + 1) / (f + norm);
		}
		c[i].score = -s;
	}
	if (n)
		qsort(c, n, sizeof *c, cand_cmp);
}

static struct search_group *group_for(struct arena *a, struct search_results *out,
				      int64_t plan_id)
{
	for (size_t i = 0; i < out->count; i++)
		if (out->groups[i].plan_id == plan_id)
			return &out->groups[i];
	struct search_group *g = arena_push(a, &out->groups, &out->count, &out->cap, sizeof *g);
	g->plan_id = plan_id;
	return g;
}

/* Runs the MATCH expression match into out: the candidates, ranked, a
 * page of them grouped. prefix: match is the prefix query (for counting
 * the words a text matches as the index did). */
static int run(struct db *db, struct arena *a, const struct actor *actor, const char *match,
	       bool prefix, int limit, int offset, const struct word *words, size_t nw,
	       struct search_results *out, struct err *e)
{
	size_t nwords = out->nwords;
	memset(out, 0, sizeof *out);
	out->nwords = nwords;
	struct stmt *st = db_prepare(db, candidates_sql);
	stmt_bind_text(st, ":q", match);
	stmt_bind_int(st, ":user", actor ? actor->user_id : 0);
	stmt_bind_int(st, ":cap", SEARCH_CAP + 1);
	struct cand *c = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct cand *x = arena_push(a, &c, &n, &cap, sizeof *x);
		*x = (struct cand){
			.rid = col_int(st, 0),
			.kind = (int)col_int(st, 1),
			.node_id = col_int(st, 2),
			.plan_id = col_null(st, 3) ? 0 : col_int(st, 3),
			.raw = arena_strdup(a, col_text(st, 4) ? col_text(st, 4) : ""),
		};
	}
	stmt_finish(st);
	if (rc != DB_DONE)
		return ERR;
	out->more = n > SEARCH_CAP;
	if (out->more)
		n = SEARCH_CAP;
	out->total = n;
	rank(a, c, n, words, nw, prefix);
	if ((size_t)offset >= n)
		return OK;
	size_t end = (size_t)offset + (size_t)limit;
	if (end < n)
		out->has_next = true;
	else
		end = n;
	for (size_t i = (size_t)offset; i < end; i++) {
		st = db_prepare(db, hit_sql);
		stmt_bind_int(st, ":kind", c[i].kind);
		stmt_bind_int(st, ":node", c[i].node_id);
		stmt_bind_int(st, ":plan", c[i].plan_id);
		if ((rc = stmt_step(st, e)) != DB_ROW) {
			stmt_finish(st);
			break;
		}
		struct search_group *g = group_for(a, out, c[i].plan_id);
		if (c[i].plan_id && !g->plan_slug) {
			g->plan_slug = arena_strdup(a, col_text(st, 0) ? col_text(st, 0) : "");
			g->plan_title = arena_strdup(a, col_text(st, 1) ? col_text(st, 1) : "");
			g->published = col_int(st, 2) != 0;
		}
		struct search_hit h = {
			.kind = (enum search_kind)c[i].kind,
			.id = c[i].node_id,
			.score = c[i].score,
			.area_position = (int)col_int(st, 3),
			.measure_id = col_int(st, 4),
			.reported_on = col_text(st, 5) ? arena_strdup(a, col_text(st, 5)) : NULL,
		};
		stmt_finish(st);
		make_snippet(a, &h, c[i].raw, words, nw);
		*(struct search_hit *)arena_push(a, &g->hits, &g->count, &g->cap, sizeof h) = h;
		out->nhits++;
	}
	return rc == DB_ROW || rc == DB_DONE ? OK : ERR;
}

/*
 * Whole words first: when they alone match more than SEARCH_CAP visible
 * things, those are ranked and the words they begin are not looked for
 * (a word of more than 6 letters has no prefix index, migration 005: its
 * prefix query reads and merges every occurrence of every word it begins,
 * some milliseconds for a common word on a national database). Otherwise
 * the prefix query, which finds the whole words too.
 */
int search(struct db *db, struct arena *a, const struct actor *actor,
	   const char *query, int limit, int offset,
	   struct search_results *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!limit)
		limit = DEFAULT_LIMIT;
	if (limit < 1 || limit > SEARCH_PAGE_MAX)
		return err_set(e, ERR_INPUT, "limit", _("A page has from 1 to %d rows."),
			       SEARCH_PAGE_MAX);
	if (offset < 0 || offset > SEARCH_CAP)
		return err_set(e, ERR_INPUT, "offset", _("A page cannot start before the first row."));
	struct word words[SEARCH_WORDS_MAX];
	size_t nw = split_words(query ? query : "", words);
	out->nwords = nw;
	if (!nw)
		return OK;
	struct buf exact = BUF_INIT, prefix = BUF_INIT;
	match_text(&exact, words, nw, false);
	match_text(&prefix, words, nw, true);
	int rc = run(db, a, actor, exact.data, false, limit, offset, words, nw, out, e);
	if (rc == OK && !out->more && strcmp(exact.data, prefix.data) != 0)
		rc = run(db, a, actor, prefix.data, true, limit, offset, words, nw, out, e);
	buf_release(&exact);
	buf_release(&prefix);
	for (size_t i = 0; i < nw; i++) {
		buf_release(&words[i].indexed);
		buf_release(&words[i].key);
	}
	return rc;
}
