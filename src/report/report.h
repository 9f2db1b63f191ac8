/* Reports (báo cáo): the totals of a shift, day, month, year or any range,
 * from one query path that the CLI, the summary screen and the printout
 * share, and their renderings as text (screen and paper), CSV and JSON.
 * The queries and the layout are report.c, the text/CSV/JSON renderings
 * report_write.c, the PDF rendering pdf.h; printing is print.h.
 *
 * Use:   struct report r;
 *        report_init(&r);
 *        st = report_run(db, cfg, &filter, &r);   // a few aggregate queries
 *        report_write_text(&r, REPORT_COLS_A4, &sb);  // or _csv, _json, pdf_
 *        report_done(&r);
 *
 * The summary screen runs the same: a REPORT_SHIFT filter, report_layout()
 * for its tables (or report_write_text() at the window's width), and
 * print_report() + print_poll() (print.h) to print without blocking.
 *
 * Every count leaves voided visits out (they are counted apart in
 * `voided`), so report totals equal
 *   SELECT count(*) FROM visit WHERE local_day BETWEEN :from AND :to
 *                                AND voided_at IS NULL [AND staff/counter/unit_code IN (...)]
 * One pass reads the filter's visits over the local_day index (or the shift
 * index) and C counts everything, so a month over a million stored visits
 * reads only that month's rows, once.
 *
 * The JSON contract (stable; new keys may be added, none removed or renamed):
 *
 *   {
 *     "from": "YYYY-MM-DD", "to": "YYYY-MM-DD",       inclusive local days
 *     "unit": "unit code from [unit] code",           (with one --unit: that unit)
 *     "visits": N,                                    not voided
 *     "voided": N,                                    voided, not in any count
 *     "services": {"vneid","account","online_submission","payment","lookup",
 *                  "form_filling","postal": N},
 *     "groups": {"elderly","disabled","ethnic_minority": N},
 *     "outcomes": {"done","more_papers","referred": N},
 *     "procedures": [{"code","name","visits","online_submission"}...],
 *                   most visits first; general guidance is not a procedure
 *     "staff": [{"name","visits","online_submission"}...],  most visits first
 *     "units": [{"code","name","rank","visits","voided","online_submission",
 *                "vneid","account"}...]  always present (one element for a
 *              counter's own file; [] when nothing was logged), most visits
 *              first, rank 1-based; with --unit, exactly the units asked
 *              for.  The same key as `report --server`.
 *     -- added beside the base keys:
 *     "unit_name", "province", "counter" (filter or null), "staff_filter"
 *       (name or null), "period": {"kind":
 *       "shift|day|month|quarter|half|year|range" (months, quarters, halves
 *       and years follow [report] month_starts_on; from/to are their bounds),
 *       "shift": ID or null, "session": "morning|afternoon|other" or null},
 *     "generated_at": "YYYY-MM-DDTHH:MM:SSZ", "prepared_by": "...",
 *     "general_guidance": N,                          visits without procedure
 *     "channels": {"walk_in","phone","online","outreach": N},
 *     "online_share_percent": 24.39,                  online_submission/visits
 *     "duration": {"timed_visits": N, "average_seconds": N},
 *     "by_hour": [24 numbers, local hour 0..23],
 *     "by_weekday": {"mon","tue","wed","thu","fri","sat","sun": N},
 *     "by_day": [{"day": "YYYY-MM-DD", "visits": N}...] days with visits,
 *     "by_month": [{"month": "YYYY-MM", "from", "to", "visits",
 *                   "online_submission"}...]  year reports only, 12 months,
 *     "targets": {"year": YYYY (the reporting year of "to"),
 *                 "through": "YYYY-MM-DD" ("to", or the report day when earlier),
 *                 "working_days_left": N,
 *                 "items": [{"key": "online_submission|vneid|account|visits",
 *                            "target","achieved": N, "percent": 70.0,
 *                            "remaining": N, "per_working_day": N or null
 *                            (null: something remains, no working day does)}...]}
 *                 (items only for targets set in the config; the numbers
 *                  are the whole database's, not the staff/counter filter's)
 *     "events": {...}    outreach and training: see report_events.h
 *   }
 *
 * Percentages are numbers with at most 2 decimals, written with a '.' in
 * every locale. */
#ifndef DVCDESK_REPORT_H
#define DVCDESK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "store/db.h"
#include "util/status.h"
#include "util/util.h"
#include "store/visit.h"
#include "store/event.h"

/* Text widths: A4 paper or a screen, 80 mm and 58 mm receipts. */
#define REPORT_COLS_A4   80
#define REPORT_COLS_80MM 48
#define REPORT_COLS_58MM 32

enum report_kind {
	REPORT_SHIFT,
	REPORT_DAY,
	REPORT_MONTH,
	REPORT_YEAR,
	REPORT_RANGE,
	REPORT_QUARTER, /* period.h: calendar or cut off on the 15th */
	REPORT_HALF
};

