/* session.c: sessions, API tokens and failed logins (see session.h). */
#include "model/session.h"
#include "model/audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

/* Seen-marks are written at most this often per session, so a busy reader
 * does not turn every page view into a write. */
#define TOUCH_EVERY 30
/* An API token's last use is written at most this often (seconds): the
 * stored time is never older than this, and a script's every request is
 * not a write with an fsync. */
#define TOKEN_USE_EVERY 60

int session_create(struct db *db, int64_t user_id, const char *ip, long max_age,
		   char token[SECRET_TOKEN_LEN + 1], struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], csrf[SECRET_TOKEN_LEN + 1];
	char now[CLOCK_ISO_LEN + 1], end[CLOCK_ISO_LEN + 1];
	if (secret_init(e) != OK)
		return ERR;
	secret_token(token);
	secret_token(csrf);
	secret_hash(token, hash);
	clock_iso_now(0, now);
	clock_iso_now(max_age, end);
	struct stmt *st = db_prepare(db,
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at,"
		" last_seen_at, expires_at, ip)"
		" VALUES (:hash, :user, :csrf, :now, :now, :end, :ip)");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_int(st, ":user", user_id);
	stmt_bind_text(st, ":csrf", csrf);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":end", end);
	stmt_bind_text(st, ":ip", ip);
	return stmt_run(st, e);
}

int session_find(struct db *db, struct arena *a, const char *token, long idle,
		 struct session *out, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1];
	char idle_since[CLOCK_ISO_LEN + 1], touch_before[CLOCK_ISO_LEN + 1];
	if (strlen(token) != SECRET_TOKEN_LEN)
		return 0;
	secret_hash(token, hash);
	clock_iso_now(0, now);
	clock_iso_now(-idle, idle_since);
	clock_iso_now(idle < TOUCH_EVERY * 4 ? -idle / 4 : -TOUCH_EVERY, touch_before);
	struct stmt *st = db_prepare(db,
		"SELECT s.id, s.user_id, s.csrf_token, s.expires_at > :now"
		" AND s.last_seen_at >= :idle_since AND u.disabled = 0,"
		" s.last_seen_at < :touch_before"
		" FROM session s JOIN app_user u ON u.id = s.user_id"
		" WHERE s.token_hash = :hash");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":idle_since", idle_since);
	stmt_bind_text(st, ":touch_before", touch_before);
	int rc = stmt_step(st, e);
	bool live = false, touch = false;
	if (rc == DB_ROW) {
		out->id = col_int(st, 0);
		out->user_id = col_int(st, 1);
		out->csrf = arena_strdup(a, col_text(st, 2));
		live = col_int(st, 3) != 0;
		touch = col_int(st, 4) != 0;
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (rc == DB_DONE)
		return 0;
	if (!live) {
		st = db_prepare(db, "DELETE FROM session WHERE id = :id");
		stmt_bind_int(st, ":id", out->id);
		return stmt_run(st, e) == OK ? 0 : ERR;
	}
	if (touch) {
		st = db_prepare(db, "UPDATE session SET last_seen_at = :now WHERE id = :id");
		stmt_bind_text(st, ":now", now);
		stmt_bind_int(st, ":id", out->id);
		if (stmt_run(st, e) != OK)
			return ERR;
	}
	return 1;
}

int session_end(struct db *db, const char *token, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1];
	secret_hash(token, hash);
	struct stmt *st = db_prepare(db, "DELETE FROM session WHERE token_hash = :hash");
	stmt_bind_text(st, ":hash", hash);
	return stmt_run(st, e);
}

int token_create(struct db *db, const char *login, const char *name,
		 const char *actor, int64_t *id, char token[API_TOKEN_LEN + 1],
		 struct err *e)
{
	char secret[SECRET_TOKEN_LEN + 1], hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1];
	if (!name || !*name)
		return err_set(e, ERR_INPUT, "name", _("A token needs a name (what it is for)."));
	if (secret_init(e) != OK)
		return ERR;
	secret_token(secret);
	snprintf(token, API_TOKEN_LEN + 1, "%s%s", API_TOKEN_PREFIX, secret);
	secret_hash(token, hash);
	clock_iso_now(0, now);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"INSERT INTO api_token (user_id, name, token_hash, prefix, created_at)"
		" SELECT id, :name, :hash, :prefix, :now FROM app_user WHERE login = :login"
		" RETURNING id");
	stmt_bind_text(st, ":name", name);
	stmt_bind_text(st, ":hash", hash);
	char prefix[16];
	snprintf(prefix, sizeof prefix, "%.12s", token);
	stmt_bind_text(st, ":prefix", prefix);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":login", login);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	if (rc == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "login", _("There is no user called \"%s\"."), login);
	if (rc != DB_ROW || audit_in_tx(db, actor, "token.add", "api_token", *id, NULL, name, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int token_find(struct db *db, const char *token, int64_t *user_id,
	       int64_t *token_id, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1], stale[CLOCK_ISO_LEN + 1];
	if (strlen(token) != API_TOKEN_LEN || strncmp(token, API_TOKEN_PREFIX, 4) != 0)
		return 0;
	secret_hash(token, hash);
	clock_iso_now(0, now);
	clock_iso_now(-TOKEN_USE_EVERY, stale);
	struct stmt *st = db_prepare(db,
		"SELECT t.id, t.user_id, t.last_used_at IS NULL OR t.last_used_at < :stale"
		" FROM api_token t JOIN app_user u ON u.id = t.user_id"
		" WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND u.disabled = 0");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":stale", stale);
	int rc = stmt_step(st, e);
	bool touch = false;
	if (rc == DB_ROW) {
		*token_id = col_int(st, 0);
		*user_id = col_int(st, 1);
		touch = col_int(st, 2) != 0;
	}
	stmt_finish(st);
	if (rc != DB_ROW)
		return rc == ERR ? ERR : 0;
	if (!touch)
		return 1;
	/* The condition again: of racing requests, one writes. */
	st = db_prepare(db, "UPDATE api_token SET last_used_at = :now WHERE id = :id"
			    " AND (last_used_at IS NULL OR last_used_at < :stale)");
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":stale", stale);
	stmt_bind_int(st, ":id", *token_id);
	return stmt_run(st, e) == OK ? 1 : ERR;
}

