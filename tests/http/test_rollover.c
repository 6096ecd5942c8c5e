/*
 * Rollover and new plans, through real HTTP against a real `samspel serve`
 * (and the command line): next year's action plan from this year's, with
 * the measures that are neither done nor cancelled carried over and linked
 * back (model/rollover.h); and a new empty plan from the form at /plans/new
 * (model/plan_new.h).
 */
#include "session.h"
#include "model/rollover.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define NEXT "regionalplan-for-sogn-handlingsplan-2024"
#define DONE_MEASURE 3
#define CANCELLED_MEASURE 5

static struct test_site site;
static char *copy;
static char *export_before;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED);
	copy = test_join(site.dir, "copy.db");
	test_add_org(site.db, "Fjordheim regionråd", "council", NULL);
	test_add_three(site.db);
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	free(copy);
	free(export_before);
	return 0;
}

/* --- HTTP helpers (the rest in tests/support/session.h) --- */

static void report(const struct who *w, int measure, const char *state)
{
	char path[64], fields[256];
	struct http h;
	snprintf(path, sizeof path, "/measure/%d/report", measure);
	snprintf(fields, sizeof fields, "reported_on=2023-11-20&state=%s&text=Sluttrapport", state);
	test_post_form(&site.srv, &h, path, w, fields);
	if (h.status != 303)
		fail_msg("report on %d: %ld %s", measure, h.status, h.body);
	test_http_free(&h);
}

/* `samspel export slug` of database, malloc'd (NULL when it fails). */
static char *export_in(const char *database, const char *slug)
{
	struct run r;
	test_run(&r, NULL, "export", slug, "--db", database, NULL);
	char *out = r.status == 0 ? strdup(r.out) : NULL;
	test_run_free(&r);
	return out;
}

/* --- reading the database beside the server --- */

static struct db *open_db(const char *path)
{
	struct db *d;
	struct err e = ERR_INIT;
	if (db_open(path, 0, &d, &e) != OK)
		fail_msg("open %s: %s", path, e.msg);
	return d;
}

static int64_t query_int(struct db *d, const char *sql, const char *text)
{
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare_once(d, sql);
	if (text)
		stmt_bind_text(st, ":t", text);
	int64_t v = stmt_step(st, &e) == DB_ROW ? col_int(st, 0) : -1;
	stmt_finish(st);
	return v;
}

/* How many plans, measures and history rows the database holds. */
static void totals(const char *path, int64_t out[3])
{
	struct db *d = open_db(path);
	out[0] = query_int(d, "SELECT COUNT(*) FROM plan", NULL);
	out[1] = query_int(d, "SELECT COUNT(*) FROM measure", NULL);
	out[2] = query_int(d, "SELECT COUNT(*) FROM audit", NULL);
	db_close(d);
}

/* Counts of the tree in a plan's JSON export. */
struct counts {
	size_t areas, goals, focuses, strategies, measures;
	json_int_t budget;
};

static struct counts count_json(const char *text)
{
	struct counts c = {0};
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	c.budget = json_integer_value(json_object_get(j, "budget_total"));
	json_t *areas = json_object_get(j, "areas"), *area;
	size_t i;
	json_array_foreach(areas, i, area) {
		c.areas++;
		c.goals += json_array_size(json_object_get(area, "goals"));
		json_t *focus;
		size_t f;
		json_array_foreach(json_object_get(area, "focuses"), f, focus) {
			c.focuses++;
			json_t *strategy;
			size_t s;
			json_array_foreach(json_object_get(focus, "strategies"), s, strategy) {
				c.strategies++;
				c.measures += json_array_size(json_object_get(strategy, "measures"));
			}
		}
	}
	json_decref(j);
	return c;
}

static void assert_next_year_counts(const char *database)
{
	char *text = export_in(database, NEXT);
	assert_non_null(text);
	struct counts c = count_json(text);
	assert_int_equal(c.areas, 4);
	assert_int_equal(c.goals, 9);
	assert_int_equal(c.focuses, 10);
	assert_int_equal(c.strategies, 14);
	assert_int_equal(c.measures, 16 - 2);
	assert_int_equal(c.budget, 0);
	json_t *j = json_loads(text, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
			    "Regionalplan for Sogn - handlingsplan 2024");
	assert_int_equal(json_integer_value(json_object_get(j, "year")), 2024);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "draft");
	assert_false(json_is_true(json_object_get(j, "published")));
	assert_string_equal(json_string_value(json_object_get(j, "owner")), "Sogn regionråd");
	assert_string_equal(json_string_value(json_object_get(j, "vision")),
			    "Saman gjer vi Sogn til ein attraktiv og livskraftig region.");
	assert_int_equal(json_array_size(json_object_get(j, "sections")), 2);
	json_decref(j);
	free(text);
}

