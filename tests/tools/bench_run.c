/* bench_run: time a whole command, several runs (make bench).
 *
 * Usage: bench_run [-n RUNS] [-w WARMUPS] [-i IN] [-o OUT] [-e ERR] -- CMD [ARG...]
 * Runs CMD (no shell) RUNS times after WARMUPS untimed runs, standard input
 * from IN (default /dev/null), output to OUT and errors to ERR (default
 * /dev/null; each run truncates them).  Prints one line:
 *   wall_ms=MEDIAN min_ms=MIN cpu_ms=MEDIAN maxrss_kib=MAX runs=N
 * where cpu is the child's user+system time and maxrss its peak resident
 * memory (getrusage of the child).  Exit status 0, or 1 when a run failed
 * (its exit status is printed and ERR holds what it said). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int runs = 5, warm = 1, c;
	const char *in = "/dev/null", *out = "/dev/null", *err = "/dev/null";
	while ((c = getopt(argc, argv, "+n:w:i:o:e:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		default: return 64;
		}
	}
	if (optind >= argc || runs < 1 || runs > 1000 || warm < 0) {
		fprintf(stderr, "usage: bench_run [-n RUNS] [-w WARMUPS] [-i IN] [-o OUT] [-e ERR] -- CMD [ARG...]\n");
		return 64;
	}
	char **cmd = argv + optind;
	double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
	long maxrss = 0;
	if (!wall || !cpu)
		return 71;
	for (int r = -warm; r < runs; r++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid_t pid = fork();
		if (pid < 0) {
			perror("bench_run: fork");
			return 1;
		}
		if (pid == 0) {
			int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644),
			    fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fi < 0 || fo < 0 || fe < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
				_exit(126);
			execvp(cmd[0], cmd);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) != pid) {
			perror("bench_run: wait4");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("failed status=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			return 1;
		}
		if (r < 0)
			continue;
		wall[r] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		cpu[r] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	double mn = wall[0];
	for (int r = 1; r < runs; r++)
		if (wall[r] < mn)
			mn = wall[r];
	printf("wall_ms=%.3f min_ms=%.3f cpu_ms=%.3f maxrss_kib=%ld runs=%d\n", median(wall, runs), mn,
	       median(cpu, runs), maxrss, runs);
	free(wall);
	free(cpu);
	return 0;
}
