/*
 * api_records.c: the JSON API of what a council keeps beside its plans
 * (docs/api.md), in the shapes of formats/records.h:
 *
 *   GET    /api/v1/KINDS              programmes, projects, meetings,
 *                                     indicators, groups (paged; ?council=ID)
 *   POST   /api/v1/KINDS              a whole object with what hangs below it
 *   GET    /api/v1/KINDS/ID           one, with ids and versions (ETag)
 *   PATCH  /api/v1/KINDS/ID           its fields (If-Match)
 *   DELETE /api/v1/KINDS/ID           with what hangs below it (If-Match)
 *   GET    /api/v1/KINDS/ID/CHILDREN  its grants, decisions, followups, ...
 *   POST   /api/v1/KINDS/ID/CHILDREN  adds one (If-Match: the parent's)
 *   GET|PATCH|DELETE /api/v1/CHILDREN/ID  one child
 *
 * Reading is public, as the pages; a write needs what record_access_of
 * names (the keeping council's editors), decided by perm_allows.
 */
#include "web/auth.h"
#include "web/pages.h"
#include "formats/records.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *plural;
	enum node_kind kind;
} collections[] = {
	{"groups", NODE_ORG},	       {"mandate", NODE_MANDATE},   {"people", NODE_PERSON},
	{"roles", NODE_ROLE},	       {"programmes", NODE_PROGRAMME}, {"phases", NODE_PHASE},
	{"participants", NODE_PROJECT}, {"projects", NODE_PROJECT},	  {"organisation", NODE_PROJECT_ROLE},
	{"points", NODE_POINT},	       {"grants", NODE_GRANT},	   {"meetings", NODE_MEETING},
	{"items", NODE_ITEM},	       {"decisions", NODE_DECISION}, {"followups", NODE_FOLLOWUP},
	{"indicators", NODE_INDICATOR}, {"projections", NODE_PROJECTION}, {"values", NODE_VALUE},
	{"project_reports", NODE_PROJECT_REPORT}, {"reports", NODE_PROJECT_REPORT},
};

/* The kind named by segment n (0-based) of the path under /api/v1/. */
static int segment_kind(const struct request *rq, int n, enum node_kind *k)
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

static const char *plural_of(enum node_kind k)
{
	for (size_t i = 0; i < sizeof collections / sizeof *collections; i++)
		if (collections[i].kind == k && strcmp(collections[i].plural, "participants") != 0)
			return collections[i].plural;
	return "";
}

/* The {id} of the route; 0 when it is not a positive number. */
static int64_t route_id(struct request *rq)
{
	const char *s = request_param(rq, "id");
	char *end = NULL;
	long long id = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && id > 0 ? id : 0;
}

/* The record (k, id) exists (404 otherwise) and, for a write, the actor
 * may change it (403). *version gets its version. */
