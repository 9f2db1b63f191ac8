/* The visit form (screens/form.h). */
#include "form.h"

#include <stdio.h>
#include <string.h>

#include "store/catalog.h"
#include "domain/dossier.h"
#include "util/i18n.h"
#include "util/util.h"

/* The flags column, in the order it is drawn.  To add a service or group:
 * a line in visit.h's table, an action in action.h, and a row here. */
static const struct flag_row {
	enum action_id action;
	bool group;
	int bit;
} flag_rows[] = {
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

const char *form_service_label(enum service s)
{
	switch (s) {
	case SVC_VNEID:
		return P_("flag", "VNeID activation");
	case SVC_ACCOUNT:
		return P_("flag", "Portal account");
	case SVC_ONLINE_SUBMISSION:
		return P_("flag", "Submitted online");
	case SVC_PAYMENT:
		return P_("flag", "Online payment");
	case SVC_LOOKUP:
		return P_("flag", "Result lookup");
	case SVC_FORM_FILLING:
		return P_("flag", "Form filling");
	case SVC_POSTAL:
		return P_("flag", "Postal return");
	default:
		return "?";
	}
}

const char *form_service_short(enum service s)
{
	switch (s) {
	case SVC_VNEID:
		return P_("short", "VNeID");
	case SVC_ACCOUNT:
		return P_("short", "account");
	case SVC_ONLINE_SUBMISSION:
		return P_("short", "online");
	case SVC_PAYMENT:
		return P_("short", "payment");
	case SVC_LOOKUP:
		return P_("short", "lookup");
	case SVC_FORM_FILLING:
		return P_("short", "forms");
	case SVC_POSTAL:
		return P_("short", "postal");
	default:
		return "?";
	}
}

const char *form_group_label(enum group g)
{
	switch (g) {
	case GRP_ELDERLY:
		return P_("flag", "Elderly");
	case GRP_DISABLED:
		return P_("flag", "People with disabilities");
	case GRP_ETHNIC_MINORITY:
		return P_("flag", "Ethnic minority");
	default:
		return "?";
	}
}

const char *form_channel_label(enum channel c)
{
	switch (c) {
	case CH_WALK_IN:
		return P_("channel", "Walk-in");
	case CH_PHONE:
		return P_("channel", "Phone");
	case CH_ONLINE:
		return P_("channel", "Zalo/online");
	case CH_OUTREACH:
		return P_("channel", "Door to door");
	default:
		return "?";
	}
}

const char *form_outcome_label(enum outcome o)
{
	switch (o) {
	case OUT_DONE:
		return P_("outcome", "Done");
	case OUT_MORE_PAPERS:
		return P_("outcome", "Needs more papers");
	case OUT_REFERRED:
		return P_("outcome", "Referred elsewhere");
	default:
		return "?";
	}
}

char *form_flags_text(const struct visit *v, char *buf, size_t size)
{
	struct strbuf sb;
	sb_init(&sb);
	for (int s = 0; s < SVC__COUNT; s++)
		if (v->services & (1u << s)) {
			if (sb.len)
				sb_add(&sb, ", ");
			sb_add(&sb, form_service_short((enum service)s));
		}
	for (int g = 0; g < GRP__COUNT; g++)
		if (v->groups & (1u << g)) {
			if (sb.len)
				sb_add(&sb, ", ");
			sb_add(&sb, g == GRP_ELDERLY    ? P_("short", "elderly")
			            : g == GRP_DISABLED ? P_("short", "disabled")
			                                : P_("short", "ethnic minority"));
		}
	/* the channel and outcome only when they are not the usual ones */
	const char *extra[2] = {
	    v->channel == CH_PHONE      ? P_("short", "phone")
	    : v->channel == CH_ONLINE   ? P_("short", "Zalo/online")
	    : v->channel == CH_OUTREACH ? P_("short", "door to door")
	                                : NULL,
	    v->outcome == OUT_MORE_PAPERS ? P_("short", "more papers")
	    : v->outcome == OUT_REFERRED  ? P_("short", "referred")
	                                  : NULL,
	};
	for (size_t i = 0; i < ARRAY_LEN(extra); i++)
		if (extra[i]) {
			if (sb.len)
				sb_add(&sb, ", ");
			sb_add(&sb, extra[i]);
		}
	str_copy(buf, size, sb.len ? sb.buf : "");
	sb_done(&sb);
	return buf;
}

/* ------------------------------------------------------------------ state */

static bool person_allowed(const struct form *f, struct ui_context *ctx)
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
		return person_allowed(f, ctx) && f->v.consent && ctx->cfg->privacy.collect_name;
	case FORM_PHONE:
		return person_allowed(f, ctx) && f->v.consent && ctx->cfg->privacy.collect_phone;
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
	for (size_t i = 0; i < ARRAY_LEN(flag_rows); i++) {
		const struct flag_row *row = &flag_rows[i];
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
		if (!person_allowed(f, ctx)) {
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
	if (person_allowed(f, ctx) && f->v.consent) {
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

/* ---------------------------------------------------------------- drawing */

static int right_width(int w)
{
	return w >= 76 ? 33 : 30;
}

static int column_rows(const struct form *f, struct ui_context *ctx, int h)
{
	int person = person_allowed(f, ctx) ? 1 : 0;
	return h >= 12 + 2 + person + 1 ? 12 : 11;
}

int form_height(const struct form *f, struct ui_context *ctx, int h)
{
	return column_rows(f, ctx, h) + 2 + (person_allowed(f, ctx) ? 1 : 0);
}

static const char *first_key(enum action_id a, char *buf, size_t size)
{
	int n;
	const int *keys = action_keys(a, &n);
	return n ? action_key_name(keys[0], buf, size) : "";
}

static void draw_list(struct form *f, struct ui_context *ctx, int y, int x, int w, int rows)
{
	bool focus = f->focus == FORM_SEARCH;
	int codew = w >= 40 ? 10 : 0;
	if (f->search.buf[0]) {
		if (f->n_results == 0) {
			ui_put(ctx, y, x + 2, w - 2, UI_DIM, _("No procedure found"));
			return;
		}
		if (f->sel < f->scroll)
			f->scroll = f->sel;
		if (f->sel >= f->scroll + rows)
			f->scroll = f->sel - rows + 1;
		for (int i = 0; i < rows && f->scroll + i < f->n_results; i++) {
			const struct procedure *p = &f->results[f->scroll + i];
			bool sel = f->scroll + i == f->sel;
			enum ui_style st = sel && focus ? UI_SELECTED : UI_NORMAL;
			ui_put_pad(ctx, y + i, x, w, st, "", false);
			ui_put(ctx, y + i, x, 2, st, sel ? ui_glyph(ctx, UI_G_ARROW) : " ");
			ui_put(ctx, y + i, x + 2, w - 2 - codew, st, p->name);
			if (codew)
				ui_put_pad(ctx, y + i, x + w - codew, codew,
				           sel && focus ? st : UI_DIM, p->code, true);
		}
		return;
	}
	/* The shortcuts, and 0 for general guidance on the last row. */
	int n = ctx->n_top < rows - 1 ? ctx->n_top : rows - 1;
	for (int i = 0; i < n; i++) {
		const struct procedure *p = &ctx->top[i];
		bool chosen = f->proc_chosen && str_eq(p->code, f->v.procedure_code);
		char d[16];
		snprintf(d, sizeof d, "%d", i + 1);
		ui_put(ctx, y + i, x, 1, UI_KEY, d);
		ui_put(ctx, y + i, x + 2, w - 2 - codew, chosen ? UI_ON : UI_NORMAL, p->name);
		if (codew)
			ui_put_pad(ctx, y + i, x + w - codew, codew, UI_DIM, p->code, true);
	}
	if (rows > 0) {
		bool chosen = f->proc_chosen && !f->v.procedure_code[0];
		ui_put(ctx, y + n, x, 1, UI_KEY, "0");
		ui_put(ctx, y + n, x + 2, w - 2, chosen ? UI_ON : UI_NORMAL,
		       _("General guidance (no procedure)"));
	}
}

static void draw_flags(struct form *f, struct ui_context *ctx, int y, int x, int w, int rows)
{
	bool focus = f->focus == FORM_FLAGS;
	enum ui_style keyst = focus ? UI_KEY : UI_DIM;
	char kb[32], line[160];
	for (size_t i = 0; i < ARRAY_LEN(flag_rows); i++) {
		const struct flag_row *row = &flag_rows[i];
		bool on = (row->group ? f->v.groups : f->v.services) & (1u << row->bit);
		const char *label = row->group ? form_group_label((enum group)row->bit)
		                               : form_service_label((enum service)row->bit);
		int cx = x;
		cx += ui_put(ctx, y + (int)i, cx, w, on ? UI_ON : UI_NORMAL, on ? "[x] " : "[ ] ");
		cx += ui_put(ctx, y + (int)i, cx, x + w - cx, keyst,
		             first_key(row->action, kb, sizeof kb));
		ui_put(ctx, y + (int)i, cx + 1, x + w - cx - 1, on ? UI_ON : UI_NORMAL, label);
	}
	int yy = y + (int)ARRAY_LEN(flag_rows);
	if (rows >= 12) {
		int cx = x + 4;
		cx +=
		    ui_put(ctx, yy, cx, w - 4, keyst, first_key(ACT_CYCLE_CHANNEL, kb, sizeof kb));
		snprintf(line, sizeof line, "%s: %s", _("Channel"),
		         form_channel_label(f->v.channel));
		ui_put(ctx, yy, cx + 1, x + w - cx - 1, UI_NORMAL, line);
		cx = x + 4;
		cx += ui_put(ctx, yy + 1, cx, w - 4, keyst,
		             first_key(ACT_CYCLE_OUTCOME, kb, sizeof kb));
		snprintf(line, sizeof line, "%s: %s", _("Outcome"),
		         form_outcome_label(f->v.outcome));
		ui_put(ctx, yy + 1, cx + 1, x + w - cx - 1, UI_NORMAL, line);
	} else {
		int cx = x;
		cx += ui_put(ctx, yy, cx, w, keyst, first_key(ACT_CYCLE_CHANNEL, kb, sizeof kb));
		cx += 1 + ui_put(ctx, yy, cx + 1, x + w - cx - 1, UI_NORMAL,
		                 form_channel_label(f->v.channel));
		cx += 1;
		cx += ui_put(ctx, yy, cx, x + w - cx, keyst,
		             first_key(ACT_CYCLE_OUTCOME, kb, sizeof kb));
		ui_put(ctx, yy, cx + 1, x + w - cx - 1, UI_NORMAL,
		       form_outcome_label(f->v.outcome));
	}
}

/* "Label: [field]" on one row; returns the x after the field. */
static int labelled(struct form *f, struct ui_context *ctx, int y, int x, int w, const char *label,
                    struct ui_field *fld, enum form_focus fo, int fieldw)
{
	int lx = ui_put(ctx, y, x, w, f->focus == fo ? UI_TITLE : UI_NORMAL, label);
	int fx = x + lx + 1;
	int fw = fieldw > 0 && fieldw < x + w - fx ? fieldw : x + w - fx;
	ui_field_draw(ctx, fld, y, fx, fw, f->focus == fo);
	return fx + fw;
}

int form_draw(struct form *f, struct ui_context *ctx, struct ui_rect r)
{
	int rr = column_rows(f, ctx, r.h);
	int rw = right_width(r.w);
	int lw = r.w - rw - 2;
	char line[400], kb[32];

	/* Left: the search, the chosen procedure, the list. */
	labelled(f, ctx, r.y, r.x, lw, _("Procedure:"), &f->search, FORM_SEARCH, 0);
	if (f->proc_chosen) {
		if (f->v.procedure_code[0])
			snprintf(line, sizeof line, "%s %s", ui_glyph(ctx, UI_G_CHOSEN),
			         f->proc_name);
		else
			snprintf(line, sizeof line, "%s %s", ui_glyph(ctx, UI_G_CHOSEN),
			         _("General guidance"));
		int cw = f->v.procedure_code[0] && lw >= 40 ? 10 : 0;
		ui_put(ctx, r.y + 1, r.x, lw - cw, UI_TITLE, line);
		if (cw)
			ui_put_pad(ctx, r.y + 1, r.x + lw - cw, cw, UI_DIM, f->v.procedure_code,
			           true);
	} else {
		ui_put(ctx, r.y + 1, r.x, lw, UI_DIM, _("  (no procedure picked yet)"));
	}
	draw_list(f, ctx, r.y + 2, r.x, lw, rr - 2);
	ui_vline(ctx, r.y, r.x + lw + 1, rr);

	/* Right: services, groups, channel, outcome. */
	draw_flags(f, ctx, r.y, r.x + lw + 3, rw - 1, rr);

	/* Below: dossier code, note, and the citizen's name and phone. */
	int y = r.y + rr;
	snprintf(line, sizeof line, "%s", _("Dossier code:"));
	int end = labelled(f, ctx, y, r.x, r.w, line, &f->dossier, FORM_DOSSIER, 40);
	if (f->v.dossier_code[0] == '\0' && (f->v.services & (1u << SVC_ONLINE_SUBMISSION)) &&
	    !f->dossier.buf[0])
		ui_put(ctx, y, end + 1, r.x + r.w - end - 1, UI_S_WARN, _("needed"));
	y++;
	snprintf(line, sizeof line, "%s (%s):", _("Note"), first_key(ACT_EDIT_NOTE, kb, sizeof kb));
	labelled(f, ctx, y, r.x, r.w, line, &f->note, FORM_NOTE, 0);
	y++;
	if (person_allowed(f, ctx)) {
		int x = r.x;
		x += ui_put(ctx, y, x, r.w, f->v.consent ? UI_ON : UI_NORMAL,
		            f->v.consent ? "[x] " : "[ ] ");
		x += ui_put(ctx, y, x, r.x + r.w - x, UI_KEY,
		            first_key(ACT_TOGGLE_CONSENT, kb, sizeof kb));
		x += 1 + ui_put(ctx, y, x + 1, r.x + r.w - x - 1, UI_NORMAL, _("Consent"));
		if (f->v.consent) {
			int rest = r.x + r.w - x - 2;
			if (ctx->cfg->privacy.collect_name)
				x = labelled(f, ctx, y, x + 2,
				             ctx->cfg->privacy.collect_phone ? rest / 2 : rest,
				             _("Name:"), &f->name, FORM_NAME, 0);
			if (ctx->cfg->privacy.collect_phone)
				labelled(f, ctx, y, x + 2, r.x + r.w - x - 2, _("Phone:"),
				         &f->phone, FORM_PHONE, 12);
		} else {
			ui_put(ctx, y, x + 2, r.x + r.w - x - 2, UI_DIM,
			       _("(name and phone only with the citizen's consent)"));
		}
		y++;
	}
	return y - r.y;
}

void form_hints(const struct form *f, struct ui_context *ctx)
{
	switch (f->focus) {
	case FORM_SEARCH:
		/* (the digits are on the list itself) */
		if (f->search.buf[0])
			ui_hint(ctx, ACT_SAVE, N_("pick"));
		break;
	case FORM_FLAGS:
		ui_hint(ctx, ACT_SAVE, N_("save"));
		ui_hint(ctx, ACT_BACK, N_("search"));
		break;
	default:
		ui_hint(ctx, ACT_SAVE, N_("save"));
		ui_hint(ctx, ACT_NEXT_FIELD, N_("next"));
		break;
	}
}
