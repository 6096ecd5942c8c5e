/*
 * cli: the subcommands of `samspel`. main.c holds the table that names them;
 * each cmd_*.c implements one family. A command returns the process exit
 * status: 0 done, 1 the user's mistake (with a message), 2 an internal fault.
 */
#ifndef SAMSPEL_CLI_CLI_H
#define SAMSPEL_CLI_CLI_H

#include <stdbool.h>

struct db;
struct err;

#define DEFAULT_DB "var/samspel.db"

int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_unpublish(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_rollover(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_indicator(int argc, char **argv);
/* export --records (with_plans: --all): every record as JSON (cmd_records.c). */
int cli_export_records(const char *db_path, const char *output, bool with_plans);

/* Reads the options of a command that takes only --db and --help, and
 * exactly nargs arguments (left at argv[optind]...). usage is printed
 * (translated) for --help. Returns -1 to go on, or the exit status. */
int cli_db_only_options(int argc, char **argv, const char *name,
			const char *usage, int nargs, const char **db_path);
/* Prints "samspel: MESSAGE" on stderr and returns the exit status for e. */
int cli_fail(const struct err *e);
/* Prints a usage mistake and returns 1. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Opens the database at path, creating it (and its folder) when create is
 * true, and brings its schema up to date. Prints the error and returns the
 * exit status (non-zero) on failure. */
int cli_open_db(const char *path, bool create, struct db **db);
/* "cli:LOGIN" of the user running the command, for the audit trail. */
const char *cli_actor(void);
/* Reads the whole file at path ("-": standard input, at most 64 MiB) into
 * b, which the caller releases. */
struct buf;
int cli_read_file(const char *path, struct buf *b, struct err *e);
/* Writes b to the file at path (NULL: standard output). */
int cli_write_output(const char *path, const struct buf *b, struct err *e);

#endif
