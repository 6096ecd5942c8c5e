/* session.c: acting as a signed-in person in HTTP tests (see session.h). */
#include "session.h"
#include "base/err.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void test_run_db(struct run *r, const char *database, const char *stdin_text,
		 const char *const *args)
{
	const char *all[40];
	int n = 0;
	while (args[n] && n < 36) {
		all[n] = args[n];
		n++;
	}
	all[n++] = "--db";
	all[n++] = database;
	all[n] = NULL;
	test_runv(r, stdin_text, all);
}

void test_run_ok(const char *database, const char *stdin_text, const char *const *args)
{
	struct run r;
	test_run_db(&r, database, stdin_text, args);
	if (r.status != 0)
		fail_msg("samspel %s %s failed (%d): %s", args[0] ? args[0] : "",
			 args[0] && args[1] ? args[1] : "", r.status, r.err);
	test_run_free(&r);
}

void test_add_user(const char *database, const char *login, const char *role, const char *org)
{
	test_add_named_user(database, login, login, role, org);
}

void test_add_named_user(const char *database, const char *login, const char *name,
			 const char *role, const char *org)
{
	const char *args[] = {"user", "add", login, "--name", name, "--role", role,
			      "--password-stdin", org ? "--org" : NULL, org, NULL};
	test_run_ok(database, TEST_PASSWORD "\n", args);
}

void test_add_three(const char *database)
{
	test_add_user(database, "sogn", "editor", "Sogn regionråd");
	test_add_user(database, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(database, "nho", "reporter", "NHO");
}

void test_add_org(const char *database, const char *name, const char *kind,
		  const char *member_of)
{
	const char *add[] = {"org", "add", name, "--kind", kind, NULL};
	test_run_ok(database, NULL, add);
	if (member_of) {
		const char *member[] = {"org", "member", member_of, name, NULL};
		test_run_ok(database, NULL, member);
	}
}

void test_req(const struct server *s, struct http *h, const char *method, const char *path,
	      const struct who *w, const char *body, const char *const *extra)
{
	char url[1024], cookie[300];
	const char *headers[12] = {NULL};
	int n = 0;
	snprintf(url, sizeof url, "%s%s", s->base, path);
	if (w && w->cookie[0]) {
		snprintf(cookie, sizeof cookie, "Cookie: %s", w->cookie);
		headers[n++] = cookie;
	}
	bool own_type = false;
	for (int i = 0; extra && extra[i]; i++)
		if (strncasecmp(extra[i], "Content-Type:", 13) == 0)
			own_type = true;
	if (body && !own_type)
		headers[n++] = "Content-Type: application/x-www-form-urlencoded";
	for (int i = 0; extra && extra[i] && n < 11; i++)
		headers[n++] = extra[i];
	if (test_http(h, method, url, headers, body, body ? strlen(body) : 0) != 0)
		fail_msg("%s %s: no answer", method, path);
}

void test_post_form(const struct server *s, struct http *h, const char *path,
		    const struct who *w, const char *fields)
{
	size_t n = strlen(fields) + 128;
	char *body = malloc(n);
	snprintf(body, n, "csrf=%s&%s", w ? w->csrf : "", fields);
	test_req(s, h, "POST", path, w, body, NULL);
	free(body);
}

#define MULTIPART_BOUNDARY "samspel-test-boundary-7d1e"

void test_post_file(const struct server *s, struct http *h, const char *path,
		    const struct who *w, const char *const *fields, const char *filename,
		    const void *data, size_t len)
{
	size_t cap = len + 8192, n = 0;
	char *body = malloc(cap);
	n += (size_t)snprintf(body + n, cap - n, "--" MULTIPART_BOUNDARY "\r\nContent-Disposition:"
				" form-data; name=\"csrf\"\r\n\r\n%s\r\n", w ? w->csrf : "");
	for (size_t i = 0; fields && fields[i] && fields[i + 1]; i += 2)
		n += (size_t)snprintf(body + n, cap - n, "--" MULTIPART_BOUNDARY "\r\nContent-Disposition:"
					" form-data; name=\"%s\"\r\n\r\n%s\r\n", fields[i], fields[i + 1]);
	n += (size_t)snprintf(body + n, cap - n, "--" MULTIPART_BOUNDARY "\r\nContent-Disposition: form-data;"
				" name=\"file\"; filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
			      filename);
	memcpy(body + n, data, len);
	n += len;
	n += (size_t)snprintf(body + n, cap - n, "\r\n--" MULTIPART_BOUNDARY "--\r\n");
	char url[1024], cookie[300];
	const char *headers[3] = {"Content-Type: multipart/form-data; boundary=" MULTIPART_BOUNDARY, NULL, NULL};
	if (w && w->cookie[0]) {
		snprintf(cookie, sizeof cookie, "Cookie: %s", w->cookie);
		headers[1] = cookie;
	}
	snprintf(url, sizeof url, "%s%s", s->base, path);
	if (test_http(h, "POST", url, headers, body, n) != 0)
		fail_msg("POST %s: no answer", path);
	free(body);
}

char *test_get(const struct server *s, const char *path, const struct who *w, long *status)
{
	struct http h;
	test_req(s, &h, "GET", path, w, NULL, NULL);
	*status = h.status;
	char *body = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return body;
}

char *test_get_ok(const struct server *s, const char *path, const struct who *w)
{
	long status;
	char *body = test_get(s, path, w, &status);
	if (status != 200)
		fail_msg("GET %s: %ld", path, status);
	return body;
}

void test_hidden(const char *body, const char *name, char *out, size_t size)
{
	char needle[96];
	snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
	const char *p = body ? strstr(body, needle) : NULL;
	out[0] = '\0';
	if (!p)
		return;
	p += strlen(needle);
	size_t len = strcspn(p, "\"");
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), p);
}

