/*
 * frozen: what a frozen status report holds, as JSON ("format":
 * "samspel.frozen/1"): the plan as the JSON export writes it with the
 * status reports up to the day it is frozen at, each measure's state then,
 * the counts per state, the budget and what was spent, and the indicators
 * of the council as they were. The bytes are stored once
 * (model/frozen.h) and never made again.
 */
#ifndef SAMSPEL_FORMATS_FROZEN_H
#define SAMSPEL_FORMATS_FROZEN_H

struct arena;
struct db;
struct err;

/* Freezes the plan called slug at as_of (YYYY-MM-DD, not after today) as
 * key with title; sha (65 bytes) gets the SHA-256 of the stored JSON. One
 * transaction. */
int frozen_freeze(struct db *db, struct arena *a, const char *slug, const char *key,
		  const char *title, const char *as_of, const char *actor, char sha[65],
		  struct err *e);

#endif
