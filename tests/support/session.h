/*
 * session: what the HTTP test programs share to act as a person would -
 * run `samspel` against a database, sign in through the login form (the
 * pre-session cookie, the password, the session cookie, the CSRF token
 * read from a page), and send requests and forms as that person.
 */
#ifndef SAMSPEL_TEST_SESSION_H
#define SAMSPEL_TEST_SESSION_H

#include "support.h"

#include <stdbool.h>
#include <stddef.h>

/* The password every test user gets from test_add_user. */
#define TEST_PASSWORD "riktig hest batteri stift"

/* Runs `samspel ARGS... --db database` (args NULL-ended); the result in *r
 * (free it with test_run_free), whatever the exit status. */
void test_run_db(struct run *r, const char *database, const char *stdin_text,
		 const char *const *args);
/* Runs `samspel ARGS... --db database` (args NULL-ended) and fails the
 * test unless it exits 0. */
void test_run_ok(const char *database, const char *stdin_text, const char *const *args);
/* `samspel user add login --name login --role role [--org org]`. */
void test_add_user(const char *database, const char *login, const char *role, const char *org);
/* The same with a display name of its own: `--name name`. */
void test_add_named_user(const char *database, const char *login, const char *name,
			 const char *role, const char *org);
/* `samspel org add name --kind kind`, and a member of member_of when given. */
void test_add_org(const char *database, const char *name, const char *kind,
		  const char *member_of);

/* A signed-in browser: its session cookie and the CSRF token of its forms.
 * All zero: the public. */
struct who {
	char cookie[256];
	char csrf[80];
};

/* METHOD path on s as w (NULL: the public); a form body when body is set.
 * Extra headers (NULL-ended, may be NULL) are sent too; a Content-Type
 * among them is sent instead of the form's. Fails the test when the server
 * does not answer. */
void test_req(const struct server *s, struct http *h, const char *method, const char *path,
	      const struct who *w, const char *body, const char *const *extra);
/* POSTs fields (url-encoded, without csrf) as w, with w's CSRF token. */
void test_post_form(const struct server *s, struct http *h, const char *path,
		    const struct who *w, const char *fields);
/* Signs login in with TEST_PASSWORD through /login; fails unless it works. */
void test_sign_in(const struct server *s, const char *login, struct who *w);
/* Tries to sign login in with password (spaces are sent as '+', the rest
 * as given) through /login; returns the status of the POST. On 303 w is
 * signed in (cookie and CSRF token); otherwise it is all zero. */
long test_try_sign_in(const struct server *s, const char *login, const char *password,
		      struct who *w);
/* GET path on s as w (NULL: the public): the body (malloc'd, "" when there
 * is none), the status into *status. */
char *test_get(const struct server *s, const char *path, const struct who *w, long *status);
/* The same, failing the test unless the status is 200. */
char *test_get_ok(const struct server *s, const char *path, const struct who *w);
/* The value of the hidden (or any) input called name in body, into out
 * ("" when there is none). */
void test_hidden(const char *body, const char *name, char *out, size_t size);
/* How many times needle occurs in body. */
int test_count(const char *body, const char *needle);

#endif
