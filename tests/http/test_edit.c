/*
 * Editing the plan through the web, as the secretariat does it: a real
 * server on seed 003, forms posted with the session's CSRF token, and the
 * outcome read back from the database and the pages. Who may edit, partial
 * forms that erase nothing, field errors, two editors colliding, adding,
 * moving and deleting (twice asked when reports would go), history and
 * restore, responsible organisations picked from the registry, report
 * corrections, and the page cache kept per plan.
 */
#include "session.h"
#include "base/err.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLUG "regionalplan-for-sogn-handlingsplan-2023"

static struct test_site site;

static int setup(void **state)
{
	(void)state;
	test_site_make(&site, SITE_SEED | SITE_DEMO_DRAFT);
	test_add_user(site.db, "sogn", "editor", "Sogn regionråd");
	test_add_user(site.db, "sogn2", "editor", "Sogn regionråd");
	test_add_user(site.db, "fjord", "editor", "Fjordheim regionråd");
	test_add_user(site.db, "nho", "reporter", "NHO");
	test_add_user(site.db, "nho2", "reporter", "NHO");
	return test_site_serve(&site, NULL);
}

static int teardown(void **state)
{
	(void)state;
	test_site_close(&site);
	return 0;
}

/* --- reading the database the server writes (tests/support/session.h) --- */

static void query(const char *sql, int64_t id, char *out, size_t size)
{
	test_db_text(site.db, sql, id, out, size);
}

static long long query_int(const char *sql, int64_t id)
{
	return test_db_int(site.db, sql, id);
}

static long long version_of(const char *table, int64_t id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id = :id", table);
	return query_int(sql, id);
}

static void text_of(int64_t measure, char *out, size_t size)
{
	query("SELECT text FROM measure WHERE id = :id", measure, out, size);
}

/* An id of the seed plan: the first row of sql. */
static int64_t id_of(const char *sql)
{
	return query_int(sql, 0);
}

static long post(const char *path, const struct who *w, const char *fields, char **body)
{
	return test_post_status(&site.srv, path, w, fields, body);
}

static long get(const char *path, const struct who *w, char **body)
{
	return test_get_status(&site.srv, path, w, body);
}

/* --- tests --- */

static void test_who_may_edit(void **state)
{
	(void)state;
	struct who sogn, fjord, nho;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "fjord", &fjord);
	test_sign_in(&site.srv, "nho", &nho);
	assert_int_equal(get("/measure/1/edit", &sogn, NULL), 200);
	assert_int_equal(get("/plan/" SLUG "/structure", &sogn, NULL), 200);
	assert_int_equal(get("/measure/1/edit", &nho, NULL), 403);
	assert_int_equal(get("/measure/1/edit", &fjord, NULL), 403);
	assert_int_equal(get("/measure/1/edit", NULL, NULL), 303); /* to sign in */
	/* A draft of another council: as if it did not exist. */
	int64_t draft = id_of("SELECT m.id FROM measure m JOIN plan p ON p.id = m.plan_id"
			      " WHERE p.published = 0 LIMIT 1");
	char path[64];
	snprintf(path, sizeof path, "/measure/%lld/edit", (long long)draft);
	assert_int_equal(get(path, &sogn, NULL), 404);
	assert_int_equal(get("/report/1/edit", &sogn, NULL), 404);
	/* Writes by those who may not change nothing. */
	long long v = version_of("measure", 1);
	char fields[128];
	snprintf(fields, sizeof fields, "version=%lld&text=Endra+av+rapport%%C3%%B8r", v);
	assert_int_equal(post("/measure/1/edit", &nho, fields, NULL), 403);
	assert_int_equal(post("/measure/1/edit", &fjord, fields, NULL), 403);
	/* Without the CSRF token. */
	struct who no_csrf = sogn;
	no_csrf.csrf[0] = '\0';
	assert_int_equal(post("/measure/1/edit", &no_csrf, fields, NULL), 403);
	assert_int_equal(version_of("measure", 1), v);
}

