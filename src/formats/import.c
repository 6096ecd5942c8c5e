/*
 * import.c: parse, resolve organisations, store (see import.h).
 *
 * Each distinct name in the responsibility cells is resolved once, in this
 * order, and every step past the second is reported:
 *   1. a name or alias in the database, seen from the owning council
 *      ("Rådet" and "Kommunane" are aliases every council has);
 *   2. the standard council words when the council is new in this import;
 *   3. an abbreviation made of the initials of exactly one known name
 *      ("SR" = Sogn regionråd, "VS" = Visit Sognefjord) - a guess;
 *   4. otherwise a new organisation, listed in the report.
 */
#include "formats/import.h"
#include "formats/doc_read.h"
#include "formats/sheet_plan.h"
#include "model/org.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/secret.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "db/db.h"

#include <string.h>

struct resolved {
	const char *key;  /* fold key of the name as written */
	int64_t org_id;   /* 0: resolved by name inside the store */
	const char *name; /* the organisation's name */
	const char *kind; /* for a new organisation */
	bool collective;
};

typedef VEC(struct resolved) resolved_list;

struct candidate {
	int64_t id; /* 0 when new in this import */
	const char *name;
	const char *key;      /* name folded, made once */
	const char *initials; /* "SR" for "Sogn regionråd", made once */
};

typedef VEC(struct candidate) candidate_list;

struct resolver {
	struct db *db;
	struct arena *a;
	struct import_report *r;
	struct plan *p;
	resolved_list done;
	candidate_list candidates;
	/* The candidates' keys as an open-addressed set (indexes + 1, 0 is
	 * empty), so that a national register of names is not compared with
	 * itself name by name. */
	size_t *seen;
	size_t seen_cap;
	bool failed;      /* a database error while walking the measures */
	struct err error; /* ... and what it was */
};

static const char *fold(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	utf8_fold(&b, s, strlen(s));
	const char *k = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return k;
}

void import_initials(struct buf *out, const char *name)
{
	size_t n = strlen(name), i = 0;
	bool start = true;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(name + i, n - i, &cp);
		if (!len) {
			i++;
			continue;
		}
		if (cp == ' ' || cp == '-' || cp == '/') {
			start = true;
		} else if (start) {
			uint32_t up = cp;
			if (cp >= 'a' && cp <= 'z')
				up = cp - 32;
			else if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
				up = cp - 32;
			utf8_encode(out, up);
			start = false;
		}
		i += len;
	}
}

/* "SR", "NHO", "VS": two to six capital letters. */
static bool is_abbreviation(const char *s)
{
	size_t n = strlen(s), letters = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len)
			return false;
		bool upper = (cp >= 'A' && cp <= 'Z') || cp == 0xC6 || cp == 0xD8 || cp == 0xC5;
		if (!upper)
			return false;
		letters++;
		i += len;
	}
	return letters >= 2 && letters <= 6;
}

/* A kind for a new organisation, from the words of its name. */
static const char *guess_kind(const char *key)
{
	static const struct {
		const char *word;
		const char *kind;
	} hints[] = {
		{"fylkeskommune", "county"}, {"regionråd", "council"},
		{"kommune", "municipality"}, {"skule", "education"},
		{"skole", "education"}, {"høgskule", "education"},
		{"universitet", "education"}, {"gruppe", "group"},
		{"gruppa", "group"}, {"nettverk", "group"}, {"forum", "group"},
		{"styre", "group"}, {" as", "company"}, {"direktorat", "state"},
		{"departement", "state"}, {"statped", "state"},
	};
	for (size_t i = 0; i < sizeof hints / sizeof *hints; i++) {
		const char *hit = strstr(key, hints[i].word);
		if (!hit)
			continue;
		if (hints[i].word[0] == ' ' && hit[strlen(hints[i].word)] != '\0')
			continue; /* " as" only at the end */
		return hints[i].kind;
	}
	return "other";
}

