/* log.c: logfmt lines on stderr (see log.h). */
#include "base/log.h"
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

int log_parse_level(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (name && strcmp(name, level_names[i]) == 0)
			return i;
	return -1;
}

static void add_value(struct buf *b, const char *v)
{
	if (!v)
		v = "";
	int quote = *v == '\0' || strpbrk(v, " =\"\\") != NULL;
	for (const char *p = v; *p && !quote; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			quote = 1;
	if (!quote) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\x%02x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

void log_event(enum log_level level, const char *event, ...)
{
	if (level < min_level)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);

	struct buf b = BUF_INIT;
	buf_addf(&b, "time=%s.%03ldZ level=%s event=", when,
		 ts.tv_nsec / 1000000, level_names[level]);
	add_value(&b, event);
	va_list ap;
	va_start(ap, event);
	const char *key;
	while ((key = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);
		buf_addf(&b, " %s=", key);
		add_value(&b, value);
	}
	va_end(ap);
	buf_addc(&b, '\n');
	/* One write per line so lines from several threads never interleave. */
	ssize_t w = write(STDERR_FILENO, b.data, b.len);
	(void)w;
	buf_release(&b);
}
