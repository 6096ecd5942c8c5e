/*
 * Organisation tests: the registry (/orgs), editing an organisation in the
 * browser (/org/ID/edit: its fields through node_update with a version,
 * aliases, members), merging two (/org/ID/merge, model/org_merge.c), and
 * the same on the command line (`samspel org alias`, `samspel org merge`),
 * on the real action plan of seed 003 through a real server.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED "003_5bc64c91c12c2643.txt"
#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;

/* --- the database, read directly --- */

static long long scalar(const char *database, const char *sql, const char *text)
{
	return test_db_int_by(database, sql, 0, text);
}

static long long org_id(const char *name)
{
	return scalar(site.db, "SELECT id FROM org WHERE name = :text", name);
}

/* measure_org rows of the organisation called name (0 when it is gone). */
static long long links_of(const char *database, const char *name)
{
	return scalar(database, "SELECT COUNT(*) FROM measure_org WHERE org_id ="
				" (SELECT id FROM org WHERE name = :text)", name);
}

static long long audit_rows(void)
{
	return scalar(site.db, "SELECT COUNT(*) FROM audit", NULL);
}

/* --- HTTP --- */

static struct who sogn, fjord, admin;

/* POST body to path as w with its CSRF token put first; the status, and
 * the answer's body into *out when out is not NULL (malloc'd). */
static long post(const char *path, const struct who *w, const char *body, char **out)
{
	char full[2048];
	snprintf(full, sizeof full, "csrf=%s%s%s", w ? w->csrf : "", *body ? "&" : "", body);
	struct http h;
	test_req(&site.srv, &h, "POST", path, w, full, NULL);
	long status = h.status;
	if (out)
		*out = strdup(h.body ? h.body : "");
	test_http_free(&h);
	return status;
}

/* The name in the page's h1. */
static bool h1_is(const char *path, const char *name)
{
	char needle[256];
	snprintf(needle, sizeof needle, "<h1>%s</h1>", name);
	char *b = test_get_ok(&site.srv, path, &admin);
	bool yes = strstr(b, needle) != NULL;
	free(b);
	return yes;
}

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_org(site.db, "Luster kommune", "municipality", "Sogn regionråd");
	const char *hvl[] = {"org", "add", "Høgskulen på Vestlandet", "--kind", "education",
			     "--owner", "Sogn regionråd", NULL};
	test_run_ok(site.db, NULL, hvl);
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(site.db, "admin", "admin", NULL);
	if (test_site_serve(&site, NULL) != 0)
		return -1;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "fjord", &fjord);
	test_sign_in(&site.srv, "admin", &admin);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* --- the registry --- */

static void test_registry(void **state)
{
	(void)state;
	char *b = test_get_ok(&site.srv, "/orgs", NULL);
	char link[64];
	snprintf(link, sizeof link, "<a href=\"/org/%lld\">Sogn regionråd</a>", org_id("Sogn regionråd"));
	assert_non_null(strstr(b, link));
	assert_non_null(strstr(b, "Visit Sognefjord"));
	assert_non_null(strstr(b, "Luster kommune"));
	/* Kept by Fjordheim, known only from its draft: not for the public. */
	assert_null(strstr(b, "næringshagen"));
	free(b);
	b = test_get_ok(&site.srv, "/orgs", &admin);
	assert_non_null(strstr(b, "næringshagen"));
	free(b);
	/* Searched by folded name... */
	b = test_get_ok(&site.srv, "/orgs?q=VISIT%20%20sogne", NULL);
	assert_non_null(strstr(b, "Visit Sognefjord"));
	assert_null(strstr(b, ">NHO<"));
	free(b);
	/* ... and by alias ("rådet" is one of every council's). */
	b = test_get_ok(&site.srv, "/orgs?q=R%C3%85DET", NULL);
	assert_non_null(strstr(b, ">Sogn regionråd<"));
	assert_null(strstr(b, ">Visit Sognefjord<"));
	free(b);
	b = test_get_ok(&site.srv, "/orgs?q=%25", NULL); /* a LIKE wildcard is a plain character */
	assert_null(strstr(b, ">Visit Sognefjord<"));
	free(b);
	long status;
	free(test_get(&site.srv, "/orgs?page=x", NULL, &status));
	assert_int_equal(status, 400);
	/* The public and other councils' editors get no edit links. */
	char path[64];
	snprintf(path, sizeof path, "/org/%lld", org_id("Visit Sognefjord"));
	b = test_get_ok(&site.srv, path, NULL);
	assert_null(strstr(b, "/edit\""));
	free(b);
	b = test_get_ok(&site.srv, path, &fjord);
	assert_null(strstr(b, "/edit\""));
	free(b);
	b = test_get_ok(&site.srv, path, &sogn);
	char edit[128];
	snprintf(edit, sizeof edit, "href=\"%s/edit\"", path);
	assert_non_null(strstr(b, edit));
	free(b);
}

