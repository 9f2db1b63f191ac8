/* dvcdesk roster: import the duty roster (lịch trực) from a CSV file, show a
 * week or a month of it, give or empty one slot. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "format/csv.h"
#include "report/report.h"
#include "store/roster.h"
#include "store/staff.h"
#include "util/text.h"

/* "YYYY-Www": the Monday of that ISO week and the Sunday after. */
static bool parse_week(const char *s, int *from, int *to)
{
	int y, w, n = 0;
	if (sscanf(s, "%4d-W%2d%n", &y, &w, &n) != 2 || s[n] || strlen(s) != 8 || y < 1970 ||
	    w < 1 || w > 53)
		return false;
	int jan4 = y * 10000 + 104;
	int monday = time_day_add(jan4, -((time_weekday(jan4) + 6) % 7));
	*from = time_day_add(monday, 7 * (w - 1));
	*to = time_day_add(*from, 6);
	/* week 53 exists only in some years */
	int next_jan4 = (y + 1) * 10000 + 104;
	int next_monday = time_day_add(next_jan4, -((time_weekday(next_jan4) + 6) % 7));
	return *from < next_monday;
}

static const char *weekday_name(int day)
{
	static const char *const names[7] = {N_("Sunday"),    N_("Monday"),   N_("Tuesday"),
	                                     N_("Wednesday"), N_("Thursday"), N_("Friday"),
	                                     N_("Saturday")};
	return _(names[time_weekday(day)]);
}

struct show {
	int format; /* 0 text, 1 csv, 2 json */
	int n;
	struct strbuf sb;
};

static bool show_slot(const struct roster_slot *s, void *ctx)
{
	struct show *sh = ctx;
	char d[16], iso[16], who[200], ctr[120];
	if (sh->format == 0) {
		report_date(s->day, d, sizeof d);
		char wd[64];
		text_pad(wd, sizeof wd, weekday_name(s->day), 9, false);
		char sess[32];
		text_pad(sess, sizeof sess, session_label(s->session), 6, false);
		text_pad(ctr, sizeof ctr, s->counter, 14, false);
		snprintf(who, sizeof who, "%s", s->staff_name);
		sb_addf(&sh->sb, "%s %s  %s  %s  %s\n", wd, d, sess, ctr, who);
	} else if (sh->format == 1) {
		struct strbuf *b = &sh->sb;
		csv_put(b, time_format_day(s->day, iso, sizeof iso));
		csv_sep(b);
		csv_put(b, session_key(s->session));
		csv_sep(b);
		csv_put(b, s->counter);
		csv_sep(b);
		csv_put(b, s->staff_name);
		csv_eol(b);
	} else {
		sb_add(&sh->sb, sh->n ? ",\n  " : "\n  ");
		sb_addf(&sh->sb, "{\"day\": \"%s\", \"session\": \"%s\", \"counter\": ",
		        time_format_day(s->day, iso, sizeof iso), session_key(s->session));
		json_str(&sh->sb, s->counter);
		sb_add(&sh->sb, ", \"volunteer\": ");
		json_str(&sh->sb, s->staff_name);
		sb_add(&sh->sb, "}");
	}
	sh->n++;
	return true;
}

static int show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"week", required_argument, NULL, 'w'},
	                                     {"month", required_argument, NULL, 'm'},
	                                     {"counter", required_argument, NULL, 'c'},
	                                     {"format", required_argument, NULL, 'F'},
	                                     {NULL, 0, NULL, 0}};
	int c, from = 0, to = 0, periods = 0;
	const char *counter = NULL;
	struct show sh = {0, 0, {0}};
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (!parse_week(optarg, &from, &to))
				return cli_error(64, _("--week \"%s\" is not valid; allowed: %s"),
				                 optarg, "YYYY-Www");
			periods++;
			break;
		case 'm':
			if (!time_parse_month(optarg, &from, &to))
				return cli_error(64, _("--month \"%s\" is not valid; allowed: %s"),
				                 optarg, "YYYY-MM");
			periods++;
			break;
		case 'c':
			counter = optarg;
			break;
		case 'F':
			if (str_eq(optarg, "text"))
				sh.format = 0;
			else if (str_eq(optarg, "csv"))
				sh.format = 1;
			else if (str_eq(optarg, "json"))
				sh.format = 2;
			else
				return cli_error(64, _("--format \"%s\" is not valid; allowed: %s"),
				                 optarg, "text, csv, json");
			break;
		default:
			return cli_usage("roster");
		}
	}
	if (optind != argc || periods > 1)
		return cli_usage("roster");
	if (!periods) { /* this week */
		int today = time_local_day(util_now());
		from = time_day_add(today, -((time_weekday(today) + 6) % 7));
		to = time_day_add(from, 6);
	}
	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	char *ctr = counter ? text_nfc(counter) : NULL;
	sb_init(&sh.sb);
	if (sh.format == 1) {
		csv_put(&sh.sb, "day");
		csv_sep(&sh.sb);
		csv_put(&sh.sb, "session");
		csv_sep(&sh.sb);
		csv_put(&sh.sb, "counter");
		csv_sep(&sh.sb);
		csv_put(&sh.sb, "volunteer");
		csv_eol(&sh.sb);
	} else if (sh.format == 2) {
		char a[16], b[16];
		sb_addf(&sh.sb, "{\"from\": \"%s\", \"to\": \"%s\", \"slots\": [",
		        time_format_day(from, a, sizeof a), time_format_day(to, b, sizeof b));
	} else {
		char a[16], b[16];
		sb_addf(&sh.sb, _("Roster from %s to %s"), report_date(from, a, sizeof a),
		        report_date(to, b, sizeof b));
		sb_add(&sh.sb, "\n");
	}
	enum status st = roster_list(db, from, to, ctr, show_slot, &sh);
	free(ctr);
	if (st != ST_OK) {
		sb_done(&sh.sb);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	if (sh.format == 2)
		sb_add(&sh.sb, sh.n ? "\n]}\n" : "]}\n");
	else if (sh.format == 0 && sh.n == 0)
		sb_addf(&sh.sb, "%s\n", _("Nobody is on the roster in this period."));
	fwrite(sh.sb.buf, 1, sh.sb.len, stdout);
	sb_done(&sh.sb);
	return 0;
}

