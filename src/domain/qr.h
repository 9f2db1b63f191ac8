/* QR codes for the citizen to scan: the portal URLs built from the config's
 * templates, and the module matrix (libqrencode) turned into lines of text
 * that the screen and `dvcdesk qr` both print.
 *
 * Vocabulary.  A *module* is one square of the QR symbol, dark or light.
 * *Ink* is what a line draws with a glyph: with invert off, ink is the dark
 * modules (dark on light: paper, light terminal themes, and the screen's
 * explicit black-on-white pair); with invert on, ink is the light modules
 * (light glyphs on a dark terminal background).  Every rendering includes
 * the 4-module quiet zone of ISO/IEC 18004, so the first and last lines are
 * all light. */
#ifndef DVCDESK_QR_H
#define DVCDESK_QR_H

#include <stdbool.h>

#include "config/config.h"
#include "util/i18n.h"
#include "util/status.h"

/* To add a target: one line here (name for --target, caption), then its
 * template in qr_url(). */
#define QR_TARGETS(_)                                                                              \
	_(HOME, "home", N_("Public service portal"))                                               \
	_(PROCEDURE, "procedure", N_("Procedure on the portal"))                                   \
	_(DOSSIER, "dossier", N_("Dossier lookup"))                                                \
	_(PAYMENT, "payment", N_("Online payment"))                                                \
	_(VNEID, "vneid", N_("VNeID app"))                                                         \
	_(FEEDBACK, "feedback", N_("Satisfaction feedback"))

#define QR_TARGET_ENUM(id, name, caption) QR_##id,
enum qr_target { QR_TARGETS(QR_TARGET_ENUM) QR__TARGET_COUNT };
#undef QR_TARGET_ENUM

/* Error correction, weakest first (recovers about 7, 15, 25, 30 %). */
enum qr_ecc { QR_ECC_L, QR_ECC_M, QR_ECC_Q, QR_ECC_H };

/* Untranslated target name ("home", "procedure", ...); NULL out of range. */
const char *qr_target_name(enum qr_target t);
/* Parse a target name; false when unknown. */
bool qr_target_parse(const char *name, enum qr_target *out);
/* The translated caption, e.g. "Tra cứu hồ sơ"; never NULL. */
const char *qr_caption(enum qr_target t);

/* 'L', 'M', 'Q' or 'H'. */
char qr_ecc_letter(enum qr_ecc ecc);
/* Parse "L|M|Q|H" (either case); false otherwise. */
bool qr_ecc_parse(const char *s, enum qr_ecc *out);

/* The URL for a target from cfg->portal's templates.  In the procedure
 * template every "{code}", in the dossier template every "{dossier}", is
 * replaced by `arg` percent-encoded byte by byte (RFC 3986: only
 * A-Z a-z 0-9 - . _ ~ are kept), so a dossier code with spaces, '&', '/',
 * '#' or Vietnamese letters cannot break the URL.  `arg` is required when
 * the target's template has its placeholder, and ignored otherwise (the
 * default dossier template is the lookup page without one).  On success *out is a new string the
 * caller frees.  Errors: ST_CONFIG when the template is empty (VNeID and feedback have no national
 * default), ST_USAGE when a required arg is missing or empty; *out is then NULL. */
enum status qr_url(const struct config *cfg, enum qr_target t, const char *arg, char **out);

/* Percent-encode s as above; caller frees. */
char *qr_percent_encode(const char *s);

struct qr_render {
	char **lines;        /* height lines, NUL-terminated UTF-8 (ASCII for that style) */
	int width;           /* display columns of every line */
	int height;          /* number of lines */
	int modules;         /* modules per side, quiet zone included */
	unsigned char *dark; /* modules*modules, row-major, 1 = dark module */
	int version;         /* QR version 1..40 */
	enum qr_ecc ecc;     /* the level used */
	bool stepped_down;   /* ecc is lower than asked, so that the code fits */
	enum qr_style style; /* HALF, WIDE or ASCII (AUTO was rendered as HALF) */
	bool invert;
	int quiet; /* light modules around the symbol on each side */
};

/* Encode `text` (UTF-8 allowed; bytes as they are, digits and capitals
 * packed denser by libqrencode) and draw it in `style`:
 *   QR_STYLE_HALF   one column and half a row per module: "█" both ink,
 *                   "▀" top, "▄" bottom, " " none.  The default.  The last
 *                   line's lower half (the module count is odd) is light.
 *   QR_STYLE_WIDE   two columns and one row per module: "██" ink, "  " not.
 *                   For fonts without half blocks (the Linux console); a
 *                   screen paints reverse-video spaces from `dark` instead.
 *   QR_STYLE_ASCII  like WIDE with "##", for terminals without UTF-8.
 *   QR_STYLE_AUTO   the caller did not resolve it: HALF.
 * Error correction starts at `ecc`; when the symbol does not fit
 * max_cols x max_rows (<= 0: no limit) or is over the capacity of a QR
 * code, it steps down one level at a time (M -> L by default) and sets
 * stepped_down.  Errors (out left empty): ST_INVALID when even L does not
 * fit, with a detail naming the size needed ("needs 45 columns x 23 rows")
 * or, past version 40, the byte count and the limit; ST_INVALID for an
 * empty text.  Free with qr_render_done() in every case. */
enum status qr_render(const char *text, enum qr_style style, bool invert, int max_cols,
                      int max_rows, enum qr_ecc ecc, struct qr_render *out);

/* One symbol at one level, not yet drawn: what the QR screen encodes once
 * per target and level, to size it and then draw it in the style, polarity
 * and quiet zone that fit.  `compact`: when it makes the symbol smaller, a
 * URL's "https://host/" is put in capitals, packed in alphanumeric mode
 * (scheme and host are case-insensitive, RFC 3986 3.1 and 3.2.2): the
 * 138-byte procedure address is then version 6 at L, not 7, and fits 24
 * rows.  Errors: ST_INVALID (empty, or over a QR code's capacity at that
 * level), ST_NOMEM; out is then empty.  Free with qr_symbol_done(). */
struct qr_symbol {
	int width;           /* modules a side, no quiet zone */
	int version;         /* 1..40 */
	enum qr_ecc ecc;     /* the level asked for, never lowered */
	unsigned char *data; /* width*width, row-major, 1 = dark */
};
enum status qr_encode(const char *text, enum qr_ecc ecc, bool compact, struct qr_symbol *out);
/* Draw a symbol with a quiet zone of `quiet` modules (clamped to 2..4; the
 * standard asks 4 of print, a screen short of rows paints at least 2, which
 * phone readers and zbar still take).  Free out with qr_render_done(). */
void qr_symbol_render(const struct qr_symbol *sym, enum qr_style style, bool invert, int quiet,
                      struct qr_render *out);
void qr_symbol_done(struct qr_symbol *sym);

/* True when module (x, y) is dark; x, y from 0 in the quiet zone's corner.
 * Outside the symbol: false (light). */
bool qr_render_is_dark(const struct qr_render *r, int x, int y);

void qr_render_done(struct qr_render *r);

#endif