/* --- the fields --- */

static void test_rename_and_stale_version(void **state)
{
	(void)state;
	long long id = org_id("Visit Sognefjord");
	char path[64], edit[128], body[512], version[16];
	snprintf(path, sizeof path, "/org/%lld", id);
	snprintf(edit, sizeof edit, "/org/%lld/edit", id);
	/* The public plan page and its JSON are in the cache with the old name. */
	char *b = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(b, "Visit Sognefjord"));
	free(b);
	free(test_get_ok(&site.srv, "/plan/" SLUG, NULL));
	free(test_get_ok(&site.srv, "/plan/" SLUG ".json", NULL));

	b = test_get_ok(&site.srv, edit, &sogn);
	test_hidden(b, "version", version, sizeof version);
	assert_true(version[0] != '\0');
	assert_non_null(strstr(b, "name=\"csrf\""));
	free(b);
	snprintf(body, sizeof body, "version=%s&name=Visit+Sognefjord+AS&kind=company&orgnr=&municipality_no=",
		 version);
	assert_int_equal(post(edit, &sogn, body, NULL), 303);
	assert_true(h1_is(path, "Visit Sognefjord AS"));
	/* At once on the public plan page and in its JSON: no stale cache. */
	b = test_get_ok(&site.srv, "/plan/" SLUG, NULL);
	assert_non_null(strstr(b, "Visit Sognefjord AS"));
	free(b);
	b = test_get_ok(&site.srv, "/plan/" SLUG ".json", NULL);
	assert_non_null(strstr(b, "\"name\": \"Visit Sognefjord AS\""));
	free(b);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM audit WHERE entity = 'org' AND field = 'name'"
			       " AND new_value = 'Visit Sognefjord AS'", NULL) == 1);

	/* Saving from the old version: 409, theirs shown, nothing changed. */
	long long before = audit_rows();
	snprintf(body, sizeof body, "version=%s&name=Visit+Sogn&kind=company&orgnr=&municipality_no=",
		 version);
	char *answer;
	assert_int_equal(post(edit, &sogn, body, &answer), 409);
	assert_non_null(strstr(answer, "id=\"name-theirs\""));
	assert_non_null(strstr(answer, "Visit Sognefjord AS"));
	assert_non_null(strstr(answer, "value=\"Visit Sogn\"")); /* what was typed is kept */
	free(answer);
	assert_true(h1_is(path, "Visit Sognefjord AS"));
	assert_true(audit_rows() == before);

	/* A wrong organisation number: the field marked, in Nynorsk. */
	b = test_get_ok(&site.srv, edit, &sogn);
	test_hidden(b, "version", version, sizeof version);
	free(b);
	snprintf(body, sizeof body, "version=%s&name=Visit+Sognefjord+AS&kind=company&orgnr=974760674"
		 "&municipality_no=", version);
	assert_int_equal(post(edit, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "id=\"orgnr\" name=\"orgnr\" value=\"974760674\""));
	assert_non_null(strstr(answer, "aria-invalid=\"true\" aria-describedby=\"orgnr-error\""));
	assert_non_null(strstr(answer, "kontrollsiffer"));
	free(answer);
	snprintf(body, sizeof body, "version=%s&name=Visit+Sognefjord+AS&kind=company&orgnr=974760673"
		 "&municipality_no=46", version);
	assert_int_equal(post(edit, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"municipality_no-error\""));
	free(answer);
	/* A name another organisation of the council has. */
	snprintf(body, sizeof body, "version=%s&name=nho&kind=company&orgnr=&municipality_no=", version);
	assert_int_equal(post(edit, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"name-error\""));
	free(answer);
	/* Right ones, with spaces as people write them. */
	snprintf(body, sizeof body, "version=%s&name=Visit+Sognefjord+AS&kind=company"
		 "&orgnr=974+760+673&municipality_no=4640", version);
	assert_int_equal(post(edit, &sogn, body, NULL), 303);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org WHERE orgnr = '974760673'"
			       " AND municipality_no = '4640'", NULL) == 1);
	/* Back to its name, for the tests after. */
	b = test_get_ok(&site.srv, edit, &sogn);
	test_hidden(b, "version", version, sizeof version);
	free(b);
	snprintf(body, sizeof body, "version=%s&name=Visit+Sognefjord", version);
	assert_int_equal(post(edit, &sogn, body, NULL), 303);
	assert_true(h1_is(path, "Visit Sognefjord"));
}

