/*
 * Export tests: the CSV and the XLSX of seed 003 and of the demo plan, read
 * back with real readers and their figures compared with the JSON export's.
 *
 *  - the CSV with the strict RFC 4180 parser below (UTF-8 with a byte order
 *    mark, CRLF after every record, every record as long as the header);
 *  - the XLSX unzipped (`unzip -p`): its sheets, its strings and its
 *    formulas; and converted by LibreOffice headless (`soffice
 *    --convert-to csv`), every sheet, with the formulas recalculated on
 *    load (a canary file proves LibreOffice really recalculates: its cached
 *    result is wrong on purpose), so the totals it shows are the formulas'
 *    own, not the values samspel stored with them.
 *
 * LibreOffice (Debian's libreoffice-calc-nogui) and unzip are installed by
 * `scripts/bootstrap --exports`; when one is missing the tests fail and say
 * so.
 */
#include "session.h"

#include "base/utf8.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"
#define DRAFT "demo-draft"

static struct test_site site;
static char *profile;

static char *url(const char *path)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s%s", site.srv.base, path);
	return buf;
}

static void get(struct http *h, const char *path)
{
	test_req(&site.srv, h, "GET", path, NULL, NULL, NULL);
}

/* --- a strict RFC 4180 reader --- */

struct csv {
	char ***rows;    /* rows[r][f], NUL-terminated */
	size_t *nfields; /* per row */
	size_t nrows;
};

static void csv_free(struct csv *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		for (size_t f = 0; f < c->nfields[r]; f++)
			free(c->rows[r][f]);
		free(c->rows[r]);
	}
	free(c->rows);
	free(c->nfields);
	memset(c, 0, sizeof *c);
}

/* Parses s[0..n): fields separated by sep, records ended by CRLF (or by
 * LF alone when !crlf), every record ended, every record as many fields
 * as the first. Quoted fields may hold anything, a quote doubled; an
 * unquoted field holds no quote, CR or LF. Returns NULL, or what is wrong
 * (static). */
static const char *csv_parse(const char *s, size_t n, char sep, bool crlf, struct csv *out)
{
	static char why[200];
	memset(out, 0, sizeof *out);
	size_t i = 0, cap = 0;
	while (i < n) {
		char **fields = NULL;
		size_t nf = 0;
		for (;;) { /* one field */
			size_t fcap = 64, flen = 0;
			char *f = malloc(fcap);
			if (s[i] == '"') {
				i++;
				for (;;) {
					if (i >= n) {
						snprintf(why, sizeof why, "record %zu: quote not closed", out->nrows + 1);
						free(f);
						return why;
					}
					if (s[i] == '"') {
						if (i + 1 < n && s[i + 1] == '"') {
							i += 2;
							if (flen + 2 > fcap)
								f = realloc(f, fcap *= 2);
							f[flen++] = '"';
							continue;
						}
						i++;
						break;
					}
					if (flen + 2 > fcap)
						f = realloc(f, fcap *= 2);
					f[flen++] = s[i++];
				}
				if (i < n && s[i] != sep && s[i] != '\r' && s[i] != '\n') {
					snprintf(why, sizeof why, "record %zu: text after a closing quote", out->nrows + 1);
					free(f);
					return why;
				}
			} else {
				while (i < n && s[i] != sep && s[i] != '\r' && s[i] != '\n') {
					if (s[i] == '"') {
						snprintf(why, sizeof why, "record %zu: quote in an unquoted field", out->nrows + 1);
						free(f);
						return why;
					}
					if (flen + 2 > fcap)
						f = realloc(f, fcap *= 2);
					f[flen++] = s[i++];
				}
			}
			f[flen] = '\0';
			fields = realloc(fields, (nf + 1) * sizeof *fields);
			fields[nf++] = f;
			if (i < n && s[i] == sep) {
				i++;
				continue;
			}
			break;
		}
		if (crlf) {
			if (i + 1 >= n || s[i] != '\r' || s[i + 1] != '\n') {
				snprintf(why, sizeof why, "record %zu does not end in CRLF", out->nrows + 1);
				for (size_t k = 0; k < nf; k++)
					free(fields[k]);
				free(fields);
				return why;
			}
			i += 2;
		} else {
			if (i >= n || s[i] != '\n') {
				snprintf(why, sizeof why, "record %zu does not end in LF", out->nrows + 1);
				for (size_t k = 0; k < nf; k++)
					free(fields[k]);
				free(fields);
				return why;
			}
			i++;
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 32;
			out->rows = realloc(out->rows, cap * sizeof *out->rows);
			out->nfields = realloc(out->nfields, cap * sizeof *out->nfields);
		}
		out->rows[out->nrows] = fields;
		out->nfields[out->nrows++] = nf;
		if (nf != out->nfields[0]) {
			snprintf(why, sizeof why, "record %zu has %zu fields, the header %zu", out->nrows, nf,
				 out->nfields[0]);
			return why;
		}
	}
	return NULL;
}

