/*
 * The spreadsheet round trip of a reporting round (issue 10, part 3):
 * the sheet is downloaded from the round, filled in by another program
 * (python3-openpyxl writes the cells, as a person would in Excel or
 * LibreOffice), uploaded; the preview names every bad cell, flags a
 * measure changed since the download, stores nothing; the confirmation
 * stores the new reports in one transaction. CSV the same way; files that
 * are neither are refused.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;
static struct who sogn, nho, fjord;
static long long round_id, org_id, nho_id;
static char xlsx_path[300], filled_path[300];

static long long q(const char *sql, long long id)
{
	return test_db_int(site.db, sql, id);
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_PUBLISH);
	test_add_three(site.db);
	if (test_serve_three(&site, &sogn, &fjord, &nho) != 0)
		return -1;
	char fields[160], deadline[11];
	time_t t = time(NULL) + 30 * 86400;
	strftime(deadline, sizeof deadline, "%Y-%m-%d", gmtime(&t));
	snprintf(fields, sizeof fields, "name=1.+tertial&deadline=%s", deadline);
	struct http h;
	test_post_form(&site.srv, &h, "/plan/" SLUG "/rounds", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	round_id = q("SELECT MAX(id) FROM round", 0);
	/* The organisation with the most measures in the round. */
	org_id = q("SELECT mo.org_id FROM measure_org mo JOIN round_measure rm"
		   " ON rm.measure_id = mo.measure_id WHERE rm.round_id = :id"
		   " GROUP BY mo.org_id ORDER BY COUNT(DISTINCT mo.measure_id) DESC, mo.org_id LIMIT 1",
		   round_id);
	nho_id = q("SELECT id FROM org WHERE name = 'NHO'", 0);
	snprintf(xlsx_path, sizeof xlsx_path, "%s/sheet.xlsx", site.dir);
	snprintf(filled_path, sizeof filled_path, "%s/filled.xlsx", site.dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

static void save(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* Runs a Python program (Debian's python3 with openpyxl) on the sheets. */
static void python(const char *program)
{
	char path[320], cmd[800];
	snprintf(path, sizeof path, "%s/fill.py", site.dir);
	save(path, program, strlen(program));
	snprintf(cmd, sizeof cmd, "cd %s && /usr/bin/python3 fill.py", site.dir);
	if (system(cmd) != 0)
		fail_msg("python failed: %s", program);
}

static char *upload(const char *path, const char *name, const struct who *w, long *status)
{
	size_t n;
	char *data = test_read_file(path, &n);
	assert_non_null(data);
	char org[24];
	snprintf(org, sizeof org, "%lld", org_id);
	const char *fields[] = {"org", org, NULL};
	char url[64];
	snprintf(url, sizeof url, "/round/%lld/sheet", round_id);
	struct http h;
	test_post_file(&site.srv, &h, url, w, fields, name, data, n);
	free(data);
	*status = h.status;
	char *body = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return body;
}

/* How many measures of the organisation are in the round. */
static long long org_measures(long long org)
{
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT COUNT(DISTINCT rm.measure_id) FROM round_measure rm"
		 " JOIN measure_org mo ON mo.measure_id = rm.measure_id"
		 " WHERE rm.round_id = :id AND mo.org_id = %lld", org);
	return q(sql, round_id);
}

static void test_download(void **state)
{
	(void)state;
	char url[96];
	snprintf(url, sizeof url, "/round/%lld/sheet.xlsx?org=%lld", round_id, org_id);
	struct http h;
	test_req(&site.srv, &h, "GET", url, &sogn, NULL, NULL);
	if (h.status != 200)
		fail_msg("GET %s: %ld %s", url, h.status, h.body);
	test_assert_header(&h, "Content-Type",
			   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_memory_equal(h.body, "PK\x03\x04", 4);
	save(xlsx_path, h.body, h.len);
	test_http_free(&h);
	/* One row per measure of the organisation in the round, the state a
	 * list of the states in Nynorsk, the stamp column hidden. */
	python("import openpyxl\n"
	       "ws=openpyxl.load_workbook('sheet.xlsx').active\n"
	       "assert ws['A1'].value=='Tiltak-ID', ws['A1'].value\n"
	       "assert ws['I1'].value=='Status', ws['I1'].value\n"
	       "ids=[r[0].value for r in ws.iter_rows(min_row=2) if r[0].value is not None]\n"
	       "dv=[d for d in ws.data_validations.dataValidation if 'I2' in str(d.sqref)]\n"
	       "assert dv and 'I rute' in dv[0].formula1, dv\n"
	       "assert ws.column_dimensions['G'].hidden\n"
	       "open('count.txt','w').write(str(len(ids)))\n");
	char path[320];
	snprintf(path, sizeof path, "%s/count.txt", site.dir);
	size_t len;
	char *count = test_read_file(path, &len);
	assert_int_equal(atoll(count), org_measures(org_id));
	assert_true(atoll(count) >= 8);
	free(count);
	/* An unknown organisation is 404; none at all is 400. */
	snprintf(url, sizeof url, "/round/%lld/sheet.xlsx?org=999999", round_id);
	assert_int_equal(test_get_status(&site.srv, url, &sogn, NULL), 404);
	snprintf(url, sizeof url, "/round/%lld/sheet.xlsx", round_id);
	assert_int_equal(test_get_status(&site.srv, url, &sogn, NULL), 400);
}

/* The filled-in sheet: one good row, one of each error, one left empty,
 * a formula, and a measure that changes after the download. */
static void test_preview_and_apply(void **state)
{
	(void)state;
	python("import openpyxl\n"
	       "wb=openpyxl.load_workbook('sheet.xlsx'); ws=wb.active\n"
	       "ws['I2']='I rute'; ws['J2']=40; ws['K2']='Godt i gang'; ws['L2']=20000\n"
	       "ws['I3']='ferdig?'\n"
	       "ws['I4']='Forseinka'; ws['L4']='ca 20 000'\n"
	       "ws['I5']='I rute'; ws['J5']=140\n"
	       "ws['H7']='2099-01-01'; ws['I7']='I rute'\n"
	       "ws['I8']='I rute'; ws['L8']='=1000*2'\n"
	       "ws['I9']='Ferdig'; ws['H9']='2.5.2026'; ws['K9']='Ferdig no'\n"
	       "wb.save('filled.xlsx')\n"
	       "open('m9.txt','w').write(str(int(ws['A9'].value)))\n");
	/* Someone reports on row 9's measure after the download. */
	char path[320], url[96];
	snprintf(path, sizeof path, "%s/m9.txt", site.dir);
	size_t len;
	char *m9 = test_read_file(path, &len);
	long long measure9 = atoll(m9);
	free(m9);
	snprintf(url, sizeof url, "/measure/%lld/report", measure9);
	assert_int_equal(test_post_status(&site.srv, url, &sogn,
					  "reported_on=2026-01-10&state=on_track&text=Skjema", NULL), 303);
	long long reports = q("SELECT COUNT(*) FROM report", 0);

	long status;
	char *body = upload(filled_path, "rapport.xlsx", &sogn, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "I3: ukjend status «ferdig?»"));
	assert_non_null(strstr(body, "L4: «ca 20 000» er ikkje eit beløp"));
	assert_non_null(strstr(body, "J5: "));
	assert_non_null(strstr(body, "H7: "));
	assert_non_null(strstr(body, "L8: "));
	assert_non_null(strstr(body, "A9: "));
	assert_int_equal(test_count(body, "sheet-new"), 1);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports); /* a preview stores nothing */

	/* The confirmation stores the one good row, tagged with the round. */
	char rows[4096], fields[8192];
	test_hidden(body, "rows", rows, sizeof rows);
	free(body);
	assert_true(strlen(rows) > 10);
	size_t k = snprintf(fields, sizeof fields, "org=%lld&rows=", org_id);
	for (const char *p = rows; *p && k + 4 < sizeof fields; p++) {
		/* The attribute's entities back to characters, then URL-encoded. */
		char c = *p;
		if (strncmp(p, "&quot;", 6) == 0)
			c = '"', p += 5;
		else if (strncmp(p, "&amp;", 5) == 0)
			c = '&', p += 4;
		else if (strncmp(p, "&#39;", 5) == 0)
			c = '\'', p += 4;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			fields[k++] = c;
		else
			k += (size_t)snprintf(fields + k, sizeof fields - k, "%%%02X", (unsigned char)c);
	}
	fields[k] = '\0';
	snprintf(url, sizeof url, "/round/%lld/sheet/apply", round_id);
	/* Not for a reporter of another organisation. */
	assert_int_equal(test_post_status(&site.srv, url, &fjord, fields, NULL), 403);
	assert_int_equal(test_post_status(&site.srv, url, &sogn, fields, NULL), 303);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports + 1);
	assert_int_equal(q("SELECT COUNT(*) FROM report WHERE progress = 40 AND spent = 20000"
			   " AND text = 'Godt i gang' AND state = 'on_track' AND round_id = :id", round_id), 1);
	/* The same confirmation again: the measure has changed, nothing stored. */
	assert_int_equal(test_post_status(&site.srv, url, &sogn, fields, NULL), 409);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports + 1);
	/* A confirmation made up by hand is refused. */
	assert_int_equal(test_post_status(&site.srv, url, &sogn, "org=1&rows=%5B%7B%7D%5D", NULL), 400);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports + 1);
}

