/*
 * page_edit.c: changing a plan on the web - its texts (with a version check,
 * so two editors never overwrite each other silently) and whether it is
 * published. Editors of the council that keeps the plan, and admins.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

static void field(struct html *h, const char *name, const char *label,
		  const char *value, bool area, const struct err *e)
{
	bool bad = e && strcmp(e->field, name) == 0;
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s</label>", bad ? " invalid" : "",
		    name, label);
	if (bad)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", name, e->msg);
	if (area)
		html_printf(h, "<textarea id=\"%s\" name=\"%s\" rows=\"3\"%s>%s</textarea></div>",
			    name, name, bad ? " aria-invalid=\"true\"" : "", value ? value : "");
	else
		html_printf(h, "<input id=\"%s\" name=\"%s\" value=\"%s\" required%s></div>", name,
			    name, value ? value : "", bad ? " aria-invalid=\"true\"" : "");
}

static int edit_form(struct request *rq, struct response *rs, const struct plan *p,
		     const struct plan_texts *t, int64_t version, const struct err *e,
		     int status)
{
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Edit the plan"));
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p><a href=\"/plan/%s\">%s</a></p>",
		    _("Edit the plan"), p->slug, p->title);
	if (e && !e->field[0])
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
	html_printf(&h, "<form method=\"post\" action=\"/plan/%s/edit\">", p->slug);
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
	field(&h, "title", _("Title"), t->title, false, e);
	field(&h, "values", _("Values"), t->values, true, e);
	field(&h, "vision", _("Vision"), t->vision, true, e);
	field(&h, "main_goal", _("Main goal"), t->main_goal, true, e);
	html_printf(&h, "<button type=\"submit\">%s</button></form></article>", _("Save"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /plan/{slug}/edit: the form for the plan's texts (ACT_EDIT_PLAN). */
int page_plan_edit(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	struct plan_texts t = {p->title, p->values, p->vision, p->main_goal};
	return edit_form(rq, rs, p, &t, p->version, NULL, 200);
}

/* POST /plan/{slug}/edit: saves the texts (ACT_EDIT_PLAN, CSRF); 409 when
 * the plan changed since the form was opened. */
int page_plan_edit_post(struct request *rq, struct response *rs)
{
	struct plan *p;
	if (plan_for_request(rq, rs, ACT_EDIT_PLAN, false, &p) != OK)
		return rs->status;
	const struct form *f = rq->form;
	struct plan_texts t = {form_get(f, "title"), form_get(f, "values"),
			       form_get(f, "vision"), form_get(f, "main_goal")};
	const char *v = form_get(f, "version");
	char *end = NULL;
	long long version = v ? strtoll(v, &end, 10) : 0;
	struct err e = ERR_INIT;
	if (!t.title || !v || !*v || *end) {
		err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
		return edit_form(rq, rs, p, &t, p->version, &e, 400);
	}
	if (plan_update_texts(rq->db, p->slug, version, &t, rq->actor.login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return edit_form(rq, rs, p, &t, version, &e, 400);
		if (e.kind == ERR_CONFLICT)
			return page_error(rq, rs, 409, e.msg);
		return page_error(rq, rs, 500, NULL);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s", p->slug));
}

static int set_published(struct request *rq, struct response *rs, bool published)
{
	struct plan *p;
	struct err e = ERR_INIT;
	if (plan_for_request(rq, rs, ACT_PUBLISH_PLAN, false, &p) != OK)
		return rs->status;
	if (plan_set_published(rq->db, p->slug, published, rq->actor.login, &e) != OK)
		return page_error(rq, rs, 500, NULL);
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s", p->slug));
}

/* POST /plan/{slug}/publish: everyone may read it (ACT_PUBLISH_PLAN, CSRF). */
int page_plan_publish(struct request *rq, struct response *rs)
{
	return set_published(rq, rs, true);
}

/* POST /plan/{slug}/unpublish: back to a draft (ACT_PUBLISH_PLAN, CSRF). */
int page_plan_unpublish(struct request *rq, struct response *rs)
{
	return set_published(rq, rs, false);
}
