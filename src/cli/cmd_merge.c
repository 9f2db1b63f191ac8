/* dvcdesk merge FILE.db...: fold other counters' database files into this
 * one (store/merge.h has the rules).  Each file is merged whole or not at
 * all; a refused file is one line on stderr and the others still go in.
 * One line per file on stdout says what was added, voided, updated and
 * already here; members renamed because their name was taken, and personal
 * data left behind, are said on stderr. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/merge.h"

static void report_file(const char *path, const struct merge_result *r)
{
	printf(_("%s: %ld visits added, %ld voided, %ld updated, %ld already here; "
	         "%ld staff added (%ld renamed), %ld already here; %ld shifts, %ld procedures, "
	         "%ld units added\n"),
	       path, r->visits_added, r->visits_voided, r->visits_updated, r->visits_unchanged,
	       r->staff_added, r->staff_renamed, r->staff_known, r->shifts_added,
	       r->procedures_added, r->units_added);
	const char *line = r->renames.buf;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		int n = end ? (int)(end - line) : (int)strlen(line);
		/* TRANSLATORS: NAME → NEW NAME; the two are different people. */
		cli_warn(_("%s: %.*s: that name is another person here (another uid); both are "
		           "kept, the newcomer disabled until a supervisor enables them"),
		         path, n, line);
		line = end ? end + 1 : line + n;
	}
	if (r->staff_added > 0)
		cli_warn(_("%s: the %ld staff members added are disabled and have no PIN here; "
		           "they count in reports (to log in here: dvcdesk staff enable NAME, "
		           "staff set-pin "
		           "NAME)"),
		         path, r->staff_added);
	if (r->personal_left > 0)
		cli_warn(_("%s: the personal data of %ld visits were not copied (this counter's "
		           "[privacy] rules: retention_days, collect_name, collect_phone)"),
		         path, r->personal_left);
	if (r->personal_purged > 0)
		cli_warn(_("%s: the personal data of %ld visits were deleted here, as they were "
		           "in that file"),
		         path, r->personal_purged);
}

int cmd_merge(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage("merge");
			return 0;
		default:
			return cli_usage("merge");
		}
	}
	if (optind >= argc)
		return cli_usage("merge");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	int rc = 0;
	struct merge_result r;
	merge_result_init(&r);
	for (int i = optind; i < argc; i++) {
		enum status st = merge_file(db, &cli->cfg, argv[i], &r);
		if (st != ST_OK) {
			/* one line: SQLite's own words may hold a newline */
			char *why = xstrdup(status_detail(st));
			for (char *p = why; *p; p++)
				if (*p == '\n')
					*p = ' ';
			int code = cli_error(status_exit_code(st),
			                     _("%s: nothing was merged from it: %s"), argv[i], why);
			free(why);
			if (!rc)
				rc = code;
			continue;
		}
		report_file(argv[i], &r);
	}
	merge_result_done(&r);
	if (fflush(stdout) != 0 && !rc)
		rc = cli_error(74, _("cannot write to standard output"));
	return rc;
}
