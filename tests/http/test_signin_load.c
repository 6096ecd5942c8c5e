/*
 * Sign-in under hostile traffic (issue 7, items 2 and 7): wrong passwords
 * in parallel do not make public pages wait; the account lock-out count is
 * exact when 40 attempts arrive at once; an API token's use is written at
 * most once a minute. Real HTTP against a real `samspel serve`, with
 * libcurl threads (bounded in number, attempts and time); the database is
 * read with SQLite directly to count what was written.
 */
#include "session.h"

#include <curl/curl.h>
#include <poll.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"
#define RIGHT "riktig+hest+batteri+stift" /* TEST_PASSWORD, form-encoded */
#define WRONG "heilt+feil+passord"

static char *dir, *db;

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_ALL);
	dir = test_tmpdir();
	db = test_join(dir, "samspel.db");
	const char *demo[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--publish", NULL};
	test_run_ok(db, NULL, demo);
	test_add_user(db, "ola", "admin", NULL);
	test_add_user(db, "kari", "reader", "Fjordheim regionråd");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_rmdir(dir);
	free(dir);
	free(db);
	curl_global_cleanup();
	return 0;
}

/* --- helpers --- */

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* The sign-in form's cookie and "pre" field, shared by every attempt. */
struct form_key {
	char cookie[160];
	char pre[80];
};

static void form_key(const struct server *s, struct form_key *k)
{
	struct http h;
	char url[128];
	snprintf(url, sizeof url, "%s/login", s->base);
	assert_int_equal(test_http(&h, "GET", url, NULL, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	char *c = test_http_cookie(&h, "samspel_login", NULL);
	assert_non_null(c);
	snprintf(k->cookie, sizeof k->cookie, "Cookie: %s", c);
	free(c);
	test_hidden(h.body, "pre", k->pre, sizeof k->pre);
	assert_true(k->pre[0] != '\0');
	test_http_free(&h);
}

static size_t discard(char *p, size_t size, size_t n, void *u)
{
	(void)p, (void)u;
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *u)
{
	size_t len = size * n;
	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
		*(int *)u = atoi(p + 12);
	return len;
}

/* One POST /login on a fresh connection (as a hostile client would): the
 * status (0 when there was no answer), Retry-After into *retry (0: none). */
static long post_login_from(const char *base, const struct form_key *k, const char *login,
			    const char *password, int *retry, const char *from)
{
	char url[128], body[256];
	snprintf(url, sizeof url, "%s/login", base);
	snprintf(body, sizeof body, "pre=%s&login=%s&password=%s", k->pre, login, password);
	CURL *c = curl_easy_init();
	struct curl_slist *hs = curl_slist_append(NULL, k->cookie);
	*retry = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, retry);
	if (from)
		curl_easy_setopt(c, CURLOPT_INTERFACE, from);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hs);
	curl_easy_cleanup(c);
	return status;
}

static long post_login(const char *base, const struct form_key *k, const char *login,
		       const char *password, int *retry)
{
	return post_login_from(base, k, login, password, retry, NULL);
}

/* GET url on a fresh connection: milliseconds until the whole answer, or
 * the timeout (5 s) when there was none; the status into *status. */
static double timed_get(const char *url, long *status)
{
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	double start = now_ms();
	*status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	double ms = now_ms() - start;
	curl_easy_cleanup(c);
	return ms;
}

/* Reads the server's log as it comes, so that a busy server never blocks
 * on a full pipe. */
struct drain {
	int fd;
	atomic_bool stop;
	pthread_t thread;
};

static void *drain_run(void *arg)
{
	struct drain *d = arg;
	char buf[4096];
	while (!atomic_load(&d->stop)) {
		struct pollfd p = {.fd = d->fd, .events = POLLIN};
		if (poll(&p, 1, 100) > 0 && read(d->fd, buf, sizeof buf) <= 0)
			usleep(10000);
	}
	return NULL;
}

/* One at a time; static, so that a failed test leaves it nothing dangling. */
static struct drain drainer;

static void drain_start(struct drain *d, const struct server *s)
{
	d->fd = s->err_fd;
	atomic_store(&d->stop, false);
	assert_int_equal(pthread_create(&d->thread, NULL, drain_run, d), 0);
}

static void drain_stop(struct drain *d)
{
	atomic_store(&d->stop, true);
	pthread_join(d->thread, NULL);
}

static sqlite3 *db_open_test(void)
{
	sqlite3 *q = NULL;
	assert_int_equal(sqlite3_open(db, &q), SQLITE_OK);
	sqlite3_busy_timeout(q, 5000);
	return q;
}

/* The first column of the first row of sql (one %s: arg), as text into
 * out ("" for NULL or no row). */
