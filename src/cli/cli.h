/* The command line: global options, then a sub-command.  Each sub-command is
 * `int cmd_NAME(struct cli *cli, int argc, char **argv)` in src/cmd_NAME.c,
 * with argv[0] the sub-command's name; it returns a sysexits.h code.
 * To add a sub-command: one file plus one line in CLI_COMMANDS. */
#ifndef DVCDESK_CLI_H
#define DVCDESK_CLI_H

#include <stdbool.h>

#include "config/config.h"
#include "store/db.h"

struct cli {
	struct config cfg;     /* loaded and validated before any sub-command */
	const char *cfg_path;  /* --config, or NULL */
	const char *db_path;   /* --db, or NULL */
	struct db *db;         /* opened on first cli_db() */
	bool db_readonly;
};

/* name, summary (untranslated), usage line */
#define CLI_COMMANDS(_)                                                                         \
	_(add, N_("log a visit from a script or a paper form"),                                    \
	  "add [--staff NAME] [--procedure CODE|none] [--service LIST] [--dossier CODE]"           \
	  " [--group LIST] [--outcome done|more_papers|referred]"                                  \
	  " [--channel walk_in|phone|online|outreach] [--at 'YYYY-MM-DD HH:MM' --reason TEXT]"     \
	  " [--duration MIN] [--note TEXT] [--uid UID]")                                            \
	_(void, N_("void a visit, keeping the row"), "void UID --reason TEXT [--staff NAME]")      \
	_(report, N_("totals for a shift, day, month, year or range"),                             \
	  "report (--shift ID|--day D|--month YYYY-MM|--quarter YYYY-Qn|--half YYYY-Hn"          \
	  "|--year YYYY|--from D --to D) [--staff NAME]"                                          \
	  " [--counter NAME] [--format text|csv|json|pdf|xlsx] [--width 58mm|80mm|a4]"             \
	  " [--output FILE] [--print] [--bom] [--by NAME] [--unit CODE]... [--server [--conninfo C]]"\
	  " | report --due"                                                                          \
	  " | report --attendance (--month YYYY-MM|--year YYYY|--from D --to D)"                  \
	  " [--format text|csv|json] | report --members --year YYYY [--format text|csv|json]")    \
	_(export, N_("raw visits of a date range, one row each"),                                   \
	  "export --from D --to D [--format csv|json] [--output FILE] [--bom] [--with-personal-data]" \
	  " [--unit CODE]...")                                                                    \
	_(reconcile, N_("check the logged online submissions against the provincial export"),       \
	  "reconcile FILE [--from D --to D] [--unit CODE] [--columns code=...,date=...,"            \
	  "procedure=...,channel=...] [--format text|csv|json|xlsx|pdf] [--output FILE] [--dry-run]") \
	_(catalog, N_("list, search or import procedures"),                                        \
	  "catalog list [QUERY] | catalog import FILE.csv")                                         \
	_(qr, N_("print a QR code for a text or a portal page"), "qr [--invert] [--wide|--ascii] [--ecc L|M|Q|H] [--max-cols N] [--max-rows N] (TEXT | --procedure CODE | --dossier CODE | --target home|payment|vneid|feedback)") \
	_(staff, N_("manage volunteers and supervisors"),                                          \
	  "staff add NAME [--supervisor] [--pin] | staff list | staff disable NAME"                \
	  " | staff set-pin NAME")                                                                  \
	_(backup, N_("make a checked backup of the database"), "backup [FILE]")                   \
	_(restore, N_("restore a backup (supervisor)"), "restore [FILE --as NAME]")                 \
	_(purge, N_("delete personal data"), "purge [--as NAME] | purge --phone NUMBER --as NAME") \
	_(check, N_("check the configuration and the database"), "check")                       \
	_(merge, N_("fold other counters' database files into this one"), "merge FILE.db...")                          \
	_(roster, N_("the duty roster: import, show, set or clear a slot"),                        \
	  "roster import FILE.csv|FILE.xlsx | roster show [--week YYYY-Www|--month YYYY-MM]"       \
	  " [--counter NAME] [--format text|csv|json] | roster set --date D --session sáng|chiều"  \
	  " [--counter NAME] --staff NAME | roster clear --date D --session sáng|chiều"            \
	  " [--counter NAME]")                                                                      \
	_(event, N_("outreach and training events: add, list, edit, void"),                       \
	  "event add --kind meeting|training|door_to_door|mobile_point --date D --place TEXT"      \
	  " [--attendees N] [--households N] [--leaflets N] [--accounts N] [--submissions N]"      \
	  " [--staff \"A,B\"] [--note TEXT] [--as NAME] | event list [--month YYYY-MM|--from D"     \
	  " --to D] [--all] [--format text|json] | event edit UID [the add options]"                \
	  " | event void UID --reason TEXT [--as NAME]")                                                                      \
	_(sync, N_("send waiting visits to the server"), "sync [--status] [--quiet] [--conninfo C]") \
	_(server, N_("set up the PostgreSQL server (administrator)"),                              \
	  "server init [--conninfo C] | server grant --unit CODE --role NAME [--password-stdin]"   \
	  " | server grant --reader --role NAME [--unit CODE...] | server staff-join UID UID")

#define CLI_DECLARE(name, summary, usage) int cmd_##name(struct cli *cli, int argc, char **argv);
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

/* Parse global options, load the config, then run the sub-command, or the
 * counter through `tui` (screens/ui.c; passed in by main.c so that src/ never
 * links curses).  Returns the process exit code. */
int cli_main(int argc, char **argv, int (*tui)(struct cli *cli));

/* The database, opened on first use (read-only when the sub-command only
 * reads).  On failure prints one line on stderr and returns NULL; the caller
 * returns cli_db_exit(). */
struct db *cli_db(struct cli *cli, bool readonly);
/* The same with db_open()'s flags (DB_READONLY, DB_CHECK...). */
struct db *cli_db_flags(struct cli *cli, unsigned flags);
int cli_db_exit(void);

/* --unit CODE (repeatable; report, export): each code must be a unit of the
 * database's unit table (dvcdesk merge adds them).  Prints the problem,
 * naming the known units, and returns its exit code; 0 when all are known. */
int cli_check_units(struct db *db, const char *const *units, int n);

/* Print "dvcdesk: MESSAGE" on stderr; returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "dvcdesk: warning: MESSAGE" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the usage line of a sub-command on stderr and return 64. */
int cli_usage(const char *command);
/* --help: the usage line and summary of a sub-command on stdout; returns 0. */
int cli_help(const char *command);

/* The staff member a CLI action is done as: --staff NAME, or the only active
 * member when there is exactly one.  Prints the problem and returns false. */
bool cli_staff(struct cli *cli, struct db *db, const char *name, int64_t *id_out);

/* Read a PIN from standard input (without echo on a terminal), trimmed.
 * Returns false at end of input. */
bool cli_read_pin(const char *prompt, char *buf, size_t size);

#endif
