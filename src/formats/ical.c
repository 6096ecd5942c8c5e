/* ical.c: a plan's measures as an iCalendar calendar (see ical.h). */
#include "formats/ical.h"
#include "formats/export.h"
#include "model/round.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef SAMSPEL_VERSION
#define SAMSPEL_VERSION "0"
#endif

/* RFC 5545 §3.1: at most 75 octets a line, not counting CRLF. */
#define LINE_MAX_OCTETS 75

void ical_escape_text(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t n = utf8_seq_len(s + i, len - i);
			if (n == 0) {
				buf_adds(out, "\xEF\xBF\xBD");
				i++;
			} else {
				buf_add(out, s + i, n);
				i += n;
			}
			continue;
		}
		switch (c) {
		case '\\': buf_adds(out, "\\\\"); break;
		case ';': buf_adds(out, "\\;"); break;
		case ',': buf_adds(out, "\\,"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				break; /* CRLF is one line break */
			buf_adds(out, "\\n");
			break;
		case '\t': buf_addc(out, '\t'); break;
		default:
			/* TEXT allows no other control character. */
			buf_addc(out, c < 0x20 || c == 0x7f ? ' ' : (char)c);
		}
		i++;
	}
}

void ical_line(struct buf *out, const char *name, const char *value)
{
	struct buf line = BUF_INIT;
	buf_adds(&line, name);
	buf_addc(&line, ':');
	buf_adds(&line, value);
	size_t at = 0, room = LINE_MAX_OCTETS;
	while (line.len - at > room) {
		size_t cut = at + room;
		/* Never inside a character: back up to the start of one. */
		while (cut > at && ((unsigned char)line.data[cut] & 0xC0) == 0x80)
			cut--;
		buf_add(out, line.data + at, cut - at);
		buf_adds(out, "\r\n ");
		at = cut;
		room = LINE_MAX_OCTETS - 1; /* the leading space counts */
	}
	buf_add(out, line.data + at, line.len - at);
	buf_adds(out, "\r\n");
	buf_release(&line);
}

/* A property whose value is text (escaped here). */
static void text_line(struct buf *out, const char *name, const char *text, size_t len)
{
	struct buf v = BUF_INIT;
	ical_escape_text(&v, text, len);
	ical_line(out, name, v.data);
	buf_release(&v);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Reads "YYYY-MM" (day 0) or "YYYY-MM-DD". */
static int read_date(const char *s, int *y, int *m, int *d)
{
	size_t n = s ? strlen(s) : 0;
	if ((n != 7 && n != 10) || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    (n == 10 && (s[7] != '-' || !digits(s + 8, 2))))
		return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = n == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
	if (*m < 1 || *m > 12 || *y < 1)
		return -1;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYYMMDD" (y 1-9999, m 1-12, d 1-31). */
static void put_date(char out[9], int y, int m, int d)
{
	const int parts[3][2] = {{y / 100, y % 100}, {m, 0}, {d, 0}};
	char *o = out;
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < (i ? 1 : 2); k++) {
			*o++ = (char)('0' + parts[i][k] / 10);
			*o++ = (char)('0' + parts[i][k] % 10);
		}
	*o = '\0';
}

int ical_start_date(const char *start, char out[9])
{
	int y, m, d;
	if (read_date(start, &y, &m, &d) != 0 || d > days_in_month(y, m))
		return -1;
	put_date(out, y, m, d ? d : 1);
	return 0;
}

int ical_end_date(const char *end, char out[9])
{
	int y, m, d;
	if (read_date(end, &y, &m, &d) != 0 || d > days_in_month(y, m) || y > 9998)
		return -1;
	/* The day after: a month's end is the first of the next month. */
	if (d == 0 || d == days_in_month(y, m)) {
		d = 1;
		if (++m > 12)
			m = 1, y++;
	} else {
		d++;
	}
	put_date(out, y, m, d);
	return 0;
}

/* "2026-11-25T11:14:43Z" -> "20261125T111443Z"; a fixed date when the
 * plan has no readable time (the output must not change by itself). */
static void stamp(const char *iso, char out[17])
{
	if (iso && strlen(iso) >= 19 && digits(iso, 4) && digits(iso + 5, 2) &&
	    digits(iso + 8, 2) && digits(iso + 11, 2) && digits(iso + 14, 2) &&
	    digits(iso + 17, 2)) {
		snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11,
			 iso + 14, iso + 17);
		return;
	}
	snprintf(out, 17, "19700101T000000Z");
}

struct writer {
	struct buf *out;
	const struct export_options *o;
	char dtstamp[17];
};

