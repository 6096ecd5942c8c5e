/*
 * cmd_plan.c: the plan subcommands: import, export, list, publish,
 * unpublish.
 */
#include "cli/cli.h"
#include "formats/import.h"
#include "formats/export.h"
#include "formats/json.h"
#include "model/plan.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "db/db.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void print_summary(struct arena *a, const struct plan *p,
			  const struct import_report *r, bool dry_run)
{
	size_t goals = 0, focuses = 0;
	for (size_t i = 0; i < p->areas.count; i++) {
		goals += p->areas.items[i].goals.count;
		focuses += p->areas.items[i].focuses.count;
	}
	printf(dry_run ? _("Read \"%s\" (nothing stored: --dry-run)\n")
		       : _("Imported \"%s\" as %s\n"),
	       p->title, p->slug);
	printf(_("  %zu areas, %zu goals, %zu focuses, %zu strategies, %zu measures\n"),
	       p->areas.count, goals, focuses, plan_count_strategies(p),
	       plan_count_measures(p));
	struct buf money = BUF_INIT;
	money_format_digits(&money, plan_budget_total(p));
	printf(_("  Budget in all: %s kr\n"), money.data);
	for (size_t i = 0; i < p->areas.count; i++) {
		buf_reset(&money);
		money_format_digits(&money, area_budget_total(&p->areas.items[i]));
		printf("    %s. %s: %s kr\n", p->areas.items[i].number,
		       p->areas.items[i].title, money.data);
	}
	buf_release(&money);
	if (p->status == PLAN_ADOPTED)
		printf(_("  Adopted %s by %s\n"), p->adopted_on, p->adopted_by);
	printf("  %s\n", p->published ? _("Published: everyone can read it.")
				      : _("Draft: only signed-in users can read it."));
	if (r->new_orgs.count) {
		printf(_("New organisations (%zu):\n"), r->new_orgs.count);
		for (size_t i = 0; i < r->new_orgs.count; i++)
			printf("  - %s\n", r->new_orgs.items[i]);
	}
	if (r->notes.count) {
		printf(_("Notes (%zu):\n"), r->notes.count);
		for (size_t i = 0; i < r->notes.count; i++) {
			if (r->notes.items[i].line)
				printf("  %zu. %s: %s\n", i + 1,
				       import_where(a, r, r->notes.items[i].line), r->notes.items[i].text);
			else
				printf("  %zu. %s\n", i + 1, r->notes.items[i].text);
		}
	}
}

/* What a replace changed, one line per node. */
static void print_changes(const struct merge_result *r)
{
	if (!r->replaced)
		return;
	if (!r->changes.count) {
		printf("%s\n", _("No changes to the stored plan."));
		return;
	}
	printf(_("Changes to the stored plan: %zu changed, %zu added, %zu removed\n"),
	       r->changed, r->added, r->removed);
	struct buf line = BUF_INIT;
	for (size_t i = 0; i < r->changes.count; i++) {
		buf_reset(&line);
		merge_change_format(&line, &r->changes.items[i]);
		printf("  %s\n", line.data);
	}
	buf_release(&line);
}

