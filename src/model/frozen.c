/* frozen.c: frozen status reports (see frozen.h). */
#include "model/frozen.h"
#include "model/audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/secret.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

bool frozen_key_valid(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n < 1 || n > 40 || key[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
		      key[i] == '-'))
			return false;
	return true;
}

int frozen_store(struct db *db, int64_t plan, const char *key, const char *title,
		 const char *as_of, const char *json, size_t len, const char *actor,
		 char sha[65], struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	if (!frozen_key_valid(key))
		return err_set(e, ERR_INPUT, "key",
			       _("The report's name in its address is 1-40 of a-z, 0-9 and - (e.g. 2026-t1)."));
	secret_sha256_hex(json, len, sha);
	clock_iso_now(0, now);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"INSERT INTO frozen_report (plan_id, key, title, as_of, frozen_at, frozen_by, json, sha256)"
		" VALUES (:plan, :key, :title, :as_of, :now, :by, :json, :sha)"
		" ON CONFLICT (plan_id, key) DO NOTHING RETURNING id");
	stmt_bind_int(st, ":plan", plan);
	stmt_bind_text(st, ":key", key);
	stmt_bind_text(st, ":title", title);
	stmt_bind_text(st, ":as_of", as_of);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":by", actor);
	stmt_bind_text(st, ":json", json);
	stmt_bind_text(st, ":sha", sha);
	int rc = stmt_step(st, e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == DB_DONE)
		rc = err_set(e, ERR_CONFLICT, "key", _("The plan has a frozen report called \"%s\" already."),
			     key);
	else if (rc == DB_ROW)
		rc = audit_field_in_tx(db, actor, "plan.freeze", "frozen_report", id, plan, "sha256",
				       NULL, sha, e);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

static void read_frozen(struct stmt *st, struct arena *a, struct frozen *f, bool with_json)
{
	f->id = col_int(st, 0);
	f->plan_id = col_int(st, 1);
	f->key = arena_strdup(a, col_text(st, 2));
	f->title = arena_strdup(a, col_text(st, 3));
	f->as_of = arena_strdup(a, col_text(st, 4));
	f->frozen_at = arena_strdup(a, col_text(st, 5));
	f->frozen_by = arena_strdup(a, col_text(st, 6));
	f->sha256 = arena_strdup(a, col_text(st, 7));
	f->json = with_json ? arena_strdup(a, col_text(st, 8)) : NULL;
	f->json_len = with_json ? strlen(f->json) : 0;
}

int frozen_list_for_plan(struct db *db, struct arena *a, int64_t plan, frozen_list *out,
			 struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, plan_id, key, title, as_of, frozen_at, frozen_by, sha256, NULL"
		" FROM frozen_report WHERE plan_id = :plan ORDER BY as_of DESC, id DESC");
	stmt_bind_int(st, ":plan", plan);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_frozen(st, a, ARENA_PUSH(a, *out), false);
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int frozen_load(struct db *db, struct arena *a, int64_t plan, const char *key,
		struct frozen *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, plan_id, key, title, as_of, frozen_at, frozen_by, sha256, json"
		" FROM frozen_report WHERE plan_id = :plan AND key = :key");
	stmt_bind_int(st, ":plan", plan);
	stmt_bind_text(st, ":key", key ? key : "");
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		read_frozen(st, a, out, true);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such frozen report."));
	return rc == DB_ROW ? OK : ERR;
}
