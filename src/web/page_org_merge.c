/*
 * page_org_merge.c: merging two organisations that are the same.
 *
 *   GET  /org/{id}/merge   pick the organisation that is the same as this
 *   POST /org/{id}/merge   other=ID: what would move, to confirm;
 *                          other=ID&confirm=yes: merge it into this one
 *
 * The organisation of the address is kept; the one picked is merged into
 * it and deleted, its name becoming an alias (model/org_merge.h: one
 * transaction). The asker must be allowed to edit both (ACT_EDIT_ORG,
 * asked through auth_require); the form carries the CSRF token.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/org.h"
#include "model/org_merge.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

static void intro(struct html *h, struct request *rq, const struct org *keep, const char *heading)
{
	html_printf(h, "<article class=\"form org-merge\"><p class=\"kicker\"><a href=\"/orgs\">%s</a> · "
		       "<a href=\"/org/%lld\">%s</a></p><h1>%s</h1>",
		    _("Organisations"), (long long)keep->id, keep->name, heading);
	html_printf(h, "<p class=\"intro\">%s</p>",
		    arena_printf(&rq->arena,
				 _("%s is kept. The organisation you pick is merged into it: its measures, "
				   "plans, roles, members and aliases move to %s, its name becomes an alias "
				   "of %s, and it is deleted. This cannot be undone here."),
				 keep->name, keep->name, keep->name));
}

/* The form to pick the other organisation, e marking the field (may be
 * NULL). */
