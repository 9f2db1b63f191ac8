/* The action table, key names and the current bindings. */
#include "config/action.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/i18n.h"
#include "util/text.h"

#define ACTION_ROW(id, name, scope, keys, help) [ACT_##id] = {name, scope, keys, help},
const struct action actions[ACT__COUNT] = {ACTION_INFO(ACTION_ROW)};
#undef ACTION_ROW

/* The current bindings.  Filled from the defaults on first use, so the UI
 * works without ever loading a config. */
static struct {
	int keys[ACTION_MAX_KEYS];
	int n;
} bound[ACT__COUNT];
static bool bound_ready;

/* Named keys.  The first row of a code is its display name -- the key cap a
 * person sees: "↓", "Shift+Tab" (language review F2) -- and later rows
 * with the same code are accepted spellings; a display name that is not
 * ASCII gives way to the next spelling on a terminal without UTF-8. */
static const struct {
	const char *name;
	int code;
} key_names[] = {
    {"Enter", KEYC_ENTER},
    {"Return", KEYC_ENTER},
    {"Esc", KEYC_ESC},
    {"Escape", KEYC_ESC},
    {"Tab", KEYC_TAB},
    {"Shift+Tab", KEYC_BTAB},
    {"S-Tab", KEYC_BTAB},
    {"BTab", KEYC_BTAB},
    {"Shift-Tab", KEYC_BTAB},
    {"Backspace", KEYC_BACKSPACE},
    {"BS", KEYC_BACKSPACE},
    {"Del", KEYC_DEL},
    {"Delete", KEYC_DEL},
    {"\u2191", KEYC_UP},
    {"Up", KEYC_UP},
    {"\u2193", KEYC_DOWN},
    {"Down", KEYC_DOWN},
    {"\u2190", KEYC_LEFT},
    {"Left", KEYC_LEFT},
    {"\u2192", KEYC_RIGHT},
    {"Right", KEYC_RIGHT},
    {"Home", KEYC_HOME},
    {"End", KEYC_END},
    {"PgUp", KEYC_PGUP},
    {"PageUp", KEYC_PGUP},
    {"PgDn", KEYC_PGDN},
    {"PageDown", KEYC_PGDN},
    {"Ins", KEYC_INS},
    {"Insert", KEYC_INS},
    {"Space", ' '},
    /* ',' separates the keys of a list, so it needs a name to be bound. */
    {"Comma", ','},
};

#define F_MAX 63 /* curses numbers function keys up to 63 */

int action_find(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < ACT__COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}

int action_key_normalise(int code)
{
	switch (code) {
	case 8:
	case 127:
		return KEYC_BACKSPACE;
	case 9:
		return KEYC_TAB;
	case 10:
	case 13:
		return KEYC_ENTER;
	case 27:
		return KEYC_ESC;
	default:
		return code;
	}
}

/* Decode exactly one UTF-8 character making up all of s; -1 otherwise
 * (text_decode() refuses overlong forms, surrogates and values past
 * U+10FFFF). */
static int utf8_one(const char *s)
{
	int32_t cp;
	size_t n = strlen(s);
	size_t len = text_decode(s, n, &cp);
	return len == 0 || len != n ? -1 : (int)cp;
}

/* A code point a terminal delivers as a character of its own. */
static bool printable(int cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp <= 0x10ffff;
}

static bool parse_plain(const char *name, int *code)
{
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++) {
		if (strcasecmp(key_names[i].name, name) == 0) {
			*code = key_names[i].code;
			return true;
		}
	}
	if (name[0] == '^' && name[1] && !name[2]) {
		char c = name[1];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
			*code = action_key_normalise(KEYC_CTRL(c));
			return true;
		}
		if (c == '[' || c == '?') {
			*code = action_key_normalise(c == '[' ? 27 : 127);
			return true;
		}
		/* "^" followed by something else falls through: not a key. */
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		int n = name[1] - '0';
		const char *p = name + 2;
		if (*p >= '0' && *p <= '9')
			n = n * 10 + (*p++ - '0');
		if (*p == '\0' && n <= F_MAX) {
			*code = KEYC_F(n);
			return true;
		}
	}
	int cp = utf8_one(name);
	if (cp >= 0 && printable(cp)) {
		*code = cp;
		return true;
	}
	return false;
}

bool action_parse_key(const char *name, int *code)
{
	if (!name || !*name)
		return false;
	const char *rest = NULL;
	if ((name[0] == 'M' || name[0] == 'm') && name[1] == '-' && name[2])
		rest = name + 2;
	else if (strncasecmp(name, "Alt-", 4) == 0 && name[4])
		rest = name + 4;
	if (rest) {
		int c;
		if (!parse_plain(rest, &c))
			return false;
		*code = c | KEYC_META;
		return true;
	}
	return parse_plain(name, code);
}

