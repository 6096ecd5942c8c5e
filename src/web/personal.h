/*
 * personal: the reader's own parts of a page rendered for the reader's
 * class (cache.h). Where html.c met such a part while rq->shared_render
 * was set, it wrote a marker (ESC and a letter; data never holds ESC,
 * which html escaping replaces); personal_fill writes the reader's:
 *
 *   ESC C              the session's form token (CSRF)
 *   ESC N              the reader's name
 *   ESC F kind:id ESC  the follow button, as following or not
 *
 * The plan page writes one more, which it fills in itself before the page
 * is kept (page_plan.c), so the same walk (personal_next) finds it:
 *
 *   ESC S id ESC       measure id's state
 */
#ifndef SAMSPEL_WEB_PERSONAL_H
#define SAMSPEL_WEB_PERSONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct html;
struct request;
struct response;

#define PERSONAL_MARK "\x1b"

/* Turns rs's page (its body, or the cached page it holds) into rq's
 * reader's, marked private to that reader: rs->pieces, the page's spans
 * (never copied) with the reader's parts between them, and an ETag made
 * from the page's and those parts. */
void personal_fill(struct request *rq, struct response *rs);

/* --- for gzip_page.c, which sends the same page compressed --- */

struct buf;
struct pieces;
struct shared;

/* The next marker of page (len bytes) from from: its offset (len when
 * there is none), and in *mark_end the offset after it. */
size_t personal_next(const char *page, size_t len, size_t from, size_t *mark_end);
/* Appends the reader's part for the marker at [at, end) of page to out. */
void personal_part(struct request *rq, const char *page, size_t at, size_t end, struct buf *out);
/* Adds len bytes from off (own: of p->own, else of the page) to p. */
void personal_piece(struct pieces *p, bool own, size_t off, size_t len);
/* The reader's ETag (in rq's arena): from the page's (page_etag, or a
 * hash of page when NULL) and the reader's parts (own, own_len), with
 * suffix inside its quotes ("" or "-gz"). */
const char *personal_etag(struct request *rq, const char *page_etag, const struct shared *page,
			  const char *own, size_t own_len, const char *suffix);
/* rs's page as a shared buffer (the cached page's reference, or its
 * body moved into a new one); rs holds neither after. */
struct shared *personal_take_page(struct response *rs);

/* html.c: a follow button's marker (the button itself: page_follow.c). */
void personal_follow_marker(struct html *h, const char *kind, int64_t id);

#endif
