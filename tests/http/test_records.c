/*
 * What a council keeps beside its plans (issue 9), through the paths a
 * person takes: `samspel demo` fills a database with the seeds' programme,
 * regions, meeting, groups and projects, and their figures are asserted
 * from the API and the pages; the export -> load -> export round trip of
 * everything (plans, reports, records) into an empty database is byte for
 * byte; a bad file loads nothing; JSON-stat values and a named
 * projection come in from a file and from an address, and the page shows
 * the deviation; the API's writes follow the plan API's rules (If-Match,
 * 428, 412, 403, problem+json); the forms create and edit records for the
 * keeping council's editors only; follow-up points reach "Mine tiltak" and
 * the dashboard.
 */
#include "session.h"

#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NBSP "\xc2\xa0"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;
static char *tok_sogn, *tok_fjord;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, 0);
	const char *demo[] = {"demo", "--from", test_path("data/demo"), NULL};
	test_run_ok(site.db, NULL, demo);
	const char *seed[] = {"import", test_seed("003_5bc64c91c12c2643.txt"), "--publish", NULL};
	test_run_ok(site.db, NULL, seed);
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(site.db, "rg", "reporter", "Rådmannsgruppa i Sogn");
	tok_sogn = test_new_token(site.db, "sogn", "records test");
	tok_fjord = test_new_token(site.db, "fjord", "records test");
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
	char header[96];
	const char *extra[] = {NULL, NULL};
	if (if_match) {
		snprintf(header, sizeof header, "If-Match: %s", if_match);
		extra[0] = header;
	}
	test_api_req(&site.srv, h, method, path, token, body, extra);
}

static json_t *body_json(const struct http *h)
{
	json_error_t je;
	json_t *j = json_loadb(h->body ? h->body : "", h->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.300s", je.text, h->body ? h->body : "");
	return j;
}

static json_t *get_json(const char *path)
{
	struct http h;
	api(&h, "GET", path, NULL, NULL, NULL);
	if (h.status != 200)
		fail_msg("GET %s: %ld %.300s", path, h.status, h.body ? h.body : "");
	json_t *j = body_json(&h);
	test_http_free(&h);
	return j;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("\"%s\" is not a whole number", key);
	return json_integer_value(v);
}

/* The id of the one record of table whose title column is title. */
static long long id_of(const char *table, const char *column, const char *title)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s = :text", table, column);
	long long id = test_db_int_by(site.db, sql, 0, title);
	if (id <= 0)
		fail_msg("no %s called %s", table, title);
	return id;
}

static void assert_problem(const struct http *h, long status)
{
	if (h->status != status)
		fail_msg("expected %ld, got %ld: %.300s", status, h->status, h->body ? h->body : "");
	char *type = test_http_header(h, "Content-Type");
	assert_non_null(type);
	assert_non_null(strstr(type, "application/problem+json"));
	free(type);
}

/* The version in an ETag ("v3-…"), as If-Match takes it. */
static char *etag_of(const struct http *h)
{
	char *etag = test_http_header(h, "ETag");
	assert_non_null(etag);
	return etag;
}

/* --- the demo's figures --- */

static void test_demo_programme(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/programmes/%lld",
		 id_of("programme", "title", "Byregionprogrammet"));
	json_t *p = get_json(path);
	assert_string_equal(jstr(p, "owner"), "Kommunal- og moderniseringsdepartementet");
	assert_string_equal(jstr(p, "administrator"), "Distriktssenteret");
	assert_int_equal(json_array_size(json_object_get(p, "phases")), 2);
	json_t *regions = json_object_get(p, "participants");
	assert_int_equal(json_array_size(regions), 2);
	json_t *lls = json_array_get(regions, 0), *hal = json_array_get(regions, 1);
	assert_string_equal(jstr(lls, "region"), "Leikanger – Luster – Sogndal");
	assert_string_equal(jstr(lls, "operator"), "Sogn Næring");
	assert_string_equal(jstr(lls, "applicant"), "Sogndal");
	json_t *partners = json_object_get(lls, "partners");
	assert_int_equal(json_array_size(partners), 2);
	assert_string_equal(json_string_value(json_array_get(partners, 0)), "Luster");
	assert_string_equal(json_string_value(json_array_get(partners, 1)), "Leikanger");
	json_t *pop = json_object_get(lls, "population");
	assert_int_equal(jint(pop, "count"), 15071);
	assert_string_equal(jstr(pop, "counted_on"), "2015-01-01");
	assert_int_equal(jint(lls, "area_km2"), 3514);
	assert_int_equal(json_array_size(json_object_get(lls, "goals")), 3);
	assert_int_equal(json_array_size(json_object_get(lls, "results")), 7);
	assert_string_equal(jstr(hal, "title"), "Framtidstru og vekst i Hallingdal");
	assert_int_equal(jint(hal, "grant"), 2680000);
	assert_int_equal(jint(hal, "frame"), 6600000);
	assert_int_equal(jint(hal, "ends"), 2017);
	json_t *g = json_array_get(json_object_get(hal, "grants"), 0);
	assert_string_equal(jstr(g, "funder"), "Kommunal- og moderniseringsdepartementet");
	assert_int_equal(jint(g, "amount"), 2680000);
	assert_string_equal(jstr(g, "text"), "kr. 2.680.000");
	json_decref(p);

	/* The page compares them side by side, with totals. */
	snprintf(path, sizeof path, "/programme/%lld", id_of("programme", "title", "Byregionprogrammet"));
	char *body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "Leikanger – Luster – Sogndal"));
	assert_non_null(strstr(body, "Hallingdal</a>"));
	assert_non_null(strstr(body, "<td class=\"num\">15" NBSP "071</td>"));
	assert_non_null(strstr(body, "<td class=\"num\">3" NBSP "514</td>"));
	assert_non_null(strstr(body, "2" NBSP "680" NBSP "000" NBSP "kr"));
	assert_non_null(strstr(body, "<tfoot>"));
	assert_non_null(strstr(body, "1.1.2015"));
	free(body);
}

