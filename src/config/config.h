/* The INI configuration: every key optional, every value checked.
 * Section and key names are the contract (docs/architecture.md; every key is explained in
 * contrib/dvcdesk.ini.example). */
#ifndef DVCDESK_CONFIG_H
#define DVCDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/i18n.h"
#include "util/status.h"
#include "util/util.h"

enum paper { PAPER_A4, PAPER_80MM, PAPER_58MM };
enum qr_style { QR_STYLE_AUTO, QR_STYLE_HALF, QR_STYLE_WIDE, QR_STYLE_ASCII };
enum tristate { TRI_AUTO, TRI_YES, TRI_NO };
enum report_form { FORM_YOUTH_UNION, FORM_STATE };

struct config_key {
	char *action; /* action name as in the action table */
	char *keys;   /* raw value: "<key>[, <key>...]" */
	int line;     /* line in the file (config.c reads the lines itself too) */
};

struct config {
	char *path; /* the file read, or NULL for the embedded default */
	struct {
		char *name, *code, *province;
		char *place; /* the commune's name for "<place>, ngày …"; "" : dots to fill in */
	} unit;
	char *counter_name;
	struct {
		int morning_start, morning_end; /* minutes since midnight */
		int afternoon_start, afternoon_end;
	} session;
	struct {
		char *home_url, *procedure_url, *dossier_url;
		char *payment_url, *vneid_url, *feedback_url;
	} portal;
	char **dossier_patterns; /* POSIX extended regexes, each compiled once to check it */
	size_t n_dossier_patterns;
	struct {
		bool collect_name, collect_phone;
		int retention_days;
	} privacy;
	struct {
		char *printer; /* NULL: the system default queue */
		enum paper paper;
		int copies;
	} print;
	struct {
		long online_submission_year, vneid_year, account_year, visits_year; /* 0: none */
	} targets;
	/* [evaluation]: the grades of the members sheet (report --members);
	 * index EVAL_EXCELLENT, EVAL_GOOD, EVAL_PASS; 0: that threshold unset;
	 * a level with every threshold unset is not given. */
	struct config_evaluation {
		int attendance_percent[3], share_percent[3];
		long visits[3], events[3];
	} evaluation;
	struct {
		enum lang language;
		bool keep_procedure;
		int idle_lock_minutes; /* 0: never */
		enum qr_style qr_style;
		enum tristate color;
	} ui;
	struct {
		char *dir; /* NULL: <data folder>/backups */
		int keep_days;
	} backup;
	/* [report]: periods, the document form, reminders (issue 16) */
	struct {
		int month_starts_on; /* 1 (calendar months) or 15 (Decree 09/2019) */
		enum report_form form;
		/* "" : the form's default (document.c) */
		char *governing_body, *issuing_body, *number;
		char *signer_left, *signer_right, *signer_right_title, *signer_right_name;
		char *recipients;  /* "A; B; C" : the "Nơi nhận" list; "" : none */
		int day_due;       /* minutes since midnight: the day's report before it */
		int month_due;     /* day of the month: the month's report before it */
		int year_due;      /* MMDD: the year's report before it */
	} report;
	struct {
		char *conninfo;       /* libpq connection string or service=NAME; "": no server */
		int interval_minutes; /* the counter's idle sync: at most this often; 0: never */
	} sync;
	struct config_key *keys;
	size_t n_keys;
	char *db_path; /* resolved: [db] path, --db, or $XDG_DATA_HOME/dvcdesk/dvcdesk.db */
};

/* Fill cfg with the embedded defaults (docs/domain.md).  cfg need not
 * be initialised: it is overwritten (config_done() a used one first). */
void config_defaults(struct config *cfg);

/* Load and validate.  path NULL means $XDG_CONFIG_HOME/dvcdesk/dvcdesk.ini
 * (or ~/.config/...), and a missing default file is not an error: the
 * defaults stand.  An explicit path that is missing is ST_CONFIG.  Every
 * problem is appended to `errors` as one line
 *   FILE: [section] key = "value": what is wrong; allowed: ...
 * and the result is ST_CONFIG when there was any (also recorded with
 * status_fail()).  cfg holds the defaults plus every valid value either way;
 * free it with config_done().  cfg need not be initialised; errors may be
 * NULL.  The key bindings are reset to the defaults, then [keys] applied
 * (action_rebind()): the bindings are global, the last load wins.
 *
 * Beyond iniparser: a value with ';' or '#' glued to it and no quotes (which
 * iniparser would cut silently), a key given twice, an unknown section or
 * key, non-UTF-8 text and two actions sharing a key are all problems. */
enum status config_load(struct config *cfg, const char *path, struct strbuf *errors);

/* The default config file: $XDG_CONFIG_HOME/dvcdesk/dvcdesk.ini, or
 * ~/.config/dvcdesk/dvcdesk.ini (relative XDG values are ignored, as the
 * spec says).  Caller frees. */
char *config_default_path(void);

/* Override the database path (the --db flag); used as given. */
void config_set_db_path(struct config *cfg, const char *path);

void config_done(struct config *cfg);

/* The data folder: $XDG_DATA_HOME/dvcdesk or ~/.local/share/dvcdesk. Caller frees. */
char *config_data_dir(void);

/* The folder of cfg->db_path. Caller frees. */
char *config_db_dir(const struct config *cfg);

#endif
