/*
 * tree.c: reading and writing a plan's whole tree (see plan.h): areas with
 * their goals and focuses, strategies, measures with their organisation
 * links and budget lines, and the free sections.
 *
 * Loading reads each level with one query over the whole plan and hangs the
 * rows on their parents through an id map, so a plan costs a fixed handful
 * of queries however large it is.
 */
#include "model/plan.h"
#include "model/audit.h"
#include "model/merge.h"
#include "model/org.h"
#include "model/rows.h"
#include "base/money.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- id -> node map for attaching children --- */

struct id_entry {
	int64_t id;
	void *node;
};

typedef VEC(struct id_entry) id_map;

static int cmp_entry(const void *a, const void *b)
{
	int64_t x = ((const struct id_entry *)a)->id;
	int64_t y = ((const struct id_entry *)b)->id;
	return (x > y) - (x < y);
}

static void map_add(struct arena *a, id_map *m, int64_t id, void *node)
{
	struct id_entry *e = ARENA_PUSH(a, *m);
	e->id = id;
	e->node = node;
}

static void map_sort(id_map *m)
{
	if (m->count)
		qsort(m->items, m->count, sizeof *m->items, cmp_entry);
}

static void *map_get(const id_map *m, int64_t id)
{
	struct id_entry key = {id, NULL};
	if (!m->count)
		return NULL;
	struct id_entry *e = bsearch(&key, m->items, m->count, sizeof *m->items,
				     cmp_entry);
	return e ? e->node : NULL;
}

static const char *text_or_empty(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

/* --- rows into structs (rows.h) --- */

void rows_link(struct stmt *st, int col, struct arena *a, struct measure *m)
{
	bool responsible = strcmp(col_text(st, col), "responsible") == 0;
	struct org_link *l = responsible ? ARENA_PUSH(a, m->responsible)
					 : ARENA_PUSH(a, m->participants);
	l->org_id = col_int(st, col + 1);
	l->name = text_or_empty(a, col_text(st, col + 2));
	l->as_written = text_or_empty(a, col_text(st, col + 3));
	l->note = col_text(st, col + 4) ? arena_strdup(a, col_text(st, col + 4)) : NULL;
	l->collective = col_int(st, col + 5) != 0;
}

void rows_budget(struct stmt *st, int col, struct arena *a, struct measure *m)
{
	struct budget_line *b = ARENA_PUSH(a, m->budget);
	b->year = (int)col_int(st, col);
	b->has_amount = !col_null(st, col + 1);
	b->amount = col_int(st, col + 1);
	b->text = text_or_empty(a, col_text(st, col + 2));
	enum money_qualifier q;
	/* The CHECK of the column keeps other codes out. */
	b->qualifier = money_qualifier_parse(col_text(st, col + 3), &q) == OK ? (int)q : MQ_EXACT;
	b->per_year = col_int(st, col + 4) != 0;
}

void rows_period(struct stmt *st, int col, int kind_col, struct period *p)
{
	snprintf(p->start, sizeof p->start, "%s", col_text(st, col) ? col_text(st, col) : "");
	snprintf(p->end, sizeof p->end, "%s", col_text(st, col + 1) ? col_text(st, col + 1) : "");
	if (period_kind_parse(col_text(st, kind_col), &p->kind) != OK)
		p->kind = PERIOD_RANGE;
}

void rows_plan_summary(struct stmt *st, int col, struct arena *a, struct plan_summary *s)
{
	s->id = col_int(st, col);
	s->slug = text_or_empty(a, col_text(st, col + 1));
	s->title = text_or_empty(a, col_text(st, col + 2));
	s->kind = text_or_empty(a, col_text(st, col + 3));
	s->year = (int)col_int(st, col + 4);
	if (plan_status_parse(col_text(st, col + 5), &s->status) != OK)
		s->status = PLAN_DRAFT;
	s->published = col_int(st, col + 6) != 0;
	s->owner = col_text(st, col + 7) ? arena_strdup(a, col_text(st, col + 7)) : NULL;
	s->owner_id = col_int(st, col + 8);
}

/* --- loading --- */

static int load_areas(struct db *db, struct arena *a, struct plan *p,
		      id_map *areas, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, number, title, table_header FROM area"
		" WHERE plan_id = :plan ORDER BY position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct area *ar = ARENA_PUSH(a, p->areas);
		ar->id = col_int(st, 0);
		ar->number = text_or_empty(a, col_text(st, 1));
		ar->title = text_or_empty(a, col_text(st, 2));
		ar->table_header = text_or_empty(a, col_text(st, 3));
	}
	stmt_finish(st);
	for (size_t i = 0; i < p->areas.count; i++)
		map_add(a, areas, p->areas.items[i].id, &p->areas.items[i]);
	map_sort(areas);
	return rc == ERR ? ERR : OK;
}

