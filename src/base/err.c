/* err.c: error values (see err.h). */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, enum err_kind kind, const char *field,
	    const char *fmt, ...)
{
	if (!e)
		return ERR;
	e->kind = kind;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return ERR;
}

void err_clear(struct err *e)
{
	e->kind = ERR_NONE;
	e->field[0] = '\0';
	e->msg[0] = '\0';
}

int err_exit_status(const struct err *e)
{
	return e->kind == ERR_INTERNAL || e->kind == ERR_NONE ? 2 : 1;
}
