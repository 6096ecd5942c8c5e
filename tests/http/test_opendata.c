/*
 * Open data: the JSON export checked against docs/schema/plan.schema.json
 * by a real validator (Debian's python3-jsonschema, draft 2020-12), the
 * status reports in it (a published plan's, never a draft's for the
 * public, never a person's name), the licence (default, changed through
 * the edit form, refused when unknown), the paged list of plans at
 * /api/v1/plans, and the DCAT-AP-NO catalogue /catalog.ttl read by a real
 * Turtle parser (Debian's python3-rdflib).
 */
#include "support.h"
#include "session.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"
#define DEMO "regionalplan-for-fjordheim-handlingsplan-2025"
#define PUBLIC_URL "https://plan.example.no"
#define REPORT_TEXT "Messa i Bergen er gjennomført; «æøå» \\\"sitat\\\"."
#define DRAFT_REPORT "Løynd rapport frå utkastet 7f3a."
/* A vision with every character Turtle escapes. */
#define VISION "Saman \\\"gjer\\\" vi Sogn \\\\ Fjordane\\nbetre > i dag."

static char *dir, *db, *tok_sogn, *tok_fjord;
static struct server srv;

static char *new_token(const char *login)
{
	struct run r;
	test_run(&r, NULL, "token", "add", login, "--name", "opendata", "--db", db, NULL);
	assert_int_equal(r.status, 0);
	size_t n = strlen(r.out);
	while (n && r.out[n - 1] == '\n')
		r.out[--n] = '\0';
	char *last = strrchr(r.out, '\n');
	char *token = strdup(last ? last + 1 : r.out);
	test_run_free(&r);
	return token;
}

static int setup(void **state)
{
	(void)state;
	dir = test_tmpdir();
	db = test_join(dir, "samspel.db");
	const char *seed[] = {"import", test_seed(SEED), NULL};
	test_run_ok(db, NULL, seed);
	const char *demo[] = {"import", test_path("data/demo/handlingsplan-2025.txt"), "--draft", NULL};
	test_run_ok(db, NULL, demo);
	test_add_named_user(db, "sogn", "Siri Sogn", "editor", "Sogn regionråd");
	test_add_named_user(db, "fjord", "Frode Fjord", "editor", "Fjordheim regionråd");
	tok_sogn = new_token("sogn");
	tok_fjord = new_token("fjord");
	return test_server_start(&srv, db, "--public-url", PUBLIC_URL "/", NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_server_stop(&srv);
	test_rmdir(dir);
	free(dir);
	free(db);
	free(tok_sogn);
	free(tok_fjord);
	return 0;
}

/* --- helpers --- */

static void api(struct http *h, const char *method, const char *path, const char *token,
		const char *body, const char *if_match)
{
	char auth[160];
	const char *headers[4] = {NULL};
	int n = 0;
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		headers[n++] = auth;
	}
	if (body)
		headers[n++] = "Content-Type: application/json";
	if (if_match)
		headers[n++] = if_match;
	test_req(&srv, h, method, path, NULL, body, headers);
}

/* GET path as token (NULL: the public) as JSON; fails unless 200. */
static json_t *get_json(const char *path, const char *token)
{
	struct http h;
	api(&h, "GET", path, token, NULL, NULL);
	if (h.status != 200)
		fprintf(stderr, "GET %s: %ld %s\n", path, h.status, h.body ? h.body : "");
	assert_int_equal(h.status, 200);
	json_t *j = json_loadb(h.body, h.len, 0, NULL);
	assert_non_null(j);
	test_http_free(&h);
	return j;
}

static long status_of(const char *path, const char *token)
{
	struct http h;
	api(&h, "GET", path, token, NULL, NULL);
	long status = h.status;
	test_http_free(&h);
	return status;
}

/* Writes the body of GET path (as token) to dir/name; the file's path
 * (malloc'd). */
static char *save(const char *path, const char *token, const char *name)
{
	struct http h;
	api(&h, "GET", path, token, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *file = test_join(dir, name);
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(h.body, 1, h.len, f), h.len);
	fclose(f);
	test_http_free(&h);
	return file;
}