static int render_pick(struct request *rq, struct response *rs, const struct org *keep,
		       int64_t chosen, const struct err *e, int status)
{
	org_list all;
	struct err le = ERR_INIT;
	if (org_list_all(rq->db, &rq->arena, &all, &le) != OK)
		return page_error_from(rq, rs, &le);
	struct html h = HTML_INIT;
	const char *heading = arena_printf(&rq->arena, _("Merge with %s"), keep->name);
	html_begin(&h, rq, heading);
	intro(&h, rq, keep, heading);
	bool is_bad = e && e->kind != ERR_NONE;
	html_printf(&h, "<form method=\"post\" action=\"/org/%lld/merge\">", (long long)keep->id);
	html_csrf(&h, rq);
	html_printf(&h, "<div class=\"field%s\"><label for=\"other\">%s</label>", is_bad ? " invalid" : "",
		    _("The organisation that is the same"));
	if (is_bad)
		html_printf(&h, "<p class=\"field-error\" id=\"other-error\">%s</p>", e->msg);
	html_lit(&h, "<select id=\"other\" name=\"other\" required");
	if (is_bad)
		html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"other-error\"");
	html_printf(&h, "><option value=\"\">%s</option>", _("Choose an organisation"));
	for (size_t i = 0; i < all.count; i++) {
		const struct org *o = &all.items[i];
		if (o->id == keep->id || !org_may_edit(rq, o))
			continue;
		html_printf(&h, "<option value=\"%lld\"%s>%s", (long long)o->id,
			    o->id == chosen ? " selected" : "", o->name);
		if (o->owner)
			html_printf(&h, " (%s)", o->owner);
		html_lit(&h, "</option>");
	}
	html_printf(&h, "</select></div><button type=\"submit\">%s</button> <a href=\"/org/%lld/edit\">%s</a>"
			"</form></article>\n",
		    _("Next: see what moves"), (long long)keep->id, _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /org/{id}/merge: pick the organisation that is the same (ACT_EDIT_ORG). */
int page_org_merge(struct request *rq, struct response *rs)
{
	struct org keep;
	if (org_for_request(rq, rs, &keep) != OK)
		return rs->status;
	return render_pick(rq, rs, &keep, 0, NULL, 200);
}

/* What will move, and the button that does it. */
static int render_confirm(struct request *rq, struct response *rs, const struct org *keep,
			  const struct org *other)
{
	struct org_merge_result r;
	struct err e = ERR_INIT;
	if (org_merge_count(rq->db, other->id, &r, &e) != OK)
		return page_error_from(rq, rs, &e);
	struct html h = HTML_INIT;
	const char *heading = arena_printf(&rq->arena, _("Merge %s into %s?"), other->name, keep->name);
	html_begin(&h, rq, heading);
	intro(&h, rq, keep, heading);
	html_printf(&h, "<h2>%s</h2><ul class=\"moves\">", _("What moves"));
	html_printf(&h, "<li>%s</li>", arena_printf(&rq->arena, _("Links to measures: %lld"),
						      (long long)r.links));
	html_printf(&h, "<li>%s</li>", arena_printf(&rq->arena, _("Plans it owns or adopted: %lld"),
						      (long long)r.plans));
	html_printf(&h, "<li>%s</li>", arena_printf(&rq->arena, _("Status reports made for it: %lld"),
						      (long long)r.reports));
	html_printf(&h, "<li>%s</li>", arena_printf(&rq->arena, _("Roles of users: %lld"),
						      (long long)r.roles));
	html_printf(&h, "<li>%s</li>", arena_printf(&rq->arena, _("Memberships: %lld"),
						      (long long)r.members));
	html_printf(&h, "<li>%s</li></ul>", arena_printf(&rq->arena, _("Aliases, its name among them: %lld"),
							  (long long)r.aliases));
	html_printf(&h, "<form method=\"post\" action=\"/org/%lld/merge\">", (long long)keep->id);
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"other\" value=\"%lld\">"
			"<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
			"<button type=\"submit\" class=\"danger\">%s</button> <a href=\"/org/%lld/merge\">%s</a>"
			"</form></article>\n",
		    (long long)other->id,
		    arena_printf(&rq->arena, _("Merge %s into %s"), other->name, keep->name),
		    (long long)keep->id, _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

/* POST /org/{id}/merge: other=ID shows what would move; with confirm=yes
 * merges other into {id} (ACT_EDIT_ORG on both, CSRF). */
int page_org_merge_post(struct request *rq, struct response *rs)
{
	struct org keep, other;
	if (org_for_request(rq, rs, &keep) != OK)
		return rs->status;
	struct err e = ERR_INIT;
	int64_t id = org_parse_id(form_get(rq->form, "other"));
	if (!id) {
		err_set(&e, ERR_INPUT, "other", _("Choose an organisation."));
		return render_pick(rq, rs, &keep, 0, &e, 400);
	}
	if (id == keep.id) {
		err_set(&e, ERR_INPUT, "other", _("An organisation cannot be merged with itself."));
		return render_pick(rq, rs, &keep, 0, &e, 400);
	}
	if (org_load(rq->db, &rq->arena, id, &other, &e) != OK) {
		if (e.kind != ERR_NOT_FOUND)
			return page_error_from(rq, rs, &e);
		err_set(&e, ERR_INPUT, "other", _("There is no such organisation."));
		return render_pick(rq, rs, &keep, 0, &e, 400);
	}
	struct perm_target t = {.owner_id = other.owner_id, .org_id = other.id, .published = true};
	if (auth_require(rq, rs, ACT_EDIT_ORG, &t) != OK)
		return rs->status;
	if (org_merge_allowed(rq->db, &keep, &other, &e) != OK)
		return e.kind == ERR_INPUT ? render_pick(rq, rs, &keep, other.id, &e, 400)
					   : page_error_from(rq, rs, &e);
	const char *confirm = form_get(rq->form, "confirm");
	if (!confirm || strcmp(confirm, "yes") != 0)
		return render_confirm(rq, rs, &keep, &other);
	if (org_merge(rq->db, keep.id, other.id, rq->actor.login, NULL, &e) != OK) {
		if (e.kind == ERR_INPUT || e.kind == ERR_CONFLICT)
			return render_pick(rq, rs, &keep, other.id, &e, error_status(&e));
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, arena_printf(&rq->arena, "/org/%lld", (long long)keep.id));
}
