/* Loading and checking the INI configuration.
 *
 * iniparser 4.1 does the parsing, but it is quiet about much that would
 * hurt a counter: an unquoted ';' or '#' starts a comment anywhere in a
 * value (a pattern list or a URL is cut short), a key given twice keeps the
 * last, getint() reads "010" as 8 and "abc" as 0, unknown keys are simply
 * never asked for.  So the file is also read here line by line, every value
 * is read as a string and checked, and every entry iniparser found must be
 * a known section or key. */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/action.h"
#include "util/text.h"

#define CONFIG_MAX_BYTES (256 * 1024) /* a real config is a few KiB */
#define INI_LINE_MAX     1022         /* iniparser 4.1 reads lines into 1024 bytes */
#define TEXT_MAX_CHARS   200

static const char DEFAULT_UNIT_NAME[] = "Trung tâm Phục vụ hành chính công (demo)";
static const char DEFAULT_PATTERN[] =
    "^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$";
static const char DEFAULT_PROCEDURE_URL[] =
    "https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword={code}"
    "&showAdvanced=false&formalityType=STANDARD&limit=10&activeKey=STANDARD";

/* ---- the keys ---------------------------------------------------------- */

enum kind {
	K_TEXT,       /* non-empty text */
	K_TEXT_EMPTY, /* text, may be empty */
	K_PRINTER,    /* a CUPS queue name, empty: NULL (system default) */
	K_BOOL,
	K_INT,  /* int in [lo, hi] */
	K_LONG, /* long in [lo, hi] */
	K_ENUM, /* one of words[], stored as its index */
	K_TRI,  /* auto or a boolean */
	K_URL,
	K_SESSION,
	K_PATTERNS,
	K_PATH, /* empty: the default (NULL) */
	K_KEYS, /* the whole [keys] section */
};

static const char *const paper_words[] = {"a4", "80mm", "58mm", NULL};
static const char *const qr_words[] = {"auto", "half", "wide", "ascii", NULL};
static const char *const lang_words[] = {"vi", "en", NULL};

struct field {
	const char *section, *key;
	enum kind kind;
	size_t off;
	long lo, hi;
	const char *const *words;
	const char *placeholder; /* K_URL: the one {name} it may hold */
	bool needs_placeholder;
};

#define AT(member) offsetof(struct config, member)
/* To add a key: one row here, a default in config_defaults(), a line in
 * contrib/dvcdesk.ini.example, and the member in struct config. */
static const struct field fields[] = {
    {"unit", "name", K_TEXT, AT(unit.name), 0, 0, NULL, NULL, false},
    {"unit", "code", K_TEXT, AT(unit.code), 0, 0, NULL, NULL, false},
    {"unit", "province", K_TEXT_EMPTY, AT(unit.province), 0, 0, NULL, NULL, false},
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
    {"ui", "language", K_ENUM, AT(ui.language), 0, 0, lang_words, NULL, false},
    {"ui", "keep_procedure", K_BOOL, AT(ui.keep_procedure), 0, 0, NULL, NULL, false},
    {"ui", "idle_lock_minutes", K_INT, AT(ui.idle_lock_minutes), 0, 240, NULL, NULL, false},
    {"ui", "qr_style", K_ENUM, AT(ui.qr_style), 0, 0, qr_words, NULL, false},
    {"ui", "color", K_TRI, AT(ui.color), 0, 0, NULL, NULL, false},
    {"backup", "dir", K_PATH, AT(backup.dir), 0, 0, NULL, NULL, false},
    {"backup", "keep_days", K_INT, AT(backup.keep_days), 1, 3650, NULL, NULL, false},
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

static const char *const sections[] = {"unit",    "counter", "session", "portal",
                                       "dossier", "privacy", "print",   "targets",
                                       "ui",      "backup",  "keys",    "db",
                                       "sync"};

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
	/* The satisfaction page is set per province (DOMAIN.md); until a centre
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
	cfg->sync.conninfo = xstrdup("");
	cfg->sync.interval_minutes = 5;
	char *data = config_data_dir();
	cfg->db_path = xasprintf("%s/dvcdesk.db", data);
	free(data);
}

static void free_patterns(struct config *cfg)
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
	free(cfg->counter_name);
	free(cfg->portal.home_url);
	free(cfg->portal.procedure_url);
	free(cfg->portal.dossier_url);
	free(cfg->portal.payment_url);
	free(cfg->portal.vneid_url);
	free(cfg->portal.feedback_url);
	free_patterns(cfg);
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

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return home;
	const struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		return pw->pw_dir;
	return NULL;
}

/* $VAR/dvcdesk, or ~/FALLBACK/dvcdesk; a relative $VAR is ignored (XDG). */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	if (v && v[0] == '/')
		return xasprintf("%s/dvcdesk", v);
	const char *home = home_dir();
	/* No home at all: the current folder rather than "/". */
	return xasprintf("%s/%s/dvcdesk", home ? home : ".", fallback);
}

