/*
 * E-mail (issue 10, part 2): reporting reminders through a real SMTP
 * server (Debian's python3-aiosmtpd, writing what it receives to a
 * Maildir). A round whose deadline is three days away gets every reporter
 * and editor with an address a reminder, in their language, listing their
 * unreported measures with links; a restart sends nothing twice; a mail
 * queued while the SMTP server is down and the samspel server killed is
 * delivered once when both are back.
 */
#include "session.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"

static struct test_site site;
static char maildir[256], smtp_url[64], deadline[11];
static pid_t smtp = -1;
static int smtp_port;

/* The SMTP server on smtp_port, writing to maildir. */
static void smtp_start(void)
{
	smtp = fork();
	assert_true(smtp >= 0);
	if (smtp == 0) {
		char listen[32];
		snprintf(listen, sizeof listen, "127.0.0.1:%d", smtp_port);
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen, "-c",
		      "aiosmtpd.handlers.Mailbox", maildir, (char *)NULL);
		_exit(127);
	}
	usleep(800000); /* it listens within a moment */
}

static void smtp_stop(void)
{
	if (smtp > 0) {
		kill(smtp, SIGTERM);
		waitpid(smtp, NULL, 0);
		smtp = -1;
	}
}

/* How many mails the SMTP server has received. */
static int received(void)
{
	char dir[300];
	snprintf(dir, sizeof dir, "%s/new", maildir);
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *ent;
	while (d && (ent = readdir(d)))
		n += ent->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* Waits (at most seconds) until n mails are there. */
static int wait_for(int n, int seconds)
{
	for (int i = 0; i < seconds * 10 && received() < n; i++)
		usleep(100000);
	return received();
}

/* Every received mail, one after another (malloc'd). */
static char *all_mail(void)
{
	char dir[300];
	snprintf(dir, sizeof dir, "%s/new", maildir);
	DIR *d = opendir(dir);
	struct dirent *ent;
	size_t cap = 1, len = 0;
	char *all = calloc(1, 1);
	while (d && (ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		char *path = test_join(dir, ent->d_name);
		size_t n;
		char *text = test_read_file(path, &n);
		free(path);
		if (!text)
			continue;
		all = realloc(all, cap += n + 1);
		memcpy(all + len, text, n);
		len += n;
		all[len] = '\0';
		free(text);
	}
	if (d)
		closedir(d);
	return all;
}

static int serve(void)
{
	const char *args[] = {"--smtp", smtp_url, "--mail-from", "samspel <noreply@example.no>",
			      "--remind-every", "1", "--public-url", "https://plan.example.no", NULL};
	return test_site_serve(&site, args);
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	const char *siri[] = {"user", "add", "siri", "--name", "Siri Sogn", "--role", "editor", "--org",
			      "Sogn regionråd", "--email", "siri@example.no", "--lang", "nb",
			      "--password-stdin", NULL};
	test_run_ok(site.db, TEST_PASSWORD "\n", siri);
	const char *nina[] = {"user", "add", "nina", "--name", "Nina NHO", "--role", "reporter", "--org",
			      "NHO", "--email", "nina@example.no", "--password-stdin", NULL};
	test_run_ok(site.db, TEST_PASSWORD "\n", nina);
	test_add_user(site.db, "silent", "reporter", "NHO"); /* no address: no mail */
	const char *frode[] = {"user", "add", "frode", "--name", "Frode Fjord", "--role", "editor",
			       "--org", "Fjordheim regionråd", "--email", "frode@example.no",
			       "--password-stdin", NULL};
	test_run_ok(site.db, TEST_PASSWORD "\n", frode);
	snprintf(maildir, sizeof maildir, "%s/mail", site.dir);
	char sub[300];
	mkdir(maildir, 0700);
	for (const char *const *s = (const char *const[]){"tmp", "new", "cur", NULL}; *s; s++) {
		snprintf(sub, sizeof sub, "%s/%s", maildir, *s);
		mkdir(sub, 0700);
	}
	smtp_port = 20000 + (int)(getpid() % 20000);
	snprintf(smtp_url, sizeof smtp_url, "smtp://127.0.0.1:%d", smtp_port);
	time_t t = time(NULL) + 3 * 86400;
	strftime(deadline, sizeof deadline, "%Y-%m-%d", gmtime(&t));
	smtp_start();
	return serve();
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	smtp_stop();
	return 0;
}

static void open_round(const char *slug, const char *login)
{
	char *tok = test_new_token(site.db, login, "mail test");
	char body[128], path[128];
	snprintf(body, sizeof body, "{\"name\": \"1. tertial\", \"deadline\": \"%s\"}", deadline);
	snprintf(path, sizeof path, "/api/v1/plans/%s/rounds", slug);
	struct http h;
	test_api_req(&site.srv, &h, "POST", path, tok, body, NULL);
	if (h.status != 201)
		fail_msg("open round: %ld %s", h.status, h.body);
	test_http_free(&h);
	free(tok);
}

static void test_reminders(void **state)
{
	(void)state;
	open_round(SLUG, "siri");
	assert_int_equal(wait_for(2, 15), 2);
	char *mail = all_mail();
	assert_non_null(strstr(mail, "To: Nina NHO <nina@example.no>"));
	assert_non_null(strstr(mail, "To: Siri Sogn <siri@example.no>"));
	assert_null(strstr(mail, "silent"));
	assert_non_null(strstr(mail, "Content-Language: nn"));
	assert_non_null(strstr(mail, "Content-Language: nb"));
	assert_non_null(strstr(mail, "Content-Type: multipart/alternative"));
	assert_non_null(strstr(mail, "Message-ID: <"));
	free(mail);
	/* The text (base64 in the mail) names the measure with a link: read
	 * back with Python's mail parser. */
	/* Each in the reader's language: Nina's Nynorsk, Siri's Bokmål. */
	char cmd[1400];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c \"import mailbox,sys,email.header as H\n"
		 "ok=0\n"
		 "for m in mailbox.Maildir('%s', create=False):\n"
		 "  t=[p for p in m.walk() if p.get_content_type()=='text/plain'][0].get_payload(decode=True).decode()\n"
		 "  s=str(H.make_header(H.decode_header(m['Subject'])))\n"
		 "  ok+= 'https://plan.example.no/measure/8' in t and m['To'].startswith('Nina') and s.startswith('P\\u00e5minning') and 'Hei Nina NHO' in t\n"
		 "  want={'Nina':'nn','Siri':'nb'}[m['To'].split()[0]]\n"
		 "  if m['Content-Language']!=want: sys.exit(2)\n"
		 "sys.exit(0 if ok==1 else 1)\"",
		 maildir);
	assert_int_equal(system(cmd), 0);
	/* Every mail marked sent, once. */
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM outbox WHERE state = 'sent'", 0), 2);
}

static void test_restart_sends_nothing_twice(void **state)
{
	(void)state;
	test_server_stop(&site.srv);
	site.serving = false;
	assert_int_equal(serve(), 0);
	sleep(3);
	assert_int_equal(received(), 2);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM outbox", 0), 2);
}

static void test_killed_before_sending(void **state)
{
	(void)state;
	/* The SMTP server is down: the reminder is queued, not sent. */
	smtp_stop();
	open_round(DEMO, "frode");
	for (int i = 0; i < 50 && test_db_int(site.db, "SELECT COUNT(*) FROM outbox WHERE to_addr ="
					       " 'frode@example.no'", 0) < 1; i++)
		usleep(100000);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM outbox WHERE to_addr = 'frode@example.no'"
					      " AND state = 'queued'", 0), 1);
	/* The samspel server is killed outright, then both come back. */
	kill(site.srv.pid, SIGKILL);
	waitpid(site.srv.pid, NULL, 0);
	site.srv.pid = 0;
	site.serving = false;
	smtp_start();
	assert_int_equal(serve(), 0);
	assert_int_equal(wait_for(3, 30), 3);
	sleep(2);
	assert_int_equal(received(), 3);
	char *mail = all_mail();
	assert_int_equal(test_count(mail, "To: Frode Fjord <frode@example.no>"), 1);
	free(mail);
}

