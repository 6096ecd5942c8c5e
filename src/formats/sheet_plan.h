/*
 * sheet_plan: a spreadsheet of measures (XLSX, ODS or CSV), one measure a
 * row under a header naming the columns, turned into the plan text format
 * (plantext.h) so the one importer core reads it as it reads a Word plan.
 *
 * The header may use the words a council writes ("Tiltak", "Ansvar",
 * "Tidsrom", "Budsjett 2024") or the columns of samspel's own export (the
 * sheet "Alle tiltak" of the XLSX, and the CSV): an exported plan imports
 * back to the same areas, focuses, strategies, measures, periods,
 * responsibility and budget lines. Area, focus and strategy columns build
 * the tree; an empty focus or strategy cell goes on with the one above (as
 * a merged cell does). Columns that are worked out or reported (the month
 * columns, sums, state, progress) are named in a note and not read; a
 * column samspel does not know is kept as unplaced text, as in a Word
 * table. Every note names its sheet and row.
 */
#ifndef SAMSPEL_FORMATS_SHEET_PLAN_H
#define SAMSPEL_FORMATS_SHEET_PLAN_H

#include "formats/plantext.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

/* Reads the spreadsheet data (n bytes) into plan text: *text (*len bytes,
 * in arena a), report->where for each line. The title is the workbook's
 * own, else source_name without its extension; *owner (may be NULL) is
 * the organisation the workbook names as its company. ERR_INPUT when no
 * sheet has a header naming a measure column. */
int sheet_plan_text(const void *data, size_t n, const char *source_name, struct arena *a,
		    const char **text, size_t *len, const char **owner,
		    struct import_report *report, struct err *e);

/* True when data is text whose first line is a CSV header naming a measure
 * column and another the plan text format would not start with. */
bool sheet_plan_is_csv(const void *data, size_t n);

#endif