/* The first non-empty line of text, trimmed. */
static const char *first_line(const char *text, size_t *len)
{
	const char *p = text ? text : "";
	while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
		p++;
	size_t n = strcspn(p, "\r\n");
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*len = n;
	return p;
}

/* "Responsible: Sogn regionråd, NHO" and a line break; nothing for none. */
static void names(struct buf *d, const char *label, const org_link_list *links)
{
	if (!links->count)
		return;
	buf_adds(d, label);
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		/* The members of a council ("Kommunane") as the plan said it. */
		bool own = l->name && *l->name && !l->collective;
		const char *name = own ? l->name : l->as_written;
		buf_addf(d, "%s%s", i ? ", " : " ", name ? name : "");
		if (own && l->note && *l->note)
			buf_addf(d, " (%s)", l->note);
	}
	buf_addc(d, '\n');
}

static void description(struct buf *d, const struct measure *m)
{
	size_t n;
	const char *first = first_line(m->text, &n);
	/* The rest of the text when it has more than its first line. */
	const char *rest = first + n;
	while (*rest == '\r' || *rest == '\n' || *rest == ' ')
		rest++;
	if (*rest)
		buf_addf(d, "%s\n\n", m->text);
	if (m->period_text && *m->period_text)
		buf_addf(d, "%s: %s\n", _("When"), m->period_text);
	/* Who: the organisations by their names ("SR" is Sogn regionråd),
	 * or the plan's words when they name none. */
	if (m->responsible.count || m->participants.count) {
		names(d, _("Responsible:"), &m->responsible);
		names(d, _("Taking part:"), &m->participants);
	} else if (m->responsibility_text && *m->responsibility_text) {
		buf_addf(d, "%s: %s\n", _("Responsible and taking part"), m->responsibility_text);
	}
	bool any = false;
	for (size_t i = 0; i < m->budget.count; i++)
		any = any || m->budget.items[i].has_amount;
	if (any) {
		buf_addf(d, "%s: ", _("Budget"));
		money_format(d, measure_budget_total(m));
		buf_addc(d, '\n');
	}
	buf_addf(d, "%s: %s", _("State"), report_state_label(m->state));
	if (m->state && m->progress >= 0)
		buf_addf(d, " (%d %%)", m->progress);
	if (m->reported_on)
		buf_addf(d, ", %s", m->reported_on);
}

static void event(struct measure *m, void *ctx)
{
	struct writer *w = ctx;
	char start[9], end[9];
	/* A deadline ("innan juni 2024") has no start: its event is its end;
	 * a from-period's is its start; an ongoing one has none. */
	const char *first = *m->period.start ? m->period.start : m->period.end;
	const char *last = *m->period.end ? m->period.end : m->period.start;
	if (ical_start_date(first, start) != 0 || ical_end_date(last, end) != 0 ||
	    strcmp(start, end) >= 0)
		return; /* no period understood: no event */
	struct buf *out = w->out;
	char uid[64];
	snprintf(uid, sizeof uid, "measure-%lld@samspel", (long long)m->id);
	ical_line(out, "BEGIN", "VEVENT");
	ical_line(out, "UID", uid);
	ical_line(out, "DTSTAMP", w->dtstamp);
	ical_line(out, "DTSTART;VALUE=DATE", start);
	ical_line(out, "DTEND;VALUE=DATE", end);
	size_t n;
	const char *summary = first_line(m->text, &n);
	text_line(out, "SUMMARY", summary, n);
	struct buf d = BUF_INIT;
	description(&d, m);
	text_line(out, "DESCRIPTION", d.data, d.len);
	buf_release(&d);
	if (w->o->base_url && *w->o->base_url) {
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/measure/%lld", w->o->base_url, (long long)m->id);
		ical_line(out, "URL", url.data);
		buf_release(&url);
	}
	/* A measure spans months: it should not make anyone look busy. */
	ical_line(out, "TRANSP", "TRANSPARENT");
	if (m->state && strcmp(m->state, "cancelled") == 0)
		ical_line(out, "STATUS", "CANCELLED");
	ical_line(out, "END", "VEVENT");
}

/* The header every calendar of ours starts with, named name (NAME is RFC
 * 7986's, X-WR-CALNAME the older one most programs read). */
static void calendar_begin(struct buf *out, const char *name)
{
	ical_line(out, "BEGIN", "VCALENDAR");
	ical_line(out, "VERSION", "2.0");
	ical_line(out, "PRODID", "-//samspel//samspel " SAMSPEL_VERSION "//NN");
	ical_line(out, "CALSCALE", "GREGORIAN");
	ical_line(out, "METHOD", "PUBLISH");
	text_line(out, "NAME", name, strlen(name));
	text_line(out, "X-WR-CALNAME", name, strlen(name));
}

