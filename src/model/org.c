/*
 * org.c: organisations, aliases and members (see org.h).
 */
#include "model/org.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "model/audit.h"
#include "model/node.h"
#include "db/db.h"
#include "model/visible.h"

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

/* An organisation from columns id, name, kind, owner id and, with_owner,
 * the owner's name and the number of members. */
static void read_org(struct stmt *st, struct arena *a, struct org *o, bool with_owner)
{
	o->id = col_int(st, 0);
	o->name = arena_strdup(a, col_text(st, 1));
	o->kind = arena_strdup(a, col_text(st, 2));
	o->owner_id = col_int(st, 3);
	if (with_owner) {
		o->owner = col_text(st, 4) ? arena_strdup(a, col_text(st, 4)) : NULL;
		o->members = (int)col_int(st, 5);
	}
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
		"SELECT id, name, kind FROM org WHERE COALESCE(owner_org_id, 0) IN (0, :scope)"
		" AND name_key = :key ORDER BY owner_org_id IS NULL, id LIMIT 1");
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
		" WHERE COALESCE(al.scope_org_id, 0) IN (0, :scope) AND al.alias_key = :key"
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
		read_org(st, a, o, false);
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
		" VALUES (:name, :key, :kind, :owner, :now)"
		" RETURNING id");
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	stmt_bind_text(st, ":now", now);
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

int org_usable_in(struct db *db, int64_t org, int64_t council, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM org WHERE id = :org"
		" AND (owner_org_id IS NULL OR owner_org_id = :council OR id = :council)");
	stmt_bind_int(st, ":org", org);
	stmt_bind_int(st, ":council", council);
	int rc = stmt_step(st, e);
	int n = rc == DB_ROW ? (int)col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? n > 0 : ERR;
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
		read_org(st, a, o, true);
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

/* --- the registry and one organisation's page --- */

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

int org_load(struct db *db, struct arena *a, int64_t id, struct org *out,
	     struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), w.name,"
		" (SELECT COUNT(*) FROM org_member m WHERE m.group_id = o.id)"
		" FROM org o LEFT JOIN org w ON w.id = o.owner_org_id WHERE o.id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		out->id = col_int(st, 0);
		out->name = arena_strdup(a, col_text(st, 1));
		out->kind = arena_strdup(a, col_text(st, 2));
		out->owner_id = col_int(st, 3);
		out->owner = dup_or_null(a, col_text(st, 4));
		out->members = (int)col_int(st, 5);
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "org", _("There is no such organisation."));
	return rc == DB_ROW ? OK : ERR;
}

/* The folded q as a LIKE pattern "%q%", with %, _ and \ escaped. */
static void like_pattern(struct buf *out, const char *q)
{
	struct buf key = BUF_INIT;
	fold_key(&key, q);
	buf_adds(out, "%");
	for (size_t i = 0; i < key.len; i++) {
		char c = key.data[i];
		if (c == '%' || c == '_' || c == '\\')
			buf_addf(out, "\\%c", c);
		else
			buf_addf(out, "%c", c);
	}
	buf_adds(out, "%");
	buf_release(&key);
}

#define ORG_MATCH(o) \
	"(:pattern = '%%' OR " o ".name_key LIKE :pattern ESCAPE '\\'" \
	" OR EXISTS (SELECT 1 FROM org_alias al WHERE al.org_id = " o ".id" \
	" AND al.alias_key LIKE :pattern ESCAPE '\\'))"

int org_search(struct db *db, struct arena *a, int64_t user, const char *q,
	       int limit, int offset, struct org_page *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf pattern = BUF_INIT;
	like_pattern(&pattern, q ? q : "");
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM org o WHERE " ORG_VISIBLE("o") " AND " ORG_MATCH("o"));
	stmt_bind_int(st, ":user", user);
	stmt_bind_text(st, ":pattern", pattern.data);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		out->total = col_int(st, 0);
	stmt_finish(st);
	if (rc != DB_ROW) {
		buf_release(&pattern);
		return ERR;
	}
	st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), w.name,"
		" (SELECT COUNT(*) FROM org_member mb WHERE mb.group_id = o.id)"
		" FROM org o LEFT JOIN org w ON w.id = o.owner_org_id"
		" WHERE " ORG_VISIBLE("o") " AND " ORG_MATCH("o")
		" ORDER BY o.name_key, o.id LIMIT :limit OFFSET :offset");
	stmt_bind_int(st, ":user", user);
	stmt_bind_text(st, ":pattern", pattern.data);
	stmt_bind_int(st, ":limit", limit > 0 ? limit : 50);
	stmt_bind_int(st, ":offset", offset > 0 ? offset : 0);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org *o = ARENA_PUSH(a, out->orgs);
		read_org(st, a, o, true);
	}
	stmt_finish(st);
	buf_release(&pattern);
	return rc == ERR ? ERR : OK;
}