/* The first line cmd prints, without its newline, into out ("" for none). */
static void first_line(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(out, (int)size, p))
		out[0] = '\0';
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
}

/* The link to path in the newest mail to addr with it (the token after
 * path), "" when there is none. */
static void token_in_mail(const char *addr, const char *path, char *token, size_t size)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c \"import mailbox,re\n"
		 "for m in mailbox.Maildir('%s', create=False):\n"
		 "  if '%s' not in m['To']: continue\n"
		 "  t=[p for p in m.walk() if p.get_content_type()=='text/plain'][0].get_payload(decode=True).decode()\n"
		 "  f=re.findall(r'https://plan.example.no%s([A-Za-z0-9_-]+)', t)\n"
		 "  f and print(f[-1])\"",
		 maildir, addr, path);
	first_line(cmd, token, size);
}

static void test_forgotten_password(void **state)
{
	(void)state;
	int before = received();
	char *body = NULL;
	/* An address no account has: the same answer, and no mail. */
	assert_int_equal(test_post_status(&site.srv, "/login/forgot", NULL, "email=nobody%40example.no", &body), 200);
	char *same = strstr(body, "role=\"status\"") ? strdup(strstr(body, "role=\"status\"")) : NULL;
	free(body);
	assert_int_equal(test_post_status(&site.srv, "/login/forgot", NULL, "email=Nina%40example.no", &body), 200);
	assert_non_null(same);
	assert_non_null(strstr(body, same)); /* word for word */
	free(body);
	free(same);
	assert_int_equal(wait_for(before + 1, 20), before + 1);
	char token[128], path[200];
	token_in_mail("nina@example.no", "/password/", token, sizeof token);
	assert_true(strlen(token) > 20);
	snprintf(path, sizeof path, "/password/%s", token);
	long status;
	free(test_get(&site.srv, path, NULL, &status));
	assert_int_equal(status, 200);
	assert_int_equal(test_post_status(&site.srv, path, NULL, "password=kort&password2=kort", NULL), 400);
	assert_int_equal(test_post_status(&site.srv, path, NULL,
					  "password=eit+nytt+og+langt+passord&password2=eit+nytt+og+langt+passord",
					  NULL), 200);
	/* The new password signs in; the link does not work twice. */
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "nina", "eit nytt og langt passord", &w), 303);
	free(test_get(&site.srv, path, NULL, &status));
	assert_int_equal(status, 404);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM password_link WHERE used_at IS NULL", 0), 0);
}

