/*
 * cmd_user.c: `samspel user` (accounts and roles) and `samspel token` (API
 * tokens for scripts). Passwords are asked on the terminal without echo, or
 * read from standard input with --password-stdin; they are never taken as
 * an argument (other users could see it in the process list).
 */
#include "cli/cli.h"
#include "base/secret.h"
#include "model/password_link.h"
#include "formats/mail.h"
#include "model/org.h"
#include "model/session.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct user_options {
	const char *db_path, *name, *role, *org, *email, *lang, *public_url;
	bool password_stdin, invite;
};

static const char user_usage[] =
	N_("Usage: samspel user COMMAND [options]\n"
	   "  user add LOGIN --name NAME --role ROLE [--org ORGANISATION] [--password-stdin]\n"
	   "           [--email ADDRESS] [--lang nn|nb|en]\n"
	   "  user add LOGIN --name NAME --role ROLE [--org ORG] --email ADDRESS --invite\n"
	   "           --public-url URL   no password: a mail with a link to choose one\n"
	   "  user grant LOGIN [--role ROLE [--org ORGANISATION]] [--email ADDRESS] [--lang L]\n"
	   "  user list\n"
	   "  user passwd LOGIN [--password-stdin]\n"
	   "  user disable LOGIN | user enable LOGIN\n"
	   "\n"
	   "Roles: admin (everything), editor (of a council: its plans and organisations),\n"
	   "reporter (for an organisation: status reports on its measures), reader (sees drafts).\n"
	   "The password is asked on the terminal, or read from standard input with\n"
	   "--password-stdin; it needs at least 12 characters.\n"
	   "  --db FILE   the database (default var/samspel.db)\n");

static const char token_usage[] =
	N_("Usage: samspel token COMMAND [options]\n"
	   "  token add LOGIN --name NAME   a new API token; it is shown once, on the last line\n"
	   "  token list LOGIN\n"
	   "  token revoke ID\n"
	   "Scripts send it as \"Authorization: Bearer TOKEN\".\n"
	   "  --db FILE   the database (default var/samspel.db)\n");

static int parse(int argc, char **argv, const char *cmd, const char *usage,
		 struct user_options *o)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"name", required_argument, 0, 'n'},
		{"role", required_argument, 0, 'r'}, {"org", required_argument, 0, 'o'},
		{"password-stdin", no_argument, 0, 'p'}, {"help", no_argument, 0, 'h'},
		{"email", required_argument, 0, 'e'}, {"lang", required_argument, 0, 'g'},
		{"invite", no_argument, 0, 'v'}, {"public-url", required_argument, 0, 'U'},
		{0, 0, 0, 0},
	};
	memset(o, 0, sizeof *o);
	o->db_path = DEFAULT_DB;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db_path = optarg; break;
		case 'n': o->name = optarg; break;
		case 'r': o->role = optarg; break;
		case 'o': o->org = optarg; break;
		case 'p': o->password_stdin = true; break;
		case 'e': o->email = optarg; break;
		case 'v': o->invite = true; break;
		case 'U': o->public_url = optarg; break;
		case 'g': o->lang = optarg; break;
		case 'h': fputs(_(usage), stdout); return 0;
		default: return cli_usage_error(cmd, _("unknown option"));
		}
	}
	return -1;
}

/* Reads a password into buf: one line from stdin, or asked twice on the
 * terminal without echo. */
