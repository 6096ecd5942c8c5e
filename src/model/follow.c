/* follow.c: following and the daily digests' data (see follow.h). */
#include "model/follow.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <string.h>

static bool kind_ok(const char *kind)
{
	return kind && (strcmp(kind, "plan") == 0 || strcmp(kind, "measure") == 0 ||
			strcmp(kind, "project") == 0);
}

int follow_add(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	if (!kind_ok(kind))
		return err_set(e, ERR_INPUT, "kind", _("Only a plan, a measure or a project can be followed."));
	clock_iso_now(0, now);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"INSERT INTO follow (user_id, kind, target_id, created_at) VALUES (:u, :k, :id, :now)"
		" ON CONFLICT DO NOTHING");
	stmt_bind_int(st, ":u", user);
	stmt_bind_text(st, ":k", kind);
	stmt_bind_int(st, ":id", id);
	stmt_bind_text(st, ":now", now);
	int rc = stmt_run(st, e);
	if (rc == OK) { /* the digests start from now */
		st = db_prepare(db,
			"INSERT INTO follow_digest (user_id, last_audit_id)"
			" VALUES (:u, (SELECT COALESCE(MAX(id), 0) FROM audit)) ON CONFLICT DO NOTHING");
		stmt_bind_int(st, ":u", user);
		rc = stmt_run(st, e);
	}
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int follow_remove(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"DELETE FROM follow WHERE user_id = :u AND kind = :k AND target_id = :id");
	stmt_bind_int(st, ":u", user);
	stmt_bind_text(st, ":k", kind ? kind : "");
	stmt_bind_int(st, ":id", id);
	return stmt_run(st, e);
}

