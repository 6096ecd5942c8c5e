/*
 * Importing a plan on the web (web/page_plan_import.c): who may, what the
 * preview stores (nothing), what a hostile or repeated document gets, and
 * a confirmation that is not the preview's. The way through the preview
 * to a stored draft is the browser test tests/browser/import.test.mjs.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct test_site site;
static struct who sogn, nho, fjord;
static long long sogn_id;
static char docx[300], evil[300];

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_three(site.db);
	if (test_serve_three(&site, &sogn, &fjord, &nho) != 0)
		return -1;
	sogn_id = test_db_int(site.db, "SELECT id FROM org WHERE name = 'Sogn regionråd'", 0);
	snprintf(docx, sizeof docx, "%s/plan.docx", site.dir);
	snprintf(evil, sizeof evil, "%s/evil.docx", site.dir);
	char cmd[1200];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 '%s' handmade '%s' && /usr/bin/python3 '%s' hostile traversal '%s'",
		 test_path("tests/support/make_documents.py"), docx,
		 test_path("tests/support/make_documents.py"), evil);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static long long plans(void)
{
	return test_db_int(site.db, "SELECT count(*) FROM plan", 0);
}

/* Uploads file for council as w; the body (malloc'd) and *status. */
static char *upload(const struct who *w, long long council, const char *file, long *status)
{
	size_t n;
	char *data = test_read_file(file, &n);
	assert_non_null(data);
	char id[24];
	snprintf(id, sizeof id, "%lld", council);
	const char *fields[] = {"council", id, NULL};
	struct http h;
	test_post_file(&site.srv, &h, "/plans/import", w, fields, "plan.docx", data, n);
	free(data);
	*status = h.status;
	char *body = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return body;
}

static void test_who_may(void **state)
{
	(void)state;
	assert_int_equal(test_get_status(&site.srv, "/plans/import", &sogn, NULL), 200);
	/* A reporter keeps no plans; nobody signed in is sent to sign in. */
	assert_int_equal(test_get_status(&site.srv, "/plans/import", &nho, NULL), 403);
	long status = test_get_status(&site.srv, "/plans/import", NULL, NULL);
	assert_true(status == 303 || status == 401);
	/* Another council's editor may not import a plan for Sogn. */
	long long before = plans();
	char *body = upload(&fjord, sogn_id, docx, &status);
	assert_int_equal(status, 403);
	free(body);
	body = upload(&nho, sogn_id, docx, &status);
	assert_int_equal(status, 403);
	free(body);
	assert_int_equal(plans(), before);
}

static void test_preview_stores_nothing(void **state)
{
	(void)state;
	long long before = plans();
	long status;
	char *body = upload(&sogn, sogn_id, docx, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "Handlingsplan for Testregionen 2024"));
	assert_non_null(strstr(body, "tabell 1, rad 3:"));
	assert_non_null(strstr(body, "spora endringar"));
	assert_non_null(strstr(body, "action=\"/plans/import/confirm\""));
	char sha[80];
	test_hidden(body, "sha256", sha, sizeof sha);
	assert_int_equal(strlen(sha), 64);
	free(body);
	assert_int_equal(plans(), before);
	assert_int_equal(test_db_int(site.db, "SELECT count(*) FROM org WHERE name = 'Testregionrådet'", 0), 0);
}

static void test_bad_files_and_confirmations(void **state)
{
	(void)state;
	long long before = plans();
	long status;
	char *body = upload(&sogn, sogn_id, evil, &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(body, "peikar ut av dokumentet"));
	free(body);
	/* A confirmation the preview did not make. */
	char fields[256];
	snprintf(fields, sizeof fields, "council=%lld&sha256=xyz&name=a.docx&text=%%23+T", sogn_id);
	assert_int_equal(test_post_status(&site.srv, "/plans/import/confirm", &sogn, fields, NULL), 400);
	snprintf(fields, sizeof fields,
		 "council=%lld&sha256=%064d&name=a.docx&text=", sogn_id, 0);
	assert_int_equal(test_post_status(&site.srv, "/plans/import/confirm", &sogn, fields, NULL), 400);
	/* ... or one for a council the editor does not keep plans for. */
	snprintf(fields, sizeof fields, "council=%lld&sha256=%064d&name=a.docx&text=%%23+T", sogn_id, 0);
	assert_int_equal(test_post_status(&site.srv, "/plans/import/confirm", &fjord, fields, NULL), 403);
	assert_int_equal(plans(), before);
}

static void test_repeated_document(void **state)
{
	(void)state;
	/* Seed 003 is stored from its text already; the same bytes again are
	 * refused in the preview, naming the plan. */
	size_t n;
	char *data = test_read_file(test_seed("003_5bc64c91c12c2643.txt"), &n);
	char *path = test_join(site.dir, "seed.txt");
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
	free(data);
	long status;
	char *body = upload(&sogn, sogn_id, path, &status);
	assert_int_equal(status, 409);
	assert_non_null(strstr(body, "regionalplan-for-sogn-handlingsplan-2023"));
	free(body);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_may),
		cmocka_unit_test(test_preview_stores_nothing),
		cmocka_unit_test(test_bad_files_and_confirmations),
		cmocka_unit_test(test_repeated_document),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
