/*
 * page_follow.c: following a plan, a measure or a project (model/follow.h)
 * and the one-click unsubscribe of the daily digests.
 *
 *   POST /follow/{kind}/{id}     follow, or stop (signed in, CSRF; only
 *                                what the reader may read)
 *   GET/POST /unsubscribe/{token} stop following everything (the token in
 *                                the digest's link stands in for CSRF; a
 *                                mail program's one-click POST works too)
 *   POST /plan/{slug}/follow-by-mail  anyone: follow a published plan by
 *                                e-mail; a mail asks to confirm the address
 *                                (the answer is the same whatever the
 *                                address, and at most one mail a day)
 *   GET/POST /follow/confirm/{token}  the confirmation's button, and the
 *                                confirmation (GET ends nothing, starts
 *                                nothing: a mail program may open links)
 */
#include "web/form.h"
#include "web/html.h"
#include "web/personal.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/mailer.h"
#include "formats/mail.h"
#include "model/plan.h"
#include "db/db.h"
#include "base/log.h"
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
	if (rq->shared_render) {
		/* Whether this reader follows it is filled in per reader. */
		personal_follow_marker(h, kind, id);
		return;
	}
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

/* The form on a published plan's page for those not signed in. */
void follow_by_mail_form(struct html *h, struct request *rq, const char *slug)
{
	if (rq->actor.user_id || !rq->config || !rq->config->mail)
		return;
	html_printf(h, "<form method=\"post\" class=\"follow follow-mail\" action=\"/plan/%s/follow-by-mail\">"
		       "<label for=\"follow-email\">%s</label> <input id=\"follow-email\" name=\"email\""
		       " type=\"email\" autocomplete=\"email\" required> <button type=\"submit\" class=\"small\">%s</button></form>",
		    slug, _("A mail a day when the plan changes (your e-mail address)"), _("Follow"));
}

/* POST /plan/{slug}/follow-by-mail */
int page_follow_by_mail(struct request *rq, struct response *rs)
{
	struct plan *p;
	struct err e = ERR_INIT;
	const struct mailer_config *mail = rq->config ? rq->config->mail : NULL;
	if (plan_for_request(rq, rs, ACT_READ_PLAN, false, &p) != OK)
		return rs->status;
	if (!p->published)
		return page_error(rq, rs, 404, NULL);
	if (!mail)
		return answer(rq, rs, _("This server sends no mail."), 200, NULL);
	const char *email = form_get(rq->form, "email");
	char token[SECRET_TOKEN_LEN + 1];
	int rc = db_begin(rq->db, &e);
	if (rc == OK)
		rc = follow_address_ask_in_tx(rq->db, p->id, email, i18n_code(rq->lang), token, &e);
	if (rc == OK && *token)
		rc = mail_follow_confirm_in_tx(rq->db, mail->mail.base_url, email, i18n_code(rq->lang),
					       p->slug, p->title, token, &e);
	rc = rc == OK ? db_commit(rq->db, &e) : (db_rollback(rq->db), ERR);
	if (rc != OK && e.kind == ERR_INPUT)
		return answer(rq, rs, e.msg, 400, NULL);
	if (rc != OK)
		return page_error_from(rq, rs, &e);
	return answer(rq, rs, _("If the address is right, a mail is on its way: follow its link to confirm, and the daily mails of changes start."),
		      200, NULL);
}

/* GET /follow/confirm/{token} */
int page_follow_confirm(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	const char *token = request_param(rq, "token");
	int rc = follow_address_pending(rq->db, token, &e);
	if (rc == ERR)
		return page_error_from(rq, rs, &e);
	if (!rc)
		return answer(rq, rs, _("This link does not work any more."), 404, NULL);
	struct html h = HTML_INIT;
	const char *title = _("Confirm the address");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><form method=\"post\" action=\"/follow/confirm/%s\">"
		       "<button type=\"submit\">%s</button></form></article>",
		    title, token, _("Yes, send me a mail a day when the plan changes"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->cache = CACHE_NONE;
	return 200;
}

/* POST /follow/confirm/{token} */
int page_follow_confirm_post(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	int rc = follow_address_confirm(rq->db, request_param(rq, "token"), &e);
	if (rc == ERR)
		return page_error_from(rq, rs, &e);
	if (!rc)
		return answer(rq, rs, _("This link does not work any more."), 404, NULL);
	return answer(rq, rs, _("Done: a mail comes on the days the plan changes. Each has a link to stop them."),
		      200, NULL);
}
