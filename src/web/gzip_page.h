/*
 * gzip_page: a page from the cache sent compressed (Content-Encoding:
 * gzip) to a client whose Accept-Encoding takes it; see gzip_page.c.
 */
#ifndef SAMSPEL_WEB_GZIP_PAGE_H
#define SAMSPEL_WEB_GZIP_PAGE_H

#include <stdbool.h>

struct request;
struct response;

/* Whether rs (a page from the cache: rs->shared) goes to rq compressed:
 * text or JSON of 1 KB or more, and rq takes gzip. */
bool gzip_page_wanted(const struct request *rq, const struct response *rs);
/* Makes rs rq's page compressed: the reader's own parts filled in when
 * it was rendered for the reader's class (as personal_fill), the ETag
 * its own ("-gz"), Content-Encoding set. False, rs left as it was, when
 * it cannot (zlib failed): then it goes plain. */
bool gzip_page(struct request *rq, struct response *rs);

#endif
