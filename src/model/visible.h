/*
 * visible: the one visibility rule of plans, measures and organisations as
 * SQL fragments, for the model's lists (list.c) and the organisation
 * registry (org.c). They say in SQL what perm.c says in C: a test compares
 * the two (tests/http/test_follow.c). Model-internal: only src/model
 * includes it. The fragments bind :user (0: the public).
 */
#ifndef SAMSPEL_MODEL_VISIBLE_H
#define SAMSPEL_MODEL_VISIBLE_H

/*
 * The one visibility rule, as SQL over a plan row p, for the actor :user.
 * It says what perm_allows(ACT_READ_PLAN) says: published; or the actor is
 * an admin; or holds any role in the owning council or in one of its
 * members (perm_load_owner's org_member rows). The public (:user 0) has no
 * user_role rows and sees the published only.
 */
#define PLAN_VISIBLE(p) \
	"(" p ".published = 1 OR EXISTS (SELECT 1 FROM user_role ur" \
	" WHERE ur.user_id = :user AND (ur.role = 'admin'" \
	" OR ur.org_id = " p ".owner_org_id" \
	" OR ur.org_id IN (SELECT om.member_id FROM org_member om" \
	" WHERE om.group_id = " p ".owner_org_id))))"

/* Organisation x is involved in measure m: linked to it, or a member of a
 * linked group or of a collective link, not of a council named as itself
 * (as perm_load_involved). */
#define INVOLVED(x) \
	"EXISTS (SELECT 1 FROM measure_org mo JOIN org lo ON lo.id = mo.org_id" \
	" WHERE mo.measure_id = m.id AND (mo.org_id = " x \
	" OR ((mo.collective = 1 OR lo.kind <> 'council') AND mo.org_id IN" \
	" (SELECT g.group_id FROM org_member g WHERE g.member_id = " x "))))"

/* The measures organisation x is involved in (as INVOLVED, the same rule),
 * as a set a query can start from through the indexes on measure_org and
 * org_member, rather than a test run on every measure. */
#define INVOLVED_SET(x) \
	"(SELECT mo.measure_id FROM measure_org mo WHERE mo.org_id = " x \
	" UNION SELECT mo.measure_id FROM org_member g" \
	" JOIN measure_org mo ON mo.org_id = g.group_id JOIN org lo ON lo.id = mo.org_id" \
	" WHERE g.member_id = " x " AND (mo.collective = 1 OR lo.kind <> 'council'))"

/* The same for every organisation where user u is reporter or editor. */
#define INVOLVED_SET_OF_USER(u) \
	"(SELECT mo.measure_id FROM user_role mr JOIN measure_org mo ON mo.org_id = mr.org_id" \
	" WHERE mr.user_id = " u " AND mr.role IN ('reporter', 'editor')" \
	" UNION SELECT mo.measure_id FROM user_role mr" \
	" JOIN org_member g ON g.member_id = mr.org_id" \
	" JOIN measure_org mo ON mo.org_id = g.group_id JOIN org lo ON lo.id = mo.org_id" \
	" WHERE mr.user_id = " u " AND mr.role IN ('reporter', 'editor')" \
	" AND (mo.collective = 1 OR lo.kind <> 'council'))"

/*
 * Organisation o may be shown to :user when it is shared (kept by no
 * council), when a plan of the council keeping it is visible, when it
 * is involved in a measure of a visible plan, or when it is described as a
 * group (its kind of group, mandate or people are public records, as
 * programmes, projects and meetings are).
 */
#define ORG_VISIBLE(o) \
	"(" o ".owner_org_id IS NULL OR " o ".group_kind IS NOT NULL" \
	" OR EXISTS (SELECT 1 FROM plan p WHERE p.owner_org_id = " o ".owner_org_id" \
	" AND " PLAN_VISIBLE("p") ")" \
	" OR EXISTS (SELECT 1 FROM measure m JOIN plan p ON p.id = m.plan_id WHERE " \
	INVOLVED(o ".id") " AND " PLAN_VISIBLE("p") "))"

#endif
