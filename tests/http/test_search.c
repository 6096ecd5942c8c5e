/*
 * Search tests (model/search.c through GET /search and `samspel search`),
 * on seed 003 (published) and the demo plan (a draft of Fjordheim
 * regionråd): Norwegian words and their compounds, letters (æ ø å and the
 * Sámi letters stay letters; é = e), an organisation by its alias, drafts
 * only for those who may read them, stored markup escaped around <mark>,
 * query text with FTS operators taken as words, the index following
 * every write at once (an edit, a deletion, a plan removed), the ranking,
 * and migration 005 (prefix indexes) keeping every hit.
 */
#include "session.h"
#include "base/err.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"

static char *dir, *db;
static struct server srv;

static int setup(void **state)
{
	(void)state;
	dir = test_tmpdir();
	db = test_join(dir, "samspel.db");
	const char *seed[] = {"import", test_seed(SEED), NULL};
	test_run_ok(db, NULL, seed);
	const char *demo[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--draft", NULL};
	test_run_ok(db, NULL, demo);
	const char *alias[] = {"org", "alias", "Sogn regionråd", "SR", "--everywhere", NULL};
	test_run_ok(db, NULL, alias);
	test_add_user(db, "sogn", "editor", "Sogn regionråd");
	test_add_user(db, "fjord", "editor", "Fjordheim regionråd");
	return test_server_start(&srv, db, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_server_stop(&srv);
	test_rmdir(dir);
	free(dir);
	free(db);
	return 0;
}

/* --- helpers --- */

/* The first column of the first row of sql (with :id bound when id). */
static long long query_int(const char *sql, long long id)
{
	struct db *d;
	struct err e = ERR_INIT;
	if (db_open(db, 0, &d, &e) != OK)
		fail_msg("open: %s", e.msg);
	struct stmt *st = db_prepare_once(d, sql);
	if (id)
		stmt_bind_int(st, ":id", id);
	long long v = stmt_step(st, &e) == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	db_close(d);
	return v;
}

static void exec_sql(const char *sql)
{
	struct db *d;
	struct err e = ERR_INIT;
	if (db_open(db, 0, &d, &e) != OK || db_exec(d, sql, &e) != OK)
		fail_msg("sql: %s", e.msg);
	db_close(d);
}

/* GET /search?q=QUERY (QUERY given URL-encoded) as w; expects 200. */
static char *search_page(const char *query, const struct who *w)
{
	char path[512];
	snprintf(path, sizeof path, "/search?q=%s", query);
	long status;
	char *body = test_get(&srv, path, w, &status);
	if (status != 200)
		fail_msg("%s: %ld %s", path, status, body);
	return body;
}

static bool links(const char *body, const char *fmt, long long id)
{
	char needle[160];
	snprintf(needle, sizeof needle, fmt, id);
	return strstr(body, needle) != NULL;
}

static bool finds_measure(const char *body, long long id)
{
	return links(body, "href=\"/measure/%lld\"", id);
}

static long post(const char *path, const struct who *w, const char *fields)
{
	struct http h;
	test_post_form(&srv, &h, path, w, fields);
	long status = h.status;
	test_http_free(&h);
	return status;
}

/* Changes measure id's text through the edit form, as w. */
static void edit_text(const struct who *w, long long id, const char *text_encoded)
{
	char path[64], fields[1024];
	snprintf(path, sizeof path, "/measure/%lld/edit", id);
	snprintf(fields, sizeof fields, "version=%lld&text=%s",
		 query_int("SELECT version FROM measure WHERE id = :id", id), text_encoded);
	assert_int_equal(post(path, w, fields), 303);
}

/* --- tests --- */

static void test_compounds(void **state)
{
	(void)state;
	long long m = query_int("SELECT id FROM measure WHERE text LIKE '%sjukepleiarutdanning%'", 0);
	assert_true(m > 0);
	char *body = search_page("sjukepleiar", NULL);
	assert_true(finds_measure(body, m));
	assert_non_null(strstr(body, "<mark>sjukepleiarutdanning</mark>"));
	assert_non_null(strstr(body, "<h2 id=\"hits-1\"><a href=\"/plan/" SLUG "\">"));
	free(body);
	/* A compound in the middle of a text, and the word alone. */
	body = search_page("reiseliv", NULL);
	assert_non_null(strstr(body, "<mark>reiselivsutviklinga</mark>"));
	assert_non_null(strstr(body, "<mark>reiseliv</mark>"));
	free(body);
}

static void test_area_and_alias(void **state)
{
	(void)state;
	long long pos = query_int("SELECT ar.position FROM area ar JOIN plan p ON p.id = ar.plan_id"
				  " WHERE p.slug = '" SLUG "' AND ar.title = 'Kompetanse'", 0);
	assert_true(pos > 0);
	char *body = search_page("Kompetanse", NULL);
	assert_true(links(body, "href=\"/plan/" SLUG "#area-%lld\"><mark>Kompetanse</mark></a>", pos));
	free(body);
	/* The organisation by its alias (given in setup), in lower case too. */
	long long sr = query_int("SELECT id FROM org WHERE name = 'Sogn regionråd'", 0);
	body = search_page("sr", NULL);
	assert_true(links(body, "href=\"/org/%lld\"", sr));
	assert_non_null(strstr(body, "<mark>SR</mark>"));
	free(body);
}

static void test_norwegian_letters(void **state)
{
	(void)state;
	char *body = search_page("n%C3%A6ringsliv", NULL); /* næringsliv */
	assert_non_null(strstr(body, "<mark>Næringsliv</mark>"));
	free(body);
	body = search_page("forankring", NULL);
	long long m = query_int("SELECT id FROM measure WHERE text LIKE '%forankring%'", 0);
	assert_true(finds_measure(body, m));
	assert_non_null(strstr(body, "<mark>forankring</mark>"));
	free(body);
	/* "fjord" begins "Fjordheim": the draft demo plan, for its editor. */
	struct who fjord;
	test_sign_in(&srv, "fjord", &fjord);
	body = search_page("fjord", &fjord);
	assert_non_null(strstr(body, "<mark>Fjordheim</mark>"));
	assert_non_null(strstr(body, "href=\"/plan/" DEMO "\""));
	free(body);

	/* A measure text with letters from everywhere, written through the web. */
	struct who sogn;
	test_sign_in(&srv, "sogn", &sogn);
	long long t = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' ORDER BY m.id DESC LIMIT 1", 0);
	/* "Kafé Müller Björn Åsane Čáhcesuolu Tromsø" */
	edit_text(&sogn, t, "Kaf%C3%A9+M%C3%BCller+Bj%C3%B6rn+%C3%85sane+%C4%8C%C3%A1hcesuolu+Troms%C3%B8");
	static const struct {
		const char *query;
		bool found;
	} cases[] = {
		{"kafe", true},                   /* é = e */
		{"KAF%C3%89", true},              /* KAFÉ */
		{"muller", true},                 /* ü = u */
		{"bj%C3%B8rn", true},             /* bjørn: ö = ø */
		{"bjorn", false},                 /* ø is not o */
		{"%C3%A5sane", true},             /* åsane */
		{"%C3%85SANE", true},             /* ÅSANE */
		{"asane", false},                 /* å is not a */
		{"%C4%8D%C3%A1hcesuolu", true},   /* čáhcesuolu */
		{"cahcesuolu", false},            /* the Sámi letters are letters */
		{"troms%C3%B8", true},            /* tromsø */
		{"tromso", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		body = search_page(cases[i].query, NULL);
		if (finds_measure(body, t) != cases[i].found)
			fail_msg("%s: found %d, expected %d", cases[i].query, !cases[i].found,
				 cases[i].found);
		free(body);
	}
	body = search_page("bj%C3%B8rn", NULL);
	assert_non_null(strstr(body, "<mark>Björn</mark>"));
	free(body);
}

static void test_drafts(void **state)
{
	(void)state;
	long long m = query_int("SELECT id FROM measure WHERE text LIKE '%Bustadløftet%'", 0);
	assert_true(m > 0);
	struct who sogn, fjord;
	test_sign_in(&srv, "sogn", &sogn);
	test_sign_in(&srv, "fjord", &fjord);
	char *body = search_page("bustadl%C3%B8ftet", NULL);
	assert_false(finds_measure(body, m));
	assert_null(strstr(body, DEMO));
	free(body);
	body = search_page("bustadl%C3%B8ftet", &sogn);
	assert_false(finds_measure(body, m));
	free(body);
	body = search_page("bustadl%C3%B8ftet", &fjord);
	assert_true(finds_measure(body, m));
	assert_non_null(strstr(body, "<span class=\"badge draft\">"));
	free(body);
	/* The command line: the public by default, a user with --as. */
	struct run r;
	const char *pub[] = {"search", "bustadløftet", NULL};
	test_run_db(&r, db, NULL, pub);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	test_run_free(&r);
	const char *as[] = {"search", "bustadløftet", "--as", "fjord", NULL};
	test_run_db(&r, db, NULL, as);
	assert_int_equal(r.status, 0);
	char line[128];
	snprintf(line, sizeof line, DEMO "\tmeasure\t%lld\t", m);
	assert_non_null(strstr(r.out, line));
	assert_non_null(strstr(r.out, "«Bustadløftet»"));
	test_run_free(&r);
}

static void test_markup_escaped(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&srv, "sogn", &sogn);
	long long t = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' ORDER BY m.id LIMIT 1", 0);
	/* <script>alert(1)</script> Xssprøve <mark>x</mark> "&amp; <img src=x onerror=alert(2)> */
	edit_text(&sogn, t,
		  "%3Cscript%3Ealert(1)%3C%2Fscript%3E+Xsspr%C3%B8ve+%3Cmark%3Ex%3C%2Fmark%3E+"
		  "%22%26amp%3B+%3Cimg+src%3Dx+onerror%3Dalert(2)%3E");
	char *body = search_page("xsspr%C3%B8ve", NULL);
	assert_true(finds_measure(body, t));
	assert_null(strstr(body, "<script>alert"));
	assert_null(strstr(body, "<img"));
	assert_non_null(strstr(body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(body, "<mark>Xssprøve</mark>"));
	assert_non_null(strstr(body, "&lt;mark&gt;x&lt;/mark&gt;"));
	assert_non_null(strstr(body, "&quot;&amp;amp;"));
	free(body);
	/* The words of the markup are words too, and come back escaped. */
	body = search_page("script", NULL);
	assert_non_null(strstr(body, "&lt;<mark>script</mark>&gt;"));
	free(body);
}

static void test_operators_are_words(void **state)
{
	(void)state;
	long long m = query_int("SELECT id FROM measure WHERE text LIKE '%sjukepleiarutdanning%'", 0);
	/* Each finds the measure: the marks around the word mean nothing. */
	static const char *const finds[] = {
		"%22sjukepleiar",          /* "sjukepleiar */
		"sjukepleiar*",
		"%22sjukepleiar%22*",      /* "sjukepleiar"* */
		"-sjukepleiar",
		"sjukepleiar%3A",          /* sjukepleiar: */
		"(sjukepleiar",
		"sjukepleiar+%5E",         /* sjukepleiar ^ */
		"+sjukepleiar+",
		"desentralisert+sjukepleiar", /* two words: both must occur */
	};
	for (size_t i = 0; i < sizeof finds / sizeof *finds; i++) {
		char *body = search_page(finds[i], NULL);
		if (!finds_measure(body, m))
			fail_msg("%s did not find the measure", finds[i]);
		free(body);
	}
	/* Operators are plain words: OR does not widen, NOT does not exclude,
	 * a column filter is not one; none is an error. */
	static const char *const none[] = {
		"sjukepleiar+OR+xyzzyx",
		"NEAR(sjukepleiar+xyzzyx)",
		"body%3Asjukepleiar",
		"raw%3Asjukepleiar",
		"sjukepleiar+NOT+kommunane",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
		char *body = search_page(none[i], NULL);
		if (finds_measure(body, m))
			fail_msg("%s found the measure", none[i]);
		free(body);
	}
	/* Nothing to search: no hits, no error. */
	static const char *const empty[] = {"", "%22", "*", "%22%22%22", "NEAR(", "-", "%3A",
					    "%22*%22+-+%3A+(+)+%5E", "%E2%80%94", "%C2%A0"};
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		char *body = search_page(empty[i], NULL);
		assert_null(strstr(body, "<mark>"));
		free(body);
	}
	/* A one-letter word is a whole word, and OR is a word like others. */
	char *body = search_page("OR", NULL);
	assert_null(strstr(body, "Internal"));
	free(body);
	long status;
	body = test_get(&srv, "/search?q=x&page=0", NULL, &status);
	assert_int_equal(status, 400);
	free(body);
}

static void test_index_follows_writes(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&srv, "sogn", &sogn);
	long long t = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' AND m.id NOT IN (SELECT measure_id FROM report)"
				" AND m.text LIKE 'Avklare plan for vidareføring%'", 0);
	assert_true(t > 0);
	/* The public page is cached: ask first, then change, then ask again. */
	char *body = search_page("bl%C3%A5b%C3%A6rsatsing", NULL);
	assert_false(finds_measure(body, t));
	free(body);
	edit_text(&sogn, t, "Bl%C3%A5b%C3%A6rsatsinga+i+Sogn");
	body = search_page("bl%C3%A5b%C3%A6rsatsing", NULL);
	assert_true(finds_measure(body, t));
	assert_non_null(strstr(body, "<mark>Blåbærsatsinga</mark>"));
	free(body);
	/* The old words are gone from the index. */
	body = search_page("merkevare+ferdigutvikla", NULL);
	assert_false(finds_measure(body, t));
	free(body);
	/* A status report is found, and links to its measure. */
	struct http h;
	char path[64];
	snprintf(path, sizeof path, "/measure/%lld/report", t);
	test_post_form(&srv, &h, path, &sogn,
		       "reported_on=2026-01-15&state=on_track&text=Tyttebærlyngen+er+kartlagd");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	body = search_page("tytteb%C3%A6r", NULL);
	assert_true(finds_measure(body, t));
	assert_non_null(strstr(body, "<mark>Tyttebærlyngen</mark>"));
	free(body);
	/* Deleting the measure (and so its report) takes it out. */
	char fields[96];
	snprintf(path, sizeof path, "/measure/%lld/delete", t);
	snprintf(fields, sizeof fields, "version=%lld&confirm_reports=yes",
		 query_int("SELECT version FROM measure WHERE id = :id", t));
	assert_int_equal(post(path, &sogn, fields), 303);
	body = search_page("bl%C3%A5b%C3%A6rsatsing", NULL);
	assert_false(finds_measure(body, t));
	free(body);
	body = search_page("tytteb%C3%A6r", NULL);
	assert_false(finds_measure(body, t));
	free(body);
	assert_int_equal(query_int("SELECT COUNT(*) FROM search_index WHERE node_id = :id"
				   " AND kind = 7", t), 0);
}

