/*
 * cmd_records.c: `samspel load FILE.json`, `samspel export --records` and
 * `samspel demo`: moving groups, programmes, projects, meetings and
 * indicators in and out (formats/records.h), and filling a database with
 * the demo region.
 */
#include "cli/cli.h"
#include "formats/import.h"
#include "formats/jsonstat.h"
#include "formats/records.h"
#include "model/plan.h"
#include "model/record.h"
#include "base/fetch.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses text as JSON; a mistake names its line and column. */
static int parse_json(const char *path, const struct buf *text, json_t **out, struct err *e)
{
	json_error_t je;
	*out = json_loadb(text->data ? text->data : "", text->len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return err_set(e, ERR_INPUT, "file", _("%s is not valid JSON (line %d, column %d): %s"),
			       path, je.line, je.column, je.text);
	return OK;
}

/* Loads the JSON file at path in one transaction, printing what it made. */
static int load_file(struct db *db, const char *path, bool quiet, struct err *e)
{
	struct buf text = BUF_INIT;
	json_t *j = NULL;
	struct records_report report = {0};
	int rc = cli_read_file(path, &text, e);
	if (rc == OK)
		rc = parse_json(path, &text, &j, e);
	if (rc == OK && (rc = db_begin(db, e)) == OK) {
		rc = records_load_in_tx(db, j, cli_actor(), &report, e);
		rc = rc == OK ? db_commit(db, e) : (db_rollback(db), ERR);
	}
	for (size_t i = 0; rc == OK && !quiet && i < report.count; i++)
		printf("%s\n", report.lines[i]);
	records_report_free(&report);
	json_decref(j);
	buf_release(&text);
	return rc;
}

static const char load_usage[] =
	N_("Usage: samspel load FILE.json [--db FILE]\n"
	   "Reads groups, programmes, projects, meetings and indicators in the\n"
	   "API's JSON shapes (one object with a \"type\", a list of them, or what\n"
	   "`samspel export --records` or `--all` wrote), and plans as the JSON\n"
	   "export writes them, in one transaction, and prints what it created.\n"
	   "Organisations are found by name or created.\n");

int cmd_load(int argc, char **argv)
{
	const char *db_path;
	int rc = cli_db_only_options(argc, argv, "load", load_usage, 1, &db_path);
	if (rc >= 0)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(db_path, true, &db)))
		return rc;
	struct err e = ERR_INIT;
	rc = load_file(db, argv[optind], false, &e) == OK ? 0 : cli_fail(&e);
	db_close(db);
	return rc;
}

int cli_export_records(const char *db_path, const char *output, bool with_plans)
{
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc)
		return rc;
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	if (records_export_all(db, &a, with_plans, &out, &e) != OK) {
		rc = cli_fail(&e);
	} else {
		if (cli_write_output(output, &out, &e) != OK)
			rc = cli_fail(&e);
	}
	buf_release(&out);
	arena_release(&a);
	db_close(db);
	return rc;
}

