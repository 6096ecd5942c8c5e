/* Unit tests: form, URL and cookie decoding (web/form.c). */
#include "support.h"
#include "base/arena.h"
#include "base/err.h"
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

static void test_form(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct form f;
	struct err e = ERR_INIT;
	const char *body = "login=kari&password=a+b%26c%3D&empty=&flag&next=%2Fplan%2Fx&v=%C3%A6%C3%B8%C3%A5";
	assert_int_equal(form_parse(&a, body, strlen(body), &f, &e), OK);
	assert_int_equal(f.count, 6);
	assert_string_equal(form_get(&f, "login"), "kari");
	assert_string_equal(form_get(&f, "password"), "a b&c=");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "next"), "/plan/x");
	assert_string_equal(form_get(&f, "v"), "æøå");
	assert_null(form_get(&f, "missing"));
	assert_int_equal(form_parse(&a, "", 0, &f, &e), OK);
	assert_int_equal(f.count, 0);
	assert_int_equal(form_parse(&a, "&&a=1&&", 7, &f, &e), OK);
	assert_int_equal(f.count, 1);
	arena_release(&a);
}

static void test_form_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%zz", "a=%C3", "a=%FF", "a=%00", "%C3%28=1", "a=%ED%A0%80",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct arena a = ARENA_INIT;
		struct form f;
		struct err e = ERR_INIT;
		if (form_parse(&a, bad[i], strlen(bad[i]), &f, &e) != ERR)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(e.kind, ERR_INPUT);
		arena_release(&a);
	}
	/* Raw invalid bytes too, and too many fields. */
	struct arena a = ARENA_INIT;
	struct form f;
	struct err e = ERR_INIT;
	assert_int_equal(form_parse(&a, "a=\xff", 3, &f, &e), ERR);
	char *many = malloc(4 * (FORM_MAX_FIELDS + 1) + 1);
	many[0] = '\0';
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		strcat(many, "a=1&");
	assert_int_equal(form_parse(&a, many, strlen(many), &f, &e), ERR);
	free(many);
	arena_release(&a);
}

static void test_cookies(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_string_equal(cookie_get(&a, "a=1; samspel_session=abc_-9; lang=nb", "samspel_session"), "abc_-9");
	assert_string_equal(cookie_get(&a, "lang=nb", "lang"), "nb");
	assert_string_equal(cookie_get(&a, "lang=\"en\"", "lang"), "en");
	assert_null(cookie_get(&a, "xlang=nb", "lang"));
	assert_null(cookie_get(&a, "lang", "lang"));
	assert_null(cookie_get(&a, "", "lang"));
	assert_null(cookie_get(&a, NULL, "lang"));
	/* Printable ASCII comes back; what it means is the caller's to check. */
	assert_string_equal(cookie_get(&a, "lang=<script>", "lang"), "<script>");
	assert_null(cookie_get(&a, "lang=a\"b", "lang"));
	assert_null(cookie_get(&a, "lang=\xc3\xa6", "lang"));
	assert_string_equal(cookie_get(&a, "lang=;x=1", "x"), "1");
	assert_string_equal(cookie_get(&a, ";;; lang=nn ;", "lang"), "nn");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_refuses),
		cmocka_unit_test(test_cookies),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
