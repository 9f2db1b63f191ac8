/* The procedure catalogue (danh mục TTHC): the seed list compiled in, CSV
 * import, and the search the counter's first field runs on every key. */
#ifndef DVCDESK_CATALOG_H
#define DVCDESK_CATALOG_H

#include <stdbool.h>
#include <stdio.h>

#include "db.h"
#include "util.h"

struct procedure {
	char code[48];
	char name[256];
	char field[96];
	long use_count;
};

/* True for the three code shapes of DOMAIN.md: 1.001193, 1.004850A,
 * 1.000110.000.00.00.H01. */
bool catalog_code_valid(const char *code);

/* Load the compiled-in seed list when the catalogue is empty. */
enum status catalog_ensure_seed(struct db *db);

/* Import a CSV (RFC 4180, UTF-8 with or without BOM, a header row naming at
 * least `code` and `name`, optionally `field`): adds or updates procedures,
 * NFC-normalised, in one transaction.  Each rejected row is one line in
 * `rejects` ("line N: why").  added and updated may be NULL.  A file that is
 * not valid CSV at all, or has no code/name columns, is ST_INVALID and
 * changes nothing. */
enum status catalog_import(struct db *db, const char *data, size_t len, const char *origin,
			   int *added, int *updated, struct strbuf *rejects);

/* Search: a code prefix first, then names whose folded words start with the
 * folded query's words in order ("dk khai sinh", "khai sinh") or whose word
 * initials match ("ks", "dkks"), then folded substring; ties by use count
 * then code.  Empty query: the most used.  Fills at most max results;
 * returns how many. */
int catalog_search(struct db *db, const char *query, struct procedure *out, int max);

enum status catalog_get(struct db *db, const char *code, struct procedure *out);

/* Count of active procedures. */
long catalog_count(struct db *db);

#endif
