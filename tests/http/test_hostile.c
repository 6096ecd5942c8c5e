/*
 * Hostile traffic at the connection and request layer (issue 7, items 1, 3,
 * 4 and 6), spoken as raw TCP where curl would not misbehave on purpose:
 * ambiguous framing is refused with 400 and nothing hidden behind it runs;
 * a body is refused unread where the route takes none; slow headers and
 * bodies are cut at their deadline however they trickle; one address gets
 * only so many connections; a crowd of slow connections leaves other
 * visitors answered quickly; X-Forwarded-For counts only from a trusted
 * proxy. Several loopback addresses (127.0.0.2, ...) stand in for distinct
 * clients. Every loop is bounded in count and time.
 */
#include "session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MEASURE "1"

static struct test_site site;
static char *token;

static double now(void)
{
	struct timeval t;
	gettimeofday(&t, NULL);
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* A TCP connection to s from the loopback address from (NULL: any). */
static int dial(const struct server *s, const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	if (from) {
		inet_pton(AF_INET, from, &a.sin_addr);
		if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
			close(fd);
			return -1;
		}
	}
	a.sin_port = htons((unsigned short)s->port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads from fd until the server closes it or ms pass; *closed says which.
 * The bytes read, NUL-terminated, malloc'd. */
static char *read_until_close(int fd, int ms, bool *closed)
{
	size_t cap = 1 << 16, n = 0;
	char *out = malloc(cap);
	double end = now() + ms / 1000.0;
	*closed = false;
	for (int rounds = 0; rounds < 100000; rounds++) {
		int left = (int)((end - now()) * 1000);
		if (left <= 0)
			break;
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, left) <= 0)
			break;
		if (n + 4096 > cap)
			out = realloc(out, cap *= 2);
		ssize_t got = recv(fd, out + n, cap - n - 1, 0);
		if (got <= 0) {
			*closed = true;
			break;
		}
		n += (size_t)got;
	}
	out[n] = '\0';
	return out;
}

/* Sends request on a new connection; what came back before the server
 * closed it (fails the test when it does not close within ms). */
