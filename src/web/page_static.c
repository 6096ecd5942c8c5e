/*
 * page_static.c: GET /static/{file} - the stylesheet carried in the binary;
 * GET /healthz - is the server up and can it read its database.
 */
#include "web/pages.h"
#include "base/embedded.h"
#include "db/db.h"
#include "base/err.h"

#include <string.h>

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css";
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript";
	if (dot && strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (dot && strcmp(dot, ".png") == 0)
		return "image/png";
	return "application/octet-stream";
}

/* GET /static/{file}: an embedded asset. */
int page_static(struct request *rq, struct response *rs)
{
	const char *name = request_param(rq, "file");
	const struct embedded_file *f = embedded_find(embedded_assets, name);
	if (!f)
		return page_error(rq, rs, 404, NULL);
	response_body(rs, type_of(name), f->data, f->size);
	rs->cache = CACHE_STATIC;
	rs->status = 200;
	return 200;
}

/* GET /healthz: "ok" when the database answers, 503 otherwise. */
int page_healthz(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	int version = db_schema_version(rq->db, &e);
	rs->cache = CACHE_NONE;
	if (version <= 0) {
		rs->status = 503;
		response_body(rs, "text/plain", "unavailable\n", 12);
		return 503;
	}
	rs->status = 200;
	response_body(rs, "text/plain", "ok\n", 3);
	return 200;
}