/* Runs /usr/bin/python3 -c code args... (NULL-ended); its exit status. */
static int python(const char *code, ...)
{
	const char *argv[16] = {"python3", "-c", code};
	int n = 3;
	va_list ap;
	va_start(ap, code);
	const char *a;
	while (n < 15 && (a = va_arg(ap, const char *)))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		execv("/usr/bin/python3", (char *const *)argv);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Validates each file against the schema; prints every error. */
static const char validate_py[] =
	"import json, sys, jsonschema\n"
	"schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
	"V = jsonschema.Draft202012Validator\n"
	"V.check_schema(schema)\n"
	"v = V(schema, format_checker=V.FORMAT_CHECKER)\n"
	"bad = 0\n"
	"for f in sys.argv[2:]:\n"
	"    for e in v.iter_errors(json.load(open(f, encoding='utf-8'))):\n"
	"        print(f, list(e.absolute_path), e.message, file=sys.stderr); bad += 1\n"
	"sys.exit(1 if bad else 0)\n";

static void validate(const char *file)
{
	assert_int_equal(python(validate_py, test_path("docs/schema/plan.schema.json"), file, NULL), 0);
}

static json_t *find_measure(json_t *plan, long long id)
{
	size_t i, k, m, s;
	json_t *area, *focus, *strategy, *measure;
	json_array_foreach(json_object_get(plan, "areas"), i, area)
		json_array_foreach(json_object_get(area, "focuses"), k, focus)
			json_array_foreach(json_object_get(focus, "strategies"), s, strategy)
				json_array_foreach(json_object_get(strategy, "measures"), m, measure)
					if (json_integer_value(json_object_get(measure, "id")) == id)
						return measure;
	return NULL;
}

static long long first_measure(json_t *plan)
{
	json_t *area = json_array_get(json_object_get(plan, "areas"), 0);
	json_t *focus = json_array_get(json_object_get(area, "focuses"), 0);
	json_t *st = json_array_get(json_object_get(focus, "strategies"), 0);
	json_t *m = json_array_get(json_object_get(st, "measures"), 0);
	assert_non_null(m);
	return json_integer_value(json_object_get(m, "id"));
}

static void post_report(const char *token, long long measure, const char *json, long expect)
{
	char path[80], im[48];
	snprintf(path, sizeof path, "/api/v1/measures/%lld", measure);
	json_t *m = get_json(path, token);
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 (long long)json_integer_value(json_object_get(m, "version")));
	json_decref(m);
	snprintf(path, sizeof path, "/api/v1/measures/%lld/reports", measure);
	struct http h;
	api(&h, "POST", path, token, json, im);
	if (h.status != expect)
		fprintf(stderr, "POST %s: %ld %s\n", path, h.status, h.body ? h.body : "");
	assert_int_equal(h.status, expect);
	test_http_free(&h);
}

/* --- the schema --- */

static void test_every_export_matches_the_schema(void **state)
{
	(void)state;
	/* The command line's bytes, both plans. */
	const char *slugs[] = {SLUG, DEMO};
	for (int i = 0; i < 2; i++) {
		char *file = test_join(dir, i ? "demo-cli.json" : "seed-cli.json");
		const char *args[] = {"export", slugs[i], "--format", "json", "--output", file, NULL};
		test_run_ok(db, NULL, args);
		validate(file);
		free(file);
	}
	/* The web's: the public's published plan, the editor's draft. */
	char *seed = save("/plan/" SLUG ".json", NULL, "seed-web.json");
	char *demo = save("/plan/" DEMO ".json", tok_fjord, "demo-web.json");
	validate(seed);
	validate(demo);
	json_t *j = json_load_file(seed, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "schema_version")), "1.0");
	assert_string_equal(json_string_value(json_object_get(j, "licence")), "NLOD-2.0");
	assert_string_equal(json_string_value(json_object_get(j, "licence_url")),
			    "https://data.norge.no/nlod/no/2.0");
	json_decref(j);
	free(seed);
	free(demo);
	/* The schema refuses what breaks it (a validator that passes all
	 * would pass the above too). */
	char *broken = test_join(dir, "broken.json");
	FILE *f = fopen(broken, "w");
	fputs("{\"format\": \"samspel.plan/1\", \"licence\": \"MIT\"}", f);
	fclose(f);
	assert_int_not_equal(python(validate_py, test_path("docs/schema/plan.schema.json"), broken,
				    NULL),
			     0);
	free(broken);
}

