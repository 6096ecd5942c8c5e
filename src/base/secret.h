/*
 * secret: random tokens, their stored hashes, constant-time comparison and
 * password hashing, all from libsodium. A token is shown once (to a cookie
 * or a terminal); the database only ever holds its hash.
 */
#ifndef SAMSPEL_BASE_SECRET_H
#define SAMSPEL_BASE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

struct err;

#define SECRET_TOKEN_LEN 43   /* 32 random bytes, base64url without padding */
#define SECRET_HASH_LEN 64    /* BLAKE2b-256 as hex */
#define SECRET_PWHASH_LEN 128 /* crypto_pwhash_STRBYTES */

/* Initialises libsodium once; returns ERR when the library cannot start. */
int secret_init(struct err *e);
/* Writes SECRET_TOKEN_LEN random URL-safe characters and a NUL. */
void secret_token(char out[SECRET_TOKEN_LEN + 1]);
/* Writes the hex hash of token (what is stored) and a NUL. */
void secret_hash(const char *token, char out[SECRET_HASH_LEN + 1]);
/* The SHA-256 of n bytes of data as 64 hex digits and a NUL (the
 * fingerprint of a document: a frozen report, an imported plan). */
void secret_sha256_hex(const void *data, size_t n, char out[65]);
/* Constant-time equality of two strings (length is not secret). */
bool secret_equal(const char *a, const char *b);
/* Hashes a password with argon2id into out (libsodium's string form). */
int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN],
			 struct err *e);
/* True when password matches the stored hash. */
bool secret_password_verify(const char *hash, const char *password);

#endif
