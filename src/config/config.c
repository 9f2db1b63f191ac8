/* Loading and checking the INI configuration: the key table, the defaults
 * and config_load().  The steps are in config_ini.c (reading, scanning and
 * parsing the file), config_check.c (the values) and config_diag.c (the
 * messages); see config_int.h.
 *
 * iniparser 4.1 does the parsing, but it is quiet about much that would
 * hurt a counter: an unquoted ';' or '#' starts a comment anywhere in a
 * value (a pattern list or a URL is cut short), a key given twice keeps the
 * last, getint() reads "010" as 8 and "abc" as 0, unknown keys are simply
 * never asked for.  So the file is also read here line by line, every value
 * is read as a string and checked, and every entry iniparser found must be
 * a known section or key. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_int.h"
#include "util/period.h"
#include "util/text.h"


static const char DEFAULT_UNIT_NAME[] = "Trung tâm Phục vụ hành chính công (demo)";
static const char DEFAULT_PATTERN[] =
    "^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$";
static const char DEFAULT_PROCEDURE_URL[] =
    "https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword={code}"
    "&showAdvanced=false&formalityType=STANDARD&limit=10&activeKey=STANDARD";

/* ---- the keys ---------------------------------------------------------- */


static const char *const paper_words[] = {"a4", "80mm", "58mm", NULL};
static const char *const qr_words[] = {"auto", "half", "wide", "ascii", NULL};
static const char *const lang_words[] = {"vi", "en", NULL};
static const char *const form_words[] = {"youth_union", "state", NULL};


#define AT(member) offsetof(struct config, member)
/* To add a key: one row here, a default in config_defaults(), a line in
 * contrib/dvcdesk.ini.example, and the member in struct config. */
