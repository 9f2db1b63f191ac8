/* The bars around every screen: the header (unit, counter, who, clock), the
 * status line, the prompt, the key hints, and the too-small notice
 * (screens/uiint.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/due.h"
#include "syncbar.h"
#include "util/i18n.h"
#include "util/text.h"
#include "uiint.h"
#include "util/util.h"

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

void draw_hints(struct ui_context *ctx)
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

void draw_header(struct ui_context *ctx)
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
	/* The unit's name needs the room more than the program's name does
	 * (language review F3); cut, when it must be, between words. */
	char sbar[128];
	syncbar(ctx, sbar, sizeof sbar); /* "chờ gửi 3" / "đã gửi lúc 09:41" (syncbar.c) */
	snprintf(left, sizeof left, " %s %s %s%s%s%s%s", ctx->cfg->unit.name, dot,
	         ctx->cfg->counter_name, *sbar ? " " : "", *sbar ? dot : "", *sbar ? " " : "",
	         sbar);
	ui_put_pad(ctx, 0, 0, ctx->cols, UI_HEADER, "", false);
	int rw = ui_width(ctx, right);
	if (rw > ctx->cols)
		rw = ctx->cols;
	ui_put(ctx, 0, ctx->cols - rw, rw, UI_HEADER, right);
	int lw = ctx->cols - rw - 1;
	if (ui_width(ctx, left) > lw && lw > 2) {
		const char *ell = ctx->utf8 ? "\xe2\x80\xa6" : "...";
		int ew = ui_width(ctx, ell);
		const char *shown = ctx->utf8 ? left : i18n_show(left, 7);
		size_t cut = text_fit(shown, lw - ew - 1);
		while (cut > 1 && shown[cut] != ' ')
			cut--;
		/* and never end on the separator */
		for (size_t dl = strlen(dot);;) {
			while (cut > 1 && shown[cut - 1] == ' ')
				cut--;
			if (cut > dl && strncmp(shown + cut - dl, dot, dl) == 0)
				cut -= dl;
			else
				break;
		}
		char fitted[300];
		snprintf(fitted, sizeof fitted, "%.*s%s", (int)cut, shown, ell);
		ui_put(ctx, 0, 0, lw, UI_HEADER, fitted);
	} else {
		ui_put(ctx, 0, 0, lw, UI_HEADER, left);
	}
	ctx->loop->last_minute = m;
}

void draw_status(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	const struct screen *top = L->depth ? L->stack[L->depth - 1].s : NULL;
	char due[256]; /* no message, not full screen: the reports due (report/due.h) */
	if (!L->status[0] && !(top && top->full_screen) &&
	    report_due_status(ctx->db, ctx->cfg, util_now(), due, sizeof due))
		ui_put_pad(ctx, ctx->rows - 2, 0, ctx->cols, UI_NORMAL, due, false);
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

void draw_prompt(struct ui_context *ctx)
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

void draw_too_small(struct ui_context *ctx)
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
