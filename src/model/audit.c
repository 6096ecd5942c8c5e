/* audit.c: the change history (see audit.h). */
#include "model/audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <string.h>

int audit_field_in_tx(struct db *db, const char *actor, const char *action,
		      const char *entity, int64_t entity_id, int64_t plan,
		      const char *field, const char *old_value,
		      const char *new_value, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"INSERT INTO audit (at, actor, action, entity, entity_id, plan_id, field,"
		" old_value, new_value)"
		" VALUES (:at, :actor, :action, :entity, :entity_id, :plan, :field, :old, :new)");
	stmt_bind_text(st, ":at", now);
	stmt_bind_text(st, ":actor", actor ? actor : "unknown");
	stmt_bind_text(st, ":action", action);
	stmt_bind_text(st, ":entity", entity);
	stmt_bind_int(st, ":entity_id", entity_id);
	if (plan)
		stmt_bind_int(st, ":plan", plan);
	else
		stmt_bind_null(st, ":plan");
	stmt_bind_text(st, ":field", field);
	stmt_bind_text(st, ":old", old_value);
	stmt_bind_text(st, ":new", new_value);
	return stmt_run(st, e);
}

int audit_in_tx(struct db *db, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *old_value,
		const char *new_value, struct err *e)
{
	int64_t plan = strcmp(entity, "plan") == 0 ? entity_id : 0;
	return audit_field_in_tx(db, actor, action, entity, entity_id, plan, NULL,
				 old_value, new_value, e);
}

int audit_last_id(struct db *db, int64_t *id, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM audit");
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void read_row(struct stmt *st, struct arena *a, struct audit_row *r)
{
	r->id = col_int(st, 0);
	r->at = arena_strdup(a, col_text(st, 1));
	r->actor = arena_strdup(a, col_text(st, 2));
	r->action = arena_strdup(a, col_text(st, 3));
	r->entity = arena_strdup(a, col_text(st, 4));
	r->entity_id = col_int(st, 5);
	r->field = dup_or_null(a, col_text(st, 6));
	r->old_value = dup_or_null(a, col_text(st, 7));
	r->new_value = dup_or_null(a, col_text(st, 8));
}

static int read_rows(struct stmt *st, struct arena *a, audit_list *out,
		     struct err *e)
{
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_row(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int audit_for_node(struct db *db, struct arena *a, const char *entity,
		   int64_t id, size_t limit, audit_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value"
		" FROM audit WHERE entity = :entity AND entity_id = :id"
		" ORDER BY id DESC LIMIT :limit");
	stmt_bind_text(st, ":entity", entity);
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":limit", (int64_t)limit);
	return read_rows(st, a, out, e);
}

int audit_for_plan(struct db *db, struct arena *a, int64_t plan, size_t limit,
		   audit_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value"
		" FROM audit WHERE plan_id = :plan ORDER BY id DESC LIMIT :limit");
	stmt_bind_int(st, ":plan", plan);
	stmt_bind_int(st, ":limit", (int64_t)limit);
	return read_rows(st, a, out, e);
}

int audit_get(struct db *db, struct arena *a, int64_t id,
	      struct audit_row *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value"
		" FROM audit WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		read_row(st, a, out);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such change in the history."));
	return rc == DB_ROW ? OK : ERR;
}
