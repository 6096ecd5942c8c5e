/*
 * merge.c: a re-import that keeps identity (see merge.h).
 *
 * Two steps. Matching reads the stored tree and gives every node of the new
 * tree the id of the stored node it is (0: new), without writing. Applying
 * then walks the new tree from the top, in order: under each parent it first
 * deletes the stored children nothing matched, then brings each child in
 * turn to its place (position j of the text: create there, or move there
 * when it is elsewhere), updates the fields that differ, and goes down.
 * Since the places before j are final when j is handled, a node is moved
 * only when the text really reordered it.
 */
#include "model/merge.h"
#include "model/audit.h"
#include "model/node.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/period.h"
#include "base/utf8.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef VEC(int64_t) id_list;

struct id_ptr {
	int64_t id;
	const void *node;
};

typedef VEC(struct id_ptr) ptr_map;

/* A measure moved to a strategy other than its own. */
struct xmove {
	int64_t id, strategy;
};

struct merger {
	struct db *db;
	struct arena *a;
	const struct merge_options *o;
	const char *actor;
	struct merge_result *out;
	struct plan *p;   /* the new tree */
	struct plan *old; /* the stored one */
	char plan_id[24];
	id_list claimed[NODE_KIND_COUNT]; /* stored ids taken by a new node */
	ptr_map olds[NODE_KIND_COUNT];    /* stored nodes by id */
	VEC(struct xmove) xmoves;
	long budget; /* similarity work left (cells of edit-distance tables) */
	struct err *e;
};

/* The changed fields of one node. */
struct fields {
	const char *f[PATCH_MAX + 4];
	size_t n;
};

static void fields_add(struct fields *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i], name) == 0)
			return;
	if (f->n < sizeof f->f / sizeof *f->f)
		f->f[f->n++] = name;
}

/* --- sets of ids --- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_ptr(const void *a, const void *b)
{
	return cmp_i64(&((const struct id_ptr *)a)->id, &((const struct id_ptr *)b)->id);
}

static void claim(struct merger *M, enum node_kind k, int64_t id)
{
	*ARENA_PUSH(M->a, M->claimed[k]) = id;
}

static void sort_claims(struct merger *M)
{
	for (int k = 0; k < NODE_KIND_COUNT; k++)
		if (M->claimed[k].count)
			qsort(M->claimed[k].items, M->claimed[k].count, sizeof(int64_t), cmp_i64);
}

static bool is_claimed(const struct merger *M, enum node_kind k, int64_t id)
{
	const id_list *l = &M->claimed[k];
	return l->count && bsearch(&id, l->items, l->count, sizeof(int64_t), cmp_i64);
}

static void remember(struct merger *M, enum node_kind k, int64_t id, const void *node)
{
	struct id_ptr *e = ARENA_PUSH(M->a, M->olds[k]);
	e->id = id;
	e->node = node;
}

static const void *old_node(const struct merger *M, enum node_kind k, int64_t id)
{
	const ptr_map *m = &M->olds[k];
	struct id_ptr key = {id, NULL};
	const struct id_ptr *hit =
		m->count ? bsearch(&key, m->items, m->count, sizeof *m->items, cmp_ptr) : NULL;
	return hit ? hit->node : NULL;
}

/* --- comparing texts --- */

struct key {
	const char *text, *fold, *norm, *number;
};

static const char *fold_of(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	utf8_fold(&b, s, strlen(s));
	const char *k = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return k;
}

/* The fold key with only letters and digits left (any byte of a non-ASCII
 * character counts as a letter). */
static const char *norm_of(struct arena *a, const char *fold)
{
	size_t n = strlen(fold), k = 0;
	char *out = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)fold[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			out[k++] = (char)c;
	}
	out[k] = '\0';
	return out;
}

static struct key *keys_of(struct arena *a, const char *const *texts,
			   const char *const *numbers, size_t n)
{
	struct key *k = arena_array(a, n ? n : 1, sizeof *k);
	for (size_t i = 0; i < n; i++) {
		k[i].text = texts[i] ? texts[i] : "";
		k[i].fold = fold_of(a, k[i].text);
		k[i].norm = norm_of(a, k[i].fold);
		k[i].number = numbers && numbers[i] ? numbers[i] : "";
	}
	return k;
}

#define SIM_MAX 400 /* code points compared at most */

static size_t code_points(const char *s, uint32_t *out)
{
	size_t n = strlen(s), i = 0, k = 0;
	while (i < n && k < SIM_MAX) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			cp = (unsigned char)s[i];
			len = 1;
		}
		out[k++] = cp;
		i += len;
	}
	return k;
}

/* 1 - edit distance / length of the longer, over the first SIM_MAX code
 * points of two fold keys; 0 when the work budget is spent. */
static double similarity(struct merger *M, const char *x, const char *y)
{
	static _Thread_local uint32_t a[SIM_MAX], b[SIM_MAX];
	static _Thread_local size_t row0[SIM_MAX + 1], row1[SIM_MAX + 1];
	size_t n = code_points(x, a), m = code_points(y, b);
	if (!n || !m)
		return n == m ? 1.0 : 0.0;
	if (M->budget < (long)(n * m))
		return 0.0;
	M->budget -= (long)(n * m);
	size_t *prev = row0, *cur = row1;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			cur[j] = best;
		}
		size_t *t = prev;
		prev = cur;
		cur = t;
	}
	return 1.0 - (double)prev[m] / (double)(n > m ? n : m);
}

enum pass { P_NUMBER_TEXT, P_TEXT, P_FOLD, P_NORM, P_NUMBER };

