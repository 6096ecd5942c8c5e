/*
 * page_structure.c: GET /plan/{slug}/structure - the whole plan as an
 * editor works on it: every area, goal, focus, strategy, measure, section
 * and entry with buttons to change, move up or down, delete, and add below
 * it. Plain forms and links, no JavaScript. Editors (ACT_EDIT_PLAN).
 */
#include "web/html.h"
#include "web/pages.h"
#include "model/node.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

struct versions {
	node_version_list of[NODE_KIND_COUNT];
};

/* The text of a node as the name of its buttons, cut to a few words so a
 * screen reader's list of buttons reads "Move up: Kompetanse ...". */
static const char *short_name(struct request *rq, const char *s)
{
	size_t n = strlen(s), cut = 48;
	if (n <= cut)
		return s;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(&rq->arena, "%.*s…", (int)cut, s);
}

/* The buttons of one node: change, up, down, delete. */
static void controls(struct html *h, struct request *rq, const struct versions *v,
		     enum node_kind k, int64_t id, const char *name, size_t index, size_t count)
{
	const char *code = node_info(k)->code;
	const char *what = short_name(rq, name);
	int64_t version = node_version_in(&v->of[k], id);
	html_printf(h, "<span class=\"controls\" id=\"%s-%lld\">", code, (long long)id);
	html_printf(h, "<a href=\"/%s/%lld/edit\">%s<span class=\"visually-hidden\">: %s</span></a>",
		    code, (long long)id, _("Change"), what);
	static const char *const dirs[2] = {"up", "down"};
	for (int d = 0; d < 2; d++) {
		if ((d == 0 && index == 0) || (d == 1 && index + 1 >= count))
			continue;
		html_printf(h, "<form method=\"post\" action=\"/%s/%lld/move\">", code, (long long)id);
		html_csrf(h, rq);
		html_printf(h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
			       "<input type=\"hidden\" name=\"direction\" value=\"%s\">"
			       "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\">: %s</span></button></form>",
			    (long long)version, dirs[d], d == 0 ? _("Up") : _("Down"), what);
	}
	html_printf(h, "<a href=\"/%s/%lld/delete\">%s<span class=\"visually-hidden\">: %s</span></a>",
		    code, (long long)id, _("Delete"), what);
	html_lit(h, "</span>");
}

static void add_link(struct html *h, enum node_kind parent, int64_t id, const char *slug,
		     enum node_kind child, const char *label)
{
	if (parent == NODE_PLAN)
		html_printf(h, "<p class=\"add\"><a href=\"/plan/%s/new/%s\">+ %s</a></p>", slug,
			    node_info(child)->code, label);
	else
		html_printf(h, "<p class=\"add\"><a href=\"/%s/%lld/new/%s\">+ %s</a></p>",
			    node_info(parent)->code, (long long)id, node_info(child)->code, label);
}

