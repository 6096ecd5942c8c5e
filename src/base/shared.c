/* shared.c: reference-counted immutable buffers (see shared.h). */
#include "base/shared.h"
#include "base/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct shared {
	atomic_size_t refs;
	size_t len;
	char data[]; /* len bytes and a NUL, so text can be used as a string */
};

struct shared *shared_new(const void *data, size_t len)
{
	struct shared *s = xmalloc(sizeof *s + len + 1);
	atomic_init(&s->refs, 1);
	s->len = len;
	if (len)
		memcpy(s->data, data, len);
	s->data[len] = '\0';
	return s;
}

struct shared *shared_retain(struct shared *s)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	return s;
}

void shared_release(void *p)
{
	struct shared *s = p;
	if (s && atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
		free(s);
}

const char *shared_data(const struct shared *s)
{
	return s->data;
}

size_t shared_len(const struct shared *s)
{
	return s->len;
}
