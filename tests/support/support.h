/*
 * support: what the test programs share - where the sources, seeds and the
 * binary are, running `samspel` as a user would, starting a server on a free
 * port, and HTTP requests with libcurl. Tests run under cmocka with TAP
 * output; scripts/run-tests adds them up.
 *
 * Environment (set by scripts/run-tests):
 *   SAMSPEL_ROOT   the source tree (default ".")
 *   SAMSPEL_SEEDS  the seed documents (default $SAMSPEL_ROOT/../shared/seeds)
 *   SAMSPEL_BIN    the samspel binary under test
 */
#ifndef SAMSPEL_TEST_SUPPORT_H
#define SAMSPEL_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sys/types.h>

/* A path under the source tree / the seeds folder (static storage, one
 * call's result valid until the next). */
const char *test_path(const char *relative);
const char *test_seed(const char *name);
const char *test_bin(void);

/* The whole file, NUL-terminated; the caller frees it. NULL if unreadable. */
char *test_read_file(const char *path, size_t *len);
/* A new empty folder under /tmp, removed with test_rmdir. Caller frees. */
char *test_tmpdir(void);
void test_rmdir(const char *dir);
/* dir/name, malloc'd. */
char *test_join(const char *dir, const char *name);

struct db;
/* The first column of the first row of sql on an open database; sql may
 * use :id (bound to id). -1 when there is no row. */
int64_t test_query_int(struct db *db, const char *sql, int64_t id);

/* Running the binary: args end with NULL. stdin_text may be NULL. */
struct run {
	int status;  /* exit status, or 128+signal */
	char *out, *err;
};
int test_run(struct run *r, const char *stdin_text, ...);
/* The same with the arguments in a NULL-terminated array. */
int test_runv(struct run *r, const char *stdin_text, const char *const *args);
void test_run_free(struct run *r);

/* A server: `samspel serve --db DB --listen 127.0.0.1:0 [extra...]`. */
struct server {
	pid_t pid;
	int port;
	char base[64]; /* "http://127.0.0.1:PORT" */
	int err_fd;    /* its stderr, for log checks */
};
int test_server_start(struct server *s, const char *db, ...);
void test_server_stop(struct server *s);
/* Everything the server wrote to stderr so far (malloc'd). */
char *test_server_log(struct server *s);

struct http {
	long status;
	char *body;
	size_t len;
	char *headers; /* raw header block */
};
/* method "GET", "HEAD", "POST", ...; headers NULL-terminated or NULL; body
 * may be NULL. Returns 0, or -1 when the connection failed. */
int test_http(struct http *r, const char *method, const char *url,
	      const char *const *headers, const char *body, size_t body_len);
/* The value of cookie name set by the response (Set-Cookie), as
 * "name=value" ready for a Cookie header, malloc'd; NULL when not set. The
 * whole Set-Cookie line goes to *line (malloc'd) when line is not NULL. */
char *test_http_cookie(const struct http *r, const char *name, char **line);
/* The value of a response header (case-insensitive name), malloc'd, or NULL. */
char *test_http_header(const struct http *r, const char *name);
void test_http_free(struct http *r);

/* Runs the tests with TAP output. */
#define TEST_MAIN(group) \
	int main(void) \
	{ \
		cmocka_set_message_output(CM_OUTPUT_TAP); \
		return cmocka_run_group_tests(group, NULL, NULL); \
	}

#endif
