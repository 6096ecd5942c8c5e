/*
 * plan.c: the plan's own row: listing, loading the head, publishing,
 * deleting, slugs, and the sums over a loaded tree (see plan.h). The tree
 * itself is read and written in tree.c.
 */
#include "model/plan.h"
#include "model/audit.h"
#include "model/rows.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/utf8.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_codes[] = {"draft", "consultation", "adopted",
					   "archived"};

const char *plan_status_code(enum plan_status s)
{
	return (unsigned)s < 4 ? status_codes[s] : "draft";
}

int plan_status_parse(const char *code, enum plan_status *s)
{
	for (int i = 0; i < 4; i++)
		if (code && strcmp(code, status_codes[i]) == 0) {
			*s = (enum plan_status)i;
			return OK;
		}
	return ERR;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

#define PLAN_HEAD_COLUMNS \
	"p.id, p.slug, p.kind, p.title, COALESCE(p.year, 0), p.status," \
	" p.published, p.adopted_on, COALESCE(p.adopted_by_org_id, 0), ab.name," \
	" COALESCE(p.owner_org_id, 0), ow.name, p.values_text, p.vision," \
	" p.main_goal, p.source_name, p.version, p.updated_at, p.created_at," \
	" p.licence, ow.orgnr, p.data_version - p.report_version" \
	" FROM plan p LEFT JOIN org ab ON ab.id = p.adopted_by_org_id" \
	" LEFT JOIN org ow ON ow.id = p.owner_org_id"

static void read_head(struct stmt *st, struct arena *a, struct plan *p)
{
	p->id = col_int(st, 0);
	p->slug = arena_strdup(a, col_text(st, 1));
	p->kind = arena_strdup(a, col_text(st, 2));
	p->title = arena_strdup(a, col_text(st, 3));
	p->year = (int)col_int(st, 4);
	if (plan_status_parse(col_text(st, 5), &p->status) != OK)
		p->status = PLAN_DRAFT;
	p->published = col_int(st, 6) != 0;
	p->adopted_on = dup_or_null(a, col_text(st, 7));
	p->adopted_by_id = col_int(st, 8);
	p->adopted_by = dup_or_null(a, col_text(st, 9));
	p->owner_id = col_int(st, 10);
	p->owner = dup_or_null(a, col_text(st, 11));
	p->values = dup_or_null(a, col_text(st, 12));
	p->vision = dup_or_null(a, col_text(st, 13));
	p->main_goal = dup_or_null(a, col_text(st, 14));
	p->source_name = dup_or_null(a, col_text(st, 15));
	p->version = col_int(st, 16);
	p->updated_at = arena_strdup(a, col_text(st, 17));
	p->created_at = arena_strdup(a, col_text(st, 18));
	p->licence = arena_strdup(a, col_text(st, 19) ? col_text(st, 19) : "NLOD-2.0");
	p->owner_orgnr = dup_or_null(a, col_text(st, 20));
	p->content_version = col_int(st, 21);
}

int plan_load_head(struct db *db, struct arena *a, const char *slug,
		   struct plan **out, struct err *e)
{
	*out = NULL;
	struct stmt *st = db_prepare(db, "SELECT " PLAN_HEAD_COLUMNS
					 " WHERE p.slug = :slug");
	stmt_bind_text(st, ":slug", slug);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		*out = arena_alloc(a, sizeof **out);
		read_head(st, a, *out);
	}
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "slug", _("There is no plan called \"%s\"."), slug);
	return OK;
}

