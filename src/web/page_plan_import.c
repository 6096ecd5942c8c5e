/*
 * page_plan_import.c: a plan from the document the council has (a Word
 * document, an OpenDocument text, a spreadsheet of measures or the plan
 * text format: formats/import.h), seen before it is stored.
 *
 *   GET  /plans/import          the form: the council that keeps the plan
 *                               (those whose plans the reader may edit)
 *                               and the file
 *   POST /plans/import          upload (multipart: council, file): the whole
 *                               import is done and rolled back, and what it
 *                               would store is shown: the areas and their
 *                               sums, the organisations it would create,
 *                               every note with its place in the document
 *   POST /plans/import/confirm  stores it as a draft (CSRF) and goes to the
 *                               plan
 *
 * The preview hands the confirmation the plan text the reader made of the
 * document (small, where the document may be large with its pictures) and
 * the document's SHA-256, so the same document is known again. The
 * confirmation trusts nothing of it: the permission is checked again and
 * the text imported from the start, as any text the editor could upload.
 * The hash is the editor's own word; at worst it makes their council's
 * next import of that document ask for a copy.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "formats/import.h"
#include "model/document.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The council of the form (field "council") if the reader may edit its
 * plans; else an answer has been given. */
static int chosen_council(struct request *rq, struct response *rs, const org_list *councils,
			  const struct org **out)
{
	const char *text = form_get(rq->form, "council");
	char *end = NULL;
	long long id = text ? strtoll(text, &end, 10) : 0;
	*out = NULL;
	for (size_t i = 0; text && !*end && i < councils->count; i++)
		if (councils->items[i].id == id)
			*out = &councils->items[i];
	if (*out)
		return OK;
	/* Not a council, or not one of the reader's: the same answer. */
	auth_log_denied(rq, perm_action_code(ACT_EDIT_PLAN));
	page_error(rq, rs, 403, _("You may not create plans for this council."));
	return ERR;
}

static int councils_or_403(struct request *rq, struct response *rs, org_list *councils)
{
	struct err e = ERR_INIT;
	if (editable_councils(rq, councils, &e) != OK)
		return page_error(rq, rs, 500, NULL), ERR;
	if (!councils->count) {
		auth_log_denied(rq, perm_action_code(ACT_EDIT_PLAN));
		page_error(rq, rs, 403, _("Only an editor of a council can create a plan for it."));
		return ERR;
	}
	return OK;
}

