/* The duty roster of a week at this counter (lịch trực): seven days, a
 * morning and an afternoon each.  Anyone may look; a supervisor gives a
 * slot (Enter: type part of a name, pick, Enter) or empties it (void key).
 * Left/Right go to the week before/after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "store/roster.h"
#include "util/i18n.h"
#include "util/util.h"

#define ROSTER_ROWS      14 /* 7 days x 2 sessions */
#define ROSTER_MAX_STAFF 200

struct rslot {
	bool set;
	char name[128];
};

struct rscreen {
	int monday;
	struct rslot slots[ROSTER_ROWS];
	int sel;
	bool picking;
	struct ui_field who;
	struct staff *list;
	int n, pick;
};

static const char *counter_of(struct ui_context *ctx)
{
	return ctx->cfg->counter_name ? ctx->cfg->counter_name : "";
}

static bool fill(const struct roster_slot *s, void *arg)
{
	struct rscreen *rs = arg;
	int d = 0;
	for (int i = 0; i < 7; i++)
		if (time_day_add(rs->monday, i) == s->day)
			d = i;
	struct rslot *slot = &rs->slots[d * 2 + (s->session == SESSION_AFTERNOON)];
	slot->set = true;
	str_copy(slot->name, sizeof slot->name, s->staff_name);
	return true;
}

static enum status load(struct rscreen *rs, struct ui_context *ctx)
{
	memset(rs->slots, 0, sizeof rs->slots);
	return roster_list(ctx->db, rs->monday, time_day_add(rs->monday, 6), counter_of(ctx), fill,
	                   rs);
}

static bool add_staff(const struct staff *s, void *arg)
{
	struct rscreen *rs = arg;
	if (rs->n >= ROSTER_MAX_STAFF)
		return false;
	rs->list[rs->n++] = *s;
	return true;
}

static enum status load_staff(struct rscreen *rs, struct ui_context *ctx)
{
	rs->n = rs->pick = 0;
	return staff_list(ctx->db, rs->who.buf, false, add_staff, rs);
}

static enum status roster_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct rscreen *rs = state;
	(void)arg;
	int today = time_local_day(util_now());
	rs->monday = time_day_add(today, -((time_weekday(today) + 6) % 7));
	rs->sel = 2 * ((time_weekday(today) + 6) % 7);
	rs->list = xcalloc(ROSTER_MAX_STAFF, sizeof *rs->list);
	rs->who.max = 60;
	return load(rs, ctx);
}

static void roster_close(void *state, struct ui_context *ctx)
{
	struct rscreen *rs = state;
	(void)ctx;
	free(rs->list);
}

static const char *weekday(int day)
{
	static const char *const names[7] = {N_("Sunday"),    N_("Monday"),   N_("Tuesday"),
	                                     N_("Wednesday"), N_("Thursday"), N_("Friday"),
	                                     N_("Saturday")};
	return _(names[time_weekday(day)]);
}

static bool supervisor(struct ui_context *ctx)
{
	return ctx->have_staff && ctx->staff.role == ROLE_SUPERVISOR;
}

static void roster_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct rscreen *rs = state;
	char line[300];
	int x = r.x + 2, w = r.w - 4, y = r.y + 1;
	int sun = time_day_add(rs->monday, 6);
	snprintf(line, sizeof line, _("DUTY ROSTER %02d/%02d – %02d/%02d/%04d · %s"),
	         rs->monday % 100, rs->monday / 100 % 100, sun % 100, sun / 100 % 100, sun / 10000,
	         counter_of(ctx));
	ui_put(ctx, y++, x, w, UI_TITLE, line);
	ui_put(ctx, y++, x, w, UI_DIM,
	       supervisor(ctx) ? _("Enter: give the slot to a volunteer; the void key empties it.")
	                       : _("Only a supervisor can change the roster."));
	y++;
	for (int i = 0; i < ROSTER_ROWS && y < r.y + r.h - (rs->picking ? 6 : 0); i++, y++) {
		int day = time_day_add(rs->monday, i / 2);
		bool sel = i == rs->sel;
		enum ui_style st = sel ? UI_SELECTED : UI_NORMAL;
		ui_put_pad(ctx, y, x, w, st, "", false);
		if (i % 2 == 0)
			ui_printf(ctx, y, x, 22, st, "%s %02d/%02d", weekday(day), day % 100,
			          day / 100 % 100);
		ui_put(ctx, y, x + 22, 8, st,
		       session_label(i % 2 ? SESSION_AFTERNOON : SESSION_MORNING));
		ui_put(ctx, y, x + 30, w - 30, rs->slots[i].set ? st : (sel ? st : UI_DIM),
		       rs->slots[i].set ? rs->slots[i].name : _("(nobody)"));
	}
	if (rs->picking) {
		y++;
		int lw = ui_put(ctx, y, x, w, UI_NORMAL, _("Volunteer:"));
		ui_field_draw(ctx, &rs->who, y, x + lw + 1, 30, true);
		y++;
		for (int i = 0; i < rs->n && y < r.y + r.h; i++, y++) {
			enum ui_style st = i == rs->pick ? UI_SELECTED : UI_NORMAL;
			ui_put_pad(ctx, y, x, w, st, "", false);
			ui_put(ctx, y, x + 2, w - 2, st, rs->list[i].name);
		}
		ui_hint(ctx, ACT_OPEN, N_("give the slot"));
		ui_hint(ctx, ACT_BACK, N_("cancel"));
		return;
	}
	if (supervisor(ctx)) {
		ui_hint(ctx, ACT_OPEN, N_("give the slot"));
		ui_hint(ctx, ACT_VOID, N_("empty the slot"));
	}
	ui_hint(ctx, ACT_DAY_PREV, N_("week before"));
	ui_hint(ctx, ACT_DAY_NEXT, N_("week after"));
	ui_hint(ctx, ACT_BACK, N_("back"));
}

