/* The QR screen: a big QR code for the citizen to scan, with what it opens
 * said in words and its URL printed for a person to check.
 *
 * Its argument is the visit the codes are for (const struct visit *: the
 * counter's form with the dossier code as typed, or a stored visit from
 * history), or NULL for the counter form as it is (ctx->form).  It opens on
 * the most useful target: the dossier lookup when the visit has a dossier
 * code, else the procedure's page when one is chosen, else the portal home;
 * Tab/Right and S-Tab/Left cycle through the targets that have an address.
 *
 * The code is drawn in an explicit black-on-white pair (UI_QR; reverse
 * video without colours), so a dark or light terminal theme cannot invert
 * it, with its quiet zone painted by the pair, never by the terminal's
 * background.  'i' swaps the polarity (kept until the program ends: it is
 * a property of the terminal, needed on a monochrome light theme).
 *
 * Size: the screen takes the whole terminal (no header, no hint bar) and
 * makes the code as large as fits with square-looking modules: two columns
 * a module (wide) when that fits, else half blocks; error correction M,
 * lowered to L only when that is what makes it fit (the caption says so);
 * the standard's quiet zone of 4 modules, narrowed to 3 or 2 (never less,
 * always painted light by the pair) when that is what makes it fit; a
 * URL's scheme and host in capitals when that makes the symbol a version
 * smaller (domain/qr.h: qr_encode).  So every target of the default
 * configuration shows at 80x24, the 138-byte procedure page too (version 6
 * at L, 45 modules: 23 rows), and the short ones at 60x18.  When nothing
 * fits, the size the window needs instead of a clipped code.  The text
 * goes above and below the code, or beside it when that is what leaves
 * room for a bigger code.  A target's code is encoded on its first draw
 * only (^O costs one code: make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dossier.h"
#include "util/i18n.h"
#include "domain/qr.h"
#include "screens.h"
#include "util/text.h"
#include "util/util.h"

/* The text panel beside the code: narrower wraps too much, wider is
 * wasted. */
#define PANEL_MIN 24
#define PANEL_MAX 44
#define BOX_LINES 40
#define LINE_SEGS 8
/* The light margin around the code, in modules: the standard's 4 where it
 * fits, never under 2 (what a phone still reads; tests/ui/qr.sh). */
#define QUIET_MAX 4
#define QUIET_MIN 2

/* Polarity chosen with 'i': the terminal's, not the visit's. */
static bool qr_inverted;

/* A piece of one line: it points into the screen's state or a translated
 * string, which outlive the layout. */
struct seg {
	const char *text;
	int len; /* bytes */
	enum ui_style style;
};

struct line {
	struct seg seg[LINE_SEGS];
	int n, width;
};

/* Lines of text laid out for one width. */
struct box {
	struct line line[BOX_LINES];
	int n, width;
};

struct qrs {
	enum qr_target targets[QR__TARGET_COUNT]; /* those with an address */
	char *urls[QR__TARGET_COUNT];
	/* each target's symbol at L and M, encoded when first shown (width 0:
	 * too long for a QR code) */
	struct qr_symbol sym[QR__TARGET_COUNT][2];
	bool encoded[QR__TARGET_COUNT];
	int n, cur;
	char procedure[48], procedure_name[256], dossier[64];
	bool dossier_in_url;   /* else the citizen types the code on the page */
	bool feedback_is_home; /* no feedback page set: it is the portal home */
	/* The texts of the current layout, which the boxes point into. */
	char detail[400], dot[16], key[3][32], label[3][128], message[400];
	struct box top, bottom, panel;
	int hint_lines; /* the last lines of `bottom` */
};

/* ---------------------------------------------------------------- text */

static void box_clear(struct box *b, int width)
{
	b->n = 0;
	b->width = width;
}

static struct line *box_new_line(struct box *b)
{
	if (b->n >= BOX_LINES)
		return NULL;
	struct line *l = &b->line[b->n++];
	l->n = 0;
	l->width = 0;
	return l;
}

/* A segment as a string, in buf. */
static const char *seg_text(const struct seg *s, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", s->len, s->text);
	return buf;
}

