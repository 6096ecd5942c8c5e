/*
 * Import tests: the plan text importer on seed 003 (a real action plan) and
 * on the demo plan, through the same functions `samspel import` calls, with
 * a real SQLite file. Figures are asserted exactly.
 */
#include "support.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "db/db.h"
#include "formats/import.h"
#include "formats/json.h"
#include "model/plan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	char *dir, *path;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->path = test_join(f->dir, "t.db");
	struct err e = ERR_INIT;
	if (db_open(f->path, DB_CREATE, &f->db, &e) != OK || db_migrate(f->db, NULL, &e) != OK) {
		print_error("%s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	test_rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Imports a file; returns the rc and fills *p and the report. */
static int import_file(struct db *db, struct arena *a, const char *path,
		       const struct import_options *opt, struct plan **p,
		       struct import_report *r, struct err *e)
{
	size_t len;
	char *text = test_read_file(path, &len);
	assert_non_null(text);
	int rc = import_plan(db, a, text, len, opt, p, r, e);
	free(text);
	return rc;
}

static const struct import_options defaults = {
	NULL, NULL, "seed.txt", "test", false, false, IMPORT_PUBLISH_AUTO, false, NULL,
};

static bool has_note(const struct import_report *r, const char *needle)
{
	for (size_t i = 0; i < r->notes.count; i++)
		if (strstr(r->notes.items[i].text, needle))
			return true;
	return false;
}

static void test_seed_003_figures(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	struct plan *stored;
	if (import_file(f->db, &a, test_seed("003_5bc64c91c12c2643.txt"), &defaults,
			&stored, &r, &e) != OK)
		fail_msg("import failed: %s", e.msg);

	/* Read it back from the database: the figures are what was stored. */
	struct plan *p;
	assert_int_equal(plan_load(f->db, &a, "regionalplan-for-sogn-handlingsplan-2023", &p, &e), OK);
	assert_string_equal(p->title, "Regionalplan for Sogn - handlingsplan 2023");
	assert_int_equal(p->year, 2023);
	assert_string_equal(p->kind, "action");
	assert_string_equal(p->values, "Driftig, raus og ekte.");
	assert_string_equal(p->vision, "Saman gjer vi Sogn til ein attraktiv og livskraftig region.");
	assert_string_equal(p->main_goal, "Vi skal vera ein pådrivar for å gjera Sogn attraktiv for innbyggjarar, næringsliv og besøkande");
	assert_int_equal(p->status, PLAN_ADOPTED);
	assert_string_equal(p->adopted_on, "2023-02-10");
	assert_string_equal(p->adopted_by, "Sogn regionråd");
	assert_string_equal(p->owner, "Sogn regionråd");
	assert_true(p->published);

	static const char *const titles[] = {"Attraktiv buregion", "Kompetanse",
					     "Næringsutvikling", "Samferdsle"};
	static const size_t goals[] = {3, 2, 2, 2}, focuses[] = {3, 2, 4, 1};
	static const int64_t budgets[] = {100000, 2450000, 375000, 100000};
	assert_int_equal(p->areas.count, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(p->areas.items[i].title, titles[i]);
		assert_int_equal(p->areas.items[i].goals.count, goals[i]);
		assert_int_equal(p->areas.items[i].focuses.count, focuses[i]);
		assert_int_equal(area_budget_total(&p->areas.items[i]), budgets[i]);
	}
	assert_string_equal(p->areas.items[2].goals.items[1].text,
			    "Regionen skal ha eit samhandlande og koordinert næringsapparat");
	assert_int_equal(plan_count_strategies(p), 14);
	assert_int_equal(plan_count_measures(p), 16);
	assert_int_equal(plan_budget_total(p), 3025000);

	/* The Reiseliv cell holds two measures: 275 000 kr and none. */
	const struct focus *reiseliv = &p->areas.items[2].focuses.items[2];
	assert_string_equal(reiseliv->title, "Reiseliv");
	const struct strategy *s = &reiseliv->strategies.items[0];
	assert_int_equal(s->measures.count, 2);
	assert_true(s->measures.items[0].budget.items[0].has_amount);
	assert_int_equal(s->measures.items[0].budget.items[0].amount, 275000);
	assert_false(s->measures.items[1].budget.items[0].has_amount);
	assert_string_equal(s->measures.items[1].budget.items[0].text, "-");
	/* ... and the second one carries the line broken over the page. */
	assert_non_null(strstr(s->measures.items[1].text,
			       "møteplassar for dialog og forankring av masterplan og berekraftig destinasjon"));
	assert_string_equal(reiseliv->strategies.items[1].text, "Pådrivar for betre samferdsle.");

	/* Responsibility: SR is Sogn regionråd (a reported guess). */
	const struct measure *m0 = &p->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0];
	assert_string_equal(m0->period_text, "Jan-feb 2023");
	assert_string_equal(m0->period.start, "2023-01");
	assert_string_equal(m0->period.end, "2023-02");
	assert_string_equal(m0->responsibility_text, "Ansvar: SR Deltaking: Kommunane (HR-nettverket)");
	assert_int_equal(m0->responsible.count, 1);
	assert_string_equal(m0->responsible.items[0].name, "Sogn regionråd");
	assert_string_equal(m0->responsible.items[0].as_written, "SR");
	assert_int_equal(m0->participants.count, 1);
	assert_true(m0->participants.items[0].collective);
	assert_string_equal(m0->participants.items[0].note, "HR-nettverket");
	assert_int_equal(m0->budget.items[0].year, 2022); /* as the column says */
	assert_true(has_note(&r, "SR"));
	assert_true(has_note(&r, "Visit Sognefjord"));

	/* Sections: working forms and roles. */
	assert_int_equal(p->sections.count, 2);
	assert_string_equal(p->sections.items[0].title, "Arbeidsformer for Sogn regionråd");
	assert_int_equal(p->sections.items[0].entries.count, 11);
	assert_string_equal(p->sections.items[0].entries.items[0].title, "Sognatinget");
	assert_string_equal(p->sections.items[1].title, "Samarbeidsformer og roller");
	assert_int_equal(p->sections.items[1].entries.count, 4);
	assert_non_null(strstr(p->sections.items[1].entries.items[1].text,
			       "\xE2\x80\xA2 Sekretariat for Sogn regionråd\n"));

	/* New organisations: listed, and created once each. */
	bool nho = false;
	for (size_t i = 0; i < r.new_orgs.count; i++)
		nho |= strcmp(r.new_orgs.items[i], "NHO") == 0;
	assert_true(nho);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org", 0), (int64_t)r.new_orgs.count);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE name = 'Sogn regionråd' AND kind = 'council'", 0), 1);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE action = 'plan.import'", 0), 1);
	arena_release(&a);
}

