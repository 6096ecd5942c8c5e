/*
 * plan_new.c: a new, empty draft plan (see plan_new.h). The checks a form
 * or the API needs (which council, which kind, which year, a title) are
 * made here, once, each naming its field; the row itself is written by
 * node_create_in_tx like every other node.
 */
#include "model/plan_new.h"
#include "model/node.h"
#include "model/plan.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest title accepted (bytes). */
#define TITLE_MAX 300

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* OK when owner is a council (ERR_INPUT on "owner" otherwise). */
static int check_owner(struct db *db, int64_t owner, struct err *e)
{
	if (owner <= 0)
		return err_set(e, ERR_INPUT, "owner", _("Choose the council that keeps the plan."));
	struct stmt *st = db_prepare(db, "SELECT kind FROM org WHERE id = :id");
	stmt_bind_int(st, ":id", owner);
	int rc = stmt_step(st, e);
	bool council = rc == DB_ROW && col_text(st, 0) && strcmp(col_text(st, 0), "council") == 0;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	if (!council)
		return err_set(e, ERR_INPUT, "owner", _("Choose the council that keeps the plan."));
	return OK;
}

static int check_input(const char *kind, int year, const char *title, struct err *e)
{
	if (!kind || (strcmp(kind, "regional") != 0 && strcmp(kind, "action") != 0))
		return err_set(e, ERR_INPUT, "kind", _("Choose a regional plan or an action plan."));
	if (strcmp(kind, "action") == 0 && year == 0)
		return err_set(e, ERR_INPUT, "year", _("An action plan is for one year: write the year."));
	if (year != 0 && (year < PLAN_YEAR_MIN || year > PLAN_YEAR_MAX))
		return err_set(e, ERR_INPUT, "year", _("Write a year from %d to %d."), PLAN_YEAR_MIN,
			       PLAN_YEAR_MAX);
	if (!title || blank(title))
		return err_set(e, ERR_INPUT, "title", _("The plan needs a title."));
	if (!utf8_valid(title, strlen(title)))
		return err_set(e, ERR_INPUT, "title", _("The text is not valid UTF-8."));
	if (strlen(title) > TITLE_MAX)
		return err_set(e, ERR_INPUT, "title", _("The title is too long (at most %d bytes)."),
			       TITLE_MAX);
	return OK;
}

/* 1 when a plan called slug exists, 0 when not, ERR. */
static int slug_taken(struct db *db, const char *slug, struct err *e)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM plan WHERE slug = :slug");
	stmt_bind_text(st, ":slug", slug);
	int rc = stmt_step(st, e);
	stmt_finish(st);
	return rc == ERR ? ERR : rc == DB_ROW;
}

/* The first of base, base-2, base-3, ... that no plan has (into arena),
 * each at most 100 characters. */
static int free_slug(struct db *db, struct arena *a, const char *base, const char **out,
		     struct err *e)
{
	for (int n = 1; n < 1000; n++) {
		char suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, "-%d", n);
		size_t keep = strlen(base);
		if (keep + strlen(suffix) > 100)
			keep = 100 - strlen(suffix);
		while (keep > 1 && base[keep - 1] == '-')
			keep--;
		const char *candidate = arena_printf(a, "%.*s%s", (int)keep, base, suffix);
		int taken = slug_taken(db, candidate, e);
		if (taken == ERR)
			return ERR;
		if (!taken) {
			*out = candidate;
			return OK;
		}
	}
	return err_set(e, ERR_CONFLICT, "title",
		       _("Too many plans have this title already; choose another."));
}

int plan_create(struct db *db, int64_t owner, const char *kind, int year,
		const char *title, const char *actor, char **slug, struct err *e)
{
	*slug = NULL;
	if (check_input(kind, year, title, e) != OK)
		return ERR;
	struct arena a = ARENA_INIT;
	const char *chosen = NULL;
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	int64_t id = 0;
	if (db_begin(db, e) != OK) {
		arena_release(&a);
		return ERR;
	}
	if (check_owner(db, owner, e) != OK ||
	    free_slug(db, &a, plan_make_slug(&a, title), &chosen, e) != OK)
		goto fail;
	struct patch p = {0};
	patch_set(&p, "title", title);
	patch_set(&p, "kind", kind);
	patch_set(&p, "year", year ? arena_printf(&a, "%d", year) : NULL);
	patch_set(&p, "status", "draft");
	patch_set(&p, "owner", arena_printf(&a, "%lld", (long long)owner));
	patch_set(&p, "slug", chosen);
	patch_set(&p, "published", "0");
	patch_set(&p, "created_at", now);
	patch_set(&p, "updated_at", now);
	if (node_create_in_tx(db, NODE_PLAN, 0, 0, &p, actor, &id, e) != OK)
		goto fail;
	if (db_commit(db, e) != OK)
		goto done;
	*slug = xstrdup(chosen);
	arena_release(&a);
	return OK;
fail:
	db_rollback(db);
done:
	arena_release(&a);
	return ERR;
}
