/*
 * Administration tests: users managed in the browser (list, add, grant and
 * remove roles, disable and enable, new password) and the first run's
 * single-use setup link - all through real HTTP against a real `samspel
 * serve`, checked against what `samspel user list` says is stored.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD_FORM "riktig+hest+batteri+stift"
#define COUNCIL "Fjordheim regionråd"
#define SCHOOL "Fjordkyst høgskule"

static struct test_site site;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_DEMO);
	test_add_named_user(site.db, "admin", "Admin Adminsen", "admin", NULL);
	test_add_named_user(site.db, "fjord", "Frode Fjord", "editor", COUNCIL);
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* --- helpers --- */

/* What `samspel user list` prints (malloc'd): the stored truth. */
static char *user_list(void)
{
	struct run r;
	test_run(&r, NULL, "user", "list", "--db", site.db, NULL);
	assert_int_equal(r.status, 0);
	char *out = strdup(r.out);
	test_run_free(&r);
	return out;
}

/* The line of `samspel user list` for login (malloc'd), or NULL. */
static char *user_line(const char *login)
{
	char *all = user_list(), *found = NULL;
	size_t n = strlen(login);
	for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, login, n) == 0 && line[n] == '\t')
			found = strdup(line);
	free(all);
	return found;
}

/* The value of the <option> whose text starts with name, from a page. */
static long option_value(const char *body, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = body; (p = strstr(p, "<option value=\"")); p++) {
		const char *v = p + 15;
		const char *text = strstr(v, ">");
		if (text && strncmp(text + 1, name, n) == 0 && (text[1 + n] == '<' || text[1 + n] == ' '))
			return atol(v);
	}
	fail_msg("no option %s", name);
	return 0;
}

/* The organisation id of name, as the add form offers it. */
static long org_id(const struct who *admin, const char *name)
{
	struct http h;
	test_req(&site.srv, &h, "GET", "/admin/users/new", admin, NULL, NULL);
	assert_int_equal(h.status, 200);
	long id = option_value(h.body, name);
	test_http_free(&h);
	assert_true(id > 0);
	return id;
}

static void assert_location(const struct http *h, const char *want)
{
	char *loc = test_http_header(h, "Location");
	assert_non_null(loc);
	assert_string_equal(loc, want);
	free(loc);
}

/* --- tests --- */

static void test_non_admin_is_refused(void **state)
{
	(void)state;
	struct who fjord, admin;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &fjord), 303);
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	long council = org_id(&admin, COUNCIL);
	char *before = user_list();

	static const char *const pages[] = {"/admin/users", "/admin/users/new", "/admin/users/admin",
					    "/admin/users/nobody"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		test_req(&site.srv, &h, "GET", pages[i], &fjord, NULL, NULL);
		if (h.status != 403)
			fail_msg("editor GET %s: %ld, expected 403", pages[i], h.status);
		assert_null(strstr(h.body, "Admin Adminsen"));
		test_http_free(&h);
		/* The public is sent to sign in. */
		test_req(&site.srv, &h, "GET", pages[i], NULL, NULL, NULL);
		assert_int_equal(h.status, 303);
		test_http_free(&h);
	}

	char fields[512];
	snprintf(fields, sizeof fields,
		 "login=snik&name=Snik&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		 "&role=admin&org=");
	test_post_form(&site.srv, &h, "/admin/users/new", &fjord, fields);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	snprintf(fields, sizeof fields, "role=admin&org=");
	test_post_form(&site.srv, &h, "/admin/users/fjord/grant", &fjord, fields);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	snprintf(fields, sizeof fields, "role=editor&org=%ld", council);
	test_post_form(&site.srv, &h, "/admin/users/fjord/revoke", &fjord, fields);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/admin/users/admin/disable", &fjord, "x=1");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/admin/users/admin/password",
		  &fjord, "password=eit+heilt+anna+passord&password2=eit+heilt+anna+passord");
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	/* Without signing in: refused, too. */
	test_req(&site.srv, &h, "POST", "/admin/users/admin/disable", NULL, "x=1", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);

	char *after = user_list();
	assert_string_equal(before, after);
	free(before);
	free(after);

	char *log = test_server_log(&site.srv);
	assert_non_null(strstr(log, "event=permission_denied user=fjord what=users.manage"));
	free(log);
}

