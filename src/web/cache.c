/*
 * cache.c: the rendered-page cache (see cache.h). A small table
 * under one mutex: lookups copy the bytes out while holding it, so an entry
 * is never freed under a reader. When the table is full the oldest entry
 * makes room.
 */
#include "web/cache.h"
#include "web/http.h"
#include "model/audit.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 128

struct entry {
	char *key;
	int64_t version;
	char *body;
	size_t len;
	const char *content_type; /* a literal from the handler */
	char etag[24];
	unsigned long long used;  /* for eviction: last use tick */
};

static struct entry table[SLOTS];
static unsigned long long tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The key of rq; false when rq is not cacheable. */
static bool key_of(const struct request *rq, char *key, size_t size)
{
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return false;
	return snprintf(key, size, "%s|%s", i18n_code(rq->lang), rq->path) < (int)size;
}

bool page_cache_serve(struct request *rq, struct response *rs)
{
	char key[512];
	struct err e = ERR_INIT;
	/* The version is read before rendering, so a page stored under it
	 * shows that version's data or newer - never older. */
	rq->cache_ok = key_of(rq, key, sizeof key) &&
		       audit_last_id(rq->db, &rq->cache_version, &e) == OK;
	if (!rq->cache_ok)
		return false;
	int64_t version = rq->cache_version;
	bool hit = false;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < SLOTS; i++) {
		struct entry *en = &table[i];
		if (!en->key || en->version != version || strcmp(en->key, key) != 0)
			continue;
		response_body(rs, en->content_type, en->body, en->len);
		rs->etag = arena_strdup(&rq->arena, en->etag);
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
	char key[512];
	if (rs->status != 200 || !rq->cache_ok || !key_of(rq, key, sizeof key))
		return;
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
	free(slot->body);
	slot->key = xstrdup(key);
	slot->version = version;
	slot->body = xmalloc(rs->body.len ? rs->body.len : 1);
	memcpy(slot->body, rs->body.data, rs->body.len);
	slot->len = rs->body.len;
	slot->content_type = rs->content_type;
	snprintf(slot->etag, sizeof slot->etag, "\"%016llx\"",
		 (unsigned long long)hash_fnv1a(rs->body.data, rs->body.len));
	slot->used = ++tick;
	pthread_mutex_unlock(&lock);
}