char *config_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *config_default_path(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = xasprintf("%s/dvcdesk.ini", dir);
	free(dir);
	return path;
}

char *config_db_dir(const struct config *cfg)
{
	return path_dir(cfg->db_path ? cfg->db_path : "./dvcdesk.db");
}

/* ---- reporting ----------------------------------------------------------- */

struct ctx {
	struct config *cfg;
	struct strbuf *errors;
	const char *file; /* as the user named it */
	char *dir;        /* its folder, for relative paths */
	int n_errors;
	/* from the line scan: where each "section:key" is */
	struct seen {
		char *key;
		int line;
	} * seen;
	size_t n_seen;
	bool keys_rebound[ACT__COUNT];
	bool session_bad; /* a session value was refused: no overlap check */
};

/* Length of the well-formed UTF-8 character at p, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t len;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07u;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* A value as it may appear in a message: bytes that are not printable UTF-8
 * become \xNN, '"' and '\' are escaped, long values are cut with "...".
 * Caller frees. */
static char *shown(const char *s)
{
	struct strbuf out;
	sb_init(&out);
	struct strbuf *sb = &out;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t chars = 0;
	while (*p) {
		if (chars == 80) {
			sb_add(sb, "...");
			break;
		}
		size_t n = utf8_len(p);
		if (n == 0 || *p < 0x20 || *p == 0x7f) {
			sb_addf(sb, "\\x%02X", *p);
			p++;
		} else if (*p == '"' || *p == '\\') {
			sb_addc(sb, '\\');
			sb_addc(sb, (char)*p++);
		} else {
			sb_addn(sb, (const char *)p, n);
			p += n;
		}
		chars++;
	}
	return out.buf ? sb_steal(&out) : xstrdup("");
}

/* One problem with a value:  FILE: [section] key = "value": WHAT; allowed: ALLOWED */
static void bad_value(struct ctx *c, const char *section, const char *key, const char *value,
                      const char *what, const char *allowed)
{
	c->n_errors++;
	if (!c->errors)
		return;
	char *v = shown(value), *k = shown(key);
	if (allowed)
		/* TRANSLATORS: FILE: [section] key = "value": what is wrong; allowed: ... */
		sb_addf(c->errors, _("%s: [%s] %s = \"%s\": %s; allowed: %s"), c->file, section, k,
		        v, what, allowed);
	else
		sb_addf(c->errors, _("%s: [%s] %s = \"%s\": %s"), c->file, section, k, v, what);
	sb_addc(c->errors, '\n');
	free(k);
	free(v);
}

