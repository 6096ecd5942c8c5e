/*
 * document: files attached to an object (a measure, an organisation, a
 * plan node; later projects, meetings, programmes and indicators): a
 * project plan, a social analysis, the minutes of a meeting.
 *
 * The bytes are kept once, outside the database, in a store folder named
 * by their SHA-256: STORE/ab/cdef... (the first two hex digits a folder,
 * the other 62 the file). An upload is streamed into STORE/tmp, hashed as
 * it comes, then its type is read from its content (model/doctype.h) and
 * it is renamed into place after an fsync; a file already stored is
 * reused. A row in `document` says whose the file is and what it was
 * called; the row and its history row are one transaction. A file is
 * removed when the last row using it is deleted. The write lock of the
 * database is held while a file is placed or removed, so an upload and a
 * delete of the same bytes never cross.
 *
 * A document has its owner's permissions (document_owner_access): read
 * by whoever may read the owner, added and deleted by whoever may edit it.
 *
 * Strings of a loaded document live in the arena it was loaded into.
 */
#ifndef SAMSPEL_MODEL_DOCUMENT_H
#define SAMSPEL_MODEL_DOCUMENT_H

#include "model/perm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct doctype;
struct err;

/* A stored file name is at most this many bytes (cut at a character). */
#define DOCUMENT_NAME_MAX 200
/* A title is at most this many bytes. */
#define DOCUMENT_TITLE_MAX 500

struct document {
	int64_t id, version;
	const char *owner_kind; /* a node kind code: "measure", "org", ... */
	int64_t owner_id;
	const char *name;       /* the file's name, without path or control characters */
	const char *title;      /* NULL when none */
	const char *media_type; /* from the content: "application/pdf" */
	int64_t size;           /* bytes */
	const char *sha256;     /* 64 lowercase hex digits: where the bytes are */
	const char *uploaded_by; /* a login, or NULL */
	const char *created_at; /* ISO 8601 UTC */
};

typedef struct {
	struct document *items;
	size_t count, cap;
} document_list;

/* --- whose a document is --- */

/* The object a document belongs to, as permissions see it. */
struct document_owner {
	struct perm_target target; /* ask ACT_READ_PLAN to read, edit to change */
	enum action edit;          /* ACT_EDIT_PLAN; ACT_EDIT_ORG for an organisation */
	int64_t plan;              /* the plan of a plan-tree owner (its data
				    * version is raised by a change); 0 for others */
	const char *plan_slug;     /* that plan's slug, or NULL */
};

/* Resolves the owner (owner_kind, owner_id) into *out (strings in a), as
 * who may see it: a node of a plan tree (plan, area, goal, focus,
 * strategy, measure, budget, section, entry) through its plan's council
 * and publication; an organisation as the organisation pages do
 * (ACT_EDIT_ORG; readable where it is visible to who). ERR_NOT_FOUND when
 * there is no such owner or its kind takes no documents. The one place
 * that knows how an owner's permissions are found: a new kind of owner is
 * added here. */
int document_owner_access(struct db *db, struct arena *a, const struct actor *who,
			  const char *owner_kind, int64_t owner_id,
			  struct document_owner *out, struct err *e);

/* --- an upload on its way in --- */

struct document_upload;

/* Starts an upload: a new temp file under store/tmp (the folders are made
 * when missing). The caller frees *out with document_upload_free. */
int document_upload_begin(const char *store, struct document_upload **out, struct err *e);
/* Appends n bytes to the upload (and to its hash). */
int document_upload_write(struct document_upload *u, const void *data, size_t n,
			  struct err *e);
/* The bytes written so far. */
uint64_t document_upload_size(const struct document_upload *u);
/* The upload's bytes (an upload read rather than stored: a spreadsheet
 * of reports), into arena a as *data and *n; ERR_INPUT when there are
 * more than max. */
int document_upload_read(const struct document_upload *u, struct arena *a, size_t max,
			 const char **data, size_t *n, struct err *e);
/* Closes the upload and removes its temp file when it was not stored;
 * NULL is ignored. */
void document_upload_free(struct document_upload *u);

/* --- changes: each one transaction with its history row --- */

/* Stores upload u as a document of (owner_kind, owner_id), resolved in
 * *owner, called name (cleaned: see document_clean_name) with title (NULL
 * or blank: none), by actor; the new row's id into *id. ERR_INPUT (field
 * "file" or "title") for an empty file, a type not allowed or a bad
 * title: then nothing is stored. */
int document_add(struct db *db, const char *store, struct document_upload *u,
		 const char *owner_kind, int64_t owner_id,
		 const struct document_owner *owner, const char *name,
		 const char *title, const char *actor, int64_t *id, struct err *e);
/* Deletes document id of owner, by actor; its file is removed when no
 * other row uses it. ERR_NOT_FOUND when it is gone already. */
int document_delete(struct db *db, const char *store, int64_t id,
		    const struct document_owner *owner, const char *actor, struct err *e);

/* --- reading --- */

/* Document id into *out; ERR_NOT_FOUND when there is none. */
int document_get(struct db *db, struct arena *a, int64_t id, struct document *out,
		 struct err *e);
/* The documents of (owner_kind, owner_id), newest first. */
int document_list_of(struct db *db, struct arena *a, const char *owner_kind,
		     int64_t owner_id, document_list *out, struct err *e);
/* Opens the stored bytes of sha256 for reading: *fd (the caller closes
 * it) and *size. ERR_NOT_FOUND when the file is missing from the store. */
int document_open(const char *store, const char *sha256, int *fd, uint64_t *size,
		  struct err *e);
/* The path of the stored bytes of sha256 (in a). */
const char *document_path(struct arena *a, const char *store, const char *sha256);
/* A file name fit to keep and to offer back (in a): only what follows the
 * last '/' or '\', without control characters, leading dots and spaces
 * or invalid UTF-8, at most DOCUMENT_NAME_MAX bytes; when nothing is
 * left, "document" with type's extension. */
const char *document_clean_name(struct arena *a, const char *raw, const struct doctype *type);

#endif
