/*
 * dcat.c: the catalogue of published plans as DCAT-AP-NO 2 in Turtle (see
 * dcat.h). Written by hand with every literal and IRI escaped here, in
 * dcat_literal and dcat_iri; tests/http/test_opendata.c reads it back with
 * rdflib.
 *
 * What a plan becomes (docs/json.md, "The catalogue"):
 *   <BASE/plan/SLUG#dataset>  dcat:Dataset: title, description (the
 *       vision, else the main goal, else the title), the council as
 *       publisher, issued (adopted on, else created), modified, licence,
 *       theme GOVE, language, landing page (the plan page)
 *   <BASE/plan/SLUG#EXT>      dcat:Distribution per export format, its
 *       access and download URL <BASE/plan/SLUG.EXT>, media type, format
 *   the council               foaf:Agent: the Enhetsregisteret IRI of its
 *       organisation number when known, else <BASE/org/ID>
 */
#include "formats/dcat.h"
#include "formats/export.h"
#include "formats/json.h"
#include "model/plan.h"
#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define EU "http://publications.europa.eu/resource/authority/"
/* The language of the plans' texts is not stored: Norwegian. */
#define TEXT_LANG "no"

void dcat_literal(struct buf *out, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
		switch (*c) {
		case '\\': buf_adds(out, "\\\\"); break;
		case '"': buf_adds(out, "\\\""); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				buf_addf(out, "\\u%04X", (unsigned)*c);
			else
				buf_addc(out, (char)*c);
		}
	}
}

void dcat_iri(struct buf *out, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
		if (*c <= 0x20 || *c == 0x7f || strchr("<>\"{}|^`\\", *c))
			buf_addf(out, "%%%02X", (unsigned)*c);
		else
			buf_addc(out, (char)*c);
	}
}

/* <BASE + path + more>, more may be NULL. */
static void iri(struct buf *out, const char *base, const char *path, const char *more)
{
	buf_addc(out, '<');
	dcat_iri(out, base);
	dcat_iri(out, path);
	if (more)
		dcat_iri(out, more);
	buf_addc(out, '>');
}

static void literal(struct buf *out, const char *s, const char *lang)
{
	buf_addc(out, '"');
	dcat_literal(out, s);
	buf_addf(out, "\"@%s", lang);
}