static void test_partial_form_erases_nothing(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	char period[128], resp[256];
	query("SELECT period_text FROM measure WHERE id = :id", 2, period, sizeof period);
	query("SELECT responsibility_text FROM measure WHERE id = :id", 2, resp, sizeof resp);
	long long v = version_of("measure", 2);
	char fields[128];
	snprintf(fields, sizeof fields, "version=%lld&text=Berre+teksten+er+endra", v);
	assert_int_equal(post("/measure/2/edit", &sogn, fields, NULL), 303);
	char now[256];
	text_of(2, now, sizeof now);
	assert_string_equal(now, "Berre teksten er endra");
	query("SELECT period_text FROM measure WHERE id = :id", 2, now, sizeof now);
	assert_string_equal(now, period);
	query("SELECT responsibility_text FROM measure WHERE id = :id", 2, now, sizeof now);
	assert_string_equal(now, resp);
	/* The history has the old and the new text. */
	assert_int_equal(query_int("SELECT COUNT(*) FROM audit WHERE entity = 'measure'"
				   " AND entity_id = :id AND field = 'text'"
				   " AND new_value = 'Berre teksten er endra'", 2), 1);
	/* Clearing a field needs it sent empty. */
	snprintf(fields, sizeof fields, "version=%lld&period=", v + 1);
	assert_int_equal(post("/measure/2/edit", &sogn, fields, NULL), 303);
	query("SELECT period_text FROM measure WHERE id = :id", 2, now, sizeof now);
	assert_string_equal(now, "");
}

static void test_field_errors(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	long long v = version_of("measure", 3);
	char fields[256], *body;
	snprintf(fields, sizeof fields,
		 "version=%lld&text=+++&period=Mars+2024&responsibility=Ansvar%%3A+SR", v);
	assert_int_equal(post("/measure/3/edit", &sogn, fields, &body), 400);
	assert_non_null(strstr(body, "id=\"text\" name=\"text\" rows=\"4\" required "
				     "aria-invalid=\"true\" aria-describedby=\"text-error\""));
	assert_non_null(strstr(body, "id=\"text-error\">Dette feltet må fyllast ut."));
	assert_non_null(strstr(body, "value=\"Mars 2024\"")); /* kept */
	free(body);
	snprintf(fields, sizeof fields, "version=%lld&text=Ok&period=ein+gong+seinare", v);
	assert_int_equal(post("/measure/3/edit", &sogn, fields, &body), 400);
	assert_non_null(strstr(body, "aria-describedby=\"period-error\""));
	assert_non_null(strstr(body, "value=\"ein gong seinare\""));
	free(body);
	assert_int_equal(version_of("measure", 3), v);
}

static void test_two_editors_collide(void **state)
{
	(void)state;
	struct who a, b;
	test_sign_in(&site.srv, "sogn", &a);
	test_sign_in(&site.srv, "sogn2", &b);
	long long v = version_of("measure", 4);
	char fields[256], *body;
	snprintf(fields, sizeof fields, "version=%lld&text=Fyrste+redakt%%C3%%B8r", v);
	assert_int_equal(post("/measure/4/edit", &a, fields, NULL), 303);
	snprintf(fields, sizeof fields, "version=%lld&text=Andre+redakt%%C3%%B8r", v);
	assert_int_equal(post("/measure/4/edit", &b, fields, &body), 409);
	/* Theirs beside the field, ours kept, the new version in the form. */
	assert_non_null(strstr(body, "Lagra av ein annan i mellomtida:</strong> Fyrste redaktør"));
	assert_non_null(strstr(body, ">Andre redaktør</textarea>"));
	char version[32], want[32];
	test_hidden(body, "version", version, sizeof version);
	snprintf(want, sizeof want, "%lld", v + 1);
	assert_string_equal(version, want);
	free(body);
	char now[128];
	text_of(4, now, sizeof now);
	assert_string_equal(now, "Fyrste redaktør");
	/* Saving again puts theirs on top. */
	snprintf(fields, sizeof fields, "version=%s&text=Andre+redakt%%C3%%B8r", version);
	assert_int_equal(post("/measure/4/edit", &b, fields, NULL), 303);
	text_of(4, now, sizeof now);
	assert_string_equal(now, "Andre redaktør");
}

