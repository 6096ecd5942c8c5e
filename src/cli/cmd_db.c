/* cmd_db.c: the database subcommands: migrate and backup. */
#include "cli/cli.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'h':
			fputs(_("Usage: samspel migrate [--db FILE]\nCreates the database or brings its schema up to date.\n"), stdout);
			return 0;
		default: return cli_usage_error("migrate", _("unknown option"));
		}
	}
	if (optind != argc)
		return cli_usage_error("migrate", _("migrate takes no arguments"));
	struct db *db;
	int rc = cli_open_db(db_path, true, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	int version = db_schema_version(db, &e);
	if (version < 0)
		rc = cli_fail(&e);
	else
		printf(_("%s: schema version %d\n"), db_path, version);
	db_close(db);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'h':
			fputs(_("Usage: samspel backup FILE [--db FILE]\nWrites a consistent copy of the database, also while the server runs.\n"), stdout);
			return 0;
		default: return cli_usage_error("backup", _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("backup", _("give the FILE to write the backup to"));
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	if (db_backup(db, argv[optind], &e) != OK)
		rc = cli_fail(&e);
	else
		printf(_("Wrote %s\n"), argv[optind]);
	db_close(db);
	return rc;
}