int follow_is(struct db *db, int64_t user, const char *kind, int64_t id, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM follow WHERE user_id = :u AND kind = :k AND target_id = :id");
	stmt_bind_int(st, ":u", user);
	stmt_bind_text(st, ":k", kind ? kind : "");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	int n = rc == DB_ROW ? (int)col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? n > 0 : ERR;
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

int follow_due(struct db *db, struct arena *a, const char *today, follow_user_list *out,
	       struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT u.id, u.login, u.name, u.email, u.lang, d.last_audit_id"
		" FROM follow_digest d JOIN app_user u ON u.id = d.user_id"
		" WHERE u.disabled = 0 AND u.email IS NOT NULL AND COALESCE(d.last_sent_on, '') < :today"
		" AND EXISTS (SELECT 1 FROM follow f WHERE f.user_id = u.id)"
		" AND d.last_audit_id < (SELECT COALESCE(MAX(id), 0) FROM audit) ORDER BY u.id");
	stmt_bind_text(st, ":today", today);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct follow_user *u = ARENA_PUSH(a, *out);
		u->id = col_int(st, 0);
		u->login = dup(a, col_text(st, 1));
		u->name = dup(a, col_text(st, 2));
		u->email = dup(a, col_text(st, 3));
		u->lang = dup(a, col_text(st, 4));
		u->last_audit_id = col_int(st, 5);
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	/* The addresses following a published plan, confirmed. */
	st = db_prepare(db,
		"SELECT fa.id, fa.plan_id, fa.email, fa.lang, fa.last_audit_id FROM follow_address fa"
		" JOIN plan p ON p.id = fa.plan_id WHERE fa.confirmed_at IS NOT NULL AND p.published = 1"
		" AND COALESCE(fa.last_sent_on, '') < :today"
		" AND fa.last_audit_id < (SELECT COALESCE(MAX(id), 0) FROM audit) ORDER BY fa.id");
	stmt_bind_text(st, ":today", today);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct follow_user *u = ARENA_PUSH(a, *out);
		u->address_id = col_int(st, 0);
		u->plan_id = col_int(st, 1);
		u->email = dup(a, col_text(st, 2));
		u->name = u->email;
		u->login = "";
		u->lang = dup(a, col_text(st, 3));
		u->last_audit_id = col_int(st, 4);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int follow_latest(struct db *db, int64_t *id, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM audit");
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

int follow_skip(struct db *db, const struct follow_user *u, int64_t upto, struct err *e)
{
	struct stmt *st = db_prepare(db, u->address_id
		? "UPDATE follow_address SET last_audit_id = MAX(last_audit_id, :upto) WHERE id = :u"
		: "UPDATE follow_digest SET last_audit_id = MAX(last_audit_id, :upto) WHERE user_id = :u");
	stmt_bind_int(st, ":upto", upto);
	stmt_bind_int(st, ":u", u->address_id ? u->address_id : u->id);
	return stmt_run(st, e);
}

int follow_changes(struct db *db, struct arena *a, const struct follow_user *u, int64_t upto,
		   int limit, follow_change_list *out, struct err *e)
{
	/* What a history row is about: its plan, its measure (a report's), or
	 * its project (a project's parts'). */
	struct stmt *st = db_prepare(db,
		"WITH x AS (SELECT a.*,"
		"  CASE a.entity WHEN 'measure' THEN a.entity_id"
		"   WHEN 'report' THEN (SELECT measure_id FROM report WHERE id = a.entity_id) END AS m,"
		"  CASE a.entity WHEN 'project' THEN a.entity_id"
		"   WHEN 'grant' THEN (SELECT project_id FROM project_grant WHERE id = a.entity_id)"
		"   WHEN 'point' THEN (SELECT project_id FROM project_point WHERE id = a.entity_id)"
		"   WHEN 'project_role' THEN (SELECT project_id FROM project_role WHERE id = a.entity_id)"
		"   WHEN 'project_report' THEN (SELECT project_id FROM project_report WHERE id = a.entity_id)"
		"  END AS pr FROM audit a"
		"  WHERE a.id > :last AND a.id <= :upto AND a.actor <> :login)"
		" SELECT x.id, x.at, x.actor, x.action, x.entity, x.field, x.new_value,"
		"  CASE WHEN x.m IS NOT NULL THEN '/measure/' || x.m"
		"   WHEN x.pr IS NOT NULL THEN '/project/' || x.pr"
		"   ELSE '/plan/' || (SELECT slug FROM plan WHERE id = x.plan_id) END"
		" FROM x WHERE (:plan > 0 AND x.plan_id = :plan)"
		" OR EXISTS (SELECT 1 FROM follow f WHERE f.user_id = :u AND ("
		"  (f.kind = 'plan' AND f.target_id = x.plan_id)"
		"  OR (f.kind = 'measure' AND f.target_id = x.m)"
		"  OR (f.kind = 'project' AND f.target_id = x.pr)))"
		" ORDER BY x.id LIMIT :n");
	stmt_bind_int(st, ":last", u->last_audit_id);
	stmt_bind_int(st, ":upto", upto);
	stmt_bind_text(st, ":login", u->login ? u->login : "");
	stmt_bind_int(st, ":u", u->id);
	stmt_bind_int(st, ":plan", u->address_id ? u->plan_id : 0);
	stmt_bind_int(st, ":n", limit);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct follow_change *c = ARENA_PUSH(a, *out);
		c->audit_id = col_int(st, 0);
		c->at = dup(a, col_text(st, 1));
		c->actor = dup(a, col_text(st, 2));
		c->action = dup(a, col_text(st, 3));
		c->entity = dup(a, col_text(st, 4));
		c->field = dup(a, col_text(st, 5));
		c->new_value = dup(a, col_text(st, 6));
		c->href = dup(a, col_text(st, 7));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int follow_digested_in_tx(struct db *db, const struct follow_user *u, int64_t last,
			  const char *today, const char *token, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1];
	secret_hash(token, hash);
	struct stmt *st = db_prepare(db, u->address_id
		? "UPDATE follow_address SET last_audit_id = MAX(last_audit_id, :last), last_sent_on = :today,"
		  " unsubscribe_hash = :hash WHERE id = :u"
		: "UPDATE follow_digest SET last_audit_id = MAX(last_audit_id, :last), last_sent_on = :today,"
		  " unsubscribe_hash = :hash WHERE user_id = :u");
	stmt_bind_int(st, ":last", last);
	stmt_bind_text(st, ":today", today);
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_int(st, ":u", u->address_id ? u->address_id : u->id);
	return stmt_run(st, e);
}

int follow_unsubscribe(struct db *db, const char *token, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1];
	if (!token || strlen(token) != SECRET_TOKEN_LEN)
		return 0;
	secret_hash(token, hash);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"DELETE FROM follow WHERE user_id = (SELECT user_id FROM follow_digest"
		" WHERE unsubscribe_hash = :hash)");
	stmt_bind_text(st, ":hash", hash);
	int rc = stmt_run(st, e);
	struct stmt *known = db_prepare(db,
		"SELECT (SELECT COUNT(*) FROM follow_digest WHERE unsubscribe_hash = :hash)"
		" + (SELECT COUNT(*) FROM follow_address WHERE unsubscribe_hash = :hash)");
	stmt_bind_text(known, ":hash", hash);
	int k = rc == OK ? stmt_step(known, e) : ERR;
	int64_t found = k == DB_ROW ? col_int(known, 0) : 0;
	stmt_finish(known);
	if (rc == OK && k != ERR) {
		struct stmt *gone = db_prepare(db, "DELETE FROM follow_address WHERE unsubscribe_hash = :hash");
		stmt_bind_text(gone, ":hash", hash);
		rc = stmt_run(gone, e);
	}
	if (rc != OK || k == ERR) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e) == OK ? found > 0 : ERR;
}

