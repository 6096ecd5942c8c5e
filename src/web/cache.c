/*
 * cache.c: the rendered-page cache (see cache.h). A hash table of entries
 * under one mutex, in the order of their last use, held to a byte budget:
 * when a new page would pass it, the least recently used pages go. A page
 * is kept in a shared, reference-counted buffer: a hit hands the response
 * a reference, not a copy, and an entry replaced while responses still
 * send it lives on until the last of them is done.
 *
 * One render at a time: the first reader to miss a page marks its entry
 * as being rendered; readers of the same page at the same version wait
 * for that render (a bounded wait) instead of all rendering it at once
 * after a change.
 *
 * Parts of pages live in the same table, under the page's key with a
 * prefix no page key has ("\x02name|"), and the same budget.
 */
#include "web/cache.h"
#include "web/http.h"
#include "model/audit.h"
#include "model/plan.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/shared.h"
#include "base/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BUCKETS 4096
#define KEPT_HEADERS 2
#define WAIT_MS 3000 /* the longest a reader waits for another's render */

struct entry {
	char *key;
	int64_t version;
	struct shared *body;      /* NULL until the first render is stored */
	const char *content_type; /* a literal from the handler */
	char etag[24];
	/* The handler's own headers (Content-Disposition of an export). */
	char *header_name[KEPT_HEADERS], *header_value[KEPT_HEADERS];
	int64_t *personal;        /* readers not to be served this page */
	size_t npersonal;
	size_t bytes;             /* what the entry holds, for the budget */
	bool rendering;           /* a reader is rendering it now */
	struct entry *next;       /* in its bucket */
	struct entry *newer, *older;
};

static struct entry *buckets[BUCKETS];
static struct entry *newest, *oldest;
static size_t total, budget = (size_t)64 << 20;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rendered;
static pthread_once_t cond_once = PTHREAD_ONCE_INIT;

static void make_cond(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&rendered, &ca);
	pthread_condattr_destroy(&ca);
}

void page_cache_budget(size_t bytes)
{
	pthread_mutex_lock(&lock);
	budget = bytes;
	pthread_mutex_unlock(&lock);
}

/* --- the table (lock held) --- */

static struct entry **bucket_of(const char *key)
{
	return &buckets[hash_bytes(key, strlen(key)) % BUCKETS];
}

static struct entry *find(const char *key)
{
	for (struct entry *en = *bucket_of(key); en; en = en->next)
		if (strcmp(en->key, key) == 0)
			return en;
	return NULL;
}

static void unlink_use(struct entry *en)
{
	if (en->newer)
		en->newer->older = en->older;
	else if (newest == en)
		newest = en->older;
	if (en->older)
		en->older->newer = en->newer;
	else if (oldest == en)
		oldest = en->newer;
	en->newer = en->older = NULL;
}

/* Makes en the most recently used. */
static void touch(struct entry *en)
{
	unlink_use(en);
	en->older = newest;
	if (newest)
		newest->newer = en;
	newest = en;
	if (!oldest)
		oldest = en;
}

/* Drops what en holds (not en itself). */
static void empty(struct entry *en)
{
	shared_release(en->body);
	en->body = NULL;
	for (int h = 0; h < KEPT_HEADERS; h++) {
		free(en->header_name[h]);
		free(en->header_value[h]);
		en->header_name[h] = en->header_value[h] = NULL;
	}
	free(en->personal);
	en->personal = NULL;
	en->npersonal = 0;
	total -= en->bytes;
	en->bytes = 0;
}

static void drop(struct entry *en)
{
	struct entry **p = bucket_of(en->key);
	while (*p != en)
		p = &(*p)->next;
	*p = en->next;
	unlink_use(en);
	empty(en);
	free(en->key);
	free(en);
}

static struct entry *add(const char *key)
{
	struct entry *en = xcalloc(1, sizeof *en);
	en->key = xstrdup(key);
	struct entry **b = bucket_of(key);
	en->next = *b;
	*b = en;
	touch(en);
	return en;
}

/* Makes room: the least recently used pages go (never one being rendered). */
static void keep_to_budget(void)
{
	struct entry *en = oldest;
	while (total > budget && en) {
		struct entry *newer = en->newer;
		if (!en->rendering)
			drop(en);
		en = newer;
	}
}

static bool is_personal(const struct entry *en, int64_t user)
{
	for (size_t i = 0; user && i < en->npersonal; i++)
		if (en->personal[i] == user)
			return true;
	return false;
}

/* --- keys --- */

/* The version of the data rq's page shows, and the plan it belongs to (0
 * for SCOPE_ALL). False when it cannot be known (no such plan: the handler
 * answers 404, which is never stored). */
static bool version_of(struct request *rq, enum cache_scope scope, int64_t *plan,
		       int64_t *version)
{
	struct err e = ERR_INIT;
	*plan = 0;
	if (scope == SCOPE_ALL)
		return audit_last_id(rq->db, version, &e) == OK;
	const char *p = request_param(rq, scope == SCOPE_PLAN ? "slug" : "id");
	if (!p)
		return false;
	if (scope == SCOPE_PLAN)
		return plan_data_version(rq->db, p, plan, version, &e) == 1;
	char *end;
	long long id = strtoll(p, &end, 10);
	return !*end && id > 0 &&
	       plan_data_version_of_measure(rq->db, id, plan, version, &e) == 1;
}