/* A problem that is not about one value: FILE: TEXT */
static void bad_line(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad_line(struct ctx *c, const char *fmt, ...)
{
	c->n_errors++;
	if (!c->errors)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sb_addf(c->errors, "%s: %s\n", c->file, buf);
}

/* ---- "did you mean" ------------------------------------------------------ */

/* Edits between two words, a swap of two neighbours counting as one
 * ("nmae" is one edit from "name"). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Keep `known` as the guess for `typed` when it is near enough to be a typo
 * (one edit for short words, two for longer) and nearer than the guess so
 * far. */
static void consider(const char *typed, const char *known, const char **guess, size_t *best)
{
	size_t d = edit_distance(typed, known);
	if (d <= (strlen(known) <= 4 ? 1u : 2u) && (!*guess || d < *best)) {
		*guess = known;
		*best = d;
	}
}

/* ---- checking values ------------------------------------------------------ */

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "true", "1", "on"};
	static const char *const no[] = {"no", "false", "0", "off"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Digits only, no sign, no leading zero, no separators: "010" is not 8 and
 * "3.000" is not three thousand. */
static const char *parse_number(const char *s, long lo, long hi, long *out)
{
	if (!*s)
		return _("a number is needed");
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return _("not a whole number (digits only, no sign or separators)");
	if (s[0] == '0' && s[1])
		return _("a leading zero is not allowed");
	if (strlen(s) > 10)
		return _("out of range");
	long v = strtol(s, NULL, 10);
	if (v < lo || v > hi)
		return _("out of range");
	*out = v;
	return NULL;
}

static bool parse_hhmm(const char *s, size_t len, int *minutes)
{
	/* H:MM or HH:MM */
	if (len != 4 && len != 5)
		return false;
	size_t h = len - 3;
	if (s[h] != ':')
		return false;
	int hour = 0;
	for (size_t i = 0; i < h; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		hour = hour * 10 + (s[i] - '0');
	}
	if (s[h + 1] < '0' || s[h + 1] > '5' || s[h + 2] < '0' || s[h + 2] > '9')
		return false;
	if (hour > 23)
		return false;
	*minutes = hour * 60 + (s[h + 1] - '0') * 10 + (s[h + 2] - '0');
	return true;
}

/* "HH:MM-HH:MM", spaces around '-' allowed; start before end. */
static const char *parse_session(const char *s, int *start, int *end)
{
	const char *dash = strchr(s, '-');
	if (!dash)
		return _("not a time range");
	size_t l1 = (size_t)(dash - s);
	while (l1 && s[l1 - 1] == ' ')
		l1--;
	const char *t2 = dash + 1;
	while (*t2 == ' ')
		t2++;
	int a, b;
	if (!parse_hhmm(s, l1, &a) || !parse_hhmm(t2, strlen(t2), &b))
		return _("not a time range");
	if (a >= b)
		return _("the start is not before the end");
	*start = a;
	*end = b;
	return NULL;
}

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

/* The {placeholder}s of a URL: only `allowed` may appear; `found` tells
 * whether it did.  NULL when fine, else what is wrong. */
static const char *check_placeholders(const char *url, const char *allowed, bool *found)
{
	*found = false;
	for (const char *p = url; *p; p++) {
		if (*p == '}')
			return _("a '}' without its '{'");
		if (*p != '{')
			continue;
		const char *close = strchr(p, '}');
		if (!close)
			return _("a '{' without its '}'");
		size_t len = (size_t)(close - p) + 1;
		if (!allowed || strlen(allowed) != len || strncmp(p, allowed, len) != 0)
			return _("a {placeholder} this address does not take");
		*found = true;
		p = close;
	}
	return NULL;
}

static const char *check_url(const char *url)
{
	const char *rest;
	if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return _("not an http:// or https:// address");
	size_t host = strcspn(rest, "/?#");
	if (host == 0)
		return _("the address has no host name");
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return _("spaces and control characters are not allowed in an address");
	return NULL;
}

/* CUPS queue names: printable, no space, '/' or '#'.  It goes into lp's argv,
 * so a leading '-' would read as an option. */
static bool printer_ok(const char *s)
{
	if (s[0] == '-' || strlen(s) > 127)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '/' || *p == '#' || *p >= 0x80)
			return false;
	return true;
}

static char *resolve_path(const struct ctx *c, const char *v)
{
	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0')) {
		const char *home = home_dir();
		if (home)
			return xasprintf("%s%s", home, v + 1);
	}
	if (v[0] == '/' || !c->dir || strcmp(c->dir, ".") == 0)
		return xstrdup(v);
	return xasprintf("%s/%s", c->dir, v);
}

static void set_string(struct config *cfg, size_t off, char *v)
{
	char **slot = (char **)((char *)cfg + off);
	free(*slot);
	*slot = v;
}

static void set_int(struct config *cfg, size_t off, int v)
{
	memcpy((char *)cfg + off, &v, sizeof v);
}

