/* Printing: each CUPS state gives its own message and the report is kept;
 * `lp` gets the right argv; the job advances without blocking.  CUPS is
 * played by small `lpstat` and `lp` scripts on PATH that print what the
 * real ones print (LC_ALL=C) and record their arguments; tests/cli/print.sh
 * runs the same path against a real cups-pdf queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/print.h"
#include "report/report.h"
#include "util/util.h"

static char dir[64], bin[96], pdf[96], old_path[4096];

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return xstrdup("");
	struct strbuf sb;
	sb_init(&sb);
	char buf[512];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	fclose(f);
	return sb.buf ? sb_steal(&sb) : xstrdup("");
}

/* A fake `lpstat` printing `out` (after `delay` seconds) and recording its
 * arguments and LC_ALL; a fake `lp` answering `lp_out` with `lp_rc`. */
static void fake_cups(const char *out, double delay, const char *lp_out, int lp_rc)
{
	char path[160];
	write_file(pdf, "%PDF-1.5 fake\n", 0600);
	snprintf(path, sizeof(path), "%s/lpstat.out", dir);
	write_file(path, out, 0600);
	snprintf(path, sizeof(path), "%s/lpstat", bin);
	char script[1024];
	snprintf(script, sizeof(script),
	         "#!/bin/sh\necho \"$@\" > %s/lpstat.args\necho \"$LC_ALL\" > %s/lpstat.env\n"
	         "sleep %.2f\ncat %s/lpstat.out\n",
	         dir, dir, delay, dir);
	write_file(path, script, 0755);
	snprintf(path, sizeof(path), "%s/lp", bin);
	snprintf(script, sizeof(script),
	         "#!/bin/sh\nprintf '%%s\\n' \"$@\" > %s/lp.args\n"
	         "printf '%%s\\n' '%s'\nexit %d\n",
	         dir, lp_out, lp_rc);
	write_file(path, script, 0755);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dvcdesk-print.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	mkdir(bin, 0700);
	snprintf(pdf, sizeof(pdf), "%s/report.pdf", dir);
	/* only the fakes and the shell tools they use */
	char path[256];
	snprintf(path, sizeof(path), "%s:/usr/bin:/bin", bin);
	setenv("PATH", path, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	setenv("PATH", old_path, 1);
	return 0;
}

static const char idle[] = "scheduler is running\n"
                           "no system default destination\n"
                           "DVCTEST accepting requests since Sun Nov 22 16:47:07 2026\n"
                           "printer DVCTEST is idle.  enabled since Sun Nov 22 16:47:07 2026\n"
                           "\tForm mounted:\n\tAlerts: none\n\tConnection: direct\n";

static struct print_opts opts(const char *printer)
{
	struct print_opts o = {.printer = printer,
	                       .copies = 2,
	                       .paper = PAPER_A4,
	                       .title = "dvcdesk report day 2026-01-01"};
	return o;
}

static enum status print_now(const char *printer, char *message, size_t size)
{
	struct print_opts o = opts(printer);
	struct print_job job;
	memset(&job, 0, sizeof(job));
	print_start(&job, &o, pdf);
	enum status st = print_wait(&job);
	snprintf(message, size, "%s", job.message);
	print_job_done(&job);
	return st;
}

static void print__submits_with_queue_copies_media_and_title(void **state)
{
	(void)state;
	fake_cups(idle, 0, "request id is DVCTEST-7 (1 file(s))", 0);
	struct print_opts o = opts("DVCTEST");
	struct print_job job;
	memset(&job, 0, sizeof(job));
	print_start(&job, &o, pdf);
	assert_int_equal(print_wait(&job), ST_OK);
	assert_string_equal(job.request_id, "DVCTEST-7");
	assert_non_null(strstr(job.message, "DVCTEST-7"));
	print_job_done(&job);
	char path[160], want[512];
	snprintf(path, sizeof(path), "%s/lp.args", dir);
	char *args = read_file(path);
	snprintf(want, sizeof(want),
	         "-d\nDVCTEST\n-n\n2\n-o\nmedia=A4\n-t\ndvcdesk report day 2026-01-01\n--\n%s\n",
	         pdf);
	assert_string_equal(args, want);
	free(args);
	snprintf(path, sizeof(path), "%s/lpstat.env", dir);
	args = read_file(path);
	assert_string_equal(args, "C\n"); /* messages it can recognise */
	free(args);
}

static void print__default_queue__has_no_dash_d(void **state)
{
	(void)state;
	char out[512];
	snprintf(out, sizeof(out),
	         "scheduler is running\nsystem default destination: OFFICE\n"
	         "OFFICE accepting requests since x\n"
	         "printer OFFICE is idle.  enabled since x\n\tAlerts: none\n");
	fake_cups(out, 0, "request id is OFFICE-1 (1 file(s))", 0);
	char msg[1024];
	assert_int_equal(print_now(NULL, msg, sizeof(msg)), ST_OK);
	assert_non_null(strstr(msg, "OFFICE"));
	char path[160];
	snprintf(path, sizeof(path), "%s/lp.args", dir);
	char *args = read_file(path);
	assert_null(strstr(args, "-d\n"));
	free(args);
}

static void print__each_cups_problem__says_which_and_what_to_do(void **state)
{
	(void)state;
	struct {
		const char *lpstat, *printer, *want1, *want2;
	} cases[] = {
	    {"scheduler is not running\n", "DVCTEST", "CUPS", "systemctl start cups"},
	    {"scheduler is running\nno system default destination\n", NULL, "[print] printer",
	     "lpoptions -d"},
	    {"scheduler is running\nno system default destination\n"
	     "lpstat: Invalid destination name in list \"NOPE\".\n",
	     "NOPE", "\"NOPE\"", "lpstat -p"},
	    {"scheduler is running\nno system default destination\n"
	     "DVCTEST accepting requests since x\n"
	     "printer DVCTEST disabled since Sun Nov 22 16:47:07 2026 -\n\tpaper jam\n",
	     "DVCTEST", "paper jam", "cupsenable DVCTEST"},
	    {"scheduler is running\nno system default destination\n"
	     "DVCTEST not accepting requests since x -\n\tRejecting Jobs\n"
	     "printer DVCTEST is idle.  enabled since x\n",
	     "DVCTEST", "does not accept", "cupsaccept DVCTEST"},
	    {"scheduler is running\nno system default destination\n"
	     "DVCTEST accepting requests since x\n"
	     "printer DVCTEST is idle.  enabled since x\n\tForm mounted:\n"
	     "\tAlerts: offline-report\n",
	     "DVCTEST", "offline", "switched on"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		fake_cups(cases[i].lpstat, 0, "request id is X-1 (1 file(s))", 0);
		char path[160];
		snprintf(path, sizeof(path), "%s/lp.args", dir);
		unlink(path);
		char msg[1024];
		assert_int_equal(print_now(cases[i].printer, msg, sizeof(msg)), ST_UNAVAILABLE);
		if (!strstr(msg, cases[i].want1) || !strstr(msg, cases[i].want2))
			fail_msg("case %zu: %s", i, msg);
		assert_int_equal(access(path, F_OK), -1); /* lp never ran */
	}
}

static void print__lp_refusal__is_reported(void **state)
{
	(void)state;
	fake_cups(idle, 0, "lp: Error - Destination \"DVCTEST\" is not accepting jobs.", 1);
	char msg[1024];
	assert_int_equal(print_now("DVCTEST", msg, sizeof(msg)), ST_UNAVAILABLE);
	assert_non_null(strstr(msg, "cupsaccept DVCTEST"));
	fake_cups(idle, 0, "lp: Error - something odd.", 1);
	assert_int_equal(print_now("DVCTEST", msg, sizeof(msg)), ST_UNAVAILABLE);
	assert_non_null(strstr(msg, "something odd"));
}

static void print__without_cups__names_the_missing_command(void **state)
{
	(void)state;
	setenv("PATH", dir, 1); /* nothing there */
	write_file(pdf, "%PDF-1.5 fake\n", 0600);
	char msg[1024];
	assert_int_equal(print_now("DVCTEST", msg, sizeof(msg)), ST_UNAVAILABLE);
	assert_non_null(strstr(msg, "lpstat"));
	assert_non_null(strstr(msg, "cups-client"));
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_poll__never_blocks_while_cups_is_slow(void **state)
{
	(void)state;
	fake_cups(idle, 0.6, "request id is DVCTEST-9 (1 file(s))", 0);
	struct print_opts o = opts("DVCTEST");
	struct print_job job;
	memset(&job, 0, sizeof(job));
	double t0 = seconds();
	print_start(&job, &o, pdf);
	int polls = 0;
	bool done = false;
	while (!done && seconds() - t0 < 10) {
		double t = seconds();
		done = print_poll(&job);
		assert_true(seconds() - t < 0.1); /* a screen can keep drawing */
		polls++;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_true(done);
	assert_true(polls > 10);
	assert_int_equal(job.status, ST_OK);
	print_job_done(&job);
}

static void print_report__keeps_the_file_on_failure__removes_it_once_queued(void **state)
{
	(void)state;
	struct report r;
	report_init(&r);
	r.filter.kind = REPORT_DAY;
	r.filter.from_day = r.filter.to_day = 20260101;
	r.generated_at = 1767225600;
	r.unit_name = xstrdup("Phường Ba Đình");
	r.unit_code = xstrdup("H01");
	r.province = xstrdup("Hà Nội");
	r.target_year = 2026;
	struct print_opts o = opts("DVCTEST");
	o.title = NULL;

	fake_cups("scheduler is not running\n", 0, "", 0);
	struct print_job job;
	assert_int_equal(print_report(&job, &o, &r, NULL), ST_OK);
	assert_int_equal(print_wait(&job), ST_UNAVAILABLE);
	char *saved = xstrdup(job.file);
	assert_non_null(strstr(job.message, saved)); /* the message says where it is */
	assert_non_null(strstr(saved, "/dvcdesk/reports/report-day-2026-01-01-"));
	struct stat sb;
	assert_int_equal(stat(saved, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *head = read_file(saved);
	assert_memory_equal(head, "%PDF-", 5);
	free(head);
	print_job_done(&job);

	fake_cups(idle, 0, "request id is DVCTEST-3 (1 file(s))", 0);
	assert_int_equal(print_report(&job, &o, &r, NULL), ST_OK);
	assert_int_equal(print_wait(&job), ST_OK);
	assert_int_equal(access(job.file, F_OK), -1); /* queued: the temporary copy is gone */
	char path[160];
	snprintf(path, sizeof(path), "%s/lp.args", dir);
	char *args = read_file(path);
	assert_non_null(strstr(args, "dvcdesk report day 2026-01-01"));
	free(args);
	print_job_done(&job);
	assert_int_equal(stat(saved, &sb), 0); /* the earlier save stays */
	free(saved);
	report_done(&r);
}

/* Under LeakSanitizer (make check-asan): fontconfig keeps one pattern
 * (288 bytes) from its first use until exit; it is not dvcdesk's. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int main(void)
{
	const char *p = getenv("PATH");
	snprintf(old_path, sizeof(old_path), "%s", p ? p : "/usr/bin:/bin");
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(print__submits_with_queue_copies_media_and_title, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(print__default_queue__has_no_dash_d, setup, teardown),
	    cmocka_unit_test_setup_teardown(print__each_cups_problem__says_which_and_what_to_do,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(print__lp_refusal__is_reported, setup, teardown),
	    cmocka_unit_test_setup_teardown(print__without_cups__names_the_missing_command, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(print_poll__never_blocks_while_cups_is_slow, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        print_report__keeps_the_file_on_failure__removes_it_once_queued, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
