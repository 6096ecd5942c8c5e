/*
 * smtp: delivers one message over SMTP with libcurl: STARTTLS when the
 * server offers it (smtp://), TLS from the start with smtps://, and
 * authentication when a user is given. The password is never logged.
 */
#ifndef SAMSPEL_BASE_SMTP_H
#define SAMSPEL_BASE_SMTP_H

#include <stddef.h>

struct err;

struct smtp_config {
	const char *url;      /* "smtp://host:port" or "smtps://host:port" */
	const char *from;     /* the envelope sender */
	const char *user;     /* NULL: no authentication */
	const char *password;
};

/* Sends message (CRLF lines, headers included) to one recipient. ERR with
 * the server's or the network's reason. */
int smtp_send(const struct smtp_config *c, const char *to, const char *message, size_t len,
	      struct err *e);

#endif
