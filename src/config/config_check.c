/* Checking every configuration value, the [keys] bindings and the
 * sessions' overlap. */
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
#include "util/text.h"

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
	if (!time_parse_hhmm_n(s, l1, &a) || !time_parse_hhmm(t2, &b))
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
		const char *home = config_home_dir();
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
				config_bad_value(c, f->section, f->key, v, what,
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
		config_bad_value(c, f->section, f->key, v, _("no pattern given"),
		          _("at least one pattern; \".+\" accepts any code"));
		ok = false;
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(list[i]);
		free(list);
		return;
	}
	config_free_patterns(c->cfg);
	c->cfg->dossier_patterns = list;
	c->cfg->n_dossier_patterns = n;
}

/* Check one value (UTF-8 and NFC already) and store it when good. */
void config_check_value(struct ctx *c, const struct field *f, const char *v)
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
			config_bad_value(c, f->section, f->key, v, _("must not be empty"), allowed);
		else if (has_control(v) || count_chars(v) > TEXT_MAX_CHARS)
			config_bad_value(c, f->section, f->key, v, _("not acceptable text"), allowed);
		else
			set_string(cfg, f->off, xstrdup(v));
		return;
	case K_PRINTER:
		if (!*v)
			set_string(cfg, f->off, NULL);
		else if (!printer_ok(v))
			config_bad_value(c, f->section, f->key, v, _("not a print queue name"),
			          _("a queue name as lpstat -p shows it (no spaces, '/' or '#', "
			            "not starting with '-'), or empty for the system default"));
		else
			set_string(cfg, f->off, xstrdup(v));
		return;
	case K_BOOL:
		if (!parse_bool(v, &b))
			config_bad_value(c, f->section, f->key, v, _("not yes or no"),
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
			config_bad_value(c, f->section, f->key, v, why, allowed);
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
			config_bad_value(c, f->section, f->key, v, _("not one of the choices"), list);
			free(list);
		}
		return;
	case K_TRI:
		if (strcasecmp(v, "auto") == 0)
			set_int(cfg, f->off, TRI_AUTO);
		else if (parse_bool(v, &b))
			set_int(cfg, f->off, b ? TRI_YES : TRI_NO);
		else
			config_bad_value(c, f->section, f->key, v, _("not one of the choices"),
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
			config_bad_value(c, f->section, f->key, v, why, allowed);
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
			config_bad_value(c, f->section, f->key, v, why,
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
			config_bad_value(
			    c, f->section, f->key, v, _("not a file path"),
			    _("a path; a relative one is relative to the config file's folder"));
		} else {
			set_string(cfg, f->off, resolve_path(c, v));
		}
		return;
	case K_KEYS:
		return;
	case K_HHMM: {
		int m = 0;
		if (!time_parse_hhmm(v, &m))
			config_bad_value(c, f->section, f->key, v, _("not a time of day"),
			                 _("HH:MM, e.g. 17:00"));
		else
			set_int(cfg, f->off, m);
		return;
	}
	case K_DDMM: {
		int d = 0, m = 0;
		if (strlen(v) != 5 || v[2] != '/' || sscanf(v, "%2d/%2d", &d, &m) != 2 || m < 1 ||
		    m > 12 || d < 1 || d > time_days_in_month(2025, m))
			config_bad_value(c, f->section, f->key, v, _("not a day of the year"),
			                 _("dd/mm, e.g. 30/11"));
		else
			set_int(cfg, f->off, m * 100 + d);
		return;
	}
	}
}

const struct field *config_find_field(const char *section, const char *key)
{
	for (size_t i = 0; i < config_n_fields; i++)
		if (strcmp(config_fields[i].section, section) == 0 &&
		    (config_fields[i].key == NULL || strcmp(config_fields[i].key, key) == 0))
			return &config_fields[i];
	return NULL;
}

bool config_known_section(const char *s)
{
	for (size_t i = 0; i < config_n_sections; i++)
		if (strcmp(config_sections[i], s) == 0)
			return true;
	return false;
}

