/* The record of reports made (table report_log): a report of a period
 * written to a file or printed.  The reminders (report/due.h) ask whether
 * the report of a period has been made. */
#ifndef DVCDESK_REPORT_LOG_H
#define DVCDESK_REPORT_LOG_H

#include <time.h>

#include "store/db.h"
#include "util/status.h"

/* Record one report: kind "day", "month"..., its bounds (YYYYMMDD), the
 * format, "file" or "printer", when, and who prepared it (may be NULL). */
enum status report_log_add(struct db *db, const char *kind, int from_day, int to_day,
                           const char *format, const char *destination, time_t made_at,
                           const char *made_by);

/* Whether a report of exactly these bounds was made at or before `now`:
 * ST_OK with the latest such time in *made_at, ST_NOT_FOUND when none was
 * (also on a database opened read-only before the table existed). */
enum status report_log_made(struct db *db, const char *kind, int from_day, int to_day, time_t now,
                            time_t *made_at);

#endif
