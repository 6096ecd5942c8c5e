/*
 * record.c: whose a record is, creating a root with its council, and the
 * links of decisions and indicators (see record.h).
 */
#include "model/record.h"
#include "model/audit.h"
#include "model/visible.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

bool record_kind(enum node_kind k)
{
	return k >= NODE_MANDATE && k <= NODE_PROJECT_REPORT;
}

bool record_root_kind(enum node_kind k)
{
	return k == NODE_PROGRAMME || k == NODE_PROJECT || k == NODE_MEETING ||
	       k == NODE_INDICATOR;
}

/* The parent of (k, id) from the kind's parent column. */
static int parent_of(struct db *db, enum node_kind k, int64_t id, int64_t *parent,
		     struct err *e)
{
	const struct node_kind_info *info = node_info(k);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = :id", info->parent_column,
		 info->table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	*parent = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

/* The council keeping root (k, id): its council column; for an
 * organisation, itself when it is a council, else the council keeping it. */
static int council_of(struct db *db, enum node_kind k, int64_t id, int64_t *council,
		      struct err *e)
{
	char sql[160];
	if (k == NODE_ORG)
		snprintf(sql, sizeof sql,
			 "SELECT CASE WHEN kind = 'council' THEN id ELSE COALESCE(owner_org_id, 0) END"
			 " FROM org WHERE id = :id");
	else
		snprintf(sql, sizeof sql, "SELECT COALESCE(council_id, 0) FROM %s WHERE id = :id",
			 node_info(k)->table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	*council = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

int record_access_of(struct db *db, enum node_kind k, int64_t id,
		     struct record_access *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->root = k;
	out->root_id = id;
	/* Walk up to the root: a record's children are at most one deep. */
	while (node_info(out->root)->parent_column) {
		enum node_kind up = node_info(out->root)->parent;
		if (parent_of(db, out->root, out->root_id, &out->root_id, e) != OK)
			return ERR;
		out->root = up;
	}
	int64_t council;
	if (council_of(db, out->root, out->root_id, &council, e) != OK)
		return ERR;
	out->target.owner_id = council;
	out->target.published = true;
	if (out->root == NODE_ORG) {
		out->edit = ACT_EDIT_ORG;
		out->target.org_id = out->root_id;
	} else {
		out->edit = ACT_EDIT_PLAN;
	}
	return OK;
}

const char *record_home(struct arena *a, enum node_kind root, int64_t root_id)
{
	return arena_printf(a, "/%s/%lld", node_info(root)->code, (long long)root_id);
}

int record_title(struct db *db, struct arena *a, enum node_kind root, int64_t root_id,
		 const char **title, struct err *e)
{
	const char *href;
	return record_name(db, a, root, root_id, title, &href, e);
}

int record_create_in_tx(struct db *db, enum node_kind k, int64_t council,
			const struct patch *p, const char *actor, int64_t *id,
			struct err *e)
{
	if (!record_root_kind(k))
		return err_set(e, ERR_INPUT, NULL, _("This cannot be added here."));
	struct patch full = *p;
	char now[CLOCK_ISO_LEN + 1], owner[24];
	clock_iso_now(0, now);
	snprintf(owner, sizeof owner, "%lld", (long long)council);
	patch_set(&full, "council", council ? owner : NULL);
	patch_set(&full, "created_at", now);
	return node_create_in_tx(db, k, 0, 0, &full, actor, id, e);
}

int record_create(struct db *db, enum node_kind k, int64_t council, const struct patch *p,
		  const char *actor, int64_t *id, struct err *e)
{
	/* A person's patch: no internal fields, required ones filled. */
	if (patch_check(k, p, false, e) != OK || db_begin(db, e) != OK)
		return ERR;
	if (record_create_in_tx(db, k, council, p, actor, id, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

/* --- links --- */

int record_name(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		const char **name, const char **href, struct err *e)
{
	struct node_values v;
	*name = *href = NULL;
	if (node_load(db, a, k, id, &v, e) != OK)
		return ERR;
	const char *s = node_value(&v, "title");
	if (!s)
		s = node_value(&v, "name");
	if (!s)
		s = node_value(&v, "text");
	*name = s ? s : "";
	if (k == NODE_PLAN) {
		*href = arena_printf(a, "/plan/%s", node_value(&v, "slug"));
	} else if (k == NODE_MEASURE || record_root_kind(k) || k == NODE_ORG) {
		*href = record_home(a, k, id);
	} else if (record_kind(k)) {
		struct record_access acc;
		if (record_access_of(db, k, id, &acc, e) != OK)
			return ERR;
		*href = arena_printf(a, "%s#%s-%lld", record_home(a, acc.root, acc.root_id),
				     node_info(k)->code, (long long)id);
	} else {
		const char *slug = NULL;
		if (node_get_field(db, a, NODE_PLAN, v.plan, "slug", &slug, e) != OK)
			return ERR;
		*href = arena_printf(a, "/plan/%s#%s-%lld", slug ? slug : "", node_info(k)->code,
				     (long long)id);
	}
	return OK;
}

/* Raises the data version of the plan node (k, id) is in, if any: a
 * plan's pages show the decisions behind it and its measures. */
static int touch_plan_of(struct db *db, enum node_kind k, int64_t id, struct err *e)
{
	int64_t plan = 0;
	struct err ignore = ERR_INIT;
	if (node_plan_of(db, k, id, &plan, &ignore) != OK)
		return OK; /* gone, or in no plan */
	return node_touch_plan_in_tx(db, plan, e);
}

/* Whether from may link: decisions and indicators do. */
static bool links_from(enum node_kind k)
{
	return k == NODE_DECISION || k == NODE_INDICATOR;
}

int record_link_add_in_tx(struct db *db, enum node_kind from, int64_t from_id,
			  enum node_kind to, int64_t to_id, const char *actor,
			  struct err *e)
{
	int64_t version;
	if (!links_from(from) || to == NODE_REPORT || to == NODE_VALUE)
		return err_set(e, ERR_INPUT, "links", _("That cannot be linked."));
	if (node_version(db, from, from_id, &version, e) != OK)
		return ERR;
	struct err missing = ERR_INIT;
	if (node_version(db, to, to_id, &version, &missing) != OK)
		return err_set(e, missing.kind == ERR_NOT_FOUND ? ERR_INPUT : missing.kind, "links",
			       _("There is no %s with number %lld to link to."),
			       node_info(to)->code, (long long)to_id);
	struct stmt *st = db_prepare(db,
		"INSERT INTO record_link (from_kind, from_id, to_kind, to_id)"
		" VALUES (:fk, :fi, :tk, :ti) ON CONFLICT DO NOTHING");
	stmt_bind_text(st, ":fk", node_info(from)->code);
	stmt_bind_int(st, ":fi", from_id);
	stmt_bind_text(st, ":tk", node_info(to)->code);
	stmt_bind_int(st, ":ti", to_id);
	if (stmt_run(st, e) != OK)
		return ERR;
	if (db_changes(db) == 0)
		return OK;
	char now[48], action[48];
	snprintf(now, sizeof now, "%s:%lld", node_info(to)->code, (long long)to_id);
	snprintf(action, sizeof action, "%s.link", node_info(from)->code);
	if (audit_field_in_tx(db, actor, action, node_info(from)->code, from_id, 0, "links", NULL,
			      now, e) != OK)
		return ERR;
	return touch_plan_of(db, to, to_id, e);
}

int record_link_add(struct db *db, enum node_kind from, int64_t from_id,
		    enum node_kind to, int64_t to_id, const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	if (record_link_add_in_tx(db, from, from_id, to, to_id, actor, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int record_link_remove(struct db *db, enum node_kind from, int64_t from_id,
		       enum node_kind to, int64_t to_id, const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"DELETE FROM record_link WHERE from_kind = :fk AND from_id = :fi"
		" AND to_kind = :tk AND to_id = :ti");
	stmt_bind_text(st, ":fk", node_info(from)->code);
	stmt_bind_int(st, ":fi", from_id);
	stmt_bind_text(st, ":tk", node_info(to)->code);
	stmt_bind_int(st, ":ti", to_id);
	int rc = stmt_run(st, e);
	if (rc == OK && db_changes(db) == 0)
		rc = err_set(e, ERR_NOT_FOUND, NULL, _("There is no such link."));
	if (rc == OK) {
		char old[48], action[48];
		snprintf(old, sizeof old, "%s:%lld", node_info(to)->code, (long long)to_id);
		snprintf(action, sizeof action, "%s.unlink", node_info(from)->code);
		rc = audit_field_in_tx(db, actor, action, node_info(from)->code, from_id, 0,
				       "links", old, NULL, e);
	}
	if (rc == OK)
		rc = touch_plan_of(db, to, to_id, e);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int record_links(struct db *db, struct arena *a, enum node_kind kind, int64_t id,
		 bool to_side, record_link_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = to_side
		? db_prepare(db, "SELECT from_kind, from_id FROM record_link"
				 " WHERE to_kind = :k AND to_id = :id ORDER BY from_kind, from_id")
		: db_prepare(db, "SELECT to_kind, to_id FROM record_link"
				 " WHERE from_kind = :k AND from_id = :id ORDER BY rowid");
	stmt_bind_text(st, ":k", node_info(kind)->code);
	stmt_bind_int(st, ":id", id);
	struct {
		enum node_kind *items;
		size_t count, cap;
	} kinds = {0};
	struct {
		int64_t *items;
		size_t count, cap;
	} ids = {0};
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		enum node_kind k;
		if (node_kind_parse(col_text(st, 0), &k) != OK)
			continue;
		*ARENA_PUSH(a, kinds) = k;
		*ARENA_PUSH(a, ids) = col_int(st, 1);
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	for (size_t i = 0; i < ids.count; i++) {
		struct record_link *l = ARENA_PUSH(a, *out);
		l->kind = kinds.items[i];
		l->id = ids.items[i];
		struct err gone = ERR_INIT;
		/* A link to something deleted since shows as its kind and number. */
		if (record_name(db, a, l->kind, l->id, &l->title, &l->href, &gone) != OK) {
			l->title = arena_printf(a, "%s %lld", node_info(l->kind)->code,
						(long long)l->id);
			l->href = NULL;
		}
	}
	return OK;
}

int record_choices(struct db *db, struct arena *a, const char *table, int64_t council,
		   int64_t parent, record_choice_list *out, struct err *e)
{
	struct stmt *st;
	memset(out, 0, sizeof *out);
	if (strcmp(table, "programme") == 0) {
		st = db_prepare(db, "SELECT id, title FROM programme ORDER BY title, id");
	} else if (strcmp(table, "project") == 0) {
		st = db_prepare(db, "SELECT id, title FROM project"
				    " WHERE :c = 0 OR council_id = :c ORDER BY title, id");
		stmt_bind_int(st, ":c", council);
	} else if (strcmp(table, "projection") == 0) {
		st = db_prepare(db, "SELECT id, name FROM projection"
				    " WHERE indicator_id = :p ORDER BY position");
		stmt_bind_int(st, ":p", parent);
	} else {
		return OK;
	}
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct record_choice *c = ARENA_PUSH(a, *out);
		c->id = col_int(st, 0);
		c->name = arena_strdup(a, col_text(st, 1));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* The ids a statement yields in its first column. */
static int collect_ids(struct stmt *st, struct arena *a, record_id_list *out, struct err *e)
{
	int rc;
	memset(out, 0, sizeof *out);
	while ((rc = stmt_step(st, e)) == DB_ROW)
		*ARENA_PUSH(a, *out) = col_int(st, 0);
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int record_roots(struct db *db, struct arena *a, enum node_kind k, record_id_list *out,
		 struct err *e)
{
	if (!record_root_kind(k))
		return err_set(e, ERR_INTERNAL, NULL, "record_roots: not a root kind");
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id", node_info(k)->table);
	return collect_ids(db_prepare_once(db, sql), a, out, e);
}

int record_groups(struct db *db, struct arena *a, record_id_list *out, struct err *e)
{
	return collect_ids(db_prepare(db,
		"SELECT id FROM org WHERE group_kind IS NOT NULL OR reports_to_org_id IS NOT NULL"
		" OR reporting IS NOT NULL"
		" OR id IN (SELECT org_id FROM mandate_point UNION SELECT org_id FROM group_person"
		"  UNION SELECT org_id FROM council_role) ORDER BY name_key, id"), a, out, e);
}

int record_find(struct db *db, enum node_kind k, const char *key, const char *key2,
		int64_t *id, struct err *e)
{
	struct stmt *st;
	*id = 0;
	switch (k) {
	case NODE_PLAN: st = db_prepare(db, "SELECT id FROM plan WHERE slug = :k"); break;
	case NODE_PROGRAMME:
		st = db_prepare(db, "SELECT id FROM programme WHERE title = :k ORDER BY id LIMIT 1");
		break;
	case NODE_PROJECT:
		st = db_prepare(db, "SELECT id FROM project WHERE title = :k ORDER BY id LIMIT 1");
		break;
	case NODE_INDICATOR:
		st = db_prepare(db, "SELECT id FROM indicator WHERE name = :k ORDER BY id LIMIT 1");
		break;
	case NODE_MEETING:
		st = db_prepare(db, "SELECT id FROM meeting WHERE title = :k AND held_on = :k2"
				    " ORDER BY id LIMIT 1");
		stmt_bind_text(st, ":k2", key2 ? key2 : "");
		break;
	case NODE_MEASURE:
		st = db_prepare(db, "SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				    " WHERE p.slug = :k2 AND m.text = :k ORDER BY m.id LIMIT 1");
		stmt_bind_text(st, ":k2", key2 ? key2 : "");
		break;
	case NODE_GOAL:
		st = db_prepare(db, "SELECT g.id FROM goal g JOIN area ar ON ar.id = g.area_id"
				    " JOIN plan p ON p.id = ar.plan_id"
				    " WHERE p.slug = :k2 AND g.text = :k ORDER BY g.id LIMIT 1");
		stmt_bind_text(st, ":k2", key2 ? key2 : "");
		break;
	default:
		return 0;
	}
	stmt_bind_text(st, ":k", key ? key : "");
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

int record_programme_projects(struct db *db, struct arena *a, int64_t programme,
			      record_id_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT id FROM project WHERE programme_id = :p ORDER BY id");
	stmt_bind_int(st, ":p", programme);
	return collect_ids(st, a, out, e);
}

int record_values(struct db *db, struct arena *a, int64_t indicator, int64_t projection,
		  record_value_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, version, period, value FROM indicator_value"
		" WHERE indicator_id = :i AND COALESCE(projection_id, 0) = :p ORDER BY period, id");
	stmt_bind_int(st, ":i", indicator);
	stmt_bind_int(st, ":p", projection);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct record_value *v = ARENA_PUSH(a, *out);
		v->id = col_int(st, 0);
		v->version = col_int(st, 1);
		v->period = arena_strdup(a, col_text(st, 2));
		v->value = arena_strdup(a, col_text(st, 3));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* Summaries from st's rows (id, title, meta, council, and the parent as
 * a fifth column when parent is set), then finishes st. */
static int collect(struct stmt *st, struct arena *a, record_summary_list *out, bool parent,
		   struct err *e)
{
	int rc;
	memset(out, 0, sizeof *out);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct record_summary *r = ARENA_PUSH(a, *out);
		r->id = col_int(st, 0);
		r->title = arena_strdup(a, col_text(st, 1) ? col_text(st, 1) : "");
		r->meta = col_text(st, 2) ? arena_strdup(a, col_text(st, 2)) : NULL;
		r->council = col_text(st, 3) ? arena_strdup(a, col_text(st, 3)) : NULL;
		r->parent = parent ? col_int(st, 4) : 0;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static int collect_summaries(struct stmt *st, struct arena *a, record_summary_list *out,
			     struct err *e)
{
	return collect(st, a, out, false, e);
}

int record_list(struct db *db, struct arena *a, enum node_kind k, int64_t council, int limit,
		int offset, record_summary_list *out, struct err *e)
{
	struct stmt *st;
	switch (k) {
	case NODE_PROGRAMME:
		st = db_prepare(db, "SELECT r.id, r.title, NULL, o.name FROM programme r"
				    " LEFT JOIN org o ON o.id = r.council_id"
				    " WHERE :c = 0 OR r.council_id = :c ORDER BY r.id DESC LIMIT :n OFFSET :off");
		break;
	case NODE_PROJECT:
		st = db_prepare(db, "SELECT r.id, r.title, r.phase, o.name FROM project r"
				    " LEFT JOIN org o ON o.id = r.council_id"
				    " WHERE :c = 0 OR r.council_id = :c ORDER BY r.id DESC LIMIT :n OFFSET :off");
		break;
	case NODE_MEETING:
		st = db_prepare(db, "SELECT r.id, r.title, r.held_on, o.name FROM meeting r"
				    " LEFT JOIN org o ON o.id = r.council_id"
				    " WHERE :c = 0 OR r.council_id = :c"
				    " ORDER BY r.held_on DESC, r.id DESC LIMIT :n OFFSET :off");
		break;
	case NODE_INDICATOR:
		st = db_prepare(db, "SELECT r.id, r.name, r.unit, o.name FROM indicator r"
				    " LEFT JOIN org o ON o.id = r.council_id"
				    " WHERE :c = 0 OR r.council_id = :c ORDER BY r.id DESC LIMIT :n OFFSET :off");
		break;
	default:
		return err_set(e, ERR_INTERNAL, NULL, "record_list: not a root kind");
	}
	stmt_bind_int(st, ":c", council);
	stmt_bind_int(st, ":n", limit);
	stmt_bind_int(st, ":off", offset);
	return collect_summaries(st, a, out, e);
}

int record_count(struct db *db, enum node_kind k, int64_t council, int64_t *n, struct err *e)
{
	char sql[128];
	*n = 0;
	if (!record_root_kind(k))
		return err_set(e, ERR_INTERNAL, NULL, "record_count: not a root kind");
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE :c = 0 OR council_id = :c",
		 node_info(k)->table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":c", council);
	int rc = stmt_step(st, e);
	*n = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

int record_council_groups(struct db *db, struct arena *a, int64_t council,
			  record_summary_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, name, group_kind, reporting FROM org"
		" WHERE owner_org_id = :c AND (kind = 'group' OR group_kind IS NOT NULL)"
		" ORDER BY name_key, id");
	stmt_bind_int(st, ":c", council);
	return collect_summaries(st, a, out, e);
}

int record_open_followups(struct db *db, struct arena *a, const int64_t *orgs, size_t n,
			  bool late_only, const char *today, record_summary_list *out,
			  struct err *e)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		record_summary_list one;
		struct stmt *st = db_prepare(db,
			"SELECT f.id, f.text, f.due, m.title FROM followup f"
			" JOIN meeting m ON m.id = f.meeting_id"
			" WHERE f.responsible_org_id = :o AND f.done = 0"
			" AND (:late = 0 OR (f.due IS NOT NULL AND f.due < :today))"
			" ORDER BY f.due IS NULL, f.due, f.id");
		stmt_bind_int(st, ":o", orgs[i]);
		stmt_bind_int(st, ":late", late_only);
		stmt_bind_text(st, ":today", today ? today : "");
		if (collect_summaries(st, a, &one, e) != OK)
			return ERR;
		for (size_t j = 0; j < one.count; j++) {
			bool seen = false;
			for (size_t k = 0; k < out->count; k++)
				seen |= out->items[k].id == one.items[j].id;
			if (!seen)
				*ARENA_PUSH(a, *out) = one.items[j];
		}
	}
	return OK;
}

int record_project_measures(struct db *db, struct arena *a, const struct actor *actor,
			    int64_t project, record_summary_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT m.id, m.text, NULL, p.title FROM measure m JOIN plan p ON p.id = m.plan_id"
		" WHERE m.project_id = :project AND " PLAN_VISIBLE("p")
		" ORDER BY p.id, m.id");
	stmt_bind_int(st, ":project", project);
	stmt_bind_int(st, ":user", actor ? actor->user_id : 0);
	return collect_summaries(st, a, out, e);
}

/* The projection of indicator called name, made when missing. */
static int projection_id(struct db *db, int64_t indicator, const char *name, const char *actor,
			 int64_t *id, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT id FROM projection WHERE indicator_id = :i AND name = :n");
	stmt_bind_int(st, ":i", indicator);
	stmt_bind_text(st, ":n", name);
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (*id)
		return OK;
	struct patch p = {0};
	patch_set(&p, "name", name);
	return node_create_in_tx(db, NODE_PROJECTION, indicator, 0, &p, actor, id, e);
}

/* Puts one value: added (1), changed (2), the same (0), or ERR. */
static int put_value(struct db *db, int64_t indicator, int64_t projection, const char *period,
		     const char *value, const char *actor, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, version, value FROM indicator_value WHERE indicator_id = :i"
		" AND COALESCE(projection_id, 0) = :p AND period = :period");
	stmt_bind_int(st, ":i", indicator);
	stmt_bind_int(st, ":p", projection);
	stmt_bind_text(st, ":period", period);
	int rc = stmt_step(st, e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0, version = rc == DB_ROW ? col_int(st, 1) : 0;
	bool same = rc == DB_ROW && strcmp(col_text(st, 2), value) == 0;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	struct patch p = {0};
	patch_set(&p, "value", value);
	if (id) {
		if (same)
			return 0;
		return node_update_in_tx(db, NODE_VALUE, id, version, &p, actor, NULL, e) == OK ? 2 : ERR;
	}
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", (long long)projection);
	patch_set(&p, "period", period);
	if (projection)
		patch_set(&p, "projection", pid);
	return node_create_in_tx(db, NODE_VALUE, indicator, 0, &p, actor, &id, e) == OK ? 1 : ERR;
}

int record_put_values(struct db *db, int64_t indicator, const char *projection,
		      const char *const *periods, const char *const *values, size_t n,
		      const char *actor, size_t *added, size_t *changed, struct err *e)
{
	int64_t version, pid = 0;
	*added = *changed = 0;
	if (node_version(db, NODE_INDICATOR, indicator, &version, e) != OK || db_begin(db, e) != OK)
		return ERR;
	int rc = projection ? projection_id(db, indicator, projection, actor, &pid, e) : OK;
	for (size_t i = 0; rc == OK && i < n; i++) {
		int r = put_value(db, indicator, pid, periods[i], values[i], actor, e);
		if (r == ERR)
			rc = ERR;
		*added += r == 1;
		*changed += r == 2;
	}
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int record_council_late_followups(struct db *db, struct arena *a, int64_t council,
				  const char *today, record_summary_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT f.id, f.text, f.due, m.title FROM followup f"
		" JOIN meeting m ON m.id = f.meeting_id"
		" WHERE m.council_id = :c AND f.done = 0 AND f.due IS NOT NULL AND f.due < :today"
		" ORDER BY f.due, f.id");
	stmt_bind_int(st, ":c", council);
	stmt_bind_text(st, ":today", today);
	return collect_summaries(st, a, out, e);
}

int record_links_clear_in_tx(struct db *db, enum node_kind from, int64_t from_id,
			     const char *actor, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"DELETE FROM record_link WHERE from_kind = :fk AND from_id = :fi"
		" RETURNING to_kind, to_id");
	stmt_bind_text(st, ":fk", node_info(from)->code);
	stmt_bind_int(st, ":fi", from_id);
	struct arena a = ARENA_INIT;
	struct {
		const char **items;
		size_t count, cap;
	} gone = {0};
	int rc;
	struct {
		int64_t *items;
		size_t count, cap;
	} plans = {0};
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		*ARENA_PUSH(&a, gone) = arena_printf(&a, "%s:%lld", col_text(st, 0),
						     (long long)col_int(st, 1));
		enum node_kind k;
		int64_t plan = 0;
		struct err ignore = ERR_INIT;
		if (node_kind_parse(col_text(st, 0), &k) != OK ||
		    node_plan_of(db, k, col_int(st, 1), &plan, &ignore) != OK || !plan)
			continue;
		bool seen = false; /* each plan raised once, however often linked */
		for (size_t i = 0; i < plans.count && !seen; i++)
			seen = plans.items[i] == plan;
		if (!seen)
			*ARENA_PUSH(&a, plans) = plan;
	}
	stmt_finish(st);
	for (size_t i = 0; rc == DB_DONE && i < plans.count; i++)
		if (node_touch_plan_in_tx(db, plans.items[i], e) != OK)
			rc = ERR;
	char action[48];
	snprintf(action, sizeof action, "%s.unlink", node_info(from)->code);
	for (size_t i = 0; rc == DB_DONE && i < gone.count; i++)
		if (audit_field_in_tx(db, actor, action, node_info(from)->code, from_id, 0, "links",
				      gone.items[i], NULL, e) != OK)
			rc = ERR;
	arena_release(&a);
	return rc == DB_DONE ? OK : ERR;
}

int record_link_choices(struct db *db, struct arena *a, int64_t council,
			record_target_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT 'plan', id, title FROM plan WHERE owner_org_id = :c"
		" UNION ALL SELECT 'goal', g.id, p.title || ': ' || substr(g.text, 1, 80)"
		"  FROM goal g JOIN area ar ON ar.id = g.area_id JOIN plan p ON p.id = ar.plan_id"
		"  WHERE p.owner_org_id = :c"
		" UNION ALL SELECT 'project', id, title FROM project WHERE council_id = :c"
		" UNION ALL SELECT 'programme', id, title FROM programme"
		" UNION ALL SELECT 'meeting', id, title || ' (' || held_on || ')' FROM meeting"
		"  WHERE council_id = :c"
		" UNION ALL SELECT 'indicator', id, name FROM indicator WHERE council_id = :c"
		" UNION ALL SELECT 'org', id, name FROM org WHERE id = :c OR (owner_org_id = :c"
		"  AND (kind = 'group' OR group_kind IS NOT NULL))");
	stmt_bind_int(st, ":c", council);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct record_link *l = ARENA_PUSH(a, *out);
		if (node_kind_parse(col_text(st, 0), &l->kind) != OK)
			continue;
		l->id = col_int(st, 1);
		l->title = arena_strdup(a, col_text(st, 2));
		l->href = NULL;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int record_council_followups(struct db *db, struct arena *a, int64_t council,
			     record_summary_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT f.id, f.text, f.due, CAST(f.done AS TEXT), f.meeting_id FROM followup f"
		" JOIN meeting m ON m.id = f.meeting_id"
		" WHERE m.council_id = :c AND f.due IS NOT NULL ORDER BY f.due, f.id");
	stmt_bind_int(st, ":c", council);
	return collect(st, a, out, true, e);
}