static void db_text(sqlite3 *q, const char *sql, const char *arg, char *out, size_t size)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(q, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	out[0] = '\0';
	int rc = sqlite3_step(st);
	assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static int db_int(sqlite3 *q, const char *sql, const char *arg)
{
	char v[32];
	db_text(q, sql, arg, v, sizeof v);
	return atoi(v);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* --- public pages while passwords are guessed --- */

#define ATTACKERS 24
#define ATTEMPTS_EACH 400
#define PROBES 40

struct attack {
	const struct server *s;
	const struct form_key *k;
	atomic_bool *stop;
	int wrong, refused, refused_without_retry, other;
};

static void *attacker(void *arg)
{
	struct attack *a = arg;
	for (int i = 0; i < ATTEMPTS_EACH && !atomic_load(a->stop); i++) {
		int retry;
		long st = post_login(a->s->base, a->k, "ola", WRONG, &retry);
		if (st == 401)
			a->wrong++;
		else if (st == 429) {
			a->refused++, a->refused_without_retry += retry <= 0;
			/* A moment before the next: what is measured is waiting
			 * for sign-ins, not a flood of connections (the
			 * connection limits' own tests do that). */
			usleep(10000);
		}
		else
			a->other++;
	}
	return NULL;
}

static void test_public_pages_do_not_wait_for_sign_ins(void **state)
{
	(void)state;
	struct server s;
	/* The limits out of reach: every attempt costs a password check
	 * (and all clients here share one address). */
	assert_int_equal(test_server_start(&s, db, "--lockout", "1000", "--lockout-ip", "1000",
					   "--lockout-time", "2", "--per-ip-connections", "1000",
					   NULL), 0);
	struct drain *d = &drainer;
	drain_start(d, &s);
	struct form_key k;
	form_key(&s, &k);
	char url[160];
	snprintf(url, sizeof url, "%s/plan/" DEMO, s.base);
	long status;
	timed_get(url, &status); /* into the page cache */
	assert_int_equal(status, 200);

	atomic_bool stop = false;
	pthread_t t[ATTACKERS];
	struct attack a[ATTACKERS];
	for (int i = 0; i < ATTACKERS; i++) {
		a[i] = (struct attack){.s = &s, .k = &k, .stop = &stop};
		assert_int_equal(pthread_create(&t[i], NULL, attacker, &a[i]), 0);
	}
	usleep(1000000); /* the attack under way */
	double ms[PROBES];
	int n = 0, not_ok = 0;
	double until = now_ms() + 30000;
	while (n < PROBES && now_ms() < until) {
		ms[n++] = timed_get(url, &status);
		not_ok += status != 200;
		usleep(60000);
	}
	/* Someone else, from another address, signs in meanwhile. */
	int retry;
	double t0 = now_ms();
	long other_address = post_login_from(s.base, &k, "ola", RIGHT, &retry, "host!127.0.0.2");
	double other_ms = now_ms() - t0;
	atomic_store(&stop, true);
	int wrong = 0, refused = 0, without = 0, other = 0;
	for (int i = 0; i < ATTACKERS; i++) {
		pthread_join(t[i], NULL);
		wrong += a[i].wrong, refused += a[i].refused;
		without += a[i].refused_without_retry, other += a[i].other;
	}
	drain_stop(d);
	test_server_stop(&s);

	qsort(ms, (size_t)n, sizeof ms[0], cmp_double);
	double median = ms[n / 2], p95 = ms[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1];
	printf("# %d parallel wrong passwords: %d probes, median %.1f ms, p95 %.1f ms, max %.1f ms;"
	       " attempts: %d wrong (401), %d refused (429), %d other;"
	       " a sign-in from another address: %ld in %.0f ms\n",
	       ATTACKERS, n, median, p95, ms[n - 1], wrong, refused, other, other_address, other_ms);
	assert_int_equal(n, PROBES);
	assert_int_equal(not_ok, 0);
	/* Today's figures (bench/README.md): median 1-6 ms, p95 25-100 ms on
	 * a shared 2-core machine with a sanitizer build; before, 600 ms and
	 * 3 s. The bound leaves room for the machine's own noise. */
	assert_true(median < 100.0);
	assert_true(p95 < 200.0);
	/* Passwords were checked all along, and every refusal says when to
	 * come back. */
	assert_true(wrong >= 10);
	assert_int_equal(other, 0);
	assert_int_equal(without, 0);
	/* One address cannot take the password checks from everyone else. */
	assert_int_equal(other_address, 303);
}

/* --- the lock-out count is exact under concurrency --- */

#define RACERS 40

struct racer {
	const struct server *s;
	const struct form_key *k;
	pthread_barrier_t *start;
	long status;
	int retry;
};

static void *racer(void *arg)
{
	struct racer *r = arg;
	pthread_barrier_wait(r->start);
	r->status = post_login(r->s->base, r->k, "kari", WRONG, &r->retry);
	return NULL;
}

static void test_lockout_exact_under_concurrency(void **state)
{
	(void)state;
	struct server s;
	assert_int_equal(test_server_start(&s, db, "--lockout", "5", "--lockout-ip", "1000",
					   "--lockout-time", "6", "--per-ip-connections", "1000",
					   NULL), 0);
	struct drain *d = &drainer;
	drain_start(d, &s);
	struct form_key k;
	form_key(&s, &k);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, RACERS);
	pthread_t t[RACERS];
	struct racer r[RACERS];
	for (int i = 0; i < RACERS; i++) {
		r[i] = (struct racer){.s = &s, .k = &k, .start = &start};
		assert_int_equal(pthread_create(&t[i], NULL, racer, &r[i]), 0);
	}
	int wrong = 0, locked = 0, other = 0;
	for (int i = 0; i < RACERS; i++) {
		pthread_join(t[i], NULL);
		if (r[i].status == 401)
			wrong++;
		else if (r[i].status == 429 && r[i].retry == 6) /* the lock's own Retry-After */
			locked++;
		else
			other++;
	}
	double burst_end = now_ms();
	pthread_barrier_destroy(&start);
	printf("# %d parallel wrong passwords against --lockout 5: %d wrong, %d locked, %d other\n",
	       RACERS, wrong, locked, other);
	assert_int_equal(wrong, 5);
	assert_int_equal(locked, RACERS - 5);
	assert_int_equal(other, 0);
	sqlite3 *q = db_open_test();
	assert_int_equal(db_int(q, "SELECT COUNT(*) FROM login_failure WHERE login = ?", "kari"), 5);

	/* Locked: the right password too is refused, until the time passes. */
	int retry;
	assert_int_equal(post_login(s.base, &k, "kari", RIGHT, &retry), 429);
	assert_int_equal(retry, 6);
	double wait = burst_end + 7000 - now_ms();
	if (wait > 0)
		usleep((useconds_t)(wait * 1000));
	assert_int_equal(post_login(s.base, &k, "kari", RIGHT, &retry), 303);
	assert_int_equal(db_int(q, "SELECT COUNT(*) FROM login_failure WHERE login = ?", "kari"), 0);
	sqlite3_close(q);
	drain_stop(d);
	test_server_stop(&s);
}

/* --- an API token's use is written at most once a minute --- */

static void test_token_use_written_once_a_minute(void **state)
{
	(void)state;
	struct run r;
	const char *add[] = {"token", "add", "ola", "--name", "last", NULL};
	test_run_db(&r, db, NULL, add);
	assert_int_equal(r.status, 0);
	size_t len = strlen(r.out);
	while (len && r.out[len - 1] == '\n')
		r.out[--len] = '\0';
	const char *last = strrchr(r.out, '\n');
	char token[128], auth[160];
	snprintf(token, sizeof token, "%s", last ? last + 1 : r.out);
	test_run_free(&r);
	assert_int_equal(strncmp(token, "sst_", 4), 0);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	const char *hs[] = {auth, NULL};

	struct server s;
	assert_int_equal(test_server_start(&s, db, NULL), 0);
	struct drain *d = &drainer;
	drain_start(d, &s);
	char url[160];
	snprintf(url, sizeof url, "%s/plan/" DEMO ".json", s.base);
	struct http h;
	assert_int_equal(test_http(&h, "GET", url, hs, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	sqlite3 *q = db_open_test();
	const char *get = "SELECT last_used_at FROM api_token WHERE name = ?";
	char used[64];
	db_text(q, get, "last", used, sizeof used);
	assert_true(used[0] != '\0'); /* the first use is written */

	/* A use 30 s ago is recent enough: 199 more requests write nothing. */
	char marker[64];
	db_text(q, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 seconds')", NULL,
		marker, sizeof marker);
	char *set = sqlite3_mprintf("UPDATE api_token SET last_used_at = %Q WHERE name = 'last'", marker);
	assert_int_equal(sqlite3_exec(q, set, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(set);
	for (int i = 0; i < 199; i++) {
		assert_int_equal(test_http(&h, "GET", url, hs, NULL, 0), 0);
		assert_int_equal(h.status, 200);
		test_http_free(&h);
	}
	db_text(q, get, "last", used, sizeof used);
	assert_string_equal(used, marker);

	/* A use 61 s ago is stale: the next request records the use anew. */
	db_text(q, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-61 seconds')", NULL,
		marker, sizeof marker);
	set = sqlite3_mprintf("UPDATE api_token SET last_used_at = %Q WHERE name = 'last'", marker);
	assert_int_equal(sqlite3_exec(q, set, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(set);
	assert_int_equal(test_http(&h, "GET", url, hs, NULL, 0), 0);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	db_text(q, get, "last", used, sizeof used);
	char recent[64];
	db_text(q, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 seconds')", NULL,
		recent, sizeof recent);
	assert_true(strcmp(used, recent) >= 0);
	sqlite3_close(q);
	drain_stop(d);
	test_server_stop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_pages_do_not_wait_for_sign_ins),
		cmocka_unit_test(test_lockout_exact_under_concurrency),
		cmocka_unit_test(test_token_use_written_once_a_minute),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