static int csv_col(const struct csv *c, const char *title)
{
	for (size_t f = 0; c->nrows && f < c->nfields[0]; f++)
		if (strcmp(c->rows[0][f], title) == 0)
			return (int)f;
	return -1;
}

/* The number in a field ("" is 0); fails on anything else. */
static long long number(const char *s)
{
	if (!*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end)
		fail_msg("\"%s\" is not a whole number", s);
	return v;
}

/* --- what the JSON export says --- */

struct expect {
	const char *slug;
	json_t *json;
	long long total;
	size_t nmeasures;
	size_t nareas;
	long long area_total[16];
	size_t area_measures[16];
	const char *area_sheet[16]; /* "1 Attraktiv buregion" */
};

static struct expect seed, demo;

static void count_measures(json_t *area, size_t *n, json_t *texts)
{
	json_t *fo, *st, *m;
	size_t i, j, k;
	json_array_foreach(json_object_get(area, "focuses"), i, fo)
		json_array_foreach(json_object_get(fo, "strategies"), j, st)
			json_array_foreach(json_object_get(st, "measures"), k, m) {
				(*n)++;
				if (texts)
					json_array_append(texts, json_object_get(m, "text"));
			}
}

static int load_expect(struct expect *x, const char *slug)
{
	struct http h;
	memset(x, 0, sizeof *x);
	x->slug = slug;
	char path[200];
	snprintf(path, sizeof path, "/plan/%s.json", slug);
	if (test_http(&h, "GET", url(path), NULL, NULL, 0) != 0 || h.status != 200)
		return -1;
	json_error_t je;
	x->json = json_loadb(h.body, h.len, 0, &je);
	test_http_free(&h);
	if (!x->json)
		return -1;
	x->total = json_integer_value(json_object_get(x->json, "budget_total"));
	json_t *areas = json_object_get(x->json, "areas"), *ar;
	size_t i;
	json_array_foreach(areas, i, ar) {
		if (i >= 16)
			return -1;
		x->area_total[i] = json_integer_value(json_object_get(ar, "budget_total"));
		count_measures(ar, &x->area_measures[i], NULL);
		x->nmeasures += x->area_measures[i];
		char name[200];
		snprintf(name, sizeof name, "%s %s", json_string_value(json_object_get(ar, "number")),
			 json_string_value(json_object_get(ar, "title")));
		x->area_sheet[i] = strdup(name);
	}
	x->nareas = json_array_size(areas);
	return 0;
}

static json_t *measure_texts(const struct expect *x)
{
	json_t *texts = json_array(), *ar;
	size_t i, n = 0;
	json_array_foreach(json_object_get(x->json, "areas"), i, ar)
		count_measures(ar, &n, texts);
	return texts;
}

/* --- running programs --- */

static bool have(const char *program)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

/* The output of a shell command (NUL-terminated, malloc'd), or NULL when it
 * failed. */
static char *capture(const char *cmd, size_t *len)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 65536, n = 0;
	char *s = malloc(cap);
	size_t k;
	while ((k = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (cap - n < 4096)
			s = realloc(s, cap *= 2);
	}
	s[n] = '\0';
	if (pclose(p) != 0) {
		free(s);
		return NULL;
	}
	if (len)
		*len = n;
	return s;
}