long test_try_sign_in(const struct server *s, const char *login, const char *password,
		      struct who *w)
{
	struct http h;
	memset(w, 0, sizeof *w);
	test_req(s, &h, "GET", "/login", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *pre = test_http_cookie(&h, "samspel_login", NULL);
	assert_non_null(pre);
	char pre_value[80], form_password[256], body[512];
	test_hidden(h.body, "pre", pre_value, sizeof pre_value);
	test_http_free(&h);
	snprintf(form_password, sizeof form_password, "%s", password);
	for (char *p = form_password; *p; p++)
		if (*p == ' ')
			*p = '+';
	snprintf(body, sizeof body, "login=%s&password=%s&pre=%s&next=%%2F", login, form_password,
		 pre_value);
	struct who tmp;
	memset(&tmp, 0, sizeof tmp);
	snprintf(tmp.cookie, sizeof tmp.cookie, "%s", pre);
	free(pre);
	test_req(s, &h, "POST", "/login", &tmp, body, NULL);
	long status = h.status;
	if (status == 303) {
		char *session = test_http_cookie(&h, "samspel_session", NULL);
		assert_non_null(session);
		snprintf(w->cookie, sizeof w->cookie, "%s", session);
		free(session);
		struct http page;
		test_req(s, &page, "GET", "/", w, NULL, NULL);
		test_hidden(page.body, "csrf", w->csrf, sizeof w->csrf);
		assert_true(strlen(w->csrf) > 20);
		test_http_free(&page);
	}
	test_http_free(&h);
	return status;
}

void test_sign_in(const struct server *s, const char *login, struct who *w)
{
	long status = test_try_sign_in(s, login, TEST_PASSWORD, w);
	if (status != 303)
		fail_msg("signing in %s: %ld", login, status);
}

int test_count(const char *body, const char *needle)
{
	int n = 0;
	for (const char *p = body; p && (p = strstr(p, needle)); p++)
		n++;
	return n;
}

void test_site_make(struct test_site *site, unsigned flags)
{
	memset(site, 0, sizeof *site);
	site->dir = test_tmpdir();
	site->db = test_join(site->dir, "samspel.db");
	if (flags & SITE_SEED) {
		const char *seed[] = {"import", test_seed("003_5bc64c91c12c2643.txt"), NULL};
		test_run_ok(site->db, NULL, seed);
	}
	if (flags & (SITE_DEMO | SITE_DEMO_DRAFT | SITE_DEMO_PUBLISH)) {
		const char *how = flags & SITE_DEMO_DRAFT     ? "--draft"
				  : flags & SITE_DEMO_PUBLISH ? "--publish"
							      : NULL;
		const char *demo[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), how,
				      NULL};
		test_run_ok(site->db, NULL, demo);
	}
}

int test_site_serve(struct test_site *site, const char *const *serve_args)
{
	const char *a[9] = {NULL};
	for (int i = 0; serve_args && serve_args[i] && i < 8; i++)
		a[i] = serve_args[i];
	if (test_server_start(&site->srv, site->db, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
			      a[7], a[8]) != 0)
		return -1;
	site->serving = true;
	return 0;
}

