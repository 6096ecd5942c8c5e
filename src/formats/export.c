/* export.c: the table of formats (see export.h). A new format is one line
 * here, its writer in a file of its own. */
#include "formats/export.h"
#include "formats/json.h"
#include "model/report.h"
#include "formats/csv.h"
#include "formats/xlsx.h"
#include "formats/ical.h"
#include "formats/pdf.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include <string.h>

/* The JSON carries every measure's status reports, loaded in one query. */
static int write_json(const struct plan *p, const struct export_options *o, struct buf *out,
		      struct err *e)
{
	report_list reports = {0};
	if (o->db && o->a && report_list_for_plan(o->db, o->a, p->id, &reports, e) != OK)
		return ERR;
	return json_export_plan(p, &reports, out, e);
}

static const struct export_format formats[] = {
	{"json", "json", "application/json", false, write_json},
	{"xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true,
	 xlsx_export_plan},
	{"csv", "csv", "text/csv", false, csv_export_plan},
	{"ics", "ics", "text/calendar", false, ical_export_plan},
	{"pdf", "pdf", "application/pdf", true, pdf_export_plan},
};

const struct export_format *export_find(const char *name, bool by_extension)
{
	for (size_t i = 0; name && i < sizeof formats / sizeof *formats; i++)
		if (strcmp(by_extension ? formats[i].extension : formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const struct export_format *export_each(size_t i)
{
	return i < sizeof formats / sizeof *formats ? &formats[i] : NULL;
}

const char *export_names(struct arena *a)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", formats[i].name);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}
