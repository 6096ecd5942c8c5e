/* Fuzz target: Cookie header parsing (web/form.c). */
#include "base/arena.h"
#include "web/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = malloc(size + 1);
	memcpy(header, data, size);
	header[size] = '\0';
	struct arena a = ARENA_INIT;
	static const char *const names[] = {"samspel_session", "samspel_login", "lang"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = cookie_get(&a, header, names[i]);
		for (const char *p = v; p && *p; p++)
			if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
				abort(); /* only plain tokens come out */
	}
	arena_release(&a);
	free(header);
	return 0;
}
