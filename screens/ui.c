/* The one input loop: owns ncurses, the screen stack, the header, status and
 * key-hint bars, resize, the idle lock, signals and the terminal's restore
 * on every exit path.  Screens only return reactions (screens/screen.h). */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "screens.h"
#include "util/text.h"
#include "syncbar.h"
#include "uiint.h"
#include "util/util.h"

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

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

int ui_exit_signal(void)
{
	/* ^C and ^\ are keys the volunteer pressed: an exit status, so that a
	 * launcher loop (`while :; do dvcdesk; done`) carries on. */
	return got_signal == SIGHUP || got_signal == SIGTERM ? got_signal : 0;
}

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

/* ---------------------------------------------------------------- screens */

#define SCREEN_PTR(name) &screen_##name,
static const struct screen *const all_screens[] = {SCREEN_INFO(SCREEN_PTR)};
#undef SCREEN_PTR

const struct screen *ui_screen_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(all_screens); i++)
		if (str_eq(all_screens[i]->name, name))
			return all_screens[i];
	return NULL;
}

enum ui_reaction ui_push(struct ui_context *ctx, const struct screen *s, const void *arg)
{
	ctx->loop->req = s;
	ctx->loop->req_arg = arg;
	return UI_PUSH;
}

enum ui_reaction ui_replace(struct ui_context *ctx, const struct screen *s, const void *arg)
{
	ui_push(ctx, s, arg);
	return UI_REPLACE;
}

bool ui_on_top(const struct ui_context *ctx, const void *state)
{
	const struct ui_loop *L = ctx->loop;
	return L->depth > 0 && L->stack[L->depth - 1].st == state;
}

enum ui_reaction ui_push_named(struct ui_context *ctx, const char *name, const void *arg)
{
	const struct screen *s = ui_screen_find(name);
	if (!s) {
		ui_status(ctx, UI_WARN, _("This screen is not available in this version."));
		return UI_REDRAW;
	}
	return ui_push(ctx, s, arg);
}

/* ----------------------------------------------------------------- status */

void ui_status(struct ui_context *ctx, enum ui_tone kind, const char *fmt, ...)
{
	struct ui_loop *L = ctx->loop;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(L->status, sizeof L->status, fmt, ap);
	va_end(ap);
	L->tone = kind;
	L->status_gen++;
}

void ui_status_fail(struct ui_context *ctx, enum status st)
{
	ui_status(ctx, UI_ERROR, "%s", status_detail(st));
}

void ui_hint(struct ui_context *ctx, enum action_id action, const char *label)
{
	struct ui_loop *L = ctx->loop;
	if (L->n_hints >= UI_MAX_HINTS)
		return;
	L->hints[L->n_hints++] = (struct ui_hint_item){.action = (int)action, .label = label};
}

void ui_hint_key(struct ui_context *ctx, const char *key, const char *label)
{
	struct ui_loop *L = ctx->loop;
	if (L->n_hints >= UI_MAX_HINTS)
		return;
	struct ui_hint_item *h = &L->hints[L->n_hints++];
	h->action = -1;
	str_copy(h->key, sizeof h->key, key);
	h->label = label;
}

void ui_cursor(struct ui_context *ctx, int y, int x)
{
	ctx->loop->cursor = true;
	ctx->loop->cur_y = y;
	ctx->loop->cur_x = x;
}

void ui_prompt(struct ui_context *ctx, const char *question, struct ui_field *field)
{
	struct ui_loop *L = ctx->loop;
	str_copy(L->prompt, sizeof L->prompt, question);
	L->have_prompt = true;
	L->prompt_field = field;
}

chtype ui_style_attr(struct ui_context *ctx, enum ui_style style)
{
	return ctx->loop->style[style];
}

/* ------------------------------------------------------------- the stack */

static void *top_state(struct ui_loop *L)
{
	return L->stack[L->depth - 1].st;
}

static const struct screen *top_screen(struct ui_loop *L)
{
	return L->depth ? L->stack[L->depth - 1].s : NULL;
}

/* Open s (on top, or in place of the top when `replace`).  A screen that
 * fails to open leaves the stack as it was, with the reason on the status
 * bar. */
