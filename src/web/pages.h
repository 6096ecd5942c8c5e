/*
 * pages: every handler of the route table (routes.c). Each file page_*.c or
 * api_*.c holds one family; each handler's comment names its route and what
 * it needs. Handlers return the status they answered.
 */
#ifndef SAMSPEL_WEB_PAGES_H
#define SAMSPEL_WEB_PAGES_H

#include "web/http.h"
#include "model/node.h"
#include "model/org.h"
#include "model/perm.h"
#include "model/record.h"
#include "base/secret.h"

#include <stdbool.h>
#include <stdint.h>

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
/* page_status_pdf.c */
int page_status_pdf(struct request *rq, struct response *rs);
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
/* The filter form (GET to action): organisation (through membership too),
 * state, year and, with_days, the days without a report that count as
 * silent. */
void follow_filter_form(struct html *h, struct request *rq, const struct plan *p,
			const struct list_filter *f, const char *action, bool with_days);
/* Links to the previous and next page, keeping query. */
void follow_pager(struct html *h, struct request *rq, const struct measure_page *pg,
		  const char *query);
/* page_search.c */
int page_search(struct request *rq, struct response *rs);
/* page_mine.c */
int page_mine(struct request *rq, struct response *rs);
/* page_org.c */
int page_org(struct request *rq, struct response *rs);
/* "Kommune", "Regionråd", ...: an organisation kind in words. */
const char *org_kind_label(const char *kind);
/* page_org_list.c: the registry; page_orgs.c: editing an organisation */
struct org;
int page_orgs(struct request *rq, struct response *rs);
int page_org_edit(struct request *rq, struct response *rs);
int page_org_edit_post(struct request *rq, struct response *rs);
int page_org_alias_add(struct request *rq, struct response *rs);
int page_org_alias_delete(struct request *rq, struct response *rs);
int page_org_member_add(struct request *rq, struct response *rs);
int page_org_member_delete(struct request *rq, struct response *rs);
/* Loads the organisation of the route's {id} into *o if rq's actor may
 * know of it (else 404) and edit it (ACT_EDIT_ORG through auth_require,
 * else 403); otherwise fills rs and returns ERR. */
int org_for_request(struct request *rq, struct response *rs, struct org *o);
/* True when rq's actor may edit o (perm_allows ACT_EDIT_ORG). */
bool org_may_edit(const struct request *rq, const struct org *o);
/* A positive id from text, or 0. */
int64_t org_parse_id(const char *s);
/* page_org_merge.c */
int page_org_merge(struct request *rq, struct response *rs);
int page_org_merge_post(struct request *rq, struct response *rs);
/* page_document.c: files attached to an object (model/document.h) */
int page_document_upload(struct request *rq, struct response *rs);
int page_document(struct request *rq, struct response *rs);
int page_document_delete(struct request *rq, struct response *rs);
/* The section "Documents" of the page of (owner_kind, owner_id): each
 * document's name (a download link), type, size in kB, date and title;
 * with may_edit (the actor may edit the owner), a delete button for each
 * and the upload form (multipart, no script needed). The reader must be
 * one who may read the owner. ERR when the list cannot be read (the
 * section then says so). */
int page_documents_section(struct html *h, struct request *rq, const char *owner_kind,
			   int64_t owner_id, bool may_edit);
/* page_edit.c */
int page_plan_publish(struct request *rq, struct response *rs);
int page_plan_unpublish(struct request *rq, struct response *rs);
/* page_measure.c */
int page_measure(struct request *rq, struct response *rs);
int page_measure_report(struct request *rq, struct response *rs);
int page_report_edit(struct request *rq, struct response *rs);
int page_measure_orgs(struct request *rq, struct response *rs);
int page_report_edit_post(struct request *rq, struct response *rs);
/* page_node.c: editing every kind of node of a plan */
/* A node of a plan named by the route ({kind} and {id}, or the plan's
 * {slug}), with its plan. */
