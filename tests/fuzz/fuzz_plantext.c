/* Fuzz target: the plan text reader (formats/plantext.c), outside input. */
#include "base/arena.h"
#include "base/err.h"
#include "formats/plantext.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct err e = ERR_INIT;
	struct plan *p;
	if (plantext_parse(&a, (const char *)data, size, &p, &r, &e) == OK) {
		/* What came out must add up. */
		(void)plan_budget_total(p);
		(void)plan_count_measures(p);
	}
	arena_release(&a);
	return 0;
}
