/* Start of shift: the volunteer picks their name by typing part of it, gives
 * the PIN when they have one, and the shift opens for the session of the
 * clock.  Then the counter replaces this screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "screens.h"
#include "store/roster.h"
#include "util/text.h"
#include "util/util.h"

#define START_MAX_STAFF 200

struct start {
	struct ui_field who, pin;
	struct staff *list;
	int n, sel, scroll;
	bool asking_pin;
	struct staff chosen;
	bool rostered; /* someone is on the roster for this counter and session */
	struct roster_slot slot;
};

static bool add_staff(const struct staff *s, void *arg)
{
	struct start *st = arg;
	if (st->n >= START_MAX_STAFF)
		return false;
	st->list[st->n++] = *s;
	return true;
}

static enum status load(struct start *st, struct ui_context *ctx)
{
	st->n = st->sel = st->scroll = 0;
	enum status rc = staff_list(ctx->db, st->who.buf, false, add_staff, st);
	/* the volunteer on the roster comes selected, until a name is typed */
	for (int i = 0; st->rostered && !st->who.buf[0] && i < st->n; i++)
		if (st->list[i].id == st->slot.staff_id)
			st->sel = i;
	return rc;
}

/* Who is on the roster for this counter, today, in the clock's session. */
static void find_rostered(struct start *st, struct ui_context *ctx)
{
	time_t now = util_now();
	st->rostered = roster_get(ctx->db, time_local_day(now), shift_session_at(ctx->cfg, now),
	                          ctx->cfg->counter_name ? ctx->cfg->counter_name : "",
	                          &st->slot) == ST_OK;
}

static enum status start_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct start *st = state;
	(void)arg;
	st->list = xcalloc(START_MAX_STAFF, sizeof *st->list);
	st->who.max = 60;
	st->pin.secret = true;
	st->pin.digits = true;
	st->pin.max = 12;
	find_rostered(st, ctx);
	return load(st, ctx);
}

static void start_close(void *state, struct ui_context *ctx)
{
	struct start *st = state;
	(void)ctx;
	free(st->list);
	/* a PIN never stays in memory longer than needed */
	memset(&st->pin, 0, sizeof st->pin);
}

static void session_text(struct ui_context *ctx, char *buf, size_t size)
{
	time_t now = util_now();
	enum session s = shift_session_at(ctx->cfg, now);
	int from = s == SESSION_MORNING ? ctx->cfg->session.morning_start
	                                : ctx->cfg->session.afternoon_start;
	int to =
	    s == SESSION_MORNING ? ctx->cfg->session.morning_end : ctx->cfg->session.afternoon_end;
	static const char *const weekdays[7] = {N_("Sunday"),    N_("Monday"),   N_("Tuesday"),
	                                        N_("Wednesday"), N_("Thursday"), N_("Friday"),
	                                        N_("Saturday")};
	char day[16];
	int today = time_local_day(now);
	time_show_day(today, day, sizeof day);
	snprintf(buf, size, "%s %02d:%02d%s%02d:%02d %s %s, %s",
	         s == SESSION_MORNING ? P_("session", "Morning shift")
	                              : P_("session", "Afternoon shift"),
	         from / 60, from % 60, ctx->utf8 ? "\xe2\x80\x93" : "-", to / 60, to % 60,
	         ui_glyph(ctx, UI_G_DOT), _(weekdays[time_weekday(today)]), day);
}

