/* The end-of-shift summary (Tổng kết ca trực): the shift's totals beside
 * the day's, the year's targets, and one key each to print it (print.h:
 * started here, advanced from tick() so the screen never freezes), or save
 * it as PDF or CSV in the reports folder.  The numbers come from
 * report_run() (REPORT_SHIFT and REPORT_DAY), the same query as `dvcdesk
 * report` and the printout.
 *
 * Opened from the counter (the summary action) while the shift is open,
 * Esc goes back to the counter.  Opened by the end-of-shift screen after
 * shift_close() (ctx->have_shift is then false; that screen asked "end the
 * shift?"), Enter (or Esc, F10) quits the program.  Leaving while a print
 * job runs waits for the printer's answer: closing the screen would kill
 * `lp` half way. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "report/due.h"
#include "report/pdf.h"
#include "report/print.h"
#include "report/report.h"
#include "screens.h"
#include "util/text.h"
#include "util/util.h"

/* Most rows the print/save message may take at the bottom of the body (it
 * ends with the path of the saved file: it must not be cut). */
#define SUMMARY_MSG_ROWS 8

enum row_kind {
	ROW_HEAD,    /* column heads: "", this shift, today */
	ROW_SECTION, /* a section title */
	ROW_COUNT,   /* a label, the shift's number, the day's number */
	ROW_TOTAL,   /* the same, in bold */
	ROW_TARGETS, /* column heads of the targets */
	ROW_TARGET,  /* a target: label, done/target, percent */
	ROW_NOTE,    /* a dim sentence, indented */
	ROW_SUBNOTE, /* the same under a target */
	ROW_BLANK
};

struct row {
	enum row_kind kind;
	char label[256];
	char a[48], b[48];
};

enum which { WHICH_SHIFT, WHICH_DAY }; /* what print and save use */

/* What to do once the print job in flight has finished. */
enum leave { LEAVE_NONE, LEAVE_POP, LEAVE_QUIT, LEAVE_END_SHIFT };

struct summary {
	bool ended; /* the shift is closed: leaving quits */
	struct report shift, day;
	struct row *rows;
	int n_rows, cap;
	int top;  /* first row shown */
	int page; /* rows shown by the last draw */
	enum which which;

	struct print_job job;
	bool job_live; /* job holds something to free */
	bool printing; /* the job has not finished */
	enum leave leave_after;

	char msg[1400];
	enum ui_tone tone;
};

/* ---- the rows ---- */

static struct row *row_add(struct summary *s, enum row_kind kind, const char *label, const char *a,
                           const char *b)
{
	if (s->n_rows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof *s->rows);
	}
	struct row *r = &s->rows[s->n_rows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	str_copy(r->label, sizeof r->label, label ? label : "");
	str_copy(r->a, sizeof r->a, a ? a : "");
	str_copy(r->b, sizeof r->b, b ? b : "");
	return r;
}

static void count_row(struct summary *s, enum row_kind kind, const char *label, long a, long b)
{
	char na[32], nb[32], cap[256];
	row_add(s, kind, text_capitalize(label, cap, sizeof cap), report_number(a, na, sizeof na),
	        report_number(b, nb, sizeof nb));
}

/* A titled block of one row per key (services, groups...): the shift's
 * count and the day's. */
static void keyed_section(struct summary *s, const char *title, const char *const labels[],
                          const long shift[], const long day[], int n)
{
	row_add(s, ROW_BLANK, NULL, NULL, NULL);
	row_add(s, ROW_SECTION, title, NULL, NULL);
	for (int i = 0; i < n; i++)
		count_row(s, ROW_COUNT, report_label(labels[i]), shift[i], day[i]);
}

/* A procedure in both reports, keyed by code ("" for general guidance). */
struct proc_count {
	const char *code, *name;
	long shift, day;
};

