/*
 * page_account.c: a signed-in user's own settings - the e-mail address
 * mail goes to (reminders, links) and the language it is written in.
 *
 *   GET/POST /account       the form (CSRF)
 *   GET/PATCH /api/v1/me    the same as JSON {login, name, email, lang}
 *                           (PATCH with If-Match, as every write)
 */
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <string.h>

static int render(struct request *rq, struct response *rs, const char *email, const char *lang,
		  const struct err *problem, bool saved, int status)
{
	static const struct {
		const char *code, *name;
	} langs[] = {{"nn", "Nynorsk"}, {"nb", "Bokmål"}, {"en", "English"}};
	struct html h = HTML_INIT;
	const char *title = _("Your settings");
	html_begin(&h, rq, title);
	html_printf(&h, "<article class=\"form\"><h1>%s</h1>", title);
	if (saved)
		html_printf(&h, "<p role=\"status\">%s</p>", _("Saved."));
	if (problem)
		html_printf(&h, "<p class=\"error\" role=\"alert\" id=\"account-error\">%s</p>", problem->msg);
	html_lit(&h, "<form method=\"post\" action=\"/account\">");
	html_csrf(&h, rq);
	html_printf(&h, "<div class=\"field\"><label for=\"email\">%s</label>"
		       "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" value=\"%s\"",
		    _("E-mail address"), email ? email : "");
	if (problem && strcmp(problem->field, "email") == 0)
		html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"account-error\"");
	html_printf(&h, "></div><div class=\"field\"><label for=\"lang\">%s</label><select id=\"lang\" name=\"lang\">",
		    _("Language of the mails"));
	for (size_t i = 0; i < 3; i++)
		html_printf(&h, "<option value=\"%s\"%s>%s</option>", langs[i].code,
			    lang && strcmp(lang, langs[i].code) == 0 ? " selected" : "", langs[i].name);
	html_printf(&h, "</select></div><button type=\"submit\">%s</button></form></article>", _("Save"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /account */
int page_account(struct request *rq, struct response *rs)
{
	const char *email, *lang;
	int64_t version;
	struct err e = ERR_INIT;
	if (user_contact(rq->db, &rq->arena, rq->actor.user_id, &email, &lang, &version, &e) != OK)
		return page_error_from(rq, rs, &e);
	return render(rq, rs, email, lang, NULL, request_query(rq, "saved") != NULL, 200);
}

/* POST /account: email, lang. */
int page_account_post(struct request *rq, struct response *rs)
{
	const char *email = form_get(rq->form, "email"), *lang = form_get(rq->form, "lang");
	struct err e = ERR_INIT;
	if (user_set_contact(rq->db, rq->actor.login, email ? email : "", lang, rq->actor.login, &e) != OK) {
		if (e.kind == ERR_INPUT)
			return render(rq, rs, email, lang, &e, false, 400);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, "/account?saved=1");
}

static int send_me(struct request *rq, struct response *rs, int status)
{
	const char *email, *lang;
	int64_t version;
	struct err e = ERR_INIT;
	if (user_contact(rq->db, &rq->arena, rq->actor.user_id, &email, &lang, &version, &e) != OK)
		return page_error_from(rq, rs, &e);
	json_t *j = json_pack("{s:s, s:s, s:o, s:s}", "login", rq->actor.login, "name", rq->actor.name,
			      "email", email ? json_string(email) : json_null(), "lang", lang);
	return api_send(rq, rs, j, status, version);
}

/* GET /api/v1/me */
int api_me_get(struct request *rq, struct response *rs)
{
	return send_me(rq, rs, 200);
}

/* PATCH /api/v1/me {email, lang} (If-Match: the ETag of GET). */
int api_me_patch(struct request *rq, struct response *rs)
{
	int64_t version;
	json_t *j = NULL;
	struct err e = ERR_INIT;
	if (api_version_required(rq, rs, &version) != OK || api_body(rq, rs, &j) != OK)
		return rs->status;
	json_t *email = json_object_get(j, "email"), *lang = json_object_get(j, "lang");
	const char *key;
	json_t *v;
	int rc = OK;
	json_object_foreach(j, key, v)
		if (strcmp(key, "email") && strcmp(key, "lang"))
			rc = err_set(&e, ERR_INPUT, key, _("\"%s\" is not a field that can be changed here."), key);
	if (rc == OK && ((email && !json_is_string(email) && !json_is_null(email)) ||
			 (lang && !json_is_string(lang))))
		rc = err_set(&e, ERR_INPUT, "email", _("Write it as a JSON string."));
	if (rc == OK)
		rc = user_set_contact_at(rq->db, rq->actor.login, version,
					 email ? (json_is_null(email) ? "" : json_string_value(email)) : NULL,
					 lang ? json_string_value(lang) : NULL, rq->actor.login, &e);
	json_decref(j);
	if (rc != OK)
		return api_from_err(rq, rs, &e);
	return send_me(rq, rs, 200);
}