static void test_demo_meeting(void **state)
{
	(void)state;
	long long id = id_of("meeting", "held_on", "2021-09-28");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/meetings/%lld", id);
	json_t *m = get_json(path);
	assert_string_equal(jstr(m, "date"), "2021-09-28");
	assert_string_equal(jstr(m, "body"), "Sogn regionråd");
	assert_int_equal(json_array_size(json_object_get(m, "items")), 7);
	json_t *decisions = json_object_get(m, "decisions");
	assert_int_equal(json_array_size(decisions), 6);
	json_t *last = json_array_get(decisions, 5);
	assert_int_equal(json_array_size(json_object_get(last, "links")), 4);
	json_t *fs = json_object_get(m, "followups");
	assert_int_equal(json_array_size(fs), 5);
	json_t *first = json_array_get(fs, 0);
	assert_string_equal(jstr(first, "text"), "Handlingsplan for 2022 – til handsaming i rådet 10. desember");
	assert_string_equal(jstr(first, "due"), "2021-12-10");
	assert_string_equal(jstr(first, "responsible"), "Sogn regionråd");
	assert_true(json_is_false(json_object_get(first, "done")));
	json_decref(m);
	/* The nested list says the same. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/followups", id);
	json_t *l = get_json(path);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 5);
	json_decref(l);

	snprintf(path, sizeof path, "/meeting/%lld", id);
	char *body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "28.9.2021"));
	assert_non_null(strstr(body, "Handlingsplan for 2022"));
	assert_true(test_count(body, "class=\"badge late\"") == 2);
	assert_non_null(strstr(body, "Forprosjekt reiseliv</a>"));
	free(body);
	/* A project shows the decision behind it. */
	snprintf(path, sizeof path, "/project/%lld", id_of("project", "title", "Forprosjekt reiseliv"));
	body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "Organisere fire forprosjekt"));
	assert_non_null(strstr(body, "Reiselivsdirektør"));
	free(body);
}

static void test_demo_groups(void **state)
{
	(void)state;
	long long council = id_of("org", "name", "Sogn regionråd");
	long long network = id_of("org", "name", "Næringsnettverket i Sogn");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", network);
	json_t *g = get_json(path);
	assert_string_equal(jstr(g, "group_kind"), "network");
	assert_string_equal(jstr(g, "reports_to"), "Sogn regionråd");
	assert_string_equal(jstr(g, "council"), "Sogn regionråd");
	assert_int_equal(json_array_size(json_object_get(g, "mandate")), 9);
	json_decref(g);
	snprintf(path, sizeof path, "/org/%lld", council);
	char *body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "Dagleg leiar"));
	assert_non_null(strstr(body, "<li>Sekretariat for Sogn regionråd</li>"));
	assert_non_null(strstr(body, "Sogn for alle</a>"));
	assert_non_null(strstr(body, "System for styrka læring</a>"));
	assert_non_null(strstr(body, "Desentralisert sjukepleiarutdanning</a>"));
	free(body);
	snprintf(path, sizeof path, "/org/%lld", network);
	body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "Vera ein arena for utveksling av erfaring og informasjon"));
	assert_non_null(strstr(body, "Rapporterer årleg om sin aktivitet og planar til rådet"));
	/* The decision that asked for its mandate is behind it. */
	assert_non_null(strstr(body, "tydeleg mandat til næringsnettverket"));
	free(body);
	/* The front page has them beside the plans. */
	body = test_get_ok(&site.srv, "/", NULL);
	assert_non_null(strstr(body, "Byregionprogrammet</a>"));
	assert_non_null(strstr(body, "Sogn for alle</a>"));
	assert_non_null(strstr(body, "vegen vidare etter Flåm-samlinga</a>"));
	free(body);
	/* Search finds them: a project by a word of its title, a decision by
	 * a word of its text, linked to its meeting. */
	char href[96];
	body = test_get_ok(&site.srv, "/search?q=sjukepleiarutdanning", NULL);
	snprintf(href, sizeof href, "href=\"/project/%lld\"",
		 id_of("project", "title", "Desentralisert sjukepleiarutdanning"));
	assert_non_null(strstr(body, href));
	free(body);
	body = test_get_ok(&site.srv, "/search?q=tydeleg+mandat", NULL);
	snprintf(href, sizeof href, "href=\"/meeting/%lld#decision-", id_of("meeting", "held_on", "2021-09-28"));
	assert_non_null(strstr(body, href));
	free(body);
	long status = 0;
	free(test_get(&site.srv, "/project/999999", NULL, &status));
	assert_int_equal(status, 404);
	free(test_get(&site.srv, "/meeting/x", NULL, &status));
	assert_int_equal(status, 404);
}

