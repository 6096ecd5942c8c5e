/*
 * The permission table: every role against every action on every kind of
 * object, decided by perm_allows (model/perm.c), the one place that decides.
 * Each row is the specification; a change of rule shows up here.
 */
#include "support.h"
#include "model/perm.h"
#include "model/user.h"

#include <stdio.h>
#include <string.h>

/* Organisations: two councils, a member of each, a group and its member. */
enum { C1 = 1, C2 = 2, M1 = 11, M2 = 21, G = 31, Y = 41, O1 = 77, O2 = 78 };

static const int64_t c1_members[] = {M1}, c2_members[] = {M2};
/* "Ansvar: SR Deltaking: Kommunane": SR, and its members as a collective.
 * (A council named alone involves only itself: perm_load_involved.) */
static const int64_t council_measure[] = {C1, M1};
static const int64_t council_alone[] = {C1};
static const int64_t group_measure[] = {G, Y};     /* a group and its member */

#define PLAN(owner, pub, members) \
	{ .owner_id = owner, .published = pub, .owner_members = members, .nowner_members = 1 }

static const struct perm_target p1_pub = PLAN(C1, true, c1_members);
static const struct perm_target p1_draft = PLAN(C1, false, c1_members);
static const struct perm_target p2_pub = PLAN(C2, true, c2_members);
static const struct perm_target p2_draft = PLAN(C2, false, c2_members);
static const struct perm_target measure_c1 = {
	.owner_id = C1, .published = true, .owner_members = c1_members, .nowner_members = 1,
	.involved = council_measure, .ninvolved = 2};
static const struct perm_target measure_group = {
	.owner_id = C1, .published = true, .owner_members = c1_members, .nowner_members = 1,
	.involved = group_measure, .ninvolved = 2};
static const struct perm_target measure_c1_alone = {
	.owner_id = C1, .published = true, .owner_members = c1_members, .nowner_members = 1,
	.involved = council_alone, .ninvolved = 1};
/* Reports on measure_c1 written by user 5, recently or long ago, and one
 * by user 9. */
#define REPORT(author, is_recent) { \
	.owner_id = C1, .published = true, .owner_members = c1_members, .nowner_members = 1, \
	.involved = council_measure, .ninvolved = 2, .author_id = author, .recent = is_recent}
static const struct perm_target own_recent = REPORT(5, true);
static const struct perm_target own_old = REPORT(5, false);
static const struct perm_target other_recent = REPORT(9, true);
static const struct perm_target org_of_c1 = {.owner_id = C1, .org_id = O1};
static const struct perm_target org_of_c2 = {.owner_id = C2, .org_id = O2};
static const struct perm_target council_c1 = {.owner_id = 0, .org_id = C1};
static const struct perm_target nothing = {0};

static const struct check {
	enum action act;
	const struct perm_target *t;
	const char *what;
} checks[] = {
	{ACT_READ_PLAN, &p1_pub, "read C1's published plan"},
	{ACT_READ_PLAN, &p1_draft, "read C1's draft"},
	{ACT_READ_PLAN, &p2_draft, "read C2's draft"},
	{ACT_EDIT_PLAN, &p1_pub, "edit C1's plan"},
	{ACT_EDIT_PLAN, &p2_pub, "edit C2's plan"},
	{ACT_PUBLISH_PLAN, &p1_draft, "publish C1's draft"},
	{ACT_PUBLISH_PLAN, &p2_draft, "publish C2's draft"},
	{ACT_REPORT, &measure_c1, "report on a measure of C1 (C1 responsible)"},
	{ACT_REPORT, &measure_group, "report on a measure of C1 (group G responsible)"},
	{ACT_EDIT_ORG, &org_of_c1, "edit an organisation kept by C1"},
	{ACT_EDIT_ORG, &org_of_c2, "edit an organisation kept by C2"},
	{ACT_EDIT_ORG, &council_c1, "edit the council C1 itself"},
	{ACT_MANAGE_USERS, &nothing, "manage users"},
	{ACT_REPORT, &measure_c1_alone, "report on a measure of C1 (C1 alone responsible)"},
	{ACT_CORRECT_REPORT, &own_recent, "correct their own report of last week"},
	{ACT_CORRECT_REPORT, &own_old, "correct their own report of last month"},
	{ACT_CORRECT_REPORT, &other_recent, "correct someone else's report"},
};
#define NCHECKS (sizeof checks / sizeof *checks)

static const struct row {
	const char *who;
	enum role role; /* ROLE_COUNT: no role at all */
	int64_t org;
	int64_t user;   /* 0: the anonymous public */
	const char *expected; /* one digit per check, in order */
} rows[] = {
	{"anonymous", ROLE_COUNT, 0, 0, "10000000000000000"},
	{"signed in, no role", ROLE_COUNT, 0, 5, "10000000000000000"},
	{"admin", ROLE_ADMIN, 0, 5, "11111111111111111"},
	{"editor of C1", ROLE_EDITOR, C1, 5, "11010101110101111"},
	{"editor of C2", ROLE_EDITOR, C2, 5, "10101010001000000"},
	{"reporter for M1 (member of C1)", ROLE_REPORTER, M1, 5, "11000001000000100"},
	{"reporter for M2 (member of C2)", ROLE_REPORTER, M2, 5, "10100000000000000"},
	{"reporter for Y (member of group G)", ROLE_REPORTER, Y, 5, "10000000100000000"},
	{"reporter for C1", ROLE_REPORTER, C1, 5, "11000001000001100"},
	{"reader in C1", ROLE_READER, C1, 5, "11000000000000000"},
	{"reader in M1", ROLE_READER, M1, 5, "11000000000000000"},
	{"reader in C2", ROLE_READER, C2, 5, "10100000000000000"},
};

static void test_permission_table(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		const struct row *row = &rows[r];
		assert_int_equal(strlen(row->expected), NCHECKS);
		struct grant g = {row->role, row->org, NULL};
		struct actor a = {.user_id = row->user, .login = "x", .name = "x",
				  .grants = row->role == ROLE_COUNT ? NULL : &g,
				  .ngrants = row->role == ROLE_COUNT ? 0 : 1};
		for (size_t c = 0; c < NCHECKS; c++) {
			bool want = row->expected[c] == '1';
			bool got = perm_allows(&a, checks[c].act, checks[c].t);
			if (got != want) {
				print_error("# %s may %s%s: got %s\n", row->who,
					    want ? "" : "not ", checks[c].what, got ? "yes" : "no");
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

static void test_several_grants_combine(void **state)
{
	(void)state;
	struct grant g[] = {{ROLE_READER, C2, NULL}, {ROLE_REPORTER, M1, NULL}};
	struct actor a = {.user_id = 9, .grants = g, .ngrants = 2};
	assert_true(perm_allows(&a, ACT_READ_PLAN, &p2_draft));
	assert_true(perm_allows(&a, ACT_REPORT, &measure_c1));
	assert_false(perm_allows(&a, ACT_EDIT_PLAN, &p1_pub));
	assert_false(perm_allows(&a, ACT_EDIT_PLAN, &p2_pub));
}

static void test_action_codes(void **state)
{
	(void)state;
	assert_string_equal(perm_action_code(ACT_READ_PLAN), "plan.read");
	assert_string_equal(perm_action_code(ACT_REPORT), "measure.report");
	assert_string_equal(perm_action_code(ACT_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_several_grants_combine),
		cmocka_unit_test(test_action_codes),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