static bool standard_word(const char *key, bool *collective)
{
	static const char *const members[] = {"kommunane", "kommunene",
					      "alle kommunane", "medlemskommunane"};
	static const char *const council[] = {"rådet", "regionrådet"};
	for (size_t i = 0; i < sizeof members / sizeof *members; i++)
		if (strcmp(key, members[i]) == 0)
			return *collective = true;
	for (size_t i = 0; i < sizeof council / sizeof *council; i++)
		if (strcmp(key, council[i]) == 0) {
			*collective = false;
			return true;
		}
	return false;
}

/* The slot of key in R->seen: where it is, or the empty one it belongs in. */
static size_t seen_slot(const struct resolver *R, const char *key)
{
	size_t mask = R->seen_cap - 1, i = (size_t)hash_fnv1a(key, strlen(key)) & mask;
	while (R->seen[i] && strcmp(R->candidates.items[R->seen[i] - 1].key, key) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Makes the set twice as large (or its first 256 slots). */
static void seen_grow(struct resolver *R)
{
	size_t old_cap = R->seen_cap;
	R->seen_cap = old_cap ? old_cap * 2 : 256;
	R->seen = arena_array(R->a, R->seen_cap, sizeof *R->seen);
	memset(R->seen, 0, R->seen_cap * sizeof *R->seen);
	for (size_t i = 0; i < R->candidates.count; i++)
		R->seen[seen_slot(R, R->candidates.items[i].key)] = i + 1;
}

static void add_candidate(struct resolver *R, int64_t id, const char *name)
{
	if ((R->candidates.count + 1) * 2 > R->seen_cap)
		seen_grow(R);
	const char *key = fold(R->a, name);
	size_t slot = seen_slot(R, key);
	if (R->seen[slot])
		return;
	struct candidate *c = ARENA_PUSH(R->a, R->candidates);
	c->id = id;
	c->name = name;
	c->key = key;
	struct buf ini = BUF_INIT;
	import_initials(&ini, name);
	c->initials = arena_strndup(R->a, ini.data ? ini.data : "", ini.len);
	buf_release(&ini);
	R->seen[slot] = R->candidates.count;
}

static void add_measure_candidates(struct measure *m, void *ctx)
{
	struct resolver *R = ctx;
	for (size_t k = 0; k < m->responsible.count; k++)
		if (!is_abbreviation(m->responsible.items[k].name))
			add_candidate(R, 0, m->responsible.items[k].name);
	for (size_t k = 0; k < m->participants.count; k++)
		if (!is_abbreviation(m->participants.items[k].name))
			add_candidate(R, 0, m->participants.items[k].name);
}

/* Everything an abbreviation could stand for: known organisations and every
 * non-abbreviated name in this plan. */
static int collect_candidates(struct resolver *R, struct err *e)
{
	org_list known;
	if (org_list_visible(R->db, R->a, R->p->owner_id, &known, e) != OK)
		return ERR;
	for (size_t i = 0; i < known.count; i++)
		add_candidate(R, known.items[i].id, known.items[i].name);
	if (R->p->owner && !R->p->owner_id)
		add_candidate(R, 0, R->p->owner);
	plan_each_measure(R->p, add_measure_candidates, R);
	return OK;
}

static void note_new(struct resolver *R, const char *name, const char *kind)
{
	for (size_t i = 0; i < R->r->new_orgs.count; i++)
		if (utf8_eq_fold(R->r->new_orgs.items[i], name))
			return;
	(void)kind;
	*ARENA_PUSH(R->a, R->r->new_orgs) = name;
}

/* Resolves one distinct name; the answer is remembered in R->done. */
static int resolve_name(struct resolver *R, const char *written, int line,
			struct resolved **out, struct err *e)
{
	const char *key = fold(R->a, written);
	for (size_t i = 0; i < R->done.count; i++)
		if (strcmp(R->done.items[i].key, key) == 0) {
			*out = &R->done.items[i];
			return OK;
		}
	struct resolved *res = ARENA_PUSH(R->a, R->done);
	res->key = key;
	*out = res;

	struct org_match m;
	int found = org_lookup(R->db, R->a, written, R->p->owner_id, &m, e);
	if (found < 0)
		return ERR;
	if (found) {
		res->org_id = m.org_id;
		res->name = m.name;
		res->collective = m.collective;
		if (m.via_alias)
			import_note(R->a, R->r, line,
				    m.collective ? _("\"%s\" is read as the members of %s.")
						 : _("\"%s\" is read as %s."),
				    written, m.name);
		return OK;
	}
	bool collective;
	if (R->p->owner && standard_word(key, &collective)) {
		res->name = R->p->owner;
		res->collective = collective;
		import_note(R->a, R->r, line,
			    collective ? _("\"%s\" is read as the members of %s.")
				       : _("\"%s\" is read as %s."),
			    written, R->p->owner);
		return OK;
	}
	if (is_abbreviation(written)) {
		const struct candidate *hit = NULL;
		int hits = 0;
		for (size_t i = 0; i < R->candidates.count; i++) {
			const char *ini = R->candidates.items[i].initials;
			if (strlen(ini) > 1 && strcmp(ini, written) == 0) {
				hit = &R->candidates.items[i];
				hits++;
			}
		}
		if (hits == 1) {
			res->org_id = hit->id;
			res->name = hit->name;
			import_note(R->a, R->r, line,
				    _("Guess: \"%s\" is taken to be %s (the initials match). To make it certain, add it as an alias: %s (or on the page %s)."),
				    written, hit->name,
				    arena_printf(R->a, "samspel org alias \"%s\" \"%s\"%s%s%s", hit->name,
						 written, R->p->owner ? " --scope \"" : "",
						 R->p->owner ? R->p->owner : "", R->p->owner ? "\"" : ""),
				    hit->id ? arena_printf(R->a, "/org/%lld", (long long)hit->id) : "/orgs");
			if (!hit->id)
				note_new(R, hit->name, guess_kind(fold(R->a, hit->name)));
			return OK;
		}
		if (hits > 1)
			import_note(R->a, R->r, line,
				    _("\"%s\" could be the initials of %d organisations; it is kept as an organisation of its own."),
				    written, hits);
	}
	res->name = written;
	res->kind = guess_kind(key);
	note_new(R, written, res->kind);
	return OK;
}

static int resolve_links(struct resolver *R, org_link_list *links,
			 int line, struct err *e)
{
	for (size_t i = 0; i < links->count; i++) {
		struct org_link *l = &links->items[i];
		struct resolved *res;
		if (resolve_name(R, l->name, line, &res, e) != OK)
			return ERR;
		l->org_id = res->org_id;
		l->name = res->name;
		l->collective = res->collective;
		l->new_kind = res->kind;
	}
	return OK;
}

static void resolve_measure(struct measure *m, void *ctx)
{
	struct resolver *R = ctx;
	if (R->failed)
		return;
	if (resolve_links(R, &m->responsible, m->source_line, &R->error) != OK ||
	    resolve_links(R, &m->participants, m->source_line, &R->error) != OK)
		R->failed = true;
}

static int resolve_owner(struct resolver *R, struct err *e)
{
	struct plan *p = R->p;
	if (!p->owner) {
		import_note(R->a, R->r, 0,
			    _("The text does not say which council the plan belongs to (no \"Vedteken i ...\"); give it with --owner so that \"kommunane\" and initials can be understood."));
		return OK;
	}
	struct org_match m;
	int found = org_lookup(R->db, R->a, p->owner, 0, &m, e);
	if (found < 0)
		return ERR;
	if (found && !m.collective) {
		p->owner_id = m.org_id;
		p->owner = m.name;
	} else {
		note_new(R, p->owner, "council");
	}
	if (p->adopted_by && utf8_eq_fold(p->adopted_by, p->owner)) {
		p->adopted_by_id = p->owner_id;
		p->adopted_by = p->owner;
	}
	return OK;
}

/* Sorts the notes by line, keeping the order of notes on the same line. */
static void sort_notes(struct import_report *r)
{
	for (size_t i = 1; i < r->notes.count; i++) {
		struct import_note n = r->notes.items[i];
		size_t k = i;
		while (k > 0 && r->notes.items[k - 1].line > n.line) {
			r->notes.items[k] = r->notes.items[k - 1];
			k--;
		}
		r->notes.items[k] = n;
	}
}

int import_plan(struct db *db, struct arena *a, const char *text, size_t len,
		const struct import_options *opt, struct plan **out,
		struct import_report *report, struct err *e)
{
	return import_plan_merge(db, a, text, len, opt, false, out, report, NULL, e);
}

int import_plan_merge(struct db *db, struct arena *a, const char *text, size_t len,
		      const struct import_options *opt, bool delete_reported,
		      struct plan **out, struct import_report *report,
		      struct merge_result *changes, struct err *e)
{
	return import_document(db, a, text, len, opt, delete_reported, out, report, changes, e);
}

const char *import_where(struct arena *a, const struct import_report *r, int line)
{
	if (line > 0 && (size_t)line <= r->where.count)
		return r->where.items[line - 1];
	return arena_printf(a, _("line %d"), line);
}

/* The document's text: as it is, or read out of a DOCX, an ODT or a
 * spreadsheet (which may name the plan's owner: *owner). */
static int document_text(struct arena *a, const void *data, size_t n, const char *source_name,
			 const char **text, size_t *len, const char **owner,
			 struct import_report *report, struct err *e)
{
	*owner = NULL;
	switch (doc_kind_of(data, n)) {
	case DOC_TEXT:
		if (sheet_plan_is_csv(data, n))
			return sheet_plan_text(data, n, source_name, a, text, len, owner, report, e);
		*text = data;
		*len = n;
		return OK;
	case DOC_DOCX:
	case DOC_ODT:
	case DOC_DAMAGED:
		return doc_read(data, n, a, text, len, report, e);
	case DOC_SHEET:
		return sheet_plan_text(data, n, source_name, a, text, len, owner, report, e);
	case DOC_OTHER:
		break;
	}
	return err_set(e, ERR_INPUT, "file", "%s",
		       _("This zip file is neither a Word document (.docx), an OpenDocument text (.odt) nor a spreadsheet (.xlsx, .ods)."));
}

int import_document(struct db *db, struct arena *a, const void *data, size_t n,
		    const struct import_options *opt, bool delete_reported,
		    struct plan **out, struct import_report *report,
		    struct merge_result *changes, struct err *e)
{
	*out = NULL;
	const char *text, *owner;
	size_t len;
	if (document_text(a, data, n, opt->source_name, &text, &len, &owner, report, e) != OK)
		return ERR;
	report->text = text;
	report->text_len = len;
	struct plan *p;
	if (plantext_parse(a, text, len, &p, report, e) != OK)
		return ERR;
	if (opt->owner)
		p->owner = opt->owner;
	else if (!p->owner && owner)
		p->owner = owner;
	p->slug = opt->slug ? opt->slug : plan_make_slug(a, p->title);
	if (!plan_slug_valid(p->slug))
		return err_set(e, ERR_INPUT, "slug",
			       _("\"%s\" is not a valid plan name (use a-z, 0-9 and -)."),
			       p->slug);
	p->source_name = opt->source_name;
	/* Of the bytes as given, so the same document is known again. */
	char *sha = arena_alloc(a, 65);
	secret_sha256_hex(data, n, sha);
	p->source_sha256 = opt->sha256 ? opt->sha256 : sha;
	struct resolver R = {db, a, report, p, {0}, {0}, NULL, 0, false, ERR_INIT};
	if (resolve_owner(&R, e) != OK || collect_candidates(&R, e) != OK)
		return ERR;
	plan_each_measure(p, resolve_measure, &R);
	if (R.failed)
		return err_set(e, R.error.kind, R.error.field, "%s", R.error.msg);
	switch (opt->publish) {
	case IMPORT_PUBLISH_AUTO: p->published = p->status == PLAN_ADOPTED; break;
	case IMPORT_PUBLISH_YES: p->published = true; break;
	case IMPORT_PUBLISH_NO: p->published = false; break;
	}
	sort_notes(report);
	struct merge_options mo = {delete_reported, opt->dry_run,
				  opt->publish == IMPORT_PUBLISH_AUTO, opt->copy};
	if (plan_store_ex(db, a, p, opt->replace, &mo, opt->actor, changes, e) != OK)
		return ERR;
	*out = p;
	return OK;
}
