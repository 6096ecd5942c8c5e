/*
 * import: reads a plan file and stores it, in one transaction: parse
 * (plantext.c), resolve every organisation named in a responsibility cell
 * (by name, alias, or a reported guess at an abbreviation; unknown names
 * become new organisations and are listed), then store (model/plan.h).
 */
#ifndef SAMSPEL_FORMATS_IMPORT_H
#define SAMSPEL_FORMATS_IMPORT_H

#include "formats/plantext.h"
#include "model/merge.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct db;

enum import_publish {
	IMPORT_PUBLISH_AUTO, /* published when the text states its adoption */
	IMPORT_PUBLISH_YES,
	IMPORT_PUBLISH_NO,
};

struct import_options {
	const char *slug;        /* NULL: made from the title */
	const char *owner;       /* NULL: the adopting council, if stated */
	const char *source_name; /* the file name, kept with the plan */
	const char *actor;       /* for the audit trail */
	bool replace;            /* replace a plan with the same slug */
	bool dry_run;            /* do everything, then roll it back */
	enum import_publish publish;
	bool copy;               /* a new plan even from a document imported already */
	const char *sha256;      /* the document's SHA-256 when the bytes given are
				  * the plan text read from it before (a preview
				  * confirmed); NULL: of the bytes given */
};

/* Imports len bytes of plan text. On OK *out is the stored plan (ids set),
 * in arena, and report holds the notes sorted by line and the new
 * organisations. A replace changes the stored plan in place (model/merge.h)
 * (see import_plan_merge for what it changed). With dry_run the
 * same is done and checked, then rolled back. On ERR nothing was stored. */
int import_plan(struct db *db, struct arena *a, const char *text, size_t len,
		const struct import_options *opt, struct plan **out,
		struct import_report *report, struct err *e);
/* The same, where a replace may also delete measures that have status
 * reports (delete_reported), and lists what it changed in changes (may be
 * NULL; strings in arena). */
int import_plan_merge(struct db *db, struct arena *a, const char *text, size_t len,
		      const struct import_options *opt, bool delete_reported,
		      struct plan **out, struct import_report *report,
		      struct merge_result *changes, struct err *e);

/* The same for any document samspel reads (data, n bytes), told apart by
 * its bytes: the plan text format, a Word document (.docx), an
 * OpenDocument text (.odt) (doc_read.h), or a spreadsheet of measures
 * (.xlsx, .ods, .csv: sheet_plan.h). Notes of a document name their place
 * in it (report->where, import_where). */
int import_document(struct db *db, struct arena *a, const void *data, size_t n,
		    const struct import_options *opt, bool delete_reported,
		    struct plan **out, struct import_report *report,
		    struct merge_result *changes, struct err *e);

/* The first letters of the words of name, upper-cased ("Sogn regionråd" ->
 * "SR", "Visit Sognefjord" -> "VS"), into buf. */
void import_initials(struct buf *out, const char *name);

#endif
