/* The report as an Excel workbook (.xlsx) with libxlsxwriter: one sheet
 * per section, Vietnamese headers, counts as numbers, days as dates (shown
 * dd/mm/yyyy), every text written as a string cell (a name starting with
 * "=" stays text: libxlsxwriter's write_string never makes a formula).
 *
 * Like the PDF's pango (pdf.c), the library is loaded when the first
 * workbook is made, so the other commands do not load it; the header still
 * gives every call its checked prototype.  libxlsxwriter writes to a file:
 * the workbook goes to a private temporary file that is read back into
 * the caller's buffer, and the caller writes it where asked (stdout or
 * --output through print_save()).
 *
 * Each section is one function writing one sheet (sheets[] below): a new
 * section of the report (events) is one more function and one more line. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report/report.h"
#include "report/report_xlsx.h"
#include "util/i18n.h"
#include "util/period.h"
#include "store/shift.h"

#define XLSX_LIBRARY "libxlsxwriter.so.4"

/* Sheet names and column headers: words of their own in a spreadsheet */
#define X_(s) P_("spreadsheet", s)

#define XLSX_FUNCTIONS(_)                                                                          \
	_(workbook_new_opt)                                                                        \
	_(workbook_add_worksheet)                                                                  \
	_(workbook_add_format)                                                                     \
	_(workbook_close)                                                                          \
	_(workbook_set_properties)                                                                 \
	_(format_set_bold)                                                                         \
	_(format_set_num_format)                                                                   \
	_(format_set_text_wrap)                                                                    \
	_(worksheet_write_string)                                                                  \
	_(worksheet_write_number)                                                                  \
	_(worksheet_write_datetime)                                                                \
	_(worksheet_set_column)                                                                    \
	_(worksheet_freeze_panes)                                                                  \
	_(lxw_strerror)

#define XLSX_POINTER(name) __typeof__(name) *name;
static struct {
	bool loaded;
	XLSX_FUNCTIONS(XLSX_POINTER)
} lib;
#undef XLSX_POINTER

static enum status lib_load(void)
{
	if (lib.loaded)
		return ST_OK;
	void *h = dlopen(XLSX_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return status_fail(ST_IO,
		                   _("the spreadsheet could not be made: %s cannot be loaded (%s); "
		                     "install the package libxlsxwriter4"),
		                   XLSX_LIBRARY, dlerror());
	const char *missing = NULL;
	void *sym;
#define XLSX_LOAD(name)                                                                            \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&lib.name, &sym, sizeof sym);                                       \
		else                                                                               \
			missing = #name;                                                           \
	}
	XLSX_FUNCTIONS(XLSX_LOAD)
#undef XLSX_LOAD
	if (missing) {
		dlclose(h);
		memset(&lib, 0, sizeof(lib));
		return status_fail(ST_IO, _("the spreadsheet could not be made: %s has no %s"),
		                   XLSX_LIBRARY, missing);
	}
	lib.loaded = true;
	return ST_OK;
}

struct book {
	const struct report *r;
	lxw_workbook *wb;
	lxw_format *bold, *date, *datetime, *percent, *wrap;
	lxw_worksheet *ws; /* the sheet being written */
	lxw_row_t row;
	lxw_error err; /* the first error */
};

