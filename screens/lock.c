/* The idle lock: covers every screen that shows citizen data until the
 * volunteer's PIN (or Enter when they have none).  Pushed by the loop after
 * [ui] idle_lock_minutes without a key, or by the lock key. */
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "screens.h"
#include "util/util.h"

struct lock {
	struct ui_field pin;
};

static enum status lock_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct lock *l = state;
	(void)ctx;
	(void)arg;
	l->pin.secret = true;
	l->pin.digits = true;
	l->pin.max = 12;
	return ST_OK;
}

static void lock_close(void *state, struct ui_context *ctx)
{
	(void)ctx;
	memset(state, 0, sizeof(struct lock));
}

static void centre(struct ui_context *ctx, struct ui_rect r, int y, enum ui_style st,
                   const char *text)
{
	int w = ui_width(ctx, text);
	ui_put(ctx, y, r.x + (w < r.w ? (r.w - w) / 2 : 0), r.w, st, text);
}

static void lock_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct lock *l = state;
	char line[300];
	int y = r.y + r.h / 2 - 3;
	centre(ctx, r, y, UI_TITLE, _("SCREEN LOCKED"));
	snprintf(line, sizeof line, _("The shift of %s is still open."), ctx->staff.name);
	centre(ctx, r, y + 2, UI_NORMAL, line);
	if (ctx->staff.has_pin) {
		const char *label = _("PIN:");
		int w = ui_width(ctx, label) + 1 + 14;
		int x = r.x + (r.w - w) / 2;
		ui_put(ctx, y + 4, x, r.w, UI_NORMAL, label);
		ui_field_draw(ctx, &l->pin, y + 4, x + ui_width(ctx, label) + 1, 14, true);
		centre(ctx, r, y + 6, UI_DIM, _("Type your PIN, then Enter."));
	} else {
		centre(ctx, r, y + 4, UI_DIM, _("Press Enter to unlock."));
	}
	ui_hint_key(ctx, "Enter", N_("unlock"));
}

static enum ui_reaction lock_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct lock *l = state;
	if (k->code == KEYC_ENTER) {
		enum status rc = staff_check_pin(ctx->db, ctx->staff.id, l->pin.buf);
		ui_field_clear(&l->pin);
		if (rc == ST_OK)
			return UI_POP;
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	if (ctx->staff.has_pin && ui_field_key(&l->pin, ctx, k->code, NULL))
		return UI_REDRAW;
	/* Nothing else: neither help, nor back, nor quit opens the screen. */
	return UI_NONE;
}

const struct screen screen_lock = {
    .name = "lock",
    .state_size = sizeof(struct lock),
    .scopes = {SCOPE_GLOBAL},
    .private_data = false,
    .open = lock_open,
    .close = lock_close,
    .draw = lock_draw,
    .key = lock_key,
};