/* --- by e-mail, without a user --- */

int follow_address_ask_in_tx(struct db *db, int64_t plan, const char *email, const char *lang,
			     char token[SECRET_TOKEN_LEN + 1], struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1];
	token[0] = '\0';
	if (!email || !user_email_valid(email))
		return err_set(e, ERR_INPUT, "email", _("\"%s\" is not an e-mail address."),
			       email ? email : "");
	if (secret_init(e) != OK)
		return ERR;
	char fresh[SECRET_TOKEN_LEN + 1];
	secret_token(fresh);
	secret_hash(fresh, hash);
	clock_iso_now(0, now);
	/* A new token for an address not confirmed yet, at most once a day (so
	 * the form cannot flood a mailbox, and the day's link keeps working);
	 * none for one that is confirmed. */
	struct stmt *st = db_prepare(db,
		"INSERT INTO follow_address (email, lang, plan_id, confirm_hash, created_at)"
		" VALUES (lower(:email), :lang, :plan, :hash, :now)"
		" ON CONFLICT (email, plan_id) DO UPDATE SET confirm_hash = excluded.confirm_hash,"
		" lang = excluded.lang, created_at = excluded.created_at"
		" WHERE confirmed_at IS NULL AND substr(created_at, 1, 10) < substr(excluded.created_at, 1, 10)"
		" RETURNING id");
	stmt_bind_text(st, ":email", email);
	stmt_bind_text(st, ":lang", lang && (!strcmp(lang, "nb") || !strcmp(lang, "en")) ? lang : "nn");
	stmt_bind_int(st, ":plan", plan);
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":now", now);
	int rc = stmt_step(st, e);
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (rc == DB_ROW)
		memcpy(token, fresh, sizeof fresh);
	return OK;
}

int follow_address_pending(struct db *db, const char *token, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1];
	if (!token || strlen(token) != SECRET_TOKEN_LEN)
		return 0;
	secret_hash(token, hash);
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM follow_address WHERE confirm_hash = :hash AND confirmed_at IS NULL");
	stmt_bind_text(st, ":hash", hash);
	int rc = stmt_step(st, e);
	int n = rc == DB_ROW ? (int)col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == ERR ? ERR : n > 0;
}

int follow_address_confirm(struct db *db, const char *token, struct err *e)
{
	char hash[SECRET_HASH_LEN + 1], now[CLOCK_ISO_LEN + 1];
	if (!token || strlen(token) != SECRET_TOKEN_LEN)
		return 0;
	secret_hash(token, hash);
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"UPDATE follow_address SET confirmed_at = COALESCE(confirmed_at, :now),"
		" last_audit_id = CASE WHEN confirmed_at IS NULL"
		"  THEN (SELECT COALESCE(MAX(id), 0) FROM audit) ELSE last_audit_id END"
		" WHERE confirm_hash = :hash RETURNING id");
	stmt_bind_text(st, ":now", now);
	stmt_bind_text(st, ":hash", hash);
	int rc = stmt_step(st, e);
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}