/* Every new measure continues the old one with its text and links; the
 * two that ended are not continued. */
static void assert_continued(const char *database)
{
	struct db *d = open_db(database);
	int64_t next = query_int(d, "SELECT id FROM plan WHERE slug = :t", NEXT);
	int64_t old = query_int(d, "SELECT id FROM plan WHERE slug = :t", SLUG);
	assert_true(next > 0 && old > 0);
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare_once(d,
		"SELECT m.id, m.continued_from, m.text = o.text, o.plan_id,"
		" (SELECT COUNT(*) FROM measure_org WHERE measure_id = m.id),"
		" (SELECT COUNT(*) FROM measure_org WHERE measure_id = o.id),"
		" (SELECT COUNT(*) FROM budget_line WHERE measure_id = m.id)"
		" FROM measure m LEFT JOIN measure o ON o.id = m.continued_from"
		" JOIN plan p ON p.id = m.plan_id WHERE p.slug = :t ORDER BY m.id");
	stmt_bind_text(st, ":t", NEXT);
	int n = 0;
	bool seen[17] = {false};
	int64_t first = 0, first_from = 0;
	while (stmt_step(st, &e) == DB_ROW) {
		int64_t from = col_int(st, 1);
		if (from < 1 || from > 16 || from == DONE_MEASURE || from == CANCELLED_MEASURE)
			fail_msg("measure %lld continues %lld", (long long)col_int(st, 0),
				 (long long)from);
		assert_false(seen[from]);
		seen[from] = true;
		assert_int_equal(col_int(st, 2), 1);   /* the same text */
		assert_int_equal(col_int(st, 3), old); /* from last year's plan */
		assert_int_equal(col_int(st, 4), col_int(st, 5)); /* the same links */
		assert_int_equal(col_int(st, 6), 0);   /* no budget */
		if (!first) {
			first = col_int(st, 0);
			first_from = from;
		}
		n++;
	}
	stmt_finish(st);
	assert_int_equal(n, 14);
	assert_true(query_int(d, "SELECT COUNT(*) FROM measure_org mo JOIN measure m"
				 " ON m.id = mo.measure_id JOIN plan p ON p.id = m.plan_id"
				 " WHERE p.slug = :t", NEXT) > 0);
	/* Every new node has its history row. */
	assert_int_equal(query_int(d, "SELECT COUNT(*) FROM audit a JOIN plan p ON p.id = a.plan_id"
				      " WHERE p.slug = :t AND a.action = 'measure.create'", NEXT), 14);
	assert_int_equal(query_int(d, "SELECT COUNT(*) FROM audit a JOIN plan p ON p.id = a.plan_id"
				      " WHERE p.slug = :t AND a.action = 'strategy.create'", NEXT), 14);
	/* The line back through the years. */
	struct arena a = ARENA_INIT;
	measure_link_list line;
	assert_int_equal(measure_predecessors(d, &a, first, &line, &e), OK);
	assert_int_equal(line.count, 1);
	assert_int_equal(line.items[0].id, first_from);
	assert_string_equal(line.items[0].plan_slug, SLUG);
	assert_int_equal(line.items[0].year, 2023);
	assert_int_equal(measure_predecessors(d, &a, first_from, &line, &e), OK);
	assert_int_equal(line.count, 0);
	arena_release(&a);
	db_close(d);
}

/* --- tests --- */

