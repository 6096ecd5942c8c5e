/*
 * server: samspel's HTTP server over libmicrohttpd, with a pool of worker
 * threads, each holding its own SQLite connection.
 */
#ifndef SAMSPEL_WEB_SERVER_H
#define SAMSPEL_WEB_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct err;

struct mailer_config;

struct server_config {
	const char *db_path;
	const char *listen;        /* "127.0.0.1:8080", "[::1]:8080", ":8080"; port 0 picks one */
	unsigned threads;          /* worker threads; 0: one per core */
	size_t body_limit;         /* upper bound of every form and JSON body (413) */
	size_t upload_limit;       /* the largest file an upload route takes (413) */
	const char *documents_dir; /* the store of attached files (model/document.h) */
	unsigned timeout_seconds;  /* idle connections are closed after this */
	unsigned header_timeout;   /* seconds from a connection's start (or its
				    * previous response) to a complete header
				    * block; no trickle extends it */
	unsigned body_timeout;     /* seconds from the headers to the whole body */
	unsigned per_ip_connections; /* open connections per client address; 0: no limit */
	unsigned max_connections;  /* open connections in all; beyond, the
				    * oldest still sending its headers is closed */
	const char *const *trusted_proxies; /* addresses (or ADDR/BITS) whose
				    * X-Forwarded-For is believed; NULL-ended, may be NULL */
	bool behind_tls;           /* served over HTTPS (a proxy): Secure cookies, HSTS */
	long session_idle;         /* seconds a session lives without use */
	long session_max;          /* seconds a session lives at most */
	int lockout_attempts;      /* failed logins for one account before lock-out */
	int lockout_ip_attempts;   /* failed logins from one address before lock-out */
	long lockout_window;       /* seconds failures count, and a lock-out lasts */
	const char *public_url;    /* "https://plan.example.no" (no trailing
				    * slash): the base of absolute links the
				    * Host header may not give (the catalogue);
				    * NULL or "": not known */
	const struct mailer_config *mail; /* the mail worker's (web/mailer.h), or
				    * NULL: no mail is sent */
};

/* Serves until SIGINT or SIGTERM. Prints "listening on http://ADDR:PORT/" on
 * stdout once ready. */
int server_run(const struct server_config *cfg, struct err *e);

#endif
