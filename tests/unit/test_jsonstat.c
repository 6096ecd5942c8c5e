/* Unit tests: reading JSON-stat 2.0 datasets (formats/jsonstat.c), from the
 * fixture tests/fixtures/jsonstat-folkemengd.json and from small texts that
 * are wrong in one way each. */
#include "support.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "formats/jsonstat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct jsonstat *parse_ok(struct arena *a, const char *text)
{
	struct jsonstat *d;
	struct err e = ERR_INIT;
	if (jsonstat_parse(a, text, strlen(text), &d, &e) != OK)
		fail_msg("parse: %s", e.msg);
	return d;
}

/* text is refused as input, with a message holding needle. */
static void refused(const char *text, const char *needle)
{
	struct arena a = ARENA_INIT;
	struct jsonstat *d = (struct jsonstat *)1;
	struct err e = ERR_INIT;
	assert_int_equal(jsonstat_parse(&a, text, strlen(text), &d, &e), ERR);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_null(d);
	if (!strstr(e.msg, needle))
		fail_msg("\"%s\" does not say \"%s\"", e.msg, needle);
	arena_release(&a);
}

static void test_fixture(void **state)
{
	(void)state;
	size_t len;
	char *text = test_read_file(test_path("tests/fixtures/jsonstat-folkemengd.json"), &len);
	assert_non_null(text);
	struct arena a = ARENA_INIT;
	struct jsonstat *d = parse_ok(&a, text);
	assert_string_equal(d->label, "Folkemengd 1. januar, etter region og år (testdata)");
	assert_string_equal(d->source, "Testdata laga for samspel");
	assert_string_equal(d->time, "Tid");
	assert_int_equal(d->nseries, 2);
	/* The index is an object listing Luster first: positions decide. */
	const struct jsonstat_series *s = &d->series[0];
	assert_string_equal(s->key, "1420,Folkemengde");
	assert_string_equal(s->label, "Sogndal, Folkemengd");
	assert_string_equal(s->unit, "personar");
	assert_int_equal(s->decimals, 0);
	assert_int_equal(s->npoints, 4);
	assert_string_equal(s->points[0].period, "2014");
	assert_true(s->points[0].has_value);
	assert_true(s->points[0].value == 7700);
	assert_true(s->points[2].value == 7750);
	/* 2017 is null in the data with the status "..". */
	assert_false(s->points[3].has_value);
	assert_string_equal(s->points[3].status, "..");
	assert_null(s->points[2].status);
	s = jsonstat_find(d, "1426,Folkemengde");
	assert_non_null(s);
	assert_string_equal(s->label, "Luster, Folkemengd");
	assert_true(s->points[0].value == 5100 && s->points[3].value == 5130);
	assert_true(s->points[3].has_value);
	assert_null(jsonstat_find(d, "1421,Folkemengde"));
	arena_release(&a);
	free(text);
}

/* Time named "Tid" without a role, in the middle; values sparse; status
 * one string for all; decimals from the unit. */
static void test_sparse_and_time_in_the_middle(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct jsonstat *d = parse_ok(&a,
		"{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"ContentsCode\",\"Tid\",\"Kjonn\"],"
		"\"size\":[1,3,2],\"status\":\"p\",\"dimension\":{"
		"\"ContentsCode\":{\"category\":{\"index\":[\"Del\"],\"label\":{\"Del\":\"Del\"},"
		"\"unit\":{\"Del\":{\"label\":\"prosent\",\"decimals\":1}}}},"
		"\"Tid\":{\"category\":{\"index\":[\"2020\",\"2021\",\"2022\"]}},"
		"\"Kjonn\":{\"category\":{\"index\":{\"1\":0,\"2\":1},\"label\":{\"1\":\"Menn\",\"2\":\"Kvinner\"}}}},"
		"\"value\":{\"0\":12.5,\"3\":13.25,\"5\":14}}");
	assert_string_equal(d->time, "Tid");
	assert_int_equal(d->nseries, 2);
	const struct jsonstat_series *men = jsonstat_find(d, "Del,1"), *women = jsonstat_find(d, "Del,2");
	assert_non_null(men);
	assert_non_null(women);
	assert_string_equal(women->label, "Del, Kvinner");
	assert_string_equal(men->unit, "prosent");
	assert_int_equal(men->decimals, 1);
	/* Cell = c*6 + t*2 + k: men 0, 2, 4; women 1, 3, 5. */
	assert_true(men->points[0].has_value && men->points[0].value == 12.5);
	assert_false(men->points[1].has_value);
	assert_false(men->points[2].has_value);
	assert_false(women->points[0].has_value);
	assert_true(women->points[1].has_value && women->points[1].value == 13.25);
	assert_true(women->points[2].value == 14);
	assert_string_equal(women->points[2].status, "p");
	/* The time dimension alone: one series with the empty key. */
	d = parse_ok(&a, "{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"year\"],\"size\":[2],"
			 "\"dimension\":{\"year\":{\"category\":{\"index\":[\"2001\",\"2002\"]}}},"
			 "\"value\":[1,2]}");
	assert_int_equal(d->nseries, 1);
	assert_string_equal(d->series[0].key, "");
	assert_true(d->series[0].points[1].value == 2);
	arena_release(&a);
}

static void test_refused(void **state)
{
	(void)state;
	i18n_set_lang(LANG_EN);
	refused("{\"version\":\"2.0\",", "Not valid JSON");
	refused("[1,2]", "not a JSON object");
	refused("{\"dataset\":{\"dimension\":{},\"value\":[]}}", "version 1");
	refused("{\"version\":\"2.0\",\"class\":\"collection\"}", "class");
	refused("{\"version\":\"1.0\",\"class\":\"dataset\"}", "version");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2,3],"
		"\"dimension\":{},\"value\":[]}", "\"id\" and \"size\"");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
		"\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,2,3]}",
		"2 cells");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[3],"
		"\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,2,3]}",
		"3 categories");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
		"\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":0}}}},\"value\":[1,2]}",
		"twice");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
		"\"dimension\":{\"b\":{}},\"value\":[1,2]}", "\"a\" is not described");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
		"\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,\"2\"]}",
		"value 1 is not a number");
	/* A claimed size is refused before anything is allocated for it. */
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\",\"b\"],"
		"\"size\":[100000,100000],\"dimension\":{},\"value\":[]}", "more than");
	refused("{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
		"\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},\"value\":[1],\"value\":[2]}",
		"Not valid JSON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_sparse_and_time_in_the_middle),
		cmocka_unit_test(test_refused),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
