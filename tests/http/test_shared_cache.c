/*
 * Pages for signed-in readers from the page cache (issue 12; web/cache.c,
 * web/personal.c): readers who hold the same roles share a rendered page,
 * their own parts (name, form token, follow button) filled in per reader;
 * a change shows at once for everyone; a reader of another class never
 * gets another class's page; the author of a recent report, whose view
 * differs from the class's, gets a page of their own. Two readers of one
 * class read the same pages at the same time from two threads.
 */
#include "session.h"

#include <pthread.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;
static struct who anne, bjorn, fjord, nho, nho2;

static int setup(void **state)
{
	(void)state;
	setenv("SAMSPEL_LOG", "debug", 1); /* the cache says when it renders */
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_named_user(site.db, "anne", "Anne Aasen", "editor", "Sogn regionråd");
	test_add_named_user(site.db, "bjorn", "Bjørn Berg", "editor", "Sogn regionråd");
	test_add_named_user(site.db, "fjord", "Frida Fjord", "editor", "Fjordheim regionråd");
	test_add_named_user(site.db, "nho", "Nils Hoel", "reporter", "NHO");
	test_add_named_user(site.db, "nho2", "Nora Holm", "reporter", "NHO");
	if (test_site_serve(&site, NULL) != 0)
		return -1;
	test_sign_in(&site.srv, "anne", &anne);
	test_sign_in(&site.srv, "bjorn", &bjorn);
	test_sign_in(&site.srv, "fjord", &fjord);
	test_sign_in(&site.srv, "nho", &nho);
	test_sign_in(&site.srv, "nho2", &nho2);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* The page as w reads it (malloc'd), failing unless 200. */
static char *page(const char *path, const struct who *w)
{
	return test_get_ok(&site.srv, path, w);
}

/* What is wrong with body as w's page (NULL: nothing): it must hold w's
 * name and form token and nobody else's, and no marker. Threads report
 * with it; the test asserts in its own thread. */
static const char *not_own(const char *body, long status, const struct who *w, const char *name,
			   const char *other_name, const struct who *other)
{
	char token[120];
	snprintf(token, sizeof token, "name=\"csrf\" value=\"%s\"", w->csrf);
	if (status != 200 || !body)
		return "a page did not answer 200";
	if (!strstr(body, token) || !strstr(body, name))
		return "a page lacks the reader's own parts";
	if (strstr(body, other_name) || strstr(body, other->csrf))
		return "a page holds another reader's parts";
	if (strchr(body, '\x1b'))
		return "a marker was left in a page";
	return NULL;
}

struct reader {
	const struct who *w, *other;
	const char *name, *other_name;
	int rounds;
	const char *wrong; /* set by the thread: the first fault seen */
	const char *wrong_path;
};

static void *read_pages(void *arg)
{
	struct reader *r = arg;
	static const char *const paths[] = {"/", "/plan/" SLUG, "/plan/" SLUG "/status",
					    "/measure/8", "/mine", "/search?q=kompetanse"};
	for (int i = 0; i < r->rounds && !r->wrong; i++) {
		const char *path = paths[i % (sizeof paths / sizeof *paths)];
		char *body = NULL;
		long status = test_get_status(&site.srv, path, r->w, &body);
		r->wrong = not_own(body, status, r->w, r->name, r->other_name, r->other);
		r->wrong_path = path;
		free(body);
	}
	return NULL;
}

/* Fails the test (in its own thread) when r's thread saw a fault. */
static void assert_read_well(const struct reader *r)
{
	if (r->wrong)
		fail_msg("%s (%s, %s)", r->wrong, r->wrong_path, r->name);
}

static void test_one_class_two_readers_at_once(void **state)
{
	(void)state;
	struct reader a = {&anne, &bjorn, "Anne Aasen", "Bjørn Berg", 60, NULL, NULL};
	struct reader b = {&bjorn, &anne, "Bjørn Berg", "Anne Aasen", 60, NULL, NULL};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, read_pages, &a);
	pthread_create(&tb, NULL, read_pages, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_read_well(&a);
	assert_read_well(&b);
}

static void test_a_change_shows_at_once(void **state)
{
	(void)state;
	char *before = page("/measure/8", &nho2);
	assert_null(strstr(before, "Delt rapport frå testen"));
	free(before);
	free(page("/measure/8", &anne));
	char today[11], form[200];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=on_track&text=Delt+rapport+fr%%C3%%A5+testen", today);
	assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
	/* Everyone who reads it sees it at once, whoever had the page cached. */
	const struct who *readers[] = {&anne, &bjorn, &nho2, &nho, &fjord, NULL};
	for (int i = 0; readers[i]; i++) {
		char *body = page("/measure/8", readers[i]);
		if (!strstr(body, "Delt rapport frå testen"))
			fail_msg("reader %d does not see the new report", i);
		free(body);
	}
	char *pub = page("/measure/8", NULL);
	assert_non_null(strstr(pub, "Delt rapport frå testen"));
	free(pub);
}

/* The author of a change reads first (their own page, kept apart from the
 * class's); a reader of the author's class after them sees the change all
 * the same, not the class's page of before. */
static void test_author_first_then_class(void **state)
{
	(void)state;
	free(page("/measure/8", &nho2)); /* the class's page of before */
	char today[11], form[200];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=delayed&text=Skriven+f%%C3%%B8rst+av+NHO", today);
	assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
	char *own = page("/measure/8", &nho);
	assert_non_null(strstr(own, "Skriven først av NHO"));
	free(own);
	for (int i = 0; i < 2; i++) {
		char *other = page("/measure/8", &nho2);
		if (!strstr(other, "Skriven først av NHO"))
			fail_msg("a reader of the author's class gets the page of before (read %d)", i);
		free(other);
	}
}

static int renders(struct server *srv, const char *path);

/* Who belongs to a council decides who sees its drafts and reports on its
 * measures: a change of members makes its plans' pages new. */
static void test_members_change_pages(void **state)
{
	(void)state;
	const char *version = "SELECT data_version FROM plan WHERE slug = '" SLUG "'";
	long long before = test_db_int(site.db, version, 0);
	free(page("/plan/" SLUG, &anne)); /* cached */
	free(page("/plan/" SLUG, &anne));
	renders(&site.srv, "/plan/" SLUG); /* what came before */
	long long sogn = test_db_int(site.db, "SELECT id FROM org WHERE name = 'Sogn regionråd'", 0);
	long long nho_org = test_db_int(site.db, "SELECT id FROM org WHERE name = 'NHO'", 0);
	char path[64], form[64];
	snprintf(path, sizeof path, "/org/%lld/members", sogn);
	snprintf(form, sizeof form, "member=%lld&role=member", nho_org);
	assert_int_equal(test_post_status(&site.srv, path, &anne, form, NULL), 303);
	long long after_add = test_db_int(site.db, version, 0);
	assert_true(after_add > before);
	free(page("/plan/" SLUG, &anne)); /* made again, once */
	free(page("/plan/" SLUG, &anne));
	assert_int_equal(renders(&site.srv, "/plan/" SLUG), 1);
	snprintf(path, sizeof path, "/org/%lld/members/%lld/delete", sogn, nho_org);
	assert_int_equal(test_post_status(&site.srv, path, &anne, "role=member", NULL), 303);
	assert_true(test_db_int(site.db, version, 0) > after_add);
}

static void test_classes_stay_apart(void **state)
{
	(void)state;
	/* The editors of Sogn may edit its plan; an editor of another council
	 * and a reporter may not, also when an editor's page is cached. */
	const char *edit = "href=\"/plan/" SLUG "/edit\"";
	char *a = page("/plan/" SLUG, &anne);
	assert_non_null(strstr(a, edit));
	free(a);
	char *f = page("/plan/" SLUG, &fjord);
	assert_null(strstr(f, edit));
	assert_non_null(strstr(f, "Frida Fjord"));
	free(f);
	char *n = page("/plan/" SLUG, &nho);
	assert_null(strstr(n, edit));
	free(n);
	char *b = page("/plan/" SLUG, &bjorn);
	assert_non_null(strstr(b, edit));
	free(b);
}

static void test_follow_state_per_reader(void **state)
{
	(void)state;
	long long plan = test_db_int(site.db, "SELECT id FROM plan WHERE slug = '" SLUG "'", 0);
	char path[80];
	snprintf(path, sizeof path, "/follow/plan/%lld", plan);
	free(page("/plan/" SLUG, &bjorn)); /* the class's page is cached */
	assert_int_equal(test_post_status(&site.srv, path, &anne, "follow=1", NULL), 303);
	char *a = page("/plan/" SLUG, &anne), *b = page("/plan/" SLUG, &bjorn);
	assert_non_null(strstr(a, "name=\"follow\" value=\"0\""));
	assert_null(strstr(a, "name=\"follow\" value=\"1\""));
	assert_non_null(strstr(b, "name=\"follow\" value=\"1\""));
	assert_null(strstr(b, "name=\"follow\" value=\"0\""));
	free(a), free(b);
}

static void test_author_gets_own_view(void **state)
{
	(void)state;
	/* nho wrote a report on measure 8 (above): nho may correct it, nho2
	 * (the same class) may not, in whatever order they read the page. */
	const char *correct = "href=\"/report/";
	for (int round = 0; round < 2; round++) {
		char *other = page("/measure/8", &nho2);
		assert_null(strstr(other, correct));
		free(other);
		char *own = page("/measure/8", &nho);
		assert_non_null(strstr(own, correct));
		free(own);
	}
}

static void test_answers_are_private(void **state)
{
	(void)state;
	struct http h;
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, &anne, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *cc = test_http_header(&h, "Cache-Control");
	assert_non_null(cc);
	assert_non_null(strstr(cc, "private"));
	free(cc);
	char *etag = test_http_header(&h, "ETag");
	assert_non_null(etag);
	test_http_free(&h);
	/* The ETag is the reader's page's: the same reader asking again
	 * with it gets 304; a reader of the same class, whose name and form
	 * token differ, gets the page and an ETag of their own. */
	char match[96];
	snprintf(match, sizeof match, "If-None-Match: %s", etag);
	const char *extra[] = {match, NULL};
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, &anne, NULL, extra);
	assert_int_equal(h.status, 304);
	test_http_free(&h);
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, &bjorn, NULL, extra);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, "Bjørn Berg"));
	char *other = test_http_header(&h, "ETag");
	assert_non_null(other);
	assert_string_not_equal(other, etag);
	test_http_free(&h);
	free(other);
	/* HEAD: the headers, no body. */
	test_req(&site.srv, &h, "HEAD", "/plan/" SLUG, &anne, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_int_equal(strlen(h.body ? h.body : ""), 0);
	test_http_free(&h);
	free(etag);
}

