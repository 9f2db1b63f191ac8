/* dvcdesk sync: push what the server has not acknowledged; --status: what
 * waits, the last success, the server and its schema version. */
#include "cli/cmd_sync.h"

#include <getopt.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "sync/outbox.h"
#include "sync/server.h"

int cli_pg_connect(struct cli *cli, const char *conninfo, PGconn **out)
{
	struct pg_source src = {conninfo ? conninfo : cli->cfg.sync.conninfo,
	                        conninfo ? NULL : cli->cfg.path};
	enum status st = pg_connect(out, &src);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

static int show_status(struct cli *cli, const char *conninfo)
{
	struct db *db = cli_db(cli, true);
	if (!db)
		return cli_db_exit();
	struct outbox_state s;
	enum status st = outbox_state(db, &s);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	char d[32], t[32];
	printf(_("waiting to be sent: %ld visits\n"), s.pending);
	if (s.last_ok)
		printf(_("last success: %s\n"), report_datetime(s.last_ok, d, sizeof d));
	else
		printf("%s\n", _("last success: never"));
	if (s.last_error[0] && s.last_try)
		printf(_("last try: %s, failed: %s\n"), report_datetime(s.last_try, t, sizeof t),
		       s.last_error);
	/* The server now, when it answers; else what the last success saw. */
	const char *ci = conninfo ? conninfo : cli->cfg.sync.conninfo;
	int rc = 0;
	if (!ci || !*ci) {
		printf("%s\n", _("server: none set ([sync] conninfo)"));
		return 0;
	}
	PGconn *c = NULL;
	struct pg_source src = {ci, conninfo ? NULL : cli->cfg.path};
	st = pg_connect(&c, &src);
	if (st == ST_OK) {
		char who[256];
		int v = 0;
		server_describe(c, who, sizeof who);
		st = server_version(c, &v);
		printf(_("server: %s, reachable\n"), who);
		if (st == ST_OK)
			printf(_("server schema version: %d (this dvcdesk: %d)\n"), v,
			       server_latest_version());
		else
			printf(_("server schema: %s\n"), status_detail(st));
		pg_close(c);
	} else {
		printf(_("server: %s\n"), status_detail(st));
		if (s.server[0])
			printf(_("last server: %s, schema version %d\n"), s.server, s.server_schema);
		rc = 69;
	}
	return rc;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"conninfo", required_argument, NULL, 'C'},
	                                     {"status", no_argument, NULL, 's'},
	                                     {"quiet", no_argument, NULL, 'q'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *conninfo = NULL;
	bool status = false, quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			conninfo = optarg;
			break;
		case 's':
			status = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			cli_usage("sync");
			return 0;
		default:
			return cli_usage("sync");
		}
	}
	if (optind != argc)
		return cli_usage("sync");
	if (status)
		return show_status(cli, conninfo);

	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	long waiting = 0;
	enum status st = outbox_pending(db, &waiting);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	PGconn *pc = NULL;
	struct pg_source src = {conninfo ? conninfo : cli->cfg.sync.conninfo,
	                        conninfo ? NULL : cli->cfg.path};
	st = pg_connect(&pc, &src);
	if (st != ST_OK) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", status_detail(st));
		(void)outbox_note_try(db, util_now(), msg, NULL, 0);
		if (st == ST_UNAVAILABLE)
			return cli_error(69, ngettext("%s; %ld visit waits and will be sent later",
			                             "%s; %ld visits wait and will be sent later",
			                             (unsigned long)waiting),
			                 msg, waiting);
		return cli_error(status_exit_code(st), "%s", msg);
	}
	struct sync_result r;
	st = server_push(pc, db, &cli->cfg, &r);
	char who[256];
	server_describe(pc, who, sizeof who);
	pg_close(pc);
	if (st != ST_OK) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", status_detail(st));
		(void)outbox_note_try(db, util_now(), msg, NULL, 0);
		return cli_error(status_exit_code(st), ngettext("%s; %ld visit waits", "%s; %ld visits wait",
		                                               (unsigned long)r.waiting),
		                 msg, r.waiting);
	}
	(void)outbox_note_try(db, util_now(), NULL, who, r.schema);
	if (!quiet)
		printf(_("sent %ld, waiting %ld\n"), r.sent, r.waiting);
	return r.waiting == 0 ? 0 : 75;
}
