/*
 * rollover.c: next year's action plan from this year's, and the line of a
 * measure back through the years (see rollover.h).
 *
 * The old plan is read whole (plan_load) with every measure's current
 * state; what is carried is decided from that alone, so a preview, a dry
 * run and the real thing agree. The writing is node_create_in_tx, node by
 * node, so every new node has its history row and the new plan's data
 * version goes up with each; the organisation links are copied as rows, as
 * the importer stores them.
 */
#include "model/rollover.h"
#include "model/audit.h"
#include "model/node.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far back measure_predecessors follows a line. */
#define LINE_MAX_STEPS 50

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

const char *rollover_replace_year(struct arena *a, const char *s, int year,
				  int next, const char *sep)
{
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	size_t n = strlen(y);
	const char *last = NULL;
	for (const char *p = strstr(s, y); p; p = strstr(p + 1, y))
		if ((p == s || !is_digit(p[-1])) && !is_digit(p[n]))
			last = p;
	if (!last)
		return arena_printf(a, "%s%s%d", s, sep, next);
	return arena_printf(a, "%.*s%d%s", (int)(last - s), s, next, last + n);
}

/* --- the current state of every measure of a plan (plan.h) --- */

static const char *state_of(const measure_state_list *l, int64_t id)
{
	const struct measure_state *m = measure_state_find(l, id);
	return m ? m->state : NULL;
}

static bool ends_here(const char *state)
{
	return state && (strcmp(state, "done") == 0 || strcmp(state, "cancelled") == 0);
}

/* --- checks --- */