/* What to count. */
struct report_filter {
	enum report_kind kind;
	int64_t shift_id;     /* REPORT_SHIFT: the shift; the days are its day */
	int from_day, to_day; /* YYYYMMDD inclusive (the other kinds) */
	int64_t staff_id;     /* 0: everyone */
	const char *counter;  /* NULL or "": every counter */
	/* --unit: only these unit codes (n_units 0: every unit of the file).
	 * The caller's array, read during report_run() only. */
	const char *const *units;
	int n_units;
	/* The named period (month, quarter, half, year): its year and number
	 * (month 1..12, quarter 1..4, half 1..2), and the [report]
	 * month_starts_on its bounds follow (0: the config's) */
	int year, part;
	int month_starts_on;
};

/* Fill the day range for a kind: a day, the month of `day`, the year of
 * `day`. */
void report_filter_day(struct report_filter *f, int day);
void report_filter_month(struct report_filter *f, int day);
void report_filter_year(struct report_filter *f, int day);
/* A named period: kind REPORT_MONTH (part 1..12), REPORT_QUARTER (1..4),
 * REPORT_HALF (1..2) or REPORT_YEAR (part ignored) of `year`, its bounds
 * after month_starts_on (1 or 15, period.h). */
void report_filter_period(struct report_filter *f, enum report_kind kind, int year, int part,
                          int month_starts_on);

struct report_procedure {
	char *code; /* never NULL */
	char *name; /* catalogue name; the code when the catalogue lost it */
	long visits, online_submission;
};

struct report_staff {
	int64_t id;
	char *name;
	long visits, online_submission;
};

/* A file that holds several units (dvcdesk merge): each one's totals. */
struct report_unit {
	char *code;
	char *name; /* from the unit table; the code when it has none */
	int rank;   /* 1-based, most visits first (then code) */
	long visits, voided, online_submission, vneid, account;
};

struct report_day {
	int day; /* YYYYMMDD */
	long visits;
};

enum report_target_key {
	TARGET_ONLINE_SUBMISSION,
	TARGET_VNEID,
	TARGET_ACCOUNT,
	TARGET_VISITS,
	TARGET__COUNT
};

struct report_target {
	enum report_target_key key;
	long target;   /* from [targets] ..._year; items with 0 are not listed */
	long achieved; /* 1 January of the end date's year through the end date */
	double percent;
	long remaining;       /* max(0, target - achieved) */
	long per_working_day; /* remaining spread over the working days left, rounded up;
	                       * -1 when something remains but no working day does */
};

struct report_doc; /* document.h */

struct report {
	/* What was asked and who made it */
	struct report_filter filter;
	char *counter;      /* copy of the counter filter, or NULL */
	char *staff_filter; /* name of the staff filter, or NULL */
	char *unit_code, *unit_name, *province;
	char *prepared_by; /* set by the caller (report_set_prepared_by); may be NULL */
	time_t generated_at;
	int shift_session;                 /* REPORT_SHIFT: enum session (shift.h); else -1 */
	time_t shift_opened, shift_closed; /* REPORT_SHIFT only; closed 0: still open */
	char *shift_staff;                 /* REPORT_SHIFT: who held the shift */

	/* The totals */
	long visits, voided;
	long services[SVC__COUNT];
	long groups[GRP__COUNT];
	long channels[CH__COUNT];
	long outcomes[OUT__COUNT];
	long general_guidance; /* visits without a procedure */
	long timed_visits;     /* visits with a known duration */
	long long duration_total_s;
	long by_hour[24];
	long by_weekday[7]; /* 0 = Monday .. 6 = Sunday */

	struct report_procedure *procedures; /* most visits first, then code */
	int n_procedures;
	struct report_staff *staff; /* most visits first, then name */
	int n_staff;
	struct report_unit *units; /* most visits first; units with visits or voids in the
	                            * period, and every unit of the filter */
	int n_units;
	struct report_day *days; /* by day, only days with visits */
	int n_days;

	/* A year report by month (Tháng 01 .. Tháng 12 of the reporting year,
	 * cut-off months when month_starts_on is 15) */
	long by_month[12], by_month_online[12];

	/* The document's form and signers ([report], [unit] place), or NULL */
	struct report_doc *doc;

	/* Targets: the reporting year of to_day, from its first day to
	 * target_through = the earlier of to_day and the day the report is made
	 * (a cumulative figure never names a future day) */
	int target_year;
	int target_through;
	int working_days_left; /* Monday..Friday after target_through to the year's end */
	struct report_target targets[TARGET__COUNT];
	int n_targets;

	/* Outreach and training events of the period (report_events.h) */
	struct event_totals events;
};

void report_init(struct report *r);
void report_done(struct report *r);

/* Run the report's queries.  The shift (REPORT_SHIFT) must exist
 * (ST_NOT_FOUND); a range must have from_day <= to_day (ST_USAGE).  On
 * success r holds everything above; on failure r is left empty and
 * status_detail() says what went wrong.  cfg gives the unit and the
 * targets. */
