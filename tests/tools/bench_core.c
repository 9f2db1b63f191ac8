/* bench_core: the figures measured inside the process, through the core's
 * own functions (make bench).
 *
 *   bench_core search DB [QUERY] [ROUNDS]
 *       catalog_search() on every prefix of QUERY (default "dang ky khai
 *       sinh"), as the counter's first field runs it on each key; ROUNDS
 *       rounds (default 30).  Times are the thread's CPU time (the machine
 *       may be shared; the call is CPU-bound), and search_wall_median_us
 *       for comparison.  Prints search_median_us (median over all
 *       keystrokes), search_worst_us (the slowest keystroke's median),
 *       search_first_us (the first query of the process, which loads the
 *       catalogue: the counter's top nine when it opens), search_keys, search_results (hits for the whole query), and one
 *       key_us line per prefix.
 *   bench_core save DB [N]
 *       visit_save() of N visits (default 200), each one durable, into DB
 *       (a copy: it is written to).  Prints save_median_us, save_p90_us.
 *   bench_core fsync DIR [N]
 *       the disk's raw rate: write 4 KiB and fsync, N times (default 200),
 *       in a file in DIR, first appending (the file grows: what a WAL that
 *       starts empty costs), then rewriting one block in place (a WAL
 *       reused after a checkpoint).  Prints fsync_append_median_us,
 *       fsync_overwrite_median_us and their p90.
 *   bench_core qr [ROUNDS]
 *       what ^O does in the counter before curses paints it, as the QR
 *       screen does it: the URL of every target from the default
 *       configuration (procedure 1.001193, a dossier code), the shown one
 *       (the procedure page, 138 bytes, the largest) encoded at L and M to
 *       size it, then drawn at L in half blocks with a quiet zone of 2;
 *       ROUNDS rounds (default 200) of the thread's CPU time.  Prints qr_open_median_us, qr_open_p90_us.
 * Each also prints maxrss_kib (this process's peak memory). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "store/catalog.h"
#include "store/db.h"
#include "util/status.h"
#include "util/util.h"
#include "store/visit.h"
#include "config/config.h"
#include "domain/qr.h"

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* The thread's CPU time: a CPU-bound call measured by it does not count the
 * time other processes on a shared machine had the core. */
static double cpu_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile (0.5: median) of v[0..n), sorting v. */
static double quantile(double *v, int n, double q)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)(q * (double)(n - 1) + 0.5);
	return v[i];
}

static void print_maxrss(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kib=%ld\n", ru.ru_maxrss);
}

static struct db *open_db(const char *path, unsigned flags)
{
	struct db *db = NULL;
	enum status st = db_open(&db, path, flags | DB_NO_CREATE);
	if (st != ST_OK) {
		fprintf(stderr, "bench_core: %s: %s\n", path, status_detail(st));
		exit(1);
	}
	return db;
}

static int search(const char *path, const char *query, int rounds)
{
	struct db *db = open_db(path, DB_READONLY);
	int keys = (int)strlen(query);
	double *all = xcalloc((size_t)(keys * rounds), sizeof *all);
	double *wall = xcalloc((size_t)(keys * rounds), sizeof *wall);
	double *per = xcalloc((size_t)rounds, sizeof *per);
	double *key_med = xcalloc((size_t)keys, sizeof *key_med);
	struct procedure res[20];
	char prefix[256];
	int hits = 0;
	/* The first query of a process loads the catalogue into the search's
	 * cache: timed apart (the counter pays it when it opens). */
	double t_first = cpu_us();
	catalog_search(db, "", res, 9);
	t_first = cpu_us() - t_first;
	/* Then one untimed round. */
	for (int k = 1; k <= keys; k++) {
		snprintf(prefix, sizeof prefix, "%.*s", k, query);
		catalog_search(db, prefix, res, (int)ARRAY_LEN(res));
	}
	for (int r = 0; r < rounds; r++)
		for (int k = 1; k <= keys; k++) {
			snprintf(prefix, sizeof prefix, "%.*s", k, query);
			double w0 = now_us(), t0 = cpu_us();
			int n = catalog_search(db, prefix, res, (int)ARRAY_LEN(res));
			all[r * keys + k - 1] = cpu_us() - t0;
			wall[r * keys + k - 1] = now_us() - w0;
			if (k == keys)
				hits = n;
		}
	double worst = 0;
	for (int k = 0; k < keys; k++) {
		for (int r = 0; r < rounds; r++)
			per[r] = all[r * keys + k];
		key_med[k] = quantile(per, rounds, 0.5);
		printf("key_us \"%.*s\" %.1f\n", k + 1, query, key_med[k]);
		if (key_med[k] > worst)
			worst = key_med[k];
	}
	printf("search_median_us=%.1f\n", quantile(all, keys * rounds, 0.5));
	printf("search_wall_median_us=%.1f\n", quantile(wall, keys * rounds, 0.5));
	printf("search_worst_us=%.1f\n", worst);
	printf("search_keys=%d\n", keys);
	printf("search_first_us=%.1f\n", t_first);
	printf("search_results=%d\n", hits);
	if (hits > 0)
		printf("search_first=%s %s\n", res[0].code, res[0].name);
	print_maxrss();
	free(all);
	free(wall);
	free(per);
	free(key_med);
	db_close(db);
	return 0;
}

