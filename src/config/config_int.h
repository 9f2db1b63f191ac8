/* Private to the configuration (src/config/config*.c): the key table's
 * shape, the state of one load, and the steps config_load() runs:
 *   config.c        the key table, the defaults, config_load()
 *   config_paths.c  the XDG locations
 *   config_diag.c   the messages: one line per problem, "did you mean"
 *   config_check.c  every value's check, [keys], the sessions' overlap
 *   config_ini.c    the file read whole, scanned line by line, parsed by
 *                   iniparser, and every entry it found checked
 * Nothing outside src/config/ includes this. */
#ifndef DVCDESK_CONFIG_INT_H
#define DVCDESK_CONFIG_INT_H

#include <iniparser.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/action.h"
#include "config/config.h"

#define CONFIG_MAX_BYTES (256 * 1024) /* a real config is a few KiB */
#define INI_LINE_MAX     1022         /* iniparser 4.1 reads lines into 1024 bytes */
#define TEXT_MAX_CHARS   200

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
	K_HHMM, /* a time of day, stored as minutes */
	K_DDMM, /* a day of the year "dd/mm", stored as MMDD */
};

struct field {
	const char *section, *key;
	enum kind kind;
	size_t off;
	long lo, hi;
	const char *const *words;
	const char *placeholder; /* K_URL: the one {name} it may hold */
	bool needs_placeholder;
};

/* The keys, and the sections (config.c). */
extern const struct field config_fields[];
extern const size_t config_n_fields;
extern const char *const config_sections[];
extern const size_t config_n_sections;

/* One load: where the messages go, what the line scan found. */
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

/* What iniparser does not say: values it would cut at an unquoted ';' or '#'
 * glued to the text, keys given twice, lines it cannot hold.  Also records
 * where each key is.  `text` is the whole file, NUL-terminated. */
void config_scan_lines(struct ctx *c, const char *text);
/* Read the whole file; false with the problem reported. */
bool config_read_file(struct ctx *c, const char *path, bool explicit, bool *missing, char **text,
                      size_t *size);
/* iniparser reads a path, not memory: give it the bytes already read (so
 * what is checked is what is parsed), without a UTF-8 byte-order mark, which
 * Windows editors add and iniparser would call a syntax error. */
dictionary *config_parse(struct ctx *c, const char *text, size_t size);
/* Every entry iniparser found: a known key is checked, anything else is
 * reported (with a "did you mean" when it is near a known name). */
void config_check_entries(struct ctx *c, dictionary *d);
void config_unknown_section(struct ctx *c, const char *name);
void config_unknown_key(struct ctx *c, const char *section, const char *key, const char *value);
bool config_known_section(const char *s);
/* The key's row in config_fields, or NULL. */
const struct field *config_find_field(const char *section, const char *key);
/* Check one value (UTF-8 and NFC already) and store it when good. */
void config_check_value(struct ctx *c, const struct field *f, const char *v);
/* One [keys] line: action = key[, key...]. */
void config_check_binding(struct ctx *c, const char *action, const char *v);
/* After all bindings: two actions that can fire on the same key. */
void config_check_clashes(struct ctx *c);
/* The morning must end before the afternoon starts.  The problem is put on
 * the afternoon when the file sets it, else on the morning. */
void config_check_sessions(struct ctx *c);
/* [report] month_starts_on is 1 or 15, nothing between. */
void config_check_month_start(struct ctx *c);
/* A value as it may appear in a message: bytes that are not printable UTF-8
 * become \xNN, '"' and '\' are escaped, long values are cut with "...".
 * Caller frees. */
char *config_shown(const char *s);
/* One problem with a value:  FILE: [section] key = "value": WHAT; allowed: ALLOWED */
void config_bad_value(struct ctx *c, const char *section, const char *key, const char *value,
                      const char *what, const char *allowed);
/* A problem that is not about one value: FILE: TEXT */
void config_bad_line(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keep `known` as the guess for `typed` when it is near enough to be a typo
 * (one edit for short words, two for longer) and nearer than the guess so
 * far. */
void config_consider(const char *typed, const char *known, const char **guess, size_t *best);
/* $HOME, or the password database's home; NULL when neither is absolute. */
const char *config_home_dir(void);
/* Free the dossier patterns (a new [dossier] patterns replaces them). */
void config_free_patterns(struct config *cfg);

#endif
