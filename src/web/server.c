/*
 * server.c: the glue between libmicrohttpd and samspel's handlers.
 *
 * libmicrohttpd calls the access handler several times per request: the
 * first call only creates the request (with its arena), further calls bring
 * the body in pieces, the last one runs the route. The completion callback
 * frees the request. Workers are a thread pool; each worker thread opens its
 * own SQLite connection on first use (a thread-specific key closes it).
 *
 * Every response gets its common headers here, once: content type with
 * charset, the security headers, cache policy, ETag and 304.
 */
#include "web/server.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/routes.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

static void close_thread_db(void *db)
{
	db_close(db);
}

static void make_db_key(void)
{
	pthread_key_create(&db_key, close_thread_db);
}

/* This worker thread's database connection, opened on first use. */
static struct db *thread_db(const struct server_config *cfg, struct err *e)
{
	pthread_once(&db_key_once, make_db_key);
	struct db *db = pthread_getspecific(db_key);
	if (db)
		return db;
	if (db_open(cfg->db_path, 0, &db, e) != OK)
		return NULL;
	pthread_setspecific(db_key, db);
	return db;
}

/* --- request accessors (http.h) --- */

const char *request_param(const struct request *rq, const char *name)
{
	for (int i = 0; i < rq->nparams; i++)
		if (strcmp(rq->param_name[i], name) == 0)
			return rq->param_value[i];
	return NULL;
}

