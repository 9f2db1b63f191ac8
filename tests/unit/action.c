/* Named actions: the default table, key names, rebinding and lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "config/action.h"
#include "util/i18n.h"

static int reset(void **state)
{
	(void)state;
	action_reset();
	return 0;
}

static int count_items(const char *list)
{
	int n = 1;
	for (; *list; list++)
		n += *list == ',';
	return n;
}

static void defaults__all_parse__with_every_key(void **state)
{
	(void)state;
	for (int i = 0; i < ACT__COUNT; i++) {
		int n;
		action_keys((enum action_id)i, &n);
		if (n != count_items(actions[i].default_keys))
			fail_msg("%s: default keys \"%s\" gave %d keys", actions[i].name,
			         actions[i].default_keys, n);
		assert_true(n >= 1 && n <= ACTION_MAX_KEYS);
	}
}

static void defaults__bind_no_key_twice__in_a_scope_or_with_global(void **state)
{
	(void)state;
	for (int i = 0; i < ACT__COUNT; i++) {
		int code = 0;
		int other = action_conflict((enum action_id)i, &code);
		if (other >= 0) {
			char name[32];
			fail_msg("%s and %s share the key %s", actions[i].name, actions[other].name,
			         action_key_name(code, name, sizeof name));
		}
	}
}

/* Text fields need Backspace, and a terminal sends ^H for it: no default may
 * take either. */
static void defaults__leave_backspace__to_text_fields(void **state)
{
	(void)state;
	for (int i = 0; i < ACT__COUNT; i++) {
		int n;
		const int *k = action_keys((enum action_id)i, &n);
		for (int j = 0; j < n; j++)
			if (k[j] == KEYC_BACKSPACE)
				fail_msg("%s is bound to Backspace", actions[i].name);
	}
}

static void defaults__have_unique_names__and_help(void **state)
{
	(void)state;
	for (int i = 0; i < ACT__COUNT; i++) {
		assert_int_equal(action_find(actions[i].name), i);
		assert_true(strlen(actions[i].help) > 0);
		for (const char *p = actions[i].name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
	}
	assert_int_equal(action_find("no_such_action"), -1);
	assert_int_equal(action_find(NULL), -1);
}

static void action_parse_key__reads__every_documented_name(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int code;
	} cases[] = {
	    {"x", 'x'},
	    {"X", 'X'},
	    {"?", '?'},
	    {"/", '/'},
	    {"^S", 19},
	    {"^s", 19},
	    {"^A", 1},
	    {"^Z", 26},
	    {"F1", KEYC_F(1)},
	    {"F12", KEYC_F(12)},
	    {"f2", KEYC_F(2)},
	    {"Enter", KEYC_ENTER},
	    {"enter", KEYC_ENTER},
	    {"Return", KEYC_ENTER},
	    {"Esc", KEYC_ESC},
	    {"Tab", KEYC_TAB},
	    {"S-Tab", KEYC_BTAB},
	    {"Backspace", KEYC_BACKSPACE},
	    {"Del", KEYC_DEL},
	    {"Up", KEYC_UP},
	    {"Down", KEYC_DOWN},
	    {"Left", KEYC_LEFT},
	    {"Right", KEYC_RIGHT},
	    {"Home", KEYC_HOME},
	    {"End", KEYC_END},
	    {"PgUp", KEYC_PGUP},
	    {"PgDn", KEYC_PGDN},
	    {"Ins", KEYC_INS},
	    {"Space", ' '},
	    {"Comma", ','},
	    {"M-x", 'x' | KEYC_META},
	    {"M-F2", KEYC_F(2) | KEYC_META},
	    {"Alt-s", 's' | KEYC_META},
	    {"đ", 0x111},
	    {"Ư", 0x1af},
	    {"€", 0x20ac},
	    /* what a terminal sends for these is the named key */
	    {"^H", KEYC_BACKSPACE},
	    {"^I", KEYC_TAB},
	    {"^M", KEYC_ENTER},
	    {"^J", KEYC_ENTER},
	    {"^[", KEYC_ESC},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int code = -1;
		if (!action_parse_key(cases[i].name, &code) || code != cases[i].code)
			fail_msg("\"%s\" gave %#x, wanted %#x", cases[i].name, code, cases[i].code);
	}
}

