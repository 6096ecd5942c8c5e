/*
 * cmd_org.c: `samspel org` - organisations and their members, so that a
 * council's municipalities (and a network's members) are known: a reporter
 * for a member may then report where the council or network takes part;
 * their aliases, so that an import understands "SR" for certain; and
 * merging two that turn out to be the same.
 */
#include "cli/cli.h"
#include "model/org.h"
#include "model/org_merge.h"
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
	   "  org alias ORG ALIAS [--scope COUNCIL | --everywhere] [--collective]\n"
	   "                                 ALIAS becomes another name of ORG, understood\n"
	   "                                 in the plans of COUNCIL (default: the council\n"
	   "                                 keeping ORG, ORG itself when it is a council,\n"
	   "                                 else every plan); --collective: ALIAS means\n"
	   "                                 the members of ORG (\"kommunane\")\n"
	   "  org merge KEEP OTHER           OTHER is the same as KEEP: its measures, plans,\n"
	   "                                 roles, members and aliases move to KEEP, its\n"
	   "                                 name becomes an alias of KEEP, and it is deleted\n"
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

/* samspel org alias ORG ALIAS [--scope COUNCIL | --everywhere] [--collective] */
static int org_alias(struct db *db, struct arena *a, const char *name, const char *alias,
		     const char *scope_name, bool everywhere, bool collective)
{
	struct err e = ERR_INIT;
	struct org_match m, s;
	struct org o;
	if (find(db, a, name, &m, &e) != OK || org_load(db, a, m.org_id, &o, &e) != OK)
		return cli_fail(&e);
	int64_t scope = 0;
	const char *where = NULL;
	if (scope_name) {
		if (find(db, a, scope_name, &s, &e) != OK)
			return cli_fail(&e);
		if (strcmp(s.kind, "council") != 0)
			return cli_usage_error("org", _("--scope takes a regional council; %s is not one"),
					       s.name);
		scope = s.org_id;
		where = s.name;
	} else if (!everywhere && o.owner_id) {
		scope = o.owner_id;
		where = o.owner;
	} else if (!everywhere && strcmp(o.kind, "council") == 0) {
		scope = o.id;
		where = o.name;
	}
	if (org_alias_add(db, o.id, alias, scope, collective, cli_actor(), &e) != OK)
		return cli_fail(&e);
	if (where)
		printf(collective ? _("\"%s\" now means the members of %s in the plans of %s\n")
				  : _("\"%s\" now means %s in the plans of %s\n"),
		       alias, o.name, where);
	else
		printf(collective ? _("\"%s\" now means the members of %s in every plan\n")
				  : _("\"%s\" now means %s in every plan\n"),
		       alias, o.name);
	return 0;
}

/* samspel org merge KEEP OTHER */
static int org_merge_names(struct db *db, struct arena *a, const char *keep, const char *other)
{
	struct err e = ERR_INIT;
	struct org_match k, o;
	struct org_merge_result r;
	if (find(db, a, keep, &k, &e) != OK || find(db, a, other, &o, &e) != OK)
		return cli_fail(&e);
	if (org_merge(db, k.org_id, o.org_id, cli_actor(), &r, &e) != OK)
		return cli_fail(&e);
	printf(_("Merged %s into %s: %lld links to measures, %lld plans, %lld roles, %lld memberships and %lld aliases moved; \"%s\" is now an alias of %s\n"),
	       o.name, k.name, (long long)r.links, (long long)r.plans, (long long)r.roles,
	       (long long)r.members, (long long)r.aliases, o.name, k.name);
	return 0;
}

int cmd_org(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"kind", required_argument, 0, 'k'},
		{"owner", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
		{"scope", required_argument, 0, 's'}, {"everywhere", no_argument, 0, 'e'},
		{"collective", no_argument, 0, 'c'}, {0, 0, 0, 0},
	};
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(_(org_usage), stdout);
			return 0;
		}
		return cli_usage_error("org", _("give a command: list, add, member, alias, merge"));
	}
	const char *sub = argv[1], *db_path = DEFAULT_DB, *kind = NULL, *owner = NULL;
	const char *scope = NULL;
	bool everywhere = false, collective = false;
	int c;
	argc--, argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'k': kind = optarg; break;
		case 'o': owner = optarg; break;
		case 's': scope = optarg; break;
		case 'e': everywhere = true; break;
		case 'c': collective = true; break;
		case 'h': fputs(_(org_usage), stdout); return 0;
		default: return cli_usage_error("org", _("unknown option"));
		}
	}
	int nargs = argc - optind;
	int want = strcmp(sub, "list") == 0 ? 0 : strcmp(sub, "add") == 0 ? 1
		 : strcmp(sub, "member") == 0 ? 2 : strcmp(sub, "alias") == 0 ? 3
		 : strcmp(sub, "merge") == 0 ? 4 : -1;
	if (want < 0)
		return cli_usage_error("org", _("unknown command \"%s\""), sub);
	if (nargs != (want > 2 ? 2 : want))
		return cli_usage_error("org", _("wrong number of arguments"));
	if (want != 3 && (scope || everywhere || collective))
		return cli_usage_error("org", _("--scope, --everywhere and --collective go with \"org alias\""));
	if (scope && everywhere)
		return cli_usage_error("org", _("give --scope or --everywhere, not both"));
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
	} else if (want == 3) {
		rc = org_alias(db, &a, argv[optind], argv[optind + 1], scope, everywhere, collective);
	} else if (want == 4) {
		rc = org_merge_names(db, &a, argv[optind], argv[optind + 1]);
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
