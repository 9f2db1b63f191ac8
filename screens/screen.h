/* The screen interface: what a screen of the counter program is, and the
 * few things it may ask of the loop in screens/ui.c.
 *
 * A screen is one file in screens/ that exports one `const struct screen`
 * (everything else in the file is static) and is listed once in
 * SCREEN_INFO in screens/screens.h.
 *
 * To add a screen (e.g. screens/qr.c):
 *   1. Write screens/qr.c: a struct for the screen's private state, the ops
 *      below as static functions, and
 *          const struct screen screen_qr = { .name = "qr", ... };
 *   2. Add one line `_(qr)` to SCREEN_INFO in screens/screens.h.
 *   3. Open it from another screen with
 *          return ui_push(ctx, &screen_qr, arg);
 *      or, where the other screen must not depend on it being built in,
 *          return ui_push_named(ctx, "qr", arg);
 *
 * The rules (docs/style.md, docs/architecture.md):
 *   - Handlers return a reaction; only the loop redraws, pushes, pops or
 *     quits.  Screens never call refresh(), endwin() or getch(), and never
 *     open a transaction: they call the core (src/), which does.
 *   - The loop owns a stack of screens.  The state of a screen lives in a
 *     zeroed block of `state_size` bytes that the loop allocates before
 *     open() and frees after close(); a pushed screen (QR, history, help,
 *     summary) pops back to the one below with that state intact.
 *   - draw() is called whenever the loop redraws (after any reaction other
 *     than UI_NONE, on resize, every minute for the clock).  It draws the
 *     whole body from the state, so a resize never loses anything.
 *   - Everything drawn goes through the ui_put* helpers below: they show
 *     text without diacritics on a non-UTF-8 terminal, clip by display
 *     width, and never wrap.
 *
 * How a pushed screen gets its input: the `arg` of ui_push() (valid during
 * open() only: copy what you keep), and the shared struct ui_context: the
 * configuration, database, volunteer, shift and — while the counter is on
 * the stack — a read-only pointer to the counter form's current visit
 * (ctx->form: procedure_code, dossier_code, services...).  The QR screen
 * reads ctx->form->procedure_code and ctx->form->dossier_code.
 *
 * The screens other helpers add, and how they are reached:
 *   "qr"      the QR key at the counter: ui_push_named(ctx, "qr", NULL);
 *             the caption's procedure and dossier code come from ctx->form
 *             (empty strings when the form has none).
 *   "summary" the summary key at the counter (arg NULL), and after the end
 *             of the shift has closed it (it replaces the end-of-shift
 *             screen, arg NULL).  ctx->shift is the shift either way;
 *             ctx->have_shift is false once it is closed.  When the summary
 *             pops, the counter comes back, and quits if the shift is
 *             closed (its resume()).
 * Until a screen exists, ui_push_named() says so on the status bar. */
#ifndef DVCDESK_SCREEN_H
#define DVCDESK_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "config/action.h"
#include "store/catalog.h"
#include "config/config.h"
#include "store/db.h"
#include "store/shift.h"
#include "store/staff.h"
#include "util/status.h"
#include "store/visit.h"

struct cli;
struct screen;
struct ui_context;
struct ui_loop;

/* What a handler asks the loop to do. */
enum ui_reaction {
	UI_NONE,     /* nothing visible changed */
	UI_REDRAW,   /* redraw the screen */
	UI_PUSH,     /* open the screen requested with ui_push() over this one */
	UI_REPLACE,  /* the same, but close this one first (start -> counter) */
	UI_POP,      /* close this screen; the one below comes back */
	UI_QUIT,     /* leave the program (the terminal is restored) */
	UI_UNHANDLED /* not this screen's key: the loop applies the global
	              * actions (help, lock; back/quit pop a pushed screen) */
};

/* A key as the loop delivers it: `code` is the action.h key code (a Unicode
 * code point, 1..26 for Ctrl-letters, KEYC_* for the rest, already passed
 * through action_key_normalise()); `action` is the named action it is bound
 * to in the screen's scopes (first scope first), or -1.  A screen with a
 * text field in focus gives printable keys and the editing keys to the
 * field first (ui_field_key()), whatever they are bound to. */
