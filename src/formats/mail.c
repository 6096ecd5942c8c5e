/*
 * mail.c: e-mail messages (RFC 5322 and MIME) and the reporting reminders
 * queued in the outbox (see mail.h).
 */
#include "formats/mail.h"
#include "model/outbox.h"
#include "model/follow.h"
#include "model/node.h"
#include "model/password_link.h"
#include "model/round.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Appends data as base64 in lines of 76 (RFC 2045). */
static void base64_lines(struct buf *out, const char *data, size_t len)
{
	for (size_t at = 0; at < len; at += 57) {
		size_t n = len - at < 57 ? len - at : 57;
		char line[80];
		sodium_bin2base64(line, sizeof line, (const unsigned char *)data + at, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_adds(out, line);
		buf_adds(out, "\r\n");
	}
}

/* A header value as RFC 2047 encoded words when it is not plain ASCII. */
static void header_text(struct buf *out, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		ascii &= (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
	if (ascii) {
		buf_adds(out, s);
		return;
	}
	/* Encoded words of at most 45 bytes of text each, cut between
	 * characters. */
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		size_t n = len - at < 45 ? len - at : 45;
		while (at + n < len && ((unsigned char)s[at + n] & 0xC0) == 0x80)
			n--;
		char word[80];
		sodium_bin2base64(word, sizeof word, (const unsigned char *)s + at, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_addf(out, "%s=?UTF-8?B?%s?=", at ? "\r\n " : "", word);
		at += n;
	}
}

/* The text with & < > " escaped, for the HTML part. */
static void html_escaped(struct buf *out, const char *s)
{
	buf_add_html(out, s, strlen(s));
}

void mail_message(struct buf *out, const struct mail *m)
{
	char date[64], boundary[40], id[40];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	uint64_t h = hash_fnv1a(m->key, strlen(m->key));
	snprintf(boundary, sizeof boundary, "samspel-%016llx", (unsigned long long)h);
	snprintf(id, sizeof id, "%016llx", (unsigned long long)h);
	/* No From: the sender puts its own (the server's --mail-from) on
	 * every mail it delivers, so what is queued does not depend on it. */
	buf_addf(out, "Date: %s\r\nTo: ", date);
	if (m->to_name && *m->to_name) {
		header_text(out, m->to_name);
		buf_addf(out, " <%s>\r\n", m->to_addr);
	} else {
		buf_addf(out, "%s\r\n", m->to_addr);
	}
	buf_adds(out, "Subject: ");
	header_text(out, m->subject);
	/* The same mail keeps its Message-ID: a second delivery of it is
	 * recognisably the same. */
	buf_addf(out, "\r\nMessage-ID: <%s@samspel>\r\nContent-Language: %s\r\n", id, m->lang);
	if (m->unsubscribe && *m->unsubscribe) /* one click, RFC 8058 */
		buf_addf(out, "List-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
			 m->unsubscribe);
	buf_addf(out, "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"%s\"\r\n"
		      "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n\r\n",
		 boundary, boundary);
	base64_lines(out, m->text, strlen(m->text));
	buf_addf(out, "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n\r\n",
		 boundary);
	base64_lines(out, m->html, strlen(m->html));
	buf_addf(out, "--%s--\r\n", boundary);
}

/* The whole message of m queued in the outbox under m->key, inside the
 * caller's transaction; *added says whether it was new. */
static int queue_in_tx(struct db *db, const struct mail *m, bool *added, struct err *e)
{
	struct buf msg = BUF_INIT;
	mail_message(&msg, m);
	int rc = outbox_add_in_tx(db, m->key, m->to_addr, m->to_name, m->subject, msg.data, added, e);
	buf_release(&msg);
	return rc;
}

/* --- reminders --- */

/* "2026-12-26" -> "26.12.2026" */
static void day(char out[16], const char *iso)
{
	int y, mo, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3)
		snprintf(out, 16, "%d.%d.%d", d, mo, y);
	else
		snprintf(out, 16, "%s", iso);
}

/* One reminder: rows[from, to) are one user's measures of one round and
 * organisation. */
static int queue_one(struct db *db, const struct mail_settings *s, const reminder_row_list *rows,
		     size_t from, size_t to, size_t *queued, struct err *e)
{
	const struct reminder_row *r = &rows->items[from];
	struct arena a = ARENA_INIT;
	enum lang lang, before = i18n_lang();
	if (i18n_parse(r->lang, &lang) == OK)
		i18n_set_lang(lang);
	char deadline[16], key[128];
	day(deadline, r->deadline);
	snprintf(key, sizeof key, "reminder:%s:%lld:%lld:%lld", r->late ? "late" : "before",
		 (long long)r->round_id, (long long)r->org_id, (long long)r->user_id);
	struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT;
	buf_addf(&subject, r->late ? _("Late: report on \"%s\" (deadline %s)")
				   : _("Reminder: report on \"%s\" by %s"),
		 r->round, deadline);
	buf_addf(&text, _("Hello %s,"), r->user);
	buf_adds(&text, "\n\n");
	buf_addf(&text, _("%s has measures in the reporting round \"%s\" of %s without a status report. The deadline is %s."),
		 r->org, r->round, r->plan_title, deadline);
	buf_adds(&text, "\n\n");
	buf_adds(&html, "<p>");
	html_escaped(&html, text.data);
	buf_adds(&html, "</p><ul>");
	for (size_t i = from; i < to; i++) {
		const struct reminder_row *m = &rows->items[i];
		/* A measure's text on one line of the list. */
		char *one = arena_strdup(&a, m->measure);
		for (char *c = one; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		buf_addf(&text, "- %s\n  %s/measure/%lld\n", one, s->base_url, (long long)m->measure_id);
		buf_addf(&html, "<li><a href=\"%s/measure/%lld\">", s->base_url, (long long)m->measure_id);
		html_escaped(&html, m->measure);
		buf_adds(&html, "</a></li>");
	}
	buf_adds(&html, "</ul>");
	buf_adds(&text, "\n");
	buf_addf(&text, _("The round: %s/round/%lld"), s->base_url, (long long)r->round_id);
	buf_adds(&text, "\n");
	buf_addf(&html, "<p><a href=\"%s/round/%lld\">", s->base_url, (long long)r->round_id);
	html_escaped(&html, r->round);
	buf_adds(&html, "</a></p>");
	struct mail m = {key, r->email, r->user, subject.data, text.data, html.data,
			 i18n_code(i18n_lang()), NULL};
	bool added = false;
	int rc = queue_in_tx(db, &m, &added, e);
	*queued += added;
	buf_release(&subject);
	buf_release(&text);
	buf_release(&html);
	arena_release(&a);
	i18n_set_lang(before);
	return rc;
}

int mail_queue_reminders(struct db *db, const struct mail_settings *s, const char *today,
			 size_t *queued, struct err *e)
{
	struct arena a = ARENA_INIT;
	reminder_row_list rows;
	*queued = 0;
	int rc = round_reminder_rows(db, &a, today, s->remind_days, &rows, e);
	if (rc == OK && rows.count && (rc = db_begin(db, e)) == OK) {
		for (size_t from = 0; rc == OK && from < rows.count;) {
			size_t to = from + 1;
			const struct reminder_row *f = &rows.items[from];
			while (to < rows.count && rows.items[to].round_id == f->round_id &&
			       rows.items[to].org_id == f->org_id && rows.items[to].user_id == f->user_id)
				to++;
			rc = queue_one(db, s, &rows, from, to, queued, e);
			from = to;
		}
		rc = rc == OK ? db_commit(db, e) : (db_rollback(db), ERR);
	}
	arena_release(&a);
	return rc;
}

/* --- password links --- */

int mail_password_link_in_tx(struct db *db, const char *base_url, const struct link_user *u,
			     const char *purpose, struct err *e)
{
	char token[SECRET_TOKEN_LEN + 1], key[64];
	int64_t id;
	bool invite = strcmp(purpose, "invite") == 0;
	if (!u->email)
		return err_set(e, ERR_INPUT, "email", _("The user has no e-mail address."));
	if (password_link_new_in_tx(db, u->id, purpose,
				    invite ? PASSWORD_LINK_INVITE_TTL : PASSWORD_LINK_RESET_TTL, token,
				    &id, e) != OK)
		return ERR;
	enum lang lang, before = i18n_lang();
	if (i18n_parse(u->lang, &lang) == OK)
		i18n_set_lang(lang);
	snprintf(key, sizeof key, "password:%s:%lld", purpose, (long long)id);
	struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT, url = BUF_INIT;
	buf_addf(&url, "%s/password/%s", base_url, token);
	buf_adds(&subject, invite ? _("You are invited to samspel") : _("A new password for samspel"));
	buf_addf(&text, _("Hello %s,"), u->name);
	buf_adds(&text, "\n\n");
	buf_adds(&text, invite ? _("You have a user in samspel. Choose your password here (the link works for a week and once):")
			       : _("Someone asked for a new password for your user in samspel. Choose it here (the link works for an hour and once); if it was not you, do nothing:"));
	buf_adds(&html, "<p>");
	html_escaped(&html, text.data);
	buf_addf(&text, "\n\n%s\n\n", url.data);
	buf_addf(&text, _("Your user name: %s"), u->login);
	buf_adds(&text, "\n");
	buf_addf(&html, "</p><p><a href=\"%s\">%s</a></p><p>", url.data, url.data);
	char *login_line = NULL;
	if (asprintf(&login_line, _("Your user name: %s"), u->login) > 0) {
		html_escaped(&html, login_line);
		free(login_line);
	}
	buf_adds(&html, "</p>");
	struct mail m = {key, u->email, u->name, subject.data, text.data, html.data,
			 i18n_code(i18n_lang()), NULL};
	bool queued;
	int rc = queue_in_tx(db, &m, &queued, e);
	buf_release(&subject);
	buf_release(&text);
	buf_release(&html);
	buf_release(&url);
	i18n_set_lang(before);
	return rc;
}

int mail_follow_confirm_in_tx(struct db *db, const char *base_url, const char *email,
			      const char *lang, const char *slug, const char *title,
			      const char *token, struct err *e)
{
	enum lang l, before = i18n_lang();
	if (i18n_parse(lang, &l) == OK)
		i18n_set_lang(l);
	char key[96];
	snprintf(key, sizeof key, "follow-confirm:%.43s", token);
	struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT, url = BUF_INIT;
	buf_addf(&url, "%s/follow/confirm/%s", base_url, token);
	buf_addf(&subject, _("Confirm that you want to follow %s"), title);
	buf_addf(&text, _("Someone (you, we hope) asked for a mail a day about what changes in %s."), title);
	buf_adds(&text, " ");
	buf_adds(&text, _("Confirm it here; if it was not you, do nothing and no more mail comes:"));
	buf_adds(&html, "<p>");
	html_escaped(&html, text.data);
	buf_addf(&html, "</p><p><a href=\"%s\">%s</a></p>", url.data, url.data);
	buf_addf(&text, "\n\n%s\n\n%s/plan/%s\n", url.data, base_url, slug);
	struct mail m = {key, email, NULL, subject.data, text.data, html.data, i18n_code(i18n_lang()),
			 NULL};
	bool added;
	int rc = queue_in_tx(db, &m, &added, e);
	buf_release(&subject);
	buf_release(&text);
	buf_release(&html);
	buf_release(&url);
	i18n_set_lang(before);
	return rc;
}

int mail_invite_then(struct db *db, int64_t user, void *base_url, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct link_user u;
	int rc = password_link_user(db, &a, user, &u, e);
	if (rc == OK)
		rc = mail_password_link_in_tx(db, base_url, &u, "invite", e);
	arena_release(&a);
	return rc;
}

/* --- the daily digests of what one follows --- */

#define DIGEST_CHANGES 100
#define DIGEST_VALUE_MAX 120

/* "Changed Measure, State" (in the current language). Owned by a. */
static const char *change_what(struct arena *a, const struct follow_change *c)
{
	enum node_kind k;
	const char *kind = node_kind_parse(c->entity, &k) == OK ? node_kind_label(k) : c->entity;
	if (c->field && *c->field)
		return arena_printf(a, "%s %s, %s", node_action_label(c->action), kind,
				    node_field_label(c->field));
	return arena_printf(a, "%s %s", node_action_label(c->action), kind);
}

/* The new value on one line, a code as its label, cut when long. Owned by a. */
static const char *change_value(struct arena *a, const struct follow_change *c)
{
	const char *v = c->new_value ? c->new_value : "";
	if (c->field && *c->field)
		v = node_code_label(c->field, v);
	char *line = arena_strdup(a, v);
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (strlen(line) > DIGEST_VALUE_MAX) { /* cut on a character's start */
		size_t n = DIGEST_VALUE_MAX - 3;
		while (n && (line[n] & 0xC0) == 0x80)
			n--;
		strcpy(line + n, "...");
	}
	return line;
}

/* The digest of u's changes up to the history row upto. */
static int queue_digest(struct db *db, const struct mail_settings *s, const char *today,
			const struct follow_user *u, int64_t upto, size_t *queued, struct err *e)
{
	struct arena a = ARENA_INIT;
	follow_change_list changes;
	if (follow_changes(db, &a, u, upto, DIGEST_CHANGES, &changes, e) != OK) {
		arena_release(&a);
		return ERR;
	}
	if (!changes.count) { /* only others' or one's own changes since */
		arena_release(&a);
		return follow_skip(db, u, upto, e);
	}
	enum lang lang, before = i18n_lang();
	if (i18n_parse(u->lang, &lang) == OK)
		i18n_set_lang(lang);
	char token[SECRET_TOKEN_LEN + 1], key[64];
	secret_token(token);
	if (u->address_id)
		snprintf(key, sizeof key, "digest-address:%lld:%s", (long long)u->address_id, today);
	else
		snprintf(key, sizeof key, "digest:%lld:%s", (long long)u->id, today);
	struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT, stop = BUF_INIT;
	buf_addf(&stop, "%s/unsubscribe/%s", s->base_url, token);
	buf_addf(&subject, _("What changed in what you follow (%zu)"), changes.count);
	buf_addf(&text, _("Hello %s,"), u->name);
	buf_adds(&text, "\n\n");
	buf_adds(&html, "<p>");
	html_escaped(&html, text.data);
	buf_adds(&html, "</p><ul>");
	for (size_t i = 0; i < changes.count; i++) {
		const struct follow_change *c = &changes.items[i];
		const char *what = change_what(&a, c), *value = change_value(&a, c);
		/* Who made a change is told only to users (as the history
		 * tells it only to the signed-in). */
		const char *who = u->address_id ? "" : c->actor;
		buf_addf(&text, "- %.10s %s%s%s%s%s\n  %s%s\n", c->at, who, *who ? ": " : "", what,
			 *value ? ": " : "", value, s->base_url, c->href);
		buf_addf(&html, "<li>%.10s ", c->at);
		html_escaped(&html, who);
		buf_addf(&html, "%s<a href=\"%s%s\">", *who ? ": " : "", s->base_url, c->href);
		html_escaped(&html, what);
		buf_adds(&html, "</a>");
		if (*value) {
			buf_adds(&html, ": ");
			html_escaped(&html, value);
		}
		buf_adds(&html, "</li>");
	}
	buf_adds(&html, "</ul><p>");
	buf_adds(&text, "\n");
	char *line = NULL;
	if (asprintf(&line, _("No more of these: %s"), stop.data) > 0) {
		buf_adds(&text, line);
		buf_adds(&text, "\n");
		free(line);
	}
	buf_addf(&html, "<a href=\"%s\">", stop.data);
	html_escaped(&html, _("Stop following"));
	buf_adds(&html, "</a></p>");
	struct mail m = {key, u->email, u->name, subject.data, text.data, html.data,
			 i18n_code(i18n_lang()), stop.data};
	bool added = false;
	int rc = db_begin(db, e);
	if (rc == OK)
		rc = queue_in_tx(db, &m, &added, e);
	if (rc == OK)
		rc = follow_digested_in_tx(db, u, changes.items[changes.count - 1].audit_id, today,
					   token, e);
	rc = rc == OK ? db_commit(db, e) : (db_rollback(db), ERR);
	*queued += rc == OK && added;
	buf_release(&subject);
	buf_release(&text);
	buf_release(&html);
	buf_release(&stop);
	arena_release(&a);
	i18n_set_lang(before);
	return rc;
}

int mail_queue_digests(struct db *db, const struct mail_settings *s, const char *today,
		       size_t *queued, struct err *e)
{
	struct arena a = ARENA_INIT;
	follow_user_list users;
	*queued = 0;
	int64_t upto = 0;
	int rc = secret_init(e);
	/* Up to the newest history row now: what comes in meanwhile is
	 * tomorrow's, the same for every reader. */
	if (rc == OK)
		rc = follow_latest(db, &upto, e);
	if (rc == OK)
		rc = follow_due(db, &a, today, &users, e);
	for (size_t i = 0; rc == OK && i < users.count; i++)
		rc = queue_digest(db, s, today, &users.items[i], upto, queued, e);
	arena_release(&a);
	return rc;
}
