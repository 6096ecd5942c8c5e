/*
 * ical: a plan's measures as an iCalendar (RFC 5545) calendar, for
 * subscribing in a calendar program (/plan/SLUG.ics, `samspel export SLUG
 * --format ics`): one all-day VEVENT per measure whose period is understood
 * (a month "2023-02" runs 2023-02-01 up to 2023-03-01, exclusive), named by
 * the first line of its text, with its responsibility and state. Reporting
 * deadlines are not in it yet: there are no reporting rounds in the model.
 */
#ifndef SAMSPEL_FORMATS_ICAL_H
#define SAMSPEL_FORMATS_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;
struct export_options;
struct plan;

/* Appends p as a VCALENDAR to out (CRLF line ends, lines folded at 75
 * octets). Links are absolute when o->base_url is not "", else left out
 * (RFC 5545's URL is an absolute URI). */
int ical_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		     struct err *e);

/* A council's calendar (/org/ID.ics): its meetings as all-day events and
 * its meetings' follow-up points with a due date as to-dos (RFC 5545
 * VTODO, DUE and STATUS), each with a link when base_url is not "". */
struct ical_entry {
	int64_t id;
	const char *title;   /* a meeting's title, a follow-up point's text */
	const char *date;    /* the meeting's day, the point's due date: YYYY-MM-DD */
	bool done;           /* a follow-up point that is done */
	int64_t meeting;     /* the point's meeting (0 for a meeting) */
};
void ical_council(struct buf *out, const char *name, const char *base_url, const char *stamp_iso,
		  const struct ical_entry *meetings, size_t nmeetings,
		  const struct ical_entry *followups, size_t nfollowups);

/* The pieces, for the tests. */
/* Appends s[0..len) as an iCalendar TEXT value: \ ; , escaped, a line
 * break as \n, other control characters and invalid UTF-8 as a space or
 * U+FFFD. */
void ical_escape_text(struct buf *out, const char *s, size_t len);
/* Appends the content line "name:value" (value already escaped), folded so
 * no line is longer than 75 octets (CRLF and a space start each
 * continuation), never inside a UTF-8 character; ends it with CRLF. */
void ical_line(struct buf *out, const char *name, const char *value);
/* The exclusive end date "YYYYMMDD" after a period's last month or day
 * ("2023-02" -> "20230301", "2023-12-31" -> "20240101"); 0 on success, -1
 * when end is neither form. */
int ical_end_date(const char *end, char out[9]);
/* The start date "YYYYMMDD" of a period's first month or day. */
int ical_start_date(const char *start, char out[9]);

#endif
