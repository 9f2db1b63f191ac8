/* The procedure catalogue: code shapes, the seed list, lookups.  The search
 * the counter runs on every key is in catalog_search.c over the in-memory
 * copy of catalog_cache.c (catalog_int.h); the CSV import in
 * catalog_import.c.
 *
 * Search runs on every key over catalogues of ten thousand procedures, so it
 * does not go to SQL: the active catalogue is loaded once per connection into
 * memory and ranked in C (well under a millisecond).  The copy is reloaded when
 * this connection has written anything (sqlite3_total_changes64) or another
 * one has (PRAGMA data_version), and dropped when the connection closes. */
#include "store/catalog_int.h"

#include <stdlib.h>
#include <string.h>

#include "store/dbembed.h"
#include "util/i18n.h"
#include "util/text.h"

/* The three shapes of docs/domain.md: 1.001193, 1.004850A and 1.000110.000.00.00.H01
 * (up to six dot-separated parts of upper-case letters and digits). */
bool catalog_code_valid(const char *code)
{
	const char *p = code;
	if (!p || !(p[0] >= '0' && p[0] <= '9') || p[1] != '.')
		return false;
	p += 2;
	for (int i = 0; i < 6; i++, p++)
		if (!(*p >= '0' && *p <= '9'))
			return false;
	if (*p >= 'A' && *p <= 'Z')
		p++;
	for (int parts = 0; *p; parts++) {
		if (*p != '.' || parts == 6)
			return false;
		p++;
		size_t n = 0;
		while ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'))
			p++, n++;
		if (n == 0 || n > 6)
			return false;
	}
	return (size_t)(p - code) < sizeof(((struct procedure *)0)->code);
}

void catalog_upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* ---- Lookups ------------------------------------------------------------ */

enum status catalog_get(struct db *db, const char *code, struct procedure *out)
{
	status_clear();
	static const char sql[] = "SELECT code, name, field, use_count, active FROM procedure"
	                          " WHERE code = ?";
	char key[sizeof(out->code)];
	str_copy(key, sizeof(key), code ? code : "");
	str_trim(key);
	catalog_upper_ascii(key);
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	enum status res = ST_OK;
	if (rc == SQLITE_ROW) {
		str_copy(out->code, sizeof(out->code), (const char *)sqlite3_column_text(st, 0));
		str_copy(out->name, sizeof(out->name), (const char *)sqlite3_column_text(st, 1));
		str_copy(out->field, sizeof(out->field), (const char *)sqlite3_column_text(st, 2));
		out->use_count = (long)sqlite3_column_int64(st, 3);
		out->active = sqlite3_column_int(st, 4) != 0;
	} else if (rc == SQLITE_DONE) {
		res = status_fail(ST_NOT_FOUND, _("no procedure has the code %s"), key);
	} else {
		res = db_status(db, rc);
	}
	sqlite3_reset(st);
	return res;
}

long catalog_count(struct db *db)
{
	return (long)db_int(db, "SELECT count(*) FROM procedure WHERE active = 1", 0);
}

enum status catalog_ensure_seed(struct db *db)
{
	status_clear();
	long long n = db_int(db, "SELECT count(*) FROM procedure", -1);
	if (n < 0)
		return status_fail(ST_DB_ERROR, _("cannot read the procedure catalogue"));
	if (n > 0)
		return ST_OK;
	struct strbuf rejects;
	sb_init(&rejects);
	enum status st =
	    catalog_import(db, embedded_seed_catalog, (size_t)embedded_seed_catalog_len, "seed",
	                   NULL, NULL, &rejects);
	sb_done(&rejects);
	return st;
}