static char *unzip_part(const char *file, const char *part)
{
	if (!have("unzip"))
		fail_msg("unzip is missing: run scripts/bootstrap --exports (Debian package unzip)");
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", file, part);
	char *s = capture(cmd, NULL);
	if (!s)
		fail_msg("unzip -p %s %s failed", file, part);
	return s;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* LibreOffice's settings for the conversions: a profile of its own (a
 * writable HOME of sorts) that recalculates every formula of an OOXML file
 * when it loads it, instead of showing the results stored in the file. */
static void lo_profile(void)
{
	char *user = test_join(profile, "user");
	mkdir(profile, 0700);
	mkdir(user, 0700);
	char *xcu = test_join(user, "registrymodifications.xcu");
	struct stat st;
	if (stat(xcu, &st) != 0) {
		const char *text =
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
			"xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
			"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
			"<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\">"
			"<prop oor:name=\"OOXMLRecalcMode\" oor:op=\"fuse\"><value>0</value></prop></item>\n"
			"</oor:items>\n";
		write_file(xcu, text, strlen(text));
	}
	free(xcu);
	free(user);
}

/* Converts every sheet of xlsx to CSV files in outdir (outdir/BASE-SHEET.csv)
 * with LibreOffice headless: ',' separated, '"' quoted, UTF-8, the values
 * (not as shown). */
static void lo_convert(const char *xlsx, const char *outdir)
{
	if (!have("soffice"))
		fail_msg("soffice is missing: LibreOffice reads the spreadsheet back; run "
			 "scripts/bootstrap --exports (Debian package libreoffice-calc-nogui)");
	lo_profile();
	mkdir(outdir, 0700);
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && HOME='%s' soffice -env:UserInstallation=file://%s --headless "
		 "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' "
		 "--outdir '%s' '%s' >'%s/soffice.log' 2>&1",
		 site.dir, profile, profile, outdir, xlsx, outdir);
	int rc = system(cmd);
	if (rc != 0) {
		char *log_path = test_join(outdir, "soffice.log");
		char *log = test_read_file(log_path, NULL);
		fail_msg("soffice --convert-to csv %s failed (%d): %s", xlsx, rc, log ? log : "");
	}
}

/* outdir/BASE-SHEET.csv parsed (LibreOffice ends records in LF). */
static void lo_sheet(const char *outdir, const char *base, const char *sheet, struct csv *c)
{
	char name[512];
	snprintf(name, sizeof name, "%s-%s.csv", base, sheet);
	char *path = test_join(outdir, name);
	size_t len;
	char *text = test_read_file(path, &len);
	if (!text)
		fail_msg("LibreOffice wrote no %s (no sheet \"%s\"?)", path, sheet);
	const char *why = csv_parse(text, len, ',', false, c);
	if (why)
		fail_msg("%s: %s", path, why);
	free(text);
	free(path);
}

/* --- setup --- */

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	profile = test_join(site.dir, "lo-profile");
	const char *draft[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--slug",
			       DRAFT, "--draft", "--copy", NULL};
	test_run_ok(site.db, NULL, draft);
	if (test_site_serve(&site, NULL) != 0)
		return -1;
	if (load_expect(&seed, SLUG) != 0 || load_expect(&demo, DEMO) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	free(profile);
	json_decref(seed.json);
	json_decref(demo.json);
	return 0;
}

/* --- CSV --- */

/* GET /plan/SLUG.csv[query], checked as RFC 4180, parsed into c. */
static void get_csv(const char *slug, const char *query, char sep, struct csv *c, char **raw,
		    size_t *raw_len)
{
	char path[300];
	snprintf(path, sizeof path, "/plan/%s.csv%s", slug, query);
	struct http h;
	get(&h, path);
	assert_int_equal(h.status, 200);
	char *type = test_http_header(&h, "Content-Type");
	assert_string_equal(type, "text/csv; charset=utf-8");
	free(type);
	/* UTF-8 with a byte order mark, valid throughout. */
	assert_true(h.len > 3);
	assert_memory_equal(h.body, "\xEF\xBB\xBF", 3);
	assert_true(utf8_valid(h.body + 3, h.len - 3));
	const char *why = csv_parse(h.body + 3, h.len - 3, sep, true, c);
	if (why)
		fail_msg("%s: %s", path, why);
	if (raw) {
		*raw = malloc(h.len);
		memcpy(*raw, h.body, h.len);
		*raw_len = h.len;
	}
	test_http_free(&h);
}

