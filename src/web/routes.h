/*
 * routes: the one table of what the server answers (method, path, handler,
 * capability), and the dispatcher that matches a request against it.
 */
#ifndef SAMSPEL_WEB_ROUTES_H
#define SAMSPEL_WEB_ROUTES_H

struct request;
struct response;

/* What request body the route matching rq's method and path takes: decided
 * from the table alone, before any of the body is read (server.c refuses a
 * body where none is taken). */
enum route_body {
	ROUTE_MISSING,   /* no route: routes_dispatch answers 404, 405 or 501 */
	ROUTE_BODY_NONE,
	ROUTE_BODY_FORM, /* an urlencoded form (FORM routes) */
	ROUTE_BODY_LARGE_FORM, /* the same, larger (LARGE_FORM routes: the
				* confirmation of a sheet's rows) */
	ROUTE_BODY_JSON, /* a JSON document (the API's writes) */
	ROUTE_BODY_MULTIPART, /* multipart/form-data with a file (MULTIPART
			       * routes), read by server.c as it streams in */
};
enum route_body routes_body(struct request *rq);
/* Runs the handler of the route matching rq, or answers 404/405/501. */
void routes_dispatch(struct request *rq, struct response *rs);
/* Fills rs with the error page for status (404, 405, 413, 500, 503, ...). */
void routes_error(struct request *rq, struct response *rs, int status);

#endif
