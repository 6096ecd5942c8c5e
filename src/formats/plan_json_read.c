/*
 * plan_json_read.c: a plan as the JSON export writes it (formats/json.c,
 * "format": "samspel.plan/1"), read back and stored as a new plan with its
 * status reports (see plan_json_read.h).
 *
 * Ids in the file (of measures, organisations, reports) are the other
 * server's and are not used: organisations are found by name in the
 * plan's council (or made), as the importer does.
 */
#include "formats/plan_json_read.h"
#include "model/merge.h"
#include "model/node.h"
#include "model/org.h"
#include "model/plan.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/period.h"

#include <inttypes.h>
#include <string.h>

/* What was read, with the reports of each measure for after the store. */
struct reading {
	struct arena *a;
	struct err *e;
	const char *where;
	struct {
		struct measure **items;
		size_t count, cap;
	} measures;
	struct {
		json_t **items;
		size_t count, cap;
	} reports;
};

static int bad(struct reading *r, const char *key, const char *what)
{
	return err_set(r->e, ERR_INPUT, key, _("The plan file: \"%s\" %s"), key, what);
}

/* o[key] as text (NULL for null or absent); ERR when another type. */
static int text(struct reading *r, json_t *o, const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? bad(r, key, _("is needed.")) : OK;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return bad(r, key, _("must be a text."));
	*out = arena_strdup(r->a, json_string_value(v));
	return OK;
}

/* o[key] as a list (an empty one when absent). */
static json_t *list(struct reading *r, json_t *o, const char *key, int *rc)
{
	json_t *v = json_object_get(o, key);
	if (v && !json_is_array(v) && !json_is_null(v)) {
		*rc = bad(r, key, _("must be a list."));
		return NULL;
	}
	return v && json_is_array(v) ? v : NULL;
}

static int links(struct reading *r, json_t *arr, org_link_list *out)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		struct org_link *l = ARENA_PUSH(r->a, *out);
		memset(l, 0, sizeof *l);
		if (text(r, o, "name", true, &l->name) != OK ||
		    text(r, o, "as_written", false, &l->as_written) != OK ||
		    text(r, o, "note", false, &l->note) != OK)
			return ERR;
		l->collective = json_is_true(json_object_get(o, "members_of"));
	}
	return OK;
}

/* A budget line's "qualifier" (a code of base/money.h, null when exact) and
 * "per_year" (false when absent, as in exports made before them). */
static int qualifier(struct reading *r, json_t *b, struct budget_line *line)
{
	const char *code;
	enum money_qualifier q;
	json_t *per_year = json_object_get(b, "per_year");
	if (text(r, b, "qualifier", false, &code) != OK)
		return ERR;
	if (money_qualifier_parse(code, &q) != OK)
		return bad(r, "qualifier", _("is not a known amount qualifier."));
	if (per_year && !json_is_boolean(per_year) && !json_is_null(per_year))
		return bad(r, "per_year", _("must be true or false."));
	line->qualifier = (int)q;
	line->per_year = json_is_true(per_year);
	return OK;
}

static int measure(struct reading *r, json_t *o, struct measure *m)
{
	memset(m, 0, sizeof *m);
	m->progress = -1;
	json_t *period = json_object_get(o, "period");
	int rc = text(r, o, "text", true, &m->text);
	if (rc == OK)
		rc = text(r, period, "text", false, &m->period_text);
	if (rc == OK)
		rc = text(r, o, "responsibility_text", false, &m->responsibility_text);
	if (rc == OK)
		rc = text(r, o, "project", false, &m->project);
	if (rc != OK)
		return ERR;
	if (!m->period_text)
		m->period_text = "";
	struct err ignore = ERR_INIT; /* a period not understood is kept as text */
	if (*m->period_text && period_parse(m->period_text, &m->period, &ignore) != OK)
		memset(&m->period, 0, sizeof m->period);
	json_t *resp = list(r, o, "responsible", &rc), *part = list(r, o, "participants", &rc);
	json_t *budget = list(r, o, "budget", &rc), *reports = list(r, o, "reports", &rc);
	if (rc != OK || links(r, resp, &m->responsible) != OK ||
	    links(r, part, &m->participants) != OK)
		return ERR;
	size_t i;
	json_t *b;
	json_array_foreach(budget, i, b) {
		struct budget_line *line = ARENA_PUSH(r->a, m->budget);
		json_t *year = json_object_get(b, "year"), *amount = json_object_get(b, "amount");
		memset(line, 0, sizeof *line);
		if ((year && !json_is_null(year) && !json_is_integer(year)) ||
		    (amount && !json_is_null(amount) && !json_is_integer(amount)))
			return bad(r, "budget", _("has a year or amount that is not a whole number."));
		line->year = json_is_integer(year) ? (int)json_integer_value(year) : 0;
		line->has_amount = json_is_integer(amount);
		line->amount = line->has_amount ? json_integer_value(amount) : 0;
		if (text(r, b, "text", false, &line->text) != OK ||
		    qualifier(r, b, line) != OK)
			return ERR;
	}
	*ARENA_PUSH(r->a, r->measures) = m;
	*ARENA_PUSH(r->a, r->reports) = reports;
	return OK;
}

