/* What the storage unit tests (db, visit, staff, shift, audit) share: a
 * private temporary folder per test, a fresh database in it, a clock the
 * test moves, and raw-SQL rows for what other modules own (procedures). */
#ifndef DVCDESK_TESTS_STORAGE_FIXTURE_H
#define DVCDESK_TESTS_STORAGE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "util/util.h"

struct fx {
	char dir[64];
	char path[128];
	struct db *db;
};

/* 2026-11-22 09:15:00 in Asia/Ho_Chi_Minh (UTC+7). */
#define FX_T0 ((time_t)1795313700)

static time_t fx_time = FX_T0;
static inline time_t fx_clock(void)
{
	return fx_time;
}

static inline void fx_env(void)
{
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	if (sodium_init() < 0)
		abort();
}

static inline int fx_rm(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A temporary folder, no database yet (path is dir/data/dvcdesk.db). */
static inline int fx_setup_dir(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");

	snprintf(fx->dir, sizeof fx->dir, "%s/dvcdesk-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/data/dvcdesk.db", fx->dir);
	fx_time = FX_T0;
	util_set_clock(fx_clock);
	*state = fx;
	return 0;
}

/* ... and a fresh database open in it. */
static inline int fx_setup(void **state)
{
	if (fx_setup_dir(state) != 0)
		return -1;
	struct fx *fx = *state;
	return db_open(&fx->db, fx->path, 0) == ST_OK ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
	struct fx *fx = *state;

	db_close(fx->db);
	chmod(fx->dir, 0700);
	nftw(fx->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	util_set_clock(NULL);
	return 0;
}

/* Run SQL that must succeed on the test's connection. */
static inline void fx_sql(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static inline void fx_procedure(struct db *db, const char *code, const char *name, const char *key)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->h,
	                                    "INSERT INTO procedure (code, name, search_key, "
	                                    "updated_at) VALUES (?, ?, ?, 0)",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* A staff member by raw SQL (no PIN, no audit row): for tests of other
 * modules that only need someone to exist. */
static inline int64_t fx_staff(struct db *db, const char *name)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->h,
	                                    "INSERT INTO staff (name, name_key, created_at) "
	                                    "VALUES (?, lower(?), 0)",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(db->h);
}

/* The first column of the first row of sql as text ("" when none); the
 * buffer lives until the next call. */
static inline const char *fx_text(struct db *db, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *s = NULL;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db->h));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

/* SHA-256 of a whole file as hex, "" when it cannot be read. */
static inline void fx_sha256(const char *path, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
	crypto_hash_sha256_state h;
	unsigned char buf[4096], digest[crypto_hash_sha256_BYTES];
	FILE *f = fopen(path, "rb");
	size_t n;

	out[0] = '\0';
	if (!f)
		return;
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof digest);
}

static inline void fx_write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

#endif
