/* The counter: the entry form, the running totals of the shift and the day,
 * and the last visits of this shift.  Enter saves ("Đã lưu" only after
 * visit_save() returned ST_OK); a save that fails keeps the form and its
 * uid, so Enter again retries without a duplicate. */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "util/i18n.h"
#include "screens.h"
#include "totals.h"
#include "util/util.h"

#define COUNTER_RECENT 8
/* How long after a save ^O on the cleared form still means that visit. */
#define COUNTER_QR_AFTER_SAVE_S 120

struct recent {
	time_t at;
	char proc[160];
	char flags[160];
	char dossier[64];
	bool voided;
};

struct counter {
	struct form form;
	bool tried; /* a save was attempted for this form: keep its time */
	struct ui_totals shift_t, day_t;
	/* What the totals and the recent list were read at: a save adds its
	 * visit to them in memory while nobody else has written and the day
	 * is the same (see saved()). */
	long long seen_version;
	int totals_day;
	struct recent recent[COUNTER_RECENT];
	int n_recent;
	bool asking_undo;
	struct visit undo; /* the visit the undo question is about */
	char undo_name[300];
	struct visit qr; /* what ^O shows: the form with its dossier code as typed */
	/* The visit this screen saved last, for ^O on the form it cleared: the
	 * citizen who was just helped is the one still at the counter, and
	 * the dossier code just typed is the page they need.  Only for
	 * COUNTER_QR_AFTER_SAVE_S, read again after another screen (which may
	 * have edited it), forgotten once voided or the form cleared: the next
	 * citizen must not see it. */
	struct visit last_saved;
	time_t last_saved_when;
	bool has_last_saved;
};

static void set_recent(struct recent *r, const struct visit *v, const char *proc_name)
{
	r->at = v->at;
	str_copy(r->proc, sizeof r->proc, v->procedure_code[0] ? proc_name : _("General guidance"));
	form_flags_text(v, r->flags, sizeof r->flags);
	str_copy(r->dossier, sizeof r->dossier, v->dossier_code);
	r->voided = v->voided_at != 0;
}

static bool add_recent(const struct visit_row *row, void *arg)
{
	struct counter *c = arg;
	if (c->n_recent >= COUNTER_RECENT)
		return false;
	set_recent(&c->recent[c->n_recent++], &row->v, row->procedure_name);
	return true;
}

/* Totals and the recent list from the database; a failure only shows. */
static void reload(struct counter *c, struct ui_context *ctx)
{
	/* Read first: a write after it is seen at the next save. */
	c->seen_version = db_data_version(ctx->db);
	c->totals_day = time_local_day(util_now());
	enum status rc = ui_totals_shift(ctx->db, ctx->shift.id, &c->shift_t);
	if (rc == ST_OK)
		rc = ui_totals_day(ctx->db, c->totals_day, &c->day_t);
	c->n_recent = 0;
	struct visit_filter f = {
	    .shift_id = ctx->shift.id, .include_voided = true, .limit = COUNTER_RECENT};
	if (rc == ST_OK)
		rc = visit_list(ctx->db, &f, add_recent, c);
	if (rc != ST_OK) {
		c->seen_version = -1; /* read again after the next save */
		ui_status_fail(ctx, rc);
	}
}

/* The visit this screen just saved: counted and listed in memory, the same
 * as reading them again would (the day's totals were a scan of every
 * visit of the day, twice a save, on a file of a million visits).  Only
 * when another program has committed meanwhile, or the day has turned,
 * are they read again. */
static void saved(struct counter *c, struct ui_context *ctx, const struct visit *v,
                  const char *proc_name)
{
	long long version = db_data_version(ctx->db);
	if (version < 0 || version != c->seen_version ||
	    time_local_day(util_now()) != c->totals_day) {
		reload(c, ctx);
		return;
	}
	ui_totals_add(&c->shift_t, v);
	if (time_local_day(v->at) == c->totals_day)
		ui_totals_add(&c->day_t, v);
	if (c->n_recent < COUNTER_RECENT)
		c->n_recent++;
	memmove(&c->recent[1], &c->recent[0], (size_t)(c->n_recent - 1) * sizeof c->recent[0]);
	set_recent(&c->recent[0], v, proc_name);
}

static enum status counter_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct counter *c = state;
	(void)arg;
	if (!ctx->have_shift)
		return status_fail(ST_INVALID, _("No shift is open."));
	int n = catalog_search(ctx->db, "", ctx->top, (int)ARRAY_LEN(ctx->top));
	ctx->n_top = n > 0 ? n : 0;
	form_init(&c->form, ctx);
	ctx->form = &c->form.v;
	reload(c, ctx);
	return ST_OK;
}

static void counter_close(void *state, struct ui_context *ctx)
{
	(void)state;
	ctx->form = NULL;
}

