/* QR codes: portal URLs from templates, and the symbol drawn as text lines.
 * See qr.h for the vocabulary (module, ink) and the styles. */
#include "domain/qr.h"

#include <ctype.h>
#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"

/* The quiet zone around the symbol, in modules (ISO/IEC 18004: at least 4). */
enum { QR_QUIET = 4 };

#define QR_TARGET_NAME(id, name, caption) name,
static const char *const target_names[] = {QR_TARGETS(QR_TARGET_NAME)};
#undef QR_TARGET_NAME
#define QR_TARGET_CAPTION(id, name, caption) caption,
static const char *const target_captions[] = {QR_TARGETS(QR_TARGET_CAPTION)};
#undef QR_TARGET_CAPTION

const char *qr_target_name(enum qr_target t)
{
	if ((int)t < 0 || t >= QR__TARGET_COUNT)
		return NULL;
	return target_names[t];
}

bool qr_target_parse(const char *name, enum qr_target *out)
{
	for (int i = 0; i < QR__TARGET_COUNT; i++) {
		if (name && strcmp(name, target_names[i]) == 0) {
			*out = (enum qr_target)i;
			return true;
		}
	}
	return false;
}

const char *qr_caption(enum qr_target t)
{
	if ((int)t < 0 || t >= QR__TARGET_COUNT)
		return "";
	return _(target_captions[t]);
}

char qr_ecc_letter(enum qr_ecc ecc)
{
	static const char letters[] = "LMQH";
	return (int)ecc >= 0 && ecc <= QR_ECC_H ? letters[ecc] : '?';
}

bool qr_ecc_parse(const char *s, enum qr_ecc *out)
{
	if (!s || !s[0] || s[1])
		return false;
	const char *p = strchr("LMQHlmqh", s[0]);
	if (!p)
		return false;
	*out = (enum qr_ecc)((p - "LMQHlmqh") % 4);
	return true;
}

char *qr_percent_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb;
	sb_init(&sb);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			sb_addc(&sb, (char)c);
		} else {
			sb_addc(&sb, '%');
			sb_addc(&sb, hex[c >> 4]);
			sb_addc(&sb, hex[c & 15]);
		}
	}
	return sb_steal(&sb);
}

/* The template, its INI key and its placeholder (NULL: none) for a target. */
static const char *url_template(const struct config *cfg, enum qr_target t, const char **key,
                                const char **placeholder)
{
	*placeholder = NULL;
	switch (t) {
	case QR_HOME:
		*key = "home_url";
		return cfg->portal.home_url;
	case QR_PROCEDURE:
		*key = "procedure_url";
		*placeholder = "{code}";
		return cfg->portal.procedure_url;
	case QR_DOSSIER:
		*key = "dossier_url";
		*placeholder = "{dossier}";
		return cfg->portal.dossier_url;
	case QR_PAYMENT:
		*key = "payment_url";
		return cfg->portal.payment_url;
	case QR_VNEID:
		*key = "vneid_url";
		return cfg->portal.vneid_url;
	case QR_FEEDBACK:
		*key = "feedback_url";
		return cfg->portal.feedback_url;
	case QR__TARGET_COUNT:
		break;
	}
	*key = "?";
	return NULL;
}

enum status qr_url(const struct config *cfg, enum qr_target t, const char *arg, char **out)
{
	status_clear();
	*out = NULL;
	const char *key, *placeholder;
	const char *tpl = url_template(cfg, t, &key, &placeholder);
	if (str_empty(tpl))
		return status_fail(
		    ST_CONFIG,
		    _("no address is set for \"%s\"; set [portal] %s in the configuration"),
		    qr_caption(t), key);
	if (!placeholder || !strstr(tpl, placeholder)) {
		*out = xstrdup(tpl);
		return ST_OK;
	}
	if (str_empty(arg))
		return status_fail(ST_USAGE,
		                   t == QR_PROCEDURE
		                       ? _("the procedure's address needs its code")
		                       : _("the dossier lookup address needs the dossier code"));

	char *value = qr_percent_encode(arg);
	size_t plen = strlen(placeholder);
	struct strbuf sb;
	sb_init(&sb);
	for (const char *p = tpl, *hit; *p; p = hit + plen) {
		hit = strstr(p, placeholder);
		if (!hit) {
			sb_add(&sb, p);
			break;
		}
		sb_addn(&sb, p, (size_t)(hit - p));
		sb_add(&sb, value);
	}
	free(value);
	*out = sb_steal(&sb);
	return ST_OK;
}

