/* Using an open store: the prepared-statement cache, transactions, the
 * checks, single values and text columns, and side connections to files
 * that are not the live database (db.h). */
#include "store/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/dbembed.h"
#include "util/fs.h"
#include "util/i18n.h"
#include "util/util.h"

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc;

	for (int i = 0; i < db->n_cache; i++) {
		if (db->cache[i].sql == sql) {
			s = db->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		db_status(db, rc);
		sqlite3_finalize(s);
		return NULL;
	}
	if (db->n_cache == db->cap_cache) {
		db->cap_cache = db->cap_cache ? db->cap_cache * 2 : 32;
		db->cache = xrealloc(db->cache, (size_t)db->cap_cache * sizeof *db->cache);
	}
	db->cache[db->n_cache].sql = sql;
	db->cache[db->n_cache].stmt = s;
	db->n_cache++;
	return s;
}

enum status db_exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? ST_OK : db_status(db, rc);
}

enum status db_begin(struct db *db)
{
	/* Nothing is written before the background check has said the file is
	 * sound (a save in the first second of the day waits for it). */
	if (db->bg)
		db_check_wait(db);
	if (db->damaged)
		return status_fail(ST_DB_CORRUPT, "%s", db->damage);
	return db_exec(db, "BEGIN IMMEDIATE");
}

enum status db_commit(struct db *db)
{
	enum status st = db_exec(db, "COMMIT");

	/* After a failed COMMIT (IOERR, FULL...) SQLite may or may not have
	 * rolled back; make it certain, so a retry starts clean. */
	if (st != ST_OK)
		db_rollback(db);
	return st;
}

void db_rollback(struct db *db)
{
	for (int i = 0; i < db->n_cache; i++)
		sqlite3_reset(db->cache[i].stmt);
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_schema_version(struct db *db)
{
	return (int)db_int(db, "PRAGMA user_version", -1);
}

long long db_data_version(struct db *db)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

long long db_int(struct db *db, const char *sql, long long fallback)
{
	sqlite3_stmt *s = NULL;
	long long v = fallback;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

void db_col_copy(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	str_copy(buf, size, db_col_text(st, col));
}

char *db_col_dup(sqlite3_stmt *st, int col)
{
	return xstrdup(db_col_text(st, col));
}

int db_col_key(sqlite3_stmt *st, int col, const char *const *keys, int n)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	for (int i = 0; v && i < n; i++)
		if (strcmp(v, keys[i]) == 0)
			return i;
	return -1;
}

int db_open_aside(const char *path, int flags, sqlite3 **out)
{
	int rc = sqlite3_open_v2(path, out, flags | SQLITE_OPEN_NOFOLLOW, NULL);
	if (*out) {
		sqlite3_extended_result_codes(*out, 1);
		sqlite3_db_config(*out, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		sqlite3_db_config(*out, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		sqlite3_busy_timeout(*out, DB_BUSY_TIMEOUT_MS);
	}
	return rc;
}
