/*
 * round.c: reporting rounds (see round.h).
 */
#include "model/round.h"
#include "model/node.h"
#include "model/report.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

/* The columns every reading of a round takes, in struct round's order. */
#define ROUND_COLUMNS \
	"r.id, r.version, r.plan_id, r.name, r.deadline, r.opened_on, r.closed_at," \
	" p.slug, p.title," \
	" (SELECT COUNT(*) FROM round_measure rm WHERE rm.round_id = r.id)," \
	" (SELECT COUNT(DISTINCT rp.measure_id) FROM report rp WHERE rp.round_id = r.id)"

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void read_round(struct stmt *st, struct arena *a, struct round *r)
{
	r->id = col_int(st, 0);
	r->version = col_int(st, 1);
	r->plan_id = col_int(st, 2);
	r->name = dup(a, col_text(st, 3));
	r->deadline = dup(a, col_text(st, 4));
	r->opened_on = dup(a, col_text(st, 5));
	r->closed_at = dup(a, col_text(st, 6));
	r->plan_slug = dup(a, col_text(st, 7));
	r->plan_title = dup(a, col_text(st, 8));
	r->measures = col_int(st, 9);
	r->reported = col_int(st, 10);
}

static int read_rounds(struct stmt *st, struct arena *a, round_list *out, struct err *e)
{
	int rc;
	memset(out, 0, sizeof *out);
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_round(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int round_open(struct db *db, int64_t plan, const char *name, const char *deadline,
	       const char *actor, int64_t *id, struct err *e)
{
	char today[11], now[CLOCK_ISO_LEN + 1];
	clock_today(today);
	clock_iso_now(0, now);
	struct patch p = {0};
	patch_set(&p, "name", name);
	patch_set(&p, "deadline", deadline);
	/* A person's values first (required, a real date), then the rest. */
	if (patch_check(NODE_ROUND, &p, false, e) != OK)
		return ERR;
	if (strcmp(deadline, today) < 0)
		return err_set(e, ERR_INPUT, "deadline", _("The deadline cannot be before today."));
	patch_set(&p, "opened_on", today);
	patch_set(&p, "created_at", now);
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM round WHERE plan_id = :plan AND closed_at IS NULL");
	stmt_bind_int(st, ":plan", plan);
	int rc = stmt_step(st, e);
	int64_t open = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc != DB_ROW)
		goto fail;
	if (open) {
		err_set(e, ERR_CONFLICT, NULL,
			_("The plan has an open reporting round already; close it first."));
		goto fail;
	}
	if (node_create_in_tx(db, NODE_ROUND, plan, 0, &p, actor, id, e) != OK)
		goto fail;
	st = db_prepare(db,
		"INSERT INTO round_measure (round_id, measure_id)"
		" SELECT :round, id FROM measure WHERE plan_id = :plan"
		" AND COALESCE(state, '') NOT IN ('done', 'cancelled')");
	stmt_bind_int(st, ":round", *id);
	stmt_bind_int(st, ":plan", plan);
	if (stmt_run(st, e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}

int round_close(struct db *db, int64_t round, int64_t version, const char *actor,
		struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	const char *closed = NULL;
	struct arena a = ARENA_INIT;
	clock_iso_now(0, now);
	int rc = node_get_field(db, &a, NODE_ROUND, round, "closed_at", &closed, e);
	if (rc == OK && closed)
		rc = err_set(e, ERR_CONFLICT, NULL, _("The round is closed already."));
	arena_release(&a);
	if (rc != OK || db_begin(db, e) != OK)
		return ERR;
	struct patch p = {0};
	patch_set(&p, "closed_at", now);
	if (node_update_in_tx(db, NODE_ROUND, round, version, &p, actor, NULL, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int round_list_for_plan(struct db *db, struct arena *a, int64_t plan, round_list *out,
			struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT " ROUND_COLUMNS " FROM round r JOIN plan p ON p.id = r.plan_id"
		" WHERE r.plan_id = :plan ORDER BY r.opened_on DESC, r.id DESC");
	stmt_bind_int(st, ":plan", plan);
	return read_rounds(st, a, out, e);
}

int round_load(struct db *db, struct arena *a, int64_t id, struct round *out, struct err *e)
{
	round_list l;
	struct stmt *st = db_prepare(db,
		"SELECT " ROUND_COLUMNS " FROM round r JOIN plan p ON p.id = r.plan_id"
		" WHERE r.id = :id");
	stmt_bind_int(st, ":id", id);
	if (read_rounds(st, a, &l, e) != OK)
		return ERR;
	if (!l.count)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such reporting round."));
	*out = l.items[0];
	return OK;
}

int round_rows(struct db *db, struct arena *a, const struct round *r, const char *today,
	       round_row_list *out, struct err *e)
{
	/* One row per measure and responsible organisation (a measure with
	 * none: one row without); the round's latest report on the measure.
	 * Times are to the second: a correction in the second of the closing
	 * counts as after it. */
	struct stmt *st = db_prepare(db,
		"SELECT m.id, m.text, o.name, COALESCE(o.id, 0),"
		" (SELECT MAX(rp.reported_on) FROM report rp WHERE rp.round_id = :round"
		"  AND rp.measure_id = m.id),"
		" (SELECT MIN(date(rp.created_at)) FROM report rp WHERE rp.round_id = :round"
		"  AND rp.measure_id = m.id),"
		" (SELECT COUNT(*) FROM report rp JOIN round rr ON rr.id = rp.round_id"
		"  WHERE rp.round_id = :round AND rp.measure_id = m.id AND rr.closed_at IS NOT NULL"
		"  AND rp.updated_at >= rr.closed_at)"
		" FROM round_measure rm JOIN measure m ON m.id = rm.measure_id"
		" LEFT JOIN measure_org mo ON mo.measure_id = m.id AND mo.role = 'responsible'"
		" LEFT JOIN org o ON o.id = mo.org_id"
		" WHERE rm.round_id = :round"
		" ORDER BY o.name IS NULL, o.name, m.id");
	stmt_bind_int(st, ":round", r->id);
	int rc;
	memset(out, 0, sizeof *out);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct round_row *row = ARENA_PUSH(a, *out);
		row->measure_id = col_int(st, 0);
		row->text = dup(a, col_text(st, 1));
		row->org = dup(a, col_text(st, 2));
		row->org_id = col_int(st, 3);
		row->reported_on = dup(a, col_text(st, 4));
		const char *first = col_text(st, 5);
		/* Late: written after the deadline, or none and the deadline
		 * has passed. */
		row->late = first ? strcmp(first, r->deadline) > 0 : strcmp(today, r->deadline) > 0;
		row->corrected = col_int(st, 6) > 0;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int round_open_for_orgs(struct db *db, struct arena *a, const int64_t *orgs, size_t n,
			round_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!n)
		return OK;
	/* The organisations as one JSON array: one query, and a measure two
	 * of them share is counted once. */
	struct buf ids = BUF_INIT;
	buf_addc(&ids, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "", (long long)orgs[i]);
	buf_addc(&ids, ']');
	struct stmt *st = db_prepare(db,
		"SELECT r.id, r.version, r.plan_id, r.name, r.deadline, r.opened_on, r.closed_at,"
		" p.slug, p.title, COUNT(DISTINCT rm.measure_id),"
		" COUNT(DISTINCT rm.measure_id) - COUNT(DISTINCT rp.measure_id)"
		" FROM round r JOIN plan p ON p.id = r.plan_id"
		" JOIN round_measure rm ON rm.round_id = r.id"
		" LEFT JOIN report rp ON rp.round_id = r.id AND rp.measure_id = rm.measure_id"
		" WHERE r.closed_at IS NULL AND rm.measure_id IN (SELECT mo.measure_id"
		"  FROM measure_org mo WHERE mo.org_id IN (SELECT value FROM json_each(:orgs)))"
		" GROUP BY r.id ORDER BY r.deadline, r.id");
	stmt_bind_text(st, ":orgs", ids.data);
	int rc = read_rounds(st, a, out, e);
	buf_release(&ids);
	return rc;
}

int round_tag_report_in_tx(struct db *db, int64_t report, int64_t measure, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"UPDATE report SET round_id = (SELECT r.id FROM round r"
		" JOIN round_measure rm ON rm.round_id = r.id"
		" WHERE rm.measure_id = :m AND r.closed_at IS NULL ORDER BY r.id DESC LIMIT 1)"
		" WHERE id = :report");
	stmt_bind_int(st, ":m", measure);
	stmt_bind_int(st, ":report", report);
	return stmt_run(st, e);
}

int round_year(struct db *db, struct arena *a, int64_t plan, year_date_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, on_date, title, kind FROM plan_date WHERE plan_id = :plan"
		" UNION ALL SELECT id, deadline, name, 'round' FROM round WHERE plan_id = :plan"
		" ORDER BY 2, 4, 1");
	stmt_bind_int(st, ":plan", plan);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct year_date *d = ARENA_PUSH(a, *out);
		d->id = col_int(st, 0);
		d->on = dup(a, col_text(st, 1));
		d->title = dup(a, col_text(st, 2));
		d->kind = dup(a, col_text(st, 3));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int round_reminder_rows(struct db *db, struct arena *a, const char *today, int days,
			reminder_row_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT r.id, o.id, u.id, m.id, r.name, r.deadline, p.title, o.name, u.name, u.email,"
		" u.lang, m.text, :today > r.deadline"
		" FROM round r JOIN plan p ON p.id = r.plan_id"
		" JOIN round_measure rm ON rm.round_id = r.id"
		" JOIN measure m ON m.id = rm.measure_id"
		" JOIN measure_org mo ON mo.measure_id = m.id"
		" JOIN org o ON o.id = mo.org_id"
		" JOIN user_role ur ON ur.org_id = o.id AND ur.role IN ('reporter', 'editor')"
		" JOIN app_user u ON u.id = ur.user_id AND u.disabled = 0 AND u.email IS NOT NULL"
		" WHERE r.closed_at IS NULL AND date(r.deadline, '-' || :days || ' days') <= :today"
		" AND NOT EXISTS (SELECT 1 FROM report rp WHERE rp.round_id = r.id"
		"  AND rp.measure_id = m.id)"
		" GROUP BY r.id, o.id, u.id, m.id ORDER BY r.id, o.id, u.id, m.id");
	stmt_bind_text(st, ":today", today);
	stmt_bind_int(st, ":days", days);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct reminder_row *row = ARENA_PUSH(a, *out);
		row->round_id = col_int(st, 0);
		row->org_id = col_int(st, 1);
		row->user_id = col_int(st, 2);
		row->measure_id = col_int(st, 3);
		row->round = dup(a, col_text(st, 4));
		row->deadline = dup(a, col_text(st, 5));
		row->plan_title = dup(a, col_text(st, 6));
		row->org = dup(a, col_text(st, 7));
		row->user = dup(a, col_text(st, 8));
		row->email = dup(a, col_text(st, 9));
		row->lang = dup(a, col_text(st, 10));
		row->measure = dup(a, col_text(st, 11));
		row->late = col_int(st, 12) != 0;
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* --- the round's sheet --- */

#define STAMP_SQL "m.version || '-' || COALESCE((SELECT MAX(id) FROM report WHERE measure_id = m.id), 0)"

int round_sheet_rows(struct db *db, struct arena *a, const struct round *r, int64_t org,
		     round_sheet_row_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT m.id, " STAMP_SQL ", p.title, TRIM(ar.number || ' ' || ar.title), m.text,"
		" m.period_text, l.state, COALESCE(l.progress, -1), l.text, l.spent"
		" FROM round_measure rm JOIN measure m ON m.id = rm.measure_id"
		" JOIN plan p ON p.id = m.plan_id"
		" JOIN strategy s ON s.id = m.strategy_id JOIN focus f ON f.id = s.focus_id"
		" JOIN area ar ON ar.id = f.area_id"
		/* The newest report, as measure_view_load orders them. */
		" LEFT JOIN report l ON l.id = (SELECT rp.id FROM report rp WHERE rp.measure_id = m.id"
		"  ORDER BY rp.reported_on DESC, rp.id DESC LIMIT 1)"
		" WHERE rm.round_id = :round AND EXISTS (SELECT 1 FROM measure_org mo"
		"  WHERE mo.measure_id = m.id AND mo.org_id = :org)"
		" ORDER BY ar.position, f.position, s.position, m.position");
	stmt_bind_int(st, ":round", r->id);
	stmt_bind_int(st, ":org", org);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct round_sheet_row *row = ARENA_PUSH(a, *out);
		row->measure_id = col_int(st, 0);
		row->stamp = dup(a, col_text(st, 1));
		row->plan_title = dup(a, col_text(st, 2));
		row->area = dup(a, col_text(st, 3));
		row->text = dup(a, col_text(st, 4));
		row->period = dup(a, col_text(st, 5));
		row->state = dup(a, col_text(st, 6));
		row->progress = (int)col_int(st, 7);
		row->report_text = dup(a, col_text(st, 8));
		row->has_spent = !col_null(st, 9);
		row->spent = col_int(st, 9);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int round_sheet_stamp(struct db *db, int64_t measure, char *out, size_t size, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT " STAMP_SQL " FROM measure m WHERE m.id = :id");
	stmt_bind_int(st, ":id", measure);
	int rc = stmt_step(st, e);
	snprintf(out, size, "%s", rc == DB_ROW ? col_text(st, 0) : "");
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	return rc == DB_ROW ? OK : err_set(e, ERR_NOT_FOUND, "measure", _("No such measure."));
}

int round_sheet_apply(struct db *db, const struct round_sheet_report *items, size_t n,
		      int64_t user, const char *actor, struct err *e)
{
	char stamp[48];
	if (db_begin(db, e) != OK)
		return ERR;
	for (size_t i = 0; i < n; i++) {
		const struct round_sheet_report *it = &items[i];
		if (round_sheet_stamp(db, it->measure_id, stamp, sizeof stamp, e) != OK)
			goto fail;
		if (strcmp(stamp, it->stamp ? it->stamp : "") != 0) {
			err_set(e, ERR_CONFLICT, "measure",
				_("Measure %lld has changed since the sheet was read; nothing was saved."),
				(long long)it->measure_id);
			goto fail;
		}
		if (report_add_in_tx(db, it->measure_id, user, it->report, actor, e) != OK)
			goto fail;
	}
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}
