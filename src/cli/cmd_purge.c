/* dvcdesk purge: the retention purge of personal data ([privacy]
 * retention_days), or, with --phone, a citizen's deletion request (a
 * supervisor's: --as NAME, PIN on standard input). */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_auth.h"
#include "store/purge.h"

static int report(const struct purge_result *r)
{
	if (!r->wal_truncated)
		cli_warn(_("another dvcdesk has the database open: the removed values leave the "
		           "journal file (-wal) only when it closes; run `dvcdesk purge` again "
		           "then"));
	if (r->backup_failures) {
		cli_warn("%s", status_detail(ST_IO));
		cli_warn(_("%d backups could not be cleaned; delete them or run `dvcdesk purge` "
		           "again"),
		         r->backup_failures);
		return status_exit_code(ST_IO);
	}
	return 0;
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
		status_clear();
		st = purge_phone(db, &cli->cfg, phone, sup, &r);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		printf(_("personal data deleted from %d visits; %d backups cleaned\n"), r.visits,
		       r.backups);
	} else {
		int64_t who = 0;
		if (as && (c = cli_supervisor(db, as, "purge", &who)) != 0)
			return c;
		status_clear();
		st = purge_retention(db, &cli->cfg, who, &r);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		printf(_("personal data older than %d days deleted from %d visits; %d backups "
		         "cleaned\n"),
		       cli->cfg.privacy.retention_days, r.visits, r.backups);
	}
	return report(&r);
}
