/*
 * cmd_rollover.c: `samspel rollover SLUG` - next year's action plan from
 * this year's (model/rollover.h), printing the new plan's slug and what was
 * carried and what was left.
 */
#include "cli/cli.h"
#include "model/rollover.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char rollover_usage[] =
	N_("Usage: samspel rollover SLUG [options]\n"
	   "Makes next year's action plan from this one: a new draft with the year\n"
	   "in its title and name moved on, the same areas, goals, focuses and\n"
	   "strategies, and the measures that are neither done nor cancelled\n"
	   "(without their budget). Prints the new plan's name and what was left.\n"
	   "\n"
	   "  --db FILE       the database (default var/samspel.db)\n"
	   "  --dry-run       do it all and report, but store nothing\n"
	   "  --help          this text\n");

/* "done" -> "fullført", as the pages say it. */
static const char *reason(const char *state)
{
	if (state && strcmp(state, "done") == 0)
		return _("Done");
	if (state && strcmp(state, "cancelled") == 0)
		return _("Cancelled");
	return state ? state : "";
}

/* Prints text on one line: its line breaks become spaces. */
static void put_line(const char *text)
{
	for (const char *p = text ? text : ""; *p; p++)
		putchar(*p == '\n' || *p == '\r' ? ' ' : *p);
	putchar('\n');
}

static void print_summary(const struct rollover_summary *s, bool dry_run)
{
	printf(dry_run ? _("Would roll \"%s\" over to \"%s\" as %s (nothing stored: --dry-run)\n")
		       : _("Rolled \"%s\" over to \"%s\" as %s (a draft)\n"),
	       s->from_title, s->title, s->slug);
	printf(_("  copied: %zu areas, %zu goals, %zu focuses, %zu strategies, %zu sections\n"),
	       s->areas, s->goals, s->focuses, s->strategies, s->sections);
	printf(_("  %zu measures carried over, %zu left; no budget carried\n"), s->carried.count,
	       s->left.count);
	if (s->left.count) {
		printf("%s\n", _("Left in the old plan:"));
		for (size_t i = 0; i < s->left.count; i++) {
			printf("  - %lld (%s): ", (long long)s->left.items[i].from_id,
			       reason(s->left.items[i].state));
			put_line(s->left.items[i].text);
		}
	}
	if (s->carried.count) {
		printf("%s\n", _("Carried over:"));
		for (size_t i = 0; i < s->carried.count; i++) {
			const struct rollover_item *it = &s->carried.items[i];
			if (it->to_id)
				printf("  - %lld -> %lld: ", (long long)it->from_id,
				       (long long)it->to_id);
			else
				printf("  - %lld: ", (long long)it->from_id);
			put_line(it->text);
		}
	}
}

int cmd_rollover(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"dry-run", no_argument, 0, 'n'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB;
	bool dry_run = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'n': dry_run = true; break;
		case 'h': fputs(_(rollover_usage), stdout); return 0;
		default: return cli_usage_error("rollover", _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("rollover", _("give exactly one plan (its SLUG)"));
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	struct rollover_summary s;
	if (plan_rollover_mode(db, &a, argv[optind], dry_run ? ROLLOVER_DRY_RUN : ROLLOVER_STORE,
			       cli_actor(), &s, &e) != OK)
		rc = cli_fail(&e);
	else
		print_summary(&s, dry_run);
	arena_release(&a);
	db_close(db);
	return rc;
}
