/* Printing through CUPS's `lp`, checked first with `lpstat`. */
#include "report/print.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/pdf.h"
#include "util/fs.h"
#include "util/i18n.h"

extern char **environ;

void print_opts_from_config(struct print_opts *o, const struct config *cfg)
{
	memset(o, 0, sizeof(*o));
	o->printer = cfg->print.printer;
	o->copies = cfg->print.copies > 0 ? cfg->print.copies : 1;
	o->paper = cfg->print.paper;
}

/* ---- spawning ---- */

/* The environment for lp/lpstat: ours with the locale forced to C, so their
 * messages are the English ones this file recognises. */
static char **child_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 2, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = environ[i];
		if (strncmp(e, "LC_", 3) == 0 || strncmp(e, "LANG=", 5) == 0 ||
		    strncmp(e, "LANGUAGE=", 9) == 0)
			continue;
		env[k++] = environ[i];
	}
	env[k++] = "LC_ALL=C";
	env[k] = NULL;
	return env;
}

/* Spawn argv with stdout and stderr into one pipe; false with errno set
 * when it cannot start (ENOENT: not installed). */
static bool spawn(struct print_job *job, char *const argv[])
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return false;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	/* dvcdesk ignores SIGPIPE; the child should not inherit that. */
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	sigset_t def, none;
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	char **env = child_env();
	int rc = posix_spawnp(&job->pid, argv[0], &fa, &attr, argv, env);
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		job->pid = 0;
		errno = rc;
		return false;
	}
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	job->fd = p[0];
	sb_reset(&job->out);
	return true;
}

/* Read what the child wrote so far; true at end of file. */
static bool drain(struct print_job *job)
{
	if (job->fd < 0)
		return true;
	char buf[4096];
	for (;;) {
		ssize_t n = read(job->fd, buf, sizeof(buf));
		if (n > 0) {
			if (job->out.len < 256 * 1024)
				sb_addn(&job->out, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return false;
		close(job->fd);
		job->fd = -1;
		return true;
	}
}

static double elapsed(const struct print_job *job)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - job->started.tv_sec) +
	       (double)(now.tv_nsec - job->started.tv_nsec) / 1e9;
}

static void kill_child(struct print_job *job)
{
	if (job->fd >= 0) {
		close(job->fd);
		job->fd = -1;
	}
	if (job->pid > 0) {
		kill(job->pid, SIGKILL);
		while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
			;
		job->pid = 0;
	}
}

/* ---- outcome ---- */

