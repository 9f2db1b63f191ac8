#include "util/i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/text.h"
#include "util/util.h"

#define DOMAIN "dvcdesk"

static bool utf8_codeset;

static bool has_catalog(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

/* The catalogue folder: $DVCDESK_LOCALEDIR, else the build tree's when the
 * binary runs from it (build/locale beside or above the executable), or from a
 * moved installed tree (BIN/../share/locale), else the installed LOCALEDIR. */
static void bind_catalog(void)
{
	const char *env = getenv("DVCDESK_LOCALEDIR");
	if (env && *env) {
		bindtextdomain(DOMAIN, env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* ../share/locale: an installed tree moved elsewhere (a .deb
		 * unpacked with dpkg-deb -x, a PREFIX copied as a whole) */
		static const char *const rel[] = {"/build/locale", "/locale", "/../locale",
		                                  "/../share/locale"};
		for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
			char dir[PATH_MAX];
			int len = snprintf(dir, sizeof(dir), "%s%s", exe, rel[i]);
			if (len > 0 && (size_t)len < sizeof(dir) && has_catalog(dir)) {
				bindtextdomain(DOMAIN, dir);
				return;
			}
		}
	}
	bindtextdomain(DOMAIN, LOCALEDIR);
}

void i18n_init(enum lang lang)
{
	if (!setlocale(LC_ALL, "")) {
		/* The requested locale is not generated (Debian ships only C,
		 * C.UTF-8 and POSIX): keep going in C.UTF-8 rather than ASCII. */
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C");
	}
	utf8_codeset = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* gettext ignores LANGUAGE in the C locale; messages are still wanted
	 * (shown without diacritics when the terminal is not UTF-8). */
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs && (strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	bind_catalog();
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	const char *env = getenv("LANGUAGE");
	if (!env || !*env)
		i18n_set_language(lang);
}

void i18n_set_language(enum lang lang)
{
	setenv("LANGUAGE", lang == LANG_EN ? "en" : "vi", 1);
	/* glibc caches translations; this counter tells it to look again
	 * (gettext manual, "Being a gettext grok"). */
	extern int _nl_msg_cat_cntr;
	++_nl_msg_cat_cntr;
}

bool i18n_utf8(void)
{
	return utf8_codeset;
}

const char *i18n_show(const char *utf8, int slot)
{
	static char *slots[8];
	if (utf8_codeset || !utf8)
		return utf8;
	slot &= 7;
	free(slots[slot]);
	slots[slot] = text_ascii(utf8);
	return slots[slot] ? slots[slot] : "?";
}

const char *i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = gettext(key);
	return t == key ? msgid : t;
}

const char *i18n_ptext(const char *key)
{
	const char *eot = strchr(key, '\004');
	return i18n_pgettext(key, eot ? eot + 1 : key);
}
