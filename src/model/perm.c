/* perm.c: every permission decision (see perm.h). */
#include "model/perm.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

#include <string.h>

static const char *const action_codes[ACT_COUNT] = {
	"plan.read", "plan.edit", "plan.publish", "measure.report", "report.correct",
	"org.edit", "users.manage",
};

const char *perm_action_code(enum action act)
{
	return (unsigned)act < ACT_COUNT ? action_codes[act] : "unknown";
}

static bool contains(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* True when who holds role (any role when role is ROLE_COUNT) in org. */
static bool holds(const struct actor *who, enum role role, int64_t org)
{
	for (size_t i = 0; i < who->ngrants; i++) {
		const struct grant *g = &who->grants[i];
		if ((role == ROLE_COUNT || g->role == role) && g->org_id == org && org != 0)
			return true;
	}
	return false;
}

static bool is_admin(const struct actor *who)
{
	for (size_t i = 0; i < who->ngrants; i++)
		if (who->grants[i].role == ROLE_ADMIN)
			return true;
	return false;
}

/* Any role in the owning council or one of its members. */
static bool sees_drafts(const struct actor *who, const struct perm_target *t)
{
	for (size_t i = 0; i < who->ngrants; i++) {
		int64_t org = who->grants[i].org_id;
		if (org && (org == t->owner_id ||
			    contains(t->owner_members, t->nowner_members, org)))
			return true;
	}
	return false;
}

bool perm_allows(const struct actor *who, enum action act,
		 const struct perm_target *t)
{
	if (who->user_id == 0)
		return act == ACT_READ_PLAN && t->published;
	if (is_admin(who))
		return true;
	switch (act) {
	case ACT_READ_PLAN:
		return t->published || sees_drafts(who, t);
	case ACT_EDIT_PLAN:
	case ACT_PUBLISH_PLAN:
		return holds(who, ROLE_EDITOR, t->owner_id);
	case ACT_REPORT:
		if (holds(who, ROLE_EDITOR, t->owner_id))
			return true;
		for (size_t i = 0; i < who->ngrants; i++)
			if (who->grants[i].role == ROLE_REPORTER &&
			    contains(t->involved, t->ninvolved, who->grants[i].org_id))
				return true;
		return false;
	case ACT_CORRECT_REPORT:
		/* Its author while it is recent, as long as they may still
		 * report on the measure; the plan's editors always. */
		return holds(who, ROLE_EDITOR, t->owner_id) ||
		       (t->author_id == who->user_id && t->recent &&
			perm_allows(who, ACT_REPORT, t));
	case ACT_EDIT_ORG:
		return holds(who, ROLE_EDITOR, t->owner_id) || holds(who, ROLE_EDITOR, t->org_id);
	case ACT_MANAGE_USERS:
	case ACT_COUNT:
		return false;
	}
	return false;
}

int64_t perm_reporting_org(const struct actor *who, const struct perm_target *t)
{
	for (size_t i = 0; i < who->ngrants; i++)
		if (who->grants[i].org_id &&
		    contains(t->involved, t->ninvolved, who->grants[i].org_id))
			return who->grants[i].org_id;
	return holds(who, ROLE_EDITOR, t->owner_id) ? t->owner_id : 0;
}

/* Runs st (one integer column) into a fresh id array in arena. */
static int collect_ids(struct stmt *st, struct arena *a, const int64_t **out,
		       size_t *n, struct err *e)
{
	struct {
		int64_t *items;
		size_t count, cap;
	} ids = {0};
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		*ARENA_PUSH(a, ids) = col_int(st, 0);
	stmt_finish(st);
	*out = ids.items;
	*n = ids.count;
	return rc == ERR ? ERR : OK;
}

int perm_load_owner(struct db *db, struct arena *a, int64_t owner,
		    struct perm_target *t, struct err *e)
{
	t->owner_id = owner;
	struct stmt *st = db_prepare(db,
		"SELECT member_id FROM org_member WHERE group_id = :owner");
	stmt_bind_int(st, ":owner", owner);
	return collect_ids(st, a, &t->owner_members, &t->nowner_members, e);
}

int perm_load_involved(struct db *db, struct arena *a, int64_t measure,
		       struct perm_target *t, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT org_id FROM measure_org WHERE measure_id = :measure"
		" UNION SELECT m.member_id FROM org_member m"
		" JOIN measure_org mo ON mo.org_id = m.group_id JOIN org g ON g.id = mo.org_id"
		" WHERE mo.measure_id = :measure AND (mo.collective = 1 OR g.kind <> 'council')");
	stmt_bind_int(st, ":measure", measure);
	return collect_ids(st, a, &t->involved, &t->ninvolved, e);
}