struct target {
	enum node_kind kind;
	struct node_values v;
	struct plan *plan;      /* the plan it is in; NULL for a record */
	const char *home;       /* the page it shows on: "/plan/SLUG", "/project/7" */
	const char *home_title; /* that page's title */
	int64_t owner;          /* the council keeping it (whose organisations it may name) */
	bool may_edit;          /* whether the actor may change it */
};
/* Loads the route's node if the actor may read its plan and do act on it;
 * otherwise fills rs (404, 403, sign in) and returns ERR. */
int node_for_request(struct request *rq, struct response *rs, enum action act,
		     struct target *t);
/* The same for a node of kind k, whatever the route names (a round's own
 * pages, /round/{id}). */
int node_for_request_kind(struct request *rq, struct response *rs, enum node_kind k,
			  enum action act, struct target *t);
/* --- records (page_record.c): what every record page shares --- */
/* The record of kind k named by the route's {id} (public; t->may_edit
 * says whether the actor may change it). */
int record_page_load(struct request *rq, struct response *rs, enum node_kind k,
		     struct target *t);
/* The children of kind k under parent, loaded (into the request's arena). */
int record_kids(struct request *rq, enum node_kind k, int64_t parent,
		struct node_values **out, size_t *n);
/* The page's start: frame, kicker (kind, keeping council), title. */
void record_page_head(struct html *h, struct request *rq, const struct target *t,
		      const char *kind_label, const char *title);
/* For editors: edit, add each of children, history, delete. */
void record_edit_bar(struct html *h, struct request *rq, const struct target *t,
		     const enum node_kind *children, size_t n);
/* For editors: edit and delete links after one child v. */
void record_item_actions(struct html *h, const struct target *t, const struct node_values *v);
/* The name of organisation id (NULL when none), and a link to it from an
 * id as a field holds it. */
const char *record_org_name(struct request *rq, int64_t id);
void record_org(struct html *h, struct request *rq, const char *id);
/* "Decisions behind it": the decisions linked to (k, id). */
void record_decisions_behind(struct html *h, struct request *rq, enum node_kind k, int64_t id);
/* For editors: a remove button for each of links from (from, id), and a
 * form to link it to one of the keeping council's plans, projects,
 * meetings, indicators or groups, or a programme. */
void record_links_form(struct html *h, struct request *rq, const struct target *t,
		       enum node_kind from, int64_t id, const record_link_list *links);
int page_record_links_post(struct request *rq, struct response *rs);
/* Closes the article and sends the page (200, public caching). */
void record_page_end(struct html *h, struct request *rq, struct response *rs);
/* The API of records (api_records.c). */
int api_records_list(struct request *rq, struct response *rs);
int api_record_get(struct request *rq, struct response *rs);
int api_record_create(struct request *rq, struct response *rs);
int api_record_patch(struct request *rq, struct response *rs);
int api_record_delete(struct request *rq, struct response *rs);
int api_record_children(struct request *rq, struct response *rs);
int api_record_add(struct request *rq, struct response *rs);
int page_project(struct request *rq, struct response *rs);
/* Following (page_follow.c): the button for the signed-in, and the routes. */
void follow_button(struct html *h, struct request *rq, const char *kind, int64_t id);
int page_follow_post(struct request *rq, struct response *rs);
/* The form to follow a published plan by e-mail (not signed in). */
void follow_by_mail_form(struct html *h, struct request *rq, const char *slug);
int page_follow_by_mail(struct request *rq, struct response *rs);
int page_follow_confirm(struct request *rq, struct response *rs);
int page_follow_confirm_post(struct request *rq, struct response *rs);
/* page_org_invite.c: the invitation of an organisation's contact person */
/* What an invitation needs before its user is added: a server that sends
 * mail (else ERR_CONFLICT) and the person's address (else ERR_INPUT,
 * "email"); then a password nobody knows into secret (the person chooses
 * theirs through the mail's link) and the link's base into *base. */
int invite_prepare(const struct request *rq, const char *email,
		   char secret[SECRET_TOKEN_LEN + 1],
		   const char **base, struct err *e);
