/* mailer.c: the server's mail worker (see mailer.h). */
#include "web/mailer.h"
#include "model/outbox.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "db/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAILER_TICK 2       /* seconds between looks at the outbox */
#define BATCH 20            /* mails per look */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, running;
	const struct mailer_config *c;
} w = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void deliver(struct db *db)
{
	char now[CLOCK_ISO_LEN + 1];
	struct arena a = ARENA_INIT;
	struct err e = ERR_INIT;
	outbox_list due;
	clock_iso_now(0, now);
	if (outbox_due(db, &a, now, BATCH, &due, &e) != OK) {
		log_event(LOG_ERROR, "mail_outbox", "message", e.msg, (char *)0);
		arena_release(&a);
		return;
	}
	for (size_t i = 0; i < due.count; i++) {
		const struct outbox_mail *m = &due.items[i];
		struct err se = ERR_INIT;
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)m->id);
		struct buf whole = BUF_INIT; /* the server's From, then the message */
		buf_addf(&whole, "From: %s\r\n%s", w.c->mail.from, m->message);
		int sent = smtp_send(&w.c->smtp, m->to_addr, whole.data, whole.len, &se);
		buf_release(&whole);
		if (sent == OK) {
			clock_iso_now(0, now);
			if (outbox_sent(db, m->id, now, &e) != OK)
				log_event(LOG_ERROR, "mail_mark", "id", id, "message", e.msg, (char *)0);
			else
				log_event(LOG_INFO, "mail_sent", "id", id, (char *)0);
		} else {
			log_event(LOG_WARN, "mail_retry", "id", id, "message", se.msg, (char *)0);
			if (outbox_retry(db, m->id, m->attempts, se.msg, &e) != OK)
				log_event(LOG_ERROR, "mail_mark", "id", id, "message", e.msg, (char *)0);
		}
	}
	arena_release(&a);
}

static void remind(struct db *db)
{
	char today[11];
	size_t queued = 0;
	struct err e = ERR_INIT;
	clock_today(today);
	if (mail_queue_reminders(db, &w.c->mail, today, &queued, &e) != OK) {
		log_event(LOG_ERROR, "mail_reminders", "message", e.msg, (char *)0);
	} else if (queued) {
		char n[24];
		snprintf(n, sizeof n, "%zu", queued);
		log_event(LOG_INFO, "mail_reminders", "queued", n, (char *)0);
	}
	if (mail_queue_digests(db, &w.c->mail, today, &queued, &e) != OK) {
		log_event(LOG_ERROR, "mail_digests", "message", e.msg, (char *)0);
	} else if (queued) {
		char n[24];
		snprintf(n, sizeof n, "%zu", queued);
		log_event(LOG_INFO, "mail_digests", "queued", n, (char *)0);
	}
}

static void *run(void *arg)
{
	(void)arg;
	struct db *db;
	struct err e = ERR_INIT;
	if (db_open(w.c->db_path, 0, &db, &e) != OK) {
		log_event(LOG_ERROR, "mailer", "message", e.msg, (char *)0);
		return NULL;
	}
	time_t last_reminders = 0;
	pthread_mutex_lock(&w.lock);
	while (!w.stopping) {
		pthread_mutex_unlock(&w.lock);
		time_t now = time(NULL);
		if (now - last_reminders >= w.c->remind_every) {
			remind(db);
			last_reminders = now;
		}
		deliver(db);
		pthread_mutex_lock(&w.lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MAILER_TICK;
		if (!w.stopping)
			pthread_cond_timedwait(&w.wake, &w.lock, &until);
	}
	pthread_mutex_unlock(&w.lock);
	db_close(db);
	return NULL;
}

int mailer_start(const struct mailer_config *c, struct err *e)
{
	w.c = c;
	w.stopping = false;
	if (pthread_create(&w.thread, NULL, run, NULL) != 0)
		return err_set(e, ERR_INTERNAL, "thread", "cannot start the mail worker: %s",
			       strerror(errno));
	w.running = true;
	return OK;
}

void mailer_stop(void)
{
	if (!w.running)
		return;
	pthread_mutex_lock(&w.lock);
	w.stopping = true;
	pthread_cond_signal(&w.wake);
	pthread_mutex_unlock(&w.lock);
	pthread_join(w.thread, NULL);
	w.running = false;
}
