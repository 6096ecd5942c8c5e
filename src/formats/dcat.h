/*
 * dcat: the catalogue of the published plans as DCAT-AP-NO 2 (Turtle),
 * for the national data catalogue (data.norge.no) to harvest: one
 * dcat:Catalog, one dcat:Dataset per plan, one dcat:Distribution per
 * export format (formats/export.h) of each. GET /catalog.ttl
 * (web/page_catalog.c) serves it; docs/json.md describes it.
 *
 * Every IRI is absolute, made from base_url (`samspel serve --public-url`):
 * a harvester keeps the IRIs, so they may not depend on the Host header
 * of whichever request happened to fill the page cache.
 */
#ifndef SAMSPEL_FORMATS_DCAT_H
#define SAMSPEL_FORMATS_DCAT_H

#include <stddef.h>

struct buf;
struct err;
struct plan;

/* Appends the catalogue of plans (their heads: plan_load_head; the caller
 * passes the published ones only) to out. base_url is "https://host" or
 * "https://host/prefix" without a trailing slash. */
int dcat_catalog(const struct plan *const *plans, size_t n, const char *base_url,
		 struct buf *out, struct err *e);

/* Appends s as the inside of a Turtle string literal ("…"): \ " and
 * line breaks escaped, other control characters as \uXXXX. */
void dcat_literal(struct buf *out, const char *s);
/* Appends s as the inside of a Turtle IRI (<…>): characters an IRIREF may
 * not hold (space, < > " { } | ^ ` \ and controls) percent-encoded. */
void dcat_iri(struct buf *out, const char *s);

#endif