static enum ui_reaction counter_resume(void *state, struct ui_context *ctx)
{
	struct counter *c = state;
	/* The screen that was on top may have edited or voided it. */
	struct visit now_stored;
	if (c->has_last_saved) {
		if (visit_get(ctx->db, c->last_saved.uid, &now_stored) == ST_OK &&
		    !now_stored.voided_at)
			c->last_saved = now_stored;
		else
			c->has_last_saved = false;
	}
	if (!ctx->have_shift)
		return UI_QUIT; /* the shift was closed from the end-of-shift screen */
	reload(c, ctx);
	return UI_REDRAW;
}

static void draw_recent(struct counter *c, struct ui_context *ctx, int y, int x, int w, int rows)
{
	/* time, procedure, services and groups, and the dossier code when wide */
	int fw = w >= 76 ? 20 : 22, dw = w >= 76 ? 26 : 0;
	int pw = w - 6 - fw - dw - (dw ? 2 : 1);
	for (int i = 0; i < rows && i < c->n_recent; i++) {
		const struct recent *r = &c->recent[i];
		int m = time_local_minute(r->at);
		enum ui_style st = r->voided ? UI_DIM : UI_NORMAL;
		ui_printf(ctx, y + i, x, 6, st, "%02d:%02d", m / 60, m % 60);
		ui_put(ctx, y + i, x + 6, pw, st, r->proc);
		ui_put(ctx, y + i, x + 6 + pw + 1, fw, st, r->voided ? _("(voided)") : r->flags);
		if (dw)
			ui_put(ctx, y + i, x + 6 + pw + 1 + fw + 1, dw, UI_DIM, r->dossier);
	}
}

static void counter_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct counter *c = state;
	char line[300];
	int used = form_draw(&c->form, ctx, r);
	int y = r.y + used;
	int bottom = r.y + r.h;
	if (y < bottom) {
		const char *dot = ui_glyph(ctx, UI_G_DOT);
		snprintf(line, sizeof line, _("This shift: %ld visits, %ld submitted online"),
		         c->shift_t.visits, c->shift_t.services[SVC_ONLINE_SUBMISSION]);
		int x = ui_put(ctx, y, r.x, r.w, UI_TITLE, line);
		char today[200];
		snprintf(today, sizeof today, _("Today: %ld visits"), c->day_t.visits);
		snprintf(line, sizeof line, "  %s  %s", dot, today);
		ui_put(ctx, y, r.x + x, r.w - x, UI_NORMAL, line);
		y++;
	}
	if (y + 1 < bottom && c->n_recent > 0) {
		ui_hline(ctx, y, r.x, r.w);
		snprintf(line, sizeof line, " %s ", _("Last visits of this shift"));
		ui_put(ctx, y, r.x + 2, r.w - 4, UI_DIM, line);
		draw_recent(c, ctx, y + 1, r.x, r.w, bottom - y - 1);
	}
	if (c->asking_undo) {
		snprintf(line, sizeof line, _("Void the last visit, %s?"), c->undo_name);
		ui_prompt(ctx, line, NULL);
		ui_hint(ctx, ACT_SAVE, N_("void it"));
		ui_hint(ctx, ACT_BACK, N_("keep it"));
		return;
	}
	form_hints(&c->form, ctx);
	ui_hint(ctx, ACT_REPEAT_LAST, N_("repeat"));
	ui_hint(ctx, ACT_UNDO_LAST, N_("undo"));
	ui_hint(ctx, ACT_QR, N_("QR"));
	ui_hint(ctx, ACT_HISTORY, N_("history"));
	ui_hint(ctx, ACT_QUIT, N_("end shift"));
	ui_hint(ctx, ACT_HELP, N_("help"));
}

static enum ui_reaction save(struct counter *c, struct ui_context *ctx)
{
	struct form *f = &c->form;
	if (!f->dirty) {
		ui_status(
		    ctx, UI_WARN,
		    _("Nothing to save yet: pick a procedure (0 = general guidance), or repeat "
		      "the last visit."));
		return UI_REDRAW;
	}
	if (!form_ready(f, ctx))
		return UI_REDRAW;
	if (!c->tried) {
		/* The time of the first attempt: a retry is the same visit. */
		f->v.at = f->v.entered_at = util_now();
		c->tried = true;
	}
	bool already = false;
	enum status rc = visit_save(ctx->db, &f->v, &already);
	if (rc != ST_OK) {
		/* It may have been committed all the same (an error after the
		 * commit); if the form is then abandoned, the next save must
		 * count from the file, not add to what is in memory. */
		c->seen_version = -1;
		ui_status(ctx, UI_ERROR, _("Not saved: %s Press Enter to try again."),
		          status_detail(rc));
		return UI_REDRAW;
	}
	char what[200];
	str_copy(what, sizeof what, f->v.procedure_code[0] ? f->proc_name : _("General guidance"));
	struct visit v = f->v;
	c->last_saved = v;
	c->last_saved_when = util_now();
	c->has_last_saved = true;
	form_clear(f, ctx, ctx->cfg->ui.keep_procedure);
	c->tried = false;
	if (already)
		reload(c, ctx); /* an earlier attempt had saved it: count from the file */
	else
		saved(c, ctx, &v, what);
	ui_status(ctx, UI_OK, _("Saved: %s (visit %ld of this shift)."), what, c->shift_t.visits);
	return UI_REDRAW;
}

