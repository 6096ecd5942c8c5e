/* secret.c: tokens and passwords over libsodium (see secret.h). */
#include "base/secret.h"
#include "base/err.h"
#include "base/i18n.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static int init_result = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	init_result = sodium_init() < 0 ? -1 : 0;
}

int secret_init(struct err *e)
{
	pthread_once(&once, init_once);
	if (init_result != 0)
		return err_set(e, ERR_INTERNAL, NULL, _("The cryptography library could not start."));
	return OK;
}

void secret_token(char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	pthread_once(&once, init_once);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void secret_hash(const char *token, char out[SECRET_HASH_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof h);
}

void secret_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN],
			 struct err *e)
{
	if (secret_init(e) != OK)
		return ERR;
	if (crypto_pwhash_str(out, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, ERR_INTERNAL, NULL, _("Out of memory while hashing the password."));
	return OK;
}

bool secret_password_verify(const char *hash, const char *password)
{
	pthread_once(&once, init_once);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
