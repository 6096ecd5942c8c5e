/*
 * The JSON API (/api/v1/, docs/api.md) against a real `samspel serve`:
 * every curl example of docs/api.md is run as written, in order, against
 * the demo plan; then what the conventions promise is checked one by one -
 * ETag and 304, If-Match (428, 412 with nothing changed), permissions by
 * role (403, 404), creation and deletion, problem documents, history.
 */
#include "session.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"

static struct test_site site;
static char *tok_sogn, *tok_fjord, *tok_nho;


static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_three(site.db);
	tok_sogn = test_new_token(site.db, "sogn", "api test");
	tok_fjord = test_new_token(site.db, "fjord", "api test");
	tok_nho = test_new_token(site.db, "nho", "api test");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	free(tok_sogn);
	free(tok_fjord);
	free(tok_nho);
	return 0;
}

/* --- helpers --- */

/* A request to the API as the holder of token (NULL: the public), with a
 * JSON body (NULL: none) and up to two more headers. */
static void api(struct http *h, const char *method, const char *path, const char *token,
		const char *body, const char *extra1, const char *extra2)
{
	const char *extra[] = {extra1, extra1 ? extra2 : NULL, NULL};
	test_api_req(&site.srv, h, method, path, token, body, extra);
}

static json_t *body_json(const struct http *h)
{
	json_error_t je;
	json_t *j = json_loadb(h->body ? h->body : "", h->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, h->body ? h->body : "");
	return j;
}

/* GET path as token; asserts 200 and returns the body as JSON. */
static json_t *get_json(const char *path, const char *token)
{
	struct http h;
	api(&h, "GET", path, token, NULL, NULL, NULL);
	if (h.status != 200)
		fail_msg("GET %s: %ld %.300s", path, h.status, h.body ? h.body : "");
	json_t *j = body_json(&h);
	test_http_free(&h);
	return j;
}

static json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first measure of plan slug, as token sees it. */
static json_int_t first_measure(const char *slug, const char *token)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/measures?plan=%s&per_page=1", slug);
	json_t *j = get_json(path, token);
	json_t *items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	json_int_t id = jint(json_array_get(items, 0), "id");
	json_decref(j);
	return id;
}

/* Asserts h is a problem document of status (and field, when not NULL). */
static void assert_problem(const struct http *h, long status, const char *field)
{
	if (h->status != status)
		fail_msg("expected %ld, got %ld: %.300s", status, h->status, h->body ? h->body : "");
	char *type = test_http_header(h, "Content-Type");
	assert_non_null(type);
	assert_non_null(strstr(type, "application/problem+json"));
	free(type);
	json_t *j = body_json(h);
	assert_non_null(jstr(j, "type"));
	assert_non_null(jstr(j, "title"));
	assert_non_null(jstr(j, "detail"));
	assert_int_equal(jint(j, "status"), status);
	if (field) {
		assert_non_null(jstr(j, "field"));
		assert_string_equal(jstr(j, "field"), field);
	}
	json_decref(j);
}