static void test_refused(void **state)
{
	(void)state;
	long long id = org_id("Visit Sognefjord");
	char edit[80], body[256], version[16];
	snprintf(edit, sizeof edit, "/org/%lld/edit", id);
	char *b = test_get_ok(&site.srv, edit, &sogn);
	test_hidden(b, "version", version, sizeof version);
	free(b);
	long long before = audit_rows();
	/* An editor of another council. */
	long status;
	free(test_get(&site.srv, edit, &fjord, &status));
	assert_true(status == 403 || status == 404);
	snprintf(body, sizeof body, "version=%s&name=Kapra", version);
	status = post(edit, &fjord, body, NULL);
	assert_true(status == 403 || status == 404);
	char alias_path[80];
	snprintf(alias_path, sizeof alias_path, "/org/%lld/aliases", id);
	status = post(alias_path, &fjord, "alias=Kapra&scope=0", NULL);
	assert_true(status == 403 || status == 404);
	/* The public is sent to sign in. */
	free(test_get(&site.srv, edit, NULL, &status));
	assert_int_equal(status, 303);
	/* No CSRF token: 403, nothing written. */
	struct http h;
	snprintf(body, sizeof body, "version=%s&name=Kapra", version);
	test_req(&site.srv, &h, "POST", edit, &sogn, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	test_req(&site.srv, &h, "POST", alias_path, &sogn, "alias=Kapra&scope=0", NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	struct who wrong = sogn;
	snprintf(wrong.csrf, sizeof wrong.csrf, "%s", "not-the-token-of-this-session");
	assert_int_equal(post(edit, &wrong, body, NULL), 403);
	assert_true(audit_rows() == before);
	char path[64];
	snprintf(path, sizeof path, "/org/%lld", id);
	assert_true(h1_is(path, "Visit Sognefjord"));
	/* No such organisation. */
	free(test_get(&site.srv, "/org/999999/edit", &sogn, &status));
	assert_int_equal(status, 404);
}

/* --- aliases --- */

/* A small plan of Sogn regionråd whose one measure names who as
 * responsible; imported as slug, the import's output (malloc'd). */
static char *import_naming(const char *who, const char *slug)
{
	char *file = test_join(site.dir, "alias-plan.txt");
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "## Testplan for alias\n\n# 1. Test\n\n"
		   "Satsingsområde\tStrategi (korleis)\tTiltak /prosjekt - realisering av strategi\t"
		   "Dato/tid\tAnsvar og deltaking\tBudsjett 2025\n"
		   "<b>Test</b>\tEin strategi.\tEit tiltak.\t2025\tAnsvar: %s\t-\n", who);
	fclose(f);
	const char *args[] = {"import", file, "--owner", "Sogn regionråd", "--slug", slug, "--draft",
			      "--copy", NULL};
	struct run r;
	test_run_db(&r, site.db, NULL, args);
	if (r.status != 0)
		fail_msg("import: %d %s", r.status, r.err);
	char *out = strdup(r.out);
	test_run_free(&r);
	free(file);
	return out;
}

static void test_aliases(void **state)
{
	(void)state;
	long long id = org_id("Visit Sognefjord"), sogn_id = org_id("Sogn regionråd");
	char edit[80], add[80], body[256];
	snprintf(edit, sizeof edit, "/org/%lld/edit", id);
	snprintf(add, sizeof add, "/org/%lld/aliases", id);

	/* Not known yet: the import makes a new organisation of it. */
	char *out = import_naming("VSFJ", "alias-test-1");
	assert_non_null(strstr(out, "  - VSFJ"));
	free(out);

	/* The editor of Sogn may make it valid in Sogn's plans only. */
	char *b = test_get_ok(&site.srv, edit, &sogn);
	char option[96];
	snprintf(option, sizeof option, "<option value=\"%lld\" selected>Sogn regionråd</option>", sogn_id);
	assert_non_null(strstr(b, option));
	/* The scope's choices: Sogn regionråd alone. */
	char *scope = strstr(b, "id=\"alias-scope\"");
	assert_non_null(scope);
	*strstr(scope, "</select>") = '\0';
	assert_null(strstr(scope, "<option value=\"0\""));
	assert_null(strstr(scope, ">Fjordheim regionråd</option>"));
	assert_int_equal(test_count(scope, "<option"), 1);
	free(b);
	char *answer;
	assert_int_equal(post(add, &sogn, "alias=Visitsogn&scope=0", &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"alias-scope-error\""));
	assert_non_null(strstr(answer, "value=\"Visitsogn\""));
	free(answer);
	snprintf(body, sizeof body, "alias=&scope=%lld", sogn_id);
	assert_int_equal(post(add, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"alias-alias-error\""));
	free(answer);

	snprintf(body, sizeof body, "alias=VSFJ2&scope=%lld", sogn_id);
	assert_int_equal(post(add, &sogn, body, NULL), 303);
	/* Taken in that scope: 409 on the same form. */
	assert_int_equal(post(add, &sogn, body, &answer), 409);
	assert_non_null(strstr(answer, "aria-describedby=\"alias-alias-error\""));
	free(answer);
	b = test_get_ok(&site.srv, edit, &sogn);
	assert_non_null(strstr(b, "<strong>VSFJ2</strong>"));
	free(b);

	/* Now the import understands it. */
	out = import_naming("VSFJ2", "alias-test-2");
	assert_non_null(strstr(out, "\"VSFJ2\" blir tolka som Visit Sognefjord."));
	assert_null(strstr(out, "  - VSFJ2"));
	free(out);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM measure_org mo JOIN measure m ON m.id = mo.measure_id"
			       " JOIN plan p ON p.id = m.plan_id WHERE p.slug = 'alias-test-2'"
			       " AND mo.org_id = (SELECT id FROM org WHERE name = :text)",
		    "Visit Sognefjord") == 1);

	/* Removed again. */
	long long alias = scalar(site.db, "SELECT id FROM org_alias WHERE alias = :text", "VSFJ2");
	char remove[96];
	snprintf(remove, sizeof remove, "/org/%lld/aliases/%lld/delete", id, alias);
	assert_int_equal(post(remove, &sogn, "", NULL), 303);
	assert_int_equal(post(remove, &sogn, "", NULL), 404);
	b = test_get_ok(&site.srv, edit, &sogn);
	assert_null(strstr(b, "<strong>VSFJ2</strong>"));
	free(b);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org_alias WHERE alias = :text", "VSFJ2") == 0);
	/* An admin may make one valid everywhere. */
	assert_int_equal(post(add, &admin, "alias=Visit+Sognefjord+BA&scope=0&collective=", NULL), 303);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org_alias WHERE alias = :text AND scope_org_id IS NULL",
			   "Visit Sognefjord BA") == 1);
}

