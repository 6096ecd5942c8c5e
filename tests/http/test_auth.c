/*
 * Access tests: accounts, sessions, roles, CSRF, lock-out, API tokens, and
 * a server that holds against bad input - all through real HTTP against a
 * real `samspel serve`, with users made by `samspel user add` as an
 * administrator would.
 */
#include "session.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"

static struct test_site site;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_named_user(site.db, "admin", "Admin Adminsen", "admin", NULL);
	test_add_named_user(site.db, "sogn", "Siri Sogn", "editor", "Sogn regionråd");
	test_add_named_user(site.db, "fjord", "Frode Fjord", "editor", "Fjordheim regionråd");
	test_add_named_user(site.db, "nho", "Nina NHO", "reporter", "NHO");
	test_add_named_user(site.db, "lesar", "Lise Lesar", "reader", "Fjordheim regionråd");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* --- helpers --- */

static json_t *export(void)
{
	struct run r;
	test_run(&r, NULL, "export", SLUG, "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	json_t *j = json_loads(r.out, 0, NULL);
	test_run_free(&r);
	assert_non_null(j);
	return j;
}

static json_int_t plan_version(void)
{
	json_t *j = export();
	json_int_t v = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return v;
}

static char *plan_title(void)
{
	json_t *j = export();
	char *t = strdup(json_string_value(json_object_get(j, "title")));
	json_decref(j);
	return t;
}

/* --- tests --- */

static void test_sign_in_and_out(void **state)
{
	(void)state;
	struct who w;
	/* A wrong password and an unknown login get the same answer. */
	struct http a, b;
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", "feil passord her", &w), 401);
	assert_int_equal(test_try_sign_in(&site.srv, "ingen-slik", TEST_PASSWORD, &w), 401);
	test_req(&site.srv, &a, "GET", "/login", NULL, NULL, NULL);
	test_http_free(&a);

	assert_int_equal(test_try_sign_in(&site.srv, "SOGN", TEST_PASSWORD, &w), 303); /* case-insensitive */
	test_req(&site.srv, &a, "GET", "/", &w, NULL, NULL);
	assert_non_null(strstr(a.body, "Siri Sogn"));
	assert_non_null(strstr(a.body, "action=\"/logout\""));
	char *cc = test_http_header(&a, "Cache-Control");
	assert_string_equal(cc, "private, no-cache");
	free(cc);
	test_http_free(&a);

	char body[128];
	snprintf(body, sizeof body, "csrf=%s", w.csrf);
	test_req(&site.srv, &b, "POST", "/logout", &w, body, NULL);
	assert_int_equal(b.status, 303);
	char *line;
	char *cleared = test_http_cookie(&b, "samspel_session", &line);
	assert_non_null(strstr(line, "Max-Age=0"));
	free(cleared);
	free(line);
	test_http_free(&b);
	/* The old cookie no longer signs anyone in. */
	test_req(&site.srv, &a, "GET", "/", &w, NULL, NULL);
	assert_null(strstr(a.body, "Siri Sogn"));
	assert_non_null(strstr(a.body, "href=\"/login\""));
	test_http_free(&a);
}

static void test_same_answer_for_wrong_login_and_password(void **state)
{
	(void)state;
	struct http h1, h2, g;
	char pre_value[64], body[256];
	test_req(&site.srv, &g, "GET", "/login", NULL, NULL, NULL);
	char *pre = test_http_cookie(&g, "samspel_login", NULL);
	test_hidden(g.body, "pre", pre_value, sizeof pre_value);
	test_http_free(&g);
	struct who tmp;
	snprintf(tmp.cookie, sizeof tmp.cookie, "%s", pre);
	free(pre);
	snprintf(body, sizeof body, "login=zz&password=nope+nope+nope&pre=%s", pre_value);
	test_req(&site.srv, &h1, "POST", "/login", &tmp, body, NULL);
	snprintf(body, sizeof body, "login=fjord&password=nope+nope+nope&pre=%s", pre_value);
	test_req(&site.srv, &h2, "POST", "/login", &tmp, body, NULL);
	assert_int_equal(h1.status, 401);
	assert_int_equal(h2.status, 401);
	const char *m1 = strstr(h1.body, "role=\"alert\">"), *m2 = strstr(h2.body, "role=\"alert\">");
	assert_non_null(m1);
	assert_non_null(m2);
	assert_int_equal(strcspn(m1, "<"), strcspn(m2, "<"));
	assert_memory_equal(m1, m2, strcspn(m1 + 13, "<") + 13);
	test_http_free(&h1);
	test_http_free(&h2);
}

static void test_cookie_flags(void **state)
{
	(void)state;
	struct http g;
	test_req(&site.srv, &g, "GET", "/login", NULL, NULL, NULL);
	char pre_value[64];
	test_hidden(g.body, "pre", pre_value, sizeof pre_value);
	char *pre = test_http_cookie(&g, "samspel_login", NULL);
	test_http_free(&g);
	struct who tmp;
	snprintf(tmp.cookie, sizeof tmp.cookie, "%s", pre);
	free(pre);
	char body[256];
	snprintf(body, sizeof body, "login=fjord&password=%s&pre=%s", "riktig+hest+batteri+stift",
		 pre_value);
	struct http h;
	test_req(&site.srv, &h, "POST", "/login", &tmp, body, NULL);
	assert_int_equal(h.status, 303);
	char *line;
	char *c = test_http_cookie(&h, "samspel_session", &line);
	assert_non_null(c);
	assert_non_null(strstr(line, "HttpOnly"));
	assert_non_null(strstr(line, "SameSite=Lax"));
	assert_non_null(strstr(line, "Path=/"));
	assert_null(strstr(line, "Secure")); /* plain HTTP, not told otherwise */
	free(c);
	free(line);
	test_http_free(&h);

	/* Behind TLS: Secure cookies and HSTS. */
	struct server tls;
	assert_int_equal(test_server_start(&tls, site.db, "--behind-tls", NULL), 0);
	struct who w;
	assert_int_equal(test_try_sign_in(&tls, "fjord", TEST_PASSWORD, &w), 303);
	test_req(&tls, &h, "GET", "/login", NULL, NULL, NULL);
	char *hsts = test_http_header(&h, "Strict-Transport-Security");
	assert_non_null(hsts);
	free(hsts);
	c = test_http_cookie(&h, "samspel_login", &line);
	assert_non_null(strstr(line, "Secure"));
	free(c);
	free(line);
	test_http_free(&h);
	test_server_stop(&tls);
}

static void test_login_form_needs_its_cookie(void **state)
{
	(void)state;
	struct http h;
	test_req(&site.srv, &h, "POST", "/login", NULL, "login=sogn&password=riktig+hest+batteri+stift&pre=x", NULL);
	assert_int_equal(h.status, 403);
	assert_null(test_http_cookie(&h, "samspel_session", NULL));
	test_http_free(&h);
}

static void test_draft_is_invisible(void **state)
{
	(void)state;
	struct http h;
	static const char *const paths[] = {"/plan/" DEMO, "/plan/" DEMO ".json"};
	for (size_t i = 0; i < 2; i++) {
		test_req(&site.srv, &h, "GET", paths[i], NULL, NULL, NULL);
		if (h.status != 404)
			fail_msg("anonymous %s: %ld, expected 404", paths[i], h.status);
		test_http_free(&h);
	}
	/* Its edit page answers as that of a plan that does not exist: sign in. */
	test_req(&site.srv, &h, "GET", "/plan/" DEMO "/edit", NULL, NULL, NULL);
	assert_int_equal(h.status, 303);
	char *loc = test_http_header(&h, "Location");
	assert_string_equal(loc, "/login?next=%2Fplan%2F" DEMO "%2Fedit");
	free(loc);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/no-such-plan/edit", NULL, NULL, NULL);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	/* A measure of the draft, found by its id in the JSON. */
	struct who lesar, sogn, admin;
	assert_int_equal(test_try_sign_in(&site.srv, "lesar", TEST_PASSWORD, &lesar), 303);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO ".json", &lesar, NULL, NULL);
	assert_int_equal(h.status, 200);
	json_t *j = json_loads(h.body, 0, NULL);
	json_int_t mid = json_integer_value(json_object_get(json_array_get(json_object_get(
		json_array_get(json_object_get(json_array_get(json_object_get(
			json_array_get(json_object_get(j, "areas"), 0), "focuses"), 0), "strategies"), 0),
		"measures"), 0), "id"));
	json_decref(j);
	test_http_free(&h);
	char mpath[64];
	snprintf(mpath, sizeof mpath, "/measure/%lld", (long long)mid);
	test_req(&site.srv, &h, "GET", mpath, NULL, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", mpath, &lesar, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);

	/* The reader sees it listed as a draft; the public does not. */
	test_req(&site.srv, &h, "GET", "/", &lesar, NULL, NULL);
	assert_non_null(strstr(h.body, "/plan/" DEMO));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/", NULL, NULL, NULL);
	assert_null(strstr(h.body, "/plan/" DEMO));
	test_http_free(&h);

	/* An editor of another council does not see it; an admin does. */
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", TEST_PASSWORD, &sogn), 303);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO, &sogn, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	assert_int_equal(test_try_sign_in(&site.srv, "admin", TEST_PASSWORD, &admin), 303);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO, &admin, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

static void test_reporter_cannot_edit_the_plan(void **state)
{
	(void)state;
	struct who nho;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "nho", TEST_PASSWORD, &nho), 303);
	json_int_t v = plan_version();
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/edit", &nho, NULL, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	char fields[256];
	snprintf(fields, sizeof fields, "version=%lld&title=Endra+av+rapport%%C3%%B8r", (long long)v);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/edit", &nho, fields);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/unpublish", &nho, "x=1");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
	char *t = plan_title();
	assert_string_equal(t, "Regionalplan for Sogn - handlingsplan 2023");
	free(t);
	/* No edit button is offered either. */
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, &nho, NULL, NULL);
	assert_null(strstr(h.body, "/edit\""));
	test_http_free(&h);
}

