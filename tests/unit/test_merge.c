/*
 * Merge tests: `import --replace` changes the stored plan in place (model/
 * merge.h), so measures keep their ids and status reports. Seed 003 is
 * imported, a report written on one measure, and the text imported again:
 * the same (no changes at all), changed (exactly the changes, one history
 * row per changed field), without the reported measure (refused, nothing
 * stored) and through the command line with --dry-run (the list, nothing
 * stored).
 */
#include "support.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"
#include "formats/import.h"
#include "model/merge.h"
#include "model/plan.h"
#include "model/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

/* The measure that gets a report, its text changed in the new text. */
#define REPORTED "Identifisera kommunane sine behov og invitera til regionalt samarbeid for å fremje arbeidet med stadutvikling."
#define REPORTED_NEW "Identifisera kommunane sine behov og invitera til regionalt samarbeid for å styrkje arbeidet med stadutvikling."
#define ADDED "Nytt tiltak for stadutvikling i alle kommunane."
#define REMOVED "Koordinera arbeidet slik at tilbodet for desentralisert sjukepleiarutdanning"

struct fixture {
	char *dir, *path;
	struct db *db;
	char *seed; /* the text of seed 003 */
	size_t len;
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
	f->seed = test_read_file(test_seed(SEED), &f->len);
	if (!f->seed)
		return -1;
	i18n_set_lang(LANG_EN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->db)
		db_close(f->db);
	test_rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f->seed);
	free(f);
	return 0;
}

static int64_t measure_id(struct db *db, const char *text_start)
{
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare_once(db, "SELECT id FROM measure WHERE substr(text, 1, length(:t)) = :t");
	stmt_bind_text(st, ":t", text_start);
	int rc = stmt_step(st, &e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return id;
}

/* text with the first from replaced by to (malloc'd); from must be there. */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("not in the text: %s", from);
	size_t n = strlen(text), nf = strlen(from), nt = strlen(to);
	char *out = malloc(n - nf + nt + 1);
	memcpy(out, text, (size_t)(at - text));
	memcpy(out + (at - text), to, nt);
	memcpy(out + (at - text) + nt, at + nf, n - (size_t)(at - text) - nf + 1);
	return out;
}

/* text without the line that starts with start (malloc'd). */
static char *without_line(const char *text, const char *start)
{
	const char *at = strstr(text, start);
	if (!at)
		fail_msg("not in the text: %s", start);
	while (at > text && at[-1] != '\n')
		at--;
	const char *end = strchr(at, '\n');
	char *line = strndup(at, (size_t)(end - at + 1));
	char *out = replaced(text, line, "");
	free(line);
	return out;
}

/* The seed with a focus typo fixed, the reported measure's text changed,
 * a measure added and one (without reports) removed. */
static char *changed_text(const char *seed)
{
	char *a = replaced(seed, "<b>Stadutvikling</b>", "<b>Stadsutvikling</b>");
	char *b = replaced(a, REPORTED "\t2023\tAnsvar: SR Deltaking: Kommunane\t\n",
			   REPORTED_NEW "\t2023\tAnsvar: SR Deltaking: Kommunane\t\n"
			   "\t\t" ADDED "\t2023\tAnsvar: SR\t20 000\n");
	char *c = without_line(b, "\t\t" REMOVED);
	free(a);
	free(b);
	return c;
}

static const struct import_options replace_opts = {
	NULL, NULL, "seed.txt", "test", true, false, IMPORT_PUBLISH_AUTO, false, NULL,
};

static int import_text(struct fixture *f, struct arena *a, const char *text, bool delete_reported,
		       struct plan **p, struct merge_result *changes, struct err *e)
{
	struct import_report r = {0};
	return import_plan_merge(f->db, a, text, strlen(text), &replace_opts, delete_reported, p, &r,
				 changes, e);
}

/* Seed 003 stored, with a report on the measure REPORTED. */
static int64_t import_with_report(struct fixture *f, struct arena *a, struct plan **p)
{
	struct err e = ERR_INIT;
	struct merge_result none = {0};
	if (import_text(f, a, f->seed, false, p, &none, &e) != OK)
		fail_msg("import: %s", e.msg);
	assert_false(none.replaced);
	int64_t m = measure_id(f->db, REPORTED);
	assert_true(m > 0);
	struct report r = {0};
	r.reported_on = "2023-06-01";
	r.state = STATE_ON_TRACK;
	r.progress = 30;
	r.text = "I rute.";
	if (report_add(f->db, m, 0, &r, "test", &e) != OK)
		fail_msg("report: %s", e.msg);
	return m;
}