static bool push_screen(struct ui_context *ctx, const struct screen *s, const void *arg,
                        bool replace)
{
	struct ui_loop *L = ctx->loop;
	if (!s || (!replace && L->depth >= UI_STACK_MAX))
		return false;
	void *st = xcalloc(1, s->state_size ? s->state_size : 1);
	status_clear();
	enum status rc = s->open ? s->open(st, ctx, arg) : ST_OK;
	if (rc != ST_OK) {
		if (s->close)
			s->close(st, ctx);
		free(st);
		ui_status_fail(ctx, rc);
		return false;
	}
	if (replace && L->depth > 0) {
		L->depth--;
		const struct screen *old = L->stack[L->depth].s;
		if (old->close)
			old->close(L->stack[L->depth].st, ctx);
		free(L->stack[L->depth].st);
	}
	L->stack[L->depth].s = s;
	L->stack[L->depth].st = st;
	L->depth++;
	return true;
}

static void pop_screen(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	if (L->depth == 0)
		return;
	L->depth--;
	const struct screen *s = L->stack[L->depth].s;
	if (s->close)
		s->close(L->stack[L->depth].st, ctx);
	free(L->stack[L->depth].st);
	L->stack[L->depth].st = NULL;
}

static bool stack_has(struct ui_loop *L, const struct screen *s)
{
	for (int i = 0; i < L->depth; i++)
		if (L->stack[i].s == s)
			return true;
	return false;
}

static bool stack_private(struct ui_loop *L)
{
	for (int i = 0; i < L->depth; i++)
		if (L->stack[i].s->private_data)
			return true;
	return false;
}

/* Act on a reaction; returns false when the program should end. */
static bool apply(struct ui_context *ctx, enum ui_reaction r, bool *dirty)
{
	struct ui_loop *L = ctx->loop;
	for (int guard = 0; guard < UI_STACK_MAX + 2; guard++) {
		switch (r) {
		case UI_NONE:
		case UI_UNHANDLED:
			return true;
		case UI_REDRAW:
			*dirty = true;
			return true;
		case UI_PUSH:
		case UI_REPLACE:
			push_screen(ctx, L->req, L->req_arg, r == UI_REPLACE);
			L->req = NULL;
			L->req_arg = NULL;
			*dirty = true;
			return L->depth > 0;
		case UI_POP:
			pop_screen(ctx);
			*dirty = true;
			if (L->depth == 0)
				return false;
			{
				const struct screen *s = top_screen(L);
				r = s->resume ? s->resume(top_state(L), ctx) : UI_REDRAW;
			}
			continue;
		case UI_QUIT:
			return false;
		}
		return true;
	}
	return true;
}

/* ------------------------------------------------------------------ keys */

static int translate_key(int rc, wint_t wch)
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

static int resolve_action(const struct screen *s, int code)
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

static bool is_printable(int code)
{
	return code >= 0x20 && code < KEYC_BASE && code != 0x7f;
}

/* ---------------------------------------------------------------- drawing */

static const char *key_label(struct ui_context *ctx, const struct ui_hint_item *h, char *buf,
                             size_t size, bool text_focus)
{
	if (h->action < 0)
		return h->key;
	int n;
	const int *keys = action_keys((enum action_id)h->action, &n);
	if (n == 0)
		return "";
	/* F1 and F10 are taken by many terminal emulators, and a printable key
	 * types into a text field: show a key that works where the user is. */
	int pick = -1;
	for (int pass = 0; pass < 3 && pick < 0; pass++)
		for (int i = 0; i < n && pick < 0; i++) {
			bool eaten = keys[i] == KEYC_F(1) || keys[i] == KEYC_F(10);
			bool types = text_focus && is_printable(keys[i]);
			if ((pass == 0 && !eaten && !types) || (pass == 1 && !types) || pass == 2)
				pick = i;
		}
	(void)ctx;
	return action_key_name(keys[pick], buf, size);
}

static void draw_hints(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	int widths[UI_MAX_HINTS], total = 0, help = -1;
	const char *keys[UI_MAX_HINTS];
	char kb[UI_MAX_HINTS][32];
	for (int i = 0; i < L->n_hints; i++) {
		keys[i] = key_label(ctx, &L->hints[i], kb[i], sizeof kb[i], L->cursor);
		widths[i] = ui_width(ctx, keys[i]) + 1 + ui_width(ctx, _(L->hints[i].label)) + 2;
		total += widths[i];
		if (L->hints[i].action == ACT_HELP)
			help = i;
	}
	/* Too many for the width: the help key stays (it lists all the rest),
	 * the ones just before it go. */
	bool skip[UI_MAX_HINTS] = {false};
	for (int i = help - 1; help > 0 && i >= 0 && total - 2 > ctx->cols; i--) {
		skip[i] = true;
		total -= widths[i];
	}
	int y = ctx->rows - 1, x = 0;
	for (int i = 0; i < L->n_hints; i++) {
		if (skip[i])
			continue;
		if (x + widths[i] - 2 > ctx->cols)
			break;
		x += ui_put(ctx, y, x, ctx->cols - x, UI_KEY, keys[i]);
		x += ui_put(ctx, y, x, 1, UI_NORMAL, " ");
		x += ui_put(ctx, y, x, ctx->cols - x, UI_NORMAL, _(L->hints[i].label));
		x += 2;
	}
}

