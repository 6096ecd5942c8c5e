/*
 * page_node.c: editing every part of a plan in the browser, one form for
 * every kind of node (plan, area, goal, focus, strategy, measure, budget
 * line, section, entry), drawn from the kind's fields in model/node.c:
 *
 *   GET/POST /KIND/ID/edit         change it (the plan: /plan/SLUG/edit)
 *   GET/POST /KIND/ID/new/CHILD    add a child under it
 *   POST     /KIND/ID/move         up, down, or under another parent
 *   GET/POST /KIND/ID/delete       delete, after a confirmation
 *
 * Every form carries the version it started from. A stale save answers with
 * the form again, the other person's saved value beside each field where
 * it differs, the typed text kept, and the new version in the form, so
 * saving again puts yours on top. A mistake is answered on the same form
 * with the field marked. Editors of the council that keeps the plan, and
 * admins (ACT_EDIT_PLAN); every write goes through node.h.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "model/node.h"
#include "model/org.h"
#include "model/plan.h"
#include "model/record.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields shown as a text area rather than one line. */
static bool long_field(enum node_kind k, const char *field)
{
	return strcmp(field, "values") == 0 || strcmp(field, "vision") == 0 ||
	       strcmp(field, "main_goal") == 0 || strcmp(field, "duties") == 0 ||
	       strcmp(field, "purpose") == 0 || strcmp(field, "summary") == 0 ||
	       strcmp(field, "participants") == 0 ||
	       (strcmp(field, "text") == 0 && k != NODE_BUDGET) ||
	       strcmp(field, "responsibility") == 0;
}

/* Fields a person edits on the form of kind k (the plan's owner and parent
 * plan are not changed here). */
static bool on_form(enum node_kind k, const struct node_field *f)
{
	if (f->flags & F_INTERNAL)
		return false;
	if (k == NODE_BUDGET) /* the amount's words say these: "inntil 50 000 kr/år" */
		return strcmp(f->name, "qualifier") != 0 && strcmp(f->name, "per_year") != 0;
	if (k == NODE_ORG) /* the rest is on the organisation's own form */
		return strcmp(f->name, "group_kind") == 0 || strcmp(f->name, "reports_to") == 0 ||
		       strcmp(f->name, "reporting") == 0;
	return !(k == NODE_PLAN && (strcmp(f->name, "owner") == 0 || strcmp(f->name, "parent") == 0));
}

/* The kinds that can be added under k, and the kinds that can be edited
 * here at all. */
static bool child_allowed(enum node_kind parent, enum node_kind child)
{
	const struct node_kind_info *info = node_info(child);
	if (parent == NODE_ORG && record_root_kind(child))
		return true; /* a council's own records (node_for_request checks it is one) */
	return info && info->parent_column && info->parent == parent && child != NODE_REPORT;
}

/* An organisation is edited on its own page; here only things are added
 * to it (/org/ID/new/CHILD). */
static bool editable(const struct request *rq, enum node_kind k)
{
	size_t n = strlen(rq->path);
	if (k == NODE_ORG) /* or its description as a group: /org/ID/group */
		return request_param(rq, "child") != NULL ||
		       (n > 6 && strcmp(rq->path + n - 6, "/group") == 0);
	return k != NODE_REPORT && k < NODE_KIND_COUNT;
}

/* The text that names a node in a sentence: its title or text, cut. */
static const char *node_name(struct request *rq, const struct node_values *v)
{
	const char *s = node_value(v, "title");
	if (!s || !*s)
		s = node_value(v, "text");
	if (!s || !*s)
		s = node_value(v, "amount");
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (n <= 80)
		return s;
	size_t cut = 77;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(&rq->arena, "%.*s…", (int)cut, s);
}

/* --- finding the node and deciding --- */

static int kind_of_request(struct request *rq, enum node_kind *k)
{
	const char *kind = request_param(rq, "kind");
	if (!kind)
		kind = "plan"; /* /plan/{slug}/... */
	return node_kind_parse(kind, k) == OK && editable(rq, *k) ? OK : ERR;
}

/* node_for_request for a record: public to read; a change needs the
 * permission record.h names (the keeping council's editors). */
