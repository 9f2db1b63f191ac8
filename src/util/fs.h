/* Files that survive a crash or a power cut whole or not at all, and private
 * folders.  One atomic writer for every file dvcdesk saves (reports, PDFs,
 * CSVs, exports, backups):
 *   a temporary file beside the target (mkstemp, 0600) -> every byte written
 *   (a short write is an error, never success) -> fsync -> rename over the
 *   target -> fsync of the folder (or the rename itself may be lost).
 * A failure removes the temporary file and leaves the target as it was. */
#ifndef DVCDESK_FS_H
#define DVCDESK_FS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/status.h"

/* Write all len bytes to fd, retrying after EINTR and partial writes.
 * Returns 0, or the errno of the failure (EIO when write(2) wrote nothing
 * without saying why). */
int fs_write_all(int fd, const void *data, size_t len);

/* fsync a file or a folder by name (ST_IO with a detail naming it).  Not for
 * a file an SQLite connection of this process has open: closing an fd drops
 * that file's POSIX locks. */
enum status fs_fsync_path(const char *path, bool dir);

/* rename(2) tmp over final, then fsync final's folder. */
enum status fs_rename_durable(const char *tmp, const char *final);

/* A file being written atomically.  fs_atomic_open() creates the temporary
 * file; write through `f` (a stdio stream) or `fd`, not both; then
 * fs_atomic_commit() or fs_atomic_abort(), which free everything. */
struct fs_atomic {
	char *path; /* the target */
	char *tmp;  /* the temporary file beside it */
	int fd;
	FILE *f;
};
enum status fs_atomic_open(struct fs_atomic *a, const char *path);
/* Flush, check the stream had no error, fsync, close, rename, fsync the
 * folder.  ST_IO (ST_DB_FULL when the disk is full) with a detail naming the
 * target on any failure, after which no temporary file is left. */
enum status fs_atomic_commit(struct fs_atomic *a);
void fs_atomic_abort(struct fs_atomic *a);

/* The whole of data[0..len) as the new content of path, atomically. */
enum status fs_write_file(const char *path, const void *data, size_t len);

/* mkdir -p; the last folder 0700 whatever the umask.  An existing folder
 * that others can read is tightened to 0700 (it holds citizens' data). */
enum status fs_private_dir(const char *dir);

/* Take group and other permissions off an existing file or folder that has
 * them (chmod to mode & 0700).  ST_OK when it already was private, does not
 * exist or is a symbolic link; *tightened (may be NULL) says whether it
 * changed anything. */
enum status fs_make_private(const char *path, bool *tightened);

#endif
