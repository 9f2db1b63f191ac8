/* dvcdesk report: the totals of a shift, day, month, year or range as text,
 * CSV, JSON or PDF, to stdout, a file or the printer. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report_people.h"
#include "cli/cmd_sync.h"
#include "sync/server.h"
#include "sync/server_report.h"
#include "report/pdf.h"
#include "report/due.h"
#include "report/print.h"
#include "report/report.h"
#include "report/report_xlsx.h"
#include "store/staff.h"
#include "util/period.h"
#include "util/text.h"

enum format { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_PDF, FMT_XLSX };
static const char *const formats[] = {"text", "csv", "json", "pdf", "xlsx"};

struct args {
	struct report_filter f;
	int month_starts_on; /* [report] month_starts_on */
	int periods; /* how many period options were given */
	const char *from, *to, *staff, *counter, *output, *by;
	int format; /* -1: not given */
	int paper;  /* -1: not given */
	bool print, bom;
	const char **units; /* --unit, room for argc of them */
	bool due; /* --due: what is due, not a report */
	/* report --server [--unit CODE...] [--conninfo C] */
	bool server;
	const char *conninfo;
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
	return cli_error(status_exit_code(ST_USAGE), _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
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
	    {"unit", required_argument, NULL, 'u'}, /* merge: a file of several units */
	    {"quarter", required_argument, NULL, 'Q'}, {"half", required_argument, NULL, 'H'},
	    {"due", no_argument, NULL, 'U'},
	    {"server", no_argument, NULL, 'X'},       {"conninfo", required_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
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
			report_filter_period(&a->f, REPORT_MONTH, day / 10000, day / 100 % 100,
			                     a->month_starts_on);
			a->periods++;
			break;
		case 'Q': {
			int y, q;
			if (!period_parse_quarter(optarg, &y, &q))
				return bad_value("--quarter", optarg, "YYYY-Q1 .. YYYY-Q4");
			report_filter_period(&a->f, REPORT_QUARTER, y, q, a->month_starts_on);
			a->periods++;
			break;
		}
		case 'H': {
			int y, h;
			if (!period_parse_half(optarg, &y, &h))
				return bad_value("--half", optarg, "YYYY-H1, YYYY-H2");
			report_filter_period(&a->f, REPORT_HALF, y, h, a->month_starts_on);
			a->periods++;
			break;
		}
		case 'Y': {
			long y = strtol(optarg, &end, 10);
			if (*end || strlen(optarg) != 4 || y < 2000 || y > 2999)
				return bad_value("--year", optarg, "YYYY");
			report_filter_period(&a->f, REPORT_YEAR, (int)y, 0, a->month_starts_on);
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
		case 'u':
			a->units[a->f.n_units++] = optarg;
			break;
		case 'U':
			a->due = true;
			break;
		case 'F':
			a->format = -1;
			for (int i = 0; i < (int)ARRAY_LEN(formats); i++)
				if (str_eq(optarg, formats[i]))
					a->format = i;
			if (a->format < 0)
				return bad_value("--format", optarg, "text, csv, json, pdf, xlsx");
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
		case 'C':
			a->conninfo = optarg;
			break;
		case 'h':
			return cli_help("report");
		default:
			return cli_usage("report");
		}
	}
	if (optind != argc)
		return cli_usage("report");
	if (a->due) {
		if (a->periods || a->from || a->to || a->format != -2 || a->output || a->print)
			return cli_error(64, _("--due goes alone: it lists the reports due, it makes none"));
		return -1;
	}
	if (a->from || a->to) {
		int from, to;
		if (!a->from || !a->to)
			return cli_error(status_exit_code(ST_USAGE), _("--from and --to go together"));
		if (!parse_day(a->from, &from))
			return bad_value("--from", a->from, "YYYY-MM-DD");
		if (!parse_day(a->to, &to))
			return bad_value("--to", a->to, "YYYY-MM-DD");
		if (from > to)
			return cli_error(status_exit_code(ST_USAGE), _("--from %s is after --to %s"), a->from, a->to);
		a->f.kind = REPORT_RANGE;
		a->f.from_day = from;
		a->f.to_day = to;
		a->periods++;
	}
	if (a->periods != 1) {
		cli_error(status_exit_code(ST_USAGE), _("say which period: one of --shift, --day, --month, --quarter, "
		                "--half, --year or --from/--to"));
		return cli_usage("report");
	}
	if (!a->server && a->conninfo)
		return cli_error(status_exit_code(ST_USAGE), _("--conninfo goes with --server"));
	if (a->server && (a->f.kind == REPORT_SHIFT || a->staff || a->counter))
		return cli_error(status_exit_code(ST_USAGE), _("--server reports days, months, years or ranges, of every "
		                       "volunteer and counter"));
	if (a->format == FMT_PDF && !a->output && !a->print)
		return cli_error(status_exit_code(ST_USAGE), _("a PDF needs --output FILE or --print"));
	if (a->format == FMT_XLSX && !a->output)
		return cli_error(status_exit_code(ST_USAGE), _("a spreadsheet needs --output FILE.xlsx (- for standard output)"));
	return -1;
}

/* Who made the report, printed as the preparer: --by, else the shift's
 * volunteer for a shift's summary, else nobody (a blank line to sign by
 * hand).  Never the login name: a document signed over "root" is not
 * accepted. */
static const char *made_by(const struct args *a, const struct report *r)
{
	if (a->by)
		return a->by;
	if (r->filter.kind == REPORT_SHIFT)
		return r->shift_staff;
	return NULL;
}

