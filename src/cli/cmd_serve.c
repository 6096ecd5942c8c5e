/* cmd_serve.c: `samspel serve`, the web server. */
#include "cli/cli.h"
#include "web/server.h"
#include "web/cache.h"
#include "web/mailer.h"
#include "model/setup.h"
#include "model/user.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
	N_("Usage: samspel serve [options]\n"
	   "Serves the plans on the web until stopped (Ctrl-C).\n"
	   "\n"
	   "  --db FILE          the database (default var/samspel.db)\n"
	   "  --listen ADDR:PORT where to listen (default 127.0.0.1:8080; port 0 picks a free one)\n"
	   "  --threads N        worker threads (default: four per core)\n"
	   "  --body-limit BYTES largest form or API request body accepted (default 10485760)\n"
	   "  --upload-limit BYTES  largest file that can be attached to a measure or\n"
	   "                     an organisation (default 20971520, 20 MiB)\n"
	   "  --cache-mb N       the most memory rendered pages are kept in (default 64)\n"
	   "  --documents DIR    where attached files are kept (default: the folder\n"
	   "                     \"documents\" beside the database)\n"
	   "  --timeout SECONDS  close idle connections after this (default 30)\n"
	   "  --header-timeout S a request's headers must be in within S seconds of the\n"
	   "                     connection (or its previous answer), however slowly\n"
	   "                     they trickle (default 10)\n"
	   "  --body-timeout S   a request's body must be in within S seconds of its\n"
	   "                     headers (default 30)\n"
	   "  --per-ip-connections N  open connections from one address (default 32;\n"
	   "                     0: no limit); a trusted proxy has none\n"
	   "  --max-connections N  open connections in all (default 2000); beyond, the\n"
	   "                     oldest still sending its headers is closed\n"
	   "  --trusted-proxy ADDR  a proxy (address or ADDRESS/BITS; may be repeated)\n"
	   "                     whose X-Forwarded-For names the client\n"
	   "  --behind-tls       served over HTTPS by a proxy: secure cookies and HSTS\n"
	   "  --session-idle S   sign out after S seconds without use (default 7200)\n"
	   "  --session-max S    sign out after S seconds at the latest (default 86400)\n"
	   "  --lockout N        failed sign-ins for one account before it is closed (default 5)\n"
	   "  --lockout-ip N     failed sign-ins from one address before it is closed (default 20)\n"
	   "  --lockout-time S   how long failures count and a lock-out lasts (default 900)\n"
	   "  --public-url URL   the address the public reaches the server at\n"
	   "                     (https://plan.example.no): the base of the catalogue\n"
	   "                     /catalog.ttl, which is unavailable without it\n"
	   "  --smtp URL         send mail (reporting reminders) through this SMTP\n"
	   "                     server: smtp://host:port (STARTTLS when offered) or\n"
	   "                     smtps://host:port; the user and password come from\n"
	   "                     SAMSPEL_SMTP_USER and SAMSPEL_SMTP_PASSWORD, or from\n"
	   "                     --smtp-credentials FILE (one line: USER:PASSWORD)\n"
	   "  --mail-from ADDR   the sender of the mails (needed with --smtp)\n"
	   "  --remind-days N    remind reporters N days before a round's deadline\n"
	   "                     (default 7), and again when it has passed\n"
	   "  --remind-every S   look for reminders that are due every S seconds\n"
	   "                     (default 300)\n"
	   "  --help             this text\n");

/* A positive number from option text, or -1. */
static long positive(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v > 0 ? v : -1;
}

/* The public URL from text: http:// or https://, a host, no spaces,
 * query or fragment; trailing slashes dropped (into a static buffer).
 * NULL when it is not one. */
