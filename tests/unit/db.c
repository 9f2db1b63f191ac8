/* db.c: the open function's settings, file modes, refusals of files that
 * are not ours (left byte-for-byte unchanged), migrations, error mapping. */
#include "storage_fixture.h"

#include <fcntl.h>
#include <sys/wait.h>

#include "store/dbembed.h"
#include "util/status.h"

#define SHA_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static long long pragma(struct db *db, const char *sql)
{
	return db_int(db, sql, -12345);
}

static void db_open__reads_back_every_setting(void **state)
{
	struct fx *fx = *state;
	struct db *db = fx->db;
	int v;

	assert_string_equal(fx_text(db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(pragma(db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(pragma(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma(db, "PRAGMA secure_delete"), 1);
	assert_int_equal(pragma(db, "PRAGMA cell_size_check"), 1);
	assert_int_equal(pragma(db, "PRAGMA temp_store"), 2); /* MEMORY */
	assert_int_equal(pragma(db, "PRAGMA mmap_size"), 0);
	assert_int_equal(pragma(db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(pragma(db, "PRAGMA journal_size_limit"), 4194304);
	assert_true(pragma(db, "PRAGMA busy_timeout") >= 5000);
	assert_int_equal(pragma(db, "PRAGMA application_id"), DB_APPLICATION_ID);
	assert_int_equal(pragma(db, "PRAGMA user_version"), db_latest_version());
	assert_int_equal(db_schema_version(db), db_latest_version());
	assert_string_equal(fx_text(db, "PRAGMA locking_mode"), "normal");

	v = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, -1, &v);
	assert_int_equal(v, 1);
	v = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &v);
	assert_int_equal(v, 0);
	v = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DML, -1, &v);
	assert_int_equal(v, 0);
	v = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DDL, -1, &v);
	assert_int_equal(v, 0);
	v = -1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &v);
	assert_int_equal(v, 0);

	/* Extended result codes: a duplicate key says which constraint. */
	fx_sql(db, "INSERT INTO unit (code, name) VALUES ('X', 'x')");
	assert_int_equal(sqlite3_exec(db->h, "INSERT INTO unit (code, name) VALUES ('X', 'y')",
	                              NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT_PRIMARYKEY);
	/* DQS off: a double-quoted word is an identifier, never a string. */
	assert_int_not_equal(
	    sqlite3_exec(db->h, "SELECT \"no such column\" FROM unit", NULL, NULL, NULL),
	    SQLITE_OK);
}

static void db_open__settings_hold__on_reopen(void **state)
{
	struct fx *fx = *state;

	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(db_open(&fx->db, fx->path, 0), ST_OK);
	assert_string_equal(fx_text(fx->db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(pragma(fx->db, "PRAGMA synchronous"), 2);
	assert_int_equal(pragma(fx->db, "PRAGMA foreign_keys"), 1);
}

static void db_open__keeps_wal__when_journal_mode_off_is_tried(void **state)
{
	struct fx *fx = *state;

	sqlite3_exec(fx->db->h, "PRAGMA journal_mode=OFF", NULL, NULL, NULL);
	assert_string_equal(fx_text(fx->db, "PRAGMA journal_mode"), "wal");
}

static void db_open__blocks_writable_schema__in_defensive_mode(void **state)
{
	struct fx *fx = *state;

	char *before =
	    xstrdup(fx_text(fx->db, "SELECT sql FROM sqlite_schema WHERE name = 'visit'"));

	/* SQLite still flips the flag, but defensive mode keeps the schema
	 * table read-only whatever it says. */
	sqlite3_exec(fx->db->h, "PRAGMA writable_schema=ON", NULL, NULL, NULL);
	assert_int_equal(sqlite3_exec(fx->db->h,
	                              "UPDATE sqlite_schema SET sql = 'x' WHERE name = 'visit'",
	                              NULL, NULL, NULL),
	                 SQLITE_ERROR);
	assert_string_equal(fx_text(fx->db, "SELECT sql FROM sqlite_schema WHERE name = 'visit'"),
	                    before);
	free(before);
	sqlite3_exec(fx->db->h, "PRAGMA writable_schema=OFF", NULL, NULL, NULL);
	assert_int_equal(db_check(fx->db, true), ST_OK);
}

static void db_open__creates_private_folder_and_file__under_umask_000(void **state)
{
	struct fx *fx = *state;
	char path[256], sub[100], side[300];
	struct stat sb;
	mode_t old = umask(0);

	snprintf(sub, sizeof sub, "%s/a/b", fx->dir);
	snprintf(path, sizeof path, "%s/c.db", sub);
	assert_int_equal(db_open(&fx->db, path, 0), ST_OK);
	/* The program's umask is given back. */
	assert_int_equal(umask(old), 0);
	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('U', 'u')");

	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	snprintf(side, sizeof side, "%s/a", fx->dir);
	assert_int_equal(stat(side, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	/* The WAL side files hold the same personal data. */
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_equal(stat(side, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	snprintf(side, sizeof side, "%s-shm", path);
	assert_int_equal(stat(side, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
}

static void db_open__refuses_symlink__and_leaves_target_alone(void **state)
{
	struct fx *fx = *state;
	char link[160], before[SHA_HEX], after[SHA_HEX], dangling[160], target[160];
	struct db *db = NULL;

	db_close(fx->db);
	fx->db = NULL;
	fx_sha256(fx->path, before);
	snprintf(link, sizeof link, "%s/link.db", fx->dir);
	assert_int_equal(symlink(fx->path, link), 0);
	assert_int_equal(db_open(&db, link, 0), ST_DB_SYMLINK);
	assert_null(db);
	assert_non_null(strstr(status_detail(ST_DB_SYMLINK), "link.db"));
	fx_sha256(fx->path, after);
	assert_string_equal(before, after);

	/* A link to nothing must not create its target either. */
	snprintf(target, sizeof target, "%s/target.db", fx->dir);
	snprintf(dangling, sizeof dangling, "%s/dangling.db", fx->dir);
	assert_int_equal(symlink(target, dangling), 0);
	assert_int_equal(db_open(&db, dangling, 0), ST_DB_SYMLINK);
	assert_int_equal(access(target, F_OK), -1);
}

/* Opens `path` and expects `want`, with the file byte-for-byte unchanged and
 * no journal left beside it. */
static void expect_refused_unchanged(const char *path, enum status want, const char *detail_part)
{
	char before[SHA_HEX], after[SHA_HEX], side[200];
	struct db *db = NULL;

	fx_sha256(path, before);
	assert_true(before[0]);
	status_clear();
	assert_int_equal(db_open(&db, path, 0), want);
	assert_null(db);
	if (detail_part && !strstr(status_detail(want), detail_part))
		fail_msg("detail \"%s\" lacks \"%s\"", status_detail(want), detail_part);
	fx_sha256(path, after);
	assert_string_equal(before, after);
	snprintf(side, sizeof side, "%s-journal", path);
	assert_int_equal(access(side, F_OK), -1);
}

static void db_open__refuses_foreign_sqlite_file__unchanged(void **state)
{
	struct fx *fx = *state;
	char path[160];
	sqlite3 *h;

	/* Another program's database: tables, application_id 0. */
	snprintf(path, sizeof path, "%s/other.db", fx->dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	expect_refused_unchanged(path, ST_DB_FOREIGN, "other.db");

	/* An empty database with someone else's application_id. */
	snprintf(path, sizeof path, "%s/other2.db", fx->dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA application_id = 1234; VACUUM", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	expect_refused_unchanged(path, ST_DB_FOREIGN, NULL);
}

static void db_open__detects_non_database_files__unchanged(void **state)
{
	struct fx *fx = *state;
	char path[160];
	unsigned char garbage[8192];
	static const char text[] = "code,name\n1.001193,Đăng ký khai sinh\n";

	snprintf(path, sizeof path, "%s/notes.txt", fx->dir);
	fx_write_file(path, text, sizeof text - 1);
	expect_refused_unchanged(path, ST_DB_CORRUPT, "notes.txt");

	randombytes_buf(garbage, sizeof garbage);
	snprintf(path, sizeof path, "%s/garbage.db", fx->dir);
	fx_write_file(path, garbage, sizeof garbage);
	expect_refused_unchanged(path, ST_DB_CORRUPT, NULL);

	/* A valid header followed by garbage. */
	memcpy(garbage, "SQLite format 3", 16);
	fx_write_file(path, garbage, sizeof garbage);
	expect_refused_unchanged(path, ST_DB_CORRUPT, NULL);
}

/* Our own database with enough rows to span many pages, closed. */
static void make_big_db(struct fx *fx)
{
	fx_sql(fx->db, "BEGIN");
	for (int i = 0; i < 400; i++) {
		char sql[200];
		snprintf(sql, sizeof sql,
		         "INSERT INTO unit (code, name, province) VALUES ('U%d', "
		         "'Trung tâm phục vụ hành chính công %d', printf('%%.300c', 'x'))",
		         i, i);
		fx_sql(fx->db, sql);
	}
	fx_sql(fx->db, "COMMIT");
	db_close(fx->db);
	fx->db = NULL;
}

static void db_open__detects_truncated_file__unchanged(void **state)
{
	struct fx *fx = *state;
	struct stat sb;

	make_big_db(fx);
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_true(sb.st_size > 40000);
	assert_int_equal(truncate(fx->path, sb.st_size / 2), 0);
	expect_refused_unchanged(fx->path, ST_DB_CORRUPT, NULL);
	/* Cut inside the header too. */
	assert_int_equal(truncate(fx->path, 50), 0);
	expect_refused_unchanged(fx->path, ST_DB_CORRUPT, NULL);
}

static void db_open__detects_damaged_page__unchanged(void **state)
{
	struct fx *fx = *state;
	unsigned char junk[256];
	int fd;

	make_big_db(fx);
	/* Garbage over a table page's header: counts may still work, only a
	 * check at open finds it (docs/reliability.md §3). */
	memset(junk, 0xA5, sizeof junk);
	fd = open(fx->path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 4096 * 6), (ssize_t)sizeof junk);
	close(fd);
	expect_refused_unchanged(fx->path, ST_DB_CORRUPT, NULL);
}

static void db_open__checks_a_large_file__at_the_first_writable_open_of_a_day(void **state)
{
	struct fx *fx = *state;
	unsigned char junk[256];
	struct db *db = NULL;

	make_big_db(fx); /* opened (and so checked) today */
	db_set_check_threshold(0); /* every file counts as large */
	memset(junk, 0xA5, sizeof junk);
	int fd = open(fx->path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 4096 * 6), (ssize_t)sizeof junk);
	close(fd);
	/* Checked today already: the open skips the page scan. */
	assert_int_equal(db_open(&db, fx->path, DB_READONLY), ST_OK);
	assert_int_equal(db_int(db, "SELECT value FROM meta WHERE key = 'quick_check_day'", 0),
			 time_local_day(FX_T0));
	db_close(db);
	/* The next day: a read-only open (a report) does not scan a large
	 * file, it writes nothing; the first writable open scans and finds the
	 * damage. */
	fx_time = FX_T0 + 24 * 3600;
	assert_int_equal(db_open(&db, fx->path, DB_READONLY), ST_OK);
	db_close(db);
	expect_refused_unchanged(fx->path, ST_DB_CORRUPT, NULL);
	db_set_check_threshold(DB_ALWAYS_CHECK_BYTES);
}

static void db_open__refuses_newer_schema__unchanged(void **state)
{
	struct fx *fx = *state;
	char sql[64];
	sqlite3 *h;

	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", db_latest_version() + 1);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	expect_refused_unchanged(fx->path, ST_DB_NEWER, "newer");
}

/* An existing empty file is lost data, not a new database: refused,
 * unchanged, saying so (issue 13 §3). */
static void db_open__refuses_empty_file(void **state)
{
	struct fx *fx = *state;
	char path[160];

	snprintf(path, sizeof path, "%s/empty.db", fx->dir);
	fx_write_file(path, "", 0);
	status_clear();
	assert_int_equal(db_open(&fx->db, path, 0), ST_DB_CORRUPT);
	assert_non_null(strstr(status_detail(ST_DB_CORRUPT), "0 bytes"));
	assert_null(fx->db);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
}

/* A new database appears whole: made under a temporary name and linked
 * into place, nothing of the temporary name left. */
static void db_open__creates_new_file_whole(void **state)
{
	struct fx *fx = *state;
	char path[160], tmp[200];

	snprintf(path, sizeof path, "%s/sub/new.db", fx->dir);
	assert_int_equal(db_open(&fx->db, path, 0), ST_OK);
	assert_int_equal(pragma(fx->db, "PRAGMA application_id"), DB_APPLICATION_ID);
	assert_int_equal(db_schema_version(fx->db), db_latest_version());
	snprintf(tmp, sizeof tmp, "%s.new-%ld", path, (long)getpid());
	assert_int_equal(access(tmp, F_OK), -1);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void db_open__readonly_and_no_create__do_not_create(void **state)
{
	struct fx *fx = *state;
	struct db *db = NULL;

	assert_int_equal(db_open(&db, fx->path, DB_READONLY), ST_NOT_FOUND);
	assert_int_equal(db_open(&db, fx->path, DB_NO_CREATE), ST_NOT_FOUND);
	assert_null(db);
	assert_int_equal(access(fx->path, F_OK), -1);
}

static void db_open__readonly__reads_and_refuses_writes(void **state)
{
	struct fx *fx = *state;
	struct db *ro = NULL;

	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('U', 'u')");
	assert_int_equal(db_open(&ro, fx->path, DB_READONLY), ST_OK);
	assert_int_equal(db_int(ro, "SELECT count(*) FROM unit", -1), 1);
	assert_int_equal(db_exec(ro, "INSERT INTO unit (code, name) VALUES ('V', 'v')"),
	                 ST_DB_READONLY);
	db_close(ro);
}

static void db_open__says_read_only__for_a_file_it_cannot_write(void **state)
{
	struct fx *fx = *state;
	char before[SHA_HEX], after[SHA_HEX], data[160];
	int status = -1;
	pid_t pid;

	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('U', 'u')");
	db_close(fx->db);
	fx->db = NULL;
	fx_sha256(fx->path, before);
	/* The folder stays writable (the WAL index may be made there); only
	 * the file is read-only.  Root ignores modes, so the open runs as
	 * "nobody" when the tests run as root. */
	snprintf(data, sizeof data, "%s/data", fx->dir);
	assert_int_equal(chmod(fx->dir, 0755), 0);
	assert_int_equal(chmod(data, 0777), 0);
	assert_int_equal(chmod(fx->path, 0444), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db = NULL;
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		status_clear();
		enum status st = db_open(&db, fx->path, 0);
		_exit(st == ST_DB_READONLY && !db && strstr(status_detail(st), "dvcdesk.db") ? 0
		                                                                             : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fx_sha256(fx->path, after);
	assert_string_equal(before, after);
}

/* The schema a fresh file gets, as text, for comparing. */
static char *schema_text(struct db *db)
{
	struct strbuf sb;
	sqlite3_stmt *s = NULL;

	sb_init(&sb);
	assert_int_equal(sqlite3_prepare_v2(db->h,
	                                    "SELECT type, name, sql FROM sqlite_schema ORDER BY "
	                                    "type, name",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		sb_addf(&sb, "%s %s %s\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
		        sqlite3_column_text(s, 2) ? (const char *)sqlite3_column_text(s, 2) : "");
	sqlite3_finalize(s);
	return sb_steal(&sb);
}

static void db_migrations__bring_every_earlier_version_to_latest(void **state)
{
	struct fx *fx = *state;
	char *want = schema_text(fx->db);

	assert_true(embedded_migrations_count >= 1);
	for (int v = 0; v < db_latest_version(); v++) {
		char path[160], sql[96];
		struct db *db = NULL;
		sqlite3 *h;

		/* A file as version v of the program left it. */
		snprintf(path, sizeof path, "%s/v%d.db", fx->dir, v);
		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		for (int i = 0;
		     i < embedded_migrations_count && embedded_migrations[i].version <= v; i++) {
			assert_int_equal(
			    sqlite3_exec(h, embedded_migrations[i].sql, NULL, NULL, NULL),
			    SQLITE_OK);
			snprintf(sql, sizeof sql,
			         "PRAGMA application_id=%d; PRAGMA user_version=%d",
			         DB_APPLICATION_ID, embedded_migrations[i].version);
			assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		}
		if (v == 0) { /* ours, no schema yet (an empty file is lost data) */
			snprintf(sql, sizeof sql, "PRAGMA application_id=%d", DB_APPLICATION_ID);
			assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
		}
		sqlite3_close(h);

		assert_int_equal(db_open(&db, path, 0), ST_OK);
		assert_int_equal(db_schema_version(db), db_latest_version());
		char *got = schema_text(db);
		assert_string_equal(got, want);
		free(got);
		assert_int_equal(db_check(db, true), ST_OK);
		db_close(db);
	}
	free(want);
}

static void db_migrations__are_numbered_without_gaps(void **state)
{
	(void)state;
	for (int i = 0; i < embedded_migrations_count; i++)
		assert_int_equal(embedded_migrations[i].version, i + 1);
	assert_int_equal(db_latest_version(), embedded_migrations_count);
}

static void db_prepare__caches_by_sql_pointer(void **state)
{
	struct fx *fx = *state;
	static const char sql[] = "SELECT count(*) FROM unit WHERE code = ?";
	sqlite3_stmt *a, *b;

	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('U', 'u')");
	a = db_prepare(fx->db, sql);
	assert_non_null(a);
	sqlite3_bind_text(a, 1, "U", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 1);
	b = db_prepare(fx->db, sql);
	assert_ptr_equal(a, b);
	/* Handed back reset, with no stale binding (code = NULL matches none). */
	assert_int_equal(sqlite3_stmt_busy(b), 0);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 0);
	sqlite3_reset(b);
	assert_null(db_prepare(fx->db, "SELECT nope FROM nowhere"));
}

static void db_status__maps_sqlite_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_status(fx->db, SQLITE_BUSY), ST_DB_BUSY);
	assert_int_equal(db_status(fx->db, SQLITE_BUSY_SNAPSHOT), ST_DB_BUSY);
	assert_int_equal(db_status(fx->db, SQLITE_LOCKED), ST_DB_BUSY);
	assert_int_equal(db_status(fx->db, SQLITE_FULL), ST_DB_FULL);
	assert_int_equal(db_status(fx->db, SQLITE_READONLY), ST_DB_READONLY);
	assert_int_equal(db_status(fx->db, SQLITE_READONLY_DBMOVED), ST_DB_READONLY);
	assert_int_equal(db_status(fx->db, SQLITE_IOERR), ST_DB_IO);
	assert_int_equal(db_status(fx->db, SQLITE_IOERR_FSYNC), ST_DB_IO);
	assert_int_equal(db_status(fx->db, SQLITE_IOERR_WRITE), ST_DB_IO);
	assert_int_equal(db_status(fx->db, SQLITE_CORRUPT), ST_DB_CORRUPT);
	assert_int_equal(db_status(fx->db, SQLITE_NOTADB), ST_DB_CORRUPT);
	assert_int_equal(db_status(fx->db, SQLITE_CONSTRAINT_UNIQUE), ST_INVALID);
	assert_int_equal(db_status(fx->db, SQLITE_OK), ST_OK);
	assert_int_equal(db_status(fx->db, SQLITE_DONE), ST_OK);
	assert_int_equal(db_status(fx->db, SQLITE_ERROR), ST_DB_ERROR);
}

static void db_commit__failure_rolls_back__and_connection_stays_usable(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_begin(fx->db), ST_OK);
	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('A', 'a')");
	/* A deferred foreign key violation makes COMMIT itself fail. */
	fx_sql(fx->db, "PRAGMA defer_foreign_keys = ON");
	fx_sql(fx->db, "INSERT INTO shift (staff_id, unit_code, counter, session, opened_at, "
	               "local_day) VALUES (999, 'A', 'Q', 'morning', 0, 20261122)");
	assert_int_not_equal(db_commit(fx->db), ST_OK);
	assert_true(sqlite3_get_autocommit(fx->db->h));
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM unit", -1), 0);
	assert_int_equal(db_begin(fx->db), ST_OK);
	fx_sql(fx->db, "INSERT INTO unit (code, name) VALUES ('A', 'a')");
	assert_int_equal(db_commit(fx->db), ST_OK);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM unit", -1), 1);
	db_rollback(fx->db); /* outside a transaction: harmless */
}

static void db_check__reports_ok(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_check(fx->db, false), ST_OK);
	assert_int_equal(db_check(fx->db, true), ST_OK);
}

#define T(name)  cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
#define TD(name) cmocka_unit_test_setup_teardown(name, fx_setup_dir, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(db_open__reads_back_every_setting),
	    T(db_open__settings_hold__on_reopen),
	    T(db_open__keeps_wal__when_journal_mode_off_is_tried),
	    T(db_open__blocks_writable_schema__in_defensive_mode),
	    TD(db_open__creates_private_folder_and_file__under_umask_000),
	    T(db_open__refuses_symlink__and_leaves_target_alone),
	    TD(db_open__refuses_foreign_sqlite_file__unchanged),
	    TD(db_open__detects_non_database_files__unchanged),
	    T(db_open__detects_truncated_file__unchanged),
	    T(db_open__detects_damaged_page__unchanged),
	    T(db_open__checks_a_large_file__at_the_first_writable_open_of_a_day),
	    T(db_open__refuses_newer_schema__unchanged),
	    TD(db_open__refuses_empty_file),
	    TD(db_open__creates_new_file_whole),
	    TD(db_open__readonly_and_no_create__do_not_create),
	    T(db_open__readonly__reads_and_refuses_writes),
	    T(db_open__says_read_only__for_a_file_it_cannot_write),
	    T(db_migrations__bring_every_earlier_version_to_latest),
	    cmocka_unit_test(db_migrations__are_numbered_without_gaps),
	    T(db_prepare__caches_by_sql_pointer),
	    T(db_status__maps_sqlite_errors),
	    T(db_commit__failure_rolls_back__and_connection_stays_usable),
	    T(db_check__reports_ok),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
