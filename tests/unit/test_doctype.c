/*
 * Unit tests of model/doctype.c (the type of a file from its content) on
 * ZIP archives built here entry by entry, and of the file names
 * model/document.c keeps (document_clean_name).
 */
#include "support.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/utf8.h"
#include "model/doctype.h"
#include "model/document.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* --- a ZIP archive of stored (uncompressed) entries --- */

struct zip {
	unsigned char data[8192];
	size_t len;
	unsigned char dir[4096];
	size_t dir_len;
	unsigned count;
};

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xffff));
	put16(p + 2, (unsigned)(v >> 16));
}

/* Adds an entry; method 0 is stored, 8 would be deflated (only named). */
static void zip_add(struct zip *z, const char *name, const char *content, unsigned method)
{
	size_t nl = strlen(name), cl = strlen(content);
	unsigned long at = (unsigned long)z->len;
	unsigned char *h = z->data + z->len;
	memset(h, 0, 30);
	memcpy(h, "PK\x03\x04", 4);
	put16(h + 4, 20);
	put16(h + 8, method);
	put32(h + 18, (unsigned long)cl);
	put32(h + 22, (unsigned long)cl);
	put16(h + 26, (unsigned)nl);
	memcpy(h + 30, name, nl);
	memcpy(h + 30 + nl, content, cl);
	z->len += 30 + nl + cl;
	unsigned char *c = z->dir + z->dir_len;
	memset(c, 0, 46);
	memcpy(c, "PK\x01\x02", 4);
	put16(c + 4, 20);
	put16(c + 6, 20);
	put16(c + 10, method);
	put32(c + 20, (unsigned long)cl);
	put32(c + 24, (unsigned long)cl);
	put16(c + 28, (unsigned)nl);
	put32(c + 42, at);
	memcpy(c + 46, name, nl);
	z->dir_len += 46 + nl;
	z->count++;
}

/* Appends the central directory and its end record; the archive's length. */
static size_t zip_end(struct zip *z)
{
	size_t dir_at = z->len;
	memcpy(z->data + z->len, z->dir, z->dir_len);
	z->len += z->dir_len;
	unsigned char *e = z->data + z->len;
	memset(e, 0, 22);
	memcpy(e, "PK\x05\x06", 4);
	put16(e + 8, z->count);
	put16(e + 10, z->count);
	put32(e + 12, (unsigned long)z->dir_len);
	put32(e + 16, (unsigned long)dir_at);
	z->len += 22;
	return z->len;
}

/* The media type of data, or NULL when it is refused (with ERR_INPUT). */
static const char *sniff(const void *data, size_t len)
{
	const struct doctype *t;
	struct err e = ERR_INIT;
	if (doctype_sniff_mem(data, len, &t, &e) == OK)
		return t->media_type;
	assert_int_equal(e.kind, ERR_INPUT);
	assert_non_null(strstr(e.msg, "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG"));
	return NULL;
}

