/*
 * CLI tests: `samspel` run as a user runs it, with its exit status, its
 * output and the database it leaves behind.
 */
#include "support.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

struct fixture {
	char *dir, *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->db = test_join(f->dir, "samspel.db");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	test_rmdir(f->dir);
	free(f->dir);
	free(f->db);
	free(f);
	return 0;
}

static void test_help_and_unknown(void **state)
{
	(void)state;
	struct run r;
	test_run(&r, NULL, "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "import"));
	assert_non_null(strstr(r.out, "serve"));
	test_run_free(&r);
	static const char *const commands[] = {"serve", "import", "export", "list", "publish",
					       "unpublish", "migrate", "backup", "user", "token", "org"};
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		test_run(&r, NULL, commands[i], "--help", NULL);
		if (r.status != 0 || !strstr(r.out, "--db"))
			fail_msg("%s --help: status %d, output %s", commands[i], r.status, r.out);
		test_run_free(&r);
	}
	test_run(&r, NULL, "frobnicate", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "frobnicate"));
	test_run_free(&r);
	test_run(&r, NULL, "list", "--no-such-option", NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	test_run(&r, NULL, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
}

static json_t *export_json(struct fixture *f, const char *slug)
{
	struct run r;
	test_run(&r, NULL, "export", slug, "--format", "json", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *doc = json_loads(r.out, 0, &je);
	if (!doc)
		fail_msg("export is not JSON: %s", je.text);
	test_run_free(&r);
	return doc;
}

static void test_import_list_export(void **state)
{
	struct fixture *f = *state;
	struct run r;
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, NULL);
	if (r.status != 0)
		fail_msg("import failed (%d): %s", r.status, r.err);
	assert_non_null(strstr(r.out, SLUG));
	assert_non_null(strstr(r.out, "3\xC2\xA0" "025\xC2\xA0" "000 kr"));
	assert_non_null(strstr(r.out, " 1. ")); /* the numbered notes */
	assert_non_null(strstr(r.out, "NHO"));  /* a new organisation */
	test_run_free(&r);

	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, SLUG "\tRegionalplan for Sogn - handlingsplan 2023\n");
	test_run_free(&r);

	json_t *doc = export_json(f, SLUG);
	assert_string_equal(json_string_value(json_object_get(doc, "title")),
			    "Regionalplan for Sogn - handlingsplan 2023");
	assert_int_equal(json_integer_value(json_object_get(doc, "year")), 2023);
	assert_int_equal(json_integer_value(json_object_get(doc, "budget_total")), 3025000);
	assert_string_equal(json_string_value(json_object_get(doc, "adopted_on")), "2023-02-10");
	assert_string_equal(json_string_value(json_object_get(doc, "adopted_by")), "Sogn regionråd");
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "adopted");
	json_t *areas = json_object_get(doc, "areas");
	assert_int_equal(json_array_size(areas), 4);
	static const json_int_t budgets[] = {100000, 2450000, 375000, 100000};
	size_t measures = 0;
	for (size_t i = 0; i < 4; i++) {
		json_t *a = json_array_get(areas, i);
		assert_int_equal(json_integer_value(json_object_get(a, "budget_total")), budgets[i]);
		assert_int_equal(json_integer_value(json_object_get(a, "position")), (json_int_t)i + 1);
		json_t *fo;
		size_t k;
		json_array_foreach(json_object_get(a, "focuses"), k, fo) {
			json_t *st;
			size_t j;
			json_array_foreach(json_object_get(fo, "strategies"), j, st)
				measures += json_array_size(json_object_get(st, "measures"));
		}
	}
	assert_int_equal(measures, 16);
	/* The first measure, field by field. */
	json_t *m = json_array_get(json_object_get(json_array_get(json_object_get(
		json_array_get(json_object_get(json_array_get(areas, 0), "focuses"), 0),
		"strategies"), 0), "measures"), 0);
	json_t *period = json_object_get(m, "period");
	assert_string_equal(json_string_value(json_object_get(period, "text")), "Jan-feb 2023");
	assert_string_equal(json_string_value(json_object_get(period, "start")), "2023-01");
	assert_string_equal(json_string_value(json_object_get(period, "end")), "2023-02");
	json_t *resp = json_array_get(json_object_get(m, "responsible"), 0);
	assert_string_equal(json_string_value(json_object_get(resp, "name")), "Sogn regionråd");
	assert_true(json_integer_value(json_object_get(resp, "org_id")) > 0);
	json_t *b = json_array_get(json_object_get(m, "budget"), 0);
	assert_int_equal(json_integer_value(json_object_get(b, "amount")), 100000);
	assert_string_equal(json_string_value(json_object_get(b, "text")), "0,1 mill");
	assert_int_equal(json_array_size(json_object_get(doc, "sections")), 2);
	json_decref(doc);

	/* --output writes the same bytes as standard output. */
	char *out_path = test_join(f->dir, "plan.json");
	test_run(&r, NULL, "export", SLUG, "--db", f->db, "--output", out_path, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "export", SLUG, "--db", f->db, NULL);
	char *file = test_read_file(out_path, NULL);
	assert_string_equal(file, r.out);
	free(file);
	free(out_path);
	test_run_free(&r);

	/* The same document again, under another name: refused, naming the
	 * plan it became; nothing stored. Over that plan (--replace): fine. */
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, "--slug", "ein-annan", NULL);
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(r.err, SLUG));
	assert_non_null(strstr(r.err, "--replace"));
	test_run_free(&r);
	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_string_equal(r.out, SLUG "\tRegionalplan for Sogn - handlingsplan 2023\n");
	test_run_free(&r);
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, "--replace", "--slug", SLUG, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
}

