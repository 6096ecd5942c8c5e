/*
 * org_merge.c: merging two organisations into one (see org_merge.h).
 *
 * Every statement is plain SQL that holds on PostgreSQL too: a row that
 * would collide with one the kept organisation has already is left out of
 * the UPDATE by NOT EXISTS and deleted after it. What still points at the
 * merged organisation when it is deleted makes the delete fail (foreign
 * keys), so nothing is lost silently: the whole merge is rolled back.
 */
#include "model/org_merge.h"
#include "model/audit.h"
#include "model/node.h"
#include "model/org.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "db/db.h"

#include <string.h>

/* Runs sql (a literal; :keep and :other, where it has them, bound here)
 * and adds the rows it changed to *n (may be NULL). */
static int run(struct db *db, const char *sql, int64_t keep, int64_t other, int64_t *n,
	       struct err *e)
{
	struct stmt *st = db_prepare(db, sql);
	if (strstr(sql, ":keep"))
		stmt_bind_int(st, ":keep", keep);
	stmt_bind_int(st, ":other", other);
	if (stmt_run(st, e) != OK)
		return ERR;
	if (n)
		*n += db_changes(db);
	return OK;
}

/* One integer from st (its first column), with :other bound. */
static int count(struct stmt *st, int64_t other, int64_t *n, struct err *e)
{
	stmt_bind_int(st, ":other", other);
	int rc = stmt_step(st, e);
	*n = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

int org_merge_count(struct db *db, int64_t other, struct org_merge_result *out,
		    struct err *e)
{
	memset(out, 0, sizeof *out);
	if (count(db_prepare(db, "SELECT COUNT(*) FROM measure_org WHERE org_id = :other"),
		  other, &out->links, e) != OK ||
	    count(db_prepare(db, "SELECT COUNT(*) FROM plan WHERE owner_org_id = :other"
				 " OR adopted_by_org_id = :other"),
		  other, &out->plans, e) != OK ||
	    count(db_prepare(db, "SELECT COUNT(*) FROM report WHERE org_id = :other"),
		  other, &out->reports, e) != OK ||
	    count(db_prepare(db, "SELECT COUNT(*) FROM user_role WHERE org_id = :other"),
		  other, &out->roles, e) != OK ||
	    count(db_prepare(db, "SELECT COUNT(*) FROM org_member WHERE group_id = :other"
				 " OR member_id = :other"),
		  other, &out->members, e) != OK ||
	    count(db_prepare(db, "SELECT COUNT(*) FROM org_alias WHERE org_id = :other"),
		  other, &out->aliases, e) != OK)
		return ERR;
	out->aliases++; /* its name */
	return OK;
}

/* The organisations kept by other move to keep; two of the same name would
 * collide, which the person must settle first. */
static int move_kept(struct db *db, struct arena *a, int64_t keep, int64_t other,
		     struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT b.name FROM org b JOIN org k ON k.name_key = b.name_key"
		" WHERE b.owner_org_id = :other AND k.owner_org_id = :keep LIMIT 1");
	stmt_bind_int(st, ":keep", keep);
	stmt_bind_int(st, ":other", other);
	int rc = stmt_step(st, e);
	const char *clash = rc == DB_ROW ? arena_strdup(a, col_text(st, 0)) : NULL;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (clash)
		return err_set(e, ERR_CONFLICT, "other",
			       _("Both councils keep an organisation called \"%s\"; merge those two first."),
			       clash);
	/* keep itself, when other kept it, is kept where other was. */
	return run(db,
		"UPDATE org SET owner_org_id = :keep WHERE owner_org_id = :other AND id <> :keep",
		keep, other, NULL, e) != OK ? ERR : run(db,
		"UPDATE org SET owner_org_id = (SELECT x.owner_org_id FROM org x WHERE x.id = :other)"
		" WHERE id = :keep AND owner_org_id = :other", keep, other, NULL, e);
}

