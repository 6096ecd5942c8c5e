/*
 * api_v1.c: the JSON API under /api/v1/, thin over the model (docs/api.md).
 * Every node of a plan is read, changed, moved, deleted and created through
 * model/node.h, the one versioned writer; who may do what is asked of
 * perm_allows through node_for_request and auth_require, as the pages ask.
 *
 *   GET/PATCH/DELETE /api/v1/plans/{slug}, /api/v1/KINDS/{id}
 *   POST /api/v1/plans, /api/v1/plans/{slug}/areas, /api/v1/KINDS/{id}/CHILDREN
 *   GET  /api/v1/plans (paged)
 *
 * A read carries an ETag "vV-H": V is the node's version, H a hash of the
 * body (a measure's state and a node's children change without its version).
 * A write needs If-Match naming the version it started from ("vV", or the
 * whole ETag): 428 without, 412 when the node has moved on (nothing is
 * changed). Bodies are JSON objects, parsed and written by jansson only.
 * Errors are problem documents (page_error, page_error_from).
 * api_v1_reports.c holds reports, history, organisations and the measure list.
 */
#include "web/auth.h"
#include "web/pages.h"
#include "web/server.h"
#include "formats/export.h"
#include "model/list.h"
#include "model/node.h"
#include "model/perm.h"
#include "model/plan.h"
#include "model/plan_new.h"
#include "model/report.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/period.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The largest JSON body the API reads (the server's --body-limit is the
 * outer bound). */
#define API_BODY_MAX (256u * 1024u)

/* --- the collections: a kind's plural in the address --- */

static const struct {
	const char *plural;
	enum node_kind kind;
} collections[] = {
	{"plans", NODE_PLAN},	    {"areas", NODE_AREA},	 {"goals", NODE_GOAL},
	{"focuses", NODE_FOCUS},    {"strategies", NODE_STRATEGY}, {"measures", NODE_MEASURE},
	{"budget", NODE_BUDGET},    {"sections", NODE_SECTION},	 {"entries", NODE_ENTRY},
};

const char *api_plural(enum node_kind k)
{
	for (size_t i = 0; i < sizeof collections / sizeof *collections; i++)
		if (collections[i].kind == k)
			return collections[i].plural;
	return "";
}

/* The kind named by segment n (0-based) of the path under /api/v1/. */
static int kind_in_path(const struct request *rq, int n, enum node_kind *k)
{
	const char *p = rq->path + strlen("/api/v1/");
	for (int i = 0; i < n && p; i++) {
		p = strchr(p, '/');
		p = p ? p + 1 : NULL;
	}
	if (!p)
		return ERR;
	size_t len = strcspn(p, "/");
	for (size_t i = 0; i < sizeof collections / sizeof *collections; i++)
		if (strlen(collections[i].plural) == len && strncmp(p, collections[i].plural, len) == 0) {
			*k = collections[i].kind;
			return OK;
		}
	return ERR;
}

/* The API name of a field where it differs from the model's (as the JSON
 * export has it). */
static const char *api_name(enum node_kind k, const char *field)
{
	if (k == NODE_MEASURE && strcmp(field, "responsibility") == 0)
		return "responsibility_text";
	return field;
}

static const char *model_name(enum node_kind k, const char *name)
{
	if (k == NODE_MEASURE && strcmp(name, "responsibility_text") == 0)
		return "responsibility";
	return name;
}

/* Fields shown although a client cannot set them. */
static bool shown_internal(enum node_kind k, const char *field)
{
	static const char *const plan[] = {"slug", "published", "created_at", "updated_at", NULL};
	static const char *const measure[] = {"continued_from", "state", "progress", "reported_on",
					      NULL};
	const char *const *list = k == NODE_PLAN ? plan : k == NODE_MEASURE ? measure : NULL;
	for (; list && *list; list++)
		if (strcmp(*list, field) == 0)
			return true;
	return false;
}

/* Fields the API does not change although the model could: a plan's
 * council and parent plan (as on the edit form). */
static bool read_only(enum node_kind k, const char *field)
{
	return k == NODE_PLAN && (strcmp(field, "owner") == 0 || strcmp(field, "parent") == 0);
}

