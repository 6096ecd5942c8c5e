/* Fuzz target: an uploaded sheet (formats/sheet_read.c: XLSX through
 * libzip and libxml2, or CSV) read against a round's measures
 * (formats/round_sheet.c). Whatever it reads must hold together: every
 * error names a cell, every new report validates. */
#include "base/arena.h"
#include "base/err.h"
#include "formats/round_sheet.h"
#include "formats/sheet_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct sheet s;
	struct err e = ERR_INIT;
	struct round_sheet_row known[2] = {
		{.measure_id = 8, .stamp = "1-0", .text = "Tiltak", .state = "on_track", .progress = 10},
		{.measure_id = 9, .stamp = "2-5", .text = "Tiltak", .progress = -1},
	};
	round_sheet_row_list rows = {known, 2, 2};
	if (sheet_read(data, size, &a, &s, &e) == OK) {
		sheet_result_list res;
		round_sheet_check(&s, &rows, &a, &res);
		for (size_t i = 0; i < res.count; i++) {
			const struct sheet_result *r = &res.items[i];
			struct err ve = ERR_INIT;
			if ((r->verdict == SHEET_ERROR || r->verdict == SHEET_CHANGED) &&
			    (!r->message || r->message[0] < 'A' || r->message[0] > 'Z'))
				abort();
			if (r->verdict == SHEET_NEW && (!r->measure || report_validate(&r->report, &ve) != OK))
				abort();
		}
	} else if (e.kind != ERR_INPUT || !e.msg[0]) {
		abort();
	}
	arena_release(&a);
	return 0;
}