const struct field config_fields[] = {
    {"unit", "name", K_TEXT, AT(unit.name), 0, 0, NULL, NULL, false},
    {"unit", "code", K_TEXT, AT(unit.code), 0, 0, NULL, NULL, false},
    {"unit", "province", K_TEXT_EMPTY, AT(unit.province), 0, 0, NULL, NULL, false},
    {"unit", "place", K_TEXT_EMPTY, AT(unit.place), 0, 0, NULL, NULL, false},
    {"counter", "name", K_TEXT, AT(counter_name), 0, 0, NULL, NULL, false},
    {"session", "morning", K_SESSION, AT(session.morning_start), 0, 0, NULL, NULL, false},
    {"session", "afternoon", K_SESSION, AT(session.afternoon_start), 0, 0, NULL, NULL, false},
    {"portal", "home_url", K_URL, AT(portal.home_url), 0, 0, NULL, NULL, false},
    {"portal", "procedure_url", K_URL, AT(portal.procedure_url), 0, 0, NULL, "{code}", true},
    {"portal", "dossier_url", K_URL, AT(portal.dossier_url), 0, 0, NULL, "{dossier}", false},
    {"portal", "payment_url", K_URL, AT(portal.payment_url), 0, 0, NULL, NULL, false},
    {"portal", "vneid_url", K_URL, AT(portal.vneid_url), 0, 0, NULL, NULL, false},
    {"portal", "feedback_url", K_URL, AT(portal.feedback_url), 0, 0, NULL, NULL, false},
    {"dossier", "patterns", K_PATTERNS, 0, 0, 0, NULL, NULL, false},
    {"privacy", "collect_name", K_BOOL, AT(privacy.collect_name), 0, 0, NULL, NULL, false},
    {"privacy", "collect_phone", K_BOOL, AT(privacy.collect_phone), 0, 0, NULL, NULL, false},
    {"privacy", "retention_days", K_INT, AT(privacy.retention_days), 1, 3650, NULL, NULL, false},
    {"print", "printer", K_PRINTER, AT(print.printer), 0, 0, NULL, NULL, false},
    {"print", "paper", K_ENUM, AT(print.paper), 0, 0, paper_words, NULL, false},
    {"print", "copies", K_INT, AT(print.copies), 1, 20, NULL, NULL, false},
    {"targets", "online_submission_year", K_LONG, AT(targets.online_submission_year), 0, 1000000000,
     NULL, NULL, false},
    {"targets", "vneid_year", K_LONG, AT(targets.vneid_year), 0, 1000000000, NULL, NULL, false},
    {"targets", "account_year", K_LONG, AT(targets.account_year), 0, 1000000000, NULL, NULL, false},
    {"targets", "visits_year", K_LONG, AT(targets.visits_year), 0, 1000000000, NULL, NULL, false},
    /* [evaluation]: the members sheet's grades (report_members.c) */
    {"evaluation", "excellent_attendance_percent", K_INT, AT(evaluation.attendance_percent[0]), 0, 100, NULL, NULL, false},
    {"evaluation", "excellent_visits", K_LONG, AT(evaluation.visits[0]), 0, 1000000000, NULL, NULL, false},
    {"evaluation", "excellent_events", K_LONG, AT(evaluation.events[0]), 0, 100000, NULL, NULL, false},
    {"evaluation", "excellent_share_percent", K_INT, AT(evaluation.share_percent[0]), 0, 100, NULL, NULL, false},
    {"evaluation", "good_attendance_percent", K_INT, AT(evaluation.attendance_percent[1]), 0, 100, NULL, NULL, false},
    {"evaluation", "good_visits", K_LONG, AT(evaluation.visits[1]), 0, 1000000000, NULL, NULL, false},
    {"evaluation", "good_events", K_LONG, AT(evaluation.events[1]), 0, 100000, NULL, NULL, false},
    {"evaluation", "good_share_percent", K_INT, AT(evaluation.share_percent[1]), 0, 100, NULL, NULL, false},
    {"evaluation", "pass_attendance_percent", K_INT, AT(evaluation.attendance_percent[2]), 0, 100, NULL, NULL, false},
    {"evaluation", "pass_visits", K_LONG, AT(evaluation.visits[2]), 0, 1000000000, NULL, NULL, false},
    {"evaluation", "pass_events", K_LONG, AT(evaluation.events[2]), 0, 100000, NULL, NULL, false},
    {"evaluation", "pass_share_percent", K_INT, AT(evaluation.share_percent[2]), 0, 100, NULL, NULL, false},
    {"ui", "language", K_ENUM, AT(ui.language), 0, 0, lang_words, NULL, false},
    {"ui", "keep_procedure", K_BOOL, AT(ui.keep_procedure), 0, 0, NULL, NULL, false},
    {"ui", "idle_lock_minutes", K_INT, AT(ui.idle_lock_minutes), 0, 240, NULL, NULL, false},
    {"ui", "qr_style", K_ENUM, AT(ui.qr_style), 0, 0, qr_words, NULL, false},
    {"ui", "color", K_TRI, AT(ui.color), 0, 0, NULL, NULL, false},
    {"backup", "dir", K_PATH, AT(backup.dir), 0, 0, NULL, NULL, false},
    {"backup", "keep_days", K_INT, AT(backup.keep_days), 1, 3650, NULL, NULL, false},
    /* [report] (issue 16): periods, the document form, reminders */
    {"report", "month_starts_on", K_INT, AT(report.month_starts_on), 1, 15, NULL, NULL, false},
    {"report", "form", K_ENUM, AT(report.form), 0, 0, form_words, NULL, false},
    {"report", "governing_body", K_TEXT_EMPTY, AT(report.governing_body), 0, 0, NULL, NULL, false},
    {"report", "issuing_body", K_TEXT_EMPTY, AT(report.issuing_body), 0, 0, NULL, NULL, false},
    {"report", "number", K_TEXT_EMPTY, AT(report.number), 0, 0, NULL, NULL, false},
    {"report", "signer_left", K_TEXT_EMPTY, AT(report.signer_left), 0, 0, NULL, NULL, false},
    {"report", "signer_right", K_TEXT_EMPTY, AT(report.signer_right), 0, 0, NULL, NULL, false},
    {"report", "signer_right_title", K_TEXT_EMPTY, AT(report.signer_right_title), 0, 0, NULL, NULL,
     false},
    {"report", "signer_right_name", K_TEXT_EMPTY, AT(report.signer_right_name), 0, 0, NULL, NULL,
     false},
    {"report", "recipients", K_TEXT_EMPTY, AT(report.recipients), 0, 0, NULL, NULL, false},
    {"report", "day_due", K_HHMM, AT(report.day_due), 0, 0, NULL, NULL, false},
    {"report", "month_due", K_INT, AT(report.month_due), 1, 28, NULL, NULL, false},
    {"report", "year_due", K_DDMM, AT(report.year_due), 0, 0, NULL, NULL, false},
    {"keys", NULL, K_KEYS, 0, 0, 0, NULL, NULL, false},
    {"db", "path", K_PATH, AT(db_path), 0, 0, NULL, NULL, false},
    /* sync to the PostgreSQL server (src/sync/) */
    {"sync", "conninfo", K_TEXT_EMPTY, AT(sync.conninfo), 0, 0, NULL, NULL, false},
    {"sync", "interval_minutes", K_INT, AT(sync.interval_minutes), 0, 1440, NULL, NULL, false},
};
#undef AT

