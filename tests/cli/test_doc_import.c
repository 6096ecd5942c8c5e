/*
 * Importing Word (DOCX) and OpenDocument (ODT) plans with `samspel import`,
 * as a secretariat does with the document it has (formats/doc_read.c).
 *
 *  - Seed 003 written as the HTML of a Word document and converted by
 *    LibreOffice headless (Debian's libreoffice-writer-nogui, installed by
 *    `scripts/bootstrap --exports`) to DOCX and to ODT: each imports to the
 *    figures of the text import (16 measures, 3 025 000 kr, per area 100 000
 *    / 2 450 000 / 375 000 / 100 000), and `samspel export --all` of the
 *    three databases is the same byte for byte: no word lost or added.
 *  - A DOCX and an ODT written by tests/support/make_documents.py the way
 *    Word and LibreOffice write them: numbered headings with Norwegian
 *    style names, cells merged down and across, a tracked change, a text
 *    box, a table of contents.
 *  - Spreadsheets of measures: samspel's own XLSX export, the same saved
 *    as ODS by LibreOffice, and the CSV export import back to the same
 *    tree, texts, periods, responsibility, organisations and budget lines
 *    as the plan they came from; a council's own sheet (its own column
 *    names, merged cells, a column samspel does not know, a totals row)
 *    reads to the right measures and sums.
 *  - Broken and hostile files (a zip bomb, names with "../", a DTD with
 *    entities, a 50 MB document, a file cut in half): a clear error, exit 1,
 *    nothing stored.
 */
#include "session.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define MAKE "tests/support/make_documents.py"

static char *dir;

static int setup_all(void **state)
{
	(void)state;
	dir = test_tmpdir();
	return 0;
}

static int teardown_all(void **state)
{
	(void)state;
	test_rmdir(dir);
	free(dir);
	return 0;
}

/* Runs make_documents.py with args (NULL-terminated after the first). */
static void make(const char *cmd, const char *a1, const char *a2, const char *a3)
{
	char line[4096];
	snprintf(line, sizeof line, "/usr/bin/python3 '%s' %s '%s' %s%s%s%s%s", test_path(MAKE), cmd,
		 a1, a2 ? "'" : "", a2 ? a2 : "", a2 ? "'" : "", a3 ? " " : "", a3 ? a3 : "");
	if (system(line) != 0)
		fail_msg("%s failed", line);
}

/* Converts file (dir/plan.EXT) to FORMAT (docx, odt, ods) with
 * LibreOffice, into dir. */
static char *convert(const char *html, const char *format)
{
	if (system("command -v soffice >/dev/null 2>&1") != 0)
		fail_msg("soffice is missing: LibreOffice makes the Word and OpenDocument files; run "
			 "scripts/bootstrap --exports (Debian package libreoffice-writer-nogui)");
	char *profile = test_join(dir, "lo-profile");
	char cmd[4096];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && HOME='%s' soffice -env:UserInstallation=file://%s --headless "
		 "--convert-to '%s' --outdir '%s' '%s' >'%s/soffice.log' 2>&1",
		 dir, profile, profile,
		 strcmp(format, "docx") == 0 ? "docx:MS Word 2007 XML" : format, dir, html, dir);
	int rc = system(cmd);
	char name[64];
	snprintf(name, sizeof name, "plan.%s", format);
	char *out = test_join(dir, name);
	struct stat st;
	if (rc != 0 || stat(out, &st) != 0) {
		char *log = test_read_file(test_join(dir, "soffice.log"), NULL);
		fail_msg("soffice --convert-to %s failed (%d): %s", format, rc, log ? log : "");
	}
	free(profile);
	return out;
}

static char *import_ok(const char *db, const char *file)
{
	struct run r;
	test_run(&r, NULL, "import", "--db", db, file, NULL);
	if (r.status != 0)
		fail_msg("import %s: %d %s", file, r.status, r.err);
	char *out = strdup(r.out);
	test_run_free(&r);
	return out;
}