/* --- moving data --- */

static void test_round_trip(void **state)
{
	(void)state;
	/* A status report on a measure of the seed plan, so one moves too. */
	long long measure = test_db_int_by(site.db, "SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
					   " WHERE p.slug = :text ORDER BY m.id LIMIT 1", 0, SLUG);
	char path[96], match[32];
	snprintf(path, sizeof path, "/api/v1/measures/%lld/reports", measure);
	snprintf(match, sizeof match, "\"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = :id", measure));
	struct http h;
	api(&h, "POST", path, tok_sogn, "{\"reported_on\": \"2025-06-30\", \"state\": \"at_risk\","
	    " \"progress\": 40, \"text\": \"Seinare enn planlagt.\", \"spent\": 125000}", match);
	if (h.status != 201)
		fail_msg("POST report: %ld %s", h.status, h.body);
	test_http_free(&h);
	/* And carried out by a project: the link moves too. */
	char body[64];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", measure);
	snprintf(body, sizeof body, "{\"project\": %lld}", id_of("project", "title", "Sogn for alle"));
	api(&h, "PATCH", path, tok_sogn, body, match);
	if (h.status != 200)
		fail_msg("PATCH measure: %ld %s", h.status, h.body);
	test_http_free(&h);
	/* An ongoing period and an upper bound per year move as they are. */
	snprintf(match, sizeof match, "\"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = :id", measure));
	api(&h, "PATCH", path, tok_sogn, "{\"period\": \"Løpande\"}", match);
	if (h.status != 200)
		fail_msg("PATCH period: %ld %s", h.status, h.body);
	test_http_free(&h);
	long long line = test_db_int(site.db, "SELECT id FROM budget_line WHERE measure_id = :id"
				     " ORDER BY position LIMIT 1", measure);
	snprintf(path, sizeof path, "/api/v1/budget/%lld", line);
	snprintf(match, sizeof match, "\"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM budget_line WHERE id = :id", line));
	api(&h, "PATCH", path, tok_sogn, "{\"qualifier\": \"upper\", \"per_year\": 1}", match);
	if (h.status != 200)
		fail_msg("PATCH budget line: %ld %s", h.status, h.body);
	assert_non_null(strstr(h.body, "\"qualifier\": \"upper\""));
	test_http_free(&h);

	char *d = test_tmpdir();
	char *first = test_join(d, "first.json"), *second = test_join(d, "second.json");
	char *empty = test_join(d, "empty.db");
	const char *exp1[] = {"export", "--all", "--output", first, NULL};
	test_run_ok(site.db, NULL, exp1);
	const char *load[] = {"load", first, NULL};
	test_run_ok(empty, NULL, load);
	const char *exp2[] = {"export", "--all", "--output", second, NULL};
	test_run_ok(empty, NULL, exp2);
	size_t n1, n2;
	char *a = test_read_file(first, &n1), *b = test_read_file(second, &n2);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(n1 > 50000);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	/* What moved is there: both plans with every measure, the report, the
	 * programme's regions and grants, the meeting's follow-up points. */
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM plan", 0),
			 test_db_int(site.db, "SELECT COUNT(*) FROM plan", 0));
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM measure", 0),
			 test_db_int(site.db, "SELECT COUNT(*) FROM measure", 0));
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM measure_org", 0),
			 test_db_int(site.db, "SELECT COUNT(*) FROM measure_org", 0));
	assert_int_equal(test_db_int(empty, "SELECT spent FROM report WHERE text = 'Seinare enn planlagt.'", 0),
			 125000);
	assert_int_equal(test_db_int_by(empty, "SELECT published FROM plan WHERE slug = :text", 0, SLUG), 1);
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM measure WHERE period_kind = 'ongoing'"
				     " AND period_text = 'Løpande' AND period_start IS NULL", 0), 1);
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM budget_line WHERE qualifier = 'upper'"
				     " AND per_year = 1", 0), 1);
	char title[64];
	test_db_text(empty, "SELECT p.title FROM measure m JOIN project p ON p.id = m.project_id", 0, title,
		     sizeof title);
	assert_string_equal(title, "Sogn for alle");
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM project WHERE programme_id IS NOT NULL", 0), 2);
	assert_int_equal(test_db_int(empty, "SELECT SUM(amount) FROM project_grant", 0), 2680000);
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM followup", 0), 5);
	/* The records alone, into a database that holds the plans they name. */
	char *third = test_join(d, "records.json"), *fourth = test_join(d, "records2.json");
	char *plans = test_join(d, "plans.db");
	const char *exp3[] = {"export", "--records", "--output", third, NULL};
	test_run_ok(site.db, NULL, exp3);
	const char *plan[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), NULL};
	test_run_ok(plans, NULL, plan);
	const char *load3[] = {"load", third, NULL};
	test_run_ok(plans, NULL, load3);
	const char *exp4[] = {"export", "--records", "--output", fourth, NULL};
	test_run_ok(plans, NULL, exp4);
	free(a);
	free(b);
	a = test_read_file(third, &n1);
	b = test_read_file(fourth, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	/* Loading the whole again refuses the plans that are there, and
	 * changes nothing. */
	struct run r;
	const char *again[] = {"load", first, NULL};
	test_run_db(&r, empty, NULL, again);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	assert_int_equal(test_db_int(empty, "SELECT COUNT(*) FROM project", 0),
			 test_db_int(site.db, "SELECT COUNT(*) FROM project", 0));
	free(a);
	free(b);
	test_rmdir(d);
	free(d);
	free(first);
	free(second);
	free(third);
	free(fourth);
	free(empty);
	free(plans);
}

