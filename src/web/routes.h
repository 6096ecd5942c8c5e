/*
 * routes: the one table of what the server answers (method, path, handler,
 * capability), and the dispatcher that matches a request against it.
 */
#ifndef SAMSPEL_WEB_ROUTES_H
#define SAMSPEL_WEB_ROUTES_H

struct request;
struct response;

/* Runs the handler of the route matching rq, or answers 404/405/501. */
void routes_dispatch(struct request *rq, struct response *rs);
/* Fills rs with the error page for status (404, 405, 413, 500, 503, ...). */
void routes_error(struct request *rq, struct response *rs, int status);

#endif
