/*
 * http: the request and response as the web layer's handlers see them,
 * independent of libmicrohttpd (server.c translates). A handler fills the
 * response; server.c adds the headers every response carries (security,
 * caching, ETag and 304) in one place.
 *
 * Memory: everything a request allocates comes from rq->arena and is freed
 * when the request completes. rs->body is a buf freed by the server.
 */
#ifndef SAMSPEL_WEB_HTTP_H
#define SAMSPEL_WEB_HTTP_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "model/perm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct document_upload;
struct form;
struct server_config;

#define MAX_PARAMS 4
#define MAX_HEADERS 12

struct request {
	struct arena arena;
	const char *method;    /* "GET", "HEAD", "POST", ... */
	const char *path;      /* decoded path, without the query */
	const char *client_ip;
	enum lang lang;        /* the reader's language */
	bool lang_from_query;  /* ?lang= was given: remember it in a cookie */
	struct db *db;         /* this worker thread's connection */
	const struct server_config *config;
	void *conn;            /* the libmicrohttpd connection (server.c only) */
	struct buf body;       /* request body (POST), at most config->body_limit */
	bool answered;         /* a response was queued before the body was read */
	bool suspended;        /* the handler answers later (request_suspend) */
	void *pending;         /* the handler's own state meanwhile, or NULL */
	struct actor actor;    /* who is asking (auth.c); user_id 0: the public */
	const char *session_token; /* the session cookie's token, if live */
	struct form *form;     /* the decoded POST form (routes.c), or NULL; for a
				* multipart form (MULTIPART routes) its fields
				* other than the file, decoded by server.c */
	struct document_upload *upload; /* a multipart form's file, in a temp file
				* (server.c frees it after the handler), or NULL */
	const char *upload_name; /* the file's name as the client sent it, or NULL */
	bool cache_ok;         /* cache.c: this request may be cached ... */
	int64_t cache_version; /* ... at this data version */
	const char *cache_key; /* ... under this key */
	bool cache_own;        /* cache.c: cache_key is the reader's own page's */
	bool cache_marked;     /* cache.c: this request renders the page for
				* the others waiting for it */
	bool shared_render;    /* rendered for the reader's class, not the reader:
				* html.c writes markers for the reader's own
				* parts (personal.c fills them in) */
	/* Route parameters (":slug"), filled by the router. */
	const char *param_name[MAX_PARAMS];
	const char *param_value[MAX_PARAMS];
	int nparams;
};

struct header {
	const char *name, *value;
};

enum cache_policy {
	CACHE_REVALIDATE, /* may be stored, must ask again (ETag) */
	CACHE_PRIVATE,    /* for this reader only */
	CACHE_NONE,       /* never stored: forms, errors */
	CACHE_STATIC,     /* assets: an hour */
};

struct shared;

/* A page sent in pieces: spans of a shared page with the reader's own
 * parts between them (personal.c), so that a cached page is not copied
 * for every reader it is filled in for. */
struct piece {
	bool own;        /* in own, else in the page */
	size_t off, len;
};
struct pieces {
	struct shared *page; /* one reference */
	struct buf own;      /* the reader's parts, one after another */
	struct piece *items;
	size_t count, cap;
};
/* Frees p and what it holds; p may be NULL. Its signature lets it be a
 * release callback taking a void pointer. */
void pieces_free(void *p);

struct response {
	int status;
	const char *content_type; /* without charset for text types */
	struct buf body;
	struct shared *shared;    /* instead of body: a cached page, one
				   * reference held (the server sends and
				   * releases it) */
	int file_fd;              /* with has_file: instead of body, an open file of
				   * file_size bytes, sent whole; the server closes it */
	bool has_file;
	uint64_t file_size;
	struct pieces *pieces;    /* instead of body: a page in pieces (the
				   * server sends and frees it) */
	const char *etag;         /* set by a handler that knows it; else hashed */
	enum cache_policy cache;
	struct header headers[MAX_HEADERS];
	int nheaders;
	/* Readers whose own view of this page differs from their class's (the
	 * author of a recent report sees a link to correct it): a page rendered
	 * for a class is not served to them (response_personal_for). */
	int64_t *personal;
	size_t npersonal, personal_cap;
};

/* Notes that user_id's view of the page differs from its class's. */
void response_personal_for(struct request *rq, struct response *rs, int64_t user_id);

typedef int (*handler_fn)(struct request *rq, struct response *rs);

/* The route parameter called name (":slug" -> "slug"), or NULL. */
const char *request_param(const struct request *rq, const char *name);
/* A request header, or NULL. */
const char *request_header(const struct request *rq, const char *name);
/* Answering later: a handler calls request_suspend and returns without an
 * answer; once request_resume(rq) is called (from any thread) the handler
 * runs again with rq as it was left (rq->pending is the handler's). */
void request_suspend(struct request *rq);
void request_resume(struct request *rq);
/* A query-string argument, or NULL. */
const char *request_query(const struct request *rq, const char *name);
/* Every query argument but lang, sorted by name, URL-encoded, joined with
 * '&' ("" when none): the same page asked for alike gets the same string.
 * "\x01" when the query cannot be keyed (a name given twice, too many):
 * such a page is never cached. In rq's arena. */
const char *request_query_canonical(struct request *rq);
/* "20 MB", "512 kB": bytes as people read them (in rq's arena). */
const char *request_size_words(struct request *rq, size_t bytes);
/* A cookie's value, or NULL. */
const char *request_cookie(struct request *rq, const char *name);

/* Sets the response body to a copy of data, of the given content type. */
void response_body(struct response *rs, const char *content_type,
		   const void *data, size_t len);
/* Adds a header to the response (name and value must outlive it: literals
 * or the request's arena). */
void response_header(struct response *rs, const char *name, const char *value);
/* Frees what rs holds (its body, shared page or pieces). */
void response_release(struct response *rs);

#endif