int org_list_councils(struct db *db, struct arena *a, org_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT id, name, kind, COALESCE(owner_org_id, 0) FROM org"
		" WHERE kind = 'council' ORDER BY name_key, id");
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org *o = ARENA_PUSH(a, *out);
		read_org(st, a, o, false);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int org_aliases(struct db *db, struct arena *a, int64_t org, org_alias_list *out,
		struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT al.id, al.alias, COALESCE(al.scope_org_id, 0), s.name, al.collective"
		" FROM org_alias al LEFT JOIN org s ON s.id = al.scope_org_id"
		" WHERE al.org_id = :org ORDER BY al.scope_org_id IS NOT NULL, s.name_key,"
		" al.alias_key, al.id");
	stmt_bind_int(st, ":org", org);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org_alias *al = ARENA_PUSH(a, *out);
		al->id = col_int(st, 0);
		al->alias = arena_strdup(a, col_text(st, 1));
		al->scope_id = col_int(st, 2);
		al->scope = dup_or_null(a, col_text(st, 3));
		al->collective = col_int(st, 4) != 0;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int org_members(struct db *db, struct arena *a, int64_t group,
		org_membership_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, mb.role FROM org_member mb"
		" JOIN org o ON o.id = mb.member_id WHERE mb.group_id = :group"
		" ORDER BY o.name_key, o.id, mb.role");
	stmt_bind_int(st, ":group", group);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct org_membership *m = ARENA_PUSH(a, *out);
		m->id = col_int(st, 0);
		m->name = arena_strdup(a, col_text(st, 1));
		m->kind = arena_strdup(a, col_text(st, 2));
		m->role = arena_strdup(a, col_text(st, 3));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static bool all_digits(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool org_orgnr_valid(const char *s)
{
	static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
	if (!all_digits(s, 9))
		return false;
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (s[i] - '0') * weights[i];
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == s[8] - '0';
}

bool org_municipality_no_valid(const char *s)
{
	return all_digits(s, 4);
}

const char *const org_member_roles[] = {"member", "leader", "deputy", "secretariat",
					"observer", NULL};

bool org_member_role_valid(const char *role)
{
	for (size_t i = 0; role && org_member_roles[i]; i++)
		if (strcmp(role, org_member_roles[i]) == 0)
			return true;
	return false;
}

/* s without its spaces (into a), or s itself when it has none. */
static const char *without_spaces(struct arena *a, const char *s)
{
	if (!s || !strchr(s, ' '))
		return s;
	char *out = arena_strdup(a, s), *w = out;
	for (const char *r = s; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return out;
}

/* Another organisation of council owner (0: shared) already has name. */
static int name_taken(struct db *db, int64_t id, int64_t owner, const char *name,
		      bool *taken, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, name);
	struct stmt *st = db_prepare(db,
		"SELECT 1 FROM org WHERE name_key = :key AND COALESCE(owner_org_id, 0) = :owner"
		" AND id <> :id");
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_int(st, ":owner", owner);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	*taken = rc == DB_ROW;
	stmt_finish(st);
	buf_release(&key);
	return rc == ERR ? ERR : OK;
}

int org_update(struct db *db, int64_t id, int64_t expected_version,
	       const struct patch *given, const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct patch p = *given;
	struct org o;
	bool present, taken = false;
	int rc = ERR;
	const char *v = without_spaces(&a, patch_get(&p, "orgnr", &present));
	if (present) {
		patch_set(&p, "orgnr", v);
		if (v && *v && !org_orgnr_valid(v)) {
			err_set(e, ERR_INPUT, "orgnr",
				_("An organisation number has 9 digits, the last being a check digit; \"%s\" is not one."),
				v);
			goto done;
		}
	}
	v = without_spaces(&a, patch_get(&p, "municipality_no", &present));
	if (present) {
		patch_set(&p, "municipality_no", v);
		if (v && *v && !org_municipality_no_valid(v)) {
			err_set(e, ERR_INPUT, "municipality_no",
				_("A municipality number has 4 digits (4640 for Sogndal)."));
			goto done;
		}
	}
	v = patch_get(&p, "name", &present);
	if (present && v && !utf8_valid(v, strlen(v))) {
		err_set(e, ERR_INPUT, "name", _("The name is not valid UTF-8."));
		goto done;
	}
	if (org_load(db, &a, id, &o, e) != OK)
		goto done;
	if (present && v && name_taken(db, id, o.owner_id, v, &taken, e) != OK)
		goto done;
	if (taken) {
		err_set(e, ERR_INPUT, "name", _("There is already an organisation called \"%s\"."), v);
		goto done;
	}
	rc = node_update(db, NODE_ORG, id, expected_version, &p, actor, e);
	if (rc != OK && e->kind == ERR_CONFLICT && !e->field[0]) {
		/* A conflict at the same version is the name, taken meanwhile. */
		int64_t now = 0;
		struct err ignore = ERR_INIT;
		if (node_version(db, NODE_ORG, id, &now, &ignore) == OK && now == expected_version)
			err_set(e, ERR_INPUT, "name",
				_("There is already an organisation called \"%s\"."), v ? v : "");
	}
done:
	arena_release(&a);
	return rc;
}

/* "Name" of organisation id, for the history (into a); "#id" when gone. */
static const char *org_name_of(struct db *db, struct arena *a, int64_t id)
{
	struct org o;
	struct err ignore = ERR_INIT;
	if (org_load(db, a, id, &o, &ignore) == OK)
		return o.name;
	return arena_printf(a, "#%lld", (long long)id);
}

/* An alias alias is in scope already. */
static int alias_taken(struct db *db, const char *alias, int64_t scope, bool *taken,
		       struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, alias);
	struct stmt *st = db_prepare(db,
		"SELECT 1 FROM org_alias WHERE alias_key = :key AND COALESCE(scope_org_id, 0) = :scope");
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_int(st, ":scope", scope);
	int rc = stmt_step(st, e);
	*taken = rc == DB_ROW;
	stmt_finish(st);
	buf_release(&key);
	return rc == ERR ? ERR : OK;
}

