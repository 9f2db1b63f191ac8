/* dvcdesk void: void a visit; the row stays, with who, when and why. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/text.h"
#include "store/visit.h"

int cmd_void(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "reason", required_argument, NULL, 'r' },
					      { "staff", required_argument, NULL, 's' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	const char *reason = NULL, *staff = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 's': staff = optarg; break;
		case 'h':
			return cli_help("void");
		default: return cli_usage("void");
		}
	}
	if (optind != argc - 1 || !reason || str_empty(reason))
		return cli_usage("void");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	int64_t staff_id;
	if (!cli_staff(cli, db, staff, &staff_id))
		return status_exit_code(ST_NOT_FOUND);
	char *why = text_nfc(reason);
	if (!why)
		return cli_error(status_exit_code(ST_INVALID), _("the reason is not valid UTF-8 text"));
	enum status st = visit_void(db, argv[optind], staff_id, why);
	free(why);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf("%s\n", _("voided"));
	return 0;
}
