/*
 * Node tests: the one versioned writer (model/node.c) on seed 003 stored in
 * a real SQLite file: update with a history row per changed field, the
 * conflict path (a stale version changes nothing), create, move and delete
 * keeping positions whole, reports setting a measure's current state.
 */
#include "support.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "formats/import.h"
#include "model/audit.h"
#include "model/node.h"
#include "model/plan.h"
#include "model/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

struct fixture {
	char *dir, *path;
	struct db *db;
	struct arena a;
	struct plan *p;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	f->path = test_join(f->dir, "t.db");
	struct err e = ERR_INIT;
	if (db_open(f->path, DB_CREATE, &f->db, &e) != OK || db_migrate(f->db, NULL, &e) != OK)
		return -1;
	size_t len;
	char *text = test_read_file(test_seed("003_5bc64c91c12c2643.txt"), &len);
	struct import_options opt = {NULL, NULL, "seed.txt", "test", false, false,
				     IMPORT_PUBLISH_AUTO, false, NULL};
	struct import_report r = {0};
	struct plan *stored;
	int rc = import_plan(f->db, &f->a, text, len, &opt, &stored, &r, &e);
	free(text);
	if (rc != OK || plan_load(f->db, &f->a, SLUG, &f->p, &e) != OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->a);
	db_close(f->db);
	test_rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static int64_t audit_rows(struct db *db)
{
	return test_query_int(db, "SELECT COUNT(*) FROM audit", 0);
}

static int64_t data_version(struct fixture *f)
{
	return test_query_int(f->db, "SELECT data_version FROM plan WHERE id = :id", f->p->id);
}

static struct strategy *strategy_at(struct plan *p, size_t area, size_t focus, size_t s)
{
	return &p->areas.items[area].focuses.items[focus].strategies.items[s];
}

static void test_update_writes_history_per_field(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	int64_t m = f->p->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0].id;
	int64_t before = data_version(f), rows = audit_rows(f->db);
	struct patch p = {0};
	patch_set(&p, "text", "Ny tekst for tiltaket");
	patch_set(&p, "period", "Mars 2023");
	assert_int_equal(node_update(f->db, NODE_MEASURE, m, 1, &p, "kari", &e), OK);
	assert_int_equal(test_query_int(f->db, "SELECT version FROM measure WHERE id = :id", m), 2);
	assert_int_equal(data_version(f), before + 1);
	/* text, period and the parsed start and end: four fields changed. */
	audit_list h = {0};
	struct arena a = ARENA_INIT;
	assert_int_equal(audit_for_node(f->db, &a, "measure", m, 10, &h, &e), OK);
	assert_int_equal(audit_rows(f->db), rows + (int64_t)h.count);
	bool text_row = false;
	for (size_t i = 0; i < h.count; i++) {
		assert_string_equal(h.items[i].actor, "kari");
		assert_string_equal(h.items[i].action, "measure.update");
		if (strcmp(h.items[i].field, "text") == 0) {
			text_row = true;
			assert_non_null(h.items[i].old_value);
			assert_string_equal(h.items[i].new_value, "Ny tekst for tiltaket");
		}
	}
	assert_true(text_row);
	const char *start;
	assert_int_equal(node_get_field(f->db, &a, NODE_MEASURE, m, "period_start", &start, &e), OK);
	assert_string_equal(start, "2023-03");
	/* A field not named is not touched. */
	const char *resp;
	assert_int_equal(node_get_field(f->db, &a, NODE_MEASURE, m, "responsibility", &resp, &e), OK);
	assert_string_equal(resp, f->p->areas.items[0].focuses.items[0].strategies.items[0]
					  .measures.items[0].responsibility_text);
	arena_release(&a);
}

