/* The visit form: its state, keys and the check before a save
 * (screens/form.h); the drawing and the labels are in screens/form_draw.c. */
#include "form.h"

#include <stdio.h>
#include <string.h>

#include "store/catalog.h"
#include "domain/dossier.h"
#include "util/i18n.h"
#include "util/util.h"

/* The flags column, in the order it is drawn.  To add a service or group:
 * a line in visit.h's table, an action in action.h, and a row here
 * (FORM_N_FLAG_ROWS in form.h counts them). */
const struct form_flag_row form_flag_rows[FORM_N_FLAG_ROWS] = {
    {ACT_TOGGLE_VNEID, false, SVC_VNEID},
    {ACT_TOGGLE_ACCOUNT, false, SVC_ACCOUNT},
    {ACT_TOGGLE_ONLINE, false, SVC_ONLINE_SUBMISSION},
    {ACT_TOGGLE_PAYMENT, false, SVC_PAYMENT},
    {ACT_TOGGLE_LOOKUP, false, SVC_LOOKUP},
    {ACT_TOGGLE_FORM, false, SVC_FORM_FILLING},
    {ACT_TOGGLE_POSTAL, false, SVC_POSTAL},
    {ACT_TOGGLE_ELDERLY, true, GRP_ELDERLY},
    {ACT_TOGGLE_DISABLED, true, GRP_DISABLED},
    {ACT_TOGGLE_ETHNIC, true, GRP_ETHNIC_MINORITY},
};

/* ------------------------------------------------------------------ state */

bool form_person_allowed(const struct form *f, struct ui_context *ctx)
{
	return !f->edit && (ctx->cfg->privacy.collect_name || ctx->cfg->privacy.collect_phone);
}

static void fields_setup(struct form *f)
{
	f->search.max = 120;
	f->dossier.max = sizeof f->v.dossier_code - 1;
	f->note.max = sizeof f->v.note - 1;
	f->name.max = sizeof f->v.citizen_name - 1;
	f->phone.max = 20;
}

static void new_visit(struct form *f, struct ui_context *ctx)
{
	visit_init(&f->v);
	f->v.staff_id = ctx->staff.id;
	f->v.shift_id = ctx->have_shift ? ctx->shift.id : 0;
	str_copy(f->v.unit_code, sizeof f->v.unit_code, ctx->cfg->unit.code);
	str_copy(f->v.counter, sizeof f->v.counter, ctx->cfg->counter_name);
	f->dirty = false;
	f->started = 0;
	f->warned[0] = '\0';
}

void form_init(struct form *f, struct ui_context *ctx)
{
	memset(f, 0, sizeof *f);
	fields_setup(f);
	new_visit(f, ctx);
}

void form_clear(struct form *f, struct ui_context *ctx, bool keep_procedure)
{
	char code[sizeof f->v.procedure_code], name[sizeof f->proc_name];
	bool chosen = f->proc_chosen;
	str_copy(code, sizeof code, f->v.procedure_code);
	str_copy(name, sizeof name, f->proc_name);
	new_visit(f, ctx);
	ui_field_clear(&f->search);
	ui_field_clear(&f->dossier);
	ui_field_clear(&f->note);
	ui_field_clear(&f->name);
	ui_field_clear(&f->phone);
	f->n_results = f->sel = f->scroll = 0;
	f->proc_chosen = false;
	f->proc_name[0] = '\0';
	if (keep_procedure && chosen) {
		str_copy(f->v.procedure_code, sizeof f->v.procedure_code, code);
		str_copy(f->proc_name, sizeof f->proc_name, name);
		f->proc_chosen = true;
	}
	f->focus = FORM_SEARCH;
}

static void set_procedure(struct form *f, struct ui_context *ctx, const char *code)
{
	str_copy(f->v.procedure_code, sizeof f->v.procedure_code, code ? code : "");
	f->proc_name[0] = '\0';
	if (code && *code) {
		struct procedure p;
		if (catalog_get(ctx->db, code, &p) == ST_OK)
			str_copy(f->proc_name, sizeof f->proc_name, p.name);
		else
			str_copy(f->proc_name, sizeof f->proc_name, code);
	}
	f->proc_chosen = true;
}