static int record_target(struct request *rq, struct response *rs, enum node_kind k, int64_t id,
			 bool write, int64_t *version)
{
	struct record_access acc;
	struct err e = ERR_INIT;
	if (!id || (k == NODE_ORG ? 0 : !record_kind(k)))
		return page_error(rq, rs, 404, NULL), ERR;
	if (node_version(rq->db, k, id, version, &e) != OK ||
	    record_access_of(rq->db, k, id, &acc, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	if (write && auth_require(rq, rs, acc.edit, &acc.target) != OK)
		return ERR;
	return OK;
}

static int send_record(struct request *rq, struct response *rs, enum node_kind k, int64_t id,
		       int status)
{
	json_t *j;
	int64_t version;
	struct err e = ERR_INIT;
	int rc = (record_root_kind(k) || k == NODE_ORG)
			 ? records_json(rq->db, &rq->arena, k, id, true, &j, &e)
			 : records_child_json(rq->db, &rq->arena, k, id, true, &j, &e);
	if (rc != OK || node_version(rq->db, k, id, &version, &e) != OK)
		return page_error_from(rq, rs, &e);
	return api_send(rq, rs, j, status, version);
}

/* GET /api/v1/KINDS: the roots, newest first, paged; ?council=ID. */
int api_records_list(struct request *rq, struct response *rs)
{
	enum node_kind k;
	int limit, offset;
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (api_paging(rq, rs, &limit, &offset) != OK)
		return rs->status;
	const char *c = request_query(rq, "council");
	char *end = NULL;
	long long council = c && *c ? strtoll(c, &end, 10) : 0;
	if (end && (*end || council <= 0)) {
		err_set(&e, ERR_INPUT, "council", _("council is the number of a council."));
		return page_error_from(rq, rs, &e);
	}
	json_t *items = json_array();
	int64_t total = 0;
	if (k == NODE_ORG) {
		record_id_list ids;
		if (record_groups(rq->db, &rq->arena, &ids, &e) != OK) {
			json_decref(items);
			return page_error_from(rq, rs, &e);
		}
		total = (int64_t)ids.count;
		for (size_t i = (size_t)offset; i < ids.count && i < (size_t)(offset + limit); i++) {
			json_t *j;
			if (records_json(rq->db, &rq->arena, NODE_ORG, ids.items[i], true, &j, &e) == OK)
				json_array_append_new(items, j);
		}
		return api_send(rq, rs, api_page_json(items, total, limit, offset), 200, 0);
	}
	record_summary_list l;
	if (record_count(rq->db, k, council, &total, &e) != OK ||
	    record_list(rq->db, &rq->arena, k, council, limit, offset, &l, &e) != OK) {
		json_decref(items);
		return page_error_from(rq, rs, &e);
	}
	for (size_t i = 0; i < l.count; i++) {
		json_t *j = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)l.items[i].id, "title",
				      l.items[i].title, "href",
				      arena_printf(&rq->arena, "/api/v1/%s/%lld", plural_of(k),
						   (long long)l.items[i].id));
		json_object_set_new(j, "council", l.items[i].council ? json_string(l.items[i].council)
								     : json_null());
		json_array_append_new(items, j);
	}
	return api_send(rq, rs, api_page_json(items, total, limit, offset), 200, 0);
}

