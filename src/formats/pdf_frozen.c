/*
 * pdf_frozen.c: a frozen status report as a PDF (see pdf.h), drawn only
 * from its stored JSON (formats/frozen.h), never from the database: the
 * PDF of a frozen report says what the JSON says, however the plan has
 * changed since.
 */
#include "formats/pdf.h"
#include "formats/pdf_doc.h"
#include "model/report.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* "275 000 kr" into out, or "" when v is no amount. */
static const char *amount(const json_t *v, struct buf *out)
{
	buf_reset(out);
	if (json_is_integer(v))
		money_format(out, json_integer_value(v));
	return out->data ? out->data : "";
}

static void counts(struct pdf_doc *d, const json_t *doc)
{
	struct pdf_table t = {2, {_("State"), _("Measures")}, {0.7, 0.3}, {false, true}, PDF_BODY};
	char n[32];
	pdf_heading(d, 2, _("Measures per state"));
	pdf_table_begin(d, &t);
	const char *codes[STATE_COUNT + 1];
	for (int s = 0; s < STATE_COUNT; s++)
		codes[s] = report_state_code((enum report_state)s);
	codes[STATE_COUNT] = "none";
	for (int s = 0; s <= STATE_COUNT; s++) {
		json_t *c = json_object_get(json_object_get(doc, "by_state"), codes[s]);
		if (!json_is_integer(c))
			continue;
		snprintf(n, sizeof n, "%lld", (long long)json_integer_value(c));
		const char *row[] = {report_state_label(codes[s]), n};
		pdf_table_row(d, row, NULL, 0, false);
	}
	snprintf(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(doc, "measures")));
	const char *total[] = {_("In all"), n};
	pdf_table_row(d, total, NULL, 0, true);
	pdf_table_end(d);
}

/* One area's measures: state, latest report up to the day, spent. */
static void area(struct pdf_doc *d, const json_t *ar, struct buf *tmp)
{
	char heading[600], date[16];
	snprintf(heading, sizeof heading, "%s %s", str(ar, "number"), str(ar, "title"));
	pdf_heading(d, 2, heading);
	struct pdf_table t = {4, {_("Measure"), _("State"), _("Latest report"), _("Spent so far")},
			      {0.42, 0.14, 0.30, 0.14}, {false, false, false, true}, PDF_SMALL};
	pdf_table_begin(d, &t);
	size_t i, j, k;
	json_t *focus, *strategy, *m;
	json_array_foreach(json_object_get(ar, "focuses"), i, focus)
		json_array_foreach(json_object_get(focus, "strategies"), j, strategy)
			json_array_foreach(json_object_get(strategy, "measures"), k, m) {
				json_t *latest = json_array_get(json_object_get(m, "reports"), 0);
				char report[1200] = "";
				if (latest) {
					pdf_date(date, sizeof date, str(latest, "reported_on"));
					const char *said = str(latest, "text");
					snprintf(report, sizeof report, "%s%s%s", date, *said ? ": " : "", said);
				}
				const char *row[] = {str(m, "text"), report_state_label(str(m, "state")), report,
						     amount(latest ? json_object_get(latest, "spent") : NULL, tmp)};
				pdf_table_row(d, row, NULL, 0, false);
			}
	pdf_table_end(d);
}

int pdf_frozen(const char *json, size_t len, const char *sha256, const char *lang,
	       struct buf *out, struct err *e)
{
	json_error_t je;
	json_t *doc = json_loadb(json, len, 0, &je);
	if (!doc)
		return err_set(e, ERR_INTERNAL, NULL, "frozen report not JSON: %s", je.text);
	struct buf tmp = BUF_INIT;
	char date[16];
	struct pdf_doc *d = pdf_begin(out, str(doc, "title"), str(doc, "plan_title"), lang);
	pdf_text(d, PDF_KICKER, 0, str(doc, "plan_title"));
	pdf_heading(d, 1, str(doc, "title"));
	pdf_date(date, sizeof date, str(doc, "as_of"));
	pdf_lead(d, _("Status as of"), date);
	pdf_lead(d, _("Budget in all"), amount(json_object_get(doc, "budget_total"), &tmp));
	pdf_lead(d, _("Spent, by the latest reports"), amount(json_object_get(doc, "spent"), &tmp));
	pdf_lead(d, _("SHA-256 of the report's JSON"), sha256);
	counts(d, doc);
	size_t i;
	json_t *ar;
	json_array_foreach(json_object_get(json_object_get(doc, "plan"), "areas"), i, ar)
		area(d, ar, &tmp);
	buf_release(&tmp);
	json_decref(doc);
	return pdf_end(d, e);
}
