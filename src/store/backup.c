#include "store/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/i18n.h"
#include "util/util.h"

/* How long a backup waits for a writer that keeps the source locked (the
 * backup API needs a read snapshot; in WAL mode that is rarely refused). */
#define BACKUP_BUSY_TRIES    100
#define BACKUP_BUSY_SLEEP_MS 50

char *backup_dir(const struct config *cfg)
{
	if (cfg->backup.dir && cfg->backup.dir[0])
		return xstrdup(cfg->backup.dir);
	char *dir = config_db_dir(cfg);
	char *out = xasprintf("%s/backups", dir);
	free(dir);
	return out;
}

static void unlink_with_side_files(const char *path)
{
	static const char *const sides[] = {"-journal", "-wal", "-shm"};
	unlink(path);
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		unlink(side);
		free(side);
	}
}

/* Every page through the backup API, waiting out a writer for up to
 * BACKUP_BUSY_TRIES * BACKUP_BUSY_SLEEP_MS; then finishes b (its result in
 * *finish_rc).  Returns the last step's result: SQLITE_DONE when whole. */
static int copy_pages(sqlite3_backup *b, int *finish_rc)
{
	int rc;
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < BACKUP_BUSY_TRIES) {
			sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
			continue;
		}
		break;
	}
	*finish_rc = sqlite3_backup_finish(b);
	return rc;
}

static enum status sqlite_failure(sqlite3 *h, int rc, const char *path)
{
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return status_fail(ST_DB_FULL, "%s: %s", path, status_message(ST_DB_FULL));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return status_fail(ST_DB_BUSY, "%s: %s", path, status_message(ST_DB_BUSY));
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return status_fail(ST_CANTCREAT, _("cannot write %s: %s"), path, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return status_fail(ST_DB_CORRUPT, _("%s is damaged or not a database (%s)"), path,
		                   msg);
	case SQLITE_IOERR:
		return status_fail(ST_IO, _("cannot write %s: %s"), path, msg);
	default:
		return status_fail(ST_DB_ERROR, "%s: %s", path, msg);
	}
}

static long long query_int(sqlite3 *h, const char *sql, int *rc_out)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	*rc_out = rc;
	return v;
}

enum status backup_verify(const char *path, bool full)
{
	status_clear();
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return status_fail(errno == ENOENT ? ST_NOT_FOUND : ST_IO, _("cannot open %s: %s"),
		                   path, strerror(errno));
	if (S_ISLNK(sb.st_mode))
		return status_fail(ST_DB_SYMLINK, _("%s is a symbolic link; give the real file"),
		                   path);
	if (!S_ISREG(sb.st_mode))
		return status_fail(ST_DB_FOREIGN, _("%s is not a regular file"), path);
	if (sb.st_size == 0)
		return status_fail(ST_DB_FOREIGN, _("%s is empty, not a dvcdesk database"), path);

	sqlite3 *h = NULL;
	int rc = db_open_aside(path, SQLITE_OPEN_READONLY, &h);
	enum status st = ST_OK;
	if (rc != SQLITE_OK) {
		st = sqlite_failure(h, rc, path);
		goto out;
	}
	long long app_id = query_int(h, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		st = sqlite_failure(h, rc, path);
		goto out;
	}
	sqlite3_stmt *chk = NULL;
	rc = sqlite3_prepare_v2(h, full ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)", -1,
	                        &chk, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(chk);
	if (rc == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(chk, 0);
		if (!res || !str_eq(res, "ok"))
			st = status_fail(ST_DB_CORRUPT, _("%s is damaged: %s"), path,
			                 res ? res : "?");
	} else {
		st = sqlite_failure(h, rc, path);
	}
	sqlite3_finalize(chk);
	if (st != ST_OK)
		goto out;
	if (app_id != DB_APPLICATION_ID) {
		st = status_fail(ST_DB_FOREIGN, _("%s is not a dvcdesk database"), path);
		goto out;
	}
	long long version = query_int(h, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK)
		st = sqlite_failure(h, rc, path);
	else if (version > db_latest_version())
		st = status_fail(ST_DB_NEWER,
		                 _("%s was made by a newer dvcdesk; upgrade the program"), path);
out:
	sqlite3_close_v2(h);
	return st;
}

/* Copy the database behind `src` (its "main" schema) into the new file
 * `dst_path`, which must not exist: created 0600, filled through the backup
 * API, switched to rollback-journal mode so that it stays one file, closed.
 * The backup API reads one consistent snapshot and waits for locks. */
