/* user.c: accounts and roles (see user.h). */
#include "model/user.h"
#include "model/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/secret.h"
#include "base/utf8.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const role_codes[ROLE_COUNT] = {"admin", "editor", "reporter", "reader"};

const char *role_code(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_codes[r] : "reader";
}

int role_parse(const char *code, enum role *r)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (code && strcmp(code, role_codes[i]) == 0) {
			*r = (enum role)i;
			return OK;
		}
	return ERR;
}

int password_check(const char *password, struct err *e)
{
	size_t n = strlen(password);
	if (!utf8_valid(password, n))
		return err_set(e, ERR_INPUT, "password", _("The password is not valid UTF-8 text."));
	if (n > PASSWORD_MAX_BYTES)
		return err_set(e, ERR_INPUT, "password", _("The password is too long (at most %d bytes)."),
			       PASSWORD_MAX_BYTES);
	if (utf8_count(password, n) < PASSWORD_MIN_CHARS)
		return err_set(e, ERR_INPUT, "password",
			       _("The password must have at least %d characters; a few words in a row make a good one."),
			       PASSWORD_MIN_CHARS);
	return OK;
}

int login_check(const char *login, struct err *e)
{
	size_t n = strlen(login);
	if (n < 2 || n > 64)
		return err_set(e, ERR_INPUT, "login", _("A login name has 2 to 64 characters."));
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-' || c == '@'))
			return err_set(e, ERR_INPUT, "login",
				       _("A login name may only use a-z, 0-9 and . _ - @ (\"%s\" does not)."),
				       login);
	}
	if (strcmp(login, "new") == 0)
		return err_set(e, ERR_INPUT, "login",
			       _("\"new\" cannot be a login name; choose another."));
	return OK;
}

/* login in lower case, in arena. */
static char *normal_login(struct arena *a, const char *login)
{
	char *s = arena_strdup(a, login);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return s;
}

/* The id of login, or ERR_NOT_FOUND. */
static int user_id_of(struct db *db, const char *login, int64_t *id, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT id FROM app_user WHERE login = :login");
	stmt_bind_text(st, ":login", login);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "login", _("There is no user called \"%s\"."), login);
	return rc == DB_ROW ? OK : ERR;
}

static int end_sessions_in_tx(struct db *db, int64_t user, struct err *e)
{
	struct stmt *st = db_prepare(db, "DELETE FROM session WHERE user_id = :id");
	stmt_bind_int(st, ":id", user);
	return stmt_run(st, e);
}

int user_new_password_in_tx(struct db *db, struct arena *a, int64_t user, const char *hash,
			    const char **login, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db, "UPDATE app_user SET password_hash = :hash, updated_at = :now,"
					 " version = version + 1 WHERE id = :id RETURNING login");
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":id", user);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*login = arena_strdup(a, col_text(st, 0));
	else if (rc == DB_DONE)
		rc = err_set(e, ERR_NOT_FOUND, NULL, _("There is no such user."));
	stmt_finish(st);
	if (rc != DB_ROW)
		return ERR;
	/* A new password ends the sessions the old one opened. */
	return end_sessions_in_tx(db, user, e);
}

static int insert_grant(struct db *db, int64_t user, enum role role, int64_t org,
			struct err *e)
{
	if ((role == ROLE_ADMIN) != (org == 0))
		return err_set(e, ERR_INPUT, "org", role == ROLE_ADMIN
			? _("The admin role is not held in an organisation.")
			: _("This role is held in an organisation: give it with --org."));
	struct stmt *st = db_prepare(db,
		"INSERT INTO user_role (user_id, role, org_id) VALUES (:user, :role, :org)"
		" ON CONFLICT DO NOTHING");
	stmt_bind_int(st, ":user", user);
	stmt_bind_text(st, ":role", role_code(role));
	if (org)
		stmt_bind_int(st, ":org", org);
	else
		stmt_bind_null(st, ":org");
	return stmt_run(st, e);
}

/* 1 when app_user has a row, 0 when not, ERR. */
static int any_user(struct db *db, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM app_user LIMIT 1");
	int rc = stmt_step(st, e);
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}


