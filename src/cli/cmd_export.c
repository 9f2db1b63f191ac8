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

static int bad_value(const char *option, const char *value, const char *allowed)
{
	return cli_error(64, _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
}

/* Stream into a new file beside `path`, then rename it into place, so a
 * failed export never leaves half a file under the name asked for. */
static int export_to_file(struct db *db, const struct export_opts *x, const char *path, long *n)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = cli_error(73, _("cannot create %s: %s"), path, strerror(errno));
		free(tmp);
		return rc;
	}
	fchmod(fd, 0600);
	FILE *f = fdopen(fd, "w");
	enum status st = export_visits(db, x, f, n);
	bool ok = st == ST_OK && fflush(f) == 0 && fsync(fileno(f)) == 0;
	int err = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		err = errno;
	}
	int rc = 0;
	if (!ok) {
		unlink(tmp);
		if (st != ST_OK)
			rc = cli_error(status_exit_code(st), "%s", status_detail(st));
		else
			rc = cli_error(74, _("cannot write %s: %s"), path, strerror(err));
	}
	free(tmp);
	return rc;
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
			cli_usage("export");
			return 0;
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
		return cli_error(64, _("--from %s is after --to %s"), from, to);
	if (personal) {
		/* Personal data leave only when the centre collects them at all. */
		const struct config *cfg = &cli->cfg;
		if (!cfg->privacy.collect_name && !cfg->privacy.collect_phone)
			return cli_error(77, _("the configuration does not allow personal data "
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