void form_load(struct form *f, struct ui_context *ctx, const struct visit *v, bool repeat)
{
	if (repeat) {
		form_clear(f, ctx, false);
		f->v.services = v->services;
		f->v.groups = v->groups;
		f->v.channel = v->channel;
		f->v.outcome = v->outcome;
	} else {
		memset(f, 0, sizeof *f);
		fields_setup(f);
		f->v = *v;
		f->edit = true;
		ui_field_set(&f->dossier, v->dossier_code);
		ui_field_set(&f->note, v->note);
	}
	set_procedure(f, ctx, v->procedure_code);
	f->dirty = true;
	f->started = repeat ? util_now() : 0;
	bool needs_code = (f->v.services & (1u << SVC_ONLINE_SUBMISSION)) && !f->dossier.buf[0];
	f->focus = needs_code ? FORM_DOSSIER : FORM_FLAGS;
}

static void touch(struct form *f)
{
	if (!f->dirty && !f->edit)
		f->started = util_now();
	f->dirty = true;
}

/* ----------------------------------------------------------------- search */

static void run_search(struct form *f, struct ui_context *ctx)
{
	const char *q = f->search.buf;
	/* '#' starts a code: digits alone are the shortcuts. */
	if (*q == '#')
		q++;
	while (*q == ' ')
		q++;
	f->sel = f->scroll = 0;
	f->n_results = *q ? catalog_search(ctx->db, q, f->results, FORM_MAX_RESULTS) : 0;
	if (f->n_results < 0)
		f->n_results = 0;
}

static void pick(struct form *f, struct ui_context *ctx, const char *code)
{
	set_procedure(f, ctx, code);
	ui_field_clear(&f->search);
	f->n_results = f->sel = f->scroll = 0;
	f->focus = FORM_FLAGS;
	touch(f);
}

/* A digit on an empty search or on the flags: 1-9 the shortcuts, 0 general
 * guidance.  False when the digit means nothing here. */
static bool pick_digit(struct form *f, struct ui_context *ctx, int code)
{
	if (code == '0') {
		pick(f, ctx, "");
		return true;
	}
	int n = code - '1';
	if (n < 0 || n >= ctx->n_top) {
		ui_status(ctx, UI_WARN, _("No procedure has the shortcut %c."), code);
		return true;
	}
	pick(f, ctx, ctx->top[n].code);
	return true;
}

/* ------------------------------------------------------------------ focus */

static bool focus_visible(const struct form *f, struct ui_context *ctx, enum form_focus fo)
{
	switch (fo) {
	case FORM_NAME:
		return form_person_allowed(f, ctx) && f->v.consent &&
		       ctx->cfg->privacy.collect_name;
	case FORM_PHONE:
		return form_person_allowed(f, ctx) && f->v.consent &&
		       ctx->cfg->privacy.collect_phone;
	default:
		return true;
	}
}

static void focus_step(struct form *f, struct ui_context *ctx, int dir)
{
	int n = FORM_PHONE + 1;
	int fo = (int)f->focus;
	for (int i = 0; i < n; i++) {
		fo = (fo + dir + n) % n;
		if (focus_visible(f, ctx, (enum form_focus)fo))
			break;
	}
	f->focus = (enum form_focus)fo;
}

static struct ui_field *focus_field(struct form *f)
{
	switch (f->focus) {
	case FORM_SEARCH:
		return &f->search;
	case FORM_DOSSIER:
		return &f->dossier;
	case FORM_NOTE:
		return &f->note;
	case FORM_NAME:
		return &f->name;
	case FORM_PHONE:
		return &f->phone;
	default:
		return NULL;
	}
}

/* ------------------------------------------------------------------- keys */

