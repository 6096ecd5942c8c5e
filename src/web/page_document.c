/*
 * page_document.c: files attached to an object (model/document.h) - a
 * project plan, a social analysis, the minutes of a meeting:
 *
 *   POST /documents/{kind}/{id}  upload: a multipart form (file, title,
 *                                csrf) streamed in by server.c
 *   GET  /document/{id}/{name}   the bytes, always as an attachment
 *   POST /document/{id}/delete   delete
 *
 * and the section "Documents" that an owner's page shows. A document has
 * its owner's permissions (document_owner_access): whoever may read the
 * owner reads it, whoever may edit the owner adds and deletes.
 */
#include "web/auth.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "model/doctype.h"
#include "model/document.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The Content-Disposition of a download called name (RFC 6266): always
 * an attachment, never shown in the site's own origin; filename= an ASCII
 * stand-in in quotes (one '_' for each other character, and for '"' and
 * '\'), filename*= the name itself (RFC 8187). */
static const char *disposition(struct request *rq, const char *name)
{
	size_t n = strlen(name);
	char *quoted = arena_alloc(&rq->arena, n + 3), *o = quoted;
	*o++ = '"';
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80 && (*p & 0xc0) == 0x80)
			continue; /* the rest of a character already replaced */
		*o++ = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_';
	}
	*o++ = '"';
	*o = '\0';
	return arena_printf(&rq->arena, "attachment; filename=%s; filename*=UTF-8''%s", quoted,
			    html_url_part(&rq->arena, name));
}

/* The page of the owner, where a change goes back to. */
static const char *owner_page(struct request *rq, const char *kind, int64_t id,
			      const struct document_owner *o)
{
	if (strcmp(kind, "measure") == 0)
		return arena_printf(&rq->arena, "/measure/%lld#documents", (long long)id);
	if (strcmp(kind, "org") == 0 || !o->plan_slug) /* an organisation, a record */
		return arena_printf(&rq->arena, "/%s/%lld#documents", kind, (long long)id);
	if (strcmp(kind, "plan") == 0)
		return arena_printf(&rq->arena, "/plan/%s", o->plan_slug);
	return arena_printf(&rq->arena, "/plan/%s/structure#%s-%lld", o->plan_slug, kind,
			    (long long)id);
}

/* Resolves the owner for rq's actor, who must be able to read it and,
 * with edit, to edit it; otherwise fills rs (404, 403, sign in). */
static int owner_for_request(struct request *rq, struct response *rs, const char *kind,
			     int64_t id, bool edit, struct document_owner *o)
{
	struct err e = ERR_INIT;
	if (document_owner_access(rq->db, &rq->arena, &rq->actor, kind, id, o, &e) != OK)
		return page_error_from(rq, rs, &e), ERR;
	if (auth_require(rq, rs, ACT_READ_PLAN, &o->target) != OK ||
	    (edit && auth_require(rq, rs, o->edit, &o->target) != OK))
		return ERR;
	return OK;
}

/* The document of the route's {id}, if it exists. */
static int document_for_request(struct request *rq, struct response *rs, struct document *d)
{
	struct err e = ERR_INIT;
	int64_t id = org_parse_id(request_param(rq, "id"));
	if (!id)
		return page_error(rq, rs, 404, NULL), ERR;
	if (document_get(rq->db, &rq->arena, id, d, &e) != OK)
		return page_error_from(rq, rs, &e), ERR;
	return OK;
}

static void log_failure(struct request *rq, const char *event, const struct err *e)
{
	if (e->kind == ERR_INTERNAL)
		log_event(LOG_ERROR, event, "path", rq->path, "message", e->msg, (char *)0);
}

/* POST /documents/{kind}/{id}: attaches the form's file (field "file",
 * optional "title") to the object; who may edit the object (CSRF). The
 * type is read from the content; a type not allowed, an empty file or a
 * file beyond --upload-limit (server.c: 413) stores nothing. */