static const char *public_url(const char *s)
{
	static char url[512];
	size_t scheme = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	size_t n = strlen(s);
	if (!scheme || n >= sizeof url || n == scheme || s[scheme] == '/')
		return NULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7f || strchr("<>\"{}|^`\\?#", *c))
			return NULL;
	memcpy(url, s, n + 1);
	while (n > scheme && url[n - 1] == '/')
		url[--n] = '\0';
	return url;
}

/* The folder "documents" beside the database file db (in a static
 * buffer): the store of attached files unless --documents names one. */
static const char *documents_beside(const char *db)
{
	static char dir[4096];
	const char *slash = strrchr(db, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%.*s/documents", (int)(slash - db), db);
	else
		snprintf(dir, sizeof dir, "documents");
	return dir;
}

/* No user yet: makes the single-use setup token and prints, once, on
 * stderr the link that creates the first admin in a browser. */
static void first_run_notice(const char *listen)
{
	char token[SECRET_TOKEN_LEN + 1];
	setup_token_new(SETUP_TOKEN_TTL, token);
	const char *colon = strrchr(listen, ':');
	const char *port = colon ? colon + 1 : "8080";
	int hostlen = colon ? (int)(colon - listen) : 0;
	const char *host = listen;
	if (hostlen == 0 || (hostlen == 7 && strncmp(listen, "0.0.0.0", 7) == 0) ||
	    (hostlen == 4 && strncmp(listen, "[::]", 4) == 0)) {
		host = "localhost";
		hostlen = 9;
	}
	bool any_port = strcmp(port, "0") == 0;
	fprintf(stderr, "\n%s\n\n    http://%.*s:%s/setup/%s\n\n",
		_("samspel: there are no users yet. To create the first administrator, open this address in a browser within an hour. It works once:"),
		hostlen, host, any_port ? "PORT" : port, token);
	if (any_port)
		fprintf(stderr, "%s\n\n", _("(PORT: the port in the line \"listening on\" that the server prints when it is ready.)"));
	fflush(stderr);
}

/* The SMTP user and password: from file (one line USER:PASSWORD), else
 * from SAMSPEL_SMTP_USER and SAMSPEL_SMTP_PASSWORD; never from the command
 * line, where every user of the machine could read them. Returns 0, or 1
 * with a message. */
static int smtp_credentials(const char *file, char user[256], char password[256])
{
	user[0] = password[0] = '\0';
	if (file) {
		FILE *f = fopen(file, "r");
		char line[520];
		if (!f || !fgets(line, sizeof line, f)) {
			if (f)
				fclose(f);
			fprintf(stderr, _("samspel: cannot read %s\n"), file);
			return 1;
		}
		fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
		char *colon = strchr(line, ':');
		if (!colon || colon == line || strlen(colon + 1) >= 256 || (size_t)(colon - line) >= 256) {
			fprintf(stderr, _("samspel: %s must hold one line USER:PASSWORD\n"), file);
			return 1;
		}
		*colon = '\0';
		memcpy(user, line, (size_t)(colon - line) + 1);      /* both checked to fit */
		memcpy(password, colon + 1, strlen(colon + 1) + 1);
		memset(line, 0, sizeof line);
		return 0;
	}
	const char *u = getenv("SAMSPEL_SMTP_USER"), *p = getenv("SAMSPEL_SMTP_PASSWORD");
	snprintf(user, 256, "%s", u ? u : "");
	snprintf(password, 256, "%s", p ? p : "");
	return 0;
}

/* The address of "Name <address>" (or the whole when plain), for the SMTP
 * envelope (static buffer); NULL when it has no @. */
static const char *envelope_of(const char *from)
{
	static char addr[256];
	const char *lt = strchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && gt - lt - 1 < (long)sizeof addr)
		snprintf(addr, sizeof addr, "%.*s", (int)(gt - lt - 1), lt + 1);
	else
		snprintf(addr, sizeof addr, "%s", from);
	return strchr(addr, '@') && !strchr(addr, ' ') ? addr : NULL;
}

