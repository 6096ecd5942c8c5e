/*
 * doctype: what kind of file an upload is, read from its bytes and never
 * from its name. Seven types may be attached to an object: PDF, DOCX,
 * XLSX, ODT, ODS, PNG and JPEG. PDF, PNG and JPEG are known by their
 * first bytes; the four office types are ZIP archives told apart by what
 * they hold (an OpenDocument file starts with an uncompressed entry
 * "mimetype" naming its type; an Office Open XML file lists
 * word/document.xml or xl/workbook.xml in its central directory).
 *
 * The ZIP reader reads only what it needs, through a read callback, with
 * every offset and length checked against the file's size and fixed
 * bounds, so a hostile file costs at most DOCTYPE_MAX_ENTRIES small reads.
 * It takes outside input and has a fuzz target (tests/fuzz/fuzz_doctype.c).
 * No allocation outlives a call.
 */
#ifndef SAMSPEL_MODEL_DOCTYPE_H
#define SAMSPEL_MODEL_DOCTYPE_H

#include <stddef.h>
#include <stdint.h>

struct err;

/* Central directory entries read at most; an archive with more is refused. */
#define DOCTYPE_MAX_ENTRIES 20000

/* One allowed type (static; never freed). */
struct doctype {
	const char *code;       /* "pdf" */
	const char *media_type; /* "application/pdf": the download's Content-Type */
	const char *extension;  /* ".pdf": given to a name that has none */
	const char *label;      /* "PDF": the same in every language */
};

/* Reads up to n bytes at offset off into buf: how many were read (fewer
 * only at the end of the file), or -1 on failure. */
typedef long (*doctype_read_fn)(void *cls, uint64_t off, void *buf, size_t n);

/* A file to look into: its size and how to read it. */
struct doctype_source {
	uint64_t size;
	doctype_read_fn read;
	void *cls;
};

/* The type of src into *out. ERR_INPUT, with a message naming the allowed
 * types, when it is none of them; ERR_INTERNAL when reading fails. */
int doctype_sniff(const struct doctype_source *src, const struct doctype **out,
		  struct err *e);
/* The same for len bytes in memory. */
int doctype_sniff_mem(const void *data, size_t len, const struct doctype **out,
		      struct err *e);
/* The type whose media type is media_type, or NULL. */
const struct doctype *doctype_by_media_type(const char *media_type);
/* The value of a file input's accept attribute: the extensions and media
 * types of every allowed type (static). */
const char *doctype_accept(void);
/* "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG" (static). */
const char *doctype_labels(void);

#endif