/* --- answering --- */

int api_send(struct request *rq, struct response *rs, json_t *body, int status,
	     int64_t version)
{
	char *text = body ? json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(body);
	if (!text)
		return page_error(rq, rs, 500, NULL);
	size_t len = strlen(text);
	response_body(rs, "application/json", text, len);
	free(text);
	buf_addc(&rs->body, '\n');
	rs->status = status;
	bool read = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	rs->cache = !read ? CACHE_NONE : rq->actor.user_id ? CACHE_PRIVATE : CACHE_REVALIDATE;
	if (version > 0) {
		/* The server answers If-None-Match with it on a read; a write
		 * gives it back so the next write can name it. */
		rs->etag = arena_printf(&rq->arena, "\"v%lld-%08llx\"", (long long)version,
					(unsigned long long)(hash_bytes(rs->body.data, rs->body.len) &
							     0xffffffffu));
		if (!read)
			response_header(rs, "ETag", rs->etag);
	}
	return status;
}

int api_paging(struct request *rq, struct response *rs, int *limit, int *offset)
{
	const char *page = request_query(rq, "page"), *per = request_query(rq, "per_page");
	char *end = NULL;
	long p = 1, n = 50;
	if (page && *page && ((p = strtol(page, &end, 10)), *end || p < 1 || p > 1000000)) {
		struct err e = ERR_INIT;
		err_set(&e, ERR_INPUT, "page", _("The page is a whole number from 1."));
		return page_error_from(rq, rs, &e), ERR;
	}
	if (per && *per && ((n = strtol(per, &end, 10)), *end || n < 1 || n > 200)) {
		struct err e = ERR_INIT;
		err_set(&e, ERR_INPUT, "per_page", _("per_page is a whole number from 1 to 200."));
		return page_error_from(rq, rs, &e), ERR;
	}
	*limit = (int)n;
	*offset = (int)((p - 1) * n);
	return OK;
}

json_t *api_page_json(json_t *items, int64_t total, int limit, int offset)
{
	return json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
			 "page", offset / limit + 1, "per_page", limit);
}

int api_version_required(struct request *rq, struct response *rs, int64_t *version)
{
	const char *h = request_header(rq, "If-Match");
	if (!h || !*h || strcmp(h, "*") == 0)
		return page_error(rq, rs, 428,
				  _("Send If-Match with the version you started from (the ETag of your last read, e.g. \"v3\"). Nothing was saved.")),
		       ERR;
	/* "vV", "vV-H" (our ETag), or V alone; quotes optional. */
	const char *p = h;
	if (*p == '"')
		p++;
	if (*p == 'v')
		p++;
	char *end = NULL;
	long long v = strtoll(p, &end, 10);
	if (end == p || v <= 0 || (*end && *end != '-' && *end != '"')) {
		return page_error(rq, rs, 412,
				  _("If-Match does not name a version of this. Read it again and send its ETag. Nothing was saved.")),
		       ERR;
	}
	*version = v;
	return OK;
}

int api_from_err(struct request *rq, struct response *rs, const struct err *e)
{
	/* A stale version is a failed precondition in HTTP terms. */
	if (e->kind == ERR_CONFLICT)
		return page_error(rq, rs, 412, e->msg);
	return page_error_from(rq, rs, e);
}

int api_body(struct request *rq, struct response *rs, json_t **out)
{
	*out = NULL;
	const char *type = request_header(rq, "Content-Type");
	if (!type || strncasecmp(type, "application/json", 16) != 0 ||
	    (type[16] && type[16] != ';' && type[16] != ' '))
		return page_error(rq, rs, 415, _("Send the body as JSON (Content-Type: application/json).")),
		       ERR;
	if (rq->body.len > API_BODY_MAX)
		return page_error(rq, rs, 413, NULL), ERR;
	json_error_t je;
	json_t *j = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len,
			       JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return page_error(rq, rs, 400,
				  arena_printf(&rq->arena, _("The body is not valid JSON (line %d: %s)."),
					       je.line, je.text)),
		       ERR;
	if (!json_is_object(j)) {
		json_decref(j);
		return page_error(rq, rs, 400, _("The body must be a JSON object.")), ERR;
	}
	*out = j;
	return OK;
}

