/* UTF-8 text on utf8proc: NFC, search folding, display width, and the
 * character steps the input fields need.
 *
 * The decoder here is strict (no overlong forms, no surrogates, nothing past
 * U+10FFFF) and never reads past a NUL or past the length it is given, so
 * every function is safe on arbitrary bytes. */
#include "util/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/i18n.h"
#include "util/util.h"

/* Decode one code point from s[0..n).  Returns its byte length and sets
 * *cp; for an invalid or truncated sequence returns 1 and sets *cp = -1.
 * n == 0 returns 0.  Continuation bytes are checked one by one, so a NUL
 * (never a continuation byte) stops the sequence before it is passed. */
static size_t decode(const unsigned char *s, size_t n, int32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	int32_t v;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = (int32_t)(c & 0x1F);
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = (int32_t)(c & 0x0F);
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = (int32_t)(c & 0x07);
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* beyond U+10FFFF */
	} else {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		unsigned b = i < n ? s[i] : 0;
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (int32_t)(b & 0x3F);
	}
	*cp = v;
	return len;
}

/* decode() on a NUL-terminated string: 0 at the NUL. */
static size_t decode_z(const char *s, int32_t *cp)
{
	if (*s == '\0')
		return 0;
	return decode((const unsigned char *)s, SIZE_MAX, cp);
}

size_t text_decode(const char *s, size_t n, int32_t *cp)
{
	return decode((const unsigned char *)s, n, cp);
}

size_t text_encode(int32_t cp, char out[4])
{
	uint32_t u = (uint32_t)cp;
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xC0 | (u >> 6));
		out[1] = (char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		if (u >= 0xD800 && u <= 0xDFFF)
			return 0;
		out[0] = (char)(0xE0 | (u >> 12));
		out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
		out[2] = (char)(0x80 | (u & 0x3F));
		return 3;
	}
	if (u > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (u >> 18));
	out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
	out[3] = (char)(0x80 | (u & 0x3F));
	return 4;
}

size_t text_utf8_expected(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

bool text_is_control(int32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

ssize_t text_find_control(const char *s, bool allow_newline)
{
	size_t i = 0;
	while (s[i]) {
		int32_t cp;
		size_t len = decode_z(s + i, &cp);
		bool line_end = cp == '\n' || (cp == '\r' && s[i + 1] == '\n');
		if (cp < 0 || (text_is_control(cp) && !(allow_newline && line_end)))
			return (ssize_t)i;
		i += len;
	}
	return -1;
}

/* Characters (code points) in s[0..at). */
static size_t chars_before(const char *s, size_t at)
{
	size_t n = 0;
	int32_t cp;
	for (size_t i = 0; i < at && s[i]; i += decode_z(s + i, &cp))
		n++;
	return n;
}

enum status text_check_field(const char *label, const char *s, size_t max_bytes)
{
	status_clear();
	if (!s)
		return ST_OK;
	size_t len = strlen(s);
	if (!text_valid_utf8(s, len))
		return status_fail(ST_INVALID, _("the %s is not valid UTF-8 text"), label);
	ssize_t at = text_find_control(s, false);
	if (at >= 0)
		return status_fail(ST_INVALID,
		                   _("the %s has a control character (a tab, a line break or an "
		                     "escape sequence) at character %zu; type it on one line "
		                     "without them"),
		                   label, chars_before(s, (size_t)at) + 1);
	if (len > max_bytes)
		return status_fail(ST_INVALID,
		                   _("the %s is too long: %zu bytes, at most %zu (about %zu "
		                     "characters of Vietnamese with diacritics); shorten it"),
		                   label, len, max_bytes, max_bytes / 3);
	return ST_OK;
}

char *text_terminal_safe(const char *s, bool keep_newlines)
{
	struct strbuf sb;
	sb_init(&sb);
	size_t i = 0;
	while (s && s[i]) {
		int32_t cp;
		size_t len = decode_z(s + i, &cp);
		bool line_end = cp == '\n' || (cp == '\r' && s[i + 1] == '\n');
		if (cp < 0 || (text_is_control(cp) && !(keep_newlines && line_end)))
			sb_add(&sb, "\xEF\xBF\xBD"); /* U+FFFD: something was here */
		else
			sb_addn(&sb, s + i, len);
		i += len;
	}
	return sb.buf ? sb_steal(&sb) : xstrdup("");
}


static int cp_width(int32_t cp)
{
	if (cp < 0)
		return 1; /* an invalid byte is shown as one replacement cell */
	if (cp < 0x80)    /* what utf8proc says for ASCII, without the call */
		return cp >= 0x20 && cp < 0x7F;
	int w = utf8proc_charwidth(cp);
	return w < 0 ? 0 : w;
}

/* Bytes of the grapheme cluster (a base and its marks, UAX #29) at s, and
 * its columns in *width.  0 at the NUL.  An invalid byte is its own
 * one-column cluster. */
static size_t cluster(const char *s, int *width)
{
	int32_t cp, next;
	size_t len = decode_z(s, &cp);
	*width = 0;
	if (len == 0)
		return 0;
	*width = cp_width(cp);
	if (cp < 0)
		return len;
	int32_t state = 0;
	for (;;) {
		/* Before an ASCII character there is always a break (UAX #29),
		 * except CR LF and after a Prepend (U+0600 and above): no table
		 * look-up for the common case; screens draw every key. */
		unsigned char nb = (unsigned char)s[len];
		if (nb < 0x80 && cp < 0x600 && !(cp == '\r' && nb == '\n'))
			break;
		size_t n = decode_z(s + len, &next);
		if (n == 0 || next < 0 || utf8proc_grapheme_break_stateful(cp, next, &state))
			break;
		*width += cp_width(next);
		len += n;
		cp = next;
	}
	return len;
}

bool text_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t len = decode(p + i, n - i, &cp);
		if (cp <= 0)
			return false; /* invalid, or a NUL byte */
		i += len;
	}
	return true;
}

