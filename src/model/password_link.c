/* password_link.c: single-use password links (see password_link.h). */
#include "model/password_link.h"
#include "model/audit.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <string.h>

static int read_user(struct stmt *st, struct arena *a, struct link_user *out, struct err *e)
{
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		out->id = col_int(st, 0);
		out->login = arena_strdup(a, col_text(st, 1));
		out->name = arena_strdup(a, col_text(st, 2));
		out->email = col_text(st, 3) ? arena_strdup(a, col_text(st, 3)) : NULL;
		out->lang = arena_strdup(a, col_text(st, 4));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

int password_link_user_by_email(struct db *db, struct arena *a, const char *email,
				struct link_user *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, login, name, email, lang FROM app_user"
		" WHERE lower(email) = lower(:email) AND disabled = 0 ORDER BY id LIMIT 1");
	stmt_bind_text(st, ":email", email ? email : "");
	return read_user(st, a, out, e);
}

int password_link_user(struct db *db, struct arena *a, int64_t id, struct link_user *out,
		       struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, login, name, email, lang FROM app_user WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = read_user(st, a, out, e);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such user."));
	return rc == ERR ? ERR : OK;
}

int password_link_new_in_tx(struct db *db, int64_t user, const char *purpose, long ttl,
			    char token[SECRET_TOKEN_LEN + 1], int64_t *id, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1], until[CLOCK_ISO_LEN + 1];
	if (secret_init(e) != OK)
		return ERR;
	secret_token(token);
	secret_hash(token, hash);
	clock_iso_now(0, now);
	clock_iso_now(ttl, until);
	struct stmt *st = db_prepare(db,
		"INSERT INTO password_link (token_hash, user_id, purpose, created_at, expires_at)"
		" VALUES (:hash, :user, :purpose, :now, :until) RETURNING id");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_int(st, ":user", user);
	stmt_bind_text(st, ":purpose", purpose);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":until", until);
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

/* The user of open link token (0 when it is not open). */
static int open_user(struct db *db, const char *token, int64_t *user, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1];
	if (!token || strlen(token) != SECRET_TOKEN_LEN)
		return *user = 0, OK;
	secret_hash(token, hash);
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"SELECT l.user_id FROM password_link l JOIN app_user u ON u.id = l.user_id"
		" WHERE l.token_hash = :hash AND l.used_at IS NULL AND l.expires_at > :now"
		" AND u.disabled = 0");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":now", now);
	int rc = stmt_step(st, e);
	*user = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int password_link_open(struct db *db, const char *token, struct err *e)
{
	int64_t user;
	if (open_user(db, token, &user, e) != OK)
		return ERR;
	return user != 0;
}

int password_link_use(struct db *db, struct arena *a, const char *token, const char *password,
		      const char **login, struct err *e)
{
	char hash[SECRET_PWHASH_LEN], now[CLOCK_ISO_LEN + 1];
	int64_t user;
	if (password_check(password, e) != OK || secret_password_hash(password, hash, e) != OK)
		return ERR;
	clock_iso_now(0, now);
	if (db_begin(db, e) != OK)
		return ERR;
	int rc = open_user(db, token, &user, e);
	if (rc == OK && !user)
		rc = err_set(e, ERR_NOT_FOUND, NULL,
			     _("This link does not work any more: it has been used, or it has expired. Ask for a new one."));
	struct stmt *st;
	if (rc == OK)
		rc = user_new_password_in_tx(db, a, user, hash, login, e);
	if (rc == OK) {
		st = db_prepare(db, "UPDATE password_link SET used_at = :now"
				    " WHERE user_id = :id AND used_at IS NULL");
		stmt_bind_text(st, ":now", now);
		stmt_bind_int(st, ":id", user);
		rc = stmt_run(st, e);
	}
	if (rc == OK)
		rc = audit_in_tx(db, *login, "user.password_link", "user", user, NULL, NULL, e);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}
