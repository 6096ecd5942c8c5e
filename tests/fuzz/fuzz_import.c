/* Fuzz target: a whole import (parse, resolve organisations against a
 * database, store) into an in-memory database; every input that parses is
 * stored and then loaded back. */
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "formats/import.h"
#include "model/plan.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	if (!db && (db_open(":memory:", DB_CREATE, &db, &e) != OK || db_migrate(db, NULL, &e) != OK))
		abort();
	struct arena a = ARENA_INIT;
	struct import_report r = {0};
	struct import_options o = {"fuzz", "Fuzz regionråd", "fuzz.txt", "fuzz", true, false,
				   IMPORT_PUBLISH_AUTO, false, NULL};
	struct plan *p, *back;
	if (import_plan(db, &a, (const char *)data, size, &o, &p, &r, &e) == OK) {
		if (plan_load(db, &a, "fuzz", &back, &e) != OK)
			abort(); /* stored but cannot be read back */
		if (plan_budget_total(back) != plan_budget_total(p) ||
		    plan_count_measures(back) != plan_count_measures(p))
			abort(); /* the figures changed on the way through the database */
	}
	arena_release(&a);
	return 0;
}