/* "http://127.0.0.1:8080" from the listening address, for links in mails
 * when --public-url is not given (static buffer). */
static const char *listen_url(const char *listen)
{
	static char url[300];
	snprintf(url, sizeof url, "http://%s", listen);
	return url;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"listen", required_argument, 0, 'l'},
		{"threads", required_argument, 0, 't'}, {"body-limit", required_argument, 0, 'b'},
		{"timeout", required_argument, 0, 'T'}, {"behind-tls", no_argument, 0, 's'},
		{"session-idle", required_argument, 0, 'i'}, {"session-max", required_argument, 0, 'm'},
		{"lockout", required_argument, 0, 'L'}, {"lockout-ip", required_argument, 0, 'I'},
		{"lockout-time", required_argument, 0, 'W'},
		{"header-timeout", required_argument, 0, 'H'},
		{"body-timeout", required_argument, 0, 'B'},
		{"per-ip-connections", required_argument, 0, 'P'},
		{"max-connections", required_argument, 0, 'M'},
		{"trusted-proxy", required_argument, 0, 'X'},
		{"public-url", required_argument, 0, 'U'},
		{"upload-limit", required_argument, 0, 'u'},
		{"documents", required_argument, 0, 'D'},
		{"cache-mb", required_argument, 0, 'K'},
		{"smtp", required_argument, 0, 'S'}, {"mail-from", required_argument, 0, 'F'},
		{"smtp-credentials", required_argument, 0, 'C'},
		{"remind-days", required_argument, 0, 'R'},
		{"remind-every", required_argument, 0, 'E'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	struct server_config cfg = {
		.db_path = DEFAULT_DB, .listen = "127.0.0.1:8080", .threads = 0,
		.body_limit = 10u << 20, .timeout_seconds = 30, .behind_tls = false,
		.session_idle = 7200, .session_max = 86400, .lockout_attempts = 5,
		.lockout_ip_attempts = 20, .lockout_window = 900,
		.header_timeout = 10, .body_timeout = 30, .per_ip_connections = 32,
		.max_connections = 2000, .upload_limit = 20u << 20,
	};
	static const char *proxies[33];
	static struct mailer_config mail = {.mail = {.remind_days = 7}, .remind_every = 300};
	static char user[256], password[256];
	const char *credentials = NULL;
	int nproxies = 0;
	int c;
	long v;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg.db_path = optarg; break;
		case 'l': cfg.listen = optarg; break;
		case 't':
			if ((v = positive(optarg)) < 0 || v > 256)
				return cli_usage_error("serve", _("--threads needs a number from 1 to 256"));
			cfg.threads = (unsigned)v;
			break;
		case 'b':
			if ((v = positive(optarg)) < 0)
				return cli_usage_error("serve", _("--body-limit needs a positive number of bytes"));
			cfg.body_limit = (size_t)v;
			break;
		case 'T':
			if ((v = positive(optarg)) < 0 || v > 3600)
				return cli_usage_error("serve", _("--timeout needs a number of seconds from 1 to 3600"));
			cfg.timeout_seconds = (unsigned)v;
			break;
		case 's': cfg.behind_tls = true; break;
		case 'i':
		case 'm':
		case 'W':
			if ((v = positive(optarg)) < 0 || v > 31L * 86400)
				return cli_usage_error("serve", _("%s needs a number of seconds"), argv[optind - 1]);
			*(c == 'i' ? &cfg.session_idle : c == 'm' ? &cfg.session_max : &cfg.lockout_window) = v;
			break;
		case 'L':
		case 'I':
			if ((v = positive(optarg)) < 0 || v > 1000)
				return cli_usage_error("serve", _("%s needs a number from 1 to 1000"), argv[optind - 1]);
			*(c == 'L' ? &cfg.lockout_attempts : &cfg.lockout_ip_attempts) = (int)v;
			break;
		case 'H':
		case 'B':
			if ((v = positive(optarg)) < 0 || v > 3600)
				return cli_usage_error("serve", _("%s needs a number of seconds from 1 to 3600"), argv[optind - 1]);
			*(c == 'H' ? &cfg.header_timeout : &cfg.body_timeout) = (unsigned)v;
			break;
		case 'P':
			v = strcmp(optarg, "0") == 0 ? 0 : positive(optarg);
			if (v < 0 || v > 100000)
				return cli_usage_error("serve", _("--per-ip-connections needs a number from 0 to 100000"));
			cfg.per_ip_connections = (unsigned)v;
			break;
		case 'M':
			if ((v = positive(optarg)) < 0 || v > 100000)
				return cli_usage_error("serve", _("--max-connections needs a number from 1 to 100000"));
			cfg.max_connections = (unsigned)v;
			break;
		case 'X':
			if (nproxies == 32)
				return cli_usage_error("serve", _("--trusted-proxy can be given at most 32 times"));
			proxies[nproxies++] = optarg;
			cfg.trusted_proxies = proxies;
			break;
		case 'U':
			if (!(cfg.public_url = public_url(optarg)))
				return cli_usage_error("serve", _("--public-url needs an address such as https://plan.example.no"));
			break;
		case 'u':
			if ((v = positive(optarg)) < 0 || (unsigned long)v > (1ul << 32))
				return cli_usage_error("serve", _("--upload-limit needs a positive number of bytes (at most 4 GiB)"));
			cfg.upload_limit = (size_t)v;
			break;
		case 'D': cfg.documents_dir = optarg; break;
		case 'K':
			if ((v = positive(optarg)) < 0 || v > 65536)
				return cli_usage_error("serve", _("--cache-mb needs a number of megabytes (1 to 65536)"));
			page_cache_budget((size_t)v << 20);
			break;
		case 'S': mail.smtp.url = optarg; break;
		case 'F': mail.mail.from = optarg; break;
		case 'C': credentials = optarg; break;
		case 'R':
			if ((v = positive(optarg)) < 0 || v > 365)
				return cli_usage_error("serve", _("--remind-days needs a number of days from 1 to 365"));
			mail.mail.remind_days = (int)v;
			break;
		case 'E':
			if ((v = positive(optarg)) < 0 || v > 86400)
				return cli_usage_error("serve", _("--remind-every needs a number of seconds from 1 to 86400"));
			mail.remind_every = (int)v;
			break;
		case 'h': fputs(_(serve_usage), stdout); return 0;
		default: return cli_usage_error("serve", _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage_error("serve", _("serve takes no arguments"));
	if (!cfg.documents_dir)
		cfg.documents_dir = documents_beside(cfg.db_path);
	if (mail.smtp.url) {
		if (strncmp(mail.smtp.url, "smtp://", 7) != 0 && strncmp(mail.smtp.url, "smtps://", 8) != 0)
			return cli_usage_error("serve", _("--smtp needs an address such as smtp://mail.example.no:587"));
		if (!mail.mail.from || !(mail.smtp.from = envelope_of(mail.mail.from)))
			return cli_usage_error("serve", _("--smtp needs --mail-from ADDRESS (or \"NAME <ADDRESS>\")"));
		if (smtp_credentials(credentials, user, password) != 0)
			return 1;
		mail.smtp.user = *user ? user : NULL;
		mail.smtp.password = password;
		mail.db_path = cfg.db_path;
		mail.mail.base_url = cfg.public_url ? cfg.public_url
						    : listen_url(cfg.listen);
		cfg.mail = &mail;
	}
	struct db *db;
	int rc = cli_open_db(cfg.db_path, true, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	int any_user = user_any(db, &e);
	db_close(db);
	if (any_user < 0)
		return cli_fail(&e);
	if (!any_user)
		first_run_notice(cfg.listen);
	if (server_run(&cfg, &e) != OK)
		return cli_fail(&e);
	return 0;
}
