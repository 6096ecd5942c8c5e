/*
 * api_v1_reports.c: the JSON API's follow-up and reference routes
 * (docs/api.md), beside the nodes of api_v1.c:
 *
 *   GET/POST /api/v1/measures/{id}/reports   status reports (POST: ACT_REPORT)
 *   GET      /api/v1/measures/{id}/history   the measure's changes (signed in)
 *   GET      /api/v1/measures                the measures one may see, filtered, paged
 *   GET      /api/v1/orgs, /api/v1/orgs/{id} organisations as one may see them
 *
 * Same conventions as api_v1.c: ETags, If-Match on writes, JSON by jansson,
 * errors through page_error.
 */
#include "web/auth.h"
#include "web/pages.h"
#include "model/audit.h"
#include "model/list.h"
#include "model/node.h"
#include "model/org.h"
#include "model/perm.h"
#include "model/report.h"
#include "model/round.h"
#include "base/clock.h"
#include "model/frozen.h"
#include "formats/frozen.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_MAX 500

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The route's {id}, or 0 when it is not a positive whole number. */
static int64_t route_id(const struct request *rq)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	return id && *id && !*end && n > 0 ? n : 0;
}

/* The measure of the route, with report_limit of its reports (0: all;
 * MEASURE_NO_REPORTS: none) after the newest report_offset, if the actor
 * may read its plan and do act on it (the same decision as the measure's
 * page); else rs is filled. */
