/*
 * routes.c: the route table and the dispatcher (see routes.h).
 *
 * A pattern is a path whose {name} parts capture one path segment, with an
 * optional literal suffix ("/plan/{slug}.json"). The first matching route
 * wins, so more specific patterns come first. HEAD is answered by the GET
 * route (libmicrohttpd leaves the body out).
 */
#include "web/routes.h"
#include "web/http.h"
#include "web/cache.h"
#include "web/pages.h"
#include "base/i18n.h"

#include <string.h>

struct route {
	const char *method;
	const char *pattern;
	handler_fn handler;
	bool cached; /* public page, kept in the page cache until the data changes */
};

static const struct route routes[] = {
	{"GET", "/", page_home, true},
	{"GET", "/healthz", page_healthz, false},
	{"GET", "/static/{file}", page_static, false},
	{"GET", "/plan/{slug}.json", api_plan_json, true},
	{"GET", "/plan/{slug}", page_plan, true},
};

static const char *const known_methods[] = {"GET", "HEAD", "POST", "PUT",
					    "DELETE", "PATCH", "OPTIONS"};

/* Matches path against pattern, capturing {name} segments into rq. */
static bool match(struct request *rq, const char *pattern, const char *path)
{
	rq->nparams = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (*p != '{') {
			if (*p != *s)
				return false;
			p++, s++;
			continue;
		}
		const char *close = strchr(p, '}');
		const char *suffix = close + 1;
		size_t suffix_len = strcspn(suffix, "/");
		size_t seg = strcspn(s, "/");
		if (seg <= suffix_len || strncmp(s + seg - suffix_len, suffix, suffix_len) != 0)
			return false;
		if (rq->nparams == MAX_PARAMS)
			return false;
		rq->param_name[rq->nparams] = arena_strndup(&rq->arena, p + 1, (size_t)(close - p - 1));
		rq->param_value[rq->nparams] = arena_strndup(&rq->arena, s, seg - suffix_len);
		rq->nparams++;
		p = suffix + suffix_len;
		s += seg;
	}
	return *s == '\0';
}

void routes_error(struct request *rq, struct response *rs, int status)
{
	page_error(rq, rs, status, NULL);
}

void routes_dispatch(struct request *rq, struct response *rs)
{
	bool known = false;
	for (size_t i = 0; i < sizeof known_methods / sizeof *known_methods; i++)
		if (strcmp(rq->method, known_methods[i]) == 0)
			known = true;
	if (!known) {
		page_error(rq, rs, 501, NULL);
		return;
	}
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	bool path_found = false;
	struct buf allow = BUF_INIT;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		if (!match(rq, r->pattern, rq->path))
			continue;
		path_found = true;
		if (strcmp(r->method, method) == 0) {
			buf_release(&allow);
			if (r->cached && page_cache_serve(rq, rs))
				return;
			r->handler(rq, rs);
			if (r->cached)
				page_cache_store(rq, rs);
			return;
		}
		if (!strstr(allow.data, r->method)) {
			if (allow.len)
				buf_adds(&allow, ", ");
			buf_adds(&allow, r->method);
			if (strcmp(r->method, "GET") == 0)
				buf_adds(&allow, ", HEAD");
		}
	}
	if (path_found) {
		page_error(rq, rs, 405, NULL);
		response_header(rs, "Allow", arena_strdup(&rq->arena, allow.data));
	} else {
		page_error(rq, rs, 404, NULL);
	}
	buf_release(&allow);
}
