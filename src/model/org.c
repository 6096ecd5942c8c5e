/*
 * org.c: organisations, aliases and members (see org.h).
 */
#include "model/org.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "model/audit.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"council", "municipality", "county", "state",
				    "group", "company", "education", "other"};

bool org_kind_valid(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* The fold key of s, in a buf the caller releases. */
static void fold_key(struct buf *key, const char *s)
{
	utf8_fold(key, s, strlen(s));
}

int org_lookup(struct db *db, struct arena *a, const char *text,
	       int64_t scope, struct org_match *m, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, text);
	int found = 0;
	memset(m, 0, sizeof *m);
	/* The council's own organisations win over shared ones of the same
	 * name; a name wins over an alias. */
	struct stmt *st = db_prepare(db,
		"SELECT id, name, kind FROM org WHERE name_key = :key"
		" AND (owner_org_id IS NULL OR owner_org_id = :scope)"
		" ORDER BY owner_org_id IS NULL, id LIMIT 1");
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_int(st, ":scope", scope);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		m->org_id = col_int(st, 0);
		m->name = arena_strdup(a, col_text(st, 1));
		m->kind = arena_strdup(a, col_text(st, 2));
		found = 1;
	}
	stmt_finish(st);
	if (rc == ERR || found)
		goto out;

	st = db_prepare(db,
		"SELECT o.id, o.name, al.collective, o.kind FROM org_alias al"
		" JOIN org o ON o.id = al.org_id"
		" WHERE al.alias_key = :key"
		" AND (al.scope_org_id IS NULL OR al.scope_org_id = :scope)"
		" ORDER BY al.scope_org_id IS NULL LIMIT 1");
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_int(st, ":scope", scope);
	rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		m->org_id = col_int(st, 0);
		m->name = arena_strdup(a, col_text(st, 1));
		m->collective = col_int(st, 2) != 0;
		m->kind = arena_strdup(a, col_text(st, 3));
		m->via_alias = true;
		found = 1;
	}
	stmt_finish(st);
out:
	buf_release(&key);
	return rc == ERR ? ERR : found;
}

int org_lookup_anywhere(struct db *db, struct arena *a, const char *text,
			struct org_match *m, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, text);
	memset(m, 0, sizeof *m);
	struct stmt *st = db_prepare(db,
		"SELECT id, name, kind FROM org WHERE name_key = :key ORDER BY id");
	stmt_bind_text(st, ":key", key.data);
	int rc, n = 0;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		if (n++ == 0) {
			m->org_id = col_int(st, 0);
			m->name = arena_strdup(a, col_text(st, 1));
			m->kind = arena_strdup(a, col_text(st, 2));
		}
	}
	stmt_finish(st);
	buf_release(&key);
	return rc == ERR ? ERR : n;
}

int org_list_visible(struct db *db, struct arena *a, int64_t scope,
		     org_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT id, name, kind, COALESCE(owner_org_id, 0) FROM org"
		" WHERE owner_org_id IS NULL OR owner_org_id = :scope ORDER BY id");
	stmt_bind_int(st, ":scope", scope);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org *o = ARENA_PUSH(a, *out);
		o->id = col_int(st, 0);
		o->name = arena_strdup(a, col_text(st, 1));
		o->kind = arena_strdup(a, col_text(st, 2));
		o->owner_id = col_int(st, 3);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int org_create_in_tx(struct db *db, const char *name, const char *kind,
		     int64_t owner, int64_t *id, struct err *e)
{
	if (!org_kind_valid(kind))
		return err_set(e, ERR_INPUT, "kind", _("Unknown kind of organisation: %s"), kind);
	struct buf key = BUF_INIT;
	fold_key(&key, name);
	if (key.len == 0) {
		buf_release(&key);
		return err_set(e, ERR_INPUT, "name", _("An organisation needs a name."));
	}
	struct stmt *st = db_prepare(db,
		"INSERT INTO org (name, name_key, kind, owner_org_id, created_at)"
		" VALUES (:name, :key, :kind, :owner, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
		" RETURNING id");
	stmt_bind_text(st, ":name", name);
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_text(st, ":kind", kind);
	if (owner)
		stmt_bind_int(st, ":owner", owner);
	else
		stmt_bind_null(st, ":owner");
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	buf_release(&key);
	return rc == DB_ROW ? OK : ERR;
}

