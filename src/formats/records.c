/*
 * records.c: the JSON of groups, programmes, projects, meetings and
 * indicators, written from and read into the node fields (see records.h).
 *
 * The shape follows the kinds of model/node.c: a node's fields in the
 * table's order under their names, an organisation by its name, then its
 * children in arrays named below. What differs from the fields is said
 * where it is done: a project's population as {count, counted_on}, its
 * parties (operator, applicant, partners) beside its organisation, a
 * role's duties as a list, a follow-up's done as true or false, an
 * indicator's projections with their values inside them.
 */
#include "formats/records.h"
#include "formats/json.h"
#include "model/report.h"
#include "formats/plan_json_read.h"
#include "model/plan.h"
#include "model/org.h"
#include "model/record.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "db/db.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An array of children in its parent's JSON. A fixed field (a point's
 * list) is not written: the array says it. */
struct child_shape {
	enum node_kind parent, kind;
	const char *key;
	const char *fixed_field, *fixed_value;
};

static const struct child_shape shapes[] = {
	{NODE_ORG, NODE_MANDATE, "mandate", NULL, NULL},
	{NODE_ORG, NODE_PERSON, "people", NULL, NULL},
	{NODE_ORG, NODE_ROLE, "roles", NULL, NULL},
	{NODE_PROGRAMME, NODE_PHASE, "phases", NULL, NULL},
	{NODE_PROJECT, NODE_PROJECT_ROLE, "organisation", NULL, NULL},
	{NODE_PROJECT, NODE_POINT, "goals", "list", "goal"},
	{NODE_PROJECT, NODE_POINT, "themes", "list", "theme"},
	{NODE_PROJECT, NODE_POINT, "results", "list", "result"},
	{NODE_PROJECT, NODE_GRANT, "grants", NULL, NULL},
	{NODE_PROJECT, NODE_PROJECT_REPORT, "reports", NULL, NULL},
	{NODE_MEETING, NODE_ITEM, "items", NULL, NULL},
	{NODE_MEETING, NODE_DECISION, "decisions", NULL, NULL},
	{NODE_MEETING, NODE_FOLLOWUP, "followups", NULL, NULL},
	{NODE_INDICATOR, NODE_PROJECTION, "projections", NULL, NULL},
	/* An indicator's values: values_json, observed ones in the indicator,
	 * a projection's in it. */
};

/* A project's parties: written as "operator", "applicant", "partners"
 * rather than in its organisation. */
static bool party_role(const char *role)
{
	return role && (strcmp(role, "operator") == 0 || strcmp(role, "applicant") == 0 ||
			strcmp(role, "partner") == 0);
}

/* Keys a reader passes over: what the API adds and what is computed. */
static bool ignored_key(const char *key)
{
	static const char *const keys[] = {"id", "version", "type", "grant", "href", "deviation",
					   NULL};
	for (const char *const *k = keys; *k; k++)
		if (strcmp(*k, key) == 0)
			return true;
	return false;
}

/* --- writing --- */

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A decimal kept as text, as a JSON number. */
static json_t *decimal_json(const char *s)
{
	if (!s)
		return json_null();
	if (!strchr(s, '.'))
		return json_integer(strtoll(s, NULL, 10));
	return json_real(strtod(s, NULL));
}

/* The name of organisation id (NULL for none). */
static const char *org_name(struct db *db, struct arena *a, const char *id)
{
	const char *name = NULL;
	struct err e = ERR_INIT;
	if (id && node_get_field(db, a, NODE_ORG, strtoll(id, NULL, 10), "name", &name, &e) != OK)
		return NULL;
	return name;
}

/* Lines of text as an array (a role's duties). */
static json_t *lines_json(const char *s)
{
	json_t *arr = json_array();
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		if (n)
			json_array_append_new(arr, json_stringn(s, n));
		s += n + (s[n] == '\n');
	}
	return arr;
}

/* The fields of v into o. */
static void fields_json(struct db *db, struct arena *a, const struct node_values *v,
			const char *fixed, json_t *o)
{
	const struct node_kind_info *info = node_info(v->kind);
	for (size_t i = 0; i < info->nfields; i++) {
		const struct node_field *f = &info->fields[i];
		const char *val = v->values[i];
		if ((f->flags & F_INTERNAL) || (fixed && strcmp(fixed, f->name) == 0))
			continue;
		if (v->kind == NODE_PROJECT && strcmp(f->name, "programme") == 0)
			continue; /* written by the programme that holds it */
		if (v->kind == NODE_PROJECT && strcmp(f->name, "population") == 0) {
			json_object_set_new(o, "population",
					    val ? json_pack("{s:I, s:o}", "count", (json_int_t)strtoll(val, NULL, 10),
							    "counted_on", text_or_null(node_value(v, "population_on")))
						: json_null());
			continue;
		}
		if (v->kind == NODE_PROJECT && strcmp(f->name, "population_on") == 0)
			continue;
		json_t *j;
		if (f->refs && strcmp(f->refs, "org") == 0)
			j = text_or_null(org_name(db, a, val));
		else if (f->type == FIELD_INT)
			j = val ? json_integer(strtoll(val, NULL, 10)) : json_null();
		else if (f->type == FIELD_DECIMAL)
			j = decimal_json(val);
		else if (v->kind == NODE_FOLLOWUP && strcmp(f->name, "done") == 0)
			j = json_boolean(val && strcmp(val, "1") == 0);
		else if (v->kind == NODE_ROLE && strcmp(f->name, "duties") == 0)
			j = lines_json(val);
		else
			j = text_or_null(val);
		json_object_set_new(o, f->name, j);
	}
}

