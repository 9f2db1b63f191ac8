#include "cli/cli.h"
#include "cli/cli_complete.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "config/action.h"
#include "store/backup.h"
#include "store/catalog.h"
#include "util/i18n.h"
#include "store/staff.h"
#include "util/fs.h"
#include "util/text.h"

static enum status last_db_status;

struct command {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(struct cli *cli, int argc, char **argv);
};

#define CLI_ENTRY(n, summary, usage) { #n, summary, usage, cmd_##n },
static const struct command commands[] = { CLI_COMMANDS(CLI_ENTRY) };
#undef CLI_ENTRY

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("dvcdesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "dvcdesk: %s: ", _("warning"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const char *command)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (str_eq(commands[i].name, command)) {
			if (optind > 0 && optopt)
				fprintf(stderr, "dvcdesk %s: %s\n", command,
					_("unknown option or missing value"));
			fprintf(stderr, "%s: dvcdesk %s\n", _("usage"), commands[i].usage);
			return 64;
		}
	return 64;
}

int cli_help(const char *command)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (str_eq(commands[i].name, command)) {
			printf("%s: dvcdesk %s\n\n%s\n", _("usage"), commands[i].usage,
			       _(commands[i].summary));
			printf("%s\n", _("The manual: man dvcdesk."));
			return 0;
		}
	return cli_usage(command);
}

/* `dvcdesk COMMAND ... --help` anywhere before a lone "--". */
static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (str_eq(argv[i], "--"))
			return false;
		if (str_eq(argv[i], "--help"))
			return true;
	}
	return false;
}

static void print_help(void)
{
	printf("%s\n\n", _("dvcdesk — counter tally for youth-union volunteers at the commune "
			   "public-service centre"));
	printf("%s:\n  dvcdesk [--config FILE] [--db FILE]\n", _("usage"));
	printf("      %s\n", _("start the counter (the full-screen program)"));
	printf("  dvcdesk [--config FILE] [--db FILE] COMMAND [OPTIONS]\n\n");
	printf("%s:\n", _("commands"));
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		printf("  %-9s %s\n", commands[i].name, _(commands[i].summary));
	printf("\n%s:\n", _("options"));
	printf("  --config FILE  %s\n", _("configuration file (default: "
					 "$XDG_CONFIG_HOME/dvcdesk/dvcdesk.ini; none is needed)"));
	printf("  --db FILE      %s\n",
	       _("database file (default: $XDG_DATA_HOME/dvcdesk/dvcdesk.db)"));
	printf("  --help         %s\n", _("show this help and exit"));
	printf("  --version      %s\n", _("show the version and exit"));
	printf("  --keys         %s\n", _("list the counter's keys (as a Markdown table) and exit"));
	printf("\n%s\n", _("`dvcdesk COMMAND --help` shows a command's options. Exit codes: 0 ok, "
			   "64 usage, 65 bad data, 66 missing input, 69 printer unavailable, "
			   "73 cannot create, 74 I/O error, 77 not allowed, 78 configuration."));
	printf("%s\n", _("The manual: man dvcdesk."));
}

/* The key table of the README and the man page, generated from the action
 * table (a test fails when README.md drifts from it). */
static void print_keys_markdown(void)
{
	static const char *const scopes[] = { N_("Everywhere"), N_("Counter"), N_("Lists"),
					      N_("QR code"), N_("Forms") };
	printf("| %s | %s | %s | %s |\n|---|---|---|---|\n", _("Where"), _("Keys"), _("Action"),
	       _("What it does"));
	for (size_t sc = 0; sc < ARRAY_LEN(scopes); sc++)
		for (int i = 0; i < ACT__COUNT; i++) {
			if (actions[i].scope != (enum action_scope)sc)
				continue;
			char keys[96];
			action_keys_text((enum action_id)i, keys, sizeof(keys));
			printf("| %s | `%s` | %s | %s |\n", _(scopes[sc]), keys, actions[i].name,
			       _(actions[i].help));
		}
}

/* Process hygiene before anything touches a file: private files, no core
 * dumps (they would hold citizens' data), and a file-size limit reported as
 * an error instead of killing the process. */
