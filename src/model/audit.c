/* audit.c: the change trail (see audit.h). */
#include "model/audit.h"
#include "base/err.h"
#include "db/db.h"

int audit_in_tx(struct db *db, const char *actor, const char *action,
		const char *entity, int64_t entity_id, const char *old_value,
		const char *new_value, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"INSERT INTO audit (at, actor, action, entity, entity_id, old_value, new_value)"
		" VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), :actor, :action, :entity,"
		" :entity_id, :old, :new)");
	stmt_bind_text(st, ":actor", actor ? actor : "unknown");
	stmt_bind_text(st, ":action", action);
	stmt_bind_text(st, ":entity", entity);
	stmt_bind_int(st, ":entity_id", entity_id);
	stmt_bind_text(st, ":old", old_value);
	stmt_bind_text(st, ":new", new_value);
	return stmt_run(st, e);
}

int audit_last_id(struct db *db, int64_t *id, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM audit");
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}