static void draw_header(struct ui_context *ctx)
{
	char right[256], clock[16], left[256];
	time_t now = util_now();
	int m = time_local_minute(now);
	snprintf(clock, sizeof clock, "%02d:%02d", m / 60, m % 60);
	const char *dot = ui_glyph(ctx, UI_G_DOT);
	if (ctx->have_shift)
		snprintf(right, sizeof right, "%s %s %s %s %s ", ctx->staff.name, dot,
		         ctx->shift.session == SESSION_MORNING ? P_("session", "Morning shift")
		         : ctx->shift.session == SESSION_AFTERNOON
		             ? P_("session", "Afternoon shift")
		             : P_("session", "Shift"),
		         dot, clock);
	else if (ctx->have_staff)
		snprintf(right, sizeof right, "%s %s %s ", ctx->staff.name, dot, clock);
	else
		snprintf(right, sizeof right, "%s ", clock);
	char sbar[128];
	syncbar(ctx, sbar, sizeof sbar); /* "chờ gửi 3" / "đã gửi lúc 09:41" (syncbar.c) */
	snprintf(left, sizeof left, " dvcdesk %s %s %s %s%s%s%s", dot, ctx->cfg->unit.name, dot,
	         ctx->cfg->counter_name, *sbar ? " " : "", *sbar ? dot : "", *sbar ? " " : "");
	if (*sbar)
		snprintf(left + strlen(left), sizeof left - strlen(left), "%s", sbar);
	ui_put_pad(ctx, 0, 0, ctx->cols, UI_HEADER, "", false);
	int rw = ui_width(ctx, right);
	if (rw > ctx->cols)
		rw = ctx->cols;
	ui_put(ctx, 0, ctx->cols - rw, rw, UI_HEADER, right);
	ui_put(ctx, 0, 0, ctx->cols - rw - 1, UI_HEADER, left);
	ctx->loop->last_minute = m;
}

static void draw_status(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	if (!L->status[0])
		return;
	static const enum ui_style tone_style[] = {UI_NORMAL, UI_S_OK, UI_S_WARN, UI_S_ERROR};
	enum ui_style st = tone_style[L->tone];
	bool loud = L->tone == UI_WARN || L->tone == UI_ERROR;
	char line[400];
	snprintf(line, sizeof line, " %s", L->status);
	int y = ctx->rows - 2;
	/* A message wider than the terminal takes the row above too (over the
	 * body) rather than losing its end: it is shown until the next key. */
	if (ui_width(ctx, line) > ctx->cols && !L->have_prompt) {
		const char *shown = ctx->utf8 ? line : i18n_show(line, 6);
		size_t cut = text_fit(shown, ctx->cols - 1);
		size_t sp = cut;
		while (sp > 0 && shown[sp] != ' ')
			sp--;
		if (sp > 0)
			cut = sp;
		char first[400];
		snprintf(first, sizeof first, "%.*s", (int)cut, shown);
		ui_put_pad(ctx, y - 1, 0, ctx->cols, st, first, false);
		ui_put_pad(ctx, y, 0, ctx->cols, st, shown + cut, false);
		return;
	}
	if (loud)
		ui_put_pad(ctx, y, 0, ctx->cols, st, line, false);
	else
		ui_put(ctx, y, 0, ctx->cols, st, line);
}

static void draw_prompt(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	if (!L->have_prompt)
		return;
	int y = ctx->rows - 3;
	char q[300];
	snprintf(q, sizeof q, " %s ", L->prompt);
	ui_put_pad(ctx, y, 0, ctx->cols, UI_SELECTED, "", false);
	int x = ui_put(ctx, y, 0, ctx->cols, UI_SELECTED, q);
	if (L->prompt_field && x < ctx->cols - 2)
		ui_field_draw(ctx, L->prompt_field, y, x, ctx->cols - x - 1, true);
}