static void same_ids(const struct plan *x, const struct plan *y)
{
	assert_int_equal(x->id, y->id);
	assert_int_equal(x->areas.count, y->areas.count);
	for (size_t i = 0; i < x->areas.count; i++) {
		const struct area *a = &x->areas.items[i], *b = &y->areas.items[i];
		assert_int_equal(a->id, b->id);
		assert_int_equal(a->goals.count, b->goals.count);
		for (size_t g = 0; g < a->goals.count; g++)
			assert_int_equal(a->goals.items[g].id, b->goals.items[g].id);
		assert_int_equal(a->focuses.count, b->focuses.count);
		for (size_t k = 0; k < a->focuses.count; k++) {
			const struct focus *fa = &a->focuses.items[k], *fb = &b->focuses.items[k];
			assert_int_equal(fa->id, fb->id);
			assert_int_equal(fa->strategies.count, fb->strategies.count);
			for (size_t s = 0; s < fa->strategies.count; s++) {
				const struct strategy *sa = &fa->strategies.items[s];
				const struct strategy *sb = &fb->strategies.items[s];
				assert_int_equal(sa->id, sb->id);
				assert_int_equal(sa->measures.count, sb->measures.count);
				for (size_t m = 0; m < sa->measures.count; m++)
					assert_int_equal(sa->measures.items[m].id, sb->measures.items[m].id);
			}
		}
	}
	assert_int_equal(x->sections.count, y->sections.count);
	for (size_t i = 0; i < x->sections.count; i++)
		assert_int_equal(x->sections.items[i].id, y->sections.items[i].id);
}

static void test_same_text_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *again, *stored_before, *stored_after;
	int64_t reported = import_with_report(f, &a, &first);
	assert_int_equal(plan_load(f->db, &a, SLUG, &stored_before, &e), OK);
	int64_t budget_ids = test_query_int(f->db, "SELECT SUM(id) FROM budget_line", 0);
	int64_t links = test_query_int(f->db, "SELECT COUNT(*) FROM measure_org", 0);
	int64_t history = test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE field IS NOT NULL", 0);
	int64_t version = test_query_int(f->db, "SELECT data_version FROM plan", 0);

	struct merge_result changes = {0};
	if (import_text(f, &a, f->seed, false, &again, &changes, &e) != OK)
		fail_msg("replace: %s", e.msg);
	assert_true(changes.replaced);
	for (size_t i = 0; i < changes.changes.count; i++) {
		struct buf line = BUF_INIT;
		merge_change_format(&line, &changes.changes.items[i]);
		print_error("# unexpected change: %s\n", line.data);
		buf_release(&line);
	}
	assert_int_equal(changes.changes.count, 0);
	assert_int_equal(changes.added + changes.changed + changes.removed, 0);
	/* Every id the same, in the new tree and in the database. */
	same_ids(first, again);
	assert_int_equal(plan_load(f->db, &a, SLUG, &stored_after, &e), OK);
	same_ids(stored_before, stored_after);
	same_ids(first, stored_after);
	assert_int_equal(test_query_int(f->db, "SELECT SUM(id) FROM budget_line", 0), budget_ids);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure_org", 0), links);
	/* No history rows and no new data version: nothing changed. */
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE field IS NOT NULL", 0), history);
	assert_int_equal(test_query_int(f->db, "SELECT data_version FROM plan", 0), version);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE action = 'plan.replace'", 0), 1);
	/* The report is where it was. */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM report WHERE measure_id = %lld",
		 (long long)reported);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	arena_release(&a);
}

