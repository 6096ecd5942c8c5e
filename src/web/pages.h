/*
 * pages: every handler of the route table (routes.c). Each file page_*.c or
 * api_*.c holds one family; each handler's comment names its route and what
 * it needs. Handlers return the status they answered.
 */
#ifndef SAMSPEL_WEB_PAGES_H
#define SAMSPEL_WEB_PAGES_H

#include "web/http.h"
#include "model/perm.h"

#include <stdbool.h>

struct err;
struct plan;

/* page_home.c */
int page_home(struct request *rq, struct response *rs);
/* page_plan.c */
int page_plan(struct request *rq, struct response *rs);
/* Loads the plan named by the route's {slug} (with its tree when tree is
 * set) if rq's actor may do act on it; otherwise fills rs (404, 403, login)
 * and returns ERR. */
int plan_for_request(struct request *rq, struct response *rs, enum action act,
		     bool tree, struct plan **out);
/* page_edit.c */
int page_plan_edit(struct request *rq, struct response *rs);
int page_plan_edit_post(struct request *rq, struct response *rs);
int page_plan_publish(struct request *rq, struct response *rs);
int page_plan_unpublish(struct request *rq, struct response *rs);
/* page_measure.c */
int page_measure(struct request *rq, struct response *rs);
int page_measure_report(struct request *rq, struct response *rs);
/* page_login.c */
int page_login(struct request *rq, struct response *rs);
int page_login_post(struct request *rq, struct response *rs);
int page_logout(struct request *rq, struct response *rs);
/* api_plan.c */
int api_plan_json(struct request *rq, struct response *rs);
/* page_static.c */
int page_static(struct request *rq, struct response *rs);
int page_healthz(struct request *rq, struct response *rs);
/* page_error.c: fills rs with an error page; message (text) may be NULL. */
int page_error(struct request *rq, struct response *rs, int status,
	       const char *message);
/* The same for an error value: its kind decides the status (error_status);
 * its message is shown unless the fault is internal. */
int page_error_from(struct request *rq, struct response *rs, const struct err *e);
/* The HTTP status for an error's kind: the one table. */
int error_status(const struct err *e);
/* True for the JSON addresses (/api/..., ....json): errors as problem+json. */
bool request_wants_json(const struct request *rq);
/* Answers a finished POST: 303 to location for a browser; for an API token,
 * 200 with {"ok":true,"location":...}. */
int page_done(struct request *rq, struct response *rs, const char *location);

#endif