static void entry_url(struct buf *out, const char *base_url, const char *path, int64_t id,
		      const char *anchor, int64_t anchor_id)
{
	if (!base_url || !*base_url)
		return;
	struct buf url = BUF_INIT;
	buf_addf(&url, "%s/%s/%lld", base_url, path, (long long)id);
	if (anchor)
		buf_addf(&url, "#%s-%lld", anchor, (long long)anchor_id);
	ical_line(out, "URL", url.data);
	buf_release(&url);
}

/* The plan's year (model/round.h): its dates and its rounds' deadlines,
 * as all-day events. */
static int year(struct writer *w, const struct plan *p, struct err *e)
{
	year_date_list l;
	if (!w->o->db)
		return OK;
	if (round_year(w->o->db, w->o->a, p->id, &l, e) != OK)
		return ERR;
	for (size_t i = 0; i < l.count; i++) {
		const struct year_date *d = &l.items[i];
		bool round = strcmp(d->kind, "round") == 0;
		char start[9], end[9], uid[64];
		if (ical_start_date(d->on, start) != 0 || ical_end_date(d->on, end) != 0)
			continue;
		snprintf(uid, sizeof uid, "%s-%lld@samspel", round ? "round" : "date", (long long)d->id);
		ical_line(w->out, "BEGIN", "VEVENT");
		ical_line(w->out, "UID", uid);
		ical_line(w->out, "DTSTAMP", w->dtstamp);
		ical_line(w->out, "DTSTART;VALUE=DATE", start);
		ical_line(w->out, "DTEND;VALUE=DATE", end);
		struct buf s = BUF_INIT;
		if (round)
			buf_addf(&s, _("Reporting deadline: %s"), d->title);
		else
			buf_adds(&s, d->title);
		text_line(w->out, "SUMMARY", s.data, s.len);
		buf_release(&s);
		if (round)
			entry_url(w->out, w->o->base_url, "round", d->id, NULL, 0);
		ical_line(w->out, "END", "VEVENT");
	}
	return OK;
}

int ical_export_plan(const struct plan *p, const struct export_options *o, struct buf *out,
		     struct err *e)
{
	struct writer w = {out, o, {0}};
	stamp(p->updated_at, w.dtstamp);
	calendar_begin(out, p->title ? p->title : "");
	plan_each_measure((struct plan *)p, event, &w);
	if (year(&w, p, e) != OK)
		return ERR;
	ical_line(out, "END", "VCALENDAR");
	return OK;
}

void ical_council(struct buf *out, const char *name, const char *base_url, const char *stamp_iso,
		  const struct ical_entry *meetings, size_t nmeetings,
		  const struct ical_entry *followups, size_t nfollowups)
{
	char dtstamp[17], start[9], end[9], uid[64];
	stamp(stamp_iso, dtstamp);
	calendar_begin(out, name ? name : "");
	for (size_t i = 0; i < nmeetings; i++) {
		const struct ical_entry *m = &meetings[i];
		if (ical_start_date(m->date, start) != 0 || ical_end_date(m->date, end) != 0)
			continue;
		snprintf(uid, sizeof uid, "meeting-%lld@samspel", (long long)m->id);
		ical_line(out, "BEGIN", "VEVENT");
		ical_line(out, "UID", uid);
		ical_line(out, "DTSTAMP", dtstamp);
		ical_line(out, "DTSTART;VALUE=DATE", start);
		ical_line(out, "DTEND;VALUE=DATE", end);
		text_line(out, "SUMMARY", m->title, strlen(m->title));
		entry_url(out, base_url, "meeting", m->id, NULL, 0);
		ical_line(out, "END", "VEVENT");
	}
	for (size_t i = 0; i < nfollowups; i++) {
		const struct ical_entry *f = &followups[i];
		if (!f->date || ical_start_date(f->date, start) != 0)
			continue; /* no due date: nothing to put in a calendar */
		snprintf(uid, sizeof uid, "followup-%lld@samspel", (long long)f->id);
		ical_line(out, "BEGIN", "VTODO");
		ical_line(out, "UID", uid);
		ical_line(out, "DTSTAMP", dtstamp);
		ical_line(out, "DUE;VALUE=DATE", start);
		size_t n;
		const char *summary = first_line(f->title, &n);
		text_line(out, "SUMMARY", summary, n);
		ical_line(out, "STATUS", f->done ? "COMPLETED" : "NEEDS-ACTION");
		entry_url(out, base_url, "meeting", f->meeting, "followup", f->id);
		ical_line(out, "END", "VTODO");
	}
	ical_line(out, "END", "VCALENDAR");
}