static int save(const char *path, int n)
{
	struct db *db = open_db(path, 0);
	sqlite3_stmt *st;
	long long staff = 0;
	char unit[32] = "", counter[64] = "";
	/* Someone who works at a counter, as in the generated data. */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT staff_id, unit_code, counter FROM visit ORDER BY id DESC LIMIT 1",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		staff = sqlite3_column_int64(st, 0);
		str_copy(unit, sizeof unit, (const char *)sqlite3_column_text(st, 1));
		str_copy(counter, sizeof counter, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!staff) {
		fprintf(stderr, "bench_core: %s has no visits to copy a counter from\n", path);
		return 1;
	}
	static const char *const procs[] = {"1.001193", "1.000894", "2.000815", "1.004222", ""};
	double *t = xcalloc((size_t)n, sizeof *t);
	for (int i = 0; i < n; i++) {
		struct visit v;
		visit_init(&v);
		v.staff_id = staff;
		str_copy(v.unit_code, sizeof v.unit_code, unit);
		str_copy(v.counter, sizeof v.counter, counter);
		str_copy(v.procedure_code, sizeof v.procedure_code, procs[i % 5]);
		v.services = (1u << SVC_VNEID) | (i % 3 == 0 ? 1u << SVC_LOOKUP : 0);
		v.groups = i % 7 == 0 ? 1u << GRP_ELDERLY : 0;
		v.duration_s = 180 + i;
		double t0 = now_us();
		enum status s = visit_save(db, &v, NULL);
		t[i] = now_us() - t0;
		if (s != ST_OK) {
			fprintf(stderr, "bench_core: visit_save: %s\n", status_detail(s));
			return 1;
		}
	}
	printf("save_median_us=%.1f\n", quantile(t, n, 0.5));
	printf("save_p90_us=%.1f\n", quantile(t, n, 0.9));
	print_maxrss();
	free(t);
	db_close(db);
	return 0;
}

/* n timed write+fsync of 4 KiB: appended (the file grows, so each fsync
 * also commits the new size), or rewritten in place (data only). */
static int fsync_loop(const char *path, bool append, int n, double *t)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	char buf[4096];
	memset(buf, 'x', sizeof buf);
	if (pwrite(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf || fsync(fd) != 0) {
		close(fd);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		buf[0] = (char)('a' + i % 26);
		off_t at = append ? (off_t)(i + 1) * (off_t)sizeof buf : 0;
		double t0 = now_us();
		if (pwrite(fd, buf, sizeof buf, at) != (ssize_t)sizeof buf || fsync(fd) != 0) {
			close(fd);
			return -1;
		}
		t[i] = now_us() - t0;
	}
	close(fd);
	return unlink(path);
}

static int raw_fsync(const char *dir, int n)
{
	char *path = xasprintf("%s/bench-fsync.tmp", dir);
	double *t = xcalloc((size_t)n, sizeof *t);
	for (int append = 1; append >= 0; append--) {
		if (fsync_loop(path, append, n, t) != 0) {
			fprintf(stderr, "bench_core: %s: %s\n", path, strerror(errno));
			return 1;
		}
		const char *mode = append ? "append" : "overwrite";
		printf("fsync_%s_median_us=%.1f\n", mode, quantile(t, n, 0.5));
		printf("fsync_%s_p90_us=%.1f\n", mode, quantile(t, n, 0.9));
	}
	print_maxrss();
	free(t);
	free(path);
	return 0;
}

static int qr_open(int rounds)
{
	struct config cfg;
	config_defaults(&cfg);
	double *t = xcalloc((size_t)rounds, sizeof *t);
	for (int i = 0; i < rounds; i++) {
		double t0 = cpu_us();
		char *urls[QR__TARGET_COUNT] = {NULL};
		for (int k = 0; k < QR__TARGET_COUNT; k++) {
			const char *arg = k == QR_PROCEDURE ? "1.001193"
			                  : k == QR_DOSSIER ? "000.00.20.H08-260310-0001"
			                                    : NULL;
			qr_url(&cfg, (enum qr_target)k, arg, &urls[k]);
		}
		struct qr_symbol sym[2];
		for (int e = QR_ECC_L; e <= QR_ECC_M; e++)
			qr_encode(urls[QR_PROCEDURE], (enum qr_ecc)e, true, &sym[e]);
		if (sym[QR_ECC_L].version != 6) {
			fprintf(stderr, "bench_core qr: the procedure page is version %d at L, not 6\n",
			        sym[QR_ECC_L].version);
			return 1;
		}
		struct qr_render r;
		qr_symbol_render(&sym[QR_ECC_L], QR_STYLE_HALF, false, 2, &r);
		qr_render_done(&r);
		for (int e = QR_ECC_L; e <= QR_ECC_M; e++)
			qr_symbol_done(&sym[e]);
		for (int k = 0; k < QR__TARGET_COUNT; k++)
			free(urls[k]);
		t[i] = cpu_us() - t0;
	}
	printf("qr_open_median_us=%.1f\n", quantile(t, rounds, 0.5));
	printf("qr_open_p90_us=%.1f\n", quantile(t, rounds, 0.9));
	print_maxrss();
	free(t);
	config_done(&cfg);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "qr"))
		return qr_open(argc > 2 && atoi(argv[2]) > 0 ? atoi(argv[2]) : 200);
	if (argc >= 3 && !strcmp(argv[1], "search"))
		return search(argv[2], argc > 3 ? argv[3] : "dang ky khai sinh",
			      argc > 4 ? atoi(argv[4]) : 30);
	if (argc >= 3 && !strcmp(argv[1], "save"))
		return save(argv[2], argc > 3 ? atoi(argv[3]) : 200);
	if (argc >= 3 && !strcmp(argv[1], "fsync"))
		return raw_fsync(argv[2], argc > 3 ? atoi(argv[3]) : 200);
	fprintf(stderr, "usage: bench_core search DB [QUERY] [ROUNDS] | save DB [N] | fsync DIR [N] | qr [ROUNDS]\n");
	return 64;
}