static void finish(struct print_job *job, enum status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void finish(struct print_job *job, enum status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(job->message, sizeof(job->message), fmt, ap);
	va_end(ap);
	job->status = st;
	job->stage = PRINT_FINISHED;
	if (st == ST_OK && job->remove_file && job->file) {
		unlink(job->file);
	} else if (st != ST_OK && job->file && job->saved_report) {
		/* the temporary save becomes the user's copy */
		job->remove_file = false;
		size_t n = strlen(job->message);
		snprintf(job->message + n, sizeof(job->message) - n, " %s",
		         _("The report is saved as:"));
		n = strlen(job->message);
		snprintf(job->message + n, sizeof(job->message) - n, " %s", job->file);
	}
}

static void first_line(const char *s, char *buf, size_t size)
{
	while (*s == ' ' || *s == '\n')
		s++;
	const char *prefix = strstr(s, "Error - ");
	if (prefix)
		s = prefix + 8;
	size_t n = strcspn(s, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* The line after the one starting with `start`, when it is indented: the
 * reason CUPS gives for a stopped queue. */
static void reason_after(const char *out, const char *line_start, char *buf, size_t size)
{
	buf[0] = '\0';
	const char *l = strstr(out, line_start);
	if (!l || !(l = strchr(l, '\n')) || l[1] != '\t')
		return;
	l += 2;
	size_t n = strcspn(l, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, l, n);
	buf[n] = '\0';
	if (strncmp(buf, "Form mounted", 12) == 0)
		buf[0] = '\0';
}

/* Does a line of `out` start with `prefix`? */
static const char *line_with(const char *out, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, prefix, n) == 0)
			return l;
	return NULL;
}

static void start_submit(struct print_job *job);

/* lpstat -r -d -a [Q] -l -p [Q]: scheduler, default queue, accepting,
 * enabled, alerts. */
static void after_check(struct print_job *job)
{
	const char *out = job->out.buf ? job->out.buf : "";
	char line[256], reason[256];
	if (strstr(out, "scheduler is not running")) {
		finish(job, ST_UNAVAILABLE, "%s",
		       _("The print service (CUPS) is not running: start it (sudo systemctl start "
		         "cups) and print again."));
		return;
	}
	if (str_empty(job->printer)) {
		const char *d = line_with(out, "system default destination: ");
		if (!d) {
			finish(job, ST_UNAVAILABLE, "%s",
			       _("No printer is chosen: set [print] printer in the configuration, "
			         "or a default printer queue (lpoptions -d QUEUE)."));
			return;
		}
		d += strlen("system default destination: ");
		size_t n = strcspn(d, "\n");
		snprintf(job->queue, sizeof(job->queue), "%.*s", (int)n, d);
	} else {
		snprintf(job->queue, sizeof(job->queue), "%s", job->printer);
	}
	const char *q = job->queue;
	snprintf(line, sizeof(line), "printer %s ", q);
	const char *pl = line_with(out, line);
	if (strstr(out, "Invalid destination name") || !pl) {
		finish(job, ST_UNAVAILABLE,
		       _("There is no printer queue named \"%s\": see the queues with `lpstat "
		         "-p` and set [print] printer in the configuration."),
		       q);
		return;
	}
	if (strncmp(pl + strlen(line), "disabled", 8) == 0) {
		reason_after(pl, line, reason, sizeof(reason));
		finish(job, ST_UNAVAILABLE,
		       _("The printer queue \"%s\" is stopped%s%s%s: start it with `cupsenable "
		         "%s` and print again."),
		       q, *reason ? " (" : "", reason, *reason ? ")" : "", q);
		return;
	}
	snprintf(line, sizeof(line), "%s not accepting requests", q);
	if (line_with(out, line)) {
		finish(job, ST_UNAVAILABLE,
		       _("The printer queue \"%s\" does not accept jobs: allow them with "
		         "`cupsaccept %s` and print again."),
		       q, q);
		return;
	}
	const char *alerts = strstr(pl, "\tAlerts:");
	const char *next = strstr(pl + 1, "\nprinter ");
	if (alerts && (!next || alerts < next)) {
		size_t n = strcspn(alerts, "\n");
		char a[256];
		snprintf(a, sizeof(a), "%.*s", (int)n, alerts);
		if (strstr(a, "offline")) {
			finish(job, ST_UNAVAILABLE,
			       _("The printer \"%s\" is offline: check that it is switched on, "
			         "connected and has paper, then print again."),
			       q);
			return;
		}
	}
	start_submit(job);
}

static void after_submit(struct print_job *job, int wstatus)
{
	const char *out = job->out.buf ? job->out.buf : "";
	const char *id = strstr(out, "request id is ");
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 && id) {
		id += strlen("request id is ");
		size_t n = strcspn(id, " \n");
		snprintf(job->request_id, sizeof(job->request_id), "%.*s", (int)n, id);
		finish(job, ST_OK, _("Sent to the printer \"%s\" (job %s)."),
		       job->queue[0] ? job->queue : _("default"), job->request_id);
		return;
	}
	char msg[256];
	first_line(out, msg, sizeof(msg));
	if (strstr(out, "not accepting jobs"))
		finish(job, ST_UNAVAILABLE,
		       _("The printer queue \"%s\" does not accept jobs: allow them with "
		         "`cupsaccept %s` and print again."),
		       job->queue, job->queue);
	else if (strstr(out, "does not exist"))
		finish(job, ST_UNAVAILABLE,
		       _("There is no printer queue named \"%s\": see the queues with `lpstat "
		         "-p` and set [print] printer in the configuration."),
		       job->queue);
	else
		finish(job, ST_UNAVAILABLE, _("The print service refused the job: %s"),
		       *msg ? msg : _("no reason given"));
}

