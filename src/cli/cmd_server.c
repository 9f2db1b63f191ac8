/* dvcdesk server init | grant | staff-join: the PostgreSQL server's schema,
 * its login roles, and the join of two registrations of one volunteer.
 * Run by the centre's or province's administrator with a role that may
 * create schemas and roles. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_sync.h"
#include "sync/server.h"
#include "util/text.h"

#define MAX_UNITS 256

/* A role name: what `dvcdesk server grant` creates is a plain identifier. */
static bool role_ok(const char *s)
{
	if (!*s || strlen(s) > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return !(s[0] >= '0' && s[0] <= '9');
}

/* 8-4-4-4-12 hexadecimal digits */
static bool uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char ch = s[i];
		if (dash ? ch != '-'
		         : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		             (ch >= 'A' && ch <= 'F')))
			return false;
	}
	return true;
}

static int set_password(PGconn *c, const char *role)
{
	char pw[256];
	if (!cli_read_pin(_("Password for the new role: "), pw, sizeof pw) || !*pw)
		return cli_error(64, _("no password was given on standard input"));
	char *verifier = pq.PQencryptPasswordConn(c, pw, role, "scram-sha-256");
	memset(pw, 0, sizeof pw);
	if (!verifier)
		return cli_error(70, _("the password could not be encrypted: %s"),
		                 pq.PQerrorMessage(c));
	const char *params[] = {role, verifier};
	status_clear();
	enum status st = pg_run(c, "SELECT dvcdesk.set_password($1, $2)", 2, params, NULL);
	pq.PQfreemem(verifier);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

static int do_grant(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"conninfo", required_argument, NULL, 'C'}, {"unit", required_argument, NULL, 'u'},
	    {"role", required_argument, NULL, 'r'},     {"reader", no_argument, NULL, 'R'},
	    {"password-stdin", no_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *conninfo = NULL, *role = NULL, *units[MAX_UNITS];
	int n_units = 0, c;
	bool reader = false, password = false;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			conninfo = optarg;
			break;
		case 'u':
			if (n_units == MAX_UNITS)
				return cli_error(64, _("at most %d units at a time"), MAX_UNITS);
			units[n_units++] = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'R':
			reader = true;
			break;
		case 'p':
			password = true;
			break;
		case 'h':
			cli_usage("server");
			return 0;
		default:
			return cli_usage("server");
		}
	}
	if (optind != argc || !role)
		return cli_usage("server");
	if (!role_ok(role))
		return cli_error(64,
		                 _("role \"%s\" is not valid: lower-case letters, digits and _, at "
		                   "most 63, not starting with a digit"),
		                 role);
	if (!reader && n_units != 1)
		return cli_error(64, _("a counter's role gets exactly one --unit CODE; a centre's or "
		                       "the province's gets --reader [--unit CODE...]"));
	for (int i = 0; i < n_units; i++)
		if (!*units[i] || strchr(units[i], '*'))
			return cli_error(64, _("--unit \"%s\" is not a unit code"), units[i]);
	PGconn *pc;
	int rc = cli_pg_connect(cli, conninfo, &pc);
	if (rc)
		return rc;
	bool created = false;
	enum status st = server_grant(pc, role, units, n_units, !reader, &created);
	if (st != ST_OK) {
		pg_close(pc);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	if (password && (rc = set_password(pc, role)) != 0) {
		pg_close(pc);
		return rc;
	}
	pg_close(pc);
	if (!reader)
		printf(_("role %s: pushes and reads unit %s%s\n"), role, units[0],
		       created ? _(" (new role)") : "");
	else if (n_units == 0)
		printf(_("role %s: reads every unit%s\n"), role, created ? _(" (new role)") : "");
	else {
		printf(_("role %s: reads units"), role);
		for (int i = 0; i < n_units; i++)
			printf(" %s", units[i]);
		printf("%s\n", created ? _(" (new role)") : "");
	}
	if (created && !password)
		printf("%s\n", _("set its password with: psql -c '\\password ROLE' (or --password-stdin)"));
	return 0;
}

static int do_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"conninfo", required_argument, NULL, 'C'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *conninfo = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			conninfo = optarg;
			break;
		case 'h':
			cli_usage("server");
			return 0;
		default:
			return cli_usage("server");
		}
	}
	if (optind != argc)
		return cli_usage("server");
	PGconn *pc;
	int rc = cli_pg_connect(cli, conninfo, &pc);
	if (rc)
		return rc;
	int v = 0;
	enum status st = server_init(pc, &v);
	pg_close(pc);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf(_("server schema dvcdesk: version %d\n"), v);
	return 0;
}

static int do_staff_join(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"conninfo", required_argument, NULL, 'C'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *conninfo = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			conninfo = optarg;
			break;
		case 'h':
			cli_usage("server");
			return 0;
		default:
			return cli_usage("server");
		}
	}
	if (optind != argc - 2)
		return cli_usage("server");
	const char *keep = argv[optind], *other = argv[optind + 1];
	if (!uuid_ok(keep) || !uuid_ok(other))
		return cli_error(64, _("give two volunteer uids (psql: SELECT uid, unit_code, name FROM dvcdesk.staff)"));
	PGconn *pc;
	int rc = cli_pg_connect(cli, conninfo, &pc);
	if (rc)
		return rc;
	long joined = 0;
	enum status st = server_staff_join(pc, keep, other, &joined);
	pg_close(pc);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf(_("%s and %s are now counted as one volunteer\n"), keep, other);
	return 0;
}

int cmd_server(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("server");
	const char *verb = argv[1];
	if (str_eq(verb, "init"))
		return do_init(cli, argc - 1, argv + 1);
	if (str_eq(verb, "grant"))
		return do_grant(cli, argc - 1, argv + 1);
	if (str_eq(verb, "staff-join"))
		return do_staff_join(cli, argc - 1, argv + 1);
	if (str_eq(verb, "--help") || str_eq(verb, "-h")) {
		cli_usage("server");
		return 0;
	}
	return cli_usage("server");
}
