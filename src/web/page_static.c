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
	buf_add(&rs->body, f->data, f->size);
	rs->content_type = type_of(name);
	rs->cache = CACHE_STATIC;
	rs->status = 200;
	return 200;
}

/* GET /healthz: "ok" when the database answers, 503 otherwise. */
int page_healthz(struct request *rq, struct response *rs)
{
	struct err e = ERR_INIT;
	int version = db_schema_version(rq->db, &e);
	rs->content_type = "text/plain";
	rs->cache = CACHE_NONE;
	if (version <= 0) {
		rs->status = 503;
		buf_adds(&rs->body, "unavailable\n");
		return 503;
	}
	rs->status = 200;
	buf_adds(&rs->body, "ok\n");
	return 200;
}