/* --- a node as JSON --- */

static json_t *int_or_null(const char *v)
{
	return v && *v ? json_integer(strtoll(v, NULL, 10)) : json_null();
}

static json_t *text_or_null(const char *v)
{
	return v ? json_string(v) : json_null();
}

/* One field's value as the API shows it. */
static json_t *field_json(enum node_kind k, const struct node_field *f, const char *v)
{
	if (k == NODE_PLAN && strcmp(f->name, "published") == 0)
		return json_boolean(v && strcmp(v, "0") != 0);
	if (f->type == FIELD_INT)
		return int_or_null(v);
	return text_or_null(v);
}

/* The ids of node's children of kind child. */
static json_t *children_json(struct request *rq, enum node_kind child, int64_t parent)
{
	int64_t *ids = NULL;
	size_t n = 0;
	struct err e = ERR_INIT;
	json_t *arr = json_array();
	if (node_children(rq->db, &rq->arena, child, parent, &ids, &n, &e) == OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_integer(ids[i]));
	return arr;
}

/* A stored period kind as the API names it: NULL is "range". */
static const char *period_code(const char *stored)
{
	return stored && *stored ? stored : period_kind_code(PERIOD_RANGE);
}

/* A measure's budget lines as in the export, with their ids and versions. */
static json_t *budget_json(struct request *rq, int64_t measure, json_int_t *total)
{
	int64_t *ids = NULL;
	size_t n = 0;
	struct err e = ERR_INIT;
	json_t *arr = json_array();
	*total = 0;
	if (node_children(rq->db, &rq->arena, NODE_BUDGET, measure, &ids, &n, &e) != OK)
		return arr;
	for (size_t i = 0; i < n; i++) {
		struct node_values b;
		if (node_load(rq->db, &rq->arena, NODE_BUDGET, ids[i], &b, &e) != OK)
			continue;
		const char *amount = node_value(&b, "amount");
		if (amount && *amount)
			*total += strtoll(amount, NULL, 10);
		const char *per_year = node_value(&b, "per_year");
		json_array_append_new(arr, json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:b}", "id",
						     (json_int_t)b.id, "version",
						     (json_int_t)b.version, "year",
						     int_or_null(node_value(&b, "year")), "amount",
						     int_or_null(amount), "text",
						     text_or_null(node_value(&b, "text")), "qualifier",
						     text_or_null(node_value(&b, "qualifier")), "per_year",
						     per_year && strcmp(per_year, "1") == 0));
	}
	return arr;
}

json_t *api_node_json(struct request *rq, const struct node_values *v, const char *plan_slug)
{
	enum node_kind k = v->kind;
	const struct node_kind_info *info = node_info(k);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "version", json_integer(v->version));
	if (k != NODE_PLAN) {
		json_object_set_new(o, "plan", json_string(plan_slug));
		json_object_set_new(o, "parent", json_integer(v->parent));
		json_object_set_new(o, "position", json_integer(v->position));
	}
	for (size_t i = 0; i < info->nfields; i++) {
		const struct node_field *f = &info->fields[i];
		if ((f->flags & F_INTERNAL) && !shown_internal(k, f->name))
			continue;
		if (k == NODE_MEASURE && strcmp(f->name, "period") == 0) {
			json_object_set_new(o, "period",
					    json_pack("{s:s, s:o, s:o, s:s}", "text", v->values[i] ? v->values[i] : "",
						      "start", text_or_null(node_value(v, "period_start")),
						      "end", text_or_null(node_value(v, "period_end")),
						      "kind", period_code(node_value(v, "period_kind"))));
			continue;
		}
		json_object_set_new(o, api_name(k, f->name), field_json(k, f, v->values[i]));
	}
	/* What hangs below it, to walk the plan by. */
	for (int c = 0; c < NODE_KIND_COUNT; c++) {
		const struct node_kind_info *ci = node_info((enum node_kind)c);
		if (!ci->parent_column || ci->parent != k || c == NODE_REPORT || c == NODE_BUDGET ||
		    !*api_plural((enum node_kind)c))
			continue; /* a plan's rounds have a route of their own */
		json_object_set_new(o, api_plural((enum node_kind)c),
				    children_json(rq, (enum node_kind)c, v->id));
	}
	if (k == NODE_MEASURE) {
		json_int_t total;
		json_object_set_new(o, "budget", budget_json(rq, v->id, &total));
		json_object_set_new(o, "budget_total", json_integer(total));
	}
	return o;
}