static char *export_all(const char *db)
{
	struct run r;
	test_run(&r, NULL, "export", "--all", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	char *out = strdup(r.out);
	test_run_free(&r);
	return out;
}

static long long db_int(const char *path, const char *sql)
{
	return test_db_int(path, sql, 0);
}

static void assert_seed_figures(const char *db)
{
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure"), 16);
	assert_int_equal(db_int(db, "SELECT sum(amount) FROM budget_line"), 3025000);
	static const long long per_area[] = {100000, 2450000, 375000, 100000};
	for (int i = 0; i < 4; i++) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "SELECT coalesce(sum(b.amount), 0) FROM budget_line b JOIN measure m ON m.id = b.measure_id "
			 "JOIN strategy s ON s.id = m.strategy_id JOIN focus f ON f.id = s.focus_id "
			 "JOIN area a ON a.id = f.area_id WHERE a.number = '%d'", i + 1);
		assert_int_equal(db_int(db, sql), per_area[i]);
	}
}

static void test_seed_as_word_and_odt(void **state)
{
	(void)state;
	char *html = test_join(dir, "plan.html");
	make("html", test_seed(SEED), html, NULL);
	char *docx = convert(html, "docx");
	char *odt = convert(html, "odt");
	char *db_text = test_join(dir, "text.db"), *db_docx = test_join(dir, "docx.db"),
	     *db_odt = test_join(dir, "odt.db");
	free(import_ok(db_text, test_seed(SEED)));
	char *out = import_ok(db_docx, docx);
	/* Notes name places in the document, not lines of a text. */
	assert_non_null(strstr(out, "tabell 1, rad 2: "));
	free(out);
	free(import_ok(db_odt, odt));
	assert_seed_figures(db_text);
	assert_seed_figures(db_docx);
	assert_seed_figures(db_odt);
	char *a = export_all(db_text), *b = export_all(db_docx), *c = export_all(db_odt);
	assert_true(strlen(a) > 40000);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(a), free(b), free(c);

	/* The same document again is refused, naming the plan it became. */
	struct run r;
	test_run(&r, NULL, "import", "--db", db_docx, docx, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "regionalplan-for-sogn-handlingsplan-2023"));
	test_run_free(&r);
	assert_int_equal(db_int(db_docx, "SELECT count(*) FROM plan"), 1);
	free(html), free(docx), free(odt), free(db_text), free(db_docx), free(db_odt);
}

static void check_handmade(const char *file, const char *name)
{
	char *db = test_join(dir, name);
	char *out = import_ok(db, file);
	/* What the reader did is said. */
	assert_non_null(strstr(out, "spora endringar"));
	assert_non_null(strstr(out, "tekstboksar"));
	assert_non_null(strstr(out, "Innhaldslista er utelaten"));
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure"), 5);
	assert_int_equal(db_int(db, "SELECT sum(amount) FROM budget_line"), 185000);
	/* Numbered headings became numbered areas. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM area WHERE number = '1' AND title = 'Attraktiv region'"), 1);
	assert_int_equal(db_int(db, "SELECT count(*) FROM area WHERE number = '2' AND title = 'Kompetanse'"), 1);
	assert_int_equal(db_int(db, "SELECT count(*) FROM plan WHERE title = 'Handlingsplan for Testregionen 2024' "
				    "AND adopted_on = '2024-03-12'"), 1);
	/* Cells merged down carry the focus and strategy on: Profilering has
	 * two strategies, Strategi A two measures. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM focus"), 3);
	assert_int_equal(db_int(db, "SELECT count(*) FROM strategy s JOIN focus f ON f.id = s.focus_id "
				    "WHERE f.title = 'Profilering'"), 2);
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure m JOIN strategy s ON s.id = m.strategy_id "
				    "WHERE s.text = 'Strategi A'"), 2);
	/* The tracked change as accepted, the break inside the cell kept. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure WHERE text = 'Tiltak to' || char(10) || 'med ei ny line' "
				    "AND period_text = 'Jan-feb 2024'"), 1);
	/* A cell across two columns: the measure, and no period. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure WHERE text = 'Tiltak fire over to kolonnar' "
				    "AND period_text = ''"), 1);
	/* The text box is read once (not again from its fallback copy). */
	assert_int_equal(db_int(db, "SELECT count(*) FROM goal WHERE text = 'Tekstboks: alle kommunane skal vere med.'"), 1);
	char *all = export_all(db);
	assert_null(strstr(all, "gamle"));      /* deleted text */
	assert_null(strstr(all, "TOC"));        /* a field's instruction */
	assert_null(strstr(all, "Attraktiv region 2")); /* the table of contents */
	free(all);
	free(out);
	free(db);
}

