/*
 * Hostile text: XSS payloads stored in every text field - through the
 * importer, the edit form, a report and a user's name - must come back
 * escaped on every page; SQL injection strings are stored and shown
 * literally, and the database is unharmed.
 */
#include "session.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct test_site site;
static char slug[128];

/* Every field of the plan text format, each with its own payload. Cells
 * use entities (the importer decodes them to raw text); lines outside the
 * tables are raw. */
static const char plan_text[] =
	"## Plan <script>alert(1)</script> 2024\n\n"
	"Verdiar: \"><img src=x onerror=alert(2)>\n\n"
	"Visjon: <svg onload=alert(3)>\n\n"
	"MÅL: javascript:alert(4)\n\n"
	"# 1. <b onmouseover=alert(5)>Område</b>\n\n"
	"## Delmål\n\n"
	"<script>alert(6)</script>\n\n"
	"Satsingsområde\tStrategi (korleis)\tTiltak\tDato/tid\tAnsvar og deltaking\tBudsjett\n"
	"&lt;script&gt;alert(7)&lt;/script&gt;\t&lt;img src=x onerror=alert(8)&gt;\t"
	"&lt;script&gt;alert(9)&lt;/script&gt;\t&lt;script&gt;alert(10)\t"
	"Ansvar: &lt;img src=x onerror=alert(11)&gt; Deltaking: &lt;script&gt;alert(12)&lt;/script&gt;\t"
	"&lt;b&gt;alert(13)\n\n"
	"## <iframe src=x onload=alert(14)>\n\n"
	"&lt;script&gt;alert(15)&lt;/script&gt;\t&lt;script&gt;alert(16)&lt;/script&gt;\n\n"
	"<script>alert(17)</script>\n\n"
	"*Vedteken i <script>alert(18)</script> regionråd 1.2.2024*\n";

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, 0);
	char *path = test_join(site.dir, "plan.txt");
	FILE *f = fopen(path, "w");
	fputs(plan_text, f);
	fclose(f);
	struct run r;
	test_run(&r, NULL, "import", path, "--db", site.db, NULL);
	int ok = r.status == 0;
	char *line = strstr(r.out, " plan-");
	if (line)
		sscanf(line + 1, "%127s", slug);
	test_run_free(&r);
	free(path);
	if (!ok || !slug[0])
		return -1;
	test_add_named_user(site.db, "admin", "<script>alert(19)</script>", "admin", NULL);
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static void get(struct http *h, const char *path, const char *cookie)
{
	char url[512], header[300];
	snprintf(url, sizeof url, "%s%s", site.srv.base, path);
	snprintf(header, sizeof header, "Cookie: %s", cookie ? cookie : "");
	const char *headers[] = {header, NULL};
	if (test_http(h, "GET", url, cookie ? headers : NULL, NULL, 0) != 0)
		fail_msg("GET %s: no answer", path);
}

static void post(struct http *h, const char *path, const char *cookie, const char *body)
{
	char url[512], header[300];
	snprintf(url, sizeof url, "%s%s", site.srv.base, path);
	snprintf(header, sizeof header, "Cookie: %s", cookie);
	const char *headers[] = {header, "Content-Type: application/x-www-form-urlencoded", NULL};
	test_http(h, "POST", url, headers, body, strlen(body));
}