/* The rows agree with the JSON: one per measure, in order, the same texts,
 * the budget in all summing to the plan's and each area's total. */
static void check_csv_figures(const struct csv *c, const struct expect *x)
{
	assert_int_equal(c->nrows - 1, x->nmeasures);
	int id = csv_col(c, "Tiltak-ID"), no = csv_col(c, "Nr."), total = csv_col(c, "Budsjett i alt"),
	    text = csv_col(c, "Tiltak"), state = csv_col(c, "Status");
	assert_int_equal(id, 0);
	assert_true(no > 0 && total > 0 && text > 0 && state > 0);
	json_t *texts = measure_texts(x);
	long long sum = 0, per_area[16] = {0};
	for (size_t r = 1; r < c->nrows; r++) {
		long long v = number(c->rows[r][total]);
		sum += v;
		long long a = number(c->rows[r][no]);
		assert_true(a >= 1 && a <= (long long)x->nareas);
		per_area[a - 1] += v;
		assert_true(number(c->rows[r][id]) > 0);
		/* The text byte for byte, æøå and line breaks intact. */
		assert_string_equal(c->rows[r][text], json_string_value(json_array_get(texts, r - 1)));
		assert_string_equal(c->rows[r][state], "Ingen rapport");
	}
	json_decref(texts);
	assert_int_equal(sum, x->total);
	for (size_t a = 0; a < x->nareas; a++)
		assert_int_equal(per_area[a], x->area_total[a]);
}

static void test_csv_seed(void **state)
{
	(void)state;
	struct csv c;
	get_csv(SLUG, "", ';', &c, NULL, NULL);
	assert_int_equal(c.nrows, 17); /* the header and 16 measures */
	check_csv_figures(&c, &seed);
	assert_int_equal(seed.total, 3025000);
	const long long areas[] = {100000, 2450000, 375000, 100000};
	for (size_t a = 0; a < 4; a++)
		assert_int_equal(seed.area_total[a], areas[a]);
	/* The budget per year sums to the same, and the plan's own words
	 * come along: æøå, the organisations, the period parsed. */
	int y22 = csv_col(&c, "Budsjett 2022"), y23 = csv_col(&c, "Budsjett 2023"),
	    resp = csv_col(&c, "Ansvar"), from = csv_col(&c, "Frå (månad)"),
	    written = csv_col(&c, "Budsjett slik det står i planen");
	assert_true(y22 > 0 && y23 > 0 && resp > 0 && from > 0 && written > 0);
	long long s22 = 0, s23 = 0;
	for (size_t r = 1; r < c.nrows; r++) {
		s22 += number(c.rows[r][y22]);
		s23 += number(c.rows[r][y23]);
	}
	assert_int_equal(s22, 100000);
	assert_int_equal(s23, 2925000);
	assert_string_equal(c.rows[1][csv_col(&c, "Innsatsområde")], "Attraktiv buregion");
	assert_string_equal(c.rows[1][resp], "Sogn regionråd");
	assert_string_equal(c.rows[1][csv_col(&c, "Deltaking")], "Sogn regionråd (medlemane)");
	assert_string_equal(c.rows[1][from], "2023-01");
	assert_string_equal(c.rows[1][written], "0,1 mill");
	assert_string_equal(c.rows[9][written], "2,4 mill");
	assert_string_equal(c.rows[5][written], "-"); /* no amount: kept, not a formula */
	bool found = false;
	for (size_t r = 1; r < c.nrows; r++)
		found |= strstr(c.rows[r][csv_col(&c, "Tiltak")], "Følgja opp og sikra") != NULL;
	assert_true(found);
	csv_free(&c);
}

