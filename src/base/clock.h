/*
 * clock: time as the database stores it, ISO 8601 in UTC to the second
 * ("2026-11-25T11:14:43Z"), computed here rather than in SQL so the same
 * queries work on any database.
 */
#ifndef SAMSPEL_BASE_CLOCK_H
#define SAMSPEL_BASE_CLOCK_H

#include <time.h>

#define CLOCK_ISO_LEN 20

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ". */
void clock_iso(time_t t, char out[CLOCK_ISO_LEN + 1]);
/* Now plus offset seconds. */
void clock_iso_now(long offset, char out[CLOCK_ISO_LEN + 1]);
/* Today as "YYYY-MM-DD". */
void clock_today(char out[11]);

#endif
