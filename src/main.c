/*
 * main.c: the table of samspel's subcommands, and nothing else. Each
 * subcommand lives in src/cli/; `samspel COMMAND --help` explains it.
 */
#include "cli/cli.h"
#include "base/i18n.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"serve", cmd_serve, N_("serve the web pages and the API")},
	{"import", cmd_import, N_("read a plan from a text file into the database")},
	{"export", cmd_export, N_("write a plan as JSON, or every record (--records)")},
	{"load", cmd_load, N_("read groups, programmes, projects, meetings and indicators from JSON")},
	{"demo", cmd_demo, N_("fill an empty database with the demo region")},
	{"indicator", cmd_indicator, N_("load an indicator's values from JSON-stat (a file or an address)")},
	{"list", cmd_list, N_("list the plans: SLUG and title")},
	{"publish", cmd_publish, N_("make a plan readable by everyone")},
	{"unpublish", cmd_unpublish, N_("make a plan a draft again")},
	{"migrate", cmd_migrate, N_("create the database or bring it up to date")},
	{"backup", cmd_backup, N_("write a consistent copy of the database")},
	{"user", cmd_user, N_("add and change users and their roles")},
	{"token", cmd_token, N_("API tokens for scripts")},
	{"org", cmd_org, N_("organisations and their members")},
	{"rollover", cmd_rollover, N_("make next year's action plan from this year's")},
	{"search", cmd_search, N_("search the plans, organisations and status reports")},
};

static void usage(FILE *out)
{
	fputs(_("Usage: samspel COMMAND [options]   (samspel COMMAND --help)\n\n"), out);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
}

int main(int argc, char **argv)
{
	i18n_set_lang(i18n_from_env());
	const char *level = getenv("SAMSPEL_LOG");
	if (level && log_parse_level(level) >= 0)
		log_set_level((enum log_level)log_parse_level(level));
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("samspel %s\n", SAMSPEL_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, _("samspel: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	return 1;
}