static void test_rollover_through_the_pages(void **state)
{
	(void)state;
	struct who sogn;
	struct http h;
	test_sign_in(&site.srv, "sogn", &sogn);
	report(&sogn, DONE_MEASURE, "done");
	report(&sogn, CANCELLED_MEASURE, "cancelled");
	/* A copy as it stands now, for the command line later. */
	const char *backup[] = {"backup", copy, NULL};
	test_run_ok(site.db, NULL, backup);
	export_before = export_in(site.db, SLUG);
	assert_non_null(export_before);

	/* The confirmation page says what will happen, and has the button. */
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/rollover", &sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "Rull over til neste år"));
	assert_non_null(strstr(h.body, "action=\"/plan/" SLUG "/rollover\""));
	assert_non_null(strstr(h.body, NEXT));
	assert_non_null(strstr(h.body, "Ferdig"));
	assert_non_null(strstr(h.body, "Avlyst"));
	test_http_free(&h);

	test_post_form(&site.srv, &h, "/plan/" SLUG "/rollover", &sogn, "x=1");
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "href=\"/plan/" NEXT "\""));
	assert_non_null(strstr(h.body, "Regionalplan for Sogn - handlingsplan 2024"));
	/* The two left, each with its reason. */
	const char *left = strstr(h.body, "class=\"rollover-left\"");
	assert_non_null(left);
	assert_non_null(strstr(left, "state-done\">Ferdig"));
	assert_non_null(strstr(left, "state-cancelled\">Avlyst"));
	assert_non_null(strstr(left, "href=\"/measure/3\""));
	assert_non_null(strstr(left, "href=\"/measure/5\""));
	assert_non_null(strstr(h.body, "(2)"));
	assert_non_null(strstr(h.body, "(14)"));
	test_http_free(&h);

	assert_next_year_counts(site.db);
	assert_continued(site.db);
	/* Last year's plan is as it was. */
	char *after = export_in(site.db, SLUG);
	assert_string_equal(after, export_before);
	free(after);
	/* The new plan is a draft: the public does not see it, its editor does. */
	test_req(&site.srv, &h, "GET", "/plan/" NEXT, NULL, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" NEXT, &sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

static void test_rollover_again_is_refused(void **state)
{
	(void)state;
	struct who sogn;
	struct http h;
	int64_t before[3], after[3];
	test_sign_in(&site.srv, "sogn", &sogn);
	totals(site.db, before);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/rollover", &sogn, "x=1");
	assert_int_equal(h.status, 409);
	assert_non_null(strstr(h.body, NEXT));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/rollover", &sogn, NULL, NULL);
	assert_int_equal(h.status, 409);
	assert_null(strstr(h.body, "action=\"/plan/" SLUG "/rollover\""));
	test_http_free(&h);
	struct run r;
	test_run(&r, NULL, "rollover", SLUG, "--db", site.db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, NEXT));
	test_run_free(&r);
	totals(site.db, after);
	assert_memory_equal(before, after, sizeof before);
}

static void test_who_may_roll_over(void **state)
{
	(void)state;
	struct who nho, fjord;
	struct http h;
	int64_t before[3], after[3];
	totals(site.db, before);
	test_sign_in(&site.srv, "nho", &nho);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/rollover", &nho, NULL, NULL);
	assert_true(h.status == 403 || h.status == 404);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/rollover", &nho, "x=1");
	assert_true(h.status == 403 || h.status == 404);
	test_http_free(&h);
	/* A draft of another council: not even there. */
	test_sign_in(&site.srv, "fjord", &fjord);
	test_post_form(&site.srv, &h, "/plan/" NEXT "/rollover", &fjord, "x=1");
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/plan/" SLUG "/rollover", &fjord, "x=1");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	/* The public: sign in first; a POST without a session is refused. */
	test_req(&site.srv, &h, "GET", "/plan/" SLUG "/rollover", NULL, NULL, NULL);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/plan/" SLUG "/rollover", NULL, "x=1", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	totals(site.db, after);
	assert_memory_equal(before, after, sizeof before);
}

