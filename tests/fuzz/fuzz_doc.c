/* Fuzz target: the Word and OpenDocument readers (formats/doc_read.c,
 * doc_docx.c, doc_odt.c). Mutated zips rarely get past the zip's own
 * checks, so the input is the XML of the document: the first byte picks
 * DOCX (word/document.xml) or ODT (content.xml), the rest is packed into
 * a zip in memory and read as an upload would be. What comes out must
 * hold together: one place per line, valid UTF-8, no control characters,
 * and the plan text reader takes it without crashing. */
#include "base/arena.h"
#include "base/err.h"
#include "base/utf8.h"
#include "formats/doc_read.h"
#include "formats/plantext.h"

#include <zip.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A zip holding the given parts, malloc'd into *out. */
static size_t pack(const char *const *names, const void *const *parts, const size_t *sizes,
		   size_t n, void **out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(mem);
	zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i], sizes[i], 0);
		zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8);
	}
	zip_close(z);
	zip_stat_t st;
	zip_source_open(mem);
	zip_source_stat(mem, &st);
	*out = malloc(st.size ? st.size : 1);
	zip_int64_t got = zip_source_read(mem, *out, st.size);
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return got > 0 ? (size_t)got : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool odt = data[0] & 1;
	static const char mime[] = "application/vnd.oasis.opendocument.text";
	const char *names[2];
	const void *parts[2];
	size_t sizes[2], n = 0;
	if (odt) {
		names[n] = "mimetype", parts[n] = mime, sizes[n++] = sizeof mime - 1;
		names[n] = "content.xml";
	} else {
		names[n] = "word/document.xml";
	}
	parts[n] = data + 1, sizes[n++] = size - 1;
	void *zip;
	size_t zlen = pack(names, parts, sizes, n, &zip);

	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	const char *text;
	size_t len;
	if (doc_read(zip, zlen, &a, &text, &len, &r, &e) == OK) {
		size_t lines = 0;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)text[i];
			if (c == '\n')
				lines++;
			else if ((c < 0x20 && c != '\t') || c == 0x7f)
				abort();
		}
		if (lines != r.where.count || !utf8_valid(text, len))
			abort();
		struct plan *p;
		struct import_report pr = r;
		pr.notes.count = 0;
		plantext_parse(&a, text, len, &p, &pr, &e);
	} else if (e.kind != ERR_INPUT || !e.msg[0]) {
		abort();
	}
	arena_release(&a);
	free(zip);
	return 0;
}
