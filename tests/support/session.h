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
/* The three people most suites need, in this order: "sogn" (editor of
 * Sogn regionråd), "fjord" (editor of Fjordheim regionråd) and "nho"
 * (reporter for NHO). */
void test_add_three(const char *database);
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
/* POSTs a multipart form as w (with w's CSRF token): the text fields
 * (name, value pairs, NULL-ended; may be NULL) and one file of len bytes
 * as "file" called filename. */
void test_post_file(const struct server *s, struct http *h, const char *path,
		    const struct who *w, const char *const *fields, const char *filename,
		    const void *data, size_t len);
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

/* --- a site: a database in a temp folder and a server on it --- */

/* What test_site_make imports: seed 003, and the demo plan as it is, as a
 * draft or published (one of the three; with the seed, after it). */
#define SITE_SEED 1u
#define SITE_DEMO 2u
#define SITE_DEMO_DRAFT 4u
#define SITE_DEMO_PUBLISH 8u

struct test_site {
	char *dir; /* the temp folder (test_tmpdir) */
	char *db;  /* dir/samspel.db */
	struct server srv;
	bool serving;
};

/* A new temp folder with the database dir/samspel.db, and what flags name
 * imported into it; no server yet (add users first, then test_site_serve).
 * Fails the test when an import fails. */
void test_site_make(struct test_site *site, unsigned flags);
/* Starts site->srv on site->db with serve_args (NULL-ended, at most 8; may
 * be NULL). 0, or -1 when the server does not start. */
int test_site_serve(struct test_site *site, const char *const *serve_args);
/* test_site_make and test_site_serve in one. */
int test_site_open(struct test_site *site, unsigned flags, const char *const *serve_args);
/* Stops the server (when it runs), removes the folder, frees; all zero. */
void test_site_close(struct test_site *site);
/* Starts site's server and signs test_add_three's people in as sogn,
 * fjord and nho (each may be NULL: not signed in). 0, or -1 when it does
 * not start. */
int test_serve_three(struct test_site *site, struct who *sogn, struct who *fjord,
		     struct who *nho);

/* `samspel token add login --name name`: the new API token (malloc'd, the
 * last line of the output); fails unless it works and starts "sst_". */
char *test_new_token(const char *database, const char *login, const char *name);

/* --- reading the database the server writes --- */

/* The first column of the first row of sql on database, as text into out
 * ("" for no row or NULL). sql may use :id (bound to id when id is not 0)
 * and :text (bound to text when text is not NULL). */
void test_db_text_by(const char *database, const char *sql, long long id, const char *text,
		     char *out, size_t size);
/* The same with :id only. */
void test_db_text(const char *database, const char *sql, long long id, char *out, size_t size);
/* The first column of the first row as a number (0 for NULL); -1 when
 * there is no row. */
long long test_db_int_by(const char *database, const char *sql, long long id, const char *text);
long long test_db_int(const char *database, const char *sql, long long id);

/* --- requests, the status returned --- */

/* GET path as w (NULL: the public): the status, the body into *body
 * (malloc'd) when body is not NULL. */
long test_get_status(const struct server *s, const char *path, const struct who *w,
		     char **body);
/* test_post_form: the status, the body into *body as test_get_status. */
long test_post_status(const struct server *s, const char *path, const struct who *w,
		      const char *fields, char **body);
/* A request to the API as the holder of token (NULL: the public): with
 * "Authorization: Bearer TOKEN", a JSON body (NULL: none) and extra
 * headers (NULL-ended, at most 4; may be NULL). */
void test_api_req(const struct server *s, struct http *h, const char *method, const char *path,
		  const char *token, const char *body, const char *const *extra);
/* Fails the test unless header name of h is value. */
void test_assert_header(const struct http *h, const char *name, const char *value);

#endif
