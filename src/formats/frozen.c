/* frozen.c: the content of a frozen status report (see frozen.h). */
#include "formats/frozen.h"
#include "formats/export.h"
#include "formats/records.h"
#include "model/frozen.h"
#include "model/plan.h"
#include "model/record.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* What the measures say at the day: their latest report's state, and
 * what the latest reports have spent. */
struct tally {
	json_t *counts;
	json_int_t measures, spent;
};

/* Drops the reports written for a day after as_of from measure m, and
 * counts its state. */
static void measure_at(json_t *m, const char *as_of, struct tally *t)
{
	json_t *reports = json_object_get(m, "reports");
	for (size_t i = json_array_size(reports); i > 0; i--) {
		const char *on = json_string_value(json_object_get(json_array_get(reports, i - 1),
								   "reported_on"));
		if (on && strcmp(on, as_of) > 0)
			json_array_remove(reports, i - 1);
	}
	json_t *latest = json_array_get(reports, 0);
	const char *state = latest ? json_string_value(json_object_get(latest, "state")) : NULL;
	state = state ? state : "none";
	json_object_set_new(m, "state", json_string(state));
	json_t *n = json_object_get(t->counts, state);
	json_object_set_new(t->counts, state, json_integer((n ? json_integer_value(n) : 0) + 1));
	json_t *spent = latest ? json_object_get(latest, "spent") : NULL;
	if (json_is_integer(spent))
		t->spent += json_integer_value(spent);
	t->measures++;
}

static void plan_at(json_t *plan, const char *as_of, struct tally *t)
{
	size_t i, j, k, l;
	json_t *area, *focus, *strategy, *measure;
	json_array_foreach(json_object_get(plan, "areas"), i, area)
		json_array_foreach(json_object_get(area, "focuses"), j, focus)
			json_array_foreach(json_object_get(focus, "strategies"), k, strategy)
				json_array_foreach(json_object_get(strategy, "measures"), l, measure)
					measure_at(measure, as_of, t);
}

/* The indicators of the council keeping the plan, as they are. */
static int indicators(struct db *db, struct arena *a, int64_t council, json_t *out,
		      struct err *e)
{
	record_summary_list l;
	if (!council)
		return OK;
	if (record_list(db, a, NODE_INDICATOR, council, 1000, 0, &l, e) != OK)
		return ERR;
	for (size_t i = l.count; i > 0; i--) { /* oldest first */
		json_t *j;
		if (records_json(db, a, NODE_INDICATOR, l.items[i - 1].id, false, &j, e) != OK)
			return ERR;
		json_array_append_new(out, j);
	}
	return OK;
}

static int make(struct db *db, struct arena *a, struct plan *p, const char *key,
		const char *title, const char *as_of, struct buf *out, struct err *e)
{
	struct buf text = BUF_INIT;
	struct export_options eo = {db, a, "nn", "", ';'};
	json_error_t je;
	if (export_find("json", false)->write(p, &eo, &text, e) != OK) {
		buf_release(&text);
		return ERR;
	}
	json_t *plan = json_loadb(text.data, text.len, 0, &je);
	buf_release(&text);
	if (!plan)
		return err_set(e, ERR_INTERNAL, NULL, "plan export not JSON: %s", je.text);
	struct tally t = {json_object(), 0, 0};
	plan_at(plan, as_of, &t);
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "format", "samspel.frozen/1", "key",
				key, "title", title, "as_of", as_of, "plan_slug", p->slug, "plan_title",
				p->title);
	json_object_set_new(doc, "measures", json_integer(t.measures));
	json_object_set_new(doc, "by_state", t.counts);
	json_object_set_new(doc, "budget_total", json_incref(json_object_get(plan, "budget_total")));
	json_object_set_new(doc, "spent", json_integer(t.spent));
	json_object_set_new(doc, "plan", plan);
	json_t *inds = json_array();
	json_object_set_new(doc, "indicators", inds);
	int rc = indicators(db, a, p->owner_id, inds, e);
	if (rc == OK) {
		char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		buf_adds(out, s);
		buf_adds(out, "\n");
		free(s);
	}
	json_decref(doc);
	return rc;
}

int frozen_freeze(struct db *db, struct arena *a, const char *slug, const char *key,
		  const char *title, const char *as_of, const char *actor, char sha[65],
		  struct err *e)
{
	char today[11];
	struct plan *p;
	clock_today(today);
	if (!title || !*title)
		return err_set(e, ERR_INPUT, "title", _("This field must be filled in."));
	if (!frozen_key_valid(key))
		return err_set(e, ERR_INPUT, "key",
			       _("The report's name in its address is 1-40 of a-z, 0-9 and - (e.g. 2026-t1)."));
	if (!as_of || strlen(as_of) != 10 || as_of[4] != '-' || as_of[7] != '-' ||
	    strcmp(as_of, today) > 0)
		return err_set(e, ERR_INPUT, "as_of",
			       _("Write the day as YYYY-MM-DD, today or before (e.g. 2026-04-30)."));
	if (plan_load(db, a, slug, &p, e) != OK)
		return ERR;
	struct buf json = BUF_INIT;
	int rc = make(db, a, p, key, title, as_of, &json, e);
	if (rc == OK)
		rc = frozen_store(db, p->id, key, title, as_of, json.data, json.len, actor, sha, e);
	buf_release(&json);
	return rc;
}