static void line_add(struct ui_context *ctx, struct line *l, enum ui_style style, const char *text,
                     size_t len)
{
	if (!l || l->n >= LINE_SEGS)
		return;
	struct seg *s = &l->seg[l->n++];
	char buf[1024];
	s->text = text;
	s->len = (int)len;
	s->style = style;
	l->width += ui_width(ctx, seg_text(s, buf, sizeof buf));
}

/* A paragraph wrapped at spaces; a word wider than the box (a URL) after
 * a '/', '?' or '&' when it has one, else anywhere. */
static void box_para(struct ui_context *ctx, struct box *b, enum ui_style style, const char *text)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t n = text_fit(p, b->width);
		if (n == 0)
			n = text_next_char(p, 0); /* a character wider than the box */
		if (p[n] && p[n] != ' ') {
			/* at the last space in the line */
			size_t sp = n;
			while (sp > 0 && p[sp - 1] != ' ')
				sp--;
			if (sp == 0) {
				/* none: a URL, after a '/', '?' or '&' past the line's
				 * first third, else where the line is full */
				sp = n;
				while (sp > n / 3 && !strchr("/?&", p[sp - 1]))
					sp--;
				if (sp <= n / 3)
					sp = n;
			}
			n = sp;
		}
		size_t len = n;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		line_add(ctx, box_new_line(b), style, p, len);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void box_blank(struct box *b)
{
	box_new_line(b);
}

/* The key hints, as many to a line as fit. */
static void box_hints(struct qrs *q, struct ui_context *ctx, struct box *b)
{
	static const struct {
		enum action_id action;
		const char *label;
	} hints[] = {
	    {ACT_QR_NEXT, N_("other code")},
	    {ACT_QR_INVERT, N_("invert colours")},
	    {ACT_BACK, N_("back")},
	};
	struct line *l = NULL;
	for (size_t i = 0; i < ARRAY_LEN(hints); i++) {
		if (hints[i].action == ACT_QR_NEXT && q->n < 2)
			continue;
		int n;
		const int *keys = action_keys(hints[i].action, &n);
		if (n == 0)
			continue;
		char *key = q->key[i], *label = q->label[i];
		action_key_name(keys[0], key, sizeof q->key[i]);
		if (hints[i].action == ACT_QR_NEXT)
			snprintf(label, sizeof q->label[i], " %s (%d/%d)", _(hints[i].label),
			         q->cur + 1, q->n);
		else
			snprintf(label, sizeof q->label[i], " %s", _(hints[i].label));
		int w = ui_width(ctx, key) + ui_width(ctx, label);
		if (!l || l->width + 2 + w > b->width) {
			l = box_new_line(b);
		} else {
			line_add(ctx, l, UI_NORMAL, "  ", 2);
		}
		line_add(ctx, l, UI_KEY, key, strlen(key));
		line_add(ctx, l, UI_NORMAL, label, strlen(label));
	}
}

static enum qr_target target(const struct qrs *q)
{
	return q->targets[q->cur];
}

/* What the code opens, beyond its caption: the procedure, the dossier. */
static void detail_text(struct qrs *q)
{
	char *buf = q->detail;
	size_t size = sizeof q->detail;
	buf[0] = '\0';
	enum qr_target t = target(q);
	if (t == QR_PROCEDURE)
		snprintf(buf, size, "%s %s", q->procedure, q->procedure_name);
	else if (t == QR_DOSSIER && q->dossier[0] && !q->dossier_in_url)
		/* the lookup page without the code in it: the citizen types it */
		snprintf(buf, size, _("Dossier code to type on the page: %s"), q->dossier);
	else if (t == QR_DOSSIER && q->dossier[0])
		snprintf(buf, size, _("Dossier code: %s"), q->dossier);
	else if (t == QR_FEEDBACK && q->feedback_is_home)
		str_copy(buf, size,
		         _("The province has not set its feedback page yet: this code opens the "
		           "portal's home ([portal] feedback_url)."));
}

