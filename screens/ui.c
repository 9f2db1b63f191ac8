/* The one input loop: owns ncurses, the screen stack and the terminal's
 * restore on every exit path.  Screens only return reactions
 * (screens/screen.h).  The key translation is in screens/ui_keys.c, the
 * header, status and key-hint bars in screens/ui_bars.c, the colours,
 * signals, flow control and the idle clock in screens/term.c. */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/catalog.h"
#include "util/i18n.h"
#include "screens.h"
#include "util/text.h"
#include "uiint.h"
#include "util/util.h"

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

/* A key as wget_wch() gives it.  A terminal whose locale is not UTF-8
 * (LANG=C) still sends UTF-8 when a Vietnamese letter is typed or pasted;
 * wget_wch() would wait for a character its locale never completes and
 * swallow the keys after it.  There the bytes are read one by one and
 * decoded with text_decode(); a byte that starts no character is refused on
 * the status bar and the next key is read as usual. */
static int read_wch(struct ui_context *ctx, wint_t *wch)
{
	if (ctx->utf8)
		return wget_wch(stdscr, wch);
	int c = wgetch(stdscr);
	if (c == ERR)
		return ERR;
	if (c >= KEY_MIN) {
		*wch = (wint_t)c;
		return KEY_CODE_YES;
	}
	size_t need = text_utf8_expected((unsigned char)c);
	char bytes[4] = {(char)c};
	size_t got = 1;
	wtimeout(stdscr, 50); /* the rest of a character comes in the same burst */
	while (need > 1 && got < need) {
		int b = wgetch(stdscr);
		if (b == ERR)
			break;
		if (b >= KEY_MIN || (b & 0xC0) != 0x80) {
			ungetch(b); /* not part of this character: the next key */
			break;
		}
		bytes[got++] = (char)b;
	}
	wtimeout(stdscr, UI_TICK_MS);
	int32_t cp = -1;
	if (need > 0 && got == need)
		text_decode(bytes, got, &cp);
	if (cp < 0) {
		ui_status(ctx, UI_WARN, "%s",
		          _("the terminal sent a character that is not UTF-8; it was not typed "
		            "(set LANG to a UTF-8 locale such as C.UTF-8)"));
		*wch = KEY_RESIZE; /* no key: the screen is redrawn with the message */
		return KEY_CODE_YES;
	}
	*wch = (wint_t)cp;
	return OK;
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
			/* The first search of a process loads the catalogue (~10 ms
			 * at 10,000 procedures): done once the counter is drawn and
			 * no key waits, not inside the volunteer's first letter. */
			static bool catalogue_warm;
			if (!catalogue_warm && ctx->have_staff && !input_waiting()) {
				struct procedure one;
				catalogue_warm = true;
				catalog_search(ctx->db, "a", &one, 1);
			}
		}
		int code;
		if (pending >= 0) {
			code = pending;
			pending = -1;
		} else {
			wint_t wch = 0;
			long t0 = monotonic_ms();
			errno = 0;
			int rc = read_wch(ctx, &wch);
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
				/* The daily check of a large file ends in the background
				 * (db.c): a damaged file is said at once, and refused at
				 * the next save anyway. */
				static bool damage_shown;
				if (!damage_shown && db_check_poll(ctx->db) == DB_CHECK_DAMAGED) {
					damage_shown = true;
					ui_status(ctx, UI_ERROR, "%s", ctx->db->damage);
					dirty = true;
				}
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
				int rc2 = read_wch(ctx, &w2);
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
		/* the loop runs only while the stack holds a screen */
		const struct screen *s = L->stack[L->depth - 1].s;
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
	/* The daily quick_check of a large file runs behind the screen. */
	struct db *db = cli_db_flags(cli, DB_BACKGROUND_CHECK);
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