/* Adds every word of s (letters and digits) to a counted list. */
struct word_count {
	char *word;
	int n;
};

struct words {
	struct word_count *items;
	size_t count, cap;
};

static void add_words(struct words *w, const char *s, int delta)
{
	size_t i = 0, n = strlen(s);
	while (i < n) {
		size_t start = i;
		while (i < n) {
			uint32_t cp;
			size_t len = utf8_decode(s + i, n - i, &cp);
			bool word = len && ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
					    (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F));
			if (!word)
				break;
			i += len;
		}
		if (i == start) {
			i++;
			continue;
		}
		size_t k;
		for (k = 0; k < w->count; k++)
			if (strlen(w->items[k].word) == i - start &&
			    memcmp(w->items[k].word, s + start, i - start) == 0)
				break;
		if (k == w->count) {
			if (w->count == w->cap) {
				w->cap = w->cap ? w->cap * 2 : 256;
				w->items = realloc(w->items, w->cap * sizeof *w->items);
			}
			w->items[w->count].word = strndup(s + start, i - start);
			w->items[w->count].n = 0;
			w->count++;
		}
		w->items[k].n += delta;
	}
}

static void add_json_strings(struct words *w, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	switch (json_typeof(j)) {
	case JSON_STRING: add_words(w, json_string_value(j), 1); break;
	case JSON_OBJECT: json_object_foreach(j, key, v) add_json_strings(w, v); break;
	case JSON_ARRAY: json_array_foreach(j, i, v) add_json_strings(w, v); break;
	default: break;
	}
}

/* Strips <tags> and the entity-free markup of a Word export. */
static void strip_tags(char *s)
{
	char *out = s;
	for (char *p = s; *p; p++) {
		if (*p == '<') {
			char *close = strchr(p, '>');
			if (close) {
				*out++ = ' ';
				p = close;
				continue;
			}
		}
		*out++ = *p;
	}
	*out = '\0';
}