struct ui_key {
	int code;
	int action;
};

/* The body of the screen: the rows between the header and the status bar. */
struct ui_rect {
	int y, x, h, w;
};

struct screen {
	const char *name;  /* for ui_push_named() and messages */
	size_t state_size; /* bytes of private state, zeroed before open() */
	/* Where its keys are looked up (action_for_key()), in order; unused
	 * entries are SCOPE_GLOBAL. */
	enum action_scope scopes[3];
	/* True for screens that show citizen data: the idle lock covers them.
	 * (The start and lock screens show none.) */
	bool private_data;
	/* The body is the whole terminal: no header and no key-hint bar (the
	 * QR screen, where every row makes the code bigger). */
	bool full_screen;

	/* Set up the state; arg is what ui_push() was given.  A status other
	 * than ST_OK cancels the push, with status_detail() on the status bar. */
	enum status (*open)(void *st, struct ui_context *ctx, const void *arg);
	/* Free what open() and the handlers allocated (not st itself). May be NULL. */
	void (*close)(void *st, struct ui_context *ctx);
	/* Draw the body into r (see the ui_put* helpers, ui_hint, ui_cursor). */
	void (*draw)(void *st, struct ui_context *ctx, struct ui_rect r);
	/* One key. */
	enum ui_reaction (*key)(void *st, struct ui_context *ctx, const struct ui_key *k);
	/* The screen is on top again after the one above it popped: reload
	 * what may have changed.  May return UI_QUIT or UI_POP.  May be NULL. */
	enum ui_reaction (*resume)(void *st, struct ui_context *ctx);
	/* About twice a second while no key comes, also while another screen
	 * is on top of this one (then only UI_REDRAW is heeded: a screen
	 * underneath cannot push, pop or quit).  May be NULL. */
	enum ui_reaction (*tick)(void *st, struct ui_context *ctx);
};

/* Shared by every screen on the stack. */
struct ui_context {
	struct cli *cli;
	const struct config *cfg;
	struct db *db;

	bool have_staff; /* set by the start screen */
	struct staff staff;
	bool have_shift; /* an open shift: the counter is running */
	struct shift shift;

	/* The counter form's current visit while the counter is on the stack,
	 * else NULL.  Read-only for every other screen. */
	const struct visit *form;

	/* The digit shortcuts 1..9 of the procedure search: the counter's most
	 * used procedures, fixed when the shift starts so they do not move
	 * under the volunteer's fingers. */
	struct procedure top[9];
	int n_top;

	int rows, cols; /* the terminal */
	bool utf8;      /* the terminal shows UTF-8 (else ASCII without diacritics) */
	bool color;     /* colours in use (else attributes only) */

	/* Private to screens/ui.c: the status line, hints, cursor and the
	 * pending push. */
	struct ui_loop *loop;
};

/* ---- asking the loop ---- */

/* Request `s` opened over the current screen with `arg`; returns UI_PUSH
 * (or UI_REPLACE with ui_replace()). */
enum ui_reaction ui_push(struct ui_context *ctx, const struct screen *s, const void *arg);
enum ui_reaction ui_replace(struct ui_context *ctx, const struct screen *s, const void *arg);
/* The same by name, for screens that may not be built in yet; when there is
 * no such screen, says so on the status bar and returns UI_REDRAW. */
enum ui_reaction ui_push_named(struct ui_context *ctx, const char *name, const void *arg);
/* Is `state` the state of the screen on top (the one that gets the keys)? */
bool ui_on_top(const struct ui_context *ctx, const void *state);
/* The screen called `name`, or NULL. */
const struct screen *ui_screen_find(const char *name);

