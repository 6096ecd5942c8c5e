/* report.c: status reports and the single-measure view (see report.h). */
#include "model/report.h"
#include "model/round.h"
#include "model/node.h"
#include "model/audit.h"
#include "model/rows.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/period.h"
#include "base/utf8.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_TEXT_MAX 20000

static const char *const state_codes[STATE_COUNT] = {
	"not_started", "on_track", "at_risk", "delayed", "done", "cancelled",
};

const char *report_state_code(enum report_state s)
{
	return (unsigned)s < STATE_COUNT ? state_codes[s] : "not_started";
}

int report_state_parse(const char *code, enum report_state *s)
{
	for (int i = 0; i < STATE_COUNT; i++)
		if (code && strcmp(code, state_codes[i]) == 0) {
			*s = (enum report_state)i;
			return OK;
		}
	return ERR;
}

const char *report_state_label(const char *code)
{
	enum report_state s;
	if (!code || report_state_parse(code, &s) != OK)
		return _("No report");
	switch (s) {
	case STATE_NOT_STARTED: return _("Not started");
	case STATE_ON_TRACK: return _("On track");
	case STATE_AT_RISK: return _("At risk");
	case STATE_DELAYED: return _("Delayed");
	case STATE_DONE: return _("Done");
	case STATE_CANCELLED: return _("Cancelled");
	case STATE_COUNT: break;
	}
	return _("No report");
}

static const char *dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static int load_place(struct db *db, struct arena *a, int64_t id,
		      struct measure_view *v, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT m.id, m.text, m.period_text, m.period_start, m.period_end,"
		" m.responsibility_text, p.id, COALESCE(p.owner_org_id, 0), p.slug, p.title,"
		" p.published, ar.number, ar.title, f.title, s.text, m.period_kind"
		" FROM measure m JOIN strategy s ON s.id = m.strategy_id"
		" JOIN focus f ON f.id = s.focus_id JOIN area ar ON ar.id = f.area_id"
		" JOIN plan p ON p.id = m.plan_id WHERE m.id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		v->m.id = col_int(st, 0);
		v->m.text = dup(a, col_text(st, 1));
		v->m.period_text = dup(a, col_text(st, 2));
		rows_period(st, 3, 15, &v->m.period);
		v->m.responsibility_text = dup(a, col_text(st, 5));
		v->plan_id = col_int(st, 6);
		v->owner_id = col_int(st, 7);
		v->plan_slug = dup(a, col_text(st, 8));
		v->plan_title = dup(a, col_text(st, 9));
		v->published = col_int(st, 10) != 0;
		v->area_number = dup(a, col_text(st, 11));
		v->area_title = dup(a, col_text(st, 12));
		v->focus_title = dup(a, col_text(st, 13));
		v->strategy_text = dup(a, col_text(st, 14));
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "measure", _("There is no such measure."));
	return rc == DB_ROW ? OK : ERR;
}