static void spawn_failed(struct print_job *job, const char *prog)
{
	if (errno == ENOENT)
		finish(job, ST_UNAVAILABLE,
		       _("Printing needs CUPS, and the `%s` command is not installed: install the "
		         "cups and cups-client packages."),
		       prog);
	else
		finish(job, ST_UNAVAILABLE, _("Could not start `%s`: %s"), prog, strerror(errno));
}

static void start_check(struct print_job *job)
{
	job->stage = PRINT_CHECK;
	char *argv[10];
	int n = 0;
	argv[n++] = "lpstat";
	argv[n++] = "-r";
	argv[n++] = "-d";
	argv[n++] = "-a";
	if (!str_empty(job->printer))
		argv[n++] = job->printer;
	argv[n++] = "-l";
	argv[n++] = "-p";
	if (!str_empty(job->printer))
		argv[n++] = job->printer;
	argv[n] = NULL;
	if (!spawn(job, argv))
		spawn_failed(job, "lpstat");
}

static void start_submit(struct print_job *job)
{
	job->stage = PRINT_SUBMIT;
	char copies[16], media[64];
	snprintf(copies, sizeof(copies), "%d", job->opts.copies > 0 ? job->opts.copies : 1);
	if (job->opts.paper == PAPER_A4)
		snprintf(media, sizeof(media), "media=A4");
	else
		snprintf(media, sizeof(media), "media=Custom.%dx%dmm",
		         job->opts.paper == PAPER_80MM ? 80 : 58,
		         job->opts.height_mm > 0 ? (int)(job->opts.height_mm + 0.999) : 200);
	char *argv[14];
	int n = 0;
	argv[n++] = "lp";
	if (!str_empty(job->printer)) {
		argv[n++] = "-d";
		argv[n++] = job->printer;
	}
	argv[n++] = "-n";
	argv[n++] = copies;
	argv[n++] = "-o";
	argv[n++] = media;
	argv[n++] = "-t";
	argv[n++] = job->title;
	argv[n++] = "--";
	argv[n++] = job->file;
	argv[n] = NULL;
	if (!spawn(job, argv))
		spawn_failed(job, "lp");
}

/* ---- the job ---- */

void print_start(struct print_job *job, const struct print_opts *o, const char *pdf_path)
{
	bool remove = job->remove_file, saved = job->saved_report;
	memset(job, 0, sizeof(*job));
	job->remove_file = remove;
	job->saved_report = saved;
	job->fd = -1;
	sb_init(&job->out);
	job->opts = *o;
	job->printer = o->printer ? xstrdup(o->printer) : NULL;
	job->title = xstrdup(o->title ? o->title : "dvcdesk");
	job->opts.printer = job->printer;
	job->opts.title = job->title;
	/* A relative name starting with '-' would read as an option. */
	job->file = pdf_path[0] == '-' ? xasprintf("./%s", pdf_path) : xstrdup(pdf_path);
	clock_gettime(CLOCK_MONOTONIC, &job->started);
	start_check(job);
}

bool print_poll(struct print_job *job)
{
	while (job->stage != PRINT_FINISHED) {
		bool eof = drain(job);
		int wstatus = 0;
		pid_t w = eof ? waitpid(job->pid, &wstatus, WNOHANG) : 0;
		if (w == 0 || (w < 0 && errno == EINTR)) {
			if (elapsed(job) > PRINT_TIMEOUT_S) {
				kill_child(job);
				finish(
				    job, ST_UNAVAILABLE,
				    _("The print service did not answer within %d seconds: check "
				      "CUPS (lpstat -t) and print again."),
				    PRINT_TIMEOUT_S);
			}
			return job->stage == PRINT_FINISHED;
		}
		job->pid = 0;
		if (job->stage == PRINT_CHECK)
			after_check(job);
		else
			after_submit(job, wstatus);
	}
	return true;
}

