/*
 * migrate.c: numbered schema migrations, embedded in the binary from
 * src/db/migrations/NNN-name.sql and applied in order at start (and by
 * `samspel migrate`). Each migration runs in its own transaction together
 * with its row in schema_migration, so a failed one leaves nothing behind.
 */
#include "base/clock.h"
#include "base/embedded.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>

static const char create_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migration ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL)";

int db_schema_version(struct db *db, struct err *e)
{
	if (db_exec(db, create_table, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migration");
	int rc = stmt_step(st, e);
	int version = rc == DB_ROW ? (int)col_int(st, 0) : ERR;
	stmt_finish(st);
	return version;
}

static int apply(struct db *db, const struct embedded_file *m, int version,
		 struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	if (db_exec(db, m->data, e) != OK)
		goto fail;
	struct stmt *st = db_prepare(db,
		"INSERT INTO schema_migration (version, name, applied_at)"
		" VALUES (:version, :name, :now)");
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":version", version);
	stmt_bind_text(st, ":name", m->name);
	if (stmt_run(st, e) != OK)
		goto fail;
	if (db_commit(db, e) != OK)
		return ERR;
	log_event(LOG_INFO, "migration_applied", "name", m->name, (char *)0);
	return OK;
fail:
	db_rollback(db);
	return ERR;
}

int db_migrate(struct db *db, int *applied, struct err *e)
{
	if (applied)
		*applied = 0;
	int current = db_schema_version(db, e);
	if (current < 0)
		return ERR;
	int newest = 0;
	for (const struct embedded_file *m = embedded_migrations; m->name; m++) {
		int version = atoi(m->name);
		if (version <= 0)
			return err_set(e, ERR_INTERNAL, NULL,
				       "migration %s has no number", m->name);
		if (version <= newest)
			return err_set(e, ERR_INTERNAL, NULL,
				       "migration %s is out of order", m->name);
		newest = version;
		if (version <= current)
			continue;
		if (apply(db, m, version, e) != OK)
			return ERR;
		if (applied)
			(*applied)++;
	}
	if (current > newest)
		return err_set(e, ERR_INPUT, "db",
			       _("The database was made by a newer samspel (schema %d; this one knows up to %d)."),
			       current, newest);
	return OK;
}