static void test_csv_comma(void **state)
{
	(void)state;
	struct csv semi, comma;
	char *raw;
	size_t len;
	get_csv(SLUG, "?sep=,", ',', &comma, &raw, &len);
	get_csv(SLUG, "", ';', &semi, NULL, NULL);
	/* The header names fields with ',' now; the same cells either way. */
	assert_non_null(memmem(raw, len, "Tiltak-ID,Nr.,", 14));
	assert_int_equal(comma.nrows, semi.nrows);
	for (size_t r = 0; r < semi.nrows; r++) {
		assert_int_equal(comma.nfields[r], semi.nfields[r]);
		for (size_t f = 0; f < semi.nfields[r]; f++)
			assert_string_equal(comma.rows[r][f], semi.rows[r][f]);
	}
	/* A text with a comma in it is quoted now. */
	assert_non_null(memmem(raw, len, "\"Sogn regionråd, styringsgruppa Sogn for alle\"",
			       strlen("\"Sogn regionråd, styringsgruppa Sogn for alle\"")));
	free(raw);
	csv_free(&semi);
	csv_free(&comma);
}

static void test_csv_demo(void **state)
{
	(void)state;
	struct csv c;
	get_csv(DEMO, "", ';', &c, NULL, NULL);
	check_csv_figures(&c, &demo);
	assert_true(demo.total > 0);
	csv_free(&c);
}

static void test_csv_english(void **state)
{
	(void)state;
	struct csv c;
	get_csv(SLUG, "?lang=en", ';', &c, NULL, NULL);
	assert_string_equal(c.rows[0][0], "Measure id");
	assert_true(csv_col(&c, "Budget in all") > 0);
	assert_true(csv_col(&c, "Budget 2023") > 0);
	assert_string_equal(c.rows[1][csv_col(&c, "State")], "No report");
	csv_free(&c);
}