static bool same_key(enum pass pass, const struct key *o, const struct key *n)
{
	switch (pass) {
	case P_NUMBER_TEXT:
		return *o->number && strcmp(o->number, n->number) == 0 &&
		       strcmp(o->text, n->text) == 0;
	case P_TEXT: return strcmp(o->text, n->text) == 0;
	case P_FOLD: return strcmp(o->fold, n->fold) == 0;
	case P_NORM: return *o->norm && strcmp(o->norm, n->norm) == 0;
	case P_NUMBER: return *o->number && strcmp(o->number, n->number) == 0;
	}
	return false;
}

#define SIM_PAIRS_MAX 4096 /* pairs scored at most in one list */

/* For each new text j, the index of the stored one it is, or -1. With
 * by_place, what is left is matched by its place among the siblings; never
 * for measures: a measure is itself only by its text (else one that moved
 * away, or was replaced by another text, would hand its reports to the one
 * that now stands in its place). */
static int *match_texts(struct merger *M, const char *const *ot, const char *const *onum,
			size_t no, const char *const *nt, const char *const *nnum, size_t nn,
			bool by_place)
{
	int *m = arena_array(M->a, nn ? nn : 1, sizeof *m);
	bool *used = arena_array(M->a, no ? no : 1, sizeof *used);
	for (size_t j = 0; j < nn; j++)
		m[j] = -1;
	if (!no || !nn)
		return m;
	struct key *ok = keys_of(M->a, ot, onum, no), *nk = keys_of(M->a, nt, nnum, nn);
	static const enum pass passes[] = {P_NUMBER_TEXT, P_TEXT, P_FOLD, P_NORM, P_NUMBER};
	for (size_t p = 0; p < sizeof passes / sizeof *passes; p++) {
		if ((passes[p] == P_NUMBER_TEXT || passes[p] == P_NUMBER) && !(onum && nnum))
			continue;
		for (size_t j = 0; j < nn; j++)
			for (size_t i = 0; m[j] < 0 && i < no; i++)
				if (!used[i] && same_key(passes[p], &ok[i], &nk[j])) {
					m[j] = (int)i;
					used[i] = true;
				}
	}
	/* The most similar pairs first, while above the threshold. */
	size_t left_o = 0, left_n = 0;
	for (size_t i = 0; i < no; i++)
		left_o += !used[i];
	for (size_t j = 0; j < nn; j++)
		left_n += m[j] < 0;
	if (left_o && left_n && left_o * left_n <= SIM_PAIRS_MAX) {
		double *score = arena_array(M->a, no * nn, sizeof *score);
		for (size_t j = 0; j < nn; j++)
			for (size_t i = 0; i < no; i++)
				score[j * no + i] = m[j] < 0 && !used[i]
					? similarity(M, ok[i].fold, nk[j].fold) : -1.0;
		for (;;) {
			double best = MERGE_SIMILAR;
			size_t bi = 0, bj = 0;
			bool found = false;
			for (size_t j = 0; j < nn; j++)
				for (size_t i = 0; i < no; i++)
					if (m[j] < 0 && !used[i] && score[j * no + i] >= best &&
					    (!found || score[j * no + i] > best)) {
						best = score[j * no + i];
						bi = i;
						bj = j;
						found = true;
					}
			if (!found)
				break;
			m[bj] = (int)bi;
			used[bi] = true;
		}
	}
	/* Last, the same place among the siblings. */
	for (size_t j = 0; by_place && j < nn && j < no; j++)
		if (m[j] < 0 && !used[j]) {
			m[j] = (int)j;
			used[j] = true;
		}
	return m;
}

/* --- matching the trees --- */

/* const char *var[] = the field of each element of vec, in arena a. */
#define TEXTS(var, a, vec, field)                                             \
	const char **var = arena_array((a), (vec).count ? (vec).count : 1,   \
				       sizeof *var);                          \
	for (size_t i_ = 0; i_ < (vec).count; i_++)                           \
		var[i_] = (vec).items[i_].field

static void match_measures(struct merger *M, const struct strategy *os, struct strategy *ns)
{
	TEXTS(ot, M->a, os->measures, text);
	TEXTS(nt, M->a, ns->measures, text);
	int *m = match_texts(M, ot, NULL, os->measures.count, nt, NULL, ns->measures.count, false);
	for (size_t j = 0; j < ns->measures.count; j++)
		if (m[j] >= 0) {
			ns->measures.items[j].id = os->measures.items[m[j]].id;
			claim(M, NODE_MEASURE, ns->measures.items[j].id);
		}
}

static void match_strategies(struct merger *M, const struct focus *of, struct focus *nf)
{
	TEXTS(ot, M->a, of->strategies, text);
	TEXTS(nt, M->a, nf->strategies, text);
	int *m = match_texts(M, ot, NULL, of->strategies.count, nt, NULL, nf->strategies.count, true);
	for (size_t j = 0; j < nf->strategies.count; j++)
		if (m[j] >= 0) {
			struct strategy *s = &nf->strategies.items[j];
			s->id = of->strategies.items[m[j]].id;
			claim(M, NODE_STRATEGY, s->id);
			match_measures(M, &of->strategies.items[m[j]], s);
		}
}