static enum status copy_database(sqlite3 *src, const char *dst_path)
{
	int fd = open(dst_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return status_fail(ST_CANTCREAT, _("cannot create %s: %s"), dst_path,
		                   strerror(errno));
	fchmod(fd, 0600);
	close(fd);

	sqlite3 *dst = NULL;
	int rc = db_open_aside(dst_path, SQLITE_OPEN_READWRITE, &dst);
	enum status st = ST_OK;
	if (rc != SQLITE_OK) {
		st = sqlite_failure(dst, rc, dst_path);
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		st = sqlite_failure(dst, sqlite3_errcode(dst), dst_path);
		goto out;
	}
	int frc;
	rc = copy_pages(b, &frc);
	if (rc != SQLITE_DONE) {
		st = sqlite_failure(dst, rc == SQLITE_OK ? frc : rc, dst_path);
		goto out;
	}
	if (frc != SQLITE_OK) {
		st = sqlite_failure(dst, frc, dst_path);
		goto out;
	}
	/* The copied header says WAL; a backup is one self-contained file. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		st = sqlite_failure(dst, rc, dst_path);
out:
	/* Nothing is left prepared on dst, so close cannot be refused. */
	sqlite3_close_v2(dst);
	return st;
}

/* Make `tmp` a checked, durable file at `final`: integrity_check, fsync the
 * file, rename, fsync the folder.  Removes tmp on failure. */
static enum status seal(const char *tmp, const char *final)
{
	enum status st = backup_verify(tmp, true);
	if (st == ST_OK)
		st = fs_fsync_path(tmp, false);
	if (st != ST_OK) {
		unlink_with_side_files(tmp);
		return st;
	}
	st = fs_rename_durable(tmp, final);
	if (st == ST_CANTCREAT)
		unlink_with_side_files(tmp);
	return st;
}

/* A dated name: <dir>/dvcdesk-YYYYMMDD-HHMMSS[-N].db, not yet taken. */
static char *dated_name(const char *dir, time_t now)
{
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32];
	snprintf(stamp, sizeof(stamp), "%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	for (int n = 1;; n++) {
		char *path =
		    n == 1 ? xasprintf("%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dir, stamp)
		           : xasprintf("%s/" BACKUP_PREFIX "%s-%d" BACKUP_SUFFIX, dir, stamp, n);
		struct stat sb;
		if (lstat(path, &sb) != 0)
			return path;
		free(path);
	}
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

enum status backup_make(struct db *db, const struct config *cfg, const char *dest, char **written)
{
	status_clear();
	if (written)
		*written = NULL;
	char *final;
	enum status st;
	if (!dest) {
		char *dir = backup_dir(cfg);
		st = fs_private_dir(dir);
		final = st == ST_OK ? dated_name(dir, util_now()) : NULL;
		free(dir);
		if (st != ST_OK)
			return st;
	} else {
		struct stat sb;
		if (lstat(dest, &sb) == 0) {
			if (same_file(dest, db->path)) {
				return status_fail(
				    ST_USAGE, _("%s is the database itself; give another file"),
				    dest);
			}
			if (!S_ISREG(sb.st_mode) || backup_verify(dest, false) != ST_OK)
				return status_fail(
				    ST_EXISTS,
				    _("%s exists and is not a dvcdesk backup; give a "
				      "new file name"),
				    dest);
		}
		final = xstrdup(dest);
	}
	backup_remove_stale(cfg, dest);
	char *tmp = xasprintf("%s.tmp-%ld", final, (long)getpid());
	unlink_with_side_files(tmp);
	st = copy_database(db->h, tmp);
	if (st == ST_OK)
		st = seal(tmp, final);
	else
		unlink_with_side_files(tmp);
	free(tmp);
	if (st == ST_OK && !dest)
		backup_prune(cfg, NULL);
	if (st == ST_OK && written)
		*written = final;
	else
		free(final);
	return st;
}

static char *elsewhere_path(const struct config *cfg)
{
	char *dir = config_db_dir(cfg);
	char *p = xasprintf("%s/backups-elsewhere", dir);
	free(dir);
	return p;
}

/* The lines of the registry, NULL-terminated; never NULL. */
static char **read_lines(const char *path, size_t *n_out)
{
	size_t n = 0, cap = 4;
	char **list = xcalloc(cap, sizeof(*list));
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t len = 0;
	while (f && getline(&line, &len, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (n + 2 > cap)
			list = xrealloc(list, (cap *= 2) * sizeof(*list));
		list[n++] = xstrdup(line);
		list[n] = NULL;
	}
	free(line);
	if (f)
		fclose(f);
	*n_out = n;
	return list;
}

static enum status write_lines(const char *path, char **list)
{
	struct strbuf sb;
	sb_init(&sb);
	for (char **p = list; *p; p++)
		sb_addf(&sb, "%s\n", *p);
	enum status st = fs_write_file(path, sb.buf ? sb.buf : "", sb.len);
	sb_done(&sb);
	return st;
}

enum status backup_note_elsewhere(const struct config *cfg, const char *path)
{
	status_clear();
	char *abs = realpath(path, NULL);
	if (!abs)
		return status_fail(ST_IO, _("cannot open %s: %s"), path, strerror(errno));
	char *dir = backup_dir(cfg);
	char *real_dir = realpath(dir, NULL);
	free(dir);
	char *parent = path_dir(abs);
	bool inside = real_dir && str_eq(parent, real_dir);
	free(parent);
	free(real_dir);
	enum status st = ST_OK;
	if (!inside) {
		char *reg = elsewhere_path(cfg);
		size_t n;
		char **list = read_lines(reg, &n);
		bool known = false;
		for (size_t i = 0; i < n; i++)
			known |= str_eq(list[i], abs);
		if (!known) {
			list = xrealloc(list, (n + 2) * sizeof(*list));
			list[n] = xstrdup(abs);
			list[n + 1] = NULL;
			st = write_lines(reg, list);
		}
		backup_list_free(list);
		free(reg);
	}
	free(abs);
	return st;
}

char **backup_list_elsewhere(const struct config *cfg)
{
	char *reg = elsewhere_path(cfg);
	size_t n;
	char **list = read_lines(reg, &n);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		char *dir = path_dir(list[i]);
		bool gone = lstat(list[i], &sb) != 0 && errno == ENOENT && stat(dir, &sb) == 0;
		free(dir);
		if (gone)
			free(list[i]);
		else
			list[kept++] = list[i];
	}
	list[kept] = NULL;
	if (kept != n)
		write_lines(reg, list); /* best effort: it is read again next time */
	free(reg);
	return list;
}

/* A dated backup's place in time, from its name. */
struct stamp {
	long day, hms, seq;
};

static bool parse_dated(const char *name, struct stamp *out)
{
	size_t plen = strlen(BACKUP_PREFIX), slen = strlen(BACKUP_SUFFIX);
	size_t len = strlen(name);
	if (len < plen + 15 + slen || strncmp(name, BACKUP_PREFIX, plen) != 0 ||
	    strcmp(name + len - slen, BACKUP_SUFFIX) != 0)
		return false;
	const char *p = name + plen;
	long day = 0, hms = 0, seq = 1;
	for (int i = 0; i < 8; i++, p++) {
		if (*p < '0' || *p > '9')
			return false;
		day = day * 10 + (*p - '0');
	}
	if (*p++ != '-')
		return false;
	for (int i = 0; i < 6; i++, p++) {
		if (*p < '0' || *p > '9')
			return false;
		hms = hms * 10 + (*p - '0');
	}
	const char *end = name + len - slen;
	if (p != end) {
		if (*p++ != '-' || p == end)
			return false;
		seq = 0;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9' || seq > 100000)
				return false;
			seq = seq * 10 + (*p - '0');
		}
	}
	if (day < 19700101 || day > 99991231)
		return false;
	*out = (struct stamp){day, hms, seq};
	return true;
}

struct dated {
	struct stamp at;
	char *path;
};

static int cmp_long(long a, long b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

static int newest_first(const void *pa, const void *pb)
{
	const struct stamp *a = &((const struct dated *)pa)->at,
	                   *b = &((const struct dated *)pb)->at;
	int c = cmp_long(b->day, a->day);
	if (!c)
		c = cmp_long(b->hms, a->hms);
	return c ? c : cmp_long(b->seq, a->seq);
}

static struct dated *scan(const char *dir, size_t *n_out)
{
	struct dated *list = NULL;
	size_t n = 0, cap = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		struct stamp at;
		if (!parse_dated(e->d_name, &at))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat sb;
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, cap * sizeof(*list));
		}
		list[n].at = at;
		list[n++].path = path;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(list, n, sizeof(*list), newest_first);
	*n_out = n;
	return list;
}