/* --- members --- */

static void test_members(void **state)
{
	(void)state;
	long long group = org_id("Samferdslegruppa"), nho = org_id("NHO");
	char edit[80], add[80], body[128], remove[96];
	snprintf(edit, sizeof edit, "/org/%lld/edit", group);
	snprintf(add, sizeof add, "/org/%lld/members", group);
	char *b = test_get_ok(&site.srv, edit, &sogn);
	assert_non_null(strstr(b, ">NHO (Sogn regionråd)</option>"));
	free(b);
	snprintf(body, sizeof body, "member=%lld&role=leader", nho);
	assert_int_equal(post(add, &sogn, body, NULL), 303);
	char *answer;
	assert_int_equal(post(add, &sogn, body, &answer), 409);
	assert_non_null(strstr(answer, "aria-describedby=\"member-member-error\""));
	free(answer);
	/* A circle is refused, and so is merging a member with its group. */
	char back[80], merge[80];
	snprintf(back, sizeof back, "/org/%lld/members", nho);
	snprintf(body, sizeof body, "member=%lld&role=member", group);
	assert_int_equal(post(back, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"member-member-error\""));
	free(answer);
	snprintf(merge, sizeof merge, "/org/%lld/merge", group);
	snprintf(body, sizeof body, "other=%lld", nho); /* the preview says so already */
	assert_int_equal(post(merge, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"other-error\""));
	free(answer);
	snprintf(body, sizeof body, "other=%lld&confirm=yes", nho);
	assert_int_equal(post(merge, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"other-error\""));
	free(answer);
	assert_true(org_id("NHO") > 0);
	snprintf(body, sizeof body, "member=%lld&role=leader", nho);
	assert_int_equal(post(add, &sogn, "member=&role=member", &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"member-member-error\""));
	free(answer);
	snprintf(body, sizeof body, "member=%lld&role=boss", nho);
	assert_int_equal(post(add, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"member-role-error\""));
	free(answer);
	b = test_get_ok(&site.srv, edit, &sogn);
	char link[64];
	snprintf(link, sizeof link, "<a href=\"/org/%lld\">NHO</a>", nho);
	assert_non_null(strstr(b, link));
	free(b);
	char page[64];
	snprintf(page, sizeof page, "/org/%lld", group);
	b = test_get_ok(&site.srv, page, NULL);
	assert_non_null(strstr(b, link)); /* on its public page too */
	free(b);
	/* fjord may not. */
	snprintf(body, sizeof body, "member=%lld&role=member", nho);
	long status = post(add, &fjord, body, NULL);
	assert_true(status == 403 || status == 404);

	snprintf(remove, sizeof remove, "/org/%lld/members/%lld/delete", group, nho);
	assert_int_equal(post(remove, &sogn, "role=member", NULL), 404); /* not in that role */
	assert_int_equal(post(remove, &sogn, "role=leader", NULL), 303);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org_member WHERE member_id ="
			       " (SELECT id FROM org WHERE name = :text)", "NHO") == 0);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM audit WHERE action = 'org.member'"
			       " AND old_value = :text", "NHO (leader)") == 1);
}

