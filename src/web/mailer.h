/*
 * mailer: the server's mail worker. A thread of its own, with its own
 * database connection, that every few seconds queues the reporting
 * reminders that are due (formats/mail.h) and delivers what the outbox
 * holds (model/outbox.h) over SMTP (base/smtp.h): never in a request, and
 * what it could not deliver stays queued for a later try, across restarts.
 */
#ifndef SAMSPEL_WEB_MAILER_H
#define SAMSPEL_WEB_MAILER_H

#include "base/smtp.h"
#include "formats/mail.h"

struct err;

struct mailer_config {
	const char *db_path;
	struct smtp_config smtp;
	struct mail_settings mail;
	int remind_every;     /* seconds between looks for due reminders */
};

/* Starts the worker (it copies nothing: c must outlive it). */
int mailer_start(const struct mailer_config *c, struct err *e);
/* Stops it and waits for it (a delivery under way finishes first). */
void mailer_stop(void);

#endif
