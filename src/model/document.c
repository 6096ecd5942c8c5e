/*
 * document.c: attached files - the store, the rows and whose they are (see
 * document.h).
 */
#include "model/document.h"
#include "model/record.h"
#include "model/audit.h"
#include "model/doctype.h"
#include "model/node.h"
#include "model/visible.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHA256_HEX (crypto_hash_sha256_BYTES * 2)

/* --- whose a document is --- */

/* The kinds of node a document may belong to, and the permission that
 * guards them. The plan tree's kinds share their plan's. */
static const struct {
	const char *code;
	enum node_kind kind;
} owner_kinds[] = {
	{"plan", NODE_PLAN},	     {"area", NODE_AREA},     {"goal", NODE_GOAL},
	{"focus", NODE_FOCUS},	     {"strategy", NODE_STRATEGY}, {"measure", NODE_MEASURE},
	{"budget", NODE_BUDGET},     {"section", NODE_SECTION}, {"entry", NODE_ENTRY},
	{"org", NODE_ORG},
	{"programme", NODE_PROGRAMME}, {"project", NODE_PROJECT}, {"meeting", NODE_MEETING},
	{"indicator", NODE_INDICATOR},
};

static bool owner_kind_of(const char *code, enum node_kind *k)
{
	for (size_t i = 0; code && i < sizeof owner_kinds / sizeof *owner_kinds; i++)
		if (strcmp(owner_kinds[i].code, code) == 0) {
			*k = owner_kinds[i].kind;
			return true;
		}
	return false;
}

static int no_owner(struct err *e)
{
	return err_set(e, ERR_NOT_FOUND, NULL, _("What the document belongs to does not exist."));
}

/* A node of a plan: its plan's council, publication and slug. */
static int plan_node_owner(struct db *db, struct arena *a, enum node_kind k, int64_t id,
			   struct document_owner *out, struct err *e)
{
	struct err inner = ERR_INIT;
	if (node_plan_of(db, k, id, &out->plan, &inner) != OK) {
		*e = inner;
		return inner.kind == ERR_NOT_FOUND ? no_owner(e) : ERR;
	}
	struct stmt *st = db_prepare(db,
		"SELECT COALESCE(owner_org_id, 0), published, slug FROM plan WHERE id = :plan");
	stmt_bind_int(st, ":plan", out->plan);
	int rc = stmt_step(st, e);
	int64_t council = 0;
	if (rc == DB_ROW) {
		council = col_int(st, 0);
		out->target.published = col_int(st, 1) != 0;
		out->plan_slug = arena_strdup(a, col_text(st, 2));
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return no_owner(e);
	if (rc != DB_ROW)
		return ERR;
	out->edit = ACT_EDIT_PLAN;
	return perm_load_owner(db, a, council, &out->target, e);
}

/* An organisation, as the organisation pages decide: edited by the
 * editors of the council keeping it or of itself (ACT_EDIT_ORG); read
 * wherever it is visible, which stands for "published" in the target. */
static int org_owner(struct db *db, const struct actor *who, int64_t id,
		     struct document_owner *out, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT COALESCE(o.owner_org_id, 0), " ORG_VISIBLE("o") " FROM org o WHERE o.id = :id");
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":user", who->user_id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		out->target.owner_id = col_int(st, 0);
		out->target.published = col_int(st, 1) != 0;
	}
	stmt_finish(st);
	if (rc == DB_DONE)
		return no_owner(e);
	if (rc != DB_ROW)
		return ERR;
	out->target.org_id = id;
	out->edit = ACT_EDIT_ORG;
	return OK;
}

/* A programme, project, meeting or indicator (model/record.h). */
static int record_owner(struct db *db, enum node_kind k, int64_t id, struct document_owner *out,
			struct err *e)
{
	struct record_access acc;
	struct err inner = ERR_INIT;
	if (record_access_of(db, k, id, &acc, &inner) != OK) {
		*e = inner;
		return inner.kind == ERR_NOT_FOUND ? no_owner(e) : ERR;
	}
	out->target = acc.target;
	out->edit = acc.edit;
	return OK;
}

