/* The configuration's messages: one line per problem naming the file, the
 * line, the section, the key, the value shown safely and what is allowed,
 * with a "did you mean" for near misses. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_int.h"
#include "util/text.h"

/* ---- reporting ----------------------------------------------------------- */


/* A value as it may appear in a message: bytes that are not printable UTF-8
 * become \xNN, '"' and '\' are escaped, long values are cut with "...".
 * Caller frees. */
char *config_shown(const char *s)
{
	struct strbuf out;
	sb_init(&out);
	struct strbuf *sb = &out;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t chars = 0;
	while (*p) {
		if (chars == 80) {
			sb_add(sb, "...");
			break;
		}
		int32_t cp;
		size_t n = text_decode((const char *)p, strlen((const char *)p), &cp);
		if (cp < 0 || *p < 0x20 || *p == 0x7f) {
			sb_addf(sb, "\\x%02X", *p);
			p++;
		} else if (*p == '"' || *p == '\\') {
			sb_addc(sb, '\\');
			sb_addc(sb, (char)*p++);
		} else {
			sb_addn(sb, (const char *)p, n);
			p += n;
		}
		chars++;
	}
	return out.buf ? sb_steal(&out) : xstrdup("");
}

/* One problem with a value:  FILE: [section] key = "value": WHAT; allowed: ALLOWED */
void config_bad_value(struct ctx *c, const char *section, const char *key, const char *value,
                      const char *what, const char *allowed)
{
	c->n_errors++;
	if (!c->errors)
		return;
	char *v = config_shown(value), *k = config_shown(key);
	if (allowed)
		/* TRANSLATORS: FILE: [section] key = "value": what is wrong; allowed: ... */
		sb_addf(c->errors, _("%s: [%s] %s = \"%s\": %s; allowed: %s"), c->file, section, k,
		        v, what, allowed);
	else
		sb_addf(c->errors, _("%s: [%s] %s = \"%s\": %s"), c->file, section, k, v, what);
	sb_addc(c->errors, '\n');
	free(k);
	free(v);
}

/* A problem that is not about one value: FILE: TEXT */
void config_bad_line(struct ctx *c, const char *fmt, ...)
{
	c->n_errors++;
	if (!c->errors)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sb_addf(c->errors, "%s: %s\n", c->file, buf);
}

/* ---- "did you mean" ------------------------------------------------------ */

/* Edits between two words, a swap of two neighbours counting as one
 * ("nmae" is one edit from "name"). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Keep `known` as the guess for `typed` when it is near enough to be a typo
 * (one edit for short words, two for longer) and nearer than the guess so
 * far. */
void config_consider(const char *typed, const char *known, const char **guess, size_t *best)
{
	size_t d = edit_distance(typed, known);
	if (d <= (strlen(known) <= 4 ? 1u : 2u) && (!*guess || d < *best)) {
		*guess = known;
		*best = d;
	}
}