static char *words_list(const char *const *words)
{
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; words[i]; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", words[i]);
	return sb_steal(&sb);
}

static void check_patterns(struct ctx *c, const struct field *f, const char *v)
{
	char **list = NULL;
	size_t n = 0;
	bool ok = true;
	const char *p = v;
	while (ok) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *one = xstrndup(p, len);
		str_trim(one);
		if (*one) {
			regex_t re;
			int rc = regcomp(&re, one, REG_EXTENDED | REG_NOSUB);
			if (rc != 0) {
				char why[256], what[512];
				regerror(rc, &re, why, sizeof why);
				snprintf(what, sizeof what,
				         _("the pattern \"%s\" is not valid: %s"), one, why);
				bad_value(c, f->section, f->key, v, what,
				          _("POSIX extended regular expressions separated by ';', "
				            "the whole value in double quotes"));
				ok = false;
				free(one);
			} else {
				regfree(&re);
				list = xrealloc(list, (n + 1) * sizeof *list);
				list[n++] = one;
			}
		} else {
			free(one);
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (ok && n == 0) {
		bad_value(c, f->section, f->key, v, _("no pattern given"),
		          _("at least one pattern; \".+\" accepts any code"));
		ok = false;
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(list[i]);
		free(list);
		return;
	}
	free_patterns(c->cfg);
	c->cfg->dossier_patterns = list;
	c->cfg->n_dossier_patterns = n;
}

/* Check one value (UTF-8 and NFC already) and store it when good. */
static void check_value(struct ctx *c, const struct field *f, const char *v)
{
	struct config *cfg = c->cfg;
	char allowed[256];
	const char *why;
	bool b = false;
	long n = 0;
	switch (f->kind) {
	case K_TEXT:
	case K_TEXT_EMPTY:
		snprintf(allowed, sizeof allowed,
		         _("text of at most %d characters, without control characters"),
		         TEXT_MAX_CHARS);
		if (f->kind == K_TEXT && !*v)
			bad_value(c, f->section, f->key, v, _("must not be empty"), allowed);
		else if (has_control(v) || count_chars(v) > TEXT_MAX_CHARS)
			bad_value(c, f->section, f->key, v, _("not acceptable text"), allowed);
		else
			set_string(cfg, f->off, xstrdup(v));
		return;
	case K_PRINTER:
		if (!*v)
			set_string(cfg, f->off, NULL);
		else if (!printer_ok(v))
			bad_value(c, f->section, f->key, v, _("not a print queue name"),
			          _("a queue name as lpstat -p shows it (no spaces, '/' or '#', "
			            "not starting with '-'), or empty for the system default"));
		else
			set_string(cfg, f->off, xstrdup(v));
		return;
	case K_BOOL:
		if (!parse_bool(v, &b))
			bad_value(c, f->section, f->key, v, _("not yes or no"),
			          _("yes, no (or true/false, on/off, 1/0)"));
		else
			*(bool *)((char *)cfg + f->off) = b;
		return;
	case K_INT:
	case K_LONG:
		why = parse_number(v, f->lo, f->hi, &n);
		if (why) {
			snprintf(allowed, sizeof allowed, _("a whole number from %ld to %ld"),
			         f->lo, f->hi);
			bad_value(c, f->section, f->key, v, why, allowed);
		} else if (f->kind == K_INT) {
			set_int(cfg, f->off, (int)n);
		} else {
			*(long *)((char *)cfg + f->off) = n;
		}
		return;
	case K_ENUM:
		for (int i = 0; f->words[i]; i++) {
			if (strcasecmp(v, f->words[i]) == 0) {
				set_int(cfg, f->off, i);
				return;
			}
		}
		{
			char *list = words_list(f->words);
			bad_value(c, f->section, f->key, v, _("not one of the choices"), list);
			free(list);
		}
		return;
	case K_TRI:
		if (strcasecmp(v, "auto") == 0)
			set_int(cfg, f->off, TRI_AUTO);
		else if (parse_bool(v, &b))
			set_int(cfg, f->off, b ? TRI_YES : TRI_NO);
		else
			bad_value(c, f->section, f->key, v, _("not one of the choices"),
			          "auto, yes, no");
		return;
	case K_URL: {
		bool found;
		why = check_url(v);
		if (!why)
			why = check_placeholders(v, f->placeholder, &found);
		if (!why && f->needs_placeholder && !found)
			why = _("the placeholder is missing");
		if (why) {
			if (f->placeholder)
				snprintf(
				    allowed, sizeof allowed,
				    f->needs_placeholder
				        ? _("an http:// or https:// address containing %s")
				        : _("an http:// or https:// address, which may contain %s"),
				    f->placeholder);
			else
				snprintf(allowed, sizeof allowed, "%s",
				         _("an http:// or https:// address"));
			bad_value(c, f->section, f->key, v, why, allowed);
		} else {
			set_string(cfg, f->off, xstrdup(v));
		}
		return;
	}
	case K_SESSION: {
		int s = 0, e = 0;
		why = parse_session(v, &s, &e);
		if (why) {
			c->session_bad = true;
			bad_value(c, f->section, f->key, v, why,
			          _("HH:MM-HH:MM with the start before the end, e.g. 07:00-11:30"));
		} else {
			set_int(cfg, f->off, s);
			set_int(cfg, f->off + sizeof(int), e);
		}
		return;
	}
	case K_PATTERNS:
		check_patterns(c, f, v);
		return;
	case K_PATH:
		if (!*v) {
			/* empty: keep the default */
		} else if (has_control(v)) {
			bad_value(
			    c, f->section, f->key, v, _("not a file path"),
			    _("a path; a relative one is relative to the config file's folder"));
		} else {
			set_string(cfg, f->off, resolve_path(c, v));
		}
		return;
	case K_KEYS:
		return;
	}
}

static const struct field *find_field(const char *section, const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		if (strcmp(fields[i].section, section) == 0 &&
		    (fields[i].key == NULL || strcmp(fields[i].key, key) == 0))
			return &fields[i];
	return NULL;
}

static bool known_section(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(sections); i++)
		if (strcmp(sections[i], s) == 0)
			return true;
	return false;
}