/* A bad file: a clear message, and nothing of it stored. */
static void test_load_refuses(void **state)
{
	(void)state;
	char *d = test_tmpdir();
	char *file = test_join(d, "bad.json");
	long long before = test_db_int(site.db, "SELECT COUNT(*) FROM project", 0);
	static const struct {
		const char *json, *message;
	} cases[] = {
		{"{\"type\": \"project\", \"title\": \"A\",\n \"colour\": \"red\"}", "colour"},
		{"{\"type\": \"project\", \"title\": \"A\", \"grants\": [{\"amount\": \"many\"}]}", "amount"},
		{"{\"type\": \"meeting\", \"title\": \"M\", \"date\": \"2021-02-30\"}", "\"date\""},
		{"[{\"type\": \"project\", \"title\": \"First, fine\"},\n"
		 " {\"type\": \"meeting\", \"title\": \"M\", \"date\": \"2021-01-01\",\n"
		 "  \"decisions\": [{\"text\": \"D\", \"links\": [{\"kind\": \"project\", \"title\": \"No such\"}]}]}]",
		 "No such"},
		{"{\"type\": \"project\", \"title\": \"A\"", "bad.json"},
		{"{\"type\": \"spaceship\"}", "spaceship"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		fputs(cases[i].json, f);
		fclose(f);
		struct run r;
		const char *args[] = {"load", file, NULL};
		test_run_db(&r, site.db, NULL, args);
		if (r.status != 1 || !strstr(r.err, cases[i].message))
			fail_msg("case %zu: status %d, %s", i, r.status, r.err);
		test_run_free(&r);
	}
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM project", 0), before);
	test_rmdir(d);
	free(d);
	free(file);
}

/* --- indicators from JSON-stat --- */

/* A tiny http server on the fixtures folder; its port. */
static pid_t fixture_server(int *port)
{
	for (*port = 18700 + getpid() % 500;; (*port)++) {
		char portarg[16];
		snprintf(portarg, sizeof portarg, "%d", *port);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			dup2(null, 2);
			execlp("python3", "python3", "-m", "http.server", portarg, "--bind", "127.0.0.1",
			       "--directory", test_path("tests/fixtures"), (char *)NULL);
			_exit(127);
		}
		for (int i = 0; i < 50; i++) { /* up within 5 s, or the port was taken */
			char url[96];
			struct http h;
			snprintf(url, sizeof url, "http://127.0.0.1:%d/", *port);
			int rc = test_http(&h, "GET", url, NULL, NULL, 0);
			test_http_free(&h);
			if (rc == 0)
				return pid;
			int status;
			if (waitpid(pid, &status, WNOHANG) == pid)
				break;
			usleep(100000);
		}
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

static void test_jsonstat(void **state)
{
	(void)state;
	struct http h;
	api(&h, "POST", "/api/v1/indicators", tok_sogn,
	    "{\"name\": \"Folketal i Sogndal\", \"council\": \"Sogn regionråd\", \"unit\": \"personar\","
	    " \"source\": \"SSB\", \"org\": \"Sogndal\", \"decimals\": 0, \"target\": 7800,"
	    " \"target_period\": \"2020\"}", NULL);
	if (h.status != 201)
		fail_msg("POST indicator: %ld %s", h.status, h.body);
	json_t *j = body_json(&h);
	long long id = jint(j, "id");
	json_decref(j);
	test_http_free(&h);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);

	/* Several series and none chosen: the keys are listed. */
	struct run r;
	const char *none[] = {"indicator", "load", ids, test_path("tests/fixtures/jsonstat-folkemengd.json"), NULL};
	test_run_db(&r, site.db, NULL, none);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "1420,Folkemengde"));
	test_run_free(&r);

	/* Observed values from the file (one null cell is left out). */
	const char *observed[] = {"indicator", "load", ids,
				  test_path("tests/fixtures/jsonstat-folkemengd.json"), "--series",
				  "1420,Folkemengde", NULL};
	test_run_ok(site.db, NULL, observed);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM indicator_value"
				     " WHERE indicator_id = :id AND projection_id IS NULL", id), 3);
	assert_int_equal(test_db_int(site.db, "SELECT value FROM indicator_value WHERE indicator_id = :id"
				     " AND period = '2016' AND projection_id IS NULL", id), 7750);

	/* A named projection from an address. */
	int port;
	pid_t server = fixture_server(&port);
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/jsonstat-framskriving.json", port);
	const char *projected[] = {"indicator", "load", ids, url, "--projection",
				   "SSB framskriving 2014, hovudalternativ", NULL};
	test_run_ok(site.db, NULL, projected);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/no-such.json", port);
	const char *missing[] = {"indicator", "load", ids, url, NULL};
	test_run_db(&r, site.db, NULL, missing);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "404"));
	test_run_free(&r);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM indicator_value v JOIN projection p"
				     " ON p.id = v.projection_id WHERE v.indicator_id = :id", id), 4);

	/* The page: the deviation of 2016 (7750 against 7899: −149), the chart. */
	char path[64];
	snprintf(path, sizeof path, "/indicator/%lld", id);
	char *body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "SSB framskriving 2014, hovudalternativ"));
	assert_non_null(strstr(body, "\xe2\x88\x92" "149 personar"));
	assert_non_null(strstr(body, "<svg"));
	assert_non_null(strstr(body, "role=\"img\""));
	free(body);
	/* Linked to a goal and a measure of the seed plan (by the plan and
	 * their text, as a file names them): the page links to both. */
	char goal[1024], measure[2048], links[4096], version[32];
	test_db_text_by(site.db, "SELECT g.text FROM goal g JOIN area a ON a.id = g.area_id JOIN plan p"
			" ON p.id = a.plan_id WHERE p.slug = :text ORDER BY g.id LIMIT 1", 0, SLUG, goal,
			sizeof goal);
	test_db_text_by(site.db, "SELECT m.text FROM measure m JOIN plan p ON p.id = m.plan_id"
			" WHERE p.slug = :text ORDER BY m.id LIMIT 1", 0, SLUG, measure, sizeof measure);
	json_t *lj = json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}", "links", "kind", "goal", "plan",
			       SLUG, "text", goal, "kind", "measure", "plan", SLUG, "text", measure);
	char *ltext = json_dumps(lj, 0);
	snprintf(links, sizeof links, "%s", ltext);
	free(ltext);
	json_decref(lj);
	snprintf(version, sizeof version, "\"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM indicator WHERE id = :id", id));
	char apipath[64];
	snprintf(apipath, sizeof apipath, "/api/v1/indicators/%lld", id);
	api(&h, "PATCH", apipath, tok_sogn, links, version);
	if (h.status != 200)
		fail_msg("PATCH links: %ld %s", h.status, h.body);
	test_http_free(&h);
	body = test_get_ok(&site.srv, path, NULL);
	char anchor[64];
	snprintf(anchor, sizeof anchor, "/plan/%s#goal-", SLUG);
	assert_non_null(strstr(body, anchor));
	assert_non_null(strstr(body, "href=\"/measure/"));
	free(body);
	/* Loading again changes nothing. */
	test_run_ok(site.db, NULL, observed);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM indicator_value WHERE indicator_id = :id", id), 7);
}

