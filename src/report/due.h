/* Reminders of the calendar: the reports the youth-union plans ask for and
 * when (the day's before 17:00, the month's before the 25th, the year's
 * before 30/11; [report] day_due, month_due, year_due), and whether each
 * has been made (a report of that period written to a file or printed:
 * store/report_log.h).  For the counter's status bar, `dvcdesk check` and
 * `dvcdesk report --due`.
 *
 * What is listed on a day D:
 *   - the day's report of D, on Monday to Friday (any day with visits);
 *   - the month's report of the reporting month named by D's month (with
 *     month_starts_on = 15: the month 2026-11 is 15/10..14/11), from 7 days
 *     before its deadline to the end of D's calendar month;
 *   - the year's report of D's year, from 30 days before its deadline to
 *     31 December. */
#ifndef DVCDESK_DUE_H
#define DVCDESK_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config/config.h"
#include "report/report.h"
#include "store/db.h"

enum due_state { DUE_OPEN, DUE_OVERDUE, DUE_MADE };

struct report_due {
	enum report_kind kind; /* REPORT_DAY, REPORT_MONTH, REPORT_YEAR */
	int year, part;        /* the named period (part: the month) */
	int from_day, to_day;  /* its bounds */
	time_t deadline;       /* due before this instant */
	enum due_state state;
	time_t made_at; /* DUE_MADE */
};

/* The reports listed at `now`, at most 3, day first; returns how many. */
int report_due_list(struct db *db, const struct config *cfg, time_t now, struct report_due *out);

/* One line for a person: "Báo cáo tháng 11/2026 (từ 15/10/2026 đến
 * 14/11/2026): hạn trước ngày 25/11/2026, chưa làm". */
void report_due_text(const struct report_due *d, char *buf, size_t size);

/* The `dvcdesk report` options that make it: "--month 2026-11". */
void report_due_option(const struct report_due *d, char *buf, size_t size);

/* The counter's status bar: the reports not made yet, short ("Chưa làm
 * báo cáo: ngày (hạn 17:00), năm 2026 (quá hạn 30/11)"); false, and buf
 * empty, when there is none. */
bool report_due_status(struct db *db, const struct config *cfg, time_t now, char *buf, size_t size);

/* Record r as made (written to a file: printed false; or sent to the
 * printer) in the format "text", "csv", "json", "pdf" or "xlsx". */
enum status report_record_made(struct db *db, const struct report *r, const char *format,
                               bool printed);

#endif
