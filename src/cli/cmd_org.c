/*
 * cmd_org.c: `samspel org` - organisations and their members, so that a
 * council's municipalities (and a network's members) are known: a reporter
 * for a member may then report where the council or network takes part.
 */
#include "cli/cli.h"
#include "model/org.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char org_usage[] =
	N_("Usage: samspel org COMMAND [options]\n"
	   "  org list                       every organisation: name, kind, council, members\n"
	   "  org add NAME --kind KIND [--owner COUNCIL]\n"
	   "  org member GROUP MEMBER        MEMBER becomes a member of GROUP\n"
	   "Kinds: council, municipality, county, state, group, company, education, other.\n"
	   "  --db FILE   the database (default var/samspel.db)\n");

/* The one organisation called name, or an error saying why not. */
static int find(struct db *db, struct arena *a, const char *name, struct org_match *m,
		struct err *e)
{
	int n = org_lookup_anywhere(db, a, name, m, e);
	if (n < 0)
		return ERR;
	if (n == 0)
		return err_set(e, ERR_INPUT, "org", _("There is no organisation called \"%s\"."), name);
	if (n > 1)
		return err_set(e, ERR_INPUT, "org",
			       _("%d organisations are called \"%s\" (kept by different councils); this version cannot tell them apart."),
			       n, name);
	return OK;
}

int cmd_org(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"kind", required_argument, 0, 'k'},
		{"owner", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(_(org_usage), stdout);
			return 0;
		}
		return cli_usage_error("org", _("give a command: list, add, member"));
	}
	const char *sub = argv[1], *db_path = DEFAULT_DB, *kind = NULL, *owner = NULL;
	int c;
	argc--, argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'k': kind = optarg; break;
		case 'o': owner = optarg; break;
		case 'h': fputs(_(org_usage), stdout); return 0;
		default: return cli_usage_error("org", _("unknown option"));
		}
	}
	int nargs = argc - optind;
	int want = strcmp(sub, "list") == 0 ? 0 : strcmp(sub, "add") == 0 ? 1
		 : strcmp(sub, "member") == 0 ? 2 : -1;
	if (want < 0)
		return cli_usage_error("org", _("unknown command \"%s\""), sub);
	if (nargs != want)
		return cli_usage_error("org", _("wrong number of arguments"));
	struct db *db;
	int rc = cli_open_db(db_path, false, &db);
	if (rc)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	struct org_match g, m;
	if (want == 0) {
		org_list list;
		if (org_list_all(db, &a, &list, &e) != OK)
			rc = cli_fail(&e);
		for (size_t i = 0; rc == 0 && i < list.count; i++)
			printf("%s\t%s\t%s\t%d\n", list.items[i].name, list.items[i].kind,
			       list.items[i].owner ? list.items[i].owner : "-", list.items[i].members);
	} else if (want == 1) {
		int64_t id, owner_id = 0;
		if (!kind || !org_kind_valid(kind)) {
			rc = cli_usage_error("org", _("give --kind: council, municipality, county, state, group, company, education or other"));
		} else if (owner && find(db, &a, owner, &m, &e) != OK) {
			rc = cli_fail(&e);
		} else {
			owner_id = owner ? m.org_id : 0;
			if (org_add(db, argv[optind], kind, owner_id, cli_actor(), &id, &e) != OK)
				rc = cli_fail(&e);
			else
				printf(_("Added %s (%s)\n"), argv[optind], kind);
		}
	} else {
		if (find(db, &a, argv[optind], &g, &e) != OK ||
		    find(db, &a, argv[optind + 1], &m, &e) != OK ||
		    org_add_member(db, g.org_id, m.org_id, cli_actor(), &e) != OK)
			rc = cli_fail(&e);
		else
			printf(_("%s is now a member of %s\n"), m.name, g.name);
	}
	arena_release(&a);
	db_close(db);
	return rc;
}
