/* Unit tests: the money parser and formatter (base/money.c). */
#include "support.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
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


/* --- phrases (money_parse_phrase) --- */

static void phrase(const char *text, bool has, int64_t amount,
		   enum money_qualifier q, bool per_year)
{
	struct money_phrase p;
	struct err e = ERR_INIT;
	if (money_parse_phrase(text, &p, &e) != OK)
		fail_msg("\"%s\" failed: %s", text, e.msg);
	if (p.has_amount != has || p.amount != amount || p.qualifier != q ||
	    p.per_year != per_year)
		fail_msg("\"%s\" gave has=%d %lld q=%d per_year=%d", text, p.has_amount,
			 (long long)p.amount, (int)p.qualifier, p.per_year);
}

static void phrase_bad(const char *text)
{
	struct money_phrase p;
	struct err e = ERR_INIT;
	if (money_parse_phrase(text, &p, &e) == OK)
		fail_msg("\"%s\" was accepted as %lld q=%d", text, (long long)p.amount,
			 (int)p.qualifier);
	assert_false(p.has_amount);
	assert_int_equal(p.amount, 0);
	assert_int_equal(p.qualifier, MQ_EXACT);
	assert_int_equal(e.kind, ERR_INPUT);
	assert_non_null(strstr(e.msg, text));
}

static const struct {
	const char *text;
	int64_t amount;
	enum money_qualifier q;
	bool per_year;
} amount_phrases[] = {
	{"inntil 50 000", 50000, MQ_UPPER, false},
	{"Inntil kr 50 000,-", 50000, MQ_UPPER, false},
	{"opptil 0,5 mill", 500000, MQ_UPPER, false},
	{"maks 20 000", 20000, MQ_UPPER, false},
	{"maks. 20 000 kr", 20000, MQ_UPPER, false},
	{"Maksimalt 1,2 mill. kroner", 1200000, MQ_UPPER, false},
	{"ca. 20 000", 20000, MQ_ESTIMATE, false},
	{"ca 20 000", 20000, MQ_ESTIMATE, false},
	{"Ca.20 000", 20000, MQ_ESTIMATE, false},
	{"om lag 300 000", 300000, MQ_ESTIMATE, false},
	{"omlag 300 000", 300000, MQ_ESTIMATE, false},
	{"rundt 2 mill", 2000000, MQ_ESTIMATE, false},
	{"cirka 45 000 kr", 45000, MQ_ESTIMATE, false},
	{"minst 10 000", 10000, MQ_LOWER, false},
	{"kr 75 000,-", 75000, MQ_EXACT, false},
	{"75'", 75000, MQ_EXACT, false},
	{"75' ", 75000, MQ_EXACT, false},
	{"75\xE2\x80\x99", 75000, MQ_EXACT, false},
	{"kr 150'", 150000, MQ_EXACT, false},
	{"ca. 75'", 75000, MQ_ESTIMATE, false},
	{"NOK 75 000", 75000, MQ_EXACT, false},
	{"75 000 kr/år", 75000, MQ_EXACT, true},
	{"75 000/år", 75000, MQ_EXACT, true},
	{"75 000 per år", 75000, MQ_EXACT, true},
	{"75 000 pr. år", 75000, MQ_EXACT, true},
	{"75 000 pr år", 75000, MQ_EXACT, true},
	{"inntil 75 000 kr/år", 75000, MQ_UPPER, true},
	{"ca. 0,1 mill. kr per år", 100000, MQ_ESTIMATE, true},
	{"50 000", 50000, MQ_EXACT, false},
	{"0,1 mill", 100000, MQ_EXACT, false},
};

static const struct {
	const char *text;
	enum money_qualifier q;
} wordy[] = {
	{"Innanfor ramma", MQ_FRAME}, {"Innenfor ramma", MQ_FRAME},
	{"Innenfor eksisterende budsjett", MQ_FRAME},
	{"Innanfor eksisterande budsjett", MQ_FRAME},
	{"Innanfor budsjett", MQ_FRAME}, {"innanfor ramma.", MQ_FRAME},
	{"Eigeninnsats", MQ_OWN}, {"Egeninnsats", MQ_OWN},
	{"Eigen innsats", MQ_OWN}, {"Eigne midlar", MQ_OWN}, {"Egne midler", MQ_OWN},
	{"Ikkje avklart", MQ_UNKNOWN}, {"Ikke avklart", MQ_UNKNOWN},
	{"Uavklart", MQ_UNKNOWN}, {"Ukjent", MQ_UNKNOWN}, {"Ukjend", MQ_UNKNOWN},
	{"IKKJE  AVKLART", MQ_UNKNOWN},
};

static void test_phrases_with_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof amount_phrases / sizeof *amount_phrases; i++)
		phrase(amount_phrases[i].text, true, amount_phrases[i].amount,
		       amount_phrases[i].q, amount_phrases[i].per_year);
	phrase("-", false, 0, MQ_EXACT, false);
	phrase("–", false, 0, MQ_EXACT, false);
}