static void test_editor_of_one_council_cannot_touch_another(void **state)
{
	(void)state;
	struct who fjord, sogn;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", TEST_PASSWORD, &fjord), 303);
	json_int_t v = plan_version();
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/edit", &fjord, NULL, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/unpublish", &fjord, "x=1");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
	/* Its own council's editor may. */
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", TEST_PASSWORD, &sogn), 303);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/edit", &sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "name=\"vision\""));
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/unpublish", &sogn, "x=1");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, NULL, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/publish", &sogn, "x=1");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	assert_int_equal(plan_version(), v + 2);
}

/* The reports on measure 8, as its public page shows them. */
static int64_t count_reports(void)
{
	struct http h;
	test_req(&site.srv, &h, "GET", "/measure/8", NULL, NULL, NULL);
	int64_t n = 0;
	for (const char *p = h.body; (p = strstr(p, "class=\"report-head\"")); p++)
		n++;
	test_http_free(&h);
	return n;
}

static void test_csrf_refusals_write_nothing(void **state)
{
	(void)state;
	struct who sogn;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", TEST_PASSWORD, &sogn), 303);
	json_int_t v = plan_version();
	int64_t reports = count_reports();
	char body[256];
	snprintf(body, sizeof body, "version=%lld&title=Utan+token", (long long)v);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/edit", &sogn, body, NULL);
	assert_int_equal(h.status, 403);
	assert_non_null(strstr(h.body, "403"));
	test_http_free(&h);
	snprintf(body, sizeof body, "csrf=feil&version=%lld&title=Feil+token", (long long)v);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/edit", &sogn, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/unpublish", &sogn, "x=1",
		 (const char *[]){"X-CSRF-Token: feil", NULL});
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/measure/8/report", &sogn, "state=on_track&reported_on=2026-11-01", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/logout", &sogn, "x=1", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
	assert_int_equal(count_reports(), reports);
	char *t = plan_title();
	assert_string_equal(t, "Regionalplan for Sogn - handlingsplan 2023");
	free(t);
	/* The token in a header works as well as in the form. */
	char header[128];
	snprintf(header, sizeof header, "X-CSRF-Token: %s", sogn.csrf);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/publish", &sogn, "x=1",
		 (const char *[]){header, NULL});
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(plan_version(), v + 1);
}