/* What a link points to, by the names a file can find it by. */
static json_t *link_json(struct db *db, struct arena *a, const struct record_link *l,
			 bool with_ids)
{
	json_t *o = json_pack("{s:s}", "kind", node_info(l->kind)->code);
	struct node_values v;
	struct err e = ERR_INIT;
	if (with_ids) {
		json_object_set_new(o, "id", json_integer(l->id));
		if (l->href)
			json_object_set_new(o, "href", json_string(l->href));
	}
	if (node_load(db, a, l->kind, l->id, &v, &e) != OK)
		return o;
	const char *slug = NULL;
	switch (l->kind) {
	case NODE_PLAN: json_object_set_new(o, "plan", text_or_null(node_value(&v, "slug"))); break;
	case NODE_MEASURE:
	case NODE_GOAL:
		node_get_field(db, a, NODE_PLAN, v.plan, "slug", &slug, &e);
		json_object_set_new(o, "plan", text_or_null(slug));
		json_object_set_new(o, "text", text_or_null(node_value(&v, "text")));
		break;
	case NODE_MEETING:
		json_object_set_new(o, "title", text_or_null(node_value(&v, "title")));
		json_object_set_new(o, "date", text_or_null(node_value(&v, "date")));
		break;
	case NODE_ORG:
	case NODE_INDICATOR:
		json_object_set_new(o, "name", text_or_null(node_value(&v, "name")));
		break;
	default:
		json_object_set_new(o, "title", text_or_null(l->title));
		break;
	}
	return o;
}

static int links_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		      bool with_ids, json_t *o, struct err *e)
{
	record_link_list links;
	if (record_links(db, a, k, id, false, &links, e) != OK)
		return ERR;
	json_t *arr = json_array();
	for (size_t i = 0; i < links.count; i++)
		json_array_append_new(arr, link_json(db, a, &links.items[i], with_ids));
	json_object_set_new(o, "links", arr);
	return OK;
}

static int node_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		     bool with_ids, const char *fixed, json_t **out, struct err *e);

/* The values of indicator of projection (0: the observed ones) into
 * o["values"], by period. */
static int values_json(struct db *db, struct arena *a, int64_t indicator, int64_t projection,
		       bool with_ids, json_t *o, struct err *e)
{
	record_value_list values;
	if (record_values(db, a, indicator, projection, &values, e) != OK)
		return ERR;
	json_t *arr = json_array();
	for (size_t i = 0; i < values.count; i++) {
		const struct record_value *rv = &values.items[i];
		json_t *j = json_object();
		if (with_ids) {
			json_object_set_new(j, "id", json_integer(rv->id));
			json_object_set_new(j, "version", json_integer(rv->version));
		}
		json_object_set_new(j, "period", json_string(rv->period));
		json_object_set_new(j, "value", decimal_json(rv->value));
		json_array_append_new(arr, j);
	}
	json_object_set_new(o, "values", arr);
	return OK;
}

/* A programme's participating regions: its projects, in full. */
static int participants_json(struct db *db, struct arena *a, int64_t programme, bool with_ids,
			     json_t *o, struct err *e)
{
	record_id_list ids;
	if (record_programme_projects(db, a, programme, &ids, e) != OK)
		return ERR;
	json_t *arr = json_array();
	json_object_set_new(o, "participants", arr);
	for (size_t i = 0; i < ids.count; i++) {
		json_t *p;
		if (node_json(db, a, NODE_PROJECT, ids.items[i], with_ids, NULL, &p, e) != OK)
			return ERR;
		json_object_del(p, "type");
		json_array_append_new(arr, p);
	}
	return OK;
}

/* The children of shape sh under parent into o[sh->key]. */
static int children_json(struct db *db, struct arena *a, const struct child_shape *sh,
			 int64_t parent, bool with_ids, json_t *o, struct err *e)
{
	int64_t *ids;
	size_t n;
	if (node_children(db, a, sh->kind, parent, &ids, &n, e) != OK)
		return ERR;
	json_t *arr = json_array();
	json_object_set_new(o, sh->key, arr);
	for (size_t i = 0; i < n; i++) {
		struct node_values v;
		if (node_load(db, a, sh->kind, ids[i], &v, e) != OK)
			return ERR;
		const char *fixed = sh->fixed_field ? node_value(&v, sh->fixed_field) : NULL;
		if (sh->fixed_value && !(fixed && strcmp(fixed, sh->fixed_value) == 0))
			continue; /* another list's */
		if (sh->kind == NODE_PROJECT_ROLE && party_role(node_value(&v, "role")))
			continue;
		json_t *child;
		if (node_json(db, a, sh->kind, ids[i], with_ids, sh->fixed_field, &child, e) != OK)
			return ERR;
		json_array_append_new(arr, child);
	}
	return OK;
}

