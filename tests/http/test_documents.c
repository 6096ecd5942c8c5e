/*
 * Document tests: files attached to a measure or an organisation through
 * the multipart upload form (POST /documents/KIND/ID), downloaded as an
 * attachment (GET /document/ID/NAME) and deleted, against a real server
 * started with a small --upload-limit: the type is read from the content
 * (a PNG called x.pdf is a PNG, text called a.pdf is refused), the bytes
 * are stored once by their SHA-256, a file over the limit is 413 and
 * stores nothing, a name with a path keeps only its last part, and the
 * owner's permissions and the CSRF token hold for uploads too.
 */
#include "session.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define LIMIT 32768
#define LIMIT_TEXT "32768"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define BOUNDARY "----samspel-test-7f3a"

static struct test_site site;
static struct who sogn, fjord, rep;
static char store[512];
static long long measure, draft_measure, council;

/* --- files --- */

/* A small valid PDF (one empty page, a correct cross-reference table)
 * into out; its length. */
static size_t make_pdf(char *out, size_t size, const char *note)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
	};
	size_t n = (size_t)snprintf(out, size, "%%PDF-1.4\n%% %s\n", note);
	long offsets[3];
	for (int i = 0; i < 3; i++) {
		offsets[i] = (long)n;
		n += (size_t)snprintf(out + n, size - n, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	long xref = (long)n;
	n += (size_t)snprintf(out + n, size - n, "xref\n0 4\n0000000000 65535 f \n");
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(out + n, size - n, "%010ld 00000 n \n", offsets[i]);
	n += (size_t)snprintf(out + n, size - n,
			      "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
	return n;
}

/* A 1x1 PNG. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
	0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00,
	0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* Files in the store's content folders (not its tmp). */
static int stored_files(void)
{
	int n = 0;
	DIR *top = opendir(store);
	struct dirent *a;
	while (top && (a = readdir(top))) {
		if (a->d_name[0] == '.' || strcmp(a->d_name, "tmp") == 0)
			continue;
		char sub[1024];
		snprintf(sub, sizeof sub, "%s/%s", store, a->d_name);
		DIR *d = opendir(sub);
		struct dirent *f;
		while (d && (f = readdir(d)))
			n += f->d_name[0] != '.';
		if (d)
			closedir(d);
	}
	if (top)
		closedir(top);
	return n;
}

/* Files left in the store's tmp folder. */
static int temp_files(void)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s/tmp", store);
	int n = 0;
	DIR *d = opendir(tmp);
	struct dirent *f;
	while (d && (f = readdir(d)))
		n += f->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static long long rows(void)
{
	return test_db_int(site.db, "SELECT COUNT(*) FROM document", 0);
}

/* --- requests --- */

/* Uploads data as the form's file called filename (with title when not
 * NULL, w's CSRF token when csrf) to path as w (NULL: the public). The
 * status; the answer into *h (freed by the caller) when h is not NULL. */
static long upload_to(const char *path, const struct who *w, bool csrf, const char *filename,
		      const void *data, size_t len, const char *title, struct http *h)
{
	size_t cap = len + 4096, n = 0;
	char *body = malloc(cap);
	if (csrf)
		n += (size_t)snprintf(body + n, cap - n,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
				      w ? w->csrf : "");
	if (title)
		n += (size_t)snprintf(body + n, cap - n,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n%s\r\n",
				      title);
	n += (size_t)snprintf(body + n, cap - n,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
			      "Content-Type: application/octet-stream\r\n\r\n",
			      filename);
	memcpy(body + n, data, len);
	n += len;
	n += (size_t)snprintf(body + n, cap - n, "\r\n--" BOUNDARY "--\r\n");
	char url[256], cookie[300];
	const char *headers[3] = {"Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL, NULL};
	if (w && w->cookie[0]) {
		snprintf(cookie, sizeof cookie, "Cookie: %s", w->cookie);
		headers[1] = cookie;
	}
	snprintf(url, sizeof url, "%s%s", site.srv.base, path);
	struct http local;
	struct http *r = h ? h : &local;
	if (test_http(r, "POST", url, headers, body, n) != 0)
		fail_msg("POST %s: no answer", path);
	free(body);
	long status = r->status;
	if (!h)
		test_http_free(r);
	return status;
}

/* The same to measure id as w, with its CSRF token. */
static long upload(long long id, const struct who *w, const char *filename, const void *data,
		   size_t len, struct http *h)
{
	char path[64];
	snprintf(path, sizeof path, "/documents/measure/%lld", id);
	return upload_to(path, w, true, filename, data, len, NULL, h);
}

static long long newest_document(void)
{
	return test_db_int(site.db, "SELECT MAX(id) FROM document", 0);
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(site.db, "rep", "reporter", "Sogn regionråd");
	const char *args[] = {"--upload-limit", LIMIT_TEXT, NULL};
	if (test_site_serve(&site, args) != 0)
		return -1;
	snprintf(store, sizeof store, "%s/documents", site.dir);
	measure = test_db_int(site.db, "SELECT MIN(m.id) FROM measure m JOIN plan p ON p.id = m.plan_id"
				       " WHERE p.published = 1", 0);
	draft_measure = test_db_int(site.db, "SELECT MIN(m.id) FROM measure m JOIN plan p"
					     " ON p.id = m.plan_id WHERE p.published = 0", 0);
	council = test_db_int_by(site.db, "SELECT id FROM org WHERE name = :text", 0, "Sogn regionråd");
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "fjord", &fjord);
	test_sign_in(&site.srv, "rep", &rep);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* An editor attaches a PDF: 303 back to the measure, a row, the file in
 * the store under its SHA-256, and a download with the same bytes, as an
 * attachment that no browser sniffs. */
static void test_pdf_upload_and_download(void **state)
{
	(void)state;
	char pdf[2048], sha[65], expect[128], path[1024];
	size_t len = make_pdf(pdf, sizeof pdf, "first");
	sha256_hex(pdf, len, sha);
	struct http h;
	assert_int_equal(upload(measure, &sogn, "Prosjektplan.pdf", pdf, len, &h), 303);
	snprintf(expect, sizeof expect, "/measure/%lld#documents", measure);
	test_assert_header(&h, "Location", expect);
	test_http_free(&h);
	long long id = newest_document();
	char text[128];
	test_db_text(site.db, "SELECT name || '|' || media_type || '|' || size || '|' || owner_kind"
			      " || '|' || uploaded_by FROM document WHERE id = :id", id, text, sizeof text);
	snprintf(expect, sizeof expect, "Prosjektplan.pdf|application/pdf|%zu|measure|sogn", len);
	assert_string_equal(text, expect);
	test_db_text(site.db, "SELECT sha256 FROM document WHERE id = :id", id, text, sizeof text);
	assert_string_equal(text, sha);
	snprintf(path, sizeof path, "%s/%.2s/%s", store, sha, sha + 2);
	size_t stored_len;
	char *stored = test_read_file(path, &stored_len);
	assert_non_null(stored);
	assert_int_equal(stored_len, len);
	assert_memory_equal(stored, pdf, len);
	free(stored);
	assert_int_equal(temp_files(), 0);

	/* The public reads it: the same bytes, as an attachment. */
	snprintf(path, sizeof path, "/document/%lld/Prosjektplan.pdf", id);
	test_req(&site.srv, &h, "GET", path, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_int_equal(h.len, len);
	assert_memory_equal(h.body, pdf, len);
	test_assert_header(&h, "Content-Type", "application/pdf");
	test_assert_header(&h, "Content-Disposition",
			   "attachment; filename=\"Prosjektplan.pdf\"; filename*=UTF-8''Prosjektplan.pdf");
	test_assert_header(&h, "X-Content-Type-Options", "nosniff");
	snprintf(expect, sizeof expect, "\"%s\"", sha);
	test_assert_header(&h, "ETag", expect);
	test_http_free(&h);
	/* Asked again with its ETag: 304, no body. */
	char inm[128];
	snprintf(inm, sizeof inm, "If-None-Match: \"%s\"", sha);
	const char *extra[] = {inm, NULL};
	test_req(&site.srv, &h, "GET", path, NULL, NULL, extra);
	assert_int_equal(h.status, 304);
	test_http_free(&h);
	/* Another name in the address is not it. */
	snprintf(path, sizeof path, "/document/%lld/other.pdf", id);
	assert_int_equal(test_get_status(&site.srv, path, NULL, NULL), 404);

	/* The measure's page lists it; the editor gets the form. */
	snprintf(path, sizeof path, "/measure/%lld", measure);
	char *page = test_get_ok(&site.srv, path, NULL);
	snprintf(expect, sizeof expect, "href=\"/document/%lld/Prosjektplan.pdf\"", id);
	assert_non_null(strstr(page, expect));
	assert_null(strstr(page, "enctype=\"multipart/form-data\""));
	free(page);
	page = test_get_ok(&site.srv, path, &sogn);
	assert_non_null(strstr(page, "enctype=\"multipart/form-data\""));
	assert_non_null(strstr(page, "name=\"file\" type=\"file\" required"));
	free(page);
}

/* The same bytes twice: two rows, one stored file; the file stays until
 * the last row using it is deleted. */
static void test_same_bytes_stored_once(void **state)
{
	(void)state;
	char pdf[2048], path[128];
	size_t len = make_pdf(pdf, sizeof pdf, "twice");
	int files = stored_files();
	long long before = rows();
	assert_int_equal(upload(measure, &sogn, "a.pdf", pdf, len, NULL), 303);
	long long first = newest_document();
	assert_int_equal(upload(measure, &sogn, "b.pdf", pdf, len, NULL), 303);
	long long second = newest_document();
	assert_int_equal(rows(), before + 2);
	assert_int_equal(stored_files(), files + 1);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(DISTINCT sha256) FROM document"
					      " WHERE id IN (:id, :id - 1)", second), 1);

	snprintf(path, sizeof path, "/document/%lld/delete", first);
	assert_int_equal(test_post_status(&site.srv, path, &sogn, "", NULL), 303);
	assert_int_equal(stored_files(), files + 1);
	snprintf(path, sizeof path, "/document/%lld/b.pdf", second);
	assert_int_equal(test_get_status(&site.srv, path, NULL, NULL), 200);
	snprintf(path, sizeof path, "/document/%lld/delete", second);
	assert_int_equal(test_post_status(&site.srv, path, &sogn, "", NULL), 303);
	assert_int_equal(stored_files(), files);
	assert_int_equal(rows(), before);
	/* The history has both. */
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM audit WHERE entity = 'document'"
					      " AND entity_id = :id", second), 2);
}

