/* Named actions: one table of every action with its name, default keys and
 * help text.  The config's [keys] section rebinds by name; the help screen
 * and the README's key table are generated from this table.
 *
 * Keys are codes independent of curses (screens/ui.c translates):
 * a Unicode code point for a printable key, 1..26 for Ctrl-A..Ctrl-Z, and the
 * KEYC_* values below for the rest.  Key names in the config and defaults:
 * "x", "^S", "F2", "Enter", "Esc", "Tab", "S-Tab", "Backspace", "Del",
 * "Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn", "Ins",
 * "Space", "Comma", "M-x" (Alt/Meta), and any single printable UTF-8
 * character.  Multi-letter names are case-insensitive; single characters
 * are not ("x" is not "X").
 *
 * A terminal sends the same byte for ^H and Backspace (8), ^I and Tab (9),
 * ^J/^M and Enter (10/13), ^[ and Esc (27): those codes reach the program
 * only as the named key (action_key_normalise()), so "^H" parses as
 * Backspace and cannot be a separate binding. */
#ifndef DVCDESK_ACTION_H
#define DVCDESK_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "util/i18n.h"
#include "util/util.h"

#define KEYC_BASE 0x200000
enum {
	KEYC_ENTER = KEYC_BASE,
	KEYC_ESC,
	KEYC_TAB,
	KEYC_BTAB,
	KEYC_BACKSPACE,
	KEYC_DEL,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_HOME,
	KEYC_END,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_INS,
	KEYC_F0 = KEYC_BASE + 0x100, /* KEYC_F0 + n is Fn */
	KEYC_META = 0x1000000        /* or-ed with a code point: Alt/Meta + key */
};
#define KEYC_F(n) (KEYC_F0 + (n))
#define KEYC_CTRL(c) ((c) & 0x1f)

/* Scopes tell where an action applies; the help screen groups by scope. */
enum action_scope { SCOPE_GLOBAL, SCOPE_COUNTER, SCOPE_LIST, SCOPE_QR, SCOPE_FORM };

/* To add an action: one line here (id, name, scope, default keys, help);
 * the help screen, README table and [keys] section pick it up. */
#define ACTION_INFO(_)                                                                          \
	_(HELP, "help", SCOPE_GLOBAL, "F1, ?", N_("show this help"))                                \
	_(QUIT, "quit", SCOPE_GLOBAL, "F10, ^Q", N_("end the shift and quit"))                      \
	_(BACK, "back", SCOPE_GLOBAL, "Esc", N_("go back / cancel"))                                \
	_(LOCK, "lock", SCOPE_GLOBAL, "^L", N_("lock the screen now"))                              \
	_(SAVE, "save", SCOPE_COUNTER, "Enter", N_("save the visit"))                               \
	_(NEXT_FIELD, "next_field", SCOPE_FORM, "Tab", N_("next field"))                            \
	_(PREV_FIELD, "prev_field", SCOPE_FORM, "S-Tab", N_("previous field"))                      \
	_(REPEAT_LAST, "repeat_last", SCOPE_COUNTER, "^R, F5", N_("repeat the last visit"))         \
	_(UNDO_LAST, "undo_last", SCOPE_COUNTER, "^U, F6", N_("undo the last save (void it)"))      \
	_(QR, "qr", SCOPE_COUNTER, "^O, F3", N_("show a QR code for the citizen"))                  \
	_(HISTORY, "history", SCOPE_COUNTER, "F4, ^Y", N_("visits of this shift and today"))        \
	_(SUMMARY, "summary", SCOPE_COUNTER, "^T, F7", N_("end-of-shift summary"))                  \
	_(CLEAR_FORM, "clear_form", SCOPE_COUNTER, "^X", N_("clear the form"))                      \
	_(TOGGLE_VNEID, "toggle_vneid", SCOPE_COUNTER, "v", N_("service: VNeID activation"))        \
	_(TOGGLE_ACCOUNT, "toggle_account", SCOPE_COUNTER, "a", N_("service: portal account"))      \
	_(TOGGLE_ONLINE, "toggle_online_submission", SCOPE_COUNTER, "o",                            \
	  N_("service: submitted online (asks for the dossier code)"))                             \
	_(TOGGLE_PAYMENT, "toggle_payment", SCOPE_COUNTER, "t", N_("service: online payment"))     \
	_(TOGGLE_LOOKUP, "toggle_lookup", SCOPE_COUNTER, "r", N_("service: result lookup"))         \
	_(TOGGLE_FORM, "toggle_form_filling", SCOPE_COUNTER, "k", N_("service: form filling"))      \
	_(TOGGLE_POSTAL, "toggle_postal", SCOPE_COUNTER, "b", N_("service: postal return"))         \
	_(TOGGLE_ELDERLY, "toggle_elderly", SCOPE_COUNTER, "c", N_("group: elderly"))               \
	_(TOGGLE_DISABLED, "toggle_disabled", SCOPE_COUNTER, "x", N_("group: disabled"))            \
	_(TOGGLE_ETHNIC, "toggle_ethnic_minority", SCOPE_COUNTER, "d",                              \
	  N_("group: ethnic minority"))                                                            \
	_(CYCLE_CHANNEL, "cycle_channel", SCOPE_COUNTER, "n", N_("channel: walk-in, phone, online, door to door")) \
	_(CYCLE_OUTCOME, "cycle_outcome", SCOPE_COUNTER, "q", N_("outcome: done, more papers, referred")) \
	_(EDIT_NOTE, "edit_note", SCOPE_COUNTER, "g", N_("write a short note"))                     \
	_(QR_NEXT, "qr_next", SCOPE_QR, "Tab, Right", N_("next QR target"))                         \
	_(QR_PREV, "qr_prev", SCOPE_QR, "S-Tab, Left", N_("previous QR target"))                    \
	_(QR_INVERT, "qr_invert", SCOPE_QR, "i", N_("invert QR colours"))                           \
	_(LIST_UP, "up", SCOPE_LIST, "Up", N_("move up"))                                           \
	_(LIST_DOWN, "down", SCOPE_LIST, "Down", N_("move down"))                                   \
	_(LIST_PGUP, "page_up", SCOPE_LIST, "PgUp", N_("page up"))                                  \
	_(LIST_PGDN, "page_down", SCOPE_LIST, "PgDn", N_("page down"))                              \
	_(VOID, "void", SCOPE_LIST, "^D, Del", N_("void the selected visit"))                       \
	_(EDIT, "edit", SCOPE_LIST, "^E", N_("edit the selected visit"))                            \
	_(FILTER, "filter", SCOPE_LIST, "/", N_("filter by text"))                                  \
	_(PRINT, "print", SCOPE_LIST, "^P", N_("print"))                                            \
	_(SAVE_PDF, "save_pdf", SCOPE_LIST, "F8, ^W", N_("save as PDF in the reports folder"))      \
	_(SAVE_CSV, "save_csv", SCOPE_LIST, "F9, ^K", N_("save as CSV in the reports folder"))      \
	_(OPEN, "open", SCOPE_LIST, "Enter", N_("open the selected entry"))                         \
	_(NEXT_VIEW, "next_view", SCOPE_LIST, "Tab", N_("next view: this shift, today, a chosen day")) \
	_(DAY_PREV, "day_prev", SCOPE_LIST, "Left, <", N_("the day before"))                        \
	_(DAY_NEXT, "day_next", SCOPE_LIST, "Right, >", N_("the day after"))                        \
	_(TOGGLE_CONSENT, "toggle_consent", SCOPE_COUNTER, "y",                                     \
	  N_("the citizen agrees that name and phone are kept"))                                   \
	_(ROSTER, "roster", SCOPE_COUNTER, "F11, M-l", N_("the week's duty roster (supervisors edit)")) \
	_(EVENTS, "events", SCOPE_COUNTER, "F12, M-e", N_("outreach and training events"))          \
	_(NEW_EVENT, "new_event", SCOPE_LIST, "Ins, F2", N_("add an outreach or training event"))