static void test_changed_text_keeps_identity(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *p;
	int64_t reported = import_with_report(f, &a, &first);
	int64_t removed = measure_id(f->db, REMOVED);
	int64_t focus = test_query_int(f->db, "SELECT id FROM focus WHERE title = 'Stadutvikling'", 0);
	int64_t measures = test_query_int(f->db, "SELECT COUNT(*) FROM measure", 0);
	int64_t other = measure_id(f->db, "Felles profilering av Sogn");
	assert_true(removed > 0 && focus > 0 && other > 0);

	char *text = changed_text(f->seed);
	struct merge_result changes = {0};
	if (import_text(f, &a, text, false, &p, &changes, &e) != OK)
		fail_msg("replace: %s", e.msg);
	free(text);

	/* Exactly: the focus, the reported measure, one added, one removed. */
	for (size_t i = 0; i < changes.changes.count; i++) {
		struct buf line = BUF_INIT;
		merge_change_format(&line, &changes.changes.items[i]);
		print_message("# %s\n", line.data);
		buf_release(&line);
	}
	assert_int_equal(changes.changes.count, 4);
	assert_int_equal(changes.changed, 2);
	assert_int_equal(changes.added, 1);
	assert_int_equal(changes.removed, 1);
	const struct merge_change *c = changes.changes.items;
	assert_int_equal(c[0].op, MERGE_CHANGED);
	assert_int_equal(c[0].kind, NODE_FOCUS);
	assert_int_equal(c[0].id, focus);
	assert_int_equal(c[0].nfields, 1);
	assert_string_equal(c[0].fields[0], "title");
	assert_string_equal(c[0].label, "Stadsutvikling");
	assert_int_equal(c[1].op, MERGE_CHANGED);
	assert_int_equal(c[1].kind, NODE_MEASURE);
	assert_int_equal(c[1].id, reported);
	assert_int_equal(c[1].nfields, 1);
	assert_string_equal(c[1].fields[0], "text");
	assert_int_equal(c[2].op, MERGE_ADDED);
	assert_int_equal(c[2].kind, NODE_MEASURE);
	assert_string_equal(c[2].label, ADDED);
	int64_t added = c[2].id;
	assert_true(added > 0);
	assert_int_equal(c[3].op, MERGE_REMOVED);
	assert_int_equal(c[3].kind, NODE_MEASURE);
	assert_int_equal(c[3].id, removed);

	/* The reported measure kept its id, its report and its links; the
	 * others kept theirs. */
	assert_int_equal(measure_id(f->db, REPORTED_NEW), reported);
	assert_int_equal(measure_id(f->db, REMOVED), 0);
	assert_int_equal(measure_id(f->db, "Felles profilering av Sogn"), other);
	assert_int_equal(measure_id(f->db, ADDED), added);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure", 0), measures);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM report WHERE measure_id = %lld",
		 (long long)reported);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM measure_org WHERE measure_id = %lld",
		 (long long)reported);
	assert_int_equal(test_query_int(f->db, sql, 0), 2); /* SR responsible, Kommunane taking part */
	snprintf(sql, sizeof sql, "SELECT SUM(amount) FROM budget_line WHERE measure_id = %lld",
		 (long long)added);
	assert_int_equal(test_query_int(f->db, sql, 0), 20000);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM focus WHERE title = 'Stadsutvikling'", 0), 1);

	/* The history: one row per changed field. */
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit WHERE action = 'focus.update' AND entity_id = %lld"
		 " AND field = 'title' AND old_value = 'Stadutvikling' AND new_value = 'Stadsutvikling'",
		 (long long)focus);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM audit WHERE action LIKE '%.update'", 0), 2);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit WHERE action = 'measure.update' AND entity_id = %lld"
		 " AND field = 'text' AND new_value = '" REPORTED_NEW "'",
		 (long long)reported);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit WHERE action = 'measure.create' AND entity_id = %lld"
		 " AND new_value = '" ADDED "'", (long long)added);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit WHERE action = 'measure.delete' AND entity_id = %lld"
		 " AND field = 'text'", (long long)removed);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	/* Positions follow the text: the new measure second in its strategy. */
	snprintf(sql, sizeof sql, "SELECT position FROM measure WHERE id = %lld", (long long)added);
	assert_int_equal(test_query_int(f->db, sql, 0), 2);

	/* The same text again: nothing more to do. */
	text = changed_text(f->seed);
	struct merge_result again = {0};
	assert_int_equal(import_text(f, &a, text, false, &p, &again, &e), OK);
	free(text);
	assert_int_equal(again.changes.count, 0);
	/* And back to the seed: the reverse. */
	struct merge_result back = {0};
	assert_int_equal(import_text(f, &a, f->seed, false, &p, &back, &e), OK);
	assert_int_equal(back.changed, 2);
	assert_int_equal(back.added, 1);
	assert_int_equal(back.removed, 1);
	assert_int_equal(measure_id(f->db, REPORTED), reported);
	arena_release(&a);
}

