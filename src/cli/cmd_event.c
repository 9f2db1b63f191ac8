/* dvcdesk event: outreach and training events (hoạt động tuyên truyền, tập
 * huấn) — add, list, edit and void, audited like visits. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"
#include "store/event.h"
#include "store/roster.h"
#include "store/staff.h"
#include "util/text.h"

struct eargs {
	const char *kind, *date, *place, *staff, *note, *as, *reason, *from, *to, *month;
	const char *figures[EF__COUNT];
	const char *format;
	bool all;
};

static int parse(int argc, char **argv, struct eargs *a)
{
	static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
	                                     {"date", required_argument, NULL, 'd'},
	                                     {"place", required_argument, NULL, 'p'},
	                                     {"staff", required_argument, NULL, 's'},
	                                     {"note", required_argument, NULL, 'n'},
	                                     {"as", required_argument, NULL, 'a'},
	                                     {"reason", required_argument, NULL, 'r'},
	                                     {"from", required_argument, NULL, 'f'},
	                                     {"to", required_argument, NULL, 't'},
	                                     {"month", required_argument, NULL, 'm'},
	                                     {"format", required_argument, NULL, 'F'},
	                                     {"all", no_argument, NULL, 'A'},
	                                     {"attendees", required_argument, NULL, '0'},
	                                     {"households", required_argument, NULL, '1'},
	                                     {"leaflets", required_argument, NULL, '2'},
	                                     {"accounts", required_argument, NULL, '3'},
	                                     {"submissions", required_argument, NULL, '4'},
	                                     {NULL, 0, NULL, 0}};
	int c;
	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			a->kind = optarg;
			break;
		case 'd':
			a->date = optarg;
			break;
		case 'p':
			a->place = optarg;
			break;
		case 's':
			a->staff = optarg;
			break;
		case 'n':
			a->note = optarg;
			break;
		case 'a':
			a->as = optarg;
			break;
		case 'r':
			a->reason = optarg;
			break;
		case 'f':
			a->from = optarg;
			break;
		case 't':
			a->to = optarg;
			break;
		case 'm':
			a->month = optarg;
			break;
		case 'F':
			a->format = optarg;
			break;
		case 'A':
			a->all = true;
			break;
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
			a->figures[c - '0'] = optarg;
			break;
		default:
			return cli_usage("event");
		}
	}
	return -1;
}

static int find_member(struct db *db, const char *name, int64_t *id)
{
	struct staff s;
	char *nfc = text_nfc(name);
	if (nfc)
		str_trim(nfc);
	enum status st = staff_find(db, nfc ? nfc : name, &s);
	free(nfc);
	if (st != ST_OK)
		return cli_error(66, _("no staff member named \"%s\"; see `dvcdesk staff list`"),
		                 name);
	*id = s.id;
	return 0;
}

/* Fill e from the options given (edit: only those). */
static int apply(struct db *db, const struct eargs *a, struct event *e)
{
	if (a->kind && !event_kind_parse(a->kind, &e->kind))
		return cli_error(64, _("--kind \"%s\" is not valid; allowed: %s"), a->kind,
		                 "meeting, training, door_to_door, mobile_point");
	if (a->date && !roster_parse_day(a->date, &e->day)) {
		if (str_eq(a->date, "today"))
			e->day = time_local_day(util_now());
		else
			return cli_error(64, _("--date \"%s\" is not valid; allowed: %s"), a->date,
			                 "dd/mm/yyyy, YYYY-MM-DD, today");
	}
	if (a->place)
		str_copy(e->place, sizeof e->place, a->place);
	if (a->note)
		str_copy(e->note, sizeof e->note, a->note);
	for (int i = 0; i < EF__COUNT; i++) {
		if (!a->figures[i])
			continue;
		char *end;
		long v = strtol(a->figures[i], &end, 10);
		if (*end || end == a->figures[i] || v < 0 || v > 100000000)
			return cli_error(64, _("--%s \"%s\" is not valid; allowed: %s"),
			                 event_figure_key((enum event_figure)i), a->figures[i],
			                 _("a whole number from 0"));
		e->figures[i] = v;
	}
	if (a->staff) {
		char *list = xstrdup(a->staff), *save = NULL;
		int rc = 0;
		e->n_staff = 0;
		for (char *p = strtok_r(list, ",", &save); p && !rc;
		     p = strtok_r(NULL, ",", &save)) {
			str_trim(p);
			if (!*p)
				continue;
			if (e->n_staff == EVENT_MAX_STAFF) {
				rc = cli_error(64, _("at most %d members per event"),
				               EVENT_MAX_STAFF);
				break;
			}
			rc = find_member(db, p, &e->staff[e->n_staff]);
			if (!rc)
				e->n_staff++;
		}
		free(list);
		if (rc)
			return rc;
	}
	return 0;
}

/* Who does it: --as, else the first member named, else the only member. */
static int actor(struct cli *cli, struct db *db, const struct eargs *a, const struct event *e,
                 int64_t *id)
{
	if (a->as)
		return find_member(db, a->as, id);
	if (e && e->n_staff > 0) {
		*id = e->staff[0];
		return 0;
	}
	return cli_staff(cli, db, NULL, id) ? 0 : 64;
}