/* --- status reports --- */

static void test_published_plan_carries_its_reports(void **state)
{
	(void)state;
	/* One report through the API, one through the measure's form (which
	 * names the organisation the reporter speaks for). */
	post_report(tok_sogn, 1,
		    "{\"reported_on\": \"2023-03-01\", \"state\": \"on_track\", \"progress\": 20,"
		    " \"text\": \"" REPORT_TEXT "\"}",
		    201);
	struct who sogn;
	test_sign_in(&srv, "sogn", &sogn);
	struct http h;
	test_post_form(&srv, &h, "/measure/1/report", &sogn,
		       "reported_on=2023-06-30&state=done&progress=100&spent=95000"
		       "&text=Messa+i+Bergen+er+gjennomf%C3%B8rt.");
	assert_int_equal(h.status, 303);
	test_http_free(&h);

	api(&h, "GET", "/plan/" SLUG ".json", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	/* No person: neither the display name nor the login. */
	assert_null(strstr(h.body, "Siri Sogn"));
	assert_null(strstr(h.body, "\"author"));
	assert_null(strstr(h.body, "\"sogn\""));
	json_t *plan = json_loadb(h.body, h.len, 0, NULL);
	test_http_free(&h);
	assert_non_null(plan);
	json_t *reports = json_object_get(find_measure(plan, 1), "reports");
	assert_int_equal(json_array_size(reports), 2);
	json_t *newest = json_array_get(reports, 0);
	assert_string_equal(json_string_value(json_object_get(newest, "reported_on")), "2023-06-30");
	assert_string_equal(json_string_value(json_object_get(newest, "state")), "done");
	assert_int_equal(json_integer_value(json_object_get(newest, "progress")), 100);
	assert_int_equal(json_integer_value(json_object_get(newest, "spent")), 95000);
	assert_string_equal(json_string_value(json_object_get(newest, "text")),
			    "Messa i Bergen er gjennomført.");
	const char *org = json_string_value(json_object_get(newest, "org"));
	assert_non_null(org);
	assert_string_equal(org, "Sogn regionråd");
	json_t *older = json_array_get(reports, 1);
	assert_string_equal(json_string_value(json_object_get(older, "reported_on")), "2023-03-01");
	assert_non_null(strstr(json_string_value(json_object_get(older, "text")), "«æøå» \"sitat\""));
	assert_true(json_is_null(json_object_get(older, "spent")));
	/* Measures without reports have an empty list. */
	assert_int_equal(json_array_size(json_object_get(find_measure(plan, 2), "reports")), 0);
	json_decref(plan);
	char *file = save("/plan/" SLUG ".json", NULL, "seed-reported.json");
	validate(file);
	free(file);
}

static void test_draft_reports_never_reach_the_public(void **state)
{
	(void)state;
	json_t *demo = get_json("/plan/" DEMO ".json", tok_fjord);
	long long m = first_measure(demo);
	json_decref(demo);
	post_report(tok_fjord, m,
		    "{\"reported_on\": \"2025-03-01\", \"state\": \"at_risk\", \"text\": \"" DRAFT_REPORT "\"}",
		    201);
	/* Its editors see it in the draft's export. */
	struct http h;
	api(&h, "GET", "/plan/" DEMO ".json", tok_fjord, NULL, NULL);
	assert_int_equal(h.status, 200);
	assert_non_null(strstr(h.body, DRAFT_REPORT));
	test_http_free(&h);
	/* The public: no export, no reports, not listed, not catalogued. */
	char path[80];
	snprintf(path, sizeof path, "/api/v1/measures/%lld/reports", m);
	assert_int_equal(status_of("/plan/" DEMO ".json", NULL), 404);
	assert_int_equal(status_of(path, NULL), 404);
	/* Another council's editor is the public here. */
	assert_int_equal(status_of("/plan/" DEMO ".json", tok_sogn), 404);
	const char *public_paths[] = {"/api/v1/plans", "/catalog.ttl", "/plan/" SLUG ".json", "/",
				      "/api/v1/measures?per_page=200"};
	for (size_t i = 0; i < sizeof public_paths / sizeof *public_paths; i++) {
		api(&h, "GET", public_paths[i], NULL, NULL, NULL);
		assert_int_equal(h.status, 200);
		assert_null(strstr(h.body, DRAFT_REPORT));
		assert_null(strstr(h.body, DEMO));
		test_http_free(&h);
	}
}

/* --- the licence --- */

static void test_licence_through_the_edit_form(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&srv, "sogn", &sogn);
	char *form = test_get_ok(&srv, "/plan/" SLUG "/edit", &sogn);
	assert_non_null(strstr(form, "<select id=\"licence\" name=\"licence\""));
	assert_non_null(strstr(form, "<option value=\"NLOD-2.0\" selected>"));
	assert_non_null(strstr(form, "(NLOD) 2.0</option>"));
	assert_non_null(strstr(form, "<option value=\"CC-BY-4.0\">Creative Commons"));
	char version[32], fields[96];
	test_hidden(form, "version", version, sizeof version);
	free(form);

	/* An unknown code: refused, the field marked, nothing changed. */
	struct http h;
	snprintf(fields, sizeof fields, "version=%s&licence=MIT", version);
	test_post_form(&srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 400);
	assert_non_null(strstr(h.body, "class=\"field invalid\"><label for=\"licence\""));
	assert_non_null(strstr(h.body, "id=\"licence-error\""));
	test_http_free(&h);
	/* And through the API. */
	json_t *p = get_json("/api/v1/plans/" SLUG, tok_sogn);
	assert_string_equal(json_string_value(json_object_get(p, "licence")), "NLOD-2.0");
	char im[48];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 (long long)json_integer_value(json_object_get(p, "version")));
	json_decref(p);
	api(&h, "PATCH", "/api/v1/plans/" SLUG, tok_sogn, "{\"licence\": \"GPL\"}", im);
	assert_int_equal(h.status, 400);
	json_t *problem = json_loadb(h.body, h.len, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(problem, "field")), "licence");
	json_decref(problem);
	test_http_free(&h);

	snprintf(fields, sizeof fields, "version=%s&licence=CC-BY-4.0", version);
	test_post_form(&srv, &h, "/plan/" SLUG "/edit", &sogn, fields);
	assert_int_equal(h.status, 303);
	test_http_free(&h);

	json_t *j = get_json("/plan/" SLUG ".json", NULL);
	assert_string_equal(json_string_value(json_object_get(j, "licence")), "CC-BY-4.0");
	assert_string_equal(json_string_value(json_object_get(j, "licence_url")),
			    "https://creativecommons.org/licenses/by/4.0/");
	json_decref(j);
	char *page = test_get_ok(&srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(page, "rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\""));
	free(page);
	char *ttl = test_get_ok(&srv, "/catalog.ttl", NULL);
	assert_non_null(strstr(ttl, "dct:license <https://creativecommons.org/licenses/by/4.0/>"));
	free(ttl);
	/* The demo draft keeps the default. */
	j = get_json("/plan/" DEMO ".json", tok_fjord);
	assert_string_equal(json_string_value(json_object_get(j, "licence")), "NLOD-2.0");
	json_decref(j);
}