/* The same sheet saved as CSV (semicolons, as a Norwegian Excel saves it). */
static void test_csv(void **state)
{
	(void)state;
	python("import openpyxl,csv\n"
	       "ws=openpyxl.load_workbook('sheet.xlsx').active\n"
	       "rows=[[c.value if c.value is not None else '' for c in r] for r in ws.iter_rows()]\n"
	       "rows[3][8]='Forseinka'; rows[3][9]='25 %'; rows[3][11]='kr 12 500'\n"
	       "with open('filled.csv','w',newline='',encoding='utf-8') as f:\n"
	       "  csv.writer(f,delimiter=';').writerows(rows)\n");
	char path[320];
	snprintf(path, sizeof path, "%s/filled.csv", site.dir);
	long status;
	char *body = upload(path, "rapport.csv", &sogn, &status);
	assert_int_equal(status, 200);
	assert_int_equal(test_count(body, "sheet-new"), 1);
	assert_non_null(strstr(body, "25 %"));
	free(body);
}

/* The filled-in sheet saved again by LibreOffice (its own XLSX: shared
 * strings, its styles) reads the same. */
static void test_libreoffice(void **state)
{
	(void)state;
	char cmd[1600], out[320], path[400];
	snprintf(out, sizeof out, "%s/lo", site.dir);
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && HOME='%s' timeout 120 soffice -env:UserInstallation=file://%s/profile"
		 " --headless --convert-to xlsx --outdir '%s' filled.xlsx >lo.log 2>&1",
		 site.dir, site.dir, site.dir, out);
	if (system(cmd) != 0)
		fail_msg("soffice could not save the sheet again (Debian's libreoffice-calc-nogui,"
			 " installed by scripts/bootstrap --exports)");
	snprintf(path, sizeof path, "%s/filled.xlsx", out);
	long status;
	char *body = upload(path, "rapport.xlsx", &sogn, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "I3: ukjend status «ferdig?»"));
	assert_non_null(strstr(body, "L4: «ca 20 000» er ikkje eit beløp"));
	assert_non_null(strstr(body, "J5: "));
	/* Row 2 is stored already: its measure has changed since. */
	assert_non_null(strstr(body, "A2: "));
	free(body);
}

