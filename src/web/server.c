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
 *
 * Hostile traffic is met here, before any handler runs:
 *  - every connection is registered (MHD_OPTION_NOTIFY_CONNECTION); one
 *    reaper thread shuts down those whose header block (counted from the
 *    connection's start or its previous response) or body is not complete
 *    by its deadline, however steadily it trickles; connections beyond
 *    --per-ip-connections from one address are closed at once, and beyond
 *    --max-connections in all the oldest still sending headers goes;
 *  - a request whose framing is ambiguous (two Content-Lengths,
 *    Content-Length with Transfer-Encoding, a folded or malformed header
 *    line, no Host) gets 400 and the connection is closed, so nothing
 *    hidden behind it runs (RFC 9112 3.2, 5.1, 6.3);
 *  - a body is read only for a route that takes one (routes_body), up to
 *    that kind's limit; any other is refused before a byte of it is read;
 *  - an upload (a multipart form with a file) is never held in memory: its
 *    file streams into a temp file of the document store through
 *    libmicrohttpd's post processor, counted against --upload-limit; the
 *    moment it goes beyond, the temp file is removed, the rest of the
 *    (bounded) body only counted, and the answer is a 413 page;
 *  - from a --trusted-proxy the client is the right-most address in
 *    X-Forwarded-For that is not itself a trusted proxy.
 */
#include "web/server.h"
#include "web/mailer.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/hashpool.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/routes.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/shared.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "model/document.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

/* Every worker's connection, so that a stop closes all of them, whatever
 * became of their threads: the last to close checkpoints the database,
 * which is then whole in its one file, without a -wal beside it. */
#define MAX_THREAD_DBS 1024
static struct db *thread_dbs[MAX_THREAD_DBS];
static size_t nthread_dbs;
static pthread_mutex_t thread_dbs_lock = PTHREAD_MUTEX_INITIALIZER;

static void close_thread_db(void *db)
{
	pthread_mutex_lock(&thread_dbs_lock);
	for (size_t i = 0; i < nthread_dbs; i++)
		if (thread_dbs[i] == db) {
			thread_dbs[i] = thread_dbs[--nthread_dbs];
			break;
		}
	pthread_mutex_unlock(&thread_dbs_lock);
	db_close(db);
}

/* Closes the connections of threads that are gone, then checkpoints the
 * database into its file (server_run, after every thread has stopped). */
static void close_all_dbs(const struct server_config *cfg)
{
	pthread_mutex_lock(&thread_dbs_lock);
	for (size_t i = 0; i < nthread_dbs; i++)
		db_close(thread_dbs[i]);
	nthread_dbs = 0;
	pthread_mutex_unlock(&thread_dbs_lock);
	struct db *db;
	struct err e = ERR_INIT;
	if (db_open(cfg->db_path, 0, &db, &e) != OK)
		return;
	if (db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);", &e) != OK)
		log_event(LOG_ERROR, "checkpoint_failed", "message", e.msg, (char *)0);
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
	pthread_mutex_lock(&thread_dbs_lock);
	if (nthread_dbs < MAX_THREAD_DBS)
		thread_dbs[nthread_dbs++] = db;
	pthread_mutex_unlock(&thread_dbs_lock);
	pthread_setspecific(db_key, db);
	return db;
}

/* --- addresses, trusted proxies --- */

/* An IP address; an IPv4-mapped IPv6 address is kept as IPv4. */
struct addr {
	int family; /* AF_INET, AF_INET6; 0: unknown */
	unsigned char b[16];
};

/* An address or a network ("ADDR/BITS") of --trusted-proxy. */
struct netmask {
	struct addr a;
	int bits;
};

#define MAX_PROXIES 32
static struct netmask proxies[MAX_PROXIES];
static int nproxies;

static void addr_v4(struct addr *a, const void *four)
{
	memset(a, 0, sizeof *a);
	a->family = AF_INET;
	memcpy(a->b, four, 4);
}

static void addr_v6(struct addr *a, const void *sixteen)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(sixteen, mapped, sizeof mapped) == 0) {
		addr_v4(a, (const unsigned char *)sixteen + 12);
		return;
	}
	memset(a, 0, sizeof *a);
	a->family = AF_INET6;
	memcpy(a->b, sixteen, 16);
}

/* Parses an address as text ("192.0.2.1", "2001:db8::1"); false if it is none. */
static bool addr_parse(const char *text, struct addr *a)
{
	unsigned char raw[16];
	if (inet_pton(AF_INET, text, raw) == 1)
		addr_v4(a, raw);
	else if (inet_pton(AF_INET6, text, raw) == 1)
		addr_v6(a, raw);
	else
		return false;
	return true;
}

static void addr_from_sockaddr(const struct sockaddr *sa, struct addr *a)
{
	memset(a, 0, sizeof *a);
	if (!sa)
		return;
	/* Copied out: the address may not be aligned for the wider struct. */
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in in;
		memcpy(&in, sa, sizeof in);
		addr_v4(a, &in.sin_addr);
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 in6;
		memcpy(&in6, sa, sizeof in6);
		addr_v6(a, &in6.sin6_addr);
	}
}

static void addr_text(const struct addr *a, char *out, size_t size)
{
	if (!a->family || !inet_ntop(a->family, a->b, out, (socklen_t)size))
		snprintf(out, size, "-");
}

