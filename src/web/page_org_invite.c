/*
 * page_org_invite.c: a council's secretariat invites a contact person of
 * an organisation it keeps (ACT_EDIT_ORG: the editors of the council
 * keeping it, admins), who then reports for it.
 *
 *   POST /org/{id}/invite   login, name, email: a reporter for the
 *                           organisation with an invitation by e-mail to
 *                           choose a password; the user, the address and
 *                           the mail in one transaction (CSRF)
 *
 * The form is on the organisation's edit page when the server sends mail.
 * An admin's invitation (page_users.c) is made ready by the same function.
 */
#include "web/form.h"
#include "web/html.h"
#include "web/mailer.h"
#include "web/pages.h"
#include "web/server.h"
#include "formats/mail.h"
#include "model/org.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/secret.h"

#include <string.h>

void org_invite_part(struct html *h, struct request *rq, const struct org *o)
{
	if (!rq->config || !rq->config->mail)
		return;
	html_printf(h, "<section class=\"org-part\" aria-labelledby=\"invite-title\"><h2 id=\"invite-title\">%s</h2>"
		       "<p>%s</p><form method=\"post\" action=\"/org/%lld/invite\">",
		    _("Invite a contact person"),
		    _("They get a mail with a link to choose their password, and report for the organisation."),
		    (long long)o->id);
	html_csrf(h, rq);
	html_printf(h, "<div class=\"field\"><label for=\"invite-name\">%s</label>"
		       "<input id=\"invite-name\" name=\"name\" autocomplete=\"off\" required></div>"
		       "<div class=\"field\"><label for=\"invite-email\">%s</label>"
		       "<input id=\"invite-email\" name=\"email\" type=\"email\" autocomplete=\"off\" required></div>"
		       "<div class=\"field\"><label for=\"invite-login\">%s</label>"
		       "<input id=\"invite-login\" name=\"login\" autocomplete=\"off\" required></div>"
		       "<button type=\"submit\">%s</button></form></section>",
		    _("Full name"), _("E-mail address"), _("User name"), _("Send the invitation"));
}

int invite_prepare(const struct request *rq, const char *email,
		   char secret[SECRET_TOKEN_LEN + 1], const char **base, struct err *e)
{
	const struct mailer_config *mail = rq->config ? rq->config->mail : NULL;
	secret[0] = '\0';
	if (!mail)
		return err_set(e, ERR_CONFLICT, "", _("This server sends no mail."));
	if (!email || !*email)
		return err_set(e, ERR_INPUT, "email", _("An invitation needs the person's e-mail address."));
	if (secret_init(e) != OK)
		return ERR;
	secret_token(secret); /* a password nobody knows, until the link is used */
	*base = mail->mail.base_url;
	return OK;
}

/* POST /org/{id}/invite */
int page_org_invite(struct request *rq, struct response *rs)
{
	struct org o;
	struct err e = ERR_INIT;
	if (org_for_request(rq, rs, &o) != OK)
		return rs->status;
	const char *email = form_get(rq->form, "email"), *base = NULL;
	char secret[SECRET_TOKEN_LEN + 1];
	if (invite_prepare(rq, email, secret, &base, &e) != OK)
		return e.kind == ERR_INTERNAL ? page_error_from(rq, rs, &e)
					      : page_error(rq, rs, error_status(&e), e.msg);
	struct user_new u = {form_get(rq->form, "login"), form_get(rq->form, "name"), secret,
			     ROLE_REPORTER, o.id, email, NULL, mail_invite_then, (void *)base};
	int64_t id;
	int rc = u.login && u.name ? user_add_new(rq->db, &u, rq->actor.login, &id, &e)
				   : err_set(&e, ERR_INPUT, "", _("The form is incomplete; reload it and try again."));
	memset(secret, 0, sizeof secret);
	if (rc != OK)
		return e.kind == ERR_INPUT || e.kind == ERR_CONFLICT ? page_error(rq, rs, error_status(&e), e.msg)
								      : page_error_from(rq, rs, &e);
	log_event(LOG_INFO, "user_invited", "by", rq->actor.login, "org",
		  arena_printf(&rq->arena, "%lld", (long long)o.id), (char *)0);
	return page_done(rq, rs, arena_printf(&rq->arena, "/org/%lld/edit", (long long)o.id));
}