static void action_parse_key__refuses__what_is_not_a_key(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "xy",
	    "F0",
	    "F64",
	    "F1a",
	    "^1",
	    "^5",
	    "Ctrl-S",
	    "M-",
	    "\xC3",
	    "\x01",
	    "\x7f",
	    "Enterr",
	    "^SS",
	    "M-M-x",
	    "\xC3\xA9\xC3\xA9",
	    "\xED\xA0\x80", /* a UTF-16 surrogate */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int code = 0;
		if (action_parse_key(bad[i], &code))
			fail_msg("\"%s\" was taken as %#x", bad[i], code);
	}
	int code;
	assert_false(action_parse_key(NULL, &code));
}

static void action_key_name__round_trips__through_parse(void **state)
{
	(void)state;
	static const char *const names[] = {
	    "x",   "^S",   "F2",  "Enter", "Esc",   "Tab", "Shift+Tab", "Backspace",
	    "Del", "PgDn", "Ins", "Space", "Comma", "M-x", "ầ",         "?"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int code, again;
		char buf[32];
		assert_true(action_parse_key(names[i], &code));
		assert_string_equal(action_key_name(code, buf, sizeof buf), names[i]);
		assert_true(action_parse_key(buf, &again));
		assert_int_equal(again, code);
	}
	char buf[32];
	/* the arrows: their key caps on a UTF-8 terminal, else their names;
	 * both spellings parse, and S-Tab still does */
	int code;
	assert_true(action_parse_key("Up", &code));
	assert_string_equal(action_key_name(code, buf, sizeof buf), i18n_utf8() ? "\u2191" : "Up");
	assert_true(action_parse_key("\u2193", &code));
	assert_int_equal(code, KEYC_DOWN);
	assert_true(action_parse_key("S-Tab", &code));
	assert_string_equal(action_key_name(code, buf, sizeof buf), "Shift+Tab");
	assert_string_equal(action_key_name(0x1f600 + 0, buf, sizeof buf), "\xF0\x9F\x98\x80");
	assert_string_equal(action_key_name(0x80, buf, sizeof buf), "U+0080");
}