static void test_cli_same_hits(void **state)
{
	(void)state;
	long long m = query_int("SELECT id FROM measure WHERE text LIKE '%sjukepleiarutdanning%'", 0);
	struct run r;
	const char *args[] = {"search", "Sjukepleiar", NULL};
	test_run_db(&r, db, NULL, args);
	assert_int_equal(r.status, 0);
	char line[128];
	snprintf(line, sizeof line, SLUG "\tmeasure\t%lld\t", m);
	assert_non_null(strstr(r.out, line));
	assert_non_null(strstr(r.out, "«sjukepleiarutdanning»"));
	/* One line per hit, as many as the page's links to hits. */
	char *body = search_page("Sjukepleiar", NULL);
	int lines = test_count(r.out, "\n");
	assert_int_equal(lines, test_count(body, "<li><span class=\"kind\">"));
	free(body);
	test_run_free(&r);
	const char *empty[] = {"search", "\"*", NULL};
	test_run_db(&r, db, NULL, empty);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	test_run_free(&r);
}

/* `samspel search QUERY` (never cached), its output; the caller frees. */
static char *cli_search(const char *query)
{
	struct run r;
	const char *args[] = {"search", query, "--limit", "100", NULL};
	test_run_db(&r, db, NULL, args);
	assert_int_equal(r.status, 0);
	char *out = strdup(r.out);
	test_run_free(&r);
	return out;
}