static int load_goals_and_focuses(struct db *db, struct arena *a,
				  struct plan *p, const id_map *areas,
				  id_map *focuses, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT g.area_id, g.id, g.text FROM goal g"
		" JOIN area ar ON ar.id = g.area_id WHERE ar.plan_id = :plan"
		" ORDER BY g.area_id, g.position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct area *ar = map_get(areas, col_int(st, 0));
		if (!ar)
			continue;
		struct goal *g = ARENA_PUSH(a, ar->goals);
		g->id = col_int(st, 1);
		g->text = text_or_empty(a, col_text(st, 2));
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;

	st = db_prepare(db,
		"SELECT f.area_id, f.id, f.title FROM focus f"
		" JOIN area ar ON ar.id = f.area_id WHERE ar.plan_id = :plan"
		" ORDER BY f.area_id, f.position");
	stmt_bind_int(st, ":plan", p->id);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct area *ar = map_get(areas, col_int(st, 0));
		if (!ar)
			continue;
		struct focus *f = ARENA_PUSH(a, ar->focuses);
		f->id = col_int(st, 1);
		f->title = text_or_empty(a, col_text(st, 2));
	}
	stmt_finish(st);
	for (size_t i = 0; i < p->areas.count; i++) {
		struct area *ar = &p->areas.items[i];
		for (size_t f = 0; f < ar->focuses.count; f++)
			map_add(a, focuses, ar->focuses.items[f].id, &ar->focuses.items[f]);
	}
	map_sort(focuses);
	return rc == ERR ? ERR : OK;
}

static int load_strategies(struct db *db, struct arena *a, struct plan *p,
			   const id_map *focuses, id_map *strategies,
			   struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT s.focus_id, s.id, s.text FROM strategy s"
		" JOIN focus f ON f.id = s.focus_id JOIN area ar ON ar.id = f.area_id"
		" WHERE ar.plan_id = :plan ORDER BY s.focus_id, s.position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct focus *f = map_get(focuses, col_int(st, 0));
		if (!f)
			continue;
		struct strategy *s = ARENA_PUSH(a, f->strategies);
		s->id = col_int(st, 1);
		s->text = text_or_empty(a, col_text(st, 2));
	}
	stmt_finish(st);
	for (size_t i = 0; i < focuses->count; i++) {
		struct focus *f = focuses->items[i].node;
		for (size_t s = 0; s < f->strategies.count; s++)
			map_add(a, strategies, f->strategies.items[s].id,
				&f->strategies.items[s]);
	}
	map_sort(strategies);
	return rc == ERR ? ERR : OK;
}

