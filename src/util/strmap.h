/* A map from strings to a long, for counting and "seen before" checks over
 * one file or one report: open addressing (FNV-1a, linear probing), the
 * keys copied.  Not for data that outlives the call that fills it. */
#ifndef DVCDESK_STRMAP_H
#define DVCDESK_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap {
	struct strmap_slot {
		char *key; /* NULL: empty */
		long value;
	} * slots;
	size_t cap, n;
};

/* A zeroed struct strmap is an empty map; strmap_done() frees it. */
void strmap_done(struct strmap *m);

/* The value of the len bytes at key (not NUL-terminated), or NULL. */
long *strmap_find(const struct strmap *m, const char *key, size_t len);

/* The value of key, added as 0 when absent (*added says which, may be
 * NULL).  The pointer is valid until the next strmap_put(). */
long *strmap_put(struct strmap *m, const char *key, size_t len, bool *added);

/* The FNV-1a hash of the len bytes at s. */
size_t strmap_hash(const char *s, size_t len);

#endif
