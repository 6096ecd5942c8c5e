/* Fuzz target: form bodies and URL decoding (web/form.c). */
#include "base/arena.h"
#include "base/err.h"
#include "base/utf8.h"
#include "web/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct form f;
	struct err e = ERR_INIT;
	if (form_parse(&a, (const char *)data, size, &f, &e) == OK) {
		for (size_t i = 0; i < f.count; i++)
			if (!utf8_valid(f.fields[i].name, strlen(f.fields[i].name)) ||
			    !utf8_valid(f.fields[i].value, strlen(f.fields[i].value)))
				abort(); /* only valid text may pass */
		(void)form_get(&f, "csrf");
	}
	arena_release(&a);
	return 0;
}
