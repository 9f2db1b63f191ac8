/* The per-member reports of `dvcdesk report`: attendance against the
 * roster and the year's evaluation sheet (report/report_members.h). */
#include "cli/report_people.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/print.h"
#include "report/report.h"
#include "report/report_members.h"

bool report_people_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (str_eq(argv[i], "--attendance") || str_eq(argv[i], "--members"))
			return true;
	return false;
}

static int bad(const char *option, const char *value, const char *allowed)
{
	return cli_error(64, _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
}

int report_people(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"attendance", no_argument, NULL, 'A'},   {"members", no_argument, NULL, 'E'},
	    {"month", required_argument, NULL, 'M'},  {"year", required_argument, NULL, 'Y'},
	    {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'F'}, {"output", required_argument, NULL, 'o'},
	    {"bom", no_argument, NULL, 'b'},          {NULL, 0, NULL, 0}};
	bool att = false, mem = false, bom = false;
	const char *from_s = NULL, *to_s = NULL, *output = NULL, *format = "text";
	int from = 0, to = 0, year = 0, periods = 0, c;
	char *end;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'A':
			att = true;
			break;
		case 'E':
			mem = true;
			break;
		case 'M':
			if (!time_parse_month(optarg, &from, &to))
				return bad("--month", optarg, "YYYY-MM");
			periods++;
			break;
		case 'Y': {
			long y = strtol(optarg, &end, 10);
			if (*end || strlen(optarg) != 4 || y < 2000 || y > 2999)
				return bad("--year", optarg, "YYYY");
			year = (int)y;
			from = year * 10000 + 101;
			to = year * 10000 + 1231;
			periods++;
			break;
		}
		case 'f':
			from_s = optarg;
			break;
		case 't':
			to_s = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'b':
			bom = true;
			break;
		default:
			return cli_error(
			    64, _("with --attendance or --members the options are the "
			          "period, --format text|csv|json, --output FILE and --bom"));
		}
	}
	if (optind != argc || (att && mem))
		return cli_usage("report");
	if (from_s || to_s) {
		if (!from_s || !to_s)
			return cli_error(64, _("--from and --to go together"));
		if (!time_parse_day(from_s, &from))
			return bad("--from", from_s, "YYYY-MM-DD");
		if (!time_parse_day(to_s, &to))
			return bad("--to", to_s, "YYYY-MM-DD");
		if (from > to)
			return cli_error(64, _("--from %s is after --to %s"), from_s, to_s);
		periods++;
	}
	if (mem && (periods != 1 || !year))
		return cli_error(64, _("the members sheet is for one year: --members --year YYYY"));
	if (att && periods != 1)
		return cli_error(
		    64, _("say which period: --month YYYY-MM, --year YYYY or --from/--to"));
	int fmt = str_eq(format, "text")   ? 0
	          : str_eq(format, "csv")  ? 1
	          : str_eq(format, "json") ? 2
	                                   : -1;
	if (fmt < 0)
		return bad("--format", format, "text, csv, json");

	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	struct member_sheet s;
	enum status st = mem ? report_members_run(db, &cli->cfg, year, &s)
	                     : report_attendance_run(db, &cli->cfg, from, to, &s);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	struct strbuf sb;
	sb_init(&sb);
	if (fmt == 0)
		member_sheet_text(&s, &sb);
	else if (fmt == 1)
		member_sheet_csv(&s, bom, &sb);
	else
		member_sheet_json(&s, &sb);
	member_sheet_done(&s);
	int rc = 0;
	if (!output || str_eq(output, "-")) {
		if (fwrite(sb.buf ? sb.buf : "", 1, sb.len, stdout) != sb.len ||
		    fflush(stdout) != 0)
			rc = cli_error(74, _("cannot write the report to standard output"));
	} else {
		st = print_save(output, sb.buf ? sb.buf : "", sb.len);
		if (st != ST_OK)
			rc = cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	sb_done(&sb);
	return rc;
}