/* How often the log says the page at path was rendered for the cache,
 * since the last call (each call reads what the server wrote since). */
static int renders(struct server *srv, const char *path)
{
	char *log = test_server_log(srv);
	char needle[300];
	snprintf(needle, sizeof needle, "event=cache_render key=\"nn|%s?", path);
	int n = 0;
	for (const char *p = log; (p = strstr(p, needle)); p++)
		n++;
	free(log);
	return n;
}

struct burst {
	const struct who *w;
	const char *path;
	pthread_barrier_t *start; /* all ask at the same moment */
	int ok;                   /* answers 200, counted by the threads */
	pthread_mutex_t lock;
};

static void *read_once(void *arg)
{
	struct burst *b = arg;
	pthread_barrier_wait(b->start);
	char *body = NULL;
	long status = test_get_status(&site.srv, b->path, b->w, &body);
	free(body);
	pthread_mutex_lock(&b->lock);
	b->ok += status == 200;
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

/* After a change, many readers of one class ask for the page at once: it
 * is rendered once, the others wait for that render. */
static void test_one_render_at_a_time(void **state)
{
	(void)state;
	const char *path = "/plan/" SLUG;
	char today[11], form[160];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=at_risk&text=Ny+versjon", today);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
		renders(&site.srv, path); /* what came before */
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 8);
		struct burst b = {round % 2 ? &bjorn : &anne, path, &start, 0,
				  PTHREAD_MUTEX_INITIALIZER};
		pthread_t th[8];
		for (int i = 0; i < 8; i++)
			pthread_create(&th[i], NULL, read_once, &b);
		for (int i = 0; i < 8; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&start);
		assert_int_equal(b.ok, 8);
		assert_int_equal(renders(&site.srv, path), 1);
	}
}