static char *exchange(const struct server *s, const char *request, size_t len, int ms)
{
	int fd = dial(s, NULL);
	assert_true(fd >= 0);
	assert_int_equal(send(fd, request, len, MSG_NOSIGNAL), (ssize_t)len);
	bool closed;
	char *answer = read_until_close(fd, ms, &closed);
	close(fd);
	if (!closed)
		fail_msg("the connection stayed open after: %.60s", request);
	return answer;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The reports of the measure as the API lists them (malloc'd JSON). */
static char *reports(void)
{
	char auth[200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	const char *h[] = {auth, NULL};
	struct http r;
	test_req(&site.srv, &r, "GET", "/api/v1/measures/" MEASURE "/reports", NULL, NULL, h);
	assert_int_equal(r.status, 200);
	char *body = strdup(r.body);
	test_http_free(&r);
	return body;
}

/* A request that, if it runs, stores a status report with the text marker. */
static char *hidden_request(const char *marker)
{
	char form[256], *out = malloc(1024);
	snprintf(form, sizeof form, "reported_on=2026-11-20&state=on_track&progress=10&text=%s",
		 marker);
	snprintf(out, 1024,
		 "POST /measure/" MEASURE "/report HTTP/1.1\r\nHost: x\r\n"
		 "Authorization: Bearer %s\r\n"
		 "Content-Type: application/x-www-form-urlencoded\r\n"
		 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		 token, strlen(form), form);
	return out;
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED);
	test_add_named_user(site.db, "vakt", "Vakt", "admin", NULL);
	token = test_new_token(site.db, "vakt", "hostile");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	free(token);
	return 0;
}

/* Item 6: two Content-Lengths, Content-Length with chunked, no Host,
 * whitespace before a colon, a folded line, two Hosts, an unknown transfer
 * coding: each 400, the connection closed, the request hidden behind it
 * never run. */
static void test_ambiguous_framing_is_refused(void **state)
{
	(void)state;
	/* The hidden request stores a report when sent in the open. */
	char *control = hidden_request("kontroll-synleg");
	char *answer = exchange(&site.srv, control, strlen(control), 5000);
	if (strncmp(answer, "HTTP/1.1 200", 12) != 0)
		fail_msg("the hidden request itself does not work: %.200s", answer);
	free(answer);
	free(control);
	char *stored = reports();
	assert_non_null(strstr(stored, "kontroll-synleg"));
	free(stored);

	static const struct {
		const char *name, *head; /* head: %zu is the hidden request's length */
	} cases[] = {
		{"two-content-lengths",
		 "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: %zu\r\n\r\n"},
		{"content-length-and-chunked",
		 "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n"
		 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
		{"no-host", "GET /healthz HTTP/1.1\r\nX-Length: %zu\r\n\r\n"},
		{"space-before-colon",
		 "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : %zu\r\n\r\n"},
		{"folded-line",
		 "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n %zu\r\n\r\n"},
		{"two-hosts", "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\nX-Length: %zu\r\n\r\n"},
		{"unknown-coding",
		 "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, x\r\nX: %zu\r\n\r\n"},
		{"tab-before-colon",
		 "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length\t: %zu\r\n\r\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char marker[64];
		snprintf(marker, sizeof marker, "smugla-%s", cases[i].name);
		char *hidden = hidden_request(marker);
		char request[2048];
		int k = snprintf(request, sizeof request, cases[i].head, strlen(hidden));
		snprintf(request + k, sizeof request - (size_t)k, "%s", hidden);
		answer = exchange(&site.srv, request, strlen(request), 5000);
		if (strncmp(answer, "HTTP/1.1 400", 12) != 0 || count(answer, "HTTP/1.1 ") != 1)
			fail_msg("%s: expected one 400, got: %.300s", cases[i].name, answer);
		free(answer);
		free(hidden);
	}
	stored = reports();
	if (strstr(stored, "smugla-"))
		fail_msg("a hidden request ran: %.400s", strstr(stored, "smugla-"));
	free(stored);
	/* Pipelined requests that are well framed still run, in order. */
	const char *two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
			  "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	answer = exchange(&site.srv, two, strlen(two), 5000);
	assert_int_equal(count(answer, "HTTP/1.1 200"), 2);
	free(answer);
}

static long rss_kib(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	char *status = test_read_file(path, NULL);
	const char *p = status ? strstr(status, "VmRSS:") : NULL;
	long kib = p ? atol(p + 6) : -1;
	free(status);
	return kib;
}

/* Item 4: a body on a route that takes none is refused before any of it is
 * read; forms and the API have limits of their own. */
static void test_bodies_refused_unread(void **state)
{
	(void)state;
	static const char *const heads[] = {
		/* 10 MiB announced to a GET: answered at once, body unsent. */
		"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n",
		"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET /plan/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
		/* A form above 64 KiB, a JSON body above 256 KiB. */
		"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		"Content-Length: 70000\r\n\r\n",
		"PATCH /api/v1/measures/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		"Content-Length: 300000\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
		double t0 = now();
		char *answer = exchange(&site.srv, heads[i], strlen(heads[i]), 3000);
		if (strncmp(answer, "HTTP/1.1 413", 12) != 0)
			fail_msg("expected 413 at once for %.60s, got %.200s", heads[i], answer);
		assert_true(now() - t0 < 1.0);
		free(answer);
	}
	/* Twenty clients pushing 10 MiB each at GET /healthz: the server
	 * reads none of it, so it does not grow by it. */
	long before = rss_kib(site.srv.pid);
	static char chunk[1 << 16];
	memset(chunk, 'a', sizeof chunk);
	for (int c = 0; c < 20; c++) {
		int fd = dial(&site.srv, NULL);
		assert_true(fd >= 0);
		const char *head = heads[0];
		assert_true(send(fd, head, strlen(head), MSG_NOSIGNAL) > 0);
		fcntl(fd, F_SETFL, O_NONBLOCK);
		size_t sent = 0;
		double end = now() + 2.0;
		while (sent < (10u << 20) && now() < end) {
			ssize_t w = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL);
			if (w > 0) {
				sent += (size_t)w;
			} else if (w < 0 && errno == EAGAIN) {
				struct pollfd p = {fd, POLLOUT, 0};
				poll(&p, 1, 50);
			} else {
				break; /* closed by the server */
			}
		}
		close(fd);
	}
	long after = rss_kib(site.srv.pid);
	if (before > 0 && after - before > 48 * 1024)
		fail_msg("the server grew from %ld to %ld KiB on refused bodies", before, after);
	struct http h;
	test_req(&site.srv, &h, "GET", "/healthz", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
}

/* Item 1: headers and bodies have deadlines that a trickle does not move. */
static void test_slow_requests_cut_at_deadline(void **state)
{
	(void)state;
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--header-timeout", "2", "--body-timeout", "2",
					   "--timeout", "30", NULL), 0);
	static const char *const requests[] = {
		"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
		"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		"Content-Length: 2000\r\n\r\nlogin=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	for (size_t i = 0; i < 2; i++) {
		int fd = dial(&s, NULL);
		assert_true(fd >= 0);
		const char *r = requests[i];
		size_t at = 0, len = strlen(r);
		if (i == 1) { /* the headers at once, then the body by the byte */
			at = (size_t)(strstr(r, "\r\n\r\n") + 4 - r);
			assert_true(send(fd, r, at, MSG_NOSIGNAL) == (ssize_t)at);
		}
		double t0 = now(), cut = 0;
		while (at < len && now() - t0 < 8.0) {
			if (send(fd, r + at, 1, MSG_NOSIGNAL) != 1) {
				cut = now() - t0;
				break;
			}
			at++;
			bool closed;
			char *got = read_until_close(fd, 200, &closed);
			free(got);
			if (closed) {
				cut = now() - t0;
				break;
			}
		}
		close(fd);
		if (cut == 0)
			fail_msg("request %zu trickled on for %.1f s without being cut", i, now() - t0);
		if (cut < 1.5 || cut > 4.0)
			fail_msg("request %zu cut after %.2f s, deadline 2 s", i, cut);
	}
	struct http h;
	test_req(&s, &h, "GET", "/healthz", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	test_server_stop(&s);
}

/* Is fd closed by the server within ms? */
static bool closed_within(int fd, int ms)
{
	bool closed;
	char *got = read_until_close(fd, ms, &closed);
	free(got);
	return closed;
}

/* A whole GET /healthz from address from; its time in seconds, or -1. */
static double probe(const struct server *s, const char *from)
{
	double t0 = now();
	int fd = dial(s, from);
	if (fd < 0)
		return -1;
	const char *q = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	if (send(fd, q, strlen(q), MSG_NOSIGNAL) != (ssize_t)strlen(q)) {
		close(fd);
		return -1;
	}
	bool closed;
	char *got = read_until_close(fd, 3000, &closed);
	close(fd);
	bool ok = strncmp(got, "HTTP/1.1 200", 12) == 0;
	free(got);
	return ok ? now() - t0 : -1;
}

/* Item 1: one address gets --per-ip-connections, the next is closed at
 * once; others are not affected; a slot frees when one closes. */
static void test_per_address_limit(void **state)
{
	(void)state;
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--per-ip-connections", "4", NULL), 0);
	int fds[6];
	for (int i = 0; i < 6; i++) {
		fds[i] = dial(&s, "127.0.0.2");
		assert_true(fds[i] >= 0);
	}
	/* The server accepts on several threads: which two go is not
	 * fixed, that two go is. */
	int kept = 0, open_one = -1;
	for (int i = 0; i < 6; i++) {
		if (closed_within(fds[i], i == 0 ? 1000 : 200)) {
			close(fds[i]);
			fds[i] = -1;
		} else {
			kept++;
			open_one = i;
		}
	}
	if (kept != 4)
		fail_msg("%d connections from one address kept, limit 4", kept);
	assert_true(probe(&s, "127.0.0.3") >= 0);
	close(fds[open_one]);
	fds[open_one] = -1;
	usleep(300 * 1000);
	int again = dial(&s, "127.0.0.2");
	assert_false(closed_within(again, 300));
	close(again);
	for (int i = 0; i < 6; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	test_server_stop(&s);
}

/* Item 1: many slow connections from a few addresses, more than the
 * server keeps; visitors from elsewhere are still answered in < 100 ms. */
static void test_slow_crowd_leaves_room(void **state)
{
	(void)state;
	enum { ADDRS = 20, PER_ADDR = 20, MAX = 64 };
	struct server s;
	assert_int_equal(test_server_start(&s, site.db, "--per-ip-connections", "16", "--max-connections",
					   "64", "--header-timeout", "3", NULL), 0);
	static int fds[ADDRS * PER_ADDR];
	int n = 0;
	for (int a = 0; a < ADDRS; a++) {
		char from[32];
		snprintf(from, sizeof from, "127.0.0.%d", 10 + a);
		for (int i = 0; i < PER_ADDR; i++) {
			int fd = dial(&s, from);
			if (fd >= 0) {
				fcntl(fd, F_SETFL, O_NONBLOCK);
				send(fd, "GET / HTTP/1.1\r\n", 16, MSG_NOSIGNAL);
				fds[n++] = fd;
			}
		}
	}
	assert_true(n > 4 * MAX); /* more than libmicrohttpd itself would hold */
	usleep(500 * 1000);       /* the crowd is in */
	double worst = 0;
	int probes = 0, worst_at = 0;
	double end = now() + 4.0;
	for (int round = 0; round < 40 && now() < end; round++) {
		for (int i = 0; i < n; i++) /* a trickle on every one */
			if (fds[i] >= 0 && send(fds[i], "X", 1, MSG_NOSIGNAL) != 1) {
				close(fds[i]);
				fds[i] = -1;
			}
		double t = probe(&s, "127.0.0.99");
		if (t < 0)
			fail_msg("probe %d got no answer", probes + 1);
		if (t > worst) {
			worst = t;
			worst_at = probes;
		}
		probes++;
		usleep(100 * 1000);
	}
	printf("# %d slow connections from %d addresses; %d probes, slowest %.1f ms (probe %d)\n",
	       n, ADDRS, probes, worst * 1000, worst_at + 1);
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (worst >= 0.1)
		fail_msg("a probe took %.1f ms", worst * 1000);
	test_server_stop(&s);
}

/* One sign-in attempt with a wrong password for an account that does not
 * exist (a new name each time: only the address's failures add up),
 * X-Forwarded-For: xff. */
static long wrong_sign_in(const struct server *s, const char *xff)
{
	static int attempt;
	char login[32];
	snprintf(login, sizeof login, "ukjend%d", ++attempt);
	char fwd[128];
	snprintf(fwd, sizeof fwd, "X-Forwarded-For: %s", xff);
	const char *extra[] = {fwd, NULL};
	struct http h;
	test_req(s, &h, "GET", "/login", NULL, NULL, extra);
	char *pre = test_http_cookie(&h, "samspel_login", NULL);
	char pre_value[80] = "";
	test_hidden(h.body, "pre", pre_value, sizeof pre_value);
	test_http_free(&h);
	struct who w;
	memset(&w, 0, sizeof w);
	snprintf(w.cookie, sizeof w.cookie, "%s", pre ? pre : "");
	free(pre);
	char body[256];
	snprintf(body, sizeof body, "login=%s&password=feil+feil+feil+feil&pre=%s", login, pre_value);
	test_req(s, &h, "POST", "/login", &w, body, extra);
	long status = h.status;
	test_http_free(&h);
	return status;
}

/* Item 3: X-Forwarded-For names the client only from a trusted proxy. */
static void test_forwarded_for_only_from_trusted_proxy(void **state)
{
	(void)state;
	struct server s;
	setenv("SAMSPEL_LOG", "debug", 1);
	assert_int_equal(test_server_start(&s, site.db, "--trusted-proxy", "127.0.0.1", "--lockout-ip", "3",
					   "--lockout-time", "60", NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(wrong_sign_in(&s, "198.51.100.7"), 401);
	/* Locked out: that client, also when it writes something left of
	 * what the proxy appended ... */
	assert_int_equal(wrong_sign_in(&s, "198.51.100.7"), 429);
	assert_int_equal(wrong_sign_in(&s, "203.0.113.5, 198.51.100.7"), 429);
	/* ... but not everyone else behind the same proxy. */
	assert_int_equal(wrong_sign_in(&s, "198.51.100.8"), 401);
	usleep(200 * 1000);
	char *log = test_server_log(&s);
	assert_non_null(strstr(log, "ip=198.51.100.7"));
	assert_non_null(strstr(log, "ip=198.51.100.8"));
	assert_null(strstr(log, "ip=203.0.113.5"));
	free(log);
	test_server_stop(&s);

	/* Without --trusted-proxy the header is anyone's to write: ignored. */
	assert_int_equal(test_server_start(&s, site.db, "--lockout-ip", "3", "--lockout-time", "60", NULL), 0);
	unsetenv("SAMSPEL_LOG");
	for (int i = 0; i < 3; i++) {
		char xff[32];
		snprintf(xff, sizeof xff, "192.0.2.%d", i + 1);
		assert_int_equal(wrong_sign_in(&s, xff), 401);
	}
	assert_int_equal(wrong_sign_in(&s, "192.0.2.99"), 429);
	usleep(200 * 1000);
	log = test_server_log(&s);
	assert_null(strstr(log, "ip=192.0.2."));
	assert_non_null(strstr(log, "ip=127.0.0.1"));
	free(log);
	test_server_stop(&s);

	/* A proxy address that is none is refused at start. */
	struct run r;
	test_run(&r, NULL, "serve", "--db", site.db, "--trusted-proxy", "nginx", NULL);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ambiguous_framing_is_refused),
		cmocka_unit_test(test_bodies_refused_unread),
		cmocka_unit_test(test_slow_requests_cut_at_deadline),
		cmocka_unit_test(test_per_address_limit),
		cmocka_unit_test(test_slow_crowd_leaves_room),
		cmocka_unit_test(test_forwarded_for_only_from_trusted_proxy),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
