/* cmd_db.c: the database subcommands: migrate and backup. */
#include "cli/cli.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>

int cmd_migrate(int argc, char **argv)
{
	const char *db_path;
	int rc = cli_db_only_options(argc, argv, "migrate",
		N_("Usage: samspel migrate [--db FILE]\nCreates the database or brings its schema up to date.\n"),
		0, &db_path);
	if (rc >= 0)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(db_path, true, &db)) != 0)
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
	const char *db_path;
	int rc = cli_db_only_options(argc, argv, "backup",
		N_("Usage: samspel backup FILE [--db FILE]\nWrites a consistent copy of the database, also while the server runs.\n"),
		1, &db_path);
	if (rc >= 0)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(db_path, false, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	if (db_backup(db, argv[optind], &e) != OK)
		rc = cli_fail(&e);
	else
		printf(_("Wrote %s\n"), argv[optind]);
	db_close(db);
	return rc;
}