/* No markup from the payloads survives unescaped. */
static void assert_clean(const char *path, const char *body)
{
	static const char *const raw[] = {
		"<script", "<img src=x", "<svg", "<iframe", "<b onmouseover",
		"\"><img", "</textarea><script", "javascript:alert(4)\"",
	};
	/* The charts' own inline SVG (formats/chart.c, through html_svg) is
	 * the one <svg> a page may carry. */
	static const char chart[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-";
	for (size_t i = 0; i < sizeof raw / sizeof *raw; i++)
		for (const char *s = body; (s = strstr(s, raw[i])); s++)
			if (strcmp(raw[i], "<svg") != 0 || strncmp(s, chart, sizeof chart - 1) != 0)
				fail_msg("%s contains unescaped %s", path, raw[i]);
}

static char *session(void)
{
	struct http h;
	get(&h, "/login", NULL);
	char *pre = test_http_cookie(&h, "samspel_login", NULL);
	const char *v = strstr(h.body, "name=\"pre\" value=\"") + 18;
	char body[256];
	snprintf(body, sizeof body, "login=admin&password=riktig+hest+batteri+stift&pre=%.*s",
		 (int)strcspn(v, "\""), v);
	test_http_free(&h);
	post(&h, "/login", pre, body);
	assert_int_equal(h.status, 303);
	char *s = test_http_cookie(&h, "samspel_session", NULL);
	test_http_free(&h);
	free(pre);
	return s;
}

static char *csrf_of(const char *cookie)
{
	struct http h;
	get(&h, "/", cookie);
	const char *v = strstr(h.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += 19;
	char *c = strndup(v, strcspn(v, "\""));
	test_http_free(&h);
	return c;
}

static void test_every_page_escapes(void **state)
{
	(void)state;
	char *cookie = session();
	char *csrf = csrf_of(cookie);
	struct http h;
	char path[256], body[1024];

	/* More payloads through the web: the edit form, a report. */
	snprintf(path, sizeof path, "/plan/%s/edit", slug);
	get(&h, path, cookie);
	const char *v = strstr(h.body, "name=\"version\" value=\"") + 22;
	long version = atol(v);
	test_http_free(&h);
	snprintf(body, sizeof body,
		 "csrf=%s&version=%ld&title=Plan+%%3Cscript%%3Ealert(20)%%3C%%2Fscript%%3E&values=%%22%%3E%%3Cimg+src%%3Dx+onerror%%3Dalert(21)%%3E"
		 "&vision=%%3C%%2Ftextarea%%3E%%3Cscript%%3Ealert(22)%%3C%%2Fscript%%3E&main_goal=x",
		 csrf, version);
	post(&h, path, cookie, body);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	snprintf(body, sizeof body,
		 "csrf=%s&reported_on=2026-11-01&state=on_track&text=%%3Cscript%%3Ealert(23)%%3C%%2Fscript%%3E",
		 csrf);
	post(&h, "/measure/1/report", cookie, body);
	assert_int_equal(h.status, 303);
	test_http_free(&h);

	const char *pages[] = {"/", NULL, NULL, "/measure/1", "/login?next=%22%3E%3Cscript%3Ealert(24)%3C/script%3E",
			       "/nope%3Cscript%3Ealert(25)%3C/script%3E", "/plan/%3Cscript%3E"};
	char plan_path[200], edit_path[200];
	snprintf(plan_path, sizeof plan_path, "/plan/%s", slug);
	snprintf(edit_path, sizeof edit_path, "/plan/%s/edit", slug);
	pages[1] = plan_path;
	pages[2] = edit_path;
	for (int as_admin = 0; as_admin < 2; as_admin++) {
		for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
			get(&h, pages[i], as_admin ? cookie : NULL);
			assert_clean(pages[i], h.body);
			test_http_free(&h);
		}
	}
	/* The payloads did reach the pages - escaped. */
	get(&h, plan_path, cookie);
	static const char *const escaped[] = {
		"Plan &lt;script&gt;alert(20)&lt;/script&gt;", "&lt;script&gt;alert(6)&lt;/script&gt;",
		"&lt;script&gt;alert(7)&lt;/script&gt;", "&lt;img src=x onerror=alert(8)&gt;",
		"&lt;script&gt;alert(10)", "&lt;b&gt;alert(13)", "&lt;iframe src=x onload=alert(14)&gt;",
		"&lt;script&gt;alert(15)&lt;/script&gt;", "&lt;script&gt;alert(18)&lt;/script&gt; regionråd",
		"&lt;script&gt;alert(19)&lt;/script&gt;", "&lt;b onmouseover=alert(5)&gt;Område&lt;/b&gt;",
		"&quot;&gt;&lt;img src=x onerror=alert(21)&gt;", "&lt;/textarea&gt;&lt;script&gt;alert(22)",
	};
	for (size_t i = 0; i < sizeof escaped / sizeof *escaped; i++)
		if (!strstr(h.body, escaped[i]))
			fail_msg("the plan page does not show %s", escaped[i]);
	test_http_free(&h);
	get(&h, "/measure/1", NULL);
	assert_non_null(strstr(h.body, "&lt;script&gt;alert(23)&lt;/script&gt;"));
	assert_non_null(strstr(h.body, "&lt;img src=x onerror=alert(11)&gt;"));
	test_http_free(&h);

	/* The JSON carries the text as it is, as JSON (and says so). */
	snprintf(path, sizeof path, "/plan/%s.json", slug);
	get(&h, path, NULL);
	json_t *j = json_loads(h.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
			    "Plan <script>alert(20)</script>");
	json_decref(j);
	char *type = test_http_header(&h, "Content-Type");
	assert_string_equal(type, "application/json; charset=utf-8");
	free(type);
	test_http_free(&h);
	free(csrf);
	free(cookie);
}

static void test_sql_injection_is_just_text(void **state)
{
	(void)state;
	char *cookie = session();
	char *csrf = csrf_of(cookie);
	struct http h;
	char path[256], body[1024];
	snprintf(path, sizeof path, "/plan/%s/edit", slug);
	get(&h, path, cookie);
	long version = atol(strstr(h.body, "name=\"version\" value=\"") + 22);
	test_http_free(&h);
	snprintf(body, sizeof body,
		 "csrf=%s&version=%ld&title=Robert%%27%%29%%3B+DROP+TABLE+plan%%3B--&vision=%%27+OR+%%271%%27%%3D%%271",
		 csrf, version);
	post(&h, path, cookie, body);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	struct run r;
	test_run(&r, NULL, "list", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\tRobert'); DROP TABLE plan;--\n"));
	test_run_free(&r);
	snprintf(path, sizeof path, "/plan/%s", slug);
	get(&h, path, NULL);
	assert_non_null(strstr(h.body, "<h1>Robert&#39;); DROP TABLE plan;--</h1>"));
	assert_non_null(strstr(h.body, "&#39; OR &#39;1&#39;=&#39;1"));
	test_http_free(&h);
	/* In a login, a query, a path: refused or ignored, never an error. */
	get(&h, "/login", NULL);
	char *pre = test_http_cookie(&h, "samspel_login", NULL);
	const char *v = strstr(h.body, "name=\"pre\" value=\"") + 18;
	snprintf(body, sizeof body, "login=admin%%27+OR+%%271%%27%%3D%%271&password=%%27+OR+1%%3D1--&pre=%.*s",
		 (int)strcspn(v, "\""), v);
	test_http_free(&h);
	post(&h, "/login", pre, body);
	assert_int_equal(h.status, 401);
	test_http_free(&h);
	free(pre);
	get(&h, "/plan/x'%20OR%20'1'='1", NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	get(&h, "/measure/1%20OR%201=1", NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	free(csrf);
	free(cookie);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_escapes),
		cmocka_unit_test(test_sql_injection_is_just_text),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