enum status print_wait(struct print_job *job)
{
	status_clear();
	while (!print_poll(job)) {
		if (job->fd >= 0) {
			struct pollfd pf = {job->fd, POLLIN, 0};
			poll(&pf, 1, 200);
		} else {
			struct timespec ts = {0, 20 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	return job->status;
}

void print_job_done(struct print_job *job)
{
	kill_child(job);
	sb_done(&job->out);
	free(job->printer);
	free(job->title);
	free(job->file);
	memset(job, 0, sizeof(*job));
	job->fd = -1;
}

enum status print_file(const struct print_opts *o, const char *pdf_path)
{
	status_clear();
	struct print_job job;
	memset(&job, 0, sizeof(job));
	print_start(&job, o, pdf_path);
	enum status st = print_wait(&job);
	if (st != ST_OK)
		status_fail(st, "%s", job.message);
	print_job_done(&job);
	return st;
}

/* ---- files ---- */

static bool mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return false;
		}
		*s = '/';
	}
	bool ok = mkdir(p, 0700) == 0 || errno == EEXIST;
	free(p);
	return ok;
}

char *print_report_path(const struct report *r, const char *ext)
{
	char *data = config_data_dir();
	char *dir = xasprintf("%s/reports", data);
	free(data);
	if (!mkdir_p(dir)) {
		status_fail(ST_CANTCREAT, _("cannot create the folder %s: %s"), dir,
		            strerror(errno));
		free(dir);
		return NULL;
	}
	char from[16], to[16], stamp[32];
	time_format_day(r->filter.from_day, from, sizeof(from));
	time_format_day(r->filter.to_day, to, sizeof(to));
	struct tm tm;
	localtime_r(&r->generated_at, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	char span[40];
	if (r->filter.from_day == r->filter.to_day)
		snprintf(span, sizeof(span), "%s", from);
	else
		snprintf(span, sizeof(span), "%s_%s", from, to);
	char *path = NULL;
	for (int i = 1; i < 1000; i++) {
		free(path);
		if (i == 1)
			path = xasprintf("%s/report-%s-%s-%s.%s", dir,
			                 report_kind_key(r->filter.kind), span, stamp, ext);
		else
			path = xasprintf("%s/report-%s-%s-%s-%d.%s", dir,
			                 report_kind_key(r->filter.kind), span, stamp, i, ext);
		if (access(path, F_OK) != 0)
			break;
	}
	free(dir);
	return path;
}

enum status print_save(const char *path, const char *data, size_t len)
{
	status_clear();
	return fs_write_file(path, data, len);
}

enum status print_report(struct print_job *job, const struct print_opts *o, const struct report *r,
                         const char *save_as)
{
	status_clear();
	memset(job, 0, sizeof(*job));
	job->fd = -1;
	struct strbuf pdf;
	sb_init(&pdf);
	double height = 0;
	enum status st = pdf_report(r, o->paper, &pdf, &height);
	char *path = NULL;
	if (st == ST_OK) {
		path = save_as ? xstrdup(save_as) : print_report_path(r, "pdf");
		st = path ? print_save(path, pdf.buf, pdf.len) : ST_CANTCREAT;
	}
	sb_done(&pdf);
	if (st != ST_OK) {
		free(path);
		return st;
	}
	struct print_opts po = *o;
	po.height_mm = height * 25.4 / 72.0;
	char title[96], from[16], to[16];
	time_format_day(r->filter.from_day, from, sizeof(from));
	time_format_day(r->filter.to_day, to, sizeof(to));
	if (r->filter.from_day == r->filter.to_day)
		snprintf(title, sizeof(title), "dvcdesk report %s %s",
		         report_kind_key(r->filter.kind), from);
	else
		snprintf(title, sizeof(title), "dvcdesk report %s %s %s",
		         report_kind_key(r->filter.kind), from, to);
	if (!o->title)
		po.title = title;
	job->remove_file = save_as == NULL;
	job->saved_report = true;
	print_start(job, &po, path);
	free(path);
	return ST_OK;
}