static void test_removing_reported_measure_is_refused(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *p;
	int64_t reported = import_with_report(f, &a, &first);
	static const char *const counts[] = {
		"SELECT COUNT(*) FROM measure", "SELECT COUNT(*) FROM report",
		"SELECT COUNT(*) FROM budget_line", "SELECT COUNT(*) FROM measure_org",
		"SELECT COUNT(*) FROM audit", "SELECT data_version FROM plan",
		"SELECT version FROM plan", "SELECT COUNT(*) FROM org",
	};
	int64_t before[8];
	for (size_t i = 0; i < 8; i++)
		before[i] = test_query_int(f->db, counts[i], 0);

	/* The reported measure left out, and something else changed too. */
	char *text1 = without_line(f->seed, "<b>Stadutvikling</b>");
	char *text = replaced(text1, "<b>Profilering og rekruttering</b>", "<b>Profilering</b>");
	free(text1);
	struct merge_result changes = {0};
	assert_int_equal(import_text(f, &a, text, false, &p, &changes, &e), ERR);
	assert_int_equal(e.kind, ERR_CONFLICT);
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)reported);
	assert_non_null(strstr(e.msg, id));
	assert_non_null(strstr(e.msg, "Identifisera kommunane"));
	assert_non_null(strstr(e.msg, "--delete-reported"));
	for (size_t i = 0; i < 8; i++)
		if (test_query_int(f->db, counts[i], 0) != before[i])
			fail_msg("%s: %lld, was %lld", counts[i], (long long)test_query_int(f->db, counts[i], 0),
				 (long long)before[i]);
	assert_int_equal(measure_id(f->db, REPORTED), reported);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM focus WHERE title = 'Profilering og rekruttering'", 0), 1);

	/* With delete_reported it goes, with its report. */
	struct merge_result forced = {0};
	if (import_text(f, &a, text, true, &p, &forced, &e) != OK)
		fail_msg("replace: %s", e.msg);
	free(text);
	assert_int_equal(measure_id(f->db, REPORTED), 0);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM report", 0), 0);
	assert_int_equal(forced.removed, 1); /* the focus, with its strategy and measure */
	assert_int_equal(forced.changed, 1); /* the other focus's title */
	arena_release(&a);
}

/* A reported measure whose text is replaced by another at the same place
 * is not that measure: the replace is refused rather than hand the report
 * to the new text (regression: the place alone used to match them). */
static void test_other_text_in_place_of_reported_is_refused(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *p;
	int64_t reported = import_with_report(f, &a, &first);
	char *text = replaced(f->seed, REPORTED, "Heilt anna tiltak: kulturfestival");
	struct merge_result changes = {0};
	assert_int_equal(import_text(f, &a, text, false, &p, &changes, &e), ERR);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_int_equal(measure_id(f->db, REPORTED), reported);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM report", 0), 1);
	free(text);
	arena_release(&a);
}

/* A working copy without "Vedteken i ..." re-imported: the plan keeps its
 * council, adoption and publication (regression: they were cleared, so the
 * published plan vanished from the public). */
static void test_unstated_adoption_is_kept(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *p;
	import_with_report(f, &a, &first);
	assert_true(first->published);
	assert_int_equal(first->status, PLAN_ADOPTED);
	assert_true(first->owner_id > 0);
	char *text = without_line(f->seed, "*Vedteken i Sogn");
	struct merge_result changes = {0};
	if (import_text(f, &a, text, false, &p, &changes, &e) != OK)
		fail_msg("re-import: %s", e.msg);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM plan WHERE published = 1"
				      " AND status = 'adopted' AND adopted_on = '2023-02-10'"
				      " AND owner_org_id IS NOT NULL AND adopted_by_org_id IS NOT NULL", 0), 1);
	for (size_t i = 0; i < changes.changes.count; i++)
		assert_int_not_equal(changes.changes.items[i].kind, NODE_PLAN);
	free(text);
	arena_release(&a);
}