/* The text of measure id in `samspel export slug` (what is stored). */
static char *exported_measure_text(const char *slug, json_int_t id)
{
	struct run r;
	test_run(&r, NULL, "export", slug, "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	json_t *plan = json_loads(r.out, 0, NULL);
	test_run_free(&r);
	assert_non_null(plan);
	char *found = NULL;
	size_t i, j, k, l;
	json_t *area, *focus, *strategy, *measure;
	json_array_foreach(json_object_get(plan, "areas"), i, area)
		json_array_foreach(json_object_get(area, "focuses"), j, focus)
			json_array_foreach(json_object_get(focus, "strategies"), k, strategy)
				json_array_foreach(json_object_get(strategy, "measures"), l, measure)
					if (jint(measure, "id") == id)
						found = strdup(jstr(measure, "text"));
	json_decref(plan);
	assert_non_null(found);
	return found;
}

/* --- the examples of docs/api.md --- */

static void test_doc_examples(void **state)
{
	(void)state;
	/* Their own server over the demo plan alone, as `make run` has it. */
	char *d = test_tmpdir();
	char *demo_db = test_join(d, "demo.db");
	const char *demo[] = {"demo", "--from", test_path("data/demo"), NULL};
	test_run_ok(demo_db, NULL, demo);
	test_add_user(demo_db, "frode", "editor", "Fjordheim regionråd");
	char *token = test_new_token(demo_db, "frode", "api test");
	struct server s;
	assert_int_equal(test_server_start(&s, demo_db, NULL), 0);
	setenv("BASE", s.base, 1);
	setenv("TOKEN", token, 1);

	size_t len;
	char *doc = test_read_file(test_path("docs/api.md"), &len);
	assert_non_null(doc);
	int blocks = 0;
	char *script = test_join(d, "example.sh"), *errors = test_join(d, "example.err");
	for (char *p = strstr(doc, "\n```sh\n"); p; p = strstr(p, "\n```sh\n")) {
		p += strlen("\n```sh\n");
		char *end = strstr(p, "\n```");
		assert_non_null(end);
		FILE *f = fopen(script, "w");
		assert_non_null(f);
		fprintf(f, "set -e\n%.*s\n", (int)(end - p), p);
		fclose(f);
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "/bin/sh %s >/dev/null 2>%s", script, errors);
		int rc = system(cmd);
		if (rc != 0) {
			size_t errlen;
			char *err = test_read_file(errors, &errlen);
			fail_msg("docs/api.md example %d failed (%d):\n%.*s\n%s", blocks + 1, rc,
				 (int)(end - p), p, err ? err : "");
		}
		blocks++;
		p = end;
	}
	assert_true(blocks >= 12);
	/* What the examples did is there: the report, the measure's new text. */
	struct http h;
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/measures/1", s.base);
	assert_int_equal(test_http(&h, "GET", url, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	json_t *m = body_json(&h);
	assert_string_equal(jstr(m, "state"), "on_track");
	assert_int_equal(jint(m, "progress"), 40);
	assert_int_equal(jint(m, "version"), 3);
	json_decref(m);
	test_http_free(&h);

	test_server_stop(&s);
	free(doc);
	free(script);
	free(errors);
	free(token);
	free(demo_db);
	test_rmdir(d);
	free(d);
}

/* --- the conventions --- */

static void test_etag_and_304(void **state)
{
	(void)state;
	struct http h;
	api(&h, "GET", "/api/v1/plans/" SLUG, NULL, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *etag = test_http_header(&h, "ETag");
	assert_non_null(etag);
	assert_int_equal(strncmp(etag, "\"v", 2), 0);
	json_t *plan = body_json(&h);
	char prefix[32];
	snprintf(prefix, sizeof prefix, "\"v%lld-", (long long)jint(plan, "version"));
	assert_int_equal(strncmp(etag, prefix, strlen(prefix)), 0);
	assert_true(json_array_size(json_object_get(plan, "areas")) > 0);
	json_decref(plan);
	test_http_free(&h);
	char inm[160];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	api(&h, "GET", "/api/v1/plans/" SLUG, NULL, NULL, inm, NULL);
	assert_int_equal(h.status, 304);
	assert_int_equal(h.len, 0);
	test_http_free(&h);
	free(etag);
	/* Lists carry one too. */
	api(&h, "GET", "/api/v1/orgs", NULL, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	etag = test_http_header(&h, "ETag");
	assert_non_null(etag);
	test_http_free(&h);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	api(&h, "GET", "/api/v1/orgs", NULL, NULL, inm, NULL);
	assert_int_equal(h.status, 304);
	test_http_free(&h);
	free(etag);
}

static void test_if_match(void **state)
{
	(void)state;
	struct http h;
	json_int_t id = first_measure(SLUG, tok_sogn);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", (long long)id);
	json_t *m = get_json(path, NULL);
	json_int_t v = jint(m, "version");
	char *before = strdup(jstr(m, "text"));
	json_decref(m);

	/* No If-Match: 428, nothing changed. */
	api(&h, "PATCH", path, tok_sogn, "{\"text\": \"Utan versjon\"}", NULL, NULL);
	assert_problem(&h, 428, NULL);
	test_http_free(&h);

	/* The right version: changed, with the new ETag. */
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)v);
	api(&h, "PATCH", path, tok_sogn, "{\"text\": \"Første endring\"}", im, NULL);
	assert_int_equal(h.status, 200);
	char *etag = test_http_header(&h, "ETag");
	assert_non_null(etag);
	char prefix[32];
	snprintf(prefix, sizeof prefix, "\"v%lld-", (long long)v + 1);
	assert_int_equal(strncmp(etag, prefix, strlen(prefix)), 0);
	free(etag);
	json_t *after = body_json(&h);
	assert_string_equal(jstr(after, "text"), "Første endring");
	assert_int_equal(jint(after, "version"), v + 1);
	json_decref(after);
	test_http_free(&h);

	/* The old version again: 412, and nothing changed, in the API nor in
	 * the database. */
	api(&h, "PATCH", path, tok_sogn, "{\"text\": \"Gammal versjon\"}", im, NULL);
	assert_problem(&h, 412, NULL);
	test_http_free(&h);
	m = get_json(path, NULL);
	assert_string_equal(jstr(m, "text"), "Første endring");
	assert_int_equal(jint(m, "version"), v + 1);
	json_decref(m);
	char *stored = exported_measure_text(SLUG, id);
	assert_string_equal(stored, "Første endring");
	free(stored);
	/* A stale delete deletes nothing either. */
	api(&h, "DELETE", path, tok_sogn, NULL, im, NULL);
	assert_problem(&h, 412, NULL);
	test_http_free(&h);
	m = get_json(path, NULL);
	json_decref(m);

	/* The history has the old and the new value. */
	snprintf(path, sizeof path, "/api/v1/measures/%lld/history", (long long)id);
	api(&h, "GET", path, NULL, NULL, NULL, NULL);
	assert_problem(&h, 401, NULL);
	test_http_free(&h);
	json_t *hist = get_json(path, tok_sogn);
	size_t i;
	json_t *row;
	bool seen = false;
	json_array_foreach(json_object_get(hist, "items"), i, row)
		if (jstr(row, "field") && strcmp(jstr(row, "field"), "text") == 0 &&
		    strcmp(jstr(row, "action"), "measure.update") == 0) {
			assert_string_equal(jstr(row, "old_value"), before);
			assert_string_equal(jstr(row, "new_value"), "Første endring");
			assert_string_equal(jstr(row, "actor"), "sogn");
			seen = true;
			break;
		}
	assert_true(seen);
	json_decref(hist);
	free(before);
}

static void test_bodies_and_problems(void **state)
{
	(void)state;
	struct http h;
	json_int_t id = first_measure(SLUG, tok_sogn);
	char path[128], im[64];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", (long long)id);
	json_t *m = get_json(path, NULL);
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(m, "version"));
	json_decref(m);

	/* A required field cleared: 400 naming it. */
	api(&h, "PATCH", path, tok_sogn, "{\"text\": \"\"}", im, NULL);
	assert_problem(&h, 400, "text");
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"text\": null}", im, NULL);
	assert_problem(&h, 400, "text");
	test_http_free(&h);
	/* A period that cannot be read, a read-only field, a wrong type. */
	api(&h, "PATCH", path, tok_sogn, "{\"period\": \"ein gong\"}", im, NULL);
	assert_problem(&h, 400, "period");
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"state\": \"done\"}", im, NULL);
	assert_problem(&h, 400, "state");
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"text\": 5}", im, NULL);
	assert_problem(&h, 400, "text");
	test_http_free(&h);
	/* Broken JSON, not an object, not JSON at all. */
	api(&h, "PATCH", path, tok_sogn, "{\"text\": ", im, NULL);
	assert_problem(&h, 400, NULL);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "[1, 2]", im, NULL);
	assert_problem(&h, 400, NULL);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, NULL, im, "Content-Type: text/plain");
	assert_problem(&h, 415, NULL);
	test_http_free(&h);
	/* Unknown addresses and methods. */
	api(&h, "GET", "/api/v1/measures/999999", NULL, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	api(&h, "PUT", path, tok_sogn, "{}", im, NULL);
	assert_problem(&h, 405, NULL);
	test_http_free(&h);
	api(&h, "GET", "/api/v1/measures?per_page=0", NULL, NULL, NULL, NULL);
	assert_problem(&h, 400, "per_page");
	test_http_free(&h);
}