/* The state shown before measure id's "Status and reports" link in body
 * (its class, e.g. "state-at_risk"), into out. */
static void state_of(const char *body, int id, char *out, size_t size)
{
	char link[64];
	snprintf(link, sizeof link, "href=\"/measure/%d\">", id);
	const char *at = strstr(body, link);
	assert_non_null(at);
	const char *span = at;
	while (span > body && strncmp(span, "<span class=\"state ", 19) != 0)
		span--;
	assert_true(span > body);
	snprintf(out, size, "%.*s", (int)strcspn(span + 19, "\""), span + 19);
}

static int log_count(struct server *srv, const char *needle)
{
	char *log = test_server_log(srv);
	int n = test_count(log, needle);
	free(log);
	return n;
}

/* A report on a plan changes only a measure's state on its page: the page
 * is made from the text kept from before with the states filled in, the
 * same bytes as a page rendered whole by a server that never saw it; any
 * other change (here, a council's members) makes the text again. */
static void test_report_fills_states_into_kept_text(void **state)
{
	(void)state;
	const char *path = "/plan/" SLUG;
	free(page(path, NULL));
	free(page(path, &anne));
	log_count(&site.srv, "event="); /* what came before */
	char today[11], form[160], now[40];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=done&progress=100&text=Ferdig", today);
	assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
	char *pub = page(path, NULL), *ann = page(path, &anne);
	assert_int_equal(log_count(&site.srv, "event=cache_part "), 2); /* text kept: both */
	state_of(pub, 8, now, sizeof now);
	assert_string_equal(now, "state-done");
	assert_null(strchr(pub, '\x1b'));
	/* A second server on the same database renders the page whole. */
	struct test_site fresh = {0};
	fresh.db = site.db;
	assert_int_equal(test_site_serve(&fresh, NULL), 0);
	char *pub_whole = test_get_ok(&fresh.srv, path, NULL);
	char *ann_whole = test_get_ok(&fresh.srv, path, &anne);
	assert_int_equal(log_count(&fresh.srv, "event=cache_part "), 0);
	test_server_stop(&fresh.srv);
	assert_string_equal(pub, pub_whole);
	assert_string_equal(ann, ann_whole);
	free(pub_whole);
	free(ann_whole);
	free(ann);
	/* Not a report: the text is made again (the states as they are). */
	free(pub);
	long long sogn = test_db_int(site.db, "SELECT id FROM org WHERE name = 'Sogn regionråd'", 0);
	long long nho_org = test_db_int(site.db, "SELECT id FROM org WHERE name = 'NHO'", 0);
	char members[64];
	snprintf(members, sizeof members, "member=%lld&role=member", nho_org);
	char mpath[64];
	snprintf(mpath, sizeof mpath, "/org/%lld/members", sogn);
	assert_int_equal(test_post_status(&site.srv, mpath, &anne, members, NULL), 303);
	pub = page(path, NULL);
	assert_int_equal(log_count(&site.srv, "event=cache_part "), 0);
	state_of(pub, 8, now, sizeof now);
	assert_string_equal(now, "state-done");
	free(pub);
	snprintf(mpath, sizeof mpath, "/org/%lld/members/%lld/delete", sogn, nho_org);
	assert_int_equal(test_post_status(&site.srv, mpath, &anne, "role=member", NULL), 303);
}

