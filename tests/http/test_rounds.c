/*
 * Reporting rounds (issue 10, part 1) through the pages and the API: an
 * editor opens a round on seed 003's plan; the reporters see it on "Mine
 * tiltak"; a report written meanwhile belongs to the round and fills its
 * page; the dashboard, the API and the plan's calendar show it; closing it
 * keeps its record, and a correction made afterwards shows as one.
 */
#include "session.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;
static struct who sogn, fjord, nho;
static char today[11], deadline[11], past[11];
static long long round_id;

static void date_in(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	strftime(out, 11, "%Y-%m-%d", gmtime(&t));
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_three(site.db);
	if (test_serve_three(&site, &sogn, &fjord, &nho) != 0)
		return -1;
	date_in(0, today);
	date_in(30, deadline);
	date_in(-2, past);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static long long q(const char *sql, long long id)
{
	return test_db_int(site.db, sql, id);
}

static void test_open(void **state)
{
	(void)state;
	char fields[160], *body = NULL;
	/* Not for an editor of another council; a past deadline and a date
	 * that is none are answered on the form. */
	snprintf(fields, sizeof fields, "name=1.+tertial&deadline=%s", deadline);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/rounds", &fjord, fields, NULL), 403);
	snprintf(fields, sizeof fields, "name=1.+tertial&deadline=%s", past);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/rounds", &sogn, fields, &body), 400);
	assert_non_null(strstr(body, "aria-invalid=\"true\""));
	free(body);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/rounds", &sogn,
					  "name=1.+tertial&deadline=31.4.2026", NULL), 400);
	assert_int_equal(q("SELECT COUNT(*) FROM round", 0), 0);

	struct http h;
	snprintf(fields, sizeof fields, "name=1.+tertial+2026&deadline=%s", deadline);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/rounds", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	round_id = q("SELECT MAX(id) FROM round", 0);
	/* Every measure of the plan (none is done yet) is in it. */
	assert_int_equal(q("SELECT COUNT(*) FROM round_measure WHERE round_id = :id", round_id),
			 test_db_int_by(site.db, "SELECT COUNT(*) FROM measure m JOIN plan p ON p.id = m.plan_id"
					" WHERE p.slug = :text", 0, SLUG));
	/* One open round at a time. */
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/rounds", &sogn, fields, &body), 409);
	free(body);
}

static void test_reporters_see_it(void **state)
{
	(void)state;
	char *body = test_get_ok(&site.srv, "/mine", &nho);
	assert_non_null(strstr(body, "1. tertial 2026"));
	char href[48];
	snprintf(href, sizeof href, "href=\"/round/%lld\"", round_id);
	assert_non_null(strstr(body, href));
	free(body);
	/* A report now belongs to the round; the round page shows it. */
	char path[48];
	snprintf(path, sizeof path, "/round/%lld", round_id);
	body = test_get_ok(&site.srv, path, NULL);
	int unreported = test_count(body, "class=\"badge state-none\"");
	free(body);
	char fields[160];
	struct http h;
	snprintf(fields, sizeof fields, "reported_on=%s&state=on_track&progress=30&text=I+gang", today);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(q("SELECT round_id FROM report WHERE measure_id = 8 ORDER BY id DESC LIMIT 1", 0),
			 round_id);
	body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "href=\"/measure/8\""));
	assert_non_null(strstr(body, "Sogn regionråd</a>")); /* responsible for it */
	/* Measure 8 is reported in the round now: one fewer without. */
	assert_true(unreported > 0);
	assert_int_equal(test_count(body, "class=\"badge state-none\""), unreported - 1);
	free(body);
	/* The dashboard shows the open round. */
	body = test_get_ok(&site.srv, "/plan/" SLUG "/status", NULL);
	assert_non_null(strstr(body, href));
	free(body);
}

/* A reporter for two organisations: the round counts each of their
 * measures once, those both take part in too. */
static void test_reporter_of_two_orgs(void **state)
{
	(void)state;
	/* The organisation other than NHO with most measures in the round. */
	char other[120];
	test_db_text(site.db,
		     "SELECT o.name FROM round_measure rm JOIN measure_org mo ON mo.measure_id = rm.measure_id"
		     " JOIN org o ON o.id = mo.org_id WHERE rm.round_id = :id AND o.name <> 'NHO'"
		     " GROUP BY o.id ORDER BY COUNT(*) DESC, o.id LIMIT 1", round_id, other, sizeof other);
	assert_true(*other);
	test_add_user(site.db, "twin", "reporter", "NHO");
	const char *grant[] = {"user", "grant", "twin", "--role", "reporter", "--org", other, NULL};
	test_run_ok(site.db, NULL, grant);
	struct who twin;
	test_sign_in(&site.srv, "twin", &twin);
	const char *of_both = "FROM round_measure rm WHERE rm.round_id = :id AND rm.measure_id IN"
			      " (SELECT mo.measure_id FROM measure_org mo JOIN org o ON o.id = mo.org_id"
			      "  WHERE o.name IN ('NHO', :text))";
	char sql[600];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) %s", of_both);
	long long measures = test_db_int_by(site.db, sql, round_id, other);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) %s AND NOT EXISTS (SELECT 1 FROM report r"
		 " WHERE r.round_id = rm.round_id AND r.measure_id = rm.measure_id)", of_both);
	long long unreported = test_db_int_by(site.db, sql, round_id, other);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM round_measure rm JOIN measure_org mo"
		 " ON mo.measure_id = rm.measure_id JOIN org o ON o.id = mo.org_id"
		 " WHERE rm.round_id = :id AND o.name = 'NHO'");
	assert_true(measures > test_db_int(site.db, sql, round_id)); /* more than NHO's */
	char *body = test_get_ok(&site.srv, "/mine", &twin);
	char line[160];
	snprintf(line, sizeof line, "%lld av dei %lld tiltaka dykkar er ikkje rapporterte enno",
		 unreported, measures);
	if (!strstr(body, line))
		fail_msg("/mine does not say \"%s\"", line);
	assert_int_equal(test_count(body, "<li><a href=\"/round/"), 1);
	free(body);
}

