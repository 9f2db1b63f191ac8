/* libFuzzer: the input checks of issue 13 §3 -- the one UTF-8 decoder and
 * encoder (text_decode/text_encode), the free-text check
 * (text_check_field), the terminal filter (text_terminal_safe), the uid
 * normaliser (visit_uid_normalise) and str_format's cut -- on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/visit.h"
#include "util/text.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The decoder on the raw bytes, with their length: every valid
	 * character encodes back to the same bytes. */
	const char *raw = (const char *)data;
	for (size_t i = 0; i < size;) {
		int32_t cp;
		size_t n = text_decode(raw + i, size - i, &cp);
		if (n == 0 || n > size - i)
			abort();
		if (cp >= 0) {
			char out[4];
			if (text_encode(cp, out) != n || memcmp(out, raw + i, n) != 0)
				abort();
		}
		i += n;
	}

	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	/* Accepted text is valid UTF-8, control-free and within the limit. */
	status_clear();
	if (text_check_field("note", s, 255) == ST_OK &&
	    (strlen(s) > 255 || !text_valid_utf8(s, strlen(s)) || text_find_control(s, false) >= 0))
		abort();
	/* What reaches a terminal has no control character left. */
	char *safe = text_terminal_safe(s, false);
	if (text_find_control(safe, false) >= 0)
		abort();
	free(safe);
	safe = text_terminal_safe(s, true);
	if (text_find_control(safe, true) >= 0)
		abort();
	free(safe);

	/* A normalised uid is canonical and normalises to itself. */
	char uid[VISIT_UID_SIZE], again[VISIT_UID_SIZE];
	if (visit_uid_normalise(s, uid)) {
		if (!visit_uid_valid(uid) || !visit_uid_normalise(uid, again) || strcmp(uid, again))
			abort();
	} else if (uid[0]) {
		abort();
	}

	/* A message cut to fit never ends in half a character. */
	char small[17];
	str_format(small, sizeof small, "%s", s);
	if (text_valid_utf8(s, strlen(s)) && !text_valid_utf8(small, strlen(small)))
		abort();
	free(s);
	return 0;
}