static int proc_cmp(const void *pa, const void *pb)
{
	const struct proc_count *a = pa, *b = pb;
	if (a->shift != b->shift)
		return a->shift > b->shift ? -1 : 1;
	if (a->day != b->day)
		return a->day > b->day ? -1 : 1;
	return strcmp(a->code, b->code);
}

static void procedure_rows(struct summary *s)
{
	const struct report *sh = &s->shift, *dy = &s->day;
	int cap = sh->n_procedures + dy->n_procedures + 1, n = 0;
	struct proc_count *p = xcalloc((size_t)cap, sizeof *p);
	for (int pass = 0; pass < 2; pass++) {
		const struct report *r = pass ? dy : sh;
		for (int i = 0; i < r->n_procedures; i++) {
			int j = 0;
			while (j < n && !str_eq(p[j].code, r->procedures[i].code))
				j++;
			if (j == n) {
				p[n].code = r->procedures[i].code;
				p[n].name = r->procedures[i].name;
				n++;
			}
			*(pass ? &p[j].day : &p[j].shift) = r->procedures[i].visits;
		}
	}
	qsort(p, (size_t)n, sizeof *p, proc_cmp);
	if (n > 0 || sh->general_guidance > 0 || dy->general_guidance > 0) {
		row_add(s, ROW_BLANK, NULL, NULL, NULL);
		row_add(s, ROW_SECTION, _("BY PROCEDURE"), NULL, NULL);
	}
	for (int i = 0; i < n; i++)
		count_row(s, ROW_COUNT, p[i].name, p[i].shift, p[i].day);
	if (sh->general_guidance > 0 || dy->general_guidance > 0)
		count_row(s, ROW_COUNT, _("General guidance (no procedure)"), sh->general_guidance,
		          dy->general_guidance);
	free(p);
}

static void target_rows(struct summary *s)
{
	const struct report *r = &s->day;
	char title[160], d[16], a[32], b[32], line[300], cap[256];
	row_add(s, ROW_BLANK, NULL, NULL, NULL);
	snprintf(title, sizeof title, _("TARGETS FOR %d (TO %s)"), r->target_year,
	         report_date(r->filter.to_day, d, sizeof d));
	row_add(s, ROW_SECTION, title, NULL, NULL);
	if (r->n_targets == 0) {
		row_add(s, ROW_NOTE,
		        _("No yearly targets are set ([targets] in the configuration file)."), NULL,
		        NULL);
		return;
	}
	row_add(s, ROW_TARGETS, "", _("Done/target"), _("Reached"));
	for (int i = 0; i < r->n_targets; i++) {
		const struct report_target *t = &r->targets[i];
		char both[80];
		snprintf(both, sizeof both, "%s/%s", report_number(t->achieved, a, sizeof a),
		         report_number(t->target, b, sizeof b));
		row_add(s, ROW_TARGET, text_capitalize(report_target_label(t->key), cap, sizeof cap), both,
		        report_percent(t->percent, a, sizeof a));
		if (t->remaining == 0)
			snprintf(line, sizeof line, "%s", _("target reached"));
		else if (t->per_working_day < 0)
			snprintf(line, sizeof line,
			         _("%s remaining, no working day left this year"),
			         report_number(t->remaining, a, sizeof a));
		else
			snprintf(line, sizeof line, _("%s remaining: %s per working day"),
			         report_number(t->remaining, a, sizeof a),
			         report_number(t->per_working_day, b, sizeof b));
		row_add(s, ROW_SUBNOTE, line, NULL, NULL);
	}
	snprintf(line, sizeof line, _("Working days (Monday to Friday) left this year: %d."),
	         r->working_days_left);
	row_add(s, ROW_NOTE, line, NULL, NULL);
}

/* "6:05": a duration that fits a number column (report_duration() spells
 * it out, too wide here). */
static char *minutes(long seconds, char *buf, size_t size)
{
	if (seconds >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60,
		         seconds % 60);
	else
		snprintf(buf, size, "%ld:%02ld", seconds / 60, seconds % 60);
	return buf;
}