/* Text columns and rows a symbol of `modules` per side takes in a style. */
static void style_size(enum qr_style style, int modules, int *cols, int *rows)
{
	if (style == QR_STYLE_WIDE || style == QR_STYLE_ASCII) {
		*cols = 2 * modules;
		*rows = modules;
	} else {
		*cols = modules;
		*rows = (modules + 1) / 2;
	}
}

static bool fits(int cols, int rows, int max_cols, int max_rows)
{
	return (max_cols <= 0 || cols <= max_cols) && (max_rows <= 0 || rows <= max_rows);
}

bool qr_render_is_dark(const struct qr_render *r, int x, int y)
{
	if (!r->dark || x < 0 || y < 0 || x >= r->modules || y >= r->modules)
		return false;
	return r->dark[(size_t)y * (size_t)r->modules + (size_t)x] != 0;
}

static bool ink(const struct qr_render *r, int x, int y)
{
	return qr_render_is_dark(r, x, y) != r->invert;
}

static void draw_lines(struct qr_render *r)
{
	/* at most 6 bytes a module ("██"); written straight into each line */
	size_t cap = (size_t)r->modules * 6 + 1;
	r->lines = xcalloc((size_t)r->height, sizeof *r->lines);
	for (int row = 0; row < r->height; row++) {
		char *p = xcalloc(cap, 1), *o = p;
		for (int x = 0; x < r->modules; x++) {
			const char *g;
			if (r->style == QR_STYLE_HALF) {
				/* The padding half-row under an odd symbol is light, so
				 * with invert it is ink like the quiet zone above it. */
				bool top = ink(r, x, 2 * row);
				bool bottom =
				    2 * row + 1 < r->modules ? ink(r, x, 2 * row + 1) : r->invert;
				g = top && bottom ? "\u2588"
				    : top         ? "\u2580"
				    : bottom      ? "\u2584"
				                  : " ";
			} else if (r->style == QR_STYLE_WIDE) {
				g = ink(r, x, row) ? "\u2588\u2588" : "  ";
			} else {
				g = ink(r, x, row) ? "##" : "  ";
			}
			size_t n = strlen(g);
			memcpy(o, g, n);
			o += n;
		}
		r->lines[row] = p;
	}
}

static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};

/* The length of a URL's "scheme://host/" when every character of it has a
 * capital in the alphanumeric set (letters, digits, '.', '-', ':'), else 0. */
static size_t url_caps_prefix(const char *text)
{
	size_t i;
	if (strncasecmp(text, "https://", 8) == 0)
		i = 8;
	else if (strncasecmp(text, "http://", 7) == 0)
		i = 7;
	else
		return 0;
	size_t host = i;
	for (; text[i] && text[i] != '/'; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!isalnum(c) && c != '.' && c != '-' && c != ':')
			return 0;
	}
	if (i == host)
		return 0;
	return text[i] == '/' ? i + 1 : i;
}

/* The symbol for text at one level: bytes as they are, or (compact) with
 * the URL's scheme and host in capitals when that gives a smaller version.
 * NULL with errno as libqrencode left it. */
static QRcode *encode(const char *text, QRecLevel level, bool compact)
{
	QRcode *plain = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
	int saved = errno;
	size_t n = compact ? url_caps_prefix(text) : 0;
	if (n == 0)
		return plain;
	char caps[64];
	if (n >= sizeof caps)
		return plain;
	for (size_t i = 0; i < n; i++)
		caps[i] = (char)toupper((unsigned char)text[i]);
	QRcode *small = NULL;
	QRinput *in = QRinput_new2(0, level);
	if (in && QRinput_append(in, QR_MODE_AN, (int)n, (const unsigned char *)caps) == 0 &&
	    (!text[n] || QRinput_append(in, QR_MODE_8, (int)strlen(text + n),
	                                (const unsigned char *)text + n) == 0))
		small = QRcode_encodeInput(in);
	if (in)
		QRinput_free(in);
	if (small && (!plain || small->version < plain->version)) {
		QRcode_free(plain);
		return small;
	}
	QRcode_free(small);
	errno = saved;
	return plain;
}

static enum status render(const char *text, enum qr_style style, bool invert, int max_cols,
                          int max_rows, enum qr_ecc ecc, int quiet, bool compact,
                          struct qr_render *out);

/* The rendering of a symbol of `width` modules a side (data: 1 bit a
 * module, the lowest) with `quiet` light modules round it. */
static void fill(struct qr_render *out, int width, const unsigned char *data, int version,
                 int quiet, enum qr_style style, bool invert)
{
	out->modules = width + 2 * quiet;
	out->version = version;
	out->style = style;
	out->invert = invert;
	out->quiet = quiet;
	size_t n = (size_t)out->modules;
	out->dark = xcalloc(n * n, 1);
	for (int y = 0; y < width; y++)
		for (int x = 0; x < width; x++)
			out->dark[(size_t)(y + quiet) * n + (size_t)(x + quiet)] =
			    data[y * width + x] & 1;
	style_size(style, out->modules, &out->width, &out->height);
	draw_lines(out);
}