static int measure_for_api(struct request *rq, struct response *rs, enum action act,
			   size_t report_limit, size_t report_offset, struct measure_view **out)
{
	int64_t id = route_id(rq);
	struct perm_target t = {0};
	struct err e = ERR_INIT;
	if (!id)
		return page_error(rq, rs, 404, NULL), ERR;
	if (measure_view_load(rq->db, &rq->arena, id, report_limit, report_offset, out, &e) != OK ||
	    perm_load_owner(rq->db, &rq->arena, (*out)->owner_id, &t, &e) != OK ||
	    perm_load_involved(rq->db, &rq->arena, id, &t, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	t.published = (*out)->published;
	if (auth_require(rq, rs, ACT_READ_PLAN, &t) != OK ||
	    (act != ACT_READ_PLAN && auth_require(rq, rs, act, &t) != OK))
		return ERR;
	return OK;
}

static json_t *report_json(const struct report *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->id,
			 "reported_on", r->reported_on, "state", report_state_code(r->state),
			 "progress", r->progress >= 0 ? json_integer(r->progress) : json_null(),
			 "text", r->text ? r->text : "", "spent",
			 r->has_spent ? json_integer(r->spent) : json_null(), "author",
			 str_or_null(r->author), "org",
			 r->org_id ? json_integer(r->org_id) : json_null());
}

/* GET /api/v1/measures/{id}/reports?page=&per_page=: its status reports,
 * newest first, a page at a time as every list (ACT_READ_PLAN). */
int api_reports_get(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	int limit, offset;
	if (api_paging(rq, rs, &limit, &offset) != OK ||
	    measure_for_api(rq, rs, ACT_READ_PLAN, (size_t)limit, (size_t)offset, &v) != OK)
		return rs->status;
	json_t *items = json_array();
	for (size_t i = 0; i < v->reports.count; i++)
		json_array_append_new(items, report_json(&v->reports.items[i]));
	json_t *page = api_page_json(items, v->reports_total, limit, offset);
	json_object_set_new(page, "measure", json_integer(v->m.id));
	return api_send(rq, rs, page, 200, 0);
}

/* POST /api/v1/measures/{id}/reports: a new status report {reported_on,
 * state, progress, text, spent} (ACT_REPORT, CSRF, If-Match with the
 * measure's version). 201 with the report. */
int api_reports_post(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	int64_t version, current;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (measure_for_api(rq, rs, ACT_REPORT, MEASURE_NO_REPORTS, 0, &v) != OK ||
	    api_version_required(rq, rs, &version) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	struct report r = {0};
	r.progress = -1;
	r.text = "";
	int rc = OK;
	const char *key;
	json_t *val;
	json_object_foreach(j, key, val) {
		bool null = json_is_null(val);
		if (strcmp(key, "reported_on") == 0 && json_is_string(val)) {
			r.reported_on = arena_strdup(&rq->arena, json_string_value(val));
		} else if (strcmp(key, "state") == 0 && json_is_string(val)) {
			if (report_state_parse(json_string_value(val), &r.state) != OK)
				rc = err_set(&e, ERR_INPUT, "state", _("Choose the state of the measure."));
		} else if (strcmp(key, "progress") == 0 && (null || json_is_integer(val))) {
			json_int_t p = null ? -1 : json_integer_value(val);
			if (!null && (p < 0 || p > 100))
				rc = err_set(&e, ERR_INPUT, "progress",
					     _("Progress is a percentage from 0 to 100."));
			r.progress = (int)p;
		} else if (strcmp(key, "text") == 0 && (null || json_is_string(val))) {
			r.text = null ? "" : arena_strdup(&rq->arena, json_string_value(val));
			if (!null && strlen(r.text) != json_string_length(val))
				rc = err_set(&e, ERR_INPUT, "text",
					     _("The text may not contain NUL characters."));
		} else if (strcmp(key, "spent") == 0 && (null || json_is_integer(val))) {
			r.has_spent = !null;
			r.spent = null ? 0 : json_integer_value(val);
		} else if (strcmp(key, "reported_on") == 0 || strcmp(key, "state") == 0 ||
			   strcmp(key, "progress") == 0 || strcmp(key, "spent") == 0 ||
			   strcmp(key, "text") == 0) {
			rc = err_set(&e, ERR_INPUT, key,
				     strcmp(key, "progress") == 0 || strcmp(key, "spent") == 0
					     ? _("Write a whole number.")
					     : _("Write it as a JSON string."));
		} else {
			rc = err_set(&e, ERR_INPUT, key,
				     _("\"%s\" is not a field that can be changed here."), key);
		}
		if (rc != OK)
			break;
	}
	if (rc == OK && !json_object_get(j, "state"))
		rc = err_set(&e, ERR_INPUT, "state", _("Choose the state of the measure."));
	json_decref(j);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	/* The measure as the reporter saw it. */
	if (node_version(rq->db, NODE_MEASURE, v->m.id, &current, &e) != OK)
		return page_error_from(rq, rs, &e);
	if (current != version) {
		err_set(&e, ERR_CONFLICT, NULL,
			_("Someone else changed this while you were working on it (it is now at version %lld, you started from %lld). Nothing was saved."),
			(long long)current, (long long)version);
		return api_from_err(rq, rs, &e);
	}
	if (report_add(rq->db, v->m.id, rq->actor.user_id, &r, rq->actor.login, &e) != OK)
		return page_error_from(rq, rs, &e);
	r.author = rq->actor.name;
	response_header(rs, "Location",
			arena_printf(&rq->arena, "/api/v1/measures/%lld/reports", (long long)v->m.id));
	return api_send(rq, rs, report_json(&r), 201, 0);
}

/* GET /api/v1/measures/{id}/history: the measure's changes, newest first,
 * each field with its old and new value (signed in, ACT_READ_PLAN: the
 * history names people, as the history page). */
int api_history_get(struct request *rq, struct response *rs)
{
	struct measure_view *v;
	audit_list rows = {0};
	struct err e = ERR_INIT;
	if (!rq->actor.user_id) {
		auth_log_denied(rq, "signed_in");
		page_error(rq, rs, 401, _("The history is for those signed in: send a token."));
		response_header(rs, "WWW-Authenticate", "Bearer");
		return 401;
	}
	if (measure_for_api(rq, rs, ACT_READ_PLAN, MEASURE_NO_REPORTS, 0, &v) != OK)
		return rs->status;
	if (audit_for_node(rq->db, &rq->arena, "measure", v->m.id, HISTORY_MAX, &rows, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < rows.count; i++) {
		const struct audit_row *a = &rows.items[i];
		json_array_append_new(items,
			json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)a->id,
				  "at", a->at, "actor", a->actor ? a->actor : "", "action", a->action,
				  "field", str_or_null(a->field), "old_value", str_or_null(a->old_value),
				  "new_value", str_or_null(a->new_value)));
	}
	return api_send(rq, rs, json_pack("{s:I, s:o}", "measure", (json_int_t)v->m.id, "items", items),
			200, 0);
}

/* --- lists --- */

/* A measure's period as the export has it. */
static json_t *period_json(const struct measure *m)
{
	return json_pack("{s:s, s:o, s:o}", "text", m->period_text ? m->period_text : "", "start",
			 m->period.start[0] ? json_string(m->period.start) : json_null(), "end",
			 m->period.end[0] ? json_string(m->period.end) : json_null());
}

/* GET /api/v1/measures?plan=&org=&state=&page=&per_page=: the measures the
 * actor may see (model/list.h), in plan order, with their current state. */
int api_measures_list(struct request *rq, struct response *rs)
{
	struct list_filter f = {0};
	struct measure_page pg;
	struct err e = ERR_INIT;
	if (api_paging(rq, rs, &f.limit, &f.offset) != OK)
		return rs->status;
	const char *plan = request_query(rq, "plan"), *org = request_query(rq, "org");
	if (plan && *plan) {
		int64_t version;
		int found = plan_slug_valid(plan)
				    ? plan_data_version(rq->db, plan, &f.plan_id, &version, &e)
				    : 0;
		if (found == ERR)
			return page_error_from(rq, rs, &e);
		if (!found)
			f.plan_id = -1; /* no such plan: an empty list, as for a hidden one */
	}
	if (org && *org) {
		char *end;
		f.org_id = strtoll(org, &end, 10);
		if (*end || f.org_id <= 0) {
			err_set(&e, ERR_INPUT, "org", _("Write a whole number."));
			return page_error_from(rq, rs, &e);
		}
	}
	f.state = request_query(rq, "state");
	if (list_measures(rq->db, &rq->arena, &rq->actor, &f, &pg, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.rows.count; i++) {
		const struct list_row *r = &pg.rows.items[i];
		int64_t version = 0;
		node_version(rq->db, NODE_MEASURE, r->m.id, &version, &e);
		json_array_append_new(items,
			json_pack("{s:I, s:I, s:s, s:s, s:{s:I, s:o, s:s}, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
				  "id", (json_int_t)r->m.id, "version", (json_int_t)version,
				  "text", r->m.text, "plan", r->plan_slug, "area", "id",
				  (json_int_t)r->area_id, "number", str_or_null(r->area_number),
				  "title", r->area_title ? r->area_title : "", "period",
				  period_json(&r->m), "state",
				  str_or_null(r->state), "progress",
				  r->progress >= 0 ? json_integer(r->progress) : json_null(),
				  "reported_on", str_or_null(r->reported_on), "spent",
				  r->has_spent ? json_integer(r->spent) : json_null(), "late", r->late,
				  "silent", r->silent));
	}
	return api_send(rq, rs, api_page_json(items, pg.total, pg.limit, pg.offset), 200, 0);
}

static json_t *org_json(const struct list_org *o)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)o->id, "name", o->name,
			      "kind", o->kind, "owner",
			      o->owner_id ? json_integer(o->owner_id) : json_null(), "owner_name",
			      str_or_null(o->owner));
	if (j && o->role)
		json_object_set_new(j, "role", json_string(o->role));
	return j;
}

