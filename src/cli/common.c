/* common.c: what every subcommand shares (see cli.h). */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_db_only_options(int argc, char **argv, const char *name,
			const char *usage, int nargs, const char **db_path)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	*db_path = DEFAULT_DB;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db_path = optarg; break;
		case 'h': fputs(_(usage), stdout); return 0;
		default: return cli_usage_error(name, _("unknown option"));
		}
	}
	if (argc - optind != nargs)
		return cli_usage_error(name, nargs ? _("wrong number of arguments")
						  : _("this command takes no arguments"));
	return -1;
}

int cli_fail(const struct err *e)
{
	fprintf(stderr, "samspel: %s\n", e->msg[0] ? e->msg : _("unknown error"));
	return err_exit_status(e);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "samspel %s: ", command);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	fprintf(stderr, _("Try \"samspel %s --help\".\n"), command);
	va_end(ap);
	return 1;
}

/* Creates the folder that will hold path (one level, as var/ for the
 * default database). */
static int make_parent(const char *path, struct err *e)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return OK;
	char dir[4096];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof dir)
		return err_set(e, ERR_INPUT, "db", _("The path is too long: %s"), path);
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return err_set(e, ERR_INPUT, "db", _("Cannot create the folder %s: %s"),
			       dir, strerror(errno));
	return OK;
}

int cli_open_db(const char *path, bool create, struct db **db)
{
	struct err e = ERR_INIT;
	*db = NULL;
	if (create && make_parent(path, &e) != OK)
		return cli_fail(&e);
	if (db_open(path, create ? DB_CREATE : 0, db, &e) != OK)
		return cli_fail(&e);
	if (db_migrate(*db, NULL, &e) != OK) {
		db_close(*db);
		*db = NULL;
		return cli_fail(&e);
	}
	return 0;
}

const char *cli_actor(void)
{
	static char actor[128];
	const char *who = getenv("USER");
	if (!who || !*who) {
		struct passwd *pw = getpwuid(getuid());
		who = pw ? pw->pw_name : "unknown";
	}
	snprintf(actor, sizeof actor, "cli:%s", who);
	return actor;
}

int cli_read_file(const char *path, struct buf *b, struct err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_INPUT, "file", _("Cannot read %s: %s"), path,
			       strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > 64u << 20) {
			if (f != stdin)
				fclose(f);
			return err_set(e, ERR_INPUT, "file", _("%s is larger than 64 MiB; that is too big to read."), path);
		}
	}
	int failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed)
		return err_set(e, ERR_INPUT, "file", _("Cannot read %s: %s"), path, strerror(errno));
	return OK;
}

int cli_write_output(const char *path, const struct buf *b, struct err *e)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || (path ? fclose(f) : fflush(f)) != 0)
		return err_set(e, ERR_INPUT, "output", _("Cannot write %s: %s"), path ? path : "stdout",
			       strerror(errno));
	return OK;
}