int test_site_open(struct test_site *site, unsigned flags, const char *const *serve_args)
{
	test_site_make(site, flags);
	return test_site_serve(site, serve_args);
}

int test_serve_three(struct test_site *site, struct who *sogn, struct who *fjord,
		     struct who *nho)
{
	if (test_site_serve(site, NULL) != 0)
		return -1;
	const char *logins[] = {"sogn", "fjord", "nho"};
	struct who *whos[] = {sogn, fjord, nho};
	for (int i = 0; i < 3; i++)
		if (whos[i])
			test_sign_in(&site->srv, logins[i], whos[i]);
	return 0;
}

void test_site_close(struct test_site *site)
{
	if (site->serving)
		test_server_stop(&site->srv);
	if (site->dir)
		test_rmdir(site->dir);
	free(site->dir);
	free(site->db);
	memset(site, 0, sizeof *site);
}

char *test_new_token(const char *database, const char *login, const char *name)
{
	struct run r;
	const char *args[] = {"token", "add", login, "--name", name, NULL};
	test_run_db(&r, database, NULL, args);
	assert_int_equal(r.status, 0);
	/* The token alone on the last line. */
	size_t n = strlen(r.out);
	assert_true(n > 2 && r.out[n - 1] == '\n');
	while (n && r.out[n - 1] == '\n')
		r.out[--n] = '\0';
	char *last = strrchr(r.out, '\n');
	char *token = strdup(last ? last + 1 : r.out);
	test_run_free(&r);
	assert_int_equal(strncmp(token, "sst_", 4), 0);
	return token;
}

/* One value of database: the first column of the first row of sql (see
 * test_db_text_by), as text into out (when out is not NULL) and as a
 * number into *num; false when there is no row. */
static bool db_value(const char *database, const char *sql, long long id, const char *text,
		     char *out, size_t size, long long *num)
{
	struct db *d;
	struct err e = ERR_INIT;
	if (out)
		out[0] = '\0';
	*num = 0;
	if (db_open(database, 0, &d, &e) != OK)
		fail_msg("open %s: %s", database, e.msg);
	struct stmt *st = db_prepare_once(d, sql);
	if (id)
		stmt_bind_int(st, ":id", id);
	if (text)
		stmt_bind_text(st, ":text", text);
	bool row = stmt_step(st, &e) == DB_ROW;
	if (row) {
		if (out && col_text(st, 0))
			snprintf(out, size, "%s", col_text(st, 0));
		*num = col_int(st, 0);
	}
	stmt_finish(st);
	db_close(d);
	return row;
}

void test_db_text_by(const char *database, const char *sql, long long id, const char *text,
		     char *out, size_t size)
{
	long long num;
	db_value(database, sql, id, text, out, size, &num);
}

void test_db_text(const char *database, const char *sql, long long id, char *out, size_t size)
{
	test_db_text_by(database, sql, id, NULL, out, size);
}

long long test_db_int_by(const char *database, const char *sql, long long id, const char *text)
{
	long long num;
	return db_value(database, sql, id, text, NULL, 0, &num) ? num : -1;
}

long long test_db_int(const char *database, const char *sql, long long id)
{
	return test_db_int_by(database, sql, id, NULL);
}

long test_get_status(const struct server *s, const char *path, const struct who *w,
		     char **body)
{
	struct http h;
	test_req(s, &h, "GET", path, w, NULL, NULL);
	long status = h.status;
	if (body)
		*body = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return status;
}

long test_post_status(const struct server *s, const char *path, const struct who *w,
		      const char *fields, char **body)
{
	struct http h;
	test_post_form(s, &h, path, w, fields);
	long status = h.status;
	if (body)
		*body = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return status;
}

void test_api_req(const struct server *s, struct http *h, const char *method, const char *path,
		  const char *token, const char *body, const char *const *extra)
{
	char auth[160];
	const char *headers[7] = {NULL};
	int n = 0;
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		headers[n++] = auth;
	}
	if (body)
		headers[n++] = "Content-Type: application/json";
	for (int i = 0; extra && extra[i] && i < 4; i++)
		headers[n++] = extra[i];
	test_req(s, h, method, path, NULL, body, headers);
}

void test_assert_header(const struct http *h, const char *name, const char *value)
{
	char *v = test_http_header(h, name);
	if (!v || strcmp(v, value) != 0)
		fail_msg("header %s is \"%s\", expected \"%s\"", name, v ? v : "(none)", value);
	free(v);
}
