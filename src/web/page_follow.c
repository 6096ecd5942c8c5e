/*
 * page_follow.c: following a plan, a measure or a project (model/follow.h)
 * and the one-click unsubscribe of the daily digests.
 *
 *   POST /follow/{kind}/{id}     follow, or stop (signed in, CSRF; only
 *                                what the reader may read)
 *   GET/POST /unsubscribe/{token} stop following everything (the token in
 *                                the digest's link stands in for CSRF; a
 *                                mail program's one-click POST works too)
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/follow.h"
#include "model/node.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdlib.h>
#include <string.h>

void follow_button(struct html *h, struct request *rq, const char *kind, int64_t id)
{
	struct err e = ERR_INIT;
	if (!rq->actor.user_id || !rq->actor.csrf)
		return;
	int on = follow_is(rq->db, rq->actor.user_id, kind, id, &e);
	if (on == ERR)
		return;
	html_printf(h, "<form method=\"post\" class=\"follow\" action=\"/follow/%s/%lld\">", kind,
		    (long long)id);
	html_csrf(h, rq);
	html_printf(h, "<input type=\"hidden\" name=\"follow\" value=\"%s\">"
		       "<button type=\"submit\" class=\"small\">%s</button></form>",
		    on ? "0" : "1", on ? _("Stop following") : _("Follow (a daily mail of changes)"));
}

/* POST /follow/{kind}/{id}: follow=1 or 0. */
int page_follow_post(struct request *rq, struct response *rs)
{
	const char *kind = request_param(rq, "kind");
	struct target t;
	struct err e = ERR_INIT;
	enum node_kind k;
	if (!kind || node_kind_parse(kind, &k) != OK ||
	    (k != NODE_PLAN && k != NODE_MEASURE && k != NODE_PROJECT))
		return page_error(rq, rs, 404, NULL);
	/* Only what the reader may read: a draft's measure is 404 to others. */
	if (node_for_request(rq, rs, ACT_READ_PLAN, &t) != OK)
		return rs->status;
	const char *want = form_get(rq->form, "follow");
	int rc = want && strcmp(want, "0") == 0
			 ? follow_remove(rq->db, rq->actor.user_id, kind, t.v.id, &e)
			 : follow_add(rq->db, rq->actor.user_id, kind, t.v.id, &e);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	if (k == NODE_PLAN)
		return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s",
						      node_value(&t.v, "slug")));
	return page_done(rq, rs, arena_printf(&rq->arena, "/%s/%lld", kind, (long long)t.v.id));
}

static int answer(struct request *rq, struct response *rs, const char *text, int status,
		  const char *token)
{
	struct html h = HTML_INIT;
	const char *title = _("Stop following");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p role=\"status\">%s</p>", title, text);
	if (token)
		html_printf(&h, "<form method=\"post\" action=\"/unsubscribe/%s\"><button type=\"submit\">%s</button></form>",
			    token, _("Stop every daily mail"));
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /unsubscribe/{token}: the button (a link opened by a mail program's
 * link check must not end anything). */
int page_unsubscribe(struct request *rq, struct response *rs)
{
	return answer(rq, rs, _("This stops the daily mails of changes: you follow nothing any more."),
		      200, request_param(rq, "token"));
}

/* POST /unsubscribe/{token} */
int page_unsubscribe_post(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	int rc = follow_unsubscribe(rq->db, request_param(rq, "token"), &e);
	if (rc == ERR)
		return page_error_from(rq, rs, &e);
	if (!rc)
		return answer(rq, rs, _("This link does not work any more."), 404, NULL);
	return answer(rq, rs, _("Done: you follow nothing any more and get no daily mail."), 200, NULL);
}