int plan_load_head_id(struct db *db, struct arena *a, int64_t id,
		      struct plan **out, struct err *e)
{
	*out = NULL;
	struct stmt *st = db_prepare(db, "SELECT " PLAN_HEAD_COLUMNS " WHERE p.id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		*out = arena_alloc(a, sizeof **out);
		read_head(st, a, *out);
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such plan."));
	return rc == DB_ROW ? OK : ERR;
}

/* Reads (id, data_version) from st's first row: 1 found, 0 none, ERR. */
static int read_version(struct stmt *st, int64_t *plan, int64_t *version,
			struct err *e)
{
	int rc = stmt_step(st, e);
	*plan = rc == DB_ROW ? col_int(st, 0) : 0;
	*version = rc == DB_ROW ? col_int(st, 1) : 0;
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

int plan_measure_states(struct db *db, struct arena *a, int64_t plan,
			measure_state_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT id, state FROM measure WHERE plan_id = :plan ORDER BY id");
	stmt_bind_int(st, ":plan", plan);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct measure_state *m = ARENA_PUSH(a, *out);
		m->id = col_int(st, 0);
		m->state = dup_or_null(a, col_text(st, 1));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static int by_measure_id(const void *key, const void *item)
{
	int64_t id = *(const int64_t *)key, other = ((const struct measure_state *)item)->id;
	return (id > other) - (id < other);
}

const struct measure_state *measure_state_find(const measure_state_list *l, int64_t id)
{
	return l->count ? bsearch(&id, l->items, l->count, sizeof *l->items, by_measure_id) : NULL;
}

int plan_data_version(struct db *db, const char *slug, int64_t *plan,
		      int64_t *version, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, data_version FROM plan WHERE slug = :slug");
	stmt_bind_text(st, ":slug", slug);
	return read_version(st, plan, version, e);
}

int plan_data_version_of_measure(struct db *db, int64_t measure, int64_t *plan,
				 int64_t *version, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT p.id, p.data_version FROM measure m JOIN plan p ON p.id = m.plan_id"
		" WHERE m.id = :measure");
	stmt_bind_int(st, ":measure", measure);
	return read_version(st, plan, version, e);
}

int plan_list(struct db *db, struct arena *a, plan_summary_list *out,
	      struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db,
		"SELECT p.id, p.slug, p.title, p.kind, COALESCE(p.year, 0), p.status,"
		" p.published, ow.name, COALESCE(p.owner_org_id, 0)"
		" FROM plan p LEFT JOIN org ow ON ow.id = p.owner_org_id"
		" ORDER BY p.year IS NULL, p.year DESC, p.title, p.id");
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		rows_plan_summary(st, 0, a, ARENA_PUSH(a, *out));
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int plan_set_published(struct db *db, const char *slug, bool published,
		       const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db,
		"UPDATE plan SET published = :published, version = version + 1,"
		" data_version = data_version + 1, updated_at = :now"
		" WHERE slug = :slug RETURNING id");
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":published", published);
	stmt_bind_text(st, ":slug", slug);
	int rc = stmt_step(st, e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == ERR)
		goto fail;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, "slug", _("There is no plan called \"%s\"."), slug);
		goto fail;
	}
	if (audit_in_tx(db, actor, published ? "plan.publish" : "plan.unpublish",
			"plan", id, published ? "0" : "1", published ? "1" : "0", e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}

/* Checks one text field: valid UTF-8, not too long, and when required not
 * empty. */
int plan_delete(struct db *db, const char *slug, const char *actor,
		struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db, "DELETE FROM plan WHERE slug = :slug RETURNING id");
	stmt_bind_text(st, ":slug", slug);
	int rc = stmt_step(st, e);
	int64_t id = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == ERR)
		goto fail;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, "slug", _("There is no plan called \"%s\"."), slug);
		goto fail;
	}
	if (audit_in_tx(db, actor, "plan.delete", "plan", id, slug, NULL, e) != OK)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return ERR;
}

/* --- sums --- */

int64_t measure_budget_total(const struct measure *m)
{
	int64_t sum = 0;
	for (size_t i = 0; i < m->budget.count; i++)
		if (m->budget.items[i].has_amount)
			sum += m->budget.items[i].amount;
	return sum;
}

void area_each_measure(struct area *area, measure_fn fn, void *ctx)
{
	for (size_t f = 0; f < area->focuses.count; f++) {
		struct focus *fo = &area->focuses.items[f];
		for (size_t s = 0; s < fo->strategies.count; s++) {
			struct strategy *st = &fo->strategies.items[s];
			for (size_t m = 0; m < st->measures.count; m++)
				fn(&st->measures.items[m], ctx);
		}
	}
}

void plan_each_measure(struct plan *p, measure_fn fn, void *ctx)
{
	for (size_t i = 0; i < p->areas.count; i++)
		area_each_measure(&p->areas.items[i], fn, ctx);
}

static void add_budget(struct measure *m, void *sum)
{
	*(int64_t *)sum += measure_budget_total(m);
}

static void add_one(struct measure *m, void *count)
{
	(void)m;
	++*(size_t *)count;
}

int64_t area_budget_total(const struct area *area)
{
	int64_t sum = 0;
	area_each_measure((struct area *)area, add_budget, &sum);
	return sum;
}

int64_t plan_budget_total(const struct plan *p)
{
	int64_t sum = 0;
	plan_each_measure((struct plan *)p, add_budget, &sum);
	return sum;
}

size_t area_count_measures(const struct area *area)
{
	size_t n = 0;
	area_each_measure((struct area *)area, add_one, &n);
	return n;
}

struct notes_ctx {
	struct arena *a;
	struct budget_notes *out;
	const char *texts[4];
	size_t ntexts;
};

static void note_line(struct notes_ctx *c, const struct budget_line *b)
{
	if (b->has_amount) {
		c->out->bounds |= b->qualifier == MQ_UPPER || b->qualifier == MQ_LOWER;
		c->out->estimates |= b->qualifier == MQ_ESTIMATE;
		c->out->per_year |= b->per_year;
		return;
	}
	if (!b->text || !*b->text || strcmp(b->text, "-") == 0 ||
	    strcmp(b->text, "\xE2\x80\x93") == 0)
		return; /* a dash: no amount, and nothing left out */
	c->out->uncounted++;
	for (size_t i = 0; i < c->ntexts; i++)
		if (utf8_eq_fold(c->texts[i], b->text))
			return;
	if (c->ntexts < 4)
		c->texts[c->ntexts++] = b->text;
}