static const char import_usage[] =
	N_("Usage: samspel import FILE [options]\n"
	   "Reads an action plan and stores it: the plan text format, a Word\n"
	   "document (.docx), an OpenDocument text (.odt), or a spreadsheet of\n"
	   "measures (.xlsx, .ods, .csv), told apart by their content.\n"
	   "\n"
	   "  --db FILE       the database (default var/samspel.db)\n"
	   "  --slug NAME     the plan's name in addresses (default: from the title)\n"
	   "  --owner NAME    the council the plan belongs to (default: the adopting one)\n"
	   "  --replace       update a stored plan with the same name in place: what\n"
	   "                  stays keeps its id, status reports and links; prints\n"
	   "                  what was changed, added and removed\n"
	   "  --delete-reported  with --replace: also delete measures that have status\n"
	   "                  reports when the new text leaves them out\n"
	   "  --copy          a new plan even if this document became one already\n"
	   "                  (without it, that is refused and the plan named)\n"
	   "  --publish       publish it even if the text does not state its adoption\n"
	   "  --draft         keep it as a draft even if it is adopted\n"
	   "  --dry-run       do it all and report, but store nothing\n"
	   "  --help          this text\n");

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"slug", required_argument, 0, 's'},
		{"owner", required_argument, 0, 'o'}, {"replace", no_argument, 0, 'r'},
		{"publish", no_argument, 0, 'p'}, {"draft", no_argument, 0, 'D'},
		{"dry-run", no_argument, 0, 'n'}, {"delete-reported", no_argument, 0, 'R'},
		{"copy", no_argument, 0, 'c'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB;
	struct import_options o = {0};
	o.publish = IMPORT_PUBLISH_AUTO;
	bool delete_reported = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 's': o.slug = optarg; break;
		case 'o': o.owner = optarg; break;
		case 'r': o.replace = true; break;
		case 'c': o.copy = true; break;
		case 'p': o.publish = IMPORT_PUBLISH_YES; break;
		case 'D': o.publish = IMPORT_PUBLISH_NO; break;
		case 'n': o.dry_run = true; break;
		case 'R': delete_reported = true; break;
		case 'h': fputs(_(import_usage), stdout); return 0;
		default: return cli_usage_error("import", _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("import", _("give exactly one FILE to import"));
	const char *path = argv[optind];
	o.source_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	o.actor = cli_actor();

	struct err e = ERR_INIT;
	struct buf text = BUF_INIT;
	if (cli_read_file(path, &text, &e) != OK)
		return cli_fail(&e);
	struct db *db;
	int rc = cli_open_db(db_path, true, &db);
	if (rc) {
		buf_release(&text);
		return rc;
	}
	struct arena a = ARENA_INIT;
	struct import_report report = {0};
	struct plan *p;
	struct merge_result changes = {0};
	if (delete_reported && !o.replace) {
		rc = cli_usage_error("import", _("--delete-reported goes with --replace"));
	} else if (import_plan_merge(db, &a, text.data, text.len, &o, delete_reported, &p,
				     &report, &changes, &e) != OK) {
		rc = cli_fail(&e);
	} else {
		print_summary(&a, p, &report, o.dry_run);
		print_changes(&changes);
	}
	arena_release(&a);
	buf_release(&text);
	db_close(db);
	return rc;
}

static const char export_usage[] =
	N_("Usage: samspel export SLUG --format F [options]\n"
	   "       samspel export --records | --all [options]\n"
	   "Writes a plan in an open format on standard output; with --records,\n"
	   "every group, programme, project, meeting and indicator as JSON (for\n"
	   "`samspel load`); with --all, every plan too (to move a database's\n"
	   "content to another server).\n"
	   "\n"
	   "  --db FILE       the database (default var/samspel.db)\n"
	   "  --format F      json (the formats are listed when F is unknown)\n"
	   "  --output FILE   write to FILE instead\n"
	   "  --help          this text\n");

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"format", required_argument, 0, 'f'},
		{"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
		{"records", no_argument, 0, 'r'}, {"all", no_argument, 0, 'A'}, {0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB, *format = "json", *output = NULL;
	bool records = false, all = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'r': records = true; break;
		case 'A': all = true; break;
		case 'h': {
			struct arena names = ARENA_INIT;
			fputs(_(export_usage), stdout);
			printf(_("Formats: %s\n"), export_names(&names));
			arena_release(&names);
			return 0;
		}
		default: return cli_usage_error("export", _("unknown option"));
		}
	}
	if ((records || all) && optind == argc)
		return cli_export_records(db_path, output, all);
	if (optind != argc - 1 || records || all)
		return cli_usage_error("export", _("give exactly one plan (its SLUG), or --records alone"));
	struct arena a = ARENA_INIT;
	const struct export_format *fmt = export_find(format, false);
	if (!fmt) {
		int rc = cli_usage_error("export", _("unknown format \"%s\" (known: %s)"), format,
					 export_names(&a));
		arena_release(&a);
		return rc;
	}
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	struct plan *p;
	struct export_options eo = {db, &a, i18n_code(i18n_lang()), "", ';'};
	if (plan_load(db, &a, argv[optind], &p, &e) != OK || fmt->write(p, &eo, &out, &e) != OK) {
		rc = cli_fail(&e);
	} else {
		if (cli_write_output(output, &out, &e) != OK)
			rc = cli_fail(&e);
	}
	buf_release(&out);
	arena_release(&a);
	db_close(db);
	return rc;
}

static const char list_usage[] =
	N_("Usage: samspel list [--db FILE]\n"
	   "Prints one line per plan: SLUG, a tab, and its title.\n");

int cmd_list(int argc, char **argv)
{
	const char *db_path;
	int rc = cli_db_only_options(argc, argv, "list", list_usage, 0, &db_path);
	if (rc >= 0)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(db_path, false, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	plan_summary_list plans;
	if (plan_list(db, &a, &plans, &e) != OK)
		rc = cli_fail(&e);
	else
		for (size_t i = 0; i < plans.count; i++)
			printf("%s\t%s\n", plans.items[i].slug, plans.items[i].title);
	arena_release(&a);
	db_close(db);
	return rc;
}

static int set_published(int argc, char **argv, bool published)
{
	const char *name = published ? "publish" : "unpublish";
	const char *db_path;
	int rc = cli_db_only_options(argc, argv, name,
		published ? N_("Usage: samspel publish SLUG [--db FILE]\nMakes the plan readable by everyone.\n")
			  : N_("Usage: samspel unpublish SLUG [--db FILE]\nMakes the plan a draft again, readable by signed-in users only.\n"),
		1, &db_path);
	if (rc >= 0)
		return rc;
	struct db *db;
	if ((rc = cli_open_db(db_path, false, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	if (plan_set_published(db, argv[optind], published, cli_actor(), &e) != OK)
		rc = cli_fail(&e);
	else
		printf(published ? _("Published %s\n") : _("Unpublished %s\n"), argv[optind]);
	db_close(db);
	return rc;
}

int cmd_publish(int argc, char **argv)
{
	return set_published(argc, argv, true);
}

int cmd_unpublish(int argc, char **argv)
{
	return set_published(argc, argv, false);
}
