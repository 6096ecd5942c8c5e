/*
 * page_feed.c: GET /plan/{slug}.atom and /org/{id}.atom - Atom feeds
 * (formats/atom.h) of the changes and status reports of a published plan,
 * and of the measures an organisation is involved in across the published
 * plans (model/feed.h). Public and cacheable alike for everyone: a draft's
 * feed is 404 as the draft is, also for those who may read the draft.
 *
 * Ids are tag: URIs (RFC 4151) that need no host name; links are
 * relative, resolved against the feed's own address (RFC 4287 §1.2). The
 * Host header is never written into a body the page cache keeps.
 */
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/record.h"
#include "formats/ical.h"
#include "formats/atom.h"
#include "model/feed.h"
#include "model/list.h"
#include "model/node.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

/* Entries in a feed, newest first. */
#define FEED_ENTRIES 50
/* The tag: authority and date: fixed, so ids never change. */
#define TAG "tag:samspel,2026:"

static const char *kind_label(const char *code)
{
	enum node_kind k;
	if (strcmp(code, "document") == 0) /* not a node: model/document.h */
		return _("Document");
	return node_kind_parse(code, &k) == OK ? node_kind_label(k) : code;
}

static const char *field_label(const char *field)
{
	if (strcmp(field, "responsible") == 0)
		return _("Responsible");
	if (strcmp(field, "participants") == 0)
		return _("Taking part");
	if (strcmp(field, "links") == 0)
		return _("Responsible and taking part");
	return node_field_label(field);
}

/* A value as a reader reads it: a state in words, nothing as "(empty)". */
static const char *value_text(const struct feed_row *f, const char *v)
{
	if (!v || !*v)
		return _("(empty)");
	if (f->row.field && strcmp(f->row.field, "state") == 0)
		return report_state_label(v);
	return v;
}

static bool action_is(const struct audit_row *r, const char *verb)
{
	const char *dot = strchr(r->action, '.');
	return dot && strcmp(dot + 1, verb) == 0;
}

/* What the row is about, in a few words: "«Etablere eit regionalt …»". */
static const char *about(struct arena *a, const struct feed_row *f, const char *fallback)
{
	const char *s = f->subject && *f->subject ? f->subject : fallback;
	if (!s || !*s)
		return kind_label(f->row.entity);
	return arena_printf(a, "«%s»", html_first_words(a, s, 8, 70));
}

/* A status report: its state, progress, date and text. */
static const char *report_summary(struct arena *a, const struct feed_row *f)
{
	const char *text = f->row.new_value ? f->row.new_value : "";
	if (!f->report_state)
		return text;
	const char *progress = f->report_progress >= 0
				       ? arena_printf(a, ", %d %%", f->report_progress) : "";
	const char *on = f->report_on ? arena_printf(a, ", %s", f->report_on) : "";
	return arena_printf(a, "%s%s%s. %s", report_state_label(f->report_state), progress, on,
			    text);
}

/* Words one history row as an entry. */
static void word(struct request *rq, const struct feed_row *f, struct atom_entry *en)
{
	struct arena *a = &rq->arena;
	const struct audit_row *r = &f->row;
	en->id = arena_printf(a, TAG "plan/%s/audit/%lld", f->plan_slug, (long long)r->id);
	en->updated = r->at;
	en->author = f->plan_owner;
	en->link = f->measure_id ? arena_printf(a, "/measure/%lld", (long long)f->measure_id)
				 : arena_printf(a, "/plan/%s", f->plan_slug);
	en->summary = NULL;
	bool report = strcmp(r->entity, "report") == 0;
	if (report) {
		/* Who wrote it, as the measure's page shows it. */
		if (f->report_author && f->report_org)
			en->author = arena_printf(a, "%s (%s)", f->report_author, f->report_org);
		else if (f->report_author || f->report_org)
			en->author = f->report_author ? f->report_author : f->report_org;
	}
	if (report && action_is(r, "create")) {
		en->title = f->report_state
				    ? arena_printf(a, _("Status report on %s: %s"), about(a, f, NULL),
						   report_state_label(f->report_state))
				    : arena_printf(a, _("Status report on %s"), about(a, f, NULL));
		en->summary = report_summary(a, f);
	} else if (action_is(r, "update") && r->field) {
		en->title = report ? arena_printf(a, _("Status report on %s corrected: %s"),
						   about(a, f, NULL), field_label(r->field))
				   : arena_printf(a, _("%s changed in %s"), field_label(r->field),
						  about(a, f, NULL));
		en->summary = arena_printf(a, "%s → %s", value_text(f, r->old_value),
					   value_text(f, r->new_value));
	} else if (action_is(r, "create")) {
		en->title = arena_printf(a, _("%s added: %s"), kind_label(r->entity),
					 about(a, f, r->new_value));
		en->summary = r->new_value;
	} else if (action_is(r, "delete")) {
		/* The node is gone: name it by what it was. */
		struct feed_row gone = *f;
		gone.subject = NULL;
		en->title = arena_printf(a, _("%s removed: %s"), kind_label(r->entity),
					 about(a, &gone, r->old_value));
		en->summary = r->old_value;
	} else if (strcmp(r->action, "plan.publish") == 0) {
		en->title = _("The plan was published");
	} else if (strcmp(r->action, "plan.unpublish") == 0) {
		en->title = _("The plan was unpublished");
	} else if (strcmp(r->action, "plan.import") == 0) {
		en->title = _("The plan was imported from its text");
	} else if (strcmp(r->action, "plan.replace") == 0) {
		en->title = _("The plan was updated from a new text");
	} else if (strcmp(r->action, "plan.rollover") == 0) {
		en->title = _("Next year's action plan was made from this plan");
	} else {
		en->title = arena_printf(a, "%s: %s", kind_label(r->entity), r->action);
	}
	/* A plan's own rows carry bookkeeping ("version=2 areas=4"), not
	 * words for a reader. */
	if (strcmp(r->entity, "plan") == 0 && !r->field)
		en->summary = NULL;
	else if (!en->summary && (r->new_value || r->old_value))
		en->summary = r->new_value ? r->new_value : r->old_value;
}