static int write_out(const char *output, const struct strbuf *sb)
{
	if (!output || str_eq(output, "-")) {
		/* To a terminal, nothing read from the database (staff, procedure
		 * or unit names) may carry an escape sequence. */
		char *safe = isatty(STDOUT_FILENO) ? text_terminal_safe(sb->buf, true) : NULL;
		const char *data = safe ? safe : sb->buf ? sb->buf : "";
		size_t len = safe ? strlen(safe) : sb->len;
		bool ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
		free(safe);
		if (!ok)
			return cli_error(status_exit_code(ST_IO),
			                 _("cannot write the report to standard output"));
		return 0;
	}
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

/* The server's units become the report's (the writers show them as for a
 * merged file: JSON "units", a table when there are several). */
static void report_take_units(struct report *r, struct server_units *u)
{
	for (int i = 0; i < r->n_units; i++) {
		free(r->units[i].code);
		free(r->units[i].name);
	}
	free(r->units);
	r->units = xcalloc((size_t)u->n + 1, sizeof(*r->units));
	r->n_units = u->n;
	for (int i = 0; i < u->n; i++) {
		const struct server_unit *s = &u->u[i];
		r->units[i] = (struct report_unit){s->code, s->name, s->rank, s->visits,
		                                   s->voided, s->online_submission, s->vneid,
		                                   s->account};
		u->u[i].code = u->u[i].name = NULL;
	}
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
		if (db_open(&local, cli->cfg.db_path, DB_READONLY) != ST_OK)
			local = NULL;
	}
	int v;
	enum status st = server_version(pc, &v);
	if (st == ST_OK)
		st = server_report(pc, local, &cli->cfg, &a->f, a->units, a->f.n_units, r, units);
	if (local)
		db_close(local);
	pg_close(pc);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

/* --due: the reports the calendar asks for now, and whether each is made. */
static int list_due(struct cli *cli)
{
	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	time_t now = util_now();
	struct report_due due[3];
	int n = report_due_list(db, &cli->cfg, now, due);
	char when[32], line[512], option[64];
	printf(_("Reports due at %s:\n"), report_datetime(now, when, sizeof(when)));
	if (n == 0)
		printf("%s\n", _("none"));
	for (int i = 0; i < n; i++) {
		report_due_text(&due[i], line, sizeof(line));
		report_due_option(&due[i], option, sizeof(option));
		printf("- %s\n", line);
		if (due[i].state != DUE_MADE)
			printf(_("  to make it: dvcdesk report %s --print (or --output FILE)\n"), option);
	}
	if (fflush(stdout) != 0)
		return cli_error(74, _("cannot write to standard output"));
	return 0;
}

/* A report written to a file or printed is "made" (report --due, check,
 * the counter's status bar).  The report itself read the file read-only;
 * the record takes a writable connection of its own.  When it cannot be
 * recorded (a read-only file), the report stands and a line says so. */
static void record_made(struct cli *cli, const struct report *r, int format, bool printed)
{
	struct db *w = NULL;
	enum status st = db_open(&w, cli->cfg.db_path, 0);
	if (st == ST_OK)
		st = report_record_made(w, r, formats[format], printed);
	if (w)
		db_close(w);
	if (st != ST_OK)
		fprintf(stderr, _("dvcdesk: the report was made but not recorded as made (%s); "
		                  "the reminders will still list it\n"),
		        status_detail(st));
}

static int run_report(struct cli *cli, int argc, char **argv, const char **units)
{
	if (report_people_wanted(argc, argv)) /* --attendance, --members */
		return report_people(cli, argc, argv);
	struct args a;
	memset(&a, 0, sizeof(a));
	a.units = units;
	a.f.units = units;
	a.format = a.paper = -2; /* not given */
	a.month_starts_on = cli->cfg.report.month_starts_on;
	int rc = parse_args(&a, argc, argv);
	if (rc >= 0)
		return rc;
	if (a.due)
		return list_due(cli);
	if (a.format == -2)
		a.format = FMT_TEXT;

	struct server_units server_units = {NULL, 0};
	struct report r;
	enum status st;
	if (a.server) {
		rc = server_run(cli, &a, &r, &server_units);
		if (rc)
			return rc;
		/* the server's per-unit breakdown is the report's own "units" */
		report_take_units(&r, &server_units);
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
	int bad = cli_check_units(db, a.f.units, a.f.n_units);
	if (bad)
		return bad;
	char *counter = a.counter ? text_nfc(a.counter) : NULL;
	a.f.counter = counter;

	report_init(&r);
	st = report_run(db, &cli->cfg, &a.f, &r);
	free(counter);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
render:
	report_set_prepared_by(&r, made_by(&a, &r));

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
			break;
		case FMT_CSV:
			report_write_csv(&r, a.bom, &sb);
			break;
		case FMT_JSON:
			report_write_json(&r, &sb);
			break;
		case FMT_PDF:
			st = pdf_report(&r, paper, &sb, NULL);
			if (st != ST_OK)
				rc = cli_error(status_exit_code(st), "%s", status_detail(st));
			break;
		case FMT_XLSX:
			st = report_write_xlsx(&r, &sb);
			if (st != ST_OK)
				rc = cli_error(status_exit_code(st), "%s", status_detail(st));
			break;
		}
		if (rc == 0)
			rc = write_out(a.output, &sb);
	}
	if (rc == 0 && a.print)
		rc = do_print(cli, &a, &r, paper);
	if (rc == 0 && (a.print || (a.output && !str_eq(a.output, "-"))))
		record_made(cli, &r, a.format, a.print);
	sb_done(&sb);
	report_done(&r);
	server_units_done(&server_units);
	return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	const char **units = xcalloc((size_t)argc + 1, sizeof(*units));
	int rc = run_report(cli, argc, argv, units);
	free(units);
	return rc;
}
