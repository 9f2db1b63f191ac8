/* One-line text fields: UTF-8 in, edited by whole characters. */
#include <string.h>

#include "util/i18n.h"
#include "screen.h"
#include "util/text.h"
#include "util/util.h"

static size_t field_max(const struct ui_field *f)
{
	return f->max && f->max < UI_FIELD_MAX ? f->max : UI_FIELD_MAX - 1;
}

void ui_field_clear(struct ui_field *f)
{
	f->buf[0] = '\0';
	f->cur = 0;
}

void ui_field_set(struct ui_field *f, const char *text)
{
	size_t max = field_max(f);
	str_copy(f->buf, max + 1 < sizeof f->buf ? max + 1 : sizeof f->buf, text ? text : "");
	f->cur = strlen(f->buf);
}

static size_t encode(int cp, char out[4])
{
	unsigned u = (unsigned)cp;
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xc0 | (u >> 6));
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		out[0] = (char)(0xe0 | (u >> 12));
		out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		out[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (u >> 18));
	out[1] = (char)(0x80 | ((u >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((u >> 6) & 0x3f));
	out[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

/* The end of the character at `at`, with the combining marks after it (an
 * IME that sends a base letter and its marks apart must lose both at once). */
static size_t next_char(const char *s, size_t at)
{
	size_t n = at + text_char_len(s + at);
	while (s[n]) {
		size_t len = text_char_len(s + n);
		char one[8];
		memcpy(one, s + n, len);
		one[len] = '\0';
		if (text_width(one) != 0)
			break;
		n += len;
	}
	return n;
}

bool ui_field_key(struct ui_field *f, struct ui_context *ctx, int code, bool *changed)
{
	bool dummy;
	if (!changed)
		changed = &dummy;
	*changed = false;
	size_t len = strlen(f->buf);
	switch (code) {
	case KEYC_BACKSPACE:
		if (f->cur > 0) {
			size_t from = text_prev_char(f->buf, f->cur);
			memmove(f->buf + from, f->buf + f->cur, len - f->cur + 1);
			f->cur = from;
			*changed = true;
		}
		return true;
	case KEYC_DEL:
		if (f->cur < len) {
			size_t to = next_char(f->buf, f->cur);
			memmove(f->buf + f->cur, f->buf + to, len - to + 1);
			*changed = true;
		}
		return true;
	case KEYC_LEFT:
		if (f->cur > 0)
			f->cur = text_prev_char(f->buf, f->cur);
		return true;
	case KEYC_RIGHT:
		if (f->cur < len)
			f->cur = next_char(f->buf, f->cur);
		return true;
	case KEYC_HOME:
		f->cur = 0;
		return true;
	case KEYC_END:
		f->cur = len;
		return true;
	default:
		break;
	}
	if (code < 0x20 || code >= KEYC_BASE || code == 0x7f || (code >= 0x80 && code < 0xa0))
		return false;
	if (code >= 0x80 && !ctx->utf8)
		return true; /* a byte of some other charset: not text we can store */
	if (f->digits && (code < '0' || code > '9'))
		return true;
	char u[4];
	size_t n = encode(code, u);
	if (len + n > field_max(f))
		return true;
	memmove(f->buf + f->cur + n, f->buf + f->cur, len - f->cur + 1);
	memcpy(f->buf + f->cur, u, n);
	f->cur += n;
	*changed = true;
	return true;
}

void ui_field_draw(struct ui_context *ctx, const struct ui_field *f, int y, int x, int w,
                   bool focus)
{
	if (w <= 0)
		return;
	char masked[UI_FIELD_MAX];
	const char *text = f->buf;
	size_t cur = f->cur;
	if (f->secret) {
		size_t n = 0;
		for (size_t i = 0; f->buf[i] && n + 1 < sizeof masked;
		     i += text_char_len(f->buf + i))
			masked[n++] = '*';
		masked[n] = '\0';
		size_t chars = 0;
		for (size_t i = 0; i < f->cur; i += text_char_len(f->buf + i))
			chars++;
		text = masked;
		cur = chars;
	}
	/* Scroll so that the cursor stays inside: show the tail that ends at
	 * the cursor when the text before it is wider than the field. */
	char before[UI_FIELD_MAX];
	memcpy(before, text, cur);
	before[cur] = '\0';
	size_t start = 0;
	while (ui_width(ctx, before + start) > w - 1 && before[start])
		start += text_char_len(before + start);
	ui_put_raw(ctx, y, x, w, focus ? UI_FOCUS : UI_FIELD, text + start);
	if (focus)
		ui_cursor(ctx, y, x + ui_width(ctx, before + start));
}
