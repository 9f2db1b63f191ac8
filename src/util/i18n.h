/* Translation: English msgids in the source, Vietnamese as the default UI. */
#ifndef DVCDESK_I18N_H
#define DVCDESK_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s)       gettext(s)
#define N_(s)      (s)
#define P_(ctx, s) i18n_pgettext(ctx "\004" s, s)
/* A msgid with its context, kept in a table (src/store/visit.h) and shown
 * with i18n_ptext(); `make pot` extracts it like P_. */
#define NP_(ctx, s) ctx "\004" s

enum lang { LANG_VI, LANG_EN };

/* Set the locale from the environment (falling back to C.UTF-8 when the
 * requested locale is not generated), bind the message catalogue (installed,
 * or the build tree's when run from it) and select the UI language.  An
 * explicit LANGUAGE in the environment wins over `lang`.  Never fails: with
 * no catalogue the UI is English. */
void i18n_init(enum lang lang);

/* Switch the UI language at run time. */
void i18n_set_language(enum lang lang);

/* True when the terminal's character set is UTF-8; false means labels must be
 * shown without diacritics (see text_ascii()). */
bool i18n_utf8(void);

/* Text in the UI language, transliterated to ASCII when the locale cannot
 * show UTF-8.  The result lives until the next call with the same slot
 * (0..7); meant for immediate display. */
const char *i18n_show(const char *utf8, int slot);

/* pgettext for a "ctx\004msgid" key: the translation or the bare msgid. */
const char *i18n_pgettext(const char *key, const char *msgid);

/* The translation of an NP_() key, or its msgid (what follows the context). */
const char *i18n_ptext(const char *key);

#endif