static void test_stale_version_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	int64_t g = f->p->areas.items[1].goals.items[0].id;
	struct patch p = {0};
	patch_set(&p, "text", "Fyrste");
	assert_int_equal(node_update(f->db, NODE_GOAL, g, 1, &p, "a", &e), OK);
	int64_t rows = audit_rows(f->db), dv = data_version(f);
	patch_set(&p, "text", "Andre, frå ein gammal versjon");
	assert_int_equal(node_update(f->db, NODE_GOAL, g, 1, &p, "b", &e), ERR);
	assert_int_equal(e.kind, ERR_CONFLICT);
	struct arena a = ARENA_INIT;
	const char *text;
	assert_int_equal(node_get_field(f->db, &a, NODE_GOAL, g, "text", &text, &e), OK);
	assert_string_equal(text, "Fyrste");
	assert_int_equal(audit_rows(f->db), rows);
	assert_int_equal(data_version(f), dv);
	arena_release(&a);
}

static void test_invalid_input_is_refused_with_field(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	int64_t m = strategy_at(f->p, 0, 0, 0)->measures.items[0].id;
	int64_t rows = audit_rows(f->db);
	struct patch p = {0};
	patch_set(&p, "text", "   ");
	assert_int_equal(node_update(f->db, NODE_MEASURE, m, 1, &p, "a", &e), ERR);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_string_equal(e.field, "text");
	struct patch q = {0};
	patch_set(&q, "period", "ein gong i framtida");
	assert_int_equal(node_update(f->db, NODE_MEASURE, m, 1, &q, "a", &e), ERR);
	assert_string_equal(e.field, "period");
	struct patch r = {0};
	patch_set(&r, "state", "done"); /* set from reports only */
	assert_int_equal(node_update(f->db, NODE_MEASURE, m, 1, &r, "a", &e), ERR);
	assert_string_equal(e.field, "state");
	assert_int_equal(audit_rows(f->db), rows);
	assert_int_equal(test_query_int(f->db, "SELECT version FROM measure WHERE id = :id", m), 1);
}

/* Positions of the measures of strategy s, in order, as "1 2 3". */
static void positions(struct db *db, int64_t s, char *out, size_t size)
{
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare(db,
		"SELECT position FROM measure WHERE strategy_id = :s ORDER BY position");
	stmt_bind_int(st, ":s", s);
	out[0] = '\0';
	while (stmt_step(st, &e) == DB_ROW)
		snprintf(out + strlen(out), size - strlen(out), "%s%lld", out[0] ? " " : "",
			 (long long)col_int(st, 0));
	stmt_finish(st);
}

