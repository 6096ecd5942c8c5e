/*
 * html.c: the markup writer and the page frame (see html.h).
 */
#include "web/html.h"
#include "web/personal.h"
#include "base/arena.h"
#include "web/http.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/utf8.h"
#include "model/plan.h"
#include "model/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_raw_(struct html *h, const char *s, size_t n)
{
	buf_add(&h->b, s, n);
}

void html_add(struct html *h, const struct html *part)
{
	buf_add(&h->b, part->b.data, part->b.len);
}

void html_svg(struct html *h, struct buf *svg)
{
	/* Trusted: formats/chart.c builds the markup and escapes every text
	 * in it with buf_add_html. */
	if (svg->len)
		buf_add(&h->b, svg->data, svg->len);
	buf_release(svg);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		buf_add_html(&h->b, s, strlen(s));
}

void html_release(struct html *h)
{
	buf_release(&h->b);
}

/* Formats one numeric conversion spec (spec is e.g. "%lld") with its
 * argument taken from ap according to the length modifier. */
static void number(struct html *h, const char *spec, int longs, int size_t_mod,
		   char conv, va_list *ap)
{
	char out[64];
	bool is_unsigned = conv == 'u' || conv == 'x' || conv == 'X';
	if (size_t_mod)
		snprintf(out, sizeof out, spec, va_arg(*ap, size_t));
	else if (longs == 2)
		is_unsigned ? snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long long))
			    : snprintf(out, sizeof out, spec, va_arg(*ap, long long));
	else if (longs == 1)
		is_unsigned ? snprintf(out, sizeof out, spec, va_arg(*ap, unsigned long))
			    : snprintf(out, sizeof out, spec, va_arg(*ap, long));
	else
		is_unsigned ? snprintf(out, sizeof out, spec, va_arg(*ap, unsigned))
			    : snprintf(out, sizeof out, spec, va_arg(*ap, int));
	buf_adds(&h->b, out);
}

void html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_adds(&h->b, p);
			break;
		}
		buf_add(&h->b, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			buf_addc(&h->b, '%');
			p++;
			continue;
		}
		/* flags, width, precision, length, conversion */
		const char *spec_start = pct;
		int precision = -1;
		bool star = false;
		while (strchr("-+ #0", *p))
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.') {
			p++;
			if (*p == '*') {
				precision = va_arg(ap, int);
				star = true;
				p++;
			} else {
				precision = 0;
				while (*p >= '0' && *p <= '9')
					precision = precision * 10 + (*p++ - '0');
			}
		}
		int longs = 0, size_t_mod = 0;
		while (*p == 'l')
			longs++, p++;
		if (*p == 'z')
			size_t_mod = 1, p++;
		char conv = *p ? *p++ : '\0';
		if (conv == 's') {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "";
			size_t n = strlen(s);
			if (precision >= 0 && (size_t)precision < n)
				n = (size_t)precision;
			buf_add_html(&h->b, s, n);
		} else if (conv == 'c') {
			char c = (char)va_arg(ap, int);
			buf_add_html(&h->b, &c, 1);
		} else if (strchr("diuxX", conv) && conv) {
			char spec[16];
			size_t n = (size_t)(p - spec_start);
			if (n >= sizeof spec || star) {
				buf_adds(&h->b, "?");
				break; /* its argument was not read: stop, lest the
					* next conversion read the wrong one */
			}
			memcpy(spec, spec_start, n);
			spec[n] = '\0';
			number(h, spec, longs, size_t_mod, conv, &ap);
		} else {
			/* Unsupported: never raw, and the rest is not read, since
			 * this conversion's argument was not taken. */
			buf_adds(&h->b, "?");
			break;
		}
	}
	va_end(ap);
}

static bool list_line(const char *s)
{
	return strncmp(s, "\xE2\x80\xA2 ", 4) == 0 || strncmp(s, "- ", 2) == 0;
}