static void test_api_and_calendar(void **state)
{
	(void)state;
	char *tok = test_new_token(site.db, "sogn", "rounds");
	struct http h;
	test_api_req(&site.srv, &h, "GET", "/api/v1/plans/" SLUG "/rounds", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	json_t *j = json_loadb(h.body, h.len, 0, NULL);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), round_id);
	assert_int_equal(json_integer_value(json_object_get(first, "reported")), 1);
	assert_string_equal(json_string_value(json_object_get(first, "deadline")), deadline);
	json_decref(j);
	test_http_free(&h);
	char body[128];
	snprintf(body, sizeof body, "{\"name\": \"2. tertial\", \"deadline\": \"%s\"}", deadline);
	test_api_req(&site.srv, &h, "POST", "/api/v1/plans/" SLUG "/rounds", tok, body, NULL);
	assert_int_equal(h.status, 409); /* one is open */
	test_http_free(&h);
	char *ics = test_get_ok(&site.srv, "/plan/" SLUG ".ics", NULL);
	char uid[48], start[40];
	snprintf(uid, sizeof uid, "UID:round-%lld@samspel", round_id);
	snprintf(start, sizeof start, "DTSTART;VALUE=DATE:%.4s%.2s%.2s", deadline, deadline + 5,
		 deadline + 8);
	assert_non_null(strstr(ics, uid));
	assert_non_null(strstr(ics, start));
	free(ics);
	free(tok);
}

static void test_close_and_correct(void **state)
{
	(void)state;
	char path[64], fields[160];
	snprintf(path, sizeof path, "/round/%lld/close", round_id);
	assert_int_equal(test_post_status(&site.srv, path, &nho, "version=1", NULL), 403);
	long long version = q("SELECT version FROM round WHERE id = :id", round_id);
	snprintf(fields, sizeof fields, "version=%lld", version);
	assert_int_equal(test_post_status(&site.srv, path, &sogn, fields, NULL), 303);
	assert_int_equal(q("SELECT closed_at IS NOT NULL FROM round WHERE id = :id", round_id), 1);
	/* A report now is no longer the round's. */
	struct http h;
	snprintf(fields, sizeof fields, "reported_on=%s&state=at_risk", today);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(q("SELECT round_id IS NULL FROM report WHERE measure_id = 8 ORDER BY id DESC LIMIT 1", 0),
			 1);
	/* The round's report corrected after closing shows as a correction. */
	long long report = q("SELECT id FROM report WHERE round_id = :id", round_id);
	snprintf(path, sizeof path, "/report/%lld/edit", report);
	snprintf(fields, sizeof fields, "version=%lld&reported_on=%s&state=on_track&progress=35&text=Retta",
		 q("SELECT version FROM report WHERE id = :id", report), today);
	assert_int_equal(test_post_status(&site.srv, path, &nho, fields, NULL), 303);
	snprintf(path, sizeof path, "/round/%lld", round_id);
	char *body = test_get_ok(&site.srv, path, NULL);
	assert_int_equal(test_count(body, "action=\"/round/"), 0); /* no close button any more */
	free(body);
	body = test_get_ok(&site.srv, path, &sogn);
	assert_int_equal(test_count(body, "class=\"badge\">"), 1); /* the correction */
	free(body);
	/* A new round may open now. */
	snprintf(fields, sizeof fields, "name=2.+tertial+2026&deadline=%s", deadline);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/rounds", &sogn, fields, NULL), 303);
}

/* The plan's year: a date added by an editor shows on the plan's page
 * beside the rounds' deadlines, and in its calendar. */
static void test_dates(void **state)
{
	(void)state;
	const char *fields = "version=1&date=2026-12-10&title=Handlingsplan+2027+til+handsaming+i+r%C3%A5det&kind=decision";
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/new/date", &fjord, fields, NULL), 403);
	struct http h;
	test_post_form(&site.srv, &h, "/plan/" SLUG "/new/date", &sogn, fields);
	assert_int_equal(h.status, 303);
	char *location = test_http_header(&h, "Location");
	assert_string_equal(location, "/plan/" SLUG "#dates");
	free(location);
	test_http_free(&h);
	long long id = q("SELECT MAX(id) FROM plan_date", 0);
	char *body = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(body, "Handlingsplan 2027 til handsaming i rådet"));
	assert_non_null(strstr(body, "10.12.2026"));
	char href[48];
	snprintf(href, sizeof href, "href=\"/round/%lld\"", round_id);
	assert_non_null(strstr(body, href)); /* the round's deadline beside it */
	free(body);
	char *ics = test_get_ok(&site.srv, "/plan/" SLUG ".ics", NULL);
	char uid[48];
	snprintf(uid, sizeof uid, "UID:date-%lld@samspel", id);
	assert_non_null(strstr(ics, uid));
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20261210"));
	free(ics);
	/* A date that is none is answered on the form. */
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/new/date", &sogn,
					  "version=1&date=10.12&title=X&kind=other", NULL), 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_reporters_see_it),
		cmocka_unit_test(test_reporter_of_two_orgs),
		cmocka_unit_test(test_api_and_calendar),
		cmocka_unit_test(test_close_and_correct),
		cmocka_unit_test(test_dates),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