static void build_rows(struct summary *s)
{
	const struct report *sh = &s->shift, *dy = &s->day;
	char a[48], b[48];
	s->n_rows = 0;
	row_add(s, ROW_HEAD, "", _("This shift"), _("Today"));
	count_row(s, ROW_TOTAL, _("Visits (citizens helped)"), sh->visits, dy->visits);
	count_row(s, ROW_COUNT, _("of which submitted online"), sh->services[SVC_ONLINE_SUBMISSION],
	          dy->services[SVC_ONLINE_SUBMISSION]);
	count_row(s, ROW_COUNT, _("of which general guidance"), sh->general_guidance,
	          dy->general_guidance);
	count_row(s, ROW_COUNT, _("Voided entries (not counted)"), sh->voided, dy->voided);
	if (sh->timed_visits > 0 || dy->timed_visits > 0)
		row_add(s, ROW_COUNT, _("Average per visit (min:s)"),
		        sh->timed_visits ? minutes(report_average_seconds(sh), a, sizeof a) : "",
		        dy->timed_visits ? minutes(report_average_seconds(dy), b, sizeof b) : "");

	keyed_section(s, _("SERVICES"), service_labels, sh->services, dy->services, SVC__COUNT);
	keyed_section(s, _("CITIZEN GROUPS"), group_labels, sh->groups, dy->groups, GRP__COUNT);
	keyed_section(s, _("CHANNELS"), channel_labels, sh->channels, dy->channels, CH__COUNT);
	keyed_section(s, _("OUTCOMES"), outcome_labels, sh->outcomes, dy->outcomes, OUT__COUNT);
	procedure_rows(s);
	target_rows(s);
}

/* ---- open and close ---- */

static enum status summary_open(void *state, struct ui_context *ctx, const void *arg)
{
	struct summary *s = state;
	(void)arg;
	s->job.fd = -1;
	report_init(&s->shift);
	report_init(&s->day);
	if (ctx->shift.id <= 0)
		return status_fail(ST_INVALID, _("No shift is open."));
	s->ended = !ctx->have_shift;
	/* The shift's own counter, so the printout names it. */
	struct report_filter f = {.kind = REPORT_SHIFT,
	                          .shift_id = ctx->shift.id,
	                          .counter = ctx->shift.counter[0] ? ctx->shift.counter : NULL};
	enum status st = report_run(ctx->db, ctx->cfg, &f, &s->shift);
	if (st != ST_OK)
		return st;
	/* Today as the counter's running totals count it: every counter. */
	struct report_filter d = {0};
	report_filter_day(&d, time_local_day(util_now()));
	st = report_run(ctx->db, ctx->cfg, &d, &s->day);
	if (st != ST_OK)
		return st;
	if (ctx->have_staff) {
		report_set_prepared_by(&s->shift, ctx->staff.name);
		report_set_prepared_by(&s->day, ctx->staff.name);
	}
	build_rows(s);
	if (s->ended)
		ui_status(ctx, UI_OK, "%s", _("Shift closed."));
	return ST_OK;
}

static void summary_close(void *state, struct ui_context *ctx)
{
	struct summary *s = state;
	(void)ctx;
	/* A job still running is killed; its PDF stays in the reports folder. */
	if (s->job_live)
		print_job_done(&s->job);
	report_done(&s->shift);
	report_done(&s->day);
	free(s->rows);
}

/* ---- messages ---- */

static void say(struct summary *s, enum ui_tone tone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(struct summary *s, enum ui_tone tone, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	s->tone = tone;
}

/* A path as the volunteer reads it: the home folder as "~". */
static const char *short_path(const char *path, char *buf, size_t size)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/')
		snprintf(buf, size, "~%s", path + n);
	else
		str_copy(buf, size, path);
	return buf;
}

/* Every full path in msg shortened the same way (print.h's failure message
 * ends with the saved file). */
