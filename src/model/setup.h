/*
 * setup: the first run. While the database has no user, `samspel serve`
 * makes a single-use setup token and prints a link with it on its console;
 * whoever sits at the machine opens it and creates the first admin account
 * in the browser (web/page_setup.c). Only the token's hash is kept, in this
 * process's memory: it dies with the server, expires after a while, and is
 * spent by its first use.
 */
#ifndef SAMSPEL_MODEL_SETUP_H
#define SAMSPEL_MODEL_SETUP_H

#include "base/secret.h"

#include <stdbool.h>

/* How long a setup link works, in seconds. */
#define SETUP_TOKEN_TTL 3600

/* Makes this process's setup token, valid for ttl seconds (replacing any
 * earlier one); out gets the token itself, to be shown once. */
void setup_token_new(long ttl, char out[SECRET_TOKEN_LEN + 1]);
/* True when token is this process's setup token, neither expired nor spent.
 * Thread-safe; compares in constant time. */
bool setup_token_valid(const char *token);
/* Spends token if it is the valid setup token: true for exactly one caller,
 * after which setup_token_valid is false for every token. */
bool setup_token_spend(const char *token);

#endif
