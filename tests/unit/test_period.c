/* Unit tests: the period parser (base/period.c). */
#include "support.h"
#include "base/err.h"
#include "base/period.h"

#include <stdlib.h>
#include <string.h>

static void ok(const char *text, const char *start, const char *end)
{
	struct period p;
	struct err e = ERR_INIT;
	int rc = period_parse(text, &p, &e);
	if (rc != OK)
		fail_msg("\"%s\" failed: %s", text, e.msg);
	if (strcmp(p.start, start) != 0 || strcmp(p.end, end) != 0)
		fail_msg("\"%s\" gave %s..%s, expected %s..%s", text, p.start, p.end, start, end);
}

static void bad(const char *text)
{
	struct period p;
	struct err e = ERR_INIT;
	if (period_parse(text, &p, &e) == OK)
		fail_msg("\"%s\" was accepted as %s..%s", text, p.start, p.end);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_true(strlen(e.msg) > 0);
	assert_string_equal(p.start, "");
	assert_string_equal(p.end, "");
}

static void test_examples_from_the_issue(void **state)
{
	(void)state;
	ok("Jan-feb 2023", "2023-01", "2023-02");
	ok("2023", "2023-01", "2023-12");
	ok("2022-2024", "2022-01", "2024-12");
	ok("Februar 2023", "2023-02", "2023-02");
	ok("2022-2023", "2022-01", "2023-12");
	ok("10.2.2023", "2023-02-10", "2023-02-10");
	ok("hausten 2015", "2015-08", "2015-12");
	ok("28.9.21", "2021-09-28", "2021-09-28");
}

static void test_months_and_ranges(void **state)
{
	(void)state;
	ok("januar 2024", "2024-01", "2024-01");
	ok("DESEMBER 2024", "2024-12", "2024-12");
	ok("jan. 2024", "2024-01", "2024-01");
	ok("sept 2024", "2024-09", "2024-09");
	ok("okt 2024", "2024-10", "2024-10");
	ok("mai 2025", "2025-05", "2025-05");
	ok("Jan-mars 2025", "2025-01", "2025-03");
	ok("januar – mars 2025", "2025-01", "2025-03");
	ok("nov 2022 - feb 2023", "2022-11", "2023-02");
	ok("mars 2023 til juni 2024", "2023-03", "2024-06");
	ok("2022 – 2024", "2022-01", "2024-12");
	ok("2022-24", "2022-01", "2024-12");
	ok("  2023  ", "2023-01", "2023-12");
}

static void test_seasons_quarters_halves(void **state)
{
	(void)state;
	ok("Våren 2025", "2025-01", "2025-06");
	ok("høsten 2024", "2024-08", "2024-12");
	ok("sommaren 2024", "2024-06", "2024-08");
	ok("vinteren 2026", "2026-01", "2026-03");
	ok("2. kvartal 2023", "2023-04", "2023-06");
	ok("Q4 2023", "2023-10", "2023-12");
	ok("1. halvår 2024", "2024-01", "2024-06");
	ok("2. halvår 2024", "2024-07", "2024-12");
	ok("våren 2024 - hausten 2025", "2024-01", "2025-12");
}

static void test_days(void **state)
{
	(void)state;
	ok("1.1.2024", "2024-01-01", "2024-01-01");
	ok("29.2.2024", "2024-02-29", "2024-02-29");
	ok("31.12.99", "2099-12-31", "2099-12-31");
	ok("1.3.2025 - 15.6.2025", "2025-03-01", "2025-06-15");
	ok("10.2.2023-2024", "2023-02-10", "2024-12");
}

static void test_bad_input(void **state)
{
	(void)state;
	bad("");
	bad("   ");
	bad("snart");
	bad("løpande 2024");
	bad("2023 2024");
	bad("23");
	bad("12345");
	bad("13.13.2023");
	bad("29.2.2023");
	bad("31.4.2024");
	bad("0.1.2024");
	bad("2024-2022");
	bad("des 2024 - jan 2024");
	bad("jan-feb");
	bad("hausten");
	bad("5. kvartal 2023");
	bad("3. halvår 2023");
	bad("1800");
	bad("2023-");
	bad("-2023");
	bad("10.2");
	bad("2023 ???");
	bad("jan 2023 feb 2023 mars 2023 apr 2023 mai 2023");
	/* Near misses of the phrases of real plans. */
	bad("Veke 54 2024");
	bad("Veke 53 2024"); /* 2024 has 52 ISO weeks */
	bad("Veke 0 2024");
	bad("Veke 12");
	bad("Veke 12 24");
	bad("Uke 2024");
	bad("5. tertial 2024");
	bad("0. tertial 2024");
	bad("Q5 2024");
	bad("Q0 2024");
	bad("Innan 31.2.2024");
	bad("Innan");
	bad("Innen snart");
	bad("Frå");
	bad("Fra og med");
	bad("og vidare");
	bad("2024 og");
	bad("Fram til 2025 og vidare");
	bad("2. kvartal"); /* no year: kept verbatim by the caller */
	bad("Q2");
	bad("1. tertial");
	bad("Løpande frå 2024");
	bad("heile");
}

static void kind(const char *text, enum period_kind k, const char *start, const char *end)
{
	struct period p;
	struct err e = ERR_INIT;
	if (period_parse(text, &p, &e) != OK)
		fail_msg("\"%s\" failed: %s", text, e.msg);
	if (p.kind != k || strcmp(p.start, start) != 0 || strcmp(p.end, end) != 0)
		fail_msg("\"%s\" gave %s %s..%s, expected %s %s..%s", text,
			 period_kind_code(p.kind), p.start, p.end, period_kind_code(k), start, end);
}

