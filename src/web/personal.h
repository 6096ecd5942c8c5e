/*
 * personal: the reader's own parts of a page rendered for the reader's
 * class (cache.h). Where html.c met such a part while rq->shared_render
 * was set, it wrote a marker (ESC and a letter; data never holds ESC,
 * which html escaping replaces); personal_fill writes the reader's:
 *
 *   ESC C              the session's form token (CSRF)
 *   ESC N              the reader's name
 *   ESC F kind:id ESC  the follow button, as following or not
 */
#ifndef SAMSPEL_WEB_PERSONAL_H
#define SAMSPEL_WEB_PERSONAL_H

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

/* html.c: a follow button's marker (the button itself: page_follow.c). */
void personal_follow_marker(struct html *h, const char *kind, int64_t id);

#endif