static void unknown_section(struct ctx *c, const char *name)
{
	struct strbuf list;
	sb_init(&list);
	const char *guess = NULL;
	size_t best = 0;
	for (size_t i = 0; i < ARRAY_LEN(sections); i++) {
		sb_addf(&list, "%s%s", i ? ", " : "", sections[i]);
		consider(name, sections[i], &guess, &best);
	}
	char *n = shown(name);
	if (guess)
		bad_line(c, _("[%s]: unknown section (did you mean [%s]?); allowed: %s"), n, guess,
		         list.buf);
	else
		bad_line(c, _("[%s]: unknown section; allowed: %s"), n, list.buf);
	free(n);
	sb_done(&list);
}

static void unknown_key(struct ctx *c, const char *section, const char *key, const char *value)
{
	struct strbuf list;
	sb_init(&list);
	const char *guess = NULL, *elsewhere = NULL;
	size_t best = 0;
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		if (!fields[i].key)
			continue;
		if (strcmp(fields[i].section, section) == 0) {
			sb_addf(&list, "%s%s", list.len ? ", " : "", fields[i].key);
			consider(key, fields[i].key, &guess, &best);
		} else if (!elsewhere && strcmp(fields[i].key, key) == 0) {
			elsewhere = fields[i].section;
		}
	}
	char what[256];
	if (elsewhere)
		snprintf(what, sizeof what, _("unknown key here (it belongs in [%s])"), elsewhere);
	else if (guess)
		snprintf(what, sizeof what, _("unknown key (did you mean \"%s\"?)"), guess);
	else
		snprintf(what, sizeof what, "%s", _("unknown key"));
	bad_value(c, section, key, value, what, list.buf);
	sb_done(&list);
}

/* ---- [keys] ---------------------------------------------------------------- */