/* Ranking over the matches: the text with the word more often, and
 * shorter, first; for the whole word and for its beginning alike. */
static void test_ranking(void **state)
{
	(void)state;
	long long a = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' ORDER BY m.id LIMIT 1 OFFSET 3", 0);
	long long b = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' ORDER BY m.id LIMIT 1 OFFSET 4", 0);
	assert_true(a > 0 && b > 0 && a != b);
	/* b comes first in index order (the newer one); a should rank first. */
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE measure SET text = 'Rangprøve for eitt og anna, med"
		 " mykje meir tekst rundt rangprøven enn den andre har' WHERE id = %lld;"
		 "UPDATE measure SET text = 'Rangprøve, rangprøve og rangprøvinga' WHERE id = %lld",
		 b, a);
	exec_sql(sql);
	static const char *const queries[] = {"rangprøve", "rangpr"};
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		char *out = cli_search(queries[i]);
		char la[96], lb[96];
		snprintf(la, sizeof la, "\tmeasure\t%lld\t", a);
		snprintf(lb, sizeof lb, "\tmeasure\t%lld\t", b);
		const char *pa = strstr(out, la), *pb = strstr(out, lb);
		if (!pa || !pb || pa > pb)
			fail_msg("%s: %s", queries[i], out);
		free(out);
	}
}