/* Neither XLSX nor CSV: refused with a reason, nothing stored. */
static void test_bad_files(void **state)
{
	(void)state;
	long long reports = q("SELECT COUNT(*) FROM report", 0);
	char path[320];
	snprintf(path, sizeof path, "%s/bad.bin", site.dir);
	save(path, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	long status;
	char *body = upload(path, "rapport.xlsx", &sogn, &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(body, "XLSX"));
	free(body);
	/* A zip that is no spreadsheet, and a damaged one. */
	python("import zipfile\n"
	       "with zipfile.ZipFile('other.zip','w') as z: z.writestr('a.txt','hei')\n"
	       "open('cut.xlsx','wb').write(open('filled.xlsx','rb').read()[:3000])\n");
	snprintf(path, sizeof path, "%s/other.zip", site.dir);
	free(upload(path, "rapport.xlsx", &sogn, &status));
	assert_int_equal(status, 400);
	snprintf(path, sizeof path, "%s/cut.xlsx", site.dir);
	free(upload(path, "rapport.xlsx", &sogn, &status));
	assert_int_equal(status, 400);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports);
	/* Not signed in (no session, so no CSRF token): refused, nothing stored. */
	snprintf(path, sizeof path, "%s/filled.xlsx", site.dir);
	free(upload(path, "rapport.xlsx", NULL, &status));
	assert_int_equal(status, 403);
	assert_int_equal(q("SELECT COUNT(*) FROM report", 0), reports);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_download),
		cmocka_unit_test(test_preview_and_apply),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_bad_files),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