static void test_roles(void **state)
{
	(void)state;
	struct http h;
	json_int_t sogn = first_measure(SLUG, tok_sogn);
	json_int_t draft = first_measure(DEMO, tok_fjord);
	char path[128];

	/* The public and an editor of another council do not see a draft. */
	snprintf(path, sizeof path, "/api/v1/measures/%lld", (long long)draft);
	api(&h, "GET", path, NULL, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	api(&h, "GET", path, tok_sogn, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"text\": \"Frå Sogn\"}", "If-Match: \"v1\"", NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	api(&h, "GET", "/api/v1/plans/" DEMO, tok_sogn, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	json_t *list = get_json("/api/v1/measures?plan=" DEMO, tok_sogn);
	assert_int_equal(jint(list, "total"), 0);
	json_decref(list);
	/* Its own editor does. */
	json_t *m = get_json(path, tok_fjord);
	json_decref(m);

	/* A reporter, and an editor of another council, may read a published
	 * plan's measure but not change it. */
	snprintf(path, sizeof path, "/api/v1/measures/%lld", (long long)sogn);
	m = get_json(path, NULL);
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(m, "version"));
	json_decref(m);
	api(&h, "PATCH", path, tok_nho, "{\"text\": \"Frå NHO\"}", im, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_fjord, "{\"text\": \"Frå Fjordheim\"}", im, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
	api(&h, "DELETE", path, tok_nho, NULL, im, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
	/* The public may not write at all; a session without its CSRF token
	 * neither (no session here: refused the same way). */
	api(&h, "PATCH", path, NULL, "{\"text\": \"Anonym\"}", im, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
	/* An editor may not start a plan for another council. */
	json_t *plan = get_json("/api/v1/plans/" SLUG, NULL);
	char body[200];
	snprintf(body, sizeof body,
		 "{\"owner\": %lld, \"kind\": \"action\", \"year\": 2027, \"title\": \"Ikkje min\"}",
		 (long long)jint(plan, "owner"));
	json_decref(plan);
	api(&h, "POST", "/api/v1/plans", tok_fjord, body, NULL, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
}

static void test_reports(void **state)
{
	(void)state;
	struct http h;
	/* Measure 8 of the Sogn plan has NHO among those taking part. */
	json_t *m = get_json("/api/v1/measures/8", NULL);
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(m, "version"));
	json_decref(m);
	const char *report = "{\"reported_on\": \"2025-05-02\", \"state\": \"at_risk\","
			     " \"progress\": 20, \"text\": \"Seinare enn planlagt\", \"spent\": 12000}";
	api(&h, "POST", "/api/v1/measures/8/reports", tok_nho, report, NULL, NULL);
	assert_problem(&h, 428, NULL);
	test_http_free(&h);
	api(&h, "POST", "/api/v1/measures/8/reports", tok_nho,
	    "{\"reported_on\": \"2025-05-02\", \"state\": \"maybe\"}", im, NULL);
	assert_problem(&h, 400, "state");
	test_http_free(&h);
	api(&h, "POST", "/api/v1/measures/8/reports", tok_nho,
	    "{\"reported_on\": \"2025-05-02\", \"state\": \"done\", \"progress\": 130}", im, NULL);
	assert_problem(&h, 400, "progress");
	test_http_free(&h);
	api(&h, "POST", "/api/v1/measures/8/reports", tok_nho, report, im, NULL);
	assert_int_equal(h.status, 201);
	json_t *r = body_json(&h);
	assert_string_equal(jstr(r, "state"), "at_risk");
	assert_int_equal(jint(r, "spent"), 12000);
	assert_true(jint(r, "id") > 0);
	json_decref(r);
	test_http_free(&h);
	m = get_json("/api/v1/measures/8", NULL);
	assert_string_equal(jstr(m, "state"), "at_risk");
	assert_int_equal(jint(m, "progress"), 20);
	json_decref(m);
	json_t *list = get_json("/api/v1/measures/8/reports", NULL);
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	assert_string_equal(jstr(first, "text"), "Seinare enn planlagt");
	assert_int_equal(jint(list, "measure"), 8);
	json_decref(list);
	/* A page at a time: two more, then pages of one, newest first. */
	for (int k = 1; k <= 2; k++) {
		char more[160];
		snprintf(more, sizeof more, "{\"reported_on\": \"2025-05-0%d\", \"state\": \"at_risk\","
			 " \"text\": \"Rapport %d\"}", 2 + k, k);
		m = get_json("/api/v1/measures/8", NULL);
		snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(m, "version"));
		json_decref(m);
		api(&h, "POST", "/api/v1/measures/8/reports", tok_nho, more, im, NULL);
		assert_int_equal(h.status, 201);
		test_http_free(&h);
	}
	const char *texts[] = {"Rapport 2", "Rapport 1", "Seinare enn planlagt"};
	for (int pg = 1; pg <= 3; pg++) {
		char path[80];
		snprintf(path, sizeof path, "/api/v1/measures/8/reports?per_page=1&page=%d", pg);
		list = get_json(path, NULL);
		json_t *items = json_object_get(list, "items");
		assert_int_equal(json_array_size(items), 1);
		assert_string_equal(jstr(json_array_get(items, 0), "text"), texts[pg - 1]);
		assert_int_equal(jint(list, "total"), 3);
		assert_int_equal(jint(list, "page"), pg);
		assert_int_equal(jint(list, "per_page"), 1);
		json_decref(list);
	}
	api(&h, "GET", "/api/v1/measures/8/reports?per_page=500", NULL, NULL, NULL, NULL);
	assert_problem(&h, 400, "per_page");
	test_http_free(&h);
	list = get_json("/api/v1/measures?plan=" SLUG "&state=at_risk", NULL);
	assert_true(jint(list, "total") >= 1);
	json_decref(list);

	/* Not on a measure NHO has no part in; an editor elsewhere neither. */
	json_int_t other = first_measure(SLUG, NULL);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", (long long)other);
	m = get_json(path, NULL);
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(m, "version"));
	json_decref(m);
	snprintf(path, sizeof path, "/api/v1/measures/%lld/reports", (long long)other);
	api(&h, "POST", path, tok_fjord, report, im, NULL);
	assert_problem(&h, 403, NULL);
	test_http_free(&h);
}

static void test_create_move_delete(void **state)
{
	(void)state;
	struct http h;
	json_t *plan = get_json("/api/v1/plans/" DEMO, tok_fjord);
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)jint(plan, "version"));
	size_t areas = json_array_size(json_object_get(plan, "areas"));
	json_decref(plan);

	/* An area: 201, Location, and there it is. */
	api(&h, "POST", "/api/v1/plans/" DEMO "/areas", tok_fjord,
	    "{\"number\": \"9\", \"title\": \"Nytt område\", \"position\": 1}", im, NULL);
	assert_int_equal(h.status, 201);
	char *location = test_http_header(&h, "Location");
	assert_non_null(location);
	json_t *area = body_json(&h);
	json_int_t id = jint(area, "id");
	assert_int_equal(jint(area, "position"), 1);
	assert_int_equal(jint(area, "version"), 1);
	json_decref(area);
	test_http_free(&h);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/areas/%lld", (long long)id);
	assert_string_equal(location, path);
	free(location);
	plan = get_json("/api/v1/plans/" DEMO, tok_fjord);
	assert_int_equal(json_array_size(json_object_get(plan, "areas")), areas + 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(plan, "areas"), 0)), id);
	json_decref(plan);
	/* A stale parent version adds nothing. */
	api(&h, "POST", "/api/v1/plans/" DEMO "/areas", tok_fjord, "{\"title\": \"Stale\"}",
	    "If-Match: \"v999\"", NULL);
	assert_problem(&h, 412, NULL);
	test_http_free(&h);
	/* A child that does not belong there. */
	api(&h, "POST", "/api/v1/plans/" DEMO "/areas", tok_fjord, "{\"text\": \"Mål\"}", im, NULL);
	assert_problem(&h, 400, "text");
	test_http_free(&h);

	/* A goal under it, moved last, then the area deleted with it. */
	char goals[160];
	snprintf(goals, sizeof goals, "/api/v1/areas/%lld/goals", (long long)id);
	api(&h, "POST", goals, tok_fjord, "{\"text\": \"Eit mål\"}", "If-Match: \"v1\"", NULL);
	assert_int_equal(h.status, 201);
	json_t *goal = body_json(&h);
	json_int_t goal_id = jint(goal, "id");
	json_decref(goal);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_fjord, "{\"position\": 99}", "If-Match: \"v1\"", NULL);
	assert_int_equal(h.status, 200);
	area = body_json(&h);
	assert_int_equal(jint(area, "position"), (json_int_t)areas + 1);
	assert_int_equal(jint(area, "version"), 2);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(area, "goals"), 0)),
			 goal_id);
	json_decref(area);
	test_http_free(&h);
	/* Fields and a move together are refused. */
	api(&h, "PATCH", path, tok_fjord, "{\"position\": 1, \"title\": \"X\"}", "If-Match: \"v2\"",
	    NULL);
	assert_problem(&h, 400, NULL);
	test_http_free(&h);
	api(&h, "DELETE", path, tok_fjord, NULL, NULL, NULL);
	assert_problem(&h, 428, NULL);
	test_http_free(&h);
	api(&h, "DELETE", path, tok_fjord, NULL, "If-Match: \"v2\"", NULL);
	assert_int_equal(h.status, 204);
	assert_int_equal(h.len, 0);
	test_http_free(&h);
	api(&h, "GET", path, tok_fjord, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", (long long)goal_id);
	api(&h, "GET", path, tok_fjord, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);

	/* A new plan: its slug from the title, unique. */
	const char *body = "{\"owner\": %s, \"kind\": \"action\", \"year\": 2026, \"title\": \"Ny plan\"}";
	json_t *org = get_json("/api/v1/plans/" DEMO, tok_fjord);
	char owner[32], text[256];
	snprintf(owner, sizeof owner, "%lld", (long long)jint(org, "owner"));
	json_decref(org);
	snprintf(text, sizeof text, body, owner);
	api(&h, "POST", "/api/v1/plans", tok_fjord, text, NULL, NULL);
	assert_int_equal(h.status, 201);
	location = test_http_header(&h, "Location");
	assert_string_equal(location, "/api/v1/plans/ny-plan");
	free(location);
	json_t *p = body_json(&h);
	assert_string_equal(jstr(p, "status"), "draft");
	assert_false(json_is_true(json_object_get(p, "published")));
	json_decref(p);
	test_http_free(&h);
	api(&h, "POST", "/api/v1/plans", tok_fjord, text, NULL, NULL);
	assert_int_equal(h.status, 201);
	location = test_http_header(&h, "Location");
	assert_string_equal(location, "/api/v1/plans/ny-plan-2");
	free(location);
	test_http_free(&h);
	api(&h, "POST", "/api/v1/plans", tok_fjord, "{\"owner\": 1, \"kind\": \"action\"}", NULL,
	    NULL);
	assert_int_equal(h.status == 400 || h.status == 403, 1);
	test_http_free(&h);
	/* The public does not see the new draft; deleting it needs If-Match. */
	api(&h, "GET", "/api/v1/plans/ny-plan", NULL, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
	api(&h, "DELETE", "/api/v1/plans/ny-plan-2", tok_fjord, NULL, "If-Match: \"v1\"", NULL);
	assert_int_equal(h.status, 204);
	test_http_free(&h);
	api(&h, "GET", "/api/v1/plans/ny-plan-2", tok_fjord, NULL, NULL, NULL);
	assert_problem(&h, 404, NULL);
	test_http_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_examples),
		cmocka_unit_test(test_etag_and_304),
		cmocka_unit_test(test_if_match),
		cmocka_unit_test(test_bodies_and_problems),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_create_move_delete),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
