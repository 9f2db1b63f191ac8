/* History: the visits of this shift, of today or of a chosen day, newest
 * first, filtered by text; Enter opens one (detail: edit, void), and a
 * visit can be voided from the list with a reason.  Every change goes
 * through visit_update()/visit_void(), which write the audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "util/i18n.h"
#include "screens.h"
#include "store/reconciliation.h"
#include "totals.h"
#include "util/util.h"

#define HISTORY_MAX 1000

enum view { VIEW_SHIFT, VIEW_TODAY, VIEW_DAY };

struct hrow {
	struct visit v;
	char proc[160];
	char staff[64];
};

struct history {
	enum view view;
	int day; /* VIEW_DAY */
	struct ui_field filter;
	bool filtering;
	struct hrow *rows;
	int n, sel, scroll;
	long voided;
	bool truncated;
	bool asking_void;
	struct ui_field reason;
	char open_uid[40];
	struct detail_arg open_arg;
};

static bool add_row(const struct visit_row *row, void *arg)
{
	struct history *h = arg;
	if (h->n >= HISTORY_MAX) {
		h->truncated = true;
		return false;
	}
	struct hrow *r = &h->rows[h->n++];
	r->v = row->v;
	str_copy(r->proc, sizeof r->proc,
	         row->v.procedure_code[0] ? row->procedure_name : _("General guidance"));
	str_copy(r->staff, sizeof r->staff, row->staff_name ? row->staff_name : "");
	if (row->v.voided_at)
		h->voided++;
	return true;
}

static void load(struct history *h, struct ui_context *ctx)
{
	char keep[40] = "";
	if (h->sel < h->n)
		str_copy(keep, sizeof keep, h->rows[h->sel].v.uid);
	h->n = 0;
	h->voided = 0;
	h->truncated = false;
	struct visit_filter f = {.include_voided = true, .query = h->filter.buf};
	int today = time_local_day(util_now());
	switch (h->view) {
	case VIEW_SHIFT:
		f.shift_id = ctx->have_shift ? ctx->shift.id : -1;
		break;
	case VIEW_TODAY:
		f.from_day = f.to_day = today;
		break;
	case VIEW_DAY:
		f.from_day = f.to_day = h->day;
		break;
	}
	enum status rc = visit_list(ctx->db, &f, add_row, h);
	if (rc != ST_OK)
		ui_status_fail(ctx, rc);
	/* the selection stays on the same visit when it is still listed */
	h->sel = 0;
	for (int i = 0; keep[0] && i < h->n; i++)
		if (str_eq(h->rows[i].v.uid, keep))
			h->sel = i;
}

static enum status history_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct history *h = state;
	(void)arg;
	h->rows = xcalloc(HISTORY_MAX, sizeof *h->rows);
	h->filter.max = 60;
	h->reason.max = 120;
	h->view = ctx->have_shift ? VIEW_SHIFT : VIEW_TODAY;
	h->day = time_day_add(time_local_day(util_now()), -1);
	load(h, ctx);
	return ST_OK;
}

static void history_close(void *state, struct ui_context *ctx)
{
	struct history *h = state;
	(void)ctx;
	free(h->rows);
}

static enum ui_reaction history_resume(void *state, struct ui_context *ctx)
{
	load(state, ctx);
	return UI_REDRAW;
}

/* The usual dossier code's length (Circular 01/2018: unit code, date,
 * number). */
#define DOSSIER_COLUMN 25

static void draw_tabs(struct history *h, struct ui_context *ctx, int y, int x, int w)
{
	char day[16], label[64];
	time_show_day(h->day, day, sizeof day);
	snprintf(label, sizeof label, _("Day %s"), day);
	const char *tabs[] = {_("This shift"), _("Today"), label};
	int cx = x;
	cx += ui_put(ctx, y, cx, w, UI_TITLE, _("VISITS"));
	cx += 2;
	for (int i = 0; i < 3; i++) {
		char t[80];
		snprintf(t, sizeof t, i == (int)h->view ? "[%s]" : " %s ", tabs[i]);
		cx +=
		    ui_put(ctx, y, cx, x + w - cx, i == (int)h->view ? UI_SELECTED : UI_NORMAL, t);
		cx += 1;
	}
}