static void test_reporter_writes_reports(void **state)
{
	(void)state;
	struct who nho;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "nho", TEST_PASSWORD, &nho), 303);
	/* Measure 8: NHO takes part. The form is offered and works. */
	test_req(&site.srv, &h, "GET", "/measure/8", &nho, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "action=\"/measure/8/report\""));
	test_http_free(&h);
	int64_t before = count_reports();
	test_post_form(&site.srv, &h, "/measure/8/report", &nho,
		  "reported_on=2026-11-20&state=at_risk&progress=40&spent=120+000&text=L%C3%A6replassar+i+rute");
	assert_int_equal(h.status, 303);
	char *loc = test_http_header(&h, "Location");
	assert_string_equal(loc, "/measure/8");
	free(loc);
	test_http_free(&h);
	assert_int_equal(count_reports(), before + 1);
	test_req(&site.srv, &h, "GET", "/measure/8", NULL, NULL, NULL);
	assert_non_null(strstr(h.body, "Læreplassar i rute"));
	assert_non_null(strstr(h.body, "20.11.2026"));
	assert_non_null(strstr(h.body, "120\xC2\xA0" "000\xC2\xA0kr"));
	assert_non_null(strstr(h.body, "Nina NHO"));
	test_http_free(&h);
	/* Bad input: a clear message, nothing stored. */
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, "reported_on=2026-11-20&state=done&progress=150");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "role=\"alert\""));
	/* The form comes back on the measure's page, its reports with it (a
	 * write loads them only to show the page again). */
	assert_non_null(strstr(h.body, "Læreplassar i rute"));
	assert_non_null(strstr(h.body, "value=\"150\""));
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, "reported_on=2026-02-30&state=done");
	assert_int_equal(h.status, 400);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, "reported_on=2026-11-20&state=done&spent=mykje");
	assert_int_equal(h.status, 400);
	test_http_free(&h);
	assert_int_equal(count_reports(), before + 1);
	/* Measure 1: NHO is not involved. */
	test_post_form(&site.srv, &h, "/measure/1/report", &nho, "reported_on=2026-11-20&state=done");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/measure/1", &nho, NULL, NULL);
	assert_null(strstr(h.body, "/measure/1/report"));
	test_http_free(&h);
	/* A re-import of the same text changes the plan in place: the
	 * measures keep their ids, so the reports stay (model/merge.h). */
	int64_t kept = count_reports();
	struct run r;
	test_run(&r, NULL, "import", test_seed(SEED), "--replace", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	assert_int_equal(count_reports(), kept);
}

