/* list.c: visible, filtered, paged lists of measures, plans and an
 * organisation's relations (see list.h). */
#include "model/list.h"
#include "model/perm.h"
#include "model/rows.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/buf.h"
#include "db/db.h"
#include "model/visible.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEFAULT_LIMIT 50

/* No report since :cutoff (or none at all). */
#define SILENT "(m.reported_on IS NULL OR m.reported_on < :cutoff)"
/* The period has ended before :today ("2023-02" ended when the month did)
 * and the measure is neither done nor cancelled. */
#define LATE \
	"(m.period_end IS NOT NULL AND m.period_end <> ''" \
	" AND m.period_end < substr(:today, 1, length(m.period_end))" \
	" AND COALESCE(m.state, '') NOT IN ('done', 'cancelled'))"

#define MEASURE_ORDER \
	" ORDER BY CASE WHEN :attention = 1 AND (" SILENT " OR " LATE ") THEN 0 ELSE 1 END," \
	" p.year IS NULL, p.year DESC, p.title, p.id, ar.position, f.position, s.position, m.position"

#define MEASURE_COLUMNS \
	"SELECT m.id, m.text, m.period_text, m.period_start, m.period_end, m.responsibility_text," \
	" p.id, p.slug, p.title, p.published, ar.id, ar.number, ar.title," \
	" m.state, COALESCE(m.progress, -1), m.reported_on," \
	" (SELECT r.spent FROM report r WHERE r.measure_id = m.id" \
	"  ORDER BY r.reported_on DESC, r.id DESC LIMIT 1)," \
	" CASE WHEN " LATE " THEN 1 ELSE 0 END, CASE WHEN " SILENT " THEN 1 ELSE 0 END," \
	" m.period_kind"

/* The filter checked and completed: today, the silence cut-off, the page. */
struct query {
	const struct list_filter *f;
	const char *state;
	char today[11], cutoff[11];
	int limit, offset;
};

