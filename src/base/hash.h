/*
 * hash: a fast non-cryptographic hash (64-bit FNV-1a) for ETags and cache
 * keys. Never for secrets: those use libsodium.
 */
#ifndef SAMSPEL_BASE_HASH_H
#define SAMSPEL_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_fnv1a(const void *data, size_t len);

#endif