static void start_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct start *st = state;
	char line[300];
	int x = r.x + 2, w = r.w - 4;
	int y = r.y + 1;
	ui_put(ctx, y++, x, w, UI_TITLE, _("START OF SHIFT"));
	session_text(ctx, line, sizeof line);
	ui_put(ctx, y++, x, w, UI_NORMAL, line);
	if (st->rostered) {
		snprintf(line, sizeof line,
		         _("On the roster: %s (chosen below; anyone else may start instead)."),
		         st->slot.staff_name);
		ui_put(ctx, y, x, w, UI_DIM, line);
	}
	y++;
	y++;
	if (st->asking_pin) {
		snprintf(line, sizeof line, _("PIN for %s:"), st->chosen.name);
		int lw = ui_put(ctx, y, x, w, UI_NORMAL, line);
		ui_field_draw(ctx, &st->pin, y, x + lw + 1, 14, true);
		y += 2;
		ui_put(ctx, y, x, w, UI_DIM,
		       _("Enter to start the shift, Esc to pick another name."));
		ui_hint(ctx, ACT_OPEN, N_("start"));
		ui_hint(ctx, ACT_BACK, N_("back"));
		ui_hint(ctx, ACT_QUIT, N_("quit"));
		return;
	}
	int lw = ui_put(ctx, y, x, w, UI_NORMAL, _("Volunteer:"));
	ui_field_draw(ctx, &st->who, y, x + lw + 1, 30, true);
	ui_put(ctx, y + 1, x + lw + 1, w - lw - 1, UI_DIM, _("(type part of the name)"));
	y += 3;
	int rows = r.y + r.h - y - 1;
	if (st->n == 0) {
		ui_put(ctx, y, x, w, UI_DIM,
		       _("No volunteer matches. Supervisors add volunteers with "
		         "`dvcdesk staff add`."));
	} else {
		if (st->sel < st->scroll)
			st->scroll = st->sel;
		if (st->sel >= st->scroll + rows)
			st->scroll = st->sel - rows + 1;
		for (int i = 0; i < rows && st->scroll + i < st->n; i++) {
			const struct staff *s = &st->list[st->scroll + i];
			bool sel = st->scroll + i == st->sel;
			enum ui_style style = sel ? UI_SELECTED : UI_NORMAL;
			ui_put_pad(ctx, y + i, x, w, style, "", false);
			ui_put(ctx, y + i, x, 2, style, sel ? ui_glyph(ctx, UI_G_ARROW) : " ");
			int nw = ui_put(ctx, y + i, x + 2, w - 2, style, s->name);
			snprintf(line, sizeof line, "%s%s",
			         s->role == ROLE_SUPERVISOR ? _("supervisor") : "",
			         s->locked_until > util_now()
			             ? (s->role == ROLE_SUPERVISOR ? _(", locked") : _("locked"))
			             : "");
			if (line[0])
				ui_put(ctx, y + i, x + 2 + nw + 2, w - nw - 4, sel ? style : UI_DIM,
				       line);
		}
	}
	ui_hint(ctx, ACT_OPEN, N_("start"));
	ui_hint(ctx, ACT_LIST_DOWN, N_("down"));
	ui_hint(ctx, ACT_QUIT, N_("quit"));
	ui_hint(ctx, ACT_HELP, N_("help"));
}

static enum ui_reaction begin(struct start *st, struct ui_context *ctx)
{
	ctx->staff = st->chosen;
	ctx->have_staff = true;
	enum status rc = shift_open(ctx->db, ctx->cfg, st->chosen.id, &ctx->shift);
	if (rc != ST_OK) {
		ctx->have_staff = false;
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	ctx->have_shift = true;
	/* someone else than the rostered volunteer starts: a swap, on record */
	if (st->rostered && st->slot.staff_id != st->chosen.id) {
		rc = roster_record_swap(ctx->db, ctx->shift.id, st->slot.staff_id, st->chosen.id);
		if (rc != ST_OK)
			ui_status_fail(ctx, rc);
		else
			ui_status(ctx, UI_INFO, _("Swap recorded: %s in place of %s."), st->chosen.name,
			          st->slot.staff_name);
	}
	return ui_replace(ctx, &screen_counter, NULL);
}

static enum ui_reaction pin_key(struct start *st, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code == KEYC_ENTER) {
		enum status rc = staff_check_pin(ctx->db, st->chosen.id, st->pin.buf);
		ui_field_clear(&st->pin);
		if (rc == ST_OK)
			return begin(st, ctx);
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	if (ui_field_key(&st->pin, ctx, k->code, NULL))
		return UI_REDRAW;
	if (k->action == ACT_BACK) {
		st->asking_pin = false;
		ui_field_clear(&st->pin);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static enum ui_reaction start_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct start *st = state;
	if (st->asking_pin)
		return pin_key(st, ctx, k);
	bool changed;
	if (ui_field_key(&st->who, ctx, k->code, &changed)) {
		if (changed) {
			enum status rc = load(st, ctx);
			if (rc != ST_OK)
				ui_status_fail(ctx, rc);
		}
		return UI_REDRAW;
	}
	switch (k->action) {
	case ACT_LIST_UP:
		if (st->sel > 0)
			st->sel--;
		return UI_REDRAW;
	case ACT_LIST_DOWN:
	case ACT_NEXT_VIEW:
	case ACT_NEXT_FIELD:
		if (st->sel + 1 < st->n)
			st->sel++;
		return UI_REDRAW;
	case ACT_OPEN:
		if (st->n == 0)
			return UI_NONE;
		st->chosen = st->list[st->sel];
		if (st->chosen.has_pin) {
			st->asking_pin = true;
			return UI_REDRAW;
		}
		return begin(st, ctx);
	case ACT_BACK:
		if (st->who.buf[0]) {
			ui_field_clear(&st->who);
			load(st, ctx);
			return UI_REDRAW;
		}
		return UI_NONE;
	default:
		return UI_UNHANDLED;
	}
}

const struct screen screen_start = {
    .name = "start",
    .state_size = sizeof(struct start),
    .scopes = {SCOPE_LIST, SCOPE_FORM},
    .private_data = false,
    .open = start_open,
    .close = start_close,
    .draw = start_draw,
    .key = start_key,
};
