/* bench_pty: drive a full-screen program in a pseudo-terminal and time it
 * (make bench: start-up and the scripted shift).
 *
 * Usage: bench_pty [-c COLS] [-r ROWS] [-T SECONDS] STEP... -- CMD [ARG...]
 * Steps run in order:
 *   wait=TEXT    read the program's output until TEXT has appeared in what it
 *                wrote since the previous step (escape sequences removed,
 *                white space ignored, so cursor moves between words do not
 *                matter); fails after the timeout
 *   mark=NAME    print "NAME=MS": milliseconds since the spawn
 *   send=KEYS    type KEYS (C escapes: \r \n \t \e \\ \xHH)
 *   quiet=MS     read until the program has been silent for MS
 *   visits=N:FILE:DB
 *                log N visits: type each line of FILE in turn (escapes as in
 *                send), and after each wait until the database DB holds one
 *                more visit (the save returned) and the screen has settled
 *                (10 ms of silence); prints visit_cpu_us, visit_bytes,
 *                visit_wall_ms (per visit) and visits
 *   keys=N:FILE  keystroke-to-screen latency: type N lines of FILE (escapes
 *                as in send) one key at a time (an escape sequence or a UTF-8
 *                character is one key); after each key, the time from the
 *                write to the last byte of the screen update it caused (the
 *                update ends at 5 ms of silence; a key that changes nothing
 *                on the screen within 200 ms is not counted); prints
 *                key_median_ms, key_p99_ms, key_max_ms, key_max_at (the
 *                line and key of the slowest) and keys
 *   exit         wait for the program to exit (SIGTERM, then SIGKILL, after
 *                the timeout)
 *   term         send SIGTERM and wait for the exit
 * At the end it prints cpu_ms (the child's user+system), maxrss_kib (its
 * peak resident memory), bytes (written to the terminal) and status.
 * Exit status 0 when every step succeeded, 1 otherwise (the failing step is
 * named on stderr with the last screenful of stripped output). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

static int master = -1;
static pid_t child = -1;
static bool exited;
static int child_status;
static struct rusage child_ru;
static struct timespec t_spawn;
static double timeout_s = 20;
static long long total_bytes;
static double last_output_ms; /* when the last byte came */

/* What the program wrote, stripped of escape sequences, control characters
 * and white space; `from` is where the current wait starts looking. */
static struct strbuf text;
static size_t from;
static enum { S_TEXT, S_ESC, S_CSI, S_OSC, S_OSC_ESC, S_CHARSET } esc_state;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t_spawn.tv_sec) * 1e3 + (double)(t.tv_nsec - t_spawn.tv_nsec) / 1e6;
}

static void strip(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		switch (esc_state) {
		case S_TEXT:
			if (c == 0x1b)
				esc_state = S_ESC;
			else if (c > 0x20 && c != 0x7f)
				sb_addc(&text, (char)c);
			break;
		case S_ESC:
			esc_state = c == '[' ? S_CSI : c == ']' ? S_OSC : (c == '(' || c == ')' || c == '*' || c == '+') ? S_CHARSET : S_TEXT;
			break;
		case S_CSI:
			if (c >= 0x40 && c <= 0x7e)
				esc_state = S_TEXT;
			break;
		case S_OSC:
			if (c == 0x07)
				esc_state = S_TEXT;
			else if (c == 0x1b)
				esc_state = S_OSC_ESC;
			break;
		case S_OSC_ESC: esc_state = S_TEXT; break;
		case S_CHARSET: esc_state = S_TEXT; break;
		}
	}
}

static bool reap(bool block)
{
	if (exited)
		return true;
	pid_t r = wait4(child, &child_status, block ? 0 : WNOHANG, &child_ru);
	if (r == child) {
		exited = true;
		return true;
	}
	return false;
}

/* Read what is there within `ms` (0: what is already there); false when
 * nothing came. */
