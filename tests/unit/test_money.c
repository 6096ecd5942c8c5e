/* Unit tests: the money parser and formatter (base/money.c). */
#include "support.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

#include <stdlib.h>
#include <string.h>

static void ok(const char *text, int64_t expected)
{
	int64_t amount = -1;
	bool none = true;
	struct err e = ERR_INIT;
	if (money_parse(text, &amount, &none, &e) != OK)
		fail_msg("\"%s\" failed: %s", text, e.msg);
	if (none || amount != expected)
		fail_msg("\"%s\" gave %lld (none=%d), expected %lld", text,
			 (long long)amount, none, (long long)expected);
}

static void none(const char *text)
{
	int64_t amount = -1;
	bool is_none = false;
	struct err e = ERR_INIT;
	if (money_parse(text, &amount, &is_none, &e) != OK)
		fail_msg("\"%s\" failed: %s", text, e.msg);
	assert_true(is_none);
	assert_int_equal(amount, 0);
}

static void bad(const char *text)
{
	int64_t amount = 12345;
	bool is_none = true;
	struct err e = ERR_INIT;
	if (money_parse(text, &amount, &is_none, &e) == OK)
		fail_msg("\"%s\" was accepted as %lld", text, (long long)amount);
	assert_int_equal(amount, 0);
	assert_false(is_none);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_non_null(strstr(e.msg, text));
}

static void test_examples_from_the_issue(void **state)
{
	(void)state;
	ok("0,1 mill", 100000);
	ok("50 000", 50000);
	ok("2,4 mill", 2400000);
	ok("275 000", 275000);
	none("-");
	ok("kr. 2.680.000", 2680000);
	ok("6,6 mill. kroner", 6600000);
	ok("0,5 mill", 500000);
}

static void test_more_forms(void **state)
{
	(void)state;
	ok("50\xC2\xA0" "000", 50000);       /* no-break space */
	ok("50\xE2\x80\xAF" "000 kr", 50000); /* narrow no-break space */
	ok("275 000 kr", 275000);
	ok("275 000 kroner", 275000);
	ok("kr 275 000", 275000);
	ok("NOK 1 000", 1000);
	ok("50 000,-", 50000);
	ok("50 000,00", 50000);
	ok("1.5 mill", 1500000);
	ok("1,25 mill", 1250000);
	ok("0,123456 mill", 123456);
	ok("2 millionar", 2000000);
	ok("3 millioner kroner", 3000000);
	ok("1,5 mrd", 1500000000);
	ok("2 milliardar", 2000000000);
	ok("50 tusen", 50000);
	ok("75k", 75000);
	ok("0", 0);
	ok("7", 7);
	ok("999", 999);
	ok("1 000 000", 1000000);
	ok("12345", 12345);
	ok("-50 000", -50000);
	none("–");
	none(" - ");
}

static void test_bad_input(void **state)
{
	(void)state;
	bad("");
	bad("abc");
	bad("50 00");
	bad("5 0000");
	bad("1.000 000");
	bad("50 000,50");
	bad("0,1234567 mill");
	bad("1,2,3 mill");
	bad("mill");
	bad("kr");
	bad("12 kr 13");
	bad("100 euro");
	bad("99999999999999999999");
	bad("2000000 mrd");
	bad(",5 mill");
	bad("5, mill");
	bad("1 2");
}

static void test_format(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	money_format(&b, 275000);
	assert_string_equal(b.data, "275\xC2\xA0" "000\xC2\xA0kr");
	buf_reset(&b);
	money_format(&b, 2400000);
	assert_string_equal(b.data, "2,4\xC2\xA0mill. kr");
	buf_reset(&b);
	money_format(&b, 3000000);
	assert_string_equal(b.data, "3\xC2\xA0mill. kr");
	buf_reset(&b);
	money_format(&b, 3025000);
	assert_string_equal(b.data, "3\xC2\xA0" "025\xC2\xA0" "000\xC2\xA0kr");
	buf_reset(&b);
	money_format(&b, 0);
	assert_string_equal(b.data, "0\xC2\xA0kr");
	buf_reset(&b);
	money_format_digits(&b, 1234567);
	assert_string_equal(b.data, "1\xC2\xA0" "234\xC2\xA0" "567");
	buf_reset(&b);
	money_format_digits(&b, -1500);
	assert_string_equal(b.data, "\xE2\x88\x92" "1\xC2\xA0" "500");
	buf_release(&b);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* What we print, we can read back. */
	int64_t samples[] = {0, 1, 999, 1000, 50000, 275000, 2400000, 3025000,
			     123456789, 1000000000000};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		struct buf b = BUF_INIT;
		money_format(&b, samples[i]);
		int64_t back;
		bool is_none;
		struct err e = ERR_INIT;
		if (money_parse(b.data, &back, &is_none, &e) != OK)
			fail_msg("could not read back \"%s\": %s", b.data, e.msg);
		assert_int_equal(back, samples[i]);
		buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples_from_the_issue),
		cmocka_unit_test(test_more_forms),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