/* The type comes from the content: a PNG called x.pdf is a PNG. */
static void test_type_by_content(void **state)
{
	(void)state;
	assert_int_equal(upload(measure, &sogn, "x.pdf", png, sizeof png, NULL), 303);
	char text[64], path[128];
	long long id = newest_document();
	test_db_text(site.db, "SELECT media_type FROM document WHERE id = :id", id, text, sizeof text);
	assert_string_equal(text, "image/png");
	struct http h;
	snprintf(path, sizeof path, "/document/%lld/x.pdf", id);
	test_req(&site.srv, &h, "GET", path, NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	test_assert_header(&h, "Content-Type", "image/png");
	test_http_free(&h);
}

/* A real spreadsheet (the plan's own export, written by libxlsxwriter)
 * is an XLSX. */
static void test_real_xlsx(void **state)
{
	(void)state;
	struct http h;
	test_req(&site.srv, &h, "GET", "/plan/" SLUG ".xlsx", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_true(h.len > 1000 && h.len < LIMIT);
	assert_int_equal(upload(measure, &sogn, "budsjett.xlsx", h.body, h.len, NULL), 303);
	test_http_free(&h);
	char text[128];
	test_db_text(site.db, "SELECT media_type FROM document WHERE id = :id", newest_document(),
		     text, sizeof text);
	assert_string_equal(text, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

/* Text called a.pdf: refused with a message naming the allowed types;
 * nothing stored. */
static void test_wrong_type_refused(void **state)
{
	(void)state;
	static const char text[] = "Dette er berre tekst, ikkje ein PDF.\n";
	long long before = rows();
	int files = stored_files();
	struct http h;
	long status = upload(measure, &sogn, "a.pdf", text, sizeof text - 1, &h);
	assert_int_equal(status, 400);
	assert_non_null(strstr(h.body, "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG"));
	test_http_free(&h);
	assert_int_equal(rows(), before);
	assert_int_equal(stored_files(), files);
	assert_int_equal(temp_files(), 0);
}

/* A file over --upload-limit: 413 with a page that says so; nothing
 * stored, no temp file left. */
static void test_too_big(void **state)
{
	(void)state;
	char *big = malloc(LIMIT + 100);
	size_t len = make_pdf(big, LIMIT + 100, "big");
	memset(big + len, ' ', LIMIT + 100 - len);
	long long before = rows();
	int files = stored_files();
	struct http h;
	assert_int_equal(upload(measure, &sogn, "big.pdf", big, LIMIT + 100, &h), 413);
	assert_non_null(strstr(h.body, "32 kB"));
	test_http_free(&h);
	free(big);
	assert_int_equal(rows(), before);
	assert_int_equal(stored_files(), files);
	assert_int_equal(temp_files(), 0);

	/* One announced far beyond it is refused before its body is read. */
	char url[128];
	snprintf(url, sizeof url, "%s/documents/measure/%lld", site.srv.base, measure);
	const char *headers[] = {"Content-Type: multipart/form-data; boundary=" BOUNDARY,
				 "Content-Length: 10000000", NULL};
	assert_int_equal(test_http(&h, "POST", url, headers, "", 0), 0);
	assert_int_equal(h.status, 413);
	test_http_free(&h);
	assert_int_equal(rows(), before);
}

/* A name with a path keeps only its last part; nothing is written
 * outside the store. */
static void test_path_in_name(void **state)
{
	(void)state;
	char pdf[2048], text[64];
	size_t len = make_pdf(pdf, sizeof pdf, "path");
	assert_int_equal(upload(measure, &sogn, "../x.pdf", pdf, len, NULL), 303);
	test_db_text(site.db, "SELECT name FROM document WHERE id = :id", newest_document(), text,
		     sizeof text);
	assert_string_equal(text, "x.pdf");
	char *outside = test_join(site.dir, "x.pdf");
	assert_false(exists(outside));
	free(outside);
	char *tmp = test_join(store, "x.pdf");
	assert_false(exists(tmp));
	free(tmp);
	assert_int_equal(upload(measure, &sogn, "..\\..\\evil\x01name.pdf", pdf, len, NULL), 303);
	test_db_text(site.db, "SELECT name FROM document WHERE id = :id", newest_document(), text,
		     sizeof text);
	assert_string_equal(text, "evilname.pdf");
}

/* The public and a reporter may not attach; without the CSRF token no
 * one may. Nothing stored. */
static void test_who_may_upload(void **state)
{
	(void)state;
	char pdf[2048];
	size_t len = make_pdf(pdf, sizeof pdf, "denied");
	long long before = rows();
	int files = stored_files();
	assert_int_equal(upload(measure, NULL, "a.pdf", pdf, len, NULL), 403);
	assert_int_equal(upload(measure, &rep, "a.pdf", pdf, len, NULL), 403);
	/* An editor of another council. */
	assert_int_equal(upload(measure, &fjord, "a.pdf", pdf, len, NULL), 403);
	char path[64];
	snprintf(path, sizeof path, "/documents/measure/%lld", measure);
	assert_int_equal(upload_to(path, &sogn, false, "a.pdf", pdf, len, NULL, NULL), 403);
	/* An object that is not there, or of a kind that takes none. */
	assert_int_equal(upload_to("/documents/measure/999999", &sogn, true, "a.pdf", pdf, len,
				   NULL, NULL), 404);
	assert_int_equal(upload_to("/documents/report/1", &sogn, true, "a.pdf", pdf, len, NULL,
				   NULL), 404);
	assert_int_equal(rows(), before);
	assert_int_equal(stored_files(), files);
	assert_int_equal(temp_files(), 0);
	/* A reporter may not delete either. */
	assert_int_equal(upload(measure, &sogn, "keep.pdf", pdf, len, NULL), 303);
	snprintf(path, sizeof path, "/document/%lld/delete", newest_document());
	assert_int_equal(test_post_status(&site.srv, path, &rep, "", NULL), 403);
	assert_int_equal(rows(), before + 1);
}

/* A draft plan's documents are not there for the public. */
static void test_draft_hidden(void **state)
{
	(void)state;
	char pdf[2048], path[128];
	size_t len = make_pdf(pdf, sizeof pdf, "draft");
	assert_int_equal(upload(draft_measure, &fjord, "utkast.pdf", pdf, len, NULL), 303);
	snprintf(path, sizeof path, "/document/%lld/utkast.pdf", newest_document());
	assert_int_equal(test_get_status(&site.srv, path, NULL, NULL), 404);
	assert_int_equal(test_get_status(&site.srv, path, &sogn, NULL), 404);
	struct http h;
	test_req(&site.srv, &h, "GET", path, &fjord, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *cc = test_http_header(&h, "Cache-Control");
	assert_non_null(cc);
	assert_non_null(strstr(cc, "private"));
	free(cc);
	test_http_free(&h);
}

/* An organisation's documents: its editors attach, its page lists them. */
static void test_org_documents(void **state)
{
	(void)state;
	char pdf[2048], path[128], expect[128];
	size_t len = make_pdf(pdf, sizeof pdf, "org");
	snprintf(path, sizeof path, "/documents/org/%lld", council);
	struct http h;
	assert_int_equal(upload_to(path, &sogn, true, "Referat.pdf", pdf, len, "Referat 10.2.2026", &h),
			 303);
	snprintf(expect, sizeof expect, "/org/%lld#documents", council);
	test_assert_header(&h, "Location", expect);
	test_http_free(&h);
	assert_int_equal(upload_to(path, &fjord, true, "a.pdf", pdf, len, NULL, NULL), 403);
	snprintf(path, sizeof path, "/org/%lld", council);
	char *page = test_get_ok(&site.srv, path, NULL);
	assert_non_null(strstr(page, "Referat 10.2.2026"));
	free(page);
}

/* A document goes with its owner: deleting the measure (the newest, whose
 * id SQLite would give again) leaves no row behind for a new one. */
static void test_gone_with_owner(void **state)
{
	(void)state;
	char pdf[2048], path[128], fields[64];
	size_t len = make_pdf(pdf, sizeof pdf, "owner gone");
	long long last = test_db_int(site.db, "SELECT MAX(m.id) FROM measure m JOIN plan p"
					      " ON p.id = m.plan_id WHERE p.published = 1", 0);
	assert_int_equal(upload(last, &sogn, "borte.pdf", pdf, len, NULL), 303);
	const char *count = "SELECT COUNT(*) FROM document WHERE owner_kind = 'measure' AND owner_id = :id";
	assert_int_equal(test_db_int(site.db, count, last), 1);
	snprintf(path, sizeof path, "/measure/%lld/delete", last);
	snprintf(fields, sizeof fields, "version=%lld",
		 test_db_int(site.db, "SELECT version FROM measure WHERE id = :id", last));
	assert_int_equal(test_post_status(&site.srv, path, &sogn, fields, NULL), 303);
	assert_int_equal(test_db_int(site.db, count, last), 0);
}

/* The server, stopped, said nothing of leaks or undefined behaviour:
 * every upload's temp file and post processor was freed. */
static void test_server_clean(void **state)
{
	(void)state;
	kill(site.srv.pid, SIGTERM);
	int status;
	waitpid(site.srv.pid, &status, 0);
	site.srv.pid = 0;
	/* It stopped of itself, and well (LeakSanitizer would make it 1). */
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	char *log = test_server_log(&site.srv);
	if (strstr(log, "Sanitizer") || strstr(log, "runtime error"))
		fail_msg("the server reported: %.2000s", strstr(log, "Sanitizer") ? strstr(log, "Sanitizer") : log);
	free(log);
	assert_int_equal(temp_files(), 0);
}

/* A project's documents (a record of model/record.h): its council's
 * editors attach them, the page lists them, they go with the project. */
static void test_project_documents(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *file = test_join(dir, "project.json");
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("{\"type\": \"project\", \"title\": \"Sogn for alle\", \"council\": \"Sogn regionråd\"}", f);
	fclose(f);
	const char *load[] = {"load", file, NULL};
	test_run_ok(site.db, NULL, load);
	long long project = test_db_int_by(site.db, "SELECT id FROM project WHERE title = :text", 0,
					   "Sogn for alle");
	char path[64], page[64], fields[96];
	snprintf(path, sizeof path, "/documents/project/%lld", project);
	snprintf(page, sizeof page, "/project/%lld", project);
	char pdf[1024];
	size_t len = make_pdf(pdf, sizeof pdf, "prosjektplan");
	assert_int_equal(upload_to(path, &fjord, true, "plan.pdf", pdf, len, NULL, NULL), 403);
	struct http h;
	assert_int_equal(upload_to(path, &sogn, true, "Prosjektplan Sogn for alle.pdf", pdf, len, NULL, &h), 303);
	char *location = test_http_header(&h, "Location");
	snprintf(fields, sizeof fields, "%s#documents", page);
	assert_string_equal(location, fields);
	free(location);
	test_http_free(&h);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM document WHERE owner_kind = 'project'"
				     " AND owner_id = :id", project), 1);
	char *body = test_get_ok(&site.srv, page, NULL);
	assert_non_null(strstr(body, "Prosjektplan Sogn for alle.pdf"));
	free(body);
	snprintf(path, sizeof path, "/project/%lld/delete", project);
	test_post_form(&site.srv, &h, path, &sogn, "version=1");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	assert_int_equal(test_db_int(site.db, "SELECT COUNT(*) FROM document WHERE owner_kind = 'project'"
				     " AND owner_id = :id", project), 0);
	test_rmdir(dir);
	free(dir);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_upload_and_download),
		cmocka_unit_test(test_same_bytes_stored_once),
		cmocka_unit_test(test_type_by_content),
		cmocka_unit_test(test_real_xlsx),
		cmocka_unit_test(test_wrong_type_refused),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_path_in_name),
		cmocka_unit_test(test_who_may_upload),
		cmocka_unit_test(test_draft_hidden),
		cmocka_unit_test(test_org_documents),
		cmocka_unit_test(test_gone_with_owner),
		cmocka_unit_test(test_project_documents),
		cmocka_unit_test(test_server_clean),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