/* --- the API's writes --- */

static void test_api_writes(void **state)
{
	(void)state;
	struct http h;
	const char *project = "{\"title\": \"Testprosjekt\", \"council\": \"Sogn regionråd\","
			      " \"phase\": \"forprosjekt\", \"state\": \"planned\","
			      " \"organisation\": [{\"role\": \"leader\", \"name\": \"Kari\", \"org\": \"Luster\"}],"
			      " \"grants\": [{\"funder\": \"Vestland fylkeskommune\", \"amount\": 500000,"
			      " \"decided_on\": \"2026-03-01\", \"text\": \"kr 500 000\"}]}";
	/* The public and an editor of another council may not. */
	api(&h, "POST", "/api/v1/projects", NULL, project, NULL);
	assert_true(h.status == 401 || h.status == 403);
	test_http_free(&h);
	api(&h, "POST", "/api/v1/projects", tok_fjord, project, NULL);
	assert_problem(&h, 403);
	test_http_free(&h);
	api(&h, "POST", "/api/v1/projects", tok_sogn,
	    "{\"title\": \"X\", \"council\": \"Ingen slik\"}", NULL);
	assert_problem(&h, 400);
	test_http_free(&h);
	assert_int_equal(test_db_int_by(site.db, "SELECT COUNT(*) FROM project WHERE title = :text", 0,
					"Testprosjekt"), 0);

	api(&h, "POST", "/api/v1/projects", tok_sogn, project, NULL);
	if (h.status != 201)
		fail_msg("POST: %ld %s", h.status, h.body);
	char *location = test_http_header(&h, "Location");
	assert_non_null(location);
	json_t *j = body_json(&h);
	long long id = jint(j, "id");
	assert_int_equal(jint(j, "grant"), 500000);
	json_decref(j);
	test_http_free(&h);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/projects/%lld", id);
	assert_string_equal(location, path);
	free(location);

	api(&h, "GET", path, NULL, NULL, NULL);
	char *etag = etag_of(&h);
	test_http_free(&h);
	/* No If-Match: 428; a stale one: 412; nothing changed by either. */
	api(&h, "PATCH", path, tok_sogn, "{\"phase\": \"hovudprosjekt\"}", NULL);
	assert_problem(&h, 428);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"phase\": \"hovudprosjekt\"}", "\"v99\"");
	assert_problem(&h, 412);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_fjord, "{\"phase\": \"hovudprosjekt\"}", etag);
	assert_problem(&h, 403);
	test_http_free(&h);
	api(&h, "PATCH", path, tok_sogn, "{\"population\": {\"count\": \"many\"}}", etag);
	assert_problem(&h, 400);
	test_http_free(&h);
	assert_int_equal(test_db_int_by(site.db, "SELECT COUNT(*) FROM project WHERE id = :id AND phase = :text",
					id, "forprosjekt"), 1);
	api(&h, "PATCH", path, tok_sogn, "{\"phase\": \"hovudprosjekt\", \"frame\": 2000000}", etag);
	if (h.status != 200)
		fail_msg("PATCH: %ld %s", h.status, h.body);
	j = body_json(&h);
	assert_string_equal(jstr(j, "phase"), "hovudprosjekt");
	assert_int_equal(jint(j, "frame"), 2000000);
	json_decref(j);
	free(etag);
	etag = etag_of(&h);
	test_http_free(&h);
	/* One history row per changed field. */
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM audit WHERE entity = 'project'"
				     " AND entity_id = :id AND action = 'project.update'", id), 2);

	/* A grant under it (If-Match: the project's version). */
	char grants[128];
	snprintf(grants, sizeof grants, "%s/grants", path);
	api(&h, "POST", grants, tok_sogn, "{\"funder\": \"Sogn regionråd\", \"amount\": 75000}", etag);
	if (h.status != 201)
		fail_msg("POST grant: %ld %s", h.status, h.body);
	test_http_free(&h);
	j = get_json(grants);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	j = get_json(path);
	assert_int_equal(jint(j, "grant"), 575000);
	json_decref(j);
	/* A status report on the project, as on a measure. */
	char reports[128];
	snprintf(reports, sizeof reports, "%s/reports", path);
	api(&h, "POST", reports, tok_sogn, "{\"reported_on\": \"2026-05-01\", \"state\": \"on_track\","
	    " \"progress\": 150}", etag);
	assert_problem(&h, 400);
	test_http_free(&h);
	api(&h, "POST", reports, tok_sogn, "{\"reported_on\": \"2026-05-01\", \"state\": \"at_risk\","
	    " \"progress\": 30, \"text\": \"Forseinka av vêret.\", \"spent\": 120000}", etag);
	if (h.status != 201)
		fail_msg("POST report: %ld %s", h.status, h.body);
	test_http_free(&h);
	char page[64];
	snprintf(page, sizeof page, "/project/%lld", id);
	char *pbody = test_get_ok(&site.srv, page, NULL);
	assert_non_null(strstr(pbody, "Forseinka av vêret."));
	assert_non_null(strstr(pbody, "state-at_risk"));
	free(pbody);

	/* A meeting with a decision on the seed plan's adoption: the plan
	 * page shows the decision behind it. */
	char meeting[512];
	snprintf(meeting, sizeof meeting,
		 "{\"title\": \"Møte i Sogn regionråd\", \"council\": \"Sogn regionråd\","
		 " \"date\": \"2023-02-10\", \"body\": \"Sogn regionråd\","
		 " \"decisions\": [{\"text\": \"Handlingsplanen for 2023 er vedteken.\","
		 " \"decided_on\": \"2023-02-10\", \"links\": [{\"kind\": \"plan\", \"plan\": \"%s\"}]}],"
		 " \"followups\": [{\"text\": \"Sende planen til kommunane\", \"responsible\": \"Sogn regionråd\","
		 " \"due\": \"2023-03-01\", \"done\": true}]}", SLUG);
	api(&h, "POST", "/api/v1/meetings", tok_sogn, meeting, NULL);
	if (h.status != 201)
		fail_msg("POST meeting: %ld %s", h.status, h.body);
	test_http_free(&h);
	char *body = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(body, "Handlingsplanen for 2023 er vedteken."));
	free(body);

	/* PATCH "links" replaces what a decision concerns. */
	long long dec = test_db_int_by(site.db, "SELECT id FROM decision WHERE text = :text", 0,
				       "Handlingsplanen for 2023 er vedteken.");
	char dpath[64];
	snprintf(dpath, sizeof dpath, "/api/v1/decisions/%lld", dec);
	api(&h, "PATCH", dpath, tok_sogn, "{\"links\": [{\"kind\": \"project\", \"title\": \"Sogn for alle\"}]}",
	    "\"v1\"");
	if (h.status != 200)
		fail_msg("PATCH links: %ld %s", h.status, h.body);
	j = body_json(&h);
	json_t *links = json_object_get(j, "links");
	assert_int_equal(json_array_size(links), 1);
	assert_string_equal(jstr(json_array_get(links, 0), "kind"), "project");
	json_decref(j);
	test_http_free(&h);
	body = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_null(strstr(body, "Handlingsplanen for 2023 er vedteken."));
	free(body);
	/* Deleting: If-Match, then gone with its grants. */
	api(&h, "GET", path, NULL, NULL, NULL);
	free(etag);
	etag = etag_of(&h);
	test_http_free(&h);
	api(&h, "DELETE", path, tok_sogn, NULL, etag);
	assert_int_equal(h.status, 204);
	test_http_free(&h);
	free(etag);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM project WHERE id = :id", id), 0);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM project_grant WHERE project_id = :id", id), 0);
	api(&h, "GET", path, NULL, NULL, NULL);
	assert_problem(&h, 404);
	test_http_free(&h);
}