static void test_invitation(void **state)
{
	(void)state;
	int before = received();
	const char *add[] = {"user", "add", "kari", "--name", "Kari Kommune", "--role", "reporter",
			     "--org", "NHO", "--email", "kari@example.no", "--lang", "nb", "--invite",
			     "--public-url", "https://plan.example.no", NULL};
	test_run_ok(site.db, NULL, add);
	/* The invitation (and, as kari reports for NHO, a reminder too). */
	char token[128] = "", path[200];
	for (int i = 0; i < 200 && strlen(token) < 20; i++) {
		usleep(100000);
		if (received() > before)
			token_in_mail("kari@example.no", "/password/", token, sizeof token);
	}
	assert_true(strlen(token) > 20);
	snprintf(path, sizeof path, "/password/%s", token);
	assert_int_equal(test_post_status(&site.srv, path, NULL,
					  "password=karis+eige+passord+her&password2=karis+eige+passord+her",
					  NULL), 200);
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "kari", "karis eige passord her", &w), 303);
}

/* An admin invites a person from the browser's form: the user, the
 * address and the mail come together; without an address, nothing. */
static void test_web_invitation(void **state)
{
	(void)state;
	test_add_user(site.db, "admin", "admin", NULL);
	struct who w;
	test_sign_in(&site.srv, "admin", &w);
	char fields[300];
	long long nho = test_db_int(site.db, "SELECT id FROM org WHERE name = 'NHO'", 0);
	snprintf(fields, sizeof fields, "login=olav&name=Olav+Olsen&role=reporter&org=%lld&invite=1"
		 "&email=&password=&password2=", nho);
	assert_int_equal(test_post_status(&site.srv, "/admin/users/new", &w, fields, NULL), 400);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM app_user WHERE login = 'olav'", 0), 0);
	/* A server that sends no mail invites nobody (the mail would wait
	 * in the outbox for ever): it says so, and adds no one. */
	struct test_site plain = {0};
	plain.db = site.db;
	assert_int_equal(test_site_serve(&plain, NULL), 0);
	struct who wp;
	test_sign_in(&plain.srv, "admin", &wp);
	snprintf(fields, sizeof fields, "login=olav&name=Olav+Olsen&role=reporter&org=%lld&invite=1"
		 "&email=olav%%40example.no&password=&password2=", nho);
	char *refused = NULL;
	assert_int_equal(test_post_status(&plain.srv, "/admin/users/new", &wp, fields, &refused), 409);
	assert_non_null(strstr(refused, "role=\"alert\""));
	free(refused);
	test_server_stop(&plain.srv);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM app_user WHERE login = 'olav'", 0), 0);
	int before = received();
	snprintf(fields, sizeof fields, "login=olav&name=Olav+Olsen&role=reporter&org=%lld&invite=1"
		 "&email=olav%%40example.no&password=&password2=", nho);
	assert_int_equal(test_post_status(&site.srv, "/admin/users/new", &w, fields, NULL), 303);
	char token[128] = "", path[200];
	for (int i = 0; i < 200 && strlen(token) < 20; i++) {
		usleep(100000);
		if (received() > before)
			token_in_mail("olav@example.no", "/password/", token, sizeof token);
	}
	assert_true(strlen(token) > 20);
	snprintf(path, sizeof path, "/password/%s", token);
	assert_int_equal(test_post_status(&site.srv, path, NULL,
					  "password=olavs+eige+passord&password2=olavs+eige+passord", NULL),
			 200);
	struct who o;
	assert_int_equal(test_try_sign_in(&site.srv, "olav", "olavs eige passord", &o), 303);
}

