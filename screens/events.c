/* Outreach and training events (hoạt động tuyên truyền, tập huấn) of a
 * month: the list, a form to add or correct one, and void with a reason.
 * Left/Right go to the month before/after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "store/event.h"
#include "store/roster.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/util.h"

#define EV_MAX_ROWS 500
enum { F_KIND, F_DATE, F_PLACE, F_FIG0, F_STAFF = F_FIG0 + EF__COUNT, F_NOTE, F__COUNT };

struct escreen {
	int month_first; /* YYYYMM01 */
	struct event *rows;
	int n, sel, scroll;
	bool editing, adding, asking_void;
	struct event cur;
	struct ui_field f[F__COUNT];
	int focus;
	struct ui_field reason;
};

static bool add_row(const struct event *e, void *arg)
{
	struct escreen *es = arg;
	if (es->n >= EV_MAX_ROWS)
		return false;
	es->rows[es->n++] = *e;
	return true;
}

static enum status load(struct escreen *es, struct ui_context *ctx)
{
	es->n = 0;
	enum status st =
	    event_list(ctx->db, es->month_first, es->month_first + 30, true, add_row, es);
	if (es->sel >= es->n)
		es->sel = es->n ? es->n - 1 : 0;
	return st;
}

static enum status events_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct escreen *es = state;
	(void)arg;
	es->month_first = time_local_day(util_now()) / 100 * 100 + 1;
	es->rows = xcalloc(EV_MAX_ROWS, sizeof *es->rows);
	es->reason.max = 120;
	return load(es, ctx);
}

static void events_close(void *state, struct ui_context *ctx)
{
	struct escreen *es = state;
	(void)ctx;
	free(es->rows);
}

static const char *const field_labels[F__COUNT] = {N_("Kind"),
                                                   N_("Date"),
                                                   N_("Place"),
                                                   N_("Attendees"),
                                                   N_("Households visited"),
                                                   N_("Leaflets handed out"),
                                                   N_("Accounts opened"),
                                                   N_("Dossiers filed on the spot"),
                                                   N_("Members (names, commas)"),
                                                   N_("Note")};

static void staff_text(struct ui_context *ctx, const struct event *e, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < e->n_staff; i++) {
		struct staff s;
		if (staff_get(ctx->db, e->staff[i], &s) != ST_OK)
			continue;
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", len ? ", " : "", s.name);
	}
}

static void start_form(struct escreen *es, struct ui_context *ctx, const struct event *e)
{
	char buf[UI_FIELD_MAX];
	es->cur = *e;
	for (int i = 0; i < F__COUNT; i++) {
		ui_field_clear(&es->f[i]);
		es->f[i].max = i == F_PLACE || i == F_STAFF || i == F_NOTE ? 200 : 12;
		es->f[i].digits = i >= F_FIG0 && i < F_STAFF;
	}
	snprintf(buf, sizeof buf, "%02d/%02d/%04d", e->day % 100, e->day / 100 % 100,
	         e->day / 10000);
	ui_field_set(&es->f[F_DATE], buf);
	ui_field_set(&es->f[F_PLACE], e->place);
	for (int i = 0; i < EF__COUNT; i++) {
		snprintf(buf, sizeof buf, "%ld", e->figures[i]);
		ui_field_set(&es->f[F_FIG0 + i], buf);
	}
	staff_text(ctx, e, buf, sizeof buf);
	ui_field_set(&es->f[F_STAFF], buf);
	ui_field_set(&es->f[F_NOTE], e->note);
	es->focus = F_KIND;
	es->editing = true;
}