static void test_admin_lists_and_adds_a_user(void **state)
{
	(void)state;
	struct who admin, kari;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	test_req(&site.srv, &h, "GET", "/admin/users", &admin, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "href=\"/admin/users/fjord\""));
	assert_non_null(strstr(h.body, "Frode Fjord"));
	assert_non_null(strstr(h.body, COUNCIL));
	assert_non_null(strstr(h.body, "href=\"/admin/users/new\""));
	char *cc = test_http_header(&h, "Cache-Control");
	assert_string_equal(cc, "no-store");
	free(cc);
	test_http_free(&h);

	long school = org_id(&admin, SCHOOL);
	test_req(&site.srv, &h, "GET", "/admin/users/new", &admin, NULL, NULL);
	assert_non_null(strstr(h.body, "name=\"csrf\""));
	assert_non_null(strstr(h.body, "<select id=\"org\" name=\"org\""));
	test_http_free(&h);

	char fields[512];
	snprintf(fields, sizeof fields,
		 "login=Kari&name=Kari+Nordmann&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		 "&role=reporter&org=%ld", school);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin, fields);
	assert_int_equal(h.status, 303);
	assert_location(&h, "/admin/users/kari");
	test_http_free(&h);

	char *line = user_line("kari");
	assert_non_null(line);
	assert_non_null(strstr(line, "Kari Nordmann"));
	assert_non_null(strstr(line, "reporter@" SCHOOL));
	free(line);

	/* The new user can sign in. */
	assert_int_equal(test_try_sign_in(&site.srv, "kari", PASSWORD_FORM, &kari), 303);
	test_req(&site.srv, &h, "GET", "/admin/users/kari", &admin, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "Kari Nordmann"));
	assert_non_null(strstr(h.body, "action=\"/admin/users/kari/grant\""));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/admin/users/ingen-slik", &admin, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
}