static void test_handmade_docx(void **state)
{
	(void)state;
	char *docx = test_join(dir, "handmade.docx");
	make("handmade", docx, NULL, NULL);
	check_handmade(docx, "handmade-docx.db");
	free(docx);
}

static void test_handmade_odt(void **state)
{
	(void)state;
	char *odt = test_join(dir, "handmade.odt");
	make("handmade-odt", odt, NULL, NULL);
	check_handmade(odt, "handmade-odt.db");
	free(odt);
}

/* Everything a measure is, for one plan, one line per measure in order. */
static const char projection[] =
	"SELECT group_concat(x, char(10)) FROM (SELECT a.number || '|' || a.title || '|' || f.title || '|' || "
	"s.text || '|' || m.text || '|' || m.period_text || '|' || coalesce(m.period_start, '') || '|' || "
	"coalesce(m.period_end, '') || '|' || m.responsibility_text || '|' || "
	"coalesce((SELECT group_concat(coalesce(year, '') || ':' || coalesce(amount, '-') || ':' || text, ';') "
	"FROM (SELECT * FROM budget_line b WHERE b.measure_id = m.id ORDER BY position)), '') || '|' || "
	"coalesce((SELECT group_concat(role || ':' || o.name || ':' || mo.collective || ':' || mo.as_written || ':' || "
	"coalesce(mo.note, ''), ';') FROM (SELECT * FROM measure_org WHERE measure_id = m.id ORDER BY role, position) mo "
	"JOIN org o ON o.id = mo.org_id), '') AS x "
	"FROM measure m JOIN plan p ON p.id = m.plan_id AND p.slug = :text "
	"JOIN strategy s ON s.id = m.strategy_id JOIN focus f ON f.id = s.focus_id JOIN area a ON a.id = f.area_id "
	"ORDER BY a.position, f.position, s.position, m.position)";

