/* Dossier codes (mã hồ sơ) and phone numbers: normalise, then check shape.
 * An unknown dossier shape is a warning the volunteer may confirm. */
#ifndef DVCDESK_DOSSIER_H
#define DVCDESK_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

/* Normalise in place: trim, drop inner spaces, upper-case ASCII letters.
 * Returns s. */
char *dossier_normalize(char *s);

/* True when the (normalised) code matches one of the config's patterns (the
 * default pattern is Circular 01/2018's).  An empty code never matches. */
bool dossier_matches(const struct config *cfg, const char *code);

/* True when the code is at most 63 bytes of printable ASCII: anything else
 * is refused, not merely warned about. */
bool dossier_acceptable(const char *code);

/* Normalise a Vietnamese phone number into out (digits, +84 -> 0); false if
 * it is not 10 digits starting with 0 after that. */
bool phone_normalize(const char *in, char *out, size_t size);

#endif