static enum form_event search_key(struct form *f, struct ui_context *ctx, const struct ui_key *k)
{
	bool empty = !f->search.buf[0];
	if (empty && k->code >= '0' && k->code <= '9')
		return pick_digit(f, ctx, k->code) ? FORM_CHANGED : FORM_IGNORED;
	if (!empty && (k->code == KEYC_ENTER)) {
		if (f->n_results == 0) {
			ui_status(ctx, UI_WARN, _("No procedure matches \"%s\"."), f->search.buf);
			return FORM_CHANGED;
		}
		pick(f, ctx, f->results[f->sel].code);
		return FORM_CHANGED;
	}
	int step = 0;
	if (k->action == ACT_LIST_UP)
		step = -1;
	else if (k->action == ACT_LIST_DOWN)
		step = 1;
	else if (k->action == ACT_LIST_PGUP)
		step = -8;
	else if (k->action == ACT_LIST_PGDN)
		step = 8;
	if (step && f->n_results > 0) {
		f->sel += step;
		if (f->sel < 0)
			f->sel = 0;
		if (f->sel >= f->n_results)
			f->sel = f->n_results - 1;
		return FORM_CHANGED;
	}
	if (step > 0) { /* nothing to move through: on to the flags */
		focus_step(f, ctx, 1);
		return FORM_CHANGED;
	}
	if (step)
		return FORM_CHANGED;
	bool changed;
	if (ui_field_key(&f->search, ctx, k->code, &changed)) {
		if (changed)
			run_search(f, ctx);
		return FORM_CHANGED;
	}
	if (k->action == ACT_BACK && !empty) {
		ui_field_clear(&f->search);
		f->n_results = 0;
		return FORM_CHANGED;
	}
	return FORM_IGNORED;
}

static enum form_event flags_key(struct form *f, struct ui_context *ctx, const struct ui_key *k)
{
	if (k->code >= '0' && k->code <= '9')
		return pick_digit(f, ctx, k->code) ? FORM_CHANGED : FORM_IGNORED;
	for (size_t i = 0; i < FORM_N_FLAG_ROWS; i++) {
		const struct form_flag_row *row = &form_flag_rows[i];
		if (k->action != (int)row->action)
			continue;
		unsigned *mask = row->group ? &f->v.groups : &f->v.services;
		*mask ^= 1u << row->bit;
		touch(f);
		if (!row->group && row->bit == SVC_ONLINE_SUBMISSION &&
		    (*mask & (1u << SVC_ONLINE_SUBMISSION))) {
			f->focus = FORM_DOSSIER;
			ui_status(ctx, UI_INFO, _("Type the dossier code, then Enter to save."));
		}
		return FORM_CHANGED;
	}
	switch (k->action) {
	case ACT_CYCLE_CHANNEL:
		f->v.channel = (enum channel)((f->v.channel + 1) % CH__COUNT);
		touch(f);
		return FORM_CHANGED;
	case ACT_CYCLE_OUTCOME:
		f->v.outcome = (enum outcome)((f->v.outcome + 1) % OUT__COUNT);
		touch(f);
		return FORM_CHANGED;
	case ACT_EDIT_NOTE:
		f->focus = FORM_NOTE;
		return FORM_CHANGED;
	case ACT_TOGGLE_CONSENT:
		if (!form_person_allowed(f, ctx)) {
			ui_status(
			    ctx, UI_WARN,
			    _("This counter does not keep names or phone numbers ([privacy] in "
			      "the configuration)."));
			return FORM_CHANGED;
		}
		f->v.consent = !f->v.consent;
		touch(f);
		if (f->v.consent) {
			f->focus = ctx->cfg->privacy.collect_name ? FORM_NAME : FORM_PHONE;
		} else {
			/* No consent, nothing kept: what was typed goes. */
			ui_field_clear(&f->name);
			ui_field_clear(&f->phone);
		}
		return FORM_CHANGED;
	default:
		return FORM_IGNORED;
	}
}

