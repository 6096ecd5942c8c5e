/* setup.c: the single-use setup token of the first run (see setup.h). */
#include "model/setup.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char token_hash[SECRET_HASH_LEN + 1]; /* "" when there is none */
static time_t expires;

void setup_token_new(long ttl, char out[SECRET_TOKEN_LEN + 1])
{
	secret_token(out);
	pthread_mutex_lock(&lock);
	secret_hash(out, token_hash);
	expires = time(NULL) + ttl;
	pthread_mutex_unlock(&lock);
}

/* The check itself; the caller holds the lock. */
static bool valid_locked(const char *token)
{
	if (!token_hash[0] || !token || strlen(token) != SECRET_TOKEN_LEN || time(NULL) >= expires)
		return false;
	char h[SECRET_HASH_LEN + 1];
	secret_hash(token, h);
	return secret_equal(h, token_hash);
}

bool setup_token_valid(const char *token)
{
	pthread_mutex_lock(&lock);
	bool ok = valid_locked(token);
	pthread_mutex_unlock(&lock);
	return ok;
}

bool setup_token_spend(const char *token)
{
	pthread_mutex_lock(&lock);
	bool ok = valid_locked(token);
	if (ok)
		memset(token_hash, 0, sizeof token_hash);
	pthread_mutex_unlock(&lock);
	return ok;
}