static void test_create_move_delete_keep_positions(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	struct strategy *reiseliv = strategy_at(f->p, 2, 2, 0); /* two measures */
	int64_t first = reiseliv->measures.items[0].id;
	struct patch p = {0};
	patch_set(&p, "text", "Nytt tiltak fyrst");
	patch_set(&p, "plan_id", "0"); /* internal: refused from a person */
	int64_t id = 0;
	assert_int_equal(node_create(f->db, NODE_MEASURE, reiseliv->id, 1, &p, "a", &id, &e), ERR);
	struct patch ok = {0};
	char plan[24];
	snprintf(plan, sizeof plan, "%lld", (long long)f->p->id);
	patch_set(&ok, "text", "Nytt tiltak fyrst");
	patch_set(&ok, "plan_id", plan);
	assert_int_equal(db_begin(f->db, &e), OK);
	assert_int_equal(node_create_in_tx(f->db, NODE_MEASURE, reiseliv->id, 1, &ok, "a", &id, &e), OK);
	assert_int_equal(db_commit(f->db, &e), OK);
	char pos[64];
	positions(f->db, reiseliv->id, pos, sizeof pos);
	assert_string_equal(pos, "1 2 3");
	assert_int_equal(test_query_int(f->db, "SELECT position FROM measure WHERE id = :id", id), 1);
	assert_int_equal(test_query_int(f->db, "SELECT position FROM measure WHERE id = :id", first), 2);

	/* Down to the end, then to another strategy of the same plan. */
	assert_int_equal(node_move(f->db, NODE_MEASURE, id, 1, 0, 0, "a", &e), OK);
	assert_int_equal(test_query_int(f->db, "SELECT position FROM measure WHERE id = :id", id), 3);
	assert_int_equal(test_query_int(f->db, "SELECT position FROM measure WHERE id = :id", first), 1);
	struct strategy *other = strategy_at(f->p, 0, 0, 0);
	assert_int_equal(node_move(f->db, NODE_MEASURE, id, 1, other->id, 1, "a", &e), ERR);
	assert_int_equal(e.kind, ERR_CONFLICT); /* version 2 now */
	assert_int_equal(node_move(f->db, NODE_MEASURE, id, 2, other->id, 1, "a", &e), OK);
	positions(f->db, reiseliv->id, pos, sizeof pos);
	assert_string_equal(pos, "1 2");
	assert_int_equal(test_query_int(f->db, "SELECT strategy_id FROM measure WHERE id = :id", id),
			 other->id);

	/* Delete: the gap closes, the history keeps the text. */
	assert_int_equal(node_delete(f->db, NODE_MEASURE, id, 3, "a", &e), OK);
	assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM measure WHERE id = :id", id), 0);
	char want[64];
	snprintf(want, sizeof want, "1");
	for (size_t i = 1; i < other->measures.count; i++)
		snprintf(want + strlen(want), sizeof want - strlen(want), " %zu", i + 1);
	positions(f->db, other->id, pos, sizeof pos);
	assert_string_equal(pos, want);
	struct arena a = ARENA_INIT;
	audit_list h = {0};
	assert_int_equal(audit_for_node(f->db, &a, "measure", id, 50, &h, &e), OK);
	bool kept = false;
	for (size_t i = 0; i < h.count; i++)
		kept |= strcmp(h.items[i].action, "measure.delete") == 0 &&
			strcmp(h.items[i].field, "text") == 0 &&
			strcmp(h.items[i].old_value, "Nytt tiltak fyrst") == 0;
	assert_true(kept);
	arena_release(&a);
}

static void test_move_to_another_plan_is_refused(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	int64_t other_plan = 0;
	struct patch p = {0};
	patch_set(&p, "slug", "annan");
	patch_set(&p, "title", "Ein annan plan");
	patch_set(&p, "kind", "action");
	patch_set(&p, "status", "draft");
	patch_set(&p, "created_at", "2026-01-01T00:00:00Z");
	patch_set(&p, "updated_at", "2026-01-01T00:00:00Z");
	assert_int_equal(db_begin(f->db, &e), OK);
	assert_int_equal(node_create_in_tx(f->db, NODE_PLAN, 0, 0, &p, "a", &other_plan, &e), OK);
	int64_t area;
	struct patch ap = {0};
	patch_set(&ap, "title", "Eit område");
	assert_int_equal(node_create_in_tx(f->db, NODE_AREA, other_plan, 0, &ap, "a", &area, &e), OK);
	assert_int_equal(db_commit(f->db, &e), OK);
	int64_t goal = f->p->areas.items[0].goals.items[0].id;
	assert_int_equal(node_move(f->db, NODE_GOAL, goal, 1, area, 0, "a", &e), ERR);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_int_equal(test_query_int(f->db, "SELECT area_id FROM goal WHERE id = :id", goal),
			 f->p->areas.items[0].id);
}