static bool addr_in(const struct addr *a, const struct netmask *m)
{
	if (a->family != m->a.family)
		return false;
	int full = m->bits / 8, rest = m->bits % 8;
	if (memcmp(a->b, m->a.b, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a->b[full] & mask) == (m->a.b[full] & mask);
}

static bool addr_trusted(const struct addr *a)
{
	for (int i = 0; i < nproxies; i++)
		if (addr_in(a, &proxies[i]))
			return true;
	return false;
}

/* Parses "ADDR" or "ADDR/BITS". */
static bool netmask_parse(const char *text, struct netmask *m)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	if (n == 0 || n >= sizeof host)
		return false;
	memcpy(host, text, n);
	host[n] = '\0';
	if (!addr_parse(host, &m->a))
		return false;
	int max = m->a.family == AF_INET ? 32 : 128;
	m->bits = max;
	if (slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || bits < 0 || bits > max)
			return false;
		m->bits = (int)bits;
	}
	return true;
}

static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind,
					 const char *key, const char *value)
{
	(void)kind;
	struct buf *b = cls;
	if (value && strcasecmp(key, "X-Forwarded-For") == 0) {
		if (b->len)
			buf_addc(b, ',');
		buf_adds(b, value);
	}
	return MHD_YES;
}

/* The client a trusted proxy forwards for: in X-Forwarded-For (all such
 * headers, in order), the right-most address that is not a trusted proxy
 * itself. Left of it anyone could have written anything. False when there
 * is no usable address. */
static bool forwarded_client(struct MHD_Connection *c, struct addr *out)
{
	struct buf b = BUF_INIT;
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_forwarded, &b);
	bool found = false;
	char *list = b.data;
	while (list && *list) {
		char *comma = strrchr(list, ',');
		char *item = comma ? comma + 1 : list;
		if (comma)
			*comma = '\0';
		else
			list = NULL;
		while (*item == ' ' || *item == '\t')
			item++;
		size_t n = strlen(item);
		while (n && (item[n - 1] == ' ' || item[n - 1] == '\t'))
			item[--n] = '\0';
		struct addr a;
		if (!addr_parse(item, &a))
			break; /* not an address: believe nothing left of it */
		*out = a;
		found = true;
		if (!addr_trusted(&a))
			break;
	}
	buf_release(&b);
	return found;
}

/* --- connections: deadlines and limits --- */

enum phase {
	WAIT_HEADERS, /* until the header block is in: header deadline */
	WAIT_BODY,    /* until the body is in: body deadline */
	HANDLING,     /* being answered: only the idle timeout */
};

/* One TCP connection (libmicrohttpd's socket context). */
struct conn {
	struct conn *prev, *next; /* in guard's list, oldest first */
	int fd;
	char ip[INET6_ADDRSTRLEN]; /* the peer */
	bool trusted;              /* the peer is a trusted proxy */
	bool cut;                  /* shut down by us, closing */
	enum phase phase;
	double deadline;           /* when the phase must be over (monotonic) */
	char fwd_ip[INET6_ADDRSTRLEN]; /* the forwarded client counted, or "" */
};

struct ip_count {
	struct ip_count *next;
	unsigned n;
	char ip[INET6_ADDRSTRLEN];
};

#define IP_BUCKETS 1024
#define REAPER_PERIOD_MS 200
#define REPORT_SECONDS 10

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	const struct server_config *cfg;
	struct conn *head, *tail;
	unsigned live;    /* registered connections */
	unsigned cutting; /* of them shut down, not yet closed */
	unsigned cap;     /* connections kept at most */
	bool stopping;
	struct ip_count *ips[IP_BUCKETS];
	/* Since the last report: */
	unsigned cut_headers, cut_body, refused_ip, evicted;
} guard = {.lock = PTHREAD_MUTEX_INITIALIZER};

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct ip_count **ip_slot(const char *ip)
{
	struct ip_count **p = &guard.ips[hash_fnv1a(ip, strlen(ip)) % IP_BUCKETS];
	while (*p && strcmp((*p)->ip, ip) != 0)
		p = &(*p)->next;
	return p;
}

/* Counts one more connection (or request) of ip; the new count. Locked. */
static unsigned ip_add(const char *ip)
{
	struct ip_count **p = ip_slot(ip);
	if (!*p) {
		*p = xcalloc(1, sizeof **p);
		snprintf((*p)->ip, sizeof (*p)->ip, "%s", ip);
	}
	return ++(*p)->n;
}

/* Locked. */
static void ip_del(const char *ip)
{
	struct ip_count **p = ip_slot(ip);
	struct ip_count *e = *p;
	if (e && --e->n == 0) {
		*p = e->next;
		free(e);
	}
}

/* Closes k from under libmicrohttpd: its next read sees the end and it
 * closes the connection. The fd is still open: libmicrohttpd notifies
 * (and k leaves the list, under the lock) before it closes the socket.
 * Locked. */