int org_add_alias_in_tx(struct db *db, int64_t org, const char *alias,
			int64_t scope, bool collective, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, alias);
	struct stmt *st = db_prepare(db,
		"INSERT INTO org_alias (org_id, alias, alias_key, scope_org_id, collective)"
		" VALUES (:org, :alias, :key, :scope, :collective)");
	stmt_bind_int(st, ":org", org);
	stmt_bind_text(st, ":alias", alias);
	stmt_bind_text(st, ":key", key.data);
	if (scope)
		stmt_bind_int(st, ":scope", scope);
	else
		stmt_bind_null(st, ":scope");
	stmt_bind_int(st, ":collective", collective);
	int rc = stmt_run(st, e);
	buf_release(&key);
	return rc;
}

int org_ensure_council_in_tx(struct db *db, const char *name, int64_t *id,
			     bool *created, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, name);
	struct stmt *st = db_prepare(db,
		"SELECT id FROM org WHERE name_key = :key AND kind = 'council'"
		" ORDER BY owner_org_id IS NOT NULL, id LIMIT 1");
	stmt_bind_text(st, ":key", key.data);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	buf_release(&key);
	*created = false;
	if (rc == ERR)
		return ERR;
	if (rc == DB_ROW)
		return OK;
	if (org_create_in_tx(db, name, "council", 0, id, e) != OK)
		return ERR;
	*created = true;
	static const struct {
		const char *alias;
		bool collective;
	} standard[] = {
		{"rådet", false}, {"regionrådet", false},
		{"kommunane", true}, {"kommunene", true}, {"alle kommunane", true},
		{"medlemskommunane", true},
	};
	for (size_t i = 0; i < sizeof standard / sizeof *standard; i++)
		if (org_add_alias_in_tx(db, *id, standard[i].alias, *id,
					standard[i].collective, e) != OK)
			return ERR;
	return OK;
}

int org_list_all(struct db *db, struct arena *a, org_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), w.name,"
		" (SELECT COUNT(*) FROM org_member m WHERE m.group_id = o.id)"
		" FROM org o LEFT JOIN org w ON w.id = o.owner_org_id ORDER BY o.name_key, o.id");
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org *o = ARENA_PUSH(a, *out);
		o->id = col_int(st, 0);
		o->name = arena_strdup(a, col_text(st, 1));
		o->kind = arena_strdup(a, col_text(st, 2));
		o->owner_id = col_int(st, 3);
		o->owner = col_text(st, 4) ? arena_strdup(a, col_text(st, 4)) : NULL;
		o->members = (int)col_int(st, 5);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int org_add(struct db *db, const char *name, const char *kind, int64_t owner,
	    const char *actor, int64_t *id, struct err *e)
{
	if (!utf8_valid(name, strlen(name)))
		return err_set(e, ERR_INPUT, "name", _("The name is not valid UTF-8."));
	if (db_begin(db, e) != OK)
		return ERR;
	if (org_create_in_tx(db, name, kind, owner, id, e) != OK ||
	    audit_in_tx(db, actor, "org.add", "org", *id, NULL, name, e) != OK) {
		db_rollback(db);
		if (e->kind == ERR_CONFLICT)
			err_set(e, ERR_CONFLICT, "name", _("There is already an organisation called \"%s\"."), name);
		return ERR;
	}
	return db_commit(db, e);
}

int org_add_member(struct db *db, int64_t group, int64_t member,
		   const char *actor, struct err *e)
{
	if (group == member)
		return err_set(e, ERR_INPUT, "member", _("An organisation cannot be a member of itself."));
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"INSERT INTO org_member (group_id, member_id) VALUES (:group, :member)"
		" ON CONFLICT DO NOTHING");
	stmt_bind_int(st, ":group", group);
	stmt_bind_int(st, ":member", member);
	char what[48];
	snprintf(what, sizeof what, "member=%lld", (long long)member);
	if (stmt_run(st, e) != OK)
		goto fail;
	if (db_changes(db) == 0) {
		err_set(e, ERR_CONFLICT, "member", _("It is a member already."));
		goto fail;
	}
	if (audit_in_tx(db, actor, "org.member", "org", group, NULL, what, e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}