/* 1 when a plan called slug exists, 0 when not, ERR. */
static int slug_taken(struct db *db, const char *slug, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM plan WHERE slug = :slug");
	stmt_bind_text(st, ":slug", slug);
	int rc = stmt_step(st, e);
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

/* The slug of a plan that already continues measures of plan (into arena),
 * or NULL. */
static int rolled_over_to(struct db *db, struct arena *a, int64_t plan, const char **slug,
			  struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT p.slug FROM measure m JOIN measure old ON old.id = m.continued_from"
		" JOIN plan p ON p.id = m.plan_id"
		" WHERE old.plan_id = :plan AND m.plan_id <> :plan ORDER BY p.id LIMIT 1");
	stmt_bind_int(st, ":plan", plan);
	int rc = stmt_step(st, e);
	*slug = rc == DB_ROW ? arena_strdup(a, col_text(st, 0)) : NULL;
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

/* Decides what a rollover of old does: the new title and slug, the
 * refusals, and which measures are carried (out). */
static int plan_step(struct db *db, struct arena *a, const struct plan *old,
		     const measure_state_list *states, struct rollover_summary *out, struct err *e)
{
	out->from_plan = old->id;
	out->from_slug = old->slug;
	out->from_title = old->title;
	out->from_year = old->year;
	if (strcmp(old->kind, "action") != 0 || old->year == 0)
		return err_set(e, ERR_INPUT, "slug",
			       _("Only an action plan with a year can be rolled over to next year; \"%s\" has no year."),
			       old->title);
	out->year = old->year + 1;
	out->title = rollover_replace_year(a, old->title, old->year, out->year, " ");
	out->slug = rollover_replace_year(a, old->slug, old->year, out->year, "-");
	if (!plan_slug_valid(out->slug))
		return err_set(e, ERR_INPUT, "slug",
			       _("Next year's plan cannot be named from \"%s\"; give the plan a shorter name first."),
			       old->slug);
	int taken = slug_taken(db, out->slug, e);
	if (taken == ERR)
		return ERR;
	if (taken)
		return err_set(e, ERR_CONFLICT, "slug",
			       _("The plan for %d exists already (%s). Nothing was stored."),
			       out->year, out->slug);
	const char *done_to;
	if (rolled_over_to(db, a, old->id, &done_to, e) != OK)
		return ERR;
	if (done_to)
		return err_set(e, ERR_CONFLICT, "slug",
			       _("This plan has been rolled over already, to %s. Nothing was stored."),
			       done_to);
	for (size_t i = 0; i < old->areas.count; i++) {
		const struct area *ar = &old->areas.items[i];
		out->areas++;
		out->goals += ar->goals.count;
		out->focuses += ar->focuses.count;
		for (size_t f = 0; f < ar->focuses.count; f++) {
			const struct focus *fo = &ar->focuses.items[f];
			out->strategies += fo->strategies.count;
			for (size_t s = 0; s < fo->strategies.count; s++) {
				const struct strategy *sg = &fo->strategies.items[s];
				for (size_t m = 0; m < sg->measures.count; m++) {
					const struct measure *me = &sg->measures.items[m];
					const char *state = state_of(states, me->id);
					struct rollover_item *it = ends_here(state)
									   ? ARENA_PUSH(a, out->left)
									   : ARENA_PUSH(a, out->carried);
					it->from_id = me->id;
					it->to_id = 0;
					it->text = me->text;
					it->state = state;
				}
			}
		}
	}
	out->sections = old->sections.count;
	for (size_t i = 0; i < old->sections.count; i++)
		out->entries += old->sections.items[i].entries.count;
	return OK;
}

/* --- writing --- */

struct writer {
	struct db *db;
	struct arena *a;
	const char *actor;
	const measure_state_list *states;
	struct rollover_summary *out;
	size_t next_carried; /* index into out->carried, in plan order */
	struct err *e;
};

static const char *id_text(struct arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

static int create(struct writer *w, enum node_kind k, int64_t parent, const struct patch *p,
		  int64_t *id)
{
	return node_create_in_tx(w->db, k, parent, 0, p, w->actor, id, w->e);
}

/* The responsible and participating organisations of from, as rows of to. */
static int copy_links(struct writer *w, int64_t from, int64_t to)
{
	struct stmt *st = db_prepare(w->db,
		"INSERT INTO measure_org (measure_id, org_id, role, collective, position,"
		" as_written, note)"
		" SELECT :to, org_id, role, collective, position, as_written, note"
		" FROM measure_org WHERE measure_id = :from");
	stmt_bind_int(st, ":to", to);
	stmt_bind_int(st, ":from", from);
	return stmt_run(st, w->e);
}

static int write_measure(struct writer *w, int64_t strategy, const struct measure *m)
{
	if (ends_here(state_of(w->states, m->id)))
		return OK;
	struct patch p = {0};
	patch_set(&p, "text", m->text);
	patch_set(&p, "period", m->period_text ? m->period_text : "");
	patch_set(&p, "responsibility", m->responsibility_text ? m->responsibility_text : "");
	patch_set(&p, "continued_from", id_text(w->a, m->id));
	int64_t id;
	if (create(w, NODE_MEASURE, strategy, &p, &id) != OK || copy_links(w, m->id, id) != OK)
		return ERR;
	struct rollover_item *it = &w->out->carried.items[w->next_carried++];
	if (it->from_id != m->id) /* the plan step and the writing walk alike */
		return err_set(w->e, ERR_INTERNAL, NULL, _("The rollover lost its place."));
	it->to_id = id;
	return OK;
}

static int write_area(struct writer *w, int64_t plan, const struct area *ar)
{
	struct patch p = {0};
	int64_t area, id;
	patch_set(&p, "number", ar->number);
	patch_set(&p, "title", ar->title);
	patch_set(&p, "table_header", ar->table_header);
	if (create(w, NODE_AREA, plan, &p, &area) != OK)
		return ERR;
	for (size_t g = 0; g < ar->goals.count; g++) {
		struct patch gp = {0};
		patch_set(&gp, "text", ar->goals.items[g].text);
		if (create(w, NODE_GOAL, area, &gp, &id) != OK)
			return ERR;
	}
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		struct patch fp = {0};
		int64_t focus;
		patch_set(&fp, "title", fo->title);
		if (create(w, NODE_FOCUS, area, &fp, &focus) != OK)
			return ERR;
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *sg = &fo->strategies.items[s];
			struct patch sp = {0};
			int64_t strategy;
			patch_set(&sp, "text", sg->text);
			if (create(w, NODE_STRATEGY, focus, &sp, &strategy) != OK)
				return ERR;
			for (size_t m = 0; m < sg->measures.count; m++)
				if (write_measure(w, strategy, &sg->measures.items[m]) != OK)
					return ERR;
		}
	}
	return OK;
}

static int write_sections(struct writer *w, int64_t plan, const struct plan *old)
{
	for (size_t i = 0; i < old->sections.count; i++) {
		const struct section *s = &old->sections.items[i];
		struct patch p = {0};
		int64_t section, id;
		patch_set(&p, "title", s->title);
		if (create(w, NODE_SECTION, plan, &p, &section) != OK)
			return ERR;
		for (size_t k = 0; k < s->entries.count; k++) {
			struct patch ep = {0};
			patch_set(&ep, "title", s->entries.items[k].title);
			patch_set(&ep, "text", s->entries.items[k].text);
			if (create(w, NODE_ENTRY, section, &ep, &id) != OK)
				return ERR;
		}
	}
	return OK;
}

/* The new plan's own row: old's with the new title, slug and year, a
 * draft, not adopted, not published. */
