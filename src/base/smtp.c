/* smtp.c: one message over SMTP with libcurl (see smtp.h). */
#include "base/smtp.h"
#include "base/err.h"

#include <curl/curl.h>
#include <string.h>

struct source {
	const char *data;
	size_t left;
};

static size_t read_message(char *buf, size_t size, size_t n, void *arg)
{
	struct source *s = arg;
	size_t room = size * n, take = s->left < room ? s->left : room;
	memcpy(buf, s->data, take);
	s->data += take;
	s->left -= take;
	return take;
}

int smtp_send(const struct smtp_config *c, const char *to, const char *message, size_t len,
	      struct err *e)
{
	CURL *curl = curl_easy_init();
	if (!curl)
		return err_set(e, ERR_INTERNAL, NULL, "curl_easy_init failed");
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct source s = {message, len};
	char problem[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(curl, CURLOPT_URL, c->url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, c->from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(curl, CURLOPT_READDATA, &s);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, problem);
	/* STARTTLS when offered; a server that offers none is spoken to in
	 * the clear (a local relay). */
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (c->user && *c->user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc != CURLE_OK)
		return err_set(e, ERR_INTERNAL, "smtp", "%s",
			       problem[0] ? problem : curl_easy_strerror(rc));
	return OK;
}