static const struct {
	const char *text;
	enum period_kind kind;
	const char *start, *end;
} phrases[] = {
	{"Løpande", PERIOD_ONGOING, "", ""},
	{"Løpende", PERIOD_ONGOING, "", ""},
	{"løpande.", PERIOD_ONGOING, "", ""},
	{"Kontinuerleg", PERIOD_ONGOING, "", ""},
	{"Kontinuerlig", PERIOD_ONGOING, "", ""},
	{"Heile perioden", PERIOD_ONGOING, "", ""},
	{"Hele perioden", PERIOD_ONGOING, "", ""},
	{"Innan 1.6.2024", PERIOD_DEADLINE, "", "2024-06-01"},
	{"Innen juni 2024", PERIOD_DEADLINE, "", "2024-06"},
	{"Fram til 2025", PERIOD_DEADLINE, "", "2025-12"},
	{"Frem til 2025", PERIOD_DEADLINE, "", "2025-12"},
	{"Innan utgangen av 2024", PERIOD_DEADLINE, "", "2024-12"},
	{"Innen utgangen av 2024", PERIOD_DEADLINE, "", "2024-12"},
	{"innan hausten 2024", PERIOD_DEADLINE, "", "2024-12"},
	{"Frå hausten 2024", PERIOD_FROM, "2024-08", ""},
	{"Fra høsten 2024", PERIOD_FROM, "2024-08", ""},
	{"Fra og med 2024", PERIOD_FROM, "2024-01", ""},
	{"Frå og med 2024", PERIOD_FROM, "2024-01", ""},
	{"2024 og vidare", PERIOD_FROM, "2024-01", ""},
	{"2024 og videre", PERIOD_FROM, "2024-01", ""},
	{"Frå 2024", PERIOD_FROM, "2024-01", ""},
	{"Frå 1.3.2024", PERIOD_FROM, "2024-03-01", ""},
	{"Frå mars 2024 til juni 2024", PERIOD_RANGE, "2024-03", "2024-06"},
	{"Q2 2024", PERIOD_RANGE, "2024-04", "2024-06"},
	{"1. tertial 2025", PERIOD_RANGE, "2025-01", "2025-04"},
	{"2. tertial 2025", PERIOD_RANGE, "2025-05", "2025-08"},
	{"3. tertial 2025", PERIOD_RANGE, "2025-09", "2025-12"},
	{"Vår 2024", PERIOD_RANGE, "2024-01", "2024-06"},
	{"Våren 2024", PERIOD_RANGE, "2024-01", "2024-06"},
	{"Haust 2024", PERIOD_RANGE, "2024-08", "2024-12"},
	{"Høst 2024", PERIOD_RANGE, "2024-08", "2024-12"},
	{"Høsten 2024", PERIOD_RANGE, "2024-08", "2024-12"},
	{"Veke 12 2024", PERIOD_RANGE, "2024-03-18", "2024-03-24"},
	{"Uke 12 2024", PERIOD_RANGE, "2024-03-18", "2024-03-24"},
	{"Veke 12, 2024", PERIOD_RANGE, "2024-03-18", "2024-03-24"},
	{"veke 1 2025", PERIOD_RANGE, "2024-12-30", "2025-01-05"},
	{"veke 53 2020", PERIOD_RANGE, "2020-12-28", "2021-01-03"},
	{"veke 52 2024", PERIOD_RANGE, "2024-12-23", "2024-12-29"},
	{"veke 1 2021", PERIOD_RANGE, "2021-01-04", "2021-01-10"},
	{"veke 10 2024 - veke 12 2024", PERIOD_RANGE, "2024-03-04", "2024-03-24"},
	{"1. tertial 2025 - 2. tertial 2025", PERIOD_RANGE, "2025-01", "2025-08"},
};

static void test_open_and_bounded(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++)
		kind(phrases[i].text, phrases[i].kind, phrases[i].start, phrases[i].end);
	/* What was read before keeps its kind: a range. */
	kind("2022-2024", PERIOD_RANGE, "2022-01", "2024-12");
	kind("Jan-feb 2023", PERIOD_RANGE, "2023-01", "2023-02");
}

static void test_kind_codes(void **state)
{
	(void)state;
	enum period_kind k;
	const char *codes[] = {"range", "deadline", "ongoing", "from"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(period_kind_parse(codes[i], &k), OK);
		assert_int_equal(k, (enum period_kind)i);
		assert_string_equal(period_kind_code(k), codes[i]);
	}
	assert_int_equal(period_kind_parse(NULL, &k), OK);
	assert_int_equal(k, PERIOD_RANGE);
	assert_int_equal(period_kind_parse("", &k), OK);
	assert_int_equal(k, PERIOD_RANGE);
	assert_int_equal(period_kind_parse("later", &k), ERR);
}

/* Regression: "2. kvartal" without a year read past the last token. */
static void test_quarter_without_year(void **state)
{
	(void)state;
	struct period p;
	struct err e = ERR_INIT;
	assert_int_equal(period_parse("2. kvartal", &p, &e), ERR);
	assert_non_null(strstr(e.msg, "2. kvartal"));
}

static void test_error_names_the_text(void **state)
{
	(void)state;
	struct period p;
	struct err e = ERR_INIT;
	assert_int_equal(period_parse("snart 2023", &p, &e), ERR);
	assert_non_null(strstr(e.msg, "snart 2023"));
	assert_string_equal(e.field, "period");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples_from_the_issue),
		cmocka_unit_test(test_months_and_ranges),
		cmocka_unit_test(test_seasons_quarters_halves),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_error_names_the_text),
		cmocka_unit_test(test_open_and_bounded),
		cmocka_unit_test(test_kind_codes),
		cmocka_unit_test(test_quarter_without_year),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
