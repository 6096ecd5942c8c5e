/*
 * json.c: the plan's JSON export (see json.h), built with jansson so every
 * string is escaped by a JSON library rather than by hand.
 */
#include "formats/json.h"
#include "model/plan.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string, or null for NULL/"" when empty_is_null. */
static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *period_json(const struct measure *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(m->period_text ? m->period_text : ""));
	json_object_set_new(o, "start", str_or_null(m->period.start));
	json_object_set_new(o, "end", str_or_null(m->period.end));
	json_object_set_new(o, "kind", json_string(period_kind_code(m->period.kind)));
	return o;
}

static json_t *links_json(const org_link_list *links)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "org_id", json_integer(l->org_id));
		json_object_set_new(o, "name", json_string(l->name));
		json_object_set_new(o, "as_written", json_string(l->as_written ? l->as_written : l->name));
		json_object_set_new(o, "members_of", json_boolean(l->collective));
		json_object_set_new(o, "note", str_or_null(l->note));
		json_array_append_new(arr, o);
	}
	return arr;
}

const char *json_licence_url(const char *code)
{
	if (code && strcmp(code, "NLOD-2.0") == 0)
		return "https://data.norge.no/nlod/no/2.0";
	if (code && strcmp(code, "CC-BY-4.0") == 0)
		return "https://creativecommons.org/licenses/by/4.0/";
	return NULL;
}

/* A measure's status reports, newest first: what it says and for which
 * organisation; never who wrote it (open data is copied and kept; a
 * person's name is not the council's to publish in it). */
static json_t *reports_json(const report_list *reports, int64_t measure)
{
	json_t *arr = json_array();
	size_t n = 0;
	const struct report *r = reports ? report_list_find(reports, measure, &n) : NULL;
	for (size_t i = 0; i < n; i++, r++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(r->id));
		json_object_set_new(o, "reported_on", json_string(r->reported_on));
		json_object_set_new(o, "state", json_string(report_state_code(r->state)));
		json_object_set_new(o, "progress", r->progress >= 0 ? json_integer(r->progress) : json_null());
		json_object_set_new(o, "text", str_or_null(r->text));
		json_object_set_new(o, "spent", r->has_spent ? json_integer(r->spent) : json_null());
		json_object_set_new(o, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
		json_object_set_new(o, "org", str_or_null(r->org));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *measure_json(const struct measure *m, const report_list *reports)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "text", json_string(m->text));
	json_object_set_new(o, "period", period_json(m));
	json_object_set_new(o, "responsible", links_json(&m->responsible));
	json_object_set_new(o, "participants", links_json(&m->participants));
	json_object_set_new(o, "responsibility_text", json_string(m->responsibility_text ? m->responsibility_text : ""));
	json_t *budget = json_array();
	for (size_t i = 0; i < m->budget.count; i++) {
		const struct budget_line *b = &m->budget.items[i];
		json_t *bo = json_object();
		json_object_set_new(bo, "year", b->year ? json_integer(b->year) : json_null());
		json_object_set_new(bo, "amount", b->has_amount ? json_integer(b->amount) : json_null());
		json_object_set_new(bo, "text", json_string(b->text));
		json_object_set_new(bo, "qualifier",
				    str_or_null(money_qualifier_code((enum money_qualifier)b->qualifier)));
		json_object_set_new(bo, "per_year", json_boolean(b->per_year));
		json_array_append_new(budget, bo);
	}
	json_object_set_new(o, "budget", budget);
	json_object_set_new(o, "budget_total", json_integer(measure_budget_total(m)));
	json_object_set_new(o, "project", str_or_null(m->project));
	json_object_set_new(o, "reports", reports_json(reports, m->id));
	return o;
}