/* --- the demo --- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, sorted (heap; the caller frees). */
static char **files_in(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *ent;
	while (d && (ent = readdir(d))) {
		size_t len = strlen(ent->d_name), sl = strlen(suffix);
		if (len <= sl || strcmp(ent->d_name + len - sl, suffix) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[(*n)++] = strdup(ent->d_name);
	}
	if (d)
		closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, by_name);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Imports every plan text of dir (published when its text says it is
 * adopted), then loads every JSON file, in name order. */
static int load_demo(struct db *db, const char *dir, struct err *e)
{
	size_t n;
	char **texts = files_in(dir, ".txt", &n);
	int rc = OK;
	for (size_t i = 0; rc == OK && i < n; i++) {
		struct buf text = BUF_INIT;
		struct arena a = ARENA_INIT;
		char *path = arena_printf(&a, "%s/%s", dir, texts[i]);
		struct import_options o = {.source_name = texts[i], .actor = cli_actor(),
					   .publish = IMPORT_PUBLISH_AUTO};
		struct import_report report = {0};
		struct plan *p;
		rc = cli_read_file(path, &text, e);
		if (rc == OK)
			rc = import_plan(db, &a, text.data, text.len, &o, &p, &report, e);
		if (rc == OK)
			printf(_("plan: %s (/plan/%s)\n"), p->title, p->slug);
		buf_release(&text);
		arena_release(&a);
	}
	free_names(texts, n);
	char **jsons = files_in(dir, ".json", &n);
	for (size_t i = 0; rc == OK && i < n; i++) {
		char *path;
		if (asprintf(&path, "%s/%s", dir, jsons[i]) < 0)
			abort();
		rc = load_file(db, path, false, e);
		free(path);
	}
	free_names(jsons, n);
	return rc;
}

static const char demo_usage[] =
	N_("Usage: samspel demo [--db FILE] [--from DIR]\n"
	   "Fills an empty database with the demo region: the plans (*.txt) and\n"
	   "the groups, programme, projects, meeting and indicators (*.json) of\n"
	   "DIR (default data/demo).\n");

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"from", required_argument, 0, 'f'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB, *dir = "data/demo";
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'f': dir = optarg; break;
		case 'h': fputs(_(demo_usage), stdout); return 0;
		default: return cli_usage_error("demo", _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage_error("demo", _("takes no arguments"));
	struct db *db;
	int rc = cli_open_db(db_path, true, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	plan_summary_list plans = {0};
	if (plan_list(db, &a, &plans, &e) != OK)
		rc = cli_fail(&e);
	else if (plans.count > 0)
		rc = cli_usage_error("demo", _("%s has plans already; the demo goes into an empty database"),
				     db_path);
	else if (load_demo(db, dir, &e) != OK)
		rc = cli_fail(&e);
	arena_release(&a);
	db_close(db);
	return rc;
}

/* --- indicator values from JSON-stat --- */

static const char indicator_usage[] =
	N_("Usage: samspel indicator load ID SOURCE [options]\n"
	   "Reads a JSON-stat 2.0 dataset (the format of Statistics Norway's API)\n"
	   "from SOURCE, a file or an http(s) address, into indicator ID: its\n"
	   "observed values, or with --projection those of a named projection.\n"
	   "A period already there gets the new value; others are left.\n"
	   "\n"
	   "  --db FILE          the database (default var/samspel.db)\n"
	   "  --series KEY       the series to take when the dataset has several\n"
	   "                     (the other dimensions' category ids: \"1420,Folkemengde\")\n"
	   "  --projection NAME  store as the projection called NAME\n"
	   "                     (\"SSB framskriving 2014, hovudalternativ\")\n");

/* The series to load: the one named, or the only one. */
static const struct jsonstat_series *pick_series(const struct jsonstat *d, const char *key,
						 struct err *e)
{
	if (key) {
		const struct jsonstat_series *s = jsonstat_find(d, key);
		if (!s)
			err_set(e, ERR_INPUT, "series", _("The dataset has no series \"%s\"."), key);
		return s;
	}
	if (d->nseries == 1)
		return &d->series[0];
	struct buf keys = BUF_INIT;
	for (size_t i = 0; i < d->nseries; i++)
		buf_addf(&keys, "%s\n  %s (%s)", i ? "" : "", d->series[i].key, d->series[i].label);
	err_set(e, ERR_INPUT, "series", _("The dataset has %zu series; choose one with --series:%s"),
		d->nseries, keys.data ? keys.data : "");
	buf_release(&keys);
	return NULL;
}

static int load_indicator(struct db *db, int64_t id, const char *source, const char *key,
			  const char *projection, struct err *e)
{
	struct buf text = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct jsonstat *d;
	int rc = fetch_is_url(source) ? fetch_url(source, &text, e) : cli_read_file(source, &text, e);
	if (rc == OK)
		rc = jsonstat_parse(&a, text.data ? text.data : "", text.len, &d, e);
	const struct jsonstat_series *s = rc == OK ? pick_series(d, key, e) : NULL;
	if (rc == OK && !s)
		rc = ERR;
	if (rc == OK) {
		const char **periods = arena_alloc(&a, (s->npoints + 1) * sizeof *periods);
		const char **values = arena_alloc(&a, (s->npoints + 1) * sizeof *values);
		size_t n = 0, missing = 0, added, changed;
		for (size_t i = 0; i < s->npoints; i++) {
			if (!s->points[i].has_value) {
				missing++;
				continue;
			}
			periods[n] = s->points[i].period;
			values[n++] = arena_printf(&a, "%.*f", s->decimals, s->points[i].value);
		}
		rc = record_put_values(db, id, projection, periods, values, n, cli_actor(), &added,
				       &changed, e);
		if (rc == OK)
			printf(_("%s: %zu values added, %zu changed, %zu left out (no value in the data)\n"),
			       s->label && *s->label ? s->label : source, added, changed, missing);
	}
	arena_release(&a);
	buf_release(&text);
	return rc;
}

int cmd_indicator(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"series", required_argument, 0, 's'},
		{"projection", required_argument, 0, 'p'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB, *key = NULL, *projection = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 's': key = optarg; break;
		case 'p': projection = optarg; break;
		case 'h': fputs(_(indicator_usage), stdout); return 0;
		default: return cli_usage_error("indicator", _("unknown option"));
		}
	}
	if (argc - optind != 3 || strcmp(argv[optind], "load") != 0)
		return cli_usage_error("indicator", _("write: samspel indicator load ID SOURCE"));
	char *end;
	long long id = strtoll(argv[optind + 1], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error("indicator", _("ID is the indicator's number"));
	if (projection && !*projection)
		return cli_usage_error("indicator", _("--projection needs a name"));
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	rc = load_indicator(db, id, argv[optind + 2], key, projection, &e) == OK ? 0 : cli_fail(&e);
	db_close(db);
	return rc;
}