/* --- the forms --- */

static void test_forms(void **state)
{
	(void)state;
	long long council = id_of("org", "name", "Sogn regionråd");
	long long fjord = id_of("org", "name", "Fjordheim regionråd");
	struct who sogn, other, rg;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "fjord", &other);
	test_sign_in(&site.srv, "rg", &rg);
	char path[96];
	snprintf(path, sizeof path, "/org/%lld/new/project", council);
	char *body = test_get_ok(&site.srv, path, &sogn);
	assert_non_null(strstr(body, "name=\"title\""));
	assert_non_null(strstr(body, "name=\"programme\""));
	free(body);
	/* Not for an editor of another council, nor for a reporter. */
	assert_int_equal(test_post_status(&site.srv, path, &other, "version=1&title=Nei&state=active", NULL), 403);
	assert_int_equal(test_post_status(&site.srv, path, &rg, "version=1&title=Nei&state=active", NULL), 403);
	/* Programmes, projects, meetings and indicators hang under a council. */
	snprintf(path, sizeof path, "/org/%lld/new/project", id_of("org", "name", "Næringsnettverket i Sogn"));
	assert_int_equal(test_get_status(&site.srv, path, &sogn, NULL), 404);
	/* A mistake is answered on the form. */
	snprintf(path, sizeof path, "/org/%lld/new/meeting", council);
	char *err = NULL;
	assert_int_equal(test_post_status(&site.srv, path, &sogn, "version=1&title=M%C3%B8te&date=28.9.21", &err), 400);
	assert_non_null(strstr(err, "aria-invalid=\"true\""));
	free(err);
	snprintf(path, sizeof path, "/org/%lld/new/project", council);
	struct http h;
	test_post_form(&site.srv, &h, path, &sogn, "version=1&title=Skjemaprosjekt&state=active&frame=1%20mill");
	assert_int_equal(h.status, 400); /* "1 mill" is not a whole number */
	test_http_free(&h);
	test_post_form(&site.srv, &h, path, &sogn, "version=1&title=Skjemaprosjekt&state=active&frame=1000000");
	assert_int_equal(h.status, 303);
	char *location = test_http_header(&h, "Location");
	test_http_free(&h);
	long long id = id_of("project", "title", "Skjemaprosjekt");
	snprintf(path, sizeof path, "/project/%lld", id);
	assert_string_equal(location, path);
	free(location);
	assert_int_equal(test_db_int(site.db, "SELECT council_id FROM project WHERE id = :id", id), council);
	/* Two editors: the second save on the same version is a conflict that
	 * keeps the typed text and shows theirs. */
	snprintf(path, sizeof path, "/project/%lld/edit", id);
	test_post_form(&site.srv, &h, path, &sogn, "version=1&title=Skjemaprosjekt&state=completed");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	test_post_form(&site.srv, &h, path, &sogn, "version=1&title=Mitt%20namn&state=active");
	assert_int_equal(h.status, 409);
	assert_non_null(strstr(h.body, "Mitt namn"));
	assert_non_null(strstr(h.body, "class=\"theirs\""));
	test_http_free(&h);
	assert_int_equal(test_db_int_by(site.db, "SELECT COUNT(*) FROM project WHERE id = :id AND state = :text",
					id, "completed"), 1);
	/* The editor of another council sees the page but cannot edit it. */
	assert_int_equal(test_get_status(&site.srv, path, &other, NULL), 403);
	(void)fjord;
	/* A measure of the seed plan is carried out by the project: both
	 * pages say so. */
	long long measure = test_db_int_by(site.db, "SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
					   " WHERE p.slug = :text ORDER BY m.id LIMIT 1", 0, SLUG);
	long long mversion = test_db_int(site.db, "SELECT version FROM measure WHERE id = :id", measure);
	char fields[128];
	snprintf(fields, sizeof fields, "version=%lld&project=%lld", mversion, id);
	snprintf(path, sizeof path, "/measure/%lld/edit", measure);
	test_post_form(&site.srv, &h, path, &sogn, fields);
	if (h.status != 303)
		fail_msg("measure edit: %ld %.400s", h.status, h.body);
	test_http_free(&h);
	snprintf(path, sizeof path, "/project/%lld", id);
	body = test_get_ok(&site.srv, path, NULL);
	snprintf(fields, sizeof fields, "href=\"/measure/%lld\"", measure);
	assert_non_null(strstr(body, fields));
	free(body);
	snprintf(path, sizeof path, "/measure/%lld", measure);
	body = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(body, "Skjemaprosjekt</a>"));
	free(body);
	/* A decision of the Flåm meeting linked to the seed plan through its
	 * form: the plan's page shows it; unlinked, it is gone again. Only the
	 * council's editors may. */
	long long decision = test_db_int(site.db, "SELECT MIN(d.id) FROM decision d JOIN meeting m"
					 " ON m.id = d.meeting_id WHERE m.held_on = '2021-09-28'", 0);
	long long plan = test_db_int_by(site.db, "SELECT id FROM plan WHERE slug = :text", 0, SLUG);
	snprintf(path, sizeof path, "/decision/%lld/links", decision);
	snprintf(fields, sizeof fields, "target=plan:%lld", plan);
	assert_int_equal(test_post_status(&site.srv, path, &other, fields, NULL), 403);
	test_post_form(&site.srv, &h, path, &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	body = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(body, "Forankring for regionalplan i kommunane er nødvendig"));
	free(body);
	snprintf(path, sizeof path, "/decision/%lld/links/remove", decision);
	test_post_form(&site.srv, &h, path, &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	body = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_null(strstr(body, "Forankring for regionalplan i kommunane er nødvendig"));
	free(body);
	assert_int_equal(test_post_status(&site.srv, path, &sogn, "target=plan:abc", NULL), 400);
	/* A mandate point added on the group's page. */
	long long network = id_of("org", "name", "Næringsnettverket i Sogn");
	snprintf(path, sizeof path, "/org/%lld/new/mandate", network);
	test_post_form(&site.srv, &h, path, &sogn, "version=1&text=Eit%20nytt%20punkt");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM mandate_point WHERE org_id = :id", network), 10);
}

