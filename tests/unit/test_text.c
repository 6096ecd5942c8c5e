/* Unit tests: buffers, escaping, UTF-8, slugs, the HTML writer, i18n. */
#include "support.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "model/plan.h"
#include "web/html.h"

#include <stdlib.h>
#include <string.h>

static void test_buf_life_cycle(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_adds(&b, "hei");
	buf_addc(&b, ' ');
	buf_addf(&b, "%d %s", 42, "kr");
	assert_string_equal(b.data, "hei 42 kr");
	assert_int_equal(b.len, 9);
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "0123456789");
	assert_int_equal(b.len, 10009);
	buf_truncate(&b, 3);
	assert_string_equal(b.data, "hei");
	size_t len;
	char *s = buf_detach(&b, &len);
	assert_string_equal(s, "hei");
	assert_int_equal(len, 3);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);
	s = buf_detach(&b, NULL); /* empty: still a malloc'd string */
	assert_string_equal(s, "");
	free(s);
	buf_release(&b);
}

static void test_html_escaping(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *evil = "<script>alert('x')</script> & \"quoted\"";
	buf_add_html(&b, evil, strlen(evil));
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
	buf_reset(&b);
	buf_add_html(&b, "bl\xC3\xA5 \xFF!", 7); /* invalid byte replaced */
	assert_string_equal(b.data, "bl\xC3\xA5 \xEF\xBF\xBD!");
	buf_reset(&b);
	buf_add_url(&b, "a b/æ?&", strlen("a b/æ?&"));
	assert_string_equal(b.data, "a%20b%2F%C3%A6%3F%26");
	buf_release(&b);
}

static void test_html_printf_escapes_s(void **state)
{
	(void)state;
	struct html h = HTML_INIT;
	html_printf(&h, "<p class=\"x\">%s %d %zu %lld %.3s</p>", "<b>&",
		    -5, (size_t)7, (long long)1 << 40, "abcdef");
	html_lit(&h, "<hr>");
	html_text(&h, "\"'");
	assert_string_equal(h.b.data,
			    "<p class=\"x\">&lt;b&gt;&amp; -5 7 1099511627776 abc</p><hr>&quot;&#39;");
	html_release(&h);
	html_paragraphs(&h, "Første\n• a <b>\n• b\nSiste");
	assert_string_equal(h.b.data,
			    "<p>Første</p><ul><li>a &lt;b&gt;</li><li>b</li></ul><p>Siste</p>");
	html_release(&h);
	html_date(&h, "2023-02-10");
	html_lit(&h, " ");
	html_date(&h, "2023-02");
	assert_string_equal(h.b.data, "10.2.2023 2.2023");
	html_release(&h);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("Næringsutvikling å ø", strlen("Næringsutvikling å ø")));
	assert_false(utf8_valid("\xC3", 1));             /* truncated */
	assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("a\0b", 3));             /* NUL */
	struct buf b = BUF_INIT;
	utf8_fold(&b, "  Sogn\xC2\xA0  REGIONRÅD ", strlen("  Sogn\xC2\xA0  REGIONRÅD "));
	assert_string_equal(b.data, "sogn regionråd");
	buf_release(&b);
	assert_true(utf8_eq_fold("ÆØÅ kommune", "æøå  Kommune"));
	assert_false(utf8_eq_fold("Luster", "Lustre"));
	assert_int_equal(utf8_count("æøå", strlen("æøå")), 3);
}

static void test_slug(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_string_equal(plan_make_slug(&a, "Regionalplan for Sogn - handlingsplan 2023"),
			    "regionalplan-for-sogn-handlingsplan-2023");
	assert_string_equal(plan_make_slug(&a, "Årdal og Høyanger: Næring!"),
			    "ardal-og-hoyanger-naering");
	assert_string_equal(plan_make_slug(&a, "???"), "plan");
	assert_true(plan_slug_valid("a-1"));
	assert_false(plan_slug_valid(""));
	assert_false(plan_slug_valid("-a"));
	assert_false(plan_slug_valid("A"));
	assert_false(plan_slug_valid("a/b"));
	assert_false(plan_slug_valid("../etc"));
	arena_release(&a);
}

static void test_arena(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	char *big = arena_alloc(&a, 100000);
	big[99999] = 'x';
	char *s = arena_printf(&a, "%s-%d", "plan", 7);
	assert_string_equal(s, "plan-7");
	struct {
		int *items;
		size_t count, cap;
	} v = {0};
	for (int i = 0; i < 1000; i++)
		*ARENA_PUSH(&a, v) = i;
	assert_int_equal(v.count, 1000);
	assert_int_equal(v.items[999], 999);
	arena_release(&a);
}

static void test_i18n(void **state)
{
	(void)state;
	enum lang l;
	assert_int_equal(i18n_parse("nn_NO.UTF-8", &l), 0);
	assert_int_equal(l, LANG_NN);
	assert_int_equal(i18n_parse("nb", &l), 0);
	assert_int_equal(l, LANG_NB);
	assert_int_equal(i18n_parse("no", &l), 0);
	assert_int_equal(l, LANG_NB);
	assert_int_equal(i18n_parse("en-GB", &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(i18n_parse("sv", &l), -1);
	assert_int_equal(i18n_parse("nnn", &l), -1);
	i18n_set_lang(LANG_NN);
	assert_string_equal(_("Plans"), "Planar");
	i18n_set_lang(LANG_NB);
	assert_string_equal(_("Plans"), "Planer");
	i18n_set_lang(LANG_EN);
	assert_string_equal(_("Plans"), "Plans");
	i18n_set_lang(LANG_NN);
	assert_string_equal(_("a string nobody translated"), "a string nobody translated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_life_cycle),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_html_printf_escapes_s),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_i18n),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