/* Decompose the valid UTF-8 string s with utf8proc's options into a new
 * code-point array (room for one more entry), *count set.  NULL when utf8proc
 * refuses the input. */
static int32_t *decompose(const char *s, utf8proc_option_t opts, utf8proc_ssize_t *count)
{
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, len, NULL, 0, opts);
	if (n < 0)
		return NULL;
	int32_t *buf = xmalloc(((size_t)n + 1) * sizeof(*buf));
	n = utf8proc_decompose((const utf8proc_uint8_t *)s, len, buf, n, opts);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*count = n;
	return buf;
}

char *text_nfc(const char *s)
{
	if (!s || !text_valid_utf8(s, strlen(s)))
		return NULL;
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_ssize_t n;
	int32_t *buf = decompose(s, opts, &n);
	if (!buf)
		return NULL;
	/* Re-encoding in place needs 4 bytes per code point plus the NUL,
	 * which the extra entry decompose() left provides. */
	utf8proc_ssize_t bytes = utf8proc_reencode(buf, n, opts);
	if (bytes < 0) {
		free(buf);
		return NULL;
	}
	return xrealloc(buf, (size_t)bytes + 1);
}

static bool is_mark(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* Letters and digits stay in a folded key; everything else separates words. */
static bool is_word_char(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* The fold, keeping the marks (and đ) or not. */
static char *fold(const char *s, bool strip)
{
	if (!s || !text_valid_utf8(s, strlen(s)))
		return NULL;
	/* COMPAT as well, so that full-width letters and ligatures fold to
	 * the letters people type. */
	utf8proc_option_t opts =
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	if (strip)
		opts |= UTF8PROC_STRIPMARK;
	utf8proc_ssize_t n;
	int32_t *buf = decompose(s, opts, &n);
	if (!buf)
		return NULL;
	struct strbuf out;
	sb_init(&out);
	bool space = false;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		int32_t cp = buf[i];
		/* đ (U+0111, Đ casefolds to it) has no decomposition. */
		if (strip && (cp == 0x0111 || cp == 0x0110))
			cp = 'd';
		if (is_mark(cp)) {
			if (strip || out.len == 0 || space)
				continue; /* a mark with no letter before it */
		} else if (!is_word_char(cp)) {
			space = out.len > 0;
			continue;
		}
		if (space)
			sb_addc(&out, ' ');
		space = false;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t len = utf8proc_encode_char(cp, enc);
		sb_addn(&out, (const char *)enc, (size_t)len);
	}
	free(buf);
	return sb_steal(&out);
}

char *text_fold(const char *s)
{
	return fold(s, true);
}

char *text_fold_marks(const char *s)
{
	return fold(s, false);
}

char *text_ascii(const char *s)
{
	struct strbuf out;
	sb_init(&out);
	if (!s)
		return sb_steal(&out);
	const utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK;
	int32_t cp;
	size_t len;
	for (; (len = decode_z(s, &cp)) > 0; s += len) {
		if (cp >= 0 && cp < 0x80) {
			sb_addc(&out, (char)cp);
			continue;
		}
		if (cp == 0x0110 || cp == 0x0111) {
			sb_addc(&out, cp == 0x0110 ? 'D' : 'd');
			continue;
		}
		if (cp < 0) {
			sb_addc(&out, '?');
			continue;
		}
		int32_t parts[32];
		int boundclass = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 32, opts, &boundclass);
		if (n < 0 || n > 32) {
			sb_addc(&out, '?');
			continue;
		}
		/* n == 0: a lone combining mark (NFD input) simply goes. */
		for (utf8proc_ssize_t i = 0; i < n; i++) {
			if (parts[i] < 0x80)
				sb_addc(&out, (char)parts[i]);
			else if (!is_mark(parts[i]))
				sb_addc(&out, '?');
		}
	}
	return sb_steal(&out);
}

