/*
 * search: the one full-text search of the program, over plans (title,
 * values, vision, main goal), areas, goals, focuses, strategies, measures
 * (text, period, responsibility as written), organisations (name, aliases)
 * and status reports. It is the only code that knows how the index is
 * kept (SQLite FTS5, migrations 004-search.sql and 005-search-prefix.sql);
 * a PostgreSQL backend puts its own full-text search behind this same
 * function.
 *
 * The query is what a person typed: it is split into words (letters and
 * digits; everything else separates words, so quotes, *, -, :, NEAR( and
 * OR are only separators or plain words), and every word must occur in a
 * hit, as a word or as the beginning of one ("sjukepleiar" finds
 * "sjukepleiarutdanning"; a word of one letter only as a whole word).
 * Case never matters, nor é/e or ü/u; æ, ø, å and the Sámi á č đ ŋ š ŧ ž
 * are letters of their own (å is not a); ä = æ and ö = ø. A query without
 * words has no hits and is not an error.
 *
 * What the actor may not read is never found: a plan's rows only when
 * PLAN_VISIBLE (model/visible.h), an organisation only when ORG_VISIBLE.
 *
 * Ranking: the matches are taken in the order plans, organisations, areas,
 * goals, focuses, strategies, measures, reports (the newest of a kind
 * first), at most SEARCH_CAP visible ones, and those are ranked by BM25
 * computed over them (each word's count in the text against the text's
 * length; every word weighs the same: no IDF, whose count over the whole
 * index is what made FTS5's bm25() slow on common words);
 * a page is cut from that ranking and grouped by plan (the plans in the
 * order of their best hit). With more than SEARCH_CAP matches, *more is
 * set and the rest are not reached: the reader narrows the search. When
 * the words as whole words already match more than SEARCH_CAP, the longer
 * words they begin are not looked for (that is what keeps a common long
 * word fast: beyond 6 letters, where the index has no prefix index, a
 * prefix query reads every occurrence of every word it begins).
 *
 * Everything returned lives in the arena.
 */
#ifndef SAMSPEL_MODEL_SEARCH_H
#define SAMSPEL_MODEL_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct actor;
struct arena;
struct db;
struct err;

#define SEARCH_CAP 1000       /* the most matches ranked */
#define SEARCH_PAGE_MAX 100   /* the most hits one page may ask for */
#define SEARCH_QUERY_MAX 500  /* bytes of query text looked at */
#define SEARCH_WORDS_MAX 12   /* words of a query looked at */

enum search_kind {
	SEARCH_PLAN = 1,
	SEARCH_ORG,
	SEARCH_AREA,
	SEARCH_GOAL,
	SEARCH_FOCUS,
	SEARCH_STRATEGY,
	SEARCH_MEASURE,
	SEARCH_REPORT,
	/* What a council keeps beside its plans (public; in no plan). */
	SEARCH_PROJECT,
	SEARCH_PROGRAMME,
	SEARCH_MEETING,
	SEARCH_DECISION,
	SEARCH_INDICATOR,
};

/* "plan", "org", "area", ... (as in the JSON API and the history). */
const char *search_kind_code(enum search_kind k);

/* A piece of a snippet: text as stored (not escaped), marked when it is a
 * word the query matched. */
struct search_span {
	const char *text;
	size_t len;
	bool mark;
};

struct search_hit {
	enum search_kind kind;
	int64_t id;           /* of the plan, organisation, area, ... */
	int64_t measure_id;   /* a report's measure, a decision's meeting (0 for
			       * other kinds) */
	int area_position;    /* area, goal, focus, strategy: its area's place
			       * in the plan (the plan page's #area-N); else 0 */
	const char *reported_on; /* a report's date, else NULL */
	double score;         /* BM25 over the matches ranked (lower is better) */
	/* The part of the text around the first match (the whole text when
	 * short), line breaks made spaces, "…" where it is cut. */
	struct search_span *spans;
	size_t nspans;
};

/* The hits of one plan (plan_id 0: organisations and records, which
 * belong to none). */
struct search_group {
	int64_t plan_id;
	const char *plan_slug, *plan_title; /* NULL for organisations */
	bool published;
	struct search_hit *hits;
	size_t count, cap;
};

struct search_results {
	struct search_group *groups;
	size_t count, cap;
	size_t nhits;     /* hits on this page */
	size_t total;     /* visible matches ranked (at most SEARCH_CAP) */
	bool more;        /* there were more than SEARCH_CAP */
	bool has_next;    /* a page after this one */
	size_t nwords;    /* words the query had (0: nothing to search) */
};

/*
 * Searches for query as actor may see (user 0: the public). limit: hits
 * per page, 1..SEARCH_PAGE_MAX (0: 20); offset: hits to skip. ERR_INPUT
 * only for a bad limit or offset.
 */
int search(struct db *db, struct arena *a, const struct actor *actor,
	   const char *query, int limit, int offset,
	   struct search_results *out, struct err *e);

/* The snippet of a hit as plain text, marks as «…» (the command line). */
const char *search_snippet_text(struct arena *a, const struct search_hit *h);

#endif