static void action_keys_text__shows__the_default_list(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(action_keys_text(ACT_HELP, buf, sizeof buf), "F1, ?");
	assert_string_equal(action_keys_text(ACT_QR_PREV, buf, sizeof buf),
	                    i18n_utf8() ? "Shift+Tab, \u2190" : "Shift+Tab, Left");
	/* a small buffer is cut, never overrun */
	char small[4];
	action_keys_text(ACT_HELP, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
}

static void action_rebind__replaces__the_defaults(void **state)
{
	(void)state;
	char err[128];
	assert_true(action_rebind("save", "^S, F2", err, sizeof err));
	int n;
	const int *k = action_keys(ACT_SAVE, &n);
	assert_int_equal(n, 2);
	assert_int_equal(k[0], KEYC_CTRL('s'));
	assert_int_equal(k[1], KEYC_F(2));
	assert_int_equal(action_for_key(SCOPE_COUNTER, KEYC_ENTER), -1);
	assert_int_equal(action_for_key(SCOPE_COUNTER, KEYC_F(2)), ACT_SAVE);
	action_reset();
	assert_int_equal(action_for_key(SCOPE_COUNTER, KEYC_ENTER), ACT_SAVE);
	assert_int_equal(action_for_key(SCOPE_COUNTER, KEYC_F(2)), -1);
}

static void action_rebind__refuses__bad_lists__and_keeps_the_binding(void **state)
{
	(void)state;
	static const struct {
		const char *action, *keys, *why;
	} bad[] = {
	    {"nope", "F2", "unknown action \"nope\""},
	    {"save", "", "no key given"},
	    {"save", "  ", "no key given"},
	    {"save", "F2,,F3", "an empty key name"},
	    {"save", "F2,", "an empty key name"},
	    {"save", "Ctrl-S", "\"Ctrl-S\" is not a key name"},
	    {"save", "F2, F2", "the key F2 is listed twice"},
	    {"save", "^H, Backspace", "the key Backspace is listed twice"},
	    {"save", "F2, F3, F4, F5, F6", "at most 4 keys per action"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[128] = "";
		if (action_rebind(bad[i].action, bad[i].keys, err, sizeof err))
			fail_msg("\"%s = %s\" was taken", bad[i].action, bad[i].keys);
		if (!strstr(err, bad[i].why))
			fail_msg("\"%s = %s\": \"%s\" lacks \"%s\"", bad[i].action, bad[i].keys,
			         err, bad[i].why);
		assert_int_equal(action_for_key(SCOPE_COUNTER, KEYC_ENTER), ACT_SAVE);
	}
	char err[128];
	assert_true(action_rebind("save", " F2 ,F3, F4 , Enter ", err, sizeof err));
	int n;
	action_keys(ACT_SAVE, &n);
	assert_int_equal(n, 4);
}

static void action_for_key__prefers_the_scope__then_global(void **state)
{
	(void)state;
	assert_int_equal(action_for_key(SCOPE_QR, KEYC_TAB), ACT_QR_NEXT);
	assert_int_equal(action_for_key(SCOPE_FORM, KEYC_TAB), ACT_NEXT_FIELD);
	assert_int_equal(action_for_key(SCOPE_QR, KEYC_F(1)), ACT_HELP);
	assert_int_equal(action_for_key(SCOPE_LIST, KEYC_ESC), ACT_BACK);
	assert_int_equal(action_for_key(SCOPE_GLOBAL, KEYC_ESC), ACT_BACK);
	assert_int_equal(action_for_key(SCOPE_GLOBAL, 'v'), -1);
	assert_int_equal(action_for_key(SCOPE_COUNTER, 'v'), ACT_TOGGLE_VNEID);
	assert_int_equal(action_for_key(SCOPE_LIST, 'v'), -1);
	/* raw terminal bytes are read as the keys they stand for */
	assert_int_equal(action_for_key(SCOPE_FORM, 9), ACT_NEXT_FIELD);
	assert_int_equal(action_for_key(SCOPE_COUNTER, 13), ACT_SAVE);
	assert_int_equal(action_for_key(SCOPE_COUNTER, 10), ACT_SAVE);
	assert_int_equal(action_for_key(SCOPE_QR, 27), ACT_BACK);

	/* a scope binding shadows a global one */
	char err[128];
	assert_true(action_rebind("qr_invert", "F1", err, sizeof err));
	assert_int_equal(action_for_key(SCOPE_QR, KEYC_F(1)), ACT_QR_INVERT);
	assert_int_equal(action_for_key(SCOPE_LIST, KEYC_F(1)), ACT_HELP);
	int code;
	assert_int_equal(action_conflict(ACT_QR_INVERT, &code), ACT_HELP);
	assert_int_equal(code, KEYC_F(1));
}

static void action_key_normalise__maps__terminal_bytes(void **state)
{
	(void)state;
	assert_int_equal(action_key_normalise(8), KEYC_BACKSPACE);
	assert_int_equal(action_key_normalise(127), KEYC_BACKSPACE);
	assert_int_equal(action_key_normalise(9), KEYC_TAB);
	assert_int_equal(action_key_normalise(10), KEYC_ENTER);
	assert_int_equal(action_key_normalise(13), KEYC_ENTER);
	assert_int_equal(action_key_normalise(27), KEYC_ESC);
	assert_int_equal(action_key_normalise(19), 19);
	assert_int_equal(action_key_normalise('a'), 'a');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(defaults__all_parse__with_every_key, reset),
	    cmocka_unit_test_setup(defaults__bind_no_key_twice__in_a_scope_or_with_global, reset),
	    cmocka_unit_test_setup(defaults__leave_backspace__to_text_fields, reset),
	    cmocka_unit_test_setup(defaults__have_unique_names__and_help, reset),
	    cmocka_unit_test_setup(action_parse_key__reads__every_documented_name, reset),
	    cmocka_unit_test_setup(action_parse_key__refuses__what_is_not_a_key, reset),
	    cmocka_unit_test_setup(action_key_name__round_trips__through_parse, reset),
	    cmocka_unit_test_setup(action_keys_text__shows__the_default_list, reset),
	    cmocka_unit_test_setup(action_rebind__replaces__the_defaults, reset),
	    cmocka_unit_test_setup(action_rebind__refuses__bad_lists__and_keeps_the_binding, reset),
	    cmocka_unit_test_setup(action_for_key__prefers_the_scope__then_global, reset),
	    cmocka_unit_test_setup(action_key_normalise__maps__terminal_bytes, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