/* A municipality's reporter may report where its council - or "kommunane",
 * the council's members - takes part, once the membership is known. */
static void test_member_of_a_council_reports(void **state)
{
	(void)state;
	const char *add[] = {"org", "add", "Luster kommune", "--kind", "municipality", NULL};
	test_run_ok(site.db, NULL, add);
	test_add_named_user(site.db, "luster", "Lars Luster", "reporter", "Luster kommune");
	struct who w;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "luster", TEST_PASSWORD, &w), 303);
	test_post_form(&site.srv, &h, "/measure/1/report", &w, "reported_on=2026-11-22&state=on_track");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	const char *member[] = {"org", "member", "Sogn regionråd", "Luster kommune", NULL};
	test_run_ok(site.db, NULL, member);
	test_post_form(&site.srv, &h, "/measure/1/report", &w, "reported_on=2026-11-22&state=on_track&text=Fr%C3%A5+Luster");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	struct run r;
	test_run(&r, NULL, "org", "member", "Sogn regionråd", "Luster kommune", "--db", site.db, NULL);
	assert_int_equal(r.status, 1); /* a member already */
	test_run_free(&r);
	test_run(&r, NULL, "org", "list", "--db", site.db, NULL);
	assert_non_null(strstr(r.out, "Sogn regionråd\tcouncil\t-\t1\n"));
	assert_non_null(strstr(r.out, "Luster kommune\tmunicipality\t-\t0\n"));
	test_run_free(&r);
	/* ... and it still may not touch the plan itself. */
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/edit", &w, NULL, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
}