static int write_plan(struct writer *w, const struct plan *old, int64_t *plan)
{
	struct node_values v;
	if (node_load(w->db, w->a, NODE_PLAN, old->id, &v, w->e) != OK)
		return ERR;
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct patch p = {0};
	patch_set(&p, "title", w->out->title);
	patch_set(&p, "kind", old->kind);
	patch_set(&p, "year", arena_printf(w->a, "%d", w->out->year));
	patch_set(&p, "status", "draft");
	patch_set(&p, "values", node_value(&v, "values"));
	patch_set(&p, "vision", node_value(&v, "vision"));
	patch_set(&p, "main_goal", node_value(&v, "main_goal"));
	patch_set(&p, "licence", node_value(&v, "licence"));
	patch_set(&p, "owner", node_value(&v, "owner"));
	patch_set(&p, "parent", node_value(&v, "parent"));
	patch_set(&p, "slug", w->out->slug);
	patch_set(&p, "published", "0");
	patch_set(&p, "created_at", arena_strdup(w->a, now));
	patch_set(&p, "updated_at", arena_strdup(w->a, now));
	return create(w, NODE_PLAN, 0, &p, plan);
}

static int write_all(struct writer *w, const struct plan *old)
{
	int64_t plan;
	if (write_plan(w, old, &plan) != OK)
		return ERR;
	w->out->plan = plan;
	for (size_t i = 0; i < old->areas.count; i++)
		if (write_area(w, plan, &old->areas.items[i]) != OK)
			return ERR;
	if (write_sections(w, plan, old) != OK)
		return ERR;
	char summary[160];
	snprintf(summary, sizeof summary, "from=%s carried=%zu left=%zu",
		 w->out->from_slug, w->out->carried.count, w->out->left.count);
	return audit_field_in_tx(w->db, w->actor, "plan.rollover", "plan", plan, plan, NULL,
				 w->out->from_slug, summary, w->e);
}

int plan_rollover_mode(struct db *db, struct arena *a, const char *slug,
		       enum rollover_mode mode, const char *actor,
		       struct rollover_summary *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	bool writing = mode != ROLLOVER_PREVIEW;
	if (writing && db_begin(db, e) != OK)
		return ERR;
	struct plan *old;
	measure_state_list states;
	if (plan_load(db, a, slug, &old, e) != OK ||
	    plan_measure_states(db, a, old->id, &states, e) != OK ||
	    plan_step(db, a, old, &states, out, e) != OK)
		goto fail;
	if (!writing)
		return OK;
	struct writer w = {db, a, actor, &states, out, 0, e};
	if (write_all(&w, old) != OK)
		goto fail;
	if (mode == ROLLOVER_DRY_RUN) {
		db_rollback(db);
		out->plan = 0;
		for (size_t i = 0; i < out->carried.count; i++)
			out->carried.items[i].to_id = 0;
		return OK;
	}
	if (db_commit(db, e) != OK)
		return ERR;
	return OK;
fail:
	if (writing)
		db_rollback(db);
	return ERR;
}

int plan_rollover(struct db *db, struct arena *a, const char *slug,
		  const char *actor, struct rollover_summary *out, struct err *e)
{
	return plan_rollover_mode(db, a, slug, ROLLOVER_STORE, actor, out, e);
}

/* --- the line through the years --- */

int measure_predecessors(struct db *db, struct arena *a, int64_t id,
			 measure_link_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	int64_t seen[LINE_MAX_STEPS + 1];
	size_t nseen = 0;
	seen[nseen++] = id;
	int64_t at = id;
	while (nseen <= LINE_MAX_STEPS) {
		struct stmt *st = db_prepare(db,
			"SELECT p.id, p.text, pl.id, COALESCE(pl.owner_org_id, 0), pl.slug, pl.title,"
			" COALESCE(pl.year, 0), pl.published"
			" FROM measure m JOIN measure p ON p.id = m.continued_from"
			" JOIN plan pl ON pl.id = p.plan_id WHERE m.id = :id");
		stmt_bind_int(st, ":id", at);
		int rc = stmt_step(st, e);
		if (rc == DB_ROW) {
			struct measure_link *l = ARENA_PUSH(a, *out);
			l->id = col_int(st, 0);
			l->text = arena_strdup(a, col_text(st, 1));
			l->plan_id = col_int(st, 2);
			l->owner_id = col_int(st, 3);
			l->plan_slug = arena_strdup(a, col_text(st, 4));
			l->plan_title = arena_strdup(a, col_text(st, 5));
			l->year = (int)col_int(st, 6);
			l->published = col_int(st, 7) != 0;
			at = l->id;
		}
		stmt_finish(st);
		if (rc == ERR)
			return ERR;
		if (rc == DB_DONE)
			break;
		for (size_t i = 0; i < nseen; i++)
			if (seen[i] == at) { /* a loop: the line ends before it repeats */
				out->count--;
				return OK;
			}
		seen[nseen++] = at;
	}
	return OK;
}