static void test_rollover_on_the_command_line(void **state)
{
	(void)state;
	int64_t before[3], after[3];
	struct run r;
	totals(copy, before);
	test_run(&r, NULL, "rollover", SLUG, "--db", copy, "--dry-run", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, NEXT));
	assert_non_null(strstr(r.out, "14 tiltak"));
	test_run_free(&r);
	totals(copy, after);
	assert_memory_equal(before, after, sizeof before);

	test_run(&r, NULL, "rollover", SLUG, "--db", copy, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, NEXT));
	assert_non_null(strstr(r.out, "4 innsatsområde, 9 delmål, 10 satsingsområde, 14 strategiar"));
	assert_non_null(strstr(r.out, "14 tiltak førte vidare, 2 ikkje"));
	assert_non_null(strstr(r.out, "3 (Ferdig)"));
	assert_non_null(strstr(r.out, "5 (Avlyst)"));
	test_run_free(&r);
	assert_next_year_counts(copy);
	assert_continued(copy);
	char *old = export_in(copy, SLUG);
	assert_string_equal(old, export_before);
	free(old);

	test_run(&r, NULL, "rollover", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--dry-run"));
	test_run_free(&r);
	test_run(&r, NULL, "rollover", "no-such-plan", "--db", copy, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
}

/* The value of the <option> whose text is name, into out. */
static void option_value(const char *body, const char *name, char *out, size_t size)
{
	char needle[256];
	snprintf(needle, sizeof needle, "\">%s</option>", name);
	const char *end = strstr(body, needle);
	out[0] = '\0';
	if (!end)
		return;
	const char *start = end;
	while (start > body && start[-1] != '"')
		start--;
	snprintf(out, size, "%.*s", (int)(end - start), start);
}

static void test_new_plan_form(void **state)
{
	(void)state;
	struct who sogn, nho;
	struct http h;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_req(&site.srv, &h, "GET", "/", &sogn, NULL, NULL);
	assert_non_null(strstr(h.body, "href=\"/plans/new\""));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plans/new", &sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	char sogn_id[24];
	option_value(h.body, "Sogn regionråd", sogn_id, sizeof sogn_id);
	assert_true(strlen(sogn_id) > 0);
	/* Only the councils whose plans the reader may edit are offered. */
	assert_null(strstr(h.body, "Fjordheim regionråd"));
	test_http_free(&h);

	/* A blank title: the same form, the field marked, the year kept. */
	char fields[512];
	snprintf(fields, sizeof fields, "owner=%s&kind=action&year=2027&title=+", sogn_id);
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"title\" name=\"title\" value=\" \" required"
				       " aria-invalid=\"true\" aria-describedby=\"title-error\""));
	assert_non_null(strstr(h.body, "id=\"title-error\""));
	assert_non_null(strstr(h.body, "name=\"year\" value=\"2027\""));
	test_http_free(&h);
	/* An action plan without a year. */
	snprintf(fields, sizeof fields, "owner=%s&kind=action&year=&title=Utan+%%C3%%A5r", sogn_id);
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"year\" name=\"year\" value=\"\" inputmode=\"numeric\""));
	assert_non_null(strstr(h.body, "aria-invalid=\"true\" aria-describedby=\"year-error year-hint\""));
	assert_non_null(strstr(h.body, "value=\"Utan år\""));
	test_http_free(&h);

	/* A council they may not edit: refused, nothing stored. */
	int64_t before[3], after[3];
	totals(site.db, before);
	struct db *d = open_db(site.db);
	int64_t fjordheim = query_int(d, "SELECT id FROM org WHERE name = :t", "Fjordheim regionråd");
	db_close(d);
	snprintf(fields, sizeof fields, "owner=%lld&kind=action&year=2027&title=Kapra+plan",
		 (long long)fjordheim);
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 403);
	assert_non_null(strstr(h.body, "aria-describedby=\"owner-error\""));
	test_http_free(&h);
	/* A reporter has no council to create plans for. */
	test_sign_in(&site.srv, "nho", &nho);
	test_req(&site.srv, &h, "GET", "/plans/new", &nho, NULL, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/", &nho, NULL, NULL);
	assert_null(strstr(h.body, "/plans/new"));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/", NULL, NULL, NULL);
	assert_null(strstr(h.body, "/plans/new"));
	test_http_free(&h);
	snprintf(fields, sizeof fields, "owner=%s&kind=action&year=2027&title=Kapra+plan", sogn_id);
	test_post_form(&site.srv, &h, "/plans/new", &nho, fields);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	totals(site.db, after);
	assert_memory_equal(before, after, sizeof before);

	/* It works: a draft, on to its structure page. */
	snprintf(fields, sizeof fields,
		 "owner=%s&kind=action&year=2027&title=Handlingsplan+for+Sogn+2027", sogn_id);
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 303);
	char *loc = test_http_header(&h, "Location");
	assert_string_equal(loc, "/plan/handlingsplan-for-sogn-2027/structure");
	free(loc);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/handlingsplan-for-sogn-2027/structure", &sogn, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/", &sogn, NULL, NULL);
	assert_non_null(strstr(h.body, "href=\"/plan/handlingsplan-for-sogn-2027\""));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/handlingsplan-for-sogn-2027", NULL, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	char *json = export_in(site.db, "handlingsplan-for-sogn-2027");
	assert_non_null(json);
	json_t *j = json_loads(json, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "draft");
	assert_int_equal(json_integer_value(json_object_get(j, "year")), 2027);
	assert_string_equal(json_string_value(json_object_get(j, "owner")), "Sogn regionråd");
	json_decref(j);
	free(json);
	/* The same title again gets a slug of its own. */
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 303);
	loc = test_http_header(&h, "Location");
	assert_string_equal(loc, "/plan/handlingsplan-for-sogn-2027-2/structure");
	free(loc);
	test_http_free(&h);

	/* A regional plan has no year to roll over. */
	snprintf(fields, sizeof fields, "owner=%s&kind=regional&year=&title=Regionalplan+for+Sogn",
		 sogn_id);
	test_post_form(&site.srv, &h, "/plans/new", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	totals(site.db, before);
	test_post_form(&site.srv, &h, "/plan/regionalplan-for-sogn/rollover", &sogn, "x=1");
	assert_int_equal(h.status, 400);
	test_http_free(&h);
	totals(site.db, after);
	assert_memory_equal(before, after, sizeof before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollover_through_the_pages),
		cmocka_unit_test(test_rollover_again_is_refused),
		cmocka_unit_test(test_who_may_roll_over),
		cmocka_unit_test(test_rollover_on_the_command_line),
		cmocka_unit_test(test_new_plan_form),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