static int load_links_budget(struct db *db, struct arena *a, struct measure_view *v,
			     struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT mo.role, mo.org_id, o.name, mo.as_written, mo.note, mo.collective"
		" FROM measure_org mo JOIN org o ON o.id = mo.org_id"
		" WHERE mo.measure_id = :id ORDER BY mo.role, mo.position");
	stmt_bind_int(st, ":id", v->m.id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		rows_link(st, 0, a, &v->m);
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	st = db_prepare(db,
		"SELECT COALESCE(year, 0), amount, text, qualifier, per_year FROM budget_line"
		" WHERE measure_id = :id ORDER BY position");
	stmt_bind_int(st, ":id", v->m.id);
	while ((rc = stmt_step(st, e)) == DB_ROW)
		rows_budget(st, 0, a, &v->m);
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* The columns read_report reads, from report r with its author and
 * organisation. */
#define REPORT_COLUMNS \
	"r.id, r.reported_on, r.state, COALESCE(r.progress, -1), r.text, r.spent," \
	" u.name, COALESCE(r.org_id, 0), o.name, COALESCE(r.author_id, 0), r.version," \
	" r.created_at, r.updated_at, r.measure_id FROM report r" \
	" LEFT JOIN app_user u ON u.id = r.author_id LEFT JOIN org o ON o.id = r.org_id"

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void read_report(struct stmt *st, struct arena *a, struct report *r)
{
	r->id = col_int(st, 0);
	r->reported_on = dup(a, col_text(st, 1));
	if (report_state_parse(col_text(st, 2), &r->state) != OK)
		r->state = STATE_NOT_STARTED;
	r->progress = (int)col_int(st, 3);
	r->text = dup(a, col_text(st, 4));
	r->has_spent = !col_null(st, 5);
	r->spent = col_int(st, 5);
	r->author = dup_or_null(a, col_text(st, 6));
	r->org_id = col_int(st, 7);
	r->org = dup_or_null(a, col_text(st, 8));
	r->author_id = col_int(st, 9);
	r->version = col_int(st, 10);
	r->created_at = dup_or_null(a, col_text(st, 11));
	r->updated_at = dup_or_null(a, col_text(st, 12));
	r->measure_id = col_int(st, 13);
}

static int load_reports(struct db *db, struct arena *a, struct measure_view *v,
			size_t limit, size_t offset, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*), (SELECT continued_from FROM measure WHERE id = :id)"
		" FROM report WHERE measure_id = :id");
	stmt_bind_int(st, ":id", v->m.id);
	int rc = stmt_step(st, e);
	v->reports_total = rc == DB_ROW ? col_int(st, 0) : 0;
	v->continued_from = rc == DB_ROW ? col_int(st, 1) : 0;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	st = db_prepare(db,
		"SELECT " REPORT_COLUMNS " WHERE r.measure_id = :id"
		" ORDER BY r.reported_on DESC, r.id DESC LIMIT :limit OFFSET :offset");
	stmt_bind_int(st, ":id", v->m.id);
	stmt_bind_int(st, ":limit", limit ? (int64_t)limit : INT64_C(1000000000));
	stmt_bind_int(st, ":offset", (int64_t)offset);
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_report(st, a, ARENA_PUSH(a, v->reports));
	stmt_finish(st);
	v->reports_loaded = rc != ERR;
	return rc == ERR ? ERR : OK;
}

int measure_view_reports(struct db *db, struct arena *a, struct measure_view *v,
			 size_t report_limit, size_t report_offset, struct err *e)
{
	if (v->reports_loaded)
		return OK;
	return load_reports(db, a, v, report_limit, report_offset, e);
}

int report_list_for_plan(struct db *db, struct arena *a, int64_t plan, report_list *out,
			 struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT " REPORT_COLUMNS " JOIN measure m ON m.id = r.measure_id"
		" WHERE m.plan_id = :plan"
		" ORDER BY r.measure_id, r.reported_on DESC, r.id DESC");
	stmt_bind_int(st, ":plan", plan);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_report(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

const struct report *report_list_find(const report_list *l, int64_t measure, size_t *n)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) { /* the first report with measure_id >= measure */
		size_t mid = lo + (hi - lo) / 2;
		if (l->items[mid].measure_id < measure)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < l->count && l->items[end].measure_id == measure)
		end++;
	*n = end - lo;
	return end > lo ? &l->items[lo] : NULL;
}

int report_load(struct db *db, struct arena *a, int64_t id, struct report *out,
		int64_t *measure, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT " REPORT_COLUMNS " WHERE r.id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		read_report(st, a, out);
		*measure = col_int(st, 13);
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such status report."));
	return rc == DB_ROW ? OK : ERR;
}

bool report_recent(const char *created_at)
{
	char limit[CLOCK_ISO_LEN + 1];
	clock_iso_now(-(long)REPORT_CORRECT_DAYS * 24 * 3600, limit);
	return created_at && strcmp(created_at, limit) >= 0;
}

int measure_view_load(struct db *db, struct arena *a, int64_t id, size_t report_limit,
		      size_t report_offset, struct measure_view **out, struct err *e)
{
	struct measure_view *v = arena_alloc(a, sizeof *v);
	*out = NULL;
	if (load_place(db, a, id, v, e) != OK || load_links_budget(db, a, v, e) != OK ||
	    (report_limit != MEASURE_NO_REPORTS &&
	     load_reports(db, a, v, report_limit, report_offset, e) != OK))
		return ERR;
	*out = v;
	return OK;
}