static void events_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct escreen *es = state;
	char line[400];
	int x = r.x + 2, w = r.w - 4, y = r.y + 1;
	if (es->editing) {
		ui_put(ctx, y++, x, w, UI_TITLE,
		       es->adding ? _("NEW OUTREACH OR TRAINING EVENT") : _("CORRECT THE EVENT"));
		y++;
		int lw = 30;
		for (int i = 0; i < F__COUNT && y < r.y + r.h; i++, y++) {
			bool focus = i == es->focus;
			ui_put(ctx, y, x, lw, focus ? UI_TITLE : UI_NORMAL, _(field_labels[i]));
			if (i == F_KIND) {
				snprintf(line, sizeof line, "< %s >",
				         event_kind_label(es->cur.kind));
				ui_put(ctx, y, x + lw, w - lw, focus ? UI_FOCUS : UI_FIELD, line);
			} else {
				ui_field_draw(ctx, &es->f[i], y, x + lw, w - lw > 40 ? 40 : w - lw,
				              focus);
			}
		}
		ui_hint(ctx, ACT_NEXT_FIELD, N_("next field"));
		ui_hint_key(ctx, "Enter", N_("save"));
		ui_hint(ctx, ACT_BACK, N_("cancel"));
		return;
	}
	int y0 = es->month_first;
	snprintf(line, sizeof line, _("OUTREACH AND TRAINING EVENTS · %02d/%04d"), y0 / 100 % 100,
	         y0 / 10000);
	ui_put(ctx, y++, x, w, UI_TITLE, line);
	y++;
	int rows = r.y + r.h - y - (es->asking_void ? 1 : 0);
	if (es->n == 0)
		ui_put(ctx, y, x, w, UI_DIM, _("No events in this month."));
	if (es->sel < es->scroll)
		es->scroll = es->sel;
	if (es->sel >= es->scroll + rows)
		es->scroll = es->sel - rows + 1;
	for (int i = 0; i < rows && es->scroll + i < es->n; i++) {
		const struct event *e = &es->rows[es->scroll + i];
		bool sel = es->scroll + i == es->sel;
		enum ui_style st = sel ? UI_SELECTED : e->voided_at ? UI_DIM : UI_NORMAL;
		ui_put_pad(ctx, y + i, x, w, st, "", false);
		ui_printf(ctx, y + i, x, 6, st, "%02d/%02d", e->day % 100, e->day / 100 % 100);
		ui_put(ctx, y + i, x + 6, 28, st, event_kind_label(e->kind));
		ui_put(ctx, y + i, x + 34, 24, st, e->place);
		if (e->voided_at)
			snprintf(line, sizeof line, "%s", _("(voided)"));
		else
			snprintf(line, sizeof line, _("%ld people, %ld households, %ld leaflets"),
			         e->figures[EF_ATTENDEES], e->figures[EF_HOUSEHOLDS],
			         e->figures[EF_LEAFLETS]);
		ui_put(ctx, y + i, x + 59, w - 59, st, line);
	}
	if (es->asking_void && es->sel < es->n) {
		snprintf(line, sizeof line, _("Void the event at %s? Reason:"),
		         es->rows[es->sel].place);
		ui_prompt(ctx, line, &es->reason);
		ui_hint(ctx, ACT_OPEN, N_("void"));
		ui_hint(ctx, ACT_BACK, N_("cancel"));
		return;
	}
	ui_hint(ctx, ACT_NEW_EVENT, N_("new event"));
	ui_hint(ctx, ACT_OPEN, N_("correct"));
	ui_hint(ctx, ACT_VOID, N_("void"));
	ui_hint(ctx, ACT_DAY_PREV, N_("month before"));
	ui_hint(ctx, ACT_DAY_NEXT, N_("month after"));
	ui_hint(ctx, ACT_BACK, N_("back"));
}

static enum ui_reaction save(struct escreen *es, struct ui_context *ctx)
{
	struct event *e = &es->cur;
	if (!roster_parse_day(es->f[F_DATE].buf, &e->day)) {
		ui_status(ctx, UI_WARN, _("Write the date as dd/mm/yyyy."));
		es->focus = F_DATE;
		return UI_REDRAW;
	}
	str_copy(e->place, sizeof e->place, es->f[F_PLACE].buf);
	str_copy(e->note, sizeof e->note, es->f[F_NOTE].buf);
	for (int i = 0; i < EF__COUNT; i++)
		e->figures[i] = strtol(es->f[F_FIG0 + i].buf, NULL, 10);
	char names[UI_FIELD_MAX], *save_p = NULL;
	str_copy(names, sizeof names, es->f[F_STAFF].buf);
	e->n_staff = 0;
	for (char *p = strtok_r(names, ",", &save_p); p; p = strtok_r(NULL, ",", &save_p)) {
		str_trim(p);
		if (!*p || e->n_staff == EVENT_MAX_STAFF)
			continue;
		struct staff s;
		char *nfc = text_nfc(p);
		enum status st = staff_find(ctx->db, nfc ? nfc : p, &s);
		free(nfc);
		if (st != ST_OK) {
			ui_status(ctx, UI_WARN, _("No volunteer named \"%s\"."), p);
			es->focus = F_STAFF;
			return UI_REDRAW;
		}
		e->staff[e->n_staff++] = s.id;
	}
	enum status st = es->adding ? event_add(ctx->db, e, ctx->staff.id)
	                            : event_update(ctx->db, e, ctx->staff.id);
	if (st != ST_OK) {
		ui_status_fail(ctx, st);
		return UI_REDRAW;
	}
	ui_status(ctx, UI_OK, _("Event saved: %s, %s."), event_kind_label(e->kind), e->place);
	es->editing = false;
	es->month_first = e->day / 100 * 100 + 1;
	load(es, ctx);
	for (int i = 0; i < es->n; i++)
		if (str_eq(es->rows[i].uid, e->uid))
			es->sel = i;
	return UI_REDRAW;
}