static int by_grant(const void *a, const void *b)
{
	const struct grant *x = a, *y = b;
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	return x->org_id < y->org_id ? -1 : x->org_id > y->org_id;
}

/* What decides a signed-in reader's view of a page besides the reader: the
 * roles held and where (permissions are decided on those alone). */
static void class_of(struct request *rq, struct buf *out)
{
	size_t n = rq->actor.ngrants;
	struct grant *g = arena_array(&rq->arena, n ? n : 1, sizeof *g);
	if (n)
		memcpy(g, rq->actor.grants, n * sizeof *g);
	qsort(g, n, sizeof *g, by_grant);
	buf_adds(out, "|c=");
	for (size_t i = 0; i < n; i++)
		buf_addf(out, "%d:%lld,", (int)g[i].role, (long long)g[i].org_id);
}

/* The key of rq; false when rq is not cacheable. */
static bool key_of(struct request *rq, int64_t plan, struct buf *key)
{
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return false;
	const char *query = request_query_canonical(rq);
	if (query[0] == '\x01')
		return false; /* a query that cannot be keyed: never cached */
	buf_addf(key, "%s|%s?%s#%lld", i18n_code(rq->lang), rq->path, query, (long long)plan);
	if (rq->shared_render)
		class_of(rq, key);
	/* The day, for everyone: a measure is late from a date on, and the
	 * status PDF is dated and marks today on its timeline. */
	char day[11];
	clock_today(day);
	buf_addf(key, "|d=%s", day);
	return key->len < 4096;
}

/* --- serving and storing --- */

/* Fills rs from en (lock held). */
static void fill(struct request *rq, struct response *rs, struct entry *en)
{
	rs->shared = shared_retain(en->body);
	rs->content_type = en->content_type;
	/* A class's page: personal_fill makes it the reader's, with an
	 * ETag of its own from this one. */
	rs->etag = arena_strdup(&rq->arena, en->etag);
	for (int h = 0; h < KEPT_HEADERS && en->header_name[h]; h++)
		response_header(rs, arena_strdup(&rq->arena, en->header_name[h]),
				arena_strdup(&rq->arena, en->header_value[h]));
	rs->status = 200;
	touch(en);
}

bool page_cache_serve(struct request *rq, struct response *rs, enum cache_scope scope)
{
	pthread_once(&cond_once, make_cond);
	struct buf key = BUF_INIT;
	int64_t plan;
	rq->cache_ok = version_of(rq, scope, &plan, &rq->cache_version) &&
		       key_of(rq, plan, &key);
	if (!rq->cache_ok) {
		buf_release(&key);
		return false;
	}
	rq->cache_key = arena_strndup(&rq->arena, key.data, key.len);
	buf_release(&key);
	int64_t version = rq->cache_version, user = rq->actor.user_id;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += WAIT_MS / 1000;
	bool hit = false, waited = false;
	pthread_mutex_lock(&lock);
	for (;;) {
		struct entry *en = find(rq->cache_key);
		if (en && en->body && en->version == version && is_personal(en, user)) {
			/* This reader's own view: kept under a key of its own. */
			const char *own = arena_printf(&rq->arena, "%s|u=%lld", rq->cache_key,
						       (long long)user);
			struct entry *mine = find(own);
			rq->cache_key = own;
			rq->cache_own = true;
			if (mine && mine->body && mine->version == version) {
				fill(rq, rs, mine);
				hit = true;
			}
			break;
		}
		if (en && en->body && en->version == version) {
			fill(rq, rs, en);
			hit = true;
			break;
		}
		if (en && en->rendering && en->version == version) {
			/* Another reader renders this page now: wait for it. */
			waited = true;
			if (pthread_cond_timedwait(&rendered, &lock, &until) == ETIMEDOUT) {
				rq->cache_ok = false; /* render it without storing */
				break;
			}
			continue;
		}
		if (en && en->rendering && en->version > version) {
			rq->cache_ok = false; /* this reader's version is older */
			break;
		}
		if (!en)
			en = add(rq->cache_key);
		/* An older page must not pass for the version being rendered. */
		if (en->version != version)
			empty(en);
		en->rendering = true;
		en->version = version;
		rq->cache_marked = true;
		break;
	}
	pthread_mutex_unlock(&lock);
	if (rq->cache_marked)
		log_event(LOG_DEBUG, "cache_render", "key", rq->cache_key, (char *)0);
	else if (waited)
		log_event(LOG_DEBUG, "cache_waited", "key", rq->cache_key, (char *)0);
	return hit;
}

