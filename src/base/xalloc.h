/*
 * xalloc: allocation that never returns NULL. Running out of memory is the one
 * failure samspel does not turn into an error value: it logs and aborts.
 */
#ifndef SAMSPEL_BASE_XALLOC_H
#define SAMSPEL_BASE_XALLOC_H

#include <stddef.h>

/* Each returns storage the caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

_Noreturn void xalloc_die(void);

#endif