/* The notes under the URL: a lowered error correction, inverted colours, a
 * window too small. */
static void box_notes(struct ui_context *ctx, struct box *b, bool lowered, const char *too_small)
{
	if (too_small)
		box_para(ctx, b, UI_S_WARN, too_small);
	if (lowered)
		box_para(ctx, b, UI_DIM, _("Error correction lowered to L so that the code fits."));
	if (qr_inverted)
		box_para(ctx, b, UI_DIM, _("Colours inverted: light code on dark."));
}

/* Above and below the code, each line centred: caption (and detail on the
 * same line when it fits), then URL, notes, hints. */
static void layout_stacked(struct qrs *q, struct ui_context *ctx, int width, bool lowered,
                           const char *too_small)
{
	const char *caption = qr_caption(target(q)), *detail = q->detail;
	detail_text(q);
	snprintf(q->dot, sizeof q->dot, " %s ", ui_glyph(ctx, UI_G_DOT));
	box_clear(&q->top, width);
	if (!detail[0]) {
		box_para(ctx, &q->top, UI_TITLE, caption);
	} else if (ui_width(ctx, caption) + ui_width(ctx, q->dot) + ui_width(ctx, detail) <=
	           width) {
		struct line *l = box_new_line(&q->top);
		line_add(ctx, l, UI_TITLE, caption, strlen(caption));
		line_add(ctx, l, UI_NORMAL, q->dot, strlen(q->dot));
		line_add(ctx, l, UI_NORMAL, detail, strlen(detail));
	} else {
		box_para(ctx, &q->top, UI_TITLE, caption);
		box_para(ctx, &q->top, UI_NORMAL, detail);
	}
	box_clear(&q->bottom, width);
	box_para(ctx, &q->bottom, UI_NORMAL, q->urls[q->cur]);
	box_notes(ctx, &q->bottom, lowered, too_small);
	int before = q->bottom.n;
	box_hints(q, ctx, &q->bottom);
	q->hint_lines = q->bottom.n - before;
}

/* Beside the code, left-aligned: caption, detail, URL, notes, hints. */
static void layout_side(struct qrs *q, struct ui_context *ctx, int width, bool lowered,
                        const char *too_small)
{
	detail_text(q);
	struct box *b = &q->panel;
	box_clear(b, width);
	box_para(ctx, b, UI_TITLE, qr_caption(target(q)));
	if (q->detail[0])
		box_para(ctx, b, UI_NORMAL, q->detail);
	box_blank(b);
	box_para(ctx, b, UI_NORMAL, q->urls[q->cur]);
	if (lowered || qr_inverted || too_small) {
		box_blank(b);
		box_notes(ctx, b, lowered, too_small);
	}
	box_blank(b);
	box_hints(q, ctx, b);
}

/* Draw lines [from, to) of a box from row y: centred in [x, x+w) or
 * left-aligned at x. */
static void box_draw_lines(struct ui_context *ctx, const struct box *b, int from, int to, int y,
                           int x, int w, bool centre)
{
	for (int i = from; i < to && i < b->n; i++) {
		const struct line *l = &b->line[i];
		int cx = centre && l->width < w ? x + (w - l->width) / 2 : x;
		char buf[1024];
		for (int s = 0; s < l->n; s++)
			cx += ui_put(ctx, y + i - from, cx, x + w - cx, l->seg[s].style,
			             seg_text(&l->seg[s], buf, sizeof buf));
	}
}

static void box_draw(struct ui_context *ctx, const struct box *b, int y, int x, int w, bool centre)
{
	box_draw_lines(ctx, b, 0, b->n, y, x, w, centre);
}

/* ---------------------------------------------------------------- sizes */

static void style_size(enum qr_style style, int modules, int *cols, int *rows)
{
	if (style == QR_STYLE_HALF) {
		*cols = modules;
		*rows = (modules + 1) / 2;
	} else {
		*cols = 2 * modules;
		*rows = modules;
	}
}