static int record_for_request(struct request *rq, struct response *rs, enum action act,
			      int64_t id, struct target *t)
{
	struct err e = ERR_INIT;
	struct record_access acc;
	if (node_load(rq->db, &rq->arena, t->kind, id, &t->v, &e) != OK ||
	    record_access_of(rq->db, t->kind, id, &acc, &e) != OK ||
	    record_title(rq->db, &rq->arena, acc.root, acc.root_id, &t->home_title, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	t->home = record_home(&rq->arena, acc.root, acc.root_id);
	t->owner = acc.target.owner_id;
	t->may_edit = perm_allows(&rq->actor, acc.edit, &acc.target);
	if (act != ACT_READ_PLAN && auth_require(rq, rs, acc.edit, &acc.target) != OK)
		return ERR;
	return OK;
}

int node_for_request(struct request *rq, struct response *rs, enum action act,
		     struct target *t)
{
	enum node_kind k;
	if (kind_of_request(rq, &k) != OK)
		return page_error(rq, rs, 404, NULL), ERR;
	return node_for_request_kind(rq, rs, k, act, t);
}

int node_for_request_kind(struct request *rq, struct response *rs, enum node_kind k,
			  enum action act, struct target *t)
{
	struct err e = ERR_INIT;
	memset(t, 0, sizeof *t);
	t->kind = k;
	int64_t id = 0;
	const char *slug = request_param(rq, "slug");
	const char *idp = request_param(rq, "id");
	if (slug) {
		int64_t version;
		if (!plan_slug_valid(slug) || plan_data_version(rq->db, slug, &id, &version, &e) != 1)
			return page_error(rq, rs, 404, NULL), ERR;
	} else {
		char *end = NULL;
		id = idp ? strtoll(idp, &end, 10) : 0;
		if (!idp || !*idp || *end || id <= 0)
			return page_error(rq, rs, 404, NULL), ERR;
	}
	if (record_kind(t->kind) || t->kind == NODE_ORG)
		return record_for_request(rq, rs, act, id, t);
	struct perm_target pt = {0};
	if (node_load(rq->db, &rq->arena, t->kind, id, &t->v, &e) != OK ||
	    plan_load_head_id(rq->db, &rq->arena, t->v.plan, &t->plan, &e) != OK ||
	    perm_load_owner(rq->db, &rq->arena, t->plan->owner_id, &pt, &e) != OK)
		return page_error(rq, rs, e.kind == ERR_NOT_FOUND ? 404 : 500, NULL), ERR;
	pt.published = t->plan->published;
	t->home = arena_printf(&rq->arena, "/plan/%s", t->plan->slug);
	t->home_title = t->plan->title;
	t->owner = t->plan->owner_id;
	t->may_edit = perm_allows(&rq->actor, ACT_EDIT_PLAN, &pt);
	if (auth_require(rq, rs, ACT_READ_PLAN, &pt) != OK ||
	    (act != ACT_READ_PLAN && auth_require(rq, rs, act, &pt) != OK))
		return ERR;
	return OK;
}

/* The node of the route, for editing (ACT_EDIT_PLAN). */
static int target_for_request(struct request *rq, struct response *rs, struct target *t)
{
	return node_for_request(rq, rs, ACT_EDIT_PLAN, t);
}

/* Where to go after a change: the measure's page, else the plan's
 * structure page at the node. */
static const char *back_url(struct request *rq, const struct target *t, enum node_kind k,
			    int64_t id)
{
	if (k == NODE_MEASURE || record_root_kind(k))
		return record_home(&rq->arena, k, id);
	if (k == NODE_PLAN || t->kind == NODE_ORG)
		return t->home;
	if (k == NODE_DATE) /* shown on the plan's page */
		return arena_printf(&rq->arena, "%s#dates", t->home);
	if (!t->plan) /* a record's part: its place on the root's page */
		return arena_printf(&rq->arena, "%s#%s-%lld", t->home, node_info(k)->code,
				    (long long)id);
	return arena_printf(&rq->arena, "/plan/%s/structure#%s-%lld", t->plan->slug,
			    node_info(k)->code, (long long)id);
}

/* The version the form started from; false when missing or broken. */
static bool form_version(const struct request *rq, int64_t *version)
{
	const char *v = form_get(rq->form, "version");
	char *end = NULL;
	*version = v ? strtoll(v, &end, 10) : 0;
	return v && *v && !*end && *version > 0;
}

/* --- the form --- */

/* What a form shows: the values typed (or stored), the version it is at,
 * the error to mark, and on a conflict the values saved by someone else. */
struct form_state {
	int64_t owner; /* the council keeping the plan: whose organisations a select offers */
	int64_t parent; /* the node's parent (a value's indicator: its projections) */
	const char *values[PATCH_MAX];
	int64_t version;
	const struct err *e;
	const struct node_values *theirs; /* on a conflict, or NULL */
};

/* The attributes that tie field name to its message: the error when bad,
 * else the other person's value when it differs. Written from literals,
 * since markup never passes through %s. */
static void aria(struct html *h, bool bad, bool differs, const char *name)
{
	if (bad)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
	else if (differs)
		html_printf(h, " aria-describedby=\"%s-theirs\"", name);
}

/* A select of the organisations council owner may name. */
static void org_select(struct html *h, struct request *rq, int64_t owner, const char *name,
		       const char *value, bool bad, bool differs)
{
	org_list orgs;
	struct err e = ERR_INIT;
	html_printf(h, "<select id=\"%s\" name=\"%s\"", name, name);
	aria(h, bad, differs, name);
	html_lit(h, "><option value=\"\">–</option>");
	if (org_list_visible(rq->db, &rq->arena, owner, &orgs, &e) == OK)
		for (size_t i = 0; i < orgs.count; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)orgs.items[i].id);
			html_printf(h, "<option value=\"%s\"%s>%s</option>", id,
				    value && strcmp(value, id) == 0 ? " selected" : "",
				    orgs.items[i].name);
		}
	html_lit(h, "</select>");
}