void config_unknown_section(struct ctx *c, const char *name)
{
	struct strbuf list;
	sb_init(&list);
	const char *guess = NULL;
	size_t best = 0;
	for (size_t i = 0; i < config_n_sections; i++) {
		sb_addf(&list, "%s%s", i ? ", " : "", config_sections[i]);
		config_consider(name, config_sections[i], &guess, &best);
	}
	char *n = config_shown(name);
	if (guess)
		config_bad_line(c, _("[%s]: unknown section (did you mean [%s]?); allowed: %s"), n, guess,
		         list.buf);
	else
		config_bad_line(c, _("[%s]: unknown section; allowed: %s"), n, list.buf);
	free(n);
	sb_done(&list);
}

void config_unknown_key(struct ctx *c, const char *section, const char *key, const char *value)
{
	struct strbuf list;
	sb_init(&list);
	const char *guess = NULL, *elsewhere = NULL;
	size_t best = 0;
	for (size_t i = 0; i < config_n_fields; i++) {
		if (!config_fields[i].key)
			continue;
		if (strcmp(config_fields[i].section, section) == 0) {
			sb_addf(&list, "%s%s", list.len ? ", " : "", config_fields[i].key);
			config_consider(key, config_fields[i].key, &guess, &best);
		} else if (!elsewhere && strcmp(config_fields[i].key, key) == 0) {
			elsewhere = config_fields[i].section;
		}
	}
	char what[256];
	if (elsewhere)
		snprintf(what, sizeof what, _("unknown key here (it belongs in [%s])"), elsewhere);
	else if (guess)
		snprintf(what, sizeof what, _("unknown key (did you mean \"%s\"?)"), guess);
	else
		snprintf(what, sizeof what, "%s", _("unknown key"));
	config_bad_value(c, section, key, value, what, list.buf);
	sb_done(&list);
}

/* ---- [keys] ---------------------------------------------------------------- */

void config_check_binding(struct ctx *c, const char *action, const char *v)
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
			config_consider(action, actions[i].name, &guess, &best);
		}
		if (guess)
			snprintf(err, sizeof err, _("unknown action (did you mean \"%s\"?)"),
			         guess);
		else
			snprintf(err, sizeof err, "%s", _("unknown action"));
		config_bad_value(c, "keys", action, v, err, list.buf);
		sb_done(&list);
		return;
	}
	if (!action_rebind(action, v, err, sizeof err)) {
		config_bad_value(c, "keys", action, v, err,
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
void config_check_clashes(struct ctx *c)
{
	for (int id = 0; id < ACT__COUNT; id++) {
		if (!c->keys_rebound[id])
			continue;
		int code;
		int other = action_conflict((enum action_id)id, &code);
		if (other < 0 || (other < id && c->keys_rebound[other]))
			continue; /* none, or reported from the other side */
		char keyname[32], what[256], buf[128];
		action_key_name(code, keyname, sizeof keyname);
		snprintf(what, sizeof what, _("the key %s is also bound to %s"), keyname,
		         actions[other].name);
		config_bad_value(c, "keys", actions[id].name,
		          action_keys_text((enum action_id)id, buf, sizeof buf), what,
		          _("keys no other action of the same screen (or a global one) uses"));
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
void config_check_sessions(struct ctx *c)
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
		config_bad_value(c, "session", "afternoon", afternoon, what, allowed);
	} else {
		snprintf(what, sizeof what, _("overlaps the afternoon session (%s)"), afternoon);
		config_bad_value(c, "session", "morning", morning, what, allowed);
	}
}


void config_check_month_start(struct ctx *c)
{
	int v = c->cfg->report.month_starts_on;
	if (v == 1 || v == 15)
		return;
	char shown_v[16];
	snprintf(shown_v, sizeof shown_v, "%d", v);
	config_bad_value(c, "report", "month_starts_on", shown_v, _("not one of the choices"),
	                 _("1 (calendar months) or 15 (from the 15th, Decree 09/2019/NĐ-CP)"));
	c->cfg->report.month_starts_on = 1;
}
