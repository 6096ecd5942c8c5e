/*
 * Calendar and feeds: /plan/SLUG.ics (formats/ical.c) checked line by line
 * against RFC 5545 (CRLF, 75 octets, folding never inside a character,
 * BEGIN/END, required properties, escaping that unfolds back to the
 * measure's text) and read by python3-icalendar; /plan/SLUG.atom and
 * /org/ID.atom (web/page_feed.c) read by xml.etree and python3-feedparser
 * (tests/support/check_feeds.py): newest first, at most 50, escaped,
 * published plans only.
 */
#include "session.h"
#include "formats/ical.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"
/* Seed 003 has 16 measures; one has no period. */
#define SEED_EVENTS 15
/* What measure 1 is changed to: every character TEXT escapes, æøå, and
 * enough words that the SUMMARY is folded. */
#define TEXT1 "Felles profilering, messer; Sogn \\ Fjordane & «æøå» på Framtidsfylket " \
	"sine karrieremesser i Bergen, Førde og Sogndal – med <b>alle</b> kommunane."
#define TEXT1_JSON "Felles profilering, messer; Sogn \\\\ Fjordane & «æøå» på Framtidsfylket " \
	"sine karrieremesser i Bergen, Førde og Sogndal – med <b>alle</b> kommunane.\\nAndre linja."

static struct test_site site;
static char *tok_sogn, *tok_fjord;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_named_user(site.db, "sogn", "Siri Sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	tok_sogn = test_new_token(site.db, "sogn", "feeds");
	tok_fjord = test_new_token(site.db, "fjord", "feeds");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	free(tok_sogn);
	free(tok_fjord);
	return 0;
}

/* --- helpers --- */

static void api(struct http *h, const char *method, const char *path, const char *token,
		const char *body, const char *if_match)
{
	const char *extra[] = {if_match, NULL};
	test_api_req(&site.srv, h, method, path, token, body, extra);
}