int document_owner_access(struct db *db, struct arena *a, const struct actor *who,
			  const char *owner_kind, int64_t owner_id,
			  struct document_owner *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	enum node_kind k;
	if (!owner_kind_of(owner_kind, &k) || owner_id <= 0)
		return no_owner(e);
	if (k == NODE_ORG)
		return org_owner(db, who, owner_id, out, e);
	if (record_root_kind(k)) /* public; its council's editors change it */
		return record_owner(db, k, owner_id, out, e);
	return plan_node_owner(db, a, k, owner_id, out, e);
}

/* --- the store --- */

struct document_upload {
	int fd;
	char *store;    /* the store folder */
	char *tmp_path; /* the temp file; NULL once renamed into the store */
	uint64_t size;
	crypto_hash_sha256_state hash;
};

static int disk_error(struct err *e, const char *what, const char *path)
{
	return err_set(e, ERR_INTERNAL, "file", "%s %s: %s", what, path, strerror(errno));
}

/* Makes folder path unless it is there. */
static int make_dir(const char *path, struct err *e)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		return disk_error(e, "cannot make the folder", path);
	return OK;
}

/* Flushes folder path, so a rename in it survives a crash. */
static void sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

const char *document_path(struct arena *a, const char *store, const char *sha256)
{
	return arena_printf(a, "%s/%.2s/%s", store, sha256, sha256 + 2);
}

int document_upload_begin(const char *store, struct document_upload **out, struct err *e)
{
	*out = NULL;
	if (secret_init(e) != OK)
		return ERR;
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s/tmp", store);
	if (make_dir(store, e) != OK || make_dir(tmp.data, e) != OK) {
		buf_release(&tmp);
		return ERR;
	}
	buf_adds(&tmp, "/upload-XXXXXX");
	int fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		disk_error(e, "cannot make a temp file in", store);
		buf_release(&tmp);
		return ERR;
	}
	struct document_upload *u = xcalloc(1, sizeof *u);
	u->fd = fd;
	u->store = xstrdup(store);
	u->tmp_path = buf_detach(&tmp, NULL);
	crypto_hash_sha256_init(&u->hash);
	*out = u;
	return OK;
}