/* h's body (gzip) unpacked, malloc'd; NULL unless it is one whole gzip
 * body whose checksum and length agree (zlib checks both). */
static char *gunzip(const struct http *h, size_t *len)
{
	z_stream z = {0};
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *out = malloc(cap + 1);
	z.next_in = (Bytef *)h->body;
	z.avail_in = (uInt)h->len;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (n == cap)
			out = realloc(out, (cap *= 2) + 1);
		z.next_out = (Bytef *)out + n;
		z.avail_out = (uInt)(cap - n);
		rc = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
	}
	bool whole = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (!whole) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/* A client that takes gzip gets the page compressed: the same bytes as
 * the page sent plain, the reader's own parts in it for a signed-in
 * reader, an ETag of its own; q=0 and no Accept-Encoding get it plain. */
static void test_gzip(void **state)
{
	(void)state;
	const char *path = "/plan/" SLUG;
	const struct who *readers[] = {NULL, &anne, &bjorn, &nho};
	for (int r = 0; r < 4; r++) {
		const struct who *w = readers[r];
		char *plain = page(path, w); /* also makes sure it is in the cache */
		free(page(path, w));
		struct http h;
		const char *gz[] = {"Accept-Encoding: br, gzip;q=0.8", NULL};
		test_req(&site.srv, &h, "GET", path, w, NULL, gz);
		assert_int_equal(h.status, 200);
		char *ce = test_http_header(&h, "Content-Encoding");
		if (!ce || strcmp(ce, "gzip") != 0)
			fail_msg("reader %d: Content-Encoding %s", r, ce ? ce : "(none)");
		free(ce);
		char *vary = test_http_header(&h, "Vary");
		assert_non_null(strstr(vary, "Accept-Encoding"));
		free(vary);
		assert_true(h.len * 4 < strlen(plain)); /* HTML packs well */
		size_t n = 0;
		char *unpacked = gunzip(&h, &n);
		if (!unpacked)
			fail_msg("reader %d: not a whole gzip body", r);
		assert_int_equal(n, strlen(plain));
		assert_memory_equal(unpacked, plain, n);
		if (w) {
			char token[120];
			snprintf(token, sizeof token, "name=\"csrf\" value=\"%s\"", w->csrf);
			assert_non_null(strstr(unpacked, token));
		}
		/* Its ETag is not the plain page's, and gives 304 to gzip. */
		char *etag = test_http_header(&h, "ETag");
		assert_non_null(strstr(etag, "-gz\""));
		test_http_free(&h);
		char match[120];
		snprintf(match, sizeof match, "If-None-Match: %s", etag);
		const char *again[] = {"Accept-Encoding: gzip", match, NULL};
		test_req(&site.srv, &h, "GET", path, w, NULL, again);
		assert_int_equal(h.status, 304);
		test_http_free(&h);
		free(etag);
		/* Refused with q=0: plain. */
		const char *no[] = {"Accept-Encoding: gzip;q=0, identity", NULL};
		test_req(&site.srv, &h, "GET", path, w, NULL, no);
		assert_int_equal(h.status, 200);
		assert_null(test_http_header(&h, "Content-Encoding"));
		assert_string_equal(h.body, plain);
		test_http_free(&h);
		free(unpacked);
		free(plain);
	}
	/* A page in the cache after a report: compressed again, the new
	 * state in it. */
	char today[11], form[160];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=delayed&text=Pakka", today);
	assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
	char *plain = page(path, NULL);
	struct http h;
	const char *gz[] = {"Accept-Encoding: gzip", NULL};
	test_req(&site.srv, &h, "GET", path, NULL, NULL, gz);
	size_t n = 0;
	char *unpacked = gunzip(&h, &n);
	assert_non_null(unpacked);
	assert_string_equal(unpacked, plain);
	char now[40];
	state_of(unpacked, 8, now, sizeof now);
	assert_string_equal(now, "state-delayed");
	free(unpacked);
	free(plain);
	test_http_free(&h);
}

