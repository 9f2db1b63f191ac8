/* The INI file: read whole (size-capped), scanned line by line for what
 * iniparser keeps quiet about (duplicate keys, unquoted comment characters,
 * overlong lines), parsed by iniparser with its own messages captured, and
 * every entry it found checked. */
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
			char *sec = config_shown(section), *k = config_shown(key);
			config_bad_line(c,
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
void config_scan_lines(struct ctx *c, const char *text)
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
				char *sec = config_shown(section), *k = config_shown(key), *v = config_shown(val);
				config_bad_line(c,
				         _("line %d: [%s] %s = %s: the '%c' would start a comment "
				           "and cut the value; put the value in double quotes"),
				         lineno, sec, k, v, val[cut]);
				free(v);
				free(k);
				free(sec);
			}
		}
		if (*val == '"' || *val == '\'') {
			/* iniparser takes a quoted value up to the first matching
			 * quote and drops the rest of the line without a word. */
			const char *close = strchr(val + 1, *val);
			const char *rest = close ? close + 1 : "";
			while (*rest == ' ' || *rest == '\t')
				rest++;
			if (!close || (*rest && *rest != ';' && *rest != '#')) {
				char *sec = config_shown(section), *k = config_shown(key),
				     *v = config_shown(val);
				if (!close)
					config_bad_line(c,
					                _("line %d: [%s] %s = %s: the quote %c is never "
					                  "closed; end the value with %c"),
					                lineno, sec, k, v, *val, *val);
				else
					config_bad_line(c,
					                _("line %d: [%s] %s = %s: text after the closing "
					                  "quote would be dropped; put the whole value "
					                  "inside the quotes"),
					                lineno, sec, k, v);
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
	str_vformat(msg, sizeof msg, fmt, ap);
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
		config_bad_line(c, _("line %d: the line is too long (at most %d bytes)"), line,
		         INI_LINE_MAX);
	} else if (strstr(msg, "syntax error")) {
		const char *text = strstr(msg, "-> ");
		char *copy = xstrdup(text ? text + 3 : "");
		copy[strcspn(copy, "\n")] = '\0';
		char *l = config_shown(copy);
		config_bad_line(c,
		         _("line %d: syntax error in \"%s\"; allowed: [section], key = value, "
		           "or a comment starting with ; or #"),
		         line, l);
		free(l);
		free(copy);
	} else {
		msg[strcspn(msg, "\n")] = '\0';
		config_bad_line(c, _("cannot be read (%s)"), msg);
	}
	return 0;
}

/* ---- loading --------------------------------------------------------------- */

/* Read the whole file; false with the problem reported. */
bool config_read_file(struct ctx *c, const char *path, bool explicit, bool *missing, char **text,
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
			config_bad_line(c, "%s", _("no such file"));
		else
			config_bad_line(c, _("cannot be read (%s)"), strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		config_bad_line(c, _("cannot be read (%s)"), strerror(errno));
		close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		config_bad_line(c, "%s",
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
			config_bad_line(c, _("cannot be read (%s)"), strerror(errno));
			sb_done(&sb);
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > CONFIG_MAX_BYTES) {
			config_bad_line(c, _("is too big for a configuration file (over %d KiB)"),
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
		config_bad_line(c, "%s", _("contains NUL bytes: it is not a text file"));
		free(*text);
		*text = NULL;
		return false;
	}
	return true;
}

/* iniparser reads a path, not memory: give it the bytes already read (so
 * what is checked is what is parsed), without a UTF-8 byte-order mark, which
 * Windows editors add and iniparser would call a syntax error. */
dictionary *config_parse(struct ctx *c, const char *text, size_t size)
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

void config_check_entries(struct ctx *c, dictionary *d)
{
	for (ssize_t i = 0; i < d->size; i++) {
		const char *full = d->key[i];
		if (!full)
			continue;
		const char *raw = d->val[i];
		const char *colon = strchr(full, ':');
		if (!raw && !colon) {
			if (!config_known_section(full))
				config_unknown_section(c, full);
			continue;
		}
		if (!raw)
			continue; /* a section with ':' in its name: reported as unknown */
		char section[128];
		const char *key = colon ? colon + 1 : full;
		snprintf(section, sizeof section, "%.*s", colon ? (int)(colon - full) : 0, full);
		if (!section[0]) {
			char *k = config_shown(key), *v = config_shown(raw);
			config_bad_line(
			    c,
			    _("%s = \"%s\": a key before any [section]; put it under its section"),
			    k, v);
			free(v);
			free(k);
			continue;
		}
		if (!config_known_section(section))
			continue; /* reported once, as the section */
		if (!text_valid_utf8(raw, strlen(raw))) {
			config_bad_value(c, section, key, raw, _("not UTF-8 text"),
			          _("text saved as UTF-8"));
			continue;
		}
		char *v = text_nfc(raw);
		if (!v) {
			config_bad_value(c, section, key, raw, _("not UTF-8 text"),
			          _("text saved as UTF-8"));
			continue;
		}
		if (strcmp(section, "keys") == 0) {
			config_check_binding(c, key, v);
		} else {
			const struct field *f = config_find_field(section, key);
			if (!f)
				config_unknown_key(c, section, key, raw);
			else
				config_check_value(c, f, v);
		}
		free(v);
	}
}

