/*
 * cmd_search.c: `samspel search QUERY [--as LOGIN] [--limit N] [--db FILE]`
 * - the hits of the search the web page makes (model/search.h), one line
 * each: plan slug (or "-" for an organisation), kind, id, snippet with the
 * matched words in «». It searches as the public (published plans only)
 * unless --as names a user, whose drafts it then finds too.
 */
#include "cli/cli.h"
#include "model/perm.h"
#include "model/search.h"
#include "model/user.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"
#include "db/db.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char search_usage[] = N_(
	"Usage: samspel search QUERY [--as LOGIN] [--limit N] [--db FILE]\n"
	"Searches plans, areas, goals, focuses, strategies, measures, organisations\n"
	"and status reports. Prints one hit a line: plan, kind, id, text (matched\n"
	"words in «»). Finds what the public may read, or with --as what that user\n"
	"may read.\n");

int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"as", required_argument, 0, 'a'},
		{"limit", required_argument, 0, 'l'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_path = DEFAULT_DB, *login = NULL;
	int limit = SEARCH_PAGE_MAX, c;
	char *end;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'a': login = optarg; break;
		case 'l':
			limit = (int)strtol(optarg, &end, 10);
			if (*end || limit < 1 || limit > SEARCH_PAGE_MAX)
				return cli_usage_error("search", _("give --limit as a number from 1 to %d"),
						       SEARCH_PAGE_MAX);
			break;
		case 'h': fputs(_(search_usage), stdout); return 0;
		default: return cli_usage_error("search", _("unknown option"));
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("search", _("wrong number of arguments"));
	struct db *db;
	int rc;
	if ((rc = cli_open_db(db_path, false, &db)) != 0)
		return rc;
	struct err e = ERR_INIT;
	struct arena a = ARENA_INIT;
	struct actor actor = {0};
	struct search_results r;
	if (login) {
		struct user *u;
		if (user_load_by_login(db, &a, login, &u, &e) != OK) {
			rc = cli_fail(&e);
			goto done;
		}
		actor.user_id = u->id;
		actor.login = u->login;
	}
	if (search(db, &a, &actor, argv[optind], limit, 0, &r, &e) != OK) {
		rc = cli_fail(&e);
		goto done;
	}
	for (size_t i = 0; i < r.count; i++) {
		const struct search_group *g = &r.groups[i];
		for (size_t j = 0; j < g->count; j++) {
			const struct search_hit *h = &g->hits[j];
			printf("%s\t%s\t%lld\t%s\n", g->plan_slug ? g->plan_slug : "-",
			       search_kind_code(h->kind), (long long)h->id,
			       search_snippet_text(&a, h));
		}
	}
	if (r.more)
		fprintf(stderr, _("samspel search: more than %d hits; only the first are ranked\n"),
			SEARCH_CAP);
done:
	arena_release(&a);
	db_close(db);
	return rc;
}