static void match_area(struct merger *M, const struct area *oa, struct area *na)
{
	TEXTS(og, M->a, oa->goals, text);
	TEXTS(ng, M->a, na->goals, text);
	int *m = match_texts(M, og, NULL, oa->goals.count, ng, NULL, na->goals.count, true);
	for (size_t j = 0; j < na->goals.count; j++)
		if (m[j] >= 0) {
			na->goals.items[j].id = oa->goals.items[m[j]].id;
			claim(M, NODE_GOAL, na->goals.items[j].id);
		}
	TEXTS(of, M->a, oa->focuses, title);
	TEXTS(nf, M->a, na->focuses, title);
	m = match_texts(M, of, NULL, oa->focuses.count, nf, NULL, na->focuses.count, true);
	for (size_t j = 0; j < na->focuses.count; j++)
		if (m[j] >= 0) {
			struct focus *f = &na->focuses.items[j];
			f->id = oa->focuses.items[m[j]].id;
			claim(M, NODE_FOCUS, f->id);
			match_strategies(M, &oa->focuses.items[m[j]], f);
		}
}

/* Measures left over in one strategy and new in another that exists, with
 * the same (folded) text: the same measure, moved. */
static void match_across(struct merger *M)
{
	sort_claims(M);
	VEC(struct measure *) left = {0};
	for (size_t i = 0; i < M->old->areas.count; i++) {
		struct area *ar = &M->old->areas.items[i];
		for (size_t f = 0; f < ar->focuses.count; f++)
			for (size_t s = 0; s < ar->focuses.items[f].strategies.count; s++) {
				struct strategy *st = &ar->focuses.items[f].strategies.items[s];
				for (size_t k = 0; k < st->measures.count; k++)
					if (!is_claimed(M, NODE_MEASURE, st->measures.items[k].id))
						*ARENA_PUSH(M->a, left) = &st->measures.items[k];
			}
	}
	if (!left.count)
		return;
	bool *used = arena_array(M->a, left.count, sizeof *used);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < M->p->areas.count; i++) {
			struct area *ar = &M->p->areas.items[i];
			for (size_t f = 0; f < ar->focuses.count; f++)
				for (size_t s = 0; s < ar->focuses.items[f].strategies.count; s++) {
					struct strategy *st = &ar->focuses.items[f].strategies.items[s];
					if (!st->id)
						continue;
					for (size_t k = 0; k < st->measures.count; k++) {
						struct measure *m = &st->measures.items[k];
						if (m->id)
							continue;
						for (size_t l = 0; l < left.count; l++) {
							if (used[l] ||
							    (pass == 0 ? strcmp(left.items[l]->text, m->text) != 0
								       : !utf8_eq_fold(left.items[l]->text, m->text)))
								continue;
							used[l] = true;
							m->id = left.items[l]->id;
							claim(M, NODE_MEASURE, m->id);
							struct xmove *x = ARENA_PUSH(M->a, M->xmoves);
							x->id = m->id;
							x->strategy = st->id;
							break;
						}
					}
				}
		}
}

static void match_plan(struct merger *M)
{
	struct plan *o = M->old, *p = M->p;
	TEXTS(ot, M->a, o->areas, title);
	TEXTS(on, M->a, o->areas, number);
	TEXTS(nt, M->a, p->areas, title);
	TEXTS(nn, M->a, p->areas, number);
	int *m = match_texts(M, ot, on, o->areas.count, nt, nn, p->areas.count, true);
	for (size_t j = 0; j < p->areas.count; j++)
		if (m[j] >= 0) {
			struct area *ar = &p->areas.items[j];
			ar->id = o->areas.items[m[j]].id;
			claim(M, NODE_AREA, ar->id);
			match_area(M, &o->areas.items[m[j]], ar);
		}
	TEXTS(os, M->a, o->sections, title);
	TEXTS(ns, M->a, p->sections, title);
	m = match_texts(M, os, NULL, o->sections.count, ns, NULL, p->sections.count, true);
	for (size_t j = 0; j < p->sections.count; j++)
		if (m[j] >= 0) {
			p->sections.items[j].id = o->sections.items[m[j]].id;
			claim(M, NODE_SECTION, p->sections.items[j].id);
		}
	match_across(M);
	sort_claims(M);

	/* The stored nodes by id, for their children when applying. */
	for (size_t i = 0; i < o->areas.count; i++) {
		struct area *ar = &o->areas.items[i];
		remember(M, NODE_AREA, ar->id, ar);
		for (size_t f = 0; f < ar->focuses.count; f++) {
			struct focus *fo = &ar->focuses.items[f];
			remember(M, NODE_FOCUS, fo->id, fo);
			for (size_t s = 0; s < fo->strategies.count; s++)
				remember(M, NODE_STRATEGY, fo->strategies.items[s].id,
					 &fo->strategies.items[s]);
		}
	}
	for (int k = 0; k < NODE_KIND_COUNT; k++)
		if (M->olds[k].count)
			qsort(M->olds[k].items, M->olds[k].count, sizeof *M->olds[k].items, cmp_ptr);
}

/* --- the change list --- */

static void record(struct merger *M, enum merge_op op, enum node_kind k, int64_t id,
		   const char *label, const struct fields *f)
{
	if (!M->out)
		return;
	struct merge_change *c = ARENA_PUSH(M->a, M->out->changes);
	c->op = op;
	c->kind = k;
	c->id = id;
	c->label = arena_strdup(M->a, label ? label : "");
	if (f && f->n) {
		c->fields = arena_array(M->a, f->n, sizeof *c->fields);
		for (size_t i = 0; i < f->n; i++)
			c->fields[i] = f->f[i];
		c->nfields = f->n;
	}
	switch (op) {
	case MERGE_ADDED: M->out->added++; break;
	case MERGE_CHANGED: M->out->changed++; break;
	case MERGE_REMOVED: M->out->removed++; break;
	}
}

/* --- writing one node --- */

/* The value as the database keeps it: NULL for an empty value of a number,
 * a date, a code or a nullable text. */