void org_invite_part(struct html *h, struct request *rq, const struct org *o);
int page_org_invite(struct request *rq, struct response *rs);
int page_unsubscribe(struct request *rq, struct response *rs);
int page_unsubscribe_post(struct request *rq, struct response *rs);
/* A user's own settings (page_account.c). */
int page_account(struct request *rq, struct response *rs);
int page_account_post(struct request *rq, struct response *rs);
int api_me_get(struct request *rq, struct response *rs);
int api_me_patch(struct request *rq, struct response *rs);
/* A forgotten password (page_password.c). */
int page_forgot(struct request *rq, struct response *rs);
int page_forgot_post(struct request *rq, struct response *rs);
int page_password(struct request *rq, struct response *rs);
int page_password_post(struct request *rq, struct response *rs);
/* Reporting rounds (page_round.c). */
int page_rounds(struct request *rq, struct response *rs);
/* Frozen status reports (page_frozen.c, api_v1_reports.c). */
int page_frozen_list(struct request *rq, struct response *rs);
int page_frozen_post(struct request *rq, struct response *rs);
int page_frozen(struct request *rq, struct response *rs);
int page_frozen_json(struct request *rq, struct response *rs);
int page_frozen_pdf(struct request *rq, struct response *rs);
int api_frozen_get(struct request *rq, struct response *rs);
int api_frozen_post(struct request *rq, struct response *rs);
int api_rounds_get(struct request *rq, struct response *rs);
int api_rounds_post(struct request *rq, struct response *rs);
int page_rounds_post(struct request *rq, struct response *rs);
/* The round of the route's {id} if the actor may read its plan and do act. */
int round_for_request(struct request *rq, struct response *rs, enum action act,
		      struct target *t);
int page_round(struct request *rq, struct response *rs);
int page_round_close(struct request *rq, struct response *rs);
/* page_sheet.c: a round's spreadsheet, out and back in */
int page_sheet_download(struct request *rq, struct response *rs);
int page_sheet_upload(struct request *rq, struct response *rs);
int page_sheet_apply(struct request *rq, struct response *rs);
/* GET /org/{id}.ics: a council's meetings and follow-up points (page_feed.c). */
int page_org_ics(struct request *rq, struct response *rs);
int page_programme(struct request *rq, struct response *rs);
int page_meeting(struct request *rq, struct response *rs);
int page_indicator(struct request *rq, struct response *rs);
/* A list of follow-up points (record_open_followups) with their meeting,
 * due date and "late" (page_meeting.c). */
void followups_list(struct html *h, struct request *rq, const record_summary_list *l,
		    const char *id, const char *title);
/* The group part of an organisation's page (page_group.c): a council's
 * roles, groups and records; a group's mandate, reporting and people. */
void group_section(struct html *h, struct request *rq, int64_t org, const char *kind, bool may_edit);
int page_node_edit(struct request *rq, struct response *rs);
int page_node_edit_post(struct request *rq, struct response *rs);
int page_node_new(struct request *rq, struct response *rs);
int page_node_new_post(struct request *rq, struct response *rs);
int page_node_move(struct request *rq, struct response *rs);
int page_node_delete(struct request *rq, struct response *rs);
int page_node_delete_post(struct request *rq, struct response *rs);
/* page_history.c */
int page_history(struct request *rq, struct response *rs);
int page_history_restore(struct request *rq, struct response *rs);
/* page_structure.c */
int page_structure(struct request *rq, struct response *rs);
/* page_login.c */
int page_login(struct request *rq, struct response *rs);
int page_login_post(struct request *rq, struct response *rs);
int page_logout(struct request *rq, struct response *rs);
/* page_users.c */
int page_users(struct request *rq, struct response *rs);
int page_user_new(struct request *rq, struct response *rs);
int page_user_new_post(struct request *rq, struct response *rs);
int page_user(struct request *rq, struct response *rs);
int page_user_grant(struct request *rq, struct response *rs);
int page_user_revoke(struct request *rq, struct response *rs);
int page_user_disable(struct request *rq, struct response *rs);
int page_user_enable(struct request *rq, struct response *rs);
int page_user_password(struct request *rq, struct response *rs);
/* page_setup.c */
int page_setup(struct request *rq, struct response *rs);
int page_setup_post(struct request *rq, struct response *rs);
/* page_rollover.c: next year's action plan from this year's */
int page_rollover(struct request *rq, struct response *rs);
int page_rollover_post(struct request *rq, struct response *rs);
/* The line of measure back through the years, for its page: "Held fram frå:
 * <last year's plan> – <its measure>", one line a year, both linked, as far
 * back as the reader may read (nothing when it continues none). */
