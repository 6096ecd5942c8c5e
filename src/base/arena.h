/*
 * arena: a region allocator. Everything allocated from an arena is freed at
 * once by arena_release. A web request owns one arena (freed when the request
 * completes); an import or export owns one for its whole run. Nothing
 * allocated from an arena may be passed to free().
 */
#ifndef SAMSPEL_BASE_ARENA_H
#define SAMSPEL_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block; NULL while empty */
};

#define ARENA_INIT { 0 }

/* Frees every block; the arena is empty and reusable. */
void arena_release(struct arena *a);

/* n bytes, aligned for any type, zero-filled. */
void *arena_alloc(struct arena *a, size_t n);
/* An array of count elements of size bytes each, zero-filled (checked). */
void *arena_array(struct arena *a, size_t count, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Allocates a new element for a growable array held in *items with *count
 * elements and *cap capacity, returning a pointer to the zeroed new element. */
void *arena_push(struct arena *a, void *items_ptr, size_t *count, size_t *cap,
		 size_t size);
#define ARENA_PUSH(a, vec) \
	((__typeof__((vec).items))arena_push((a), &(vec).items, &(vec).count, \
					     &(vec).cap, sizeof *(vec).items))

#endif
