/* fs.c: the one atomic file writer and private folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

#include "util/fs.h"
#include "util/util.h"

static char dir[64];

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s", "/tmp/dvcdesk-fs.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* Files in dir whose name contains `part`. */
static int count(const char *part)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += strstr(e->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

static void fs_write_file__writes_whole_private_file(void **state)
{
	(void)state;
	char *p = xasprintf("%s/report.csv", dir);
	assert_int_equal(fs_write_file(p, "a,b\r\n", 5), ST_OK);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 5);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(count(".tmp-"), 0);
	/* Replacing keeps the old content until the new one is whole. */
	assert_int_equal(fs_write_file(p, "x", 1), ST_OK);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 1);
	free(p);
}

/* A short write (the file-size limit cuts it, as a full disk would) is
 * never success, and the old file stays as it was. */
static void fs_write_file__short_write_fails_and_keeps_old_file(void **state)
{
	(void)state;
	char *p = xasprintf("%s/big.pdf", dir);
	assert_int_equal(fs_write_file(p, "old", 3), ST_OK);
	size_t len = 64 * 1024;
	char *data = xmalloc(len);
	memset(data, 'x', len);
	struct rlimit old, lim = {4096, 4096};
	getrlimit(RLIMIT_FSIZE, &old);
	lim.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	enum status st = fs_write_file(p, data, len);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_int_not_equal(st, ST_OK);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 3);
	assert_int_equal(count(".tmp-"), 0);

	/* The same through the stream of fs_atomic. */
	struct fs_atomic a;
	assert_int_equal(fs_atomic_open(&a, p), ST_OK);
	assert_non_null(a.f);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	fwrite(data, 1, len, a.f);
	st = fs_atomic_commit(&a);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_int_not_equal(st, ST_OK);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 3);
	assert_int_equal(count(".tmp-"), 0);
	free(data);
	free(p);
}

static void fs_write_file__missing_folder_is_cantcreat(void **state)
{
	(void)state;
	char *p = xasprintf("%s/no/such/file", dir);
	assert_int_equal(fs_write_file(p, "x", 1), ST_CANTCREAT);
	free(p);
}

static void fs_private_dir__creates_and_tightens(void **state)
{
	(void)state;
	char *p = xasprintf("%s/a/b", dir);
	assert_int_equal(fs_private_dir(p), ST_OK);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	chmod(p, 0755);
	assert_int_equal(fs_private_dir(p), ST_OK);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	char *f = xasprintf("%s/x.db", p);
	FILE *fp = fopen(f, "w");
	fclose(fp);
	chmod(f, 0644);
	bool changed = false;
	assert_int_equal(fs_make_private(f, &changed), ST_OK);
	assert_true(changed);
	assert_int_equal(stat(f, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(fs_make_private(f, &changed), ST_OK);
	assert_false(changed);
	free(f);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fs_write_file__writes_whole_private_file),
	    cmocka_unit_test(fs_write_file__short_write_fails_and_keeps_old_file),
	    cmocka_unit_test(fs_write_file__missing_folder_is_cantcreat),
	    cmocka_unit_test(fs_private_dir__creates_and_tightens),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
