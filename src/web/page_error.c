/*
 * page_error.c: the one error reply. An error value (or a status) becomes
 * an HTML page for a person, or an RFC 9457 problem document
 * (application/problem+json) for the JSON API under /api/ and the .json
 * addresses, so every error looks the same and says what the reader can
 * do. The kind of an error decides its status in one table (error_status).
 */
#include "web/html.h"
#include "web/pages.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *title_of(int status)
{
	switch (status) {
	case 400: return _("The request could not be understood");
	case 401: return _("Not signed in");
	case 403: return _("Not allowed");
	case 404: return _("The page was not found");
	case 405: return _("Not possible here");
	case 409: return _("Changed by someone else");
	case 412: return _("Changed by someone else");
	case 413: return _("Too much data");
	case 415: return _("Unknown format");
	case 428: return _("The version is missing");
	case 429: return _("Too many attempts");
	case 501: return _("Unknown method");
	case 503: return _("Not available just now");
	default: return _("Something went wrong");
	}
}

static const char *explanation_of(int status)
{
	switch (status) {
	case 400: return _("Check what you sent and try again.");
	case 401: return _("The sign-in or token was not accepted.");
	case 403: return _("You do not have access to do this.");
	case 404: return _("There is nothing at this address. It may have been moved, or the plan is not published.");
	case 405: return _("This address cannot be used that way.");
	case 413: return _("What you sent is larger than the server accepts.");
	case 412: return _("It changed since the version you named (If-Match). Nothing was saved: read it again and redo the change.");
	case 415: return _("The server does not read what you sent in this format.");
	case 428: return _("A change must name the version it starts from in an If-Match header. Nothing was saved.");
	case 409: return _("Someone else changed this while you were working on it. Nothing was saved.");
	case 429: return _("Wait a while and try again.");
	case 501: return _("The server does not know this request method.");
	case 503: return _("The server cannot reach its data. Try again in a moment.");
	default: return _("The error has been logged. Try again later.");
	}
}

bool request_wants_json(const struct request *rq)
{
	size_t n = strlen(rq->path);
	return strncmp(rq->path, "/api/", 5) == 0 ||
	       (n > 5 && strcmp(rq->path + n - 5, ".json") == 0);
}

/* The problem document for status (RFC 9457): type, title, status, detail
 * and, for a field at fault, the field. */
static int problem(struct response *rs, int status, const char *detail,
		   const char *field)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
			      title_of(status), "status", status, "detail",
			      detail ? detail : explanation_of(status));
	if (o && field && *field)
		json_object_set_new(o, "field", json_string(field));
	char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	json_decref(o);
	response_body(rs, "application/problem+json", text ? text : "{}", text ? strlen(text) : 2);
	free(text);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

int error_status(const struct err *e)
{
	switch (e->kind) {
	case ERR_INPUT: return 400;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_DENIED: return 403;
	case ERR_NONE:
	case ERR_INTERNAL: break;
	}
	return 500;
}

int page_error_from(struct request *rq, struct response *rs, const struct err *e)
{
	int status = error_status(e);
	/* An internal fault's message is for the log, not the reader. */
	const char *msg = status == 500 || !e->msg[0] ? NULL : e->msg;
	if (request_wants_json(rq))
		return problem(rs, status, msg, e->field);
	return page_error(rq, rs, status, msg);
}

/* Any route: the error page for status, with message (text) if given; a
 * problem document for the JSON addresses. */
int page_error(struct request *rq, struct response *rs, int status,
	       const char *message)
{
	if (request_wants_json(rq))
		return problem(rs, status, message, NULL);
	struct html h = HTML_INIT;
	html_begin(&h, rq, title_of(status));
	html_printf(&h, "<article class=\"error\"><p class=\"code\">%d</p><h1>%s</h1><p>%s</p>",
		    status, title_of(status), message ? message : explanation_of(status));
	html_printf(&h, "<p><a href=\"/\">%s</a></p></article>\n", _("Go to the front page"));
	html_end(&h, rq);
	html_finish(&h, rs);
	rs->status = status;
	rs->cache = CACHE_NONE;
	return status;
}

/* The end of a POST that did what it should. */
int page_done(struct request *rq, struct response *rs, const char *location)
{
	rs->cache = CACHE_NONE;
	if (rq->actor.token_id) {
		rs->status = 200;
		json_t *o = json_pack("{s:b, s:s}", "ok", 1, "location", location);
		char *json = o ? json_dumps(o, 0) : NULL;
		json_decref(o);
		response_body(rs, "application/json", json ? json : "{}", json ? strlen(json) : 2);
		free(json);
		return 200;
	}
	rs->status = 303;
	response_header(rs, "Location", location);
	return 303;
}