static void history_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct history *h = state;
	char line[300];
	int y = r.y;
	draw_tabs(h, ctx, y++, r.x + 1, r.w - 2);
	int lw = ui_put(ctx, y, r.x + 1, r.w, h->filtering ? UI_TITLE : UI_NORMAL, _("Filter:"));
	ui_field_draw(ctx, &h->filter, y, r.x + 2 + lw, 30, h->filtering);
	if (h->truncated)
		snprintf(line, sizeof line, _("first %d visits"), h->n);
	else
		snprintf(line, sizeof line, _("%d visits, %ld voided"), h->n, h->voided);
	ui_put(ctx, y, r.x + 2 + lw + 32, r.w - lw - 34, UI_DIM, line);
	y++;

	/* columns: time, procedure, services and groups, dossier code.  The
	 * dossier code is what the supervisor reconciles with: the whole of
	 * its usual 25 characters (000.00.20.H08-261205-0001) at 80 columns;
	 * the procedure's name gives way. */
	int wide = r.w >= 76;
	int tw = 6, fw = 22, dw = wide ? DOSSIER_COLUMN : 0;
	int pw = r.w - 2 - tw - fw - dw - 2;
	int x = r.x + 1;
	ui_put(ctx, y, x, tw, UI_DIM, P_("column", "Time"));
	ui_put(ctx, y, x + tw, pw, UI_DIM, _("Procedure"));
	ui_put(ctx, y, x + tw + pw + 1, fw, UI_DIM, _("Services, groups"));
	if (dw)
		ui_put(ctx, y, x + tw + pw + fw + 2, dw, UI_DIM, _("Dossier code"));
	y++;
	int rows = r.y + r.h - y - (h->asking_void ? 1 : 0);
	if (h->n == 0) {
		ui_put(ctx, y + 1, x, r.w - 2, UI_DIM, _("No visits here."));
	}
	if (h->sel >= h->n)
		h->sel = h->n ? h->n - 1 : 0;
	if (h->sel < h->scroll)
		h->scroll = h->sel;
	if (h->sel >= h->scroll + rows)
		h->scroll = h->sel - rows + 1;
	for (int i = 0; i < rows && h->scroll + i < h->n; i++) {
		const struct hrow *row = &h->rows[h->scroll + i];
		bool sel = h->scroll + i == h->sel && !h->filtering;
		enum ui_style st = sel ? UI_SELECTED : row->v.voided_at ? UI_DIM : UI_NORMAL;
		int m = time_local_minute(row->v.at);
		ui_put_pad(ctx, y + i, r.x, r.w, st, "", false);
		ui_printf(ctx, y + i, x, tw, st, "%02d:%02d", m / 60, m % 60);
		ui_put(ctx, y + i, x + tw, pw - 1, st, row->proc);
		if (row->v.voided_at)
			str_copy(line, sizeof line, _("(voided)"));
		else
			form_flags_text(&row->v, line, sizeof line);
		ui_put(ctx, y + i, x + tw + pw + 1, fw, st, line);
		if (dw) {
			/* "!": the last reconciliation did not find the code (dvcdesk reconcile) */
			bool lost = rec_not_found(ctx->db, row->v.uid);
			snprintf(line, sizeof line, "%s%s", lost ? "!" : "", row->v.dossier_code);
			ui_put(ctx, y + i, x + tw + pw + fw + 2, dw, lost && !sel ? UI_S_WARN : st, line);
		}
	}
	if (h->asking_void && h->sel < h->n) {
		snprintf(line, sizeof line, _("Void %s? Reason:"), h->rows[h->sel].proc);
		ui_prompt(ctx, line, &h->reason);
	}
	if (h->filtering) {
		ui_hint(ctx, ACT_OPEN, N_("close the filter"));
		return;
	}
	if (h->asking_void) {
		ui_hint(ctx, ACT_OPEN, N_("void"));
		ui_hint(ctx, ACT_BACK, N_("cancel"));
		return;
	}
	ui_hint(ctx, ACT_OPEN, N_("open"));
	ui_hint(ctx, ACT_NEXT_VIEW, N_("shift/today/day"));
	ui_hint(ctx, ACT_DAY_PREV, N_("day before"));
	ui_hint(ctx, ACT_FILTER, N_("filter"));
	ui_hint(ctx, ACT_EDIT, N_("edit"));
	ui_hint(ctx, ACT_VOID, N_("void"));
	ui_hint(ctx, ACT_BACK, N_("back"));
	ui_hint(ctx, ACT_QR, N_("QR"));
}