/* --- finding the node --- */

/* The node the route names ({slug} of a plan, or the kind in the path and
 * {id}) if the actor may read its plan and do act; else rs is filled
 * (404, 403) and ERR returned. The same decision as the pages'. */
static int api_target(struct request *rq, struct response *rs, enum node_kind k,
		      enum action act, struct target *t)
{
	/* node_for_request reads the kind from the route's {kind}. */
	if (k != NODE_PLAN && !request_param(rq, "kind") && rq->nparams < MAX_PARAMS) {
		rq->param_name[rq->nparams] = "kind";
		rq->param_value[rq->nparams] = node_info(k)->code;
		rq->nparams++;
	}
	return node_for_request(rq, rs, act, t);
}

static int reload_and_send(struct request *rq, struct response *rs, enum node_kind k,
			   int64_t id, const char *slug, int status)
{
	struct node_values v;
	struct err e = ERR_INIT;
	if (node_load(rq->db, &rq->arena, k, id, &v, &e) != OK)
		return page_error_from(rq, rs, &e);
	return api_send(rq, rs, api_node_json(rq, &v, slug), status, v.version);
}

/* --- reading --- */

/* GET /api/v1/plans/{slug}, /api/v1/KINDS/{id}: the node, its fields,
 * version and children's ids (ACT_READ_PLAN). */