static void check_binding(struct ctx *c, const char *action, const char *v)
{
	char err[256];
	int id = action_find(action);
	if (id < 0) {
		struct strbuf list;
		sb_init(&list);
		const char *guess = NULL;
		size_t best = 0;
		for (int i = 0; i < ACT__COUNT; i++) {
			sb_addf(&list, "%s%s", i ? ", " : "", actions[i].name);
			consider(action, actions[i].name, &guess, &best);
		}
		if (guess)
			snprintf(err, sizeof err, _("unknown action (did you mean \"%s\"?)"),
			         guess);
		else
			snprintf(err, sizeof err, "%s", _("unknown action"));
		bad_value(c, "keys", action, v, err, list.buf);
		sb_done(&list);
		return;
	}
	if (!action_rebind(action, v, err, sizeof err)) {
		bad_value(c, "keys", action, v, err,
		          _("up to 4 key names separated by commas: a character, ^A..^Z, F1..F63, "
		            "Enter, Esc, Tab, S-Tab, Backspace, Del, Ins, Up, Down, Left, Right, "
		            "Home, End, PgUp, PgDn, Space, Comma, M-<key>"));
		return;
	}
	c->keys_rebound[id] = true;
	struct config *cfg = c->cfg;
	cfg->keys = xrealloc(cfg->keys, (cfg->n_keys + 1) * sizeof *cfg->keys);
	struct config_key *k = &cfg->keys[cfg->n_keys++];
	k->action = xstrdup(action);
	k->keys = xstrdup(v);
	k->line = 0;
	char *full = xasprintf("keys:%s", action);
	for (size_t i = 0; i < c->n_seen; i++)
		if (strcmp(c->seen[i].key, full) == 0)
			k->line = c->seen[i].line;
	free(full);
}

/* After all bindings: two actions that can fire on the same key. */
static void check_clashes(struct ctx *c)
{
	for (int id = 0; id < ACT__COUNT; id++) {
		if (!c->keys_rebound[id])
			continue;
		int code;
		int other = action_conflict((enum action_id)id, &code);
		if (other < 0 || (c->keys_rebound[other] && other < id))
			continue; /* none, or reported from the other side */
		char keyname[32], what[256], buf[128];
		action_key_name(code, keyname, sizeof keyname);
		snprintf(what, sizeof what, _("the key %s is also bound to %s"), keyname,
		         actions[other].name);
		bad_value(c, "keys", actions[id].name,
		          action_keys_text((enum action_id)id, buf, sizeof buf), what,
		          _("keys no other action of the same screen (or a global one) uses"));
	}
}

/* ---- the line scan ---------------------------------------------------------- */

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void remember(struct ctx *c, const char *section, const char *key, int line)
{
	char *full = xasprintf("%s:%s", section, key);
	for (size_t i = 0; i < c->n_seen; i++) {
		if (strcmp(c->seen[i].key, full) == 0) {
			char *sec = shown(section), *k = shown(key);
			bad_line(c,
			         _("line %d: [%s] %s is given twice (first on line %d); keep one"),
			         line, sec, k, c->seen[i].line);
			free(k);
			free(sec);
			free(full);
			return;
		}
	}
	c->seen = xrealloc(c->seen, (c->n_seen + 1) * sizeof *c->seen);
	c->seen[c->n_seen].key = full;
	c->seen[c->n_seen].line = line;
	c->n_seen++;
}

/* What iniparser does not say: values it would cut at an unquoted ';' or '#'
 * glued to the text, keys given twice, lines it cannot hold.  Also records
 * where each key is.  `text` is the whole file, NUL-terminated. */
static void scan_lines(struct ctx *c, const char *text)
{
	char section[128] = "";
	int lineno = 0;
	const char *p = text;
	while (*p) {
		lineno++;
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > INI_LINE_MAX) {
			/* iniparser reports it as a syntax error on that line */
			p = eol ? eol + 1 : p + len;
			continue;
		}
		char line[INI_LINE_MAX + 1];
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : p + len;
		char *s = str_trim(line);
		if (!*s || *s == ';' || *s == '#')
			continue;
		size_t sl = strlen(s);
		if (s[0] == '[' && s[sl - 1] == ']') {
			s[sl - 1] = '\0';
			snprintf(section, sizeof section, "%s", str_trim(s + 1));
			lower(section);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq)
			continue; /* iniparser reports the syntax error */
		*eq = '\0';
		char *key = str_trim(s);
		lower(key);
		char *val = str_trim(eq + 1);
		if (*val && *val != '"' && *val != '\'') {
			size_t cut = strcspn(val, ";#");
			if (val[cut] && cut > 0 && val[cut - 1] != ' ' && val[cut - 1] != '\t') {
				char *sec = shown(section), *k = shown(key), *v = shown(val);
				bad_line(c,
				         _("line %d: [%s] %s = %s: the '%c' would start a comment "
				           "and cut the value; put the value in double quotes"),
				         lineno, sec, k, v, val[cut]);
				free(v);
				free(k);
				free(sec);
			}
		}
		remember(c, section, key, lineno);
	}
}

