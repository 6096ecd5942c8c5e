/*
 * links: who is responsible for a measure and who takes part, picked from
 * the organisation registry. The plan's own words stay in the measure's
 * responsibility text; each link keeps the words it was written with.
 */
#ifndef SAMSPEL_MODEL_LINKS_H
#define SAMSPEL_MODEL_LINKS_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct err;

/* Sets the responsible organisations of measure to responsible[0..nr)
 * and those taking part to participants[0..np), in that order. A link that
 * stays keeps its words and whether it means the organisation's members; a
 * new one is written with the organisation's name. The measure's version
 * must still be expected_version (it goes up: the links are part of the
 * measure). One transaction with a history row per role that changed (the
 * names before and after) and a raise of the plan's data version. */
int measure_set_orgs(struct db *db, int64_t measure, int64_t expected_version,
		     const int64_t *responsible, size_t nr, const int64_t *participants,
		     size_t np, const char *actor, struct err *e);

#endif