static enum ui_reaction void_key(struct history *h, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code == KEYC_ENTER) {
		char why[128];
		str_copy(why, sizeof why, h->reason.buf);
		str_trim(why);
		if (!why[0]) {
			ui_status(ctx, UI_WARN, _("Say why the visit is voided (a few words)."));
			return UI_REDRAW;
		}
		enum status rc = visit_void(ctx->db, h->rows[h->sel].v.uid, ctx->staff.id, why);
		h->asking_void = false;
		ui_field_clear(&h->reason);
		if (rc != ST_OK) {
			ui_status_fail(ctx, rc);
			return UI_REDRAW;
		}
		ui_status(ctx, UI_OK, _("Visit voided: %s."), h->rows[h->sel].proc);
		load(h, ctx);
		return UI_REDRAW;
	}
	if (ui_field_key(&h->reason, ctx, k->code, NULL))
		return UI_REDRAW;
	if (k->action == ACT_BACK) {
		h->asking_void = false;
		ui_field_clear(&h->reason);
		return UI_REDRAW;
	}
	return UI_NONE;
}

static enum ui_reaction history_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct history *h = state;
	if (h->asking_void)
		return void_key(h, ctx, k);
	if (h->filtering) {
		bool changed;
		if (ui_field_key(&h->filter, ctx, k->code, &changed)) {
			if (changed)
				load(h, ctx);
			return UI_REDRAW;
		}
		if (k->action == ACT_OPEN || k->action == ACT_BACK || k->action == ACT_LIST_DOWN) {
			h->filtering = false;
			return UI_REDRAW;
		}
	}
	int step = 0;
	switch (k->action) {
	case ACT_LIST_UP:
		step = -1;
		break;
	case ACT_LIST_DOWN:
		step = 1;
		break;
	case ACT_LIST_PGUP:
		step = -10;
		break;
	case ACT_LIST_PGDN:
		step = 10;
		break;
	case ACT_NEXT_VIEW:
		h->view = (enum view)((h->view + 1) % 3);
		if (h->view == VIEW_SHIFT && !ctx->have_shift)
			h->view = VIEW_TODAY;
		h->sel = h->scroll = 0;
		load(h, ctx);
		return UI_REDRAW;
	case ACT_DAY_PREV:
	case ACT_DAY_NEXT: {
		int base = h->view == VIEW_DAY ? h->day : time_local_day(util_now());
		h->day = time_day_add(base, k->action == ACT_DAY_PREV ? -1 : 1);
		h->view = VIEW_DAY;
		h->sel = h->scroll = 0;
		load(h, ctx);
		return UI_REDRAW;
	}
	case ACT_FILTER:
		h->filtering = true;
		return UI_REDRAW;
	case ACT_OPEN:
	case ACT_EDIT:
		if (h->n == 0)
			return UI_NONE;
		/* the argument must outlive this call: it lives in the state */
		str_copy(h->open_uid, sizeof h->open_uid, h->rows[h->sel].v.uid);
		h->open_arg.uid = h->open_uid;
		h->open_arg.edit = k->action == ACT_EDIT;
		return ui_push(ctx, &screen_detail, &h->open_arg);
	case ACT_VOID:
		if (h->n == 0)
			return UI_NONE;
		if (h->rows[h->sel].v.voided_at) {
			ui_status(ctx, UI_WARN, _("This visit is already voided."));
			return UI_REDRAW;
		}
		if (!ui_can_change(ctx, &h->rows[h->sel].v)) {
			ui_status(ctx, UI_WARN,
			          _("Only the visits of your open shift can be changed; a "
			            "supervisor can change any."));
			return UI_REDRAW;
		}
		h->asking_void = true;
		return UI_REDRAW;
	default:
		/* the counter's QR key, for the selected visit */
		if (h->n > 0 && action_for_key(SCOPE_COUNTER, k->code) == ACT_QR)
			return ui_push_named(ctx, "qr", &h->rows[h->sel].v);
		return UI_UNHANDLED;
	}
	h->sel += step;
	if (h->sel >= h->n)
		h->sel = h->n - 1;
	if (h->sel < 0)
		h->sel = 0;
	return UI_REDRAW;
}

const struct screen screen_history = {
    .name = "history",
    .state_size = sizeof(struct history),
    .scopes = {SCOPE_LIST},
    .private_data = true,
    .open = history_open,
    .close = history_close,
    .draw = history_draw,
    .key = history_key,
    .resume = history_resume,
};