/* The styles to try, largest first. */
static int styles(struct ui_context *ctx, enum qr_style out[2])
{
	enum qr_style want = ctx->cfg->ui.qr_style;
	if (!ctx->utf8) {
		/* wide is drawn with spaces: no glyph, fine without UTF-8 */
		out[0] = want == QR_STYLE_WIDE ? QR_STYLE_WIDE : QR_STYLE_ASCII;
		return 1;
	}
	if (want != QR_STYLE_AUTO) {
		out[0] = want;
		return 1;
	}
	/* The Linux console's Vietnamese font has no half blocks. */
	const char *term = getenv("TERM");
	if (term && strncmp(term, "linux", 5) == 0) {
		out[0] = QR_STYLE_WIDE;
		return 1;
	}
	out[0] = QR_STYLE_WIDE;
	out[1] = QR_STYLE_HALF;
	return 2;
}

struct plan {
	enum qr_style style;
	enum qr_ecc ecc;
	bool side;
	int qx, qy, qw, qh; /* the code, quiet zone included */
	int ty, by, px;     /* stacked: top and bottom text rows; side: panel column */
};

/* Can a code of `modules` in `style` go on a w x h screen?  Lays the text
 * out (in q's boxes) for the layout found. */
static bool fit(struct qrs *q, struct ui_context *ctx, int w, int h, enum qr_style style,
                int modules, bool lowered, struct plan *p)
{
	int qw, qh;
	style_size(style, modules, &qw, &qh);
	p->qw = qw;
	p->qh = qh;
	if (qw <= w) {
		layout_stacked(q, ctx, w - 2, lowered, NULL);
		int spare = h - (q->top.n + qh + q->bottom.n);
		if (spare >= 0) {
			/* the hints on the last row; the rest centred above them, with
			 * a blank row each side of the code when there is room */
			int gap = spare >= 2 ? 1 : 0;
			p->side = false;
			p->ty = (spare - 2 * gap) / 2;
			p->qy = p->ty + q->top.n + gap;
			p->by = p->qy + qh + gap;
			p->qx = (w - qw) / 2;
			return true;
		}
	}
	/* Beside: the code's quiet zone is its own margin. */
	int pw = w - qw - 2;
	if (pw >= PANEL_MIN && qh <= h) {
		if (pw > PANEL_MAX)
			pw = PANEL_MAX;
		layout_side(q, ctx, pw, lowered, NULL);
		if (q->panel.n <= h) {
			p->side = true;
			p->qx = (w - (qw + 2 + pw)) / 2;
			p->qy = (h - qh) / 2;
			p->px = p->qx + qw + 2;
			p->ty = (h - q->panel.n) / 2;
			return true;
		}
	}
	return false;
}

/* The smallest terminal the code fits in at L in the smallest style, with
 * the smallest quiet zone. */
static void size_needed(struct qrs *q, struct ui_context *ctx, enum qr_style style, int modules,
                        int *need_w, int *need_h)
{
	int qw, qh;
	style_size(style, modules, &qw, &qh);
	/* stacked, at the current width if that is wide enough */
	int sw = qw + 2 > ctx->cols ? qw + 2 : ctx->cols;
	layout_stacked(q, ctx, sw - 2, true, NULL);
	int sh = q->top.n + qh + q->bottom.n;
	/* beside */
	layout_side(q, ctx, PANEL_MIN, true, NULL);
	int bw = qw + 2 + PANEL_MIN, bh = q->panel.n > qh ? q->panel.n : qh;
	bool side = bh < sh || (bh == sh && bw < sw);
	/* never less than the window has: "needs 79x27" in an 80-column
	 * window reads as if the width were the problem */
	*need_w = side ? bw : sw;
	*need_h = side ? bh : sh;
	if (*need_w < ctx->cols)
		*need_w = ctx->cols;
	if (*need_h < ctx->rows)
		*need_h = ctx->rows;
}

/* ---------------------------------------------------------------- drawing */