/* user_add_new, and when first is set user_add_first_admin. */
static int add(struct db *db, const struct user_new *u, bool first, const char *actor,
	       int64_t *id, struct err *e)
{
	struct arena a = ARENA_INIT;
	const char *login = u->login, *name = u->name, *password = u->password;
	char *norm = normal_login(&a, login);
	char hash[SECRET_PWHASH_LEN];
	char now[CLOCK_ISO_LEN + 1];
	int rc = ERR;
	if (login_check(norm, e) != OK || password_check(password, e) != OK)
		goto out;
	if (!*name || !utf8_valid(name, strlen(name))) {
		err_set(e, ERR_INPUT, "name", _("A user needs a name (valid UTF-8 text)."));
		goto out;
	}
	if (u->email && *u->email && !user_email_valid(u->email)) {
		err_set(e, ERR_INPUT, "email", _("\"%s\" is not an e-mail address."), u->email);
		goto out;
	}
	if (u->lang && strcmp(u->lang, "nn") && strcmp(u->lang, "nb") && strcmp(u->lang, "en")) {
		err_set(e, ERR_INPUT, "lang", _("The language is nn, nb or en."));
		goto out;
	}
	if (secret_password_hash(password, hash, e) != OK || db_begin(db, e) != OK)
		goto out;
	if (first) {
		int any = any_user(db, e);
		if (any != 0) {
			if (any > 0)
				err_set(e, ERR_CONFLICT, "", _("There are users already."));
			db_rollback(db);
			goto out;
		}
	}
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"INSERT INTO app_user (login, name, password_hash, email, lang, created_at, updated_at)"
		" VALUES (:login, :name, :hash, NULLIF(:email, ''), COALESCE(:lang, 'nn'), :now, :now)"
		" ON CONFLICT (login) DO NOTHING RETURNING id");
	stmt_bind_text_or_null(st, ":email", u->email);
	stmt_bind_text_or_null(st, ":lang", u->lang);
	stmt_bind_text(st, ":login", norm);
	stmt_bind_text(st, ":name", name);
	stmt_bind_text(st, ":hash", hash);
	stmt_bind_text(st, ":now", now);
	int step = stmt_step(st, e);
	if (step == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	if (step == DB_DONE)
		err_set(e, ERR_CONFLICT, "login", _("There is already a user called \"%s\"."), norm);
	if (step != DB_ROW || insert_grant(db, *id, u->role, u->org_id, e) != OK ||
	    audit_in_tx(db, actor, "user.add", "user", *id, NULL, norm, e) != OK ||
	    (u->then && u->then(db, *id, u->ctx, e) != OK)) {
		db_rollback(db);
		goto out;
	}
	rc = db_commit(db, e);
out:
	arena_release(&a);
	return rc;
}

int user_add(struct db *db, const char *login, const char *name,
	     const char *password, enum role role, int64_t org_id,
	     const char *actor, int64_t *id, struct err *e)
{
	struct user_new u = {login, name, password, role, org_id, NULL, NULL, NULL, NULL};
	return add(db, &u, false, actor, id, e);
}

int user_add_new(struct db *db, const struct user_new *u, const char *actor, int64_t *id,
		 struct err *e)
{
	return add(db, u, false, actor, id, e);
}

int user_add_first_admin(struct db *db, const char *login, const char *name,
			 const char *password, const char *actor, int64_t *id,
			 struct err *e)
{
	struct user_new u = {login, name, password, ROLE_ADMIN, 0, NULL, NULL, NULL, NULL};
	return add(db, &u, true, actor, id, e);
}

int user_any(struct db *db, struct err *e)
{
	return any_user(db, e);
}

int user_role_check(struct db *db, enum role role, int64_t org_id, struct err *e)
{
	if ((unsigned)role >= ROLE_COUNT)
		return err_set(e, ERR_INPUT, "role", _("Choose a role."));
	if (role == ROLE_ADMIN)
		return org_id ? err_set(e, ERR_INPUT, "org",
					_("The admin role is not held in an organisation."))
			      : OK;
	if (!org_id)
		return err_set(e, ERR_INPUT, "org", _("Choose the organisation the role is held in."));
	struct stmt *st = db_prepare(db, "SELECT name, kind FROM org WHERE id = :id");
	stmt_bind_int(st, ":id", org_id);
	int step = stmt_step(st, e), rc = step == DB_ROW ? OK : ERR;
	if (step == DB_DONE)
		err_set(e, ERR_INPUT, "org", _("There is no such organisation."));
	else if (step == DB_ROW && role == ROLE_EDITOR && strcmp(col_text(st, 1), "council") != 0)
		rc = err_set(e, ERR_INPUT, "org",
			     _("An editor works for a regional council; %s is not one."),
			     col_text(st, 0));
	stmt_finish(st);
	return rc;
}