static void test_phrases_without_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof wordy / sizeof *wordy; i++) {
		phrase(wordy[i].text, false, 0, wordy[i].q, false);
		assert_true(money_qualifier_wordy(wordy[i].q));
	}
}

static void test_phrases_refused(void **state)
{
	(void)state;
	phrase_bad("inntil");
	phrase_bad("inntil -");
	phrase_bad("maks.");
	phrase_bad("ca. mange");
	phrase_bad("ca");
	phrase_bad("minst ein del");
	phrase_bad("per år");
	phrase_bad("- per år");
	phrase_bad("innanfor");
	phrase_bad("Innanfor ramma 50 000");
	phrase_bad("eigeninnsats og 50 000");
	phrase_bad("cash 50 000");
	phrase_bad("inntil 50 00");
	phrase_bad("ca. 50 000,50");
	phrase_bad("'");
	phrase_bad("75''");
	phrase_bad("kr'");
	phrase_bad("50 000 kr/månad");
	phrase_bad("");
	/* What money_parse refuses stays refused. */
	const char *refused[] = {"abc", "50 00", "0,1234567 mill", "12 kr 13", "100 euro"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		phrase_bad(refused[i]);
}

static void test_qualifier_codes(void **state)
{
	(void)state;
	const char *codes[] = {"upper", "estimate", "lower", "frame", "own", "unknown"};
	enum money_qualifier q;
	assert_null(money_qualifier_code(MQ_EXACT));
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(money_qualifier_parse(codes[i], &q), OK);
		assert_string_equal(money_qualifier_code(q), codes[i]);
	}
	assert_int_equal(money_qualifier_parse(NULL, &q), OK);
	assert_int_equal(q, MQ_EXACT);
	assert_int_equal(money_qualifier_parse("", &q), OK);
	assert_int_equal(q, MQ_EXACT);
	assert_int_equal(money_qualifier_parse("Upper", &q), ERR);
	assert_int_equal(money_qualifier_parse("exact", &q), ERR);
}

static void phrase_round_trip(const char *text)
{
	struct money_phrase p, back;
	struct err e = ERR_INIT;
	assert_int_equal(money_parse_phrase(text, &p, &e), OK);
	struct buf b = BUF_INIT;
	money_phrase_format(&b, &p);
	if (money_parse_phrase(b.data, &back, &e) != OK)
		fail_msg("could not read back \"%s\" (from \"%s\"): %s", b.data, text, e.msg);
	assert_int_equal(back.amount, p.amount);
	assert_int_equal(back.has_amount, p.has_amount);
	assert_int_equal(back.qualifier, p.qualifier);
	assert_int_equal(back.per_year, p.per_year);
	buf_release(&b);
}

/* What money_phrase_format writes, in the language set. */
static void assert_phrase(struct money_phrase p, const char *want)
{
	struct buf b = BUF_INIT;
	money_phrase_format(&b, &p);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void test_phrase_format(void **state)
{
	(void)state;
	enum lang was = i18n_lang();
	i18n_set_lang(LANG_EN);
	assert_phrase((struct money_phrase){50000, true, MQ_UPPER, false}, "up to 50\xC2\xA0" "000\xC2\xA0kr");
	assert_phrase((struct money_phrase){2400000, true, MQ_ESTIMATE, true}, "about 2,4\xC2\xA0mill. kr/year");
	assert_phrase((struct money_phrase){0, false, MQ_FRAME, false}, "Within the frame");
	i18n_set_lang(LANG_NN);
	assert_phrase((struct money_phrase){50000, true, MQ_UPPER, false}, "inntil 50\xC2\xA0" "000\xC2\xA0kr");
	assert_phrase((struct money_phrase){2400000, true, MQ_ESTIMATE, true}, "ca. 2,4\xC2\xA0mill. kr/år");
	assert_phrase((struct money_phrase){0, false, MQ_FRAME, false}, "Innanfor ramma");
	/* What is printed in any language reads back as the same phrase. */
	for (enum lang l = LANG_NN; l < LANG_COUNT; l++) {
		i18n_set_lang(l);
		for (size_t i = 0; i < sizeof amount_phrases / sizeof *amount_phrases; i++)
			phrase_round_trip(amount_phrases[i].text);
		for (size_t i = 0; i < sizeof wordy / sizeof *wordy; i++)
			phrase_round_trip(wordy[i].text);
		phrase_round_trip("-");
	}
	i18n_set_lang(was);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples_from_the_issue),
		cmocka_unit_test(test_more_forms),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_phrases_with_numbers),
		cmocka_unit_test(test_phrases_without_numbers),
		cmocka_unit_test(test_phrases_refused),
		cmocka_unit_test(test_qualifier_codes),
		cmocka_unit_test(test_phrase_format),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