void html_predecessors(struct html *h, struct request *rq, int64_t measure);
/* page_plan_new.c: a new, empty plan */
int page_plan_new(struct request *rq, struct response *rs);
int page_plan_new_post(struct request *rq, struct response *rs);
/* True when rq's actor may create a plan for at least one council. */
bool may_create_plan(struct request *rq);
/* The councils whose plans the reader may edit (ACT_EDIT_PLAN), into the
 * request's arena. */
int editable_councils(struct request *rq, org_list *out, struct err *e);

/* page_plan_import.c: a plan from a document, previewed before it is stored */
int page_plan_import(struct request *rq, struct response *rs);
int page_plan_import_post(struct request *rq, struct response *rs);
int page_plan_import_confirm(struct request *rq, struct response *rs);
/* page_catalog.c: the DCAT-AP-NO catalogue (needs serve --public-url) */
int page_catalog(struct request *rq, struct response *rs);
/* api_plan.c */
int api_plan_export(struct request *rq, struct response *rs);
/* page_feed.c: Atom feeds of a published plan and of an organisation */
int page_plan_atom(struct request *rq, struct response *rs);
int page_org_atom(struct request *rq, struct response *rs);
/* api_v1.c: the JSON API's nodes (docs/api.md) */
int api_node_get(struct request *rq, struct response *rs);
int api_node_patch(struct request *rq, struct response *rs);
int api_node_delete(struct request *rq, struct response *rs);
int api_node_create(struct request *rq, struct response *rs);
int api_plan_create(struct request *rq, struct response *rs);
int api_plans_list(struct request *rq, struct response *rs);
/* api_v1_reports.c: reports, history, measure and organisation lists */
int api_reports_get(struct request *rq, struct response *rs);
int api_reports_post(struct request *rq, struct response *rs);
int api_history_get(struct request *rq, struct response *rs);
int api_measures_list(struct request *rq, struct response *rs);
int api_orgs_list(struct request *rq, struct response *rs);
int api_org_get(struct request *rq, struct response *rs);
/* What the API's files share (api_v1.c). */
struct json_t;
/* "measures" for NODE_MEASURE: the collection in /api/v1/ addresses. */
const char *api_plural(enum node_kind k);
/* Answers body (taken: decref'd here) as JSON with status; version > 0
 * gives the ETag "vV-H" (else the server hashes the body). */
int api_send(struct request *rq, struct response *rs, struct json_t *body, int status,
	     int64_t version);
/* ?page= (from 1) and ?per_page= (1-200, default 50) as limit and offset;
 * a bad value fills rs with a 400 problem and returns ERR. */
int api_paging(struct request *rq, struct response *rs, int *limit, int *offset);
/* {"items": items (taken), "total", "page", "per_page"}. */
struct json_t *api_page_json(struct json_t *items, int64_t total, int limit, int offset);
/* The version If-Match names ("v7", the ETag "v7-…", or 7); ERR with 428
 * when there is none, 412 when it names no version. */
int api_version_required(struct request *rq, struct response *rs, int64_t *version);
/* page_error_from, but a stale version (ERR_CONFLICT) is 412. */
int api_from_err(struct request *rq, struct response *rs, const struct err *e);
/* The request body as a JSON object (*out, the caller decrefs): 415 unless
 * application/json, 413 when too big, 400 when broken or not an object. */
int api_body(struct request *rq, struct response *rs, struct json_t **out);
/* A node as the API shows it: id, version, plan, parent, position, its
 * fields (export names), its children's ids; a measure's budget lines. */
struct json_t *api_node_json(struct request *rq, const struct node_values *v,
			     const char *plan_slug);
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
