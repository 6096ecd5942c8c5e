/*
 * HTTP tests: a real `samspel serve` on a free port, asked with libcurl the
 * way a browser or a script would.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;

static char *url(const char *path)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s%s", site.srv.base, path);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	return test_site_open(&site, SITE_SEED | SITE_DEMO_DRAFT, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static void get(struct http *h, const char *path)
{
	test_req(&site.srv, h, "GET", path, NULL, NULL, NULL);
}

static void assert_security_headers(const struct http *h)
{
	char *csp = test_http_header(h, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_null(strstr(csp, "unsafe-inline"));
	free(csp);
	test_assert_header(h, "X-Content-Type-Options", "nosniff");
	test_assert_header(h, "Referrer-Policy", "same-origin");
}

static void test_front_page(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/");
	assert_int_equal(h.status, 200);
	test_assert_header(&h, "Content-Type", "text/html; charset=utf-8");
	assert_security_headers(&h);
	assert_non_null(strstr(h.body, "<html lang=\"nn\">"));
	assert_non_null(strstr(h.body, "href=\"/plan/" SLUG "\""));
	/* The demo was imported as a draft: not listed to the public. */
	assert_null(strstr(h.body, "Fjordheim"));
	test_http_free(&h);
}

static void test_plan_page(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/plan/" SLUG);
	assert_int_equal(h.status, 200);
	test_assert_header(&h, "Content-Type", "text/html; charset=utf-8");
	assert_security_headers(&h);
	const char *must[] = {
		"<h1>Regionalplan for Sogn - handlingsplan 2023</h1>",
		"Driftig, raus og ekte.",
		"Saman gjer vi Sogn til ein attraktiv og livskraftig region.",
		"10.2.2023",
		"Attraktiv buregion", "Kompetanse", "Næringsutvikling", "Samferdsle",
		"3\xC2\xA0" "025\xC2\xA0" "000\xC2\xA0kr",  /* in all */
		"2\xC2\xA0" "450\xC2\xA0" "000\xC2\xA0kr",  /* area 2 */
		"2,4\xC2\xA0mill. kr",                      /* one measure */
		"275\xC2\xA0" "000\xC2\xA0kr",
		"Jan-feb 2023",
		"<abbr title=\"Sogn regionråd\">SR</abbr>",
		"Arbeidsformer for Sogn regionråd",
		"<li>Sekretariat for Sogn regionråd</li>",
		"Vedteken",   /* Nynorsk by default */
		"Tiltak",
		/* Attributes written as markup, not escaped as text (a bug:
		 * class=&quot;focus-start&quot;). */
		"<tr class=\"focus-start\">",
		/* Each measure's state in words, and links that say where they
		 * lead when read on their own. */
		"<span class=\"state state-none\">Ingen rapport</span>",
		"Status og rapportar<span class=\"visually-hidden\">: ",
	};
	for (size_t i = 0; i < sizeof must / sizeof *must; i++)
		if (!strstr(h.body, must[i]))
			fail_msg("the plan page lacks %s", must[i]);
	/* Every table row of measures is there: 16 measure cells. */
	int cells = 0;
	for (const char *p = h.body; (p = strstr(p, "<td class=\"measure\"")); p++)
		cells++;
	assert_int_equal(cells, 16);
	test_http_free(&h);
}