char **backup_list(const struct config *cfg)
{
	char *dir = backup_dir(cfg);
	size_t n;
	struct dated *list = scan(dir, &n);
	free(dir);
	char **out = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = list[i].path;
	free(list);
	return out;
}

void backup_list_free(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

/* Temporary files of a backup or restore whose process is gone (killed,
 * a power cut): they hold personal data and would otherwise stay for ever.
 * In `dir`, the names "<base><mark><pid>" and their -journal, -wal and
 * -shm (with base NULL: the dated backups' "dvcdesk-*.db<mark><pid>"), whose
 * pid is no running process. */
static void remove_stale(const char *dir, const char *base, const char *mark)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t blen = base ? strlen(base) : 0;
	while (d && (e = readdir(d)) != NULL) {
		const char *t;
		if (base) {
			if (strncmp(e->d_name, base, blen) != 0 ||
			    strncmp(e->d_name + blen, mark, strlen(mark)) != 0)
				continue;
			t = e->d_name + blen;
		} else {
			if (strncmp(e->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) != 0)
				continue;
			char *m = xasprintf("%s%s", BACKUP_SUFFIX, mark);
			t = strstr(e->d_name, m);
			free(m);
			if (!t)
				continue;
			t += strlen(BACKUP_SUFFIX);
		}
		char *end;
		long pid = strtol(t + strlen(mark), &end, 10);
		if (pid <= 0 || (*end && !str_eq(end, "-journal") && !str_eq(end, "-wal") &&
		                 !str_eq(end, "-shm")))
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
}

static void remove_stale_temps(const char *dir)
{
	remove_stale(dir, NULL, ".tmp-");
}

void backup_remove_stale(const struct config *cfg, const char *dest)
{
	char *dir = backup_dir(cfg);
	remove_stale_temps(dir);
	free(dir);
	/* A restore's and a new database's temporary copies beside the live
	 * file. */
	char *db_dir = path_dir(cfg->db_path);
	const char *slash = strrchr(cfg->db_path, '/');
	const char *db_base = slash ? slash + 1 : cfg->db_path;
	remove_stale(db_dir, db_base, ".restore-");
	remove_stale(db_dir, db_base, ".new-");
	free(db_dir);
	if (dest) { /* `dvcdesk backup FILE` killed before: FILE.tmp-PID */
		char *dest_dir = path_dir(dest);
		const char *ds = strrchr(dest, '/');
		remove_stale(dest_dir, ds ? ds + 1 : dest, ".tmp-");
		free(dest_dir);
	}
}

enum status backup_prune(const struct config *cfg, int *deleted)
{
	status_clear();
	int n_del = 0;
	char *dir = backup_dir(cfg);
	remove_stale_temps(dir);
	size_t n;
	struct dated *list = scan(dir, &n);
	int today = time_local_day(util_now());
	long cutoff = time_day_add(today, -cfg->backup.keep_days);
	enum status st = ST_OK;
	/* The newest backup stays whatever its age: it may be the only one. */
	for (size_t i = 1; i < n && cfg->backup.keep_days > 0; i++) {
		if (list[i].at.day >= cutoff)
			continue;
		if (unlink(list[i].path) != 0)
			st = status_fail(ST_IO, _("cannot delete the old backup %s: %s"),
			                 list[i].path, strerror(errno));
		else
			n_del++;
	}
	for (size_t i = 0; i < n; i++)
		free(list[i].path);
	free(list);
	if (n_del > 0)
		fs_fsync_path(dir, true); /* best effort: a deletion that comes back is harmless */
	if (deleted)
		*deleted = n_del;
	free(dir);
	return st;
}

enum status backup_daily_if_due(struct db *db, const struct config *cfg)
{
	status_clear();
	char *dir = backup_dir(cfg);
	size_t n;
	struct dated *list = scan(dir, &n);
	free(dir);
	long today = time_local_day(util_now());
	bool due = true;
	for (size_t i = 0; i < n; i++) {
		if (list[i].at.day == today)
			due = false;
		free(list[i].path);
	}
	free(list);
	if (!due)
		return ST_OK;
	return backup_make(db, cfg, NULL, NULL);
}

char *backup_newest_verified(const struct config *cfg)
{
	char **list = backup_list(cfg);
	char *found = NULL;
	for (char **p = list; *p && !found; p++)
		if (backup_verify(*p, false) == ST_OK)
			found = xstrdup(*p);
	backup_list_free(list);
	status_clear();
	return found;
}

char *backup_restore_hint(const struct config *cfg)
{
	char *newest = backup_newest_verified(cfg);
	if (!newest)
		return NULL;
	char *hint = xasprintf(_("the newest checked backup is %s; to restore it: dvcdesk restore "
	                         "%s --as SUPERVISOR"),
	                       newest, newest);
	free(newest);
	return hint;
}

enum status backup_restore_into(struct db *live, const char *src)
{
	status_clear();
	enum status st = backup_verify(src, true);
	if (st != ST_OK)
		return st;
	if (same_file(src, live->path))
		return status_fail(ST_USAGE, _("%s is the database itself"), src);
	sqlite3 *h = NULL;
	int rc = db_open_aside(src, SQLITE_OPEN_READONLY, &h);
	if (rc != SQLITE_OK) {
		st = sqlite_failure(h, rc, src);
		sqlite3_close_v2(h);
		return st;
	}
	sqlite3_backup *b = sqlite3_backup_init(live->h, "main", h, "main");
	if (!b) {
		st = sqlite_failure(live->h, sqlite3_errcode(live->h), live->path);
		sqlite3_close_v2(h);
		return st;
	}
	int frc;
	rc = copy_pages(b, &frc);
	if (rc != SQLITE_DONE)
		st = sqlite_failure(live->h, rc == SQLITE_OK ? frc : rc, live->path);
	else if (frc != SQLITE_OK)
		st = sqlite_failure(live->h, frc, live->path);
	sqlite3_close_v2(h);
	return st;
}

enum status backup_stage(const struct config *cfg, const char *src, char **staged)
{
	status_clear();
	*staged = NULL;
	enum status st = backup_verify(src, true);
	if (st != ST_OK)
		return st;
	char *dir = path_dir(cfg->db_path);
	st = fs_private_dir(dir);
	free(dir);
	if (st != ST_OK)
		return st;
	sqlite3 *h = NULL;
	int rc = db_open_aside(src, SQLITE_OPEN_READONLY, &h);
	if (rc != SQLITE_OK) {
		st = sqlite_failure(h, rc, src);
		sqlite3_close_v2(h);
		return st;
	}
	char *tmp = xasprintf("%s.restore-%ld", cfg->db_path, (long)getpid());
	unlink_with_side_files(tmp);
	st = copy_database(h, tmp);
	sqlite3_close_v2(h);
	if (st == ST_OK)
		st = backup_verify(tmp, true);
	if (st == ST_OK)
		st = fs_fsync_path(tmp, false);
	if (st != ST_OK) {
		unlink_with_side_files(tmp);
		free(tmp);
		return st;
	}
	*staged = tmp;
	return ST_OK;
}

enum status backup_promote(const struct config *cfg, const char *staged, char **aside)
{
	status_clear();
	if (aside)
		*aside = NULL;
	static const char *const sides[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", staged, sides[i]);
		struct stat sb;
		bool open_still = str_eq(sides[i], "-wal") && lstat(side, &sb) == 0;
		free(side);
		if (open_still)
			return status_fail(ST_IO, _("the restored copy %s is still open"), staged);
	}
	const char *live = cfg->db_path;
	struct stat sb;
	char *moved = NULL;
	if (lstat(live, &sb) == 0) {
		time_t now = util_now();
		struct tm tm;
		localtime_r(&now, &tm);
		moved = xasprintf("%s.damaged-%04d%02d%02d-%02d%02d%02d", live, tm.tm_year + 1900,
		                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (rename(live, moved) != 0) {
			enum status st = status_fail(ST_IO, _("cannot move %s aside: %s"), live,
			                             strerror(errno));
			free(moved);
			return st;
		}
		/* The side files belong to the damaged file: they move with it,
		 * never deleted, never left to pair with the restored one. */
		for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
			char *from = xasprintf("%s%s", live, sides[i]);
			char *to = xasprintf("%s%s", moved, sides[i]);
			if (lstat(from, &sb) == 0 && rename(from, to) != 0) {
				enum status st = status_fail(ST_IO, _("cannot move %s aside: %s"),
				                             from, strerror(errno));
				free(from);
				free(to);
				free(moved);
				return st;
			}
			free(from);
			free(to);
		}
	}
	if (rename(staged, live) != 0) {
		enum status st = status_fail(ST_IO, _("cannot rename %s to %s: %s"), staged, live,
		                             strerror(errno));
		free(moved);
		return st;
	}
	char *dir = path_dir(live);
	enum status st = fs_fsync_path(dir, true);
	free(dir);
	if (aside)
		*aside = moved;
	else
		free(moved);
	return st;
}

void backup_discard(const char *staged)
{
	if (staged)
		unlink_with_side_files(staged);
}
