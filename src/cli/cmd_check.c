/* dvcdesk check: the configuration (already validated when we get here), the
 * database file, its settings, schema version and audit chain. */
#include <stdio.h>
#include <sys/stat.h>

#include "report/due.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "cli/cli.h"

int cmd_check(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage("check");
	printf("%s: %s\n", _("configuration"),
	       cli->cfg.path ? cli->cfg.path : _("none (embedded default)"));
	printf("%s: %s\n", _("database"), cli->cfg.db_path);
	/* Read-only when the file exists, so a damaged file is inspected and
	 * never written; on a fresh machine, create it as any first run would. */
	struct stat sb;
	bool exists = lstat(cli->cfg.db_path, &sb) == 0;
	struct db *db = cli_db_flags(cli, (exists ? DB_READONLY : 0) | DB_CHECK);
	if (!db)
		return cli_db_exit();
	int problems = 0;
	enum status st = db_check(db, true);
	if (st != ST_OK) {
		printf("%s: %s\n", _("integrity"), status_detail(st));
		problems++;
	} else {
		printf("%s: ok\n", _("integrity"));
	}
	printf("%s: %d/%d\n", _("schema version"), db_schema_version(db), db_latest_version());
	printf("journal_mode=%s synchronous=%lld foreign_keys=%lld\n",
	       db_int(db, "PRAGMA journal_mode", 0) == 0 ? "wal" : "?",
	       db_int(db, "PRAGMA synchronous", -1), db_int(db, "PRAGMA foreign_keys", -1));
	printf("%s: %ld\n", _("procedures"), catalog_count(db));
	printf("%s: %lld\n", _("visits"), db_int(db, "SELECT count(*) FROM visit", -1));
	int64_t bad = 0;
	st = audit_verify(db, &bad);
	if (st != ST_OK) {
		printf("%s: %s (%s %lld)\n", _("audit log"), status_detail(st), _("first bad row"),
		       (long long)bad);
		problems++;
	} else {
		printf("%s: ok\n", _("audit log"));
	}
	/* the reminders of the calendar: what is due and whether it is made */
	struct report_due due[3];
	int n_due = report_due_list(db, &cli->cfg, util_now(), due);
	for (int i = 0; i < n_due; i++) {
		char line[512];
		report_due_text(&due[i], line, sizeof(line));
		printf("%s: %s\n", _("reminder"), line);
	}
	if (problems) {
		fprintf(stderr, "dvcdesk: %s\n", _("problems found; see above"));
		return status_exit_code(ST_INVALID);
	}
	return 0;
}