static void check_no_word_lost(struct fixture *f, const char *path, const char *slug)
{
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *p;
	assert_int_equal(plan_load(f->db, &a, slug, &p, &e), OK);
	struct buf out = BUF_INIT;
	assert_int_equal(json_export_plan(p, NULL, &out, &e), OK);
	json_error_t je;
	json_t *doc = json_loads(out.data, 0, &je);
	assert_non_null(doc);
	struct words w = {0};
	add_json_strings(&w, doc);

	char *text = test_read_file(path, NULL);
	size_t rows = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strchr(line, '\t'))
			continue;
		rows++;
		strip_tags(line);
		add_words(&w, line, -1);
	}
	assert_true(rows > 20);
	for (size_t i = 0; i < w.count; i++) {
		if (w.items[i].n < 0)
			fail_msg("the word \"%s\" of a table row is missing %d time(s) from the JSON export",
				 w.items[i].word, -w.items[i].n);
		free(w.items[i].word);
	}
	free(w.items);
	free(text);
	json_decref(doc);
	buf_release(&out);
	arena_release(&a);
}

static void test_seed_003_no_word_lost(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	struct plan *p;
	const char *path = test_seed("003_5bc64c91c12c2643.txt");
	assert_int_equal(import_file(f->db, &a, path, &defaults, &p, &r, &e), OK);
	check_no_word_lost(f, path, p->slug);
	arena_release(&a);
}

static void test_demo_figures(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	struct plan *stored, *p;
	const char *path = test_path("data/demo/handlingsplan-2025.txt");
	if (import_file(f->db, &a, path, &defaults, &stored, &r, &e) != OK)
		fail_msg("import failed: %s", e.msg);
	assert_int_equal(plan_load(f->db, &a, stored->slug, &p, &e), OK);
	assert_string_equal(p->title, "Regionalplan for Fjordheim - handlingsplan 2025");
	assert_int_equal(p->year, 2025);
	assert_string_equal(p->adopted_on, "2024-12-12");
	assert_string_equal(p->adopted_by, "Fjordheim regionråd");
	static const size_t goals[] = {3, 2, 3, 2}, focuses[] = {3, 3, 3, 3};
	static const int64_t budgets[] = {1725000, 1050000, 400000, 260000};
	assert_int_equal(p->areas.count, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(p->areas.items[i].goals.count, goals[i]);
		assert_int_equal(p->areas.items[i].focuses.count, focuses[i]);
		assert_int_equal(area_budget_total(&p->areas.items[i]), budgets[i]);
	}
	assert_int_equal(plan_count_strategies(p), 16);
	assert_int_equal(plan_count_measures(p), 19);
	assert_int_equal(plan_budget_total(p), 3435000);
	assert_true(has_note(&r, "Visit Fjordheim"));
	check_no_word_lost(f, path, p->slug);
	arena_release(&a);
}

static void expect_refused(struct fixture *f, const char *text, const char *needle)
{
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	struct plan *p;
	int64_t before = test_query_int(f->db, "SELECT COUNT(*) FROM plan", 0);
	assert_int_equal(import_plan(f->db, &a, text, strlen(text), &defaults, &p, &r, &e), ERR);
	assert_int_equal(e.kind, ERR_INPUT);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" does not mention \"%s\"", e.msg, needle);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM plan", 0), before);
	arena_release(&a);
}

static void test_bad_files(void **state)
{
	struct fixture *f = *state;
	expect_refused(f, "", "");
	expect_refused(f, "## Ein plan\n\nBerre tekst.\n", "# 1.");
	expect_refused(f, "## Plan 2023\n\n# 1. Område\nbad \xC3\x28 byte\n", "4");
}

