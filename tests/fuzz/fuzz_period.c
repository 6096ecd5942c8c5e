/* Fuzz target: the period parser (base/period.c). */
#include "base/err.h"
#include "base/period.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct period p;
	struct err e = ERR_INIT;
	if (period_parse(text, &p, &e) == OK) {
		/* A period that parsed has a start no later than its end. */
		if (strlen(p.start) < 7 || strlen(p.end) < 7 || strncmp(p.start, p.end, 7) > 0)
			abort();
	} else if (p.start[0] || p.end[0] || !e.msg[0]) {
		abort(); /* a failure leaves nothing behind and says why */
	}
	free(text);
	return 0;
}
