/* The one way to open the store (docs/reliability.md §1–3).
 *
 * An existing file is first looked at through a read-only connection, so a
 * foreign, damaged or newer file is refused without a single byte written to
 * it; only then is it opened for writing, configured, every setting read
 * back, and the schema migrated. */
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

/* Stops the WAL staying huge after a burst of writes. */
#define DB_JOURNAL_SIZE_LIMIT "4194304"

/* Every connection of ours: no symlinks, extended result codes, and no
 * mutex.  A connection is only ever used by the thread that opened it (the
 * program has one), and Debian's SQLite serialises by default: every
 * sqlite3_step() and sqlite3_column_*() call took and released a pthread
 * mutex, 18% of the CPU of a shift at the counter (callgrind). */
#define DB_OPEN_FLAGS (SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX)

/* The global memory statistics take a global mutex on every allocation;
 * nothing reads them.  Only possible before SQLite initialises: the first
 * db_open() of the process tries, and a refusal changes nothing else. */
static void tune_library(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum status status_of_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return ST_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ST_DB_BUSY;
	case SQLITE_FULL:
		return ST_DB_FULL;
	case SQLITE_READONLY:
		return ST_DB_READONLY;
	case SQLITE_IOERR:
		return ST_DB_IO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ST_DB_CORRUPT;
	case SQLITE_NOMEM:
		return ST_NOMEM;
	case SQLITE_CONSTRAINT:
		return ST_INVALID;
	case SQLITE_CANTOPEN:
		return rc == SQLITE_CANTOPEN_SYMLINK ? ST_DB_SYMLINK : ST_IO;
	default:
		return ST_DB_ERROR;
	}
}

/* The status for rc, with a detail naming the file and SQLite's own words
 * (kept in English: they are for whoever fixes the machine). */
static enum status fail_rc(sqlite3 *h, int rc, const char *path)
{
	enum status st = status_of_rc(rc);
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);

	if (st == ST_OK)
		return ST_OK;
	if (st == ST_IO)
		return status_fail(
		    st, _("cannot open the database %s (%s); check the path and its permissions"),
		    path, msg);
	/* TRANSLATORS: status message, then (database file: SQLite's error). */
	return status_fail(st, _("%s (%s: %s)"), status_message(st), path, msg);
}

enum status db_status(struct db *db, int rc)
{
	return fail_rc(db->h, rc, db->path);
}

static int query_int(sqlite3 *h, const char *sql, long long *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(s, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

/* The first row of `sql` as text into buf ("" when there is none). */
static int query_text(sqlite3 *h, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);

	buf[0] = '\0';
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(s, 0);
			str_copy(buf, size, t ? (const char *)t : "");
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

int db_latest_version(void)
{
	return embedded_migrations_count > 0
	           ? embedded_migrations[embedded_migrations_count - 1].version
	           : 0;
}

/* Create the missing folders of path's parent, each 0700 whatever the umask. */
static enum status make_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	enum status st = ST_OK;

	if (!slash || slash == dir) {
		free(dir);
		return ST_OK;
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		bool last = *p == '\0';
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == 0) {
			if (chmod(dir, 0700) != 0) {
				st = status_fail(ST_IO, _("cannot set the permissions of %s: %s"),
				                 dir, strerror(errno));
				break;
			}
		} else if (errno != EEXIST) {
			st = status_fail(ST_IO, _("cannot create the folder %s: %s"), dir,
			                 strerror(errno));
			break;
		}
		if (last)
			break;
		*p = '/';
	}
	free(dir);
	return st;
}

/* Look at an existing file through a read-only connection: not SQLite or
 * damaged, someone else's, or newer than this program are refused before
 * anything can write to it.  *fresh: an empty database we may initialise. */
static long long always_check_bytes = DB_ALWAYS_CHECK_BYTES;

void db_set_check_threshold(long long bytes)
{
	always_check_bytes = bytes;
}

/* The local day (YYYYMMDD) of the last quick_check recorded in meta, or 0. */
static long long last_check_day(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	long long day = 0;
	if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'quick_check_day'", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		day = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return day;
}

