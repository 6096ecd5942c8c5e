/*
 * page_error.c: the error pages (404 and friends), one function for all,
 * so every error looks the same and says what the reader can do.
 */
#include "web/html.h"
#include "web/pages.h"
#include "base/i18n.h"

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
	case 413: return _("Too much data");
	case 415: return _("Unknown form format");
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
	case 409: return _("Someone else changed this while you were working on it. Nothing was saved.");
	case 429: return _("Wait a while and try again.");
	case 501: return _("The server does not know this request method.");
	case 503: return _("The server cannot reach its data. Try again in a moment.");
	default: return _("The error has been logged. Try again later.");
	}
}

/* Any route: the error page for status, with message (text) if given. */
int page_error(struct request *rq, struct response *rs, int status,
	       const char *message)
{
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
		const char *json = arena_printf(&rq->arena, "{\"ok\": true, \"location\": \"%s\"}\n",
						location);
		response_body(rs, "application/json", json, strlen(json));
		return 200;
	}
	rs->status = 303;
	response_header(rs, "Location", location);
	return 303;
}