static enum ui_reaction repeat_last(struct counter *c, struct ui_context *ctx)
{
	struct visit last;
	enum status rc = visit_last_of_shift(ctx->db, ctx->shift.id, &last);
	if (rc == ST_NOT_FOUND) {
		ui_status(ctx, UI_WARN, _("No visit saved in this shift yet."));
		return UI_REDRAW;
	}
	if (rc != ST_OK) {
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	form_load(&c->form, ctx, &last, true);
	c->tried = false;
	if (c->form.focus == FORM_DOSSIER)
		ui_status(ctx, UI_INFO,
		          _("Same as the last visit: type this citizen's dossier code, "
		            "then Enter."));
	else
		ui_status(ctx, UI_INFO, _("Same as the last visit: Enter saves it."));
	return UI_REDRAW;
}

static enum ui_reaction ask_undo(struct counter *c, struct ui_context *ctx)
{
	enum status rc = visit_last_of_shift(ctx->db, ctx->shift.id, &c->undo);
	if (rc == ST_NOT_FOUND) {
		ui_status(ctx, UI_WARN, _("Nothing to undo in this shift."));
		return UI_REDRAW;
	}
	if (rc != ST_OK) {
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	int m = time_local_minute(c->undo.at);
	struct procedure p;
	const char *name = _("General guidance");
	if (c->undo.procedure_code[0])
		name = catalog_get(ctx->db, c->undo.procedure_code, &p) == ST_OK
		           ? p.name
		           : c->undo.procedure_code;
	snprintf(c->undo_name, sizeof c->undo_name, "%02d:%02d %s", m / 60, m % 60, name);
	c->asking_undo = true;
	return UI_REDRAW;
}

static enum ui_reaction undo(struct counter *c, struct ui_context *ctx)
{
	c->asking_undo = false;
	enum status rc = visit_void(ctx->db, c->undo.uid, ctx->staff.id, "undo");
	if (rc != ST_OK) {
		ui_status_fail(ctx, rc);
		return UI_REDRAW;
	}
	if (c->has_last_saved && strcmp(c->last_saved.uid, c->undo.uid) == 0)
		c->has_last_saved = false; /* ^O no longer shows a voided visit */
	reload(c, ctx);
	ui_status(ctx, UI_OK, _("Visit voided: %s."), c->undo_name);
	return UI_REDRAW;
}

static enum ui_reaction counter_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct counter *c = state;
	if (c->asking_undo) {
		if (k->action == ACT_SAVE)
			return undo(c, ctx);
		c->asking_undo = false;
		if (k->action == ACT_BACK)
			return UI_REDRAW;
		/* any other key: the question goes, the key still counts */
	}
	switch (form_key(&c->form, ctx, k)) {
	case FORM_SUBMIT:
		return save(c, ctx);
	case FORM_CHANGED:
		return UI_REDRAW;
	case FORM_IGNORED:
		break;
	}
	switch (k->action) {
	case ACT_REPEAT_LAST:
		return repeat_last(c, ctx);
	case ACT_UNDO_LAST:
		return ask_undo(c, ctx);
	case ACT_QR:
		if (!c->form.dirty && c->has_last_saved &&
		    util_now() - c->last_saved_when <= COUNTER_QR_AFTER_SAVE_S)
			return ui_push_named(ctx, "qr", &c->last_saved);
		/* the form copies the typed dossier code into its visit only on save */
		c->qr = c->form.v;
		str_copy(c->qr.dossier_code, sizeof c->qr.dossier_code, c->form.dossier.buf);
		return ui_push_named(ctx, "qr", &c->qr);
	case ACT_HISTORY:
		return ui_push(ctx, &screen_history, NULL);
	case ACT_ROSTER:
		return ui_push(ctx, &screen_roster, NULL);
	case ACT_EVENTS:
		return ui_push(ctx, &screen_events, NULL);
	case ACT_SUMMARY:
		if (ui_screen_find("summary"))
			return ui_push_named(ctx, "summary", NULL);
		return ui_push(ctx, &screen_shiftend, "preview");
	case ACT_CLEAR_FORM:
		form_clear(&c->form, ctx, false);
		c->has_last_saved = false;
		c->tried = false;
		ui_status(ctx, UI_INFO, _("Form cleared."));
		return UI_REDRAW;
	case ACT_QUIT:
		return ui_push(ctx, &screen_shiftend, NULL);
	default:
		return UI_UNHANDLED;
	}
}

/* Idle: the catalogue's copy is loaded (or reloaded after another
 * program's write) before the next search needs it. */
static enum ui_reaction counter_tick(void *state, struct ui_context *ctx)
{
	(void)state;
	catalog_warm(ctx->db);
	return UI_NONE;
}

const struct screen screen_counter = {
    .name = "counter",
    .state_size = sizeof(struct counter),
    .scopes = {SCOPE_COUNTER, SCOPE_FORM, SCOPE_LIST},
    .private_data = true,
    .open = counter_open,
    .close = counter_close,
    .draw = counter_draw,
    .key = counter_key,
    .resume = counter_resume,
    .tick = counter_tick,
};
