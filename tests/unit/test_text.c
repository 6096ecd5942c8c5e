/* Unit tests: buffers, escaping, UTF-8, slugs, the HTML writer, i18n. */
#include "support.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/gzip.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "model/plan.h"
#include "web/html.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

/* A gzip body put together as gzip_page.c does it (spans of a page
 * compressed apart, other bytes as stored blocks between them, the CRC
 * combined) is one whole gzip body of the page with the other bytes in
 * place: zlib reads it back and checks its CRC and length. Pages of
 * random words and bytes, cut in random places, empty and large parts. */
static void test_gzip_from_pieces(void **state)
{
	(void)state;
	srand(12);
	const char *words[] = {"<tr><td>", "Tiltak ", "kommunane ", "</td></tr>\n", "ø", "\x01"};
	for (int round = 0; round < 60; round++) {
		struct buf page = BUF_INIT, want = BUF_INIT, body = BUF_INIT, zs = BUF_INIT;
		size_t size = round == 59 ? 300000 : (size_t)(rand() % 5000);
		while (page.len < size) {
			if (rand() % 8)
				buf_adds(&page, words[rand() % 6]);
			else
				buf_addc(&page, (char)(rand() % 256));
		}
		/* Cut into spans (some empty) with a reader's part after each. */
		size_t nspans = 1 + (size_t)(rand() % 12);
		struct gzip_span spans[12];
		size_t at = 0;
		for (size_t i = 0; i < nspans; i++) {
			size_t len = i + 1 == nspans ? page.len - at : (size_t)rand() % (page.len - at + 1);
			spans[i] = (struct gzip_span){.off = at, .len = len};
			at += len;
		}
		struct err e = ERR_INIT;
		assert_int_equal(gzip_compress_spans(page.data, spans, nspans, &zs, &e), OK);
		gzip_header(&body);
		uint32_t crc = 0;
		uint64_t total = 0;
		for (size_t i = 0; i < nspans; i++) {
			buf_add(&body, zs.data + spans[i].zoff, spans[i].zlen);
			crc = gzip_crc_combine(crc, spans[i].crc, spans[i].len);
			buf_add(&want, page.data + spans[i].off, spans[i].len);
			char part[80000];
			size_t plen = i == 0 && round == 58 ? sizeof part : (size_t)(rand() % 40);
			for (size_t k = 0; k < plen; k++)
				part[k] = (char)('a' + k % 26);
			gzip_stored(&body, part, plen);
			crc = gzip_crc(crc, part, plen);
			buf_add(&want, part, plen);
			total += spans[i].len + plen;
		}
		gzip_trailer(&body, crc, total);
		assert_int_equal(total, want.len);
		/* Read back whole: a gzip stream that ends where the body does. */
		z_stream z = {0};
		assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
		char *out = malloc(want.len + 16);
		z.next_in = (Bytef *)body.data;
		z.avail_in = (uInt)body.len;
		z.next_out = (Bytef *)out;
		z.avail_out = (uInt)(want.len + 16);
		int rc = inflate(&z, Z_FINISH);
		if (rc != Z_STREAM_END)
			fail_msg("round %d: inflate says %d", round, rc);
		assert_int_equal(z.avail_in, 0);
		assert_int_equal(z.total_out, want.len);
		assert_memory_equal(out, want.data, want.len);
		inflateEnd(&z);
		free(out);
		buf_release(&page);
		buf_release(&want);
		buf_release(&body);
		buf_release(&zs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_life_cycle),
		cmocka_unit_test(test_gzip_from_pieces),
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
