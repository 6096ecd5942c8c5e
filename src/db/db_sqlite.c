/*
 * db_sqlite.c: the db interface over SQLite 3 (see db.h). Connections are in
 * multi-thread mode (one thread at a time each), WAL journal so readers never
 * block the writer, synchronous=FULL so a committed change survives a power
 * cut, foreign keys enforced, and a busy timeout so two writers queue.
 */
#include "db/db.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256
#define TEXT_SLOTS 64 /* statements of SQL built at run time, by text */

struct stmt {
	sqlite3_stmt *st;
	struct db *db;
	const char *sql;  /* the key: the caller's literal, or own_sql */
	char *own_sql;    /* a copy of run-time SQL text (db_prepare_once) */
	bool cached;      /* lives in db->cache (else freed by finish) */
	bool in_use;      /* handed out and not yet finished */
	int error;        /* a prepare or bind failure, reported at step */
	char error_msg[160];
};

struct db {
	sqlite3 *conn;
	struct stmt *cache[CACHE_SLOTS];
	struct stmt *texts[TEXT_SLOTS]; /* keyed by text, see db_prepare_once */
};

static int sql_fail(struct db *db, struct err *e, int rc, const char *what)
{
	enum err_kind kind = ERR_INTERNAL;
	const char *msg = db && db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		kind = ERR_CONFLICT;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return err_set(e, ERR_INTERNAL, NULL,
			       _("The database is busy; try again in a moment."));
	log_event(LOG_ERROR, "db_error", "what", what, "message", msg, (char *)0);
	if (kind == ERR_CONFLICT)
		return err_set(e, kind, NULL, _("The change conflicts with data already stored: %s"), msg);
	return err_set(e, kind, NULL, _("Database error: %s"), msg);
}

/* SAMSPEL_SQL_TRACE=1: every statement run, with its values, on standard
 * error, one a line ("sql: ..."): what bench/write-sqlite replays to compare
 * a report's write with SQLite alone. */
static int trace_statement(unsigned type, void *ctx, void *stmt, void *sql)
{
	(void)type, (void)ctx, (void)sql;
	char *text = sqlite3_expanded_sql(stmt);
	if (text) {
		for (char *p = text; *p; p++)
			if (*p == '\n')
				*p = ' ';
		fprintf(stderr, "sql: %s\n", text);
		sqlite3_free(text);
	}
	return 0;
}

int db_open(const char *path, unsigned flags, struct db **out, struct err *e)
{
	*out = NULL;
	struct db *db = xcalloc(1, sizeof *db);
	int oflags = SQLITE_OPEN_NOMUTEX;
	oflags |= (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &db->conn, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!(flags & DB_CREATE) && rc == SQLITE_CANTOPEN)
			err_set(e, ERR_INPUT, "db",
				_("Cannot open the database %s: no such file (run \"samspel migrate --db %s\" to create it)"),
				path, path);
		else
			err_set(e, ERR_INTERNAL, "db", _("Cannot open the database %s: %s"),
				path, db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		sqlite3_close(db->conn);
		free(db);
		return ERR;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, 5000);
	const char *trace = getenv("SAMSPEL_SQL_TRACE");
	if (trace && *trace == '1')
		sqlite3_trace_v2(db->conn, SQLITE_TRACE_STMT, trace_statement, NULL);
	const char *pragmas = (flags & DB_READONLY)
		? "PRAGMA foreign_keys = ON;"
		: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		  "PRAGMA foreign_keys = ON;";
	if (db_exec(db, pragmas, e) != OK) {
		db_close(db);
		return ERR;
	}
	*out = db;
	return OK;
}

static void stmt_free(struct stmt *s)
{
	sqlite3_finalize(s->st);
	free(s->own_sql);
	free(s);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i])
			stmt_free(db->cache[i]);
	for (int i = 0; i < TEXT_SLOTS; i++)
		if (db->texts[i])
			stmt_free(db->texts[i]);
	sqlite3_close(db->conn);
	free(db);
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_event(LOG_ERROR, "db_error", "what", "exec", "message",
			  msg ? msg : sqlite3_errstr(rc), (char *)0);
		err_set(e, (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_INTERNAL,
			NULL, _("Database error: %s"), msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return ERR;
	}
	return OK;
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) % CACHE_SLOTS;
}

static struct stmt *new_stmt(struct db *db, const char *sql, bool cached)
{
	struct stmt *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->sql = sql;
	s->cached = cached;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1,
				    cached ? SQLITE_PREPARE_PERSISTENT : 0, &s->st, NULL);
	if (rc != SQLITE_OK) {
		s->error = rc;
		snprintf(s->error_msg, sizeof s->error_msg, "prepare: %s",
			 sqlite3_errmsg(db->conn));
		sqlite3_finalize(s->st);
		s->st = NULL;
	}
	return s;
}

struct stmt *db_prepare(struct db *db, const char *sql)
{
	size_t slot = slot_of(sql);
	for (size_t i = 0; i < 8; i++) {
		struct stmt *s = db->cache[(slot + i) % CACHE_SLOTS];
		if (s && s->sql == sql && !s->in_use) {
			s->in_use = true;
			return s;
		}
	}
	for (size_t i = 0; i < 8; i++) {
		size_t k = (slot + i) % CACHE_SLOTS;
		if (!db->cache[k]) {
			struct stmt *s = new_stmt(db, sql, true);
			if (s->error) {
				s->cached = false;
			} else {
				db->cache[k] = s;
			}
			s->in_use = true;
			return s;
		}
	}
	struct stmt *s = new_stmt(db, sql, false); /* cache full or busy */
	s->in_use = true;
	return s;
}