/* A read-only look at a WAL database needs its -shm; in a folder this user
 * cannot write, and with no -wal or -shm left (the last writer closed
 * cleanly), SQLite cannot make one and refuses ("attempt to write a
 * readonly database").  Nothing can be writing such a file through this
 * folder, so it is opened immutable: report, export and check still work.
 * Returns the name to give sqlite3_open_v2 (a file: URI then, with
 * SQLITE_OPEN_URI added to *flags), or NULL for the path itself. */
static char *readonly_name(const char *path, int *flags)
{
	char *dir = path_dir(path);
	bool dir_ro = access(dir, W_OK) != 0;
	free(dir);
	if (!dir_ro)
		return NULL;
	static const char *const sides[] = {"-wal", "-shm"};
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		bool there = access(side, F_OK) == 0;
		free(side);
		if (there)
			return NULL;
	}
	struct strbuf uri;
	sb_init(&uri);
	sb_add(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			sb_addf(&uri, "%%%02X", *p);
		else
			sb_addc(&uri, (char)*p);
	}
	sb_add(&uri, "?immutable=1");
	*flags |= SQLITE_OPEN_URI;
	return sb_steal(&uri);
}

static enum status inspect(const char *path, off_t size, unsigned flags, bool *fresh,
                           bool *checked, bool *deferred)
{
	sqlite3 *h = NULL;
	long long app = 0, tables = 0, version = 0;
	char check[256];
	enum status st = ST_OK;
	int oflags = SQLITE_OPEN_READONLY | DB_OPEN_FLAGS;
	char *name = readonly_name(path, &oflags);
	int rc = sqlite3_open_v2(name ? name : path, &h, oflags, NULL);
	free(name);

	*fresh = false;
	if (rc != SQLITE_OK) {
		st = fail_rc(h, rc, path);
		goto out;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, DB_BUSY_TIMEOUT_MS);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);

	if ((rc = query_int(h, "PRAGMA application_id", &app)) != SQLITE_OK ||
	    (rc = query_int(h, "SELECT count(*) FROM sqlite_schema", &tables)) != SQLITE_OK ||
	    (rc = query_int(h, "PRAGMA user_version", &version)) != SQLITE_OK) {
		if (status_of_rc(rc) == ST_DB_CORRUPT)
			st = status_fail(
			    ST_DB_CORRUPT,
			    _("%s is not a database or is damaged (%s); nothing was changed in "
			      "it: restore the newest backup, or give another path"),
			    path, sqlite3_errmsg(h));
		else
			st = fail_rc(h, rc, path);
		goto out;
	}
	if (app != DB_APPLICATION_ID) {
		if (app == 0 && tables == 0 && version == 0) {
			*fresh = true;
		} else {
			st = status_fail(
			    ST_DB_FOREIGN,
			    _("%s is not a dvcdesk database (application id %#llx, %lld "
			      "objects); nothing was changed in it: give the path of a dvcdesk "
			      "database or of a new file"),
			    path, (unsigned long long)app, tables);
			goto out;
		}
	}
	if (version > db_latest_version()) {
		st = status_fail(
		    ST_DB_NEWER,
		    _("%s has schema version %lld but this dvcdesk knows only up to %d: "
		      "install the newer dvcdesk that made it"),
		    path, version, db_latest_version());
		goto out;
	}
	/* quick_check reads every page: 200 ms at five years of a busy
	 * commune (30 MiB), about a second at a million visits.  A small file
	 * is checked at every open; a larger one at the first writable open of
	 * each day (the daily backup reads every page too).  The check guards
	 * what is written: a read-only open (report, export) cannot make
	 * damage worse, could not record the check either (and so would repeat
	 * it at every report), and a damaged page it reads is still an error.
	 * A backup and `dvcdesk check` ask for it (DB_CHECK): they must name a
	 * damaged live file as such. */
	*checked = size <= always_check_bytes || (flags & DB_CHECK) ||
	           (!(flags & DB_READONLY) && last_check_day(h) != time_local_day(util_now()));
	/* The counter's daily check of a large file runs after the open, in a
	 * thread (db_check_poll); nothing is written before its verdict, and a
	 * file that needs a migration (a write) is checked here first. */
	if (*checked && size > always_check_bytes && (flags & DB_BACKGROUND_CHECK) &&
	    !(flags & DB_CHECK) && version == db_latest_version() && !*fresh) {
		*checked = false;
		*deferred = true;
		goto out;
	}
	if (!*checked)
		goto out;
	rc = query_text(h, "PRAGMA quick_check", check, sizeof check);
	if (rc != SQLITE_OK || strcmp(check, "ok") != 0) {
		st = status_fail(
		    ST_DB_CORRUPT,
		    _("%s is damaged (%s); nothing was changed in it: restore the newest "
		      "backup"),
		    path, rc != SQLITE_OK ? sqlite3_errmsg(h) : check);
		goto out;
	}