/* Fills rs with the feed of rows. */
static int answer(struct request *rq, struct response *rs, struct atom_feed *feed,
		  const feed_list *rows, const char *fallback_updated)
{
	struct atom_entry *entries = arena_alloc(&rq->arena, (rows->count + 1) * sizeof *entries);
	for (size_t i = 0; i < rows->count; i++)
		word(rq, &rows->items[i], &entries[i]);
	feed->entries = entries;
	feed->count = rows->count;
	feed->lang = i18n_code(rq->lang);
	feed->base = NULL;
	if (rows->count) {
		feed->updated = rows->items[0].row.at;
	} else if (fallback_updated && *fallback_updated) {
		feed->updated = fallback_updated;
	} else {
		char now[CLOCK_ISO_LEN + 1];
		clock_iso_now(0, now);
		feed->updated = arena_strdup(&rq->arena, now);
	}
	atom_write(feed, &rs->body); /* the feed's own escaper (atom.h) */
	rs->content_type = "application/atom+xml";
	rs->status = 200;
	rs->cache = CACHE_REVALIDATE;
	return 200;
}

/* GET /plan/{slug}.atom: the published plan's changes and status reports,
 * the newest 50. */
int page_plan_atom(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (!p->published)
		return page_error(rq, rs, 404, NULL);
	feed_list rows = {0};
	if (feed_for_plan(rq->db, &rq->arena, p->id, FEED_ENTRIES, &rows, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct atom_feed feed = {
		.id = arena_printf(&rq->arena, TAG "plan/%s", p->slug),
		.title = arena_printf(&rq->arena, _("Changes and status reports: %s"), p->title),
		.author = p->owner,
		.self = arena_printf(&rq->arena, "/plan/%s.atom", p->slug),
		.alternate = arena_printf(&rq->arena, "/plan/%s", p->slug),
	};
	return answer(rq, rs, &feed, &rows, p->updated_at);
}

/* GET /org/{id}.atom: the changes and status reports of the measures the
 * organisation is involved in, across the published plans, the newest 50.
 * An organisation the public may not know of is 404. */
int page_org_atom(struct request *rq, struct response *rs)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || n <= 0)
		return page_error(rq, rs, 404, NULL);
	struct actor public = {0};
	struct org_detail *d;
	struct err e = ERR_INIT;
	if (list_org_detail(rq->db, &rq->arena, &public, n, &d, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL);
	feed_list rows = {0};
	if (feed_for_org(rq->db, &rq->arena, n, FEED_ENTRIES, &rows, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct atom_feed feed = {
		.id = arena_printf(&rq->arena, TAG "org/%lld", n),
		.title = arena_printf(&rq->arena, _("Changes and status reports: %s"), d->org.name),
		.author = d->org.name,
		.self = arena_printf(&rq->arena, "/org/%lld.atom", n),
		.alternate = arena_printf(&rq->arena, "/org/%lld", n),
	};
	return answer(rq, rs, &feed, &rows, NULL);
}

/* GET /org/{id}.ics: a council's meetings and its meetings' follow-up
 * points with a due date, as a calendar to subscribe to (records are
 * public). */
int page_org_ics(struct request *rq, struct response *rs)
{
	const char *id = request_param(rq, "id");
	char *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	struct node_values org;
	record_summary_list meetings, followups;
	struct err e = ERR_INIT;
	if (!id || !*id || *end || n <= 0 ||
	    node_load(rq->db, &rq->arena, NODE_ORG, n, &org, &e) != OK ||
	    strcmp(node_value(&org, "kind"), "council") != 0)
		return page_error(rq, rs, 404, NULL);
	if (record_list(rq->db, &rq->arena, NODE_MEETING, n, 1000, 0, &meetings, &e) != OK ||
	    record_council_followups(rq->db, &rq->arena, n, &followups, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct ical_entry *m = arena_alloc(&rq->arena, (meetings.count + 1) * sizeof *m);
	struct ical_entry *f = arena_alloc(&rq->arena, (followups.count + 1) * sizeof *f);
	for (size_t i = 0; i < meetings.count; i++)
		m[i] = (struct ical_entry){meetings.items[i].id, meetings.items[i].title,
					   meetings.items[i].meta, false, 0};
	for (size_t i = 0; i < followups.count; i++)
		f[i] = (struct ical_entry){followups.items[i].id, followups.items[i].title,
					   followups.items[i].meta,
					   followups.items[i].council && strcmp(followups.items[i].council, "1") == 0,
					   followups.items[i].parent};
	const char *base = rq->config && rq->config->public_url ? rq->config->public_url : "";
	/* No time stamp of the request: the same records give the same bytes
	 * (and ETag), so a calendar program polling it gets 304s. */
	ical_council(&rs->body, arena_printf(&rq->arena, _("Meetings and follow-up points: %s"),
					     node_value(&org, "name")),
		     base, NULL, m, meetings.count, f, followups.count); /* its own escaper */
	rs->content_type = "text/calendar";
	rs->status = 200;
	rs->cache = CACHE_REVALIDATE;
	return 200;
}