static void test_twice_conflicts_and_replace_keeps_id(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *p1, *p2, *p3;
	struct import_report r1 = {0}, r2 = {0}, r3 = {0};
	const char *path = test_seed("003_5bc64c91c12c2643.txt");
	assert_int_equal(import_file(f->db, &a, path, &defaults, &p1, &r1, &e), OK);
	int64_t orgs = test_query_int(f->db, "SELECT COUNT(*) FROM org", 0);
	int64_t measures = test_query_int(f->db, "SELECT COUNT(*) FROM measure", 0);
	assert_int_equal(import_file(f->db, &a, path, &defaults, &p2, &r2, &e), ERR);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "regionalplan-for-sogn-handlingsplan-2023"));

	struct import_options replace = defaults;
	replace.replace = true;
	assert_int_equal(import_file(f->db, &a, path, &replace, &p3, &r3, &e), OK);
	assert_int_equal(p3->id, p1->id);
	/* The same text: the stored plan is changed in place, and nothing in
	 * it changed, so its version stays (model/merge.h). */
	assert_int_equal(p3->version, 1);
	assert_int_equal(p3->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0].id,
			 p1->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0].id);
	/* The second time everything is known: no new organisations, SR is
	 * still a guess (no alias was stored), "Kommunane" an alias. */
	assert_int_equal(r3.new_orgs.count, 0);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org", 0), orgs);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure", 0), measures);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM plan", 0), 1);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE action = 'plan.replace'", 0), 1);
	arena_release(&a);
}

static void test_failed_store_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	/* Make the 16th insert of a budget line fail halfway through. */
	assert_int_equal(db_exec(f->db,
		"CREATE TRIGGER fail_late BEFORE INSERT ON budget_line"
		" WHEN NEW.amount = 2400000 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END", &e), OK);
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct plan *p;
	assert_int_equal(import_file(f->db, &a, test_seed("003_5bc64c91c12c2643.txt"), &defaults,
				     &p, &r, &e), ERR);
	assert_non_null(strstr(e.msg, "disk on fire"));
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM plan", 0), 0);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure", 0), 0);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org", 0), 0);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit", 0), 0);
	arena_release(&a);
}

static void test_orgs_known_from_before(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *p;
	struct import_report r = {0};
	const char *text =
		"## Regionalplan for Testdal - handlingsplan 2024\n\n"
		"# 1. Eitt\n\n## Delmål\n\nEit mål.\n\n"
		"Satsingsområde\tStrategi (korleis)\tTiltak\tDato/tid\tAnsvar og deltaking\tBudsjett\n"
		"<b>Fokus</b>\tStrategi A.\tTiltak A.\t2024\tAnsvar: TR Deltaking: Kommunane, Rådet, Ukjent lag\t10 000\n"
		"\tStrategi B.\tTiltak B.\tsnart\tAnsvar: XYZ\tmykje\n\n"
		"*Vedteken i Testdal regionråd 1.2.2024*\n";
	assert_int_equal(import_plan(f->db, &a, text, strlen(text), &defaults, &p, &r, &e), OK);
	const struct measure *m = &p->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0];
	assert_string_equal(m->responsible.items[0].name, "Testdal regionråd");
	assert_string_equal(m->participants.items[0].name, "Testdal regionråd");
	assert_true(m->participants.items[0].collective);
	assert_string_equal(m->participants.items[1].name, "Testdal regionråd");
	assert_false(m->participants.items[1].collective);
	assert_string_equal(m->participants.items[2].name, "Ukjent lag");
	const struct measure *m2 = &p->areas.items[0].focuses.items[0].strategies.items[1].measures.items[0];
	assert_string_equal(m2->period_text, "snart");
	assert_string_equal(m2->period.start, "");
	assert_false(m2->budget.items[0].has_amount);
	assert_string_equal(m2->budget.items[0].text, "mykje");
	assert_string_equal(m2->responsible.items[0].name, "XYZ");
	assert_true(has_note(&r, "snart"));
	assert_true(has_note(&r, "mykje"));
	assert_int_equal(plan_budget_total(p), 10000);
	arena_release(&a);
}

/* 1 when sql (a COUNT) finds exactly one row. */
static void one(struct db *db, const char *sql)
{
	int64_t n = test_query_int(db, sql, 0);
	if (n != 1)
		fail_msg("%lld rows, expected one: %s", (long long)n, sql);
}