/* --- the list of plans --- */

static void test_plans_list_is_public_and_paged(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/plans?page=1&per_page=1", NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *it = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(it, "slug")), SLUG);
	assert_true(json_is_true(json_object_get(it, "published")));
	json_t *links = json_object_get(it, "links");
	assert_string_equal(json_string_value(json_object_get(links, "html")),
			    PUBLIC_URL "/plan/" SLUG);
	const char *ext[] = {"json", "xlsx", "csv", "ics", "pdf"};
	for (size_t i = 0; i < 5; i++) {
		char want[160];
		snprintf(want, sizeof want, PUBLIC_URL "/plan/" SLUG ".%s", ext[i]);
		assert_string_equal(json_string_value(json_object_get(links, ext[i])), want);
		/* Each link answers on this server. */
		assert_int_equal(status_of(want + strlen(PUBLIC_URL), NULL), 200);
	}
	json_decref(j);
	j = get_json("/api/v1/plans?page=2&per_page=1", NULL);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* Its editors see the draft as well, a page at a time. */
	j = get_json("/api/v1/plans?page=1&per_page=1", tok_fjord);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_t *first = json_object_get(json_array_get(json_object_get(j, "items"), 0), "slug");
	json_t *k = get_json("/api/v1/plans?page=2&per_page=1", tok_fjord);
	json_t *second = json_object_get(json_array_get(json_object_get(k, "items"), 0), "slug");
	assert_string_not_equal(json_string_value(first), json_string_value(second));
	json_decref(j);
	json_decref(k);
	struct http h;
	api(&h, "GET", "/api/v1/plans?per_page=201", NULL, NULL, NULL);
	assert_int_equal(h.status, 400);
	test_http_free(&h);
}