static void shorten_paths(char *msg)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	if (n <= 1)
		return;
	char *at;
	while ((at = strstr(msg, home)) && at[n] == '/' && (at == msg || at[-1] == ' ')) {
		*at = '~';
		memmove(at + 1, at + n, strlen(at + n) + 1);
	}
}

/* ---- print and save ---- */

static const struct report *current(const struct summary *s)
{
	return s->which == WHICH_DAY ? &s->day : &s->shift;
}

static enum ui_reaction start_print(struct summary *s, struct ui_context *ctx)
{
	if (s->printing) {
		say(s, UI_WARN, "%s", _("Still printing: wait for the answer of the printer."));
		return UI_REDRAW;
	}
	if (s->job_live) {
		print_job_done(&s->job);
		s->job_live = false;
	}
	struct print_opts po;
	print_opts_from_config(&po, ctx->cfg);
	enum status st = print_report(&s->job, &po, current(s), NULL);
	if (st != ST_OK) {
		say(s, UI_ERROR, _("Not printed: %s"), status_detail(st));
		shorten_paths(s->msg);
		return UI_REDRAW;
	}
	s->job_live = s->printing = true;
	report_record_made(ctx->db, current(s), "pdf", true); /* the reminders: made */
	say(s, UI_INFO, "%s", _("Printing…"));
	return UI_REDRAW;
}

static enum ui_reaction save_as(struct summary *s, bool pdf, struct ui_context *ctx)
{
	const struct report *r = current(s);
	char *path = print_report_path(r, pdf ? "pdf" : "csv");
	enum status st = path ? ST_OK : ST_CANTCREAT;
	struct strbuf sb;
	sb_init(&sb);
	if (st == ST_OK && pdf)
		st = pdf_report(r, ctx->cfg->print.paper, &sb, NULL);
	else if (st == ST_OK)
		report_write_csv(r, true, &sb); /* with a BOM: spreadsheets read it as UTF-8 */
	if (st == ST_OK)
		st = print_save(path, sb.buf ? sb.buf : "", sb.len);
	sb_done(&sb);
	char shown[1024];
	if (st == ST_OK) {
		report_record_made(ctx->db, r, pdf ? "pdf" : "csv", false); /* the reminders: made */
		say(s, UI_OK, pdf ? _("Saved as PDF: %s") : _("Saved as CSV: %s"),
		    short_path(path, shown, sizeof shown));
	} else {
		say(s, UI_ERROR, _("Could not save: %s"), status_detail(st));
		shorten_paths(s->msg);
	}
	free(path);
	return UI_REDRAW;
}

static enum ui_reaction leave_now(struct summary *s, struct ui_context *ctx, enum leave how)
{
	(void)s;
	switch (how) {
	case LEAVE_POP:
		return UI_POP;
	case LEAVE_QUIT:
		return UI_QUIT;
	case LEAVE_END_SHIFT:
		return ui_replace(ctx, &screen_shiftend, NULL);
	case LEAVE_NONE:
		break;
	}
	return UI_REDRAW;
}

/* Leave now, or once the print job has its answer (closing the screen
 * would kill `lp` half way). */
static enum ui_reaction leave(struct summary *s, struct ui_context *ctx, enum leave how)
{
	if (s->printing) {
		s->leave_after = how;
		say(s, UI_INFO, "%s",
		    how == LEAVE_QUIT
		        ? _("Printing… the program ends when the printer has answered.")
		        : _("Printing… this screen closes when the printer has answered."));
		return UI_REDRAW;
	}
	return leave_now(s, ctx, how);
}

/* Advance the print job; the reaction once it has finished.  Under
 * another screen (help, the idle lock) the leaving waits for resume(). */
