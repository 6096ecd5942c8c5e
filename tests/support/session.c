/* session.c: acting as a signed-in person in HTTP tests (see session.h). */
#include "session.h"

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