/* ---- the status bar (cleared by the next key that sets nothing) ---- */
enum ui_tone { UI_INFO, UI_OK, UI_WARN, UI_ERROR };
void ui_status(struct ui_context *ctx, enum ui_tone kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The failure of a core call: status_detail(st) in the error tone. */
void ui_status_fail(struct ui_context *ctx, enum status st);

/* ---- drawing (during draw() only) ---- */

/* Roles, drawn with colours when ctx->color, else with attributes only. */
enum ui_style {
	UI_NORMAL,
	UI_TITLE,    /* screen titles, section heads */
	UI_HEADER,   /* the top bar */
	UI_SELECTED, /* the highlighted row */
	UI_FIELD,    /* a text field */
	UI_FOCUS,    /* the text field or row that has the focus */
	UI_ON,       /* a ticked service or group */
	UI_DIM,      /* secondary text */
	UI_KEY,      /* a key name in a hint */
	UI_S_OK,     /* status tones */
	UI_S_WARN,
	UI_S_ERROR,
	UI_QR,      /* a QR cell: ink black on white (16/231 with 256 colours), or
	             * reverse video without colours; never the theme's own */
	UI_QR_DARK, /* a QR cell all dark (wide and ASCII styles' dark modules) */
	UI_STYLE__COUNT
};

/* Draw `text` (UTF-8, any language) at (y, x), cut to `w` columns (with an
 * ellipsis) and to the screen's edge; shown without diacritics on a
 * non-UTF-8 terminal.  Returns the columns drawn. */
int ui_put(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text);
/* The same, padded with spaces to exactly w columns (right: aligned right). */
int ui_put_pad(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text,
               bool right);
/* Padded to w, cut without an ellipsis (the inside of a text field). */
int ui_put_raw(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text);
int ui_printf(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *fmt,
              ...) __attribute__((format(printf, 6, 7)));
/* Display columns of text as ui_put would draw it. */
int ui_width(struct ui_context *ctx, const char *text);
/* A horizontal rule of w columns (box-drawing or '-'). */
void ui_hline(struct ui_context *ctx, int y, int x, int w);
/* A vertical rule of h rows (box-drawing or '|'). */
void ui_vline(struct ui_context *ctx, int y, int x, int h);

/* Glyphs with an ASCII fallback. */
enum ui_glyph { UI_G_ARROW, UI_G_CHOSEN, UI_G_ELLIPSIS, UI_G_DOT, UI_G_TIMES };
const char *ui_glyph(struct ui_context *ctx, enum ui_glyph g);

/* A key hint for the bottom bar: the action's current key and a short label
 * (untranslated msgid; translated here).  Call from draw(). */
void ui_hint(struct ui_context *ctx, enum action_id action, const char *label);
/* A hint for a key that is not an action ("0-9"). */
void ui_hint_key(struct ui_context *ctx, const char *key, const char *label);
/* Put the terminal cursor at (y, x) after drawing (it is hidden otherwise). */
void ui_cursor(struct ui_context *ctx, int y, int x);
/* A one-line question above the status bar (confirmations, the void
 * reason).  With `field`, the field is drawn after the question and gets
 * the cursor. */
struct ui_field;
void ui_prompt(struct ui_context *ctx, const char *question, struct ui_field *field);

/* ---- text fields (screens/field.c) ---- */
#define UI_FIELD_MAX 256
struct ui_field {
	char buf[UI_FIELD_MAX]; /* UTF-8, NUL-terminated */
	size_t cur;             /* cursor, a byte offset on a character boundary */
	size_t max;             /* most bytes allowed (0: UI_FIELD_MAX - 1) */
	bool secret;            /* drawn as '*' (PINs) */
	bool digits;            /* only 0-9 accepted */
};
/* Empty the field (keeps max/secret/digits). */
void ui_field_clear(struct ui_field *f);
void ui_field_set(struct ui_field *f, const char *text);
/* Editing keys: printable characters insert, Backspace/Del delete one
 * character (with its combining marks), Left/Right/Home/End move.  Returns
 * true when the key was one of them (whether or not anything changed);
 * *changed (may be NULL) says whether the text changed. */
bool ui_field_key(struct ui_field *f, struct ui_context *ctx, int code, bool *changed);
/* Draw the field in w columns at (y, x), scrolled so the cursor shows; with
 * focus it gets the cursor. */
void ui_field_draw(struct ui_context *ctx, const struct ui_field *f, int y, int x, int w,
                   bool focus);

#endif