/* Every plan showing keep gets a new data version; *n gets how many. */
static int touch_plans(struct db *db, struct arena *a, int64_t keep, int64_t *n,
		       struct err *e)
{
	struct {
		int64_t *items;
		size_t count, cap;
	} plans = {0};
	struct stmt *st = db_prepare(db,
		"SELECT id FROM plan WHERE owner_org_id = :keep OR adopted_by_org_id = :keep"
		" OR id IN (SELECT m.plan_id FROM measure_org mo JOIN measure m"
		"  ON m.id = mo.measure_id WHERE mo.org_id = :keep) ORDER BY id");
	stmt_bind_int(st, ":keep", keep);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		*ARENA_PUSH(a, plans) = col_int(st, 0);
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	for (size_t i = 0; i < plans.count; i++)
		if (node_touch_plan_in_tx(db, plans.items[i], e) != OK)
			return ERR;
	*n = (int64_t)plans.count;
	return OK;
}

/* Other's name as an alias of keep, valid in the plans of scope (0:
 * everywhere), unless that scope has the alias already. */
static int name_as_alias(struct db *db, int64_t keep, const char *name, int64_t scope,
			 int64_t *n, struct err *e)
{
	struct buf key = BUF_INIT;
	utf8_fold(&key, name, strlen(name));
	struct stmt *st = db_prepare(db,
		"SELECT 1 FROM org_alias WHERE alias_key = :key"
		" AND COALESCE(scope_org_id, 0) = :scope");
	stmt_bind_text(st, ":key", key.data);
	stmt_bind_int(st, ":scope", scope);
	int rc = stmt_step(st, e);
	stmt_finish(st);
	buf_release(&key);
	if (rc == ERR)
		return ERR;
	if (rc == DB_ROW)
		return OK;
	(*n)++;
	return org_add_alias_in_tx(db, keep, name, scope, false, e);
}

int org_merge_allowed(struct db *db, const struct org *k, const struct org *o, struct err *e)
{
	/* A council merged into its own member (or the reverse) is a slip of
	 * the hand: the plans and members of the one would land on the other. */
	int a_in_b = org_is_within(db, k->id, o->id, e), b_in_a = org_is_within(db, o->id, k->id, e);
	if (a_in_b == ERR || b_in_a == ERR)
		return ERR;
	if (a_in_b || b_in_a)
		return err_set(e, ERR_INPUT, "other",
			       _("\"%s\" is a member of \"%s\"; a member cannot be merged with its group."),
			       a_in_b ? k->name : o->name, a_in_b ? o->name : k->name);
	return OK;
}