const char *request_header(const struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *request_query(const struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_args {
	struct arena *a;
	struct {
		const char *key, *value;
	} items[32];
	size_t count;
	bool overflow;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	(void)kind;
	struct query_args *q = cls;
	if (strcmp(key, "lang") == 0)
		return MHD_YES;
	if (q->count == sizeof q->items / sizeof *q->items) {
		q->overflow = true;
		return MHD_NO;
	}
	q->items[q->count].key = key;
	q->items[q->count].value = value ? value : "";
	q->count++;
	return MHD_YES;
}

static int cmp_arg(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;
	int c = strcmp(a[0], b[0]);
	return c ? c : strcmp(a[1], b[1]);
}

const char *request_query_canonical(struct request *rq)
{
	struct query_args q = {&rq->arena, {{0}}, 0, false};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
	if (q.overflow)
		return "\x01"; /* too many to key on: a key no page is stored under */
	qsort(q.items, q.count, sizeof *q.items, cmp_arg);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < q.count; i++) {
		if (i)
			buf_addc(&b, '&');
		buf_add_url(&b, q.items[i].key, strlen(q.items[i].key));
		buf_addc(&b, '=');
		buf_add_url(&b, q.items[i].value, strlen(q.items[i].value));
	}
	const char *out = arena_strdup(&rq->arena, b.data);
	buf_release(&b);
	return out;
}

const char *request_cookie(struct request *rq, const char *name)
{
	return cookie_get(&rq->arena, request_header(rq, "Cookie"), name);
}

void response_body(struct response *rs, const char *content_type,
		   const void *data, size_t len)
{
	buf_reset(&rs->body);
	buf_add(&rs->body, data, len);
	rs->content_type = content_type;
}

void response_header(struct response *rs, const char *name, const char *value)
{
	if (rs->nheaders < MAX_HEADERS) {
		rs->headers[rs->nheaders].name = name;
		rs->headers[rs->nheaders].value = value;
		rs->nheaders++;
	}
}

/* --- common headers --- */

/* True when the If-None-Match header lists etag (or is "*"). */
static bool etag_matches(const char *header, const char *etag)
{
	if (!header)
		return false;
	size_t n = strlen(etag);
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

static const char *content_type_with_charset(struct request *rq, const char *type)
{
	if (strncmp(type, "text/", 5) == 0 || strcmp(type, "application/json") == 0 ||
	    strcmp(type, "application/problem+json") == 0)
		return arena_printf(&rq->arena, "%s; charset=utf-8", type);
	return type;
}

static const char *cache_control(enum cache_policy c)
{
	switch (c) {
	case CACHE_REVALIDATE: return "no-cache";
	case CACHE_PRIVATE: return "private, no-cache";
	case CACHE_STATIC: return "public, max-age=3600";
	case CACHE_NONE: break;
	}
	return "no-store";
}

static void add_common_headers(struct request *rq, struct response *rs,
			       struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self' data:;"
				" form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (rq->config->behind_tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
	MHD_add_response_header(r, "Cache-Control", cache_control(rs->cache));
	if (rs->cache != CACHE_STATIC)
		MHD_add_response_header(r, "Vary", "Cookie");
	if (rq->lang_from_query) {
		MHD_add_response_header(r, "Set-Cookie",
			arena_printf(&rq->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s",
				     i18n_code(rq->lang), rq->config->behind_tls ? "; Secure" : ""));
	}
	for (int i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
}

/* Turns the handler's response into libmicrohttpd's, with ETag and 304. */
static enum MHD_Result send_response(struct request *rq, struct response *rs)
{
	bool cacheable = rs->status == 200 &&
			 (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) &&
			 rs->cache != CACHE_NONE;
	const char *etag = NULL;
	if (cacheable) {
		etag = rs->etag ? rs->etag
				: arena_printf(&rq->arena, "\"%016llx\"",
					       (unsigned long long)hash_fnv1a(rs->body.data, rs->body.len));
		if (etag_matches(request_header(rq, "If-None-Match"), etag)) {
			rs->status = 304;
			buf_reset(&rs->body);
		}
	}
	struct MHD_Response *r;
	if (rs->body.len) {
		size_t len;
		char *data = buf_detach(&rs->body, &len);
		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	if (rs->status != 304 && rs->content_type)
		MHD_add_response_header(r, "Content-Type",
					content_type_with_charset(rq, rs->content_type));
	if (etag)
		MHD_add_response_header(r, "ETag", etag);
	add_common_headers(rq, rs, r);
	enum MHD_Result ret = MHD_queue_response(rq->conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* --- the request cycle --- */

static void choose_language(struct request *rq)
{
	enum lang lang = LANG_NN;
	const char *q = request_query(rq, "lang");
	if (q && i18n_parse(q, &lang) == 0) {
		rq->lang_from_query = true;
	} else {
		const char *c = request_cookie(rq, "lang");
		if (!c || i18n_parse(c, &lang) != 0)
			lang = LANG_NN;
	}
	rq->lang = lang;
	i18n_set_lang(lang);
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	(void)kind;
	bool *ok = cls;
	if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

/* True when the path and every query argument are valid UTF-8. */
static bool address_is_text(struct request *rq)
{
	bool ok = utf8_valid(rq->path, strlen(rq->path));
	if (ok)
		MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, check_arg, &ok);
	return ok;
}

static const char *client_ip(struct request *rq, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return "-";
	char host[INET6_ADDRSTRLEN] = "-";
	const struct sockaddr *sa = ci->client_addr;
	/* Copied out: the address may not be aligned for the wider struct. */
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in in;
		memcpy(&in, sa, sizeof in);
		inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 in6;
		memcpy(&in6, sa, sizeof in6);
		inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
	}
	return arena_strdup(&rq->arena, host);
}

static struct request *new_request(const struct server_config *cfg,
				   struct MHD_Connection *c, const char *url,
				   const char *method)
{
	struct request *rq = xcalloc(1, sizeof *rq);
	buf_init(&rq->body);
	rq->config = cfg;
	rq->conn = c;
	rq->method = arena_strdup(&rq->arena, method);
	rq->path = arena_strdup(&rq->arena, url);
	rq->client_ip = client_ip(rq, c);
	return rq;
}

/* Content-Length says the body is too big: refuse before reading it. */
static bool declared_too_large(struct request *rq)
{
	const char *cl = request_header(rq, "Content-Length");
	if (!cl)
		return false;
	char *end;
	unsigned long long n = strtoull(cl, &end, 10);
	return *end == '\0' && n > rq->config->body_limit;
}

/* Answers rq at once with the error page for status. */
static enum MHD_Result send_error(struct request *rq, int status)
{
	struct response rs = {0};
	buf_init(&rs.body);
	choose_language(rq);
	routes_error(rq, &rs, status);
	enum MHD_Result ret = send_response(rq, &rs);
	buf_release(&rs.body);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)version;
	const struct server_config *cfg = cls;
	struct request *rq = *con_cls;
	if (!rq) {
		rq = new_request(cfg, c, url, method);
		*con_cls = rq;
		/* A body declared too large is refused before it is read (and
		 * before "100 Continue" invites the client to send it). */
		if (!declared_too_large(rq))
			return MHD_YES;
		rq->answered = true;
		return send_error(rq, 413);
	}
	if (rq->answered) {
		*upload_data_size = 0; /* drain what is still coming */
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (rq->body.len + *upload_data_size > cfg->body_limit) {
			*upload_data_size = 0;
			rq->answered = true;
			return send_error(rq, 413);
		}
		buf_add(&rq->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct response rs = {0};
	buf_init(&rs.body);
	rs.status = 200;
	rs.cache = CACHE_REVALIDATE;

	choose_language(rq);
	struct err e = ERR_INIT;
	rq->db = thread_db(cfg, &e);
	if (!rq->db) {
		log_event(LOG_ERROR, "db_open_failed", "message", e.msg, (char *)0);
		routes_error(rq, &rs, 503);
	} else if (!address_is_text(rq)) {
		page_error(rq, &rs, 400, _("The address has characters that are not valid UTF-8 text."));
	} else if (auth_identify(rq, &rs) == OK) {
		routes_dispatch(rq, &rs);
	}
	log_event(LOG_DEBUG, "request", "method", rq->method, "path", rq->path,
		  "status", arena_printf(&rq->arena, "%d", rs.status),
		  "ip", rq->client_ip, (char *)0);
	enum MHD_Result ret = send_response(rq, &rs);
	buf_release(&rs.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct request *rq = *con_cls;
	if (!rq)
		return;
	buf_release(&rq->body);
	arena_release(&rq->arena);
	free(rq);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_event(LOG_DEBUG, "http_library", "message", msg, (char *)0);
}

/* --- start and stop --- */

/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" into *sa. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa,
			socklen_t *len, struct err *e)
{
	char host[256] = "";
	const char *port;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen) >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		port = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			goto bad;
		memcpy(host, listen, (size_t)(colon - listen));
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		goto bad;
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0 || !res)
		return err_set(e, ERR_INPUT, "listen", _("Cannot listen on %s: %s"), listen,
			       gai_strerror(rc));
	memcpy(sa, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return OK;
bad:
	return err_set(e, ERR_INPUT, "listen",
		       _("\"%s\" is not an address to listen on (use HOST:PORT, e.g. 127.0.0.1:8080)."),
		       listen);
}

int server_run(const struct server_config *cfg, struct err *e)
{
	struct sockaddr_storage sa;
	socklen_t salen;
	if (parse_listen(cfg->listen, &sa, &salen, e) != OK)
		return ERR;
	/* The database must open before we claim to be serving. */
	struct db *probe;
	if (db_open(cfg->db_path, 0, &probe, e) != OK)
		return ERR;
	db_close(probe);

	/* Four workers per core by default: a sign-in holds its worker while
	 * the password is hashed and a failure is slowed down, and the others
	 * must go on serving meanwhile. */
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = 4 * (n > 0 ? (unsigned)n : 2);
	}
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL); /* workers inherit the mask */
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, (void *)cfg,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, 2000u,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_END);
	if (!d)
		return err_set(e, ERR_INPUT, "listen",
			       _("Cannot listen on %s (is the port in use?)."), cfg->listen);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	char host[INET6_ADDRSTRLEN] = "";
	if (sa.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, host, sizeof host);
	printf(sa.ss_family == AF_INET6 ? "listening on http://[%s]:%u/\n"
					: "listening on http://%s:%u/\n",
	       host, port);
	fflush(stdout);
	char port_text[16];
	snprintf(port_text, sizeof port_text, "%u", port);
	log_event(LOG_INFO, "server_started", "listen", cfg->listen, "port", port_text,
		  (char *)0);

	int sig;
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "server_stopping", "signal", sig == SIGINT ? "INT" : "TERM", (char *)0);
	MHD_stop_daemon(d);
	return OK;
}
