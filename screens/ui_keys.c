/* Key translation: curses key codes into the action table's codes, and a
 * code into the action of a screen's scopes (screens/uiint.h). */
#include <curses.h>

#include "config/action.h"
#include "uiint.h"

int translate_key(int rc, wint_t wch)
{
	if (rc == KEY_CODE_YES) {
		int k = (int)wch;
		if (k >= KEY_F(1) && k <= KEY_F(63))
			return KEYC_F(k - KEY_F0);
		switch (k) {
		case KEY_UP:
			return KEYC_UP;
		case KEY_DOWN:
			return KEYC_DOWN;
		case KEY_LEFT:
			return KEYC_LEFT;
		case KEY_RIGHT:
			return KEYC_RIGHT;
		case KEY_HOME:
			return KEYC_HOME;
		case KEY_END:
			return KEYC_END;
		case KEY_PPAGE:
			return KEYC_PGUP;
		case KEY_NPAGE:
			return KEYC_PGDN;
		case KEY_IC:
			return KEYC_INS;
		case KEY_DC:
			return KEYC_DEL;
		case KEY_BACKSPACE:
			return KEYC_BACKSPACE;
		case KEY_ENTER:
			return KEYC_ENTER;
		case KEY_BTAB:
			return KEYC_BTAB;
		default:
			return -1;
		}
	}
	return action_key_normalise((int)wch);
}

int resolve_action(const struct screen *s, int code)
{
	for (int i = 0; i < 3; i++) {
		if (i > 0 && s->scopes[i] == SCOPE_GLOBAL)
			break;
		int a = action_for_key(s->scopes[i], code);
		if (a >= 0)
			return a;
	}
	return -1;
}

bool is_printable(int code)
{
	return code >= 0x20 && code < KEYC_BASE && code != 0x7f;
}
