/* dvcdesk report: the totals of a shift, day, month, year or range as text,
 * CSV, JSON or PDF, to stdout, a file or the printer. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_sync.h"
#include "sync/server.h"
#include "sync/server_report.h"
#include "report/pdf.h"
#include "report/print.h"
#include "report/report.h"
#include "store/staff.h"
#include "util/text.h"

enum format { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_PDF };

struct args {
	struct report_filter f;
	int periods; /* how many period options were given */
	const char *from, *to, *staff, *counter, *output, *by;
	int format; /* -1: not given */
	int paper;  /* -1: not given */
	bool print, bom;
	/* report --server [--unit CODE...] [--conninfo C] */
	bool server;
	const char *conninfo;
	const char *units[64];
	int n_units;
};

/* "YYYY-MM-DD", or "today"/"yesterday" by the program's clock. */
static bool parse_day(const char *s, int *day)
{
	if (str_eq(s, "today")) {
		*day = time_local_day(util_now());
		return true;
	}
	if (str_eq(s, "yesterday")) {
		*day = time_day_add(time_local_day(util_now()), -1);
		return true;
	}
	return time_parse_day(s, day);
}

static int bad_value(const char *option, const char *value, const char *allowed)
{
	return cli_error(64, _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
}

static int parse_args(struct args *a, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"shift", required_argument, NULL, 'S'},  {"day", required_argument, NULL, 'D'},
	    {"month", required_argument, NULL, 'M'},  {"year", required_argument, NULL, 'Y'},
	    {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
	    {"staff", required_argument, NULL, 's'},  {"counter", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'F'}, {"width", required_argument, NULL, 'w'},
	    {"output", required_argument, NULL, 'o'}, {"print", no_argument, NULL, 'p'},
	    {"bom", no_argument, NULL, 'b'},          {"by", required_argument, NULL, 'B'},
	    {"server", no_argument, NULL, 'X'},       {"unit", required_argument, NULL, 'U'},
	    {"conninfo", required_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
	static const char *const formats[] = {"text", "csv", "json", "pdf"};
	static const char *const papers[] = {"a4", "80mm", "58mm"}; /* enum paper order */
	int c, day, last;
	char *end;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			a->f.kind = REPORT_SHIFT;
			a->f.shift_id = strtoll(optarg, &end, 10);
			if (*end || a->f.shift_id <= 0)
				return bad_value("--shift", optarg, _("a shift number"));
			a->periods++;
			break;
		case 'D':
			if (!parse_day(optarg, &day))
				return bad_value("--day", optarg, "YYYY-MM-DD, today, yesterday");
			report_filter_day(&a->f, day);
			a->periods++;
			break;
		case 'M':
			if (!time_parse_month(optarg, &day, &last))
				return bad_value("--month", optarg, "YYYY-MM");
			report_filter_month(&a->f, day);
			a->periods++;
			break;
		case 'Y': {
			long y = strtol(optarg, &end, 10);
			if (*end || strlen(optarg) != 4 || y < 2000 || y > 2999)
				return bad_value("--year", optarg, "YYYY");
			report_filter_year(&a->f, (int)y * 10000 + 101);
			a->periods++;
			break;
		}
		case 'f':
			a->from = optarg;
			break;
		case 't':
			a->to = optarg;
			break;
		case 's':
			a->staff = optarg;
			break;
		case 'c':
			a->counter = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'p':
			a->print = true;
			break;
		case 'b':
			a->bom = true;
			break;
		case 'B':
			a->by = optarg;
			break;
		case 'F':
			a->format = -1;
			for (int i = 0; i < 4; i++)
				if (str_eq(optarg, formats[i]))
					a->format = i;
			if (a->format < 0)
				return bad_value("--format", optarg, "text, csv, json, pdf");
			break;
		case 'w':
			a->paper = -1;
			for (int i = 0; i < 3; i++)
				if (str_eq(optarg, papers[i]))
					a->paper = i;
			if (a->paper < 0)
				return bad_value("--width", optarg, "58mm, 80mm, a4");
			break;
		case 'X':
			a->server = true;
			break;
		case 'U':
			if (a->n_units == 64)
				return cli_error(64, _("at most %d units at a time"), 64);
			a->units[a->n_units++] = optarg;
			break;
		case 'C':
			a->conninfo = optarg;
			break;
		case 'h':
			cli_usage("report");
			return 0;
		default:
			return cli_usage("report");
		}
	}
	if (optind != argc)
		return cli_usage("report");
	if (a->from || a->to) {
		int from, to;
		if (!a->from || !a->to)
			return cli_error(64, _("--from and --to go together"));
		if (!parse_day(a->from, &from))
			return bad_value("--from", a->from, "YYYY-MM-DD");
		if (!parse_day(a->to, &to))
			return bad_value("--to", a->to, "YYYY-MM-DD");
		if (from > to)
			return cli_error(64, _("--from %s is after --to %s"), a->from, a->to);
		a->f.kind = REPORT_RANGE;
		a->f.from_day = from;
		a->f.to_day = to;
		a->periods++;
	}
	if (a->periods != 1) {
		cli_error(64, _("say which period: one of --shift, --day, --month, --year or "
		                "--from/--to"));
		return cli_usage("report");
	}
	if (!a->server && (a->n_units || a->conninfo))
		return cli_error(64, _("--unit and --conninfo go with --server"));
	if (a->server && (a->f.kind == REPORT_SHIFT || a->staff || a->counter))
		return cli_error(64, _("--server reports days, months, years or ranges, of every "
		                       "volunteer and counter"));
	if (a->format == FMT_PDF && !a->output && !a->print)
		return cli_error(64, _("a PDF needs --output FILE or --print"));
	return -1;
}