static const char *as_stored(const struct node_field *f, const char *v)
{
	if (v && !*v && (f->type != FIELD_TEXT || (f->flags & F_NULLABLE)))
		return NULL;
	return v;
}

static bool same_value(const struct node_field *f, const char *a, const char *b)
{
	a = as_stored(f, a);
	b = as_stored(f, b);
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

/* A required field left empty: the text may have it so (a row without a
 * measure text, a table without a focus), but node.c refuses it. */
static bool has_position(enum node_kind k)
{
	return k != NODE_PLAN && k != NODE_ORG && k != NODE_REPORT;
}

/* The version, parent, position and the values of want's fields of (k, id). */
static int read_node(struct merger *M, enum node_kind k, int64_t id, const struct patch *want,
		     int64_t *version, int64_t *parent, int64_t *position, const char **old)
{
	const struct node_kind_info *info = node_info(k);
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT version, %s, %s", info->parent_column ? info->parent_column : "0",
		 has_position(k) ? "position" : "0");
	for (size_t i = 0; i < want->count; i++)
		buf_addf(&sql, ", %s", node_field(k, want->items[i].field)->column);
	buf_addf(&sql, " FROM %s WHERE id = :id", info->table);
	struct stmt *st = db_prepare_once(M->db, sql.data);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, M->e);
	if (rc == DB_ROW) {
		*version = col_int(st, 0);
		*parent = col_int(st, 1);
		*position = col_int(st, 2);
		for (size_t i = 0; i < want->count; i++) {
			const char *v = col_text(st, (int)i + 3);
			old[i] = v ? arena_strdup(M->a, v) : NULL;
		}
	}
	stmt_finish(st);
	buf_release(&sql);
	if (rc == DB_DONE)
		return err_set(M->e, ERR_INTERNAL, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

static bool reported_field(const char *field)
{
	return strcmp(field, "plan_id") != 0 && strcmp(field, "period_start") != 0 &&
	       strcmp(field, "period_end") != 0 && strcmp(field, "period_kind") != 0;
}

/* Makes node (k, *id) the child at position of parent with the values of
 * want: created when *id is 0 (then *id is set), else moved when elsewhere
 * and updated where it differs; changed gets what changed. */
static int sync_node(struct merger *M, enum node_kind k, int64_t parent, int position,
		     const struct patch *want, int64_t *id, struct fields *changed)
{
	changed->n = 0;
	if (!*id)
		return node_create_in_tx(M->db, k, parent, position, want, M->actor, id, M->e);
	int64_t version = 0, at_parent = 0, at = 0;
	const char *old[PATCH_MAX];
	if (read_node(M, k, *id, want, &version, &at_parent, &at, old) != OK)
		return ERR;
	if (node_info(k)->parent_column && (at_parent != parent || at != position)) {
		if (node_move_in_tx(M->db, k, *id, version, parent, position, M->actor, M->e) != OK)
			return ERR;
		version++;
		if (at_parent != parent)
			fields_add(changed, "parent");
		fields_add(changed, "position");
	}
	struct patch diff = {0};
	for (size_t i = 0; i < want->count; i++) {
		const char *field = want->items[i].field;
		if (same_value(node_field(k, field), old[i], want->items[i].value))
			continue;
		if (reported_field(field))
			fields_add(changed, field);
		patch_set(&diff, field, want->items[i].value);
	}
	if (diff.count &&
	    node_update_in_tx(M->db, k, *id, version, &diff, M->actor, &version, M->e) != OK)
		return ERR;
	return OK;
}

/* Deletes stored node (k, id) with everything below it. */
static int remove_node(struct merger *M, enum node_kind k, int64_t id, const char *label,
		       bool quiet)
{
	int64_t version;
	if (node_version(M->db, k, id, &version, M->e) != OK ||
	    node_delete_in_tx(M->db, k, id, version, M->actor, M->e) != OK)
		return ERR;
	if (!quiet)
		record(M, MERGE_REMOVED, k, id, label, NULL);
	return OK;
}

/* Records the outcome of sync_node for a node that was (created) or was not
 * new. */
static void record_sync(struct merger *M, enum node_kind k, int64_t id, const char *label,
			bool created, const struct fields *f, bool quiet)
{
	if (quiet)
		return;
	if (created)
		record(M, MERGE_ADDED, k, id, label, NULL);
	else if (f->n)
		record(M, MERGE_CHANGED, k, id, label, f);
}

static const char *int_text(struct merger *M, int64_t v)
{
	return arena_printf(M->a, "%lld", (long long)v);
}

/* --- children kept by position: budget lines, section entries --- */

struct row {
	int64_t id;
	const char *label;
};

typedef VEC(struct row) row_list;

static int load_rows(struct merger *M, const char *sql, int64_t parent, row_list *out)
{
	struct stmt *st = db_prepare(M->db, sql);
	stmt_bind_int(st, ":parent", parent);
	int rc;
	while ((rc = stmt_step(st, M->e)) == DB_ROW) {
		struct row *r = ARENA_PUSH(M->a, *out);
		r->id = col_int(st, 0);
		r->label = arena_strdup(M->a, col_text(st, 1) ? col_text(st, 1) : "");
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

static int sync_budget(struct merger *M, struct measure *m, bool quiet)
{
	row_list rows = {0};
	if (load_rows(M,
		"SELECT id, text FROM budget_line WHERE measure_id = :parent ORDER BY position",
		m->id, &rows) != OK)
		return ERR;
	for (size_t i = rows.count; i > m->budget.count; i--)
		if (remove_node(M, NODE_BUDGET, rows.items[i - 1].id, rows.items[i - 1].label,
				quiet) != OK)
			return ERR;
	for (size_t j = 0; j < m->budget.count; j++) {
		const struct budget_line *b = &m->budget.items[j];
		struct patch w = {0};
		patch_set(&w, "year", b->year ? int_text(M, b->year) : NULL);
		patch_set(&w, "amount", b->has_amount ? int_text(M, b->amount) : NULL);
		patch_set(&w, "text", b->text ? b->text : "");
		/* A changed qualifier ("50 000" to "inntil 50 000") is a change. */
		patch_set(&w, "qualifier", money_qualifier_code((enum money_qualifier)b->qualifier));
		patch_set(&w, "per_year", int_text(M, b->per_year ? 1 : 0));
		int64_t id = j < rows.count ? rows.items[j].id : 0;
		bool created = !id;
		struct fields f;
		if (sync_node(M, NODE_BUDGET, m->id, (int)j + 1, &w, &id, &f) != OK)
			return ERR;
		record_sync(M, NODE_BUDGET, id, b->text, created, &f, quiet);
	}
	return OK;
}

static int sync_entries(struct merger *M, struct section *s, bool quiet)
{
	row_list rows = {0};
	if (load_rows(M,
		"SELECT id, CASE WHEN title <> '' THEN title ELSE text END FROM section_entry"
		" WHERE section_id = :parent ORDER BY position",
		s->id, &rows) != OK)
		return ERR;
	for (size_t i = rows.count; i > s->entries.count; i--)
		if (remove_node(M, NODE_ENTRY, rows.items[i - 1].id, rows.items[i - 1].label,
				quiet) != OK)
			return ERR;
	for (size_t j = 0; j < s->entries.count; j++) {
		const struct section_entry *en = &s->entries.items[j];
		struct patch w = {0};
		patch_set(&w, "title", en->title ? en->title : "");
		patch_set(&w, "text", en->text ? en->text : "");
		int64_t id = j < rows.count ? rows.items[j].id : 0;
		bool created = !id;
		struct fields f;
		if (sync_node(M, NODE_ENTRY, s->id, (int)j + 1, &w, &id, &f) != OK)
			return ERR;
		record_sync(M, NODE_ENTRY, id, en->title && *en->title ? en->title : en->text,
			    created, &f, quiet);
	}
	return OK;
}

/* --- organisation links of a measure --- */

/* The rows store_links writes for m: per role (participant, then
 * responsible), in order, the same organisation once. */
static void expected_links(struct merger *M, const struct measure *m, struct buf *out)
{
	static const char *const roles[] = {"participant", "responsible"};
	for (int r = 0; r < 2; r++) {
		const org_link_list *l = r == 0 ? &m->participants : &m->responsible;
		for (size_t i = 0; i < l->count; i++) {
			bool dup = false;
			for (size_t k = 0; k < i; k++)
				if (l->items[k].org_id == l->items[i].org_id &&
				    l->items[k].collective == l->items[i].collective)
					dup = true;
			if (dup)
				continue;
			const char *as = l->items[i].as_written ? l->items[i].as_written
								: l->items[i].name;
			buf_addf(out, "%s\x1f%lld\x1f%d\x1f%zu\x1f%s\x1f%s\x1e", roles[r],
				 (long long)l->items[i].org_id, l->items[i].collective ? 1 : 0,
				 i + 1, as ? as : "", l->items[i].note ? l->items[i].note : "\x1d");
		}
	}
	(void)M;
}

/* "responsible: SR; participant: Kommunane" for the history. */
static void links_summary(const struct buf *rows, struct buf *out)
{
	const char *s = rows->data;
	while (*s) {
		const char *end = strchr(s, '\x1e');
		const char *f[6];
		size_t n = 0;
		const char *c = s;
		while (n < 6 && c < end) {
			f[n++] = c;
			const char *sep = memchr(c, '\x1f', (size_t)(end - c));
			c = sep ? sep + 1 : end;
		}
		if (n >= 5) {
			if (out->len)
				buf_adds(out, "; ");
			buf_add(out, f[0], strcspn(f[0], "\x1f"));
			buf_adds(out, ": ");
			buf_add(out, f[4], strcspn(f[4], "\x1f\x1e"));
		}
		s = end + 1;
	}
}

static int sync_links(struct merger *M, struct measure *m, bool *changed)
{
	*changed = false;
	if (tree_resolve_links_in_tx(M->db, m, M->p->owner_id, M->e) != OK)
		return ERR;
	struct buf want = BUF_INIT, have = BUF_INIT;
	expected_links(M, m, &want);
	struct stmt *st = db_prepare(M->db,
		"SELECT role, org_id, collective, position, as_written, note FROM measure_org"
		" WHERE measure_id = :m ORDER BY role, position");
	stmt_bind_int(st, ":m", m->id);
	int rc;
	while ((rc = stmt_step(st, M->e)) == DB_ROW)
		buf_addf(&have, "%s\x1f%lld\x1f%d\x1f%lld\x1f%s\x1f%s\x1e", col_text(st, 0),
			 (long long)col_int(st, 1), (int)col_int(st, 2), (long long)col_int(st, 3),
			 col_text(st, 4) ? col_text(st, 4) : "",
			 col_text(st, 5) ? col_text(st, 5) : "\x1d");
	stmt_finish(st);
	if (rc == ERR)
		goto fail;
	if (strcmp(want.data, have.data) != 0) {
		*changed = true;
		struct buf before = BUF_INIT, after = BUF_INIT;
		links_summary(&have, &before);
		links_summary(&want, &after);
		st = db_prepare(M->db, "DELETE FROM measure_org WHERE measure_id = :m");
		stmt_bind_int(st, ":m", m->id);
		rc = stmt_run(st, M->e);
		if (rc == OK)
			rc = tree_store_links_in_tx(M->db, m, M->p->owner_id, M->e);
		if (rc == OK)
			rc = audit_field_in_tx(M->db, M->actor, "measure.update", "measure", m->id,
					       M->p->id, "links", before.data, after.data, M->e);
		if (rc == OK)
			rc = node_touch_plan_in_tx(M->db, M->p->id, M->e);
		buf_release(&before);
		buf_release(&after);
		if (rc != OK)
			goto fail;
	}
	buf_release(&want);
	buf_release(&have);
	return OK;
fail:
	buf_release(&want);
	buf_release(&have);
	return ERR;
}

/* --- the tree, from the top --- */

static bool xmoved(const struct merger *M, int64_t id)
{
	for (size_t i = 0; i < M->xmoves.count; i++)
		if (M->xmoves.items[i].id == id)
			return true;
	return false;
}

static int apply_measure(struct merger *M, int64_t strategy, int position, struct measure *m,
			 bool quiet)
{
	struct patch w = {0};
	patch_set(&w, "text", m->text ? m->text : "");
	patch_set(&w, "period", m->period_text ? m->period_text : "");
	patch_set(&w, "responsibility", m->responsibility_text ? m->responsibility_text : "");
	bool created = !m->id;
	if (created)
		patch_set(&w, "plan_id", M->plan_id);
	struct fields f;
	if (sync_node(M, NODE_MEASURE, strategy, position, &w, &m->id, &f) != OK)
		return ERR;
	if (created) {
		if (tree_store_links_in_tx(M->db, m, M->p->owner_id, M->e) != OK ||
		    sync_budget(M, m, true) != OK)
			return ERR;
		record_sync(M, NODE_MEASURE, m->id, m->text, true, &f, quiet);
		return OK;
	}
	bool links;
	if (sync_links(M, m, &links) != OK)
		return ERR;
	if (links)
		fields_add(&f, "links");
	if (xmoved(M, m->id))
		fields_add(&f, "parent");
	record_sync(M, NODE_MEASURE, m->id, m->text, false, &f, quiet);
	return sync_budget(M, m, false);
}

static int apply_strategy(struct merger *M, int64_t focus, int position, struct strategy *s,
			  bool quiet)
{
	const struct strategy *old = s->id ? old_node(M, NODE_STRATEGY, s->id) : NULL;
	bool created = !s->id;
	struct patch w = {0};
	patch_set(&w, "text", s->text ? s->text : "");
	struct fields f;
	if (sync_node(M, NODE_STRATEGY, focus, position, &w, &s->id, &f) != OK)
		return ERR;
	record_sync(M, NODE_STRATEGY, s->id, s->text, created, &f, quiet);
	for (size_t i = 0; old && i < old->measures.count; i++)
		if (!is_claimed(M, NODE_MEASURE, old->measures.items[i].id) &&
		    remove_node(M, NODE_MEASURE, old->measures.items[i].id,
				old->measures.items[i].text, false) != OK)
			return ERR;
	for (size_t j = 0; j < s->measures.count; j++)
		if (apply_measure(M, s->id, (int)j + 1, &s->measures.items[j], quiet || created) != OK)
			return ERR;
	return OK;
}

static int apply_focus(struct merger *M, int64_t area, int position, struct focus *fo,
		       bool quiet)
{
	const struct focus *old = fo->id ? old_node(M, NODE_FOCUS, fo->id) : NULL;
	bool created = !fo->id;
	struct patch w = {0};
	patch_set(&w, "title", fo->title ? fo->title : "");
	struct fields f;
	if (sync_node(M, NODE_FOCUS, area, position, &w, &fo->id, &f) != OK)
		return ERR;
	record_sync(M, NODE_FOCUS, fo->id, fo->title, created, &f, quiet);
	for (size_t i = 0; old && i < old->strategies.count; i++)
		if (!is_claimed(M, NODE_STRATEGY, old->strategies.items[i].id) &&
		    remove_node(M, NODE_STRATEGY, old->strategies.items[i].id,
				old->strategies.items[i].text, false) != OK)
			return ERR;
	for (size_t j = 0; j < fo->strategies.count; j++)
		if (apply_strategy(M, fo->id, (int)j + 1, &fo->strategies.items[j],
				   quiet || created) != OK)
			return ERR;
	return OK;
}

static const char *area_label(struct merger *M, const struct area *ar)
{
	return ar->number && *ar->number ? arena_printf(M->a, "%s. %s", ar->number, ar->title)
					 : ar->title;
}

static int apply_area(struct merger *M, int position, struct area *ar)
{
	const struct area *old = ar->id ? old_node(M, NODE_AREA, ar->id) : NULL;
	bool created = !ar->id;
	struct patch w = {0};
	patch_set(&w, "number", ar->number ? ar->number : "");
	patch_set(&w, "title", ar->title ? ar->title : "");
	patch_set(&w, "table_header", ar->table_header ? ar->table_header : "");
	struct fields f;
	if (sync_node(M, NODE_AREA, M->p->id, position, &w, &ar->id, &f) != OK)
		return ERR;
	record_sync(M, NODE_AREA, ar->id, area_label(M, ar), created, &f, false);
	for (size_t i = 0; old && i < old->goals.count; i++)
		if (!is_claimed(M, NODE_GOAL, old->goals.items[i].id) &&
		    remove_node(M, NODE_GOAL, old->goals.items[i].id, old->goals.items[i].text,
				false) != OK)
			return ERR;
	for (size_t j = 0; j < ar->goals.count; j++) {
		struct goal *g = &ar->goals.items[j];
		bool new_goal = !g->id;
		struct patch gw = {0};
		patch_set(&gw, "text", g->text ? g->text : "");
		if (sync_node(M, NODE_GOAL, ar->id, (int)j + 1, &gw, &g->id, &f) != OK)
			return ERR;
		record_sync(M, NODE_GOAL, g->id, g->text, new_goal, &f, created);
	}
	for (size_t i = 0; old && i < old->focuses.count; i++)
		if (!is_claimed(M, NODE_FOCUS, old->focuses.items[i].id) &&
		    remove_node(M, NODE_FOCUS, old->focuses.items[i].id, old->focuses.items[i].title,
				false) != OK)
			return ERR;
	for (size_t j = 0; j < ar->focuses.count; j++)
		if (apply_focus(M, ar->id, (int)j + 1, &ar->focuses.items[j], created) != OK)
			return ERR;
	return OK;
}

static int apply_plan_row(struct merger *M)
{
	struct plan *p = M->p;
	struct patch w = {0};
	patch_set(&w, "title", p->title);
	patch_set(&w, "kind", p->kind);
	patch_set(&w, "year", p->year ? int_text(M, p->year) : NULL);
	patch_set(&w, "status", plan_status_code(p->status));
	patch_set(&w, "adopted_by", p->adopted_by_id ? int_text(M, p->adopted_by_id) : NULL);
	patch_set(&w, "adopted_on", p->adopted_on);
	patch_set(&w, "values", p->values);
	patch_set(&w, "vision", p->vision);
	patch_set(&w, "main_goal", p->main_goal);
	patch_set(&w, "owner", p->owner_id ? int_text(M, p->owner_id) : NULL);
	patch_set(&w, "published", p->published ? "1" : "0");
	patch_set(&w, "source_name", p->source_name);
	struct fields f;
	int64_t id = p->id;
	if (sync_node(M, NODE_PLAN, 0, 0, &w, &id, &f) != OK)
		return ERR;
	record_sync(M, NODE_PLAN, p->id, p->title, false, &f, false);
	return OK;
}

/* What the new text does not state is kept: a text without "Vedteken i ..."
 * leaves the plan's council, adoption and status as they are, and with
 * publish_auto the plan is published only when the text newly states its
 * adoption. Without this a re-import of a working copy would unpublish the
 * plan and forget who adopted it. */
static void keep_unstated(struct merger *M)
{
	struct plan *p = M->p;
	const struct plan *o = M->old;
	if (!p->owner_id) {
		p->owner_id = o->owner_id;
		p->owner = o->owner;
	}
	if (p->status == PLAN_DRAFT && !p->adopted_on && !p->adopted_by_id) {
		p->status = o->status;
		p->adopted_on = o->adopted_on;
		p->adopted_by_id = o->adopted_by_id;
		p->adopted_by = o->adopted_by;
	}
	if (M->o->publish_auto && !(p->status == PLAN_ADOPTED && o->status != PLAN_ADOPTED))
		p->published = o->published;
}

/* Refuses when a measure with status reports would be deleted (unless the
 * options allow it). */
static int check_reported(struct merger *M)
{
	struct stmt *st = db_prepare(M->db,
		"SELECT m.id, m.text FROM measure m WHERE m.plan_id = :plan"
		" AND EXISTS (SELECT 1 FROM report r WHERE r.measure_id = m.id) ORDER BY m.id");
	stmt_bind_int(st, ":plan", M->p->id);
	struct buf names = BUF_INIT;
	size_t n = 0;
	int rc;
	while ((rc = stmt_step(st, M->e)) == DB_ROW) {
		if (is_claimed(M, NODE_MEASURE, col_int(st, 0)))
			continue;
		n++;
		if (n > 4)
			continue;
		struct buf label = BUF_INIT;
		const char *t = col_text(st, 1) ? col_text(st, 1) : "";
		size_t len = strlen(t), cut = 0, cps = 0;
		while (cut < len && cps < 40) {
			size_t l = utf8_seq_len(t + cut, len - cut);
			cut += l ? l : 1;
			cps++;
		}
		buf_add(&label, t, cut);
		for (size_t i = 0; i < label.len; i++)
			if (label.data[i] == '\n' || label.data[i] == '\t')
				label.data[i] = ' ';
		buf_addf(&names, "%s%lld \"%s%s\"", n > 1 ? ", " : "", (long long)col_int(st, 0),
			 label.data, cut < len ? "..." : "");
		buf_release(&label);
	}
	stmt_finish(st);
	if (n > 4)
		buf_addf(&names, _(" and %zu more"), n - 4);
	if (rc != ERR && n && !M->o->delete_reported)
		err_set(M->e, ERR_CONFLICT, "replace",
			_("The new text no longer has these measures, which have status reports: %s. Replacing would delete them and their reports, so nothing was stored (use --delete-reported to delete them anyway)."),
			names.data);
	buf_release(&names);
	return rc == ERR || (n && !M->o->delete_reported) ? ERR : OK;
}

int merge_plan_in_tx(struct db *db, struct arena *a, struct plan *p,
		     const struct merge_options *o, const char *actor,
		     struct merge_result *out, struct err *e)
{
	static const struct merge_options none = {0};
	struct merger *M = arena_alloc(a, sizeof *M);
	M->db = db;
	M->a = a;
	M->o = o ? o : &none;
	M->actor = actor;
	M->out = out;
	M->p = p;
	M->budget = 20000000;
	M->e = e;
	snprintf(M->plan_id, sizeof M->plan_id, "%lld", (long long)p->id);
	if (plan_load(db, a, p->slug, &M->old, e) != OK)
		return ERR;
	keep_unstated(M);
	match_plan(M);
	if (check_reported(M) != OK || apply_plan_row(M) != OK)
		return ERR;
	/* Measures that move to another strategy go there first, so that
	 * deleting what is left of their old place does not take them along. */
	for (size_t i = 0; i < M->xmoves.count; i++) {
		struct patch nothing = {0};
		int64_t version = 0, parent = 0, from = 0;
		if (read_node(M, NODE_MEASURE, M->xmoves.items[i].id, &nothing, &version, &parent,
			      &from, NULL) != OK ||
		    node_move_in_tx(db, NODE_MEASURE, M->xmoves.items[i].id, version,
				    M->xmoves.items[i].strategy, 0, actor, e) != OK)
			return ERR;
	}
	for (size_t i = 0; i < M->old->areas.count; i++)
		if (!is_claimed(M, NODE_AREA, M->old->areas.items[i].id) &&
		    remove_node(M, NODE_AREA, M->old->areas.items[i].id,
				area_label(M, &M->old->areas.items[i]), false) != OK)
			return ERR;
	for (size_t j = 0; j < p->areas.count; j++)
		if (apply_area(M, (int)j + 1, &p->areas.items[j]) != OK)
			return ERR;
	for (size_t i = 0; i < M->old->sections.count; i++)
		if (!is_claimed(M, NODE_SECTION, M->old->sections.items[i].id) &&
		    remove_node(M, NODE_SECTION, M->old->sections.items[i].id,
				M->old->sections.items[i].title, false) != OK)
			return ERR;
	for (size_t j = 0; j < p->sections.count; j++) {
		struct section *s = &p->sections.items[j];
		bool created = !s->id;
		struct patch w = {0};
		patch_set(&w, "title", s->title ? s->title : "");
		struct fields f;
		if (sync_node(M, NODE_SECTION, p->id, (int)j + 1, &w, &s->id, &f) != OK)
			return ERR;
		record_sync(M, NODE_SECTION, s->id, s->title, created, &f, false);
		if (sync_entries(M, s, created) != OK)
			return ERR;
	}
	return OK;
}

/* --- printing --- */

const char *merge_kind_name(enum node_kind k)
{
	switch (k) {
	case NODE_PLAN: return _("plan");
	case NODE_AREA: return _("area");
	case NODE_GOAL: return _("goal");
	case NODE_FOCUS: return _("focus");
	case NODE_STRATEGY: return _("strategy");
	case NODE_MEASURE: return _("measure");
	case NODE_BUDGET: return _("budget line");
	case NODE_SECTION: return _("section");
	case NODE_ENTRY: return _("section entry");
	case NODE_ORG: return _("organisation");
	case NODE_REPORT: return _("status report");
	default: break; /* records are not in a plan's text */
	}
	return "?";
}

const char *merge_field_name(const char *field)
{
	static const struct {
		const char *code, *name;
	} names[] = {
		{"text", N_("text")},
		{"title", N_("title")},
		{"number", N_("number")},
		{"table_header", N_("table columns")},
		{"period", N_("period")},
		{"responsibility", N_("responsibility")},
		{"links", N_("organisations")},
		{"year", N_("year")},
		{"amount", N_("amount")},
		{"qualifier", N_("amount qualifier")},
		{"per_year", N_("per year")},
		{"position", N_("order")},
		{"parent", N_("place in the plan")},
		{"kind", N_("kind")},
		{"status", N_("status")},
		{"adopted_by", N_("adopted by")},
		{"adopted_on", N_("adopted on")},
		{"values", N_("values")},
		{"vision", N_("vision")},
		{"main_goal", N_("main goal")},
		{"owner", N_("owner")},
		{"published", N_("published")},
		{"source_name", N_("source file")},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].code, field) == 0)
			return _(names[i].name);
	return field;
}

/* s on one line, at most max code points (then "..."). */
static void add_short(struct buf *out, const char *s, size_t max)
{
	size_t len = strlen(s), i = 0, cps = 0;
	while (i < len && cps < max) {
		size_t l = utf8_seq_len(s + i, len - i);
		if (!l)
			l = 1;
		if (s[i] == '\n' || s[i] == '\t' || s[i] == '\r')
			buf_addc(out, ' ');
		else
			buf_add(out, s + i, l);
		i += l;
		cps++;
	}
	if (i < len)
		buf_adds(out, "...");
}

void merge_change_format(struct buf *out, const struct merge_change *c)
{
	struct buf label = BUF_INIT, fields = BUF_INIT;
	add_short(&label, c->label ? c->label : "", 70);
	for (size_t i = 0; i < c->nfields; i++)
		buf_addf(&fields, "%s%s", i ? ", " : "", merge_field_name(c->fields[i]));
	switch (c->op) {
	case MERGE_ADDED:
		buf_addf(out, _("added %s: %s"), merge_kind_name(c->kind), label.data);
		break;
	case MERGE_CHANGED:
		buf_addf(out, _("changed %s %lld: %s (%s)"), merge_kind_name(c->kind),
			 (long long)c->id, fields.data, label.data);
		break;
	case MERGE_REMOVED:
		buf_addf(out, _("removed %s %lld: %s"), merge_kind_name(c->kind),
			 (long long)c->id, label.data);
		break;
	}
	buf_release(&label);
	buf_release(&fields);
}
