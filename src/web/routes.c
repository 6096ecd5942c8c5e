/*
 * routes.c: the route table and the dispatcher (see routes.h).
 *
 * A pattern is a path whose {name} parts capture one path segment, with an
 * optional literal suffix ("/plan/{slug}.json"). The first matching route
 * wins, so more specific patterns come first. HEAD is answered by the GET
 * route (libmicrohttpd leaves the body out).
 */
#include "web/routes.h"
#include "web/gzip_page.h"
#include "web/personal.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/http.h"
#include "web/cache.h"
#include "web/pages.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>
#include <strings.h>

/* Route flags. */
enum {
	CACHED = 1, /* for the public kept in the page cache until the data changes */
	CSRF = 2,   /* changes state: needs the session's CSRF token (or an API token) */
	FORM = 4,   /* has a form body, decoded before the handler runs */
	SIGNED_IN = 8, /* only for the signed-in (the handler then asks perm
			* about the very object) */
	BY_PLAN = 16,    /* cached under the data version of the {slug} plan */
	BY_MEASURE = 32, /* cached under that of the plan holding measure {id} */
	JSON = 64,       /* has a JSON body (the API's writes), read by api_body */
	MULTIPART = 128, /* has a multipart/form-data body with a file, streamed
			  * to a temp file by server.c (--upload-limit) */
	LARGE_FORM = 256, /* with FORM: may be as large as --body-limit */
	SHARED = 512,     /* for signed-in readers kept in the page cache per
			   * class of reader (cache.h), their own parts filled
			   * in on the way out (personal.h) */
};

struct route {
	const char *method;
	const char *pattern;
	handler_fn handler;
	int flags;
};

/* Who may do what is decided by the handlers through auth_require (one
 * gate, model/perm.c); the table says what every request of a route needs. */