/* A project's parties, and the sum of its grants. */
static int project_extra_json(struct db *db, struct arena *a, int64_t id, json_t *o,
			      struct err *e)
{
	int64_t *ids;
	size_t n;
	json_t *partners = json_array();
	json_object_set_new(o, "operator", json_null());
	json_object_set_new(o, "applicant", json_null());
	json_object_set_new(o, "partners", partners);
	if (node_children(db, a, NODE_PROJECT_ROLE, id, &ids, &n, e) != OK)
		return ERR;
	for (size_t i = 0; i < n; i++) {
		struct node_values v;
		if (node_load(db, a, NODE_PROJECT_ROLE, ids[i], &v, e) != OK)
			return ERR;
		const char *role = node_value(&v, "role");
		const char *who = org_name(db, a, node_value(&v, "org"));
		if (!who)
			who = node_value(&v, "name");
		if (!party_role(role) || !who)
			continue;
		if (strcmp(role, "partner") == 0)
			json_array_append_new(partners, json_string(who));
		else
			json_object_set_new(o, role, json_string(who));
	}
	json_int_t total = 0;
	bool any = false;
	if (node_children(db, a, NODE_GRANT, id, &ids, &n, e) != OK)
		return ERR;
	for (size_t i = 0; i < n; i++) {
		const char *amount;
		if (node_get_field(db, a, NODE_GRANT, ids[i], "amount", &amount, e) != OK)
			return ERR;
		if (amount) {
			total += strtoll(amount, NULL, 10);
			any = true;
		}
	}
	json_object_set_new(o, "grant", any ? json_integer(total) : json_null());
	return OK;
}

static int node_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		     bool with_ids, const char *fixed, json_t **out, struct err *e)
{
	struct node_values v;
	*out = NULL;
	if (node_load(db, a, k, id, &v, e) != OK)
		return ERR;
	json_t *o = json_object();
	if (with_ids) {
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "version", json_integer(v.version));
	}
	if (record_root_kind(k)) {
		json_object_set_new(o, "type", json_string(node_info(k)->code));
		json_object_set_new(o, "council", text_or_null(org_name(db, a, node_value(&v, "council"))));
	}
	if (k == NODE_ORG) { /* a group: who it is, then what it does */
		json_object_set_new(o, "type", json_string("group"));
		json_object_set_new(o, "name", text_or_null(node_value(&v, "name")));
		json_object_set_new(o, "kind", text_or_null(node_value(&v, "kind")));
		json_object_set_new(o, "council", text_or_null(org_name(db, a, node_value(&v, "owner"))));
		json_object_set_new(o, "group_kind", text_or_null(node_value(&v, "group_kind")));
		json_object_set_new(o, "reports_to", text_or_null(org_name(db, a, node_value(&v, "reports_to"))));
		json_object_set_new(o, "reporting", text_or_null(node_value(&v, "reporting")));
	} else {
		fields_json(db, a, &v, fixed, o);
	}
	int rc = OK;
	if (k == NODE_PROJECT)
		rc = project_extra_json(db, a, id, o, e);
	for (size_t i = 0; rc == OK && i < sizeof shapes / sizeof *shapes; i++)
		if (shapes[i].parent == k)
			rc = children_json(db, a, &shapes[i], id, with_ids, o, e);
	if (rc == OK && k == NODE_INDICATOR)
		rc = values_json(db, a, id, 0, with_ids, o, e);
	if (rc == OK && k == NODE_PROJECTION)
		rc = values_json(db, a, v.parent, id, with_ids, o, e);
	if (rc == OK && (k == NODE_DECISION || k == NODE_INDICATOR))
		rc = links_json(db, a, k, id, with_ids, o, e);
	if (rc == OK && k == NODE_PROGRAMME)
		rc = participants_json(db, a, id, with_ids, o, e);
	if (rc != OK) {
		json_decref(o);
		return ERR;
	}
	*out = o;
	return OK;
}

int records_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		 bool with_ids, json_t **out, struct err *e)
{
	if (!record_root_kind(k) && k != NODE_ORG)
		return err_set(e, ERR_INTERNAL, NULL, "records_json: not a root");
	return node_json(db, a, k, id, with_ids, NULL, out, e);
}

int records_child_json(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		       bool with_ids, json_t **out, struct err *e)
{
	return node_json(db, a, k, id, with_ids, NULL, out, e);
}

/* Every organisation: name, kind and the council keeping it. Councils
 * and shared ones first, so a reader has the council before what it keeps;
 * then by name. */
static int orgs_json(struct db *db, struct arena *a, json_t *doc, struct err *e)
{
	org_list orgs;
	if (org_list_all(db, a, &orgs, e) != OK)
		return ERR;
	json_t *arr = json_array();
	json_object_set_new(doc, "orgs", arr);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < orgs.count; i++) {
			const struct org *o = &orgs.items[i];
			if ((pass == 0) != (!o->owner || strcmp(o->kind, "council") == 0))
				continue;
			json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "name", o->name,
							     "kind", o->kind, "council",
							     text_or_null(o->owner)));
		}
	return OK;
}

static int roots_json(struct db *db, struct arena *a, enum node_kind k, const char *key,
		      json_t *doc, struct err *e)
{
	record_id_list ids;
	json_t *arr = json_array();
	json_object_set_new(doc, key, arr);
	int rc = k == NODE_ORG ? record_groups(db, a, &ids, e) : record_roots(db, a, k, &ids, e);
	for (size_t i = 0; rc == OK && i < ids.count; i++) {
		json_t *o;
		if (k == NODE_PROJECT) { /* a programme's region is written by it */
			const char *programme;
			if (node_get_field(db, a, k, ids.items[i], "programme", &programme, e) != OK)
				return ERR;
			if (programme)
				continue;
		}
		if ((rc = node_json(db, a, k, ids.items[i], false, NULL, &o, e)) == OK)
			json_array_append_new(arr, o);
	}
	return rc;
}

/* Drops every "id", "org_id" and "version" of a plan's export: another
 * server's numbers, which a load does not use. */
