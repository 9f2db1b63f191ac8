/* Private to screens/: the loop's state, shared by screens/ui.c (the loop),
 * ui_keys.c, ui_bars.c and term.c; the curses attribute of a style. */
#ifndef DVCDESK_UIINT_H
#define DVCDESK_UIINT_H

#include <curses.h>

#include <signal.h>

#include "screen.h"

/* The smallest terminal every screen is laid out for (README, tests). */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 18
/* The input timeout: the clock, the idle lock and the signal flags are
 * looked at this often when no key comes. */
#define UI_TICK_MS   500
#define UI_STACK_MAX 8
#define UI_MAX_HINTS 16
/* Reads that fail at once this many times in a row mean the terminal is
 * gone (SSH drop, closed window): exit instead of spinning. */
#define UI_MAX_FAST_ERRORS 8
/* The longest the screen goes undrawn while keys keep coming. */
#define UI_MAX_SKIP_MS 100

struct ui_hint_item {
	int action; /* -1: key given as text */
	char key[24];
	const char *label;
};

struct ui_loop {
	struct {
		const struct screen *s;
		void *st;
	} stack[UI_STACK_MAX];
	int depth;

	char status[320];
	enum ui_tone tone;
	unsigned status_gen;

	struct ui_hint_item hints[UI_MAX_HINTS];
	int n_hints;
	bool cursor;
	int cur_y, cur_x;
	char prompt[256];
	bool have_prompt;
	struct ui_field *prompt_field;

	const struct screen *req;
	const void *req_arg;

	chtype style[UI_STYLE__COUNT];
	int last_minute;
};

/* screens/ui_keys.c: a curses key (wget_wch's rc and wch) as an action-table
 * code, or -1; the action of a code in the screen's scopes, or -1. */
int translate_key(int rc, wint_t wch);
int resolve_action(const struct screen *s, int code);
bool is_printable(int code);

/* screens/ui_bars.c: the bars around the body. */
void draw_hints(struct ui_context *ctx);
void draw_header(struct ui_context *ctx);
void draw_status(struct ui_context *ctx);
void draw_prompt(struct ui_context *ctx);
void draw_too_small(struct ui_context *ctx);

/* screens/term.c: the signal that came (0: none), the styles of the colour
 * mode, whether to use colour, the signal handlers, no XON/XOFF, whether
 * input waits, a monotonic clock and the idle-lock delay. */
extern volatile sig_atomic_t got_signal;
void init_styles(struct ui_context *ctx);
bool want_color(const struct config *cfg);
void set_signals(void);
void no_flow_control(void);
bool input_waiting(void);
long monotonic_ms(void);
long idle_limit_ms(const struct config *cfg);

chtype ui_style_attr(struct ui_context *ctx, enum ui_style style);

/* False, with one line on stderr, when TERM is unset, unknown to terminfo
 * or cannot address the cursor (dumb): such a terminal would show a
 * garbled screen (screens/term.c; apart because <term.h> defines macros
 * such as `tone` and `lines`). */
bool ui_terminal_usable(void);

#endif