struct gz_burst {
	const char *plain;
	pthread_barrier_t *start;
	int good, packed;
	pthread_mutex_t lock;
};

/* One gzip-taking read of the public plan page: good when it is the page
 * (compressed, or plain while another request compresses it). */
static void *read_gzip_once(void *arg)
{
	struct gz_burst *b = arg;
	pthread_barrier_wait(b->start);
	struct http h;
	const char *gz[] = {"Accept-Encoding: gzip", NULL};
	test_req(&site.srv, &h, "GET", "/plan/" SLUG, NULL, NULL, gz);
	char *ce = test_http_header(&h, "Content-Encoding");
	size_t n = 0;
	char *body = ce ? gunzip(&h, &n) : NULL;
	bool good = h.status == 200 && (ce ? body && strcmp(body, b->plain) == 0
					   : strcmp(h.body, b->plain) == 0);
	pthread_mutex_lock(&b->lock);
	b->good += good;
	b->packed += ce != NULL;
	pthread_mutex_unlock(&b->lock);
	free(body);
	free(ce);
	test_http_free(&h);
	return NULL;
}

/* After a change, eight readers taking gzip at once: the page is
 * compressed once, every answer is the page. */
static void test_gzip_once_per_version(void **state)
{
	(void)state;
	char today[11], form[160];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	for (int round = 0; round < 3; round++) {
		snprintf(form, sizeof form, "reported_on=%s&state=%s&text=Runde+%d", today,
			 round % 2 ? "on_track" : "at_risk", round);
		assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
		char *plain = page("/plan/" SLUG, NULL); /* rendered: in the cache, plain */
		log_count(&site.srv, "event="); /* what came before */
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 8);
		struct gz_burst b = {plain, &start, 0, 0, PTHREAD_MUTEX_INITIALIZER};
		pthread_t th[8];
		for (int i = 0; i < 8; i++)
			pthread_create(&th[i], NULL, read_gzip_once, &b);
		for (int i = 0; i < 8; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&start);
		assert_int_equal(b.good, 8);
		assert_true(b.packed >= 1);
		assert_int_equal(log_count(&site.srv, "event=gzip_compressed "), 1);
		free(plain);
	}
}

