/* The visit form on screen: the labels the lists share, the search list,
 * the flags column, the fields below and the hints (screens/form.h). */
#include "form.h"

#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

/* Labels shared with the lists (translated): the core's tables
 * (src/store/visit.h) hold them. */
static const char *label_of(const char *const *tbl, int n, int i)
{
	return i >= 0 && i < n && tbl[i] ? i18n_ptext(tbl[i]) : "?";
}

const char *form_service_label(enum service s)
{
	return label_of(service_flags, SVC__COUNT, (int)s);
}

const char *form_service_short(enum service s)
{
	return label_of(service_shorts, SVC__COUNT, (int)s);
}

const char *form_group_label(enum group g)
{
	return label_of(group_flags, GRP__COUNT, (int)g);
}

const char *form_channel_label(enum channel c)
{
	return label_of(channel_flags, CH__COUNT, (int)c);
}

const char *form_outcome_label(enum outcome o)
{
	return label_of(outcome_flags, OUT__COUNT, (int)o);
}

static void add_item(struct strbuf *sb, const char *key)
{
	if (!key)
		return;
	if (sb->len)
		sb_add(sb, ", ");
	sb_add(sb, i18n_ptext(key));
}

char *form_flags_text(const struct visit *v, char *buf, size_t size)
{
	struct strbuf sb;
	sb_init(&sb);
	for (int s = 0; s < SVC__COUNT; s++)
		if (v->services & (1u << s))
			add_item(&sb, service_shorts[s]);
	for (int g = 0; g < GRP__COUNT; g++)
		if (v->groups & (1u << g))
			add_item(&sb, group_shorts[g]);
	/* the channel and outcome only when they are not the usual ones (the
	 * usual ones have no short form) */
	if (v->channel >= 0 && v->channel < CH__COUNT)
		add_item(&sb, channel_shorts[v->channel]);
	if (v->outcome >= 0 && v->outcome < OUT__COUNT)
		add_item(&sb, outcome_shorts[v->outcome]);
	str_copy(buf, size, sb.len ? sb.buf : "");
	sb_done(&sb);
	return buf;
}

/* ---------------------------------------------------------------- drawing */

static int right_width(int w)
{
	return w >= 76 ? 33 : 30;
}

static int column_rows(const struct form *f, struct ui_context *ctx, int h)
{
	int person = form_person_allowed(f, ctx) ? 1 : 0;
	return h >= 12 + 2 + person + 1 ? 12 : 11;
}

int form_height(const struct form *f, struct ui_context *ctx, int h)
{
	return column_rows(f, ctx, h) + 2 + (form_person_allowed(f, ctx) ? 1 : 0);
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
	for (size_t i = 0; i < FORM_N_FLAG_ROWS; i++) {
		const struct form_flag_row *row = &form_flag_rows[i];
		bool on = (row->group ? f->v.groups : f->v.services) & (1u << row->bit);
		const char *label = row->group ? form_group_label((enum group)row->bit)
		                               : form_service_label((enum service)row->bit);
		int cx = x;
		cx += ui_put(ctx, y + (int)i, cx, w, on ? UI_ON : UI_NORMAL, on ? "[x] " : "[ ] ");
		cx += ui_put(ctx, y + (int)i, cx, x + w - cx, keyst,
		             first_key(row->action, kb, sizeof kb));
		ui_put(ctx, y + (int)i, cx + 1, x + w - cx - 1, on ? UI_ON : UI_NORMAL, label);
	}
	int yy = y + FORM_N_FLAG_ROWS;
	if (rows >= 12) {
		/* from the column's left edge: "n Hình thức: Trực tuyến (Zalo…)"
		 * fits 33 columns */
		int cx = x;
		cx += ui_put(ctx, yy, cx, w, keyst, first_key(ACT_CYCLE_CHANNEL, kb, sizeof kb));
		snprintf(line, sizeof line, "%s: %s", _("Channel"),
		         form_channel_label(f->v.channel));
		ui_put(ctx, yy, cx + 1, x + w - cx - 1, UI_NORMAL, line);
		cx = x;
		cx +=
		    ui_put(ctx, yy + 1, cx, w, keyst, first_key(ACT_CYCLE_OUTCOME, kb, sizeof kb));
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
	if (form_person_allowed(f, ctx)) {
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
