/*
 * Frozen status reports (issue 10, part 4): the secretariat freezes the
 * plan's status for the council meeting; the page shows its SHA-256, the
 * JSON is those very bytes; later changes to the plan change not a byte of
 * it (and the database refuses to), while the page tells what changed
 * since; the API freezes and lists them; keys are checked.
 */
#include "session.h"
#include "db/db.h"
#include "base/err.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;
static struct who sogn, fjord, nho;
static char today[11];

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_three(site.db);
	if (test_serve_three(&site, &sogn, &fjord, &nho) != 0)
		return -1;
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static void sha_hex(const char *data, size_t len, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)data, len);
	sodium_bin2hex(out, 65, d, sizeof d);
}

static void test_freeze_and_keep(void **state)
{
	(void)state;
	char fields[256], *body = NULL;
	/* A report first, so the frozen one has a state to keep. */
	struct http h;
	snprintf(fields, sizeof fields, "reported_on=%s&state=at_risk&progress=20&spent=50000", today);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);

	snprintf(fields, sizeof fields, "key=2026-t1&title=Status+til+r%%C3%%A5det&as_of=%s", today);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/reports", &fjord, fields, NULL), 403);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/reports", &sogn,
					  "key=Feil+Namn&title=X&as_of=2026-01-01", NULL), 400);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/reports", &sogn,
					  "key=fram&title=X&as_of=2999-01-01", NULL), 400);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/reports", &sogn, fields);
	assert_int_equal(h.status, 303);
	char *location = test_http_header(&h, "Location");
	assert_string_equal(location, "/plan/" SLUG "/reports/2026-t1");
	free(location);
	test_http_free(&h);
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/reports", &sogn, fields, &body), 409);
	free(body);

	/* The JSON: its SHA-256 is the one the page and the database show. */
	long status;
	char *json = test_get(&site.srv, "/plan/" SLUG "/reports/2026-t1.json", NULL, &status);
	assert_int_equal(status, 200);
	char sha[65], stored[80];
	sha_hex(json, strlen(json), sha);
	test_db_text(site.db, "SELECT sha256 FROM frozen_report WHERE key = '2026-t1'", 0, stored,
		     sizeof stored);
	assert_string_equal(sha, stored);
	body = test_get_ok(&site.srv, "/plan/" SLUG "/reports/2026-t1", NULL);
	assert_non_null(strstr(body, sha));
	free(body);
	json_t *doc = json_loads(json, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "format")), "samspel.frozen/1");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "by_state"), "at_risk")), 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "spent")), 50000);
	json_decref(doc);

	/* The plan changes: a new report, a measure's text. Not a byte of the
	 * frozen report does. */
	snprintf(fields, sizeof fields, "reported_on=%s&state=done&progress=100", today);
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	long long version = test_db_int(site.db, "SELECT version FROM measure WHERE id = 8", 0);
	snprintf(fields, sizeof fields, "version=%lld&text=Ny+tekst+for+tiltaket", version);
	test_post_form(&site.srv, &h, "/measure/8/edit", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	char *again = test_get(&site.srv, "/plan/" SLUG "/reports/2026-t1.json", NULL, &status);
	assert_int_equal(status, 200);
	assert_int_equal(strlen(again), strlen(json));
	assert_memory_equal(again, json, strlen(json));
	free(again);
	/* The page tells what changed since: measure 8, at risk then, done now. */
	body = test_get_ok(&site.srv, "/plan/" SLUG "/reports/2026-t1", NULL);
	const char *since = strstr(body, "Endra sidan");
	assert_non_null(since);
	/* One row, measure 8's: then at risk, now done, in that order. */
	const char *row = strstr(since, "href=\"/measure/8\"");
	assert_non_null(row);
	const char *then = strstr(row, "state-at_risk"), *now = strstr(row, "state-done");
	assert_non_null(then);
	assert_non_null(now);
	assert_true(then < now);
	assert_int_equal(test_count(since, "<tr><td><a href=\"/measure/"), 1);
	free(body);
	/* The PDF is drawn from the frozen bytes: the state and text of then,
	 * its SHA-256; not the measure's new text. */
	struct http pdf;
	test_req(&site.srv, &pdf, "GET", "/plan/" SLUG "/reports/2026-t1.pdf", NULL, NULL, NULL);
	assert_int_equal(pdf.status, 200);
	assert_memory_equal(pdf.body, "%PDF-", 5);
	char pdf_path[300], cmd[700];
	snprintf(pdf_path, sizeof pdf_path, "%s/frozen.pdf", site.dir);
	FILE *pf = fopen(pdf_path, "wb");
	assert_non_null(pf);
	assert_int_equal(fwrite(pdf.body, 1, pdf.len, pf), pdf.len);
	fclose(pf);
	test_http_free(&pdf);
	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - | tr -s ' \\n' ' '", pdf_path);
	FILE *pp = popen(cmd, "r");
	assert_non_null(pp);
	char *text = calloc(1, 1 << 20);
	size_t got = fread(text, 1, (1 << 20) - 1, pp);
	pclose(pp);
	assert_true(got > 100);
	assert_non_null(strstr(text, "Status til rådet"));
	assert_non_null(strstr(text, sha));
	assert_non_null(strstr(text, "I faresona"));
	assert_non_null(strstr(text, "50 000 kr"));
	assert_null(strstr(text, "Ny tekst for tiltaket"));
	free(text);
	/* Not even the database changes it. */
	struct db *d;
	struct err e = ERR_INIT;
	assert_int_equal(db_open(site.db, 0, &d, &e), OK);
	assert_int_not_equal(db_exec(d, "UPDATE frozen_report SET title = 'x'", &e), OK);
	db_close(d);
	char title[64];
	test_db_text(site.db, "SELECT title FROM frozen_report WHERE key = '2026-t1'", 0, title,
		     sizeof title);
	assert_string_equal(title, "Status til rådet");
	free(json);
}

static void test_api(void **state)
{
	(void)state;
	char *tok = test_new_token(site.db, "sogn", "frozen");
	struct http h;
	test_api_req(&site.srv, &h, "POST", "/api/v1/plans/" SLUG "/reports", tok,
		     "{\"key\": \"2026-t2\", \"title\": \"Andre tertial\"}", NULL);
	if (h.status != 201)
		fail_msg("POST: %ld %s", h.status, h.body);
	char *location = test_http_header(&h, "Location");
	assert_string_equal(location, "/plan/" SLUG "/reports/2026-t2");
	free(location);
	test_http_free(&h);
	test_api_req(&site.srv, &h, "GET", "/api/v1/plans/" SLUG "/reports", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	json_t *j = json_loadb(h.body, h.len, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_int_equal(strlen(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0),
								   "sha256"))), 64);
	json_decref(j);
	test_http_free(&h);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freeze_and_keep),
		cmocka_unit_test(test_api),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
