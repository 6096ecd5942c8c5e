/*
 * Follow-up tests: the lists of model/list.c against the one permission
 * function (the same users as tests/unit/test_perm.c's table, on a real
 * database), then the pages built on them through real HTTP - the plan's
 * dashboard (/plan/SLUG/status) and the lists behind its figures, "my
 * measures" (/mine) and an organisation's page (/org/ID) - with reports
 * written through the web as a municipality's reporter would.
 */
#include "session.h"
#include "model/list.h"
#include "model/org.h"
#include "model/perm.h"
#include "model/plan.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"
#define NBSP "\xC2\xA0"

static struct test_site site;

/* today minus days, as YYYY-MM-DD (UTC, as the server's clock). */
static const char *day(int days_ago)
{
	static char out[4][11];
	static int next;
	char *s = out[next++ % 4];
	time_t t = time(NULL) - (time_t)days_ago * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(s, 11, "%Y-%m-%d", &tm);
	return s;
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_org(site.db, "Luster kommune", "municipality", "Sogn regionråd");
	test_add_user(site.db, "luster", "reporter", "Luster kommune");
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(site.db, "admin", "admin", NULL);
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* --- HTTP helpers (the rest in tests/support/session.h) --- */

/* Writes a report on measure through the form; expects it stored. */
static void report(const struct who *w, int measure, const char *on, const char *state,
		   const char *spent)
{
	char path[64], fields[512];
	struct http h;
	snprintf(path, sizeof path, "/measure/%d/report", measure);
	snprintf(fields, sizeof fields, "reported_on=%s&state=%s&spent=%s&text=Rapport", on, state,
		 spent ? spent : "");
	test_post_form(&site.srv, &h, path, w, fields);
	if (h.status != 303)
		fail_msg("report on %d: %ld %s", measure, h.status, h.body);
	test_http_free(&h);
}

/* The figure the dashboard links to the list with query (HTML-escaped, ""
 * for the whole list); 0 when no such link (a zero is not a link). */
static long figure(const char *body, const char *slug, const char *query)
{
	char needle[512];
	snprintf(needle, sizeof needle, "href=\"/plan/%s/status/list%s%s\">", slug,
		 *query ? "?" : "", query);
	for (const char *p = body; (p = strstr(p, needle)); p++)
		if (p[strlen(needle)] >= '0' && p[strlen(needle)] <= '9')
			return strtol(p + strlen(needle), NULL, 10);
	return 0;
}

/* The id in <option value="ID">name</option>, or 0. */
static long option_id(const char *body, const char *name)
{
	char needle[256];
	snprintf(needle, sizeof needle, "\">%s</option>", name);
	const char *p = strstr(body, needle);
	if (!p)
		return 0;
	while (p > body && p[-1] != '"')
		p--;
	return strtol(p, NULL, 10);
}

static bool has_measure(const char *body, int id)
{
	char needle[64];
	snprintf(needle, sizeof needle, "href=\"/measure/%d\"", id);
	return strstr(body, needle) != NULL;
}

/* --- the model: list visibility against perm_allows --- */

static struct actor actor_of(struct db *d, struct arena *a, const char *login)
{
	struct actor who = {.login = login, .name = login};
	struct user *u;
	struct err e = ERR_INIT;
	if (!login)
		return who; /* the public */
	struct stmt *st = db_prepare(d, "SELECT id FROM app_user WHERE login = :login");
	stmt_bind_text(st, ":login", login);
	int64_t id = stmt_step(st, &e) == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (!id || user_load(d, a, id, &u, &e) != OK)
		fail_msg("user %s: %s", login, e.msg);
	who.user_id = u->id;
	who.grants = u->grants.items;
	who.ngrants = u->grants.count;
	return who;
}

static bool in_ids(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

struct collect {
	struct arena *a;
	struct {
		int64_t *items;
		size_t count, cap;
	} ids;
};

static void collect_measure(struct measure *m, void *ctx)
{
	struct collect *c = ctx;
	*ARENA_PUSH(c->a, c->ids) = m->id;
}

/* Every row of test_perm.c's table, as real users on a database with a
 * published and a draft plan for each of two councils: list_plans and
 * list_measures show exactly the plans perm_allows lets each read; the
 * organisation filter picks exactly the measures perm_load_involved counts
 * the organisation in; "mine" of a reporter is exactly what it may report
 * on among what it may read. */
static void test_list_agrees_with_perm(void **state)
{
	(void)state;
	char *d2 = test_tmpdir();
	char *path = test_join(d2, "perm.db");
	const char *seed[] = {"import", test_seed(SEED), NULL};
	test_run_ok(path, NULL, seed);
	const char *demo[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--draft", NULL};
	test_run_ok(path, NULL, demo);
	const char *c1_draft[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--draft",
				  "--slug", "sogn-utkast", "--owner", "Sogn regionråd", "--copy", NULL};
	test_run_ok(path, NULL, c1_draft);
	const char *c2_pub[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--publish",
				"--slug", "fjordheim-publisert", "--owner", "Fjordheim regionråd", "--copy", NULL};
	test_run_ok(path, NULL, c2_pub);
	test_add_org(path, "Luster kommune", "municipality", "Sogn regionråd");       /* M1 */
	test_add_org(path, "Fjordby kommune", "municipality", "Fjordheim regionråd"); /* M2 */
	test_add_org(path, "Ymse AS", "company", "Kompetanseforum Sogn");            /* Y in G */
	struct { const char *login, *role, *org; } users[] = {
		{"admin", "admin", NULL},
		{"ed-c1", "editor", "Sogn regionråd"},
		{"ed-c2", "editor", "Fjordheim regionråd"},
		{"rep-m1", "reporter", "Luster kommune"},
		{"rep-m2", "reporter", "Fjordby kommune"},
		{"rep-y", "reporter", "Ymse AS"},
		{"rep-c1", "reporter", "Sogn regionråd"},
		{"read-c1", "reader", "Sogn regionråd"},
		{"read-m1", "reader", "Luster kommune"},
		{"read-c2", "reader", "Fjordheim regionråd"},
		{"norole", "reader", "Ymse AS"}, /* a role, but in no council's circle */
	};
	size_t nusers = sizeof users / sizeof *users;
	for (size_t i = 0; i < nusers; i++)
		test_add_user(path, users[i].login, users[i].role, users[i].org);

	struct db *d;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	assert_int_equal(db_open(path, 0, &d, &e), OK);
	plan_summary_list plans;
	assert_int_equal(plan_list(d, &a, &plans, &e), OK);
	assert_int_equal(plans.count, 4);

	/* Each plan's measures, and each measure's involved organisations. */
	struct plan *trees[4];
	const int64_t *measures[4];
	size_t nmeasures[4];
	for (size_t p = 0; p < 4; p++) {
		assert_int_equal(plan_load(d, &a, plans.items[p].slug, &trees[p], &e), OK);
		struct collect c = {.a = &a};
		plan_each_measure(trees[p], collect_measure, &c);
		measures[p] = c.ids.items;
		nmeasures[p] = c.ids.count;
		assert_true(nmeasures[p] > 0);
	}

	int checked = 0, visible = 0;
	for (size_t u = 0; u <= nusers; u++) {
		const char *login = u < nusers ? users[u].login : NULL;
		struct actor who = actor_of(d, &a, login);
		struct plan_page pp;
		assert_int_equal(list_plans(d, &a, &who, 0, 0, &pp, &e), OK);
		for (size_t p = 0; p < 4; p++) {
			struct perm_target t = {0};
			assert_int_equal(perm_load_owner(d, &a, plans.items[p].owner_id, &t, &e), OK);
			t.published = plans.items[p].published;
			bool want = perm_allows(&who, ACT_READ_PLAN, &t);
			bool listed = false;
			for (size_t k = 0; k < pp.plans.count; k++)
				listed |= pp.plans.items[k].id == plans.items[p].id;
			struct list_filter f = {.plan_id = plans.items[p].id, .limit = LIST_PAGE_MAX};
			struct measure_page mp;
			assert_int_equal(list_measures(d, &a, &who, &f, &mp, &e), OK);
			if (listed != want || mp.total != (want ? (int64_t)nmeasures[p] : 0))
				fail_msg("%s, plan %s: perm says %d, list_plans %d, list_measures %lld of %zu",
					 login ? login : "the public", plans.items[p].slug, want, listed,
					 (long long)mp.total, nmeasures[p]);
			visible += want;
			checked++;

			/* "mine" of a reporter: what it may report on, among what it may read. */
			if (u < nusers && strcmp(users[u].role, "reporter") == 0) {
				struct list_filter mf = {.plan_id = plans.items[p].id, .mine = who.user_id,
							 .limit = LIST_PAGE_MAX};
				const int64_t *mine;
				size_t nmine;
				assert_int_equal(list_measure_ids(d, &a, &who, &mf, &mine, &nmine, &e), OK);
				for (size_t m = 0; m < nmeasures[p]; m++) {
					struct perm_target mt = t;
					assert_int_equal(perm_load_involved(d, &a, measures[p][m], &mt, &e), OK);
					bool may = want && perm_allows(&who, ACT_REPORT, &mt);
					if (may != in_ids(mine, nmine, measures[p][m]))
						fail_msg("%s, measure %lld: may report %d, mine %d", login,
							 (long long)measures[p][m], may, !may);
				}
			}
		}
	}
	assert_int_equal(checked, 4 * (nusers + 1));
	assert_true(visible > 0 && visible < checked);

	/* The organisation filter is perm_load_involved, for every organisation. */
	struct actor admin = actor_of(d, &a, "admin");
	org_list orgs;
	assert_int_equal(org_list_all(d, &a, &orgs, &e), OK);
	for (size_t o = 0; o < orgs.count; o++) {
		struct list_filter f = {.org_id = orgs.items[o].id};
		const int64_t *ids;
		size_t n;
		assert_int_equal(list_measure_ids(d, &a, &admin, &f, &ids, &n, &e), OK);
		for (size_t p = 0; p < 4; p++)
			for (size_t m = 0; m < nmeasures[p]; m++) {
				struct perm_target mt = {0};
				assert_int_equal(perm_load_involved(d, &a, measures[p][m], &mt, &e), OK);
				bool involved = in_ids(mt.involved, mt.ninvolved, orgs.items[o].id);
				if (involved != in_ids(ids, n, measures[p][m]))
					fail_msg("%s in measure %lld: involved %d, listed %d", orgs.items[o].name,
						 (long long)measures[p][m], involved, !involved);
			}
	}

	/* Filters out of range are the caller's mistake. */
	struct measure_page mp;
	struct list_filter bad = {.state = "halvferdig"};
	assert_int_equal(list_measures(d, &a, &admin, &bad, &mp, &e), ERR);
	assert_int_equal(e.kind, ERR_INPUT);
	struct list_filter big = {.limit = LIST_PAGE_MAX + 1};
	assert_int_equal(list_measures(d, &a, &admin, &big, &mp, &e), ERR);
	/* Paging: the pages add up to the whole, without overlap. */
	struct list_filter p1 = {.plan_id = plans.items[0].id, .limit = 5};
	struct list_filter p2 = p1;
	p2.offset = 5;
	struct measure_page a1, a2;
	assert_int_equal(list_measures(d, &a, &admin, &p1, &a1, &e), OK);
	assert_int_equal(list_measures(d, &a, &admin, &p2, &a2, &e), OK);
	assert_int_equal(a1.rows.count, 5);
	assert_int_equal(a1.total, a2.total);
	assert_true(a2.rows.items[0].m.id != a1.rows.items[4].m.id);

	db_close(d);
	arena_release(&a);
	test_rmdir(d2);
	free(path);
	free(d2);
}

/* --- the pages --- */

/* Measures of the seed plan: area 1 holds 1-4, area 2 5-9, area 3 10-15,
 * area 4 16. Every measure but 2 (nobody named) and 6 (Kompetanseforum
 * alone) names Sogn regionråd, so Luster kommune, its member, is in 14.
 * Measure 10 has no period; all the others ended by 2024. */
/* Luster kommune takes part where "Kommunane" (the council's members as a
 * collective) is named; the council named as itself (SR alone: 10, 11,
 * 14-16) is not Luster's to report on. */
static const int luster_measures[] = {1, 3, 4, 5, 7, 8, 9, 12, 13};
#define NLUSTER (sizeof luster_measures / sizeof *luster_measures)

static bool written;

/* The reports every page test counts on, written once through the web by
 * Luster's reporter. */
static void write_reports(void)
{
	if (written)
		return;
	written = true;
	struct who w;
	test_sign_in(&site.srv, "luster", &w);
	report(&w, 1, day(0), "on_track", "100000");
	report(&w, 3, day(0), "done", "20000");
	report(&w, 4, day(200), "at_risk", "5000");
	report(&w, 5, day(10), "delayed", "");
	report(&w, 5, day(5), "done", "7000"); /* the latest counts */
	report(&w, 7, day(0), "cancelled", "");
}

static void test_dashboard_figures(void **state)
{
	(void)state;
	write_reports();
	char *b = test_get_ok(&site.srv, "/plan/" SLUG "/status", NULL);
	/* In all: what was reported, and the rest without a report. */
	assert_int_equal(figure(b, SLUG, ""), 16);
	assert_int_equal(figure(b, SLUG, "state=on_track"), 1);
	assert_int_equal(figure(b, SLUG, "state=done"), 2);
	assert_int_equal(figure(b, SLUG, "state=at_risk"), 1);
	assert_int_equal(figure(b, SLUG, "state=cancelled"), 1);
	assert_int_equal(figure(b, SLUG, "state=delayed"), 0);
	assert_int_equal(figure(b, SLUG, "state=not_started"), 0);
	assert_int_equal(figure(b, SLUG, "state=none"), 11);
	/* Per area. */
	assert_int_equal(figure(b, SLUG, "area=1"), 4);
	assert_int_equal(figure(b, SLUG, "state=done&amp;area=1"), 1);
	assert_int_equal(figure(b, SLUG, "state=done&amp;area=2"), 1);
	assert_int_equal(figure(b, SLUG, "state=none&amp;area=2"), 3);
	assert_int_equal(figure(b, SLUG, "area=3"), 6);
	/* Late: period ended, neither done nor cancelled (10 has no period). */
	assert_int_equal(figure(b, SLUG, "late=1"), 12);
	/* Silent for 90 days: never reported (11) and measure 4 (200 days). */
	assert_int_equal(figure(b, SLUG, "silent=1"), 12);
	/* Budget: the plan's own sum; spent from each measure's latest report. */
	assert_non_null(strstr(b, "<td class=\"num\">3" NBSP "025" NBSP "000" NBSP "kr</td>"));
	assert_non_null(strstr(b, "<td class=\"num\">132" NBSP "000" NBSP "kr</td>"));
	assert_non_null(strstr(b, "<span class=\"state state-none\">Ingen rapport</span>"));
	assert_non_null(strstr(b, "<th scope=\"col\""));
	free(b);

	/* Fewer days: measure 5 (5 days) is silent too. */
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status?days=3", NULL);
	assert_int_equal(figure(b, SLUG, "days=3&amp;silent=1"), 13);
	free(b);
	long status;
	b = test_get(&site.srv, "/plan/" SLUG "/status?days=0", NULL, &status);
	assert_int_equal(status, 400);
	free(b);
	b = test_get(&site.srv, "/plan/" SLUG "/status?state=halvferdig", NULL, &status);
	assert_int_equal(status, 400);
	free(b);
}

static void test_dashboard_filters(void **state)
{
	(void)state;
	write_reports();
	char *b = test_get_ok(&site.srv, "/plan/" SLUG "/status", NULL);
	long luster = option_id(b, "Luster kommune");
	long forum = option_id(b, "Kompetanseforum Sogn");
	assert_true(luster > 0 && forum > 0);
	free(b);
	char path[256], q[128];

	/* An organisation, through its council's collective links: 9 measures. */
	snprintf(path, sizeof path, "/plan/" SLUG "/status?org=%ld", luster);
	b = test_get_ok(&site.srv, path, NULL);
	snprintf(q, sizeof q, "org=%ld", luster);
	assert_int_equal(figure(b, SLUG, q), (long)NLUSTER);
	snprintf(q, sizeof q, "state=none&amp;org=%ld", luster);
	assert_int_equal(figure(b, SLUG, q), 4);
	free(b);

	/* A group named on one measure only. */
	snprintf(path, sizeof path, "/plan/" SLUG "/status?org=%ld", forum);
	b = test_get_ok(&site.srv, path, NULL);
	snprintf(q, sizeof q, "org=%ld", forum);
	assert_int_equal(figure(b, SLUG, q), 1);
	/* Its planned budget is that measure's: none. */
	assert_null(strstr(b, "3" NBSP "025" NBSP "000"));
	free(b);

	/* A state. */
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status?state=done", NULL);
	assert_int_equal(figure(b, SLUG, "state=done"), 2);
	assert_int_equal(figure(b, SLUG, "state=none"), 0);
	free(b);

	/* A year: the measures whose period touches 2022. */
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status?year=2022", NULL);
	assert_int_equal(figure(b, SLUG, "year=2022"), 4);
	free(b);

	/* The list behind a figure holds exactly those measures. */
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status/list?state=done", NULL);
	assert_true(has_measure(b, 3) && has_measure(b, 5));
	assert_false(has_measure(b, 1) || has_measure(b, 4) || has_measure(b, 7));
	assert_non_null(strstr(b, "<th scope=\"row\""));
	free(b);
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status/list?state=none&area=2", NULL);
	assert_true(has_measure(b, 6) && has_measure(b, 8) && has_measure(b, 9));
	assert_false(has_measure(b, 5) || has_measure(b, 7) || has_measure(b, 10));
	free(b);
	b = test_get_ok(&site.srv, "/plan/" SLUG "/status/list?late=1", NULL);
	assert_false(has_measure(b, 10) || has_measure(b, 3) || has_measure(b, 5));
	assert_true(has_measure(b, 1) && has_measure(b, 4));
	free(b);
}

static void test_mine(void **state)
{
	(void)state;
	write_reports();
	struct who w;
	test_sign_in(&site.srv, "luster", &w);
	char *b = test_get_ok(&site.srv, "/mine", &w);
	for (size_t i = 0; i < NLUSTER; i++) {
		char link[64];
		snprintf(link, sizeof link, "href=\"/measure/%d#new-report\">Rapporter på «", luster_measures[i]);
		if (!strstr(b, link))
			fail_msg("measure %d is not on /mine", luster_measures[i]);
	}
	assert_false(has_measure(b, 2) || has_measure(b, 6));
	/* The council's own measures, where only SR is named, are not Luster's. */
	assert_false(has_measure(b, 10) || has_measure(b, 11) || has_measure(b, 14) ||
		     has_measure(b, 15) || has_measure(b, 16));
	assert_int_equal(test_count(b, "#new-report\""), (int)NLUSTER);
	for (int m = 17; m < 60; m++) /* the draft of another council */
		assert_false(has_measure(b, m));
	/* The silent and the late first: only 3 and 5 (done lately) and 7
	 * (cancelled) are neither, so they come last, in plan order. */
	const char *p3 = strstr(b, "href=\"/measure/3\"");
	const char *p5 = strstr(b, "href=\"/measure/5\"");
	const char *p7 = strstr(b, "href=\"/measure/7\"");
	assert_true(p3 && p5 && p7 && p3 < p5 && p5 < p7);
	for (size_t i = 0; i < NLUSTER; i++) {
		int m = luster_measures[i];
		if (m == 3 || m == 5 || m == 7)
			continue;
		char link[64];
		snprintf(link, sizeof link, "href=\"/measure/%d\"", m);
		assert_true(strstr(b, link) < p3);
	}
	assert_int_equal(test_count(b, "<tr class=\"attention\">"), (int)NLUSTER - 3);
	/* The state in words, with its colour class. */
	assert_non_null(strstr(b, "<span class=\"state state-cancelled\">Avlyst</span>"));
	assert_non_null(strstr(b, "<span class=\"state state-none\">Ingen rapport</span>"));
	free(b);

	/* Signed out, it is the sign-in page. */
	long status;
	b = test_get(&site.srv, "/mine", NULL, &status);
	assert_int_equal(status, 303);
	free(b);
	/* An editor of another council sees none of Sogn's measures there. */
	struct who f;
	test_sign_in(&site.srv, "fjord", &f);
	b = test_get_ok(&site.srv, "/mine", &f);
	for (int m = 1; m <= 16; m++)
		assert_false(has_measure(b, m));
	free(b);
}

static void test_org_page(void **state)
{
	(void)state;
	write_reports();
	char *b = test_get_ok(&site.srv, "/plan/" SLUG "/status", NULL);
	long luster = option_id(b, "Luster kommune");
	free(b);
	char path[64];
	snprintf(path, sizeof path, "/org/%ld", luster);
	b = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(b, "<h1>Luster kommune</h1>"));
	for (size_t i = 0; i < NLUSTER; i++)
		if (!has_measure(b, luster_measures[i]))
			fail_msg("measure %d is not on /org/%ld", luster_measures[i], luster);
	assert_false(has_measure(b, 2) || has_measure(b, 6));
	assert_non_null(strstr(b, "href=\"/org/1\">Sogn regionråd</a>")); /* member of */
	assert_non_null(strstr(b, "<span class=\"state state-done\">Ferdig</span>"));
	assert_non_null(strstr(b, "mill. kr</td>")); /* measure 9: 2,4 mill. kr */
	free(b);
	/* The council lists its member. */
	b = test_get_ok(&site.srv, "/org/1", NULL);
	snprintf(path, sizeof path, "href=\"/org/%ld\">Luster kommune</a>", luster);
	assert_non_null(strstr(b, path));
	free(b);
	long status;
	b = test_get(&site.srv, "/org/999999", NULL, &status);
	assert_int_equal(status, 404);
	free(b);
	b = test_get(&site.srv, "/org/abc", NULL, &status);
	assert_int_equal(status, 404);
	free(b);
}

/* A draft plan's measures show to nobody outside its council's circle on
 * any of these pages, and its new organisations are not given away. */
static void test_draft_stays_hidden(void **state)
{
	(void)state;
	write_reports();
	struct who sogn, fjord, luster;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "fjord", &fjord);
	test_sign_in(&site.srv, "luster", &luster);
	const struct who *outsiders[] = {NULL, &sogn, &luster};
	long status;
	for (size_t i = 0; i < 3; i++) {
		const struct who *w = outsiders[i];
		char *b = test_get(&site.srv, "/plan/" DEMO "/status", w, &status);
		assert_int_equal(status, 404);
		free(b);
		b = test_get(&site.srv, "/plan/" DEMO "/status/list", w, &status);
		assert_int_equal(status, 404);
		free(b);
		/* Fjordheim regionråd is a shared name: its page answers, empty. */
		b = test_get_ok(&site.srv, "/org/21", w);
		assert_non_null(strstr(b, "Ingen tiltak."));
		for (int m = 17; m < 60; m++)
			assert_false(has_measure(b, m));
		free(b);
		/* A name only the draft uses is not there at all. */
		b = test_get(&site.srv, "/org/22", w, &status);
		assert_int_equal(status, 404);
		free(b);
	}
	/* Its own council sees it all. */
	char *b = test_get_ok(&site.srv, "/plan/" DEMO "/status", &fjord);
	assert_true(figure(b, DEMO, "") > 0);
	free(b);
	b = test_get_ok(&site.srv, "/org/21", &fjord);
	assert_true(has_measure(b, 17) || has_measure(b, 18) || has_measure(b, 20));
	free(b);
	b = test_get_ok(&site.srv, "/org/22", &fjord);
	free(b);
	b = test_get_ok(&site.srv, "/plan/" DEMO "/status/list", &fjord);
	assert_true(has_measure(b, 17));
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_agrees_with_perm),
		cmocka_unit_test(test_dashboard_figures),
		cmocka_unit_test(test_dashboard_filters),
		cmocka_unit_test(test_mine),
		cmocka_unit_test(test_org_page),
		cmocka_unit_test(test_draft_stays_hidden),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