static enum ui_reaction advance(struct summary *s, struct ui_context *ctx, bool on_top)
{
	if (!s->printing || !print_poll(&s->job))
		return UI_NONE;
	s->printing = false;
	if (s->job.status == ST_OK) {
		say(s, UI_OK, _("Print job sent to \"%s\" (%s)."),
		    s->job.queue[0] ? s->job.queue : _("the default printer"), s->job.request_id);
		if (!on_top)
			return UI_REDRAW;
		enum leave how = s->leave_after;
		s->leave_after = LEAVE_NONE;
		if (how != LEAVE_NONE)
			return leave_now(s, ctx, how);
	} else {
		/* The failure stays on screen: the volunteer must see where the
		 * file went, even if they were leaving. */
		s->leave_after = LEAVE_NONE;
		say(s, UI_ERROR, _("Not printed: %s"), s->job.message);
		/* where the report went, on a line of its own */
		char *saved = strstr(s->msg, _("The report is saved as:"));
		if (saved && saved > s->msg && saved[-1] == ' ')
			saved[-1] = '\n';
		shorten_paths(s->msg);
	}
	return UI_REDRAW;
}

/* ---- drawing ---- */

/* Split text into lines of at most w columns, at spaces where it can and
 * at every newline; returns how many (at most max), each a byte range of
 * text. */
static int wrap(const char *text, int w, int max, size_t start[], size_t len[])
{
	char para[sizeof((struct summary *)0)->msg];
	int n = 0;
	size_t at = 0, total = strlen(text);
	while (at < total && n < max) {
		size_t end = at + strcspn(text + at, "\n"); /* this paragraph */
		snprintf(para, sizeof para, "%.*s", (int)(end - at), text + at);
		size_t p = 0, plen = strlen(para);
		while (p < plen && n < max) {
			while (para[p] == ' ')
				p++;
			size_t fit = text_fit(para + p, w);
			if (fit == 0)
				break;
			size_t cut = fit;
			if (para[p + fit] && para[p + fit] != ' ') {
				size_t sp = fit;
				while (sp > 0 && para[p + sp] != ' ')
					sp--;
				if (sp > 0)
					cut = sp;
			}
			start[n] = at + p;
			len[n] = cut;
			n++;
			p += cut;
		}
		at = end + 1;
	}
	return n;
}

static void draw_row(struct ui_context *ctx, const struct row *row, int y, int x, int w)
{
	int nw = w >= 70 ? 10 : 8;  /* a number column */
	int tw = w >= 70 ? 16 : 13; /* done/target */
	switch (row->kind) {
	case ROW_BLANK:
		break;
	case ROW_SECTION:
		ui_put(ctx, y, x, w, UI_TITLE, row->label);
		break;
	case ROW_NOTE:
		ui_put(ctx, y, x + 2, w - 2, UI_DIM, row->label);
		break;
	case ROW_SUBNOTE:
		ui_put(ctx, y, x + 4, w - 4, UI_DIM, row->label);
		break;
	case ROW_HEAD:
	case ROW_COUNT:
	case ROW_TOTAL: {
		enum ui_style st = row->kind == ROW_COUNT ? UI_NORMAL : UI_TITLE;
		int lw = w - 2 * nw - 2;
		ui_put(ctx, y, x + (row->kind == ROW_COUNT ? 2 : 0),
		       lw - (row->kind == ROW_COUNT ? 2 : 0), row->kind == ROW_HEAD ? UI_DIM : st,
		       row->label);
		ui_put_pad(ctx, y, x + lw + 1, nw, st, row->a, true);
		ui_put_pad(ctx, y, x + lw + 2 + nw, nw,
		           row->kind == ROW_HEAD ? UI_TITLE : UI_NORMAL, row->b, true);
		break;
	}
	case ROW_TARGETS:
	case ROW_TARGET: {
		enum ui_style st = row->kind == ROW_TARGETS ? UI_TITLE : UI_NORMAL;
		int lw = w - tw - nw - 2;
		ui_put(ctx, y, x + 2, lw - 2, UI_NORMAL, row->label);
		ui_put_pad(ctx, y, x + lw + 1, tw, st, row->a, true);
		ui_put_pad(ctx, y, x + lw + 2 + tw, nw, st, row->b, true);
		break;
	}
	}
}