/* The phrases of real plans (issue 11, part 4) land in the rows as data. */
static void test_phrases_of_real_plans(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *p;
	struct import_report r = {0};
	assert_int_equal(import_file(f->db, &a, test_path("tests/data/plan-phrases.txt"), &defaults,
				     &p, &r, &e), OK);
	/* Amounts: every number counts, the words are kept as data. */
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = 'inntil 50 000'"
		   " AND amount = 50000 AND qualifier = 'upper' AND per_year = 0");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = 'ca. 20 000'"
		   " AND amount = 20000 AND qualifier = 'estimate' AND per_year = 0");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = '75 000 kr/år'"
		   " AND amount = 75000 AND qualifier IS NULL AND per_year = 1");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = 'Innanfor ramma'"
		   " AND amount IS NULL AND qualifier = 'frame'");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = 'Eigeninnsats'"
		   " AND amount IS NULL AND qualifier = 'own'");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = '75' || char(39)"
		   " AND amount = 75000 AND qualifier IS NULL");
	one(f->db, "SELECT COUNT(*) FROM budget_line WHERE text = 'Ikkje avklart'"
		   " AND amount IS NULL AND qualifier = 'unknown'");
	assert_int_equal(test_query_int(f->db, "SELECT SUM(amount) FROM budget_line", 0), 220000);
	assert_int_equal(plan_budget_total(p), 220000);
	struct budget_notes notes;
	budget_notes_of(&a, p, NULL, &notes);
	assert_int_equal(notes.uncounted, 3);
	assert_string_equal(notes.words, "Innanfor ramma, Eigeninnsats, Ikkje avklart");
	assert_true(notes.bounds && notes.estimates && notes.per_year);
	/* Periods: their kind, and only the ends they have. */
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak A.'"
		   " AND period_kind = 'ongoing' AND period_start IS NULL AND period_end IS NULL");
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak B.'"
		   " AND period_kind = 'deadline' AND period_start IS NULL AND period_end = '2024-06-01'");
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak C.'"
		   " AND period_kind = 'from' AND period_start = '2024-08' AND period_end IS NULL");
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak D.' AND period_kind IS NULL"
		   " AND period_start = '2024-03-18' AND period_end = '2024-03-24'");
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak E.' AND period_kind IS NULL"
		   " AND period_start = '2025-01' AND period_end = '2025-04'");
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak F.' AND period_kind IS NULL"
		   " AND period_start = '2024-04' AND period_end = '2024-06'");
	/* A quarter without a year is kept as written, with a note. */
	one(f->db, "SELECT COUNT(*) FROM measure WHERE text = 'Tiltak G.' AND period_text = '2. kvartal'"
		   " AND period_start IS NULL AND period_end IS NULL AND period_kind IS NULL");
	assert_true(has_note(&r, "2. kvartal"));
	/* Responsibility: the organisation, its contact as a note. */
	one(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN org o ON o.id = mo.org_id"
		   " JOIN measure m ON m.id = mo.measure_id WHERE m.text = 'Tiltak A.'"
		   " AND mo.role = 'responsible' AND o.name = 'Testdal regionråd'"
		   " AND mo.note = 'v/dagleg leiar'");
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE name LIKE '%v/%'", 0), 0);
	/* A cell of names without "Ansvar:" links them as responsible. */
	one(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN measure m ON m.id = mo.measure_id"
		   " WHERE m.text = 'Tiltak B.' AND mo.role = 'responsible' AND mo.collective = 1");
	one(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN org o ON o.id = mo.org_id"
		   " JOIN measure m ON m.id = mo.measure_id WHERE m.text = 'Tiltak B.'"
		   " AND mo.role = 'responsible' AND o.name = 'NHO'");
	assert_true(has_note(&r, "Kommunane, NHO")); /* says it read them so */
	/* A slash with spaces separates; a bracket is a note. */
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN measure m"
				       " ON m.id = mo.measure_id WHERE m.text = 'Tiltak C.'", 0), 2);
	one(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN measure m ON m.id = mo.measure_id"
		   " WHERE m.text = 'Tiltak D.' AND mo.note = 'kontaktperson: Kari Nord'"
		   " AND mo.collective = 1");
	/* A sentence without "Ansvar:" stays text only. */
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure_org mo JOIN measure m"
				       " ON m.id = mo.measure_id WHERE m.text = 'Tiltak G.'", 0), 0);
	assert_true(has_note(&r, "\"Ansvar og deltaking blir avklart"));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_003_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_003_no_word_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twice_conflicts_and_replace_keeps_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_store_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orgs_known_from_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phrases_of_real_plans, setup, teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