static const struct route routes[] = {
	{"GET", "/", page_home, CACHED | SHARED},
	{"GET", "/healthz", page_healthz, 0},
	/* The DCAT-AP-NO catalogue of the published plans (page_catalog.c). */
	{"GET", "/catalog.ttl", page_catalog, CACHED},
	{"GET", "/static/{file}", page_static, 0},
	{"GET", "/login", page_login, 0},
	{"POST", "/login", page_login_post, FORM},
	{"POST", "/logout", page_logout, FORM | CSRF | SIGNED_IN},
	/* A forgotten password and the links to choose one (page_password.c);
	 * the token in the address stands in for CSRF. */
	{"GET", "/unsubscribe/{token}", page_unsubscribe, 0},
	{"POST", "/unsubscribe/{token}", page_unsubscribe_post, FORM},
	{"POST", "/plan/{slug}/follow-by-mail", page_follow_by_mail, FORM},
	{"POST", "/org/{id}/invite", page_org_invite, FORM | CSRF | SIGNED_IN},
	{"GET", "/follow/confirm/{token}", page_follow_confirm, 0},
	{"POST", "/follow/confirm/{token}", page_follow_confirm_post, FORM},
	{"POST", "/follow/{kind}/{id}", page_follow_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/login/forgot", page_forgot, 0},
	{"POST", "/login/forgot", page_forgot_post, FORM},
	{"GET", "/password/{token}", page_password, 0},
	{"POST", "/password/{token}", page_password_post, FORM},
	/* The plan in each export format (formats/export.c): one line each. */
	{"GET", "/plan/{slug}.json", api_plan_export, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}.pdf", api_plan_export, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}/status.pdf", page_status_pdf, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}.xlsx", api_plan_export, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}.csv", api_plan_export, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}.ics", api_plan_export, CACHED | BY_PLAN},
	/* Atom feeds of changes and status reports (page_feed.c). */
	{"GET", "/plan/{slug}.atom", page_plan_atom, CACHED | BY_PLAN},
	{"GET", "/plan/{slug}", page_plan, CACHED | SHARED | BY_PLAN},
	{"GET", "/plan/{slug}/edit", page_node_edit, SIGNED_IN},
	{"POST", "/plan/{slug}/edit", page_node_edit_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/plan/{slug}/structure", page_structure, SIGNED_IN},
	{"GET", "/plan/{slug}/history", page_history, SIGNED_IN},
	{"GET", "/plan/{slug}/new/{child}", page_node_new, SIGNED_IN},
	{"POST", "/plan/{slug}/new/{child}", page_node_new_post, FORM | CSRF | SIGNED_IN},
	{"POST", "/plan/{slug}/publish", page_plan_publish, FORM | CSRF | SIGNED_IN},
	{"POST", "/plan/{slug}/unpublish", page_plan_unpublish, FORM | CSRF | SIGNED_IN},
	{"GET", "/measure/{id}", page_measure, CACHED | SHARED | BY_MEASURE},
	{"POST", "/measure/{id}/report", page_measure_report, FORM | CSRF | SIGNED_IN},
	{"POST", "/measure/{id}/orgs", page_measure_orgs, FORM | CSRF | SIGNED_IN},
	{"GET", "/report/{id}/edit", page_report_edit, SIGNED_IN},
	{"POST", "/report/{id}/edit", page_report_edit_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/plan/{slug}/status", page_dashboard, SHARED | BY_PLAN},
	{"GET", "/plan/{slug}/status/list", page_status_list, 0},
	{"GET", "/org/{id}.atom", page_org_atom, CACHED},
	{"GET", "/org/{id}.ics", page_org_ics, 0},
	{"GET", "/org/{id}", page_org, SHARED},
	{"GET", "/orgs", page_orgs, CACHED},
	{"GET", "/search", page_search, CACHED | SHARED},
	{"GET", "/org/{id}/edit", page_org_edit, SIGNED_IN},
	{"POST", "/org/{id}/edit", page_org_edit_post, FORM | CSRF | SIGNED_IN},
	{"POST", "/org/{id}/aliases", page_org_alias_add, FORM | CSRF | SIGNED_IN},
	{"POST", "/org/{id}/aliases/{alias}/delete", page_org_alias_delete, FORM | CSRF | SIGNED_IN},
	{"POST", "/org/{id}/members", page_org_member_add, FORM | CSRF | SIGNED_IN},
	{"POST", "/org/{id}/members/{member}/delete", page_org_member_delete, FORM | CSRF | SIGNED_IN},
	{"GET", "/org/{id}/group", page_node_edit, SIGNED_IN},
	{"POST", "/org/{id}/group", page_node_edit_post, FORM | CSRF | SIGNED_IN},
	/* What a council keeps beside its plans (page_record.c, page_meeting.c,
	 * page_indicator.c); edited through the forms of page_node.c. */
	{"GET", "/programme/{id}", page_programme, CACHED},
	{"POST", "/{kind}/{id}/links", page_record_links_post, FORM | CSRF | SIGNED_IN},
	{"POST", "/{kind}/{id}/links/remove", page_record_links_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/project/{id}", page_project, CACHED},
	{"GET", "/meeting/{id}", page_meeting, CACHED},
	{"GET", "/indicator/{id}", page_indicator, CACHED},
	{"GET", "/org/{id}/merge", page_org_merge, SIGNED_IN},
	/* Attached files (page_document.c): a document has its owner's
	 * permissions; the handlers ask about the owner. Before the generic
	 * node routes, which "/document/{id}/delete" would match too. */
	{"POST", "/documents/{kind}/{id}", page_document_upload, MULTIPART | CSRF | SIGNED_IN},
	{"GET", "/document/{id}/{name}", page_document, 0},
	{"POST", "/document/{id}/delete", page_document_delete, FORM | CSRF | SIGNED_IN},
	{"POST", "/org/{id}/merge", page_org_merge_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/mine", page_mine, SIGNED_IN | SHARED},
	{"GET", "/account", page_account, SIGNED_IN},
	{"POST", "/account", page_account_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/api/v1/me", api_me_get, SIGNED_IN},
	{"PATCH", "/api/v1/me", api_me_patch, JSON | CSRF | SIGNED_IN},
	{"GET", "/admin/users", page_users, SIGNED_IN},
	{"GET", "/admin/users/new", page_user_new, SIGNED_IN},
	{"POST", "/admin/users/new", page_user_new_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/admin/users/{login}", page_user, SIGNED_IN},
	{"POST", "/admin/users/{login}/grant", page_user_grant, FORM | CSRF | SIGNED_IN},
	{"POST", "/admin/users/{login}/revoke", page_user_revoke, FORM | CSRF | SIGNED_IN},
	{"POST", "/admin/users/{login}/disable", page_user_disable, FORM | CSRF | SIGNED_IN},
	{"POST", "/admin/users/{login}/enable", page_user_enable, FORM | CSRF | SIGNED_IN},
	{"POST", "/admin/users/{login}/password", page_user_password, FORM | CSRF | SIGNED_IN},
	/* First run only; the token in the address stands in for CSRF. */
	{"GET", "/setup/{token}", page_setup, 0},
	{"POST", "/setup/{token}", page_setup_post, FORM},
	/* Frozen status reports (page_frozen.c). */
	{"GET", "/plan/{slug}/reports", page_frozen_list, 0},
	{"POST", "/plan/{slug}/reports", page_frozen_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/plan/{slug}/reports/{key}.json", page_frozen_json, 0},
	{"GET", "/plan/{slug}/reports/{key}.pdf", page_frozen_pdf, 0},
	{"GET", "/plan/{slug}/reports/{key}", page_frozen, 0},
	/* Reporting rounds (page_round.c). */
	{"GET", "/plan/{slug}/rounds", page_rounds, 0},
	{"POST", "/plan/{slug}/rounds", page_rounds_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/round/{id}", page_round, 0},
	{"POST", "/round/{id}/close", page_round_close, FORM | CSRF | SIGNED_IN},
	{"GET", "/round/{id}/sheet.xlsx", page_sheet_download, 0},
	{"POST", "/round/{id}/sheet", page_sheet_upload, MULTIPART | CSRF | SIGNED_IN},
	{"POST", "/round/{id}/sheet/apply", page_sheet_apply, FORM | LARGE_FORM | CSRF | SIGNED_IN},
	{"GET", "/plan/{slug}/rollover", page_rollover, SIGNED_IN},
	{"POST", "/plan/{slug}/rollover", page_rollover_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/plans/new", page_plan_new, SIGNED_IN},
	{"POST", "/plans/new", page_plan_new_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/plans/import", page_plan_import, SIGNED_IN},
	{"POST", "/plans/import", page_plan_import_post, MULTIPART | CSRF | SIGNED_IN},
	{"POST", "/plans/import/confirm", page_plan_import_confirm, FORM | LARGE_FORM | CSRF | SIGNED_IN},
	/* The JSON API (api_v1.c, api_v1_reports.c; docs/api.md). Writes need
	 * If-Match; the handlers ask perm_allows about the very node. */
	{"GET", "/api/v1/plans", api_plans_list, 0},
	{"POST", "/api/v1/plans", api_plan_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/plans/{slug}", api_node_get, 0},
	{"PATCH", "/api/v1/plans/{slug}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/plans/{slug}", api_node_delete, CSRF | SIGNED_IN},
	{"POST", "/api/v1/plans/{slug}/areas", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/plans/{slug}/sections", api_node_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/plans/{slug}/rounds", api_rounds_get, 0},
	{"GET", "/api/v1/plans/{slug}/reports", api_frozen_get, 0},
	{"POST", "/api/v1/plans/{slug}/reports", api_frozen_post, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/plans/{slug}/rounds", api_rounds_post, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/measures", api_measures_list, 0},
	{"GET", "/api/v1/measures/{id}/reports", api_reports_get, 0},
	{"POST", "/api/v1/measures/{id}/reports", api_reports_post, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/measures/{id}/history", api_history_get, 0},
	{"GET", "/api/v1/orgs", api_orgs_list, 0},
	{"GET", "/api/v1/orgs/{id}", api_org_get, 0},
	{"GET", "/api/v1/areas/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/areas/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/areas/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/goals/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/goals/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/goals/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/focuses/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/focuses/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/focuses/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/strategies/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/strategies/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/strategies/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/measures/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/measures/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/measures/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/budget/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/budget/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/budget/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/sections/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/sections/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/sections/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/entries/{id}", api_node_get, 0},
	{"PATCH", "/api/v1/entries/{id}", api_node_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/entries/{id}", api_node_delete, CSRF | SIGNED_IN},
	{"POST", "/api/v1/areas/{id}/goals", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/areas/{id}/focuses", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/focuses/{id}/strategies", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/strategies/{id}/measures", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/measures/{id}/budget", api_node_create, JSON | CSRF | SIGNED_IN},
	{"POST", "/api/v1/sections/{id}/entries", api_node_create, JSON | CSRF | SIGNED_IN},
	/* What a council keeps beside its plans (api_records.c, docs/api.md). */
	{"GET", "/api/v1/groups", api_records_list, 0},
	{"POST", "/api/v1/groups", api_record_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/groups/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/groups/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/groups/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/groups/{id}/{child}", api_record_children, 0},
	{"POST", "/api/v1/groups/{id}/{child}", api_record_add, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/programmes", api_records_list, 0},
	{"POST", "/api/v1/programmes", api_record_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/programmes/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/programmes/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/programmes/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/programmes/{id}/{child}", api_record_children, 0},
	{"POST", "/api/v1/programmes/{id}/{child}", api_record_add, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/projects", api_records_list, 0},
	{"POST", "/api/v1/projects", api_record_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/projects/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/projects/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/projects/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/projects/{id}/{child}", api_record_children, 0},
	{"POST", "/api/v1/projects/{id}/{child}", api_record_add, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/meetings", api_records_list, 0},
	{"POST", "/api/v1/meetings", api_record_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/meetings/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/meetings/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/meetings/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/meetings/{id}/{child}", api_record_children, 0},
	{"POST", "/api/v1/meetings/{id}/{child}", api_record_add, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/indicators", api_records_list, 0},
	{"POST", "/api/v1/indicators", api_record_create, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/indicators/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/indicators/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/indicators/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/indicators/{id}/{child}", api_record_children, 0},
	{"POST", "/api/v1/indicators/{id}/{child}", api_record_add, JSON | CSRF | SIGNED_IN},
	{"GET", "/api/v1/mandate/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/mandate/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/mandate/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/people/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/people/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/people/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/roles/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/roles/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/roles/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/phases/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/phases/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/phases/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/organisation/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/organisation/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/organisation/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/points/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/points/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/points/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/grants/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/grants/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/grants/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/items/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/items/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/items/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/decisions/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/decisions/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/decisions/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/followups/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/followups/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/followups/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/projections/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/projections/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/projections/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/project_reports/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/project_reports/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/project_reports/{id}", api_record_delete, CSRF | SIGNED_IN},
	{"GET", "/api/v1/values/{id}", api_record_get, 0},
	{"PATCH", "/api/v1/values/{id}", api_record_patch, JSON | CSRF | SIGNED_IN},
	{"DELETE", "/api/v1/values/{id}", api_record_delete, CSRF | SIGNED_IN},
	/* Every other kind of node of a plan (page_node.c); last, so the
	 * routes above win. */
	{"GET", "/{kind}/{id}/edit", page_node_edit, SIGNED_IN},
	{"POST", "/{kind}/{id}/edit", page_node_edit_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/{kind}/{id}/new/{child}", page_node_new, SIGNED_IN},
	{"POST", "/{kind}/{id}/new/{child}", page_node_new_post, FORM | CSRF | SIGNED_IN},
	{"POST", "/{kind}/{id}/move", page_node_move, FORM | CSRF | SIGNED_IN},
	{"GET", "/{kind}/{id}/delete", page_node_delete, SIGNED_IN},
	{"POST", "/{kind}/{id}/delete", page_node_delete_post, FORM | CSRF | SIGNED_IN},
	{"GET", "/{kind}/{id}/history", page_history, SIGNED_IN},
	{"POST", "/{kind}/{id}/restore", page_history_restore, FORM | CSRF | SIGNED_IN},
};

static const char *const known_methods[] = {"GET", "HEAD", "POST", "PUT",
					    "DELETE", "PATCH", "OPTIONS"};

/* Matches path against pattern, capturing {name} segments into rq. */
static bool match(struct request *rq, const char *pattern, const char *path)
{
	rq->nparams = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (*p != '{') {
			if (*p != *s)
				return false;
			p++, s++;
			continue;
		}
		const char *close = strchr(p, '}');
		const char *suffix = close + 1;
		size_t suffix_len = strcspn(suffix, "/");
		size_t seg = strcspn(s, "/");
		if (seg <= suffix_len || strncmp(s + seg - suffix_len, suffix, suffix_len) != 0)
			return false;
		if (rq->nparams == MAX_PARAMS)
			return false;
		rq->param_name[rq->nparams] = arena_strndup(&rq->arena, p + 1, (size_t)(close - p - 1));
		rq->param_value[rq->nparams] = arena_strndup(&rq->arena, s, seg - suffix_len);
		rq->nparams++;
		p = suffix + suffix_len;
		s += seg;
	}
	return *s == '\0';
}

/* Decodes the form body of rq; false (with a 400 page) when it is broken. */
static bool decode_form(struct request *rq, struct response *rs)
{
	const char *type = request_header(rq, "Content-Type");
	struct err e = ERR_INIT;
	rq->form = arena_alloc(&rq->arena, sizeof *rq->form);
	if (rq->body.len && (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0)) {
		page_error(rq, rs, 415,
			   _("The form must be sent as application/x-www-form-urlencoded."));
		return false;
	}
	if (form_parse(&rq->arena, rq->body.data, rq->body.len, rq->form, &e) != OK) {
		page_error(rq, rs, 400, e.msg);
		return false;
	}
	return true;
}

static void run(struct request *rq, struct response *rs, const struct route *r)
{
	if ((r->flags & SIGNED_IN) && !rq->actor.user_id && strcmp(rq->method, "GET") == 0) {
		/* Not signed in: sign in and come back. Every such address
		 * answers alike, whether its plan exists or is a draft. */
		auth_to_login(rq, rs);
		return;
	}
	if ((r->flags & FORM) && !decode_form(rq, rs))
		return;
	if ((r->flags & MULTIPART) && !rq->form) /* no body: an empty form */
		rq->form = arena_alloc(&rq->arena, sizeof *rq->form);
	if ((r->flags & SIGNED_IN) && !rq->actor.user_id) {
		auth_log_denied(rq, "signed_in");
		page_error(rq, rs, 403, _("You need to sign in to do this. Nothing was saved."));
		return;
	}
	if ((r->flags & CSRF) && !auth_csrf_ok(rq)) {
		auth_log_denied(rq, "csrf");
		page_error(rq, rs, 403,
			   _("The form had expired or did not come from this site, so nothing was saved. Go back, reload the page and try again."));
		return;
	}
	/* Signed in with a session (not an API token): the class's page. */
	bool shared = (r->flags & SHARED) && rq->actor.user_id && rq->actor.csrf &&
		      !rq->actor.token_id;
	bool cached = ((r->flags & CACHED) && !rq->actor.user_id) || shared;
	enum cache_scope scope = (r->flags & BY_PLAN)	? SCOPE_PLAN
				 : (r->flags & BY_MEASURE) ? SCOPE_MEASURE
							   : SCOPE_ALL;
	rq->shared_render = shared;
	if (cached && page_cache_serve(rq, rs, scope)) {
		bool packed = gzip_page_wanted(rq, rs) && gzip_page(rq, rs);
		if (!packed && shared)
			personal_fill(rq, rs);
		return;
	}
	r->handler(rq, rs);
	if (cached)
		page_cache_store(rq, rs);
	if (shared)
		personal_fill(rq, rs);
}

enum route_body routes_body(struct request *rq)
{
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	enum route_body kind = ROUTE_MISSING;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		if (strcmp(r->method, method) != 0 || !match(rq, r->pattern, rq->path))
			continue;
		kind = (r->flags & LARGE_FORM)	? ROUTE_BODY_LARGE_FORM
		       : (r->flags & FORM)	? ROUTE_BODY_FORM
		       : (r->flags & JSON)	? ROUTE_BODY_JSON
		       : (r->flags & MULTIPART) ? ROUTE_BODY_MULTIPART
						: ROUTE_BODY_NONE;
		break;
	}
	rq->nparams = 0; /* the dispatcher matches again */
	return kind;
}

void routes_error(struct request *rq, struct response *rs, int status)
{
	page_error(rq, rs, status, NULL);
}

void routes_dispatch(struct request *rq, struct response *rs)
{
	bool known = false;
	for (size_t i = 0; i < sizeof known_methods / sizeof *known_methods; i++)
		if (strcmp(rq->method, known_methods[i]) == 0)
			known = true;
	if (!known) {
		page_error(rq, rs, 501, NULL);
		return;
	}
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	bool path_found = false;
	struct buf allow = BUF_INIT;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		if (!match(rq, r->pattern, rq->path))
			continue;
		path_found = true;
		if (strcmp(r->method, method) == 0) {
			buf_release(&allow);
			run(rq, rs, r);
			return;
		}
		if (!strstr(allow.data, r->method)) {
			if (allow.len)
				buf_adds(&allow, ", ");
			buf_adds(&allow, r->method);
			if (strcmp(r->method, "GET") == 0)
				buf_adds(&allow, ", HEAD");
		}
	}
	if (path_found) {
		page_error(rq, rs, 405, NULL);
		response_header(rs, "Allow", arena_strdup(&rq->arena, allow.data));
	} else {
		page_error(rq, rs, 404, NULL);
	}
	buf_release(&allow);
}