/* The command line writes the very bytes the web serves. */
static void test_csv_cli(void **state)
{
	(void)state;
	struct csv c;
	char *raw;
	size_t len;
	get_csv(SLUG, "", ';', &c, &raw, &len);
	csv_free(&c);
	char *out = test_join(site.dir, "cli.csv");
	struct run r;
	test_run(&r, NULL, "export", SLUG, "--db", site.db, "--format", "csv", "--output", out, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	size_t flen;
	char *file = test_read_file(out, &flen);
	assert_non_null(file);
	assert_int_equal(flen, len);
	assert_memory_equal(file, raw, len);
	free(file);
	free(raw);
	free(out);
}

/* Drafts stay hidden in every format. */
static void test_draft_hidden(void **state)
{
	(void)state;
	const char *paths[] = {"/plan/" DRAFT ".csv", "/plan/" DRAFT ".xlsx"};
	for (size_t i = 0; i < 2; i++) {
		struct http h;
		get(&h, paths[i]);
		assert_int_equal(h.status, 404);
		assert_null(memmem(h.body, h.len, "Fjordheim", 9));
		test_http_free(&h);
	}
}

/* --- XLSX --- */

/* GET /plan/SLUG.xlsx into site.dir/NAME.xlsx; returns the path (malloc'd). */
static char *get_xlsx(const char *slug, const char *name)
{
	char path[300];
	snprintf(path, sizeof path, "/plan/%s.xlsx", slug);
	struct http h;
	get(&h, path);
	assert_int_equal(h.status, 200);
	char *type = test_http_header(&h, "Content-Type");
	assert_string_equal(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	free(type);
	assert_true(h.len > 1000);
	assert_memory_equal(h.body, "PK\x03\x04", 4);
	char file[300];
	snprintf(file, sizeof file, "%s.xlsx", name);
	char *out = test_join(site.dir, file);
	write_file(out, h.body, h.len);
	test_http_free(&h);
	return out;
}

/* s with &, <, > and " as XML writes them. */
static char *xml_escape(const char *s)
{
	size_t n = strlen(s);
	char *o = malloc(n * 6 + 1), *p = o;
	for (; *s; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
			      : *s == '"' ? "&quot;" : NULL;
		if (e) {
			strcpy(p, e);
			p += strlen(e);
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return o;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_xlsx_parts(void **state)
{
	(void)state;
	char *file = get_xlsx(SLUG, "seed");
	/* The sheets: the budget, all measures, one per area. */
	char *wb = unzip_part(file, "xl/workbook.xml");
	const char *sheets[] = {"name=\"Budsjett\"", "name=\"Alle tiltak\"",
				"name=\"1 Attraktiv buregion\"", "name=\"2 Kompetanse\"",
				"name=\"3 Næringsutvikling\"", "name=\"4 Samferdsle\""};
	const char *at = wb;
	for (size_t i = 0; i < 6; i++) {
		const char *p = strstr(at, sheets[i]);
		if (!p)
			fail_msg("workbook.xml: no %s in order: %s", sheets[i], wb);
		at = p;
	}
	/* The header row of all measures is frozen and filtered. */
	free(wb);
	char *all = unzip_part(file, "xl/worksheets/sheet2.xml");
	assert_non_null(strstr(all, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
	assert_non_null(strstr(all, "<autoFilter ref=\"A1:"));
	free(all);
	/* Every measure's text is there, æøå and all. */
	char *strings = unzip_part(file, "xl/sharedStrings.xml");
	json_t *texts = measure_texts(&seed);
	for (size_t i = 0; i < json_array_size(texts); i++) {
		char *t = xml_escape(json_string_value(json_array_get(texts, i)));
		if (!strstr(strings, t))
			fail_msg("sharedStrings.xml lacks the measure text \"%s\"", t);
		free(t);
	}
	json_decref(texts);
	assert_non_null(strstr(strings, "Næringsutvikling"));
	free(strings);
	/* The summary: per area a COUNTIF and a SUMIF per budget column over
	 * the sheet of all measures, and SUMs of those in all. */
	char *sum = unzip_part(file, "xl/worksheets/sheet1.xml");
	assert_int_equal(count(sum, "<f>COUNTIF('Alle tiltak'!$B:$B,$A"), 4);
	assert_int_equal(count(sum, "<f>SUMIF('Alle tiltak'!$B:$B,$A"), 4 * 3);
	assert_int_equal(count(sum, "<f>SUM("), 4);
	/* The plan's total as the cached result of the last SUM. */
	assert_non_null(strstr(sum, ")</f><v>3025000</v>"));
	free(sum);
	/* Each area sheet sums its budget column. */
	char *area2 = unzip_part(file, "xl/worksheets/sheet4.xml");
	assert_non_null(strstr(area2, "<f>SUM(G"));
	assert_non_null(strstr(area2, "<v>2450000</v>"));
	free(area2);
	free(file);
}

/* LibreOffice recalculates on load with our profile: a file whose cached
 * result is wrong comes out right. Without this, the conversions below
 * could show samspel's stored results instead of the formulas'. */
static void test_libreoffice_recalculates(void **state)
{
	(void)state;
	char *file = test_join(site.dir, "canary.xlsx");
	lxw_workbook *wb = workbook_new(file);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Canary");
	worksheet_write_number(ws, 0, 0, 40, NULL);
	worksheet_write_formula_num(ws, 0, 1, "=A1+2", NULL, 7);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	char *out = test_join(site.dir, "lo-canary");
	lo_convert(file, out);
	struct csv c;
	lo_sheet(out, "canary", "Canary", &c);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0][1], "42");
	csv_free(&c);
	free(out);
	free(file);
}

/* The row whose field col is label, or -1. */
static int find_row(const struct csv *c, int col, const char *label)
{
	for (size_t r = 0; r < c->nrows; r++)
		if ((size_t)col < c->nfields[r] && strcmp(c->rows[r][col], label) == 0)
			return (int)r;
	return -1;
}

static void check_libreoffice(const struct expect *x, const char *name)
{
	char *file = get_xlsx(x->slug, name);
	char sub[100];
	snprintf(sub, sizeof sub, "lo-%s", name);
	char *out = test_join(site.dir, sub);
	lo_convert(file, out);

	/* The summary: per area its number, measures and budget in all; the
	 * row in all; the year columns adding up to the same. */
	struct csv c;
	lo_sheet(out, name, "Budsjett", &c);
	int header = find_row(&c, 0, "Nr.");
	assert_true(header > 0);
	int in_all = -1;
	for (size_t f = 0; f < c.nfields[header]; f++)
		if (strcmp(c.rows[header][f], "I alt") == 0)
			in_all = (int)f;
	assert_true(in_all > 3);
	for (size_t a = 0; a < x->nareas; a++) {
		char **row = c.rows[header + 1 + a];
		assert_int_equal(number(row[0]), (long long)a + 1);
		assert_int_equal(number(row[2]), (long long)x->area_measures[a]);
		assert_int_equal(number(row[in_all]), x->area_total[a]);
		long long years = 0;
		for (int f = 3; f < in_all; f++)
			years += number(row[f]);
		assert_int_equal(years, x->area_total[a]);
	}
	int total = find_row(&c, 1, "I alt");
	assert_int_equal(total, header + 1 + (int)x->nareas);
	assert_int_equal(number(c.rows[total][2]), (long long)x->nmeasures);
	assert_int_equal(number(c.rows[total][in_all]), x->total);
	long long years = 0;
	for (int f = 3; f < in_all; f++)
		years += number(c.rows[total][f]);
	assert_int_equal(years, x->total);
	csv_free(&c);

	/* All measures: one row each, the budget in all summing to the plan's. */
	lo_sheet(out, name, "Alle tiltak", &c);
	assert_int_equal(c.nrows, x->nmeasures + 1);
	int budget = csv_col(&c, "Budsjett i alt"), id = csv_col(&c, "Tiltak-ID");
	assert_int_equal(id, 0);
	assert_true(budget > 0);
	long long sum = 0;
	for (size_t r = 1; r < c.nrows; r++) {
		sum += number(c.rows[r][budget]);
		assert_true(number(c.rows[r][id]) > 0);
	}
	assert_int_equal(sum, x->total);
	csv_free(&c);

	/* Each area's sheet: its SUM row gives the area's total. */
	for (size_t a = 0; a < x->nareas; a++) {
		lo_sheet(out, name, x->area_sheet[a], &c);
		char label[100];
		snprintf(label, sizeof label, "Budsjett for innsatsområde %zu", a + 1);
		int r = find_row(&c, 0, label);
		if (r < 0)
			fail_msg("sheet %s has no row \"%s\"", x->area_sheet[a], label);
		assert_int_equal(number(c.rows[r][6]), x->area_total[a]);
		csv_free(&c);
	}
	free(out);
	free(file);
}

static void test_xlsx_libreoffice_seed(void **state)
{
	(void)state;
	assert_int_equal(seed.total, 3025000);
	check_libreoffice(&seed, "seed-lo");
}

static void test_xlsx_libreoffice_demo(void **state)
{
	(void)state;
	check_libreoffice(&demo, "demo-lo");
}

/* The command line writes the same file as the web, byte for byte (the
 * file's dates are the plan's last change, not the hour of the export). */
static void test_xlsx_cli(void **state)
{
	(void)state;
	char *web = get_xlsx(SLUG, "web");
	char *cli = test_join(site.dir, "cli.xlsx");
	struct run r;
	test_run(&r, NULL, "export", SLUG, "--db", site.db, "--format", "xlsx", "--output", cli, NULL);
	assert_int_equal(r.status, 0);
	test_run_free(&r);
	size_t a, b;
	char *x = test_read_file(web, &a), *y = test_read_file(cli, &b);
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(a, b);
	assert_memory_equal(x, y, a);
	free(x);
	free(y);
	free(web);
	free(cli);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_seed),
		cmocka_unit_test(test_csv_comma),
		cmocka_unit_test(test_csv_demo),
		cmocka_unit_test(test_csv_english),
		cmocka_unit_test(test_csv_cli),
		cmocka_unit_test(test_draft_hidden),
		cmocka_unit_test(test_xlsx_parts),
		cmocka_unit_test(test_libreoffice_recalculates),
		cmocka_unit_test(test_xlsx_libreoffice_seed),
		cmocka_unit_test(test_xlsx_libreoffice_demo),
		cmocka_unit_test(test_xlsx_cli),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