enum status qr_render(const char *text, enum qr_style style, bool invert, int max_cols,
                      int max_rows, enum qr_ecc ecc, struct qr_render *out)
{
	status_clear();
	return render(text, style, invert, max_cols, max_rows, ecc, QR_QUIET, false, out);
}

static enum status render(const char *text, enum qr_style style, bool invert, int max_cols,
                          int max_rows, enum qr_ecc ecc, int quiet, bool compact,
                          struct qr_render *out)
{
	memset(out, 0, sizeof *out);
	if (quiet < 2)
		quiet = 2;
	if (quiet > QR_QUIET)
		quiet = QR_QUIET;
	if (style != QR_STYLE_WIDE && style != QR_STYLE_ASCII)
		style = QR_STYLE_HALF;
	if ((int)ecc < 0 || ecc > QR_ECC_H)
		ecc = QR_ECC_M;
	if (str_empty(text))
		return status_fail(ST_INVALID, _("there is no text to put in the QR code"));

	/* Highest level first; remember the smallest symbol tried (at L, the
	 * last one) to say what size the window needs. */
	QRcode *code = NULL;
	int level = (int)ecc, need_cols = 0, need_rows = 0;
	for (; level >= (int)QR_ECC_L; level--) {
		errno = 0;
		code = encode(text, levels[level], compact);
		if (!code) {
			if (errno == ENOMEM)
				return status_fail(ST_NOMEM, _("out of memory making the QR code"));
			continue; /* ERANGE: over the capacity of version 40 at this level */
		}
		style_size(style, code->width + 2 * quiet, &need_cols, &need_rows);
		if (fits(need_cols, need_rows, max_cols, max_rows))
			break;
		QRcode_free(code);
		code = NULL;
	}
	if (!code) {
		if (need_cols == 0)
			return status_fail(
			    ST_INVALID,
			    _("the text is %zu bytes; a QR code holds at most 2953 bytes"),
			    strlen(text));
		return status_fail(ST_INVALID,
		                   _("the QR code needs %d columns x %d rows, but only %d x %d are "
		                     "available; enlarge the window or shorten the text"),
		                   need_cols, need_rows, max_cols > 0 ? max_cols : need_cols,
		                   max_rows > 0 ? max_rows : need_rows);
	}

	fill(out, code->width, code->data, code->version, quiet, style, invert);
	out->ecc = (enum qr_ecc)level;
	out->stepped_down = level < (int)ecc;
	QRcode_free(code);
	return ST_OK;
}

enum status qr_encode(const char *text, enum qr_ecc ecc, bool compact, struct qr_symbol *out)
{
	status_clear();
	memset(out, 0, sizeof *out);
	if ((int)ecc < 0 || ecc > QR_ECC_H)
		ecc = QR_ECC_M;
	if (str_empty(text))
		return status_fail(ST_INVALID, _("there is no text to put in the QR code"));
	errno = 0;
	QRcode *code = encode(text, levels[ecc], compact);
	if (!code) {
		if (errno == ENOMEM)
			return status_fail(ST_NOMEM, _("out of memory making the QR code"));
		return status_fail(ST_INVALID,
		                   _("the text is %zu bytes; a QR code holds at most 2953 bytes"),
		                   strlen(text));
	}
	size_t n = (size_t)code->width;
	out->data = xcalloc(n * n, 1);
	for (size_t i = 0; i < n * n; i++)
		out->data[i] = code->data[i] & 1;
	out->width = code->width;
	out->version = code->version;
	out->ecc = ecc;
	QRcode_free(code);
	return ST_OK;
}

void qr_symbol_render(const struct qr_symbol *sym, enum qr_style style, bool invert, int quiet,
                      struct qr_render *out)
{
	memset(out, 0, sizeof *out);
	if (style != QR_STYLE_WIDE && style != QR_STYLE_ASCII)
		style = QR_STYLE_HALF;
	if (quiet < 2)
		quiet = 2;
	if (quiet > QR_QUIET)
		quiet = QR_QUIET;
	fill(out, sym->width, sym->data, sym->version, quiet, style, invert);
	out->ecc = sym->ecc;
}

void qr_symbol_done(struct qr_symbol *sym)
{
	free(sym->data);
	memset(sym, 0, sizeof *sym);
}

void qr_render_done(struct qr_render *r)
{
	if (r->lines)
		for (int i = 0; i < r->height; i++)
			free(r->lines[i]);
	free(r->lines);
	free(r->dark);
	memset(r, 0, sizeof *r);
}
