/* outbox.c: mail waiting to be sent (see outbox.h). */
#include "model/outbox.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "db/db.h"

#include <string.h>

int outbox_add_in_tx(struct db *db, const char *dedupe, const char *to_addr,
		     const char *to_name, const char *subject, const char *message,
		     bool *queued, struct err *e)
{
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"INSERT INTO outbox (dedupe, to_addr, to_name, subject, message, created_at, next_try_at)"
		" VALUES (:dedupe, :to, :name, :subject, :message, :now, :now)"
		" ON CONFLICT (dedupe) DO NOTHING");
	stmt_bind_text(st, ":dedupe", dedupe);
	stmt_bind_text(st, ":to", to_addr);
	stmt_bind_text_or_null(st, ":name", to_name);
	stmt_bind_text(st, ":subject", subject);
	stmt_bind_text(st, ":message", message);
	stmt_bind_text(st, ":now", now);
	if (stmt_run(st, e) != OK)
		return ERR;
	*queued = db_changes(db) == 1;
	return OK;
}

int outbox_due(struct db *db, struct arena *a, const char *now, int limit, outbox_list *out,
	       struct err *e)
{
	struct stmt *st = db_prepare(db,
		"SELECT id, to_addr, message, attempts FROM outbox"
		" WHERE state = 'queued' AND next_try_at <= :now ORDER BY next_try_at, id LIMIT :n");
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":n", limit);
	memset(out, 0, sizeof *out);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct outbox_mail *m = ARENA_PUSH(a, *out);
		m->id = col_int(st, 0);
		m->to_addr = arena_strdup(a, col_text(st, 1));
		m->message = arena_strdup(a, col_text(st, 2));
		m->attempts = (int)col_int(st, 3);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int outbox_sent(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1,"
		" last_error = NULL WHERE id = :id AND state = 'queued'");
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":id", id);
	return stmt_run(st, e);
}

int outbox_retry(struct db *db, int64_t id, int attempts, const char *error, struct err *e)
{
	char next[CLOCK_ISO_LEN + 1];
	clock_iso_now(10L << (attempts < 10 ? attempts : 10), next);
	struct stmt *st = db_prepare(db,
		"UPDATE outbox SET attempts = attempts + 1, last_error = :error, next_try_at = :next,"
		" state = CASE WHEN attempts + 1 >= :tries THEN 'failed' ELSE 'queued' END"
		" WHERE id = :id AND state = 'queued'");
	stmt_bind_text(st, ":error", error);
	stmt_bind_text(st, ":next", next);
	stmt_bind_int(st, ":tries", OUTBOX_TRIES);
	stmt_bind_int(st, ":id", id);
	return stmt_run(st, e);
}