static void test_user_errors(void **state)
{
	struct fixture *f = *state;
	struct run r;
	/* No database yet: reading commands say how to make one. */
	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "migrate"));
	test_run_free(&r);
	assert_int_not_equal(access(f->db, F_OK), 0);

	test_run(&r, NULL, "import", "/no/such/file.txt", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "/no/such/file.txt"));
	test_run_free(&r);

	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, NULL);
	assert_int_equal(r.status, 1); /* the same slug again */
	assert_non_null(strstr(r.err, "--replace"));
	test_run_free(&r);
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, "--replace", NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);

	test_run(&r, NULL, "export", "no-such-plan", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no-such-plan"));
	assert_string_equal(r.out, "");
	test_run_free(&r);
	test_run(&r, NULL, "export", SLUG, "--format", "docx", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	test_run(&r, NULL, "import", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	test_run(&r, NULL, "import", test_seed(SEED), "--slug", "Not/A slug", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
}

static void test_bad_file_stores_nothing(void **state)
{
	struct fixture *f = *state;
	char *bad = test_join(f->dir, "bad.txt");
	FILE *fp = fopen(bad, "wb");
	fputs("## Plan 2023\n\n# 1. Eitt\n\nTekst med \xff\xfe feil\n", fp);
	fclose(fp);
	struct run r;
	test_run(&r, NULL, "import", bad, "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "UTF-8"));
	assert_non_null(strstr(r.err, "5")); /* the line */
	test_run_free(&r);
	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	test_run_free(&r);
	/* A control character (a bell in a measure) is refused with its line:
	 * the editor would refuse it later. */
	fp = fopen(bad, "wb");
	fputs("## Plan 2023\n\n# 1. Eitt\n\nTekst med \a feil\n", fp);
	fclose(fp);
	test_run(&r, NULL, "import", bad, "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "byte 7"));
	assert_non_null(strstr(r.err, " 5 "));
	test_run_free(&r);
	/* --dry-run reads and reports but stores nothing. */
	test_run(&r, NULL, "import", test_seed(SEED), "--dry-run", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "dry-run"));
	test_run_free(&r);
	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_string_equal(r.out, "");
	test_run_free(&r);
	free(bad);
}

static void test_internal_fault_is_status_2(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(f->db, "wb");
	for (int i = 0; i < 512; i++)
		fputs("this is not a database file ", fp);
	fclose(fp);
	struct run r;
	test_run(&r, NULL, "list", "--db", f->db, NULL);
	assert_int_equal(r.status, 2);
	assert_true(strlen(r.err) > 0);
	test_run_free(&r);
}

static void test_publish_backup_migrate(void **state)
{
	struct fixture *f = *state;
	struct run r;
	test_run(&r, NULL, "migrate", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "import", test_seed(SEED), "--draft", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	json_t *doc = export_json(f, SLUG);
	assert_false(json_boolean_value(json_object_get(doc, "published")));
	json_decref(doc);
	test_run(&r, NULL, "publish", SLUG, "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	doc = export_json(f, SLUG);
	assert_true(json_boolean_value(json_object_get(doc, "published")));
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), 2);
	json_decref(doc);
	test_run(&r, NULL, "unpublish", "nope", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);

	char *copy = test_join(f->dir, "copy.db");
	test_run(&r, NULL, "backup", copy, "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "list", "--db", copy, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, SLUG));
	test_run_free(&r);
	free(copy);
}

static void test_users_and_tokens(void **state)
{
	struct fixture *f = *state;
	struct run r;
	test_run(&r, NULL, "import", test_seed(SEED), "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);

	/* Too short: a clear message, nothing stored. */
	test_run(&r, "kort\n", "user", "add", "kari", "--name", "Kari", "--role", "admin",
		 "--password-stdin", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "12"));
	test_run_free(&r);
	/* Not from a terminal and no --password-stdin: refused, not hanging. */
	test_run(&r, "eit langt passord her\n", "user", "add", "kari", "--name", "Kari", "--role",
		 "admin", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "--password-stdin"));
	test_run_free(&r);
	test_run(&r, NULL, "user", "list", "--db", f->db, NULL);
	assert_string_equal(r.out, "");
	test_run_free(&r);

	/* Roles need the right organisation. */
	test_run(&r, "eit langt passord her\n", "user", "add", "kari", "--name", "Kari", "--role",
		 "editor", "--org", "NHO", "--password-stdin", "--db", f->db, NULL);
	assert_int_equal(r.status, 1); /* NHO is no council */
	test_run_free(&r);
	test_run(&r, "eit langt passord her\n", "user", "add", "kari", "--name", "Kari", "--role",
		 "editor", "--org", "Ukjend råd", "--password-stdin", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "Ukjend råd"));
	test_run_free(&r);
	test_run(&r, "eit langt passord her\n", "user", "add", "Kari", "--name", "Kari Nordmann",
		 "--role", "editor", "--org", "sogn regionråd", "--password-stdin", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, "eit langt passord her\n", "user", "add", "kari", "--name", "Kari to",
		 "--role", "admin", "--password-stdin", "--db", f->db, NULL);
	assert_int_equal(r.status, 1); /* exists already */
	test_run_free(&r);
	test_run(&r, NULL, "user", "grant", "kari", "--role", "reporter", "--org", "NHO", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "user", "list", "--db", f->db, NULL);
	assert_string_equal(r.out, "kari\tKari Nordmann\teditor@Sogn regionråd, reporter@NHO\n");
	test_run_free(&r);
	test_run(&r, NULL, "user", "disable", "kari", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "user", "list", "--db", f->db, NULL);
	assert_non_null(strstr(r.out, "\t("));
	test_run_free(&r);
	test_run(&r, NULL, "user", "disable", "nobody", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);

	/* A token: alone on the last line, never shown again. */
	test_run(&r, NULL, "token", "add", "kari", "--name", "rapportskript", "--db", f->db, NULL);
	assert_int_equal(r.status, 0);
	char *last = strrchr(r.out, '\n');
	*last = '\0';
	last = strrchr(r.out, '\n');
	char *token = strdup(last + 1);
	test_run_free(&r);
	assert_int_equal(strlen(token), 47);
	assert_int_equal(strncmp(token, "sst_", 4), 0);
	test_run(&r, NULL, "token", "list", "kari", "--db", f->db, NULL);
	assert_non_null(strstr(r.out, "rapportskript"));
	assert_null(strstr(r.out, token));
	test_run_free(&r);
	test_run(&r, NULL, "token", "add", "kari", "--db", f->db, NULL);
	assert_int_equal(r.status, 1); /* needs --name */
	test_run_free(&r);
	test_run(&r, NULL, "token", "revoke", "999", "--db", f->db, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	/* The password is in the database only as an argon2id hash. */
	char *raw = test_read_file(f->db, NULL);
	size_t len;
	char *wal_path = test_join(f->dir, "samspel.db-wal");
	char *wal = test_read_file(wal_path, &len);
	assert_null(strstr(raw, "eit langt passord"));
	assert_true(!wal || !memmem(wal, len, "eit langt passord", 17));
	assert_true(!wal || !memmem(wal, len, token, strlen(token)));
	free(raw);
	free(wal);
	free(wal_path);
	free(token);
}

/* The "--name" words of text, each once, into names (at most max). */
static size_t options_in(const char *text, char names[][40], size_t max)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, "--")); ) {
		p += 2;
		size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
		if (len < 2 || len >= 40) {
			p += len;
			continue;
		}
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen |= strlen(names[i]) == len && strncmp(names[i], p, len) == 0;
		if (!seen && n < max) {
			memcpy(names[n], p, len);
			names[n++][len] = '\0';
		}
		p += len;
	}
	return n;
}

