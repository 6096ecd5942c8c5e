/*
 * err: errors are values. A function that can fail returns OK or ERR and fills
 * a struct err with what went wrong: a kind (which decides the HTTP status and
 * the exit code), the field at fault if any, and a message meant for the user,
 * already translated. No function below main exits the program.
 */
#ifndef SAMSPEL_BASE_ERR_H
#define SAMSPEL_BASE_ERR_H

#define OK 0
#define ERR (-1)

enum err_kind {
	ERR_NONE = 0,
	ERR_INPUT,     /* the user's input is wrong: fix it and try again */
	ERR_NOT_FOUND, /* what was asked for does not exist (or is hidden) */
	ERR_CONFLICT,  /* it exists already, or changed under you */
	ERR_DENIED,    /* not allowed */
	ERR_INTERNAL,  /* our fault or the machine's: database, disk, bug */
};

struct err {
	enum err_kind kind;
	char field[64]; /* the input field at fault, or "" */
	char msg[512];  /* for the user, translated */
};

#define ERR_INIT { ERR_NONE, "", "" }

/* Fills e (which may be NULL) and returns ERR, so callers can write
 * `return err_set(e, ERR_INPUT, "slug", _("..."), slug);`. */
int err_set(struct err *e, enum err_kind kind, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Clears e back to ERR_NONE. */
void err_clear(struct err *e);
/* Process exit status for e: 1 for the user's mistakes, 2 for internal. */
int err_exit_status(const struct err *e);

#endif