static void draw_too_small(struct ui_context *ctx)
{
	char need[128];
	const char *times = ui_glyph(ctx, UI_G_TIMES);
	snprintf(need, sizeof need, _("Needs %d%s%d, now %d%s%d"), UI_MIN_COLS, times, UI_MIN_ROWS,
	         ctx->cols, times, ctx->rows);
	const char *title = _("Window too small");
	int y = ctx->rows / 2 - 1;
	if (y < 0)
		y = 0;
	int w1 = ui_width(ctx, title), w2 = ui_width(ctx, need);
	ui_put(ctx, y, w1 < ctx->cols ? (ctx->cols - w1) / 2 : 0, ctx->cols, UI_S_ERROR, title);
	if (y + 1 < ctx->rows)
		ui_put(ctx, y + 1, w2 < ctx->cols ? (ctx->cols - w2) / 2 : 0, ctx->cols, UI_NORMAL,
		       need);
}

static void redraw(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	getmaxyx(stdscr, ctx->rows, ctx->cols);
	erase();
	L->n_hints = 0;
	L->cursor = false;
	L->have_prompt = false;
	L->prompt_field = NULL;
	if (ctx->cols < UI_MIN_COLS || ctx->rows < UI_MIN_ROWS) {
		draw_too_small(ctx);
		curs_set(0);
		refresh();
		return;
	}
	const struct screen *s = top_screen(L);
	bool full = s && s->full_screen;
	struct ui_rect body = {1, 0, ctx->rows - 3, ctx->cols};
	if (full) {
		body = (struct ui_rect){0, 0, ctx->rows, ctx->cols};
		L->last_minute = time_local_minute(util_now()); /* no clock to update */
	} else {
		draw_header(ctx);
	}
	if (s)
		s->draw(top_state(L), ctx, body);
	draw_prompt(ctx);
	draw_status(ctx);
	if (!full)
		draw_hints(ctx);
	if (L->cursor) {
		move(L->cur_y, L->cur_x);
		curs_set(1);
	} else {
		move(ctx->rows - 1, ctx->cols - 1);
		curs_set(0);
	}
	refresh();
}

/* --------------------------------------------------------------- terminal */

static void init_styles(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	const chtype mono[UI_STYLE__COUNT] = {
	    [UI_NORMAL] = A_NORMAL,
	    [UI_TITLE] = A_BOLD,
	    [UI_HEADER] = A_REVERSE,
	    [UI_SELECTED] = A_REVERSE,
	    [UI_FIELD] = A_UNDERLINE,
	    [UI_FOCUS] = A_UNDERLINE | A_BOLD,
	    [UI_ON] = A_BOLD,
	    [UI_DIM] = A_DIM,
	    [UI_KEY] = A_REVERSE,
	    [UI_S_OK] = A_BOLD,
	    [UI_S_WARN] = A_BOLD | A_UNDERLINE,
	    [UI_S_ERROR] = A_REVERSE | A_BOLD,
	    [UI_QR] = A_REVERSE,
	    [UI_QR_DARK] = A_NORMAL,
	};
	memcpy(L->style, mono, sizeof mono);
	if (!ctx->color)
		return;
	start_color();
	use_default_colors();
	enum { P_HEADER = 1, P_SELECTED, P_ON, P_OK, P_WARN, P_ERROR, P_KEY, P_QR, P_QR_DARK };
	init_pair(P_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_ON, COLOR_GREEN, -1);
	init_pair(P_OK, COLOR_GREEN, -1);
	init_pair(P_WARN, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(P_KEY, COLOR_BLACK, COLOR_WHITE);
	L->style[UI_HEADER] = COLOR_PAIR(P_HEADER) | A_BOLD;
	L->style[UI_SELECTED] = COLOR_PAIR(P_SELECTED);
	L->style[UI_ON] = COLOR_PAIR(P_ON) | A_BOLD;
	L->style[UI_S_OK] = COLOR_PAIR(P_OK) | A_BOLD;
	L->style[UI_S_WARN] = COLOR_PAIR(P_WARN);
	L->style[UI_S_ERROR] = COLOR_PAIR(P_ERROR) | A_BOLD;
	L->style[UI_KEY] = COLOR_PAIR(P_KEY);
	/* QR cells: pure black and white where the palette has them (themes
	 * remap the first 16 colours, rarely 16 and 231).  Written reversed
	 * (white on black, then A_REVERSE) so that ncurses never erases them
	 * with ECH/EL and back-colour erase, which some terminals get wrong
	 * (tmux with TERM=xterm-256color drops the quiet zone). */
	short black = (short)(COLORS >= 256 ? 16 : COLOR_BLACK);
	short white = (short)(COLORS >= 256 ? 231 : COLOR_WHITE);
	init_pair(P_QR, white, black);
	init_pair(P_QR_DARK, black, black);
	L->style[UI_QR] = COLOR_PAIR(P_QR) | A_REVERSE;
	L->style[UI_QR_DARK] = COLOR_PAIR(P_QR_DARK) | A_REVERSE;
}

static bool want_color(const struct config *cfg)
{
	if (!has_colors())
		return false;
	if (cfg->ui.color == TRI_YES)
		return true;
	if (cfg->ui.color == TRI_NO)
		return false;
	const char *no = getenv("NO_COLOR"); /* https://no-color.org */
	return !(no && *no);
}

static void set_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read returns at once and the loop sees the
	 * flag. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL); /* ^\ too restores the terminal */
}

