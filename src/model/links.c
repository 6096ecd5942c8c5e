/* links.c: a measure's responsible and participant organisations (see
 * links.h). */
#include "model/links.h"
#include "model/audit.h"
#include "model/node.h"
#include "model/org.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <string.h>

/* A link as stored. */
struct link {
	int64_t org;
	int collective;
	const char *as_written, *note, *name;
};

typedef struct {
	struct link *items;
	size_t count, cap;
} link_list;

static int read_links(struct db *db, struct arena *a, int64_t measure, const char *role,
		      link_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT mo.org_id, mo.collective, mo.as_written, mo.note, o.name"
		" FROM measure_org mo JOIN org o ON o.id = mo.org_id"
		" WHERE mo.measure_id = :m AND mo.role = :role ORDER BY mo.position");
	stmt_bind_int(st, ":m", measure);
	stmt_bind_text(st, ":role", role);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct link *l = ARENA_PUSH(a, *out);
		l->org = col_int(st, 0);
		l->collective = (int)col_int(st, 1);
		l->as_written = arena_strdup(a, col_text(st, 2));
		l->note = col_text(st, 3) ? arena_strdup(a, col_text(st, 3)) : NULL;
		l->name = arena_strdup(a, col_text(st, 4));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static const struct link *find(const link_list *l, int64_t org)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].org == org)
			return &l->items[i];
	return NULL;
}

/* The name of org, or NULL when there is none (into a). */
static int org_name(struct db *db, struct arena *a, int64_t org, const char **name,
		    struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT name FROM org WHERE id = :id");
	stmt_bind_int(st, ":id", org);
	int rc = stmt_step(st, e);
	*name = rc == DB_ROW ? arena_strdup(a, col_text(st, 0)) : NULL;
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_INPUT, "org", _("There is no such organisation."));
	return rc == DB_ROW ? OK : ERR;
}

static void join_names(struct buf *b, const link_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		buf_addf(b, "%s%s", i ? ", " : "", l->items[i].name);
}

/* The council that keeps plan (0: none). */
static int plan_owner(struct db *db, int64_t plan, int64_t *owner, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT COALESCE(owner_org_id, 0) FROM plan WHERE id = :id");
	stmt_bind_int(st, ":id", plan);
	int rc = stmt_step(st, e);
	*owner = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

/* The measure's version goes up (a stale one is a conflict) and its plan's
 * data version with it. */
static int bump_measure(struct db *db, int64_t measure, int64_t version, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"UPDATE measure SET version = version + 1 WHERE id = :id AND version = :v");
	stmt_bind_int(st, ":id", measure);
	stmt_bind_int(st, ":v", version);
	if (stmt_run(st, e) != OK)
		return ERR;
	if (db_changes(db) == 1)
		return OK;
	return err_set(e, ERR_CONFLICT, NULL,
		       _("Someone else changed the measure while you were working on it. Nothing was saved: open it again."));
}

/* Replaces the links of one role, with its history row. */
static int store(struct db *db, struct arena *a, int64_t measure, int64_t plan,
		 int64_t owner, const char *role, const int64_t *ids, size_t n,
		 const char *actor, struct err *e)
{
	link_list before = {0}, after = {0};
	if (read_links(db, a, measure, role, &before, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"DELETE FROM measure_org WHERE measure_id = :m AND role = :role");
	stmt_bind_int(st, ":m", measure);
	stmt_bind_text(st, ":role", role);
	if (stmt_run(st, e) != OK)
		return ERR;
	for (size_t i = 0; i < n; i++) {
		if (find(&after, ids[i]))
			continue; /* named twice */
		const struct link *old = find(&before, ids[i]);
		struct link *l = ARENA_PUSH(a, after);
		if (old) {
			*l = *old;
		} else {
			/* A form's id is only a number: it must name an
			 * organisation this plan's council may name. */
			int usable = org_usable_in(db, ids[i], owner, e);
			if (usable == ERR)
				return ERR;
			if (!usable)
				return err_set(e, ERR_INPUT, strcmp(role, "responsible") == 0 ? "responsible"
												 : "participant",
					       _("That organisation cannot be named in this plan."));
			l->org = ids[i];
			if (org_name(db, a, ids[i], &l->name, e) != OK)
				return ERR;
			l->as_written = l->name;
		}
		st = db_prepare(db,
			"INSERT INTO measure_org (measure_id, org_id, role, collective, position,"
			" as_written, note) VALUES (:m, :org, :role, :collective, :position,"
			" :as_written, :note)");
		stmt_bind_int(st, ":m", measure);
		stmt_bind_int(st, ":org", l->org);
		stmt_bind_text(st, ":role", role);
		stmt_bind_int(st, ":collective", l->collective);
		stmt_bind_int(st, ":position", (int64_t)after.count);
		stmt_bind_text(st, ":as_written", l->as_written);
		stmt_bind_text(st, ":note", l->note);
		if (stmt_run(st, e) != OK)
			return ERR;
	}
	struct buf old_names = BUF_INIT, new_names = BUF_INIT;
	join_names(&old_names, &before);
	join_names(&new_names, &after);
	int rc = OK;
	if (strcmp(old_names.data, new_names.data) != 0)
		rc = audit_field_in_tx(db, actor, "measure.update", "measure", measure, plan,
				       strcmp(role, "responsible") == 0 ? "responsible" : "participants",
				       old_names.data, new_names.data, e);
	buf_release(&old_names);
	buf_release(&new_names);
	return rc;
}

int measure_set_orgs(struct db *db, int64_t measure, int64_t expected_version,
		     const int64_t *responsible, size_t nr, const int64_t *participants,
		     size_t np, const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	int64_t plan, owner;
	int rc = bump_measure(db, measure, expected_version, e) == OK &&
			 node_plan_of(db, NODE_MEASURE, measure, &plan, e) == OK &&
			 plan_owner(db, plan, &owner, e) == OK &&
			 store(db, &a, measure, plan, owner, "responsible", responsible, nr, actor, e) == OK &&
			 store(db, &a, measure, plan, owner, "participant", participants, np, actor, e) == OK &&
			 node_touch_plan_in_tx(db, plan, e) == OK
		 ? OK
		 : ERR;
	arena_release(&a);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}