static bool pump(int ms)
{
	struct pollfd pfd = {master, POLLIN, 0};
	bool got = false;
	int r = poll(&pfd, 1, ms);
	if (r <= 0)
		return false;
	for (;;) {
		unsigned char buf[65536];
		ssize_t n = read(master, buf, sizeof buf);
		if (n > 0) {
			total_bytes += n;
			last_output_ms = now_ms();
			strip(buf, (size_t)n);
			got = true;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (n < 0 && errno == EIO)) /* the program closed the terminal */
			reap(false);
		break;
	}
	return got;
}

static void show_tail(void)
{
	size_t start = text.len > 1500 ? text.len - 1500 : 0;
	fprintf(stderr, "bench_pty: last output (stripped): %s\n", text.buf ? text.buf + start : "");
}

static char *squeeze(const char *s) /* without white space */
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*o++ = *s;
	*o = '\0';
	return out;
}

static bool wait_text(const char *want)
{
	char *w = squeeze(want);
	double deadline = now_ms() + timeout_s * 1e3;
	bool ok = false;
	for (;;) {
		if (text.buf && from <= text.len) {
			char *hit = strstr(text.buf + from, w);
			if (hit) {
				from = (size_t)(hit - text.buf) + strlen(w);
				ok = true;
				break;
			}
		}
		if (now_ms() > deadline || exited)
			break;
		pump(5);
	}
	if (!ok) {
		fprintf(stderr, "bench_pty: never saw \"%s\"%s\n", want,
			exited ? " (the program exited)" : "");
		show_tail();
	}
	free(w);
	return ok;
}

static bool quiet(int ms)
{
	double deadline = now_ms() + timeout_s * 1e3;
	while (now_ms() < deadline) {
		if (!pump(ms))
			return true;
	}
	fprintf(stderr, "bench_pty: the program never went quiet\n");
	return false;
}

/* Decode C escapes into out (at most size-1 bytes); returns the length. */
static size_t unescape(const char *s, char *out, size_t size)
{
	size_t n = 0;
	while (*s && n + 1 < size) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'r': out[n++] = '\r'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case 'e': out[n++] = 0x1b; s++; break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			s++;
			while (k < 2 && isxdigit((unsigned char)*s)) {
				v = v * 16 + (unsigned)(isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
				s++;
				k++;
			}
			out[n++] = (char)v;
			break;
		}
		default: out[n++] = *s++; break;
		}
	}
	out[n] = '\0';
	return n;
}

static bool send_keys(const char *keys, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(master, keys + done, n - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			pump(1); /* keep reading so the program is not blocked writing */
			continue;
		}
		fprintf(stderr, "bench_pty: cannot type: %s\n", strerror(errno));
		return false;
	}
	return true;
}

static bool wait_exit(void)
{
	double deadline = now_ms() + timeout_s * 1e3;
	while (!reap(false)) {
		pump(5);
		if (now_ms() > deadline) {
			fprintf(stderr, "bench_pty: the program did not exit; SIGTERM\n");
			kill(child, SIGTERM);
			double d2 = now_ms() + 2000;
			while (!reap(false) && now_ms() < d2)
				pump(5);
			if (!exited) {
				kill(child, SIGKILL);
				reap(true);
			}
			return false;
		}
	}
	return true;
}

static long long schedstat_ns(void) /* the child's CPU time so far */
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)child);
	FILE *f = fopen(path, "r");
	long long ns = -1;
	if (f) {
		if (fscanf(f, "%lld", &ns) != 1)
			ns = -1;
		fclose(f);
	}
	return ns;
}