/* --- the catalogue --- */

/* Parses argv[1] as Turtle and checks the catalogue: argv[2] datasets,
 * each with its five distributions and argv[3]'s licence; argv[4] the
 * vision (the description) of the seed plan, when given. */
static const char catalog_py[] =
	"import sys, rdflib\n"
	"from rdflib.namespace import RDF\n"
	"DCAT = rdflib.Namespace('http://www.w3.org/ns/dcat#')\n"
	"DCT = rdflib.Namespace('http://purl.org/dc/terms/')\n"
	"g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle')\n"
	"def fail(m): print(m, file=sys.stderr); sys.exit(1)\n"
	"cats = list(g.subjects(RDF.type, DCAT.Catalog))\n"
	"if len(cats) != 1: fail('catalogs: %d' % len(cats))\n"
	"cat = cats[0]\n"
	"for p in (DCT.title, DCT.description, DCT.publisher):\n"
	"    if g.value(cat, p) is None: fail('catalog lacks %s' % p)\n"
	"ds = list(g.subjects(RDF.type, DCAT.Dataset))\n"
	"if len(ds) != int(sys.argv[2]): fail('datasets: %d' % len(ds))\n"
	"if set(g.objects(cat, DCAT.dataset)) != set(ds): fail('catalog/dataset links')\n"
	"for d in ds:\n"
	"    for p in (DCT.identifier, DCT.title, DCT.description, DCT.publisher, DCT.issued,\n"
	"              DCT.modified, DCT.license, DCAT.theme, DCT.language):\n"
	"        if g.value(d, p) is None: fail('%s lacks %s' % (d, p))\n"
	"    if str(g.value(d, DCAT.theme)) != 'http://publications.europa.eu/resource/authority/data-theme/GOVE': fail('theme')\n"
	"    dist = list(g.objects(d, DCAT.distribution))\n"
	"    if len(dist) != 5: fail('distributions: %d' % len(dist))\n"
	"    types = set()\n"
	"    for x in dist:\n"
	"        if (x, RDF.type, DCAT.Distribution) not in g: fail('not a distribution')\n"
	"        url = g.value(x, DCAT.downloadURL)\n"
	"        if url is None or g.value(x, DCAT.accessURL) != url: fail('urls')\n"
	"        if g.value(x, DCAT.mediaType) is None: fail('media type')\n"
	"        types.add(str(url).rsplit('.', 1)[1])\n"
	"    if types != {'json', 'csv', 'xlsx', 'pdf', 'ics'}: fail('formats %s' % types)\n"
	"    if str(d).endswith('" SLUG "#dataset'):\n"
	"        if str(g.value(d, DCT.license)) != sys.argv[3]: fail('licence %s' % g.value(d, DCT.license))\n"
	"        for x in dist:\n"
	"            if str(g.value(x, DCT.license)) != sys.argv[3]: fail('distribution licence')\n"
	"        if len(sys.argv) > 4 and str(g.value(d, DCT.description)) != sys.argv[4]:\n"
	"            fail('description %r' % str(g.value(d, DCT.description)))\n";