static void test_edit_conflict(void **state)
{
	(void)state;
	struct who sogn;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", TEST_PASSWORD, &sogn), 303);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/edit", &sogn, NULL, NULL);
	char version[32];
	test_hidden(h.body, "version", version, sizeof version);
	test_http_free(&h);
	char fields[512];
	snprintf(fields, sizeof fields,
		 "version=%s&title=Regionalplan+for+Sogn+-+handlingsplan+2023&values=Driftig%%2C+raus+og+ekte.&vision=Ny+visjon&main_goal=M%%C3%%A5l",
		 version);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	json_int_t v = plan_version();
	/* The same old form again: someone changed it in between. */
	snprintf(fields, sizeof fields, "version=%s&title=Gammal+tittel&vision=Gammal", version);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 409);
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
	json_t *j = export();
	assert_string_equal(json_string_value(json_object_get(j, "vision")), "Ny visjon");
	json_decref(j);
	/* An empty title is refused with the field named. */
	snprintf(fields, sizeof fields, "version=%lld&title=", (long long)v);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"title-error\""));
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
}

static void test_lockout_and_its_end(void **state)
{
	(void)state;
	test_add_named_user(site.db, "laas", "Lars Laas", "reader", "Sogn regionråd");
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--lockout", "3", "--lockout-time", "3", NULL), 0);
	struct who w;
	for (int i = 0; i < 3; i++)
		assert_int_equal(test_try_sign_in(&s, "laas", "heilt feil passord", &w), 401);
	/* Locked: even the right password is refused, with a clear message. */
	struct http h;
	assert_int_equal(test_try_sign_in(&s, "laas", TEST_PASSWORD, &w), 429);
	assert_int_equal(w.cookie[0], '\0');
	/* Another account is not locked by laas's failures. */
	assert_int_equal(test_try_sign_in(&s, "lesar", TEST_PASSWORD, &w), 303);
	sleep(4);
	assert_int_equal(test_try_sign_in(&s, "laas", TEST_PASSWORD, &w), 303);
	test_req(&s, &h, "GET", "/", &w, NULL, NULL);
	assert_non_null(strstr(h.body, "Lars Laas"));
	test_http_free(&h);
	char *log = test_server_log(&s);
	assert_non_null(strstr(log, "event=login_locked user=laas"));
	free(log);
	test_server_stop(&s);
}

static void test_lockout_by_address(void **state)
{
	(void)state;
	struct server s;
	/* Only failures within the last 3 seconds count on this server, so
	 * those of the tests before do not. */
	sleep(4);
	assert_int_equal(test_server_start(&s, site.db, "--lockout-ip", "3", "--lockout-time", "3", NULL), 0);
	struct who w;
	assert_int_equal(test_try_sign_in(&s, "a1", "x x x x x x", &w), 401);
	assert_int_equal(test_try_sign_in(&s, "a2", "x x x x x x", &w), 401);
	assert_int_equal(test_try_sign_in(&s, "a3", "x x x x x x", &w), 401);
	assert_int_equal(test_try_sign_in(&s, "admin", TEST_PASSWORD, &w), 429);
	sleep(4);
	assert_int_equal(test_try_sign_in(&s, "admin", TEST_PASSWORD, &w), 303);
	test_server_stop(&s);
}