static long long max_visit_id(sqlite3 *db, sqlite3_stmt *st)
{
	(void)db;
	long long v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

static bool visits(const char *spec)
{
	char *copy = xstrdup(spec), *file, *dbpath;
	long n = strtol(copy, &file, 10);
	if (*file != ':' || !(dbpath = strchr(file + 1, ':'))) {
		fprintf(stderr, "bench_pty: visits=N:FILE:DB\n");
		return false;
	}
	*file++ = '\0';
	*dbpath++ = '\0';
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "bench_pty: %s: %s\n", file, strerror(errno));
		return false;
	}
	char **lines = NULL;
	size_t n_lines = 0, cap = 0;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (n_lines == cap)
			lines = xrealloc(lines, sizeof *lines * (cap = cap ? cap * 2 : 16));
		lines[n_lines++] = xstrdup(line);
	}
	fclose(f);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (!n_lines || sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM visit", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_pty: %s: no keys, or cannot read the database %s\n", file, dbpath);
		return false;
	}
	sqlite3_busy_timeout(db, 5000);
	long long base = max_visit_id(db, st), cpu0 = schedstat_ns(), bytes0 = total_bytes;
	double t0 = now_ms();
	bool ok = true;
	for (long i = 0; i < n && ok; i++) {
		char keys[1024];
		size_t len = unescape(lines[(size_t)i % n_lines], keys, sizeof keys);
		if (!send_keys(keys, len)) {
			ok = false;
			break;
		}
		double deadline = now_ms() + timeout_s * 1e3;
		while (max_visit_id(db, st) < base + i + 1) {
			pump(1);
			if (exited || now_ms() > deadline) {
				fprintf(stderr, "bench_pty: visit %ld (keys \"%s\") was never saved\n", i + 1,
					lines[(size_t)i % n_lines]);
				show_tail();
				ok = false;
				break;
			}
		}
		if (ok)
			ok = quiet(10);
	}
	long long cpu1 = schedstat_ns();
	double t1 = now_ms();
	if (ok) {
		printf("visits=%ld\n", n);
		if (cpu0 >= 0 && cpu1 >= 0)
			printf("visit_cpu_us=%.1f\n", (double)(cpu1 - cpu0) / 1e3 / (double)n);
		printf("visit_bytes=%.1f\n", (double)(total_bytes - bytes0) / (double)n);
		printf("visit_wall_ms=%.2f\n", (t1 - t0) / (double)n);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (size_t i = 0; i < n_lines; i++)
		free(lines[i]);
	free(lines);
	free(copy);
	return ok;
}

/* Bytes of the key starting at k: an escape sequence (ESC [ ... final, ESC O
 * x), a UTF-8 character, or one byte. */
