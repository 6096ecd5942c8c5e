/*
 * frozen: a plan's status frozen into a report for the council (issue 10):
 * stored once, never changed (the table refuses updates), addressed by a
 * key of the plan's (/plan/SLUG/reports/KEY), with the SHA-256 of its
 * bytes. What goes into it is made by formats/frozen.h.
 */
#ifndef SAMSPEL_MODEL_FROZEN_H
#define SAMSPEL_MODEL_FROZEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct frozen {
	int64_t id, plan_id;
	const char *key, *title, *as_of, *frozen_at, *frozen_by, *sha256;
	const char *json; /* NULL in lists */
	size_t json_len;
};
typedef struct {
	struct frozen *items;
	size_t count, cap;
} frozen_list;

/* True for a key: 1-40 of a-z, 0-9 and -, not starting with -. */
bool frozen_key_valid(const char *key);
/* Stores json (len bytes) as plan's frozen report key, with its SHA-256
 * (into sha, 65 bytes), one transaction with its history row; a key the
 * plan has already is ERR_CONFLICT. */
int frozen_store(struct db *db, int64_t plan, const char *key, const char *title,
		 const char *as_of, const char *json, size_t len, const char *actor,
		 char sha[65], struct err *e);
/* The plan's frozen reports, the newest first (without their JSON). */
int frozen_list_for_plan(struct db *db, struct arena *a, int64_t plan, frozen_list *out,
			 struct err *e);
/* One, with its JSON (ERR_NOT_FOUND when there is none). */
int frozen_load(struct db *db, struct arena *a, int64_t plan, const char *key,
		struct frozen *out, struct err *e);

#endif