int api_node_get(struct request *rq, struct response *rs)
{
	enum node_kind k;
	struct target t;
	if (kind_in_path(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (api_target(rq, rs, k, ACT_READ_PLAN, &t) != OK)
		return rs->status;
	return api_send(rq, rs, api_node_json(rq, &t.v, t.plan->slug), 200, t.v.version);
}

/* GET /api/v1/plans: the plans the actor may see, paged. */
/* Where the plan called slug is read: its page and every distribution
 * (formats/export.h), absolute with serve --public-url, else from the
 * server's root ("/plan/SLUG.json"). */
static json_t *plan_links(struct request *rq, const char *slug)
{
	const char *base = rq->config && rq->config->public_url ? rq->config->public_url : "";
	json_t *o = json_object();
	json_object_set_new(o, "html", json_string(arena_printf(&rq->arena, "%s/plan/%s", base, slug)));
	const struct export_format *f;
	for (size_t i = 0; (f = export_each(i)); i++)
		json_object_set_new(o, f->name,
				    json_string(arena_printf(&rq->arena, "%s/plan/%s.%s", base, slug,
							     f->extension)));
	return o;
}

int api_plans_list(struct request *rq, struct response *rs)
{
	int limit, offset;
	struct plan_page pg;
	struct err e = ERR_INIT;
	if (api_paging(rq, rs, &limit, &offset) != OK)
		return rs->status;
	if (list_plans(rq->db, &rq->arena, &rq->actor, limit, offset, &pg, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.plans.count; i++) {
		const struct plan_summary *p = &pg.plans.items[i];
		json_array_append_new(items,
			json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:b, s:I, s:o}", "id",
				  (json_int_t)p->id, "slug", p->slug, "title", p->title, "kind",
				  p->kind, "year", p->year ? json_integer(p->year) : json_null(),
				  "status", plan_status_code(p->status), "published", p->published,
				  "owner", (json_int_t)p->owner_id, "owner_name",
				  text_or_null(p->owner)));
		json_object_set_new(json_array_get(items, json_array_size(items) - 1), "links",
				    plan_links(rq, p->slug));
	}
	return api_send(rq, rs, api_page_json(items, pg.total, limit, offset), 200, 0);
}

/* --- the patch of a body --- */

/* Reads the JSON object j into a patch of kind k's fields (values in the
 * request's arena). A null or "" clears a field. Keys in skip (NULL-ended)
 * are left for the caller. */
static int body_patch(struct request *rq, enum node_kind k, json_t *j,
		      const char *const *skip, struct patch *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	const char *key;
	json_t *val;
	json_object_foreach(j, key, val) {
		bool skipped = false;
		for (const char *const *s = skip; s && *s; s++)
			skipped |= strcmp(*s, key) == 0;
		if (skipped)
			continue;
		const char *name = model_name(k, key);
		const struct node_field *f = node_field(k, name);
		if (!f || (f->flags & F_INTERNAL) || read_only(k, name) ||
		    strcmp(api_name(k, name), key) != 0)
			return err_set(e, ERR_INPUT, key,
				       _("\"%s\" is not a field that can be changed here."), key);
		if (p->count == PATCH_MAX)
			return err_set(e, ERR_INPUT, key, _("Too many fields."));
		if (k == NODE_MEASURE && strcmp(name, "period") == 0 && json_is_object(val))
			val = json_object_get(val, "text"); /* the export's shape */
		const char *v;
		if (!val || json_is_null(val)) {
			v = "";
		} else if (json_is_string(val)) {
			v = arena_strdup(&rq->arena, json_string_value(val));
			if (strlen(v) != json_string_length(val))
				return err_set(e, ERR_INPUT, key, _("The text may not contain NUL characters."));
			if (f->type == FIELD_INT && *v)
				return err_set(e, ERR_INPUT, key, _("Write a whole number."));
		} else if (json_is_integer(val) && f->type == FIELD_INT) {
			v = arena_printf(&rq->arena, "%lld", (long long)json_integer_value(val));
		} else if (f->type == FIELD_INT) {
			return err_set(e, ERR_INPUT, key, _("Write a whole number."));
		} else {
			return err_set(e, ERR_INPUT, key, _("Write it as a JSON string."));
		}
		patch_set(p, f->name, v);
	}
	if (patch_check(k, p, false, e) != OK)
		return ERR;
	/* A person's period must be readable (the model keeps an importer's). */
	const char *period;
	bool has;
	if (k == NODE_MEASURE && (period = patch_get(p, "period", &has), has) && period && *period) {
		struct period per;
		if (period_parse(period, &per, e) != OK) {
			snprintf(e->field, sizeof e->field, "period");
			e->kind = ERR_INPUT;
			return ERR;
		}
	}
	return OK;
}

/* An optional whole number in j at key: *out (0 when absent); ERR when it
 * is there but not a positive whole number. */
static int body_int(json_t *j, const char *key, int64_t *out, bool *present, struct err *e)
{
	json_t *v = json_object_get(j, key);
	*out = 0;
	*present = v != NULL;
	if (!v)
		return OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return err_set(e, ERR_INPUT, key, _("Write a whole number."));
	*out = json_integer_value(v);
	return OK;
}

/* --- writing --- */

/* PATCH /api/v1/plans/{slug}, /api/v1/KINDS/{id}: changes the fields sent
 * (ACT_EDIT_PLAN, CSRF, If-Match), or moves the node when the body is
 * {"position": N} and/or {"parent": ID}. */
int api_node_patch(struct request *rq, struct response *rs)
{
	enum node_kind k;
	struct target t;
	int64_t version;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (kind_in_path(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (api_target(rq, rs, k, ACT_EDIT_PLAN, &t) != OK ||
	    api_version_required(rq, rs, &version) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	int64_t parent = 0, position = 0;
	bool has_parent = false, has_position = false;
	const char *const move_keys[] = {"position", "parent", NULL};
	struct patch p;
	int rc = OK;
	if (k != NODE_PLAN && (body_int(j, "position", &position, &has_position, &e) != OK ||
			       body_int(j, "parent", &parent, &has_parent, &e) != OK))
		rc = ERR;
	if (rc == OK)
		rc = body_patch(rq, k, j, k == NODE_PLAN ? NULL : move_keys, &p, &e);
	json_decref(j);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	if (has_position && position > 1000000) {
		err_set(&e, ERR_INPUT, "position", _("A position is a whole number from 1 to 1000000."));
		return api_from_err(rq, rs, &e);
	}
	bool move = has_parent || has_position;
	if (move && p.count)
		return page_error(rq, rs, 400,
				  _("Send a move (position, parent) on its own, without other fields."));
	if (!move && !p.count)
		return page_error(rq, rs, 400, _("Send at least one field to change."));
	if (move)
		rc = node_move(rq->db, k, t.v.id, version, parent, (int)position, rq->actor.login, &e);
	else
		rc = node_update(rq->db, k, t.v.id, version, &p, rq->actor.login, &e);
	if (rc != OK)
		return api_from_err(rq, rs, &e);
	return reload_and_send(rq, rs, k, t.v.id, t.plan->slug, 200);
}

/* DELETE /api/v1/plans/{slug}, /api/v1/KINDS/{id}: deletes the node and
 * what hangs below it (ACT_EDIT_PLAN, CSRF, If-Match); one with status
 * reports below it only with ?delete_reports=yes. 204. */
int api_node_delete(struct request *rq, struct response *rs)
{
	enum node_kind k;
	struct target t;
	int64_t version, reports = 0;
	struct err e = ERR_INIT;
	if (kind_in_path(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (api_target(rq, rs, k, ACT_EDIT_PLAN, &t) != OK ||
	    api_version_required(rq, rs, &version) != OK)
		return rs->status;
	if (k == NODE_PLAN) {
		if (report_count_for_plan(rq->db, t.v.id, &reports, &e) != OK)
			return page_error_from(rq, rs, &e);
	} else if (k == NODE_MEASURE) {
		int64_t *ids;
		size_t n = 0;
		if (node_children(rq->db, &rq->arena, NODE_REPORT, t.v.id, &ids, &n, &e) != OK)
			return page_error_from(rq, rs, &e);
		reports = (int64_t)n;
	}
	const char *confirm = request_query(rq, "delete_reports");
	if (reports > 0 && !(confirm && strcmp(confirm, "yes") == 0))
		return page_error(rq, rs, 409,
				  _("It has status reports. Add ?delete_reports=yes to delete them too. Nothing was deleted."));
	if (node_delete(rq->db, k, t.v.id, version, rq->actor.login, &e) != OK)
		return api_from_err(rq, rs, &e);
	rs->status = 204;
	rs->cache = CACHE_NONE;
	return 204;
}

/* The created node's address. */
static const char *node_url(struct request *rq, enum node_kind k, int64_t id, const char *slug)
{
	if (k == NODE_PLAN)
		return arena_printf(&rq->arena, "/api/v1/plans/%s", slug);
	return arena_printf(&rq->arena, "/api/v1/%s/%lld", api_plural(k), (long long)id);
}

/* POST /api/v1/plans/{slug}/CHILDREN, /api/v1/KINDS/{id}/CHILDREN: adds a
 * child with the fields sent, last or at "position" (ACT_EDIT_PLAN, CSRF,
 * If-Match with the parent's version). 201 with Location. */
int api_node_create(struct request *rq, struct response *rs)
{
	enum node_kind k, child;
	struct target t;
	int64_t version, position = 0, id = 0;
	bool has_position;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (kind_in_path(rq, 0, &k) != OK || kind_in_path(rq, 2, &child) != OK ||
	    !node_info(child)->parent_column || node_info(child)->parent != k)
		return page_error(rq, rs, 404, NULL);
	if (api_target(rq, rs, k, ACT_EDIT_PLAN, &t) != OK ||
	    api_version_required(rq, rs, &version) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	const char *const skip[] = {"position", NULL};
	struct patch p;
	int rc = body_int(j, "position", &position, &has_position, &e);
	if (rc == OK)
		rc = body_patch(rq, child, j, skip, &p, &e);
	json_decref(j);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	/* The parent as the client saw it: a stale view adds nothing. */
	if (version != t.v.version) {
		err_set(&e, ERR_CONFLICT, NULL,
			_("Someone else changed this while you were working on it (it is now at version %lld, you started from %lld). Nothing was saved."),
			(long long)t.v.version, (long long)version);
		return api_from_err(rq, rs, &e);
	}
	if (has_position && position > 1000000) {
		err_set(&e, ERR_INPUT, "position", _("A position is a whole number from 1 to 1000000."));
		return api_from_err(rq, rs, &e);
	}
	if (node_create(rq->db, child, t.v.id, (int)position, &p, rq->actor.login, &id, &e) != OK)
		return api_from_err(rq, rs, &e);
	response_header(rs, "Location", node_url(rq, child, id, t.plan->slug));
	return reload_and_send(rq, rs, child, id, t.plan->slug, 201);
}

/* POST /api/v1/plans: a new, empty draft plan {owner, kind, year, title}
 * for an editor of council owner (ACT_EDIT_PLAN, CSRF). 201 with Location.
 * No If-Match: there is no version yet. */
int api_plan_create(struct request *rq, struct response *rs)
{
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (api_body(rq, rs, &j) != OK)
		return rs->status;
	const char *key;
	json_t *val;
	json_object_foreach(j, key, val) {
		if (strcmp(key, "owner") != 0 && strcmp(key, "kind") != 0 && strcmp(key, "year") != 0 &&
		    strcmp(key, "title") != 0) {
			err_set(&e, ERR_INPUT, key, _("\"%s\" is not a field that can be changed here."),
				key);
			json_decref(j);
			return page_error_from(rq, rs, &e);
		}
	}
	json_t *owner = json_object_get(j, "owner"), *kind = json_object_get(j, "kind");
	json_t *year = json_object_get(j, "year"), *title = json_object_get(j, "title");
	int rc = OK;
	if (!json_is_integer(owner) || json_integer_value(owner) <= 0)
		rc = err_set(&e, ERR_INPUT, "owner", _("Choose the council that keeps the plan."));
	else if (year && !json_is_null(year) &&
		 (!json_is_integer(year) || json_integer_value(year) < 0 ||
		  json_integer_value(year) > PLAN_YEAR_MAX))
		rc = err_set(&e, ERR_INPUT, "year", _("Write a year from %d to %d."), PLAN_YEAR_MIN,
			     PLAN_YEAR_MAX);
	else if (kind && !json_is_string(kind))
		rc = err_set(&e, ERR_INPUT, "kind", _("Choose a regional plan or an action plan."));
	else if (title && !json_is_null(title) && !json_is_string(title))
		rc = err_set(&e, ERR_INPUT, "title", _("The plan needs a title."));
	if (rc != OK) {
		json_decref(j);
		return page_error_from(rq, rs, &e);
	}
	int64_t owner_id = json_integer_value(owner);
	const char *kind_s = kind ? arena_strdup(&rq->arena, json_string_value(kind)) : NULL;
	const char *title_s = json_is_string(title) ? arena_strdup(&rq->arena, json_string_value(title)) : NULL;
	int year_i = json_is_integer(year) ? (int)json_integer_value(year) : 0;
	json_decref(j);
	struct perm_target pt = {0};
	if (perm_load_owner(rq->db, &rq->arena, owner_id, &pt, &e) != OK)
		return page_error_from(rq, rs, &e);
	if (!perm_allows(&rq->actor, ACT_EDIT_PLAN, &pt)) {
		auth_log_denied(rq, perm_action_code(ACT_EDIT_PLAN));
		return page_error(rq, rs, 403, _("Only editors of that council may add its plans."));
	}
	char *slug = NULL;
	if (plan_create(rq->db, owner_id, kind_s, year_i, title_s, rq->actor.login, &slug, &e) != OK)
		return page_error_from(rq, rs, &e);
	const char *s = arena_strdup(&rq->arena, slug);
	free(slug);
	struct plan *plan;
	if (plan_load_head(rq->db, &rq->arena, s, &plan, &e) != OK)
		return page_error_from(rq, rs, &e);
	response_header(rs, "Location", node_url(rq, NODE_PLAN, plan->id, s));
	return reload_and_send(rq, rs, NODE_PLAN, plan->id, s, 201);
}