/* --- follow-up points where people look --- */

static void test_followups_reach_people(void **state)
{
	(void)state;
	/* The council's calendar: the meeting as an event, the points with a
	 * due date as to-dos, the same bytes twice. */
	char path[64];
	snprintf(path, sizeof path, "/org/%lld.ics", id_of("org", "name", "Sogn regionråd"));
	char *ics = test_get_ok(&site.srv, path, NULL), *again = test_get_ok(&site.srv, path, NULL);
	assert_string_equal(ics, again);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20210928\r\n"));
	assert_non_null(strstr(ics, "DUE;VALUE=DATE:20211210\r\nSUMMARY:Handlingsplan for 2022 – til handsaming i "));
	assert_non_null(strstr(ics, "STATUS:NEEDS-ACTION"));
	assert_int_equal(test_count(ics, "BEGIN:VTODO"), 3); /* with the API test's meeting */
	free(ics);
	free(again);
	long status;
	snprintf(path, sizeof path, "/org/%lld.ics", id_of("org", "name", "Næringsnettverket i Sogn"));
	free(test_get(&site.srv, path, NULL, &status));
	assert_int_equal(status, 404);
	struct who rg, sogn;
	test_sign_in(&site.srv, "rg", &rg);
	char *body = test_get_ok(&site.srv, "/mine", &rg);
	assert_non_null(strstr(body, "Arbeidsgrupper – innan kva område bør det etablerast arbeidsgrupper?"));
	assert_null(strstr(body, "Handlingsplan for 2022"));
	free(body);
	test_sign_in(&site.srv, "sogn", &sogn);
	body = test_get_ok(&site.srv, "/plan/" SLUG "/status", &sogn);
	/* The two with a due date, past and not done. */
	assert_non_null(strstr(body, "Handlingsplan for 2022 – til handsaming i rådet 10. desember"));
	assert_non_null(strstr(body, "Avklaring om auka ressursar i desember"));
	assert_null(strstr(body, "Sende planen til kommunane"));
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_programme),
		cmocka_unit_test(test_demo_meeting),
		cmocka_unit_test(test_demo_groups),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_load_refuses),
		cmocka_unit_test(test_jsonstat),
		cmocka_unit_test(test_api_writes),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_followups_reach_people),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
