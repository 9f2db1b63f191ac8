/* The store: one SQLite file opened one way, with the durability and safety
 * settings of docs/reliability.md set and read back, and the schema brought up to date
 * by the numbered migrations in db/migrations/ (compiled in). */
#ifndef DVCDESK_DB_H
#define DVCDESK_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* "DVCD" as a big-endian 32-bit number: PRAGMA application_id. */
#define DB_APPLICATION_ID  0x44564344
#define DB_BUSY_TIMEOUT_MS 5000
/* Files up to this size get a quick_check at every open; larger ones at the
 * first open of each local day (see db_open).  quick_check reads the whole
 * file, about 7 ms a MiB from the page cache: 2 MiB keeps every start-up
 * within its 50 ms (make bench), where 32 MiB cost a commune's counter
 * 230 ms at every start in its fifth year. */
#define DB_ALWAYS_CHECK_BYTES (2LL * 1024 * 1024)

enum db_flags {
	DB_READONLY = 1 << 0, /* open for reading only; no migration, no creation */
	DB_NO_CREATE = 1 << 1, /* a missing file is ST_NOT_FOUND */
	DB_CHECK = 1 << 2,     /* quick_check whatever the size and the day (backup, check) */
	/* The counter: the daily quick_check of a large file runs in a thread of
	 * its own after the open, so the screen is not kept waiting; every
	 * write (db_begin) waits for its verdict and a damaged file is never
	 * written (db_check_poll) */
	DB_BACKGROUND_CHECK = 1 << 3,
	DB__CREATING = 1 << 7  /* internal: the temporary file of a new database */
};

struct db {
	sqlite3 *h;
	char *path;
	bool readonly;
	/* Prepared statements kept for the connection's life, keyed by the
	 * address of their (static) SQL text: see db_prepare().  Grows as
	 * needed, so a statement handed out is never evicted. */
	struct db_stmt_cache {
		const char *sql;
		sqlite3_stmt *stmt;
	} * cache;
	int n_cache, cap_cache;
	struct db_bgcheck *bg; /* the daily check running in the background, or NULL */
	bool damaged;          /* the background check found damage: no more writes */
	bool checked_bg;       /* the background check found the file sound */
	char *damage;          /* its sentence */
};

/* The background check (DB_BACKGROUND_CHECK): none was due, it is still
 * running, the file is sound, or it is damaged (then db_begin() refuses
 * every write with ST_DB_CORRUPT and the detail names the damage). */
enum db_check_state { DB_CHECK_NONE, DB_CHECK_RUNNING, DB_CHECK_OK, DB_CHECK_DAMAGED };
/* Never blocks; records the successful check of the day when it ends. */
enum db_check_state db_check_poll(struct db *db);
/* Blocks until the background check has ended. */
enum db_check_state db_check_wait(struct db *db);

/* Open (creating when allowed) the database at `path`: refuses a symlink
 * (ST_DB_SYMLINK), creates the folder 0700 and the file 0600 whatever the
 * umask, refuses a file whose application_id is not ours (ST_DB_FOREIGN) or
 * whose schema is newer (ST_DB_NEWER), detects a damaged or non-SQLite file
 * (ST_DB_CORRUPT) without writing to it (PRAGMA quick_check: at every open
 * of a file up to DB_ALWAYS_CHECK_BYTES, else at the first writable open of the day), sets WAL,
 * synchronous=FULL, foreign_keys, busy_timeout, defensive, trusted_schema off, secure_delete,
 * cell_size_check, temp_store=MEMORY, journal_size_limit and reads each one
 * back, then runs the pending migrations.  On success *out owns the
 * connection (db_close()); on failure *out is NULL and status_detail() says
 * what is wrong and what to do. */
enum status db_open(struct db **out, const char *path, unsigned flags);

void db_close(struct db *db);

/* Change DB_ALWAYS_CHECK_BYTES for this process (tests of the daily check). */
void db_set_check_threshold(long long bytes);

/* A reset prepared statement for a static SQL string, cached per
 * connection; NULL on a prepare error (status detail set).  The caller binds,
 * steps and must not finalize it; it should sqlite3_reset() it when done, so
 * an unfinished read does not keep an old snapshot open.  The key is the
 * pointer, so pass the same string literal (or static array) every time. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);

/* Run SQL with no result rows (no parameters). */
enum status db_exec(struct db *db, const char *sql);

/* Transactions: a write is BEGIN IMMEDIATE ... COMMIT.  db_commit reports
 * the commit's own result: only ST_OK means the data are on disk; on any
 * other result the transaction has been rolled back, and the connection is
 * ready for a retry.  db_rollback does nothing outside a transaction. */
enum status db_begin(struct db *db);
enum status db_commit(struct db *db);
void db_rollback(struct db *db);

/* Map an SQLite result code to a status and record the detail from the
 * connection's error message. */
enum status db_status(struct db *db, int rc);

/* PRAGMA quick_check (full=false) or integrity_check: ST_OK or ST_DB_CORRUPT
 * with the first problem as detail. */
enum status db_check(struct db *db, bool full);

/* The schema version (PRAGMA user_version) and the newest this program knows. */
int db_schema_version(struct db *db);
int db_latest_version(void);

/* Single-value helpers: the first column of the first row of `sql` (no
 * parameters), or `fallback`. */
long long db_int(struct db *db, const char *sql, long long fallback);

/* A raw connection to a file that is not the live database (a backup, a
 * staged restore, another counter's file): symbolic links refused
 * (SQLITE_OPEN_NOFOLLOW is added to flags), defensive mode, no trusted
 * schema (the file may come from anywhere), extended result codes, the
 * usual busy timeout.  Returns sqlite3_open_v2()'s result; *out may be set
 * even on failure (sqlite3_close_v2() it). */
int db_open_aside(const char *path, int flags, sqlite3 **out);

/* Text columns of a stepped row: db_col_text() gives "" for NULL (valid
 * until the next step or reset), db_col_copy() copies it into buf cut at a
 * character boundary, db_col_dup() a new string the caller frees, and
 * db_col_key() the index of a stored key ("walk_in", ...) in keys[0..n),
 * or -1 (NULL or unknown). */
const char *db_col_text(sqlite3_stmt *st, int col);
void db_col_copy(sqlite3_stmt *st, int col, char *buf, size_t size);
char *db_col_dup(sqlite3_stmt *st, int col);
int db_col_key(sqlite3_stmt *st, int col, const char *const *keys, int n);

/* PRAGMA data_version: changes when another connection (another program)
 * has committed since the last call on this one; -1 on error.  Lets a
 * screen keep totals in memory and reload only when someone else wrote. */
long long db_data_version(struct db *db);

#endif