/* The version of measure id, for If-Match. */
static long long measure_version(long long id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", id);
	struct http h;
	api(&h, "GET", path, tok_sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	json_t *j = json_loadb(h.body, h.len, 0, NULL);
	assert_non_null(j);
	long long v = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	test_http_free(&h);
	return v;
}

static void patch_measure(long long id, const char *json)
{
	char path[64], im[48];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", id);
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", measure_version(id));
	struct http h;
	api(&h, "PATCH", path, tok_sogn, json, im);
	if (h.status != 200)
		fail_msg("PATCH %s: %ld %s", path, h.status, h.body);
	test_http_free(&h);
}

static void report(long long id, const char *json)
{
	char path[64], im[48];
	snprintf(path, sizeof path, "/api/v1/measures/%lld/reports", id);
	snprintf(im, sizeof im, "If-Match: \"v%lld\"", measure_version(id));
	struct http h;
	api(&h, "POST", path, tok_sogn, json, im);
	if (h.status != 201 && h.status != 200)
		fail_msg("POST %s: %ld %s", path, h.status, h.body);
	test_http_free(&h);
}

static void get(struct http *h, const char *path, const char *token, long status)
{
	api(h, "GET", path, token, NULL, NULL);
	if (h->status != status)
		fail_msg("GET %s: %ld, expected %ld", path, h->status, status);
}

/* Runs /usr/bin/python3 tests/support/check_feeds.py KIND FILE N TEXT on
 * body; fails the test with its words unless it says ok. */
static void real_reader(const char *kind, const char *body, size_t len, int n, const char *text)
{
	char *file = test_join(site.dir, kind);
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(body, 1, len, f), len);
	fclose(f);
	char count[16];
	snprintf(count, sizeof count, "%d", n);
	int out[2];
	assert_int_equal(pipe(out), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		execl("/usr/bin/python3", "python3", test_path("tests/support/check_feeds.py"), kind,
		      file, count, text, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	char said[4096];
	size_t got = 0;
	ssize_t r;
	while (got < sizeof said - 1 && (r = read(out[0], said + got, sizeof said - 1 - got)) > 0)
		got += (size_t)r;
	said[got] = '\0';
	close(out[0]);
	int status;
	waitpid(pid, &status, 0);
	free(file);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("check_feeds.py %s: %s", kind, said);
}

/* --- the calendar, strictly --- */

/* The content lines of an iCalendar text after unfolding, checked on the
 * way: CRLF only, at most 75 octets a line, continuation lines start with
 * a space, every physical line valid UTF-8 (no fold inside a character). */
struct ics {
	char **lines;
	size_t n;
};

static void ics_parse(const char *s, size_t len, struct ics *out)
{
	out->lines = NULL;
	out->n = 0;
	struct buf cur = BUF_INIT;
	bool have = false;
	size_t at = 0, lineno = 0;
	while (at < len) {
		const char *crlf = memmem(s + at, len - at, "\r\n", 2);
		if (!crlf)
			fail_msg("line %zu does not end with CRLF", lineno + 1);
		size_t n = (size_t)(crlf - (s + at));
		lineno++;
		if (memchr(s + at, '\n', n) || memchr(s + at, '\r', n))
			fail_msg("line %zu has a bare CR or LF", lineno);
		if (n > 75)
			fail_msg("line %zu is %zu octets: %.*s", lineno, n, (int)n, s + at);
		if (!utf8_valid(s + at, n))
			fail_msg("line %zu is not UTF-8 on its own (folded inside a character)", lineno);
		if (n && s[at] == ' ') {
			if (!have)
				fail_msg("line %zu continues nothing", lineno);
			buf_add(&cur, s + at + 1, n - 1);
		} else {
			if (have) {
				out->lines = realloc(out->lines, (out->n + 1) * sizeof *out->lines);
				out->lines[out->n++] = buf_detach(&cur, NULL);
			}
			buf_reset(&cur);
			buf_add(&cur, s + at, n);
			have = true;
		}
		at += n + 2;
	}
	if (have) {
		out->lines = realloc(out->lines, (out->n + 1) * sizeof *out->lines);
		out->lines[out->n++] = buf_detach(&cur, NULL);
	}
	buf_release(&cur);
}

static void ics_free(struct ics *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->lines[i]);
	free(c->lines);
}

/* The value of a TEXT property, unescaped (malloc'd). */
static char *unescape(const char *v)
{
	struct buf b = BUF_INIT;
	for (; *v; v++) {
		if (*v != '\\') {
			buf_addc(&b, *v);
			continue;
		}
		v++;
		if (*v == 'n' || *v == 'N')
			buf_addc(&b, '\n');
		else if (*v == '\\' || *v == ';' || *v == ',')
			buf_addc(&b, *v);
		else
			fail_msg("a bad escape \\%c", *v);
	}
	return buf_detach(&b, NULL);
}

/* True when the property is called name (before ':' or ';'). */
static bool is(const char *line, const char *name)
{
	size_t n = strlen(name);
	return strncmp(line, name, n) == 0 && (line[n] == ':' || line[n] == ';');
}

/* Checks the structure; returns the number of VEVENTs. The event with
 * UID uid gets its SUMMARY (unescaped, malloc'd), DTSTART and DTEND into
 * the out arguments. */
static int ics_check(const struct ics *c, const char *uid, char **summary, char *start,
		     char *end)
{
	const char *stack[4];
	int depth = 0, events = 0;
	bool version = false, prodid = false;
	bool has_uid = false, has_stamp = false, has_start = false, has_end = false,
	     has_summary = false, this_one = false;
	*summary = NULL;
	for (size_t i = 0; i < c->n; i++) {
		const char *l = c->lines[i];
		if (!strchr(l, ':'))
			fail_msg("no ':' in %s", l);
		/* A property name: letters, digits and '-'. */
		for (const char *p = l; *p != ':' && *p != ';'; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
				fail_msg("a bad property name in %s", l);
		if (is(l, "BEGIN")) {
			const char *what = l + 6;
			if (depth == 0 && strcmp(what, "VCALENDAR") != 0)
				fail_msg("begins with %s", what);
			if (depth == 1 && strcmp(what, "VEVENT") != 0)
				fail_msg("a %s in the calendar", what);
			if (depth >= 2)
				fail_msg("%s nested too deep", what);
			stack[depth++] = what;
			if (strcmp(what, "VEVENT") == 0) {
				events++;
				has_uid = has_stamp = has_start = has_end = has_summary = this_one = false;
			}
			continue;
		}
		if (is(l, "END")) {
			if (!depth || strcmp(stack[depth - 1], l + 4) != 0)
				fail_msg("END:%s does not close %s", l + 4, depth ? stack[depth - 1] : "anything");
			if (strcmp(l + 4, "VEVENT") == 0 &&
			    !(has_uid && has_stamp && has_start && has_end && has_summary))
				fail_msg("event %d lacks a required property", events);
			depth--;
			if (depth == 0 && i + 1 != c->n)
				fail_msg("something after END:VCALENDAR");
			continue;
		}
		if (depth == 1) {
			version = version || strcmp(l, "VERSION:2.0") == 0;
			prodid = prodid || is(l, "PRODID");
		} else if (depth == 2) {
			if (is(l, "UID")) {
				has_uid = true;
				this_one = strcmp(l + 4, uid) == 0;
			}
			has_stamp = has_stamp || is(l, "DTSTAMP");
			if (is(l, "DTSTART")) {
				has_start = true;
				if (strncmp(l, "DTSTART;VALUE=DATE:", 19) != 0 || strlen(l + 19) != 8)
					fail_msg("not an all-day start: %s", l);
				if (this_one)
					strcpy(start, l + 19);
			}
			if (is(l, "DTEND")) {
				has_end = true;
				if (strncmp(l, "DTEND;VALUE=DATE:", 17) != 0 || strlen(l + 17) != 8)
					fail_msg("not an all-day end: %s", l);
				if (this_one)
					strcpy(end, l + 17);
			}
			if (is(l, "SUMMARY")) {
				has_summary = true;
				if (this_one)
					*summary = unescape(l + 8);
			}
			if (is(l, "DESCRIPTION"))
				free(unescape(l + 12)); /* every escape is one RFC 5545 knows */
			if (is(l, "URL"))
				fail_msg("a URL without a known host: %s", l);
		}
	}
	if (depth)
		fail_msg("%s is not closed", stack[depth - 1]);
	if (!version || !prodid)
		fail_msg("VERSION:2.0 or PRODID missing");
	return events;
}

/* --- tests --- */

static void test_ical_pieces(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *raw = "a,b;c\\d\ne\r\nf\x01g";
	ical_escape_text(&b, raw, strlen(raw));
	assert_string_equal(b.data, "a\\,b\\;c\\\\d\\ne\\nf g");
	buf_reset(&b);
	/* 100 two-byte letters: folded, never inside one. */
	struct buf v = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_adds(&v, i % 3 ? "æ" : "ø");
	ical_line(&b, "SUMMARY", v.data);
	struct ics c;
	ics_parse(b.data, b.len, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.lines[0] + 8, v.data);
	ics_free(&c);
	assert_non_null(strstr(b.data, "\r\n "));
	buf_release(&v);
	buf_release(&b);

	char d[9];
	const char *ends[][2] = {{"2023-02", "20230301"}, {"2023-12", "20240101"},
				 {"2024-02-28", "20240229"}, {"2024-02-29", "20240301"},
				 {"2023-02-28", "20230301"}, {"2023-12-31", "20240101"},
				 {"2023-06-10", "20230611"}};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		assert_int_equal(ical_end_date(ends[i][0], d), 0);
		assert_string_equal(d, ends[i][1]);
	}
	assert_int_equal(ical_start_date("2023-02", d), 0);
	assert_string_equal(d, "20230201");
	assert_int_equal(ical_start_date("2023-02-10", d), 0);
	assert_string_equal(d, "20230210");
	assert_int_equal(ical_end_date("2023-13", d), -1);
	assert_int_equal(ical_end_date("2023-02-30", d), -1);
	assert_int_equal(ical_end_date("", d), -1);
	assert_int_equal(ical_start_date("februar", d), -1);
}

static void test_ics(void **state)
{
	(void)state;
	patch_measure(1, "{\"text\": \"" TEXT1_JSON "\", \"period\": \"Februar 2023\"}");
	struct http h;
	get(&h, "/plan/" SLUG ".ics", NULL, 200);
	test_assert_header(&h, "Content-Type", "text/calendar; charset=utf-8");
	struct ics c;
	ics_parse(h.body, h.len, &c);
	char *summary, start[9] = "", end[9] = "";
	int events = ics_check(&c, "measure-1@samspel", &summary, start, end);
	assert_int_equal(events, SEED_EVENTS);
	/* Folded and escaped, it unfolds to the measure's first line. */
	assert_non_null(summary);
	assert_string_equal(summary, TEXT1);
	assert_string_equal(start, "20230201");
	assert_string_equal(end, "20230301");
	/* The whole text and who is responsible are in the description. */
	assert_non_null(strstr(h.body, "Andre linja"));
	assert_non_null(strstr(h.body, "Sogn regionråd"));
	real_reader("ics", h.body, h.len, events, TEXT1);
	free(summary);
	ics_free(&c);

	/* The command line writes the very same bytes. */
	struct run r;
	test_run(&r, NULL, "export", SLUG, "--format", "ics", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(strlen(r.out), h.len);
	assert_memory_equal(r.out, h.body, h.len);
	test_run_free(&r);
	test_http_free(&h);

	/* A draft's calendar is 404 to the public, as the draft is. */
	get(&h, "/plan/" DEMO ".ics", NULL, 404);
	test_http_free(&h);
	get(&h, "/plan/" DEMO ".ics", tok_fjord, 200);
	test_http_free(&h);
}

/* How many times needle is in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_atom_plan(void **state)
{
	(void)state;
	struct http h;
	get(&h, "/plan/" SLUG ".atom", NULL, 200);
	test_assert_header(&h, "Content-Type", "application/atom+xml");
	int before = count(h.body, "<entry>");
	assert_true(before >= 1);
	test_http_free(&h);

	/* Enough changes to pass the limit, then a report: newest first. */
	for (int i = 0; i < 26; i++)
		patch_measure(2, i % 2 ? "{\"period\": \"2023\"}" : "{\"period\": \"2023-2024\"}");
	for (int i = 0; i < 25; i++)
		patch_measure(3, i % 2 ? "{\"period\": \"2023\"}" : "{\"period\": \"Hausten 2023\"}");
	report(1, "{\"reported_on\": \"2023-06-30\", \"state\": \"at_risk\", \"progress\": 40,"
		  " \"text\": \"Messene er flytta; <b>vi</b> ventar & ser.\", \"spent\": 35000}");
	get(&h, "/plan/" SLUG ".atom", NULL, 200);
	assert_int_equal(count(h.body, "<entry>"), 50);
	/* Escaped once, by the one escaper. */
	assert_non_null(strstr(h.body, "&lt;b&gt;vi&lt;/b&gt; ventar &amp; ser."));
	assert_null(strstr(h.body, "<b>"));
	/* The report is the newest entry, by its author. */
	const char *first = strstr(h.body, "<entry>");
	assert_non_null(first);
	assert_non_null(strstr(first, "Messene er flytta"));
	assert_true(strstr(first, "Messene er flytta") < strstr(first + 1, "<entry>"));
	assert_non_null(strstr(first, "<link rel=\"alternate\" type=\"text/html\" href=\"/measure/1\"/>"));
	/* Ids are tag: URIs; logins are never shown. */
	assert_non_null(strstr(h.body, "<id>tag:samspel,2026:plan/" SLUG "/audit/"));
	assert_non_null(strstr(first, "<author><name>Siri Sogn</name></author>"));
	assert_null(strstr(h.body, ">sogn<"));
	assert_null(strstr(h.body, "cli:"));
	real_reader("atom", h.body, h.len, 50, "I faresona");
	test_http_free(&h);

	/* The cache follows the plan: a new report shows at once. */
	report(1, "{\"reported_on\": \"2023-07-01\", \"state\": \"on_track\", \"text\": \"Datoane er klare.\"}");
	get(&h, "/plan/" SLUG ".atom", NULL, 200);
	assert_non_null(strstr(h.body, "Datoane er klare."));
	test_http_free(&h);

	/* The plan page names its feed in the head. */
	get(&h, "/plan/" SLUG, NULL, 200);
	assert_non_null(strstr(h.body, "<link rel=\"alternate\" type=\"application/atom+xml\""));
	assert_non_null(strstr(h.body, "href=\"/plan/" SLUG ".atom\""));
	test_http_free(&h);
}

static void test_atom_draft(void **state)
{
	(void)state;
	struct http h;
	/* A draft's feed is 404 - to the public, and to its own editors. */
	get(&h, "/plan/" DEMO ".atom", NULL, 404);
	test_http_free(&h);
	get(&h, "/plan/" DEMO ".atom", tok_fjord, 404);
	test_http_free(&h);
	get(&h, "/plan/no-such-plan.atom", NULL, 404);
	test_http_free(&h);
	get(&h, "/plan/" DEMO, tok_fjord, 200);
	assert_null(strstr(h.body, "application/atom+xml"));
	test_http_free(&h);
}

static void test_atom_org(void **state)
{
	(void)state;
	/* Sogn regionråd: responsible for measure 1, linked from its page. */
	struct http h;
	get(&h, "/measure/1", NULL, 200);
	const char *at = strstr(h.body, "href=\"/org/");
	assert_non_null(at);
	long long org = strtoll(at + 11, NULL, 10);
	test_http_free(&h);
	char path[64];
	snprintf(path, sizeof path, "/org/%lld.atom", org);
	get(&h, path, NULL, 200);
	test_assert_header(&h, "Content-Type", "application/atom+xml");
	int n = count(h.body, "<entry>");
	assert_true(n >= 2 && n <= 50);
	assert_non_null(strstr(h.body, "Datoane er klare."));
	/* Only published plans: nothing of the draft demo. */
	assert_null(strstr(h.body, DEMO));
	real_reader("atom", h.body, h.len, n, "I faresona");
	test_http_free(&h);
	snprintf(path, sizeof path, "/org/%lld", org);
	get(&h, path, NULL, 200);
	char link[80];
	snprintf(link, sizeof link, "href=\"/org/%lld.atom\"", org);
	assert_non_null(strstr(h.body, link));
	test_http_free(&h);
	get(&h, "/org/999999.atom", NULL, 404);
	test_http_free(&h);
	get(&h, "/org/abc.atom", NULL, 404);
	test_http_free(&h);
	get(&h, "/org/0.atom", NULL, 404);
	test_http_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ical_pieces),
		cmocka_unit_test(test_ics),
		cmocka_unit_test(test_atom_plan),
		cmocka_unit_test(test_atom_draft),
		cmocka_unit_test(test_atom_org),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