static void test_magic(void **state)
{
	(void)state;
	assert_string_equal(sniff("%PDF-1.7\n", 9), "application/pdf");
	assert_string_equal(sniff("\x89PNG\r\n\x1a\n\0\0", 10), "image/png");
	assert_string_equal(sniff("\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_null(sniff("", 0));
	assert_null(sniff("%PDF", 4));
	assert_null(sniff("hello, world", 12));
	assert_null(sniff("<html><script>", 14));
	assert_null(sniff("PK\x03\x04", 4)); /* a ZIP without its directory */
}

static void test_office_open_xml(void **state)
{
	(void)state;
	struct zip z = {0};
	zip_add(&z, "[Content_Types].xml", "<Types/>", 8);
	zip_add(&z, "_rels/.rels", "<Relationships/>", 8);
	zip_add(&z, "word/document.xml", "<w:document/>", 8);
	assert_string_equal(sniff(z.data, zip_end(&z)),
			    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	struct zip x = {0};
	zip_add(&x, "[Content_Types].xml", "<Types/>", 8);
	zip_add(&x, "xl/workbook.xml", "<workbook/>", 8);
	assert_string_equal(sniff(x.data, zip_end(&x)),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	/* The parts without [Content_Types].xml, or both at once: neither. */
	struct zip y = {0};
	zip_add(&y, "word/document.xml", "<w:document/>", 8);
	assert_null(sniff(y.data, zip_end(&y)));
	struct zip both = {0};
	zip_add(&both, "[Content_Types].xml", "<Types/>", 8);
	zip_add(&both, "word/document.xml", "<w:document/>", 8);
	zip_add(&both, "xl/workbook.xml", "<workbook/>", 8);
	assert_null(sniff(both.data, zip_end(&both)));
}

static void test_open_document(void **state)
{
	(void)state;
	struct zip z = {0};
	zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.text", 0);
	zip_add(&z, "content.xml", "<office:document-content/>", 8);
	assert_string_equal(sniff(z.data, zip_end(&z)), "application/vnd.oasis.opendocument.text");
	struct zip s = {0};
	zip_add(&s, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0);
	assert_string_equal(sniff(s.data, zip_end(&s)),
			    "application/vnd.oasis.opendocument.spreadsheet");
	/* Another OpenDocument type (a presentation), a compressed or a
	 * second "mimetype" entry: not allowed. */
	struct zip p = {0};
	zip_add(&p, "mimetype", "application/vnd.oasis.opendocument.presentation", 0);
	assert_null(sniff(p.data, zip_end(&p)));
	struct zip c = {0};
	zip_add(&c, "mimetype", "application/vnd.oasis.opendocument.text", 8);
	assert_null(sniff(c.data, zip_end(&c)));
	struct zip late = {0};
	zip_add(&late, "content.xml", "<x/>", 0);
	zip_add(&late, "mimetype", "application/vnd.oasis.opendocument.text", 0);
	assert_null(sniff(late.data, zip_end(&late)));
}

/* Broken archives are refused, never read out of bounds (ASan watches). */
static void test_broken_zip(void **state)
{
	(void)state;
	struct zip z = {0};
	zip_add(&z, "[Content_Types].xml", "<Types/>", 8);
	zip_add(&z, "word/document.xml", "<w:document/>", 8);
	size_t n = zip_end(&z);
	unsigned char copy[8192];
	/* Cut short: no end record. */
	memcpy(copy, z.data, n);
	assert_null(sniff(copy, n - 10));
	/* The directory said to lie beyond the end. */
	memcpy(copy, z.data, n);
	put32(copy + n - 6, 0x7fffffffUL);
	assert_null(sniff(copy, n));
	/* More entries than the directory holds. */
	memcpy(copy, z.data, n);
	put16(copy + n - 14, 40);
	put16(copy + n - 12, 40);
	assert_null(sniff(copy, n));
	/* ZIP64 markers. */
	memcpy(copy, z.data, n);
	put16(copy + n - 14, 0xffff);
	put16(copy + n - 12, 0xffff);
	assert_null(sniff(copy, n));
	/* A name length running past the directory. */
	memcpy(copy, z.data, n);
	size_t dir_at = n - 22 - z.dir_len;
	put16(copy + dir_at + 28, 60000);
	assert_null(sniff(copy, n));
	/* A comment longer than what follows the end record. */
	memcpy(copy, z.data, n);
	put16(copy + n - 2, 100);
	assert_null(sniff(copy, n));
	/* Trailing bytes after the end record are allowed as a comment. */
	memcpy(copy, z.data, n);
	put16(copy + n - 2, 3);
	memcpy(copy + n, "abc", 3);
	assert_non_null(sniff(copy, n + 3));
}

static void test_clean_name(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	const struct doctype *pdf = doctype_by_media_type("application/pdf");
	assert_non_null(pdf);
	assert_string_equal(document_clean_name(&a, "../x.pdf", pdf), "x.pdf");
	assert_string_equal(document_clean_name(&a, "/etc/passwd", pdf), "passwd");
	assert_string_equal(document_clean_name(&a, "C:\\fakepath\\Plan 2026.docx", pdf),
			    "Plan 2026.docx");
	assert_string_equal(document_clean_name(&a, "..", pdf), "document.pdf");
	assert_string_equal(document_clean_name(&a, "", pdf), "document.pdf");
	assert_string_equal(document_clean_name(&a, NULL, pdf), "document.pdf");
	assert_string_equal(document_clean_name(&a, "  .skjult.pdf. ", pdf), "skjult.pdf");
	assert_string_equal(document_clean_name(&a, "a\x01" "b\r\n.pdf", pdf), "ab.pdf");
	assert_string_equal(document_clean_name(&a, "\xe2\x80\xae" "fdp.exe", pdf), "fdp.exe");
	assert_string_equal(document_clean_name(&a, "r\xff" "apport.pdf", pdf), "rapport.pdf");
	assert_string_equal(document_clean_name(&a, "Sosial analyse – Årdal.pdf", pdf),
			    "Sosial analyse – Årdal.pdf");
	char longname[700] = "";
	for (int i = 0; i < 300; i++)
		strcat(longname, "æ");
	const char *cut = document_clean_name(&a, longname, pdf);
	assert_true(strlen(cut) <= DOCUMENT_NAME_MAX && strlen(cut) >= DOCUMENT_NAME_MAX - 1);
	assert_true(utf8_valid(cut, strlen(cut)));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_office_open_xml),
		cmocka_unit_test(test_open_document),
		cmocka_unit_test(test_broken_zip),
		cmocka_unit_test(test_clean_name),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