int page_document_upload(struct request *rq, struct response *rs)
{
	const char *kind = request_param(rq, "kind");
	int64_t id = org_parse_id(request_param(rq, "id"));
	struct document_owner o;
	if (owner_for_request(rq, rs, kind, id, true, &o) != OK)
		return rs->status;
	if (!rq->upload)
		return page_error(rq, rs, 400, _("Choose a file to attach. Nothing was saved."));
	struct err e = ERR_INIT;
	int64_t doc;
	if (document_add(rq->db, rq->config->documents_dir, rq->upload, kind, id, &o,
			 rq->upload_name, form_get(rq->form, "title"), rq->actor.login, &doc,
			 &e) != OK) {
		log_failure(rq, "document_add_failed", &e);
		return page_error_from(rq, rs, &e);
	}
	log_event(LOG_INFO, "document_added", "user", rq->actor.login, "id",
		  arena_printf(&rq->arena, "%lld", (long long)doc), "owner",
		  arena_printf(&rq->arena, "%s/%lld", kind, (long long)id), (char *)0);
	return page_done(rq, rs, owner_page(rq, kind, id, &o));
}

/* GET /document/{id}/{name}: the stored bytes for whoever may read the
 * owner, with the type read from them at upload, as an attachment
 * (nosniff comes with every answer); the ETag is their SHA-256. {name}
 * must be the document's name. */
int page_document(struct request *rq, struct response *rs)
{
	struct document d;
	struct document_owner o;
	if (document_for_request(rq, rs, &d) != OK ||
	    owner_for_request(rq, rs, d.owner_kind, d.owner_id, false, &o) != OK)
		return rs->status;
	const char *name = request_param(rq, "name");
	if (!name || strcmp(name, d.name) != 0)
		return page_error(rq, rs, 404, NULL);
	struct err e = ERR_INIT;
	int fd;
	uint64_t size;
	if (document_open(rq->config->documents_dir, d.sha256, &fd, &size, &e) != OK) {
		log_event(LOG_ERROR, "document_file_missing", "id",
			  arena_printf(&rq->arena, "%lld", (long long)d.id), "message", e.msg,
			  (char *)0);
		return page_error(rq, rs, 500, NULL);
	}
	rs->status = 200;
	rs->content_type = d.media_type;
	rs->file_fd = fd;
	rs->file_size = size;
	rs->has_file = true;
	rs->etag = arena_printf(&rq->arena, "\"%s\"", d.sha256);
	/* Shared caches may keep what the public may read; the rest is
	 * for this reader only. */
	rs->cache = !rq->actor.user_id && o.target.published ? CACHE_REVALIDATE : CACHE_PRIVATE;
	response_header(rs, "Content-Disposition", disposition(rq, d.name));
	return 200;
}

/* POST /document/{id}/delete: removes the document (its file too when no
 * other document has the same bytes); who may edit the owner (CSRF). */
int page_document_delete(struct request *rq, struct response *rs)
{
	struct document d;
	struct document_owner o;
	if (document_for_request(rq, rs, &d) != OK ||
	    owner_for_request(rq, rs, d.owner_kind, d.owner_id, true, &o) != OK)
		return rs->status;
	struct err e = ERR_INIT;
	if (document_delete(rq->db, rq->config->documents_dir, d.id, &o, rq->actor.login, &e) != OK) {
		log_failure(rq, "document_delete_failed", &e);
		return page_error_from(rq, rs, &e);
	}
	return page_done(rq, rs, owner_page(rq, d.owner_kind, d.owner_id, &o));
}

/* --- the section on the owner's page --- */