static size_t key_len(const unsigned char *k, size_t n)
{
	if (k[0] == 0x1b && n >= 3 && (k[1] == '[' || k[1] == 'O')) {
		size_t i = 2;
		if (k[1] == 'O')
			return 3;
		while (i < n && !(k[i] >= 0x40 && k[i] <= 0x7e))
			i++;
		return i < n ? i + 1 : n;
	}
	size_t len = k[0] >= 0xf0 ? 4 : k[0] >= 0xe0 ? 3 : k[0] >= 0xc0 ? 2 : 1;
	return len <= n ? len : n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static bool keylat(const char *spec)
{
	char *copy = xstrdup(spec), *colon = strchr(copy, ':');
	if (!colon) {
		fprintf(stderr, "bench_pty: keys=N:FILE\n");
		free(copy);
		return false;
	}
	*colon = '\0';
	long n = atol(copy);
	FILE *f = fopen(colon + 1, "r");
	if (!f) {
		fprintf(stderr, "bench_pty: %s: %s\n", colon + 1, strerror(errno));
		free(copy);
		return false;
	}
	char **lines = NULL, *line = NULL;
	size_t n_lines = 0, cap = 0;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		lines = xrealloc(lines, (n_lines + 1) * sizeof *lines);
		lines[n_lines++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	double *lat = NULL;
	size_t n_lat = 0, cap_lat = 0;
	double worst = -1;
	long worst_line = 0;
	size_t worst_key = 0;
	bool ok = n_lines > 0;
	for (long i = 0; ok && i < n; i++) {
		char keys[1024];
		size_t len = unescape(lines[(size_t)i % n_lines], keys, sizeof keys);
		for (size_t at = 0, k = 0; ok && at < len; k++) {
			size_t kl = key_len((const unsigned char *)keys + at, len - at);
			ok = quiet(5); /* the previous key's update is over */
			if (!ok)
				break;
			double t0 = now_ms();
			last_output_ms = 0;
			ok = send_keys(keys + at, kl);
			at += kl;
			/* the update: the first byte within 200 ms, then until 5 ms of silence */
			if (!ok || !pump(200))
				continue;
			while (pump(5))
				;
			if (exited)
				break;
			double d = last_output_ms - t0;
			if (n_lat == cap_lat)
				lat = xrealloc(lat, (cap_lat = cap_lat ? cap_lat * 2 : 1024) * sizeof *lat);
			lat[n_lat++] = d;
			if (d > worst) {
				worst = d;
				worst_line = i + 1;
				worst_key = k + 1;
			}
		}
	}
	if (ok && n_lat > 0) {
		qsort(lat, n_lat, sizeof *lat, cmp_double);
		printf("keys=%zu\n", n_lat);
		printf("key_median_ms=%.3f\n",
		       n_lat % 2 ? lat[n_lat / 2] : (lat[n_lat / 2 - 1] + lat[n_lat / 2]) / 2);
		printf("key_p99_ms=%.3f\n", lat[(size_t)((double)(n_lat - 1) * 0.99)]);
		printf("key_max_ms=%.3f\n", lat[n_lat - 1]);
		printf("key_max_at=line%ld:key%zu\n", worst_line, worst_key);
	}
	free(lat);
	for (size_t i = 0; i < n_lines; i++)
		free(lines[i]);
	free(lines);
	free(copy);
	return ok;
}

int main(int argc, char **argv)
{
	int cols = 80, rows = 24, i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			cols = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			rows = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-T") && i + 1 < argc)
			timeout_s = atof(argv[++i]);
		else if (argv[i][0] == '-') {
			fprintf(stderr, "bench_pty: unknown option %s\n", argv[i]);
			return 64;
		}
	}
	int steps_end = i;
	if (i >= argc - 1) {
		fprintf(stderr, "usage: bench_pty [-c COLS] [-r ROWS] [-T SECONDS] STEP... -- CMD [ARG...]\n");
		return 64;
	}
	char **cmd = argv + i + 1;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	signal(SIGPIPE, SIG_IGN);
	sb_init(&text);
	sb_addc(&text, 'x');
	text.len = 0;
	text.buf[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t_spawn);
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0) {
		perror("bench_pty: forkpty");
		return 1;
	}
	if (child == 0) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "bench_pty: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

	bool ok = true;
	for (int s = 1; s < steps_end && ok; s++) {
		const char *a = argv[s];
		if (!strcmp(a, "-c") || !strcmp(a, "-r") || !strcmp(a, "-T")) {
			s++;
			continue;
		}
		if (!strncmp(a, "wait=", 5)) {
			ok = wait_text(a + 5);
		} else if (!strncmp(a, "keys=", 5)) {
			ok = keylat(a + 5);
		} else if (!strncmp(a, "mark=", 5)) {
			printf("%s=%.3f\n", a + 5, now_ms());
		} else if (!strncmp(a, "send=", 5)) {
			char keys[4096];
			size_t n = unescape(a + 5, keys, sizeof keys);
			from = text.len;
			ok = send_keys(keys, n);
		} else if (!strncmp(a, "quiet=", 6)) {
			ok = quiet(atoi(a + 6));
		} else if (!strncmp(a, "visits=", 7)) {
			ok = visits(a + 7);
		} else if (!strcmp(a, "exit")) {
			ok = wait_exit();
		} else if (!strcmp(a, "term")) {
			kill(child, SIGTERM);
			ok = wait_exit();
		} else {
			fprintf(stderr, "bench_pty: unknown step %s\n", a);
			ok = false;
		}
		fflush(stdout);
	}
	if (!exited) {
		kill(child, SIGTERM);
		wait_exit();
	}
	printf("cpu_ms=%.1f\n", (double)child_ru.ru_utime.tv_sec * 1e3 + (double)child_ru.ru_utime.tv_usec / 1e3 +
				       (double)child_ru.ru_stime.tv_sec * 1e3 + (double)child_ru.ru_stime.tv_usec / 1e3);
	printf("maxrss_kib=%ld\n", child_ru.ru_maxrss);
	printf("bytes=%lld\n", total_bytes);
	printf("status=%d\n", WIFEXITED(child_status) ? WEXITSTATUS(child_status) : 128 + WTERMSIG(child_status));
	sb_done(&text);
	close(master);
	return ok ? 0 : 1;
}
