/* dvcdesk export: raw visits of a date range, one row each, streamed. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/export.h"
#include "util/fs.h"

static int bad_value(const char *option, const char *value, const char *allowed)
{
	return cli_error(status_exit_code(ST_USAGE), _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
}

/* Stream into a new file beside `path`, then rename it into place (the
 * atomic writer of util/fs.h), so a failed export never leaves half a file
 * under the name asked for. */
static int export_to_file(struct db *db, const struct export_opts *x, const char *path, long *n)
{
	struct fs_atomic a;
	enum status st = fs_atomic_open(&a, path);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	st = export_visits(db, x, a.f, n);
	if (st != ST_OK) {
		fs_atomic_abort(&a);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	st = fs_atomic_commit(&a);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

/* units: room for every --unit (argc entries). */
static int run_export(struct cli *cli, int argc, char **argv, const char **units)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
	                                     {"to", required_argument, NULL, 't'},
	                                     {"format", required_argument, NULL, 'F'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {"bom", no_argument, NULL, 'b'},
	                                     {"with-personal-data", no_argument, NULL, 'P'},
	                                     {"unit", required_argument, NULL, 'u'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct export_opts x;
	memset(&x, 0, sizeof(x));
	const char *from = NULL, *to = NULL, *output = NULL;
	bool personal = false;
	int c;
	x.units = units;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'b':
			x.bom = true;
			break;
		case 'P':
			personal = true;
			break;
		case 'u':
			units[x.n_units++] = optarg;
			break;
		case 'F':
			if (str_eq(optarg, "csv"))
				x.format = EXPORT_CSV;
			else if (str_eq(optarg, "json"))
				x.format = EXPORT_JSON;
			else
				return bad_value("--format", optarg, "csv, json");
			break;
		case 'h':
			return cli_help("export");
		default:
			return cli_usage("export");
		}
	}
	if (optind != argc || !from || !to)
		return cli_usage("export");
	if (!time_parse_day(from, &x.from_day))
		return bad_value("--from", from, "YYYY-MM-DD");
	if (!time_parse_day(to, &x.to_day))
		return bad_value("--to", to, "YYYY-MM-DD");
	if (x.from_day > x.to_day)
		return cli_error(status_exit_code(ST_USAGE), _("--from %s is after --to %s"), from, to);
	if (personal) {
		/* Personal data leave only when the centre collects them at all. */
		const struct config *cfg = &cli->cfg;
		if (!cfg->privacy.collect_name && !cfg->privacy.collect_phone)
			return cli_error(status_exit_code(ST_DENIED), _("the configuration does not allow personal data "
			                       "([privacy] collect_name and collect_phone are no); "
			                       "export without --with-personal-data"));
		x.name = cfg->privacy.collect_name;
		x.phone = cfg->privacy.collect_phone;
		x.note = true;
	}

	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	int bad = cli_check_units(db, x.units, x.n_units);
	if (bad)
		return bad;
	long n = 0;
	if (output && !str_eq(output, "-"))
		return export_to_file(db, &x, output, &n);
	x.terminal = isatty(STDOUT_FILENO);
	enum status st = export_visits(db, &x, stdout, &n);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	const char **units = xcalloc((size_t)argc + 1, sizeof(*units));
	int rc = run_export(cli, argc, argv, units);
	free(units);
	return rc;
}
