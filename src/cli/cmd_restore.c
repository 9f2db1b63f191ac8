/* dvcdesk restore FILE --as NAME: replace the database with a checked
 * backup (a supervisor's action).  Without FILE: list the backups, newest
 * first, and whether each one checks out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/audit.h"
#include "store/backup.h"
#include "cli/cli.h"
#include "cli/cli_auth.h"

static int list_backups(struct cli *cli)
{
	char **list = backup_list(&cli->cfg);
	if (!list[0]) {
		char *dir = backup_dir(&cli->cfg);
		printf(_("no backups in %s\n"), dir);
		free(dir);
		backup_list_free(list);
		return 0;
	}
	const char *newest_ok = NULL;
	for (char **p = list; *p; p++) {
		enum status st = backup_verify(*p, false);
		printf("%s  %s\n", *p, st == ST_OK ? "ok" : status_detail(st));
		if (st == ST_OK && !newest_ok)
			newest_ok = *p;
	}
	if (newest_ok)
		printf(_("to restore the newest checked backup: dvcdesk restore %s --as "
		         "SUPERVISOR\n"),
		       newest_ok);
	backup_list_free(list);
	return 0;
}

static enum status audit_restore(struct db *db, int64_t who, const char *src)
{
	const char *slash = strrchr(src, '/');
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	st = audit_append(db, who, "restore", NULL, slash ? slash + 1 : src);
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* The live database opens: keep a backup of it, then copy the chosen one
 * over it through the backup API. */
static int restore_live(struct cli *cli, struct db *db, const char *src, const char *as)
{
	int64_t who;
	int rc = cli_supervisor(db, as, "restore", &who);
	if (rc) {
		db_close(db);
		return rc;
	}
	char *before = NULL;
	enum status st = backup_make(db, &cli->cfg, NULL, &before);
	if (st != ST_OK) {
		db_close(db);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	fprintf(stderr, _("dvcdesk: the current data were saved first as %s\n"), before);
	free(before);
	st = backup_restore_into(db, src);
	db_close(db);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	/* Reopen: the restored file may need the migrations. */
	st = db_open(&db, cli->cfg.db_path, 0);
	if (st == ST_OK) {
		st = audit_restore(db, who, src);
		db_close(db);
	}
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	printf(_("restored from %s\n"), src);
	return 0;
}

/* The live file does not open (damaged, foreign, missing): stage a copy,
 * check the supervisor against the copy's staff, then swap the files,
 * keeping the damaged one aside. */
static int restore_broken(struct cli *cli, const char *src, const char *as)
{
	char *staged = NULL;
	enum status st = backup_stage(&cli->cfg, src, &staged);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	struct db *db = NULL;
	st = db_open(&db, staged, 0);
	if (st != ST_OK) {
		backup_discard(staged);
		free(staged);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	int64_t who;
	int rc = cli_supervisor(db, as, "restore", &who);
	if (rc == 0) {
		st = audit_restore(db, who, src);
		if (st != ST_OK)
			rc = cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	db_close(db);
	if (rc) {
		backup_discard(staged);
		free(staged);
		return rc;
	}
	char *aside = NULL;
	st = backup_promote(&cli->cfg, staged, &aside);
	if (st != ST_OK) {
		rc = cli_error(status_exit_code(st), "%s", status_detail(st));
		backup_discard(staged);
		free(staged);
		free(aside);
		return rc;
	}
	free(staged);
	printf(_("restored from %s\n"), src);
	if (aside)
		fprintf(stderr,
		        _("dvcdesk: the damaged file was kept as %s (it may hold personal data: "
		          "delete it when it is no longer needed)\n"),
		        aside);
	free(aside);
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"as", required_argument, NULL, 'a'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *as = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			as = optarg;
			break;
		case 'h':
			return cli_help("restore");
		default:
			return cli_usage("restore");
		}
	}
	if (argc - optind > 1)
		return cli_usage("restore");
	if (optind == argc)
		return list_backups(cli);
	const char *src = argv[optind];

	/* The backup is checked before anything else is touched. */
	enum status st = backup_verify(src, true);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	if (!as)
		return cli_supervisor(NULL, NULL, "restore", NULL);

	/* Look before opening: db_open would take an empty file for a new
	 * database and initialise it, and a damaged file must stay as it is. */
	const char *live = cli->cfg.db_path;
	struct stat sb;
	if (lstat(live, &sb) != 0)
		return restore_broken(cli, src, as);
	st = backup_verify(live, false);
	if (st == ST_DB_CORRUPT || st == ST_DB_FOREIGN)
		return restore_broken(cli, src, as);
	struct db *db = NULL;
	if (st == ST_OK) {
		st = db_open(&db, live, DB_NO_CREATE);
	}
	switch (st) {
	case ST_OK:
		return restore_live(cli, db, src, as);
	case ST_DB_CORRUPT:
	case ST_DB_FOREIGN:
		return restore_broken(cli, src, as);
	default:
		return cli_error(status_exit_code(st), "%s: %s", live, status_detail(st));
	}
}