static void test_exported_sheets_come_back(void **state)
{
	(void)state;
	char *db = test_join(dir, "sheets.db");
	free(import_ok(db, test_seed(SEED)));
	const char *slug = "regionalplan-for-sogn-handlingsplan-2023";
	char *xlsx = test_join(dir, "plan.xlsx"), *csv = test_join(dir, "plan.csv");
	struct run r;
	test_run(&r, NULL, "export", slug, "--db", db, "--format", "xlsx", "--output", xlsx, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	test_run(&r, NULL, "export", slug, "--db", db, "--format", "csv", "--output", csv, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	char *ods = convert(xlsx, "ods");
	static char want[65536], got[65536];
	test_db_text_by(db, projection, 0, slug, want, sizeof want);
	assert_true(strlen(want) > 5000);
	const struct {
		const char *file, *slug;
		bool owner; /* the XLSX names its council; the others need --owner */
	} back[] = {{xlsx, "fra-xlsx", false}, {ods, "fra-ods", true}, {csv, "fra-csv", true}};
	for (size_t i = 0; i < sizeof back / sizeof *back; i++) {
		const char *args[] = {"import", "--db", db, "--copy", "--slug", back[i].slug, back[i].file,
				      back[i].owner ? "--owner" : NULL, "Sogn regionråd", NULL};
		test_runv(&r, NULL, args);
		if (r.status != 0)
			fail_msg("import %s: %s", back[i].file, r.err);
		/* What is not read is said. */
		assert_non_null(strstr(r.out, "Siste rapport"));
		test_run_free(&r);
		test_db_text_by(db, projection, 0, back[i].slug, got, sizeof got);
		if (strcmp(want, got) != 0)
			fail_msg("%s does not come back the same:\n%s\n---\n%s", back[i].file, want, got);
		assert_int_equal(test_db_int_by(db, "SELECT sum(amount) FROM budget_line b JOIN measure m ON m.id = b.measure_id "
						    "JOIN plan p ON p.id = m.plan_id WHERE p.slug = :text", 0, back[i].slug),
				 3025000);
	}
	free(db), free(xlsx), free(csv), free(ods);
}

static void test_council_sheet(void **state)
{
	(void)state;
	char *xlsx = test_join(dir, "council.xlsx"), *db = test_join(dir, "council.db");
	make("council-sheet", xlsx, NULL, NULL);
	struct run r;
	test_run(&r, NULL, "import", "--db", db, "--owner", "Testregionrådet", xlsx, NULL);
	if (r.status != 0)
		fail_msg("import: %s", r.err);
	/* The totals row is named, not read as a measure. */
	assert_non_null(strstr(r.out, "ei rad med summar («Sum»)"));
	test_run_free(&r);
	assert_int_equal(db_int(db, "SELECT count(*) FROM plan WHERE title = 'Tiltaksliste for Testregionen 2024' AND year = 2024"), 1);
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure"), 3);
	assert_int_equal(db_int(db, "SELECT sum(amount) FROM budget_line WHERE year = 2024"), 175000);
	assert_int_equal(db_int(db, "SELECT count(*) FROM area"), 2);
	/* The merged focus cell goes on down; the lines of a cell stay. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure m JOIN strategy s ON s.id = m.strategy_id "
				    "JOIN focus f ON f.id = s.focus_id WHERE f.title = 'Profilering'"), 2);
	assert_int_equal(db_int(db, "SELECT count(*) FROM measure WHERE text = 'Ny nettside for regionen' || char(10) || "
				    "'med engelsk versjon' AND period_text = '2024'"), 1);
	/* The unknown column is kept, with its name and where it was. */
	assert_int_equal(db_int(db, "SELECT count(*) FROM section_entry WHERE text = 'Merknad: Sjå sak 12/24'"), 1);
	/* A sheet without a measure column is refused, storing nothing. */
	char *bad = test_join(dir, "bad.csv");
	FILE *f = fopen(bad, "w");
	fputs("Namn;Tal\nA;1\n", f);
	fclose(f);
	test_run(&r, NULL, "import", "--db", db, bad, NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	assert_int_equal(db_int(db, "SELECT count(*) FROM plan"), 1);
	free(xlsx), free(db), free(bad);
}

static void test_hostile_files(void **state)
{
	(void)state;
	char *good = test_join(dir, "good.docx");
	make("handmade", good, NULL, NULL);
	static const struct {
		const char *kind, *says;
	} cases[] = {
		{"bomb", "samspel les høgst 32 MB"},
		{"traversal", "«../../tmp/samspel-evil.txt», som peikar ut av dokumentet"},
		{"entities", "har ein DTD"},
		{"big", "samspel les høgst 32 MB"},
		{"cut", "kunne ikkje lesast (zip)"},
		{"ods-rows", "meir enn 20000 rader eller 256 ark"},
		/* Read (and found to be no plan) without looking up every
		 * style for every paragraph. */
		{"odt-styles", "innsatsområde"},
	};
	char *db = test_join(dir, "hostile.db");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s.docx", cases[i].kind);
		char *file = test_join(dir, name);
		make("hostile", cases[i].kind, file, good);
		struct run r;
		test_run(&r, NULL, "import", "--db", db, file, NULL);
		if (r.status != 1 || !strstr(r.err, cases[i].says))
			fail_msg("%s: status %d, %s", cases[i].kind, r.status, r.err);
		test_run_free(&r);
		assert_int_equal(db_int(db, "SELECT count(*) FROM plan"), 0);
		assert_int_equal(db_int(db, "SELECT count(*) FROM measure"), 0);
		unlink(file);
		free(file);
	}
	/* Nothing was written outside the database either. */
	assert_int_not_equal(access("/tmp/samspel-evil.txt", F_OK), 0);
	/* A zip that is no document at all. */
	char *zip = test_join(dir, "other.zip");
	make("hostile", "other", zip, NULL);
	struct run r;
	test_run(&r, NULL, "import", "--db", db, zip, NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, ".docx"));
	test_run_free(&r);
	free(zip), free(db), free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_handmade_docx),
		cmocka_unit_test(test_handmade_odt),
		cmocka_unit_test(test_seed_as_word_and_odt),
		cmocka_unit_test(test_exported_sheets_come_back),
		cmocka_unit_test(test_council_sheet),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
