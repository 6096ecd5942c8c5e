/*
 * money: amounts in whole Norwegian kroner, as written in budgets
 * ("0,1 mill" = 100 000, "50 000", "2,4 mill", "kr. 2.680.000",
 * "6,6 mill. kroner", "275 000 kr", "1,5 mrd", "50 000,-") and as printed
 * back ("275 000 kr", "2,4 mill. kr").
 *
 * Parsing never guesses a number: a value that is not whole kroner
 * ("0,1234567 mill", "50 000,50"), ambiguous grouping ("50 00"), or too large
 * is an error. A dash ("-", "–") means "no amount" and is not an error.
 */
#ifndef SAMSPEL_BASE_MONEY_H
#define SAMSPEL_BASE_MONEY_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct buf;
struct err;

/* Largest amount accepted: a thousand billion kroner. */
#define MONEY_MAX INT64_C(1000000000000000)

/* Parses text. On OK, *none is true for a dash (and *amount is 0), otherwise
 * *amount holds whole kroner. On ERR, e says what is wrong. */
int money_parse(const char *text, int64_t *amount, bool *none, struct err *e);

/* Appends amount with a no-break space between groups of three digits:
 * "3 025 000" (no unit). */
void money_format_digits(struct buf *b, int64_t amount);
/* Appends amount as people read it: "275 000 kr", or "2,4 mill. kr" for a
 * million or more that is a whole number of hundred thousands. */
void money_format(struct buf *b, int64_t amount);

/* --- phrases: an amount with a qualifier, or words instead of a number --- */

/* What a budget line's words say about its amount. MQ_EXACT is the plain
 * number; the last three carry no number. */
enum money_qualifier {
	MQ_EXACT,    /* "50 000" */
	MQ_UPPER,    /* "inntil 50 000", "opptil", "maks.", "maksimalt" */
	MQ_ESTIMATE, /* "ca. 50 000", "om lag", "rundt", "cirka" */
	MQ_LOWER,    /* "minst 50 000" */
	MQ_FRAME,    /* "Innanfor ramma", "Innenfor eksisterende budsjett" */
	MQ_OWN,      /* "Eigeninnsats", "Eigne midlar": paid by the doer itself */
	MQ_UNKNOWN,  /* "Ikkje avklart", "Uavklart", "Ukjent" */
};

struct money_phrase {
	int64_t amount;   /* whole kroner; 0 unless has_amount */
	bool has_amount;  /* false for "-" and the wordy qualifiers */
	enum money_qualifier qualifier;
	bool per_year;    /* "75 000 kr/år", "per år", "pr. år" */
};

/* Parses a budget cell as people write it: whatever money_parse reads, with
 * a leading qualifier word, a "per year" tail, thousands written "75'", or
 * one of the phrases without a number (nn, nb, and the English this file
 * prints). Never guesses a number: a qualifier without one ("inntil"),
 * words that are not a number ("ca. mange") are errors, as in money_parse.
 * On ERR *out is cleared and e names the whole text. */
int money_parse_phrase(const char *text, struct money_phrase *out, struct err *e);

/* Appends the phrase as people read it, in the user's language: "inntil
 * 50 000 kr", "ca. 2,4 mill. kr/år", "Innanfor ramma"; "-" for no amount.
 * money_parse_phrase reads it back as the same phrase. */
void money_phrase_format(struct buf *b, const struct money_phrase *p);
/* The same as a string allocated in a. */
const char *money_phrase_text(struct arena *a, const struct money_phrase *p);

/* The code kept in the database and the export: "upper", "estimate",
 * "lower", "frame", "own", "unknown"; NULL for MQ_EXACT. Static strings. */
const char *money_qualifier_code(enum money_qualifier q);
/* Those codes in the order of the qualifiers, NULL-ended: what may be
 * stored (model/node.c's field lists them). */
extern const char *const money_qualifier_codes[];
/* Reads a code back; NULL and "" are MQ_EXACT. ERR for anything else. */
int money_qualifier_parse(const char *code, enum money_qualifier *q);
/* True for the qualifiers that carry no number (frame, own, unknown). */
bool money_qualifier_wordy(enum money_qualifier q);

#endif