static void conn_cut(struct conn *k)
{
	if (k->cut)
		return;
	shutdown(k->fd, SHUT_RDWR);
	k->cut = true;
	guard.cutting++;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const struct server_config *cfg = guard.cfg;
		struct conn *k = xcalloc(1, sizeof *k);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci ? ci->connect_fd : -1;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		struct addr a;
		addr_from_sockaddr(ci ? ci->client_addr : NULL, &a);
		addr_text(&a, k->ip, sizeof k->ip);
		k->trusted = a.family && addr_trusted(&a);
		k->phase = WAIT_HEADERS;
		k->deadline = now_mono() + cfg->header_timeout;
		*socket_context = k;
		pthread_mutex_lock(&guard.lock);
		k->prev = guard.tail;
		if (guard.tail)
			guard.tail->next = k;
		else
			guard.head = k;
		guard.tail = k;
		guard.live++;
		unsigned n = ip_add(k->ip);
		if (cfg->per_ip_connections && !k->trusted && n > cfg->per_ip_connections) {
			conn_cut(k);
			guard.refused_ip++;
		} else if (guard.live - guard.cutting > guard.cap) {
			/* Full: the oldest connection still sending its headers
			 * (perhaps this one) makes room. */
			for (struct conn *o = guard.head; o; o = o->next)
				if (!o->cut && o->phase == WAIT_HEADERS) {
					conn_cut(o);
					guard.evicted++;
					break;
				}
		}
		pthread_mutex_unlock(&guard.lock);
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn *k = *socket_context;
		if (!k)
			return;
		pthread_mutex_lock(&guard.lock);
		if (k->prev)
			k->prev->next = k->next;
		else
			guard.head = k->next;
		if (k->next)
			k->next->prev = k->prev;
		else
			guard.tail = k->prev;
		guard.live--;
		if (k->cut)
			guard.cutting--;
		ip_del(k->ip);
		if (k->fwd_ip[0])
			ip_del(k->fwd_ip);
		pthread_mutex_unlock(&guard.lock);
		free(k);
		*socket_context = NULL;
	}
}

/* Before libmicrohttpd takes a connection on: an address already at its
 * limit is turned away at once, cheaply. (The exact count is kept in
 * on_connection, which also closes what slips past here.) */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	(void)cls, (void)len;
	const struct server_config *cfg = guard.cfg;
	if (!cfg->per_ip_connections)
		return MHD_YES;
	struct addr a;
	addr_from_sockaddr(sa, &a);
	if (!a.family || addr_trusted(&a))
		return MHD_YES;
	char ip[INET6_ADDRSTRLEN];
	addr_text(&a, ip, sizeof ip);
	pthread_mutex_lock(&guard.lock);
	struct ip_count *e = *ip_slot(ip);
	bool full = e && e->n >= cfg->per_ip_connections;
	if (full)
		guard.refused_ip++;
	pthread_mutex_unlock(&guard.lock);
	return full ? MHD_NO : MHD_YES;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Enters a phase; its deadline is seconds from now. */
static void conn_phase(struct conn *k, enum phase phase, unsigned seconds)
{
	if (!k)
		return;
	pthread_mutex_lock(&guard.lock);
	k->phase = phase;
	k->deadline = now_mono() + seconds;
	pthread_mutex_unlock(&guard.lock);
}

/* Shuts down the connections past their deadline, every REAPER_PERIOD_MS;
 * says what it did once every REPORT_SECONDS when there was anything. */
static void *reaper(void *arg)
{
	(void)arg;
	double next_report = now_mono() + REPORT_SECONDS;
	pthread_mutex_lock(&guard.lock);
	while (!guard.stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += REAPER_PERIOD_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&guard.wake, &guard.lock, &until);
		double now = now_mono();
		for (struct conn *k = guard.head; k; k = k->next) {
			if (k->cut || k->phase == HANDLING || now < k->deadline)
				continue;
			conn_cut(k);
			if (k->phase == WAIT_HEADERS)
				guard.cut_headers++;
			else
				guard.cut_body++;
		}
		if (now >= next_report) {
			next_report = now + REPORT_SECONDS;
			unsigned h = guard.cut_headers, b = guard.cut_body, r = guard.refused_ip,
				 ev = guard.evicted, live = guard.live;
			guard.cut_headers = guard.cut_body = guard.refused_ip = guard.evicted = 0;
			if (h || b || r || ev) {
				pthread_mutex_unlock(&guard.lock);
				char t[5][16];
				snprintf(t[0], sizeof t[0], "%u", h);
				snprintf(t[1], sizeof t[1], "%u", b);
				snprintf(t[2], sizeof t[2], "%u", r);
				snprintf(t[3], sizeof t[3], "%u", ev);
				snprintf(t[4], sizeof t[4], "%u", live);
				log_event(LOG_WARN, "connections_cut", "header_deadline", t[0],
					  "body_deadline", t[1], "per_ip_limit", t[2], "full", t[3],
					  "open", t[4], (char *)0);
				pthread_mutex_lock(&guard.lock);
			}
		}
	}
	pthread_mutex_unlock(&guard.lock);
	return NULL;
}

/* --- request framing --- */

/* What is wrong with a request's header block, gathered in one pass. */
struct framing {
	uintptr_t lo, hi; /* where the header block lies as it was received */
	int content_lengths, transfer_encodings, hosts;
	const char *content_length, *transfer_encoding;
	const char *bad; /* the first thing wrong, for the log */
};