/* The secretariat invites a contact person of an organisation its council
 * keeps, from the organisation's page; another council's editor may not. */
static void test_org_invitation(void **state)
{
	(void)state;
	long long org = test_db_int(site.db, "SELECT o.id FROM org o JOIN org c ON c.id = o.owner_org_id"
					     " WHERE c.name = 'Sogn regionråd' ORDER BY o.id LIMIT 1", 0);
	assert_true(org > 0);
	struct who siri, frode;
	test_sign_in(&site.srv, "siri", &siri);
	test_sign_in(&site.srv, "frode", &frode);
	char path[64], fields[200];
	snprintf(path, sizeof path, "/org/%lld/edit", org);
	char *page = test_get_ok(&site.srv, path, &siri);
	snprintf(fields, sizeof fields, "action=\"/org/%lld/invite\"", org);
	assert_non_null(strstr(page, fields));
	free(page);
	snprintf(path, sizeof path, "/org/%lld/invite", org);
	const char *ask = "login=kontakt&name=Kari+Kontakt&email=kontakt%40example.no";
	assert_int_equal(test_post_status(&site.srv, path, &frode, ask, NULL), 403);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM app_user WHERE login = 'kontakt'", 0), 0);
	int before = received();
	assert_int_equal(test_post_status(&site.srv, path, &siri, ask, NULL), 303);
	char token[128] = "";
	for (int i = 0; i < 200 && strlen(token) < 20; i++) {
		usleep(100000);
		if (received() > before)
			token_in_mail("kontakt@example.no", "/password/", token, sizeof token);
	}
	assert_true(strlen(token) > 20);
	/* A reporter for that organisation, with the address. */
	snprintf(fields, sizeof fields, "SELECT COUNT(*) FROM user_role g JOIN app_user u ON u.id = g.user_id"
		 " WHERE u.login = 'kontakt' AND g.role = 'reporter' AND g.org_id = %lld"
		 " AND u.email = 'kontakt@example.no'", org);
	assert_int_equal(test_db_int(site.db, fields, 0), 1);
	/* The same login again: refused, nothing more sent. */
	before = received();
	assert_int_equal(test_post_status(&site.srv, path, &siri, ask, NULL), 409);
	sleep(1);
	assert_int_equal(received(), before);
}

/* A user sets their own address and language: the page and the API. */
static void test_own_settings(void **state)
{
	(void)state;
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "silent", TEST_PASSWORD, &w), 303);
	char *body = test_get_ok(&site.srv, "/account", &w);
	assert_non_null(strstr(body, "name=\"email\""));
	free(body);
	assert_int_equal(test_post_status(&site.srv, "/account", &w, "email=ikkje+ei+adresse&lang=nn", NULL), 400);
	assert_int_equal(test_post_status(&site.srv, "/account", &w, "email=silje%40example.no&lang=en", NULL), 303);
	char text[80];
	test_db_text(site.db, "SELECT email || ' ' || lang FROM app_user WHERE login = 'silent'", 0, text,
		     sizeof text);
	assert_string_equal(text, "silje@example.no en");
	char *tok = test_new_token(site.db, "silent", "me");
	struct http h;
	test_api_req(&site.srv, &h, "GET", "/api/v1/me", tok, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *etag = test_http_header(&h, "ETag");
	test_http_free(&h);
	test_api_req(&site.srv, &h, "PATCH", "/api/v1/me", tok, "{\"lang\": \"nb\"}", NULL);
	assert_int_equal(h.status, 428);
	test_http_free(&h);
	char match[96];
	snprintf(match, sizeof match, "If-Match: %s", etag ? etag : "");
	const char *extra[] = {match, NULL};
	test_api_req(&site.srv, &h, "PATCH", "/api/v1/me", tok, "{\"lang\": \"nb\"}", extra);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_api_req(&site.srv, &h, "PATCH", "/api/v1/me", tok, "{\"lang\": \"en\"}", extra);
	assert_int_equal(h.status, 412); /* the ETag is stale now */
	test_http_free(&h);
	test_db_text(site.db, "SELECT lang FROM app_user WHERE login = 'silent'", 0, text, sizeof text);
	assert_string_equal(text, "nb");
	free(etag);
	free(tok);
}