static void draw_code(struct ui_context *ctx, const struct qr_render *r, int y0, int x0)
{
	if (r->style == QR_STYLE_HALF) {
		for (int i = 0; i < r->height; i++)
			ui_put_raw(ctx, y0 + i, x0, r->width, UI_QR, r->lines[i]);
		return;
	}
	/* Two columns a module: runs of light modules as spaces in the pair,
	 * of dark ones in the all-dark style (ASCII shows "##" there too). */
	for (int y = 0; y < r->modules; y++) {
		for (int x = 0; x < r->modules;) {
			bool ink = qr_render_is_dark(r, x, y) != r->invert;
			int run = 1;
			while (x + run < r->modules &&
			       (qr_render_is_dark(r, x + run, y) != r->invert) == ink)
				run++;
			char buf[2 * 200 + 1];
			int n = run > 200 ? 200 : run;
			for (int i = 0; i < 2 * n; i++)
				buf[i] = ink && r->style == QR_STYLE_ASCII ? '#' : ' ';
			buf[2 * n] = '\0';
			ui_put_raw(ctx, y0 + y, x0 + 2 * x, 2 * n, ink ? UI_QR_DARK : UI_QR, buf);
			x += n;
		}
	}
}

/* The current target's symbols: encoded once, on its first draw, so that
 * ^O costs the one code shown (tests/bench: in-process QR <= 1 ms). */
static void encode_current(struct qrs *q)
{
	if (q->encoded[q->cur])
		return;
	for (int e = QR_ECC_L; e <= QR_ECC_M; e++) {
		qr_encode(q->urls[q->cur], (enum qr_ecc)e, true, &q->sym[q->cur][e]);
	}
	q->encoded[q->cur] = true;
}

static void qrs_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct qrs *q = state;
	encode_current(q);
	enum qr_style st[2];
	int n_st = styles(ctx, st);
	struct plan p = {0};
	bool found = false;
	int quiet = QUIET_MAX;
	/* M in any style and layout before L: lower only when that is what
	 * makes it fit; wide before half: bigger square modules; the
	 * standard's quiet zone of 4 before a narrower one (never under 2):
	 * the light margin matters less to a phone than the modules' size. */
	for (int ecc = QR_ECC_M; ecc >= QR_ECC_L && !found; ecc--) {
		int sym = q->sym[q->cur][ecc].width;
		for (int i = 0; sym > 0 && i < n_st && !found; i++) {
			for (int z = QUIET_MAX; z >= QUIET_MIN && !found; z--) {
				if (fit(q, ctx, r.w, r.h, st[i], sym + 2 * z, ecc != QR_ECC_M,
				        &p)) {
					p.style = st[i];
					p.ecc = (enum qr_ecc)ecc;
					quiet = z;
					found = true;
				}
			}
		}
	}
	struct qr_render code;
	memset(&code, 0, sizeof code);
	if (found)
		qr_symbol_render(&q->sym[q->cur][p.ecc], p.style, qr_inverted, quiet, &code);
	if (!found) {
		/* The caption, URL and what the window needs: the volunteer can
		 * still read the address out, or enlarge the window. */
		char *msg = q->message;
		int sym = q->sym[q->cur][QR_ECC_L].width;
		if (sym > 0) {
			int nw, nh;
			size_needed(q, ctx, st[n_st - 1], sym + 2 * QUIET_MIN, &nw, &nh);
			const char *x = ui_glyph(ctx, UI_G_TIMES);
			snprintf(msg, sizeof q->message,
			         _("The window is too small for this QR code: it needs %d%s%d, "
			           "the window is %d%s%d. Enlarge the window or make the font "
			           "smaller."),
			         nw, x, nh, ctx->cols, x, ctx->rows);
		} else {
			str_copy(msg, sizeof q->message,
			         _("This address is too long for a QR code; shorten it in the "
			           "configuration."));
		}
		layout_stacked(q, ctx, r.w - 2, false, msg);
		int h = q->top.n + 1 + q->bottom.n;
		int y = r.y + (h < r.h ? (r.h - h) / 2 : 0);
		box_draw(ctx, &q->top, y, r.x + 1, r.w - 2, true);
		box_draw(ctx, &q->bottom, y + q->top.n + 1, r.x + 1, r.w - 2, true);
		qr_render_done(&code);
		return;
	}
	/* fit() left the boxes laid out for the plan it found */
	draw_code(ctx, &code, r.y + p.qy, r.x + p.qx);
	if (p.side) {
		box_draw(ctx, &q->panel, r.y + p.ty, r.x + p.px, q->panel.width, false);
	} else {
		box_draw(ctx, &q->top, r.y + p.ty, r.x + 1, r.w - 2, true);
		/* URL and notes under the code, the hints on the last rows */
		const struct box *b = &q->bottom;
		int notes = b->n - q->hint_lines;
		box_draw_lines(ctx, b, 0, notes, r.y + p.by, r.x + 1, r.w - 2, true);
		box_draw_lines(ctx, b, notes, b->n, r.y + r.h - q->hint_lines, r.x + 1, r.w - 2,
		               true);
	}
	qr_render_done(&code);
}