static int add(struct cli *cli, int argc, char **argv)
{
	struct eargs a;
	int rc = parse(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (optind != argc || !a.kind || !a.date || !a.place)
		return cli_usage("event");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	struct event e;
	memset(&e, 0, sizeof e);
	str_copy(e.unit_code, sizeof e.unit_code, cli->cfg.unit.code ? cli->cfg.unit.code : "");
	if ((rc = apply(db, &a, &e)) != 0)
		return rc;
	int64_t who;
	if ((rc = actor(cli, db, &a, &e, &who)) != 0)
		return rc;
	enum status st = event_add(db, &e, who);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf("%s\n", e.uid);
	return 0;
}

static int edit(struct cli *cli, int argc, char **argv)
{
	struct eargs a;
	int rc = parse(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (optind != argc - 1)
		return cli_usage("event");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	struct event e;
	enum status st = event_get(db, argv[optind], &e);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	if ((rc = apply(db, &a, &e)) != 0)
		return rc;
	int64_t who;
	if ((rc = actor(cli, db, &a, NULL, &who)) != 0)
		return rc;
	st = event_update(db, &e, who);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf("%s\n", _("event saved"));
	return 0;
}

static int void_(struct cli *cli, int argc, char **argv)
{
	struct eargs a;
	int rc = parse(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (optind != argc - 1 || str_empty(a.reason))
		return cli_usage("event");
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	int64_t who;
	if ((rc = actor(cli, db, &a, NULL, &who)) != 0)
		return rc;
	enum status st = event_void(db, argv[optind], who, a.reason);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf("%s\n", _("event voided"));
	return 0;
}

struct lister {
	struct db *db;
	bool json;
	int n;
};

static void staff_names(struct db *db, const struct event *e, struct strbuf *sb, bool json)
{
	for (int i = 0; i < e->n_staff; i++) {
		struct staff s;
		if (staff_get(db, e->staff[i], &s) != ST_OK)
			continue;
		if (json) {
			sb_add(sb, i ? ", " : "");
			json_str(sb, s.name);
		} else {
			sb_add(sb, i ? ", " : "");
			sb_add(sb, s.name);
		}
	}
}

static bool list_one(const struct event *e, void *ctx)
{
	struct lister *l = ctx;
	struct strbuf sb;
	char d[16];
	sb_init(&sb);
	if (l->json) {
		sb_add(&sb, l->n ? ",\n  {" : "\n  {");
		sb_addf(&sb,
		        "\"uid\": \"%s\", \"kind\": \"%s\", \"date\": \"%s\", \"place\": ", e->uid,
		        event_kind_key(e->kind), time_format_day(e->day, d, sizeof d));
		json_str(&sb, e->place);
		for (int i = 0; i < EF__COUNT; i++)
			sb_addf(&sb, ", \"%s\": %ld", event_figure_key((enum event_figure)i),
			        e->figures[i]);
		sb_add(&sb, ", \"staff\": [");
		staff_names(l->db, e, &sb, true);
		sb_add(&sb, "], \"note\": ");
		json_str(&sb, e->note[0] ? e->note : NULL);
		sb_addf(&sb, ", \"voided\": %s, \"version\": %d}", e->voided_at ? "true" : "false",
		        e->version);
	} else {
		sb_addf(&sb, "%s  %s  %s  %s\n", report_date(e->day, d, sizeof d), e->uid,
		        event_kind_label(e->kind), e->place);
		sb_add(&sb, "    ");
		for (int i = 0; i < EF__COUNT; i++)
			sb_addf(&sb, "%s%s: %ld", i ? "; " : "",
			        event_figure_label((enum event_figure)i), e->figures[i]);
		sb_add(&sb, "\n");
		if (e->n_staff) {
			sb_addf(&sb, "    %s: ", _("members"));
			staff_names(l->db, e, &sb, false);
			sb_add(&sb, "\n");
		}
		if (e->voided_at)
			sb_addf(&sb, "    %s\n", _("(voided)"));
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_done(&sb);
	l->n++;
	return true;
}

static int list(struct cli *cli, int argc, char **argv)
{
	struct eargs a;
	int rc = parse(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage("event");
	int from, to;
	if (a.month) {
		if (!time_parse_month(a.month, &from, &to))
			return cli_error(64, _("--month \"%s\" is not valid; allowed: %s"), a.month,
			                 "YYYY-MM");
	} else if (a.from || a.to) {
		if (!a.from || !a.to || !roster_parse_day(a.from, &from) ||
		    !roster_parse_day(a.to, &to))
			return cli_error(64, _("--from and --to go together, as YYYY-MM-DD"));
	} else {
		int today = time_local_day(util_now());
		from = today / 100 * 100 + 1;
		to = today / 100 * 100 + 31;
	}
	struct lister l = {NULL, a.format && str_eq(a.format, "json"), 0};
	if (a.format && !l.json && !str_eq(a.format, "text"))
		return cli_error(64, _("--format \"%s\" is not valid; allowed: %s"), a.format,
		                 "text, json");
	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	l.db = db;
	if (l.json)
		printf("{\"events\": [");
	enum status st = event_list(db, from, to, a.all, list_one, &l);
	if (l.json)
		printf(l.n ? "\n]}\n" : "]}\n");
	else if (!l.n)
		printf("%s\n", _("No events in this period."));
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

int cmd_event(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("event");
	const char *sub = argv[1];
	if (str_eq(sub, "add"))
		return add(cli, argc - 1, argv + 1);
	if (str_eq(sub, "list"))
		return list(cli, argc - 1, argv + 1);
	if (str_eq(sub, "edit"))
		return edit(cli, argc - 1, argv + 1);
	if (str_eq(sub, "void"))
		return void_(cli, argc - 1, argv + 1);
	if (str_eq(sub, "--help")) {
		cli_usage("event");
		return 0;
	}
	return cli_usage("event");
}