/* Migration 005 (the index again, with prefix indexes of 2 to 6 letters)
 * on an index as 004 made it: the same hits before and after, every row
 * there, and the triggers of 004 keep it current. */
static void test_prefix_migration(void **state)
{
	(void)state;
	static const char has_prefixes[] =
		"SELECT instr(sql, 'prefix = ''2 3 4 5 6''') > 0 FROM sqlite_master"
		" WHERE name = 'search_index'";
	assert_true(query_int(has_prefixes, 0));
	static const char *const queries[] = {"sjukepleiar", "Kompetanse", "reiseliv",
					      "næringsliv", "sr", "kommun", "regi", "ko"};
	enum { NQ = sizeof queries / sizeof *queries };
	char *before[NQ];
	for (size_t i = 0; i < NQ; i++) {
		before[i] = cli_search(queries[i]);
		assert_true(strlen(before[i]) > 0);
	}
	/* The index as 004 left it. */
	exec_sql("BEGIN; DROP TABLE search_index;"
		 " CREATE VIRTUAL TABLE search_index USING fts5 ("
		 " body, raw UNINDEXED, kind UNINDEXED, node_id UNINDEXED, plan_id UNINDEXED,"
		 " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
		 " INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)"
		 " SELECT id, body, raw, kind, node_id, plan_id FROM search_row"
		 " WHERE raw <> '' ORDER BY id; COMMIT");
	assert_false(query_int(has_prefixes, 0));
	for (size_t i = 0; i < NQ; i++) {
		char *out = cli_search(queries[i]);
		assert_string_equal(out, before[i]);
		free(out);
	}
	/* 005 as `samspel migrate` runs it: in one transaction. */
	char *sql = test_read_file(test_path("src/db/migrations/005-search-prefix.sql"), NULL);
	assert_non_null(sql);
	size_t n = strlen(sql) + 32;
	char *tx = malloc(n);
	snprintf(tx, n, "BEGIN;\n%s\nCOMMIT;", sql);
	exec_sql(tx);
	free(tx);
	free(sql);
	assert_true(query_int(has_prefixes, 0));
	assert_int_equal(query_int("SELECT COUNT(*) FROM search_index", 0),
			 query_int("SELECT COUNT(*) FROM search_row WHERE raw <> ''", 0));
	for (size_t i = 0; i < NQ; i++) {
		char *out = cli_search(queries[i]);
		assert_string_equal(out, before[i]);
		free(out);
		free(before[i]);
	}
	/* A write after it reaches the new table. */
	long long m = query_int("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
				" WHERE p.slug = '" SLUG "' ORDER BY m.id LIMIT 1 OFFSET 5", 0);
	char upd[160];
	snprintf(upd, sizeof upd, "UPDATE measure SET text = 'Etter migreringa' WHERE id = %lld", m);
	exec_sql(upd);
	char *out = cli_search("migrer");
	char line[96];
	snprintf(line, sizeof line, "\tmeasure\t%lld\t", m);
	assert_non_null(strstr(out, line));
	assert_non_null(strstr(out, "«migreringa»"));
	free(out);
}

/* Last: removing a plan removes all its rows from the index. */
static void test_plan_removed(void **state)
{
	(void)state;
	long long plan = query_int("SELECT id FROM plan WHERE slug = '" DEMO "'", 0);
	assert_true(query_int("SELECT COUNT(*) FROM search_index WHERE plan_id = :id", plan) > 10);
	exec_sql("DELETE FROM plan WHERE slug = '" DEMO "'");
	assert_int_equal(query_int("SELECT COUNT(*) FROM search_index WHERE plan_id = :id", plan), 0);
	struct run r;
	const char *as[] = {"search", "bustadløftet", "--as", "fjord", NULL};
	test_run_db(&r, db, NULL, as);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	test_run_free(&r);
}

int main(void)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compounds),
		cmocka_unit_test(test_area_and_alias),
		cmocka_unit_test(test_norwegian_letters),
		cmocka_unit_test(test_drafts),
		cmocka_unit_test(test_markup_escaped),
		cmocka_unit_test(test_operators_are_words),
		cmocka_unit_test(test_index_follows_writes),
		cmocka_unit_test(test_cli_same_hits),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_prefix_migration),
		cmocka_unit_test(test_plan_removed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