/* A select of the rows a field may point to (a measure's project, a
 * project's programme, a value's projection). */
static void ref_select(struct html *h, struct request *rq, const char *table,
		       const struct form_state *st, const char *name, const char *value,
		       bool bad, bool differs)
{
	record_choice_list choices;
	struct err e = ERR_INIT;
	html_printf(h, "<select id=\"%s\" name=\"%s\"", name, name);
	aria(h, bad, differs, name);
	html_lit(h, "><option value=\"\">–</option>");
	if (record_choices(rq->db, &rq->arena, table, st->owner, st->parent, &choices, &e) == OK)
		for (size_t i = 0; i < choices.count; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)choices.items[i].id);
			html_printf(h, "<option value=\"%s\"%s>%s</option>", id,
				    value && strcmp(value, id) == 0 ? " selected" : "",
				    choices.items[i].name);
		}
	html_lit(h, "</select>");
}

/* One field: label, the message when it is at fault, the other person's
 * value on a conflict, and the input. */
static void field_html(struct html *h, struct request *rq, enum node_kind k,
		       const struct node_field *f, const char *value, const struct form_state *st)
{
	bool bad = st->e && strcmp(st->e->field, f->name) == 0;
	const char *theirs = st->theirs ? node_value(st->theirs, f->name) : NULL;
	bool differs = st->theirs && strcmp(theirs ? theirs : "", value ? value : "") != 0;
	const char *name = f->name;
	html_printf(h, "<div class=\"field%s\"><label for=\"%s\">%s%s</label>", bad ? " invalid" : "",
		    name, node_field_label(name), (f->flags & F_REQUIRED) ? " *" : "");
	if (bad)
		html_printf(h, "<p class=\"field-error\" id=\"%s-error\">%s</p>", name, st->e->msg);
	if (differs)
		html_printf(h, "<div class=\"theirs\" id=\"%s-theirs\"><strong>%s</strong> %s</div>",
			    name, _("Saved by someone else meanwhile:"),
			    theirs && *theirs ? theirs : _("(empty)"));
	value = value ? value : "";
	bool required = f->flags & F_REQUIRED;
	if (f->type == FIELD_CODE) {
		html_printf(h, "<select id=\"%s\" name=\"%s\"", name, name);
		aria(h, bad, differs, name);
		html_lit(h, ">");
		for (const char *const *c = f->codes; *c; c++)
			html_printf(h, "<option value=\"%s\"%s>%s</option>", *c,
				    strcmp(value, *c) == 0 ? " selected" : "", node_code_label(name, *c));
		html_lit(h, "</select>");
	} else if ((k == NODE_PLAN && strcmp(name, "adopted_by") == 0) ||
		   (f->refs && strcmp(f->refs, "org") == 0)) {
		org_select(h, rq, st->owner, name, value, bad, differs);
	} else if (f->refs) {
		ref_select(h, rq, f->refs, st, name, value, bad, differs);
	} else if (long_field(k, name)) {
		html_printf(h, "<textarea id=\"%s\" name=\"%s\" rows=\"4\"", name, name);
		if (required)
			html_lit(h, " required");
		aria(h, bad, differs, name);
		html_printf(h, ">%s</textarea>", value);
	} else {
		html_printf(h, "<input id=\"%s\" name=\"%s\" value=\"%s\"", name, name, value);
		if (f->type == FIELD_DATE)
			html_lit(h, " type=\"date\"");
		if (f->type == FIELD_INT)
			html_lit(h, " inputmode=\"numeric\"");
		if (required)
			html_lit(h, " required");
		aria(h, bad, differs, name);
		html_lit(h, ">");
	}
	html_lit(h, "</div>");
}

