/* Help: every key, generated from the action table (src/action.h) with the
 * current bindings, grouped by where the keys work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "screens.h"
#include "util/util.h"

struct help_line {
	bool head;
	char keys[64];
	const char *text; /* translated */
};

struct help {
	struct help_line *lines;
	int n, top;
};

static const struct {
	enum action_scope scope;
	const char *title;
} sections[] = {
    {SCOPE_COUNTER, N_("At the counter")},
    {SCOPE_FORM, N_("In the form")},
    {SCOPE_LIST, N_("In lists (history, start of shift)")},
    {SCOPE_QR, N_("QR code")},
    {SCOPE_GLOBAL, N_("Everywhere")},
};

static void add(struct help *h, bool head, const char *keys, const char *text)
{
	struct help_line *l = &h->lines[h->n++];
	l->head = head;
	str_copy(l->keys, sizeof l->keys, keys);
	l->text = text;
}

static enum status help_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct help *h = state;
	(void)ctx;
	(void)arg;
	h->lines = xcalloc((size_t)ACT__COUNT + 2 * ARRAY_LEN(sections) + 8, sizeof *h->lines);
	for (size_t s = 0; s < ARRAY_LEN(sections); s++) {
		add(h, true, "", _(sections[s].title));
		if (sections[s].scope == SCOPE_COUNTER) {
			/* not actions: the digits of the procedure search */
			add(h, false, "1-9",
			    _("pick one of the most frequent procedures (empty search)"));
			add(h, false, "0", _("general guidance, no procedure"));
			add(h, false, "#", _("then the procedure code: search by code"));
		}
		for (int i = 0; i < ACT__COUNT; i++) {
			if (actions[i].scope != sections[s].scope)
				continue;
			char keys[64];
			action_keys_text((enum action_id)i, keys, sizeof keys);
			add(h, false, keys, _(actions[i].help));
		}
	}
	return ST_OK;
}

static void help_close(void *state, struct ui_context *ctx)
{
	struct help *h = state;
	(void)ctx;
	free(h->lines);
}

static int page(struct ui_rect r)
{
	return r.h - 1;
}

static void help_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct help *h = state;
	int x = r.x + 2, w = r.w - 4, kw = 12;
	ui_put(ctx, r.y, x, w, UI_TITLE, _("HELP: KEYS"));
	int rows = page(r);
	if (h->top > h->n - rows)
		h->top = h->n - rows > 0 ? h->n - rows : 0;
	for (int i = 0; i < rows && h->top + i < h->n; i++) {
		const struct help_line *l = &h->lines[h->top + i];
		int y = r.y + 1 + i;
		if (l->head) {
			ui_put(ctx, y, x, w, UI_TITLE, l->text);
			continue;
		}
		ui_put(ctx, y, x + 2, kw, UI_KEY, l->keys);
		ui_put(ctx, y, x + 2 + kw + 1, w - kw - 3, UI_NORMAL, l->text);
	}
	ui_hint(ctx, ACT_LIST_DOWN, N_("scroll"));
	ui_hint(ctx, ACT_LIST_PGDN, N_("page"));
	ui_hint(ctx, ACT_BACK, N_("back"));
}

static enum ui_reaction help_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct help *h = state;
	int step = ctx->rows - 4;
	switch (k->action) {
	case ACT_LIST_UP:
		h->top--;
		break;
	case ACT_LIST_DOWN:
		h->top++;
		break;
	case ACT_LIST_PGUP:
		h->top -= step;
		break;
	case ACT_LIST_PGDN:
		h->top += step;
		break;
	case ACT_HELP:
		return UI_POP;
	default:
		return UI_UNHANDLED;
	}
	if (h->top < 0)
		h->top = 0;
	if (h->top >= h->n)
		h->top = h->n - 1;
	return UI_REDRAW;
}

const struct screen screen_help = {
    .name = "help",
    .state_size = sizeof(struct help),
    .scopes = {SCOPE_LIST},
    .private_data = false,
    .open = help_open,
    .close = help_close,
    .draw = help_draw,
    .key = help_key,
};