/* Run-time SQL comes in few shapes (the columns of a patch, a list's
 * filters), and preparing one is costly: a report's INSERT compiles the
 * search index's triggers with it, a third of a report's CPU when it was
 * prepared every time. So it is kept by its text, in a few slots of the
 * connection; a full neighbourhood gives up its first idle statement. */
struct stmt *db_prepare_once(struct db *db, const char *sql)
{
	size_t slot = (size_t)(hash_bytes(sql, strlen(sql)) % TEXT_SLOTS);
	int idle = -1, empty = -1;
	for (size_t i = 0; i < 4; i++) {
		size_t k = (slot + i) % TEXT_SLOTS;
		struct stmt *s = db->texts[k];
		if (!s) {
			if (empty < 0)
				empty = (int)k;
		} else if (!s->in_use) {
			if (strcmp(s->sql, sql) == 0) {
				s->in_use = true;
				return s;
			}
			if (idle < 0)
				idle = (int)k;
		}
	}
	int k = empty >= 0 ? empty : idle;
	char *copy = xstrdup(sql);
	struct stmt *s = new_stmt(db, copy, k >= 0);
	s->own_sql = copy;
	if (k >= 0 && !s->error) {
		if (db->texts[k])
			stmt_free(db->texts[k]);
		db->texts[k] = s;
	} else {
		s->cached = false;
	}
	s->in_use = true;
	return s;
}

static int param_index(struct stmt *st, const char *name)
{
	if (st->error)
		return 0;
	int i = sqlite3_bind_parameter_index(st->st, name);
	if (i == 0) {
		st->error = SQLITE_RANGE;
		snprintf(st->error_msg, sizeof st->error_msg,
			 "no parameter %s in: %.100s", name, st->sql);
	}
	return i;
}

static void check_bind(struct stmt *st, int rc)
{
	if (rc != SQLITE_OK && !st->error) {
		st->error = rc;
		snprintf(st->error_msg, sizeof st->error_msg, "bind: %s",
			 sqlite3_errstr(rc));
	}
}

void stmt_bind_textn(struct stmt *st, const char *name, const char *value,
		     size_t len)
{
	int i = param_index(st, name);
	if (!i)
		return;
	if (!value)
		check_bind(st, sqlite3_bind_null(st->st, i));
	else
		check_bind(st, sqlite3_bind_text64(st->st, i, value, len,
						   SQLITE_TRANSIENT, SQLITE_UTF8));
}

void stmt_bind_text(struct stmt *st, const char *name, const char *value)
{
	stmt_bind_textn(st, name, value, value ? strlen(value) : 0);
}

void stmt_bind_text_or_null(struct stmt *st, const char *name, const char *value)
{
	stmt_bind_text(st, name, value && *value ? value : NULL);
}

void stmt_bind_int(struct stmt *st, const char *name, int64_t value)
{
	int i = param_index(st, name);
	if (i)
		check_bind(st, sqlite3_bind_int64(st->st, i, value));
}

void stmt_bind_null(struct stmt *st, const char *name)
{
	int i = param_index(st, name);
	if (i)
		check_bind(st, sqlite3_bind_null(st->st, i));
}

int stmt_step(struct stmt *st, struct err *e)
{
	if (st->error) {
		log_event(LOG_ERROR, "db_error", "what", st->error_msg, (char *)0);
		return err_set(e, ERR_INTERNAL, NULL, _("Database error: %s"),
			       st->error_msg);
	}
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	sql_fail(st->db, e, rc, st->sql);
	sqlite3_reset(st->st);
	return ERR;
}

int stmt_run(struct stmt *st, struct err *e)
{
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		;
	stmt_finish(st);
	return rc == DB_DONE ? OK : ERR;
}

void stmt_finish(struct stmt *st)
{
	if (!st)
		return;
	if (st->st) {
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
	}
	if (st->cached) {
		/* Only bind errors reach here (a failed prepare is never
		 * cached); the statement itself is sound. */
		st->error = 0;
		st->in_use = false;
		return;
	}
	stmt_free(st);
}

const char *col_text(struct stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

int64_t col_int(struct stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

bool col_null(struct stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->conn);
}

int db_begin(struct db *db, struct err *e)
{
	return db_exec(db, "BEGIN IMMEDIATE", e);
}

int db_commit(struct db *db, struct err *e)
{
	if (db_exec(db, "COMMIT", e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return OK;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

int db_backup(struct db *db, const char *path, struct err *e)
{
	sqlite3 *dest = NULL;
	int rc = sqlite3_open_v2(path, &dest,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_INPUT, "file", _("Cannot write the backup %s: %s"), path,
			dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
		sqlite3_close(dest);
		return ERR;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
	if (!b) {
		err_set(e, ERR_INPUT, "file", _("Cannot write the backup %s: %s"), path,
			sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return ERR;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		err_set(e, ERR_INTERNAL, "file", _("The backup failed: %s"),
			sqlite3_errstr(rc));
		sqlite3_close(dest);
		return ERR;
	}
	if (sqlite3_close(dest) != SQLITE_OK)
		return err_set(e, ERR_INTERNAL, "file", _("The backup failed: %s"),
			       path);
	return OK;
}