static enum ui_reaction form_key(struct escreen *es, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code == KEYC_ENTER)
		return save(es, ctx);
	if (es->focus == F_KIND &&
	    (k->code == KEYC_LEFT || k->code == KEYC_RIGHT || k->code == ' ')) {
		int d = k->code == KEYC_LEFT ? EV__COUNT - 1 : 1;
		es->cur.kind = (enum event_kind)((es->cur.kind + d) % EV__COUNT);
		return UI_REDRAW;
	}
	if (k->code == KEYC_TAB || k->code == KEYC_DOWN) {
		es->focus = (es->focus + 1) % F__COUNT;
		return UI_REDRAW;
	}
	if (k->code == KEYC_BTAB || k->code == KEYC_UP) {
		es->focus = (es->focus + F__COUNT - 1) % F__COUNT;
		return UI_REDRAW;
	}
	if (es->focus != F_KIND && ui_field_key(&es->f[es->focus], ctx, k->code, NULL))
		return UI_REDRAW;
	if (k->action == ACT_BACK) {
		es->editing = false;
		return UI_REDRAW;
	}
	return UI_NONE;
}

static enum ui_reaction void_key(struct escreen *es, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code == KEYC_ENTER) {
		char why[128];
		str_copy(why, sizeof why, es->reason.buf);
		str_trim(why);
		if (!why[0]) {
			ui_status(ctx, UI_WARN, _("Say why the event is voided (a few words)."));
			return UI_REDRAW;
		}
		enum status st = event_void(ctx->db, es->rows[es->sel].uid, ctx->staff.id, why);
		es->asking_void = false;
		ui_field_clear(&es->reason);
		if (st != ST_OK)
			ui_status_fail(ctx, st);
		else
			ui_status(ctx, UI_OK, "%s", _("Event voided."));
		load(es, ctx);
		return UI_REDRAW;
	}
	if (ui_field_key(&es->reason, ctx, k->code, NULL))
		return UI_REDRAW;
	if (k->action == ACT_BACK) {
		es->asking_void = false;
		ui_field_clear(&es->reason);
		return UI_REDRAW;
	}
	return UI_NONE;
}

static int month_add(int first, int n)
{
	int y = first / 10000, m = first / 100 % 100 + n;
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	return y * 10000 + m * 100 + 1;
}

static enum ui_reaction events_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct escreen *es = state;
	if (es->editing)
		return form_key(es, ctx, k);
	if (es->asking_void)
		return void_key(es, ctx, k);
	switch (k->action) {
	case ACT_LIST_UP:
		if (es->sel > 0)
			es->sel--;
		return UI_REDRAW;
	case ACT_LIST_DOWN:
		if (es->sel + 1 < es->n)
			es->sel++;
		return UI_REDRAW;
	case ACT_DAY_PREV:
	case ACT_DAY_NEXT:
		es->month_first = month_add(es->month_first, k->action == ACT_DAY_PREV ? -1 : 1);
		es->sel = es->scroll = 0;
		load(es, ctx);
		return UI_REDRAW;
	case ACT_NEW_EVENT: {
		struct event e;
		memset(&e, 0, sizeof e);
		int today = time_local_day(util_now());
		e.day = today / 100 * 100 + 1 == es->month_first ? today : es->month_first;
		str_copy(e.unit_code, sizeof e.unit_code,
		         ctx->cfg->unit.code ? ctx->cfg->unit.code : "");
		if (ctx->have_staff) {
			e.staff[0] = ctx->staff.id;
			e.n_staff = 1;
		}
		es->adding = true;
		start_form(es, ctx, &e);
		return UI_REDRAW;
	}
	case ACT_OPEN:
	case ACT_EDIT:
		if (es->n == 0)
			return UI_NONE;
		if (es->rows[es->sel].voided_at) {
			ui_status(ctx, UI_WARN, "%s", _("A voided event cannot be changed."));
			return UI_REDRAW;
		}
		es->adding = false;
		start_form(es, ctx, &es->rows[es->sel]);
		return UI_REDRAW;
	case ACT_VOID:
		if (es->n == 0 || es->rows[es->sel].voided_at)
			return UI_NONE;
		es->asking_void = true;
		return UI_REDRAW;
	case ACT_BACK:
		return UI_POP;
	default:
		return UI_UNHANDLED;
	}
}

const struct screen screen_events = {
    .name = "events",
    .state_size = sizeof(struct escreen),
    .scopes = {SCOPE_LIST, SCOPE_FORM},
    .private_data = true, /* the note may name someone */
    .open = events_open,
    .close = events_close,
    .draw = events_draw,
    .key = events_key,
};