/* With --cache-mb 1 the pages read first make room for those read after;
 * with room for all, a page read again comes from the cache. */
static void test_byte_budget(void **state)
{
	(void)state;
	const int budgets[] = {1, 64};
	for (int k = 0; k < 2; k++) {
		struct test_site small = {0};
		test_site_make(&small, SITE_SEED | SITE_DEMO_PUBLISH);
		char mb[8];
		snprintf(mb, sizeof mb, "%d", budgets[k]);
		const char *args[] = {"--cache-mb", mb, NULL};
		assert_int_equal(test_site_serve(&small, args), 0);
		/* The plan page under 100 queries (each its own page to the
		 * cache): over 2 MB in all. */
		char path[96], *body = NULL;
		for (int v = 1; v <= 100; v++) {
			snprintf(path, sizeof path, "/plan/" SLUG "?v=%d", v);
			assert_int_equal(test_get_status(&small.srv, path, NULL, v == 1 ? &body : NULL), 200);
		}
		assert_true(strlen(body) * 100 > (2u << 20));
		free(body);
		renders(&small.srv, "/plan/" SLUG); /* what came before */
		assert_int_equal(test_get_status(&small.srv, "/plan/" SLUG "?v=1", NULL, NULL), 200);
		int again = renders(&small.srv, "/plan/" SLUG);
		if (budgets[k] == 1)
			assert_int_equal(again, 1); /* it made room for the others */
		else
			assert_int_equal(again, 0); /* still there */
		test_site_close(&small);
	}
}

/* Stopped (SIGTERM) right after writes and reads from many connections,
 * the server leaves the database whole in its one file: no -wal beside. */
static void test_stop_leaves_one_file(void **state)
{
	(void)state;
	char today[11], form[160];
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	snprintf(form, sizeof form, "reported_on=%s&state=on_track&text=Siste", today);
	struct reader a = {&anne, &bjorn, "Anne Aasen", "Bjørn Berg", 12, NULL, NULL};
	pthread_t ta;
	pthread_create(&ta, NULL, read_pages, &a);
	assert_int_equal(test_post_status(&site.srv, "/measure/8/report", &nho, form, NULL), 303);
	pthread_join(ta, NULL);
	assert_read_well(&a);
	test_server_stop(&site.srv);
	site.serving = false;
	char *wal = test_join(site.dir, "samspel.db-wal");
	assert_int_not_equal(access(wal, F_OK), 0);
	free(wal);
	assert_int_equal(test_db_int(site.db, "SELECT count(*) FROM report WHERE text = 'Siste'", 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_class_two_readers_at_once),
		cmocka_unit_test(test_a_change_shows_at_once),
		cmocka_unit_test(test_author_first_then_class),
		cmocka_unit_test(test_members_change_pages),
		cmocka_unit_test(test_classes_stay_apart),
		cmocka_unit_test(test_follow_state_per_reader),
		cmocka_unit_test(test_author_gets_own_view),
		cmocka_unit_test(test_answers_are_private),
		cmocka_unit_test(test_one_render_at_a_time),
		cmocka_unit_test(test_report_fills_states_into_kept_text),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_once_per_version),
		cmocka_unit_test(test_byte_budget),
		cmocka_unit_test(test_stop_leaves_one_file),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