static int render_form(struct request *rq, struct response *rs, const struct target *t,
		       enum node_kind k, const char *action, const char *heading,
		       const struct form_state *given, int status)
{
	const struct node_kind_info *info = node_info(k);
	struct form_state with_owner = *given;
	with_owner.owner = t->owner;
	const struct form_state *st = &with_owner;
	struct html h = HTML_INIT;
	html_begin(&h, rq, heading);
	html_printf(&h, "<article class=\"form\"><p class=\"kicker\"><a href=\"%s\">%s</a></p>"
			"<h1>%s</h1>",
		    t->home, t->home_title, heading);
	if (st->theirs)
		html_printf(&h, "<div class=\"error\" role=\"alert\"><p>%s</p><p>%s</p></div>",
			    st->e ? st->e->msg : "",
			    _("Your text is kept below. Where the other person saved something else, "
			      "their value is shown above the field. Save again to put yours on top, "
			      "or open the form anew to take theirs."));
	else if (st->e && !st->e->field[0])
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s</p>", st->e->msg);
	else if (st->e)
		html_printf(&h, "<p class=\"error\" role=\"alert\">%s <a href=\"#%s\">%s</a></p>",
			    _("Something in the form must be corrected:"), st->e->field,
			    node_field_label(st->e->field));
	html_printf(&h, "<form method=\"post\" action=\"%s\">", action);
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
		    (long long)st->version);
	for (size_t i = 0; i < info->nfields; i++)
		if (on_form(k, &info->fields[i]))
			field_html(&h, rq, k, &info->fields[i], st->values[i], st);
	html_printf(&h, "<p class=\"hint\">%s</p>", _("Fields marked * must be filled in."));
	html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"%s\">%s</a></form></article>",
		    _("Save"), back_url(rq, t, t->kind, t->v.id), _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* Reads a budget line's typed amount the way the importer reads a cell
 * ("inntil 50 000", "Innanfor ramma", "75 000 kr/år"): sets the qualifier
 * and per_year in p and *amount to the whole kroner ("" for none). */
static int amount_patch(struct request *rq, const char *typed, struct patch *p,
			const char **amount, struct err *e)
{
	struct money_phrase ph = {0};
	if (*typed && money_parse_phrase(typed, &ph, e) != OK) {
		snprintf(e->field, sizeof e->field, "amount");
		return ERR;
	}
	*amount = ph.has_amount ? arena_printf(&rq->arena, "%lld", (long long)ph.amount) : "";
	patch_set(p, "qualifier", money_qualifier_code(ph.qualifier));
	patch_set(p, "per_year", ph.per_year ? "1" : "0");
	return OK;
}

/* The amount field of a stored budget line as the editor reads it back:
 * the words with the number ("inntil 50 000 kr") when there are any, so
 * saving the form unchanged keeps them. */
static void amount_shown(struct request *rq, enum node_kind k, const struct node_values *v,
			 struct form_state *st)
{
	const char *code = node_value(v, "qualifier"), *per_year = node_value(v, "per_year");
	enum money_qualifier q;
	if (k != NODE_BUDGET || money_qualifier_parse(code, &q) != OK ||
	    (q == MQ_EXACT && (!per_year || strcmp(per_year, "1") != 0)))
		return;
	const char *amount = node_value(v, "amount");
	struct money_phrase ph = {.qualifier = q, .per_year = per_year && strcmp(per_year, "1") == 0,
				  .has_amount = amount && *amount};
	ph.amount = ph.has_amount ? strtoll(amount, NULL, 10) : 0;
	const struct node_kind_info *info = node_info(k);
	for (size_t i = 0; i < info->nfields; i++)
		if (strcmp(info->fields[i].name, "amount") == 0)
			st->values[i] = money_phrase_text(&rq->arena, &ph);
}