static json_t *area_json(const struct area *ar, size_t position, const report_list *reports)
{
	json_t *o = json_object();
	json_object_set_new(o, "position", json_integer((json_int_t)position));
	json_object_set_new(o, "number", str_or_null(ar->number));
	json_object_set_new(o, "title", json_string(ar->title));
	json_t *goals = json_array();
	for (size_t g = 0; g < ar->goals.count; g++) {
		json_t *go = json_object();
		json_object_set_new(go, "text", json_string(ar->goals.items[g].text));
		json_array_append_new(goals, go);
	}
	json_object_set_new(o, "goals", goals);
	json_object_set_new(o, "budget_total", json_integer(area_budget_total(ar)));
	json_t *columns = json_array();
	if (ar->table_header && *ar->table_header) {
		const char *s = ar->table_header;
		for (;;) {
			const char *tab = strchr(s, '\t');
			size_t n = tab ? (size_t)(tab - s) : strlen(s);
			json_array_append_new(columns, json_stringn(s, n));
			if (!tab)
				break;
			s = tab + 1;
		}
	}
	json_object_set_new(o, "columns", columns);
	json_t *focuses = json_array();
	for (size_t f = 0; f < ar->focuses.count; f++) {
		const struct focus *fo = &ar->focuses.items[f];
		json_t *fj = json_object();
		json_object_set_new(fj, "title", json_string(fo->title));
		json_t *strategies = json_array();
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			json_t *sj = json_object();
			json_object_set_new(sj, "text", json_string(st->text));
			json_t *measures = json_array();
			for (size_t m = 0; m < st->measures.count; m++)
				json_array_append_new(measures, measure_json(&st->measures.items[m], reports));
			json_object_set_new(sj, "measures", measures);
			json_array_append_new(strategies, sj);
		}
		json_object_set_new(fj, "strategies", strategies);
		json_array_append_new(focuses, fj);
	}
	json_object_set_new(o, "focuses", focuses);
	return o;
}

static json_t *sections_json(const struct plan *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < p->sections.count; i++) {
		const struct section *s = &p->sections.items[i];
		json_t *so = json_object();
		json_object_set_new(so, "title", json_string(s->title));
		json_t *entries = json_array();
		for (size_t k = 0; k < s->entries.count; k++) {
			json_t *eo = json_object();
			json_object_set_new(eo, "title", json_string(s->entries.items[k].title));
			json_object_set_new(eo, "text", json_string(s->entries.items[k].text));
			json_array_append_new(entries, eo);
		}
		json_object_set_new(so, "entries", entries);
		json_array_append_new(arr, so);
	}
	return arr;
}

json_t *json_plan_value(const struct plan *p, const report_list *reports)
{
	json_t *o = json_object();
	json_object_set_new(o, "format", json_string("samspel.plan/1"));
	json_object_set_new(o, "schema_version", json_string(JSON_SCHEMA_VERSION));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(o, "slug", json_string(p->slug));
	json_object_set_new(o, "kind", json_string(p->kind));
	json_object_set_new(o, "year", p->year ? json_integer(p->year) : json_null());
	json_object_set_new(o, "status", json_string(plan_status_code(p->status)));
	json_object_set_new(o, "published", json_boolean(p->published));
	const char *licence = p->licence ? p->licence : "NLOD-2.0";
	json_object_set_new(o, "licence", json_string(licence));
	json_object_set_new(o, "licence_url", str_or_null(json_licence_url(licence)));
	json_object_set_new(o, "owner", str_or_null(p->owner));
	json_object_set_new(o, "adopted_on", str_or_null(p->adopted_on));
	json_object_set_new(o, "adopted_by", str_or_null(p->adopted_by));
	json_object_set_new(o, "values", str_or_null(p->values));
	json_object_set_new(o, "vision", str_or_null(p->vision));
	json_object_set_new(o, "main_goal", str_or_null(p->main_goal));
	json_object_set_new(o, "budget_total", json_integer(plan_budget_total(p)));
	json_object_set_new(o, "version", json_integer(p->version));
	json_t *areas = json_array();
	for (size_t i = 0; i < p->areas.count; i++)
		json_array_append_new(areas, area_json(&p->areas.items[i], i + 1, reports));
	json_object_set_new(o, "areas", areas);
	json_object_set_new(o, "sections", sections_json(p));
	return o;
}

int json_export_plan(const struct plan *p, const report_list *reports, struct buf *out,
		     struct err *e)
{
	json_t *o = json_plan_value(p, reports);
	char *text = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	if (!text)
		return err_set(e, ERR_INTERNAL, NULL, _("Could not write the JSON export."));
	buf_adds(out, text);
	buf_addc(out, '\n');
	free(text);
	return OK;
}