static bool has_name(char names[][40], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* The help of `samspel serve`, in every language, names exactly the options
 * its parser accepts (read from its option table in cmd_serve.c), and
 * every option the README shows for it. */
static void test_serve_help_lists_every_option(void **state)
{
	(void)state;
	char *source = test_read_file(test_path("src/cli/cmd_serve.c"), NULL);
	assert_non_null(source);
	const char *table = strstr(source, "static const struct option opts[]");
	assert_non_null(table);
	char parser[64][40];
	size_t np = 0;
	for (const char *p = table; (p = strstr(p, "{\"")) && p < strstr(table, "{0, 0, 0, 0}"); p += 2) {
		size_t len = strcspn(p + 2, "\"");
		memcpy(parser[np], p + 2, len);
		parser[np++][len] = '\0';
	}
	assert_true(np > 10);
	char *readme = test_read_file(test_path("README.md"), NULL);
	const char *usage = strstr(readme, "samspel serve [");
	assert_non_null(usage);
	char *usage_block = strndup(usage, strcspn(usage, "#") < 2000 ? strcspn(usage, "#") : 2000);
	char *end = strstr(usage_block, "samspel migrate");
	if (end)
		*end = '\0';
	char documented[64][40];
	size_t nd = options_in(usage_block, documented, 64);
	static const char *const langs[] = {"nn", "nb", "en"};
	for (size_t l = 0; l < 3; l++) {
		setenv("SAMSPEL_LANG", langs[l], 1);
		struct run r;
		test_run(&r, NULL, "serve", "--help", NULL);
		assert_int_equal(r.status, 0);
		char help[64][40];
		size_t nh = options_in(r.out, help, 64);
		/* Nynorsk and Bokmål are translations, not the English text. */
		if (l < 2 && strncmp(r.out, "Bruk: samspel serve", 19) != 0)
			fail_msg("serve --help (%s) is not translated: %.40s", langs[l], r.out);
		for (size_t i = 0; i < np; i++)
			if (!has_name(help, nh, parser[i]))
				fail_msg("serve --help (%s) does not name --%s", langs[l], parser[i]);
		for (size_t i = 0; i < nh; i++)
			if (!has_name(parser, np, help[i]))
				fail_msg("serve --help (%s) names --%s, which the parser does not take",
					 langs[l], help[i]);
		for (size_t i = 0; i < nd; i++)
			if (!has_name(help, nh, documented[i]))
				fail_msg("the README names serve --%s; --help (%s) does not", documented[i],
					 langs[l]);
		test_run_free(&r);
	}
	setenv("SAMSPEL_LANG", "nn", 1);
	free(usage_block);
	free(readme);
	free(source);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_unknown),
		cmocka_unit_test(test_serve_help_lists_every_option),
		cmocka_unit_test_setup_teardown(test_import_list_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_file_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_internal_fault_is_status_2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_backup_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_and_tokens, setup, teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