/* ---- iniparser's own errors --------------------------------------------------- */

static struct ctx *capture_ctx;
static const char *capture_name; /* the name iniparser was given */

static int capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int capture(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct ctx *c = capture_ctx;
	if (!c)
		return 0;
	/* "iniparser: syntax error in NAME (N):\n-> LINE\n" and
	 * "iniparser: input line too long in NAME (N)\n" */
	int line = 0;
	const char *at = capture_name ? strstr(msg, capture_name) : NULL;
	if (at) {
		at += strlen(capture_name);
		if (sscanf(at, " (%d)", &line) != 1)
			line = 0;
	}
	if (strstr(msg, "too long")) {
		bad_line(c, _("line %d: the line is too long (at most %d bytes)"), line,
		         INI_LINE_MAX);
	} else if (strstr(msg, "syntax error")) {
		const char *text = strstr(msg, "-> ");
		char *copy = xstrdup(text ? text + 3 : "");
		copy[strcspn(copy, "\n")] = '\0';
		char *l = shown(copy);
		bad_line(c,
		         _("line %d: syntax error in \"%s\"; allowed: [section], key = value, "
		           "or a comment starting with ; or #"),
		         line, l);
		free(l);
		free(copy);
	} else {
		msg[strcspn(msg, "\n")] = '\0';
		bad_line(c, _("cannot be read (%s)"), msg);
	}
	return 0;
}

/* ---- loading --------------------------------------------------------------- */