#define ACTION_ENUM(id, name, scope, keys, help) ACT_##id,
enum action_id { ACTION_INFO(ACTION_ENUM) ACT__COUNT };
#undef ACTION_ENUM

#define ACTION_MAX_KEYS 4

struct action {
	const char *name;
	enum action_scope scope;
	const char *default_keys;
	const char *help; /* untranslated; pass through _() */
};

/* The table, indexed by enum action_id. */
extern const struct action actions[ACT__COUNT];

/* Action id for a name, or -1. */
int action_find(const char *name);

/* One key name to a code; false when it is not a key name. */
bool action_parse_key(const char *name, int *code);

/* The code an input byte or code point stands for: 8 and 127 -> Backspace,
 * 9 -> Tab, 10 and 13 -> Enter, 27 -> Esc; anything else unchanged.
 * screens/ui.c applies it to every key before action_for_key(). */
int action_key_normalise(int code);

/* The display name of a code ("^S", "F2", "Enter", "x") into buf. */
const char *action_key_name(int code, char *buf, size_t size);

/* Reset every binding to the defaults. */
void action_reset(void);

/* Rebind `name` to the comma-separated key list (replacing its defaults).
 * false with a translated reason in err for an unknown action or key, an
 * empty list, a key listed twice or more than ACTION_MAX_KEYS keys; the
 * binding is then unchanged. */
bool action_rebind(const char *name, const char *keys, char *err, size_t errsize);

/* Another action that shares a key with `id` where both can fire (the same
 * scope, or either is SCOPE_GLOBAL), or -1.  *code is set to the shared key.
 * The config reports such clashes: action_for_key() would pick one silently. */
int action_conflict(enum action_id id, int *code);

/* The keys bound to an action (n set; at most ACTION_MAX_KEYS). */
const int *action_keys(enum action_id id, int *n);

/* The keys of an action as display text ("F1, ?") into buf. */
const char *action_keys_text(enum action_id id, char *buf, size_t size);

/* The action a key triggers in a scope (scope's own bindings first, then
 * SCOPE_GLOBAL), or -1. */
int action_for_key(enum action_scope scope, int code);

#endif