int document_upload_write(struct document_upload *u, const void *data, size_t n,
			  struct err *e)
{
	const char *p = data;
	crypto_hash_sha256_update(&u->hash, data, n);
	u->size += n;
	while (n) {
		ssize_t w = write(u->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return disk_error(e, "cannot write", u->tmp_path);
		p += w;
		n -= (size_t)w;
	}
	return OK;
}

uint64_t document_upload_size(const struct document_upload *u)
{
	return u->size;
}

int document_upload_read(const struct document_upload *u, struct arena *a, size_t max,
			 const char **data, size_t *n, struct err *e)
{
	if (u->size > max)
		return err_set(e, ERR_INPUT, "file", _("The file is too big (at most %zu MB)."),
			       max >> 20);
	char *bytes = arena_alloc(a, (size_t)u->size + 1);
	size_t at = 0;
	while (at < u->size) {
		ssize_t r = pread(u->fd, bytes + at, (size_t)u->size - at, (off_t)at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return disk_error(e, "cannot read", u->tmp_path ? u->tmp_path : "upload");
		at += (size_t)r;
	}
	*data = bytes;
	*n = at;
	return OK;
}

void document_upload_free(struct document_upload *u)
{
	if (!u)
		return;
	close(u->fd);
	if (u->tmp_path)
		unlink(u->tmp_path);
	free(u->tmp_path);
	free(u->store);
	free(u);
}

static long fd_read(void *cls, uint64_t off, void *buf, size_t n)
{
	const int *fd = cls;
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(*fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

/* Puts the upload's bytes at path: renamed there, unless the same bytes
 * are there already. *placed tells whether this call put them there. */
static int place(struct document_upload *u, const char *path, const char *hex, bool *placed,
		 struct err *e)
{
	*placed = false;
	struct stat st;
	if (stat(path, &st) == 0 && (uint64_t)st.st_size == u->size)
		return OK; /* stored once: the same hash is the same bytes */
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/%.2s", u->store, hex);
	if (make_dir(dir, e) != OK)
		return ERR;
	if (fsync(u->fd) != 0)
		return disk_error(e, "cannot write", u->tmp_path);
	if (rename(u->tmp_path, path) != 0)
		return disk_error(e, "cannot store", path);
	free(u->tmp_path);
	u->tmp_path = NULL;
	*placed = true;
	sync_dir(dir);
	return OK;
}

/* Removes the stored bytes of sha256 unless a row still uses them; under
 * the write lock, so no upload of the same bytes runs meanwhile. */
static int remove_if_unused(struct db *db, const char *store, const char *sha256,
			    struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	struct stmt *st = db_prepare(db, "SELECT COUNT(*) FROM document WHERE sha256 = :sha");
	stmt_bind_text(st, ":sha", sha256);
	int rc = stmt_step(st, e);
	int64_t users = rc == DB_ROW ? col_int(st, 0) : -1;
	stmt_finish(st);
	if (users == 0) {
		struct arena a = ARENA_INIT;
		const char *path = document_path(&a, store, sha256);
		if (unlink(path) != 0 && errno != ENOENT)
			log_event(LOG_WARN, "document_remove_failed", "path", path, "error",
				  strerror(errno), (char *)0);
		arena_release(&a);
	}
	db_rollback(db); /* nothing was written: only the lock was wanted */
	return rc == DB_ROW ? OK : ERR;
}

/* --- names and titles --- */

/* Characters never kept in a name: controls (C0, DEL, C1) and the
 * direction overrides that can make "fdp.exe" look like "exe.pdf". */
static bool unwanted(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

const char *document_clean_name(struct arena *a, const char *raw, const struct doctype *type)
{
	const char *base = raw ? raw : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	struct buf b = BUF_INIT;
	size_t n = strlen(base);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(base + i, n - i, &cp);
		if (!len) {
			i++; /* an invalid byte is dropped */
			continue;
		}
		bool leading = b.len == 0 && (cp == '.' || utf8_is_space_cp(cp));
		if (!unwanted(cp) && !leading) {
			if (b.len + len > DOCUMENT_NAME_MAX)
				break;
			buf_add(&b, base + i, len);
		}
		i += len;
	}
	buf_rtrim(&b, " .");
	const char *out = b.len ? arena_strdup(a, b.data)
				: arena_printf(a, "document%s", type ? type->extension : "");
	buf_release(&b);
	return out;
}

/* The title as stored: NULL when blank; ERR_INPUT when it is not text. */
static int clean_title(struct arena *a, const char *title, const char **out, struct err *e)
{
	*out = NULL;
	if (!title)
		return OK;
	size_t n = strlen(title);
	while (n && strchr(" \t\r\n", title[n - 1]))
		n--;
	while (n && strchr(" \t\r\n", *title))
		title++, n--;
	if (!n)
		return OK;
	if (!utf8_valid(title, n) || n > DOCUMENT_TITLE_MAX)
		return err_set(e, ERR_INPUT, "title",
			       _("The title must be text of at most %d bytes."), DOCUMENT_TITLE_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)title[i] < 0x20)
			return err_set(e, ERR_INPUT, "title",
				       _("The text has a control character; remove it."));
	*out = arena_strndup(a, title, n);
	return OK;
}

/* --- changes --- */

/* The row and its history row, inside the caller's transaction. */
static int insert_row(struct db *db, const struct document *d, const struct document_owner *o,
		      const char *actor, int64_t *id, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"INSERT INTO document (owner_kind, owner_id, name, title, media_type, size,"
		" sha256, uploaded_by, created_at)"
		" VALUES (:kind, :owner, :name, :title, :type, :size, :sha, :by, :now) RETURNING id");
	stmt_bind_text(st, ":kind", d->owner_kind);
	stmt_bind_int(st, ":owner", d->owner_id);
	stmt_bind_text(st, ":name", d->name);
	stmt_bind_text_or_null(st, ":title", d->title);
	stmt_bind_text(st, ":type", d->media_type);
	stmt_bind_int(st, ":size", d->size);
	stmt_bind_text(st, ":sha", d->sha256);
	stmt_bind_text_or_null(st, ":by", actor);
	stmt_bind_text(st, ":now", now);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	if (rc != DB_ROW)
		return ERR;
	/* One history row names it, as a new node's does. */
	if (audit_field_in_tx(db, actor, "document.create", "document", *id, o->plan, NULL, NULL,
			      d->name, e) != OK)
		return ERR;
	return node_touch_plan_in_tx(db, o->plan, e);
}

int document_add(struct db *db, const char *store, struct document_upload *u,
		 const char *owner_kind, int64_t owner_id,
		 const struct document_owner *owner, const char *name,
		 const char *title, const char *actor, int64_t *id, struct err *e)
{
	if (!u || !u->tmp_path || u->size == 0)
		return err_set(e, ERR_INPUT, "file", _("The file is empty: choose a file to attach."));
	const struct doctype *type;
	struct doctype_source src = {u->size, fd_read, &u->fd};
	if (doctype_sniff(&src, &type, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	struct document d = {.owner_kind = owner_kind, .owner_id = owner_id,
			     .media_type = type->media_type, .size = (int64_t)u->size};
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[SHA256_HEX + 1];
	crypto_hash_sha256_final(&u->hash, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	d.sha256 = hex;
	d.name = document_clean_name(&a, name, type);
	bool placed = false;
	int rc = ERR;
	if (clean_title(&a, title, &d.title, e) != OK || db_begin(db, e) != OK)
		goto done;
	/* The file is placed while the write lock is held (see document.h). */
	if (insert_row(db, &d, owner, actor, id, e) != OK ||
	    place(u, document_path(&a, store, hex), hex, &placed, e) != OK) {
		if (placed)
			unlink(document_path(&a, store, hex));
		db_rollback(db);
		goto done;
	}
	rc = db_commit(db, e);
	if (rc != OK && placed) {
		struct err ignore = ERR_INIT;
		remove_if_unused(db, store, hex, &ignore);
	}
done:
	arena_release(&a);
	return rc;
}

int document_delete(struct db *db, const char *store, int64_t id,
		    const struct document_owner *owner, const char *actor, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct document d;
	int rc = ERR;
	if (db_begin(db, e) != OK)
		goto done;
	if (document_get(db, &a, id, &d, e) != OK)
		goto fail;
	struct stmt *st = db_prepare(db, "DELETE FROM document WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	if (stmt_run(st, e) != OK ||
	    audit_field_in_tx(db, actor, "document.delete", "document", id, owner->plan, "name",
			      d.name, NULL, e) != OK ||
	    node_touch_plan_in_tx(db, owner->plan, e) != OK)
		goto fail;
	if (db_commit(db, e) != OK)
		goto done;
	rc = remove_if_unused(db, store, d.sha256, e);
	goto done;
fail:
	db_rollback(db);
done:
	arena_release(&a);
	return rc;
}

/* --- reading --- */

#define DOCUMENT_COLUMNS \
	"SELECT id, version, owner_kind, owner_id, name, title, media_type, size, sha256," \
	" uploaded_by, created_at FROM document"

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void read_row(struct stmt *st, struct arena *a, struct document *d)
{
	d->id = col_int(st, 0);
	d->version = col_int(st, 1);
	d->owner_kind = arena_strdup(a, col_text(st, 2));
	d->owner_id = col_int(st, 3);
	d->name = arena_strdup(a, col_text(st, 4));
	d->title = dup_or_null(a, col_text(st, 5));
	d->media_type = arena_strdup(a, col_text(st, 6));
	d->size = col_int(st, 7);
	d->sha256 = arena_strdup(a, col_text(st, 8));
	d->uploaded_by = dup_or_null(a, col_text(st, 9));
	d->created_at = arena_strdup(a, col_text(st, 10));
}

int document_get(struct db *db, struct arena *a, int64_t id, struct document *out,
		 struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db, DOCUMENT_COLUMNS " WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		read_row(st, a, out);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("There is no such document."));
	return rc == DB_ROW ? OK : ERR;
}

int document_list_of(struct db *db, struct arena *a, const char *owner_kind,
		     int64_t owner_id, document_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_prepare(db, DOCUMENT_COLUMNS
		" WHERE owner_kind = :kind AND owner_id = :owner ORDER BY created_at DESC, id DESC");
	stmt_bind_text(st, ":kind", owner_kind);
	stmt_bind_int(st, ":owner", owner_id);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		read_row(st, a, ARENA_PUSH(a, *out));
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int document_open(const char *store, const char *sha256, int *fd, uint64_t *size,
		  struct err *e)
{
	struct arena a = ARENA_INIT;
	const char *path = document_path(&a, store, sha256);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int rc = OK;
	if (*fd < 0 || fstat(*fd, &st) != 0) {
		rc = errno == ENOENT ? err_set(e, ERR_NOT_FOUND, NULL, _("There is no such document."))
				     : disk_error(e, "cannot read", path);
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	} else {
		*size = (uint64_t)st.st_size;
	}
	arena_release(&a);
	return rc;
}