int token_revoke(struct db *db, int64_t id, const char *actor, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL");
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":id", id);
	if (stmt_run(st, e) != OK)
		goto fail;
	if (db_changes(db) == 0) {
		err_set(e, ERR_NOT_FOUND, "id", _("There is no live token with id %lld."), (long long)id);
		goto fail;
	}
	if (audit_in_tx(db, actor, "token.revoke", "api_token", id, NULL, NULL, e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}

int token_list(struct db *db, struct arena *a, const char *login,
	       api_token_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at"
		" FROM api_token t JOIN app_user u ON u.id = t.user_id"
		" WHERE u.login = :login ORDER BY t.id");
	stmt_bind_text(st, ":login", login);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct api_token *t = ARENA_PUSH(a, *out);
		t->id = col_int(st, 0);
		t->name = arena_strdup(a, col_text(st, 1));
		t->prefix = arena_strdup(a, col_text(st, 2));
		t->created_at = arena_strdup(a, col_text(st, 3));
		t->last_used_at = col_text(st, 4) ? arena_strdup(a, col_text(st, 4)) : NULL;
		t->revoked_at = col_text(st, 5) ? arena_strdup(a, col_text(st, 5)) : NULL;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int login_attempt_begin(struct db *db, const char *login, const char *ip,
			long window, int max_login, int max_ip,
			bool (*admit)(void *cls), void *cls, int *locked,
			int64_t *attempt, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1], since[CLOCK_ISO_LEN + 1], old[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	clock_iso_now(-window, since);
	clock_iso_now(-window * 4, old);
	*locked = 0;
	*attempt = 0;
	/* BEGIN IMMEDIATE takes the write lock first: concurrent attempts count
	 * one after the other, each seeing the rows of those before it. */
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"SELECT (SELECT COUNT(*) FROM login_failure WHERE login = :login AND at >= :since),"
		" (SELECT COUNT(*) FROM login_failure WHERE ip = :ip AND at >= :since)");
	stmt_bind_text(st, ":login", login);
	stmt_bind_text(st, ":ip", ip);
	stmt_bind_text(st, ":since", since);
	int rc = stmt_step(st, e);
	int by_login = 0, by_ip = 0;
	if (rc == DB_ROW) {
		by_login = (int)col_int(st, 0);
		by_ip = (int)col_int(st, 1);
	}
	stmt_finish(st);
	if (rc != DB_ROW)
		goto fail;
	if (by_login >= max_login || by_ip >= max_ip || (admit && !admit(cls))) {
		*locked = by_login >= max_login ? 1 : by_ip >= max_ip ? 2 : 3;
		db_rollback(db);
		return OK;
	}
	st = db_prepare(db,
		"INSERT INTO login_failure (login, ip, at) VALUES (:login, :ip, :now) RETURNING id");
	stmt_bind_text(st, ":login", login);
	stmt_bind_text(st, ":ip", ip);
	stmt_bind_text(st, ":now", now);
	rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*attempt = col_int(st, 0);
	stmt_finish(st);
	if (rc != DB_ROW)
		goto fail;
	/* Old failures no longer count; forget them as we go. */
	st = db_prepare(db, "DELETE FROM login_failure WHERE at < :old");
	stmt_bind_text(st, ":old", old);
	if (stmt_run(st, e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}

int login_attempt_cancel(struct db *db, int64_t attempt, struct err *e)
{
	struct stmt *st = db_prepare(db, "DELETE FROM login_failure WHERE id = :id");
	stmt_bind_int(st, ":id", attempt);
	return stmt_run(st, e);
}

int login_failure_clear(struct db *db, const char *login, struct err *e)
{
	struct stmt *st = db_prepare(db, "DELETE FROM login_failure WHERE login = :login");
	stmt_bind_text(st, ":login", login);
	return stmt_run(st, e);
}