/* Reordered and moved: ids stay, positions follow the text. */
static void test_reorder_and_move(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *first, *p;
	int64_t reported = import_with_report(f, &a, &first);
	/* The two goals of area 2 swapped, and the reported measure moved
	 * under the strategy of "Profilering og rekruttering". */
	const char *g1 = "Sogn skal ha eit attraktivt skule- og utdanningstilbod som styrkar samfunnsutviklinga og sikrar verksemdene sine behov.";
	const char *g2 = "Livsmeistring gjennom styrka tilpassa og inkluderande opplæring for alle";
	char both[512], swapped[512];
	snprintf(both, sizeof both, "%s\n\n%s\n", g1, g2);
	snprintf(swapped, sizeof swapped, "%s\n\n%s\n", g2, g1);
	char *t1 = replaced(f->seed, both, swapped);
	char *t2 = replaced(t1, REPORTED "\t2023\tAnsvar: SR Deltaking: Kommunane\t\n", "");
	char *t3 = replaced(t2, "<b>Stadutvikling</b>\tMedverka til kunnskapsutvikling og samarbeid om stadutvikling\t",
			    "<b>Stadutvikling</b>\tMedverka til kunnskapsutvikling og samarbeid om stadutvikling\t\t\t\t\n");
	char *t4 = replaced(t3, "<b>Stadutvikling</b>",
			    "\t\t" REPORTED "\t2023\tAnsvar: SR Deltaking: Kommunane\t\n<b>Stadutvikling</b>");
	free(t1);
	free(t2);
	free(t3);
	int64_t goal1 = test_query_int(f->db, "SELECT id FROM goal WHERE text LIKE 'Sogn skal ha eit attraktivt%'", 0);
	struct merge_result changes = {0};
	if (import_text(f, &a, t4, false, &p, &changes, &e) != OK)
		fail_msg("replace: %s", e.msg);
	free(t4);
	for (size_t i = 0; i < changes.changes.count; i++) {
		struct buf line = BUF_INIT;
		merge_change_format(&line, &changes.changes.items[i]);
		print_message("# %s\n", line.data);
		buf_release(&line);
	}
	assert_int_equal(measure_id(f->db, REPORTED), reported);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT position FROM goal WHERE id = %lld", (long long)goal1);
	assert_int_equal(test_query_int(f->db, sql, 0), 2);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM report WHERE measure_id = %lld",
		 (long long)reported);
	assert_int_equal(test_query_int(f->db, sql, 0), 1);
	assert_int_equal(changes.removed, 0);
	/* The database's tree is the text's. */
	struct plan *stored;
	assert_int_equal(plan_load(f->db, &a, SLUG, &stored, &e), OK);
	same_ids(p, stored);
	arena_release(&a);
}

/* The command line: --dry-run prints the changes and stores nothing. */
static void test_cli_dry_run(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	f->db = NULL;
	char *db = test_join(f->dir, "cli.db");
	struct run r;
	test_run(&r, NULL, "import", test_seed(SEED), "--db", db, NULL);
	if (r.status != 0)
		fail_msg("import: %s", r.err);
	test_run_free(&r);
	/* A report on the measure, through the model. */
	struct err e = ERR_INIT;
	struct db *h;
	assert_int_equal(db_open(db, 0, &h, &e), OK);
	int64_t reported = measure_id(h, REPORTED);
	struct report rep = {0};
	rep.reported_on = "2023-06-01";
	rep.state = STATE_AT_RISK;
	rep.progress = -1;
	rep.text = "Forseinka.";
	assert_int_equal(report_add(h, reported, 0, &rep, "test", &e), OK);
	int64_t audit = test_query_int(h, "SELECT COUNT(*) FROM audit", 0);
	db_close(h);

	test_run(&r, NULL, "export", SLUG, "--format", "json", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	char *json_before = strdup(r.out);
	test_run_free(&r);

	char *path = test_join(f->dir, SEED);
	char *text = changed_text(f->seed);
	FILE *fp = fopen(path, "wb");
	fputs(text, fp);
	fclose(fp);
	free(text);

	test_run(&r, NULL, "import", path, "--replace", "--dry-run", "--db", db, NULL);
	if (r.status != 0)
		fail_msg("dry run (%d): %s", r.status, r.err);
	char lines[64];
	snprintf(lines, sizeof lines, "endra tiltak %lld: tekst (", (long long)reported);
	assert_non_null(strstr(r.out, lines));
	assert_non_null(strstr(r.out, "endra satsingsområde "));
	assert_non_null(strstr(r.out, ": tittel (Stadsutvikling)"));
	assert_non_null(strstr(r.out, "la til tiltak: " ADDED));
	assert_non_null(strstr(r.out, "fjerna tiltak "));
	assert_non_null(strstr(r.out, "Endringar i den lagra planen: 2 endra, 1 lagde til, 1 fjerna"));
	char *dry = strdup(strstr(r.out, "Endringar i den lagra planen"));
	test_run_free(&r);

	test_run(&r, NULL, "export", SLUG, "--format", "json", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, json_before);
	test_run_free(&r);
	assert_int_equal(db_open(db, 0, &h, &e), OK);
	assert_int_equal(test_query_int(h, "SELECT COUNT(*) FROM audit", 0), audit);
	db_close(h);

	/* The real run prints the same list, and stores it. */
	test_run(&r, NULL, "import", path, "--replace", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Endringar i den lagra planen"));
	assert_string_equal(strstr(r.out, "Endringar i den lagra planen"), dry);
	test_run_free(&r);
	test_run(&r, NULL, "export", SLUG, "--format", "json", "--db", db, NULL);
	assert_non_null(strstr(r.out, ADDED));
	assert_null(strstr(r.out, REMOVED));
	test_run_free(&r);

	/* Leaving out the reported measure is refused, naming it. */
	text = without_line(f->seed, "<b>Stadutvikling</b>");
	fp = fopen(path, "wb");
	fputs(text, fp);
	fclose(fp);
	free(text);
	test_run(&r, NULL, "import", path, "--replace", "--db", db, NULL);
	assert_int_equal(r.status, 1);
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)reported);
	assert_non_null(strstr(r.err, id));
	assert_non_null(strstr(r.err, "--delete-reported"));
	test_run_free(&r);
	test_run(&r, NULL, "import", path, "--delete-reported", "--db", db, NULL);
	assert_int_equal(r.status, 1); /* only with --replace */
	test_run_free(&r);
	test_run(&r, NULL, "import", path, "--replace", "--delete-reported", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "fjerna satsingsområde "));
	test_run_free(&r);

	free(dry);
	free(json_before);
	free(path);
	free(db);
}