/* --- merging --- */

static void test_merge(void **state)
{
	(void)state;
	long long keep = org_id("Høgskulen på Vestlandet"), other = org_id("hvl");
	long long keep_links = links_of(site.db, "Høgskulen på Vestlandet"), other_links = links_of(site.db, "hvl");
	long long all_links = scalar(site.db, "SELECT COUNT(*) FROM measure_org", NULL);
	assert_true(other_links > 0);
	assert_true(keep_links == 0);
	/* hvl is in a group, and a user reports for it. */
	const char *member[] = {"org", "member", "Kompetanseforum Sogn", "hvl", NULL};
	test_run_ok(site.db, NULL, member);
	test_add_user(site.db, "hvl-rapport", "reporter", "hvl");
	struct who hvl;
	test_sign_in(&site.srv, "hvl-rapport", &hvl);
	long long m = scalar(site.db, "SELECT measure_id FROM measure_org WHERE org_id ="
				      " (SELECT id FROM org WHERE name = :text) ORDER BY role DESC LIMIT 1",
			     "hvl");
	char report[64];
	snprintf(report, sizeof report, "/measure/%lld/report", m);
	struct http rh;
	test_post_form(&site.srv, &rh, report, &hvl, "reported_on=2026-11-20&state=on_track");
	assert_int_equal(rh.status, 303);
	test_http_free(&rh);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM report WHERE org_id ="
			       " (SELECT id FROM org WHERE name = :text)", "hvl") == 1);
	char merge[80], body[128];
	snprintf(merge, sizeof merge, "/org/%lld/merge", keep);

	char *b = test_get_ok(&site.srv, merge, &sogn);
	char option[64];
	snprintf(option, sizeof option, "<option value=\"%lld\">hvl (Sogn regionråd)</option>", other);
	assert_non_null(strstr(b, option));
	free(b);
	/* Not for another council's editor. */
	long status;
	free(test_get(&site.srv, merge, &fjord, &status));
	assert_true(status == 403 || status == 404);
	snprintf(body, sizeof body, "other=%lld&confirm=yes", other);
	status = post(merge, &fjord, body, NULL);
	assert_true(status == 403 || status == 404);
	/* Without CSRF nothing happens. */
	struct http h;
	test_req(&site.srv, &h, "POST", merge, &sogn, body, NULL);
	assert_int_equal(h.status, 403);
	test_http_free(&h);
	assert_true(links_of(site.db, "hvl") == other_links);
	/* With itself, or nothing picked: the field marked. */
	char *answer;
	snprintf(body, sizeof body, "other=%lld", keep);
	assert_int_equal(post(merge, &sogn, body, &answer), 400);
	assert_non_null(strstr(answer, "aria-describedby=\"other-error\""));
	free(answer);
	/* First what would move, then the merge. */
	snprintf(body, sizeof body, "other=%lld", other);
	assert_int_equal(post(merge, &sogn, body, &answer), 200);
	assert_non_null(strstr(answer, "name=\"confirm\" value=\"yes\""));
	assert_non_null(strstr(answer, "Statusrapportar frå organisasjonen: 1<"));
	free(answer);
	assert_true(links_of(site.db, "hvl") == other_links);
	snprintf(body, sizeof body, "other=%lld&confirm=yes", other);
	assert_int_equal(post(merge, &sogn, body, NULL), 303);

	assert_true(org_id("hvl") == -1);
	assert_true(links_of(site.db, "Høgskulen på Vestlandet") == keep_links + other_links);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM measure_org", NULL) == all_links);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org_alias WHERE alias = 'hvl' AND org_id ="
			       " (SELECT id FROM org WHERE name = :text)", "Høgskulen på Vestlandet") == 1);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM user_role WHERE org_id ="
			       " (SELECT id FROM org WHERE name = :text)", "Høgskulen på Vestlandet") == 1);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM report WHERE org_id ="
			       " (SELECT id FROM org WHERE name = :text)", "Høgskulen på Vestlandet") == 1);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM org_member WHERE member_id ="
			       " (SELECT id FROM org WHERE name = :text)", "Høgskulen på Vestlandet") == 1);
	assert_true(scalar(site.db, "SELECT COUNT(*) FROM audit WHERE action = 'org.merge'", NULL) == 2);
	b = test_get_ok(&site.srv, "/plan/" SLUG ".json", NULL);
	assert_non_null(strstr(b, "\"name\": \"Høgskulen på Vestlandet\""));
	assert_null(strstr(b, "\"name\": \"hvl\""));
	free(b);
	char old[64];
	snprintf(old, sizeof old, "/org/%lld", other);
	free(test_get(&site.srv, old, NULL, &status));
	assert_int_equal(status, 404);
	char edit[80];
	snprintf(edit, sizeof edit, "/org/%lld/edit", keep);
	b = test_get_ok(&site.srv, edit, &sogn);
	assert_non_null(strstr(b, "<strong>hvl</strong>"));
	free(b);
	/* A later import reads "hvl" as the kept organisation. */
	char *out = import_naming("hvl", "alias-test-3");
	assert_non_null(strstr(out, "\"hvl\" blir tolka som Høgskulen på Vestlandet."));
	free(out);
}

