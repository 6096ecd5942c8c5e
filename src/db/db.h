/*
 * db: the one door to the database. A struct db is a connection used by one
 * thread at a time (the web server keeps one per worker thread). SQL lives in
 * src/db and src/model only, is always parameterised (bind by :name, never
 * by pasting text into SQL) and is kept portable: standard SQL plus
 * RETURNING, so a PostgreSQL backend can sit behind this same interface.
 *
 * A statement is prepared once per connection and cached by its SQL text's
 * address (callers pass string literals), then reused:
 *
 *	struct stmt *st = db_prepare(db, "SELECT id FROM plan WHERE slug = :slug");
 *	stmt_bind_text(st, ":slug", slug);
 *	while ((rc = stmt_step(st, e)) == DB_ROW)
 *		... col_int(st, 0) ...
 *	stmt_finish(st);
 *
 * Errors in prepare or bind are remembered and reported by stmt_step, so the
 * call sites stay short; stmt_finish must always be called.
 */
#ifndef SAMSPEL_DB_DB_H
#define SAMSPEL_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct db;
struct stmt;

#define DB_ROW 1
#define DB_DONE 0

enum db_open_flags {
	DB_CREATE = 1,   /* create the file if it does not exist */
	DB_READONLY = 2, /* open read-only */
};

/* Opens (and with DB_CREATE creates) the database at path (":memory:" for a
 * private in-memory one), with WAL, synchronous=FULL, foreign keys and a busy
 * timeout. The caller closes *out with db_close. */
int db_open(const char *path, unsigned flags, struct db **out, struct err *e);
void db_close(struct db *db);

/* Runs SQL text with no parameters (several statements allowed): migrations. */
int db_exec(struct db *db, const char *sql, struct err *e);

/* --- statements --- */

/* The cached statement for sql (a string literal), ready to bind. Never NULL;
 * a failed prepare is reported by stmt_step. */
struct stmt *db_prepare(struct db *db, const char *sql);
/* A statement for SQL text built at run time (from fixed table and column
 * names only, never from data): kept by its text (copied; sql stays the
 * caller's) in a small cache of the connection, so a shape is prepared
 * once; given back by stmt_finish, as db_prepare's. */
struct stmt *db_prepare_once(struct db *db, const char *sql);
void stmt_bind_text(struct stmt *st, const char *name, const char *value);
void stmt_bind_textn(struct stmt *st, const char *name, const char *value,
		     size_t len);
void stmt_bind_int(struct stmt *st, const char *name, int64_t value);
void stmt_bind_null(struct stmt *st, const char *name);
/* Binds value, or NULL when value is NULL or "". */
void stmt_bind_text_or_null(struct stmt *st, const char *name,
			    const char *value);
/* DB_ROW when a row is ready, DB_DONE at the end, ERR (with e) on failure. */
int stmt_step(struct stmt *st, struct err *e);
/* Steps to the end (for INSERT/UPDATE/DELETE), then finishes st. */
int stmt_run(struct stmt *st, struct err *e);
/* Resets st, clears its bindings and gives it back to the cache. */
void stmt_finish(struct stmt *st);

/* Column values of the current row; text is NULL for SQL NULL and stays valid
 * until the next step or finish. */
const char *col_text(struct stmt *st, int col);
int64_t col_int(struct stmt *st, int col);
bool col_null(struct stmt *st, int col);

/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);

/* --- transactions: every write is one --- */

/* Starts a write transaction (taking the write lock at once). */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* Rolls back if a transaction is open; safe to call when none is. */
void db_rollback(struct db *db);

/* --- whole-database operations --- */

/* Brings the schema up to the newest embedded migration, each migration in
 * its own transaction. *applied (may be NULL) gets how many were applied. */
int db_migrate(struct db *db, int *applied, struct err *e);
/* The number of the newest applied migration (0 for an empty database). */
int db_schema_version(struct db *db, struct err *e);
/* Writes a consistent copy of the live database to path (online backup). */
int db_backup(struct db *db, const char *path, struct err *e);

#endif
