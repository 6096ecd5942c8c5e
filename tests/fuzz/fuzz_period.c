/* Fuzz target: the period parser (base/period.c). */
#include "base/err.h"
#include "base/period.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The kind says which ends are set: a range both, a deadline the end, a
 * from-period the start, an ongoing period neither. */
static void check_kind(const struct period *p)
{
	bool has_start = p->start[0] != '\0', has_end = p->end[0] != '\0';
	switch (p->kind) {
	case PERIOD_RANGE: if (!has_start || !has_end) abort(); break;
	case PERIOD_DEADLINE: if (has_start || !has_end) abort(); break;
	case PERIOD_FROM: if (!has_start || has_end) abort(); break;
	case PERIOD_ONGOING: if (has_start || has_end) abort(); break;
	default: abort();
	}
	if ((has_start && strlen(p->start) < 7) || (has_end && strlen(p->end) < 7))
		abort();
	enum period_kind back;
	if (period_kind_parse(period_kind_code(p->kind), &back) != OK || back != p->kind)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct period p;
	struct err e = ERR_INIT;
	if (period_parse(text, &p, &e) == OK) {
		check_kind(&p);
		/* When both ends are set, the start is no later than the end. */
		if (p.start[0] && p.end[0] && strncmp(p.start, p.end, 7) > 0)
			abort();
	} else if (p.start[0] || p.end[0] || p.kind != PERIOD_RANGE || !e.msg[0]) {
		abort(); /* a failure leaves nothing behind and says why */
	}
	free(text);
	return 0;
}
