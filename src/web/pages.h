/*
 * pages: every handler of the route table (routes.c). Each file page_*.c or
 * api_*.c holds one family; each handler's comment names its route.
 */
#ifndef SAMSPEL_WEB_PAGES_H
#define SAMSPEL_WEB_PAGES_H

#include "web/http.h"

/* page_home.c */
int page_home(struct request *rq, struct response *rs);
/* page_plan.c */
int page_plan(struct request *rq, struct response *rs);
/* api_plan.c */
int api_plan_json(struct request *rq, struct response *rs);
/* page_static.c */
int page_static(struct request *rq, struct response *rs);
int page_healthz(struct request *rq, struct response *rs);
/* page_error.c: fills rs with an error page; message may be NULL. */
int page_error(struct request *rq, struct response *rs, int status,
	       const char *message);

#endif