enum status report_run(struct db *db, const struct config *cfg, const struct report_filter *f,
                       struct report *r);

void report_set_prepared_by(struct report *r, const char *name);

/* Derived numbers. */
double report_online_share(const struct report *r);        /* percent, 0 when no visits */
long report_average_seconds(const struct report *r);       /* 0 when no visit was timed */
const char *report_target_key(enum report_target_key k);   /* "online_submission"... */
const char *report_target_label(enum report_target_key k); /* translated */
/* A label of visit.h (service_labels[i]...) translated for a report: the
 * context "report" first, then the plain msgid. */
const char *report_label(const char *msgid);
const char *report_kind_key(enum report_kind k); /* "shift", "day", ... */

/* Display strings (translated) shared by the text and PDF renderings and the
 * summary screen.  Each writes into buf and returns it. */
char *report_title(const struct report *r, char *buf, size_t size); /* "BÁO CÁO ..." */
char *report_subtitle(char *buf, size_t size);                      /* what the report is about */
char *report_period_text(const struct report *r, char *buf, size_t size); /* "Ngày 22/11/2026" */
char *report_number(long n, char *buf, size_t size);         /* "3.553" in Vietnamese */
char *report_percent(double p, char *buf, size_t size);      /* "26,15%" */
char *report_duration(long seconds, char *buf, size_t size); /* "6 phút 05 giây" */
char *report_date(int yyyymmdd, char *buf, size_t size);     /* "22/11/2026" */
char *report_datetime(time_t t, char *buf, size_t size);     /* "22/11/2026 16:30", local */
/* "Tân Phú, ngày 22 tháng 11 năm 2026": the commune ([unit] place; dots to
 * fill in when unset, never the province) and the day the report was made. */
char *report_place_date(const struct report *r, char *buf, size_t size);

/* The report laid out as titled tables of display strings, which the text
 * and PDF renderings (and the summary screen) draw with their own means of
 * measuring.  Tables that would be empty are left out. */
#define REPORT_MAX_COLS 6
struct report_table {
	char *title; /* translated, upper case */
	int n_cols;
	const char *head[REPORT_MAX_COLS]; /* translated; head[0] NULL: no header row */
	unsigned right;                    /* bit c: column c is right-aligned (numbers) */
	unsigned wide_only;                /* bit c: column c is left out on receipts */
	int flex;                          /* the column that takes the remaining width and wraps */
	char **cells;                      /* n_rows * n_cols strings, row-major, owned */
	char **narrow; /* NULL, or n_rows shorter texts of the flex cell for receipts (NULL: the cell) */
	int n_rows;
	bool last_is_total; /* the last row is a total: drawn in bold / after a rule */
	char *note;         /* a sentence under the table, or NULL */
};
struct report_layout {
	struct report_table *tables;
	int n_tables;
};
void report_layout(const struct report *r, struct report_layout *out);
/* The same with only the `top_procedures` most used procedures listed and
 * the rest summed in one "other procedures" row (top_procedures < 0: all).
 * For a printed page that must hold everything (report_one_page()). */
void report_layout_top(const struct report *r, int top_procedures, struct report_layout *out);
void report_layout_done(struct report_layout *l);

/* A shift's summary is the one page a volunteer signs at the end of the
 * shift: its count tables list only what happened, and the tables by
 * staff member, by hour, by day, by weekday and of the year's targets are
 * left out (the day's report has them); on A4 it is drawn compact and its procedure list cut
 * to what fits (pdf.c).  The CSV and JSON keep every key. */
bool report_one_page(const struct report *r);

/* Plain text `cols` columns wide (REPORT_COLS_*; at least 24), aligned by
 * display width, appended to out.  For the screen, stdout and e-mail; never
 * for a printer (print.h prints the PDF). */
void report_write_text(const struct report *r, int cols, struct strbuf *out);

/* CSV (RFC 4180, UTF-8, CRLF): a header `section,key,name,value` and one
 * row per number, so a spreadsheet can pivot it and a script can rebuild
 * the JSON (sections: meta, total, service, group, channel, outcome,
 * procedure, procedure_online_submission, staff, staff_online_submission,
 * unit, unit_rank, unit_voided, unit_online_submission, unit_vneid, unit_account,
 * hour, weekday, day, target, target_achieved, target_percent,
 * target_remaining, target_per_working_day).  bom: start with a UTF-8 BOM
 * for Excel. */
void report_write_csv(const struct report *r, bool bom, struct strbuf *out);

/* The JSON contract above, with a final newline. */
void report_write_json(const struct report *r, struct strbuf *out);

/* JSON helpers shared with export.c: a quoted, escaped string (NULL gives
 * null), and a fixed-point number with `decimals` digits and a '.' whatever
 * the locale (trailing zeros kept). */
void json_str(struct strbuf *sb, const char *s);
void json_fixed(struct strbuf *sb, double v, int decimals);

#endif