/* Flow control would eat ^Q and ^S; the rest of the modes come from cbreak. */
static void no_flow_control(void)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();
	}
}

/* Is there input the terminal has not handed over yet? */
static bool input_waiting(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Seconds without a key before the lock.  DVCDESK_IDLE_LOCK_SECONDS (not
 * documented for users) lets the tests lock in a second or two. */
static long idle_limit_ms(const struct config *cfg)
{
	const char *env = getenv("DVCDESK_IDLE_LOCK_SECONDS");
	if (env && *env) {
		char *end;
		long s = strtol(env, &end, 10);
		if (*end == '\0' && s >= 0)
			return s * 1000;
	}
	return (long)cfg->ui.idle_lock_minutes * 60 * 1000;
}

/* Handle a key the screen left alone: the global actions. */
static enum ui_reaction global_key(struct ui_context *ctx, const struct ui_key *k)
{
	struct ui_loop *L = ctx->loop;
	const struct screen *s = top_screen(L);
	switch (k->action) {
	case ACT_HELP:
		if (s == &screen_help || s == &screen_lock)
			return UI_NONE;
		return ui_push(ctx, &screen_help, NULL);
	case ACT_LOCK:
		if (!ctx->have_staff || stack_has(L, &screen_lock))
			return UI_NONE;
		L->status[0] = '\0';
		return ui_push(ctx, &screen_lock, NULL);
	case ACT_BACK:
		return L->depth > 1 ? UI_POP : UI_NONE;
	case ACT_QUIT:
		return L->depth > 1 ? UI_POP : UI_QUIT;
	default:
		return UI_NONE;
	}
}

static int run_loop(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	bool dirty = true;
	int fast_errors = 0;
	long idle_ms = idle_limit_ms(ctx->cfg);
	long last_key = monotonic_ms(), last_draw = 0;
	int pending = -1; /* a key read ahead after Esc */

	for (;;) {
		if (got_signal)
			return 128 + got_signal;
		/* Keys already waiting (a burst: a barcode scanner, a paste, typing
		 * ahead) are handled before the screen is drawn again: a frame
		 * nobody would see is not built.  At least one every
		 * UI_MAX_SKIP_MS, however fast the keys come. */
		if (dirty && (monotonic_ms() - last_draw >= UI_MAX_SKIP_MS ||
		              (pending < 0 && !input_waiting()))) {
			redraw(ctx);
			dirty = false;
			last_draw = monotonic_ms();
		}
		int code;
		if (pending >= 0) {
			code = pending;
			pending = -1;
		} else {
			wint_t wch = 0;
			long t0 = monotonic_ms();
			errno = 0;
			int rc = wget_wch(stdscr, &wch);
			if (rc == ERR) {
				if (got_signal)
					continue;
				/* A timeout takes UI_TICK_MS; an error at once, over and
				 * over, is a terminal that went away. */
				if (errno == EIO || monotonic_ms() - t0 < UI_TICK_MS / 4) {
					if (errno == EIO || ++fast_errors >= UI_MAX_FAST_ERRORS ||
					    !isatty(STDIN_FILENO))
						return 74;
					continue;
				}
				fast_errors = 0;
				const struct screen *s = top_screen(L);
				long now = monotonic_ms();
				if (idle_ms > 0 && now - last_key >= idle_ms && ctx->have_staff &&
				    stack_private(L) && !stack_has(L, &screen_lock)) {
					L->status[0] = '\0';
					if (!apply(ctx, ui_push(ctx, &screen_lock, NULL), &dirty))
						return 0;
					continue;
				}
				/* Screens under the top one tick too (the summary's print
				 * job finishes under the help or the idle lock), but only
				 * the top one may push, pop or quit. */
				for (int i = 0; i < L->depth - 1; i++)
					if (L->stack[i].s->tick &&
					    L->stack[i].s->tick(L->stack[i].st, ctx) == UI_REDRAW)
						dirty = true;
				L->req = NULL; /* a push asked for underneath is not kept */
				L->req_arg = NULL;
				if (s->tick && !apply(ctx, s->tick(top_state(L), ctx), &dirty))
					return 0;
				if (time_local_minute(util_now()) != L->last_minute)
					dirty = true;
				continue;
			}
			fast_errors = 0;
			if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
				dirty = true;
				continue;
			}
			code = translate_key(rc, wch);
			if (code < 0)
				continue;
			if (code == KEYC_ESC) {
				/* Alt+key arrives as Esc then the key.  Only what is already
				 * waiting is read: Esc alone acts at once. */
				wtimeout(stdscr, 0);
				wint_t w2 = 0;
				int rc2 = wget_wch(stdscr, &w2);
				wtimeout(stdscr, UI_TICK_MS);
				if (rc2 != ERR) {
					int c2 = translate_key(rc2, w2);
					if (c2 >= 0 && is_printable(c2) &&
					    resolve_action(top_screen(L), c2 | KEYC_META) >= 0)
						code = c2 | KEYC_META;
					else if (rc2 == KEY_CODE_YES && w2 == KEY_RESIZE)
						dirty = true;
					else
						pending = c2; /* typed ahead: never dropped */
				}
			}
		}
		last_key = monotonic_ms();
		const struct screen *s = top_screen(L);
		struct ui_key k = {code, resolve_action(s, code)};
		unsigned gen = L->status_gen;
		enum ui_reaction r = s->key(top_state(L), ctx, &k);
		if (r == UI_UNHANDLED)
			r = global_key(ctx, &k);
		/* A message stays until the next key that brings none. */
		if (gen == L->status_gen && L->status[0]) {
			L->status[0] = '\0';
			if (r == UI_NONE)
				r = UI_REDRAW;
		}
		if (!apply(ctx, r, &dirty))
			return 0;
	}
}

