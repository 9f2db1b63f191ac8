/* One visit: every field, then edit (the same form as the counter) or void
 * with a reason.  Volunteers change only the visits of their open shift; a
 * supervisor any (ui_can_change()). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "util/i18n.h"
#include "screens.h"
#include "totals.h"
#include "util/util.h"

struct detail {
	struct visit v;
	char proc[320];
	char staff[128];
	char voided_by[128];
	bool editing;
	struct form form;
	bool asking_void;
	struct ui_field reason;
};

static enum status load(struct detail *d, struct ui_context *ctx, const char *uid)
{
	enum status rc = visit_get(ctx->db, uid, &d->v);
	if (rc != ST_OK)
		return rc;
	str_copy(d->proc, sizeof d->proc, _("General guidance"));
	struct procedure p;
	if (d->v.procedure_code[0])
		snprintf(d->proc, sizeof d->proc, "%s  (%s)",
		         catalog_get(ctx->db, d->v.procedure_code, &p) == ST_OK ? p.name : "?",
		         d->v.procedure_code);
	struct staff s;
	str_copy(d->staff, sizeof d->staff,
	         staff_get(ctx->db, d->v.staff_id, &s) == ST_OK ? s.name : "?");
	d->voided_by[0] = '\0';
	if (d->v.voided_at && staff_get(ctx->db, d->v.voided_by, &s) == ST_OK)
		str_copy(d->voided_by, sizeof d->voided_by, s.name);
	return ST_OK;
}

static bool may_change(struct detail *d, struct ui_context *ctx)
{
	if (d->v.voided_at) {
		ui_status(ctx, UI_WARN, _("This visit is already voided."));
		return false;
	}
	if (!ui_can_change(ctx, &d->v)) {
		ui_status(ctx, UI_WARN,
		          _("Only the visits of your open shift can be changed; a "
		            "supervisor can change any."));
		return false;
	}
	return true;
}

static void start_edit(struct detail *d, struct ui_context *ctx)
{
	if (!may_change(d, ctx))
		return;
	form_load(&d->form, ctx, &d->v, false);
	d->editing = true;
}

static enum status detail_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct detail *d = state;
	const struct detail_arg *a = arg;
	if (!a || !a->uid)
		return status_fail(ST_INVALID, _("No visit chosen."));
	d->reason.max = 120;
	enum status rc = load(d, ctx, a->uid);
	if (rc == ST_OK && a->edit)
		start_edit(d, ctx);
	return rc;
}

static void row(struct ui_context *ctx, int *y, int x, int w, const char *label, const char *value)
{
	int lw = 18;
	ui_put(ctx, *y, x, lw, UI_DIM, label);
	ui_put(ctx, *y, x + lw, w - lw, UI_NORMAL, value);
	(*y)++;
}

static void draw_view(struct detail *d, struct ui_context *ctx, struct ui_rect r)
{
	char buf[400], t[32];
	int x = r.x + 2, w = r.w - 4, y = r.y;
	ui_put(ctx, y++, x, w, UI_TITLE, _("VISIT"));
	time_show_local(d->v.at, t, sizeof t);
	row(ctx, &y, x, w, _("Time"), t);
	row(ctx, &y, x, w, _("Volunteer"), d->staff);
	row(ctx, &y, x, w, _("Procedure"), d->proc);
	struct strbuf sb;
	sb_init(&sb);
	for (int s = 0; s < SVC__COUNT; s++)
		if (d->v.services & (1u << s)) {
			if (sb.len)
				sb_add(&sb, ", ");
			sb_add(&sb, form_service_label((enum service)s));
		}
	row(ctx, &y, x, w, _("Services"), sb.len ? sb.buf : "-");
	sb_reset(&sb);
	for (int g = 0; g < GRP__COUNT; g++)
		if (d->v.groups & (1u << g)) {
			if (sb.len)
				sb_add(&sb, ", ");
			sb_add(&sb, form_group_label((enum group)g));
		}
	row(ctx, &y, x, w, _("Citizen group"), sb.len ? sb.buf : "-");
	sb_done(&sb);
	row(ctx, &y, x, w, _("Channel"), form_channel_label(d->v.channel));
	row(ctx, &y, x, w, _("Outcome"), form_outcome_label(d->v.outcome));
	row(ctx, &y, x, w, _("Dossier code"), d->v.dossier_code[0] ? d->v.dossier_code : "-");
	if (d->v.duration_s > 0)
		snprintf(buf, sizeof buf, _("%d min %02d s"), d->v.duration_s / 60,
		         d->v.duration_s % 60);
	else
		str_copy(buf, sizeof buf, "-");
	row(ctx, &y, x, w, _("Duration"), buf);
	row(ctx, &y, x, w, _("Note"), d->v.note[0] ? d->v.note : "-");
	if (d->v.citizen_name[0] || d->v.citizen_phone[0]) {
		snprintf(buf, sizeof buf, "%s %s", d->v.citizen_name, d->v.citizen_phone);
		row(ctx, &y, x, w, _("Citizen"), buf);
	}
	if (d->v.voided_at) {
		time_show_local(d->v.voided_at, t, sizeof t);
		snprintf(buf, sizeof buf, _("VOIDED %s by %s: %s"), t, d->voided_by,
		         d->v.void_reason);
		ui_put(ctx, ++y, x, w, UI_S_WARN, buf);
	}
	if (d->asking_void)
		ui_prompt(ctx, _("Void this visit? Reason:"), &d->reason);
	if (d->asking_void) {
		ui_hint(ctx, ACT_SAVE, N_("void"));
		ui_hint(ctx, ACT_BACK, N_("cancel"));
		return;
	}
	ui_hint(ctx, ACT_EDIT, N_("edit"));
	ui_hint(ctx, ACT_VOID, N_("void"));
	ui_hint(ctx, ACT_QR, N_("QR"));
	ui_hint(ctx, ACT_BACK, N_("back"));
}

static void detail_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct detail *d = state;
	if (!d->editing) {
		draw_view(d, ctx, r);
		return;
	}
	ui_put(ctx, r.y, r.x + 1, r.w - 2, UI_TITLE, _("EDIT VISIT"));
	struct ui_rect fr = {r.y + 1, r.x + 1, r.h - 1, r.w - 2};
	form_draw(&d->form, ctx, fr);
	form_hints(&d->form, ctx);
	if (d->form.focus == FORM_SEARCH)
		ui_hint(ctx, ACT_BACK, N_("cancel"));
}

static enum ui_reaction edit_key(struct detail *d, struct ui_context *ctx, const struct ui_key *k)
{
	enum form_event e = form_key(&d->form, ctx, k);
	if (e == FORM_CHANGED)
		return UI_REDRAW;
	if (e == FORM_SUBMIT) {
		if (!form_ready(&d->form, ctx))
			return UI_REDRAW;
		enum status rc = visit_update(ctx->db, &d->form.v, ctx->staff.id);
		if (rc != ST_OK) {
			ui_status(ctx, UI_ERROR, _("Not saved: %s"), status_detail(rc));
			return UI_REDRAW;
		}
		char uid[40];
		str_copy(uid, sizeof uid, d->v.uid);
		load(d, ctx, uid);
		d->editing = false;
		ui_status(ctx, UI_OK, _("Changes saved."));
		return UI_REDRAW;
	}
	if (k->action == ACT_BACK) {
		d->editing = false;
		ui_status(ctx, UI_INFO, _("Nothing changed."));
		return UI_REDRAW;
	}
	return k->action == ACT_QUIT || k->action == ACT_HELP ? UI_UNHANDLED : UI_NONE;
}

static enum ui_reaction void_key(struct detail *d, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code == KEYC_ENTER) {
		char why[128];
		str_copy(why, sizeof why, d->reason.buf);
		str_trim(why);
		if (!why[0]) {
			ui_status(ctx, UI_WARN, _("Say why the visit is voided (a few words)."));
			return UI_REDRAW;
		}
		enum status rc = visit_void(ctx->db, d->v.uid, ctx->staff.id, why);
		d->asking_void = false;
		ui_field_clear(&d->reason);
		if (rc != ST_OK) {
			ui_status_fail(ctx, rc);
			return UI_REDRAW;
		}
		char uid[40];
		str_copy(uid, sizeof uid, d->v.uid);
		load(d, ctx, uid);
		ui_status(ctx, UI_OK, _("Visit voided."));
		return UI_REDRAW;
	}
	if (ui_field_key(&d->reason, ctx, k->code, NULL))
		return UI_REDRAW;
	if (k->action == ACT_BACK) {
		d->asking_void = false;
		ui_field_clear(&d->reason);
		return UI_REDRAW;
	}
	return UI_NONE;
}

static enum ui_reaction detail_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct detail *d = state;
	if (d->editing)
		return edit_key(d, ctx, k);
	if (d->asking_void)
		return void_key(d, ctx, k);
	switch (k->action) {
	case ACT_EDIT:
		start_edit(d, ctx);
		return UI_REDRAW;
	case ACT_VOID:
		if (may_change(d, ctx))
			d->asking_void = true;
		return UI_REDRAW;
	case ACT_QR:
		return ui_push_named(ctx, "qr", &d->v);
	default:
		return UI_UNHANDLED;
	}
}

const struct screen screen_detail = {
    .name = "detail",
    .state_size = sizeof(struct detail),
    .scopes = {SCOPE_COUNTER, SCOPE_FORM, SCOPE_LIST},
    .private_data = true,
    .open = detail_open,
    .draw = detail_draw,
    .key = detail_key,
};
