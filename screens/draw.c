/* Drawing helpers for screens: every string reaches the terminal through
 * here, measured by display width and shown without diacritics when the
 * terminal is not UTF-8 (docs/reliability.md §4: blank cells otherwise). */
#include <curses.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "screen.h"
#include "util/text.h"
#include "uiint.h"
#include "util/util.h"

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

/* Draw `before` spaces, s[0..n) and `after` spaces in one addnwstr() call:
 * decoded here, ncurses has no multibyte conversion to do byte by byte
 * (mbrtowc, wctob: a third of what a key cost at the counter).  False,
 * with nothing drawn, for text that is not plain valid UTF-8 (an invalid
 * byte or a control character): addnstr() shows that as it always has. */
static bool add_wide(const char *s, size_t n, int before, int after)
{
	wchar_t wide[1024 + 2 * 512];
	if (before < 0 || after < 0 || before > 512 || after > 512 || n > 1024 ||
	    !text_valid_utf8(s, n))
		return false;
	size_t k = 0;
	for (int i = 0; i < before; i++)
		wide[k++] = L' ';
	for (size_t i = 0; i < n;) {
		unsigned c = (unsigned char)s[i];
		uint32_t cp;
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
		for (size_t j = 1; j < len; j++)
			cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return false;
		wide[k++] = (wchar_t)cp;
		i += len;
	}
	for (int i = 0; i < after; i++)
		wide[k++] = L' ';
	addnwstr(wide, (int)k);
	return true;
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
	if (!add_wide(buf, n, right ? fill : 0, right ? 0 : fill)) {
		if (right)
			for (int i = 0; i < fill; i++)
				addch(' ');
		addnstr(buf, (int)n);
		if (!right)
			for (int i = 0; i < fill; i++)
				addch(' ');
	}
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
	if (w <= 0)
		return;
	/* One call for the row, not one multibyte conversion per cell: the
	 * counter draws this on every key. */
	chtype attr = ui_style_attr(ctx, UI_DIM);
	attrset(attr);
	if (ctx->utf8) {
		cchar_t cell;
		const wchar_t line[] = {0x2500, 0}; /* ─ */
		setcchar(&cell, line, attr & A_ATTRIBUTES & ~A_COLOR, (short)PAIR_NUMBER(attr),
		         NULL);
		mvhline_set(y, x, &cell, w);
	} else {
		mvhline(y, x, '-' | attr, w);
	}
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