enum form_event form_key(struct form *f, struct ui_context *ctx, const struct ui_key *k)
{
	if (f->focus == FORM_SEARCH) {
		enum form_event e = search_key(f, ctx, k);
		if (e != FORM_IGNORED)
			return e;
	} else if (focus_field(f)) {
		bool changed;
		if (ui_field_key(focus_field(f), ctx, k->code, &changed)) {
			if (changed)
				touch(f);
			return FORM_CHANGED;
		}
	}
	switch (k->action) {
	case ACT_NEXT_FIELD:
		focus_step(f, ctx, 1);
		return FORM_CHANGED;
	case ACT_PREV_FIELD:
		focus_step(f, ctx, -1);
		return FORM_CHANGED;
	case ACT_LIST_DOWN:
		focus_step(f, ctx, 1);
		return FORM_CHANGED;
	case ACT_LIST_UP:
		focus_step(f, ctx, -1);
		return FORM_CHANGED;
	case ACT_BACK:
		if (f->focus == FORM_SEARCH)
			return FORM_IGNORED;
		f->focus = f->focus == FORM_FLAGS ? FORM_SEARCH : FORM_FLAGS;
		return FORM_CHANGED;
	case ACT_SAVE:
		return FORM_SUBMIT;
	default:
		break;
	}
	if (f->focus != FORM_FLAGS)
		return FORM_IGNORED;
	return flags_key(f, ctx, k);
}

/* ------------------------------------------------------------------ check */

bool form_ready(struct form *f, struct ui_context *ctx)
{
	if (!f->proc_chosen) {
		ui_status(ctx, UI_WARN,
		          _("Pick the procedure first: type part of its name, or 0 for "
		            "general guidance."));
		f->focus = FORM_SEARCH;
		return false;
	}
	char code[sizeof f->v.dossier_code];
	str_copy(code, sizeof code, f->dossier.buf);
	dossier_normalize(code);
	if ((f->v.services & (1u << SVC_ONLINE_SUBMISSION)) && !code[0]) {
		ui_status(
		    ctx, UI_ERROR,
		    _("A dossier submitted online needs its dossier code: type it, then Enter."));
		f->focus = FORM_DOSSIER;
		return false;
	}
	if (code[0] && !dossier_acceptable(code)) {
		ui_status(
		    ctx, UI_ERROR,
		    _("The dossier code can only hold letters, digits and signs such as . - / "
		      "(at most 63)."));
		f->focus = FORM_DOSSIER;
		return false;
	}
	if (code[0] && !dossier_matches(ctx->cfg, code) && strcmp(f->warned, code) != 0) {
		str_copy(f->warned, sizeof f->warned, code);
		ui_field_set(&f->dossier, code);
		ui_status(ctx, UI_WARN,
		          _("The dossier code does not have the usual shape: press Enter again to "
		            "save it "
		            "anyway, or correct it."));
		f->focus = FORM_DOSSIER;
		return false;
	}
	str_copy(f->v.dossier_code, sizeof f->v.dossier_code, code);
	str_copy(f->v.note, sizeof f->v.note, f->note.buf);
	f->v.citizen_name[0] = f->v.citizen_phone[0] = '\0';
	if (form_person_allowed(f, ctx) && f->v.consent) {
		if (ctx->cfg->privacy.collect_name)
			str_copy(f->v.citizen_name, sizeof f->v.citizen_name, f->name.buf);
		if (ctx->cfg->privacy.collect_phone && f->phone.buf[0] &&
		    !phone_normalize(f->phone.buf, f->v.citizen_phone, sizeof f->v.citizen_phone)) {
			ui_status(ctx, UI_ERROR,
			          _("The phone number should have 10 digits and start with 0."));
			f->focus = FORM_PHONE;
			return false;
		}
	} else if (!f->edit) {
		f->v.consent = false;
	}
	if (!f->edit && f->started) {
		time_t d = util_now() - f->started;
		f->v.duration_s = d > 0 && d < 24 * 3600 ? (int)d : 0;
	}
	return true;
}