static void document_row(struct html *h, struct request *rq, const struct document *d,
			 bool may_edit)
{
	const struct doctype *t = doctype_by_media_type(d->media_type);
	html_printf(h, "<tr><td><a href=\"/document/%lld/%s\">%s</a>", (long long)d->id,
		    html_url_part(&rq->arena, d->name), d->title ? d->title : d->name);
	if (d->title)
		html_printf(h, "<br><span class=\"meta\">%s</span>", d->name);
	html_printf(h, "</td><td>%s</td><td>%lld kB</td><td>", t ? t->label : d->media_type,
		    (long long)((d->size + 1023) / 1024));
	html_date(h, arena_strndup(&rq->arena, d->created_at, 10));
	html_lit(h, "</td>");
	if (may_edit) {
		html_printf(h, "<td><form method=\"post\" action=\"/document/%lld/delete\">",
			    (long long)d->id);
		html_csrf(h, rq);
		html_printf(h, "<button type=\"submit\" class=\"small\">%s<span class=\"visually-hidden\">: "
			       "%s</span></button></form></td>",
			    _("Delete"), d->name);
	}
	html_lit(h, "</tr>");
}

static void document_table(struct html *h, struct request *rq, const document_list *docs,
			   bool may_edit)
{
	html_printf(h, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"documents-caption\">"
		       "<table class=\"documents\"><caption id=\"documents-caption\">%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th>",
		    _("Attached documents, newest first"), _("Document"), _("Type"), _("Size"),
		    _("Added on"));
	if (may_edit)
		html_printf(h, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>",
			    _("Delete"));
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < docs->count; i++)
		document_row(h, rq, &docs->items[i], may_edit);
	html_lit(h, "</tbody></table></div>");
}

/* The upload form: a plain multipart form, no script needed. */
static void upload_form(struct html *h, struct request *rq, const char *owner_kind,
			int64_t owner_id)
{
	html_printf(h, "<form class=\"upload\" method=\"post\" action=\"/documents/%s/%lld\" "
		       "enctype=\"multipart/form-data\"><h3>%s</h3>",
		    owner_kind, (long long)owner_id, _("Attach a document"));
	html_csrf(h, rq);
	html_printf(h, "<div class=\"field\"><label for=\"document-file\">%s</label>"
		       "<p class=\"hint\" id=\"document-file-hint\">%s</p>"
		       "<input id=\"document-file\" name=\"file\" type=\"file\" required "
		       "aria-describedby=\"document-file-hint\" accept=\"%s\"></div>",
		    _("File"),
		    arena_printf(&rq->arena, _("%s; at most %s. The type is read from the file's content."),
				 doctype_labels(), request_size_words(rq, rq->config->upload_limit)),
		    doctype_accept());
	html_printf(h, "<div class=\"field\"><label for=\"document-title\">%s</label>"
		       "<input id=\"document-title\" name=\"title\" type=\"text\" maxlength=\"%d\"></div>",
		    _("Title (optional)"), DOCUMENT_TITLE_MAX);
	html_printf(h, "<button type=\"submit\">%s</button></form>", _("Attach the document"));
}

int page_documents_section(struct html *h, struct request *rq, const char *owner_kind,
			   int64_t owner_id, bool may_edit)
{
	document_list docs;
	struct err e = ERR_INIT;
	int rc = document_list_of(rq->db, &rq->arena, owner_kind, owner_id, &docs, &e);
	may_edit = may_edit && rq->actor.csrf; /* a form needs the session's token */
	html_printf(h, "<section class=\"documents\" id=\"documents\" aria-labelledby=\"documents-title\">"
		       "<h2 id=\"documents-title\">%s</h2>",
		    _("Documents"));
	if (rc != OK) {
		log_failure(rq, "document_list_failed", &e);
		html_printf(h, "<p>%s</p>", _("The documents cannot be shown just now."));
	} else if (!docs.count) {
		html_printf(h, "<p>%s</p>", _("No documents are attached."));
	} else {
		document_table(h, rq, &docs, may_edit);
	}
	if (may_edit)
		upload_form(h, rq, owner_kind, owner_id);
	html_lit(h, "</section>\n");
	return rc;
}