static void harden_process(void)
{
	umask(077);
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

static enum status ensure_unit(struct db *db, const struct config *cfg)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO unit(code, name, province) VALUES (?1, ?2, ?3) "
					  "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
					  "province = excluded.province "
					  "WHERE name IS NOT excluded.name OR province IS NOT excluded.province");
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_text(st, 1, cfg->unit.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cfg->unit.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, cfg->unit.province ? cfg->unit.province : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

/* The default data folder ($XDG_DATA_HOME/dvcdesk) holds the database,
 * its backups and reports: 0700 whenever citizens' data are written there,
 * and said when it was looser.  A folder given with --db or [db] path may
 * be shared (/srv, a home folder): only the files in it are made private. */
static void tighten_data_dir(const struct config *cfg)
{
	char *dir = config_db_dir(cfg);
	char *data = config_data_dir();
	bool changed = false;
	status_clear();
	if (data && str_eq(dir, data)) {
		if (fs_make_private(dir, &changed) != ST_OK)
			cli_warn("%s", status_detail(ST_IO));
		else if (changed)
			cli_warn(_("the data folder %s could be read by other users of this computer; "
			           "made private (0700)"),
			         dir);
	}
	free(data);
	free(dir);
}

struct db *cli_db(struct cli *cli, bool readonly)
{
	return cli_db_flags(cli, readonly ? DB_READONLY : 0);
}

struct db *cli_db_flags(struct cli *cli, unsigned flags)
{
	bool readonly = flags & DB_READONLY;
	if (cli->db)
		return cli->db;
	enum status st = db_open(&cli->db, cli->cfg.db_path, flags);
	if (st != ST_OK) {
		last_db_status = st;
		cli_error(status_exit_code(st), "%s: %s", cli->cfg.db_path, status_detail(st));
		if (st == ST_DB_CORRUPT || st == ST_DB_FOREIGN) {
			char *hint = backup_restore_hint(&cli->cfg);
			if (hint)
				fprintf(stderr, "dvcdesk: %s\n", hint);
			else
				fprintf(stderr, "dvcdesk: %s\n",
				        _("there is no checked backup in the backup folder"));
			free(hint);
		}
		return NULL;
	}
	cli->db_readonly = readonly;
	if (!readonly)
		tighten_data_dir(&cli->cfg);
	if (!readonly) {
		/* First run: the seed catalogue, the demo unit and a default
		 * volunteer, so a new user sees it work at once. */
		if ((st = catalog_ensure_seed(cli->db)) != ST_OK ||
		    (st = staff_ensure_default(cli->db)) != ST_OK ||
		    (st = ensure_unit(cli->db, &cli->cfg)) != ST_OK) {
			last_db_status = st;
			cli_error(status_exit_code(st), "%s: %s", cli->cfg.db_path,
				  status_detail(st));
			db_close(cli->db);
			cli->db = NULL;
			return NULL;
		}
	}
	return cli->db;
}

int cli_db_exit(void)
{
	return status_exit_code(last_db_status ? last_db_status : ST_DB_ERROR);
}

int cli_check_units(struct db *db, const char *const *units, int n)
{
	static const char sql_one[] = "SELECT 1 FROM unit WHERE code = ?1";
	static const char sql_all[] = "SELECT group_concat(code, ', ') FROM "
				      "(SELECT code FROM unit ORDER BY code)";
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = db_prepare(db, sql_one);
		if (!st)
			return cli_error(status_exit_code(ST_DB_ERROR), "%s",
					 status_detail(ST_DB_ERROR));
		sqlite3_bind_text(st, 1, units[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			continue;
		char known[512] = "";
		if ((st = db_prepare(db, sql_all)) && sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0))
			str_copy(known, sizeof(known), (const char *)sqlite3_column_text(st, 0));
		if (st)
			sqlite3_reset(st);
		return cli_error(66, _("no unit with the code \"%s\" in this database (its units: %s)"),
				 units[i], known);
	}
	return 0;
}

struct staff_pick {
	int n;
	int64_t id;
};

static bool count_staff(const struct staff *s, void *ctx)
{
	struct staff_pick *p = ctx;
	p->n++;
	p->id = s->id;
	return p->n < 2;
}

bool cli_staff(struct cli *cli, struct db *db, const char *name, int64_t *id_out)
{
	(void)cli;
	if (name) {
		struct staff s;
		char *nfc = text_nfc(name);
		enum status st = staff_find(db, nfc ? nfc : name, &s);
		free(nfc);
		if (st == ST_NOT_FOUND) {
			cli_error(status_exit_code(ST_NOT_FOUND),
			          _("no staff member named \"%s\"; see `dvcdesk staff list`"), name);
			return false;
		}
		if (st != ST_OK) {
			cli_error(status_exit_code(st), "%s", status_detail(st));
			return false;
		}
		if (!s.active) {
			cli_error(status_exit_code(ST_INVALID), _("staff member \"%s\" is disabled"),
			          name);
			return false;
		}
		*id_out = s.id;
		return true;
	}
	struct staff_pick pick = { 0, 0 };
	enum status st = staff_list(db, "", false, count_staff, &pick);
	if (st != ST_OK) { /* a database error is not "several staff members" */
		cli_error(status_exit_code(st), "%s", status_detail(st));
		return false;
	}
	if (pick.n == 0) {
		cli_error(status_exit_code(ST_NOT_FOUND),
		          _("there is no active staff member: add one with `dvcdesk staff add NAME`"));
		return false;
	}
	if (pick.n != 1) {
		cli_error(status_exit_code(ST_USAGE),
		          _("there are several staff members: say who with --staff NAME"));
		return false;
	}
	*id_out = pick.id;
	return true;
}

bool cli_read_pin(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool got = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got)
		str_trim(buf);
	return got;
}

