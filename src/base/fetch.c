/* fetch.c: one document over http(s) with libcurl (see fetch.h). */
#include "base/fetch.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"

#include <curl/curl.h>
#include <string.h>

int fetch_is_url(const char *s)
{
	return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

struct sink {
	struct buf *out;
	size_t start;
	int too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	if (s->out->len - s->start + len > FETCH_MAX) {
		s->too_big = 1;
		return 0; /* stops the transfer */
	}
	buf_add(s->out, data, len);
	return len;
}

int fetch_url(const char *url, struct buf *out, struct err *e)
{
	if (!fetch_is_url(url))
		return err_set(e, ERR_INPUT, "url", _("%s is not an http or https address."), url);
	CURL *c = curl_easy_init();
	if (!c)
		return err_set(e, ERR_INTERNAL, NULL, "curl_easy_init failed");
	struct sink s = {out, out->len, 0};
	char problem[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, problem);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "samspel/" SAMSPEL_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (s.too_big)
		return err_set(e, ERR_INPUT, "url", _("%s sends more than %u MiB; that is too big."), url,
			       FETCH_MAX >> 20);
	if (rc != CURLE_OK)
		return err_set(e, ERR_INPUT, "url", _("Cannot read %s: %s"), url,
			       problem[0] ? problem : curl_easy_strerror(rc));
	if (status != 200)
		return err_set(e, ERR_INPUT, "url", _("%s answered with status %ld."), url, status);
	return OK;
}
