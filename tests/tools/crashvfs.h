/* A power cut without hardware: an SQLite VFS shim over the default (unix)
 * VFS, after SQLite's own crash tests (docs/testing.md, "What the fault tier proves").
 *
 * Every xWrite and xTruncate on the main database, its WAL or its journal
 * first records what it overwrites; a successful xSync of a file forgets
 * that file's records (its data have reached the medium).  At the Nth write
 * the "power goes": what was never synced is rolled back, newest first, and
 * the process _exit()s with CRASHVFS_EXIT.  In "sectors" mode a random
 * subset of the unsynced sectors (of the file's sector size) keeps its new
 * content instead, as a disk that reorders its cache may leave it.
 * xDeviceCharacteristics clears POWERSAFE_OVERWRITE so that SQLite assumes
 * the worst.  Syncs are not passed to the disk (the simulation decides what
 * survives), which also keeps a run fast.
 *
 * The same shim injects I/O errors in-process (crashvfs_ioerr): a random
 * write fails with SQLITE_IOERR_WRITE and a random sync with
 * SQLITE_IOERR_FSYNC, for builds where an LD_PRELOAD injector (fiu-run)
 * cannot run, such as AddressSanitizer's.  Syncs then reach the disk.
 *
 * Header-only: included by the driver that registers it. */
#ifndef CRASHVFS_H
#define CRASHVFS_H

#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CRASHVFS_EXIT 86
enum crashvfs_mode { CRASHVFS_DROP_ALL, CRASHVFS_SECTORS };

struct cv_node { /* one path: the undo records outlive a closed handle */
	char *path;
	int deleted;
	struct cv_node *next;
};

struct cv_undo { /* newest first */
	struct cv_node *node;
	sqlite3_int64 off, old_size;
	int n; /* bytes saved in old (may be < the write's length at EOF) */
	int len; /* the write's length */
	int sector;
	unsigned char *old;
	struct cv_undo *next;
};

struct cv_file {
	sqlite3_file base;
	struct cv_node *node; /* NULL: not tracked (temp files) */
	sqlite3_file *real;   /* follows this struct in the same allocation */
};

static struct {
	sqlite3_vfs vfs;
	sqlite3_vfs *real;
	long long writes, cut_at;
	enum crashvfs_mode mode;
	int ioerr_permille; /* chance of an injected error per write or sync */
	unsigned long long rng;
	struct cv_undo *undo;
	struct cv_node *nodes;
} cv;

static unsigned long long cv_rand(void)
{
	cv.rng ^= cv.rng << 13;
	cv.rng ^= cv.rng >> 7;
	cv.rng ^= cv.rng << 17;
	return cv.rng;
}

static struct cv_node *cv_node_for(const char *path)
{
	for (struct cv_node *n = cv.nodes; n; n = n->next)
		if (strcmp(n->path, path) == 0) {
			n->deleted = 0;
			return n;
		}
	struct cv_node *n = calloc(1, sizeof(*n));
	n->path = strdup(path);
	n->next = cv.nodes;
	cv.nodes = n;
	return n;
}

static void cv_forget(struct cv_node *node)
{
	struct cv_undo **pp = &cv.undo;
	while (*pp) {
		struct cv_undo *u = *pp;
		if (u->node == node) {
			*pp = u->next;
			free(u->old);
			free(u);
		} else {
			pp = &u->next;
		}
	}
}

static void cv_pwrite_all(int fd, const unsigned char *buf, size_t n, off_t off)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, buf, n, off);
		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
		off += w;
	}
}