/* GET /api/v1/KINDS/ID and /api/v1/CHILDREN/ID */
int api_record_get(struct request *rq, struct response *rs)
{
	enum node_kind k;
	int64_t version, id = route_id(rq);
	if (segment_kind(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (record_target(rq, rs, k, id, false, &version) != OK)
		return rs->status;
	return send_record(rq, rs, k, id, 200);
}

/* POST /api/v1/KINDS: the whole object (its "type" is the collection's);
 * the council it names must be one the actor edits for (admins: any, or
 * none). 201 with Location. */
int api_record_create(struct request *rq, struct response *rs)
{
	enum node_kind k;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (api_body(rq, rs, &j) != OK)
		return rs->status;
	json_object_set_new(j, "type", json_string(k == NODE_ORG ? "group" : node_info(k)->code));
	int64_t council = 0, id = 0;
	int found = records_council_named(rq->db, j, &council, &e);
	const char *named = json_string_value(json_object_get(j, "council"));
	struct perm_target pt = {.owner_id = council, .org_id = council, .published = true};
	if (found == ERR) {
		json_decref(j);
		return page_error_from(rq, rs, &e);
	}
	if (named && !found) {
		err_set(&e, ERR_INPUT, "council", _("There is no council called \"%s\"."), named);
		json_decref(j); /* named was in it */
		return page_error_from(rq, rs, &e);
	}
	if (auth_require(rq, rs, k == NODE_ORG ? ACT_EDIT_ORG : ACT_EDIT_PLAN, &pt) != OK) {
		json_decref(j);
		return rs->status;
	}
	int rc = records_load(rq->db, j, rq->actor.login, NULL, &id, &e);
	json_decref(j);
	if (rc != OK)
		return api_from_err(rq, rs, &e);
	response_header(rs, "Location",
			arena_printf(&rq->arena, "/api/v1/%s/%lld", plural_of(k), (long long)id));
	return send_record(rq, rs, k, id, 201);
}

/* PATCH /api/v1/KINDS/ID and /api/v1/CHILDREN/ID (If-Match). */
int api_record_patch(struct request *rq, struct response *rs)
{
	enum node_kind k;
	int64_t version, want, id = route_id(rq);
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK)
		return page_error(rq, rs, 404, NULL);
	if (record_target(rq, rs, k, id, true, &version) != OK ||
	    api_version_required(rq, rs, &want) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	int rc = records_update(rq->db, k, id, want, j, rq->actor.login, &e);
	json_decref(j);
	if (rc != OK)
		return api_from_err(rq, rs, &e);
	return send_record(rq, rs, k, id, 200);
}

/* DELETE /api/v1/KINDS/ID and /api/v1/CHILDREN/ID (If-Match); not a
 * group, which is an organisation (merged, never deleted here). 204. */
int api_record_delete(struct request *rq, struct response *rs)
{
	enum node_kind k;
	int64_t version, want, id = route_id(rq);
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK || k == NODE_ORG)
		return page_error(rq, rs, 404, NULL);
	if (record_target(rq, rs, k, id, true, &version) != OK ||
	    api_version_required(rq, rs, &want) != OK)
		return rs->status;
	if (node_delete(rq->db, k, id, want, rq->actor.login, &e) != OK)
		return api_from_err(rq, rs, &e);
	rs->status = 204;
	rs->cache = CACHE_NONE;
	return 204;
}

/* GET /api/v1/KINDS/ID/CHILDREN: the children, in order. */
int api_record_children(struct request *rq, struct response *rs)
{
	enum node_kind k, child;
	int64_t version, id = route_id(rq);
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK || segment_kind(rq, 2, &child) != OK)
		return page_error(rq, rs, 404, NULL);
	if (record_target(rq, rs, k, id, false, &version) != OK)
		return rs->status;
	int64_t *ids = NULL;
	size_t n = 0;
	record_id_list projects;
	int rc;
	if (k == NODE_PROGRAMME && child == NODE_PROJECT) {
		rc = record_programme_projects(rq->db, &rq->arena, id, &projects, &e);
		ids = projects.items;
		n = projects.count;
	} else if (node_info(child)->parent_column && node_info(child)->parent == k) {
		rc = node_children(rq->db, &rq->arena, child, id, &ids, &n, &e);
	} else {
		return page_error(rq, rs, 404, NULL);
	}
	json_t *items = json_array();
	for (size_t i = 0; rc == OK && i < n; i++) {
		json_t *j;
		if ((rc = records_child_json(rq->db, &rq->arena, child, ids[i], true, &j, &e)) == OK)
			json_array_append_new(items, j);
	}
	if (rc != OK) {
		json_decref(items);
		return page_error_from(rq, rs, &e);
	}
	return api_send(rq, rs, json_pack("{s:o}", "items", items), 200, version);
}

/* POST /api/v1/KINDS/ID/CHILDREN: adds one, with what hangs below it
 * (If-Match: the parent's version, as the plan's API). 201 with Location. */
int api_record_add(struct request *rq, struct response *rs)
{
	enum node_kind k, child;
	int64_t version, want, id = route_id(rq), made = 0;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (segment_kind(rq, 0, &k) != OK || segment_kind(rq, 2, &child) != OK)
		return page_error(rq, rs, 404, NULL);
	if (record_target(rq, rs, k, id, true, &version) != OK ||
	    api_version_required(rq, rs, &want) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	if (want != version) {
		json_decref(j);
		err_set(&e, ERR_CONFLICT, NULL,
			_("Someone else changed this while you were working on it (it is now at version %lld, you started from %lld). Nothing was saved."),
			(long long)version, (long long)want);
		return api_from_err(rq, rs, &e);
	}
	int rc = records_add(rq->db, k, id, child, j, rq->actor.login, &made, &e);
	json_decref(j);
	if (rc != OK)
		return api_from_err(rq, rs, &e);
	response_header(rs, "Location",
			arena_printf(&rq->arena, "/api/v1/%s/%lld", plural_of(child), (long long)made));
	return send_record(rq, rs, child, made, 201);
}