/* GET /plans/import */
int page_plan_import(struct request *rq, struct response *rs)
{
	org_list councils;
	if (councils_or_403(rq, rs, &councils) != OK)
		return rs->status;
	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Import a plan"));
	html_printf(&h, "<article class=\"form\"><h1>%s</h1><p>%s</p>", _("Import a plan"),
		    _("Upload the plan as the council has it: a Word document (.docx), an OpenDocument text (.odt), a spreadsheet of measures (.xlsx, .ods, .csv) or the plan text format. You see what samspel reads from it before anything is stored."));
	html_lit(&h, "<form method=\"post\" action=\"/plans/import\" enctype=\"multipart/form-data\">");
	html_csrf(&h, rq);
	html_printf(&h, "<div class=\"field\"><label for=\"council\">%s *</label>"
			"<select id=\"council\" name=\"council\" required>",
		    _("Council that keeps the plan"));
	if (councils.count != 1)
		html_printf(&h, "<option value=\"\">%s</option>", _("Choose …"));
	for (size_t i = 0; i < councils.count; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)councils.items[i].id);
		html_printf(&h, "<option value=\"%s\">%s</option>", id, councils.items[i].name);
	}
	html_printf(&h, "</select></div><div class=\"field\"><label for=\"file\">%s *</label>"
			"<input id=\"file\" name=\"file\" type=\"file\" required "
			"accept=\".docx,.odt,.xlsx,.ods,.csv,.txt\"></div>",
		    _("The plan's file"));
	html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"/\">%s</a></form></article>",
		    _("Read the plan"), _("Cancel"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

static void preview_summary(struct html *h, const struct plan *p)
{
	size_t goals = 0, focuses = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		goals += p->areas.items[i].goals.count;
		focuses += p->areas.items[i].focuses.count;
	}
	html_printf(h, "<h2>%s</h2><dl class=\"facts\"><dt>%s</dt><dd>", p->title, _("Contents"));
	html_printf(h, _("%zu areas, %zu goals, %zu focuses, %zu strategies, %zu measures"),
		    p->areas.count, goals, focuses, plan_count_strategies(p), plan_count_measures(p));
	html_printf(h, "</dd><dt>%s</dt><dd>", _("Budget in all"));
	html_money(h, plan_budget_total(p));
	html_lit(h, "</dd></dl>");
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		    _("Areas and budget"), _("No."), _("Area"), _("Budget"));
	for (size_t i = 0; i < p->areas.count; i++) {
		const struct area *ar = &p->areas.items[i];
		html_printf(h, "<tr><td>%s</td><td>%s</td><td class=\"num\">", ar->number, ar->title);
		html_money(h, area_budget_total(ar));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void preview_report(struct html *h, struct arena *a, const struct import_report *r)
{
	if (r->new_orgs.count) {
		html_printf(h, "<h2>%s</h2><p>%s</p><ul>", _("New organisations"),
			    _("These names were not found among the organisations; they are made when the plan is stored. Correct the names in the document, or add them as aliases, if they are organisations samspel knows."));
		for (size_t i = 0; i < r->new_orgs.count; i++)
			html_printf(h, "<li>%s</li>", r->new_orgs.items[i]);
		html_lit(h, "</ul>");
	}
	if (!r->notes.count)
		return;
	html_printf(h, "<h2>%s</h2><ol class=\"notes\">", _("Notes"));
	for (size_t i = 0; i < r->notes.count; i++) {
		const struct import_note *n = &r->notes.items[i];
		if (n->line)
			html_printf(h, "<li><strong>%s:</strong> %s</li>", import_where(a, r, n->line),
				    n->text);
		else
			html_printf(h, "<li>%s</li>", n->text);
	}
	html_lit(h, "</ol>");
}

/* POST /plans/import */
int page_plan_import_post(struct request *rq, struct response *rs)
{
	org_list councils;
	const struct org *council;
	if (councils_or_403(rq, rs, &councils) != OK ||
	    chosen_council(rq, rs, &councils, &council) != OK)
		return rs->status;
	if (!rq->upload)
		return page_error(rq, rs, 400, _("Choose the plan's file. Nothing was stored."));
	struct err e = ERR_INIT;
	const char *bytes;
	size_t n;
	if (document_upload_read(rq->upload, &rq->arena, rq->config->upload_limit, &bytes, &n, &e) != OK)
		return page_error_from(rq, rs, &e);
	const char *name = document_clean_name(&rq->arena, rq->upload_name ? rq->upload_name : "", NULL);
	struct import_options o = {.owner = council->name, .source_name = name,
				   .actor = rq->actor.login, .dry_run = true,
				   .publish = IMPORT_PUBLISH_NO};
	struct import_report report = {0};
	struct plan *p;
	if (import_document(rq->db, &rq->arena, bytes, n, &o, false, &p, &report, NULL, &e) != OK)
		return page_error_from(rq, rs, &e);
	char sha[65];
	secret_sha256_hex(bytes, n, sha);
	char council_id[24];
	snprintf(council_id, sizeof council_id, "%lld", (long long)council->id);

	struct html h = HTML_INIT;
	html_begin(&h, rq, _("Import a plan"));
	html_printf(&h, "<article><h1>%s</h1><p>%s</p>", _("What samspel reads from the document"),
		    _("Nothing is stored yet. Read the notes: every guess samspel made is there, and text it could not place is kept in a section of its own."));
	html_printf(&h, "<p>%s <strong>%s</strong> · %s <strong>%s</strong></p>", _("File:"), name,
		    _("Council that keeps the plan"), council->name);
	preview_summary(&h, p);
	preview_report(&h, &rq->arena, &report);
	html_lit(&h, "<form method=\"post\" action=\"/plans/import/confirm\">");
	html_csrf(&h, rq);
	html_printf(&h, "<input type=\"hidden\" name=\"council\" value=\"%s\">"
			"<input type=\"hidden\" name=\"sha256\" value=\"%s\">"
			"<input type=\"hidden\" name=\"name\" value=\"%s\">"
			"<input type=\"hidden\" name=\"text\" value=\"%s\">",
		    council_id, sha, name, report.text ? report.text : "");
	html_printf(&h, "<button type=\"submit\">%s</button> <a href=\"/plans/import\">%s</a></form>",
		    _("Store the plan as a draft"), _("Choose another file"));
	html_lit(&h, "</article>");
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = 200;
	rs->cache = CACHE_NONE;
	return 200;
}

static bool is_sha256(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* POST /plans/import/confirm */
int page_plan_import_confirm(struct request *rq, struct response *rs)
{
	org_list councils;
	const struct org *council;
	if (councils_or_403(rq, rs, &councils) != OK ||
	    chosen_council(rq, rs, &councils, &council) != OK)
		return rs->status;
	const char *text = form_get(rq->form, "text"), *sha = form_get(rq->form, "sha256");
	if (!text || !*text || !is_sha256(sha))
		return page_error(rq, rs, 400, _("The confirmation is not one samspel made. Nothing was stored."));
	const char *name = form_get(rq->form, "name");
	struct import_options o = {.owner = council->name,
				   .source_name = document_clean_name(&rq->arena, name ? name : "", NULL),
				   .actor = rq->actor.login, .sha256 = sha,
				   .publish = IMPORT_PUBLISH_NO};
	struct import_report report = {0};
	struct plan *p;
	struct err e = ERR_INIT;
	if (import_document(rq->db, &rq->arena, text, strlen(text), &o, false, &p, &report, NULL, &e) != OK)
		return page_error_from(rq, rs, &e);
	return page_done(rq, rs, arena_printf(&rq->arena, "/plan/%s", p->slug));
}