static void test_session_expiry(void **state)
{
	(void)state;
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--session-idle", "2", NULL), 0);
	struct who w;
	struct http h;
	assert_int_equal(test_try_sign_in(&s, "lesar", TEST_PASSWORD, &w), 303);
	test_req(&s, &h, "GET", "/", &w, NULL, NULL);
	assert_non_null(strstr(h.body, "Lise Lesar"));
	test_http_free(&h);
	sleep(4);
	test_req(&s, &h, "GET", "/", &w, NULL, NULL);
	assert_null(strstr(h.body, "Lise Lesar"));
	test_http_free(&h);
	test_server_stop(&s);

	assert_int_equal(test_server_start(&s, site.db, "--session-max", "2", NULL), 0);
	assert_int_equal(test_try_sign_in(&s, "lesar", TEST_PASSWORD, &w), 303);
	for (int i = 0; i < 4; i++) { /* in use all the time, and still it ends */
		sleep(1);
		test_req(&s, &h, "GET", "/", &w, NULL, NULL);
		test_http_free(&h);
	}
	test_req(&s, &h, "GET", "/", &w, NULL, NULL);
	assert_null(strstr(h.body, "Lise Lesar"));
	test_http_free(&h);
	test_server_stop(&s);
}

static void test_sessions_survive_a_restart(void **state)
{
	(void)state;
	struct server a, b;
	struct who w;
	struct http h;
	assert_int_equal(test_server_start(&a, site.db, NULL), 0);
	assert_int_equal(test_try_sign_in(&a, "lesar", TEST_PASSWORD, &w), 303);
	test_server_stop(&a);
	assert_int_equal(test_server_start(&b, site.db, NULL), 0);
	test_req(&b, &h, "GET", "/", &w, NULL, NULL);
	assert_non_null(strstr(h.body, "Lise Lesar"));
	test_http_free(&h);
	test_server_stop(&b);
}