/* Words added to an amount and a period are a change of the same lines, in
 * place: "0,1 mill" to "inntil 0,1 mill" changes the qualifier only. */
static void test_changed_qualifier_is_a_change(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	struct plan *p;
	struct merge_result changes = {0};
	assert_int_equal(import_text(f, &a, f->seed, false, &p, &changes, &e), OK);
	int64_t measure = measure_id(f->db, "Felles profilering av Sogn");
	int64_t line = test_query_int(f->db, "SELECT id FROM budget_line WHERE measure_id = :id", measure);
	char *t1 = replaced(f->seed, "Jan-feb 2023\tAnsvar: SR Deltaking: Kommunane (HR-nettverket)\t0,1 mill",
			    "Løpande\tAnsvar: SR Deltaking: Kommunane (HR-nettverket)\tinntil 0,1 mill");
	struct merge_result again = {0};
	if (import_text(f, &a, t1, false, &p, &again, &e) != OK)
		fail_msg("replace: %s", e.msg);
	free(t1);
	assert_int_equal(test_query_int(f->db, "SELECT id FROM budget_line WHERE measure_id = :id", measure),
			 line);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM budget_line WHERE id = :id"
				       " AND qualifier = 'upper' AND amount = 100000", line), 1);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure WHERE id = :id"
				       " AND period_kind = 'ongoing' AND period_start IS NULL", measure), 1);
	bool budget_changed = false, measure_changed = false;
	for (size_t i = 0; i < again.changes.count; i++) {
		const struct merge_change *c = &again.changes.items[i];
		for (size_t k = 0; k < c->nfields; k++) {
			budget_changed |= c->kind == NODE_BUDGET && c->id == line &&
					  strcmp(c->fields[k], "qualifier") == 0;
			measure_changed |= c->kind == NODE_MEASURE && c->id == measure &&
					   strcmp(c->fields[k], "period") == 0;
		}
	}
	assert_true(budget_changed);
	assert_true(measure_changed);
	assert_int_equal(again.added, 0);
	assert_int_equal(again.removed, 0);
	/* The same text again changes nothing. */
	char *t2 = replaced(f->seed, "Jan-feb 2023\tAnsvar: SR Deltaking: Kommunane (HR-nettverket)\t0,1 mill",
			    "Løpande\tAnsvar: SR Deltaking: Kommunane (HR-nettverket)\tinntil 0,1 mill");
	struct merge_result none = {0};
	assert_int_equal(import_text(f, &a, t2, false, &p, &none, &e), OK);
	free(t2);
	assert_int_equal(none.changes.count, 0);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_text_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_text_keeps_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removing_reported_measure_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_text_in_place_of_reported_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unstated_adoption_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reorder_and_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_qualifier_is_a_change, setup, teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
