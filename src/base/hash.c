/* hash.c: 64-bit FNV-1a and a word-at-a-time hash (see hash.h). */
#include "base/hash.h"

#include <string.h>

uint64_t hash_fnv1a(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* Mixes the bits of k over the whole word (the finaliser of MurmurHash3's
 * 64-bit variant, a public construction). */
static uint64_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdu;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53u;
	k ^= k >> 33;
	return k;
}

uint64_t hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15u ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t k;
		memcpy(&k, p + i, 8);
		h = (h ^ (k * 0x87c37b91114253d5u)) * 0x4cf5ad432745937fu;
		h ^= h >> 31;
	}
	uint64_t tail = 0;
	memcpy(&tail, p + i, len - i);
	return mix(h ^ tail ^ (tail << 7));
}
