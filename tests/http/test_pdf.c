/*
 * PDF and chart tests: the plan's PDF (`samspel export --format pdf` and
 * /plan/SLUG.pdf) and the status report (/plan/SLUG/status.pdf) read back
 * with poppler's pdftotext and pdfinfo; the charts' SVG on the dashboard and
 * the plan page parsed with xmllint, their numbers against the model's; the
 * chart writer escaping what it is given. On seed 003 and the demo plan.
 */
#include "session.h"
#include "formats/chart.h"
#include "model/list.h"
#include "model/perm.h"
#include "model/plan.h"
#include "model/report.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"

static struct test_site site;
static const char *const slugs[] = {SLUG, DEMO};

static int setup(void **state)
{
	(void)state;
	i18n_set_lang(LANG_NN);
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* s without any white space (no-break spaces too), malloc'd: text from a
 * PDF breaks lines where the page wants. */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f')
			continue;
		if (p[0] == 0xC2 && p[1] == 0xA0) {
			p++;
			continue;
		}
		*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

/* The output of a shell command, malloc'd. */
static char *shell(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	assert_int_equal(pclose(f), 0);
	return buf_detach(&b, NULL);
}

static char *pdf_text(const char *file)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -raw '%s' -", file);
	char *raw = shell(cmd);
	char *s = squeeze(raw);
	free(raw);
	return s;
}

static void has(const char *text, const char *needle, const char *what)
{
	char *n = squeeze(needle);
	if (!strstr(text, n))
		fail_msg("%s: «%s» is not in the PDF's text", what, needle);
	free(n);
}

static struct plan *load(struct arena *a, struct db **d, const char *slug)
{
	struct err e = ERR_INIT;
	assert_int_equal(db_open(site.db, 0, d, &e), OK);
	struct plan *p;
	assert_int_equal(plan_load(*d, a, slug, &p, &e), OK);
	return p;
}

struct texts {
	const char *pdf;
	size_t n;
};

static void measure_in_pdf(struct measure *m, void *ctx)
{
	struct texts *t = ctx;
	has(t->pdf, m->text, "measure");
	t->n++;
}

/* `samspel export --format pdf`: every area, every measure, the title, the
 * letters æ, ø, å; pdfinfo's page count and title. */
static void test_plan_pdf(void **state)
{
	(void)state;
	for (size_t k = 0; k < 2; k++) {
		char *file = test_join(site.dir, "plan.pdf");
		const char *args[] = {"export", slugs[k], "--format", "pdf", "--output", file, NULL};
		test_run_ok(site.db, NULL, args);
		char *text = pdf_text(file);
		struct arena a = ARENA_INIT;
		struct db *d;
		struct plan *p = load(&a, &d, slugs[k]);
		has(text, p->title, "title");
		if (p->vision)
			has(text, p->vision, "vision");
		for (size_t i = 0; i < p->areas.count; i++)
			has(text, p->areas.items[i].title, "area");
		struct texts t = {text, 0};
		plan_each_measure(p, measure_in_pdf, &t);
		assert_int_equal(t.n, plan_count_measures(p));
		assert_true(t.n > 5);
		/* The budget in all, as the page gives it. */
		struct buf total = BUF_INIT;
		money_format(&total, plan_budget_total(p));
		has(text, total.data, "budget in all");
		buf_release(&total);
		has(text, "Laga", "the day it was made");
		/* Norwegian letters came through as letters. */
		assert_non_null(strstr(text, k == 0 ? "regionråd" : "Fjordheim"));
		assert_true(strstr(text, "æ") || strstr(text, "ø"));

		char cmd[1024];
		snprintf(cmd, sizeof cmd, "pdfinfo '%s'", file);
		char *info = shell(cmd);
		const char *title = strstr(info, "Title:");
		assert_non_null(title);
		title += 6;
		while (*title == ' ')
			title++;
		if (strncmp(title, p->title, strlen(p->title)) != 0 || title[strlen(p->title)] != '\n')
			fail_msg("not the plan's title in pdfinfo: %s", info);
		const char *pages = strstr(info, "Pages:");
		assert_non_null(pages);
		long n = strtol(pages + 6, NULL, 10);
		assert_true(n >= 1 + (long)p->areas.count && n <= 4 + 3 * (long)t.n);
		assert_non_null(strstr(info, "A4"));
		free(info);
		free(text);
		db_close(d);
		arena_release(&a);

		/* The web gives the very same document (but for the moment it
		 * was made in: compare the text). */
		char path[256];
		snprintf(path, sizeof path, "/plan/%s.pdf", slugs[k]);
		struct http h;
		test_req(&site.srv, &h, "GET", path, NULL, NULL, NULL);
		assert_int_equal(h.status, 200);
		char *type = test_http_header(&h, "Content-Type");
		assert_string_equal(type, "application/pdf");
		free(type);
		assert_memory_equal(h.body, "%PDF-", 5);
		test_http_free(&h);
		free(file);
	}
}

