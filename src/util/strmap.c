#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

size_t strmap_hash(const char *s, size_t len)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool same(const char *stored, const char *key, size_t len)
{
	return strncmp(stored, key, len) == 0 && stored[len] == '\0';
}

long *strmap_find(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	size_t j = strmap_hash(key, len) & (m->cap - 1);
	for (; m->slots[j].key; j = (j + 1) & (m->cap - 1))
		if (same(m->slots[j].key, key, len))
			return &m->slots[j].value;
	return NULL;
}

/* Twice the room, every key placed again (at most half full after). */
static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		size_t j = strmap_hash(old.slots[i].key, strlen(old.slots[i].key)) & (m->cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (m->cap - 1);
		m->slots[j] = old.slots[i];
	}
	free(old.slots);
}

long *strmap_put(struct strmap *m, const char *key, size_t len, bool *added)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t j = strmap_hash(key, len) & (m->cap - 1);
	for (; m->slots[j].key; j = (j + 1) & (m->cap - 1))
		if (same(m->slots[j].key, key, len)) {
			if (added)
				*added = false;
			return &m->slots[j].value;
		}
	m->slots[j].key = xstrndup(key, len);
	m->slots[j].value = 0;
	m->n++;
	if (added)
		*added = true;
	return &m->slots[j].value;
}

void strmap_done(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	*m = (struct strmap){0};
}
