/*
 * user: accounts and their roles. A role is held in an organisation: admin
 * (everything, no organisation), editor of a council, reporter for an
 * organisation, reader. Passwords are stored as argon2id hashes only.
 */
#ifndef SAMSPEL_MODEL_USER_H
#define SAMSPEL_MODEL_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

enum role { ROLE_ADMIN, ROLE_EDITOR, ROLE_REPORTER, ROLE_READER, ROLE_COUNT };

/* "admin", "editor", "reporter", "reader". */
const char *role_code(enum role r);
int role_parse(const char *code, enum role *r);

struct grant {
	enum role role;
	int64_t org_id;       /* 0 for admin */
	const char *org_name; /* NULL for admin */
};

struct user {
	int64_t id;
	const char *login, *name;
	bool disabled;
	struct {
		struct grant *items;
		size_t count, cap;
	} grants;
};

typedef struct {
	struct user *items;
	size_t count, cap;
} user_list;

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024

/* Checks a new password against the rules (at least 12 characters). */
int password_check(const char *password, struct err *e);
/* Checks a login name: 2-64 of a-z 0-9 . _ - @ (upper case is folded), and
 * not "new" (the address /admin/users/new is the form for adding one). */
int login_check(const char *login, struct err *e);

/* Each of these is one transaction with its audit row. */
int user_add(struct db *db, const char *login, const char *name,
	     const char *password, enum role role, int64_t org_id,
	     const char *actor, int64_t *id, struct err *e);
/* Sets user's password to hash (secret_password_hash) and ends the
 * user's sessions, in the caller's transaction; *login (into a) gets the
 * user's login. */
int user_new_password_in_tx(struct db *db, struct arena *a, int64_t user, const char *hash,
			    const char **login, struct err *e);

/* A plain address: local@domain, printable ASCII without spaces or the
 * characters that would break a header, at most 254 bytes. */
bool user_email_valid(const char *s);

/* A new user with where mail to them goes (email NULL or "": none; lang
 * NULL: "nn"); then, when not NULL, runs in the same transaction after
 * the user is added (an invitation queued with it: all or nothing). */
struct user_new {
	const char *login, *name, *password;
	enum role role;
	int64_t org_id;
	const char *email, *lang;
	int (*then)(struct db *db, int64_t id, void *ctx, struct err *e);
	void *ctx;
};
int user_add_new(struct db *db, const struct user_new *u, const char *actor, int64_t *id,
		 struct err *e);
/* Sets where mail to login goes and its language ("nn", "nb", "en"), one
 * transaction with its history row; email NULL keeps it, "" removes it;
 * lang NULL keeps it. ERR_INPUT (field "email" or "lang") when not one. */
int user_set_contact(struct db *db, const char *login, const char *email, const char *lang,
		     const char *actor, struct err *e);
/* The same when the user is still at version (0: whatever it is);
 * ERR_CONFLICT when not. */
int user_set_contact_at(struct db *db, const char *login, int64_t version, const char *email,
			const char *lang, const char *actor, struct err *e);
/* The user's address (NULL: none), language and version (into a). */
int user_contact(struct db *db, struct arena *a, int64_t id, const char **email, const char **lang,
		 int64_t *version, struct err *e);
int user_grant(struct db *db, const char *login, enum role role,
	       int64_t org_id, const char *actor, struct err *e);
int user_set_password(struct db *db, const char *login, const char *password,
		      const char *actor, struct err *e);
/* Disabling also ends the user's sessions. Nobody disables themselves:
 * disabling actor's own login is ERR_INPUT (field "disabled"). */
int user_set_disabled(struct db *db, const char *login, bool disabled,
		      const char *actor, struct err *e);
/* Takes role in org_id (0 for admin) from login: ERR_NOT_FOUND when login
 * does not hold it; ERR_INPUT (field "role") when actor would take their own
 * admin role (then nobody may be left to give it back). */
int user_revoke(struct db *db, const char *login, enum role role,
		int64_t org_id, const char *actor, struct err *e);
/* The first account of a new installation, an admin: like user_add, but
 * ERR_CONFLICT when any user exists already (checked inside the same
 * transaction, so two at once cannot both succeed). */
int user_add_first_admin(struct db *db, const char *login, const char *name,
			 const char *password, const char *actor, int64_t *id,
			 struct err *e);
/* Checks that role can be held in org_id before it is given: admin in no
 * organisation, the others in an existing one, an editor in a council.
 * ERR_INPUT with field "role" or "org". */
int user_role_check(struct db *db, enum role role, int64_t org_id, struct err *e);

/* Reading. */
int user_list_all(struct db *db, struct arena *a, user_list *out, struct err *e);
/* 1 when there is at least one user, 0 when none, ERR. */
int user_any(struct db *db, struct err *e);
/* The user called login (any case) with grants, or ERR_NOT_FOUND. */
int user_load_by_login(struct db *db, struct arena *a, const char *login,
		       struct user **out, struct err *e);
/* The user with id and grants, or ERR_NOT_FOUND. */
int user_load(struct db *db, struct arena *a, int64_t id, struct user **out,
	      struct err *e);
/* For signing in: the id, password hash and disabled flag of login.
 * Returns 1 found, 0 not, ERR. */
int user_credentials(struct db *db, struct arena *a, const char *login,
		     int64_t *id, const char **hash, bool *disabled,
		     struct err *e);

#endif