/* The patch of a posted form: every field of k on the form that was sent
 * (a field not sent is not changed), amounts read by the money parser. The
 * typed values go to st->values for showing the form again. */
static int form_patch(struct request *rq, enum node_kind k, struct patch *p,
		      struct form_state *st, struct err *e)
{
	const struct node_kind_info *info = node_info(k);
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < info->nfields; i++) {
		const struct node_field *f = &info->fields[i];
		if (!on_form(k, f))
			continue;
		const char *v = form_get(rq->form, f->name);
		st->values[i] = v;
		if (!v)
			continue;
		if (k == NODE_BUDGET && strcmp(f->name, "amount") == 0 &&
		    amount_patch(rq, v, p, &v, e) != OK)
			return ERR;
		patch_set(p, f->name, v);
	}
	/* A budget line keeps the amount as written when it has no text. */
	bool has_text;
	const char *text = patch_get(p, "text", &has_text);
	if (k == NODE_BUDGET && has_text && (!text || !*text))
		patch_set(p, "text", form_get(rq->form, "amount"));
	return OK;
}

static const char *edit_action(struct request *rq, const struct target *t)
{
	if (t->kind == NODE_PLAN)
		return arena_printf(&rq->arena, "/plan/%s/edit", t->plan->slug);
	if (t->kind == NODE_ORG)
		return arena_printf(&rq->arena, "/org/%lld/group", (long long)t->v.id);
	return arena_printf(&rq->arena, "/%s/%lld/edit", node_info(t->kind)->code,
			    (long long)t->v.id);
}

static const char *edit_heading(struct request *rq, enum node_kind k)
{
	return arena_printf(&rq->arena, _("Edit: %s"), node_kind_label(k));
}

/* GET /KIND/{id}/edit, /plan/{slug}/edit: the form (ACT_EDIT_PLAN). */
int page_node_edit(struct request *rq, struct response *rs)
{
	struct target t;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	struct form_state st = {.version = t.v.version, .parent = t.v.parent};
	memcpy(st.values, t.v.values, sizeof st.values);
	amount_shown(rq, t.kind, &t.v, &st);
	return render_form(rq, rs, &t, t.kind, edit_action(rq, &t), edit_heading(rq, t.kind), &st,
			   200);
}

/* POST /KIND/{id}/edit, /plan/{slug}/edit: saves what was sent (ACT_EDIT_PLAN,
 * CSRF); 409 with both values when someone saved in between. */
int page_node_edit_post(struct request *rq, struct response *rs)
{
	struct target t;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	struct form_state st = {.parent = t.v.parent};
	struct patch p;
	struct err e = ERR_INIT;
	const char *action = edit_action(rq, &t), *heading = edit_heading(rq, t.kind);
	if (!form_version(rq, &st.version)) {
		st.version = t.v.version;
		memcpy(st.values, t.v.values, sizeof st.values);
		amount_shown(rq, t.kind, &t.v, &st);
		err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
		st.e = &e;
		return render_form(rq, rs, &t, t.kind, action, heading, &st, 400);
	}
	if (form_patch(rq, t.kind, &p, &st, &e) != OK ||
	    node_update(rq->db, t.kind, t.v.id, st.version, &p, rq->actor.login, &e) != OK) {
		st.e = &e;
		if (e.kind == ERR_INPUT)
			return render_form(rq, rs, &t, t.kind, action, heading, &st, 400);
		if (e.kind != ERR_CONFLICT)
			return page_error_from(rq, rs, &e);
		/* Someone saved in between: show theirs beside ours, and let a
		 * new save go on top of theirs. */
		struct target now;
		if (target_for_request(rq, rs, &now) != OK)
			return rs->status;
		st.theirs = &now.v;
		st.version = now.v.version;
		return render_form(rq, rs, &now, t.kind, action, heading, &st, 409);
	}
	return page_done(rq, rs, back_url(rq, &t, t.kind, t.v.id));
}

/* --- adding --- */

static int child_kind(struct request *rq, const struct target *t, enum node_kind *child)
{
	if (node_kind_parse(request_param(rq, "child"), child) != OK ||
	    !child_allowed(t->kind, *child))
		return ERR;
	/* Programmes, projects, meetings and indicators are kept by a council. */
	const char *kind = t->kind == NODE_ORG ? node_value(&t->v, "kind") : NULL;
	if (record_root_kind(*child) && !(kind && strcmp(kind, "council") == 0))
		return ERR;
	return OK;
}