static void add_notes(struct measure *m, void *ctx)
{
	for (size_t i = 0; i < m->budget.count; i++)
		note_line(ctx, &m->budget.items[i]);
}

void budget_notes_of(struct arena *a, const struct plan *p, const struct area *area,
		     struct budget_notes *out)
{
	memset(out, 0, sizeof *out);
	struct notes_ctx c = {.a = a, .out = out};
	if (area)
		area_each_measure((struct area *)area, add_notes, &c);
	else
		plan_each_measure((struct plan *)p, add_notes, &c);
	if (!c.ntexts)
		return;
	struct buf words = BUF_INIT;
	for (size_t i = 0; i < c.ntexts && i < 3; i++)
		buf_addf(&words, "%s%s", i ? ", " : "", c.texts[i]);
	if (c.ntexts > 3)
		buf_adds(&words, ", \xE2\x80\xA6");
	out->words = arena_strdup(a, words.data);
	buf_release(&words);
}

size_t plan_count_measures(const struct plan *p)
{
	size_t n = 0;
	plan_each_measure((struct plan *)p, add_one, &n);
	return n;
}

int64_t measure_budget_in_year(const struct measure *m, int year)
{
	int64_t sum = 0;
	for (size_t i = 0; i < m->budget.count; i++)
		if (m->budget.items[i].has_amount && m->budget.items[i].year == year)
			sum += m->budget.items[i].amount;
	return sum;
}

struct year_sum {
	int year;
	int64_t sum;
};

static void add_budget_in_year(struct measure *m, void *ctx)
{
	struct year_sum *ys = ctx;
	ys->sum += measure_budget_in_year(m, ys->year);
}

int64_t area_budget_in_year(const struct area *area, int year)
{
	struct year_sum ys = {year, 0};
	area_each_measure((struct area *)area, add_budget_in_year, &ys);
	return ys.sum;
}

struct years {
	int *years;
	size_t n, max;
};

static void add_years(struct measure *m, void *ctx)
{
	struct years *ys = ctx;
	for (size_t i = 0; i < m->budget.count; i++) {
		if (!m->budget.items[i].has_amount)
			continue;
		int y = m->budget.items[i].year;
		size_t k = 0;
		while (k < ys->n && ys->years[k] < y)
			k++;
		if ((k < ys->n && ys->years[k] == y) || k == ys->max)
			continue;
		/* Insert at k, keeping the list sorted (the latest falls off
		 * when it is full). */
		if (ys->n < ys->max)
			ys->n++;
		for (size_t j = ys->n - 1; j > k; j--)
			ys->years[j] = ys->years[j - 1];
		ys->years[k] = y;
	}
}

size_t plan_budget_years(const struct plan *p, int *years, size_t max)
{
	struct years ys = {years, 0, max};
	plan_each_measure((struct plan *)p, add_years, &ys);
	return ys.n;
}

size_t plan_count_strategies(const struct plan *p)
{
	size_t n = 0;
	for (size_t a = 0; a < p->areas.count; a++)
		for (size_t f = 0; f < p->areas.items[a].focuses.count; f++)
			n += p->areas.items[a].focuses.items[f].strategies.count;
	return n;
}

/* --- slugs --- */

char *plan_make_slug(struct arena *a, const char *title)
{
	struct buf folded = BUF_INIT, slug = BUF_INIT;
	utf8_fold(&folded, title, strlen(title));
	size_t i = 0;
	bool dash = false;
	while (i < folded.len && slug.len < 100) {
		uint32_t cp;
		size_t n = utf8_decode(folded.data + i, folded.len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		i += n;
		const char *add = NULL;
		char one[2] = {0, 0};
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			one[0] = (char)cp;
			add = one;
		} else if (cp == 0xE6) {
			add = "ae";
		} else if (cp == 0xF8 || cp == 0xF6) {
			add = "o";
		} else if (cp == 0xE5 || cp == 0xE4 || cp == 0xE0 || cp == 0xE1) {
			add = "a";
		} else if (cp == 0xE9 || cp == 0xE8) {
			add = "e";
		} else if (cp == 0xFC) {
			add = "u";
		}
		if (!add) {
			dash = slug.len > 0;
			continue;
		}
		if (dash)
			buf_addc(&slug, '-');
		dash = false;
		buf_adds(&slug, add);
	}
	if (slug.len == 0)
		buf_adds(&slug, "plan");
	char *s = arena_strndup(a, slug.data, slug.len);
	buf_release(&folded);
	buf_release(&slug);
	return s;
}

bool plan_slug_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 100 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return false;
	return true;
}