int text_width(const char *s)
{
	int w = 0;
	int32_t cp;
	size_t len;
	for (; (len = decode_z(s, &cp)) > 0; s += len)
		w += cp_width(cp);
	return w;
}

size_t text_fit(const char *s, int cols)
{
	size_t at = 0;
	int used = 0;
	for (;;) {
		int w;
		size_t len = cluster(s + at, &w);
		if (len == 0 || used + w > cols)
			return at;
		used += w;
		at += len;
	}
}

char *text_pad(char *buf, size_t size, const char *s, int cols, bool right)
{
	if (size == 0)
		return buf;
	size_t avail = size - 1;
	if (cols < 0)
		cols = 0;
	/* Take whole clusters while they fit the columns and, with the padding
	 * still owed, the bytes left in buf.  A cluster never takes fewer
	 * bytes than columns, so the first one that overflows ends it. */
	size_t take = 0;
	int used = 0;
	for (;;) {
		int w;
		size_t len = cluster(s + take, &w);
		if (len == 0 || used + w > cols)
			break;
		size_t need = take + len + (size_t)(cols - used - w);
		if (need > avail)
			break;
		take += len;
		used += w;
	}
	size_t pad = (size_t)(cols - used);
	if (take + pad > avail)
		pad = avail - take;
	char *p = buf;
	if (right) {
		memset(p, ' ', pad);
		memcpy(p + pad, s, take);
	} else {
		memcpy(p, s, take);
		memset(p + take, ' ', pad);
	}
	p[take + pad] = '\0';
	return buf;
}

size_t text_char_len(const char *s)
{
	int32_t cp;
	return decode_z(s, &cp);
}

size_t text_prev_char(const char *s, size_t at)
{
	size_t i = 0, last = 0;
	while (i < at) {
		int w;
		size_t len = cluster(s + i, &w);
		if (len == 0)
			break;
		last = i;
		i += len;
	}
	return last;
}

size_t text_next_char(const char *s, size_t at)
{
	/* Walk from the start so that `at` inside a cluster still steps to the
	 * end of that cluster. */
	size_t i = 0;
	while (i <= at) {
		int w;
		size_t len = cluster(s + i, &w);
		if (len == 0)
			break;
		i += len;
	}
	return i;
}

const char *text_capitalize(const char *s, char *buf, size_t size)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
	if (n <= 0 || size < 8) {
		str_copy(buf, size, s);
		return buf;
	}
	utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)buf);
	str_copy(buf + m, size - (size_t)m, s + n);
	return buf;
}
