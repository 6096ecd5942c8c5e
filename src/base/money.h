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

#endif
