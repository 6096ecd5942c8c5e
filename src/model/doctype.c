/*
 * doctype.c: the type of a file from its content (see doctype.h).
 *
 * ZIP (APPNOTE 6.3): the end of central directory record (22 bytes, then a
 * comment of up to 65535) is found by searching back from the end; it
 * gives where the central directory lies and how many entries it has;
 * each entry is a 46-byte header followed by its name, extra field and
 * comment. ZIP64 archives are refused: no allowed document near the
 * upload limit needs one.
 */
#include "model/doctype.h"
#include "base/err.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { T_PDF, T_DOCX, T_XLSX, T_ODT, T_ODS, T_PNG, T_JPEG, T_COUNT };

static const struct doctype types[T_COUNT] = {
	[T_PDF] = {"pdf", "application/pdf", ".pdf", "PDF"},
	[T_DOCX] = {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		    ".docx", "DOCX"},
	[T_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    ".xlsx", "XLSX"},
	[T_ODT] = {"odt", "application/vnd.oasis.opendocument.text", ".odt", "ODT"},
	[T_ODS] = {"ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods", "ODS"},
	[T_PNG] = {"png", "image/png", ".png", "PNG"},
	[T_JPEG] = {"jpeg", "image/jpeg", ".jpg", "JPEG"},
};

#define EOCD_SIZE 22
#define EOCD_SEARCH (EOCD_SIZE + 65535)
#define CDH_SIZE 46 /* a central directory header without its name */
#define LFH_SIZE 30 /* a local file header without its name */
#define NAME_MAX_READ 64 /* longer names are none of the ones looked for */

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads exactly n bytes at off; false when the file ends first or fails. */
static bool read_exact(const struct doctype_source *src, uint64_t off, void *buf, size_t n,
		       bool *failed)
{
	if (off > src->size || n > src->size - off)
		return false;
	long got = src->read(src->cls, off, buf, n);
	if (got < 0)
		*failed = true;
	return got == (long)n;
}

/* What the central directory holds that tells the office types apart. */
struct zip_facts {
	bool content_types; /* [Content_Types].xml: Office Open XML */
	bool word, workbook;
};

static void note_name(struct zip_facts *z, const unsigned char *name, size_t n)
{
	static const char ct[] = "[Content_Types].xml", word[] = "word/document.xml",
			  xl[] = "xl/workbook.xml";
	if (n == sizeof ct - 1 && memcmp(name, ct, n) == 0)
		z->content_types = true;
	else if (n == sizeof word - 1 && memcmp(name, word, n) == 0)
		z->word = true;
	else if (n == sizeof xl - 1 && memcmp(name, xl, n) == 0)
		z->workbook = true;
}

/* The end of central directory record: the last one in the tail whose
 * comment fits in what follows it. false when there is none. */
static bool find_eocd(const struct doctype_source *src, unsigned char *rec, uint64_t *at,
		      bool *failed)
{
	if (src->size < EOCD_SIZE)
		return false;
	size_t tail = src->size < EOCD_SEARCH ? (size_t)src->size : EOCD_SEARCH;
	uint64_t start = src->size - tail;
	unsigned char *buf = malloc(tail);
	if (!buf) {
		*failed = true;
		return false;
	}
	bool found = false;
	if (read_exact(src, start, buf, tail, failed)) {
		for (size_t i = tail - EOCD_SIZE + 1; i-- > 0;) {
			if (memcmp(buf + i, "PK\x05\x06", 4) != 0)
				continue;
			if (i + EOCD_SIZE + le16(buf + i + 20) > tail)
				continue;
			memcpy(rec, buf + i, EOCD_SIZE);
			*at = start + i;
			found = true;
			break;
		}
	}
	free(buf);
	return found;
}

/* Reads the central directory into *z; false when the archive is broken,
 * spans disks, is ZIP64 or has too many entries. */
static bool read_directory(const struct doctype_source *src, struct zip_facts *z, bool *failed)
{
	unsigned char eocd[EOCD_SIZE];
	uint64_t eocd_at;
	if (!find_eocd(src, eocd, &eocd_at, failed))
		return false;
	uint32_t disk = le16(eocd + 4), cd_disk = le16(eocd + 6);
	uint32_t here = le16(eocd + 8), total = le16(eocd + 10);
	uint32_t cd_size = le32(eocd + 12), cd_off = le32(eocd + 16);
	if (disk || cd_disk || here != total || total == 0xffff || cd_size == 0xffffffffu ||
	    cd_off == 0xffffffffu || total > DOCTYPE_MAX_ENTRIES)
		return false;
	if ((uint64_t)cd_off + cd_size > eocd_at)
		return false;
	uint64_t pos = cd_off, end = (uint64_t)cd_off + cd_size;
	for (uint32_t i = 0; i < total; i++) {
		unsigned char h[CDH_SIZE], name[NAME_MAX_READ];
		if (pos + CDH_SIZE > end || !read_exact(src, pos, h, CDH_SIZE, failed) ||
		    memcmp(h, "PK\x01\x02", 4) != 0)
			return false;
		size_t n = le16(h + 28), extra = le16(h + 30), comment = le16(h + 32);
		uint64_t next = pos + CDH_SIZE + n + extra + comment;
		if (next > end)
			return false;
		if (n <= NAME_MAX_READ) {
			if (!read_exact(src, pos + CDH_SIZE, name, n, failed))
				return false;
			note_name(z, name, n);
		}
		pos = next;
	}
	return true;
}