/* The digest mail's unsubscribe token for addr ("" when there is none). */
static void unsubscribe_in_mail(const char *addr, char *token, size_t size)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c \"import mailbox,re\n"
		 "for m in mailbox.Maildir('%s', create=False):\n"
		 "  if '%s' not in m['To'] or not m['List-Unsubscribe']: continue\n"
		 "  t=[p for p in m.walk() if p.get_content_type()=='text/plain'][0].get_payload(decode=True).decode()\n"
		 "  f=re.findall(r'https://plan.example.no/unsubscribe/([A-Za-z0-9_-]+)', t)\n"
		 "  u=re.findall(r'unsubscribe/([A-Za-z0-9_-]+)', m['List-Unsubscribe'])\n"
		 "  ok=f and u==f[-1:] and m['List-Unsubscribe-Post']=='List-Unsubscribe=One-Click'\n"
		 "  ok=ok and 'https://plan.example.no/measure/8' in t and 'Seinare' in t\n"
		 "  ok and print(f[-1])\"",
		 maildir, addr);
	first_line(cmd, token, size);
}

/* Nina follows a measure; Siri reports on it; Nina's daily digest tells
 * it, and its one-click link ends her following. */
static void test_following(void **state)
{
	(void)state;
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "nina", "eit nytt og langt passord", &w), 303);
	char *body = test_get_ok(&site.srv, "/measure/8", &w);
	assert_non_null(strstr(body, "action=\"/follow/measure/8\""));
	free(body);
	assert_int_equal(test_post_status(&site.srv, "/follow/measure/8", &w, "follow=1", NULL), 303);
	assert_int_equal(test_post_status(&site.srv, "/follow/area/1", &w, "follow=1", NULL), 404);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow f JOIN app_user u"
					      " ON u.id = f.user_id WHERE u.login = 'nina'"
					      " AND f.kind = 'measure' AND f.target_id = 8", 0), 1);
	body = test_get_ok(&site.srv, "/measure/8", &w);
	assert_non_null(strstr(body, "name=\"follow\" value=\"0\""));
	free(body);
	/* Siri reports on it. */
	char *tok = test_new_token(site.db, "siri", "follow test");
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = 8", 0));
	const char *extra[] = {im, NULL};
	struct http h;
	test_api_req(&site.srv, &h, "POST", "/api/v1/measures/8/reports", tok,
		     "{\"reported_on\": \"2026-05-02\", \"state\": \"at_risk\", \"progress\": 20,"
		     " \"text\": \"Seinare enn planlagt\"}", extra);
	if (h.status != 201)
		fail_msg("report: %ld %s", h.status, h.body);
	test_http_free(&h);
	free(tok);
	char token[128] = "", path[200];
	for (int i = 0; i < 200 && !*token; i++) {
		usleep(100000);
		unsubscribe_in_mail("nina@example.no", token, sizeof token);
	}
	assert_true(strlen(token) > 20);
	/* Opening the link ends nothing (a mail program may open it); the
	 * button or the one-click POST does, once. */
	snprintf(path, sizeof path, "/unsubscribe/%s", token);
	assert_int_equal(test_get_status(&site.srv, path, NULL, NULL), 200);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow", 0), 1);
	test_req(&site.srv, &h, "POST", path, NULL, "List-Unsubscribe=One-Click", NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow", 0), 0);
	assert_int_equal(test_post_status(&site.srv, "/unsubscribe/feil", NULL, "", NULL), 404);
	/* One digest a day: a second report today sends none. */
	assert_int_equal(test_post_status(&site.srv, "/follow/measure/8", &w, "follow=1", NULL), 303);
	int before = received();
	tok = test_new_token(site.db, "siri", "follow test 2");
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = 8", 0));
	test_api_req(&site.srv, &h, "POST", "/api/v1/measures/8/reports", tok,
		     "{\"reported_on\": \"2026-05-03\", \"state\": \"on_track\"}", extra);
	assert_int_equal(h.status, 201);
	test_http_free(&h);
	free(tok);
	sleep(3);
	assert_int_equal(received(), before);
}