_Static_assert(sizeof(enum paper) == sizeof(int), "enums are stored as int");
/* K_SESSION stores the start at the field's offset and the end just after. */
_Static_assert(offsetof(struct config, session.morning_end) ==
                   offsetof(struct config, session.morning_start) + sizeof(int),
               "session end follows its start");
_Static_assert(offsetof(struct config, session.afternoon_end) ==
                   offsetof(struct config, session.afternoon_start) + sizeof(int),
               "session end follows its start");
_Static_assert(sizeof(enum qr_style) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum lang) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum tristate) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum report_form) == sizeof(int), "enums are stored as int");

const char *const config_sections[] = {"unit",    "counter", "session", "portal",
                                       "dossier", "privacy", "print",   "targets",
                                       "ui",      "backup",  "keys",    "db",
                                       "evaluation", "report", "sync"};

const size_t config_n_fields = ARRAY_LEN(config_fields);
const size_t config_n_sections = ARRAY_LEN(config_sections);

/* ---- defaults and paths -------------------------------------------------- */

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->unit.name = xstrdup(DEFAULT_UNIT_NAME);
	cfg->unit.code = xstrdup("DEMO");
	cfg->unit.province = xstrdup("");
	cfg->counter_name = xstrdup("Quầy 1");
	cfg->session.morning_start = 7 * 60;
	cfg->session.morning_end = 11 * 60 + 30;
	cfg->session.afternoon_start = 13 * 60 + 30;
	cfg->session.afternoon_end = 17 * 60;
	cfg->portal.home_url = xstrdup("https://dichvucong.gov.vn");
	cfg->portal.procedure_url = xstrdup(DEFAULT_PROCEDURE_URL);
	cfg->portal.dossier_url = xstrdup("https://dichvucong.gov.vn/tra-cuu-ho-so");
	cfg->portal.payment_url = xstrdup("https://dichvucong.gov.vn/thanh-toan-truc-tuyen");
	cfg->portal.vneid_url = xstrdup("https://vneid.gov.vn");
	/* The satisfaction page is set per province (docs/domain.md); until a centre
	 * sets it, the portal home is the honest default. */
	cfg->portal.feedback_url = xstrdup("https://dichvucong.gov.vn");
	cfg->dossier_patterns = xmalloc(sizeof *cfg->dossier_patterns);
	cfg->dossier_patterns[0] = xstrdup(DEFAULT_PATTERN);
	cfg->n_dossier_patterns = 1;
	cfg->privacy.collect_name = false;
	cfg->privacy.collect_phone = false;
	cfg->privacy.retention_days = 30;
	cfg->print.printer = NULL;
	cfg->print.paper = PAPER_A4;
	cfg->print.copies = 1;
	cfg->ui.language = LANG_VI;
	cfg->ui.keep_procedure = true;
	cfg->ui.idle_lock_minutes = 10;
	cfg->ui.qr_style = QR_STYLE_AUTO;
	cfg->ui.color = TRI_AUTO;
	cfg->backup.dir = NULL;
	cfg->backup.keep_days = 30;
	cfg->unit.place = xstrdup("");
	cfg->report.month_starts_on = 1;
	cfg->report.form = FORM_YOUTH_UNION;
	cfg->report.day_due = 17 * 60;
	cfg->report.month_due = 25;
	cfg->report.year_due = 1130;
	cfg->sync.conninfo = xstrdup("");
	cfg->sync.interval_minutes = 5;
	char *data = config_data_dir();
	cfg->db_path = xasprintf("%s/dvcdesk.db", data);
	free(data);
}