/* The power goes: roll back what was never synced, then die. */
static void cv_cut(void)
{
	struct keep {
		struct cv_node *node;
		sqlite3_int64 off;
		int n;
		unsigned char *data;
	} *keep = NULL;
	size_t n_keep = 0, cap = 0;
	if (cv.mode == CRASHVFS_SECTORS) {
		/* Remember the current (newest) content of a random half of the
		 * touched sectors: they made it to the medium after all. */
		for (struct cv_undo *u = cv.undo; u; u = u->next) {
			if (u->node->deleted || u->len <= 0)
				continue;
			int fd = open(u->node->path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			sqlite3_int64 s0 = u->off / u->sector * u->sector;
			for (sqlite3_int64 s = s0; s < u->off + u->len; s += u->sector) {
				if (cv_rand() & 1)
					continue;
				if (n_keep == cap) {
					cap = cap ? cap * 2 : 64;
					keep = realloc(keep, cap * sizeof(*keep));
				}
				unsigned char *buf = malloc((size_t)u->sector);
				ssize_t r = pread(fd, buf, (size_t)u->sector, (off_t)s);
				if (r <= 0) {
					free(buf);
					continue;
				}
				keep[n_keep++] = (struct keep){ u->node, s, (int)r, buf };
			}
			close(fd);
		}
	}
	for (struct cv_undo *u = cv.undo; u; u = u->next) {
		if (u->node->deleted)
			continue;
		int fd = open(u->node->path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (u->n > 0)
			cv_pwrite_all(fd, u->old, (size_t)u->n, (off_t)u->off);
		if (ftruncate(fd, (off_t)u->old_size) != 0) {
			/* nothing better to do while the power goes */
		}
		close(fd);
	}
	/* Newest first in `keep`; apply oldest first so the newest wins. */
	for (size_t i = n_keep; i-- > 0;) {
		int fd = open(keep[i].node->path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			cv_pwrite_all(fd, keep[i].data, (size_t)keep[i].n, (off_t)keep[i].off);
			close(fd);
		}
	}
	_exit(CRASHVFS_EXIT);
}

static void cv_record(struct cv_file *f, sqlite3_int64 off, int len, sqlite3_int64 new_size)
{
	sqlite3_int64 size = 0;
	f->real->pMethods->xFileSize(f->real, &size);
	struct cv_undo *u = calloc(1, sizeof(*u));
	u->node = f->node;
	u->off = off;
	u->len = len;
	u->old_size = size;
	u->sector = f->real->pMethods->xSectorSize(f->real);
	if (u->sector <= 0)
		u->sector = 4096;
	sqlite3_int64 end = new_size >= 0 ? size : off + len; /* truncate: save the cut tail */
	if (off < size) {
		sqlite3_int64 avail = (end < size ? end : size) - off;
		u->n = (int)avail;
		u->old = malloc((size_t)u->n);
		int fd = open(f->node->path, O_RDONLY | O_CLOEXEC);
		ssize_t r = fd >= 0 ? pread(fd, u->old, (size_t)u->n, (off_t)off) : -1;
		if (fd >= 0)
			close(fd);
		if (r < 0)
			r = 0;
		u->n = (int)r;
	}
	u->next = cv.undo;
	cv.undo = u;
}

static int cv_close(sqlite3_file *file)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xClose(f->real);
}

static int cv_read(sqlite3_file *file, void *buf, int n, sqlite3_int64 off)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xRead(f->real, buf, n, off);
}

static int cv_write(sqlite3_file *file, const void *buf, int n, sqlite3_int64 off)
{
	struct cv_file *f = (struct cv_file *)file;
	if (cv.cut_at > 0 && ++cv.writes >= cv.cut_at)
		cv_cut();
	if (cv.ioerr_permille && (int)(cv_rand() % 1000) < cv.ioerr_permille)
		return SQLITE_IOERR_WRITE;
	if (f->node)
		cv_record(f, off, n, -1);
	return f->real->pMethods->xWrite(f->real, buf, n, off);
}

static int cv_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct cv_file *f = (struct cv_file *)file;
	if (f->node) {
		sqlite3_int64 cur = 0;
		f->real->pMethods->xFileSize(f->real, &cur);
		if (cur > size)
			cv_record(f, size, (int)(cur - size), size);
	}
	return f->real->pMethods->xTruncate(f->real, size);
}

static int cv_sync(sqlite3_file *file, int flags)
{
	struct cv_file *f = (struct cv_file *)file;
	if (cv.ioerr_permille) {
		if ((int)(cv_rand() % 1000) < cv.ioerr_permille)
			return SQLITE_IOERR_FSYNC;
		return f->real->pMethods->xSync(f->real, flags);
	}
	if (f->node)
		cv_forget(f->node);
	return SQLITE_OK;
}

static int cv_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xFileSize(f->real, size);
}

static int cv_lock(sqlite3_file *file, int l)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xLock(f->real, l);
}

static int cv_unlock(sqlite3_file *file, int l)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xUnlock(f->real, l);
}

static int cv_check_reserved(sqlite3_file *file, int *out)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int cv_file_control(sqlite3_file *file, int op, void *arg)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int cv_sector_size(sqlite3_file *file)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

static int cv_device(sqlite3_file *file)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real) &
	       ~SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static int cv_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **pp)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xShmMap(f->real, pg, pgsz, extend, pp);
}