static bool date_valid(const char *s)
{
	int y, m, d;
	char tail;
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* today minus days, as YYYY-MM-DD. */
static void days_before(const char *today, int days, char out[11])
{
	struct tm tm = {0};
	sscanf(today, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	time_t t = timegm(&tm) - (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int prepare_query(const struct list_filter *f, struct query *q, struct err *e)
{
	memset(q, 0, sizeof *q);
	q->f = f;
	q->state = f->state ? f->state : "";
	enum report_state s;
	if (*q->state && strcmp(q->state, LIST_STATE_NONE) != 0 &&
	    report_state_parse(q->state, &s) != OK)
		return err_set(e, ERR_INPUT, "state", _("There is no such state."));
	if (f->today) {
		if (!date_valid(f->today))
			return err_set(e, ERR_INPUT, "today", _("Give the date as YYYY-MM-DD."));
		snprintf(q->today, sizeof q->today, "%s", f->today);
	} else {
		clock_today(q->today);
	}
	int days = f->silent_days ? f->silent_days : LIST_SILENT_DAYS;
	if (days < 0 || days > 36600)
		return err_set(e, ERR_INPUT, "days", _("Give the number of days as a whole number from 1 to 36600."));
	days_before(q->today, days, q->cutoff);
	if (f->year < 0 || f->year > 9999)
		return err_set(e, ERR_INPUT, "year", _("There is no such year."));
	q->limit = f->limit ? f->limit : DEFAULT_LIMIT;
	if (q->limit < 1 || q->limit > LIST_PAGE_MAX)
		return err_set(e, ERR_INPUT, "limit", _("A page has from 1 to %d rows."), LIST_PAGE_MAX);
	if (f->offset < 0)
		return err_set(e, ERR_INPUT, "offset", _("A page cannot start before the first row."));
	q->offset = f->offset;
	return OK;
}

/*
 * The FROM and WHERE of every measure query, with a condition only for the
 * filters in use, so SQLite can start from what narrows most: an
 * organisation's or a user's measures (INVOLVED_SET), a plan's (its
 * index), rather than test every measure of the country.
 */
static void append_from(struct buf *sql, const struct query *q)
{
	const struct list_filter *f = q->f;
	buf_adds(sql, " FROM measure m JOIN plan p ON p.id = m.plan_id"
		      " JOIN strategy s ON s.id = m.strategy_id JOIN focus f ON f.id = s.focus_id"
		      " JOIN area ar ON ar.id = f.area_id WHERE " PLAN_VISIBLE("p"));
	if (f->plan_id)
		buf_adds(sql, " AND m.plan_id = :plan");
	if (f->area_id)
		buf_adds(sql, " AND ar.id = :area");
	if (f->org_id)
		buf_adds(sql, " AND m.id IN " INVOLVED_SET(":org"));
	if (f->mine)
		buf_adds(sql, " AND m.id IN " INVOLVED_SET_OF_USER(":mine"));
	if (*q->state && strcmp(q->state, LIST_STATE_NONE) == 0)
		buf_adds(sql, " AND m.state IS NULL");
	else if (*q->state)
		buf_adds(sql, " AND m.state = :state");
	if (f->year)
		/* An open end falls back on the plan's year; without one, an
		 * ongoing period spans every year, and a from-period never ends. */
		buf_adds(sql, " AND CAST(COALESCE(substr(m.period_start, 1, 4), p.year,"
			      " CASE WHEN m.period_kind IS NOT NULL THEN :year END) AS INTEGER) <= :year"
			      " AND (m.period_kind = 'from' OR CAST(COALESCE(substr(m.period_end, 1, 4),"
			      " p.year, CASE WHEN m.period_kind = 'ongoing' THEN :year END) AS INTEGER) >= :year)");
	if (f->only_silent)
		buf_adds(sql, " AND " SILENT);
	if (f->only_late)
		buf_adds(sql, " AND " LATE);
}

/* A statement of head, the FROM of q, and tail; the filter's values bound
 * (only the names the text has: cutoff and today appear in head's
 * columns too). */
static struct stmt *filter_stmt(struct db *db, const char *head, const struct query *q,
				const char *tail, const struct actor *actor)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, head);
	append_from(&sql, q);
	buf_adds(&sql, tail);
	struct stmt *st = db_prepare_once(db, sql.data);
	const struct list_filter *f = q->f;
	stmt_bind_int(st, ":user", actor->user_id);
	if (f->plan_id)
		stmt_bind_int(st, ":plan", f->plan_id);
	if (f->area_id)
		stmt_bind_int(st, ":area", f->area_id);
	if (f->org_id)
		stmt_bind_int(st, ":org", f->org_id);
	if (f->mine)
		stmt_bind_int(st, ":mine", f->mine);
	if (*q->state && strcmp(q->state, LIST_STATE_NONE) != 0)
		stmt_bind_text(st, ":state", q->state);
	if (f->year)
		stmt_bind_int(st, ":year", f->year);
	if (strstr(sql.data, ":cutoff"))
		stmt_bind_text(st, ":cutoff", q->cutoff);
	if (strstr(sql.data, ":today"))
		stmt_bind_text(st, ":today", q->today);
	if (strstr(sql.data, ":attention"))
		stmt_bind_int(st, ":attention", f->attention_first);
	buf_release(&sql);
	return st;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static const char *dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

/* Fills r from a row of MEASURE_COLUMNS. */
static void read_row(struct stmt *st, struct arena *a, struct list_row *r)
{
	r->m.id = col_int(st, 0);
	r->m.text = dup(a, col_text(st, 1));
	r->m.period_text = dup(a, col_text(st, 2));
	rows_period(st, 3, 19, &r->m.period);
	r->m.responsibility_text = dup(a, col_text(st, 5));
	r->plan_id = col_int(st, 6);
	r->plan_slug = dup(a, col_text(st, 7));
	r->plan_title = dup(a, col_text(st, 8));
	r->published = col_int(st, 9) != 0;
	r->area_id = col_int(st, 10);
	r->area_number = dup(a, col_text(st, 11));
	r->area_title = dup(a, col_text(st, 12));
	r->state = dup_or_null(a, col_text(st, 13));
	r->progress = (int)col_int(st, 14);
	r->reported_on = dup_or_null(a, col_text(st, 15));
	r->has_spent = !col_null(st, 16);
	r->spent = col_int(st, 16);
	r->late = col_int(st, 17) != 0;
	r->silent = col_int(st, 18) != 0;
}

/* The ":m0, :m1, ..." list of the page's measure ids, bound by bind_ids. */
static void id_params(struct buf *in, const struct measure_page *out)
{
	for (size_t i = 0; i < out->rows.count; i++)
		buf_addf(in, "%s:m%zu", i ? ", " : "", i);
}

static void bind_ids(struct stmt *st, const struct measure_page *out)
{
	for (size_t i = 0; i < out->rows.count; i++) {
		char name[32];
		snprintf(name, sizeof name, ":m%zu", i);
		stmt_bind_int(st, name, out->rows.items[i].m.id);
	}
}

/* The row of page whose measure is id, or NULL. */
static struct list_row *row_of(struct measure_page *out, int64_t id)
{
	for (size_t i = 0; i < out->rows.count; i++)
		if (out->rows.items[i].m.id == id)
			return &out->rows.items[i];
	return NULL;
}

/* The organisation links and budget lines of the page's measures: two
 * queries for the page, not two per row. */
static int load_links(struct db *db, struct arena *a, struct measure_page *out, struct err *e)
{
	if (!out->rows.count)
		return OK;
	struct buf in = BUF_INIT, sql = BUF_INIT;
	id_params(&in, out);
	static const char *const queries[2][2] = {
		{"SELECT mo.measure_id, mo.role, mo.org_id, o.name, mo.as_written, mo.note,"
		 " mo.collective FROM measure_org mo JOIN org o ON o.id = mo.org_id"
		 " WHERE mo.measure_id IN (", ") ORDER BY mo.measure_id, mo.role, mo.position"},
		{"SELECT measure_id, COALESCE(year, 0), amount, text, qualifier, per_year FROM budget_line"
		 " WHERE measure_id IN (", ") ORDER BY measure_id, position"},
	};
	int rc = OK;
	for (int q = 0; q < 2 && rc != ERR; q++) {
		buf_reset(&sql);
		buf_adds(&sql, queries[q][0]);
		buf_adds(&sql, in.data);
		buf_adds(&sql, queries[q][1]);
		struct stmt *st = db_prepare_once(db, sql.data);
		bind_ids(st, out);
		while ((rc = stmt_step(st, e)) == DB_ROW) {
			struct list_row *r = row_of(out, col_int(st, 0));
			if (r && q == 0)
				rows_link(st, 1, a, &r->m);
			else if (r)
				rows_budget(st, 1, a, &r->m);
		}
		stmt_finish(st);
	}
	buf_release(&in);
	buf_release(&sql);
	return rc == ERR ? ERR : OK;
}

/* The columns of the page's rows, whose ids are set (in page order). */
static int load_columns(struct db *db, struct arena *a, const struct query *q,
			struct measure_page *out, struct err *e)
{
	if (!out->rows.count)
		return OK;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, MEASURE_COLUMNS " FROM measure m JOIN plan p ON p.id = m.plan_id"
		       " JOIN strategy s ON s.id = m.strategy_id JOIN focus f ON f.id = s.focus_id"
		       " JOIN area ar ON ar.id = f.area_id WHERE m.id IN (");
	id_params(&sql, out);
	buf_adds(&sql, ")");
	struct stmt *st = db_prepare_once(db, sql.data);
	bind_ids(st, out);
	stmt_bind_text(st, ":today", q->today);
	stmt_bind_text(st, ":cutoff", q->cutoff);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct list_row *r = row_of(out, col_int(st, 0));
		if (r)
			read_row(st, a, r);
	}
	stmt_finish(st);
	buf_release(&sql);
	return rc == ERR ? ERR : OK;
}

int list_measures(struct db *db, struct arena *a, const struct actor *actor,
		  const struct list_filter *f, struct measure_page *out,
		  struct err *e)
{
	struct query q;
	memset(out, 0, sizeof *out);
	if (prepare_query(f, &q, e) != OK)
		return ERR;
	out->limit = q.limit;
	out->offset = q.offset;
	out->silent_days = f->silent_days ? f->silent_days : LIST_SILENT_DAYS;

	struct stmt *st = filter_stmt(db, "SELECT COUNT(*)", &q, "", actor);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		out->total = col_int(st, 0);
	stmt_finish(st);
	if (rc != DB_ROW)
		return ERR;

	/* The page's ids first, sorted on the keys alone; then the columns of
	 * those rows only (the latest report's amount is a query per row). */
	st = filter_stmt(db, "SELECT m.id", &q, MEASURE_ORDER " LIMIT :limit OFFSET :offset", actor);
	stmt_bind_int(st, ":limit", q.limit);
	stmt_bind_int(st, ":offset", q.offset);
	while ((rc = stmt_step(st, e)) == DB_ROW)
		ARENA_PUSH(a, out->rows)->m.id = col_int(st, 0);
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (load_columns(db, a, &q, out, e) != OK)
		return ERR;
	return load_links(db, a, out, e);
}

/* Adds row r (state code, late, silent, spent) to c. */
static void count_row(struct list_counts *c, const char *state, bool late, bool silent,
		      bool has_spent, int64_t spent)
{
	enum report_state s;
	c->total++;
	if (state && report_state_parse(state, &s) == OK)
		c->by_state[s]++;
	else
		c->no_report++;
	c->late += late;
	c->silent += silent;
	if (has_spent) {
		c->spent += spent;
		c->with_spent++;
	}
}

int list_count(struct db *db, struct arena *a, const struct actor *actor,
	       const struct list_filter *f, list_counts_list *areas,
	       struct list_counts *all, struct err *e)
{
	struct query q;
	struct list_filter whole = *f;
	whole.limit = 1;
	whole.offset = 0;
	memset(areas, 0, sizeof *areas);
	memset(all, 0, sizeof *all);
	if (prepare_query(&whole, &q, e) != OK)
		return ERR;
	struct stmt *st = filter_stmt(db,
		"SELECT ar.id, m.state,"
		" CASE WHEN " LATE " THEN 1 ELSE 0 END, CASE WHEN " SILENT " THEN 1 ELSE 0 END,"
		" (SELECT r.spent FROM report r WHERE r.measure_id = m.id"
		"  ORDER BY r.reported_on DESC, r.id DESC LIMIT 1)",
		&q, " ORDER BY p.id, ar.position", actor);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		int64_t area = col_int(st, 0);
		if (!areas->count || areas->items[areas->count - 1].area_id != area)
			ARENA_PUSH(a, *areas)->area_id = area;
		const char *state = col_text(st, 1);
		bool late = col_int(st, 2) != 0, silent = col_int(st, 3) != 0;
		bool has_spent = !col_null(st, 4);
		int64_t spent = col_int(st, 4);
		count_row(&areas->items[areas->count - 1], state, late, silent, has_spent, spent);
		count_row(all, state, late, silent, has_spent, spent);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

const struct list_counts *list_counts_of(const list_counts_list *areas, int64_t area)
{
	static const struct list_counts none;
	for (size_t i = 0; i < areas->count; i++)
		if (areas->items[i].area_id == area)
			return &areas->items[i];
	return &none;
}

int list_measure_ids(struct db *db, struct arena *a, const struct actor *actor,
		     const struct list_filter *f, const int64_t **ids, size_t *n,
		     struct err *e)
{
	struct query q;
	struct list_filter whole = *f;
	whole.limit = 1;
	whole.offset = 0;
	*ids = NULL;
	*n = 0;
	if (prepare_query(&whole, &q, e) != OK)
		return ERR;
	struct {
		int64_t *items;
		size_t count, cap;
	} out = {0};
	struct stmt *st = filter_stmt(db, "SELECT m.id", &q,
		" ORDER BY p.id, ar.position, f.position, s.position, m.position", actor);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		*ARENA_PUSH(a, out) = col_int(st, 0);
	stmt_finish(st);
	*ids = out.items;
	*n = out.count;
	return rc == ERR ? ERR : OK;
}

/* --- plans --- */

int list_plans(struct db *db, struct arena *a, const struct actor *actor,
	       int limit, int offset, struct plan_page *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->limit = limit ? limit : DEFAULT_LIMIT;
	out->offset = offset;
	if (out->limit < 1 || out->limit > LIST_PAGE_MAX)
		return err_set(e, ERR_INPUT, "limit", _("A page has from 1 to %d rows."), LIST_PAGE_MAX);
	if (offset < 0)
		return err_set(e, ERR_INPUT, "offset", _("A page cannot start before the first row."));
	struct stmt *st = db_prepare(db, "SELECT COUNT(*) FROM plan p WHERE " PLAN_VISIBLE("p"));
	stmt_bind_int(st, ":user", actor->user_id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		out->total = col_int(st, 0);
	stmt_finish(st);
	if (rc != DB_ROW)
		return ERR;
	st = db_prepare(db,
		"SELECT p.id, p.slug, p.title, p.kind, COALESCE(p.year, 0), p.status,"
		" p.published, ow.name, COALESCE(p.owner_org_id, 0)"
		" FROM plan p LEFT JOIN org ow ON ow.id = p.owner_org_id"
		" WHERE " PLAN_VISIBLE("p")
		" ORDER BY p.year IS NULL, p.year DESC, p.title, p.id LIMIT :limit OFFSET :offset");
	stmt_bind_int(st, ":user", actor->user_id);
	stmt_bind_int(st, ":limit", out->limit);
	stmt_bind_int(st, ":offset", out->offset);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		rows_plan_summary(st, 0, a, ARENA_PUSH(a, out->plans));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* --- an organisation --- */

static void read_org(struct stmt *st, struct arena *a, struct list_org *o)
{
	o->id = col_int(st, 0);
	o->name = dup(a, col_text(st, 1));
	o->kind = dup(a, col_text(st, 2));
	o->owner_id = col_int(st, 3);
	o->owner = dup_or_null(a, col_text(st, 4));
	o->role = dup_or_null(a, col_text(st, 5));
}

/* The organisations sql (a literal with :id and :user, columns as
 * read_org reads them) gives for organisation id, appended to out. */
static int read_related(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			const char *sql, list_org_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":user", actor->user_id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_org(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int list_org_detail(struct db *db, struct arena *a, const struct actor *actor,
		    int64_t id, struct org_detail **out, struct err *e)
{
	struct org_detail *d = arena_alloc(a, sizeof *d);
	*out = NULL;
	struct stmt *st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), ow.name, NULL"
		" FROM org o LEFT JOIN org ow ON ow.id = o.owner_org_id"
		" WHERE o.id = :id AND " ORG_VISIBLE("o"));
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":user", actor->user_id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		read_org(st, a, &d->org);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "org", _("There is no such organisation."));
	if (rc != DB_ROW)
		return ERR;

	if (read_related(db, a, actor, id,
			 "SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), ow.name, mb.role"
			 " FROM org_member mb JOIN org o ON o.id = mb.member_id"
			 " LEFT JOIN org ow ON ow.id = o.owner_org_id"
			 " WHERE mb.group_id = :id AND " ORG_VISIBLE("o") " ORDER BY o.name, o.id",
			 &d->members, e) != OK ||
	    read_related(db, a, actor, id,
			 "SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), ow.name, mb.role"
			 " FROM org_member mb JOIN org o ON o.id = mb.group_id"
			 " LEFT JOIN org ow ON ow.id = o.owner_org_id"
			 " WHERE mb.member_id = :id AND " ORG_VISIBLE("o") " ORDER BY o.name, o.id",
			 &d->groups, e) != OK)
		return ERR;
	*out = d;
	return OK;
}

int list_plan_orgs(struct db *db, struct arena *a, int64_t plan,
		   list_org_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT o.id, o.name, o.kind, COALESCE(o.owner_org_id, 0), NULL, NULL"
		" FROM org o WHERE o.id IN (SELECT mo.org_id FROM measure_org mo"
		" JOIN measure m ON m.id = mo.measure_id WHERE m.plan_id = :plan"
		" UNION SELECT g.member_id FROM org_member g"
		" JOIN measure_org mo ON mo.org_id = g.group_id JOIN org lo ON lo.id = mo.org_id"
		" JOIN measure m ON m.id = mo.measure_id WHERE m.plan_id = :plan"
		" AND (mo.collective = 1 OR lo.kind <> 'council'))"
		" ORDER BY o.name, o.id");
	stmt_bind_int(st, ":plan", plan);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_org(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}