static void test_disabled_and_new_password_end_sessions(void **state)
{
	(void)state;
	struct who w;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", TEST_PASSWORD, &w), 303);
	struct run r;
	test_run(&r, NULL, "user", "disable", "fjord", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_req(&site.srv, &h, "GET", "/", &w, NULL, NULL);
	assert_null(strstr(h.body, "Frode Fjord"));
	test_http_free(&h);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", TEST_PASSWORD, &w), 401);
	test_run(&r, NULL, "user", "enable", "fjord", "--db", site.db, NULL);
	test_run_free(&r);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", TEST_PASSWORD, &w), 303);
	test_run(&r, "eit heilt nytt passord\n", "user", "passwd", "fjord", "--password-stdin", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_req(&site.srv, &h, "GET", "/", &w, NULL, NULL);
	assert_null(strstr(h.body, "Frode Fjord"));
	test_http_free(&h);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", "eit heilt nytt passord", &w), 303);
	test_run(&r, TEST_PASSWORD "\n", "user", "passwd", "fjord", "--password-stdin", "--db", site.db, NULL);
	test_run_free(&r);
}

static char *new_token(const char *login)
{
	return test_new_token(site.db, login, "test script");
}

static void test_api_tokens(void **state)
{
	(void)state;
	struct http h;
	char *token = new_token("lesar");
	char auth[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO ".json", NULL, NULL, (const char *[]){auth, NULL});
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO, NULL, NULL, (const char *[]){auth, NULL});
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO ".json", NULL, NULL,
		 (const char *[]){"Authorization: Bearer sst_wrong", NULL});
	assert_int_equal(h.status, 401);
	char *www = test_http_header(&h, "WWW-Authenticate");
	assert_non_null(www);
	free(www);
	test_http_free(&h);

	/* A token needs no CSRF token: it is never sent by a browser on its own. */
	char *nho = new_token("nho");
	char auth2[128];
	snprintf(auth2, sizeof auth2, "Authorization: Bearer %s", nho);
	test_req(&site.srv, &h, "POST", "/measure/8/report", NULL, "reported_on=2026-11-21&state=on_track&text=Fr%C3%A5+skript",
		 (const char *[]){auth2, NULL});
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "\"ok\": true"));
	test_http_free(&h);

	/* Revoked: refused. */
	struct run r;
	test_run(&r, NULL, "token", "list", "lesar", "--db", site.db, NULL);
	long id = atol(r.out);
	assert_true(id > 0);
	assert_null(strstr(r.out, token)); /* only a prefix is ever shown again */
	test_run_free(&r);
	char ids[16];
	snprintf(ids, sizeof ids, "%ld", id);
	test_run(&r, NULL, "token", "revoke", ids, "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_req(&site.srv, &h, "GET", "/plan/" DEMO ".json", NULL, NULL, (const char *[]){auth, NULL});
	assert_int_equal(h.status, 401);
	test_http_free(&h);

	/* Neither password nor token is stored or logged in clear. */
	static const char *const files[] = {"samspel.db", "samspel.db-wal"};
	for (size_t i = 0; i < 2; i++) {
		size_t len = 0;
		char *path = test_join(site.dir, files[i]);
		char *raw = test_read_file(path, &len);
		if (raw) {
			assert_null(memmem(raw, len, token, strlen(token)));
			assert_null(memmem(raw, len, nho, strlen(nho)));
			assert_null(memmem(raw, len, TEST_PASSWORD, strlen(TEST_PASSWORD)));
		}
		free(raw);
		free(path);
	}
	char *log = test_server_log(&site.srv);
	assert_non_null(strstr(log, "event=token_used user=lesar"));
	assert_non_null(strstr(log, "event=login user=sogn"));
	assert_non_null(strstr(log, "event=login_failed user=sogn"));
	assert_non_null(strstr(log, "event=permission_denied user=nho"));
	assert_non_null(strstr(log, "event=token_refused"));
	assert_null(strstr(log, token));
	assert_null(strstr(log, nho));
	assert_null(strstr(log, "hest"));
	assert_null(strstr(log, "feil passord"));
	free(log);
	free(token);
	free(nho);
}

/* --- bad input --- */

static void test_invalid_utf8_is_400(void **state)
{
	(void)state;
	struct http h;
	test_req(&site.srv, &h, "GET", "/?lang=%FF", NULL, NULL, NULL);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "UTF-8"));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/%C3%28", NULL, NULL, NULL);
	assert_int_equal(h.status, 400);
	test_http_free(&h);
	struct who sogn;
	assert_int_equal(test_try_sign_in(&site.srv, "sogn", TEST_PASSWORD, &sogn), 303);
	json_int_t v = plan_version();
	char fields[256];
	snprintf(fields, sizeof fields, "version=%lld&title=%%FF%%FE", (long long)v);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "UTF-8"));
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/edit", &sogn, "title=x",
		 (const char *[]){"Content-Type: text/plain", NULL});
	assert_int_equal(h.status, 415);
	test_http_free(&h);
	assert_int_equal(plan_version(), v);
}