int report_validate(const struct report *r, struct err *e)
{
	struct period p;
	struct err pe = ERR_INIT;
	if (!r->reported_on || strlen(r->reported_on) != 10 ||
	    r->reported_on[4] != '-' || r->reported_on[7] != '-')
		return err_set(e, ERR_INPUT, "reported_on", _("Give the date of the report as YYYY-MM-DD."));
	char dmy[16];
	snprintf(dmy, sizeof dmy, "%.2s.%.2s.%.4s", r->reported_on + 8, r->reported_on + 5,
		 r->reported_on);
	if (period_parse(dmy, &p, &pe) != OK || strcmp(p.start, r->reported_on) != 0)
		return err_set(e, ERR_INPUT, "reported_on", _("%s is not a date."), r->reported_on);
	if ((unsigned)r->state >= STATE_COUNT)
		return err_set(e, ERR_INPUT, "state", _("Choose the state of the measure."));
	if (r->progress < -1 || r->progress > 100)
		return err_set(e, ERR_INPUT, "progress", _("Progress is a percentage from 0 to 100."));
	size_t n = strlen(r->text);
	if (!utf8_valid(r->text, n))
		return err_set(e, ERR_INPUT, "text", _("The text is not valid UTF-8."));
	if (n > REPORT_TEXT_MAX)
		return err_set(e, ERR_INPUT, "text", _("The text is too long (at most %d bytes)."),
			       REPORT_TEXT_MAX);
	if (r->has_spent && r->spent < 0)
		return err_set(e, ERR_INPUT, "spent", _("The amount spent cannot be negative."));
	char today[11];
	clock_today(today);
	if (strcmp(r->reported_on, today) > 0)
		return err_set(e, ERR_INPUT, "reported_on",
			       _("The date of a report cannot be in the future."));
	return OK;
}

int report_add_in_tx(struct db *db, int64_t measure, int64_t user, struct report *r,
		     const char *actor, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	if (report_validate(r, e) != OK)
		return ERR;
	clock_iso_now(0, now);
	char progress[16], spent[32], author[32], org[32];
	snprintf(progress, sizeof progress, "%d", r->progress);
	snprintf(spent, sizeof spent, "%lld", (long long)r->spent);
	snprintf(author, sizeof author, "%lld", (long long)user);
	snprintf(org, sizeof org, "%lld", (long long)r->org_id);
	struct patch p = {0};
	patch_set(&p, "reported_on", r->reported_on);
	patch_set(&p, "state", report_state_code(r->state));
	patch_set(&p, "progress", r->progress >= 0 ? progress : NULL);
	patch_set(&p, "text", r->text);
	patch_set(&p, "spent", r->has_spent ? spent : NULL);
	patch_set(&p, "org", r->org_id ? org : NULL);
	patch_set(&p, "author", user ? author : NULL);
	patch_set(&p, "created_at", now);
	/* A report during an open round of its measure belongs to the round. */
	if (node_create_in_tx(db, NODE_REPORT, measure, 0, &p, actor, &r->id, e) != OK)
		return ERR;
	return round_tag_report_in_tx(db, r->id, measure, e);
}

int report_add(struct db *db, int64_t measure, int64_t user, struct report *r,
	       const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	if (report_add_in_tx(db, measure, user, r, actor, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int report_correct(struct db *db, int64_t id, int64_t version,
		   const struct patch *p, const char *actor, struct err *e)
{
	char today[11], now[CLOCK_ISO_LEN + 1];
	clock_today(today);
	clock_iso_now(0, now);
	const char *on = patch_get(p, "reported_on", NULL);
	if (on && strcmp(on, today) > 0)
		return err_set(e, ERR_INPUT, "reported_on",
			       _("The date of a report cannot be in the future."));
	const char *progress = patch_get(p, "progress", NULL);
	if (progress && *progress && (atoi(progress) < 0 || atoi(progress) > 100))
		return err_set(e, ERR_INPUT, "progress", _("Progress is a percentage from 0 to 100."));
	if (patch_check(NODE_REPORT, p, false, e) != OK)
		return ERR;
	struct patch full = *p;
	patch_set(&full, "updated_at", now);
	if (db_begin(db, e) != OK)
		return ERR;
	if (node_update_in_tx(db, NODE_REPORT, id, version, &full, actor, NULL, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

int report_count_for_plan(struct db *db, int64_t plan, int64_t *n, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT COUNT(*) FROM report r JOIN measure m ON m.id = r.measure_id"
		" WHERE m.plan_id = :plan");
	stmt_bind_int(st, ":plan", plan);
	int rc = stmt_step(st, e);
	*n = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}
