/* dvcdesk backup [FILE]: a checked copy of the database through SQLite's
 * backup API, into FILE or a dated file in the backup folder. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/backup.h"
#include "cli/cli.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_help("backup");
		return cli_usage("backup");
	}
	if (argc - optind > 1)
		return cli_usage("backup");
	const char *dest = optind < argc ? argv[optind] : NULL;

	/* Reading is enough: the backup API copies a read snapshot.  Checked
	 * first at any size: damage is the live file's, not the copy's. */
	struct db *db = cli_db_flags(cli, DB_READONLY | DB_CHECK);
	if (!db)
		return cli_db_exit();
	char *written = NULL;
	enum status st = backup_make(db, &cli->cfg, dest, &written);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	if (dest && backup_note_elsewhere(&cli->cfg, written) != ST_OK)
		cli_warn(_("%s; a purge will not know this backup holds personal data: delete it "
		           "by hand when the data must go"),
		         status_detail(ST_IO));
	printf("%s\n", written);
	free(written);
	return 0;
}