/* The OpenDocument type named by the first entry, "mimetype", stored
 * uncompressed at the start of the archive; -1 when it is not there. */
static int odf_type(const struct doctype_source *src, bool *failed)
{
	static const char odt[] = "application/vnd.oasis.opendocument.text",
			  ods[] = "application/vnd.oasis.opendocument.spreadsheet";
	unsigned char h[LFH_SIZE], name[8], value[sizeof ods];
	if (!read_exact(src, 0, h, LFH_SIZE, failed) || le16(h + 8) != 0 ||
	    le16(h + 26) != 8 || !read_exact(src, LFH_SIZE, name, 8, failed) ||
	    memcmp(name, "mimetype", 8) != 0)
		return -1;
	uint32_t size = le32(h + 18);
	if (size != le32(h + 22) || size >= sizeof value)
		return -1;
	if (!read_exact(src, LFH_SIZE + 8 + le16(h + 28), value, size, failed))
		return -1;
	if (size == sizeof odt - 1 && memcmp(value, odt, size) == 0)
		return T_ODT;
	if (size == sizeof ods - 1 && memcmp(value, ods, size) == 0)
		return T_ODS;
	return -1;
}

/* An archive's type, or -1 when it is none of the office types. */
static int zip_type(const struct doctype_source *src, bool *failed)
{
	struct zip_facts z = {0};
	if (!read_directory(src, &z, failed))
		return -1;
	int odf = odf_type(src, failed);
	if (odf >= 0)
		return odf;
	if (!z.content_types || z.word == z.workbook)
		return -1; /* not Office Open XML, or both at once */
	return z.word ? T_DOCX : T_XLSX;
}

int doctype_sniff(const struct doctype_source *src, const struct doctype **out, struct err *e)
{
	unsigned char head[8] = {0};
	bool failed = false;
	int t = -1;
	*out = NULL;
	size_t n = src->size < sizeof head ? (size_t)src->size : sizeof head;
	if (read_exact(src, 0, head, n, &failed)) {
		if (n >= 5 && memcmp(head, "%PDF-", 5) == 0)
			t = T_PDF;
		else if (n == 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0)
			t = T_PNG;
		else if (n >= 3 && memcmp(head, "\xff\xd8\xff", 3) == 0)
			t = T_JPEG;
		else if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
			t = zip_type(src, &failed);
	}
	if (failed)
		return err_set(e, ERR_INTERNAL, "file", "the uploaded file could not be read");
	if (t < 0)
		return err_set(e, ERR_INPUT, "file",
			       _("Only these types of file can be attached: %s. This file is none of them (its type is read from its content, not from its name). Nothing was saved."),
			       doctype_labels());
	*out = &types[t];
	return OK;
}

struct mem {
	const unsigned char *data;
	size_t len;
};

static long mem_read(void *cls, uint64_t off, void *buf, size_t n)
{
	const struct mem *m = cls;
	if (off >= m->len)
		return 0;
	if (n > m->len - off)
		n = m->len - (size_t)off;
	memcpy(buf, m->data + off, n);
	return (long)n;
}

int doctype_sniff_mem(const void *data, size_t len, const struct doctype **out, struct err *e)
{
	struct mem m = {data, len};
	struct doctype_source src = {len, mem_read, &m};
	return doctype_sniff(&src, out, e);
}

const struct doctype *doctype_by_media_type(const char *media_type)
{
	for (int i = 0; media_type && i < T_COUNT; i++)
		if (strcmp(types[i].media_type, media_type) == 0)
			return &types[i];
	return NULL;
}

const char *doctype_accept(void)
{
	return ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg,application/pdf,"
	       "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
	       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
	       "application/vnd.oasis.opendocument.text,"
	       "application/vnd.oasis.opendocument.spreadsheet,image/png,image/jpeg";
}

const char *doctype_labels(void)
{
	return "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG";
}