int user_revoke(struct db *db, const char *login, enum role role,
		int64_t org_id, const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	char *norm = normal_login(&a, login);
	int64_t id = 0;
	int rc = ERR;
	if (role == ROLE_ADMIN && actor && strcmp(norm, actor) == 0) {
		err_set(e, ERR_INPUT, "role",
			_("You cannot take away your own admin role; another admin must do it."));
		goto out;
	}
	if (db_begin(db, e) != OK)
		goto out;
	char what[64];
	snprintf(what, sizeof what, "%s:%lld", role_code(role), (long long)org_id);
	if (user_id_of(db, norm, &id, e) != OK)
		goto fail;
	struct stmt *st = db_prepare(db,
		"DELETE FROM user_role WHERE user_id = :user AND role = :role"
		" AND COALESCE(org_id, 0) = :org");
	stmt_bind_int(st, ":user", id);
	stmt_bind_text(st, ":role", role_code(role));
	stmt_bind_int(st, ":org", org_id);
	if (stmt_run(st, e) != OK)
		goto fail;
	if (db_changes(db) == 0) {
		err_set(e, ERR_NOT_FOUND, "role", _("%s does not hold that role."), norm);
		goto fail;
	}
	if (audit_in_tx(db, actor, "user.revoke", "user", id, what, NULL, e) != OK)
		goto fail;
	rc = db_commit(db, e);
	goto out;
fail:
	db_rollback(db);
out:
	arena_release(&a);
	return rc;
}

int user_grant(struct db *db, const char *login, enum role role,
	       int64_t org_id, const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	char *norm = normal_login(&a, login);
	int64_t id = 0;
	int rc = ERR;
	if (db_begin(db, e) != OK)
		goto out;
	char what[64];
	snprintf(what, sizeof what, "%s:%lld", role_code(role), (long long)org_id);
	if (user_id_of(db, norm, &id, e) != OK || insert_grant(db, id, role, org_id, e) != OK ||
	    audit_in_tx(db, actor, "user.grant", "user", id, NULL, what, e) != OK) {
		db_rollback(db);
		goto out;
	}
	rc = db_commit(db, e);
out:
	arena_release(&a);
	return rc;
}

/* Changes login's password hash and/or disabled flag (hash NULL and
 * disabled -1 keep them), ending the user's sessions when end_sessions is
 * set; one transaction with an audit row for action. */
static int update_user(struct db *db, const char *login, const char *hash,
		       int disabled, bool end_sessions, const char *action,
		       const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	char *norm = normal_login(&a, login);
	char now[CLOCK_ISO_LEN + 1];
	int64_t id = 0;
	int rc = ERR;
	if (db_begin(db, e) != OK)
		goto out;
	clock_iso_now(0, now);
	if (user_id_of(db, norm, &id, e) != OK)
		goto fail;
	struct stmt *st = db_prepare(db,
		"UPDATE app_user SET password_hash = COALESCE(:hash, password_hash),"
		" disabled = COALESCE(:disabled, disabled), updated_at = :now,"
		" version = version + 1 WHERE id = :id");
	stmt_bind_text(st, ":hash", hash);
	if (disabled >= 0)
		stmt_bind_int(st, ":disabled", disabled);
	else
		stmt_bind_null(st, ":disabled");
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":id", id);
	if (stmt_run(st, e) != OK || (end_sessions && end_sessions_in_tx(db, id, e) != OK) ||
	    audit_in_tx(db, actor, action, "user", id, NULL, NULL, e) != OK)
		goto fail;
	rc = db_commit(db, e);
	goto out;
fail:
	db_rollback(db);
out:
	arena_release(&a);
	return rc;
}

int user_set_password(struct db *db, const char *login, const char *password,
		      const char *actor, struct err *e)
{
	char hash[SECRET_PWHASH_LEN];
	if (password_check(password, e) != OK || secret_password_hash(password, hash, e) != OK)
		return ERR;
	/* A new password ends the sessions the old one opened. */
	return update_user(db, login, hash, -1, true, "user.passwd", actor, e);
}

int user_set_disabled(struct db *db, const char *login, bool disabled,
		      const char *actor, struct err *e)
{
	if (disabled && actor && strcasecmp(login, actor) == 0)
		return err_set(e, ERR_INPUT, "disabled",
			       _("You cannot disable your own account; another admin must do it."));
	return update_user(db, login, NULL, disabled, disabled,
			   disabled ? "user.disable" : "user.enable", actor, e);
}