static void test_add_move_delete(void **state)
{
	(void)state;
	struct who sogn, nho;
	test_sign_in(&site.srv, "sogn", &sogn);
	test_sign_in(&site.srv, "nho", &nho);
	int64_t strategy = id_of("SELECT strategy_id FROM measure WHERE id = 8");
	long long before = query_int("SELECT COUNT(*) FROM measure WHERE strategy_id = :id", strategy);
	char path[96];
	snprintf(path, sizeof path, "/strategy/%lld/new/measure", (long long)strategy);
	assert_int_equal(post(path, &sogn, "text=Eit+nytt+tiltak&period=2023", NULL), 303);
	int64_t added = id_of("SELECT id FROM measure WHERE text = 'Eit nytt tiltak'");
	assert_true(added > 0);
	assert_int_equal(query_int("SELECT position FROM measure WHERE id = :id", added), before + 1);
	assert_int_equal(query_int("SELECT plan_id FROM measure WHERE id = :id", added),
			 query_int("SELECT plan_id FROM measure WHERE id = 8", 0));
	/* Up one place. */
	char fields[96];
	snprintf(path, sizeof path, "/measure/%lld/move", (long long)added);
	snprintf(fields, sizeof fields, "version=1&direction=up");
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT position FROM measure WHERE id = :id", added), before);
	/* Measure 8 has a report: deleting it is asked twice. */
	struct http h;
	test_post_form(&site.srv, &h, "/measure/8/report", &nho, "reported_on=2026-01-15&state=on_track");
	assert_int_equal(h.status, 303);
	test_http_free(&h);
	char *body;
	assert_int_equal(get("/measure/8/delete", &sogn, &body), 200);
	assert_non_null(strstr(body, "name=\"confirm_reports\""));
	free(body);
	snprintf(fields, sizeof fields, "version=%lld", version_of("measure", 8));
	assert_int_equal(post("/measure/8/delete", &sogn, fields, &body), 400);
	assert_non_null(strstr(body, "aria-invalid=\"true\" aria-describedby=\"confirm-error\""));
	free(body);
	assert_int_equal(query_int("SELECT COUNT(*) FROM measure WHERE id = 8", 0), 1);
	snprintf(fields, sizeof fields, "version=%lld&confirm_reports=yes", version_of("measure", 8));
	assert_int_equal(post("/measure/8/delete", &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM measure WHERE id = 8", 0), 0);
	assert_int_equal(query_int("SELECT COUNT(*) FROM report WHERE measure_id = 8", 0), 0);
	/* The positions stay whole, and the history keeps the text. */
	assert_int_equal(query_int("SELECT MAX(position) - COUNT(*) FROM measure"
				   " WHERE strategy_id = :id", strategy), 0);
	assert_int_equal(query_int("SELECT COUNT(*) FROM audit WHERE action = 'measure.delete'"
				   " AND entity_id = 8 AND field = 'text'", 0), 1);
}

static void test_history_and_restore(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	int64_t goal = id_of("SELECT id FROM goal ORDER BY id LIMIT 1");
	char old[512], fields[160], path[64], *body;
	query("SELECT text FROM goal WHERE id = :id", goal, old, sizeof old);
	snprintf(path, sizeof path, "/goal/%lld/edit", (long long)goal);
	snprintf(fields, sizeof fields, "version=%lld&text=Eit+nytt+delm%%C3%%A5l",
		 version_of("goal", goal));
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	snprintf(path, sizeof path, "/goal/%lld/history", (long long)goal);
	assert_int_equal(get(path, &sogn, &body), 200);
	assert_non_null(strstr(body, "Eit nytt delmål"));
	assert_non_null(strstr(body, old));
	char change[32];
	test_hidden(body, "change", change, sizeof change);
	assert_true(atoi(change) > 0);
	free(body);
	assert_int_equal(get(path, NULL, NULL), 303); /* the history names people */
	snprintf(path, sizeof path, "/goal/%lld/restore", (long long)goal);
	snprintf(fields, sizeof fields, "version=%lld&change=%s", version_of("goal", goal), change);
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	char now[512];
	query("SELECT text FROM goal WHERE id = :id", goal, now, sizeof now);
	assert_string_equal(now, old);
	/* The restore is a change of its own. */
	assert_int_equal(query_int("SELECT COUNT(*) FROM audit WHERE entity = 'goal'"
				   " AND entity_id = :id AND field = 'text'", goal), 2);
	assert_int_equal(get("/plan/" SLUG "/history", &sogn, &body), 200);
	assert_non_null(strstr(body, "Eit nytt delmål"));
	free(body);
}

static void test_links_from_the_registry(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	int64_t nho = id_of("SELECT id FROM org WHERE name = 'NHO'");
	int64_t sr = id_of("SELECT id FROM org WHERE name = 'Sogn regionråd'");
	char fields[160], *body;
	snprintf(fields, sizeof fields, "version=%lld&responsible=%lld&participant=%lld",
		 version_of("measure", 9), (long long)sr, (long long)nho);
	assert_int_equal(post("/measure/9/orgs", &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM measure_org WHERE measure_id = 9", 0), 2);
	assert_int_equal(query_int("SELECT org_id FROM measure_org WHERE measure_id = 9"
				   " AND role = 'participant'", 0), nho);
	/* The plan's words are kept for a link that stays. */
	char written[128];
	query("SELECT as_written FROM measure_org WHERE measure_id = 9 AND role = 'responsible'",
	      0, written, sizeof written);
	assert_string_equal(written, "SR");
	assert_int_equal(query_int("SELECT COUNT(*) FROM audit WHERE entity_id = 9"
				   " AND field = 'participants'", 0), 1);
	/* A stale form changes nothing. */
	snprintf(fields, sizeof fields, "version=1&responsible=%lld", (long long)nho);
	assert_int_equal(post("/measure/9/orgs", &sogn, fields, NULL), 409);
	assert_int_equal(query_int("SELECT COUNT(*) FROM measure_org WHERE measure_id = 9", 0), 2);
	assert_int_equal(get("/measure/9", &sogn, &body), 200);
	assert_non_null(strstr(body, "name=\"participant\" value=\""));
	free(body);
}

/* Makes NHO take part in measure (as the secretariat would). */
static void involve_nho(int measure)
{
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	char path[64], fields[160];
	snprintf(path, sizeof path, "/measure/%d/orgs", measure);
	snprintf(fields, sizeof fields, "version=%lld&participant=%lld",
		 version_of("measure", measure), (long long)id_of("SELECT id FROM org WHERE name = 'NHO'"));
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
}

static void test_report_corrections(void **state)
{
	(void)state;
	struct who nho, nho2, sogn;
	involve_nho(12);
	test_sign_in(&site.srv, "nho", &nho);
	test_sign_in(&site.srv, "nho2", &nho2);
	test_sign_in(&site.srv, "sogn", &sogn);
	char *body;
	/* The state is chosen, never preselected. */
	assert_int_equal(get("/measure/12", &nho, &body), 200);
	assert_null(strstr(body, "\" selected>"));
	free(body);
	assert_int_equal(post("/measure/12/report", &nho, "reported_on=2026-02-01&text=Utan+status",
			      &body), 400);
	assert_non_null(strstr(body, "aria-describedby=\"state-error\""));
	free(body);
	assert_int_equal(post("/measure/12/report", &nho,
			      "reported_on=2026-02-01&state=delayed&text=Seint", NULL), 303);
	int64_t r = id_of("SELECT MAX(id) FROM report WHERE measure_id = 12");
	char state_now[32];
	query("SELECT state FROM measure WHERE id = :id", 12, state_now, sizeof state_now);
	assert_string_equal(state_now, "delayed");
	/* It speaks for NHO. */
	assert_int_equal(query_int("SELECT org_id FROM report WHERE id = :id", r),
			 id_of("SELECT id FROM org WHERE name = 'NHO'"));
	char path[64], fields[160];
	snprintf(path, sizeof path, "/report/%lld/edit", (long long)r);
	assert_int_equal(get(path, &nho2, NULL), 403); /* not the author */
	assert_int_equal(get(path, &nho, NULL), 200);
	snprintf(fields, sizeof fields, "version=1&reported_on=2026-02-01&state=on_track&text=Retta");
	assert_int_equal(post(path, &nho, fields, NULL), 303);
	query("SELECT state FROM measure WHERE id = :id", 12, state_now, sizeof state_now);
	assert_string_equal(state_now, "on_track");
	assert_int_equal(query_int("SELECT COUNT(*) FROM audit WHERE entity = 'report'"
				   " AND entity_id = :id AND field = 'state' AND old_value = 'delayed'",
				   r), 1);
	/* An editor may correct any; a stale version is a conflict. */
	assert_int_equal(post(path, &sogn, fields, NULL), 409);
	snprintf(fields, sizeof fields, "version=2&reported_on=2026-02-01&state=done&text=Retta");
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	/* A report is never dated in the future. */
	snprintf(fields, sizeof fields, "version=3&reported_on=2999-01-01&state=done");
	assert_int_equal(post(path, &sogn, fields, NULL), 400);
}

static void test_cache_kept_per_plan(void **state)
{
	(void)state;
	struct who nho;
	involve_nho(13);
	test_sign_in(&site.srv, "nho", &nho);
	/* A report on seed 003 raises its data version, not the demo's. */
	long long demo = query_int("SELECT data_version FROM plan WHERE slug ="
				   " 'regionalplan-for-fjordheim-handlingsplan-2025'", 0);
	long long seed = query_int("SELECT data_version FROM plan WHERE slug = '" SLUG "'", 0);
	assert_int_equal(post("/measure/13/report", &nho, "reported_on=2026-03-01&state=at_risk", NULL),
			 303);
	assert_int_equal(query_int("SELECT data_version FROM plan WHERE slug ="
				   " 'regionalplan-for-fjordheim-handlingsplan-2025'", 0), demo);
	assert_int_equal(query_int("SELECT data_version FROM plan WHERE slug = '" SLUG "'", 0),
			 seed + 1);
	/* And the public page shows the new state at once. */
	char *body;
	assert_int_equal(get("/plan/" SLUG, NULL, &body), 200);
	assert_non_null(strstr(body, "state-at_risk"));
	free(body);
}

/* A measure with many reports is shown a page at a time, never whole. */
static void test_reports_paged(void **state)
{
	(void)state;
	struct db *d;
	struct err e = ERR_INIT;
	assert_int_equal(db_open(site.db, 0, &d, &e), OK);
	assert_int_equal(db_exec(d,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)"
		" INSERT INTO report (measure_id, reported_on, state, text, created_at)"
		" SELECT 14, printf('2025-%02d-%02d', (i - 1) / 28 + 1, (i - 1) % 28 + 1), 'on_track',"
		" 'Rapport nr. ' || i, '2025-01-01T00:00:00Z' FROM n", &e), OK);
	db_close(d);
	char *body;
	assert_int_equal(get("/measure/14", NULL, &body), 200);
	assert_int_equal(test_count(body, "Rapport nr. "), 50);
	assert_non_null(strstr(body, "Rapport nr. 60<")); /* the newest first */
	assert_non_null(strstr(body, "href=\"/measure/14?page=2#reports\" rel=\"next\""));
	free(body);
	assert_int_equal(get("/measure/14?page=2", NULL, &body), 200);
	assert_int_equal(test_count(body, "Rapport nr. "), 10);
	assert_non_null(strstr(body, "Rapport nr. 1<"));
	assert_non_null(strstr(body, "rel=\"prev\""));
	free(body);
	assert_int_equal(get("/measure/14?page=0", NULL, NULL), 400);
}

/* A form's organisation id is only a number: one kept by another council
 * (known only from its draft) cannot be named in this council's plan, nor
 * offered in its selects (regression: it was, and so made public). */
static void test_foreign_org_ids_refused(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	int64_t foreign = id_of("SELECT o.id FROM org o JOIN org c ON c.id = o.owner_org_id"
				" WHERE c.name = 'Fjordheim regionråd' ORDER BY o.id LIMIT 1");
	assert_true(foreign > 0);
	char fields[160], *body;
	long long links = query_int("SELECT COUNT(*) FROM measure_org WHERE measure_id = 15", 0);
	snprintf(fields, sizeof fields, "version=%lld&responsible=%lld",
		 version_of("measure", 15), (long long)foreign);
	assert_int_equal(post("/measure/15/orgs", &sogn, fields, NULL), 400);
	assert_int_equal(query_int("SELECT COUNT(*) FROM measure_org WHERE measure_id = 15", 0), links);
	snprintf(fields, sizeof fields, "version=%lld&adopted_by=%lld",
		 query_int("SELECT version FROM plan WHERE slug = '" SLUG "'", 0), (long long)foreign);
	assert_int_equal(post("/plan/" SLUG "/edit", &sogn, fields, &body), 400);
	assert_non_null(strstr(body, "aria-describedby=\"adopted_by-error\""));
	free(body);
	char option[48];
	snprintf(option, sizeof option, "<option value=\"%lld\"", (long long)foreign);
	assert_int_equal(get("/plan/" SLUG "/edit", &sogn, &body), 200);
	assert_null(strstr(body, option));
	free(body);
	assert_int_equal(get("/measure/15", &sogn, &body), 200);
	snprintf(option, sizeof option, "value=\"%lld\"", (long long)foreign);
	assert_null(strstr(body, option));
	free(body);
}

/* A correction changes only what its form sends (regression: the fields
 * left out were erased). */
static void test_correction_keeps_unsent_fields(void **state)
{
	(void)state;
	struct who nho;
	involve_nho(16);
	test_sign_in(&site.srv, "nho", &nho);
	assert_int_equal(post("/measure/16/report", &nho,
			      "reported_on=2026-02-01&state=delayed&progress=40&spent=1000&text=Teksten",
			      NULL), 303);
	int64_t r = id_of("SELECT MAX(id) FROM report WHERE measure_id = 16");
	char path[64], text[64];
	snprintf(path, sizeof path, "/report/%lld/edit", (long long)r);
	assert_int_equal(post(path, &nho, "version=1&state=at_risk", NULL), 303);
	query("SELECT text FROM report WHERE id = :id", r, text, sizeof text);
	assert_string_equal(text, "Teksten");
	assert_int_equal(query_int("SELECT progress FROM report WHERE id = :id", r), 40);
	assert_int_equal(query_int("SELECT spent FROM report WHERE id = :id", r), 1000);
	query("SELECT state FROM report WHERE id = :id", r, text, sizeof text);
	assert_string_equal(text, "at_risk");
}

/* The editor reads a budget line's amount the way the importer reads a
 * cell, shows the words back, and refuses what it cannot read. */
static void test_budget_phrases_in_the_editor(void **state)
{
	(void)state;
	struct who sogn;
	test_sign_in(&site.srv, "sogn", &sogn);
	int64_t line = id_of("SELECT b.id FROM budget_line b JOIN measure m ON m.id = b.measure_id"
			     " JOIN plan p ON p.id = m.plan_id WHERE p.slug = '" SLUG "'"
			     " ORDER BY b.id LIMIT 1");
	char path[64], fields[160];
	snprintf(path, sizeof path, "/budget/%lld/edit", (long long)line);
	snprintf(fields, sizeof fields, "version=%lld&amount=inntil+50+000+kr%%2F%%C3%%A5r",
		 version_of("budget_line", line));
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM budget_line WHERE id = :id AND amount = 50000"
				   " AND qualifier = 'upper' AND per_year = 1", line), 1);
	/* The form shows the words, so saving it unchanged keeps them. */
	char *body = NULL;
	char edit[80];
	snprintf(edit, sizeof edit, "%s?lang=en", path);
	assert_int_equal(get(edit, &sogn, &body), 200);
	assert_non_null(strstr(body, "value=\"up to 50\xC2\xA0" "000\xC2\xA0kr/year\""));
	assert_null(strstr(body, "name=\"qualifier\""));
	free(body);
	/* Saved as the form shows it (Nynorsk here), nothing changes. */
	assert_int_equal(get(path, &sogn, &body), 200);
	char shown[80], encoded[240] = "";
	test_hidden(body, "amount", shown, sizeof shown);
	free(body);
	assert_string_equal(shown, "inntil 50\xC2\xA0" "000\xC2\xA0kr/år");
	for (const unsigned char *c = (const unsigned char *)shown; *c; c++)
		snprintf(encoded + strlen(encoded), sizeof encoded - strlen(encoded), "%%%02X", *c);
	char saved[300];
	snprintf(saved, sizeof saved, "version=%lld&amount=%s", version_of("budget_line", line), encoded);
	assert_int_equal(post(path, &sogn, saved, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM budget_line WHERE id = :id AND amount = 50000"
				   " AND qualifier = 'upper' AND per_year = 1", line), 1);
	snprintf(fields, sizeof fields, "version=%lld&amount=Innanfor+ramma", version_of("budget_line", line));
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM budget_line WHERE id = :id AND amount IS NULL"
				   " AND qualifier = 'frame' AND per_year = 0", line), 1);
	long long v = version_of("budget_line", line);
	snprintf(fields, sizeof fields, "version=%lld&amount=ca.+mange", v);
	assert_int_equal(post(path, &sogn, fields, NULL), 400);
	assert_int_equal(version_of("budget_line", line), v);
	snprintf(fields, sizeof fields, "version=%lld&amount=50+000", v);
	assert_int_equal(post(path, &sogn, fields, NULL), 303);
	assert_int_equal(query_int("SELECT COUNT(*) FROM budget_line WHERE id = :id AND amount = 50000"
				   " AND qualifier IS NULL AND per_year = 0", line), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_may_edit),
		cmocka_unit_test(test_partial_form_erases_nothing),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_two_editors_collide),
		cmocka_unit_test(test_add_move_delete),
		cmocka_unit_test(test_history_and_restore),
		cmocka_unit_test(test_links_from_the_registry),
		cmocka_unit_test(test_report_corrections),
		cmocka_unit_test(test_cache_kept_per_plan),
		cmocka_unit_test(test_reports_paged),
		cmocka_unit_test(test_foreign_org_ids_refused),
		cmocka_unit_test(test_correction_keeps_unsent_fields),
		cmocka_unit_test(test_budget_phrases_in_the_editor),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