static void check(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

/* A new sheet with its header row (bold, frozen) and column widths. */
static void sheet(struct book *b, const char *name, const char *const *head, const double *widths,
                  int n)
{
	b->ws = lib.workbook_add_worksheet(b->wb, name);
	if (!b->ws) {
		check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	b->row = 0;
	for (int c = 0; c < n; c++) {
		check(b,
		      lib.worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
		check(b, lib.worksheet_write_string(b->ws, 0, (lxw_col_t)c, head[c], b->bold));
	}
	lib.worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

static void str(struct book *b, int col, const char *s)
{
	if (b->ws && s)
		check(b, lib.worksheet_write_string(b->ws, b->row, (lxw_col_t)col, s, NULL));
}

static void num(struct book *b, int col, double v)
{
	if (b->ws)
		check(b, lib.worksheet_write_number(b->ws, b->row, (lxw_col_t)col, v, NULL));
}

static void pct(struct book *b, int col, double percent)
{
	if (b->ws)
		check(b, lib.worksheet_write_number(b->ws, b->row, (lxw_col_t)col, percent / 100.0,
		                                    b->percent));
}

static void day(struct book *b, int col, int yyyymmdd)
{
	lxw_datetime dt = {yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100, 0, 0, 0};
	if (b->ws)
		check(b, lib.worksheet_write_datetime(b->ws, b->row, (lxw_col_t)col, &dt, b->date));
}

static void instant(struct book *b, int col, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                   tm.tm_hour,        tm.tm_min,     (double)tm.tm_sec};
	if (b->ws)
		check(b, lib.worksheet_write_datetime(b->ws, b->row, (lxw_col_t)col, &dt,
		                                      b->datetime));
}

static void next(struct book *b)
{
	b->row++;
}

/* ---- the sheets ---- */

static void sheet_info(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Item"), X_("Value")};
	const double w[] = {26, 60};
	char buf[512];
	sheet(b, X_("Information"), head, w, 2);
	str(b, 0, X_("Report"));
	str(b, 1, report_title(r, buf, sizeof(buf)));
	next(b);
	str(b, 0, X_("Period"));
	str(b, 1, report_period_text(r, buf, sizeof(buf)));
	next(b);
	str(b, 0, X_("From"));
	day(b, 1, r->filter.from_day);
	next(b);
	str(b, 0, X_("To"));
	day(b, 1, r->filter.to_day);
	next(b);
	str(b, 0, X_("Unit"));
	str(b, 1, r->unit_name);
	next(b);
	str(b, 0, X_("Unit code"));
	str(b, 1, r->unit_code);
	next(b);
	str(b, 0, X_("Counter"));
	str(b, 1, r->counter ? r->counter : _("all counters"));
	next(b);
	if (r->staff_filter) {
		str(b, 0, X_("Staff member"));
		str(b, 1, r->staff_filter);
		next(b);
	}
	str(b, 0, X_("Made at"));
	instant(b, 1, r->generated_at);
	next(b);
	str(b, 0, X_("Prepared by"));
	str(b, 1, r->prepared_by ? r->prepared_by : "");
	next(b);
}

static void sheet_summary(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Key"), X_("Item"), X_("Value")};
	const double w[] = {22, 50, 14};
	sheet(b, X_("Summary"), head, w, 3);
	const struct {
		const char *key, *label;
		double v;
	} rows[] = {
	    {"visits", _("Visits (citizens helped)"), (double)r->visits},
	    {"online_submission", _("of which submitted online"),
	     (double)r->services[SVC_ONLINE_SUBMISSION]},
	    {"general_guidance", _("of which general guidance (no procedure)"),
	     (double)r->general_guidance},
	    {"voided", _("Voided entries (not counted)"), (double)r->voided},
	    {"timed_visits", X_("Timed visits"), (double)r->timed_visits},
	    {"average_seconds", X_("Average time per visit (seconds)"),
	     (double)report_average_seconds(r)},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		str(b, 0, rows[i].key);
		str(b, 1, rows[i].label);
		num(b, 2, rows[i].v);
		next(b);
	}
	str(b, 0, "online_share_percent");
	str(b, 1, X_("Share submitted online"));
	pct(b, 2, report_online_share(r));
	next(b);
}

/* A sheet of keyed counts (services, groups, channels, outcomes). */
static void keyed(struct book *b, const char *name, const char *const *keys,
                  const char *const *labels, const long *n, int count)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Key"), X_("Item"), X_("Visits"), X_("Share")};
	const double w[] = {22, 44, 12, 12};
	sheet(b, name, head, w, 4);
	for (int i = 0; i < count; i++) {
		str(b, 0, keys[i]);
		str(b, 1, report_label(labels[i]));
		num(b, 2, (double)n[i]);
		pct(b, 3, r->visits ? 100.0 * (double)n[i] / (double)r->visits : 0.0);
		next(b);
	}
}

static void sheet_keyed(struct book *b)
{
	const struct report *r = b->r;
	keyed(b, X_("Services"), service_keys, service_labels, r->services, SVC__COUNT);
	keyed(b, X_("Citizen groups"), group_keys, group_labels, r->groups, GRP__COUNT);
	keyed(b, X_("Channels"), channel_keys, channel_labels, r->channels, CH__COUNT);
	keyed(b, X_("Outcomes"), outcome_keys, outcome_labels, r->outcomes, OUT__COUNT);
}

static void sheet_procedures(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Code"), X_("Procedure"), X_("Visits"), X_("Online")};
	const double w[] = {14, 60, 12, 12};
	sheet(b, X_("Procedures"), head, w, 4);
	for (int i = 0; i < r->n_procedures; i++) {
		str(b, 0, r->procedures[i].code);
		str(b, 1, r->procedures[i].name);
		num(b, 2, (double)r->procedures[i].visits);
		num(b, 3, (double)r->procedures[i].online_submission);
		next(b);
	}
}

static void sheet_staff(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Name"), X_("Visits"), X_("Online")};
	const double w[] = {32, 12, 12};
	sheet(b, X_("Staff"), head, w, 3);
	for (int i = 0; i < r->n_staff; i++) {
		str(b, 0, r->staff[i].name);
		num(b, 1, (double)r->staff[i].visits);
		num(b, 2, (double)r->staff[i].online_submission);
		next(b);
	}
}

static void sheet_months(struct book *b)
{
	const struct report *r = b->r;
	if (r->filter.kind != REPORT_YEAR)
		return;
	const char *head[] = {X_("Month"), X_("From"), X_("To"), X_("Visits"), X_("Online")};
	const double w[] = {12, 12, 12, 12, 12};
	char label[32];
	sheet(b, X_("By month"), head, w, 5);
	for (int m = 0; m < 12; m++) {
		int from, to;
		period_month(r->filter.year, m + 1, r->filter.month_starts_on, &from, &to);
		snprintf(label, sizeof(label), _("Month %02d"), m + 1);
		str(b, 0, label);
		day(b, 1, from);
		day(b, 2, to);
		num(b, 3, (double)r->by_month[m]);
		num(b, 4, (double)r->by_month_online[m]);
		next(b);
	}
}

static void sheet_days(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Day"), X_("Visits")};
	const double w[] = {14, 12};
	sheet(b, X_("By day"), head, w, 2);
	for (int i = 0; i < r->n_days; i++) {
		day(b, 0, r->days[i].day);
		num(b, 1, (double)r->days[i].visits);
		next(b);
	}
}

static void sheet_hours(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Hour"), X_("Visits")};
	const double w[] = {10, 12};
	sheet(b, X_("By hour"), head, w, 2);
	for (int h = 0; h < 24; h++) {
		num(b, 0, h);
		num(b, 1, (double)r->by_hour[h]);
		next(b);
	}
}

static void sheet_weekdays(struct book *b)
{
	const struct report *r = b->r;
	static const char *const names[7] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
	                                     N_("Thursday"), N_("Friday"),  N_("Saturday"),
	                                     N_("Sunday")};
	const char *head[] = {X_("Weekday"), X_("Visits")};
	const double w[] = {14, 12};
	sheet(b, X_("By weekday"), head, w, 2);
	for (int d = 0; d < 7; d++) {
		str(b, 0, _(names[d]));
		num(b, 1, (double)r->by_weekday[d]);
		next(b);
	}
}

static void sheet_targets(struct book *b)
{
	const struct report *r = b->r;
	const char *head[] = {X_("Key"),     X_("Target"),    X_("Year target"),    X_("Done"),
	                      X_("Reached"), X_("Remaining"), X_("Per working day")};
	const double w[] = {20, 30, 14, 12, 12, 12, 16};
	sheet(b, X_("Targets"), head, w, 7);
	for (int i = 0; i < r->n_targets; i++) {
		const struct report_target *t = &r->targets[i];
		str(b, 0, report_target_key(t->key));
		str(b, 1, report_target_label(t->key));
		num(b, 2, (double)t->target);
		num(b, 3, (double)t->achieved);
		pct(b, 4, t->percent);
		num(b, 5, (double)t->remaining);
		if (t->per_working_day >= 0)
			num(b, 6, (double)t->per_working_day);
		next(b);
	}
	next(b);
	str(b, 1, X_("Cumulative to"));
	day(b, 2, r->target_through);
	next(b);
	str(b, 1, X_("Working days left (Monday to Friday)"));
	num(b, 2, r->working_days_left);
	next(b);
}

/* The sheets in order; the events section goes in as one more. */
static void (*const sheets[])(struct book *) = {
    sheet_info,   sheet_summary, sheet_keyed, sheet_procedures, sheet_staff,
    sheet_months, sheet_days,    sheet_hours, sheet_weekdays,   sheet_targets,
};

static enum status read_back(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return status_fail(ST_IO, _("the spreadsheet could not be read back from %s"),
		                   path);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(out, buf, n);
	bool bad = ferror(f);
	fclose(f);
	return bad ? status_fail(ST_IO, _("the spreadsheet could not be read back from %s"), path)
	           : ST_OK;
}

enum status report_write_xlsx(const struct report *r, struct strbuf *out)
{
	status_clear();
	enum status st = lib_load();
	if (st != ST_OK)
		return st;
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/dvcdesk-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		st = status_fail(ST_CANTCREAT, _("no temporary file for the spreadsheet in %s"),
		                 tmp && *tmp ? tmp : "/tmp");
		free(path);
		return st;
	}
	close(fd);
	lxw_workbook_options opt = {0};
	opt.tmpdir = tmp && *tmp ? (char *)(uintptr_t)tmp : NULL;
	struct book b = {.r = r};
	b.wb = lib.workbook_new_opt(path, &opt);
	if (!b.wb) {
		unlink(path);
		free(path);
		return status_fail(ST_IO, _("the spreadsheet could not be made"));
	}
	b.bold = lib.workbook_add_format(b.wb);
	lib.format_set_bold(b.bold);
	b.date = lib.workbook_add_format(b.wb);
	lib.format_set_num_format(b.date, "dd/mm/yyyy");
	b.datetime = lib.workbook_add_format(b.wb);
	lib.format_set_num_format(b.datetime, "dd/mm/yyyy hh:mm");
	b.percent = lib.workbook_add_format(b.wb);
	lib.format_set_num_format(b.percent, "0.00%");
	char title[512], period[256];
	report_title(r, title, sizeof(title));
	report_period_text(r, period, sizeof(period));
	size_t tl = strlen(title);
	snprintf(title + tl, sizeof(title) - tl, " — %s", period);
	lxw_doc_properties props = {0};
	props.title = title;
	props.author = r->prepared_by ? r->prepared_by : "";
	props.company = r->unit_name ? r->unit_name : "";
	check(&b, lib.workbook_set_properties(b.wb, &props));
	for (size_t i = 0; i < ARRAY_LEN(sheets); i++)
		sheets[i](&b);
	lxw_error e = lib.workbook_close(b.wb);
	check(&b, e);
	if (b.err != LXW_NO_ERROR)
		st = status_fail(ST_IO, _("the spreadsheet could not be made: %s"),
		                 lib.lxw_strerror(b.err));
	else
		st = read_back(path, out);
	unlink(path);
	free(path);
	return st;
}