static void test_catalog_parses_and_lists_published_plans(void **state)
{
	(void)state;
	struct http h;
	api(&h, "GET", "/catalog.ttl", NULL, NULL, NULL);
	assert_int_equal(h.status, 200);
	char *type = test_http_header(&h, "Content-Type");
	assert_non_null(strstr(type, "text/turtle"));
	free(type);
	test_http_free(&h);
	char *file = save("/catalog.ttl", NULL, "catalog.ttl");
	assert_int_equal(python(catalog_py, file, "1", "https://creativecommons.org/licenses/by/4.0/",
				NULL),
			 0);
	free(file);

	/* A vision with quotes, a backslash, a line break and ">" comes back
	 * whole from the parser. */
	json_t *p = get_json("/api/v1/plans/" SLUG, tok_sogn);
	char im[48];
	snprintf(im, sizeof im, "If-Match: \"v%lld\"",
		 (long long)json_integer_value(json_object_get(p, "version")));
	json_decref(p);
	api(&h, "PATCH", "/api/v1/plans/" SLUG, tok_sogn, "{\"vision\": \"" VISION "\"}", im);
	assert_int_equal(h.status, 200);
	test_http_free(&h);
	file = save("/catalog.ttl", NULL, "catalog2.ttl");
	assert_int_equal(python(catalog_py, file, "1", "https://creativecommons.org/licenses/by/4.0/",
				"Saman \"gjer\" vi Sogn \\ Fjordane\nbetre > i dag.", NULL),
			 0);
	free(file);

	/* Publishing the draft adds it (the cached catalogue is renewed). */
	const char *publish[] = {"publish", DEMO, NULL};
	test_run_ok(db, NULL, publish);
	file = save("/catalog.ttl", NULL, "catalog3.ttl");
	assert_int_equal(python(catalog_py, file, "2", "https://creativecommons.org/licenses/by/4.0/",
				NULL),
			 0);
	char *ttl = test_read_file(file, NULL);
	assert_non_null(strstr(ttl, "<" PUBLIC_URL "/plan/" DEMO ".ics>"));
	assert_non_null(strstr(ttl, "dct:license <https://data.norge.no/nlod/no/2.0>"));
	free(ttl);
	free(file);
	/* Now the demo's export is public, with its reports, and valid. */
	file = save("/plan/" DEMO ".json", NULL, "demo-public.json");
	validate(file);
	ttl = test_read_file(file, NULL);
	assert_non_null(strstr(ttl, DRAFT_REPORT));
	free(ttl);
	free(file);
	const char *unpublish[] = {"unpublish", DEMO, NULL};
	test_run_ok(db, NULL, unpublish);
	assert_int_equal(status_of("/plan/" DEMO ".json", NULL), 404);
	ttl = test_get_ok(&srv, "/catalog.ttl", NULL);
	assert_null(strstr(ttl, DEMO));
	free(ttl);
}

static void test_catalog_needs_public_url(void **state)
{
	(void)state;
	struct server plain;
	assert_int_equal(test_server_start(&plain, db, NULL), 0);
	long status;
	char *body = test_get(&plain, "/catalog.ttl", NULL, &status);
	assert_int_equal(status, 503);
	assert_non_null(strstr(body, "--public-url"));
	free(body);
	/* Without it, the list's links are from the server's root. */
	body = test_get(&plain, "/api/v1/plans", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"json\": \"/plan/" SLUG ".json\""));
	free(body);
	test_server_stop(&plain);

	struct run r;
	const char *bad[] = {"ftp://plan.example.no", "https://", "https://x y", "plan.example.no",
			     "https://plan.example.no/?a=1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		test_run(&r, NULL, "serve", "--db", db, "--public-url", bad[i], NULL);
		assert_int_equal(r.status, 1);
		assert_non_null(strstr(r.err, "--public-url"));
		test_run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_export_matches_the_schema),
		cmocka_unit_test(test_published_plan_carries_its_reports),
		cmocka_unit_test(test_draft_reports_never_reach_the_public),
		cmocka_unit_test(test_licence_through_the_edit_form),
		cmocka_unit_test(test_plans_list_is_public_and_paged),
		cmocka_unit_test(test_catalog_parses_and_lists_published_plans),
		cmocka_unit_test(test_catalog_needs_public_url),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