static enum session session_of(int row)
{
	return row % 2 ? SESSION_AFTERNOON : SESSION_MORNING;
}

static enum ui_reaction pick_key(struct rscreen *rs, struct ui_context *ctx, const struct ui_key *k)
{
	bool changed;
	if (k->code == KEYC_ENTER) {
		if (rs->n == 0)
			return UI_NONE;
		enum status st =
		    roster_set(ctx->db, time_day_add(rs->monday, rs->sel / 2), session_of(rs->sel),
		               counter_of(ctx), rs->list[rs->pick].id, ctx->staff.id);
		rs->picking = false;
		if (st != ST_OK)
			ui_status_fail(ctx, st);
		else
			ui_status(ctx, UI_OK, _("Roster saved: %s."), rs->list[rs->pick].name);
		load(rs, ctx);
		return UI_REDRAW;
	}
	if (ui_field_key(&rs->who, ctx, k->code, &changed)) {
		if (changed)
			load_staff(rs, ctx);
		return UI_REDRAW;
	}
	switch (k->action) {
	case ACT_LIST_UP:
		if (rs->pick > 0)
			rs->pick--;
		return UI_REDRAW;
	case ACT_LIST_DOWN:
		if (rs->pick + 1 < rs->n)
			rs->pick++;
		return UI_REDRAW;
	case ACT_BACK:
		rs->picking = false;
		return UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static enum ui_reaction roster_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct rscreen *rs = state;
	if (rs->picking)
		return pick_key(rs, ctx, k);
	switch (k->action) {
	case ACT_LIST_UP:
		if (rs->sel > 0)
			rs->sel--;
		return UI_REDRAW;
	case ACT_LIST_DOWN:
		if (rs->sel + 1 < ROSTER_ROWS)
			rs->sel++;
		return UI_REDRAW;
	case ACT_DAY_PREV:
	case ACT_DAY_NEXT:
		rs->monday = time_day_add(rs->monday, k->action == ACT_DAY_PREV ? -7 : 7);
		load(rs, ctx);
		return UI_REDRAW;
	case ACT_OPEN:
		if (!supervisor(ctx)) {
			ui_status(ctx, UI_WARN, _("Only a supervisor can change the roster."));
			return UI_REDRAW;
		}
		ui_field_clear(&rs->who);
		load_staff(rs, ctx);
		rs->picking = true;
		return UI_REDRAW;
	case ACT_VOID: {
		if (!supervisor(ctx)) {
			ui_status(ctx, UI_WARN, _("Only a supervisor can change the roster."));
			return UI_REDRAW;
		}
		if (!rs->slots[rs->sel].set)
			return UI_NONE;
		enum status st = roster_clear(ctx->db, time_day_add(rs->monday, rs->sel / 2),
		                              session_of(rs->sel), counter_of(ctx), ctx->staff.id);
		if (st != ST_OK)
			ui_status_fail(ctx, st);
		else
			ui_status(ctx, UI_OK, "%s", _("The slot is empty."));
		load(rs, ctx);
		return UI_REDRAW;
	}
	case ACT_BACK:
		return UI_POP;
	default:
		return UI_UNHANDLED;
	}
}

static enum ui_reaction roster_resume(void *state, struct ui_context *ctx)
{
	load(state, ctx);
	return UI_REDRAW;
}

const struct screen screen_roster = {
    .name = "roster",
    .state_size = sizeof(struct rscreen),
    .scopes = {SCOPE_LIST, SCOPE_FORM},
    .private_data = false,
    .open = roster_open,
    .close = roster_close,
    .draw = roster_draw,
    .key = roster_key,
    .resume = roster_resume,
};