static void strip_ids(json_t *j)
{
	if (json_is_object(j)) {
		json_object_del(j, "id");
		json_object_del(j, "org_id");
		json_object_del(j, "version");
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v)
			strip_ids(v);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			strip_ids(v);
	}
}

/* Every plan as the JSON export writes it, without ids, by year and title. */
static int plans_json(struct db *db, struct arena *a, json_t *doc, struct err *e)
{
	plan_summary_list plans;
	json_t *arr = json_array();
	json_object_set_new(doc, "plans", arr);
	if (plan_list(db, a, &plans, e) != OK)
		return ERR;
	for (size_t i = 0; i < plans.count; i++) {
		struct plan *p;
		report_list reports;
		if (plan_load(db, a, plans.items[i].slug, &p, e) != OK ||
		    report_list_for_plan(db, a, p->id, &reports, e) != OK)
			return ERR;
		json_t *j = json_plan_value(p, &reports);
		strip_ids(j);
		json_array_append_new(arr, j);
	}
	return OK;
}

int records_export_all(struct db *db, struct arena *a, bool with_plans, struct buf *out,
		       struct err *e)
{
	json_t *doc = json_pack("{s:i}", "samspel_records", 1);
	int rc = orgs_json(db, a, doc, e);
	if (rc == OK && with_plans)
		rc = plans_json(db, a, doc, e);
	if (rc == OK)
		rc = roots_json(db, a, NODE_ORG, "groups", doc, e);
	if (rc == OK)
		rc = roots_json(db, a, NODE_PROGRAMME, "programmes", doc, e);
	if (rc == OK)
		rc = roots_json(db, a, NODE_PROJECT, "projects", doc, e);
	if (rc == OK)
		rc = roots_json(db, a, NODE_MEETING, "meetings", doc, e);
	if (rc == OK)
		rc = roots_json(db, a, NODE_INDICATOR, "indicators", doc, e);
	if (rc == OK) {
		char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text)
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory writing JSON");
		else {
			buf_adds(out, text);
			buf_adds(out, "\n");
			free(text);
		}
	}
	json_decref(doc);
	return rc;
}

/* --- reading --- */

void records_report_free(struct records_report *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->lines[i]);
	free(r->lines);
	memset(r, 0, sizeof *r);
}

/* What a load is doing: where it reports, whose names it resolves. */
struct load {
	struct db *db;
	struct arena *a;
	const char *actor;
	struct records_report *report;
	const char *where; /* the object being read, for messages */
	plan_json_project_list projects; /* measures' projects, set at the end */
};

static void say(struct load *ld, const char *fmt, const char *what, const char *name)
{
	if (!ld->report)
		return;
	if (ld->report->count + 1 >= ld->report->cap) {
		ld->report->cap = ld->report->cap ? 2 * ld->report->cap : 16;
		ld->report->lines = xrealloc(ld->report->lines, ld->report->cap * sizeof(char *));
	}
	char *line;
	if (asprintf(&line, fmt, what, name) < 0)
		return;
	ld->report->lines[ld->report->count++] = line;
	ld->report->lines[ld->report->count] = NULL;
}

static int wrong(struct load *ld, const char *key, const char *what, struct err *e)
{
	return err_set(e, ERR_INPUT, key, _("%s: \"%s\" %s"), ld->where, key, what);
}

/* The organisation called name in the scope of council, created (kept by
 * council, of kind) when there is none. 0 for no name. */
static int resolve_org(struct load *ld, const char *name, int64_t council, const char *kind,
		       int64_t *id, struct err *e)
{
	struct org_match m;
	*id = 0;
	if (!name || !*name)
		return OK;
	int found = org_lookup(ld->db, ld->a, name, council, &m, e);
	if (found == ERR)
		return ERR;
	if (found) {
		*id = m.org_id;
		return OK;
	}
	if (strcmp(kind, "council") == 0) {
		bool created;
		if (org_ensure_council_in_tx(ld->db, name, id, &created, e) != OK)
			return ERR;
	} else if (org_create_in_tx(ld->db, name, kind, council, id, e) != OK) {
		return ERR;
	}
	say(ld, "%s: %s", _("organisation"), name);
	return OK;
}

/* The council a root names ("council"), which must be one. */
static int council_of(struct load *ld, json_t *o, int64_t *council, struct err *e)
{
	json_t *c = json_object_get(o, "council");
	*council = 0;
	if (!c || json_is_null(c))
		return OK;
	if (!json_is_string(c))
		return wrong(ld, "council", _("must be the name of a council."), e);
	return resolve_org(ld, json_string_value(c), 0, "council", council, e);
}