/* True for "YYYY-MM-DD" at the start of s. */
static bool has_date(const char *s)
{
	if (!s || strlen(s) < 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

/* "YYYY-MM-DDTHH:MM:SSZ"^^xsd:dateTime, or the date alone. */
static void timestamp(struct buf *out, const char *s)
{
	if (has_date(s) && strlen(s) == 20 && s[10] == 'T' && s[19] == 'Z')
		buf_addf(out, "\"%s\"^^xsd:dateTime", s);
	else
		buf_addf(out, "\"%.10s\"^^xsd:date", s);
}

/* The council of p as an IRI. */
static void agent_iri(struct buf *out, const char *base, const struct plan *p)
{
	if (p->owner_orgnr && strlen(p->owner_orgnr) == 9 &&
	    strspn(p->owner_orgnr, "0123456789") == 9) {
		buf_addf(out, "<https://data.brreg.no/enhetsregisteret/api/enheter/%s>",
			 p->owner_orgnr);
	} else {
		char path[48];
		snprintf(path, sizeof path, "/org/%lld", (long long)p->owner_id);
		iri(out, base, path, NULL);
	}
}

static void agent(struct buf *out, const char *base, const struct plan *p)
{
	agent_iri(out, base, p);
	buf_adds(out, " a foaf:Agent ;\n  foaf:name ");
	literal(out, p->owner ? p->owner : "", TEXT_LANG);
	if (p->owner_orgnr && *p->owner_orgnr) {
		buf_adds(out, " ;\n  dct:identifier \"");
		dcat_literal(out, p->owner_orgnr);
		buf_addc(out, '"');
	}
	buf_adds(out, " .\n\n");
}

/* The EU file-type code of an export format, or NULL. */
static const char *file_type(const char *name)
{
	static const char *const codes[][2] = {
		{"json", "JSON"}, {"csv", "CSV"}, {"xlsx", "XLSX"}, {"pdf", "PDF"},
	};
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		if (strcmp(codes[i][0], name) == 0)
			return codes[i][1];
	return NULL;
}

static void dataset(struct buf *out, const char *base, const struct plan *p)
{
	const char *path = p->slug; /* [a-z0-9-]: plan_slug_valid */
	char plan_path[160];
	snprintf(plan_path, sizeof plan_path, "/plan/%s", path);
	const char *licence = json_licence_url(p->licence);
	if (!licence)
		licence = json_licence_url("NLOD-2.0");

	iri(out, base, plan_path, "#dataset");
	buf_adds(out, " a dcat:Dataset ;\n  dct:identifier \"");
	dcat_literal(out, base);
	dcat_literal(out, plan_path);
	buf_adds(out, "#dataset\" ;\n  dct:title ");
	literal(out, p->title, TEXT_LANG);
	buf_adds(out, " ;\n  dct:description ");
	literal(out, p->vision && *p->vision	   ? p->vision
		     : p->main_goal && *p->main_goal ? p->main_goal
						     : p->title,
		TEXT_LANG);
	if (p->owner_id) {
		buf_adds(out, " ;\n  dct:publisher ");
		agent_iri(out, base, p);
	}
	const char *issued = has_date(p->adopted_on) ? p->adopted_on : p->created_at;
	if (has_date(issued))
		buf_addf(out, " ;\n  dct:issued \"%.10s\"^^xsd:date", issued);
	if (has_date(p->updated_at)) {
		buf_adds(out, " ;\n  dct:modified ");
		timestamp(out, p->updated_at);
	}
	buf_addf(out, " ;\n  dct:license <%s>", licence);
	buf_adds(out, " ;\n  dct:accessRights <" EU "access-right/PUBLIC>");
	buf_adds(out, " ;\n  dcat:theme <" EU "data-theme/GOVE>");
	buf_adds(out, " ;\n  dct:language <" EU "language/NOR>");
	buf_adds(out, " ;\n  dcat:keyword ");
	literal(out, strcmp(p->kind, "regional") == 0 ? "regionalplan" : "handlingsplan", TEXT_LANG);
	if (p->year)
		buf_addf(out, " ;\n  dct:temporal [ a dct:PeriodOfTime ;"
			      " dcat:startDate \"%d-01-01\"^^xsd:date ;"
			      " dcat:endDate \"%d-12-31\"^^xsd:date ]",
			 p->year, p->year);
	buf_adds(out, " ;\n  dcat:landingPage ");
	iri(out, base, plan_path, NULL);
	buf_adds(out, " ;\n  dcat:distribution ");
	const struct export_format *f;
	for (size_t i = 0; (f = export_each(i)); i++) {
		char frag[24];
		snprintf(frag, sizeof frag, "#%s", f->extension);
		buf_adds(out, i ? ",\n    " : "");
		iri(out, base, plan_path, frag);
	}
	buf_adds(out, " .\n\n");

	for (size_t i = 0; (f = export_each(i)); i++) {
		char file[200];
		snprintf(file, sizeof file, "%s.%s", plan_path, f->extension);
		char frag[24];
		snprintf(frag, sizeof frag, "#%s", f->extension);
		iri(out, base, plan_path, frag);
		buf_adds(out, " a dcat:Distribution ;\n  dct:title ");
		char upper[16];
		size_t k = 0;
		for (; f->name[k] && k + 1 < sizeof upper; k++)
			upper[k] = (char)(f->name[k] >= 'a' && f->name[k] <= 'z' ? f->name[k] - 32
										 : f->name[k]);
		upper[k] = '\0';
		buf_addc(out, '"');
		dcat_literal(out, p->title);
		buf_addf(out, " (%s)\"@" TEXT_LANG, upper);
		buf_adds(out, " ;\n  dcat:accessURL ");
		iri(out, base, file, NULL);
		buf_adds(out, " ;\n  dcat:downloadURL ");
		iri(out, base, file, NULL);
		buf_addf(out, " ;\n  dcat:mediaType <http://www.iana.org/assignments/media-types/%s>",
			 f->content_type);
		const char *code = file_type(f->name);
		if (code)
			buf_addf(out, " ;\n  dct:format <" EU "file-type/%s>", code);
		if (strcmp(f->name, "json") == 0)
			buf_adds(out, " ;\n  dct:conformsTo <" JSON_SCHEMA_ID ">");
		buf_addf(out, " ;\n  dct:license <%s> .\n\n", licence);
	}
}

int dcat_catalog(const struct plan *const *plans, size_t n, const char *base_url,
		 struct buf *out, struct err *e)
{
	if (!base_url || !*base_url)
		return err_set(e, ERR_INPUT, NULL, "dcat_catalog needs a base URL");
	buf_adds(out,
		 "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
		 "@prefix dct: <http://purl.org/dc/terms/> .\n"
		 "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
		 "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n");

	/* The catalogue's publisher: the council when every plan is one
	 * council's, else this installation as an agent of its own. */
	bool one_owner = n > 0 && plans[0]->owner_id;
	for (size_t i = 1; i < n && one_owner; i++)
		one_owner = plans[i]->owner_id == plans[0]->owner_id;
	const char *newest = NULL;
	for (size_t i = 0; i < n; i++)
		if (has_date(plans[i]->updated_at) &&
		    (!newest || strcmp(plans[i]->updated_at, newest) > 0))
			newest = plans[i]->updated_at;

	iri(out, base_url, "/catalog.ttl", "#catalog");
	buf_adds(out, " a dcat:Catalog ;\n"
		      "  dct:title \"Regionale planar og handlingsplanar\"@nn ,"
		      " \"Regional plans and action plans\"@en ;\n"
		      "  dct:description \"Dei publiserte regionale planane og handlingsplanane"
		      " med tiltak, ansvar, budsjett og statusrapportar.\"@nn ,"
		      " \"The published regional plans and action plans with their measures,"
		      " responsibilities, budgets and status reports.\"@en ;\n"
		      "  dct:publisher ");
	if (one_owner)
		agent_iri(out, base_url, plans[0]);
	else
		iri(out, base_url, "/", "#publisher");
	buf_adds(out, " ;\n  dct:language <" EU "language/NOR> ;\n  foaf:homepage ");
	iri(out, base_url, "/", NULL);
	buf_adds(out, " ;\n  dct:license <https://data.norge.no/nlod/no/2.0>");
	if (newest) {
		buf_adds(out, " ;\n  dct:modified ");
		timestamp(out, newest);
	}
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, i ? ",\n    " : " ;\n  dcat:dataset ");
		char path[160];
		snprintf(path, sizeof path, "/plan/%s", plans[i]->slug);
		iri(out, base_url, path, "#dataset");
	}
	buf_adds(out, " .\n\n");

	if (!one_owner) {
		iri(out, base_url, "/", "#publisher");
		buf_adds(out, " a foaf:Agent ;\n  foaf:name \"samspel\" ;\n  foaf:homepage ");
		iri(out, base_url, "/", NULL);
		buf_adds(out, " .\n\n");
	}
	/* Each council once. */
	for (size_t i = 0; i < n; i++) {
		bool seen = !plans[i]->owner_id;
		for (size_t k = 0; k < i && !seen; k++)
			seen = plans[k]->owner_id == plans[i]->owner_id;
		if (!seen)
			agent(out, base_url, plans[i]);
	}
	for (size_t i = 0; i < n; i++)
		dataset(out, base_url, plans[i]);
	return OK;
}