static void summary_draw(void *state, struct ui_context *ctx, struct ui_rect r)
{
	struct summary *s = state;
	int x = r.x + 2, w = r.w - 4, y = r.y, bottom = r.y + r.h;
	char line[600], buf[300], t1[32], t2[32];

	/* the title names what print and save will make (language review F20) */
	if (s->which == WHICH_DAY) {
		char dd[16];
		snprintf(line, sizeof line, "%s %s", report_title(&s->day, buf, sizeof buf),
		         report_date(s->day.filter.from_day, dd, sizeof dd));
		ui_put(ctx, y, x, w, UI_TITLE, line);
	} else {
		ui_put(ctx, y, x, w, UI_TITLE, report_title(&s->shift, buf, sizeof buf));
	}

	/* which shift, when (whose: the header says) */
	char day[16];
	snprintf(buf, sizeof buf, _("%s shift of %s"),
	         s->shift.shift_session >= 0 ? session_label((enum session)s->shift.shift_session)
	                                     : "",
	         report_date(s->shift.filter.from_day, day, sizeof day));
	int m1 = time_local_minute(s->shift.shift_opened);
	snprintf(t1, sizeof t1, "%02d:%02d", m1 / 60, m1 % 60);
	if (s->shift.shift_closed) {
		int m2 = time_local_minute(s->shift.shift_closed);
		snprintf(t2, sizeof t2, "%s%02d:%02d", ctx->utf8 ? "–" : "-", m2 / 60, m2 % 60);
	} else {
		snprintf(t2, sizeof t2, " (%s)", _("still open"));
	}
	snprintf(line, sizeof line, "%s %s %s%s", buf, ui_glyph(ctx, UI_G_DOT), t1, t2);
	ui_put(ctx, y + 1, x, w, UI_NORMAL, line);

	/* from the bottom: what print and save use, then the last message */
	int info_y = bottom - 1;
	const char *what = s->which == WHICH_DAY ? _("the day's report") : _("the shift's summary");
	const char *other =
	    s->which == WHICH_DAY ? _("the shift's summary") : _("the day's report");
	if (s->ended)
		snprintf(line, sizeof line, _("Enter: quit. Print or save: %s (Tab: %s)."), what,
		         other);
	else
		snprintf(line, sizeof line, _("Print or save: %s (Tab: %s)."), what, other);
	ui_put(ctx, info_y, x, w, UI_DIM, line);
	int msg_top = info_y;
	if (s->msg[0]) {
		size_t st[SUMMARY_MSG_ROWS], ln[SUMMARY_MSG_ROWS];
		/* leave the list two rows at least */
		int room = info_y - (y + 3) - 3;
		int n = wrap(s->msg, w, room < SUMMARY_MSG_ROWS ? room : SUMMARY_MSG_ROWS, st, ln);
		static const enum ui_style tone_style[] = {UI_TITLE, UI_S_OK, UI_S_WARN,
		                                           UI_S_ERROR};
		msg_top = info_y - n;
		for (int i = 0; i < n; i++) {
			snprintf(line, sizeof line, "%.*s", (int)ln[i], s->msg + st[i]);
			ui_put_pad(ctx, msg_top + i, x, w, tone_style[s->tone], line, false);
		}
	}

	/* the rows, scrolled; where we are on the title row when they do not
	 * all fit */
	int list_y = y + 3, rows = msg_top - list_y - (s->msg[0] ? 1 : 0);
	if (rows < 1)
		rows = 1;
	s->page = rows;
	if (s->top > s->n_rows - rows)
		s->top = s->n_rows - rows;
	if (s->top < 0)
		s->top = 0;
	for (int i = 0; i < rows && s->top + i < s->n_rows; i++)
		draw_row(ctx, &s->rows[s->top + i], list_y + i, x, w);
	if (s->n_rows > rows) {
		int last = s->top + rows < s->n_rows ? s->top + rows : s->n_rows;
		snprintf(buf, sizeof buf, _("rows %d-%d of %d"), s->top + 1, last, s->n_rows);
		int bw = ui_width(ctx, buf);
		ui_put(ctx, y, x + w - bw, bw, UI_DIM, buf);
		if (s->top > 0)
			ui_put(ctx, list_y, x + w + 1, 1, UI_DIM, ctx->utf8 ? "▲" : "^");
		if (last < s->n_rows)
			ui_put(ctx, list_y + rows - 1, x + w + 1, 1, UI_DIM, ctx->utf8 ? "▼" : "v");
	}

	ui_hint(ctx, ACT_PRINT, N_("print"));
	ui_hint(ctx, ACT_SAVE_PDF, N_("save PDF"));
	ui_hint(ctx, ACT_SAVE_CSV, N_("save CSV"));
	if (s->ended)
		ui_hint(ctx, ACT_OPEN, N_("quit"));
	else
		ui_hint(ctx, ACT_BACK, N_("back"));
	ui_hint(ctx, ACT_NEXT_VIEW, N_("shift/day"));
	if (s->n_rows > s->page)
		ui_hint(ctx, ACT_LIST_PGDN, N_("scroll"));
	ui_hint(ctx, ACT_HELP, N_("help"));
}