/* GET /api/v1/orgs: the organisations the actor may see, by name, paged
 * (org_search: visibility decided in SQL, as on /org/{id}); ?q= searches
 * names and aliases. */
int api_orgs_list(struct request *rq, struct response *rs)
{
	int limit, offset;
	struct org_page pg;
	struct err e = ERR_INIT;
	if (api_paging(rq, rs, &limit, &offset) != OK)
		return rs->status;
	if (org_search(rq->db, &rq->arena, rq->actor.user_id, request_query(rq, "q"), limit, offset,
		       &pg, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.orgs.count; i++) {
		const struct org *o = &pg.orgs.items[i];
		struct list_org lo = {o->id, o->name, o->kind, o->owner_id, o->owner, NULL};
		json_array_append_new(items, org_json(&lo));
	}
	return api_send(rq, rs, api_page_json(items, pg.total, limit, offset), 200, 0);
}

/* GET /api/v1/orgs/{id}: one organisation with its members and the groups
 * it belongs to, as the actor may see them. */
int api_org_get(struct request *rq, struct response *rs)
{
	int64_t id = route_id(rq);
	struct org_detail *d;
	struct err e = ERR_INIT;
	if (!id)
		return page_error(rq, rs, 404, NULL);
	if (list_org_detail(rq->db, &rq->arena, &rq->actor, id, &d, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *o = org_json(&d->org);
	json_t *members = json_array(), *groups = json_array();
	for (size_t i = 0; i < d->members.count; i++)
		json_array_append_new(members, org_json(&d->members.items[i]));
	for (size_t i = 0; i < d->groups.count; i++)
		json_array_append_new(groups, org_json(&d->groups.items[i]));
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "groups", groups);
	return api_send(rq, rs, o, 200, 0);
}

/* --- reporting rounds --- */

static json_t *round_json(struct request *rq, const struct round *r)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:s}", "id", (json_int_t)r->id,
			      "version", (json_int_t)r->version, "name", r->name, "deadline",
			      r->deadline, "opened_on", r->opened_on, "closed_at",
			      r->closed_at ? json_string(r->closed_at) : json_null(), "measures",
			      (json_int_t)r->measures, "reported", (json_int_t)r->reported, "href",
			      arena_printf(&rq->arena, "/round/%lld", (long long)r->id));
	return o;
}