/* --- the command line --- */

static void test_cli(void **state)
{
	(void)state;
	char *d = test_tmpdir();
	char *path = test_join(d, "cli.db");
	const char *seed[] = {"import", test_seed(SEED), NULL};
	test_run_ok(path, NULL, seed);
	struct run r;

	const char *help[] = {"org", "--help", NULL};
	test_run_db(&r, path, NULL, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "org alias ORG ALIAS"));
	assert_non_null(strstr(r.out, "org merge KEEP OTHER"));
	test_run_free(&r);

	/* The importer's advice names this very command. */
	const char *again[] = {"import", test_seed(SEED), "--slug", "igjen", "--copy", NULL};
	test_run_db(&r, path, NULL, again);
	assert_int_equal(r.status, 0);
	char advice[160];
	snprintf(advice, sizeof advice, "samspel org alias \"Visit Sognefjord\" \"VS\" --scope \"Sogn regionråd\" "
		 "(eller på sida /org/%lld)",
		 scalar(path, "SELECT id FROM org WHERE name = :text", "Visit Sognefjord"));
	if (!strstr(r.out, advice))
		fail_msg("no advice \"%s\" in: %s", advice, r.out);
	test_run_free(&r);

	const char *alias[] = {"org", "alias", "Visit Sognefjord", "VS", "--scope", "Sogn regionråd", NULL};
	test_run_db(&r, path, NULL, alias);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"VS\" tyder no Visit Sognefjord i planane til Sogn regionråd"));
	test_run_free(&r);
	test_run_db(&r, path, NULL, alias); /* twice */
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "VS"));
	test_run_free(&r);
	/* Then the import no longer guesses. */
	const char *third[] = {"import", test_seed(SEED), "--slug", "tredje", "--copy", NULL};
	test_run_db(&r, path, NULL, third);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"VS\" blir tolka som Visit Sognefjord."));
	assert_null(strstr(r.out, "\"VS\" blir tolka som Visit Sognefjord (forbokstavane"));
	test_run_free(&r);

	const char *collective[] = {"org", "alias", "Sogn regionråd", "sognekommunane", "--collective",
				    NULL};
	test_run_db(&r, path, NULL, collective);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "medlemmene i Sogn regionråd"));
	test_run_free(&r);
	assert_true(scalar(path, "SELECT collective FROM org_alias WHERE alias = :text",
			   "sognekommunane") == 1);
	const char *nowhere[] = {"org", "alias", "Ingen slik", "X", NULL};
	test_run_db(&r, path, NULL, nowhere);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "Ingen slik"));
	test_run_free(&r);
	const char *not_council[] = {"org", "alias", "NHO", "X", "--scope", "LO", NULL};
	test_run_db(&r, path, NULL, not_council);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	const char *few[] = {"org", "alias", "NHO", NULL};
	test_run_db(&r, path, NULL, few);
	assert_int_equal(r.status, 1);
	test_run_free(&r);

	/* A measure naming both keeps one link: the duplicate is dropped. */
	long long links = scalar(path, "SELECT COUNT(*) FROM (SELECT DISTINCT measure_id, role, collective"
				       " FROM measure_org WHERE org_id IN (SELECT id FROM org"
				       " WHERE name IN ('LO', 'NHO')))", NULL);
	assert_true(links < links_of(path, "LO") + links_of(path, "NHO"));
	long long all = scalar(path, "SELECT COUNT(*) FROM measure_org", NULL);
	long long dropped = links_of(path, "LO") + links_of(path, "NHO") - links;
	const char *merge[] = {"org", "merge", "NHO", "LO", NULL};
	test_run_db(&r, path, NULL, merge);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "LO"));
	assert_non_null(strstr(r.out, "NHO"));
	test_run_free(&r);
	assert_true(links_of(path, "NHO") == links);
	assert_true(scalar(path, "SELECT COUNT(*) FROM measure_org", NULL) == all - dropped);
	assert_true(scalar(path, "SELECT COUNT(*) FROM org WHERE name = :text", "LO") == 0);
	assert_true(scalar(path, "SELECT COUNT(*) FROM org_alias WHERE alias = :text", "LO") == 1);
	test_run_db(&r, path, NULL, merge); /* LO is gone now */
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "LO"));
	test_run_free(&r);
	const char *self[] = {"org", "merge", "NHO", "NHO", NULL};
	test_run_db(&r, path, NULL, self);
	assert_int_equal(r.status, 1);
	test_run_free(&r);
	const char *extra[] = {"org", "merge", "NHO", "PPT", "--collective", NULL};
	test_run_db(&r, path, NULL, extra);
	assert_int_equal(r.status, 1);
	test_run_free(&r);

	test_rmdir(d);
	free(d);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_rename_and_stale_version),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_cli),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