static void test_validation_keeps_inputs(void **state)
{
	(void)state;
	struct who admin;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	long council = org_id(&admin, COUNCIL);
	long school = org_id(&admin, SCHOOL);
	char *before = user_list();
	char fields[512];

	/* The passwords differ: that field is marked, in Nynorsk, and the
	 * rest is kept (never the passwords). */
	snprintf(fields, sizeof fields,
		 "login=per&name=Per+P%%C3%%A5l&password=" PASSWORD_FORM
		 "&password2=noko+heilt+anna+her&role=reader&org=%ld", council);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"password2\" name=\"password2\" type=\"password\" "
				       "autocomplete=\"new-password\" aria-invalid=\"true\" "
				       "aria-describedby=\"password2-error\""));
	assert_non_null(strstr(h.body, "id=\"password2-error\">Dei to passorda er ulike."));
	assert_non_null(strstr(h.body, "value=\"per\""));
	assert_non_null(strstr(h.body, "value=\"Per Pål\""));
	assert_non_null(strstr(h.body, "<option value=\"reader\" selected>"));
	char opt[64];
	snprintf(opt, sizeof opt, "<option value=\"%ld\" selected>", council);
	assert_non_null(strstr(h.body, opt));
	assert_null(strstr(h.body, "hest"));
	assert_int_equal(strstr(h.body, "aria-invalid") - h.body,
			 strstr(h.body, "aria-invalid=\"true\" aria-describedby=\"password2-error\"") - h.body);
	test_http_free(&h);

	/* A taken login. */
	snprintf(fields, sizeof fields,
		 "login=fjord&name=Ein+annan&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		 "&role=reader&org=%ld", council);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin, fields);
	assert_int_equal(h.status, 409);
	assert_non_null(strstr(h.body, "aria-describedby=\"login-error\""));
	assert_non_null(strstr(h.body, "value=\"Ein annan\""));
	test_http_free(&h);

	/* Too short a password. */
	snprintf(fields, sizeof fields,
		 "login=per&name=Per&password=kort&password2=kort&role=reader&org=%ld", council);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-describedby=\"password-error\""));
	test_http_free(&h);

	/* An editor must be of a council; a role needs its organisation. */
	snprintf(fields, sizeof fields,
		 "login=per&name=Per&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		 "&role=editor&org=%ld", school);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"org\" name=\"org\" aria-invalid=\"true\" aria-describedby=\"org-error\""));
	assert_non_null(strstr(h.body, "<option value=\"editor\" selected>"));
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin,
		  "login=per&name=Per&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		  "&role=reader&org=");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-describedby=\"org-error\""));
	test_http_free(&h);
	test_post_form(&site.srv, &h, "/admin/users/new", &admin,
		  "login=per&name=Per&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		  "&role=keisar&org=");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-describedby=\"role-error\""));
	test_http_free(&h);
	/* A bad login name; "new" is the form's own address. */
	test_post_form(&site.srv, &h, "/admin/users/new", &admin,
		  "login=new&name=Per&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		  "&role=admin&org=");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-describedby=\"login-error\""));
	test_http_free(&h);

	/* On a user's page: the grant form keeps its choice and marks it. */
	snprintf(fields, sizeof fields, "role=editor&org=%ld", school);
	test_post_form(&site.srv, &h, "/admin/users/fjord/grant", &admin, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "id=\"grant-org\" name=\"org\" aria-invalid=\"true\" aria-describedby=\"grant-org-error\""));
	snprintf(opt, sizeof opt, "<option value=\"%ld\" selected>", school);
	assert_non_null(strstr(h.body, opt));
	test_http_free(&h);
	/* ... and the password form its own. */
	test_post_form(&site.srv, &h, "/admin/users/fjord/password", &admin,
		  "password=eit+heilt+nytt+passord&password2=eit+anna+passord");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-describedby=\"pw-password2-error\""));
	test_http_free(&h);

	char *after = user_list();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_grant_and_remove_a_role(void **state)
{
	(void)state;
	struct who admin;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	long council = org_id(&admin, COUNCIL);
	char fields[256];
	snprintf(fields, sizeof fields, "role=reader&org=%ld", council);
	test_post_form(&site.srv, &h, "/admin/users/fjord/grant", &admin, fields);
	assert_int_equal(h.status, 303);
	assert_location(&h, "/admin/users/fjord");
	test_http_free(&h);
	char *line = user_line("fjord");
	assert_non_null(strstr(line, "editor@" COUNCIL));
	assert_non_null(strstr(line, "reader@" COUNCIL));
	free(line);
	test_req(&site.srv, &h, "GET", "/admin/users/fjord", &admin, NULL, NULL);
	assert_non_null(strstr(h.body, "action=\"/admin/users/fjord/revoke\""));
	test_http_free(&h);

	test_post_form(&site.srv, &h, "/admin/users/fjord/revoke", &admin, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	line = user_line("fjord");
	assert_non_null(strstr(line, "editor@" COUNCIL));
	assert_null(strstr(line, "reader@"));
	free(line);
	/* Removing it again: it is gone, said on the page. */
	test_post_form(&site.srv, &h, "/admin/users/fjord/revoke", &admin, fields);
	assert_int_equal(h.status, 404);
	assert_non_null(strstr(h.body, "id=\"revoke-error\""));
	test_http_free(&h);

	/* An admin may give the admin role, and take it again... */
	test_post_form(&site.srv, &h, "/admin/users/fjord/grant", &admin, "role=admin&org=");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	line = user_line("fjord");
	assert_non_null(strstr(line, "admin"));
	free(line);
	test_post_form(&site.srv, &h, "/admin/users/fjord/revoke", &admin, "role=admin&org=0");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	line = user_line("fjord");
	assert_null(strstr(line, "admin"));
	free(line);

	/* ... but not their own. */
	test_post_form(&site.srv, &h, "/admin/users/admin/revoke", &admin, "role=admin&org=0");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "role=\"alert\" id=\"revoke-error\""));
	assert_non_null(strstr(h.body, "Du kan ikkje ta frå deg"));
	test_http_free(&h);
	line = user_line("admin");
	assert_non_null(strstr(line, "\tadmin"));
	free(line);
	test_req(&site.srv, &h, "GET", "/admin/users", &admin, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

static void test_disable_and_enable(void **state)
{
	(void)state;
	struct who admin, fjord;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &fjord), 303);
	test_post_form(&site.srv, &h, "/admin/users/fjord/disable", &admin, "x=1");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	char *line = user_line("fjord");
	assert_non_null(strstr(line, "\t("));
	free(line);
	/* Their session ended; signing in is refused. */
	test_req(&site.srv, &h, "GET", "/", &fjord, NULL, NULL);
	assert_null(strstr(h.body, "Frode Fjord"));
	test_http_free(&h);
	struct who again;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &again), 401);
	test_req(&site.srv, &h, "GET", "/admin/users", &admin, NULL, NULL);
	assert_non_null(strstr(h.body, "class=\"disabled\""));
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/admin/users/fjord", &admin, NULL, NULL);
	assert_non_null(strstr(h.body, "action=\"/admin/users/fjord/enable\""));
	test_http_free(&h);

	/* Nobody disables themselves. */
	test_post_form(&site.srv, &h, "/admin/users/admin/disable", &admin, "x=1");
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "role=\"alert\" id=\"state-error\""));
	assert_non_null(strstr(h.body, "aria-describedby=\"state-error\""));
	test_http_free(&h);
	line = user_line("admin");
	assert_null(strstr(line, "\t("));
	free(line);

	test_post_form(&site.srv, &h, "/admin/users/fjord/enable", &admin, "x=1");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &fjord), 303);
}