/* A JSON value as the text a field stores. */
static int field_value(struct load *ld, const struct node_field *f, json_t *j, int64_t council,
		       const char **out, struct err *e)
{
	*out = NULL;
	if (json_is_null(j))
		return OK;
	if (f->refs && strcmp(f->refs, "org") == 0) {
		int64_t id;
		if (!json_is_string(j))
			return wrong(ld, f->name, _("must be the name of an organisation."), e);
		if (resolve_org(ld, json_string_value(j), council, "other", &id, e) != OK)
			return ERR;
		*out = id ? arena_printf(ld->a, "%" PRId64, id) : NULL;
		return OK;
	}
	if (json_is_boolean(j)) {
		*out = json_is_true(j) ? "1" : "0";
		return OK;
	}
	if (json_is_integer(j)) {
		*out = arena_printf(ld->a, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return OK;
	}
	if (json_is_real(j) && f->type == FIELD_DECIMAL) {
		double d = json_real_value(j);
		if (!isfinite(d))
			return wrong(ld, f->name, _("must be a number."), e);
		*out = arena_printf(ld->a, "%.6f", d);
		/* As short as it is exact: no trailing zeros. */
		char *s = (char *)*out, *end = s + strlen(s) - 1;
		while (end > s && *end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
		return OK;
	}
	if (json_is_array(j) && f->type == FIELD_TEXT) { /* lines (duties) */
		struct buf b = BUF_INIT;
		size_t i;
		json_t *line;
		json_array_foreach(j, i, line) {
			if (!json_is_string(line)) {
				buf_release(&b);
				return wrong(ld, f->name, _("must be a list of texts."), e);
			}
			if (i)
				buf_adds(&b, "\n");
			buf_adds(&b, json_string_value(line));
		}
		*out = arena_strdup(ld->a, b.data ? b.data : "");
		buf_release(&b);
		return OK;
	}
	if (!json_is_string(j))
		return wrong(ld, f->name, _("has a value of the wrong type."), e);
	if (strlen(json_string_value(j)) != json_string_length(j))
		return wrong(ld, f->name, _("may not contain NUL characters."), e);
	*out = arena_strdup(ld->a, json_string_value(j));
	return OK;
}

/* Whether key is an array of children of k, or a key written beside the
 * fields (handled by the caller). */
static bool child_key(enum node_kind k, const char *key)
{
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (shapes[i].parent == k && strcmp(shapes[i].key, key) == 0)
			return true;
	if ((k == NODE_INDICATOR || k == NODE_PROJECTION) && strcmp(key, "values") == 0)
		return true;
	if ((k == NODE_DECISION || k == NODE_INDICATOR) && strcmp(key, "links") == 0)
		return true;
	if (k == NODE_PROGRAMME && strcmp(key, "participants") == 0)
		return true;
	if (k == NODE_PROJECT && (strcmp(key, "operator") == 0 || strcmp(key, "applicant") == 0 ||
				  strcmp(key, "partners") == 0))
		return true;
	return record_root_kind(k) && strcmp(key, "council") == 0;
}

/* The patch of object o for kind k: every key a field of k (or one the
 * caller reads), nothing else. */
static int object_patch(struct load *ld, enum node_kind k, json_t *o, int64_t council,
			struct patch *p, struct err *e)
{
	const char *key;
	json_t *val;
	memset(p, 0, sizeof *p);
	if (!json_is_object(o))
		return err_set(e, ERR_INPUT, NULL, _("%s: each item must be a JSON object."), ld->where);
	json_object_foreach(o, key, val) {
		if (ignored_key(key) || child_key(k, key))
			continue;
		if (k == NODE_PROJECT && strcmp(key, "population") == 0) {
			json_t *count = json_object_get(val, "count"), *on = json_object_get(val, "counted_on");
			if (json_is_null(val))
				continue;
			if (!json_is_object(val) || (count && !json_is_integer(count)) ||
			    (on && !json_is_string(on) && !json_is_null(on)))
				return wrong(ld, key, _("must be {\"count\": N, \"counted_on\": \"YYYY-MM-DD\"}."), e);
			if (count)
				patch_set(p, "population", arena_printf(ld->a, "%" JSON_INTEGER_FORMAT,
									json_integer_value(count)));
			if (on && json_is_string(on))
				patch_set(p, "population_on", arena_strdup(ld->a, json_string_value(on)));
			continue;
		}
		const struct node_field *f = node_field(k, key);
		if (!f || (f->flags & F_INTERNAL))
			return wrong(ld, key, _("is not known here."), e);
		const char *v;
		if (field_value(ld, f, val, council, &v, e) != OK)
			return ERR;
		patch_set(p, f->name, v ? v : "");
	}
	if (patch_check(k, p, false, e) != OK) { /* say where, for a file */
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "%s: \"%s\": %s", ld->where, e->field, e->msg);
		snprintf(e->msg, sizeof e->msg, "%.*s", (int)(sizeof e->msg - 1), msg.data);
		buf_release(&msg);
		return ERR;
	}
	return OK;
}

static int load_node(struct load *ld, enum node_kind k, int64_t parent, json_t *o,
		     int64_t council, const char *fixed_field, const char *fixed_value,
		     int64_t *id, struct err *e);

/* The array o[key] of children of kind k under parent. */
static int load_children(struct load *ld, const struct child_shape *sh, int64_t parent,
			 json_t *o, int64_t council, struct err *e)
{
	json_t *arr = json_object_get(o, sh->key), *item;
	size_t i;
	if (!arr || json_is_null(arr))
		return OK;
	if (!json_is_array(arr))
		return wrong(ld, sh->key, _("must be a list."), e);
	json_array_foreach(arr, i, item) {
		int64_t id;
		if (load_node(ld, sh->kind, parent, item, council, sh->fixed_field, sh->fixed_value,
			      &id, e) != OK)
			return ERR;
	}
	return OK;
}

/* An indicator's or projection's values. */
static int load_values(struct load *ld, int64_t indicator, int64_t projection, json_t *o,
		       struct err *e)
{
	json_t *arr = json_object_get(o, "values"), *item;
	size_t i;
	if (!arr || json_is_null(arr))
		return OK;
	if (!json_is_array(arr))
		return wrong(ld, "values", _("must be a list."), e);
	const char *pid = projection ? arena_printf(ld->a, "%" PRId64, projection) : NULL;
	json_array_foreach(arr, i, item) {
		int64_t id;
		if (load_node(ld, NODE_VALUE, indicator, item, 0, pid ? "projection" : NULL, pid,
			      &id, e) != OK)
			return ERR;
	}
	return OK;
}

/* A decision's or indicator's links, found by the names the export gives
 * (an organisation's in the scope of council). */
static int load_links(struct load *ld, enum node_kind k, int64_t id, json_t *o, int64_t council,
		      struct err *e)
{
	json_t *arr = json_object_get(o, "links"), *item;
	size_t i;
	if (!arr || json_is_null(arr))
		return OK;
	if (!json_is_array(arr))
		return wrong(ld, "links", _("must be a list."), e);
	json_array_foreach(arr, i, item) {
		enum node_kind to;
		const char *kind = json_string_value(json_object_get(item, "kind"));
		if (!kind || node_kind_parse(kind, &to) != OK)
			return wrong(ld, "links", _("needs a known \"kind\"."), e);
		const char *key = NULL, *key2 = NULL;
		switch (to) {
		case NODE_PLAN: key = json_string_value(json_object_get(item, "plan")); break;
		case NODE_MEASURE:
		case NODE_GOAL:
			key = json_string_value(json_object_get(item, "text"));
			key2 = json_string_value(json_object_get(item, "plan"));
			break;
		case NODE_MEETING:
			key = json_string_value(json_object_get(item, "title"));
			key2 = json_string_value(json_object_get(item, "date"));
			break;
		case NODE_INDICATOR:
		case NODE_ORG: key = json_string_value(json_object_get(item, "name")); break;
		default: key = json_string_value(json_object_get(item, "title")); break;
		}
		int64_t target = 0;
		int found;
		if (to == NODE_ORG) {
			struct org_match m;
			found = key ? org_lookup(ld->db, ld->a, key, council, &m, e) : 0;
			target = found == 1 ? m.org_id : 0;
		} else {
			found = record_find(ld->db, to, key, key2, &target, e);
		}
		if (found == ERR)
			return ERR;
		if (!found)
			return err_set(e, ERR_INPUT, "links", _("%s: the link to %s \"%s\" finds nothing."),
				       ld->where, kind, key ? key : "");
		if (record_link_add_in_tx(ld->db, k, id, to, target, ld->actor, e) != OK)
			return ERR;
	}
	return OK;
}

/* A project's operator, applicant and partners as its parties. */
static int load_parties(struct load *ld, int64_t project, json_t *o, int64_t council,
			struct err *e)
{
	static const char *const single[] = {"operator", "applicant"};
	int64_t id, org;
	for (size_t i = 0; i < 2; i++) {
		json_t *name = json_object_get(o, single[i]);
		if (!name || json_is_null(name))
			continue;
		if (!json_is_string(name))
			return wrong(ld, single[i], _("must be the name of an organisation."), e);
		struct patch p = {0};
		if (resolve_org(ld, json_string_value(name), council, i ? "municipality" : "other",
				&org, e) != OK)
			return ERR;
		patch_set(&p, "role", single[i]);
		patch_set(&p, "org", arena_printf(ld->a, "%" PRId64, org));
		if (node_create_in_tx(ld->db, NODE_PROJECT_ROLE, project, 0, &p, ld->actor, &id, e) != OK)
			return ERR;
	}
	json_t *partners = json_object_get(o, "partners"), *name;
	size_t i;
	if (partners && !json_is_array(partners) && !json_is_null(partners))
		return wrong(ld, "partners", _("must be a list of names."), e);
	json_array_foreach(partners, i, name) {
		struct patch p = {0};
		if (!json_is_string(name))
			return wrong(ld, "partners", _("must be a list of names."), e);
		if (resolve_org(ld, json_string_value(name), council, "municipality", &org, e) != OK)
			return ERR;
		patch_set(&p, "role", "partner");
		patch_set(&p, "org", arena_printf(ld->a, "%" PRId64, org));
		if (node_create_in_tx(ld->db, NODE_PROJECT_ROLE, project, 0, &p, ld->actor, &id, e) != OK)
			return ERR;
	}
	return OK;
}

static int load_node(struct load *ld, enum node_kind k, int64_t parent, json_t *o,
		     int64_t council, const char *fixed_field, const char *fixed_value,
		     int64_t *id, struct err *e)
{
	struct patch p;
	if (object_patch(ld, k, o, council, &p, e) != OK)
		return ERR;
	if (fixed_field)
		patch_set(&p, fixed_field, fixed_value);
	int rc = record_root_kind(k) ? record_create_in_tx(ld->db, k, council, &p, ld->actor, id, e)
				     : node_create_in_tx(ld->db, k, parent, 0, &p, ld->actor, id, e);
	if (rc != OK)
		return ERR;
	if (k == NODE_PROJECT && load_parties(ld, *id, o, council, e) != OK)
		return ERR;
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (shapes[i].parent == k && load_children(ld, &shapes[i], *id, o, council, e) != OK)
			return ERR;
	if (k == NODE_INDICATOR && load_values(ld, *id, 0, o, e) != OK)
		return ERR;
	if (k == NODE_PROJECTION && load_values(ld, parent, *id, o, e) != OK)
		return ERR;
	if ((k == NODE_DECISION || k == NODE_INDICATOR) && load_links(ld, k, *id, o, council, e) != OK)
		return ERR;
	return OK;
}

/* A programme's participating regions, each a project of it. */
static int load_participants(struct load *ld, int64_t programme, json_t *o, struct err *e)
{
	json_t *arr = json_object_get(o, "participants"), *item;
	size_t i;
	if (!arr || json_is_null(arr))
		return OK;
	if (!json_is_array(arr))
		return wrong(ld, "participants", _("must be a list."), e);
	const char *pid = arena_printf(ld->a, "%" PRId64, programme);
	json_array_foreach(arr, i, item) {
		int64_t council, id;
		if (council_of(ld, item, &council, e) != OK ||
		    load_node(ld, NODE_PROJECT, 0, item, council, "programme", pid, &id, e) != OK)
			return ERR;
		say(ld, "%s: %s", _("project"), json_string_value(json_object_get(item, "title")));
	}
	return OK;
}

/* A group: the organisation (found or made) described, with its mandate,
 * people and roles. */
static int load_group(struct load *ld, json_t *o, int64_t *out, struct err *e)
{
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *kind = json_string_value(json_object_get(o, "kind"));
	int64_t council, id;
	if (!name)
		return wrong(ld, "name", _("is needed: the group's name."), e);
	if (council_of(ld, o, &council, e) != OK ||
	    resolve_org(ld, name, council, kind ? kind : "group", &id, e) != OK)
		return ERR;
	if (kind && strcmp(kind, "council") == 0)
		council = id; /* what a council names is its own */
	struct patch p = {0};
	/* The kind too: a group named before it was described (a role's
	 * holder) was made of kind "other". */
	static const char *const keys[] = {"kind", "group_kind", "reports_to", "reporting"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		json_t *j = json_object_get(o, keys[i]);
		const char *v;
		if (!j)
			continue;
		if (field_value(ld, node_field(NODE_ORG, keys[i]), j, council, &v, e) != OK)
			return ERR;
		patch_set(&p, keys[i], v ? v : "");
	}
	int64_t version;
	if (p.count && (node_version(ld->db, NODE_ORG, id, &version, e) != OK ||
			node_update_in_tx(ld->db, NODE_ORG, id, version, &p, ld->actor, NULL, e) != OK))
		return ERR;
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (shapes[i].parent == NODE_ORG && load_children(ld, &shapes[i], id, o, council, e) != OK)
			return ERR;
	say(ld, "%s: %s", _("group"), name);
	*out = id;
	return OK;
}

/* A plan as the JSON export writes it. */
static int load_plan(struct load *ld, json_t *o, struct err *e)
{
	const char *slug;
	if (plan_json_load_in_tx(ld->db, ld->a, o, ld->actor, &slug, &ld->projects, e) != OK)
		return ERR;
	say(ld, "%s: %s", _("plan"), slug);
	return OK;
}

static int load_object(struct load *ld, json_t *o, int64_t *last, struct err *e)
{
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *format = json_string_value(json_object_get(o, "format"));
	enum node_kind k;
	if (!type && format && strcmp(format, "samspel.plan/1") == 0)
		return load_plan(ld, o, e);
	if (!json_is_object(o) || !type)
		return err_set(e, ERR_INPUT, "type",
			       _("Each object needs a \"type\": programme, project, meeting, group or indicator (or is a plan as the export writes it)."));
	if (strcmp(type, "group") == 0) {
		ld->where = arena_printf(ld->a, "group \"%s\"",
					 json_string_value(json_object_get(o, "name")) ?: "");
		return load_group(ld, o, last, e);
	}
	if (node_kind_parse(type, &k) != OK || !record_root_kind(k))
		return err_set(e, ERR_INPUT, "type", _("Unknown \"type\": %s"), type);
	const char *title = json_string_value(json_object_get(o, k == NODE_INDICATOR ? "name" : "title"));
	ld->where = arena_printf(ld->a, "%s \"%s\"", type, title ? title : "");
	int64_t council;
	if (council_of(ld, o, &council, e) != OK ||
	    load_node(ld, k, 0, o, council, NULL, NULL, last, e) != OK)
		return ERR;
	if (k == NODE_PROGRAMME && load_participants(ld, *last, o, e) != OK)
		return ERR;
	say(ld, "%s: %s", type, title ? title : "");
	return OK;
}

/* The orgs of an export: councils and shared ones come first in it. */
static int load_orgs(struct load *ld, json_t *arr, struct err *e)
{
	json_t *o;
	size_t i;
	if (!arr)
		return OK;
	if (!json_is_array(arr))
		return err_set(e, ERR_INPUT, "orgs", _("\"orgs\" must be a list."));
	json_array_foreach(arr, i, o) {
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *kind = json_string_value(json_object_get(o, "kind"));
		int64_t council, id;
		ld->where = arena_printf(ld->a, "org \"%s\"", name ? name : "");
		if (!name || !kind || !org_kind_valid(kind))
			return wrong(ld, "kind", _("needs a name and a known kind."), e);
		if (council_of(ld, o, &council, e) != OK ||
		    resolve_org(ld, name, strcmp(kind, "council") == 0 ? 0 : council, kind, &id, e) != OK)
			return ERR;
	}
	return OK;
}

static int load_list(struct load *ld, json_t *arr, const char *key, int64_t *last, struct err *e)
{
	json_t *o;
	size_t i;
	if (!arr)
		return OK;
	if (!json_is_array(arr))
		return err_set(e, ERR_INPUT, key, _("\"%s\" must be a list."), key);
	json_array_foreach(arr, i, o)
		if (load_object(ld, o, last, e) != OK)
			return ERR;
	return OK;
}

/* The measures the loaded plans say a project carries out, now that the
 * projects are there. */
static int link_projects(struct load *ld, struct err *e)
{
	for (size_t i = 0; i < ld->projects.count; i++) {
		const struct plan_json_project *pj = &ld->projects.items[i];
		int64_t project, version;
		int found = record_find(ld->db, NODE_PROJECT, pj->title, NULL, &project, e);
		if (found == ERR)
			return ERR;
		if (!found)
			return err_set(e, ERR_INPUT, "project",
				       _("A measure is carried out by the project \"%s\", which the file does not have."),
				       pj->title);
		struct patch p = {0};
		patch_set(&p, "project", arena_printf(ld->a, "%" PRId64, project));
		if (node_version(ld->db, NODE_MEASURE, pj->measure, &version, e) != OK ||
		    node_update_in_tx(ld->db, NODE_MEASURE, pj->measure, version, &p, ld->actor, NULL, e) != OK)
			return ERR;
	}
	return OK;
}

int records_load_in_tx(struct db *db, json_t *j, const char *actor,
		       struct records_report *report, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct load ld = {db, &a, actor, report, "", {0}};
	int64_t last = 0;
	int rc;
	if (json_is_array(j)) {
		rc = load_list(&ld, j, "documents", &last, e);
	} else if (json_is_object(j) && json_object_get(j, "samspel_records")) {
		static const char *const lists[] = {"groups", "programmes", "projects", "meetings",
						    "indicators"};
		rc = load_orgs(&ld, json_object_get(j, "orgs"), e);
		if (rc == OK) /* before what links to them */
			rc = load_list(&ld, json_object_get(j, "plans"), "plans", &last, e);
		for (size_t i = 0; rc == OK && i < sizeof lists / sizeof *lists; i++)
			rc = load_list(&ld, json_object_get(j, lists[i]), lists[i], &last, e);
	} else {
		rc = load_object(&ld, j, &last, e);
	}
	if (rc == OK)
		rc = link_projects(&ld, e);
	arena_release(&a);
	return rc;
}

int records_load(struct db *db, json_t *j, const char *actor,
		 struct records_report *report, int64_t *id, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct load ld = {db, &a, actor, report, "", {0}};
	int64_t last = 0;
	if (db_begin(db, e) != OK) {
		arena_release(&a);
		return ERR;
	}
	int rc = load_object(&ld, j, &last, e);
	if (rc == OK)
		rc = link_projects(&ld, e);
	arena_release(&a);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	if (id)
		*id = last;
	return db_commit(db, e);
}

/* --- the API's writes --- */

int records_update(struct db *db, enum node_kind k, int64_t id, int64_t version, json_t *j,
		   const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct load ld = {db, &a, actor, NULL, node_info(k)->code, {0}};
	struct record_access acc;
	struct patch p;
	int rc = record_access_of(db, k, id, &acc, e);
	if (rc == OK)
		rc = db_begin(db, e);
	if (rc != OK) {
		arena_release(&a);
		return ERR;
	}
	/* Names resolve in the scope of the council keeping it. */
	rc = object_patch(&ld, k, j, acc.target.owner_id, &p, e);
	/* "links" replaces what a decision or an indicator concerns. */
	bool links = (k == NODE_DECISION || k == NODE_INDICATOR) && json_object_get(j, "links");
	if (rc == OK && !p.count && !links)
		rc = err_set(e, ERR_INPUT, NULL, _("Send at least one field to change."));
	if (rc == OK && links) {
		int64_t now;
		/* The version is checked even when no field changes. */
		rc = node_version(db, k, id, &now, e);
		if (rc == OK && now != version)
			rc = err_set(e, ERR_CONFLICT, NULL,
				     _("Someone else changed this while you were working on it (it is now at version %lld, you started from %lld). Nothing was saved."),
				     (long long)now, (long long)version);
		if (rc == OK)
			rc = record_links_clear_in_tx(db, k, id, actor, e);
		if (rc == OK)
			rc = load_links(&ld, k, id, j, acc.target.owner_id, e);
	}
	if (rc == OK && p.count)
		rc = node_update_in_tx(db, k, id, version, &p, actor, NULL, e);
	arena_release(&a);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int records_add(struct db *db, enum node_kind k, int64_t parent, enum node_kind child,
		json_t *j, const char *actor, int64_t *id, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct load ld = {db, &a, actor, NULL, node_info(child)->code, {0}};
	struct record_access acc;
	int rc = record_access_of(db, k, parent, &acc, e);
	if (rc == OK)
		rc = db_begin(db, e);
	if (rc != OK) {
		arena_release(&a);
		return ERR;
	}
	int64_t council = acc.target.owner_id;
	if (k == NODE_PROGRAMME && child == NODE_PROJECT) {
		const char *pid = arena_printf(&a, "%" PRId64, parent);
		rc = council_of(&ld, j, &council, e);
		if (rc == OK)
			rc = load_node(&ld, NODE_PROJECT, 0, j, council, "programme", pid, id, e);
	} else if (node_info(child)->parent_column && node_info(child)->parent == k) {
		rc = load_node(&ld, child, parent, j, council, NULL, NULL, id, e);
	} else {
		rc = err_set(e, ERR_NOT_FOUND, NULL, _("That cannot be added here."));
	}
	arena_release(&a);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int records_council_named(struct db *db, json_t *j, int64_t *council, struct err *e)
{
	const char *name = json_string_value(json_object_get(j, "council"));
	struct arena a = ARENA_INIT;
	struct org_match m;
	*council = 0;
	int found = name ? org_lookup(db, &a, name, 0, &m, e) : 0;
	if (found == 1) {
		if (strcmp(m.kind, "council") == 0)
			*council = m.org_id;
		else
			found = 0;
	}
	arena_release(&a);
	return found;
}