/* Sends raw bytes on a fresh connection and returns what came back. */
static char *raw_exchange(const struct server *s, const char *data, size_t len, int wait_ms)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	struct timeval tv = {wait_ms / 1000, (wait_ms % 1000) * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	size_t sent = 0;
	while (sent < len) {
		ssize_t w = send(fd, data + sent, len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		sent += (size_t)w;
	}
	char *out = calloc(1, 65536);
	size_t n = 0;
	ssize_t got;
	while (n < 65535 && (got = recv(fd, out + n, 65535 - n, 0)) > 0)
		n += (size_t)got;
	close(fd);
	return out;
}

static void test_overlong_headers_and_slow_clients(void **state)
{
	(void)state;
	/* A header far beyond the limit gets an error status, not a crash. */
	size_t n = 200000;
	char *big = malloc(n + 200);
	int k = snprintf(big, 200, "GET / HTTP/1.1\r\nHost: x\r\nX-Long: ");
	memset(big + k, 'a', n);
	memcpy(big + k + n, "\r\n\r\n", 5);
	char *answer = raw_exchange(&site.srv, big, (size_t)k + n + 4, 5000);
	/* 431, or the connection closed before we finished sending. */
	if (answer[0])
		assert_int_equal(strncmp(answer, "HTTP/1.1 431", 12), 0);
	free(answer);
	free(big);

	/* A client that stops halfway is cut off after the timeout. */
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--timeout", "1", NULL), 0);
	struct timeval t0, t1;
	gettimeofday(&t0, NULL);
	const char *half = "GET / HTTP/1.1\r\nHost: x\r\n";
	answer = raw_exchange(&s, half, strlen(half), 8000);
	gettimeofday(&t1, NULL);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_usec - t0.tv_usec) / 1e6;
	assert_true(waited < 6.0); /* closed by the server, not by our 8 s patience */
	free(answer);
	/* ... and the server still answers. */
	struct http h;
	test_req(&s, &h, "GET", "/healthz", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_server_stop(&s);

	/* Garbage instead of HTTP. */
	answer = raw_exchange(&site.srv, "\x16\x03\x01\x02\x00garbage\r\n\r\n", 16, 3000);
	assert_true(answer[0] == '\0' || strncmp(answer, "HTTP/1.1 400", 12) == 0);
	free(answer);
	test_req(&site.srv, &h, "GET", "/healthz", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

static void test_security_headers_everywhere(void **state)
{
	(void)state;
	static const char *const paths[] = {"/", "/login", "/plan/" SLUG, "/plan/" SLUG ".json",
					    "/measure/1", "/nope", "/static/style.css", "/healthz"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct http h;
		test_req(&site.srv, &h, "GET", paths[i], NULL, NULL, NULL);
		char *csp = test_http_header(&h, "Content-Security-Policy");
		char *xcto = test_http_header(&h, "X-Content-Type-Options");
		char *rp = test_http_header(&h, "Referrer-Policy");
		if (!csp || !strstr(csp, "default-src 'none'") || !strstr(csp, "frame-ancestors 'none'") ||
		    strstr(csp, "unsafe") || !xcto || !rp)
			fail_msg("%s lacks a security header", paths[i]);
		assert_null(test_http_header(&h, "Strict-Transport-Security")); /* not behind TLS */
		free(csp);
		free(xcto);
		free(rp);
		test_http_free(&h);
	}
	/* No inline script anywhere: the policy would block it. */
	struct http h;
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, NULL, NULL, NULL);
	assert_null(strstr(h.body, "<script"));
	assert_null(strstr(h.body, " style=\""));
	test_http_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in_and_out),
		cmocka_unit_test(test_same_answer_for_wrong_login_and_password),
		cmocka_unit_test(test_cookie_flags),
		cmocka_unit_test(test_login_form_needs_its_cookie),
		cmocka_unit_test(test_draft_is_invisible),
		cmocka_unit_test(test_reporter_cannot_edit_the_plan),
		cmocka_unit_test(test_editor_of_one_council_cannot_touch_another),
		cmocka_unit_test(test_csrf_refusals_write_nothing),
		cmocka_unit_test(test_reporter_writes_reports),
		cmocka_unit_test(test_member_of_a_council_reports),
		cmocka_unit_test(test_edit_conflict),
		cmocka_unit_test(test_lockout_and_its_end),
		cmocka_unit_test(test_lockout_by_address),
		cmocka_unit_test(test_session_expiry),
		cmocka_unit_test(test_sessions_survive_a_restart),
		cmocka_unit_test(test_disabled_and_new_password_end_sessions),
		cmocka_unit_test(test_api_tokens),
		cmocka_unit_test(test_invalid_utf8_is_400),
		cmocka_unit_test(test_overlong_headers_and_slow_clients),
		cmocka_unit_test(test_security_headers_everywhere),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
