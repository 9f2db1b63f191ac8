/* End of shift: the shift's totals (report_run(), the same query as the
 * printed summary), then closing it (shift_close()) and the summary (the
 * report module's screen "summary" when it is built in).  With the argument
 * "preview" it only shows the totals. */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "util/i18n.h"
#include "screens.h"
#include "report/report.h"
#include "util/util.h"

struct shiftend {
	bool preview;
	bool closed;
	struct report r;
};

static enum status shiftend_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct shiftend *e = state;
	e->preview = arg && str_eq(arg, "preview");
	report_init(&e->r);
	struct report_filter f = {.kind = REPORT_SHIFT, .shift_id = ctx->shift.id};
	return report_run(ctx->db, ctx->cfg, &f, &e->r);
}

static void shiftend_close(void *state, struct ui_context *ctx)
{
	struct shiftend *e = state;
	(void)ctx;
	report_done(&e->r);
}

static void line_count(struct ui_context *ctx, int y, int x, int w, const char *label, long n)
{
	char num[32];
	snprintf(num, sizeof num, "%ld", n);
	ui_put(ctx, y, x, w - 6, UI_NORMAL, label);
	ui_put_pad(ctx, y, x + w - 6, 6, UI_TITLE, num, true);
}

static void shiftend_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct shiftend *e = state;
	char line[300], t1[24], t2[32];
	int x = r.x + 2, w = r.w - 4, y = r.y;
	ui_put(ctx, y++, x, w, UI_TITLE,
	       e->closed    ? _("SHIFT ENDED")
	       : e->preview ? _("THIS SHIFT SO FAR")
	                    : _("END THE SHIFT"));
	/* "Tình nguyện viên · Ca sáng 05/12/2026, 03:13 – 03:15"; the end's date
	 * too when the shift ran past midnight */
	time_t end = e->closed ? ctx->shift.closed_at : util_now();
	int d1 = time_local_day(ctx->shift.opened_at), m1 = time_local_minute(ctx->shift.opened_at);
	int m2 = time_local_minute(end);
	time_show_day(d1, t1, sizeof t1);
	if (time_local_day(end) == d1)
		snprintf(t2, sizeof t2, "%02d:%02d", m2 / 60, m2 % 60);
	else
		time_show_local(end, t2, sizeof t2);
	snprintf(line, sizeof line, "%s %s %s %s, %02d:%02d %s %s", ctx->staff.name,
	         ui_glyph(ctx, UI_G_DOT),
	         ctx->shift.session == SESSION_MORNING     ? P_("session", "Morning shift")
	         : ctx->shift.session == SESSION_AFTERNOON ? P_("session", "Afternoon shift")
	                                                   : P_("session", "Shift"),
	         t1, m1 / 60, m1 % 60, ctx->utf8 ? "\xe2\x80\x93" : "-", t2);
	ui_put(ctx, y++, x, w, UI_NORMAL, line);
	y++;
	/* two columns when there is room: services left, groups right */
	int cw = w >= 70 ? 34 : (w - 2) / 2;
	int y0 = y;
	line_count(ctx, y++, x, cw, _("Visits"), e->r.visits);
	line_count(ctx, y++, x, cw, _("Voided"), e->r.voided);
	line_count(ctx, y++, x, cw, _("General guidance"), e->r.general_guidance);
	for (int s = 0; s < SVC__COUNT && y < r.y + r.h - 2; s++)
		line_count(ctx, y++, x, cw, form_service_label((enum service)s), e->r.services[s]);
	int gx = x + cw + (w >= 70 ? 4 : 2), gy = y0;
	for (int g = 0; g < GRP__COUNT && gy < r.y + r.h - 2; g++)
		line_count(ctx, gy++, gx, cw, form_group_label((enum group)g), e->r.groups[g]);
	int qy = r.y + r.h - 1;
	if (e->closed) {
		ui_put(ctx, qy, x, w, UI_TITLE, _("The shift is closed. Enter: quit."));
		ui_hint(ctx, ACT_SAVE, N_("quit"));
	} else if (e->preview) {
		ui_hint(ctx, ACT_BACK, N_("back"));
	} else {
		ui_put(ctx, qy, x, w, UI_TITLE,
		       _("End the shift? Enter: end it and see the summary. Esc: back."));
		ui_hint(ctx, ACT_SAVE, N_("end the shift"));
		ui_hint(ctx, ACT_BACK, N_("back"));
	}
}

static enum ui_reaction shiftend_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct shiftend *e = state;
	if (e->closed)
		return k->action == ACT_SAVE || k->action == ACT_QUIT || k->action == ACT_BACK
		           ? UI_QUIT
		           : UI_NONE;
	if (e->preview)
		return k->action == ACT_SUMMARY ? UI_POP : UI_UNHANDLED;
	if (k->action == ACT_SAVE || k->action == ACT_QUIT) {
		enum status rc = shift_close(ctx->db, ctx->shift.id);
		if (rc != ST_OK) {
			ui_status_fail(ctx, rc);
			return UI_REDRAW;
		}
		shift_get(ctx->db, ctx->shift.id, &ctx->shift);
		ctx->have_shift = false;
		const struct screen *summary = ui_screen_find("summary");
		if (summary)
			return ui_replace(ctx, summary, NULL);
		e->closed = true;
		ui_status(ctx, UI_OK, _("Shift closed."));
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

const struct screen screen_shiftend = {
    .name = "shiftend",
    .state_size = sizeof(struct shiftend),
    .scopes = {SCOPE_COUNTER, SCOPE_LIST},
    .private_data = true,
    .open = shiftend_open,
    .close = shiftend_close,
    .key = shiftend_key,
    .draw = shiftend_draw,
};
