/* Backups: checked copies of the database, made only through SQLite's online
 * backup API (never a file copy: a copy taken during a write, or without its
 * -wal, is a corrupt copy).  A backup is written to a temporary file, checked
 * (integrity_check, application_id), fsynced, renamed into place, and the
 * folder fsynced, so a backup file either is whole or does not exist.
 *
 * The default folder is [backup] dir, or "backups" beside the database; its
 * files are named dvcdesk-YYYYMMDD-HHMMSS.db (local time), 0600 in a 0700
 * folder.  Backups hold citizens' personal data: purge.c cleans them too. */
#ifndef DVCDESK_BACKUP_H
#define DVCDESK_BACKUP_H

#include <stdbool.h>

#include "config/config.h"
#include "store/db.h"
#include "util/status.h"

#define BACKUP_PREFIX "dvcdesk-"
#define BACKUP_SUFFIX ".db"

/* The backup folder: cfg->backup.dir, or <folder of the database>/backups.
 * Caller frees. */
char *backup_dir(const struct config *cfg);

/* Check that `path` is a sound dvcdesk database without changing it: opened
 * read-only and defensively, then integrity_check (full) or quick_check,
 * application_id and schema version.  ST_OK, ST_NOT_FOUND, ST_DB_SYMLINK,
 * ST_DB_CORRUPT, ST_DB_FOREIGN or ST_DB_NEWER, with a detail naming the
 * file. */
enum status backup_verify(const char *path, bool full);

/* Back up the open database into `dest`, or, when dest is NULL, into a new
 * dated file in backup_dir() (created 0700), then delete the dated backups
 * older than [backup] keep_days (backup_prune()).  An existing dest is
 * replaced only when it is itself a dvcdesk database and not the live one.
 * On ST_OK *written (may be NULL) gets the path of the new file (caller
 * frees).  ST_CANTCREAT / ST_IO / ST_DB_* with a detail otherwise; on
 * failure no file is left at dest. */
enum status backup_make(struct db *db, const struct config *cfg, const char *dest, char **written);

/* Delete the dated backups in backup_dir() whose date is more than
 * [backup] keep_days days before today, always keeping the newest one, and
 * temporary files left by a backup that was interrupted.  *deleted (may be
 * NULL) gets the number of backups deleted. */
enum status backup_prune(const struct config *cfg, int *deleted);

/* Remove the temporary files a killed backup or restore left (in the
 * backup folder, beside the database, and beside dest when not NULL), when
 * the process that made them is gone.  backup_make() calls it first. */
void backup_remove_stale(const struct config *cfg, const char *dest);

/* The daily backup: when backup_dir() holds no backup dated today, make one
 * (and prune).  Meant to be called after the first shift of the day opens;
 * ST_OK when a backup was made or none was due. */
enum status backup_daily_if_due(struct db *db, const struct config *cfg);

/* The dated backups in backup_dir(), newest first (by the date in the name),
 * as a NULL-terminated array of full paths; free with backup_list_free().
 * Never NULL. */
char **backup_list(const struct config *cfg);
void backup_list_free(char **list);

/* Backups made with `dvcdesk backup FILE` outside backup_dir() are listed
 * (absolute paths, one a line; names only, no personal data) in
 * <folder of the database>/backups-elsewhere, so that a purge can clean
 * them too, or name the ones it cannot reach.  The caller of backup_make()
 * with a dest adds it; ST_IO when the list cannot be written. */
enum status backup_note_elsewhere(const struct config *cfg, const char *path);
/* The listed paths, NULL-terminated (free with backup_list_free()); paths
 * whose file is gone while its folder is still there (deleted by hand) are
 * dropped from the list.  Never NULL. */
char **backup_list_elsewhere(const struct config *cfg);

/* The newest backup that passes backup_verify(quick), or NULL.  Caller
 * frees. */
char *backup_newest_verified(const struct config *cfg);

/* For the start-up path when the database cannot be opened (damaged,
 * foreign, not a database): one translated sentence naming the newest
 * verified backup and the command that restores it, or NULL when there is
 * none.  Caller frees. */
char *backup_restore_hint(const struct config *cfg);

/* Restore into a database that opens: copies `src` (which must pass
 * backup_verify(full)) over the live database through the backup API, so
 * that other connections see the restored data and the WAL stays paired.
 * The caller reopens the database afterwards (migrations). */
enum status backup_restore_into(struct db *live, const char *src);

/* Restore when the live file cannot be opened, in two steps so that the
 * caller can check a supervisor's PIN against the copy in between:
 * backup_stage() copies the verified `src` to a new file beside the live
 * database and returns its path in *staged (caller frees); backup_promote()
 * renames the damaged live file and its -wal/-shm aside to
 * <db>.damaged-YYYYMMDD-HHMMSS (never deleted), then renames the staged
 * copy into place and fsyncs the folder.  *aside (may be NULL) gets the new
 * name of the damaged file, or NULL when there was none.  The staged file
 * must be closed before backup_promote(); backup_discard() removes it. */
enum status backup_stage(const struct config *cfg, const char *src, char **staged);
enum status backup_promote(const struct config *cfg, const char *staged, char **aside);
void backup_discard(const char *staged);

#endif
