/* feed.c: the history rows the public feeds follow (see feed.h). */
#include "model/feed.h"
#include "model/visible.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* What every feed row reads; needs audit a, plan p, measure m (LEFT),
 * report r (LEFT). */
#define FEED_COLUMNS \
	"SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.field," \
	" a.old_value, a.new_value, p.slug, p.title, ow.name, COALESCE(m.id, 0)," \
	" CASE a.entity WHEN 'plan' THEN p.title" \
	" WHEN 'area' THEN (SELECT x.title FROM area x WHERE x.id = a.entity_id)" \
	" WHEN 'goal' THEN (SELECT x.text FROM goal x WHERE x.id = a.entity_id)" \
	" WHEN 'focus' THEN (SELECT x.title FROM focus x WHERE x.id = a.entity_id)" \
	" WHEN 'strategy' THEN (SELECT x.text FROM strategy x WHERE x.id = a.entity_id)" \
	" WHEN 'section' THEN (SELECT x.title FROM plan_section x WHERE x.id = a.entity_id)" \
	" WHEN 'entry' THEN (SELECT x.title FROM section_entry x WHERE x.id = a.entity_id)" \
	" ELSE m.text END," \
	" r.state, r.reported_on, u.name, ro.name, COALESCE(r.progress, -1)"

/* The joins after FROM ... that FEED_COLUMNS needs besides a, p and m. */
#define FEED_JOINS \
	" LEFT JOIN org ow ON ow.id = p.owner_org_id" \
	" LEFT JOIN app_user u ON u.id = r.author_id" \
	" LEFT JOIN org ro ON ro.id = r.org_id"

/* What says something to a reader: no moves, no bookkeeping fields (ids,
 * positions, times, a measure's state copied from its latest report). */
/* A report's correction or deletion is not news: its old values may be
 * what its author took back, and the history that keeps them is for the
 * signed-in. The feed tells of a report when it is written. */
#define FEED_WORTH \
	" a.action NOT LIKE '%.move' AND NOT (a.entity = 'report' AND a.action <> 'report.create')" \
	" AND (a.field IS NULL OR (a.field NOT IN" \
	" ('parent', 'position', 'plan_id', 'continued_from', 'period_start', 'period_kind'," \
	" 'period_end', 'author', 'org', 'owner', 'adopted_by', 'name_key'," \
	" 'created_at', 'updated_at', 'slug', 'published', 'source_name'," \
	" 'table_header') AND (a.entity = 'report'" \
	" OR a.field NOT IN ('state', 'progress', 'reported_on'))))"

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int read_rows(struct stmt *st, struct arena *a, feed_list *out, struct err *e)
{
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct feed_row *f = ARENA_PUSH(a, *out);
		struct audit_row *r = &f->row;
		r->id = col_int(st, 0);
		r->at = arena_strdup(a, col_text(st, 1) ? col_text(st, 1) : "");
		r->actor = arena_strdup(a, col_text(st, 2) ? col_text(st, 2) : "");
		r->action = arena_strdup(a, col_text(st, 3) ? col_text(st, 3) : "");
		r->entity = arena_strdup(a, col_text(st, 4) ? col_text(st, 4) : "");
		r->entity_id = col_int(st, 5);
		r->field = dup_or_null(a, col_text(st, 6));
		r->old_value = dup_or_null(a, col_text(st, 7));
		r->new_value = dup_or_null(a, col_text(st, 8));
		f->plan_slug = arena_strdup(a, col_text(st, 9) ? col_text(st, 9) : "");
		f->plan_title = arena_strdup(a, col_text(st, 10) ? col_text(st, 10) : "");
		f->plan_owner = dup_or_null(a, col_text(st, 11));
		f->measure_id = col_int(st, 12);
		f->subject = dup_or_null(a, col_text(st, 13));
		f->report_state = dup_or_null(a, col_text(st, 14));
		f->report_on = dup_or_null(a, col_text(st, 15));
		f->report_author = dup_or_null(a, col_text(st, 16));
		f->report_org = dup_or_null(a, col_text(st, 17));
		f->report_progress = (int)col_int(st, 18);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int feed_for_plan(struct db *db, struct arena *a, int64_t plan, size_t limit,
		  feed_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		FEED_COLUMNS
		" FROM audit a JOIN plan p ON p.id = a.plan_id"
		" LEFT JOIN report r ON a.entity = 'report' AND r.id = a.entity_id"
		" LEFT JOIN budget_line b ON a.entity = 'budget' AND b.id = a.entity_id"
		" LEFT JOIN measure m ON m.id = CASE a.entity WHEN 'measure' THEN a.entity_id"
		" WHEN 'report' THEN r.measure_id WHEN 'budget' THEN b.measure_id END"
		FEED_JOINS
		" WHERE a.plan_id = :plan AND " PLAN_VISIBLE("p") " AND" FEED_WORTH
		" ORDER BY a.id DESC LIMIT :limit");
	stmt_bind_int(st, ":plan", plan);
	stmt_bind_int(st, ":user", 0); /* the public: published plans only */
	stmt_bind_int(st, ":limit", (int64_t)limit);
	return read_rows(st, a, out, e);
}

int feed_for_org(struct db *db, struct arena *a, int64_t org, size_t limit,
		 feed_list *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"WITH ms(id) AS (SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
		" WHERE " INVOLVED(":org") " AND " PLAN_VISIBLE("p") "),"
		" ents(entity, eid, mid) AS (SELECT 'measure', id, id FROM ms"
		" UNION ALL SELECT 'report', x.id, x.measure_id FROM report x"
		" JOIN ms ON x.measure_id = ms.id"
		" UNION ALL SELECT 'budget', x.id, x.measure_id FROM budget_line x"
		" JOIN ms ON x.measure_id = ms.id) "
		FEED_COLUMNS
		" FROM ents JOIN audit a ON a.entity = ents.entity AND a.entity_id = ents.eid"
		" JOIN measure m ON m.id = ents.mid JOIN plan p ON p.id = m.plan_id"
		" LEFT JOIN report r ON a.entity = 'report' AND r.id = a.entity_id"
		FEED_JOINS
		" WHERE" FEED_WORTH
		" ORDER BY a.id DESC LIMIT :limit");
	stmt_bind_int(st, ":org", org);
	stmt_bind_int(st, ":user", 0); /* the public: published plans only */
	stmt_bind_int(st, ":limit", (int64_t)limit);
	return read_rows(st, a, out, e);
}
