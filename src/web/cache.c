/*
 * cache.c: the rendered-page cache (see cache.h). A small table under one
 * mutex. A page is kept in a shared, reference-counted buffer: a hit hands
 * the response a reference, not a copy, and an entry replaced while
 * responses still send it lives on until the last of them is done. When
 * the table is full the oldest entry makes room.
 */
#include "web/cache.h"
#include "web/http.h"
#include "model/audit.h"
#include "model/plan.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/shared.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLOTS 128

#define KEPT_HEADERS 2

struct entry {
	char *key;
	int64_t version;
	struct shared *body;
	const char *content_type; /* a literal from the handler */
	char etag[24];
	/* The handler's own headers (Content-Disposition of an export). */
	char *header_name[KEPT_HEADERS], *header_value[KEPT_HEADERS];
	unsigned long long used;  /* for eviction: last use tick */
};

static struct entry table[SLOTS];
static unsigned long long tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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

/* The key of rq; false when rq is not cacheable. */
static bool key_of(struct request *rq, int64_t plan, char *key, size_t size)
{
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return false;
	const char *query = request_query_canonical(rq);
	if (query[0] == '\x01')
		return false; /* a query that cannot be keyed: never cached */
	return snprintf(key, size, "%s|%s?%s#%lld", i18n_code(rq->lang), rq->path, query,
			(long long)plan) < (int)size;
}

bool page_cache_serve(struct request *rq, struct response *rs,
		      enum cache_scope scope)
{
	char key[1024];
	int64_t plan;
	rq->cache_ok = version_of(rq, scope, &plan, &rq->cache_version) &&
		       key_of(rq, plan, key, sizeof key);
	if (!rq->cache_ok)
		return false;
	rq->cache_key = arena_strdup(&rq->arena, key);
	int64_t version = rq->cache_version;
	bool hit = false;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < SLOTS; i++) {
		struct entry *en = &table[i];
		if (!en->key || en->version != version || strcmp(en->key, key) != 0)
			continue;
		rs->shared = shared_retain(en->body);
		rs->content_type = en->content_type;
		rs->etag = arena_strdup(&rq->arena, en->etag);
		for (int h = 0; h < KEPT_HEADERS && en->header_name[h]; h++)
			response_header(rs, arena_strdup(&rq->arena, en->header_name[h]),
					arena_strdup(&rq->arena, en->header_value[h]));
		rs->status = 200;
		en->used = ++tick;
		hit = true;
		break;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void page_cache_store(const struct request *rq, const struct response *rs)
{
	if (rs->status != 200 || !rq->cache_ok)
		return;
	const char *key = rq->cache_key;
	int64_t version = rq->cache_version;
	pthread_mutex_lock(&lock);
	struct entry *slot = &table[0];
	for (int i = 0; i < SLOTS; i++) {
		struct entry *en = &table[i];
		if (en->key && strcmp(en->key, key) == 0) {
			slot = en;
			break;
		}
		if (!en->key || en->used < slot->used)
			slot = en;
		if (!en->key)
			break;
	}
	free(slot->key);
	shared_release(slot->body);
	for (int h = 0; h < KEPT_HEADERS; h++) {
		free(slot->header_name[h]);
		free(slot->header_value[h]);
		slot->header_name[h] = slot->header_value[h] = NULL;
	}
	slot->key = xstrdup(key);
	slot->version = version;
	slot->body = shared_new(rs->body.data, rs->body.len);
	slot->content_type = rs->content_type;
	for (int h = 0, k = 0; h < rs->nheaders && k < KEPT_HEADERS; h++)
		if (strcasecmp(rs->headers[h].name, "Content-Disposition") == 0) {
			slot->header_name[k] = xstrdup(rs->headers[h].name);
			slot->header_value[k++] = xstrdup(rs->headers[h].value);
		}
	snprintf(slot->etag, sizeof slot->etag, "\"%016llx\"",
		 (unsigned long long)hash_bytes(rs->body.data, rs->body.len));
	slot->used = ++tick;
	pthread_mutex_unlock(&lock);
}