/* Anyone follows the published plan by e-mail: a confirmation first (one
 * a day, whatever is asked), then a daily digest that names nobody, and
 * its link ends it. */
static void test_follow_by_mail(void **state)
{
	(void)state;
	char *page = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(page, "action=\"/plan/" SLUG "/follow-by-mail\""));
	free(page);
	/* What is not an address (as a user's own address is checked) is
	 * refused, nothing stored. */
	const char *bad[] = {"email=ikkje+ei+adresse", "email=ola%40heime", "email=a%40b%40example.no",
			     "email=ola%2Ckari%40example.no", "email=ola%09%40example.no", NULL};
	for (int i = 0; bad[i]; i++)
		if (test_post_status(&site.srv, "/plan/" SLUG "/follow-by-mail", NULL, bad[i], NULL) != 400)
			fail_msg("%s was taken", bad[i]);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow_address", 0), 0);
	int before = received();
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/follow-by-mail", NULL,
					  "email=ida%40example.no", NULL), 200);
	char token[128] = "", path[200];
	for (int i = 0; i < 200 && !*token; i++) {
		usleep(100000);
		if (received() > before)
			token_in_mail("ida@example.no", "/follow/confirm/", token, sizeof token);
	}
	assert_true(strlen(token) > 20);
	/* Asked again the same day: no second mail, the first link still works. */
	assert_int_equal(test_post_status(&site.srv, "/plan/" SLUG "/follow-by-mail", NULL,
					  "email=ida%40example.no", NULL), 200);
	sleep(2);
	assert_int_equal(received(), before + 1);
	snprintf(path, sizeof path, "/follow/confirm/%s", token);
	assert_int_equal(test_get_status(&site.srv, path, NULL, NULL), 200);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow_address"
					      " WHERE confirmed_at IS NOT NULL", 0), 0);
	assert_int_equal(test_post_status(&site.srv, path, NULL, "", NULL), 200);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow_address"
					      " WHERE confirmed_at IS NOT NULL", 0), 1);
	/* A change in the plan: the digest tells it, without who made it. */
	char *tok = test_new_token(site.db, "siri", "follow by mail");
	char im[64];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = 8", 0));
	const char *extra[] = {im, NULL};
	struct http h;
	test_api_req(&site.srv, &h, "POST", "/api/v1/measures/8/reports", tok,
		     "{\"reported_on\": \"2026-05-04\", \"state\": \"delayed\","
		     " \"text\": \"Venter p\u00e5 svar\"}", extra);
	assert_int_equal(h.status, 201);
	test_http_free(&h);
	free(tok);
	char stop[128] = "";
	for (int i = 0; i < 200 && !*stop; i++) {
		usleep(100000);
		token_in_mail("ida@example.no", "/unsubscribe/", stop, sizeof stop);
	}
	assert_true(strlen(stop) > 20);
	char cmd[900];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c \"import mailbox,sys\n"
		 "ok=0\n"
		 "for m in mailbox.Maildir('%s', create=False):\n"
		 "  if 'ida@' not in m['To'] or not m['List-Unsubscribe']: continue\n"
		 "  t=[p for p in m.walk() if p.get_content_type()=='text/plain'][0].get_payload(decode=True).decode()\n"
		 "  ok+= 'Venter' in t and 'siri' not in t and 'https://plan.example.no/measure/8' in t\n"
		 "sys.exit(0 if ok==1 else 1)\"",
		 maildir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "/unsubscribe/%s", stop);
	assert_int_equal(test_post_status(&site.srv, path, NULL, "List-Unsubscribe=One-Click", NULL), 200);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM follow_address", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reminders),
		cmocka_unit_test(test_restart_sends_nothing_twice),
		cmocka_unit_test(test_killed_before_sending),
		cmocka_unit_test(test_forgotten_password),
		cmocka_unit_test(test_invitation),
		cmocka_unit_test(test_web_invitation),
		cmocka_unit_test(test_org_invitation),
		cmocka_unit_test(test_own_settings),
		cmocka_unit_test(test_following),
		cmocka_unit_test(test_follow_by_mail),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
