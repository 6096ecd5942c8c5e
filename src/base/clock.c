/* clock.c: ISO 8601 timestamps (see clock.h). */
#include "base/clock.h"

void clock_iso(time_t t, char out[CLOCK_ISO_LEN + 1])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, CLOCK_ISO_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_iso_now(long offset, char out[CLOCK_ISO_LEN + 1])
{
	clock_iso(time(NULL) + offset, out);
}

void clock_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
