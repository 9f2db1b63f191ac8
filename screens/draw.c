/* Drawing helpers for screens: every string reaches the terminal through
 * here, measured by display width and shown without diacritics when the
 * terminal is not UTF-8 (reliability.md §2.7: blank cells otherwise). */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screen.h"
#include "text.h"
#include "uiint.h"
#include "util.h"

/* The text as it will be drawn: transliterated when needed, control
 * characters made spaces (stored notes may hold anything). */
static const char *shown(struct ui_context *ctx, const char *text, char *buf, size_t size)
{
	const char *s = ctx->utf8 ? text : i18n_show(text, 7);
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	buf[i] = '\0';
	/* cut short: never end in the middle of a character */
	if (s[i] && i > 0)
		buf[text_prev_char(buf, i)] = '\0';
	return buf;
}

int ui_width(struct ui_context *ctx, const char *text)
{
	char buf[1024];
	return text ? text_width(shown(ctx, text, buf, sizeof buf)) : 0;
}

static int put(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text,
               int pad, bool right, bool cut)
{
	if (!text || y < 0 || y >= ctx->rows || x < 0 || x >= ctx->cols || w <= 0)
		return 0;
	if (w > ctx->cols - x)
		w = ctx->cols - x;
	char buf[1024];
	shown(ctx, text, buf, sizeof buf);
	size_t n = text_fit(buf, w);
	if (buf[n] && cut && w >= 4) {
		/* cut short: say so with an ellipsis rather than a clipped word */
		const char *ell = ui_glyph(ctx, UI_G_ELLIPSIS);
		int ew = text_width(ell);
		n = text_fit(buf, w - ew);
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		str_copy(buf + n, sizeof buf - n, ell);
		n = strlen(buf);
	}
	buf[n] = '\0';
	int cols = text_width(buf);
	int fill = pad ? w - cols : 0;
	attrset(ui_style_attr(ctx, style));
	move(y, x);
	if (right)
		for (int i = 0; i < fill; i++)
			addch(' ');
	addnstr(buf, (int)n);
	if (!right)
		for (int i = 0; i < fill; i++)
			addch(' ');
	attrset(A_NORMAL);
	return cols + fill;
}

int ui_put(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text)
{
	return put(ctx, y, x, w, style, text, 0, false, true);
}

int ui_put_pad(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text,
               bool right)
{
	return put(ctx, y, x, w, style, text, 1, right, true);
}

int ui_printf(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *fmt,
              ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return put(ctx, y, x, w, style, buf, 0, false, true);
}

int ui_put_raw(struct ui_context *ctx, int y, int x, int w, enum ui_style style, const char *text)
{
	return put(ctx, y, x, w, style, text, 1, false, false);
}

void ui_hline(struct ui_context *ctx, int y, int x, int w)
{
	if (y < 0 || y >= ctx->rows || x < 0)
		return;
	if (w > ctx->cols - x)
		w = ctx->cols - x;
	attrset(ui_style_attr(ctx, UI_DIM));
	move(y, x);
	for (int i = 0; i < w; i++)
		addstr(ctx->utf8 ? "\xe2\x94\x80" : "-"); /* U+2500 */
	attrset(A_NORMAL);
}

void ui_vline(struct ui_context *ctx, int y, int x, int h)
{
	if (x < 0 || x >= ctx->cols)
		return;
	attrset(ui_style_attr(ctx, UI_DIM));
	for (int i = 0; i < h && y + i < ctx->rows; i++)
		mvaddstr(y + i, x, ctx->utf8 ? "\xe2\x94\x82" : "|"); /* U+2502 */
	attrset(A_NORMAL);
}

const char *ui_glyph(struct ui_context *ctx, enum ui_glyph g)
{
	static const char *const utf8[] = {
	    [UI_G_ARROW] = "\xe2\x96\xb8",    /* ▸ */
	    [UI_G_CHOSEN] = "\xc2\xbb",       /* » */
	    [UI_G_ELLIPSIS] = "\xe2\x80\xa6", /* … */
	    [UI_G_DOT] = "\xc2\xb7",          /* · */
	    [UI_G_TIMES] = "\xc3\x97",        /* × */
	};
	static const char *const ascii[] = {
	    [UI_G_ARROW] = ">", [UI_G_CHOSEN] = ">>", [UI_G_ELLIPSIS] = "...",
	    [UI_G_DOT] = "-",   [UI_G_TIMES] = "x",
	};
	return ctx->utf8 ? utf8[g] : ascii[g];
}
