#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/util.h"

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno ? errno : EIO;
		if (n == 0)
			return EIO; /* nothing written and no reason given: never success */
		done += (size_t)n;
	}
	return 0;
}

enum status fs_fsync_path(const char *path, bool dir)
{
	status_clear();
	int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : O_NOFOLLOW));
	if (fd < 0)
		return status_fail(ST_IO, _("cannot open %s: %s"), path, strerror(errno));
	int rc = fsync(fd);
	int err = errno;
	close(fd);
	if (rc != 0)
		return status_fail(ST_IO, _("cannot write %s to the disk: %s"), path,
		                   strerror(err));
	return ST_OK;
}

enum status fs_rename_durable(const char *tmp, const char *final)
{
	status_clear();
	if (rename(tmp, final) != 0)
		return status_fail(ST_CANTCREAT, _("cannot rename %s to %s: %s"), tmp, final,
		                   strerror(errno));
	char *dir = path_dir(final);
	enum status st = fs_fsync_path(dir, true);
	free(dir);
	return st;
}

static enum status write_failure(const char *path, int err)
{
	if (err == ENOSPC || err == EDQUOT || err == EFBIG)
		return status_fail(ST_DB_FULL, _("cannot write %s: %s"), path, strerror(err));
	return status_fail(ST_IO, _("cannot write %s: %s"), path, strerror(err ? err : EIO));
}

enum status fs_atomic_open(struct fs_atomic *a, const char *path)
{
	status_clear();
	memset(a, 0, sizeof(*a));
	a->fd = -1;
	a->tmp = xasprintf("%s.tmp-XXXXXX", path);
	a->fd = mkstemp(a->tmp); /* 0600 whatever the umask */
	if (a->fd < 0) {
		enum status st =
		    status_fail(ST_CANTCREAT, _("cannot create %s: %s"), path, strerror(errno));
		free(a->tmp);
		a->tmp = NULL;
		return st;
	}
	a->f = fdopen(a->fd, "w");
	if (!a->f) {
		int err = errno;
		close(a->fd);
		unlink(a->tmp);
		free(a->tmp);
		a->tmp = NULL;
		a->fd = -1;
		return status_fail(ST_NOMEM, _("cannot create %s: %s"), path, strerror(err));
	}
	a->path = xstrdup(path);
	return ST_OK;
}

void fs_atomic_abort(struct fs_atomic *a)
{
	if (a->f)
		fclose(a->f);
	else if (a->fd >= 0)
		close(a->fd);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

enum status fs_atomic_commit(struct fs_atomic *a)
{
	status_clear();
	int err = 0;
	/* errno is read right at the failing call: a stale one would hide it. */
	if (fflush(a->f) != 0)
		err = errno ? errno : EIO;
	else if (ferror(a->f))
		err = EIO;
	else if (fsync(a->fd) != 0)
		err = errno;
	int rc = fclose(a->f);
	if (rc != 0 && !err)
		err = errno ? errno : EIO;
	a->f = NULL;
	a->fd = -1;
	if (err) {
		enum status st = write_failure(a->path, err);
		fs_atomic_abort(a);
		return st;
	}
	enum status st = fs_rename_durable(a->tmp, a->path);
	if (st == ST_CANTCREAT) /* not renamed: the temporary file is still there */
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
	return st;
}

enum status fs_write_file(const char *path, const void *data, size_t len)
{
	status_clear();
	struct fs_atomic a;
	enum status st = fs_atomic_open(&a, path);
	if (st != ST_OK)
		return st;
	int err = fs_write_all(a.fd, data, len);
	if (err) {
		st = write_failure(path, err);
		fs_atomic_abort(&a);
		return st;
	}
	return fs_atomic_commit(&a);
}

enum status fs_make_private(const char *path, bool *tightened)
{
	status_clear();
	if (tightened)
		*tightened = false;
	struct stat sb;
	if (lstat(path, &sb) != 0 || S_ISLNK(sb.st_mode))
		return ST_OK;
	if (!(sb.st_mode & 077))
		return ST_OK;
	if (chmod(path, sb.st_mode & 0700) != 0) {
		/* Not ours, or a file system without permissions (a FAT USB
		 * stick): nothing can make it private; what dvcdesk creates
		 * there is 0600 all the same. */
		if (errno == EPERM || errno == EROFS || errno == ENOTSUP)
			return ST_OK;
		return status_fail(ST_IO, _("%s can be read by other users of this computer and "
		                            "its permissions cannot be changed: %s"),
		                   path, strerror(errno));
	}
	if (tightened)
		*tightened = true;
	return ST_OK;
}

enum status fs_private_dir(const char *dir)
{
	status_clear();
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return status_fail(ST_CANTCREAT, _("%s is not a folder"), dir);
		return fs_make_private(dir, NULL);
	}
	char *parent = path_dir(dir);
	enum status st = ST_OK;
	if (!str_eq(parent, dir) && stat(parent, &sb) != 0)
		st = fs_private_dir(parent);
	free(parent);
	if (st != ST_OK)
		return st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return status_fail(ST_CANTCREAT, _("cannot create the folder %s: %s"), dir,
		                   strerror(errno));
	if (chmod(dir, 0700) != 0)
		return status_fail(ST_CANTCREAT, _("cannot create the folder %s: %s"), dir,
		                   strerror(errno));
	return ST_OK;
}