static void test_head_etag_304(void **state)
{
	(void)state;
	struct http g, hd, c;
	get(&g, "/plan/" SLUG);
	char *etag = test_http_header(&g, "ETag");
	assert_non_null(etag);
	assert_int_equal(etag[0], '"');

	assert_int_equal(test_http(&hd, "HEAD", url("/plan/" SLUG), NULL, NULL, 0), 0);
	assert_int_equal(hd.status, 200);
	assert_int_equal(hd.len, 0);
	char *cl = test_http_header(&hd, "Content-Length");
	assert_non_null(cl);
	assert_int_equal(atol(cl), (long)g.len);
	free(cl);

	char inm[128];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *hdrs[] = {inm, NULL};
	assert_int_equal(test_http(&c, "GET", url("/plan/" SLUG), hdrs, NULL, 0), 0);
	assert_int_equal(c.status, 304);
	assert_int_equal(c.len, 0);
	char *etag2 = test_http_header(&c, "ETag");
	assert_string_equal(etag2, etag);
	free(etag2);
	test_http_free(&c);

	const char *other[] = {"If-None-Match: \"0000000000000000\"", NULL};
	assert_int_equal(test_http(&c, "GET", url("/plan/" SLUG), other, NULL, 0), 0);
	assert_int_equal(c.status, 200);
	assert_int_equal(c.len, g.len);
	test_http_free(&c);
	free(etag);
	test_http_free(&g);
	test_http_free(&hd);
}

static void test_json_same_bytes_as_cli(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/plan/" SLUG ".json");
	assert_int_equal(h.status, 200);
	test_assert_header(&h, "Content-Type", "application/json; charset=utf-8");
	struct run r;
	test_run(&r, NULL, "export", SLUG, "--format", "json", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(strlen(r.out), h.len);
	assert_memory_equal(r.out, h.body, h.len);
	test_run_free(&r);
	test_http_free(&h);
}

static void test_not_found(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/nope", "/plan/", "/plan/no-such-plan", "/plan/no-such-plan.json",
		"/plan/UPPER", "/plan/..%2F..%2Fetc%2Fpasswd", "/plan/a/b",
		"/static/nope.css", "/static/../meson.build", "/plan/%00",
		"/plan/regionalplan-for-fjordheim-handlingsplan-2025",      /* draft */
		"/plan/regionalplan-for-fjordheim-handlingsplan-2025.json", /* draft */
	};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct http h;
		get(&h, paths[i]);
		if (h.status != 404)
			fail_msg("%s answered %ld, expected 404", paths[i], h.status);
		/* The JSON addresses answer with an RFC 9457 problem document. */
		int json = strstr(paths[i], ".json") != NULL;
		test_assert_header(&h, "Content-Type", json ? "application/problem+json; charset=utf-8"
						       : "text/html; charset=utf-8");
		assert_security_headers(&h);
		assert_non_null(strstr(h.body, json ? "\"status\": 404" : "404"));
		test_assert_header(&h, "Cache-Control", "no-store");
		test_http_free(&h);
	}
}

static void test_methods(void **state)
{
	(void)state;
	struct http h;
	assert_int_equal(test_http(&h, "POST", url("/plan/" SLUG), NULL, "a=b", 3), 0);
	assert_int_equal(h.status, 405);
	test_assert_header(&h, "Allow", "GET, HEAD");
	test_http_free(&h);
	assert_int_equal(test_http(&h, "BREW", url("/"), NULL, NULL, 0), 0);
	assert_int_equal(h.status, 501);
	test_http_free(&h);
	assert_int_equal(test_http(&h, "DELETE", url("/nope"), NULL, NULL, 0), 0);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
}

static void test_health_and_assets(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/healthz");
	assert_int_equal(h.status, 200);
	assert_string_equal(h.body, "ok\n");
	test_assert_header(&h, "Content-Type", "text/plain; charset=utf-8");
	test_http_free(&h);
	get(&h, "/static/style.css");
	assert_int_equal(h.status, 200);
	test_assert_header(&h, "Content-Type", "text/css; charset=utf-8");
	assert_non_null(strstr(h.body, "table"));
	test_http_free(&h);
}

