/*
 * mail: e-mail as samspel writes it - a message (RFC 5322) with a plain
 * text and an HTML part (MIME multipart/alternative, UTF-8, base64), its
 * subject and the recipient's name encoded as RFC 2047 asks, a Message-ID
 * made from what the mail is (so it stays the same), List-Unsubscribe
 * where there is one - and the reporting reminders (model/round.h), each
 * queued once in the outbox (model/outbox.h) in the recipient's language.
 */
#ifndef SAMSPEL_FORMATS_MAIL_H
#define SAMSPEL_FORMATS_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct err;

struct mail {
	const char *key;      /* what it is: "reminder:before:3:7:12" */
	const char *to_addr, *to_name;
	const char *subject, *text, *html;
	const char *lang;     /* "nn", "nb", "en" */
	const char *unsubscribe; /* a URL, or NULL */
};

/* Appends m as a whole message with CRLF line ends to out, without a
 * From header (the sender adds its own). */
void mail_message(struct buf *out, const struct mail *m);

struct mail_settings {
	const char *from;     /* the From header */
	const char *base_url; /* "https://plan.example.no": links in mails */
	int remind_days;      /* remind this many days before a deadline */
};

/* Queues the reminders that are due today (one transaction): to every
 * reporter and editor with an address of an organisation with measures
 * not reported in an open round, when the deadline is at most
 * remind_days away, and again once it has passed. A reminder is queued
 * once (its key); *queued counts the new ones. */
int mail_queue_reminders(struct db *db, const struct mail_settings *s, const char *today,
			 size_t *queued, struct err *e);

/* Queues today's digest to every user who follows something that changed
 * since their last one (once a day each; one transaction each, with the
 * digest's place): the changes with links, and a one-click unsubscribe
 * link (List-Unsubscribe). *queued counts them. */
int mail_queue_digests(struct db *db, const struct mail_settings *s, const char *today,
		       size_t *queued, struct err *e);

/* A single-use link to choose a password (model/password_link.h) for
 * user u - purpose "invite" (a week) or "reset" (an hour) - queued as a
 * mail to u's address in u's language, inside the caller's transaction.
 * Links are under base_url. */
struct link_user;
int mail_password_link_in_tx(struct db *db, const char *base_url, const struct link_user *u,
			     const char *purpose, struct err *e);
/* The confirmation that email wants to follow the plan called slug
 * (title), with the link BASE/follow/confirm/TOKEN, in lang, inside the
 * caller's transaction. */
int mail_follow_confirm_in_tx(struct db *db, const char *base_url, const char *email,
			      const char *lang, const char *slug, const char *title,
			      const char *token, struct err *e);
/* The invitation of a user just added, for user_new.then (model/user.h):
 * ctx is base_url. */
int mail_invite_then(struct db *db, int64_t user, void *base_url, struct err *e);

#endif
