/* The procedure catalogue (danh mục TTHC): the seed list compiled in, CSV
 * import, and the search the counter's first field runs on every key. */
#ifndef DVCDESK_CATALOG_H
#define DVCDESK_CATALOG_H

#include <stdbool.h>
#include <stdio.h>

#include "store/db.h"
#include "util/util.h"

struct procedure {
	char code[48];
	char name[256];
	char field[96];
	long use_count;
	bool active; /* false: withdrawn by the centre, kept for old visits */
};

/* True for the three code shapes of docs/domain.md: 1.001193, 1.004850A,
 * 1.000110.000.00.00.H01. */
bool catalog_code_valid(const char *code);

/* Load the compiled-in seed list when the catalogue is empty (no row at all,
 * active or not). */
enum status catalog_ensure_seed(struct db *db);

/* Import a CSV (RFC 4180, UTF-8 with or without BOM, a header row naming at
 * least `code` and `name`, optionally `field`): adds or updates procedures,
 * NFC-normalised, in one transaction.  Header names are matched
 * case-insensitively in any order (Vietnamese "mã", "tên", "lĩnh vực" too);
 * other columns are ignored.  Codes are upper-cased; names and fields have
 * white-space runs made one space.  A row equal to what is stored counts as
 * neither added nor updated; an imported row is active again; use counts
 * stay; without a field column an update keeps the stored field.  Each
 * rejected row (bad code shape, empty or too long name, invalid UTF-8, wrong
 * field count, a code repeated in the file) is one line in `rejects`
 * ("line N: why\n"); the other rows are imported.  added and updated may be
 * NULL.  A file that is not valid CSV anywhere (the detail names the line),
 * or has no code/name columns, is ST_INVALID and changes nothing. */
enum status catalog_import(struct db *db, const char *data, size_t len, const char *origin,
                           int *added, int *updated, struct strbuf *rejects);

/* Search the active procedures; query and names are compared folded
 * (text_fold: no case, no diacritics, đ = d).  Best first:
 *   1. the code starts with the query ("1.0011", case-insensitive);
 *   2. the name's first words start with the query's words ("dang ky k");
 *   3. consecutive words of the name start with them ("khai sinh");
 *   4. words in order with other words between ("dang sinh");
 *   5. each query word spells the beginnings of consecutive words, in
 *      pieces that are one letter or a whole word (the last piece may be
 *      any beginning), so initials and run-together words work: "ks",
 *      "dkks", "dk khai sinh", "dangky", "dangk";
 *   6. the folded name contains the folded query, or the code contains it.
 * Within a tier a query typed with diacritics puts names with the same
 * diacritics first, then the most used, then the code.  An empty query lists
 * the most used.  Fills at most max results; returns how many (0 also when
 * the catalogue cannot be read).  Runs on an in-memory copy of the
 * catalogue kept per connection and reloaded after any write. */
int catalog_search(struct db *db, const char *query, struct procedure *out, int max);

/* Load the search's copy of the catalogue now if it is not current: the
 * counter calls it while idle, so that the first key typed does not wait
 * for it (the shortcuts need no copy: catalog_search(db, "", ...) reads
 * the use-count index). */
void catalog_warm(struct db *db);

/* The procedure with this code (trimmed, case-insensitive), active or not:
 * ST_NOT_FOUND with a detail when there is none. */
enum status catalog_get(struct db *db, const char *code, struct procedure *out);

/* Count of active procedures. */
long catalog_count(struct db *db);

#endif