out:
	sqlite3_close_v2(h);
	return st;
}

/* Per-connection switches, each read back: a setting that did not take is
 * an error, never a silent downgrade. */
static enum status configure(struct db *db)
{
	static const struct {
		int op;
		int want;
		const char *name;
	} flags[] = {
	    {SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive"},
	    {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "trusted_schema"},
	    {SQLITE_DBCONFIG_DQS_DML, 0, "dqs_dml"},
	    {SQLITE_DBCONFIG_DQS_DDL, 0, "dqs_ddl"},
	    {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "load_extension"},
	    {SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, "triggers"}, /* the audit log needs them */
	};
	/* journal_mode first: the others do not depend on it, but a file that
	 * cannot become WAL should fail before anything else is set. */
	static const struct {
		const char *set, *get, *want;
		bool writable_only;
	} pragmas[] = {
	    {"PRAGMA journal_mode=WAL", "PRAGMA journal_mode", "wal", true},
	    {"PRAGMA synchronous=FULL", "PRAGMA synchronous", "2", false},
	    {"PRAGMA foreign_keys=ON", "PRAGMA foreign_keys", "1", false},
	    {"PRAGMA secure_delete=ON", "PRAGMA secure_delete", "1", false},
	    {"PRAGMA cell_size_check=ON", "PRAGMA cell_size_check", "1", false},
	    {"PRAGMA temp_store=MEMORY", "PRAGMA temp_store", "2", false},
	    {"PRAGMA mmap_size=0", "PRAGMA mmap_size", "0", false},
	    {"PRAGMA trusted_schema=OFF", "PRAGMA trusted_schema", "0", false},
	    {"PRAGMA journal_size_limit=" DB_JOURNAL_SIZE_LIMIT, "PRAGMA journal_size_limit",
	     DB_JOURNAL_SIZE_LIMIT, false},
	    {"PRAGMA busy_timeout", "PRAGMA busy_timeout", "5000", false},
	};
	char got[64];
	int rc;

	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	for (size_t i = 0; i < ARRAY_LEN(flags); i++) {
		int v = -1;
		sqlite3_db_config(db->h, flags[i].op, flags[i].want, &v);
		if (v != flags[i].want)
			return status_fail(
			    ST_DB_ERROR,
			    _("the database setting %s could not be set (wanted %d, got "
			      "%d); this SQLite library is not usable"),
			    flags[i].name, flags[i].want, v);
	}
	for (size_t i = 0; i < ARRAY_LEN(pragmas); i++) {
		if (db->readonly && pragmas[i].writable_only)
			continue;
		rc = sqlite3_exec(db->h, pragmas[i].set, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = query_text(db->h, pragmas[i].get, got, sizeof got);
		if (rc != SQLITE_OK)
			return db_status(db, rc);
		if (strcmp(got, pragmas[i].want) != 0)
			return status_fail(
			    ST_DB_ERROR,
			    _("the database setting \"%s\" did not take (it reads \"%s\"); "
			      "the database may be on a file system that cannot hold it: "
			      "move it to a local disk"),
			    pragmas[i].set, got);
	}
	return ST_OK;
}

/* Bring the schema up to date: each migration in its own transaction,
 * re-reading the version under the write lock so that two programs opening
 * a new file at once do not both run it. */
static enum status migrate(struct db *db)
{
	enum status st;
	char *sql;
	int rc;

	for (int i = 0; i < embedded_migrations_count; i++) {
		const struct embedded_migration *m = &embedded_migrations[i];
		if (db_schema_version(db) >= m->version)
			continue;
		if ((st = db_begin(db)) != ST_OK)
			return st;
		if (db_schema_version(db) >= m->version) {
			db_rollback(db);
			continue;
		}
		rc = sqlite3_exec(db->h, m->sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			sql = xasprintf("PRAGMA application_id=%d; PRAGMA user_version=%d",
			                DB_APPLICATION_ID, m->version);
			rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
			free(sql);
		}
		if (rc != SQLITE_OK) {
			st = db_status(db, rc);
			db_rollback(db);
			return status_fail(st, _("the database upgrade %s failed: %s"), m->name,
			                   status_detail(st));
		}
		if ((st = db_commit(db)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/* Remember today's successful quick_check; written only when the day
 * changes, so opening a small file does not cost a commit each time. */
static void record_check(struct db *db)
{
	long long today = time_local_day(util_now());
	if (last_check_day(db->h) == today)
		return;
	sqlite3_stmt *st =
	    db_prepare(db, "INSERT INTO meta(key, value) VALUES ('quick_check_day', ?1)"
	                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, today);
	sqlite3_step(st); /* a failure only means the next open checks again */
	sqlite3_reset(st);
}

/* ---- the daily quick_check in the background (DB_BACKGROUND_CHECK) ----
 * Its own read-only connection in its own thread (each connection stays
 * with the thread that opened it, as DB_OPEN_FLAGS' NOMUTEX requires). */
struct db_bgcheck {
	pthread_t thread;
	sqlite3 *h;
	char *path;
	atomic_int state; /* enum db_check_state */
	char detail[512];
	bool joined;
};

static void *bgcheck_run(void *arg)
{
	struct db_bgcheck *bg = arg;
	char check[256] = "";
	int rc = bg->h ? query_text(bg->h, "PRAGMA quick_check", check, sizeof check)
	               : SQLITE_CANTOPEN;
	int state;
	if (rc == SQLITE_OK && strcmp(check, "ok") == 0) {
		state = DB_CHECK_OK;
	} else if (rc == SQLITE_INTERRUPT) {
		state = DB_CHECK_NONE; /* closed before the end: checked next time */
	} else if (rc == SQLITE_OK || status_of_rc(rc) == ST_DB_CORRUPT) {
		state = DB_CHECK_DAMAGED;
		str_format(bg->detail, sizeof bg->detail,
		           _("%s is damaged (%s); nothing more will be saved in it: restore the "
		             "newest backup"),
		           bg->path, rc == SQLITE_OK ? check : sqlite3_errmsg(bg->h));
	} else {
		state = DB_CHECK_NONE; /* could not look (busy, I/O): checked next open */
	}
	atomic_store(&bg->state, state);
	return NULL;
}

static void start_bgcheck(struct db *db)
{
	struct db_bgcheck *bg = xcalloc(1, sizeof *bg);
	bg->path = xstrdup(db->path);
	atomic_init(&bg->state, DB_CHECK_RUNNING);
	int oflags = SQLITE_OPEN_READONLY | DB_OPEN_FLAGS;
	char *name = readonly_name(db->path, &oflags);
	if (sqlite3_open_v2(name ? name : db->path, &bg->h, oflags, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(bg->h, DB_BUSY_TIMEOUT_MS);
		sqlite3_db_config(bg->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	}
	free(name);
	if (pthread_create(&bg->thread, NULL, bgcheck_run, bg) != 0) {
		bgcheck_run(bg); /* no thread: check now, as without the flag */
		bg->joined = true;
	}
	db->bg = bg;
}

static void end_bgcheck(struct db *db, bool interrupt)
{
	struct db_bgcheck *bg = db->bg;
	if (!bg)
		return;
	if (interrupt && bg->h)
		sqlite3_interrupt(bg->h);
	if (!bg->joined)
		pthread_join(bg->thread, NULL);
	int state = atomic_load(&bg->state);
	if (state == DB_CHECK_DAMAGED) {
		db->damaged = true;
		free(db->damage);
		db->damage = xstrdup(bg->detail);
	}
	sqlite3_close_v2(bg->h);
	free(bg->path);
	free(bg);
	db->bg = NULL;
	if (state == DB_CHECK_OK && !db->readonly)
		record_check(db);
}

static enum db_check_state settled(const struct db *db)
{
	return db->damaged ? DB_CHECK_DAMAGED : db->checked_bg ? DB_CHECK_OK : DB_CHECK_NONE;
}

enum db_check_state db_check_poll(struct db *db)
{
	if (!db->bg)
		return settled(db);
	int state = atomic_load(&db->bg->state);
	if (state == DB_CHECK_RUNNING)
		return DB_CHECK_RUNNING;
	db->checked_bg = state == DB_CHECK_OK;
	end_bgcheck(db, false);
	return settled(db);
}

enum db_check_state db_check_wait(struct db *db)
{
	if (db->bg) {
		end_bgcheck(db, false);
		db->checked_bg = !db->damaged;
	}
	return settled(db);
}

/* A -wal or -journal beside a file: SQLite recovers from them, so an empty
 * main file with one is a crash during its creation, not lost data. */
static bool has_journal(const char *path)
{
	static const char *const sides[] = {"-wal", "-journal"};
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		struct stat sb;
		bool there = lstat(side, &sb) == 0 && sb.st_size > 0;
		free(side);
		if (there)
			return true;
	}
	return false;
}

static bool tighten_warned;

/* The file and its -wal and -shm 0600 when they were not. */
static enum status tighten(const char *path)
{
	bool changed_file = false;
	enum status st = fs_make_private(path, &changed_file);
	static const char *const sides[] = {"-wal", "-shm"};
	for (size_t i = 0; st == ST_OK && i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		bool c = false;
		st = fs_make_private(side, &c);
		changed_file |= c;
		free(side);
	}
	if (changed_file && !tighten_warned) {
		tighten_warned = true;
		fprintf(stderr, "dvcdesk: %s: %s\n", path,
		        _("the database could be read by other users of this computer; made "
		          "private (0600)"));
	}
	return st;
}

/* Create the database at path atomically: made and migrated under a
 * temporary name, closed (the WAL checkpointed away), fsynced, then linked
 * into place, which fails instead of replacing a file another program made
 * meanwhile (then that one is used). */
static enum status create_whole(const char *path)
{
	enum status st;
	mode_t old_mask = umask(077);
	if ((st = make_parent(path)) != ST_OK) {
		umask(old_mask);
		return st;
	}
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", tmp, sides[i]);
		unlink(side);
		free(side);
	}
	struct db *db = NULL;
	st = db_open(&db, tmp, DB__CREATING);
	if (st == ST_OK) {
		/* A backup copy carries no WAL: the last close checkpoints it. */
		db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
		db_close(db);
		st = fs_fsync_path(tmp, false);
	}
	if (st == ST_OK) {
		if (link(tmp, path) != 0 && errno != EEXIST)
			st = status_fail(ST_CANTCREAT, _("cannot create %s: %s"), path,
			                 strerror(errno));
		else {
			char *dir = path_dir(path);
			st = fs_fsync_path(dir, true);
			free(dir);
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", tmp, sides[i]);
		unlink(side);
		free(side);
	}
	free(tmp);
	umask(old_mask);
	return st;
}

enum status db_open(struct db **out, const char *path, unsigned flags)
{
	status_clear();
	struct db *db;
	struct stat sb;
	bool exists, fresh = false, checked = false, deferred = false;
	int rc, open_flags;
	enum status st;
	mode_t old_mask;

	*out = NULL;
	tune_library();
	if (str_empty(path))
		return status_fail(ST_USAGE, _("no database path given"));
	if (lstat(path, &sb) == 0) {
		exists = true;
		if (S_ISLNK(sb.st_mode))
			return status_fail(
			    ST_DB_SYMLINK,
			    _("the database path %s is a symbolic link; give the real "
			      "file's path"),
			    path);
		if (!S_ISREG(sb.st_mode))
			return status_fail(ST_DB_FOREIGN, _("%s is not a regular file"), path);
	} else if (errno == ENOENT) {
		exists = false;
		if (flags & (DB_READONLY | DB_NO_CREATE))
			return status_fail(ST_NOT_FOUND, _("the database %s does not exist"), path);
	} else {
		return status_fail(ST_IO, _("cannot read %s: %s"), path, strerror(errno));
	}
	/* A new database is made whole beside the path and linked into place,
	 * so that a file at the path is never an empty one of ours: an empty
	 * file there means the data were lost (a copy that failed, a full
	 * disk), and is not silently taken for a new database. */
	if (!exists && !(flags & DB__CREATING)) {
		if ((st = create_whole(path)) != ST_OK)
			return st;
		if (lstat(path, &sb) != 0)
			return status_fail(ST_IO, _("cannot read %s: %s"), path, strerror(errno));
		exists = true;
	}
	if (exists && sb.st_size == 0 && !has_journal(path))
		return status_fail(
		    ST_DB_CORRUPT,
		    _("%s exists but is empty (0 bytes): the visits it held were lost (a copy "
		      "that failed, a full disk); nothing was changed in it. Restore the newest "
		      "backup, or delete the empty file to start a new database"),
		    path);
	/* Citizens' data are written here: a file others can read is made
	 * private first (0600), and the user is told (the data folder: cli.c). */
	if (exists && !(flags & DB_READONLY) && (st = tighten(path)) != ST_OK)
		return st;

	/* Everything this open creates (folders, the file, -wal, -shm, even
	 * those of the read-only look) is private: personal data live here. */
	old_mask = umask(077);
	if (exists &&
	    (st = inspect(path, sb.st_size, flags, &fresh, &checked, &deferred)) != ST_OK) {
		umask(old_mask);
		return st;
	}
	if (fresh && (flags & DB_READONLY)) {
		umask(old_mask);
		return status_fail(ST_NOT_FOUND, _("the database %s is empty"), path);
	}
	if (!exists && (st = make_parent(path)) != ST_OK) {
		umask(old_mask);
		return st;
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->readonly = flags & DB_READONLY;
	open_flags = DB_OPEN_FLAGS | (db->readonly ? SQLITE_OPEN_READONLY
	                                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	char *name = db->readonly ? readonly_name(path, &open_flags) : NULL;
	rc = sqlite3_open_v2(name ? name : path, &db->h, open_flags, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		st = db_status(db, rc);
		goto fail;
	}
	if (!exists && chmod(path, 0600) != 0) {
		st = status_fail(ST_IO, _("cannot set the permissions of %s: %s"), path,
		                 strerror(errno));
		goto fail;
	}
	/* SQLite quietly opens a file it may not write read-only; say so now
	 * rather than at the first save. */
	if (!db->readonly && sqlite3_db_readonly(db->h, "main") == 1) {
		st = status_fail(ST_DB_READONLY,
		                 _("the database %s can only be read (check the permissions of "
		                   "the file and its folder); nothing can be saved"),
		                 path);
		goto fail;
	}
	if ((st = configure(db)) != ST_OK)
		goto fail;
	if (db->readonly) {
		if (db_schema_version(db) != db_latest_version()) {
			st = status_fail(
			    ST_DB_READONLY,
			    _("%s has an older schema (version %d, this program needs %d): "
			      "open it once for writing to upgrade it"),
			    path, db_schema_version(db), db_latest_version());
			goto fail;
		}
	} else if ((st = migrate(db)) != ST_OK) {
		goto fail;
	}
	/* The file may have been swapped between the look and the open. */
	if (db_int(db, "PRAGMA application_id", 0) != DB_APPLICATION_ID) {
		st = status_fail(ST_DB_FOREIGN, _("%s is not a dvcdesk database"), path);
		goto fail;
	}
	if ((checked || !exists) && !db->readonly) /* a new file has nothing to check */
		record_check(db);
	if (deferred)
		start_bgcheck(db);
	umask(old_mask);
	*out = db;
	return ST_OK;
fail:
	umask(old_mask);
	db_close(db);
	return st;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	end_bgcheck(db, true); /* interrupted: the next open checks again */
	free(db->damage);
	for (int i = 0; i < db->n_cache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	free(db->cache);
	/* v2: a statement someone forgot to finalize cannot keep the file open
	 * behind our back forever; it closes when that statement goes. */
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

enum status db_check(struct db *db, bool full)
{
	status_clear();
	char first[512];
	int rc = query_text(db->h, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", first,
	                    sizeof first);

	if (rc != SQLITE_OK) {
		if (status_of_rc(rc) == ST_DB_CORRUPT)
			return status_fail(ST_DB_CORRUPT,
			                   _("the database %s is damaged (%s): restore the newest "
			                     "backup"),
			                   db->path, sqlite3_errmsg(db->h));
		return db_status(db, rc);
	}
	if (strcmp(first, "ok") != 0)
		return status_fail(ST_DB_CORRUPT,
		                   _("the database %s is damaged (%s): restore the newest backup"),
		                   db->path, first);
	return ST_OK;
}