static void test_languages(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/plan/" SLUG "?lang=en");
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "<html lang=\"en\">"));
	assert_non_null(strstr(h.body, "Measures in area"));
	char *cookie = test_http_header(&h, "Set-Cookie");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "lang=en"));
	free(cookie);
	test_http_free(&h);

	const char *nb[] = {"Cookie: lang=nb", NULL};
	assert_int_equal(test_http(&h, "GET", url("/plan/" SLUG), nb, NULL, 0), 0);
	assert_non_null(strstr(h.body, "<html lang=\"nb\">"));
	assert_non_null(strstr(h.body, "Vedtatt"));
	test_http_free(&h);

	const char *junk[] = {"Cookie: lang=<script>", NULL};
	assert_int_equal(test_http(&h, "GET", url("/plan/" SLUG), junk, NULL, 0), 0);
	assert_non_null(strstr(h.body, "<html lang=\"nn\">"));
	test_http_free(&h);
}

static void test_body_too_large(void **state)
{
	(void)state;
	size_t n = 11u << 20;
	char *big = malloc(n);
	memset(big, 'a', n);
	struct http h;
	test_http(&h, "POST", url("/plan/" SLUG), NULL, big, n);
	assert_int_equal(h.status, 413);
	test_http_free(&h);
	free(big);
	/* And the server is still there. */
	get(&h, "/healthz");
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

/* The rendered page is cached; a change through the CLI while the server
 * runs must show at once. */
static void test_changes_show_at_once(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/plan/" SLUG);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	get(&h, "/plan/" SLUG); /* now from the cache */
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	struct run r;
	test_run(&r, NULL, "unpublish", SLUG, "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	get(&h, "/plan/" SLUG);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	get(&h, "/plan/" SLUG ".json");
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	get(&h, "/");
	assert_null(strstr(h.body, SLUG));
	test_http_free(&h);
	test_run(&r, NULL, "publish", SLUG, "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	get(&h, "/plan/" SLUG);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

/* The phrases of real plans as the plan page shows them (in English, the
 * msgids, so that translations do not move the test). */
static void test_phrases_on_the_plan_page(void **state)
{
	(void)state;
	const char *args[] = {"import", test_path("tests/data/plan-phrases.txt"), "--slug", "phrases", NULL};
	test_run_ok(site.db, NULL, args);
	struct http h;
	get(&h, "/plan/phrases?lang=en");
	assert_int_equal(h.status, 200);
	const char *must[] = {
		"up to 50\xC2\xA0" "000\xC2\xA0kr",
		"about 20\xC2\xA0" "000\xC2\xA0kr",
		"75\xC2\xA0" "000\xC2\xA0kr/year",
		"Within the frame",
		"Own effort",
		"Not settled",
		"Løpande <span class=\"period-kind\">(Ongoing)</span>",
		"Innan 1.6.2024 <span class=\"period-kind\">(Deadline)</span>",
		"Frå hausten 2024 <span class=\"period-kind\">(No end date)</span>",
		"3 budget lines without an amount (Innanfor ramma, Eigeninnsats, Ikkje avklart) are not counted.",
		"The sum counts upper and lower bounds as their amounts.",
		"The sum includes estimates.",
		"A yearly amount is counted for one year.",
		"220\xC2\xA0" "000\xC2\xA0kr",
	};
	for (size_t i = 0; i < sizeof must / sizeof *must; i++)
		if (!strstr(h.body, must[i]))
			fail_msg("the plan page lacks \"%s\"", must[i]);
	/* The plan's words stay as written, linked to the council. */
	assert_non_null(strstr(h.body, "Regionrådet v/dagleg leiar"));
	test_http_free(&h);
	/* The same words on the measure's own page. */
	long long id = test_db_int_by(site.db, "SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				      " WHERE p.slug = 'phrases' AND m.text = :text", 0, "Tiltak A.");
	char path[64];
	snprintf(path, sizeof path, "/measure/%lld?lang=en", id);
	get(&h, path);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "up to 50\xC2\xA0" "000\xC2\xA0kr"));
	assert_non_null(strstr(h.body, "(Ongoing)"));
	test_http_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_page),
		cmocka_unit_test(test_plan_page),
		cmocka_unit_test(test_head_etag_304),
		cmocka_unit_test(test_json_same_bytes_as_cli),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_health_and_assets),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_changes_show_at_once),
		cmocka_unit_test(test_phrases_on_the_plan_page),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
