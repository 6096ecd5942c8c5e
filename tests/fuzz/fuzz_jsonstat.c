/* Fuzz target: the JSON-stat reader (formats/jsonstat.c). Whatever it
 * accepts must hold together: every series as long as time, every key
 * findable. */
#include "base/arena.h"
#include "base/err.h"
#include "formats/jsonstat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct jsonstat *d;
	struct err e = ERR_INIT;
	if (jsonstat_parse(&a, (const char *)data, size, &d, &e) == OK) {
		for (size_t i = 0; i < d->nseries; i++) {
			const struct jsonstat_series *s = &d->series[i];
			if (!s->key || !s->label || (d->nseries > 1 && s->npoints != d->series[0].npoints))
				abort();
			for (size_t j = 0; j < s->npoints; j++)
				if (!s->points[j].period || !s->points[j].label)
					abort();
		}
	} else if (e.kind != ERR_INPUT || !e.msg[0]) {
		abort();
	}
	arena_release(&a);
	return 0;
}