int ui_main(struct cli *cli)
{
	if (!ui_terminal_usable())
		return 78;
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	/* The counter reads a few pages at a time (a shift's visits, today's
	 * totals once): 512 KiB of page cache instead of SQLite's 2 MiB keeps
	 * the whole program under 8 MiB on the centre's old PCs; a page read
	 * again comes from the system's file cache. */
	db_exec(db, "PRAGMA cache_size = -512");
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return cli_error(78, "%s", _("this terminal cannot show the counter; set TERM"));
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	wtimeout(stdscr, UI_TICK_MS);
	/* Esc must answer at once; a user's ESCDELAY still wins. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	no_flow_control();
	/* After newterm: ncurses installs its own SIGINT/SIGTERM handlers there,
	 * which are not safe to run in the middle of a save. */
	set_signals();

	struct ui_loop loop;
	memset(&loop, 0, sizeof loop);
	struct ui_context ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.cli = cli;
	ctx.cfg = &cli->cfg;
	ctx.db = db;
	ctx.loop = &loop;
	ctx.utf8 = i18n_utf8();
	ctx.color = want_color(&cli->cfg);
	getmaxyx(stdscr, ctx.rows, ctx.cols);
	init_styles(&ctx);

	int rc = 0;
	if (push_screen(&ctx, &screen_start, NULL, false))
		rc = run_loop(&ctx);
	else
		rc = 70;
	char why[320];
	str_copy(why, sizeof why, rc == 70 ? loop.status : "");
	while (loop.depth > 0)
		pop_screen(&ctx);
	/* No citizen data may stay on a terminal without an alternate screen
	 * (linux console, vt100): wipe it before handing the terminal back. */
	erase();
	refresh();
	endwin();
	delscreen(scr);
	if (why[0])
		cli_error(rc, "%s", why);
	if (rc == 74 && !got_signal)
		got_signal = SIGHUP; /* the terminal went away: a hang-up, whichever came first */
	return got_signal ? 128 + got_signal : rc;
}