static bool is_tchar(unsigned char ch)
{
	return isalnum(ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct framing *f = cls;
	/* A field name is a token: whitespace before the colon (or a line
	 * beginning with it) is refused, RFC 9112 5.1. */
	if (!key_size)
		return f->bad = "header_name", MHD_NO;
	for (size_t i = 0; i < key_size; i++)
		if (!is_tchar((unsigned char)key[i]))
			return f->bad = "header_name", MHD_NO;
	for (size_t i = 0; value && i < value_size; i++) {
		unsigned char ch = (unsigned char)value[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return f->bad = "header_value", MHD_NO;
	}
	/* libmicrohttpd 0.9.75 parses the header block in place and joins a
	 * folded line (obs-fold, RFC 9112 5.2) into a fresh copy elsewhere:
	 * a name or value outside the block was folded. */
	uintptr_t k = (uintptr_t)key, v = (uintptr_t)value;
	if (f->hi && (k < f->lo || k + key_size > f->hi ||
		      (value && (v < f->lo || v + value_size > f->hi))))
		return f->bad = "folded_header", MHD_NO;
	if (strcasecmp(key, "Content-Length") == 0) {
		f->content_lengths++;
		f->content_length = value ? value : "";
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		f->transfer_encodings++;
		f->transfer_encoding = value ? value : "";
	} else if (strcasecmp(key, "Host") == 0) {
		f->hosts++;
	}
	return MHD_YES;
}

/* NULL when the request's framing is unambiguous; else what is wrong. */
static const char *framing_problem(struct MHD_Connection *c, const char *method,
				   const char *version)
{
	struct framing f = {0};
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (ci && method) {
		f.lo = (uintptr_t)method;
		f.hi = f.lo + ci->header_size;
	}
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, check_header, &f);
	if (f.bad)
		return f.bad;
	bool http10 = version && strcmp(version, MHD_HTTP_VERSION_1_0) == 0;
	/* RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one before. */
	if (f.hosts > 1 || (f.hosts == 0 && !http10))
		return "host";
	/* RFC 9112 6.3: one length, by one means. */
	if (f.content_lengths > 1)
		return "content_length_twice";
	if (f.content_lengths) {
		size_t n = strlen(f.content_length);
		if (n == 0 || n > 18 || strspn(f.content_length, "0123456789") != n)
			return "content_length";
	}
	if (f.transfer_encodings) {
		if (f.content_lengths)
			return "content_length_and_transfer_encoding";
		if (f.transfer_encodings > 1 || http10 ||
		    strcasecmp(f.transfer_encoding, "chunked") != 0)
			return "transfer_encoding";
	}
	return NULL;
}

/* The body the request announces: its length, or UINT64_MAX for chunked;
 * 0 for none. */
static uint64_t announced_body(struct request *rq)
{
	if (request_header(rq, "Transfer-Encoding"))
		return UINT64_MAX;
	const char *cl = request_header(rq, "Content-Length");
	return cl ? strtoull(cl, NULL, 10) : 0;
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

/* hashpool: a handler that answers later (see http.h). */
void request_suspend(struct request *rq)
{
	rq->suspended = true;
	MHD_suspend_connection(rq->conn);
}

void request_resume(struct request *rq)
{
	MHD_resume_connection(rq->conn);
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
	/* A key given twice: handlers read the first, and sorting would give
	 * ?q=a&q=b and ?q=b&q=a one key; such a page is not cached. */
	for (size_t i = 0; i < q->count; i++)
		if (strcmp(q->items[i].key, key) == 0)
			q->overflow = true;
	if (q->overflow || q->count == sizeof q->items / sizeof *q->items) {
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

void pieces_free(void *p)
{
	struct pieces *pc = p;
	if (!pc)
		return;
	shared_release(pc->page);
	buf_release(&pc->own);
	free(pc->items);
	free(pc);
}

void response_release(struct response *rs)
{
	buf_release(&rs->body);
	shared_release(rs->shared);
	rs->shared = NULL;
	pieces_free(rs->pieces);
	rs->pieces = NULL;
}

void response_header(struct response *rs, const char *name, const char *value)
{
	if (rs->nheaders < MAX_HEADERS) {
		rs->headers[rs->nheaders].name = name;
		rs->headers[rs->nheaders].value = value;
		rs->nheaders++;
	}
}

void response_personal_for(struct request *rq, struct response *rs, int64_t user_id)
{
	for (size_t i = 0; i < rs->npersonal; i++)
		if (rs->personal[i] == user_id)
			return;
	if (rs->npersonal == rs->personal_cap) {
		size_t cap = rs->personal_cap ? rs->personal_cap * 2 : 8;
		int64_t *grown = arena_array(&rq->arena, cap, sizeof *grown);
		if (rs->npersonal)
			memcpy(grown, rs->personal, rs->npersonal * sizeof *grown);
		rs->personal = grown;
		rs->personal_cap = cap;
	}
	rs->personal[rs->npersonal++] = user_id;
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
		MHD_add_response_header(r, "Vary", "Cookie, Accept-Encoding");
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
					       (unsigned long long)hash_bytes(rs->body.data, rs->body.len));
		if (etag_matches(request_header(rq, "If-None-Match"), etag)) {
			rs->status = 304;
			buf_reset(&rs->body);
			shared_release(rs->shared);
			rs->shared = NULL;
			pieces_free(rs->pieces);
			rs->pieces = NULL;
		}
	}
	struct MHD_Response *r;
	if (rs->shared) {
		/* A cached page: sent from the cache's own buffer, which this
		 * response holds a reference to until it is sent. */
		struct shared *sh = rs->shared;
		rs->shared = NULL;
		r = MHD_create_response_from_buffer_with_free_callback_cls(
			shared_len(sh), (void *)shared_data(sh), shared_release, sh);
		if (!r)
			shared_release(sh);
	} else if (rs->pieces && rs->pieces->count) {
		/* A filled-in page: its spans sent from the cache's buffer and
		 * the reader's parts from their own (libmicrohttpd copies the
		 * array, not the bytes, and frees the pieces when sent). */
		struct pieces *pc = rs->pieces;
		rs->pieces = NULL;
		struct MHD_IoVec *iov = xmalloc(pc->count * sizeof *iov);
		for (size_t i = 0; i < pc->count; i++) {
			const char *base = pc->items[i].own ? pc->own.data : shared_data(pc->page);
			iov[i].iov_base = base + pc->items[i].off;
			iov[i].iov_len = pc->items[i].len;
		}
		r = MHD_create_response_from_iovec(iov, (unsigned)pc->count, pieces_free, pc);
		free(iov);
		if (!r)
			pieces_free(pc);
	} else if (rs->has_file && rs->status != 304) {
		/* A stored document: sent from its file, never read into
		 * memory; libmicrohttpd closes the file with the response. */
		r = MHD_create_response_from_fd64(rs->file_size, rs->file_fd);
		if (r)
			rs->has_file = false;
	} else if (rs->body.len) {
		size_t len;
		char *data = buf_detach(&rs->body, &len);
		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!r) {
		if (rs->has_file)
			close(rs->file_fd);
		rs->has_file = false;
		return MHD_NO;
	}
	if (rs->has_file) /* not sent after all (a 304, or no response) */
		close(rs->file_fd);
	rs->has_file = false;
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

struct multipart;

/* A request with what only the server keeps about it. */
struct server_request {
	struct request rq;
	struct conn *conn; /* its connection, or NULL */
	size_t body_max;   /* the largest body its route takes */
	size_t received;   /* of the body so far */
	struct multipart *mp; /* an upload being read (MULTIPART routes), or NULL */
};

/* Bodies each kind of route takes at most (and never above --body-limit). */
#define FORM_BODY_MAX ((size_t)64 * 1024)
#define JSON_BODY_MAX ((size_t)256 * 1024) /* as api_body reads */
/* An upload's body: its file (--upload-limit) and this much besides, for
 * the form's other fields and the part headers. */
#define MULTIPART_EXTRA FORM_BODY_MAX
/* An upload's body deadline is --body-timeout plus its size at this rate:
 * a large file over a slow line is not cut, a trickle still is. */
#define UPLOAD_MIN_RATE ((uint64_t)64 * 1024)
/* The post processor's buffer (a field name, a part's headers). */
#define MULTIPART_BUFFER 8192

/* --- uploads: multipart/form-data --- */

enum multipart_state {
	MP_OK,
	MP_TOO_BIG, /* the file went beyond --upload-limit */
	MP_BROKEN,  /* not a form we read: bad text, too many fields, two files */
	MP_DISK,    /* the temp file could not be written */
};

/* A multipart form as it streams in. The part "file" goes to a temp file
 * of the document store (model/document.h), counted as it comes; other
 * files are skipped; the plain fields are kept (bounded as an urlencoded
 * form is) and become rq->form, so the CSRF check reads them alike. */
struct multipart {
	struct MHD_PostProcessor *pp;
	struct request *rq;
	struct document_upload *file;
	const char *filename;
	bool file_done;     /* a file part has ended: a second one is refused */
	const char *key;    /* the plain field being read, or NULL */
	struct buf value;
	size_t field_bytes; /* of all plain fields */
	struct {
		struct form_field *items;
		size_t count, cap;
	} fields;
	enum multipart_state state;
	struct err e;
};

/* Ends the plain field being read: checked, and added to the fields. */
static bool multipart_flush(struct multipart *mp)
{
	if (!mp->key)
		return true;
	if (!utf8_valid(mp->value.data, mp->value.len) ||
	    mp->fields.count == FORM_MAX_FIELDS) {
		mp->state = MP_BROKEN;
		return false;
	}
	struct form_field *f = ARENA_PUSH(&mp->rq->arena, mp->fields);
	f->name = mp->key;
	f->value = arena_strndup(&mp->rq->arena, mp->value.data, mp->value.len);
	mp->key = NULL;
	buf_reset(&mp->value);
	return true;
}

static enum MHD_Result multipart_file(struct multipart *mp, const char *filename,
				      const char *data, uint64_t off, size_t size)
{
	struct request *rq = mp->rq;
	if (!mp->file) {
		if (mp->file_done) { /* one file a form */
			mp->state = MP_BROKEN;
			return MHD_NO;
		}
		if (document_upload_begin(rq->config->documents_dir, &mp->file, &mp->e) != OK) {
			mp->state = MP_DISK;
			return MHD_NO;
		}
		mp->filename = arena_strdup(&rq->arena, filename);
	} else if (off == 0 && document_upload_size(mp->file)) {
		mp->state = MP_BROKEN; /* a second "file" part */
		return MHD_NO;
	}
	if (document_upload_size(mp->file) + size > rq->config->upload_limit) {
		mp->state = MP_TOO_BIG;
		return MHD_NO;
	}
	if (size && document_upload_write(mp->file, data, size, &mp->e) != OK) {
		mp->state = MP_DISK;
		return MHD_NO;
	}
	return MHD_YES;
}

/* libmicrohttpd's post processor hands over each part in pieces: off is
 * where the piece lies in its part's value. */
static enum MHD_Result multipart_part(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *filename, const char *content_type,
				      const char *transfer_encoding, const char *data,
				      uint64_t off, size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding;
	struct multipart *mp = cls;
	if (filename) {
		if (!multipart_flush(mp))
			return MHD_NO;
		return strcmp(key, "file") == 0 ? multipart_file(mp, filename, data, off, size)
						: MHD_YES; /* another file: not read */
	}
	if (mp->file)
		mp->file_done = true;
	bool same = mp->key && strcmp(mp->key, key) == 0 && mp->value.len == 0;
	if (off == 0 && !same) {
		if (!multipart_flush(mp))
			return MHD_NO;
		mp->key = arena_strdup(&mp->rq->arena, key);
	}
	mp->field_bytes += strlen(key) + size;
	if (mp->field_bytes > FORM_BODY_MAX) {
		mp->state = MP_BROKEN;
		return MHD_NO;
	}
	buf_add(&mp->value, data, size);
	return MHD_YES;
}

/* The reader of rq's upload; NULL when the body is not multipart/form-data. */
static struct multipart *multipart_new(struct request *rq)
{
	const char *type = request_header(rq, "Content-Type");
	if (!type || strncasecmp(type, "multipart/form-data", 19) != 0)
		return NULL;
	struct multipart *mp = xcalloc(1, sizeof *mp);
	mp->rq = rq;
	buf_init(&mp->value);
	mp->pp = MHD_create_post_processor(rq->conn, MULTIPART_BUFFER, multipart_part, mp);
	if (!mp->pp) {
		free(mp);
		return NULL;
	}
	return mp;
}

/* Reads n more bytes of the body. Once the form is refused (a file
 * beyond the limit, a broken form), its temp file goes at once and the
 * rest of the body is only counted: libmicrohttpd 0.9 cannot answer
 * before the body is in, and the body is bounded (body_max), so the
 * refusal is a page the client gets rather than a cut connection. */
static void multipart_feed(struct multipart *mp, const char *data, size_t n)
{
	if (mp->state != MP_OK)
		return;
	if (MHD_post_process(mp->pp, data, n) == MHD_YES)
		return;
	if (mp->state == MP_OK)
		mp->state = MP_BROKEN;
	if (mp->state == MP_DISK)
		log_event(LOG_ERROR, "upload_failed", "message", mp->e.msg, (char *)0);
	document_upload_free(mp->file);
	mp->file = NULL;
}

/* Frees the reader, with its temp file unless the request took it. */
static void multipart_free(struct server_request *sr)
{
	struct multipart *mp = sr->mp;
	if (!mp)
		return;
	if (mp->pp)
		MHD_destroy_post_processor(mp->pp);
	document_upload_free(mp->file);
	buf_release(&mp->value);
	free(mp);
	sr->mp = NULL;
}

/* The whole body is in: the form's fields into rq->form, its file into
 * rq->upload. false when the form is broken. */
static bool multipart_finish(struct server_request *sr)
{
	struct multipart *mp = sr->mp;
	struct request *rq = &sr->rq;
	bool complete = MHD_destroy_post_processor(mp->pp) == MHD_YES;
	mp->pp = NULL;
	if (mp->state == MP_OK && (!complete || !multipart_flush(mp)))
		mp->state = MP_BROKEN;
	if (mp->state != MP_OK)
		return false;
	rq->form = arena_alloc(&rq->arena, sizeof *rq->form);
	rq->form->fields = mp->fields.items;
	rq->form->count = mp->fields.count;
	rq->upload = mp->file;
	rq->upload_name = mp->filename;
	mp->file = NULL;
	return true;
}

/* "20 MB", "512 kB": a limit as people read it (into rq's arena). */
const char *request_size_words(struct request *rq, size_t bytes)
{
	if (bytes >= ((size_t)1 << 20) && bytes % ((size_t)1 << 20) == 0)
		return arena_printf(&rq->arena, "%zu MB", bytes >> 20);
	return arena_printf(&rq->arena, "%zu kB", (bytes + 1023) / 1024);
}

/* Why an upload could not be read, for its 4xx page. */
static const char *upload_problem(struct request *rq, enum multipart_state state)
{
	if (state == MP_TOO_BIG)
		return arena_printf(&rq->arena,
				    _("The file is larger than the %s a file may be. Nothing was saved."),
				    request_size_words(rq, rq->config->upload_limit));
	return _("The form with the file could not be read. Nothing was saved: go back, reload the page and try again.");
}

static struct request *new_request(const struct server_config *cfg,
				   struct MHD_Connection *c, const char *url,
				   const char *method)
{
	struct server_request *sr = xcalloc(1, sizeof *sr);
	struct request *rq = &sr->rq;
	buf_init(&rq->body);
	rq->config = cfg;
	rq->conn = c;
	rq->method = arena_strdup(&rq->arena, method);
	rq->path = arena_strdup(&rq->arena, url);
	sr->conn = conn_of(c);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct addr peer, client;
	addr_from_sockaddr(ci ? ci->client_addr : NULL, &peer);
	if (peer.family && nproxies && addr_trusted(&peer) && forwarded_client(c, &client))
		peer = client;
	char host[INET6_ADDRSTRLEN];
	addr_text(&peer, host, sizeof host);
	rq->client_ip = arena_strdup(&rq->arena, host);
	return rq;
}

/* Answers rq at once with the error page for status (saying message,
 * when not NULL); with close, the connection is closed after it (nothing
 * more is read from it). */
static enum MHD_Result send_error(struct request *rq, int status, const char *message,
				  bool close)
{
	struct response rs = {0};
	buf_init(&rs.body);
	choose_language(rq);
	if (message)
		page_error(rq, &rs, status, message);
	else
		routes_error(rq, &rs, status);
	if (close)
		response_header(&rs, "Connection", "close");
	enum MHD_Result ret = send_response(rq, &rs);
	response_release(&rs);
	return ret;
}

/* Refuses rq before its body: status, logged with why, connection closed. */
static enum MHD_Result refuse(struct request *rq, int status, const char *why)
{
	rq->answered = true;
	log_event(LOG_INFO, "request_refused", "method", rq->method, "path", rq->path,
		  "status", arena_printf(&rq->arena, "%d", status), "reason", why,
		  "ip", rq->client_ip, (char *)0);
	return send_error(rq, status, NULL, true);
}

/* Refuses an upload whose body is beyond what any file within the limit
 * needs (its temp file removed at once): 413, connection closed. Before
 * the body, the client gets the page; in the middle of it (a chunked
 * body), libmicrohttpd can only close the connection. */
static enum MHD_Result refuse_upload(struct server_request *sr)
{
	struct request *rq = &sr->rq;
	multipart_free(sr);
	rq->answered = true;
	log_event(LOG_INFO, "request_refused", "method", rq->method, "path", rq->path,
		  "status", "413", "reason", "upload_too_large", "ip", rq->client_ip, (char *)0);
	choose_language(rq);
	return send_error(rq, 413, upload_problem(rq, MP_TOO_BIG), true);
}

/* The first call for a request: its headers are in, no byte of its body
 * is read. Queues a refusal, or returns MHD_YES to go on. */
static enum MHD_Result begin_request(struct server_request *sr, struct MHD_Connection *c,
				     const char *method, const char *version)
{
	struct request *rq = &sr->rq;
	const struct server_config *cfg = rq->config;
	const char *why = framing_problem(c, method, version);
	if (why)
		return refuse(rq, 400, why);
	/* Behind a trusted proxy, the forwarded client has the same limit
	 * on requests at a time as any address on connections. */
	struct conn *k = sr->conn;
	if (k && k->trusted && strcmp(rq->client_ip, k->ip) != 0 && cfg->per_ip_connections) {
		pthread_mutex_lock(&guard.lock);
		unsigned n = ip_add(rq->client_ip);
		snprintf(k->fwd_ip, sizeof k->fwd_ip, "%s", rq->client_ip);
		pthread_mutex_unlock(&guard.lock);
		if (n > cfg->per_ip_connections)
			return refuse(rq, 429, "per_ip_limit");
	}
	/* A body is refused before it is read (and before "100 Continue"
	 * invites the client to send it). */
	uint64_t body = announced_body(rq);
	enum route_body kind = body ? routes_body(rq) : ROUTE_BODY_NONE;
	size_t max = kind == ROUTE_BODY_FORM	     ? FORM_BODY_MAX
		     : kind == ROUTE_BODY_LARGE_FORM ? cfg->body_limit
		     : kind == ROUTE_BODY_JSON	     ? JSON_BODY_MAX
						     : 0;
	if (max > cfg->body_limit)
		max = cfg->body_limit;
	/* An upload has a limit of its own (--upload-limit), not below. */
	bool upload = kind == ROUTE_BODY_MULTIPART;
	if (upload)
		max = cfg->upload_limit + MULTIPART_EXTRA;
	sr->body_max = max;
	if (upload && body != UINT64_MAX && body > max)
		return refuse_upload(sr);
	if (!upload && body != UINT64_MAX && body > cfg->body_limit)
		return refuse(rq, 413, "body_too_large");
	if (body && kind == ROUTE_MISSING) {
		/* What the dispatcher says (404, 405 with Allow, 501), at once. */
		struct response rs = {0};
		buf_init(&rs.body);
		choose_language(rq);
		routes_dispatch(rq, &rs);
		response_header(&rs, "Connection", "close");
		rq->answered = true;
		enum MHD_Result ret = send_response(rq, &rs);
		response_release(&rs);
		return ret;
	}
	if (body && kind == ROUTE_BODY_NONE)
		return refuse(rq, 413, "body_not_taken");
	if (body != UINT64_MAX && body > max)
		return refuse(rq, 413, "body_too_large");
	unsigned deadline = cfg->body_timeout;
	if (upload && body) {
		if (!(sr->mp = multipart_new(rq))) {
			rq->answered = true;
			return send_error(rq, 415, _("The file must be sent as multipart/form-data."),
					  true);
		}
		deadline += (unsigned)((body < max ? body : max) / UPLOAD_MIN_RATE);
	}
	conn_phase(k, body ? WAIT_BODY : HANDLING, deadline);
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	const struct server_config *cfg = cls;
	struct request *rq = *con_cls;
	if (!rq) {
		rq = new_request(cfg, c, url, method);
		*con_cls = rq;
		return begin_request((struct server_request *)rq, c, method, version);
	}
	struct server_request *sr = (struct server_request *)rq;
	if (rq->answered) {
		*upload_data_size = 0; /* drain what is still coming */
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (n > sr->body_max - sr->received)
			return sr->mp ? refuse_upload(sr) : refuse(rq, 413, "body_too_large");
		sr->received += n;
		if (!sr->mp) {
			buf_add(&rq->body, upload_data, n);
			return MHD_YES;
		}
		multipart_feed(sr->mp, upload_data, n);
		return MHD_YES;
	}
	conn_phase(sr->conn, HANDLING, 0);
	struct response rs = {0};
	buf_init(&rs.body);
	rs.status = 200;
	rs.cache = CACHE_REVALIDATE;

	choose_language(rq);
	struct err e = ERR_INIT;
	rq->suspended = false; /* hashpool: called again after request_resume */
	rq->db = thread_db(cfg, &e);
	if (!rq->db) {
		log_event(LOG_ERROR, "db_open_failed", "message", e.msg, (char *)0);
		routes_error(rq, &rs, 503);
	} else if (!address_is_text(rq)) {
		page_error(rq, &rs, 400, _("The address has characters that are not valid UTF-8 text."));
	} else if (sr->mp && !multipart_finish(sr)) {
		enum multipart_state st = sr->mp->state;
		log_event(LOG_INFO, "request_refused", "method", rq->method, "path", rq->path,
			  "reason", st == MP_TOO_BIG ? "upload_too_large" : "upload_unreadable",
			  "ip", rq->client_ip, (char *)0);
		page_error(rq, &rs, st == MP_TOO_BIG ? 413 : st == MP_DISK ? 500 : 400,
			   st == MP_DISK ? NULL : upload_problem(rq, st));
	} else if (auth_identify(rq, &rs) == OK) {
		routes_dispatch(rq, &rs);
	}
	/* An upload the handler did not store goes now, before the answer. */
	multipart_free(sr);
	document_upload_free(rq->upload);
	rq->upload = NULL;
	if (rq->suspended) { /* hashpool: the handler answers after request_resume */
		response_release(&rs);
		return MHD_YES;
	}
	log_event(LOG_DEBUG, "request", "method", rq->method, "path", rq->path,
		  "status", arena_printf(&rq->arena, "%d", rs.status),
		  "ip", rq->client_ip, (char *)0);
	enum MHD_Result ret = send_response(rq, &rs);
	response_release(&rs);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	const struct server_config *cfg = cls;
	struct conn *k = conn_of(c);
	if (k) {
		/* The next request's headers are due from now. */
		pthread_mutex_lock(&guard.lock);
		k->phase = WAIT_HEADERS;
		k->deadline = now_mono() + cfg->header_timeout;
		if (k->fwd_ip[0]) {
			ip_del(k->fwd_ip);
			k->fwd_ip[0] = '\0';
		}
		pthread_mutex_unlock(&guard.lock);
	}
	struct request *rq = *con_cls;
	if (!rq)
		return;
	/* A client gone mid-upload: its temp file goes with it. */
	multipart_free((struct server_request *)rq);
	document_upload_free(rq->upload);
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
	nproxies = 0;
	for (const char *const *t = cfg->trusted_proxies; t && *t; t++) {
		if (nproxies == MAX_PROXIES)
			return err_set(e, ERR_INPUT, "trusted_proxy",
				       _("At most %d trusted proxies can be given."), MAX_PROXIES);
		if (!netmask_parse(*t, &proxies[nproxies]))
			return err_set(e, ERR_INPUT, "trusted_proxy",
				       _("\"%s\" is not an address (or ADDRESS/BITS) of a proxy."), *t);
		nproxies++;
	}
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

	/* Every connection is a file descriptor: take what the system allows.
	 * libmicrohttpd gets room for four times the connections we keep, so
	 * that its per-thread shares never fill before ours does; guard.cap
	 * is what we keep, making room by closing the oldest. */
	struct rlimit nofile;
	unsigned mhd_limit = 4 * cfg->max_connections;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
		if (nofile.rlim_cur < nofile.rlim_max) {
			nofile.rlim_cur = nofile.rlim_max;
			setrlimit(RLIMIT_NOFILE, &nofile);
			getrlimit(RLIMIT_NOFILE, &nofile);
		}
		if (nofile.rlim_cur != RLIM_INFINITY && nofile.rlim_cur < (rlim_t)mhd_limit + 128)
			mhd_limit = nofile.rlim_cur > 256 ? (unsigned)nofile.rlim_cur - 128 : 128;
	}
	guard.cfg = cfg;
	guard.cap = cfg->max_connections < mhd_limit / 2 ? cfg->max_connections : mhd_limit / 2;
	guard.stopping = false;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&guard.wake, &ca);
	pthread_condattr_destroy(&ca);

	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	flags |= MHD_ALLOW_SUSPEND_RESUME; /* hashpool: sign-ins wait suspended */
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, on_accept, NULL, on_request, (void *)cfg,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, mhd_limit,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		/* Not MHD_OPTION_STRICT_FOR_CLIENT: in 0.9.75 its answer to a
		 * missing Host carries its status line twice, and it lets
		 * whitespace before a colon through; framing_problem refuses
		 * that and the rest. */
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)cfg,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_END);
	if (!d)
		return err_set(e, ERR_INPUT, "listen",
			       _("Cannot listen on %s (is the port in use?)."), cfg->listen);
	pthread_t reaper_thread;
	if (pthread_create(&reaper_thread, NULL, reaper, NULL) != 0) {
		MHD_stop_daemon(d);
		return err_set(e, ERR_INTERNAL, "thread", "cannot start a thread: %s", strerror(errno));
	}
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
	if (cfg->mail && mailer_start(cfg->mail, e) != OK) {
		MHD_stop_daemon(d);
		return ERR;
	}

	int sig;
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "server_stopping", "signal", sig == SIGINT ? "INT" : "TERM", (char *)0);
	pthread_mutex_lock(&guard.lock);
	guard.stopping = true;
	pthread_cond_signal(&guard.wake);
	pthread_mutex_unlock(&guard.lock);
	pthread_join(reaper_thread, NULL);
	hashpool_stop(); /* hashpool: no connection may stay suspended */
	MHD_stop_daemon(d);
	mailer_stop();
	close_all_dbs(cfg);
	return OK;
}