static int cv_shm_lock(sqlite3_file *file, int off, int n, int flags)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xShmLock(f->real, off, n, flags);
}

static void cv_shm_barrier(sqlite3_file *file)
{
	struct cv_file *f = (struct cv_file *)file;
	f->real->pMethods->xShmBarrier(f->real);
}

static int cv_shm_unmap(sqlite3_file *file, int del)
{
	struct cv_file *f = (struct cv_file *)file;
	return f->real->pMethods->xShmUnmap(f->real, del);
}

static int cv_fetch(sqlite3_file *file, sqlite3_int64 off, int n, void **pp)
{
	/* No memory-mapped I/O: every write must pass through cv_write. */
	(void)file;
	(void)off;
	(void)n;
	*pp = NULL;
	return SQLITE_OK;
}

static int cv_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	(void)file;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods cv_io = {
	3,		  cv_close,	      cv_read,	       cv_write,     cv_truncate,
	cv_sync,	  cv_file_size,	      cv_lock,	       cv_unlock,    cv_check_reserved,
	cv_file_control,  cv_sector_size,     cv_device,       cv_shm_map,   cv_shm_lock,
	cv_shm_barrier,	  cv_shm_unmap,	      cv_fetch,	       cv_unfetch,
};

static int cv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
		   int *out_flags)
{
	(void)vfs;
	struct cv_file *f = (struct cv_file *)file;
	f->real = (sqlite3_file *)(f + 1);
	f->node = NULL;
	int rc = cv.real->xOpen(cv.real, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || !f->real->pMethods) {
		file->pMethods = NULL;
		return rc;
	}
	if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)))
		f->node = cv_node_for(name);
	file->pMethods = &cv_io;
	return SQLITE_OK;
}

static int cv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	for (struct cv_node *n = cv.nodes; n; n = n->next)
		if (strcmp(n->path, name) == 0) {
			cv_forget(n);
			n->deleted = 1;
		}
	return cv.real->xDelete(cv.real, name, sync_dir);
}

static int cv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return cv.real->xAccess(cv.real, name, flags, out);
}

static int cv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return cv.real->xFullPathname(cv.real, name, n, out);
}

static void *cv_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return cv.real->xDlOpen(cv.real, name);
}

static void cv_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	cv.real->xDlError(cv.real, n, out);
}

static void (*cv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return cv.real->xDlSym(cv.real, h, sym);
}

static void cv_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	cv.real->xDlClose(cv.real, h);
}

static int cv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return cv.real->xRandomness(cv.real, n, out);
}

static int cv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return cv.real->xSleep(cv.real, us);
}

static int cv_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return cv.real->xCurrentTime(cv.real, out);
}

static int cv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return cv.real->xGetLastError(cv.real, n, out);
}

static int cv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return cv.real->xCurrentTimeInt64(cv.real, out);
}

/* Register as the default VFS: every connection opened afterwards goes
 * through it.  cut_at: the write at which the power goes (0: never). */
static int crashvfs_register(long long cut_at, enum crashvfs_mode mode, unsigned long long seed)
{
	cv.real = sqlite3_vfs_find(NULL);
	if (!cv.real)
		return SQLITE_ERROR;
	cv.cut_at = cut_at;
	cv.mode = mode;
	cv.rng = seed ? seed : 88172645463325252ULL;
	sqlite3_vfs *v = &cv.vfs;
	v->iVersion = 2;
	v->szOsFile = (int)sizeof(struct cv_file) + cv.real->szOsFile;
	v->mxPathname = cv.real->mxPathname;
	v->zName = "crashvfs";
	v->xOpen = cv_open;
	v->xDelete = cv_delete;
	v->xAccess = cv_access;
	v->xFullPathname = cv_full_pathname;
	v->xDlOpen = cv_dlopen;
	v->xDlError = cv_dlerror;
	v->xDlSym = cv_dlsym;
	v->xDlClose = cv_dlclose;
	v->xRandomness = cv_randomness;
	v->xSleep = cv_sleep;
	v->xCurrentTime = cv_current_time;
	v->xGetLastError = cv_last_error;
	v->xCurrentTimeInt64 = cv_current_time64;
	return sqlite3_vfs_register(v, 1);
}

/* In-process I/O errors instead of power cuts (see the top). */
static int crashvfs_ioerr(int permille, unsigned long long seed)
{
	int rc = crashvfs_register(0, CRASHVFS_DROP_ALL, seed);
	cv.ioerr_permille = permille;
	return rc;
}

#endif