/* Read the whole file; false with the problem reported. */
static bool read_file(struct ctx *c, const char *path, bool explicit, bool *missing, char **text,
                      size_t *size)
{
	*missing = false;
	/* O_NONBLOCK: a FIFO given as the config must not hang the start. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && !explicit) {
			*missing = true;
			return false;
		}
		if (errno == ENOENT)
			bad_line(c, "%s", _("no such file"));
		else
			bad_line(c, _("cannot be read (%s)"), strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		bad_line(c, _("cannot be read (%s)"), strerror(errno));
		close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		bad_line(c, "%s",
		         S_ISDIR(st.st_mode) ? _("is a folder, not a file") : _("is not a file"));
		close(fd);
		return false;
	}
	struct strbuf sb;
	sb_init(&sb);
	char buf[8192];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			bad_line(c, _("cannot be read (%s)"), strerror(errno));
			sb_done(&sb);
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > CONFIG_MAX_BYTES) {
			bad_line(c, _("is too big for a configuration file (over %d KiB)"),
			         CONFIG_MAX_BYTES / 1024);
			sb_done(&sb);
			close(fd);
			return false;
		}
		sb_addn(&sb, buf, (size_t)n);
	}
	close(fd);
	*size = sb.len;
	*text = sb_steal(&sb);
	if (!*text)
		*text = xstrdup("");
	if (memchr(*text, '\0', *size)) {
		bad_line(c, "%s", _("contains NUL bytes: it is not a text file"));
		free(*text);
		*text = NULL;
		return false;
	}
	return true;
}

/* iniparser reads a path, not memory: give it the bytes already read (so
 * what is checked is what is parsed), without a UTF-8 byte-order mark, which
 * Windows editors add and iniparser would call a syntax error. */
static dictionary *parse(struct ctx *c, const char *text, size_t size)
{
	int fd = memfd_create("dvcdesk.ini", MFD_CLOEXEC);
	char name[64];
	const char *load = c->file;
	if (fd >= 0) {
		size_t off = 0;
		bool ok = true;
		while (off < size) {
			ssize_t n = write(fd, text + off, size - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ok = false;
				break;
			}
			off += (size_t)n;
		}
		snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
		if (ok && access(name, R_OK) == 0)
			load = name;
	}
	capture_ctx = c;
	capture_name = load;
	iniparser_set_error_callback(capture);
	dictionary *d = iniparser_load(load);
	iniparser_set_error_callback(NULL);
	capture_ctx = NULL;
	capture_name = NULL;
	if (fd >= 0)
		close(fd);
	return d;
}

static void check_entries(struct ctx *c, dictionary *d)
{
	for (ssize_t i = 0; i < d->size; i++) {
		const char *full = d->key[i];
		if (!full)
			continue;
		const char *raw = d->val[i];
		const char *colon = strchr(full, ':');
		if (!raw && !colon) {
			if (!known_section(full))
				unknown_section(c, full);
			continue;
		}
		if (!raw)
			continue; /* a section with ':' in its name: reported as unknown */
		char section[128];
		const char *key = colon ? colon + 1 : full;
		snprintf(section, sizeof section, "%.*s", colon ? (int)(colon - full) : 0, full);
		if (!section[0]) {
			char *k = shown(key), *v = shown(raw);
			bad_line(
			    c,
			    _("%s = \"%s\": a key before any [section]; put it under its section"),
			    k, v);
			free(v);
			free(k);
			continue;
		}
		if (!known_section(section))
			continue; /* reported once, as the section */
		if (!text_valid_utf8(raw, strlen(raw))) {
			bad_value(c, section, key, raw, _("not UTF-8 text"),
			          _("text saved as UTF-8"));
			continue;
		}
		char *v = text_nfc(raw);
		if (!v) {
			bad_value(c, section, key, raw, _("not UTF-8 text"),
			          _("text saved as UTF-8"));
			continue;
		}
		if (strcmp(section, "keys") == 0) {
			check_binding(c, key, v);
		} else {
			const struct field *f = find_field(section, key);
			if (!f)
				unknown_key(c, section, key, raw);
			else
				check_value(c, f, v);
		}
		free(v);
	}
}

static bool given(const struct ctx *c, const char *full)
{
	for (size_t i = 0; i < c->n_seen; i++)
		if (strcmp(c->seen[i].key, full) == 0)
			return true;
	return false;
}

static void format_range(char *buf, size_t size, int start, int end)
{
	snprintf(buf, size, "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60);
}

/* The morning must end before the afternoon starts.  The problem is put on
 * the afternoon when the file sets it, else on the morning. */
static void check_sessions(struct ctx *c)
{
	const struct config *cfg = c->cfg;
	if (c->session_bad || cfg->session.morning_end <= cfg->session.afternoon_start)
		return;
	char morning[32], afternoon[32], what[128];
	format_range(morning, sizeof morning, cfg->session.morning_start, cfg->session.morning_end);
	format_range(afternoon, sizeof afternoon, cfg->session.afternoon_start,
	             cfg->session.afternoon_end);
	const char *allowed = _("a morning that ends before the afternoon starts");
	if (given(c, "session:afternoon")) {
		snprintf(what, sizeof what, _("overlaps the morning session (%s)"), morning);
		bad_value(c, "session", "afternoon", afternoon, what, allowed);
	} else {
		snprintf(what, sizeof what, _("overlaps the afternoon session (%s)"), afternoon);
		bad_value(c, "session", "morning", morning, what, allowed);
	}
}

/* Read, scan, parse and check one file that exists or was asked for. */
static void load_file(struct ctx *c, bool explicit, bool *missing)
{
	char *text = NULL;
	size_t size = 0;
	if (!read_file(c, c->file, explicit, missing, &text, &size))
		return;
	c->cfg->path = xstrdup(c->file);
	const char *body = text;
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		body += 3;
		size -= 3;
	}
	scan_lines(c, body);
	dictionary *d = parse(c, body, size);
	if (!d) {
		if (c->n_errors == 0)
			bad_line(c, "%s", _("cannot be read by the INI parser"));
	} else {
		check_entries(c, d);
		iniparser_freedict(d);
		check_sessions(c);
		check_clashes(c);
	}
	free(text);
}

enum status config_load(struct config *cfg, const char *path, struct strbuf *errors)
{
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
