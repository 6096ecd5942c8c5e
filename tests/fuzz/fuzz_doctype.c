/* Fuzz target: the type of a file from its content (model/doctype.c),
 * with its ZIP central-directory reader. Whatever the bytes, the answer
 * is a type or ERR_INPUT with a message, never a read out of bounds. */
#include "base/err.h"
#include "model/doctype.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct doctype *t;
	struct err e = ERR_INIT;
	if (doctype_sniff_mem(data, size, &t, &e) == OK) {
		if (!t || !t->media_type || doctype_by_media_type(t->media_type) != t)
			abort();
	} else if (e.kind != ERR_INPUT || !e.msg[0]) {
		abort();
	}
	return 0;
}