/* Who made the report: --by, else the login's full name or user name. */
static const char *made_by(const struct args *a)
{
	if (a->by)
		return a->by;
	struct passwd *pw = getpwuid(getuid());
	if (!pw)
		return NULL;
	static char name[128];
	size_t n = pw->pw_gecos ? strcspn(pw->pw_gecos, ",") : 0;
	if (n > 0 && n < sizeof(name))
		snprintf(name, sizeof(name), "%.*s", (int)n, pw->pw_gecos);
	else
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	return name;
}

static int write_out(const char *output, const struct strbuf *sb)
{
	if (!output || str_eq(output, "-")) {
		if (fwrite(sb->buf ? sb->buf : "", 1, sb->len, stdout) != sb->len ||
		    fflush(stdout) != 0)
			return cli_error(74, _("cannot write the report to standard output"));
		return 0;
	}
	status_clear();
	enum status st = print_save(output, sb->buf ? sb->buf : "", sb->len);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

static int do_print(struct cli *cli, const struct args *a, const struct report *r, enum paper paper)
{
	struct print_opts po;
	print_opts_from_config(&po, &cli->cfg);
	po.paper = paper;
	struct print_job job;
	status_clear();
	/* A PDF asked for with --output is the file printed (and kept). */
	const char *save_as = a->format == FMT_PDF ? a->output : NULL;
	enum status st = print_report(&job, &po, r, save_as);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	st = print_wait(&job);
	int rc = 0;
	if (st == ST_OK)
		fprintf(stderr, "dvcdesk: %s\n", job.message);
	else
		rc = cli_error(status_exit_code(st), "%s", job.message);
	print_job_done(&job);
	return rc;
}

/* report --server: the server's aggregates; the local file, when there is
 * one, only names the procedures. */
static int server_run(struct cli *cli, const struct args *a, struct report *r,
                      struct server_units *units)
{
	PGconn *pc;
	int rc = cli_pg_connect(cli, a->conninfo, &pc);
	if (rc)
		return rc;
	struct db *local = NULL;
	if (cli->cfg.db_path && access(cli->cfg.db_path, R_OK) == 0) {
		status_clear();
		if (db_open(&local, cli->cfg.db_path, DB_READONLY) != ST_OK)
			local = NULL;
	}
	int v;
	status_clear();
	enum status st = server_version(pc, &v);
	if (st == ST_OK)
		st = server_report(pc, local, &cli->cfg, &a->f, a->units, a->n_units, r, units);
	if (local)
		db_close(local);
	pg_close(pc);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct args a;
	memset(&a, 0, sizeof(a));
	a.format = a.paper = -2; /* not given */
	int rc = parse_args(&a, argc, argv);
	if (rc >= 0)
		return rc;
	if (a.format == -2)
		a.format = FMT_TEXT;

	struct server_units units = {NULL, 0};
	struct report r;
	enum status st;
	if (a.server) {
		rc = server_run(cli, &a, &r, &units);
		if (rc)
			return rc;
		goto render;
	}
	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	if (a.staff) {
		struct staff s;
		char *nfc = text_nfc(a.staff);
		st = staff_find(db, nfc ? nfc : a.staff, &s);
		free(nfc);
		if (st != ST_OK)
			return cli_error(
			    66, _("no staff member named \"%s\"; see `dvcdesk staff list`"),
			    a.staff);
		a.f.staff_id = s.id;
	}
	char *counter = a.counter ? text_nfc(a.counter) : NULL;
	a.f.counter = counter;

	report_init(&r);
	status_clear();
	st = report_run(db, &cli->cfg, &a.f, &r);
	free(counter);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
render:
	report_set_prepared_by(&r, made_by(&a));

	/* Text is for a screen (80 columns) unless a width is asked for; paper
	 * follows --width, else the [print] paper. */
	enum paper paper = a.paper >= 0 ? (enum paper)a.paper : cli->cfg.print.paper;
	static const int cols[] = {REPORT_COLS_A4, REPORT_COLS_80MM, REPORT_COLS_58MM};
	struct strbuf sb;
	sb_init(&sb);
	rc = 0;
	/* --print alone prints; an explicit --format or --output also writes. */
	bool write = !a.print || a.output || a.format != FMT_TEXT;
	if (a.format == FMT_PDF && a.print)
		write = false; /* do_print saves the PDF to --output */
	if (write) {
		switch (a.format) {
		case FMT_TEXT:
			report_write_text(&r, cols[a.paper >= 0 ? a.paper : 0], &sb);
			if (a.server)
				server_units_text(&units, cols[a.paper >= 0 ? a.paper : 0], &sb);
			break;
		case FMT_CSV:
			report_write_csv(&r, a.bom, &sb);
			if (a.server)
				server_units_csv(&units, &sb);
			break;
		case FMT_JSON:
			report_write_json(&r, &sb);
			if (a.server)
				server_units_json(&units, &sb);
			break;
		case FMT_PDF:
			status_clear();
			st = pdf_report(&r, paper, &sb, NULL);
			if (st != ST_OK)
				rc = cli_error(status_exit_code(st), "%s", status_detail(st));
			break;
		}
		if (rc == 0)
			rc = write_out(a.output, &sb);
	}
	if (rc == 0 && a.print)
		rc = do_print(cli, &a, &r, paper);
	sb_done(&sb);
	report_done(&r);
	server_units_done(&units);
	return rc;
}
