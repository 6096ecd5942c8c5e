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
/* page_dashboard.c */
int page_dashboard(struct request *rq, struct response *rs);
int page_status_list(struct request *rq, struct response *rs);
/* What the follow-up pages (dashboard, mine, org) share. */
struct html;
struct list_filter;
struct measure_page;
/* Reads the filter in the query (org, area, state, year, days, late, silent,
 * page) into f, with a page of 50 rows; a bad value fills rs with a 400
 * page and returns ERR. */
int follow_filter(struct request *rq, struct response *rs, struct list_filter *f);
/* The query string that gives f again (without its page), "state=done&area=3",
 * into the request's arena; only checked values go into it. */
const char *follow_query(struct request *rq, const struct list_filter *f);
enum {
	FOLLOW_PLAN = 1,   /* a column with each measure's plan */
	FOLLOW_REPORT = 2, /* a column with a link to each measure's report form */
};
/* The table of a page of measures (state in words, last report, period,
 * responsible, budget); id names its caption. */
void follow_table(struct html *h, struct request *rq, const struct measure_page *pg,
		  const char *id, const char *caption, unsigned flags);
/* Links to the previous and next page, keeping query. */
void follow_pager(struct html *h, struct request *rq, const struct measure_page *pg,
		  const char *query);
/* page_mine.c */
int page_mine(struct request *rq, struct response *rs);
/* page_org.c */
int page_org(struct request *rq, struct response *rs);
/* page_edit.c */
int page_plan_publish(struct request *rq, struct response *rs);
int page_plan_unpublish(struct request *rq, struct response *rs);
/* page_measure.c */
int page_measure(struct request *rq, struct response *rs);
int page_measure_report(struct request *rq, struct response *rs);
/* page_node.c: editing every kind of node of a plan */
int page_node_edit(struct request *rq, struct response *rs);
int page_node_edit_post(struct request *rq, struct response *rs);
int page_node_new(struct request *rq, struct response *rs);
int page_node_new_post(struct request *rq, struct response *rs);
int page_node_move(struct request *rq, struct response *rs);
int page_node_delete(struct request *rq, struct response *rs);
int page_node_delete_post(struct request *rq, struct response *rs);
/* page_structure.c */
int page_structure(struct request *rq, struct response *rs);
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