static void test_report_sets_current_state(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	int64_t m = strategy_at(f->p, 1, 0, 0)->measures.items[0].id;
	struct report r = {0};
	r.reported_on = "2026-03-01";
	r.state = STATE_AT_RISK;
	r.progress = 30;
	r.text = "";
	assert_int_equal(report_add(f->db, m, 0, &r, "a", &e), OK);
	struct report older = r;
	older.reported_on = "2026-01-01";
	older.state = STATE_DONE;
	assert_int_equal(report_add(f->db, m, 0, &older, "a", &e), OK);
	/* The latest by date decides, not the latest written. */
	struct arena a = ARENA_INIT;
	const char *s;
	assert_int_equal(node_get_field(f->db, &a, NODE_MEASURE, m, "state", &s, &e), OK);
	assert_string_equal(s, "at_risk");
	assert_int_equal(test_query_int(f->db, "SELECT progress FROM measure WHERE id = :id", m), 30);
	/* Reports do not make an editor's open form stale. */
	assert_int_equal(test_query_int(f->db, "SELECT version FROM measure WHERE id = :id", m), 1);
	struct report future = r;
	future.reported_on = "2999-01-01";
	assert_int_equal(report_add(f->db, m, 0, &future, "a", &e), ERR);
	assert_string_equal(e.field, "reported_on");
	/* Correcting the newer report's state moves the measure's. */
	struct patch p = {0};
	patch_set(&p, "state", "on_track");
	assert_int_equal(node_update(f->db, NODE_REPORT, r.id, 1, &p, "a", &e), OK);
	assert_int_equal(node_get_field(f->db, &a, NODE_MEASURE, m, "state", &s, &e), OK);
	assert_string_equal(s, "on_track");
	arena_release(&a);
	/* Its label where changes are told (the digest mail, history): the
	 * report state's words, not its code; a project's state its own. */
	assert_string_equal(node_code_label("state", "at_risk"), report_state_label("at_risk"));
	assert_string_not_equal(node_code_label("state", "at_risk"), "at_risk");
	assert_string_not_equal(node_code_label("state", "active"), "active");
	assert_string_equal(node_code_label("state", "nonsense"), "nonsense");
}

/* One value from run-time SQL, through db_prepare_once. */
static int64_t run_once(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare_once(db, sql);
	int64_t v = stmt_step(st, &e) == DB_ROW ? col_int(st, 0) : -1;
	stmt_finish(st);
	return v;
}

/* Run-time SQL is kept by its text: the same text is the same statement
 * again, other texts never pass for it, more shapes than slots push the
 * idle ones out, and a statement still stepping is never handed out twice. */
static void test_runtime_sql_is_kept_by_text(void **state)
{
	struct fixture *f = *state;
	char sql[64];
	for (int round = 0; round < 3; round++)
		for (int k = 0; k < 300; k++) {
			snprintf(sql, sizeof sql, "SELECT %d + %d", k, round);
			assert_int_equal(run_once(f->db, sql), k + round);
		}
	/* The same text is the same statement again, prepared once. */
	struct stmt *first = db_prepare_once(f->db, "SELECT 7");
	stmt_finish(first);
	struct stmt *again = db_prepare_once(f->db, "SELECT 7");
	assert_ptr_equal(again, first);
	stmt_finish(again);
	/* The caller's buffer may change after the call: the text is copied. */
	snprintf(sql, sizeof sql, "SELECT 41");
	assert_int_equal(run_once(f->db, sql), 41);
	snprintf(sql, sizeof sql, "SELECT 42");
	assert_int_equal(run_once(f->db, sql), 42);
	/* Nested use of one text: two statements, each with its own rows. */
	struct err e = ERR_INIT;
	const char *seq = "SELECT value FROM json_each('[1,2,3]') ORDER BY value";
	struct stmt *outer = db_prepare_once(f->db, seq);
	assert_int_equal(stmt_step(outer, &e), DB_ROW);
	assert_int_equal(col_int(outer, 0), 1);
	struct stmt *inner = db_prepare_once(f->db, seq);
	assert_ptr_not_equal(inner, outer);
	int64_t sum = 0;
	while (stmt_step(inner, &e) == DB_ROW)
		sum += col_int(inner, 0);
	stmt_finish(inner);
	assert_int_equal(sum, 6);
	assert_int_equal(stmt_step(outer, &e), DB_ROW);
	assert_int_equal(col_int(outer, 0), 2);
	stmt_finish(outer);
	/* A faulty text is an error at step, every time, never kept. */
	for (int i = 0; i < 2; i++) {
		struct stmt *bad = db_prepare_once(f->db, "SELECT FROM nowhere");
		assert_int_equal(stmt_step(bad, &e), ERR);
		stmt_finish(bad);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runtime_sql_is_kept_by_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_writes_history_per_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_version_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_input_is_refused_with_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_move_delete_keep_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_to_another_plan_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_sets_current_state, setup, teardown),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