static void strategy_html(struct html *h, struct request *rq, const struct versions *v,
			  const struct plan *p, const struct strategy *s)
{
	html_lit(h, "<ol class=\"measures\">");
	for (size_t m = 0; m < s->measures.count; m++) {
		const struct measure *me = &s->measures.items[m];
		html_printf(h, "<li><a href=\"/measure/%lld\">%s</a> ", (long long)me->id,
			    short_name(rq, me->text));
		controls(h, rq, v, NODE_MEASURE, me->id, me->text, m, s->measures.count);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol>");
	add_link(h, NODE_STRATEGY, s->id, p->slug, NODE_MEASURE, _("New measure"));
}

static void area_html(struct html *h, struct request *rq, const struct versions *v,
		      const struct plan *p, size_t i)
{
	const struct area *a = &p->areas.items[i];
	html_printf(h, "<section class=\"area\"><h2>%s%s%s ", a->number, *a->number ? ". " : "",
		    a->title);
	controls(h, rq, v, NODE_AREA, a->id, a->title, i, p->areas.count);
	html_printf(h, "</h2><h3>%s</h3><ol>", _("Goals"));
	for (size_t g = 0; g < a->goals.count; g++) {
		html_printf(h, "<li>%s ", a->goals.items[g].text);
		controls(h, rq, v, NODE_GOAL, a->goals.items[g].id, a->goals.items[g].text, g,
			 a->goals.count);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol>");
	add_link(h, NODE_AREA, a->id, p->slug, NODE_GOAL, _("New goal"));
	html_printf(h, "<h3>%s</h3>", _("Focuses, strategies and measures"));
	for (size_t f = 0; f < a->focuses.count; f++) {
		const struct focus *fo = &a->focuses.items[f];
		html_printf(h, "<div class=\"focus\"><h4>%s ", fo->title);
		controls(h, rq, v, NODE_FOCUS, fo->id, fo->title, f, a->focuses.count);
		html_lit(h, "</h4><ol class=\"strategies\">");
		for (size_t s = 0; s < fo->strategies.count; s++) {
			const struct strategy *st = &fo->strategies.items[s];
			html_printf(h, "<li><p>%s ", st->text);
			controls(h, rq, v, NODE_STRATEGY, st->id, st->text, s, fo->strategies.count);
			html_lit(h, "</p>");
			strategy_html(h, rq, v, p, st);
			html_lit(h, "</li>");
		}
		html_lit(h, "</ol>");
		add_link(h, NODE_FOCUS, fo->id, p->slug, NODE_STRATEGY, _("New strategy"));
		html_lit(h, "</div>");
	}
	add_link(h, NODE_AREA, a->id, p->slug, NODE_FOCUS, _("New focus"));
	html_lit(h, "</section>");
}

static void sections_html(struct html *h, struct request *rq, const struct versions *v,
			  const struct plan *p)
{
	html_printf(h, "<section class=\"sections\"><h2>%s</h2>", _("Other sections"));
	for (size_t i = 0; i < p->sections.count; i++) {
		const struct section *s = &p->sections.items[i];
		html_printf(h, "<div class=\"section\"><h3>%s ", s->title);
		controls(h, rq, v, NODE_SECTION, s->id, s->title, i, p->sections.count);
		html_lit(h, "</h3><ol>");
		int64_t *ids;
		size_t n = 0;
		struct err e = ERR_INIT;
		if (node_children(rq->db, &rq->arena, NODE_ENTRY, s->id, &ids, &n, &e) != OK)
			n = 0;
		for (size_t k = 0; k < n && k < s->entries.count; k++) {
			const struct section_entry *en = &s->entries.items[k];
			const char *name = *en->title ? en->title : en->text;
			html_printf(h, "<li>%s ", short_name(rq, name));
			controls(h, rq, v, NODE_ENTRY, ids[k], name, k, n);
			html_lit(h, "</li>");
		}
		html_lit(h, "</ol>");
		add_link(h, NODE_SECTION, s->id, p->slug, NODE_ENTRY, _("New entry"));
		html_lit(h, "</div>");
	}
	add_link(h, NODE_PLAN, p->id, p->slug, NODE_SECTION, _("New section"));
	html_lit(h, "</section>");
}

/* GET /plan/{slug}/structure: the editor's view of the whole plan
 * (ACT_EDIT_PLAN). */
int page_structure(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, true, &p) != OK)
		return rs->status;
	struct versions v;
	struct err e = ERR_INIT;
	for (int k = 0; k < NODE_KIND_COUNT; k++)
		if (node_versions_in_plan(rq->db, &rq->arena, (enum node_kind)k, p->id, &v.of[k],
					  &e) != OK)
			return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	const char *title = arena_printf(&rq->arena, _("Structure of %s"), p->title);
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"structure\"><p class=\"kicker\"><a href=\"/plan/%s\">%s</a></p>"
			"<h1>%s</h1>",
		    p->slug, p->title, _("Edit the plan's structure"));
	html_printf(&h, "<p><a class=\"button\" href=\"/plan/%s/edit\">%s</a></p>", p->slug,
		    _("Edit the plan's facts and texts"));
	for (size_t i = 0; i < p->areas.count; i++)
		area_html(&h, rq, &v, p, i);
	add_link(&h, NODE_PLAN, p->id, p->slug, NODE_AREA, _("New area"));
	sections_html(&h, rq, &v, p);
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = CACHE_NONE;
	return 200;
}
