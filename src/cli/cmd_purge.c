/* dvcdesk purge: the retention purge of personal data ([privacy]
 * retention_days), or, with --phone, a citizen's deletion request (a
 * supervisor's: --as NAME, PIN on standard input). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cli_auth.h"
#include "store/purge.h"

/* A purge that could leave the removed values somewhere never exits 0. */
static int report(struct purge_result *r)
{
	int rc = 0;
	if (!r->wal_truncated) {
		cli_error(status_exit_code(ST_DB_BUSY),
		          _("the removed values may still be in the journal file (-wal): another "
		            "program has the database open; close every dvcdesk and run `dvcdesk "
		            "purge` again"));
		rc = status_exit_code(ST_DB_BUSY);
	}
	if (r->backup_failures) {
		cli_warn("%s", status_detail(ST_IO));
		cli_warn(_("%d backups could not be cleaned; delete them or run `dvcdesk purge` "
		           "again"),
		         r->backup_failures);
		rc = rc ? rc : status_exit_code(ST_IO);
	}
	if (r->not_reached) {
		cli_warn(_("%d backups made elsewhere were NOT cleaned (not reachable now); "
		           "attach them and run `dvcdesk purge` again, or delete them:"),
		         r->not_reached);
		fprintf(stderr, "%s\n", r->not_reached_list ? r->not_reached_list : "");
		rc = rc ? rc : status_exit_code(ST_IO);
	}
	free(r->not_reached_list);
	r->not_reached_list = NULL;
	return rc;
}

int cmd_purge(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"phone", required_argument, NULL, 'p'},
	                                     {"as", required_argument, NULL, 'a'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *phone = NULL, *as = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			phone = optarg;
			break;
		case 'a':
			as = optarg;
			break;
		case 'h':
			return cli_help("purge");
		default:
			return cli_usage("purge");
		}
	}
	if (optind < argc)
		return cli_usage("purge");

	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	struct purge_result r;
	enum status st;
	if (phone) {
		int64_t sup = 0;
		int rc = cli_supervisor(db, as, "purge --phone", &sup);
		if (rc)
			return rc;
		st = purge_phone(db, &cli->cfg, phone, sup, &r);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		printf(_("personal data deleted from %d visits; %d backups cleaned\n"), r.visits,
		       r.backups);
	} else {
		int64_t who = 0;
		if (as && (c = cli_supervisor(db, as, "purge", &who)) != 0)
			return c;
		st = purge_retention(db, &cli->cfg, who, &r);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		printf(_("personal data older than %d days deleted from %d visits; %d backups "
		         "cleaned\n"),
		       cli->cfg.privacy.retention_days, r.visits, r.backups);
	}
	return report(&r);
}