static const char *new_action(struct request *rq, const struct target *t, enum node_kind child)
{
	if (t->kind == NODE_PLAN)
		return arena_printf(&rq->arena, "/plan/%s/new/%s", t->plan->slug,
				    node_info(child)->code);
	return arena_printf(&rq->arena, "/%s/%lld/new/%s", node_info(t->kind)->code,
			    (long long)t->v.id, node_info(child)->code);
}

static const char *new_heading(struct request *rq, enum node_kind child)
{
	return arena_printf(&rq->arena, _("New: %s"), node_kind_label(child));
}

/* GET /KIND/{id}/new/{child}: an empty form for a new child (ACT_EDIT_PLAN). */
int page_node_new(struct request *rq, struct response *rs)
{
	struct target t;
	enum node_kind child;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	if (child_kind(rq, &t, &child) != OK)
		return page_error(rq, rs, 404, NULL);
	struct form_state st = {.version = 1, .parent = t.v.id};
	return render_form(rq, rs, &t, child, new_action(rq, &t, child), new_heading(rq, child),
			   &st, 200);
}

/* POST /KIND/{id}/new/{child}: adds it last, or at ?position (ACT_EDIT_PLAN,
 * CSRF). */
int page_node_new_post(struct request *rq, struct response *rs)
{
	struct target t;
	enum node_kind child;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	if (child_kind(rq, &t, &child) != OK)
		return page_error(rq, rs, 404, NULL);
	struct form_state st = {.version = 1, .parent = t.v.id};
	struct patch p;
	struct err e = ERR_INIT;
	int64_t id = 0;
	const char *pos = form_get(rq->form, "position");
	char *pend = NULL;
	long position = pos && *pos ? strtol(pos, &pend, 10) : 0;
	if (pend && (*pend || position < 0 || position > 1000000))
		return page_error(rq, rs, 400, _("A position is a whole number from 1 to 1000000."));
	if (form_patch(rq, child, &p, &st, &e) != OK ||
	    (record_root_kind(child)
		     ? record_create(rq->db, child, t.v.id, &p, rq->actor.login, &id, &e)
		     : node_create(rq->db, child, t.v.id, (int)position, &p, rq->actor.login, &id,
				   &e)) != OK) {
		st.e = &e;
		if (e.kind == ERR_INPUT)
			return render_form(rq, rs, &t, child, new_action(rq, &t, child),
					   new_heading(rq, child), &st, 400);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, back_url(rq, &t, child, id));
}

/* --- moving --- */

/* POST /KIND/{id}/move: direction=up|down, or parent=ID (to the end of
 * another parent in the same plan), with the version (ACT_EDIT_PLAN, CSRF). */
int page_node_move(struct request *rq, struct response *rs)
{
	struct target t;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	int64_t version;
	struct err e = ERR_INIT;
	if (!form_version(rq, &version))
		return page_error(rq, rs, 400, _("The form is incomplete; reload it and try again."));
	const char *dir = form_get(rq->form, "direction");
	const char *parent = form_get(rq->form, "parent");
	int64_t new_parent = 0;
	int position = 0;
	if (dir && strcmp(dir, "up") == 0) {
		position = t.v.position > 1 ? t.v.position - 1 : 1;
	} else if (dir && strcmp(dir, "down") == 0) {
		position = t.v.position + 1;
	} else if (parent && *parent) {
		char *end;
		new_parent = strtoll(parent, &end, 10);
		if (*end || new_parent <= 0)
			return page_error(rq, rs, 400, _("Choose where to move it."));
	} else {
		return page_error(rq, rs, 400, _("Choose where to move it."));
	}
	if (node_move(rq->db, t.kind, t.v.id, version, new_parent, position, rq->actor.login,
		      &e) != OK)
		return page_error_from(rq, rs, &e);
	/* Back to where the node's new place shows: a plan's structure, a
	 * record's page. */
	if (!t.plan)
		return page_done(rq, rs, back_url(rq, &t, t.kind, t.v.id));
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s/structure#%s-%lld",
					      t.plan->slug, node_info(t.kind)->code,
					      (long long)t.v.id));
}

/* --- deleting --- */