/* GET /api/v1/plans/{slug}/rounds: the plan's rounds, the newest first. */
int api_rounds_get(struct request *rq, struct response *rs)
{
	struct plan *p;
	round_list rounds;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (round_list_for_plan(rq->db, &rq->arena, p->id, &rounds, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < rounds.count; i++)
		json_array_append_new(items, round_json(rq, &rounds.items[i]));
	return api_send(rq, rs, json_pack("{s:o}", "items", items), 200, 0);
}

/* POST /api/v1/plans/{slug}/rounds {name, deadline}: opens one
 * (ACT_EDIT_PLAN; no If-Match: a round is new). 201 with Location. */
int api_rounds_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	int64_t id;
	struct round r;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	const char *name = json_string_value(json_object_get(j, "name"));
	const char *deadline = json_string_value(json_object_get(j, "deadline"));
	int rc = round_open(rq->db, p->id, name ? name : "", deadline ? deadline : "", rq->actor.login,
			    &id, &e);
	json_decref(j);
	/* Not api_from_err: no version was named, so an open round already
	 * there is a conflict (409), not a failed precondition. */
	if (rc != OK || round_load(rq->db, &rq->arena, id, &r, &e) != OK)
		return page_error_from(rq, rs, &e);
	response_header(rs, "Location", arena_printf(&rq->arena, "/round/%lld", (long long)id));
	return api_send(rq, rs, round_json(rq, &r), 201, r.version);
}

/* --- frozen status reports --- */

static json_t *frozen_json(struct request *rq, const struct plan *p, const struct frozen *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", f->key, "title", f->title, "as_of",
			 f->as_of, "frozen_at", f->frozen_at, "sha256", f->sha256, "href",
			 arena_printf(&rq->arena, "/plan/%s/reports/%s", p->slug, f->key));
}

/* GET /api/v1/plans/{slug}/reports: the plan's frozen reports. */
int api_frozen_get(struct request *rq, struct response *rs)
{
	struct plan *p;
	frozen_list l;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (frozen_list_for_plan(rq->db, &rq->arena, p->id, &l, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < l.count; i++)
		json_array_append_new(items, frozen_json(rq, p, &l.items[i]));
	return api_send(rq, rs, json_pack("{s:o}", "items", items), 200, 0);
}

/* POST /api/v1/plans/{slug}/reports {key, title, as_of}: freezes the plan's
 * status (ACT_EDIT_PLAN). 201 with Location: the report's address. */
int api_frozen_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	char sha[65];
	struct frozen f;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	const char *key = arena_strdup(&rq->arena, json_string_value(json_object_get(j, "key")) ?: "");
	const char *title = json_string_value(json_object_get(j, "title"));
	const char *as_of = json_string_value(json_object_get(j, "as_of"));
	char today[11];
	clock_today(today);
	int rc = frozen_freeze(rq->db, &rq->arena, p->slug, key, title, as_of ? as_of : today,
			       rq->actor.login, sha, &e);
	json_decref(j);
	if (rc != OK || frozen_load(rq->db, &rq->arena, p->id, key, &f, &e) != OK)
		return page_error_from(rq, rs, &e);
	response_header(rs, "Location", arena_printf(&rq->arena, "/plan/%s/reports/%s", p->slug, key));
	return api_send(rq, rs, frozen_json(rq, p, &f), 201, 0);
}