/* roster set|clear --date D --session S [--counter C] [--staff NAME] */
static int slot(struct cli *cli, int argc, char **argv, bool set)
{
	static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
	                                     {"session", required_argument, NULL, 's'},
	                                     {"counter", required_argument, NULL, 'c'},
	                                     {"staff", required_argument, NULL, 'S'},
	                                     {NULL, 0, NULL, 0}};
	const char *date = NULL, *sess = NULL, *counter = NULL, *staff = NULL;
	int c, day;
	enum session session;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			date = optarg;
			break;
		case 's':
			sess = optarg;
			break;
		case 'c':
			counter = optarg;
			break;
		case 'S':
			staff = optarg;
			break;
		default:
			return cli_usage("roster");
		}
	}
	if (optind != argc || !date || !sess || (set && !staff))
		return cli_usage("roster");
	if (!roster_parse_day(date, &day))
		return cli_error(64, _("--date \"%s\" is not valid; allowed: %s"), date,
		                 "dd/mm/yyyy, YYYY-MM-DD");
	if (!roster_parse_session(sess, &session))
		return cli_error(64, _("--session \"%s\" is not valid; allowed: %s"), sess,
		                 "sáng, chiều");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	char *ctr =
	    text_nfc(counter ? counter : (cli->cfg.counter_name ? cli->cfg.counter_name : ""));
	status_clear();
	enum status st;
	if (set) {
		struct staff who;
		char *nfc = text_nfc(staff);
		st = staff_find(db, nfc ? nfc : staff, &who);
		free(nfc);
		if (st != ST_OK) {
			free(ctr);
			return cli_error(
			    66, _("no staff member named \"%s\"; see `dvcdesk staff list`"), staff);
		}
		st = roster_set(db, day, session, ctr ? ctr : "", who.id, 0);
	} else {
		st = roster_clear(db, day, session, ctr ? ctr : "", 0);
	}
	free(ctr);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf("%s\n", _("roster saved"));
	return 0;
}

static int import(struct cli *cli, int argc, char **argv)
{
	if (argc != 3)
		return cli_usage("roster");
	const char *path = argv[2];
	size_t n = strlen(path);
	bool xlsx = n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
	if (xlsx) {
		struct db *db = cli_db(cli, false);
		if (!db)
			return cli_db_exit();
		int written = 0;
		enum status st = roster_import_xlsx(db, path, cli->cfg.counter_name, 0, &written);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s: %s", path, status_detail(st));
		printf(_("%d roster slots imported\n"), written);
		return 0;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_error(66, _("cannot open %s"), path);
	struct strbuf sb;
	sb_init(&sb);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&sb, buf, got);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		sb_done(&sb);
		return cli_error(74, _("cannot read %s"), path);
	}
	struct db *db = cli_db(cli, false);
	if (!db) {
		sb_done(&sb);
		return cli_db_exit();
	}
	int written = 0;
	enum status st =
	    roster_import_csv(db, sb.buf ? sb.buf : "", sb.len, cli->cfg.counter_name, 0, &written);
	sb_done(&sb);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s: %s", path, status_detail(st));
	printf(_("%d roster slots imported\n"), written);
	return 0;
}

int cmd_roster(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("roster");
	const char *sub = argv[1];
	if (str_eq(sub, "import"))
		return import(cli, argc, argv);
	if (str_eq(sub, "show"))
		return show(cli, argc - 1, argv + 1);
	if (str_eq(sub, "set"))
		return slot(cli, argc - 1, argv + 1, true);
	if (str_eq(sub, "clear"))
		return slot(cli, argc - 1, argv + 1, false);
	if (str_eq(sub, "--help")) {
		cli_usage("roster");
		return 0;
	}
	return cli_usage("roster");
}