const char *action_key_name(int code, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	if (code & KEYC_META) {
		char rest[32];
		action_key_name(code & ~KEYC_META, rest, sizeof rest);
		snprintf(buf, size, "M-%s", rest);
		return buf;
	}
	bool utf8 = i18n_utf8();
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++) {
		if (key_names[i].code == code) {
			if (!utf8 && (unsigned char)key_names[i].name[0] >= 0x80)
				continue; /* the ASCII spelling after it */
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	}
	if (code > KEYC_F0 && code <= KEYC_F(F_MAX)) {
		snprintf(buf, size, "F%d", code - KEYC_F0);
	} else if (code >= 1 && code <= 26) {
		snprintf(buf, size, "^%c", 'A' + code - 1);
	} else if (code >= 0 && printable(code)) {
		char u[5];
		u[text_encode(code, u)] = '\0';
		snprintf(buf, size, "%s", u);
	} else {
		snprintf(buf, size, "U+%04X", (unsigned)code);
	}
	return buf;
}

/* Parse a comma-separated key list into keys[]; false with a reason. */
static bool parse_list(const char *list, int keys[ACTION_MAX_KEYS], int *n, char *err,
                       size_t errsize)
{
	*n = 0;
	const char *p = list ? list : "";
	bool any = false;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0) {
			if (!end && !any) {
				snprintf(err, errsize, "%s", _("no key given"));
				return false;
			}
			snprintf(err, errsize, "%s",
			         _("an empty key name in the list (write Comma for the ',' key)"));
			return false;
		}
		char name[64];
		if (len >= sizeof name) {
			snprintf(err, errsize, _("\"%.*s...\" is not a key name"), 20, p);
			return false;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		int code;
		if (!action_parse_key(name, &code)) {
			snprintf(err, errsize, _("\"%s\" is not a key name"), name);
			return false;
		}
		for (int i = 0; i < *n; i++) {
			if (keys[i] == code) {
				snprintf(err, errsize, _("the key %s is listed twice"), name);
				return false;
			}
		}
		if (*n == ACTION_MAX_KEYS) {
			snprintf(err, errsize, _("at most %d keys per action"), ACTION_MAX_KEYS);
			return false;
		}
		keys[(*n)++] = code;
		any = true;
		if (!end)
			return true;
		p = end + 1;
	}
}

void action_reset(void)
{
	for (int i = 0; i < ACT__COUNT; i++) {
		char err[128];
		/* The defaults are checked by the unit test; a bad one leaves the
		 * action unbound rather than stopping the program. */
		if (!parse_list(actions[i].default_keys, bound[i].keys, &bound[i].n, err,
		                sizeof err))
			bound[i].n = 0;
	}
	bound_ready = true;
}

static void ready(void)
{
	if (!bound_ready)
		action_reset();
}

bool action_rebind(const char *name, const char *keys, char *err, size_t errsize)
{
	ready();
	int id = action_find(name);
	if (id < 0) {
		snprintf(err, errsize, _("unknown action \"%s\""), name ? name : "");
		return false;
	}
	int k[ACTION_MAX_KEYS], n;
	if (!parse_list(keys, k, &n, err, errsize))
		return false;
	memcpy(bound[id].keys, k, sizeof k);
	bound[id].n = n;
	return true;
}

static bool overlap(enum action_scope a, enum action_scope b)
{
	return a == b || a == SCOPE_GLOBAL || b == SCOPE_GLOBAL;
}

static bool has_key(int id, int code)
{
	for (int i = 0; i < bound[id].n; i++)
		if (bound[id].keys[i] == code)
			return true;
	return false;
}

int action_conflict(enum action_id id, int *code)
{
	ready();
	if ((int)id < 0 || id >= ACT__COUNT)
		return -1;
	for (int k = 0; k < bound[id].n; k++) {
		for (int j = 0; j < ACT__COUNT; j++) {
			if (j == (int)id || !overlap(actions[id].scope, actions[j].scope))
				continue;
			if (has_key(j, bound[id].keys[k])) {
				if (code)
					*code = bound[id].keys[k];
				return j;
			}
		}
	}
	return -1;
}

const int *action_keys(enum action_id id, int *n)
{
	ready();
	*n = bound[id].n;
	return bound[id].keys;
}

const char *action_keys_text(enum action_id id, char *buf, size_t size)
{
	ready();
	if (size == 0)
		return buf;
	buf[0] = '\0';
	size_t len = 0;
	for (int i = 0; i < bound[id].n && len < size; i++) {
		char one[32];
		action_key_name(bound[id].keys[i], one, sizeof one);
		int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", one);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

int action_for_key(enum action_scope scope, int code)
{
	ready();
	code = action_key_normalise(code);
	for (int pass = 0; pass < 2; pass++) {
		enum action_scope s = pass == 0 ? scope : SCOPE_GLOBAL;
		if (pass == 1 && scope == SCOPE_GLOBAL)
			break;
		for (int i = 0; i < ACT__COUNT; i++)
			if (actions[i].scope == s && has_key(i, code))
				return i;
	}
	return -1;
}