static int area(struct reading *r, json_t *o, struct area *ar)
{
	memset(ar, 0, sizeof *ar);
	int rc = text(r, o, "number", false, &ar->number);
	if (rc == OK)
		rc = text(r, o, "title", true, &ar->title);
	json_t *columns = list(r, o, "columns", &rc), *goals = list(r, o, "goals", &rc);
	json_t *focuses = list(r, o, "focuses", &rc), *v;
	if (rc != OK)
		return ERR;
	if (!ar->number)
		ar->number = "";
	struct buf header = BUF_INIT;
	size_t i, j, k;
	json_array_foreach(columns, i, v) {
		if (i)
			buf_addc(&header, '\t');
		buf_adds(&header, json_is_string(v) ? json_string_value(v) : "");
	}
	ar->table_header = arena_strdup(r->a, header.data ? header.data : "");
	buf_release(&header);
	json_array_foreach(goals, i, v) {
		struct goal *g = ARENA_PUSH(r->a, ar->goals);
		memset(g, 0, sizeof *g);
		if (text(r, v, "text", true, &g->text) != OK)
			return ERR;
	}
	json_t *fo, *st, *me;
	json_array_foreach(focuses, i, fo) {
		struct focus *f = ARENA_PUSH(r->a, ar->focuses);
		memset(f, 0, sizeof *f);
		json_t *strategies = list(r, fo, "strategies", &rc);
		if (rc != OK || text(r, fo, "title", true, &f->title) != OK)
			return ERR;
		json_array_foreach(strategies, j, st) {
			struct strategy *s = ARENA_PUSH(r->a, f->strategies);
			memset(s, 0, sizeof *s);
			json_t *measures = list(r, st, "measures", &rc);
			if (rc != OK || text(r, st, "text", true, &s->text) != OK)
				return ERR;
			json_array_foreach(measures, k, me)
				if (measure(r, me, ARENA_PUSH(r->a, s->measures)) != OK)
					return ERR;
		}
	}
	return OK;
}

/* The plan's own fields, areas and sections into p. */
static int plan_of(struct reading *r, json_t *j, struct plan *p)
{
	const char *status = NULL;
	int rc = OK;
	memset(p, 0, sizeof *p);
	if (text(r, j, "title", true, &p->title) != OK || text(r, j, "slug", true, &p->slug) != OK ||
	    text(r, j, "kind", true, &p->kind) != OK || text(r, j, "status", true, &status) != OK ||
	    text(r, j, "licence", false, &p->licence) != OK ||
	    text(r, j, "owner", false, &p->owner) != OK ||
	    text(r, j, "adopted_on", false, &p->adopted_on) != OK ||
	    text(r, j, "adopted_by", false, &p->adopted_by) != OK ||
	    text(r, j, "values", false, &p->values) != OK ||
	    text(r, j, "vision", false, &p->vision) != OK ||
	    text(r, j, "main_goal", false, &p->main_goal) != OK)
		return ERR;
	if (strcmp(p->kind, "regional") != 0 && strcmp(p->kind, "action") != 0)
		return bad(r, "kind", _("must be \"regional\" or \"action\"."));
	if (plan_status_parse(status, &p->status) != OK)
		return bad(r, "status", _("is not a known status."));
	json_t *year = json_object_get(j, "year");
	if (year && !json_is_null(year) && !json_is_integer(year))
		return bad(r, "year", _("must be a whole number."));
	p->year = json_is_integer(year) ? (int)json_integer_value(year) : 0;
	p->published = json_is_true(json_object_get(j, "published"));
	json_t *areas = list(r, j, "areas", &rc), *sections = list(r, j, "sections", &rc), *v, *en;
	if (rc != OK)
		return ERR;
	size_t i, k;
	json_array_foreach(areas, i, v)
		if (area(r, v, ARENA_PUSH(r->a, p->areas)) != OK)
			return ERR;
	json_array_foreach(sections, i, v) {
		struct section *s = ARENA_PUSH(r->a, p->sections);
		memset(s, 0, sizeof *s);
		json_t *entries = list(r, v, "entries", &rc);
		if (rc != OK || text(r, v, "title", true, &s->title) != OK)
			return ERR;
		json_array_foreach(entries, k, en) {
			struct section_entry *se = ARENA_PUSH(r->a, s->entries);
			if (text(r, en, "title", false, &se->title) != OK ||
			    text(r, en, "text", false, &se->text) != OK)
				return ERR;
			se->title = se->title ? se->title : "";
			se->text = se->text ? se->text : "";
		}
	}
	return OK;
}

