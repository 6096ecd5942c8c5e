/*
 * perm: the one place where permissions are decided. Pages, the API and the
 * command line ask perm_allows; nothing else compares roles.
 *
 *   admin     everything, users too
 *   editor    (of a council) edits and publishes that council's plans,
 *             edits its organisations and members, reports on its measures
 *   reporter  (for an organisation) writes status reports on measures where
 *             that organisation, or a group it belongs to, is responsible or
 *             takes part
 *   reader    sees drafts
 *   anyone    sees published plans
 *
 * Any role held in the council that keeps a plan, or in one of its members,
 * lets its holder see the plan's drafts.
 */
#ifndef SAMSPEL_MODEL_PERM_H
#define SAMSPEL_MODEL_PERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;
struct grant;

enum action {
	ACT_READ_PLAN,    /* see a plan and its measures */
	ACT_EDIT_PLAN,    /* change a plan's texts */
	ACT_PUBLISH_PLAN, /* publish or unpublish a plan */
	ACT_REPORT,       /* write a status report on a measure */
	ACT_CORRECT_REPORT, /* correct a status report: its author within
			     * 14 days, an editor of the plan's council always */
	ACT_EDIT_ORG,     /* change an organisation and its members */
	ACT_MANAGE_USERS, /* accounts and roles */
	ACT_COUNT
};

/* Who is asking. The anonymous public has user_id 0 and no grants. */
struct actor {
	int64_t user_id;
	const char *login, *name;
	const struct grant *grants;
	size_t ngrants;
	int64_t token_id;  /* > 0 when signed in with an API token */
	const char *csrf;  /* the session's form token; NULL without a session */
};

/* What the action is on. Fill what the action needs:
 *   plans: owner_id, published, owner_members
 *   ACT_REPORT: also involved
 *   ACT_EDIT_ORG: owner_id (the council keeping the organisation) and org_id */
struct perm_target {
	int64_t owner_id;
	bool published;
	int64_t org_id;
	const int64_t *owner_members; /* the members of the owning council */
	size_t nowner_members;
	const int64_t *involved;      /* organisations linked to the measure and their members */
	size_t ninvolved;
	int64_t author_id;            /* ACT_CORRECT_REPORT: who wrote it ... */
	bool recent;                  /* ... and whether it is still recent */
};

bool perm_allows(const struct actor *who, enum action act,
		 const struct perm_target *target);
/* The organisation who reports for on the measure of t: the first of
 * their organisations that is involved in it, else the council that keeps
 * the plan (an editor reporting); 0 when neither. */
int64_t perm_reporting_org(const struct actor *who, const struct perm_target *t);
/* "plan.read", "plan.edit", ... for the log. */
const char *perm_action_code(enum action act);

/* Fills the target's owner_members for council owner (into arena). */
int perm_load_owner(struct db *db, struct arena *a, int64_t owner,
		    struct perm_target *t, struct err *e);
/* Fills the target's involved organisations for measure (into arena): the
 * organisations linked to it, and the members of a linked group or of a
 * collective link ("Kommunane"). Being a member of a council does not make
 * a municipality take part in the council's own measures. */
int perm_load_involved(struct db *db, struct arena *a, int64_t measure,
		       struct perm_target *t, struct err *e);

#endif
