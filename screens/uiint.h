/* Private to screens/: the curses attribute of a style (screens/ui.c). */
#ifndef DVCDESK_UIINT_H
#define DVCDESK_UIINT_H

#include <curses.h>

#include "screen.h"

chtype ui_style_attr(struct ui_context *ctx, enum ui_style style);

/* False, with one line on stderr, when TERM is unset, unknown to terminfo
 * or cannot address the cursor (dumb): such a terminal would show a
 * garbled screen (screens/term.c; apart because <term.h> defines macros
 * such as `tone` and `lines`). */
bool ui_terminal_usable(void);

#endif
