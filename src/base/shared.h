/*
 * shared: an immutable byte buffer with a reference count. The page cache
 * keeps a rendered page in one, and every response that sends the page
 * holds a reference instead of a copy, so a page of 1 MB read by 64
 * clients at once is 1 MB in memory, not 65.
 *
 * Thread-safe: the count is atomic; the bytes never change after
 * shared_new.
 */
#ifndef SAMSPEL_BASE_SHARED_H
#define SAMSPEL_BASE_SHARED_H

#include <stddef.h>

struct shared;

/* A new buffer holding a copy of data[0..len), with one reference (the
 * caller's). */
struct shared *shared_new(const void *data, size_t len);
/* One reference more; returns s. */
struct shared *shared_retain(struct shared *s);
/* One reference fewer; the last frees it. s may be NULL. Its signature
 * lets it be a release callback taking a void pointer. */
void shared_release(void *s);
/* The bytes and their length. */
const char *shared_data(const struct shared *s);
size_t shared_len(const struct shared *s);

#endif