int org_alias_add(struct db *db, int64_t org, const char *alias, int64_t scope,
		  bool collective, const char *actor, struct err *e)
{
	struct buf key = BUF_INIT;
	fold_key(&key, alias ? alias : "");
	size_t klen = key.len;
	buf_release(&key);
	if (!alias || !utf8_valid(alias, strlen(alias)))
		return err_set(e, ERR_INPUT, "alias", _("The name is not valid UTF-8."));
	if (klen == 0)
		return err_set(e, ERR_INPUT, "alias", _("Write the other name."));
	if (strlen(alias) > 200)
		return err_set(e, ERR_INPUT, "alias", _("An alias is at most 200 characters."));
	if (db_begin(db, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	struct err inner = ERR_INIT;
	bool taken = false;
	if (alias_taken(db, alias, scope, &taken, e) != OK) {
		db_rollback(db);
		arena_release(&a);
		return ERR;
	}
	if (taken) {
		db_rollback(db);
		arena_release(&a);
		return err_set(e, ERR_CONFLICT, "alias",
			       _("\"%s\" is already a name or alias in the plans of that council."),
			       alias);
	}
	const char *what = scope ? arena_printf(&a, "%s (%s)%s", alias, org_name_of(db, &a, scope),
						collective ? " *" : "")
				 : arena_printf(&a, "%s%s", alias, collective ? " *" : "");
	if (org_add_alias_in_tx(db, org, alias, scope, collective, &inner) != OK) {
		db_rollback(db);
		arena_release(&a);
		if (inner.kind == ERR_CONFLICT)
			return err_set(e, ERR_CONFLICT, "alias",
				       _("\"%s\" is already a name or alias in the plans of that council."),
				       alias);
		*e = inner;
		return ERR;
	}
	int rc = audit_field_in_tx(db, actor, "org.alias", "org", org, 0, "alias", NULL, what, e);
	arena_release(&a);
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int org_alias_remove(struct db *db, int64_t org, int64_t alias_id,
		     const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"DELETE FROM org_alias WHERE id = :id AND org_id = :org RETURNING alias");
	stmt_bind_int(st, ":id", alias_id);
	stmt_bind_int(st, ":org", org);
	char old[256] = "";
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		snprintf(old, sizeof old, "%s", col_text(st, 0));
	stmt_finish(st);
	if (rc == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "alias", _("That alias is gone already."));
	if (rc != DB_ROW ||
	    audit_field_in_tx(db, actor, "org.alias", "org", org, 0, "alias", old, NULL, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int org_is_within(struct db *db, int64_t org, int64_t group, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"WITH RECURSIVE under(id) AS (SELECT member_id FROM org_member WHERE group_id = :group"
		" UNION SELECT m.member_id FROM org_member m JOIN under u ON m.group_id = u.id)"
		" SELECT EXISTS (SELECT 1 FROM under WHERE id = :org)");
	stmt_bind_int(st, ":group", group);
	stmt_bind_int(st, ":org", org);
	int rc = stmt_step(st, e);
	int within = rc == DB_ROW ? (int)col_int(st, 0) : ERR;
	stmt_finish(st);
	return within;
}

int org_member_add(struct db *db, int64_t group, int64_t member, const char *role,
		   const char *actor, struct err *e)
{
	if (!org_member_role_valid(role))
		return err_set(e, ERR_INPUT, "role", _("Choose a role."));
	if (group == member)
		return err_set(e, ERR_INPUT, "member", _("An organisation cannot be a member of itself."));
	if (db_begin(db, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	int within = org_is_within(db, group, member, e);
	if (within == ERR)
		goto fail;
	if (within) {
		err_set(e, ERR_INPUT, "member",
			_("The group is itself a member of that organisation; memberships cannot go round in a circle."));
		goto fail;
	}
	struct stmt *st = db_prepare(db,
		"INSERT INTO org_member (group_id, member_id, role) VALUES (:group, :member, :role)"
		" ON CONFLICT DO NOTHING");
	stmt_bind_int(st, ":group", group);
	stmt_bind_int(st, ":member", member);
	stmt_bind_text(st, ":role", role);
	struct err inner = ERR_INIT;
	if (stmt_run(st, &inner) != OK) {
		/* The only constraint left is the member's foreign key. */
		if (inner.kind == ERR_CONFLICT)
			err_set(e, ERR_INPUT, "member", _("There is no such organisation."));
		else
			*e = inner;
		goto fail;
	}
	if (db_changes(db) == 0) {
		err_set(e, ERR_CONFLICT, "member", _("It is a member already."));
		goto fail;
	}
	if (audit_field_in_tx(db, actor, "org.member", "org", group, 0, "member", NULL,
			      arena_printf(&a, "%s (%s)", org_name_of(db, &a, member), role), e) != OK)
		goto fail;
	/* Who sees the group's drafts and reports on its measures changed. */
	if (node_touch_plans_of_org(db, group, e) != OK)
		goto fail;
	arena_release(&a);
	return db_commit(db, e);
fail:
	arena_release(&a);
	db_rollback(db);
	return ERR;
}

int org_member_remove(struct db *db, int64_t group, int64_t member,
		      const char *role, const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	struct stmt *st = db_prepare(db,
		"DELETE FROM org_member WHERE group_id = :group AND member_id = :member"
		" AND role = :role");
	stmt_bind_int(st, ":group", group);
	stmt_bind_int(st, ":member", member);
	stmt_bind_text(st, ":role", role ? role : "");
	if (stmt_run(st, e) != OK)
		goto fail;
	if (db_changes(db) == 0) {
		err_set(e, ERR_NOT_FOUND, "member", _("It is not a member (any more)."));
		goto fail;
	}
	if (audit_field_in_tx(db, actor, "org.member", "org", group, 0, "member",
			      arena_printf(&a, "%s (%s)", org_name_of(db, &a, member), role), NULL,
			      e) != OK)
		goto fail;
	if (node_touch_plans_of_org(db, group, e) != OK)
		goto fail;
	arena_release(&a);
	return db_commit(db, e);
fail:
	arena_release(&a);
	db_rollback(db);
	return ERR;
}