static int load_measures(struct db *db, struct arena *a, struct plan *p,
			 const id_map *strategies, id_map *measures,
			 struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT strategy_id, id, text, period_text, period_start, period_end,"
		" responsibility_text, state, COALESCE(continued_from, 0), COALESCE(progress, -1),"
		" reported_on, (SELECT pr.title FROM project pr WHERE pr.id = measure.project_id),"
		" period_kind"
		" FROM measure WHERE plan_id = :plan ORDER BY strategy_id, position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct strategy *s = map_get(strategies, col_int(st, 0));
		if (!s)
			continue;
		struct measure *m = ARENA_PUSH(a, s->measures);
		m->id = col_int(st, 1);
		m->text = text_or_empty(a, col_text(st, 2));
		m->period_text = text_or_empty(a, col_text(st, 3));
		rows_period(st, 4, 12, &m->period);
		m->responsibility_text = text_or_empty(a, col_text(st, 6));
		m->state = col_text(st, 7) ? arena_strdup(a, col_text(st, 7)) : NULL;
		m->continued_from = col_int(st, 8);
		m->progress = (int)col_int(st, 9);
		m->reported_on = col_text(st, 10) ? arena_strdup(a, col_text(st, 10)) : NULL;
		m->project = col_text(st, 11) ? arena_strdup(a, col_text(st, 11)) : NULL;
	}
	stmt_finish(st);
	for (size_t i = 0; i < strategies->count; i++) {
		struct strategy *s = strategies->items[i].node;
		for (size_t m = 0; m < s->measures.count; m++)
			map_add(a, measures, s->measures.items[m].id, &s->measures.items[m]);
	}
	map_sort(measures);
	return rc == ERR ? ERR : OK;
}

