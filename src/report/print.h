/* Printing through CUPS: the report's PDF is handed to `lp`, spawned with
 * an argv (never a shell), with its output and exit status captured.  Only
 * PDF is printed (plain text through CUPS loses the Vietnamese letters).
 *
 * A job is a small state machine so that the summary screen can print
 * without freezing: print_start() spawns `lpstat` to check the queue (is
 * the scheduler running, does the queue exist, is it enabled, accepting,
 * online), then `lp` to submit; print_poll() advances it without blocking.
 * The CLI calls print_wait() (or print_file()).
 *
 * When printing fails, the PDF stays on disk and the message names the
 * problem, what to do, and where the file is: nothing is lost.
 *
 * Children run with LC_ALL=C so their messages can be recognised; the
 * messages the user sees are dvcdesk's own, translated. */
#ifndef DVCDESK_PRINT_H
#define DVCDESK_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "config/config.h"
#include "report/report.h"
#include "util/status.h"
#include "util/util.h"

/* Seconds a print job may take (lpstat + lp) before it is given up. */
#define PRINT_TIMEOUT_S 60

struct print_opts {
	const char *printer; /* CUPS queue; NULL or "": the system default */
	int copies;          /* 1..20 */
	enum paper paper;
	double height_mm;  /* receipts: the page height, for media=Custom.WxHmm */
	const char *title; /* the job title (ASCII is safest); NULL: "dvcdesk" */
};

/* printer, paper and copies from [print]. */
void print_opts_from_config(struct print_opts *o, const struct config *cfg);

enum print_stage { PRINT_CHECK, PRINT_SUBMIT, PRINT_FINISHED };

struct print_job {
	/* Set when the job finished (print_poll() returned true): */
	enum status status;  /* ST_OK: the job is queued; else ST_UNAVAILABLE */
	char message[1024];  /* translated, one line: what happened, what to do */
	char request_id[64]; /* "QUEUE-42" from lp on success */
	char queue[128];     /* the queue used ("" before the check) */
	char *file;          /* the PDF (owned) */
	bool remove_file;    /* delete `file` once it is queued (a temporary save) */
	bool saved_report;   /* print_report() saved `file`: a failure message says where */

	/* Private */
	enum print_stage stage;
	struct print_opts opts;
	char *printer, *title;
	pid_t pid;
	int fd;
	struct strbuf out;
	struct timespec started;
};

/* Start printing `pdf_path` (copied).  Never blocks for long and never
 * fails by itself: a problem (no lp, say) finishes the job at once, and the
 * first print_poll() reports it. */
void print_start(struct print_job *job, const struct print_opts *o, const char *pdf_path);

/* Advance the job without blocking; true once it has finished (then read
 * job->status and job->message). */
bool print_poll(struct print_job *job);

/* Block until the job has finished; returns job->status. */
enum status print_wait(struct print_job *job);

/* Free the job; a child still running is killed and reaped. */
void print_job_done(struct print_job *job);

/* Blocking convenience for scripts: print one file; on failure the status
 * detail holds the message. */
enum status print_file(const struct print_opts *o, const char *pdf_path);

/* The whole print path the CLI and the summary screen share: render the
 * report's PDF for o->paper, save it (to `save_as`, or a new 0600 file in
 * the reports folder, removed again once the job is queued), and start the
 * job.  Returns ST_OK with the job started, or the error of the rendering
 * or the save (status detail set; the job is then not started). */
enum status print_report(struct print_job *job, const struct print_opts *o, const struct report *r,
                         const char *save_as);

/* The reports folder ($XDG_DATA_HOME/dvcdesk/reports), created 0700, and a
 * new file name in it for the report: "report-day-2026-11-22-163012.pdf".
 * Caller frees; NULL (status detail set) when the folder cannot be made. */
char *print_report_path(const struct report *r, const char *ext);

/* Write data to path as a new 0600 file (written beside it, synced, then
 * renamed into place).  ST_CANTCREAT or ST_IO with the detail naming the
 * file. */
enum status print_save(const char *path, const char *data, size_t len);

#endif