void config_free_patterns(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_dossier_patterns; i++)
		free(cfg->dossier_patterns[i]);
	free(cfg->dossier_patterns);
	cfg->dossier_patterns = NULL;
	cfg->n_dossier_patterns = 0;
}

void config_done(struct config *cfg)
{
	free(cfg->path);
	free(cfg->unit.name);
	free(cfg->unit.code);
	free(cfg->unit.province);
	free(cfg->unit.place);
	free(cfg->report.governing_body);
	free(cfg->report.issuing_body);
	free(cfg->report.number);
	free(cfg->report.signer_left);
	free(cfg->report.signer_right);
	free(cfg->report.signer_right_title);
	free(cfg->report.signer_right_name);
	free(cfg->report.recipients);
	free(cfg->counter_name);
	free(cfg->portal.home_url);
	free(cfg->portal.procedure_url);
	free(cfg->portal.dossier_url);
	free(cfg->portal.payment_url);
	free(cfg->portal.vneid_url);
	free(cfg->portal.feedback_url);
	config_free_patterns(cfg);
	free(cfg->print.printer);
	free(cfg->backup.dir);
	free(cfg->sync.conninfo);
	for (size_t i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].keys);
	}
	free(cfg->keys);
	free(cfg->db_path);
	memset(cfg, 0, sizeof *cfg);
}

void config_set_db_path(struct config *cfg, const char *path)
{
	if (!path)
		return;
	free(cfg->db_path);
	cfg->db_path = xstrdup(path);
}

/* Read, scan, parse and check one file that exists or was asked for. */
static void load_file(struct ctx *c, bool explicit, bool *missing)
{
	char *text = NULL;
	size_t size = 0;
	if (!config_read_file(c, c->file, explicit, missing, &text, &size))
		return;
	c->cfg->path = xstrdup(c->file);
	const char *body = text;
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		body += 3;
		size -= 3;
	}
	config_scan_lines(c, body);
	dictionary *d = config_parse(c, body, size);
	if (!d) {
		if (c->n_errors == 0)
			config_bad_line(c, "%s", _("cannot be read by the INI parser"));
	} else {
		config_check_entries(c, d);
		iniparser_freedict(d);
		config_check_sessions(c);
		config_check_month_start(c);
		config_check_clashes(c);
	}
	free(text);
}

enum status config_load(struct config *cfg, const char *path, struct strbuf *errors)
{
	status_clear();
	config_defaults(cfg);
	action_reset();
	char *file = path ? xstrdup(path) : config_default_path();
	struct ctx c = {.cfg = cfg, .errors = errors, .file = file};
	c.dir = path_dir(file);
	bool missing = false;
	load_file(&c, path != NULL, &missing);
	for (size_t i = 0; i < c.n_seen; i++)
		free(c.seen[i].key);
	free(c.seen);
	free(c.dir);
	enum status st = ST_OK;
	if (c.n_errors)
		st = status_fail(ST_CONFIG,
		                 ngettext("%s: %d problem in the configuration",
		                          "%s: %d problems in the configuration",
		                          (unsigned long)c.n_errors),
		                 file, c.n_errors);
	free(file);
	return st;
}