static int load_links_and_budget(struct db *db, struct arena *a, struct plan *p,
				 const id_map *measures, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT mo.measure_id, mo.role, mo.org_id, o.name, mo.as_written,"
		" mo.note, mo.collective FROM measure_org mo"
		" JOIN measure m ON m.id = mo.measure_id JOIN org o ON o.id = mo.org_id"
		" WHERE m.plan_id = :plan ORDER BY mo.measure_id, mo.role, mo.position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct measure *m = map_get(measures, col_int(st, 0));
		if (!m)
			continue;
		rows_link(st, 1, a, m);
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;

	st = db_prepare(db,
		"SELECT b.measure_id, COALESCE(b.year, 0), b.amount, b.text, b.qualifier, b.per_year"
		" FROM budget_line b JOIN measure m ON m.id = b.measure_id"
		" WHERE m.plan_id = :plan ORDER BY b.measure_id, b.position");
	stmt_bind_int(st, ":plan", p->id);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct measure *m = map_get(measures, col_int(st, 0));
		if (!m)
			continue;
		rows_budget(st, 1, a, m);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static int load_sections(struct db *db, struct arena *a, struct plan *p,
			 struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, title FROM plan_section WHERE plan_id = :plan ORDER BY position");
	stmt_bind_int(st, ":plan", p->id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct section *s = ARENA_PUSH(a, p->sections);
		s->id = col_int(st, 0);
		s->title = text_or_empty(a, col_text(st, 1));
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	id_map sections = {0};
	for (size_t i = 0; i < p->sections.count; i++)
		map_add(a, &sections, p->sections.items[i].id, &p->sections.items[i]);
	map_sort(&sections);

	st = db_prepare(db,
		"SELECT e.section_id, e.title, e.text FROM section_entry e"
		" JOIN plan_section s ON s.id = e.section_id WHERE s.plan_id = :plan"
		" ORDER BY e.section_id, e.position");
	stmt_bind_int(st, ":plan", p->id);
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct section *s = map_get(&sections, col_int(st, 0));
		if (!s)
			continue;
		struct section_entry *en = ARENA_PUSH(a, s->entries);
		en->title = text_or_empty(a, col_text(st, 1));
		en->text = text_or_empty(a, col_text(st, 2));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int plan_load(struct db *db, struct arena *a, const char *slug,
	      struct plan **out, struct err *e)
{
	if (plan_load_head(db, a, slug, out, e) != OK)
		return ERR;
	struct plan *p = *out;
	id_map areas = {0}, focuses = {0}, strategies = {0}, measures = {0};
	if (load_areas(db, a, p, &areas, e) != OK ||
	    load_goals_and_focuses(db, a, p, &areas, &focuses, e) != OK ||
	    load_strategies(db, a, p, &focuses, &strategies, e) != OK ||
	    load_measures(db, a, p, &strategies, &measures, e) != OK ||
	    load_links_and_budget(db, a, p, &measures, e) != OK ||
	    load_sections(db, a, p, e) != OK) {
		*out = NULL;
		return ERR;
	}
	return OK;
}

/* --- storing --- */

/* Inserts with RETURNING id: steps st, reads the id, finishes. */
static int insert_returning(struct stmt *st, int64_t *id, struct err *e)
{
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

static int resolve_link(struct db *db, struct org_link *l, int64_t owner,
			struct err *e)
{
	if (l->org_id)
		return OK;
	struct arena tmp = ARENA_INIT;
	struct org_match m;
	int found = org_lookup(db, &tmp, l->name, owner, &m, e);
	arena_release(&tmp);
	if (found < 0)
		return ERR;
	if (found) {
		l->org_id = m.org_id;
		return OK;
	}
	return org_create_in_tx(db, l->name, l->new_kind ? l->new_kind : "other",
				owner, &l->org_id, e);
}

static int store_links(struct db *db, int64_t measure_id, struct org_link *links,
		       size_t count, const char *role, int64_t owner,
		       struct err *e)
{
	for (size_t i = 0; i < count; i++) {
		struct org_link *l = &links[i];
		if (resolve_link(db, l, owner, e) != OK)
			return ERR;
		/* The same organisation named twice in one role (two
		 * responsibility blocks in one cell) is stored once. */
		struct stmt *st = db_prepare(db,
			"INSERT INTO measure_org (measure_id, org_id, role, collective,"
			" position, as_written, note)"
			" VALUES (:measure, :org, :role, :collective, :position, :as_written, :note)"
			" ON CONFLICT DO NOTHING");
		stmt_bind_int(st, ":measure", measure_id);
		stmt_bind_int(st, ":org", l->org_id);
		stmt_bind_text(st, ":role", role);
		stmt_bind_int(st, ":collective", l->collective);
		stmt_bind_int(st, ":position", (int64_t)i + 1);
		stmt_bind_text(st, ":as_written", l->as_written ? l->as_written : l->name);
		stmt_bind_text(st, ":note", l->note);
		if (stmt_run(st, e) != OK)
			return ERR;
	}
	return OK;
}

int tree_resolve_links_in_tx(struct db *db, struct measure *m, int64_t owner,
			     struct err *e)
{
	for (size_t i = 0; i < m->responsible.count; i++)
		if (resolve_link(db, &m->responsible.items[i], owner, e) != OK)
			return ERR;
	for (size_t i = 0; i < m->participants.count; i++)
		if (resolve_link(db, &m->participants.items[i], owner, e) != OK)
			return ERR;
	return OK;
}

int tree_store_links_in_tx(struct db *db, struct measure *m, int64_t owner,
			   struct err *e)
{
	if (store_links(db, m->id, m->responsible.items, m->responsible.count,
			"responsible", owner, e) != OK ||
	    store_links(db, m->id, m->participants.items, m->participants.count,
			"participant", owner, e) != OK)
		return ERR;
	return OK;
}

static int store_measure(struct db *db, struct plan *p, int64_t strategy_id,
			 size_t position, struct measure *m, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"INSERT INTO measure (strategy_id, plan_id, position, text, period_text,"
		" period_start, period_end, period_kind, responsibility_text)"
		" VALUES (:strategy, :plan, :position, :text, :period_text, :start, :end,"
		" :kind, :resp) RETURNING id");
	stmt_bind_int(st, ":strategy", strategy_id);
	stmt_bind_int(st, ":plan", p->id);
	stmt_bind_int(st, ":position", (int64_t)position);
	stmt_bind_text(st, ":text", m->text);
	stmt_bind_text(st, ":period_text", m->period_text ? m->period_text : "");
	stmt_bind_text_or_null(st, ":start", m->period.start);
	stmt_bind_text_or_null(st, ":end", m->period.end);
	if (m->period.kind == PERIOD_RANGE)
		stmt_bind_null(st, ":kind"); /* NULL is a range */
	else
		stmt_bind_text(st, ":kind", period_kind_code(m->period.kind));
	stmt_bind_text(st, ":resp", m->responsibility_text ? m->responsibility_text : "");
	if (insert_returning(st, &m->id, e) != OK ||
	    tree_store_links_in_tx(db, m, p->owner_id, e) != OK)
		return ERR;
	for (size_t i = 0; i < m->budget.count; i++) {
		const struct budget_line *b = &m->budget.items[i];
		st = db_prepare(db,
			"INSERT INTO budget_line (measure_id, position, year, amount, text,"
			" qualifier, per_year)"
			" VALUES (:measure, :position, :year, :amount, :text, :qualifier, :per_year)");
		stmt_bind_int(st, ":measure", m->id);
		stmt_bind_int(st, ":position", (int64_t)i + 1);
		if (b->year)
			stmt_bind_int(st, ":year", b->year);
		else
			stmt_bind_null(st, ":year");
		if (b->has_amount)
			stmt_bind_int(st, ":amount", b->amount);
		else
			stmt_bind_null(st, ":amount");
		stmt_bind_text(st, ":text", b->text ? b->text : "");
		stmt_bind_text_or_null(st, ":qualifier",
				       money_qualifier_code((enum money_qualifier)b->qualifier));
		stmt_bind_int(st, ":per_year", b->per_year);
		if (stmt_run(st, e) != OK)
			return ERR;
	}
	return OK;
}

static int store_focus(struct db *db, struct plan *p, int64_t area_id,
		       size_t position, struct focus *f, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"INSERT INTO focus (area_id, position, title)"
		" VALUES (:area, :position, :title) RETURNING id");
	stmt_bind_int(st, ":area", area_id);
	stmt_bind_int(st, ":position", (int64_t)position);
	stmt_bind_text(st, ":title", f->title);
	if (insert_returning(st, &f->id, e) != OK)
		return ERR;
	for (size_t s = 0; s < f->strategies.count; s++) {
		struct strategy *sg = &f->strategies.items[s];
		st = db_prepare(db,
			"INSERT INTO strategy (focus_id, position, text)"
			" VALUES (:focus, :position, :text) RETURNING id");
		stmt_bind_int(st, ":focus", f->id);
		stmt_bind_int(st, ":position", (int64_t)s + 1);
		stmt_bind_text(st, ":text", sg->text);
		if (insert_returning(st, &sg->id, e) != OK)
			return ERR;
		for (size_t m = 0; m < sg->measures.count; m++)
			if (store_measure(db, p, sg->id, m + 1, &sg->measures.items[m], e) != OK)
				return ERR;
	}
	return OK;
}

static int store_area(struct db *db, struct plan *p, size_t position,
		      struct area *ar, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"INSERT INTO area (plan_id, position, number, title, table_header)"
		" VALUES (:plan, :position, :number, :title, :header) RETURNING id");
	stmt_bind_int(st, ":plan", p->id);
	stmt_bind_int(st, ":position", (int64_t)position);
	stmt_bind_text_or_null(st, ":number", ar->number);
	stmt_bind_text(st, ":title", ar->title);
	stmt_bind_text_or_null(st, ":header", ar->table_header);
	if (insert_returning(st, &ar->id, e) != OK)
		return ERR;
	for (size_t g = 0; g < ar->goals.count; g++) {
		st = db_prepare(db,
			"INSERT INTO goal (area_id, position, text)"
			" VALUES (:area, :position, :text) RETURNING id");
		stmt_bind_int(st, ":area", ar->id);
		stmt_bind_int(st, ":position", (int64_t)g + 1);
		stmt_bind_text(st, ":text", ar->goals.items[g].text);
		if (insert_returning(st, &ar->goals.items[g].id, e) != OK)
			return ERR;
	}
	for (size_t f = 0; f < ar->focuses.count; f++)
		if (store_focus(db, p, ar->id, f + 1, &ar->focuses.items[f], e) != OK)
			return ERR;
	return OK;
}

static int store_sections(struct db *db, struct plan *p, struct err *e)
{
	for (size_t i = 0; i < p->sections.count; i++) {
		struct section *s = &p->sections.items[i];
		struct stmt *st = db_prepare(db,
			"INSERT INTO plan_section (plan_id, position, title)"
			" VALUES (:plan, :position, :title) RETURNING id");
		stmt_bind_int(st, ":plan", p->id);
		stmt_bind_int(st, ":position", (int64_t)i + 1);
		stmt_bind_text(st, ":title", s->title);
		if (insert_returning(st, &s->id, e) != OK)
			return ERR;
		for (size_t k = 0; k < s->entries.count; k++) {
			st = db_prepare(db,
				"INSERT INTO section_entry (section_id, position, title, text)"
				" VALUES (:section, :position, :title, :text)");
			stmt_bind_int(st, ":section", s->id);
			stmt_bind_int(st, ":position", (int64_t)k + 1);
			stmt_bind_text(st, ":title", s->entries.items[k].title);
			stmt_bind_text(st, ":text", s->entries.items[k].text);
			if (stmt_run(st, e) != OK)
				return ERR;
		}
	}
	return OK;
}

/* Binds the plan row's own columns (shared by insert and replace). */
static void bind_plan_columns(struct stmt *st, const struct plan *p)
{
	stmt_bind_text(st, ":slug", p->slug);
	stmt_bind_text(st, ":kind", p->kind);
	stmt_bind_text(st, ":title", p->title);
	if (p->year)
		stmt_bind_int(st, ":year", p->year);
	else
		stmt_bind_null(st, ":year");
	if (p->owner_id)
		stmt_bind_int(st, ":owner", p->owner_id);
	else
		stmt_bind_null(st, ":owner");
	stmt_bind_text(st, ":status", plan_status_code(p->status));
	if (p->adopted_by_id)
		stmt_bind_int(st, ":adopted_by", p->adopted_by_id);
	else
		stmt_bind_null(st, ":adopted_by");
	stmt_bind_text(st, ":adopted_on", p->adopted_on);
	stmt_bind_int(st, ":published", p->published);
	stmt_bind_text(st, ":values", p->values);
	stmt_bind_text(st, ":vision", p->vision);
	stmt_bind_text(st, ":main_goal", p->main_goal);
	stmt_bind_text(st, ":source", p->source_name);
}

/* Finds the stored plan with p's slug: *id and *version, 0 when none. */
static int find_plan(struct db *db, const struct plan *p, int64_t *id, int64_t *version,
		     struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT id, version FROM plan WHERE slug = :slug");
	stmt_bind_text(st, ":slug", p->slug);
	int rc = stmt_step(st, e);
	*id = rc == DB_ROW ? col_int(st, 0) : 0;
	*version = rc == DB_ROW ? col_int(st, 1) : 0;
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static int insert_plan_row(struct db *db, struct plan *p, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"INSERT INTO plan (slug, kind, title, year, owner_org_id, status,"
		" adopted_by_org_id, adopted_on, published, values_text, vision,"
		" main_goal, source_name, source_sha256, created_at, updated_at)"
		" VALUES (:slug, :kind, :title, :year, :owner, :status, :adopted_by,"
		" :adopted_on, :published, :values, :vision, :main_goal, :source,"
		" :sha, :now, :now)"
		" RETURNING id, version");
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	stmt_bind_text(st, ":now", now);
	stmt_bind_text_or_null(st, ":sha", p->source_sha256);
	bind_plan_columns(st, p);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		p->id = col_int(st, 0);
		p->version = col_int(st, 1);
	}
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

static int ensure_councils(struct db *db, struct plan *p, struct err *e)
{
	bool created;
	if (!p->owner_id && p->owner &&
	    org_ensure_council_in_tx(db, p->owner, &p->owner_id, &created, e) != OK)
		return ERR;
	if (!p->adopted_by_id && p->adopted_by &&
	    org_ensure_council_in_tx(db, p->adopted_by, &p->adopted_by_id, &created, e) != OK)
		return ERR;
	return OK;
}

/* A replaced plan now comes from p's document (when it was imported). */
static int set_source_sha(struct db *db, const struct plan *p, struct err *e)
{
	if (!p->source_sha256)
		return OK;
	struct stmt *st = db_prepare(db, "UPDATE plan SET source_sha256 = :sha WHERE id = :id");
	stmt_bind_text(st, ":sha", p->source_sha256);
	stmt_bind_int(st, ":id", p->id);
	return stmt_run(st, e);
}

/* Refuses a new plan from a document that became a plan already (its
 * SHA-256), naming that plan. */
static int same_document(struct db *db, struct arena *a, const struct plan *p, struct err *e)
{
	if (!p->source_sha256)
		return OK;
	struct stmt *st = db_prepare(db,
		"SELECT slug, title FROM plan WHERE source_sha256 = :sha ORDER BY id LIMIT 1");
	stmt_bind_text(st, ":sha", p->source_sha256);
	int rc = stmt_step(st, e);
	const char *slug = rc == DB_ROW ? arena_strdup(a, col_text(st, 0)) : NULL;
	const char *title = rc == DB_ROW ? arena_strdup(a, col_text(st, 1)) : NULL;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (slug)
		return err_set(e, ERR_CONFLICT, "file",
			       _("This document was imported already, as the plan \"%s\" (%s). To import it again over that plan, use --replace --slug %s; for a second plan from it, --copy."),
			       title, slug, slug);
	return OK;
}

/* A new plan: its row and its whole tree. */
static int store_new(struct db *db, struct plan *p, struct err *e)
{
	if (insert_plan_row(db, p, e) != OK)
		return ERR;
	for (size_t i = 0; i < p->areas.count; i++)
		if (store_area(db, p, i + 1, &p->areas.items[i], e) != OK)
			return ERR;
	return store_sections(db, p, e);
}

int plan_store_in_tx(struct db *db, struct arena *a, struct plan *p, bool replace,
		     const struct merge_options *o, const char *actor,
		     struct merge_result *out, struct err *e)
{
	static const struct merge_options none = {0};
	if (!o)
		o = &none;
	if (!plan_slug_valid(p->slug))
		return err_set(e, ERR_INPUT, "slug",
			       _("\"%s\" is not a valid plan name (use a-z, 0-9 and -)."),
			       p->slug);
	int64_t id = 0, old_version = 0;
	if (ensure_councils(db, p, e) != OK || find_plan(db, p, &id, &old_version, e) != OK)
		return ERR;
	if (id && !replace)
		return err_set(e, ERR_CONFLICT, "slug",
			       _("A plan called \"%s\" exists already (use --replace to replace it, or --slug to give this one another name)."),
			       p->slug);
	if (!id && !o->same_source_ok && same_document(db, a, p, e) != OK)
		return ERR;
	char summary[200], old[32];
	if (!id) {
		if (store_new(db, p, e) != OK)
			return ERR;
		snprintf(summary, sizeof summary,
			 "version=%lld areas=%zu measures=%zu budget=%lld",
			 (long long)p->version, p->areas.count, plan_count_measures(p),
			 (long long)plan_budget_total(p));
	} else {
		/* Replace: the stored tree is changed in place (merge.h), so
		 * what stays keeps its id, its reports and its links. */
		struct merge_result local = {0};
		if (!out)
			out = &local;
		p->id = id;
		out->replaced = true;
		if (merge_plan_in_tx(db, a, p, o, actor, out, e) != OK ||
		    set_source_sha(db, p, e) != OK || find_plan(db, p, &id, &p->version, e) != OK)
			return ERR;
		snprintf(summary, sizeof summary,
			 "version=%lld areas=%zu measures=%zu budget=%lld"
			 " changed=%zu added=%zu removed=%zu",
			 (long long)p->version, p->areas.count, plan_count_measures(p),
			 (long long)plan_budget_total(p), out->changed, out->added,
			 out->removed);
	}
	snprintf(old, sizeof old, "version=%lld", (long long)old_version);
	return audit_in_tx(db, actor, id && old_version ? "plan.replace" : "plan.import", "plan",
			   p->id, old_version ? old : NULL, summary, e);
}

int plan_store_ex(struct db *db, struct arena *a, struct plan *p, bool replace,
		  const struct merge_options *o, const char *actor,
		  struct merge_result *out, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	if (plan_store_in_tx(db, a, p, replace, o, actor, out, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	if (o && o->dry_run) {
		db_rollback(db);
		return OK;
	}
	return db_commit(db, e);
}

int plan_store(struct db *db, struct plan *p, bool replace, const char *actor,
	       struct err *e)
{
	struct arena a = ARENA_INIT;
	int rc = plan_store_ex(db, &a, p, replace, NULL, actor, NULL, e);
	arena_release(&a);
	return rc;
}