/* The status report: every state in words, the figures of the dashboard,
 * a report written through the web with its state and text. */
static void test_status_pdf(void **state)
{
	(void)state;
	struct who w;
	test_sign_in(&site.srv, "sogn", &w);
	struct arena a = ARENA_INIT;
	struct db *d;
	struct plan *p = load(&a, &d, SLUG);
	int64_t first = p->areas.items[0].focuses.items[0].strategies.items[0].measures.items[0].id;
	char path[256], fields[256];
	snprintf(path, sizeof path, "/measure/%lld/report", (long long)first);
	snprintf(fields, sizeof fields,
		 "reported_on=2026-11-20&state=at_risk&progress=40&spent=12000&text=Tr%%C3%%B8ytt+arbeid+i+%%C3%%A5r");
	struct http h;
	test_post_form(&site.srv, &h, path, &w, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	db_close(d);
	arena_release(&a);
	p = load(&a, &d, SLUG);

	snprintf(path, sizeof path, "/plan/%s/status.pdf", SLUG);
	test_req(&site.srv, &h, "GET", path, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *file = test_join(site.dir, "status.pdf");
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	fwrite(h.body, 1, h.len, f);
	fclose(f);
	test_http_free(&h);
	char *text = pdf_text(file);
	for (int s = 0; s < STATE_COUNT; s++)
		has(text, report_state_label(report_state_code((enum report_state)s)), "state");
	has(text, report_state_label(NULL), "no report");
	has(text, "Trøytt arbeid i år", "the latest report");
	has(text, "20.11.2026", "its date");
	has(text, "40 %", "its progress");
	/* The dashboard's figures, from list_count as the page counts them. */
	struct actor public = {0};
	struct list_filter filter = {.plan_id = p->id};
	list_counts_list areas;
	struct list_counts all;
	struct err e = ERR_INIT;
	assert_int_equal(list_count(d, &a, &public, &filter, &areas, &all, &e), OK);
	char figure[128];
	snprintf(figure, sizeof figure, "Tiltak: %zu.", all.total);
	has(text, figure, "measures in all");
	struct buf m = BUF_INIT;
	money_format(&m, plan_budget_total(p));
	has(text, m.data, "planned in all");
	buf_reset(&m);
	money_format(&m, all.spent);
	assert_int_equal(all.spent, 12000);
	has(text, m.data, "spent in all");
	buf_release(&m);
	for (size_t i = 0; i < p->areas.count; i++)
		has(text, p->areas.items[i].title, "area");
	/* The dashboard says the same. */
	snprintf(path, sizeof path, "/plan/%s/status", SLUG);
	char *page = test_get_ok(&site.srv, path, NULL);
	struct buf spent = BUF_INIT;
	money_format(&spent, 12000);
	if (!strstr(page, spent.data))
		fail_msg("the dashboard does not say %s spent", spent.data);
	buf_release(&spent);
	free(page);
	free(text);
	free(file);
	db_close(d);
	arena_release(&a);
}

/* Each <svg>…</svg> of body is well-formed XML (xmllint), has a title and
 * a description; returns how many there are. */
static int svgs_wellformed(const char *body)
{
	int n = 0;
	for (const char *s = body; (s = strstr(s, "<svg ")); n++) {
		const char *end = strstr(s, "</svg>");
		assert_non_null(end);
		end += 6;
		char *file = test_join(site.dir, "chart.svg");
		FILE *f = fopen(file, "wb");
		assert_non_null(f);
		fwrite(s, 1, (size_t)(end - s), f);
		fclose(f);
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>&1", file);
		char *out = shell(cmd);
		if (*out)
			fail_msg("chart not well-formed: %s", out);
		free(out);
		free(file);
		const char *title = strstr(s, "<title id=");
		const char *desc = strstr(s, "<desc id=");
		assert_true(title && title < end && desc && desc < end);
		assert_non_null(strstr(s, "role=\"img\""));
		s = end;
	}
	return n;
}

/* The charts on the dashboard and the plan page: well-formed, and their
 * numbers those of the tables beside them. */
static void test_charts_on_pages(void **state)
{
	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct arena a = ARENA_INIT;
		struct db *d;
		struct plan *p = load(&a, &d, slugs[k]);
		char path[256];
		snprintf(path, sizeof path, "/plan/%s/status", slugs[k]);
		char *dash = test_get_ok(&site.srv, path, NULL);
		assert_true(svgs_wellformed(dash) >= 2);
		assert_null(strstr(dash, " style=\""));
		/* The state chart's description: each area's count, as
		 * list_count gives it and the table shows it. */
		struct actor public = {0};
		struct list_filter filter = {.plan_id = p->id};
		list_counts_list areas;
		struct list_counts all;
		struct err e = ERR_INIT;
		assert_int_equal(list_count(d, &a, &public, &filter, &areas, &all, &e), OK);
		const char *states = strstr(dash, "<desc id=\"chart-states-desc\">");
		assert_non_null(states);
		for (size_t i = 0; i < p->areas.count; i++) {
			size_t n = 0;
			for (size_t j = 0; j < areas.count; j++)
				if (areas.items[j].area_id == p->areas.items[i].id)
					n = areas.items[j].total;
			struct buf want = BUF_INIT;
			buf_addf(&want, "%s. %s: %zu", p->areas.items[i].number, p->areas.items[i].title, n);
			struct buf esc = BUF_INIT;
			buf_add_html(&esc, want.data, want.len);
			if (!strstr(states, esc.data))
				fail_msg("state chart lacks «%s»", want.data);
			buf_release(&want);
			buf_release(&esc);
		}
		/* The budget chart: each area's planned sum, as the table. */
		const char *budget = strstr(dash, "<desc id=\"chart-budget-desc\">");
		assert_non_null(budget);
		for (size_t i = 0; i < p->areas.count; i++) {
			struct buf want = BUF_INIT;
			money_format(&want, area_budget_total(&p->areas.items[i]));
			assert_non_null(strstr(budget, want.data));
			buf_release(&want);
		}
		free(dash);
		snprintf(path, sizeof path, "/plan/%s", slugs[k]);
		char *plan = test_get_ok(&site.srv, path, NULL);
		assert_true(svgs_wellformed(plan) >= 1);
		assert_null(strstr(plan, " style=\""));
		free(plan);
		db_close(d);
		arena_release(&a);
	}
}

/* The chart writer escapes every text it is given. */
static void test_chart_escapes(void **state)
{
	(void)state;
	struct area ar = {.id = 7, .number = "1", .title = "<script>alert(1)</script> & \"ja\""};
	struct plan p = {.title = "x"};
	p.areas.items = &ar;
	p.areas.count = 1;
	struct list_counts c = {.area_id = 7, .total = 3, .no_report = 2};
	c.by_state[STATE_DONE] = 1;
	list_counts_list areas = {&c, 1, 1};
	struct buf out = BUF_INIT;
	chart_states(&out, "t", &p, &areas);
	int64_t planned = 5;
	chart_budget(&out, "u", &p, &planned, &planned);
	assert_null(strstr(out.data, "<script"));
	assert_non_null(strstr(out.data, "&lt;script&gt;"));
	assert_non_null(strstr(out.data, "&amp;"));
	assert_non_null(strstr(out.data, report_state_label("done")));
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_escapes),
		cmocka_unit_test(test_plan_pdf),
		cmocka_unit_test(test_charts_on_pages),
		cmocka_unit_test(test_status_pdf),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