static int load_grants(struct db *db, struct arena *a, struct user *u, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT r.role, COALESCE(r.org_id, 0), o.name FROM user_role r"
		" LEFT JOIN org o ON o.id = r.org_id WHERE r.user_id = :user ORDER BY r.id");
	stmt_bind_int(st, ":user", u->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct grant *g = ARENA_PUSH(a, u->grants);
		if (role_parse(col_text(st, 0), &g->role) != OK)
			g->role = ROLE_READER;
		g->org_id = col_int(st, 1);
		g->org_name = col_text(st, 2) ? arena_strdup(a, col_text(st, 2)) : NULL;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int user_list_all(struct db *db, struct arena *a, user_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT id, login, name, disabled FROM app_user ORDER BY login");
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct user *u = ARENA_PUSH(a, *out);
		u->id = col_int(st, 0);
		u->login = arena_strdup(a, col_text(st, 1));
		u->name = arena_strdup(a, col_text(st, 2));
		u->disabled = col_int(st, 3) != 0;
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	for (size_t i = 0; i < out->count; i++)
		if (load_grants(db, a, &out->items[i], e) != OK)
			return ERR;
	return OK;
}

int user_load_by_login(struct db *db, struct arena *a, const char *login,
		       struct user **out, struct err *e)
{
	int64_t id = 0;
	*out = NULL;
	if (user_id_of(db, normal_login(a, login), &id, e) != OK)
		return ERR;
	return user_load(db, a, id, out, e);
}

int user_load(struct db *db, struct arena *a, int64_t id, struct user **out,
	      struct err *e)
{
	*out = NULL;
	struct stmt *st = db_prepare(db,
		"SELECT id, login, name, disabled FROM app_user WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	struct user *u = NULL;
	if (rc == DB_ROW) {
		u = arena_alloc(a, sizeof *u);
		u->id = col_int(st, 0);
		u->login = arena_strdup(a, col_text(st, 1));
		u->name = arena_strdup(a, col_text(st, 2));
		u->disabled = col_int(st, 3) != 0;
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (!u)
		return err_set(e, ERR_NOT_FOUND, "user", _("There is no such user."));
	if (load_grants(db, a, u, e) != OK)
		return ERR;
	*out = u;
	return OK;
}

int user_credentials(struct db *db, struct arena *a, const char *login,
		     int64_t *id, const char **hash, bool *disabled,
		     struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, password_hash, disabled FROM app_user WHERE login = :login");
	stmt_bind_text(st, ":login", normal_login(a, login));
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		*id = col_int(st, 0);
		*hash = arena_strdup(a, col_text(st, 1));
		*disabled = col_int(st, 2) != 0;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

bool user_email_valid(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || !at || at == s || !at[1] || strchr(at + 1, '@') || !strchr(at, '.'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("<>,;:\\\"()[]", *p))
			return false;
	return true;
}

int user_set_contact(struct db *db, const char *login, const char *email, const char *lang,
		     const char *actor, struct err *e)
{
	return user_set_contact_at(db, login, 0, email, lang, actor, e);
}

int user_set_contact_at(struct db *db, const char *login, int64_t version, const char *email,
			const char *lang, const char *actor, struct err *e)
{
	if (email && *email && !user_email_valid(email))
		return err_set(e, ERR_INPUT, "email", _("\"%s\" is not an e-mail address."), email);
	if (lang && strcmp(lang, "nn") && strcmp(lang, "nb") && strcmp(lang, "en"))
		return err_set(e, ERR_INPUT, "lang", _("The language is nn, nb or en."));
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"UPDATE app_user SET email = CASE WHEN :set_email THEN NULLIF(:email, '') ELSE email END,"
		" lang = COALESCE(:lang, lang), version = version + 1 WHERE login = lower(:login)"
		" AND (:v = 0 OR version = :v) RETURNING id");
	stmt_bind_int(st, ":v", version);
	stmt_bind_int(st, ":set_email", email != NULL);
	stmt_bind_text_or_null(st, ":email", email);
	stmt_bind_text_or_null(st, ":lang", lang);
	stmt_bind_text(st, ":login", login);
	int rc = stmt_step(st, e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == DB_DONE && version)
		rc = err_set(e, ERR_CONFLICT, NULL,
			     _("Someone else changed this while you were working on it. Nothing was saved."));
	else if (rc == DB_DONE)
		rc = err_set(e, ERR_NOT_FOUND, NULL, _("There is no user called \"%s\"."), login);
	else if (rc == DB_ROW)
		rc = audit_field_in_tx(db, actor, "user.contact", "user", id, 0, "email", NULL,
				       email ? email : lang, e);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int user_contact(struct db *db, struct arena *a, int64_t id, const char **email, const char **lang,
		 int64_t *version, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT email, lang, version FROM app_user WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		*email = col_text(st, 0) ? arena_strdup(a, col_text(st, 0)) : NULL;
		*lang = arena_strdup(a, col_text(st, 1));
		*version = col_int(st, 2);
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such user."));
	return rc == DB_ROW ? OK : ERR;
}