static int merge_in_tx(struct db *db, struct arena *a, const struct org *k,
		       const struct org *o, const char *actor, struct org_merge_result *r,
		       struct err *e)
{
	int64_t keep = k->id, other = o->id;
	if (org_merge_allowed(db, k, o, e) != OK)
		return ERR;
	if (move_kept(db, a, keep, other, e) != OK)
		return ERR;
	/* Measure links: responsible and participant, as written. */
	if (run(db,
		"UPDATE measure_org SET org_id = :keep WHERE org_id = :other AND NOT EXISTS"
		" (SELECT 1 FROM measure_org x WHERE x.measure_id = measure_org.measure_id"
		" AND x.role = measure_org.role AND x.collective = measure_org.collective"
		" AND x.org_id = :keep)", keep, other, &r->links, e) != OK ||
	    run(db, "DELETE FROM measure_org WHERE org_id = :other",
		keep, other, NULL, e) != OK)
		return ERR;
	/* Plans it owns or adopted, and reports it spoke for. */
	if (run(db, "UPDATE plan SET owner_org_id = :keep WHERE owner_org_id = :other",
		keep, other, &r->plans, e) != OK ||
	    run(db,
		"UPDATE plan SET adopted_by_org_id = :keep WHERE adopted_by_org_id = :other",
		keep, other, &r->plans, e) != OK ||
	    run(db, "UPDATE report SET org_id = :keep WHERE org_id = :other",
		keep, other, &r->reports, e) != OK)
		return ERR;
	/* Roles held in it. */
	if (run(db,
		"UPDATE user_role SET org_id = :keep WHERE org_id = :other AND NOT EXISTS"
		" (SELECT 1 FROM user_role x WHERE x.user_id = user_role.user_id"
		" AND x.role = user_role.role AND x.org_id = :keep)", keep, other, &r->roles, e) != OK ||
	    run(db, "DELETE FROM user_role WHERE org_id = :other",
		keep, other, NULL, e) != OK)
		return ERR;
	/* Memberships, both sides; keep does not become a member of itself. */
	if (run(db,
		"UPDATE org_member SET group_id = :keep WHERE group_id = :other"
		" AND member_id <> :keep AND NOT EXISTS (SELECT 1 FROM org_member x"
		" WHERE x.group_id = :keep AND x.member_id = org_member.member_id"
		" AND x.role = org_member.role)", keep, other, &r->members, e) != OK ||
	    run(db,
		"UPDATE org_member SET member_id = :keep WHERE member_id = :other"
		" AND group_id <> :keep AND NOT EXISTS (SELECT 1 FROM org_member x"
		" WHERE x.member_id = :keep AND x.group_id = org_member.group_id"
		" AND x.role = org_member.role)", keep, other, &r->members, e) != OK ||
	    run(db,
		"DELETE FROM org_member WHERE group_id = :other OR member_id = :other",
		keep, other, NULL, e) != OK)
		return ERR;
	/* Aliases valid in its plans (when it is a council) and its own. */
	if (run(db,
		"DELETE FROM org_alias WHERE scope_org_id = :other AND EXISTS"
		" (SELECT 1 FROM org_alias x WHERE x.scope_org_id = :keep"
		" AND x.alias_key = org_alias.alias_key)", keep, other, NULL, e) != OK ||
	    run(db,
		"UPDATE org_alias SET scope_org_id = :keep WHERE scope_org_id = :other",
		keep, other, NULL, e) != OK ||
	    run(db, "UPDATE org_alias SET org_id = :keep WHERE org_id = :other",
		keep, other, &r->aliases, e) != OK)
		return ERR;
	int64_t scope = o->owner_id == other ? keep : o->owner_id;
	if (name_as_alias(db, keep, o->name, scope, &r->aliases, e) != OK)
		return ERR;
	struct err inner = ERR_INIT;
	if (run(db, "DELETE FROM org WHERE id = :other", keep, other, NULL,
		&inner) != OK) {
		if (inner.kind == ERR_CONFLICT)
			return err_set(e, ERR_INTERNAL, NULL,
				       _("Something still refers to \"%s\", so it was not merged: %s"),
				       o->name, inner.msg);
		*e = inner;
		return ERR;
	}
	/* The kept organisation has changed: a form open on it is stale. */
	struct stmt *st = db_prepare(db, "UPDATE org SET version = version + 1 WHERE id = :keep");
	stmt_bind_int(st, ":keep", keep);
	if (stmt_run(st, e) != OK)
		return ERR;
	const char *from = arena_printf(a, "%s (#%lld)", o->name, (long long)other);
	const char *to = arena_printf(a, "%s (#%lld)", k->name, (long long)keep);
	if (audit_field_in_tx(db, actor, "org.merge", "org", keep, 0, "merged", NULL, from, e) != OK ||
	    audit_field_in_tx(db, actor, "org.merge", "org", other, 0, "merged_into", from, to,
			      e) != OK)
		return ERR;
	return touch_plans(db, a, keep, &r->touched, e);
}

int org_merge(struct db *db, int64_t keep, int64_t other, const char *actor,
	      struct org_merge_result *out, struct err *e)
{
	struct org_merge_result r;
	memset(&r, 0, sizeof r);
	if (out)
		memset(out, 0, sizeof *out);
	if (keep == other)
		return err_set(e, ERR_INPUT, "other", _("An organisation cannot be merged with itself."));
	struct arena a = ARENA_INIT;
	struct org k, o;
	int rc = ERR;
	if (db_begin(db, e) != OK)
		goto done;
	if (org_load(db, &a, keep, &k, e) != OK || org_load(db, &a, other, &o, e) != OK ||
	    merge_in_tx(db, &a, &k, &o, actor, &r, e) != OK) {
		db_rollback(db);
		goto done;
	}
	rc = db_commit(db, e);
	if (rc == OK && out)
		*out = r;
done:
	arena_release(&a);
	return rc;
}