/* A measure's reports, oldest first (the file has them newest first), so
 * their order stays as it was. */
static int store_reports(struct db *db, struct reading *r, const struct plan *p,
			 const char *actor, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	for (size_t i = 0; i < r->measures.count; i++) {
		json_t *reports = r->reports.items[i];
		for (size_t n = json_array_size(reports); n > 0; n--) {
			json_t *o = json_array_get(reports, n - 1);
			struct patch pt = {0};
			const char *v;
			static const char *const texts[] = {"reported_on", "state", "text"};
			for (size_t t = 0; t < 3; t++) {
				if (text(r, o, texts[t], t < 2, &v) != OK)
					return ERR;
				if (v)
					patch_set(&pt, texts[t], v);
			}
			static const char *const ints[] = {"progress", "spent"};
			for (size_t t = 0; t < 2; t++) {
				json_t *x = json_object_get(o, ints[t]);
				if (json_is_integer(x))
					patch_set(&pt, ints[t], arena_printf(r->a, "%" JSON_INTEGER_FORMAT,
									    json_integer_value(x)));
			}
			const char *org = NULL;
			struct org_match m;
			if (text(r, o, "org", false, &org) != OK)
				return ERR;
			int found = org ? org_lookup(db, r->a, org, p->owner_id, &m, e) : 0;
			if (found == ERR)
				return ERR;
			if (found)
				patch_set(&pt, "org", arena_printf(r->a, "%" PRId64, m.org_id));
			patch_set(&pt, "created_at", now);
			int64_t id;
			if (node_create_in_tx(db, NODE_REPORT, r->measures.items[i]->id, 0, &pt, actor,
					      &id, e) != OK)
				return ERR;
		}
	}
	return OK;
}

int plan_json_load_in_tx(struct db *db, struct arena *a, json_t *j, const char *actor,
			 const char **slug, plan_json_project_list *projects, struct err *e)
{
	struct reading r = {a, e, "", {0}, {0}};
	struct plan *p = arena_alloc(a, sizeof *p);
	if (plan_of(&r, j, p) != OK)
		return ERR;
	if (plan_store_in_tx(db, a, p, false, NULL, actor, NULL, e) != OK ||
	    store_reports(db, &r, p, actor, e) != OK)
		return ERR;
	/* A new plan is stored under the default licence; the file says
	 * which it had. */
	if (p->licence && strcmp(p->licence, "NLOD-2.0") != 0) {
		struct patch pt = {0};
		int64_t version;
		patch_set(&pt, "licence", p->licence);
		if (node_version(db, NODE_PLAN, p->id, &version, e) != OK ||
		    node_update_in_tx(db, NODE_PLAN, p->id, version, &pt, actor, NULL, e) != OK)
			return ERR;
	}
	for (size_t i = 0; i < r.measures.count; i++)
		if (r.measures.items[i]->project) {
			struct plan_json_project *pj = ARENA_PUSH(a, *projects);
			pj->measure = r.measures.items[i]->id;
			pj->title = r.measures.items[i]->project;
		}
	*slug = p->slug;
	return OK;
}
