/* Dossier codes and phone numbers.  Pure functions on bounded input, apart
 * from the cache of compiled patterns. */
#include "domain/dossier.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Circular 01/2018/TT-VPCP art. 19, e.g. 000.00.20.H08-240327-0001, for a
 * caller without a configuration. */
static const char default_pattern[] =
    "^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$";

/* Patterns compiled once, keyed by their text (a reloaded config may put
 * another pattern at the same address). */
struct compiled {
	char *pattern;
	regex_t re;
	bool ok;
};
static struct compiled *cache;
static size_t n_cache, cap_cache;

static const struct compiled *compiled(const char *pattern)
{
	for (size_t i = 0; i < n_cache; i++)
		if (strcmp(cache[i].pattern, pattern) == 0)
			return &cache[i];
	if (n_cache == cap_cache) {
		cap_cache = cap_cache ? cap_cache * 2 : 8;
		cache = xrealloc(cache, cap_cache * sizeof(*cache));
	}
	struct compiled *c = &cache[n_cache++];
	c->pattern = xstrdup(pattern);
	/* The config helper rejects patterns that do not compile; a bad one
	 * that slips through simply never matches. */
	c->ok = regcomp(&c->re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
	return c;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *dossier_normalize(char *s)
{
	char *w = s;
	for (const char *p = s; *p; p++) {
		if (is_blank(*p))
			continue;
		*w++ = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	}
	*w = '\0';
	return s;
}

bool dossier_matches(const struct config *cfg, const char *code)
{
	if (!code || !*code)
		return false;
	char *norm = dossier_normalize(xstrdup(code));
	bool hit = false;
	if (!cfg) {
		const struct compiled *c = compiled(default_pattern);
		hit = c->ok && regexec(&c->re, norm, 0, NULL, 0) == 0;
	} else {
		for (size_t i = 0; i < cfg->n_dossier_patterns && !hit; i++) {
			const struct compiled *c = compiled(cfg->dossier_patterns[i]);
			hit = c->ok && regexec(&c->re, norm, 0, NULL, 0) == 0;
		}
	}
	free(norm);
	return hit;
}

bool dossier_acceptable(const char *code)
{
	if (!code)
		return true;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++, n++)
		if (*p < 0x20 || *p > 0x7E || n >= 63)
			return false;
	return true;
}

bool phone_normalize(const char *in, char *out, size_t size)
{
	char d[16];
	size_t n = 0;
	bool plus = false;
	if (size > 0)
		out[0] = '\0';
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '\t')
			continue;
		if (c == '+' && n == 0 && !plus) {
			plus = true;
			continue;
		}
		if (c < '0' || c > '9' || n >= sizeof(d) - 1)
			return false;
		d[n++] = c;
	}
	d[n] = '\0';
	const char *rest = d;
	/* The country code: +84, 0084, or a bare 84 before nine more digits
	 * (a bare 84 is otherwise ambiguous: 084... is a mobile prefix). */
	bool country = false;
	if (plus) {
		if (n < 2 || memcmp(d, "84", 2) != 0)
			return false;
		rest = d + 2;
		country = true;
	} else if (n >= 4 && memcmp(d, "0084", 4) == 0) {
		rest = d + 4;
		country = true;
	} else if (n == 11 && memcmp(d, "84", 2) == 0) {
		rest = d + 2;
		country = true;
	}
	char num[20];
	/* "+84 (0)912..." keeps its own 0. */
	snprintf(num, sizeof(num), "%s%s", country && rest[0] != '0' ? "0" : "", rest);
	if (strlen(num) != 10 || num[0] != '0' || size < 11)
		return false;
	memcpy(out, num, 11);
	return true;
}
