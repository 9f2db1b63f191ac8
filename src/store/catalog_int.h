/* Private to the catalogue (src/store/catalog*.c): the in-memory copy the
 * search ranks, shared by catalog_cache.c (loading it and keeping it
 * current) and catalog_search.c (ranking), and the code helpers the import
 * shares.  Nothing outside the catalogue includes this. */
#ifndef DVCDESK_CATALOG_INT_H
#define DVCDESK_CATALOG_INT_H

#include <stdint.h>

#include "store/catalog.h"

#define MAX_WORDS 64 /* words of a name the word matching looks at */

struct entry {
	/* Quick refusal: which bytes the key has, and which start a word
	 * (byte_bit()); a query byte the key lacks rules out every name tier.
	 * The same for adjacent byte pairs (pair_bit()): every pair of the key,
	 * for the substring tier, and the first two bytes of each word, for
	 * the word-prefix tiers. */
	uint64_t bytes, starts, pairs, wpairs;
	/* In catalog_copy.text, NUL-terminated (offsets, not pointers: the text grows
	 * while loading, and they take half the room).  Names and fields are
	 * not kept: only the results shown are read, by rowid. */
	uint32_t code_at, key_at;
	uint32_t rowid; /* 0: larger than 32 bits, read by code */
	int32_t use;    /* saturated */
	uint32_t word;  /* first index in catalog_copy.words */
	uint16_t key_len;
	uint8_t n_words;
};

struct word {
	uint8_t at, len; /* in entry.key: names are under 256 bytes, longer keys'
	                  * later words are left to the substring tier */
};

/* One per connection that has had a copy.  Its functions' destructor (run
 * by SQLite when the connection closes) tells us the handle is gone, so a
 * new connection at the same address can never see a stale copy.  TEMP
 * triggers on the connection count its writes to the catalogue: a visit
 * saved bumps a use count, which is copied in place, while a new name, a
 * withdrawal or a rolled-back transaction makes the next search reload. */
struct conn_token {
	sqlite3 *h;
	unsigned long long writes; /* catalogue writes and rollbacks on h */
	bool triggers;             /* the triggers are in place */
	struct conn_token *next;
};


/* The one copy (one per process: the counter and each command have one
 * connection), and the connection it was loaded from. */
struct catalog_copy {
	sqlite3 *h;               /* the connection the copy is from; NULL: no copy */
	struct conn_token *token; /* h's; NULL: reload on every search */
	unsigned long long writes;
	sqlite3_int64 changes; /* without the triggers: every change reloads */
	long long data_version;
	struct entry *e;
	size_t n;
	struct word *words;
	size_t n_words;
	struct strbuf text; /* every string of the entries, NUL-separated */
	char **marks;       /* owned text_fold_marks() results, by entry */
	/* The names and fields read lately ("name\0field"), by entry index:
	 * typing shows mostly the same results key after key. */
	struct text_slot {
		uint32_t entry_1; /* entry index + 1; 0: empty */
		char *text;
	} slots[256];
	/* The matches of the last search: a query that only adds letters to it
	 * can only match among them (see catalog_search). */
	char *last_fold, *last_code;
	uint32_t *hits;
	size_t n_hits;
	bool reading; /* entry_text() began a read transaction */
};
extern struct catalog_copy catalog_copy;

/* byte_bit_of() for every byte, made once by catalog_byte_bits_init(). */
extern uint64_t catalog_byte_bits[256];

static inline const char *entry_code(const struct entry *e)
{
	return catalog_copy.text.buf + e->code_at;
}

static inline const char *entry_key(const struct entry *e)
{
	return catalog_copy.text.buf + e->key_at;
}

static inline uint64_t byte_bit(unsigned char c)
{
	return catalog_byte_bits[c];
}

/* A 64-bit Bloom filter of byte pairs. */
static inline uint64_t pair_bit(unsigned char a, unsigned char b)
{
	return 1ull << (((unsigned)a * 31u + b) & 63u);
}

/* Fill catalog_byte_bits (once). */
void catalog_byte_bits_init(void);
/* The byte_bit()s of every byte of s but spaces. */
uint64_t catalog_bytes_mask(const char *s);
/* Whether the copy is db's and current (dv: db_data_version()). */
bool catalog_copy_current(struct db *db, long long dv);
/* Make the copy current for db; false when it cannot be loaded. */
bool catalog_copy_fresh(struct db *db);
/* ASCII letters to upper case, in place (codes are stored upper-case). */
void catalog_upper_ascii(char *s);

#endif