void html_paragraphs(struct html *h, const char *s)
{
	if (!s || !*s)
		return;
	bool in_list = false;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char line[8];
		snprintf(line, sizeof line, "%.*s", (int)(n < 7 ? n : 7), s);
		if (list_line(line)) {
			size_t skip = line[0] == '-' ? 2 : 4;
			if (!in_list)
				html_lit(h, "<ul>");
			in_list = true;
			html_printf(h, "<li>%.*s</li>", (int)(n - skip), s + skip);
		} else {
			if (in_list)
				html_lit(h, "</ul>");
			in_list = false;
			if (n)
				html_printf(h, "<p>%.*s</p>", (int)n, s);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	if (in_list)
		html_lit(h, "</ul>");
}

void html_money(struct html *h, int64_t amount)
{
	struct buf m = BUF_INIT;
	money_format(&m, amount);
	html_text(h, m.data);
	buf_release(&m);
}

void html_budget_line(struct html *h, const struct budget_line *b)
{
	if (b->qualifier != MQ_EXACT || b->per_year) {
		struct money_phrase ph = {b->amount, b->has_amount,
					  (enum money_qualifier)b->qualifier, b->per_year};
		struct buf t = BUF_INIT;
		money_phrase_format(&t, &ph);
		html_text(h, t.data);
		buf_release(&t);
	} else if (b->has_amount) {
		html_money(h, b->amount);
	} else if (!b->text || !*b->text || strcmp(b->text, "-") == 0) {
		html_printf(h, "<span class=\"none\" title=\"%s\">–</span>", _("No amount"));
	} else {
		html_text(h, b->text);
	}
}

/* The words of a period's kind; NULL for a range, which needs none. */
static const char *period_kind_label(enum period_kind k)
{
	switch (k) {
	case PERIOD_ONGOING: return _("Ongoing");
	case PERIOD_DEADLINE: return _("Deadline");
	case PERIOD_FROM: return _("No end date");
	default: return NULL;
	}
}

void html_period(struct html *h, const struct measure *m)
{
	const char *label = period_kind_label(m->period.kind);
	if (!*m->period_text) {
		html_text(h, label ? label : "–");
		return;
	}
	html_text(h, m->period_text);
	if (label && !utf8_eq_fold(label, m->period_text))
		html_printf(h, " <span class=\"period-kind\">(%s)</span>", label);
}

void html_budget_notes(struct html *h, const struct budget_notes *n)
{
	if (!n->uncounted && !n->bounds && !n->estimates && !n->per_year)
		return;
	html_lit(h, "<p class=\"sum-note\">");
	if (n->uncounted)
		html_printf(h, i18n_ngettext("%zu budget line without an amount (%s) is not counted.",
					     "%zu budget lines without an amount (%s) are not counted.",
					     n->uncounted),
			    n->uncounted, n->words ? n->words : "");
	if (n->bounds)
		html_printf(h, " %s", _("The sum counts upper and lower bounds as their amounts."));
	if (n->estimates)
		html_printf(h, " %s", _("The sum includes estimates."));
	if (n->per_year)
		html_printf(h, " %s", _("A yearly amount is counted for one year."));
	html_lit(h, "</p>");
}

void html_org_links(struct html *h, const org_link_list *links)
{
	for (size_t i = 0; i < links->count; i++) {
		const struct org_link *l = &links->items[i];
		if (i)
			html_lit(h, ", ");
		const char *written = l->as_written ? l->as_written : l->name;
		/* Each name leads to the organisation's page. */
		if (l->org_id)
			html_printf(h, "<a class=\"org\" href=\"/org/%lld\">", (long long)l->org_id);
		if (strcmp(written, l->name) != 0)
			html_printf(h, "<abbr title=\"%s%s\">%s</abbr>", l->name,
				    l->collective ? _(" (the members)") : "", written);
		else
			html_text(h, written);
		if (l->org_id)
			html_lit(h, "</a>");
	}
}

void html_date(struct html *h, const char *iso)
{
	int y, m, d;
	if (iso && strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		html_printf(h, "%d.%d.%d", d, m, y);
	else if (iso && strlen(iso) == 7 && sscanf(iso, "%4d-%2d", &y, &m) == 2)
		html_printf(h, "%d.%d", m, y);
	else
		html_text(h, iso);
}

const char *html_state_label(const char *code)
{
	return report_state_label(code);
}

void html_state(struct html *h, const char *code)
{
	enum report_state s;
	bool known = code && report_state_parse(code, &s) == OK;
	html_printf(h, "<span class=\"state state-%s\">%s</span>",
		    known ? code : "none", html_state_label(code));
}

const char *html_url_part(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	buf_add_url(&b, s, strlen(s));
	const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_release(&b);
	return out;
}

void html_csrf(struct html *h, const struct request *rq)
{
	if (rq->shared_render)
		html_lit(h, "<input type=\"hidden\" name=\"csrf\" value=\"" PERSONAL_MARK "C\">");
	else if (rq->actor.csrf)
		html_printf(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->actor.csrf);
}

/* Who is signed in, with the sign-out button; or the sign-in link. */
static void html_account(struct html *h, const struct request *rq)
{
	if (!rq->actor.user_id) {
		html_printf(h, "<a class=\"account\" href=\"/login\">%s</a>", _("Sign in"));
		return;
	}
	html_printf(h, "<a class=\"nav\" href=\"/mine\">%s</a>", _("My measures"));
	struct perm_target none = {0};
	if (perm_allows(&rq->actor, ACT_MANAGE_USERS, &none))
		html_printf(h, "<a class=\"nav\" href=\"/admin/users\">%s</a>", _("Users"));
	if (rq->shared_render)
		html_lit(h, "<a class=\"account\" href=\"/account\">" PERSONAL_MARK "N</a>");
	else
		html_printf(h, "<a class=\"account\" href=\"/account\">%s</a>", rq->actor.name);
	if (rq->actor.csrf) {
		html_lit(h, "<form class=\"signout\" method=\"post\" action=\"/logout\">");
		html_csrf(h, rq);
		html_printf(h, "<button type=\"submit\">%s</button></form>", _("Sign out"));
	}
}

void html_begin(struct html *h, const struct request *rq, const char *title)
{
	html_begin_feed(h, rq, title, NULL);
}

void html_begin_feed(struct html *h, const struct request *rq, const char *title,
		     const char *feed_url)
{
	html_printf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
		       "<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>%s · samspel</title>\n"
		       "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
		       "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n",
		    i18n_code(rq->lang), title);
	if (feed_url)
		html_printf(h, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"%s\""
			       " href=\"%s\">\n",
			    _("Changes and status reports (Atom)"), feed_url);
	html_lit(h, "</head>\n<body>\n");
	html_printf(h, "<a class=\"skip\" href=\"#main\">%s</a>\n", _("Skip to content"));
	html_printf(h, "<header class=\"site\"><div class=\"wrap\">"
		       "<a class=\"brand\" href=\"/\">samspel</a>"
		       "<span class=\"tagline\">%s</span>", _("Regional plans and follow-up"));
	html_printf(h, "<form class=\"site-search\" method=\"get\" action=\"/search\" role=\"search\">"
		       "<label for=\"site-q\">%s</label>"
		       "<input id=\"site-q\" name=\"q\" type=\"search\">"
		       "<button type=\"submit\">%s</button></form>",
		    _("Search the plans"), _("Search"));
	html_printf(h, "<nav class=\"lang\" aria-label=\"%s\">", _("Language"));
	html_account(h, rq);
	static const char *const names[LANG_COUNT] = {"Nynorsk", "Bokmål", "English"};
	for (int l = 0; l < LANG_COUNT; l++) {
		if ((enum lang)l == rq->lang)
			html_printf(h, "<span aria-current=\"true\" lang=\"%s\">%s</span>",
				    i18n_code((enum lang)l), names[l]);
		else
			html_printf(h, "<a href=\"?lang=%s\" lang=\"%s\">%s</a>",
				    i18n_code((enum lang)l), i18n_code((enum lang)l), names[l]);
	}
	html_lit(h, "</nav></div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

void html_end(struct html *h, const struct request *rq)
{
	(void)rq;
	html_printf(h, "</main>\n<footer class=\"site\"><div class=\"wrap\">%s</div></footer>\n"
		       "</body>\n</html>\n",
		    _("Made with samspel, the planning system for regional councils."));
}

void html_finish(struct html *h, struct response *rs)
{
	buf_release(&rs->body);
	rs->body = h->b;
	buf_init(&h->b);
	rs->content_type = "text/html";
}

/* The first words of text's first line (at most words words and about max
 * bytes), with "…" when cut: for link texts that make sense on their own. */
const char *html_first_words(struct arena *a, const char *text, int words, size_t max)
{
	size_t end = 0, n = 0;
	const char *p = text;
	while (*p == ' ' || *p == '\n')
		p++;
	size_t len = strcspn(p, "\n");
	while (end < len && n < (size_t)words) {
		size_t w = end;
		while (w < len && p[w] == ' ')
			w++;
		size_t e = w;
		while (e < len && p[e] != ' ')
			e++;
		if (n && e > max)
			break;
		end = e;
		n++;
	}
	bool cut = end < strlen(p);
	while (end && strchr(" ,.;:", p[end - 1]))
		end--;
	return arena_printf(a, "%.*s%s", (int)end, p, cut ? "…" : "");
}