static int read_password(bool from_stdin, char *buf, size_t size, struct err *e)
{
	if (from_stdin) {
		if (!fgets(buf, (int)size, stdin))
			return err_set(e, ERR_INPUT, "password", _("No password on standard input."));
		buf[strcspn(buf, "\r\n")] = '\0';
		return OK;
	}
	if (!isatty(STDIN_FILENO))
		return err_set(e, ERR_INPUT, "password",
			       _("Standard input is not a terminal: give --password-stdin to read the password from it."));
	struct termios old, quiet;
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	char again[PASSWORD_MAX_BYTES + 2];
	fputs(_("Password: "), stderr);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	bool ok = fgets(buf, (int)size, stdin) != NULL;
	fputs(_("\nThe same again: "), stderr);
	ok = ok && fgets(again, sizeof again, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputs("\n", stderr);
	if (!ok)
		return err_set(e, ERR_INPUT, "password", _("No password given."));
	buf[strcspn(buf, "\r\n")] = '\0';
	again[strcspn(again, "\r\n")] = '\0';
	if (strcmp(buf, again) != 0)
		return err_set(e, ERR_INPUT, "password", _("The two passwords differ."));
	return OK;
}

/* Resolves --role and --org into a role and an organisation id. */
static int role_and_org(struct db *db, struct arena *a, const struct user_options *o,
			enum role *role, int64_t *org, struct err *e)
{
	*org = 0;
	if (!o->role || role_parse(o->role, role) != OK)
		return err_set(e, ERR_INPUT, "role",
			       _("Give --role: admin, editor, reporter or reader."));
	if (*role == ROLE_ADMIN) {
		if (o->org)
			return err_set(e, ERR_INPUT, "org", _("The admin role is not held in an organisation."));
		return OK;
	}
	if (!o->org)
		return err_set(e, ERR_INPUT, "org", _("This role is held in an organisation: give it with --org."));
	struct org_match m;
	int found = org_lookup_anywhere(db, a, o->org, &m, e);
	if (found < 0)
		return ERR;
	if (!found)
		return err_set(e, ERR_INPUT, "org",
			       _("There is no organisation called \"%s\" (organisations come in with the plans that name them)."),
			       o->org);
	if (found > 1)
		return err_set(e, ERR_INPUT, "org",
			       _("%d organisations are called \"%s\" (kept by different councils); this version cannot tell them apart."),
			       found, o->org);
	if (*role == ROLE_EDITOR && strcmp(m.kind, "council") != 0)
		return err_set(e, ERR_INPUT, "org",
			       _("An editor works for a regional council; %s is not one."), m.name);
	*org = m.org_id;
	return OK;
}

static int user_add_cmd(struct db *db, const struct user_options *o, const char *login)
{
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	char password[PASSWORD_MAX_BYTES + 2];
	enum role role;
	int64_t org = 0, id = 0;
	int rc = 0;
	if (!o->name)
		err_set(&e, ERR_INPUT, "name", _("Give the user's full name with --name."));
	if (o->invite && (!o->email || !o->public_url))
		return cli_usage_error("user", _("--invite needs --email ADDRESS and --public-url URL (the address of the server, for the link)"));
	if (o->invite) { /* a password nobody knows, until the link is used */
		if (secret_init(&e) != OK)
			return cli_fail(&e);
		secret_token(password);
	}
	if (!o->name || role_and_org(db, &a, o, &role, &org, &e) != OK ||
	    (!o->invite && read_password(o->password_stdin, password, sizeof password, &e) != OK)) {
		rc = cli_fail(&e);
	} else {
		/* The user, their address and the invitation: one transaction. */
		struct user_new u = {login, o->name, password, role, org, o->email, o->lang,
				     o->invite ? mail_invite_then : NULL, (void *)o->public_url};
		if (user_add_new(db, &u, cli_actor(), &id, &e) != OK)
			rc = cli_fail(&e);
	}
	if (!rc && o->invite)
		printf(_("Added user %s (%s); the invitation to %s is in the outbox of the server\n"), login,
		       role_code(role), o->email);
	else if (!rc)
		printf(_("Added user %s (%s)\n"), login, role_code(role));
	memset(password, 0, sizeof password);
	arena_release(&a);
	return rc;
}

static int user_grant_cmd(struct db *db, const struct user_options *o, const char *login)
{
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	enum role role;
	int64_t org;
	int rc = 0;
	if (((o->role || !(o->email || o->lang)) &&
	     (role_and_org(db, &a, o, &role, &org, &e) != OK ||
	      user_grant(db, login, role, org, cli_actor(), &e) != OK)) ||
	    ((o->email || o->lang) &&
	     user_set_contact(db, login, o->email, o->lang, cli_actor(), &e) != OK))
		rc = cli_fail(&e);
	else if (!o->role)
		printf(_("Changed the e-mail address or language of %s\n"), login);
	else
		printf(_("%s is now %s%s%s\n"), login, role_code(role), o->org ? " @ " : "",
		       o->org ? o->org : "");
	arena_release(&a);
	return rc;
}

static int user_list_cmd(struct db *db)
{
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	user_list users;
	int rc = 0;
	if (user_list_all(db, &a, &users, &e) != OK) {
		rc = cli_fail(&e);
	} else {
		for (size_t i = 0; i < users.count; i++) {
			const struct user *u = &users.items[i];
			printf("%s\t%s\t", u->login, u->name);
			for (size_t g = 0; g < u->grants.count; g++)
				printf("%s%s%s%s", g ? ", " : "", role_code(u->grants.items[g].role),
				       u->grants.items[g].org_name ? "@" : "",
				       u->grants.items[g].org_name ? u->grants.items[g].org_name : "");
			printf("%s\n", u->disabled ? _("\t(disabled)") : "");
		}
	}
	arena_release(&a);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(_(user_usage), stdout);
			return 0;
		}
		return cli_usage_error("user", _("give a command: add, grant, list, passwd, disable, enable"));
	}
	const char *sub = argv[1];
	struct user_options o;
	int rc = parse(argc - 1, argv + 1, "user", user_usage, &o);
	if (rc >= 0)
		return rc;
	int nargs = argc - 1 - optind;
	const char *login = nargs > 0 ? argv[1 + optind] : NULL;
	bool list = strcmp(sub, "list") == 0;
	if (!list && strcmp(sub, "add") && strcmp(sub, "grant") && strcmp(sub, "passwd") &&
	    strcmp(sub, "disable") && strcmp(sub, "enable"))
		return cli_usage_error("user", _("unknown command \"%s\""), sub);
	if (nargs != (list ? 0 : 1))
		return cli_usage_error("user", list ? _("this command takes no arguments")
						    : _("give exactly one LOGIN"));
	struct db *db;
	if ((rc = cli_open_db(o.db_path, strcmp(sub, "add") == 0, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	if (strcmp(sub, "add") == 0) {
		rc = user_add_cmd(db, &o, login);
	} else if (strcmp(sub, "grant") == 0) {
		rc = user_grant_cmd(db, &o, login);
	} else if (list) {
		rc = user_list_cmd(db);
	} else if (strcmp(sub, "passwd") == 0) {
		char password[PASSWORD_MAX_BYTES + 2];
		if (read_password(o.password_stdin, password, sizeof password, &e) != OK ||
		    user_set_password(db, login, password, cli_actor(), &e) != OK)
			rc = cli_fail(&e);
		else
			printf(_("Changed the password of %s; their sessions have ended.\n"), login);
		memset(password, 0, sizeof password);
	} else {
		bool disable = strcmp(sub, "disable") == 0;
		if (user_set_disabled(db, login, disable, cli_actor(), &e) != OK)
			rc = cli_fail(&e);
		else
			printf(disable ? _("Disabled %s; their sessions have ended.\n")
				       : _("Enabled %s\n"), login);
	}
	db_close(db);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(_(token_usage), stdout);
			return 0;
		}
		return cli_usage_error("token", _("give a command: add, list, revoke"));
	}
	const char *sub = argv[1];
	struct user_options o;
	int rc = parse(argc - 1, argv + 1, "token", token_usage, &o);
	if (rc >= 0)
		return rc;
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_usage_error("token", _("unknown command \"%s\""), sub);
	if (argc - 1 - optind != 1)
		return cli_usage_error("token", _("wrong number of arguments"));
	const char *arg = argv[1 + optind];
	struct db *db;
	if ((rc = cli_open_db(o.db_path, false, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	if (strcmp(sub, "add") == 0) {
		char token[API_TOKEN_LEN + 1];
		int64_t id;
		if (token_create(db, arg, o.name, cli_actor(), &id, token, &e) != OK) {
			rc = cli_fail(&e);
		} else {
			printf(_("Token %lld for %s (\"%s\"). It is shown this once; keep it secret:\n"),
			       (long long)id, arg, o.name);
			printf("%s\n", token);
		}
	} else if (strcmp(sub, "list") == 0) {
		api_token_list list;
		if (token_list(db, &a, arg, &list, &e) != OK)
			rc = cli_fail(&e);
		for (size_t i = 0; rc == 0 && i < list.count; i++) {
			const struct api_token *t = &list.items[i];
			printf("%lld\t%s…\t%s\t%s\t%s\n", (long long)t->id, t->prefix, t->name,
			       t->created_at, t->revoked_at ? _("revoked") : _("live"));
		}
	} else {
		char *end;
		long long id = strtoll(arg, &end, 10);
		if (*end || id <= 0)
			rc = cli_usage_error("token", _("give the token's ID (see token list)"));
		else if (token_revoke(db, id, cli_actor(), &e) != OK)
			rc = cli_fail(&e);
		else
			printf(_("Revoked token %lld\n"), id);
	}
	arena_release(&a);
	db_close(db);
	return rc;
}