/* ---------------------------------------------------------------- state */

static enum status qrs_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct qrs *q = state;
	const struct visit *v = arg ? arg : ctx->form;
	if (v) {
		str_copy(q->procedure, sizeof q->procedure, v->procedure_code);
		str_copy(q->dossier, sizeof q->dossier, v->dossier_code);
		dossier_normalize(q->dossier);
	}
	const char *fb = ctx->cfg->portal.feedback_url, *home = ctx->cfg->portal.home_url;
	q->feedback_is_home = fb && home && str_eq(fb, home);
	const char *tpl = ctx->cfg->portal.dossier_url;
	q->dossier_in_url = tpl && strstr(tpl, "{dossier}");
	struct procedure proc;
	if (q->procedure[0] && catalog_get(ctx->db, q->procedure, &proc) == ST_OK)
		str_copy(q->procedure_name, sizeof q->procedure_name, proc.name);

	/* The targets that have an address for this visit, in the table's
	 * order; a template without its code, or not configured, is left out. */
	enum status first_fail = ST_OK;
	for (int t = 0; t < QR__TARGET_COUNT; t++) {
		const char *a = t == QR_PROCEDURE ? q->procedure
		                : t == QR_DOSSIER ? q->dossier
		                                  : NULL;
		char *url = NULL;
		enum status rc = qr_url(ctx->cfg, (enum qr_target)t, a, &url);
		if (rc != ST_OK) {
			if (first_fail == ST_OK)
				first_fail = rc;
			continue;
		}
		q->targets[q->n] = (enum qr_target)t;
		q->urls[q->n] = url;
		q->n++;
	}
	if (q->n == 0)
		return first_fail != ST_OK ? first_fail
		                           : status_fail(ST_CONFIG, _("No QR address is set."));
	enum qr_target want = q->dossier[0] ? QR_DOSSIER : q->procedure[0] ? QR_PROCEDURE : QR_HOME;
	for (int i = 0; i < q->n; i++)
		if (q->targets[i] == want)
			q->cur = i;
	return ST_OK;
}

static void qrs_close(void *state, struct ui_context *ctx)
{
	struct qrs *q = state;
	(void)ctx;
	for (int i = 0; i < q->n; i++) {
		free(q->urls[i]);
		qr_symbol_done(&q->sym[i][QR_ECC_L]);
		qr_symbol_done(&q->sym[i][QR_ECC_M]);
	}
}

static enum ui_reaction qrs_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct qrs *q = state;
	(void)ctx;
	switch (k->action) {
	case ACT_QR_NEXT:
		q->cur = (q->cur + 1) % q->n;
		return UI_REDRAW;
	case ACT_QR_PREV:
		q->cur = (q->cur + q->n - 1) % q->n;
		return UI_REDRAW;
	case ACT_QR_INVERT:
		qr_inverted = !qr_inverted;
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
}

const struct screen screen_qr = {
    .name = "qr",
    .state_size = sizeof(struct qrs),
    .scopes = {SCOPE_QR},
    .private_data = true, /* a dossier code */
    .full_screen = true,
    .open = qrs_open,
    .close = qrs_close,
    .draw = qrs_draw,
    .key = qrs_key,
};