static int64_t reports_on(struct request *rq, const struct target *t)
{
	int64_t *ids;
	size_t n = 0;
	struct err e = ERR_INIT;
	if (t->kind != NODE_MEASURE ||
	    node_children(rq->db, &rq->arena, NODE_REPORT, t->v.id, &ids, &n, &e) != OK)
		return 0;
	return (int64_t)n;
}

static const char *delete_action(struct request *rq, const struct target *t)
{
	return arena_printf(&rq->arena, "/%s/%lld/delete", node_info(t->kind)->code,
			    (long long)t->v.id);
}

static int render_delete(struct request *rq, struct response *rs, const struct target *t,
			 const char *problem, int status)
{
	int64_t reports = reports_on(rq, t);
	struct html h = HTML_INIT;
	const char *heading = arena_printf(&rq->arena, _("Delete: %s"), node_kind_label(t->kind));
	html_begin(&h, rq, heading);
	html_printf(&h, "<article class=\"form\"><p class=\"kicker\"><a href=\"%s\">%s</a></p>"
			"<h1>%s</h1><blockquote>%s</blockquote>",
		    t->home, t->home_title, heading, node_name(rq, &t->v));
	if (problem)
		html_printf(&h, "<p class=\"error\" role=\"alert\" id=\"confirm-error\">%s</p>", problem);
	html_printf(&h, "<p>%s</p>",
		    _("Everything under it is deleted with it. The history keeps what was deleted."));
	html_printf(&h, "<form method=\"post\" action=\"%s\">", delete_action(rq, t));
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
		    (long long)t->v.version);
	if (reports > 0) {
		html_printf(&h, "<div class=\"field%s\"><input type=\"checkbox\" id=\"confirm_reports\" "
				"name=\"confirm_reports\" value=\"yes\"",
			    problem ? " invalid" : "");
		if (problem)
			html_lit(&h, " aria-invalid=\"true\" aria-describedby=\"confirm-error\"");
		html_printf(&h, "> <label for=\"confirm_reports\">%s</label></div>",
			    arena_printf(&rq->arena, _("Yes, also delete its %lld status reports."),
					 (long long)reports));
	}
	html_printf(&h, "<button type=\"submit\" class=\"danger\">%s</button> <a href=\"%s\">%s</a>"
			"</form></article>",
		    _("Delete"), back_url(rq, t, t->kind, t->v.id), _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* GET /KIND/{id}/delete: the confirmation (ACT_EDIT_PLAN). A plan is not
 * deleted here. */
int page_node_delete(struct request *rq, struct response *rs)
{
	struct target t;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	if (t.kind == NODE_PLAN)
		return page_error(rq, rs, 404, NULL);
	return render_delete(rq, rs, &t, NULL, 200);
}

/* POST /KIND/{id}/delete: deletes it (ACT_EDIT_PLAN, CSRF); a measure with
 * status reports only when confirm_reports=yes was sent as well. */
int page_node_delete_post(struct request *rq, struct response *rs)
{
	struct target t;
	if (target_for_request(rq, rs, &t) != OK)
		return rs->status;
	if (t.kind == NODE_PLAN)
		return page_error(rq, rs, 404, NULL);
	int64_t version;
	struct err e = ERR_INIT;
	if (!form_version(rq, &version))
		return page_error(rq, rs, 400, _("The form is incomplete; reload it and try again."));
	const char *confirm = form_get(rq->form, "confirm_reports");
	if (reports_on(rq, &t) > 0 && !(confirm && strcmp(confirm, "yes") == 0))
		return render_delete(rq, rs, &t,
				     _("It has status reports. Tick the box to delete them too."),
				     400);
	if (node_delete(rq->db, t.kind, t.v.id, version, rq->actor.login, &e) != OK)
		return page_error_from(rq, rs, &e);
	if (t.kind == NODE_BUDGET)
		return page_done(rq, rs, arena_printf(&rq->arena, "/measure/%lld", (long long)t.v.parent));
	if (t.kind == NODE_DATE) /* the plan's year, on its page */
		return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s#dates", t.plan->slug));
	if (record_root_kind(t.kind)) /* its page is gone: to the council's */
		return page_done(rq, rs, t.owner ? record_home(&rq->arena, NODE_ORG, t.owner) : "/");
	if (!t.plan)
		return page_done(rq, rs, t.home);
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s/structure", t.plan->slug));
}
