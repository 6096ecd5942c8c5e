/*
 * hash: fast non-cryptographic hashes for ETags and cache keys. Never for
 * secrets: those use libsodium.
 */
#ifndef SAMSPEL_BASE_HASH_H
#define SAMSPEL_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_fnv1a(const void *data, size_t len);
/* The same job eight bytes at a step, for large inputs (a page's ETag):
 * FNV-1a's byte at a time was a tenth of the CPU of serving a page. */
uint64_t hash_bytes(const void *data, size_t len);

#endif
