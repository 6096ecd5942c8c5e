/*
 * html: the only way markup is written. A struct html can only grow through
 * these functions, and in html_printf the plain %s escapes its argument (the
 * safe way is the short way). Raw markup comes only from string literals
 * (html_lit only compiles with a literal) or from another struct html.
 * Every byte of data reaches the page through buf_add_html, the one escaper.
 *
 * tests/lint/raw-html checks that page files never touch the buffer inside.
 */
#ifndef SAMSPEL_WEB_HTML_H
#define SAMSPEL_WEB_HTML_H

#include "base/buf.h"
#include "model/plan.h"

#include <stdint.h>

struct request;
struct response;

struct html {
	struct buf b; /* private to html.c */
};

#define HTML_INIT { BUF_INIT }

/* printf where %s (and %.*s, %c) is HTML-escaped; numbers as printf. */
void html_printf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends a string literal as markup. */
#define html_lit(h, s) html_raw_((h), "" s, sizeof("" s) - 1)
void html_raw_(struct html *h, const char *s, size_t n);
/* Appends markup built in another struct html. */
void html_add(struct html *h, const struct html *part);
/* Appends an inline SVG chart built by formats/chart.h, which escapes every
 * text it writes (buf_add_html): the one door for markup not written here.
 * Releases svg, so pages hand the chart's buf over and never touch it. */
void html_svg(struct html *h, struct buf *svg);
/* Appends escaped text. */
void html_text(struct html *h, const char *s);
/* Appends text whose lines are paragraphs (<p>), with lines starting with
 * "• " or "- " gathered into a list. */
void html_paragraphs(struct html *h, const char *s);
/* "275 000 kr", "2,4 mill. kr" */
void html_money(struct html *h, int64_t amount);
/* One budget line as read: "inntil 50 000 kr", "ca. 20 000 kr",
 * "50 000 kr/år", "Innanfor ramma"; a dash for none; text that was not
 * understood as written. */
void html_budget_line(struct html *h, const struct budget_line *b);
/* A measure's period as written, with what an open or bounded one means
 * when the words do not say it already ("Løpande", "Frist"). */
void html_period(struct html *h, const struct measure *m);
/* The notes under a budget sum: what it could not count, and that it has
 * bounds, estimates or one year of a yearly amount in it; nothing when
 * the sum is plain. As one <p class="sum-note">. */
void html_budget_notes(struct html *h, const struct budget_notes *n);
/* The organisations of a measure as the plan wrote them, each linked to its
 * page (/org/ID) with its resolved name in a tooltip when that differs
 * ("SR" -> Sogn regionråd). */
void html_org_links(struct html *h, const org_link_list *links);
/* "2023-02-10" -> "10.2.2023"; "2023-02" -> "2.2023"; anything else as is. */
void html_date(struct html *h, const char *iso);
void html_release(struct html *h);
/* The name of a measure's state in the reader's language, from its code
 * ("on_track" -> "I rute"); NULL, "" or "none" (no report yet) -> "No
 * report". */
const char *html_state_label(const char *code);
/* The state as a badge that says it in words and colours it:
 * <span class="state state-on_track">I rute</span> (state-none for no
 * report). Colour is never the only sign. */
void html_state(struct html *h, const char *code);

/* The first words of text's first line (at most words words and about max
 * bytes), with "…" when cut, into arena: link texts that make sense on
 * their own ("Rapporter på «Etablere eit regionalt …»"). */
struct arena;
const char *html_first_words(struct arena *a, const char *text, int words, size_t max);

/* The page frame: doctype, head, site header; then the page's content; then
 * html_end closes it. title is text (escaped). */
void html_begin(struct html *h, const struct request *rq, const char *title);
/* The same with <link rel="alternate"> to an Atom feed (feed_url, a path)
 * in the head, or none when feed_url is NULL. */
void html_begin_feed(struct html *h, const struct request *rq, const char *title,
		     const char *feed_url);
void html_end(struct html *h, const struct request *rq);
/* The hidden CSRF field every state-changing form carries. */
/* s with every byte but A-Z a-z 0-9 - . _ ~ written %XX (buf_add_url),
 * into a: a path segment, or the value of filename* (RFC 8187). */
const char *html_url_part(struct arena *a, const char *s);
void html_csrf(struct html *h, const struct request *rq);
/* Moves the page into the response as text/html. */
void html_finish(struct html *h, struct response *rs);

#endif