int cli_main(int argc, char **argv, int (*tui)(struct cli *cli))
{
	harden_process();
	/* Vietnamese first; an explicit LANGUAGE in the environment wins over
	 * the config's [ui] language. */
	const char *env_lang = getenv("LANGUAGE");
	bool lang_from_env = env_lang && *env_lang;
	i18n_init(LANG_VI);

	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ "keys", no_argument, NULL, 'k' },
		/* hidden: the package's bash completion (cli_complete.h) */
		{ "completion", required_argument, NULL, 'C' }, { NULL, 0, NULL, 0 }
	};
	struct cli cli;
	memset(&cli, 0, sizeof(cli));
	int c;
	bool show_keys = false;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+c:d:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cli.cfg_path = optarg; break;
		case 'd': cli.db_path = optarg; break;
		case 'h': print_help(); return 0;
		case 'V': printf("dvcdesk %s\n", VERSION); return 0;
		case 'k': show_keys = true; break;
		case 'C': return cli_completion(stdout, optarg, opts);
		default:
			return cli_error(status_exit_code(ST_USAGE), _("unknown option \"%s\"; see dvcdesk --help"),
					 argv[optind - 1]);
		}
	}

	struct strbuf errors;
	sb_init(&errors);
	enum status st = config_load(&cli.cfg, cli.cfg_path, &errors);
	if (st != ST_OK) {
		fputs(errors.len ? errors.buf : status_detail(st), stderr);
		if (errors.len && errors.buf[errors.len - 1] != '\n')
			fputc('\n', stderr);
		fprintf(stderr, "dvcdesk: %s\n",
			_("fix the configuration file (see contrib/dvcdesk.ini.example), "
			  "or start without it"));
		sb_done(&errors);
		config_done(&cli.cfg);
		return 78;
	}
	sb_done(&errors);
	if (cli.cfg.ui.language == LANG_EN && !lang_from_env)
		i18n_set_language(LANG_EN);
	if (cli.db_path)
		config_set_db_path(&cli.cfg, cli.db_path);
	if (show_keys) { /* after the config: [keys] rebindings show too */
		print_keys_markdown();
		config_done(&cli.cfg);
		return 0;
	}

	int rc;
	if (optind >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			rc = cli_error(status_exit_code(ST_USAGE), _("the counter needs a terminal; for scripts use a "
					     "command (see dvcdesk --help)"));
		else
			rc = tui(&cli);
	} else {
		const char *name = argv[optind];
		const struct command *cmd = NULL;
		for (size_t i = 0; i < ARRAY_LEN(commands); i++)
			if (str_eq(commands[i].name, name))
				cmd = &commands[i];
		if (!cmd) {
			rc = cli_error(status_exit_code(ST_USAGE), _("unknown command \"%s\"; see dvcdesk --help"), name);
		} else {
			int first = optind;
			/* --help of every command: its usage on stdout, exit 0 (qr
			 * prints a longer help of its own). */
			if (!str_eq(name, "qr") && wants_help(argc - first, argv + first)) {
				rc = cli_help(name);
				goto done;
			}
			optind = 0; /* glibc: re-initialise getopt for the sub-command */
			opterr = 0; /* sub-commands report bad options through cli_usage() */
			rc = cmd->run(&cli, argc - first, argv + first);
		}
	}
done:
	if (cli.db)
		db_close(cli.db);
	config_done(&cli.cfg);
	return rc;
}
