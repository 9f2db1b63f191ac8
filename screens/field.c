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

/* A key past the field's limit is refused out loud, never dropped unseen
 * (a paste into the note stops at the limit and says so). */
static void ui_field_full(struct ui_context *ctx, const struct ui_field *f)
{
	size_t max = field_max(f);
	ui_status(ctx, UI_WARN,
	          _("the field is full: at most %zu bytes (about %zu letters with diacritics); "
	            "what came after was not typed"),
	          max, max / 3);
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
	/* A terminal that is not UTF-8 still gets whole characters: ui.c decodes
	 * its UTF-8 bytes (a Vietnamese letter pasted under LANG=C), stored as
	 * UTF-8 and shown without diacritics. */
	(void)ctx;
	if (f->digits && (code < '0' || code > '9'))
		return true;
	char u[4];
	size_t n = text_encode(code, u);
	if (n == 0)
		return true;
	if (len + n > field_max(f)) {
		ui_field_full(ctx, f);
		return true;
	}
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