/* ---- keys ---- */

static enum ui_reaction summary_key(void *state, struct ui_context *ctx, const struct ui_key *k)
{
	struct summary *s = state;
	int step = s->page > 1 ? s->page - 1 : 1;
	switch (k->action) {
	case ACT_LIST_UP:
		s->top--;
		return UI_REDRAW;
	case ACT_LIST_DOWN:
		s->top++;
		return UI_REDRAW;
	case ACT_LIST_PGUP:
		s->top -= step;
		return UI_REDRAW;
	case ACT_LIST_PGDN:
		s->top += step;
		return UI_REDRAW;
	case ACT_PRINT:
		return start_print(s, ctx);
	case ACT_SAVE_PDF:
		return save_as(s, true, ctx);
	case ACT_SAVE_CSV:
		return save_as(s, false, ctx);
	case ACT_NEXT_VIEW:
		s->which = s->which == WHICH_DAY ? WHICH_SHIFT : WHICH_DAY;
		return UI_REDRAW;
	case ACT_OPEN:
	case ACT_BACK:
	case ACT_QUIT:
	case ACT_SUMMARY:
		if (s->ended)
			return k->action == ACT_SUMMARY ? UI_NONE : leave(s, ctx, LEAVE_QUIT);
		if (k->action == ACT_OPEN)
			return UI_NONE;
		/* F10 here, as at the counter, ends the shift */
		return leave(s, ctx, k->action == ACT_QUIT ? LEAVE_END_SHIFT : LEAVE_POP);
	default:
		break;
	}
	switch (k->code) {
	case KEYC_HOME:
		s->top = 0;
		return UI_REDRAW;
	case KEYC_END:
		s->top = s->n_rows;
		return UI_REDRAW;
	default:
		break;
	}
	return UI_UNHANDLED;
}

static enum ui_reaction summary_tick(void *state, struct ui_context *ctx)
{
	return advance(state, ctx, ui_on_top(ctx, state));
}

/* Back on top: a print that finished meanwhile may have been the last
 * thing to wait for before leaving. */
static enum ui_reaction summary_resume(void *state, struct ui_context *ctx)
{
	struct summary *s = state;
	if (s->printing || s->leave_after == LEAVE_NONE)
		return UI_REDRAW;
	enum leave how = s->leave_after;
	s->leave_after = LEAVE_NONE;
	return leave_now(s, ctx, how);
}

const struct screen screen_summary = {
    .name = "summary",
    .state_size = sizeof(struct summary),
    .scopes = {SCOPE_LIST, SCOPE_COUNTER},
    .private_data = true,
    .open = summary_open,
    .close = summary_close,
    .draw = summary_draw,
    .key = summary_key,
    .tick = summary_tick,
    .resume = summary_resume,
};