static void test_set_a_password(void **state)
{
	(void)state;
	struct who admin, fjord;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &fjord), 303);
	test_post_form(&site.srv, &h, "/admin/users/fjord/password", &admin,
		  "password=eit+heilt+nytt+passord&password2=eit+heilt+nytt+passord");
	assert_int_equal(h.status, 303);
	assert_location(&h, "/admin/users/fjord");
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/", &fjord, NULL, NULL);
	assert_null(strstr(h.body, "Frode Fjord")); /* the old session ended */
	test_http_free(&h);
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &w), 401);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", "eit+heilt+nytt+passord", &w), 303);
	/* Back as it was, for the other tests. */
	test_post_form(&site.srv, &h, "/admin/users/fjord/password", &admin,
		  "password=" PASSWORD_FORM "&password2=" PASSWORD_FORM);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &w), 303);
}

static void test_csrf_missing_writes_nothing(void **state)
{
	(void)state;
	struct who admin;
	struct http h;
	assert_int_equal(test_try_sign_in(&site.srv, "admin", PASSWORD_FORM, &admin), 303);
	long council = org_id(&admin, COUNCIL);
	char *before = user_list();
	char body[512];
	snprintf(body, sizeof body,
		 "login=utan&name=Utan+token&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM
		 "&role=admin&org=");
	test_req(&site.srv, &h, "POST", "/admin/users/new", &admin, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	snprintf(body, sizeof body, "role=reader&org=%ld", council);
	test_req(&site.srv, &h, "POST", "/admin/users/fjord/grant", &admin, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	snprintf(body, sizeof body, "csrf=feil&role=editor&org=%ld", council);
	test_req(&site.srv, &h, "POST", "/admin/users/fjord/revoke", &admin, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/admin/users/fjord/disable", &admin, "x=1", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", "/admin/users/fjord/password", &admin,
	    "password=eit+heilt+nytt+passord&password2=eit+heilt+nytt+passord", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	char *after = user_list();
	assert_string_equal(before, after);
	free(before);
	free(after);
	struct who w;
	assert_int_equal(test_try_sign_in(&site.srv, "fjord", PASSWORD_FORM, &w), 303);
}

/* The setup link in log, as "/setup/TOKEN" (malloc'd), or NULL. */
static char *setup_path(const char *log)
{
	const char *p = strstr(log, "/setup/");
	return p ? strndup(p, strcspn(p, " \n\t")) : NULL;
}

static void test_first_run(void **state)
{
	(void)state;
	/* A server over a database with users prints no link. */
	struct server plain;
	assert_int_equal(test_server_start(&plain, site.db, NULL), 0);
	char *log = test_server_log(&plain);
	assert_null(setup_path(log));
	free(log);
	test_server_stop(&plain);
	struct http h;
	test_req(&site.srv, &h, "GET", "/setup/x", NULL, NULL, NULL);
	assert_int_equal(h.status, 404);
	test_http_free(&h);

	char *fresh_dir = test_tmpdir();
	char *fresh = test_join(fresh_dir, "tom.db");
	struct run r;
	test_run(&r, NULL, "migrate", "--db", fresh, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	struct server s;
	assert_int_equal(test_server_start(&s, fresh, NULL), 0);
	log = test_server_log(&s);
	char *path = setup_path(log);
	assert_non_null(path);
	assert_true(strlen(path) > 7 + 40);
	assert_non_null(strstr(log, "http://127.0.0.1:PORT/setup/"));
	free(log);

	char url[256];
	snprintf(url, sizeof url, "%s%s", s.base, path);
	const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	assert_int_equal(test_http(&h, "GET", url, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "name=\"password2\""));
	test_http_free(&h);
	/* A wrong token is nothing. */
	char wrong[256];
	snprintf(wrong, sizeof wrong, "%s/setup/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", s.base);
	assert_int_equal(test_http(&h, "GET", wrong, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 404);
	test_http_free(&h);

	/* A mistake keeps the link working and what was typed. */
	const char *bad = "login=sjef&name=Sara+Sjef&password=" PASSWORD_FORM "&password2=anna+ting+her";
	assert_int_equal(test_http(&h, "POST", url, form, bad, strlen(bad)), 0);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "aria-invalid=\"true\" aria-describedby=\"password2-error\""));
	assert_non_null(strstr(h.body, "value=\"Sara Sjef\""));
	test_http_free(&h);

	const char *good = "login=sjef&name=Sara+Sjef&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM;
	assert_int_equal(test_http(&h, "POST", url, form, good, strlen(good)), 0);
	assert_int_equal(h.status, 303);
	assert_location(&h, "/admin/users");
	char *cookie = test_http_cookie(&h, "samspel_session", NULL);
	assert_non_null(cookie);
	test_http_free(&h);

	/* Signed in as the new admin. */
	char header[300];
	snprintf(header, sizeof header, "Cookie: %s", cookie);
	const char *with_cookie[] = {header, NULL};
	char users[128];
	snprintf(users, sizeof users, "%s/admin/users", s.base);
	assert_int_equal(test_http(&h, "GET", users, with_cookie, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "Sara Sjef"));
	test_http_free(&h);
	free(cookie);

	/* Once only: then 404, for GET and POST alike. */
	assert_int_equal(test_http(&h, "GET", url, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	const char *second = "login=nummer2&name=To&password=" PASSWORD_FORM "&password2=" PASSWORD_FORM;
	assert_int_equal(test_http(&h, "POST", url, form, second, strlen(second)), 0);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_run(&r, NULL, "user", "list", "--db", fresh, NULL);
	assert_non_null(strstr(r.out, "sjef\tSara Sjef\tadmin"));
	assert_null(strstr(r.out, "nummer2"));
	test_run_free(&r);

	/* The token is never logged beyond the console notice. */
	log = test_server_log(&s);
	assert_non_null(strstr(log, "event=setup_admin_created user=sjef"));
	assert_null(strstr(log, "hest"));
	free(log);
	test_server_stop(&s);

	/* Restarted with a user: no link, and /setup/ is nothing. */
	assert_int_equal(test_server_start(&s, fresh, NULL), 0);
	log = test_server_log(&s);
	assert_null(setup_path(log));
	free(log);
	snprintf(url, sizeof url, "%s%s", s.base, path);
	assert_int_equal(test_http(&h, "GET", url, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 404);
	test_http_free(&h);
	test_server_stop(&s);
	free(path);
	test_rmdir(fresh_dir);
	free(fresh_dir);
	free(fresh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_non_admin_is_refused),
		cmocka_unit_test(test_admin_lists_and_adds_a_user),
		cmocka_unit_test(test_validation_keeps_inputs),
		cmocka_unit_test(test_grant_and_remove_a_role),
		cmocka_unit_test(test_disable_and_enable),
		cmocka_unit_test(test_set_a_password),
		cmocka_unit_test(test_csrf_missing_writes_nothing),
		cmocka_unit_test(test_first_run),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