/* Keeps rs in en (lock held). */
static void keep(struct entry *en, const struct request *rq, const struct response *rs)
{
	empty(en);
	en->version = rq->cache_version;
	en->body = shared_new(rs->body.data, rs->body.len);
	en->content_type = rs->content_type;
	en->bytes = strlen(en->key) + rs->body.len + sizeof *en;
	for (int h = 0, k = 0; h < rs->nheaders && k < KEPT_HEADERS; h++)
		if (strcasecmp(rs->headers[h].name, "Content-Disposition") == 0) {
			en->header_name[k] = xstrdup(rs->headers[h].name);
			en->header_value[k++] = xstrdup(rs->headers[h].value);
		}
	if (rs->npersonal) {
		en->personal = xmalloc(rs->npersonal * sizeof *en->personal);
		memcpy(en->personal, rs->personal, rs->npersonal * sizeof *en->personal);
		en->npersonal = rs->npersonal;
		en->bytes += rs->npersonal * sizeof *en->personal;
	}
	snprintf(en->etag, sizeof en->etag, "\"%016llx\"",
		 (unsigned long long)hash_bytes(rs->body.data, rs->body.len));
	total += en->bytes;
	touch(en);
}

/* The key of rq's part called name (in rq's arena); NULL when rq's page
 * is not rendered for the cache. */
static const char *part_key(struct request *rq, const char *name)
{
	return rq->cache_key ? arena_printf(&rq->arena, "\x02%s|%s", name, rq->cache_key) : NULL;
}

bool page_cache_part_claim(struct request *rq, const char *name, int64_t version,
			   struct shared **part)
{
	const char *key = part_key(rq, name);
	*part = NULL;
	if (!key)
		return false;
	bool mine = false;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += WAIT_MS / 1000;
	pthread_once(&cond_once, make_cond);
	pthread_mutex_lock(&lock);
	for (;;) {
		struct entry *en = find(key);
		if (en && en->body && en->version == version) {
			*part = shared_retain(en->body);
			touch(en);
		} else if (en && en->rendering && en->version >= version) {
			/* Another request makes it: wait for it (bounded). */
			if (pthread_cond_timedwait(&rendered, &lock, &until) != ETIMEDOUT)
				continue;
		} else {
			if (!en)
				en = add(key);
			empty(en); /* an older version's part is of no use */
			en->version = version;
			en->rendering = true;
			mine = true;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
	if (*part)
		log_event(LOG_DEBUG, "cache_part", "key", key, (char *)0);
	return mine;
}

void page_cache_part_give_up(struct request *rq, const char *name)
{
	const char *key = part_key(rq, name);
	if (!key)
		return;
	pthread_mutex_lock(&lock);
	struct entry *en = find(key);
	if (en && en->rendering) {
		en->rendering = false;
		if (!en->body)
			drop(en);
	}
	pthread_cond_broadcast(&rendered);
	pthread_mutex_unlock(&lock);
}

struct shared *page_cache_part_keep(struct request *rq, const char *name, int64_t version,
				   const char *data, size_t len)
{
	const char *key = part_key(rq, name);
	if (!key)
		return NULL;
	struct shared *copy = shared_new(data, len);
	pthread_mutex_lock(&lock);
	struct entry *en = find(key);
	if (!en)
		en = add(key);
	en->rendering = false;
	if (!en->body || en->version <= version) {
		empty(en);
		en->version = version;
		en->body = shared_retain(copy);
		en->bytes = strlen(en->key) + len + sizeof *en;
		total += en->bytes;
		touch(en);
		keep_to_budget();
	}
	pthread_cond_broadcast(&rendered);
	pthread_mutex_unlock(&lock);
	return copy;
}

void page_cache_store(struct request *rq, struct response *rs)
{
	if (!rq->cache_key)
		return;
	bool store = rs->status == 200 && rq->cache_ok && !rs->shared && !rs->has_file;
	int64_t user = rq->actor.user_id;
	bool own = false;
	for (size_t i = 0; user && i < rs->npersonal; i++)
		own |= rs->personal[i] == user;
	pthread_mutex_lock(&lock);
	struct entry *en = find(rq->cache_key);
	if (rq->cache_marked && en && en->rendering) {
		en->rendering = false;
		if (!en->body && !(store && !own))
			drop(en), en = NULL;
	}
	if (store) {
		/* The reader's own view goes under a key of its own; the
		 * class's entry says whom it is not for. */
		const char *key = own && !rq->cache_own
					  ? arena_printf(&rq->arena, "%s|u=%lld",
							 rq->cache_key, (long long)user)
					  : rq->cache_key;
		struct entry *target = find(key);
		if (!target)
			target = add(key);
		if (target->version <= rq->cache_version) {
			keep(target, rq, rs);
			/* The answer is the kept page (personal_fill takes it
			 * without a copy) with its ETag, not hashed again. */
			if (!rs->etag)
				rs->etag = arena_strdup(&rq->arena, target->etag);
			rs->shared = shared_retain(target->body);
			buf_release(&rs->body);
			buf_init(&rs->body);
		}
		keep_to_budget();
	}
	pthread_cond_broadcast(&rendered);
	pthread_mutex_unlock(&lock);
}
