/* Reminders of the calendar (due.h). */
#include "report/due.h"

#include <stdio.h>
#include <string.h>

#include "store/report_log.h"
#include "util/i18n.h"
#include "util/period.h"

/* The instant of `minute` minutes into the local day YYYYMMDD. */
static time_t at(int day, int minute)
{
	return time_day_start(day) + (time_t)minute * 60;
}

static bool visits_on(struct db *db, int day)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT 1 FROM visit WHERE local_day = ?1 AND voided_at IS NULL LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_int(st, 1, day);
	bool any = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return any;
}

static void state_of(struct db *db, struct report_due *d, time_t now)
{
	time_t made = 0;
	if (report_log_made(db, report_kind_key(d->kind), d->from_day, d->to_day, now, &made) ==
	    ST_OK) {
		d->state = DUE_MADE;
		d->made_at = made;
	} else {
		d->state = now >= d->deadline ? DUE_OVERDUE : DUE_OPEN;
	}
}

int report_due_list(struct db *db, const struct config *cfg, time_t now, struct report_due *out)
{
	int today = time_local_day(now), y = today / 10000, m = today / 100 % 100;
	int starts = cfg->report.month_starts_on == 15 ? 15 : 1, n = 0;
	int w = time_weekday(today);
	if ((w >= 1 && w <= 5) || visits_on(db, today)) {
		struct report_due *d = &out[n++];
		memset(d, 0, sizeof(*d));
		d->kind = REPORT_DAY;
		d->year = y;
		d->from_day = d->to_day = today;
		d->deadline = at(today, cfg->report.day_due);
		state_of(db, d, now);
	}
	int month_deadline = y * 10000 + m * 100 + cfg->report.month_due;
	if (today >= time_day_add(month_deadline, -7)) {
		struct report_due *d = &out[n++];
		memset(d, 0, sizeof(*d));
		d->kind = REPORT_MONTH;
		d->year = y;
		d->part = m;
		period_month(y, m, starts, &d->from_day, &d->to_day);
		d->deadline = at(month_deadline, 0);
		state_of(db, d, now);
	}
	int year_deadline = y * 10000 + cfg->report.year_due;
	if (today >= time_day_add(year_deadline, -30)) {
		struct report_due *d = &out[n++];
		memset(d, 0, sizeof(*d));
		d->kind = REPORT_YEAR;
		d->year = y;
		period_year(y, starts, &d->from_day, &d->to_day);
		d->deadline = at(year_deadline, 0);
		state_of(db, d, now);
	}
	return n;
}

static void name_of(const struct report_due *d, char *buf, size_t size)
{
	char a[16], b[16];
	if (d->kind == REPORT_DAY)
		snprintf(buf, size, _("the day's report of %s"),
		         report_date(d->from_day, a, sizeof(a)));
	else if (d->kind == REPORT_MONTH)
		snprintf(buf, size, _("the month's report %02d/%04d (%s to %s)"), d->part, d->year,
		         report_date(d->from_day, a, sizeof(a)),
		         report_date(d->to_day, b, sizeof(b)));
	else
		snprintf(buf, size, _("the year's report %04d (%s to %s)"), d->year,
		         report_date(d->from_day, a, sizeof(a)),
		         report_date(d->to_day, b, sizeof(b)));
}

/* "17:00" for the day's deadline, "25/11/2026" for the others (the day
 * before which it is due). */
static void deadline_of(const struct report_due *d, char *buf, size_t size)
{
	if (d->kind == REPORT_DAY) {
		int minute = time_local_minute(d->deadline);
		snprintf(buf, size, "%02d:%02d", minute / 60, minute % 60);
	} else {
		report_date(time_local_day(d->deadline), buf, size);
	}
}

void report_due_text(const struct report_due *d, char *buf, size_t size)
{
	char name[160], when[32], made[32];
	name_of(d, name, sizeof(name));
	deadline_of(d, when, sizeof(when));
	char state[80];
	if (d->state == DUE_MADE)
		snprintf(state, sizeof(state), _("made at %s"),
		         report_datetime(d->made_at, made, sizeof(made)));
	else
		snprintf(state, sizeof(state), "%s",
		         d->state == DUE_OVERDUE ? _("not made, overdue") : _("not made yet"));
	if (d->kind == REPORT_DAY)
		snprintf(buf, size, _("%s: due before %s, %s"), name, when, state);
	else
		snprintf(buf, size, _("%s: due before the day %s, %s"), name, when, state);
}

void report_due_option(const struct report_due *d, char *buf, size_t size)
{
	char a[16];
	if (d->kind == REPORT_DAY)
		snprintf(buf, size, "--day %s", time_format_day(d->from_day, a, sizeof(a)));
	else if (d->kind == REPORT_MONTH)
		snprintf(buf, size, "--month %04d-%02d", d->year % 10000, d->part % 100);
	else
		snprintf(buf, size, "--year %04d", d->year % 10000);
}

bool report_due_status(struct db *db, const struct config *cfg, time_t now, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!db)
		return false;
	struct report_due due[3];
	int n = report_due_list(db, cfg, now, due);
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		const struct report_due *d = &due[i];
		if (d->state == DUE_MADE)
			continue;
		char when[32], what[96];
		deadline_of(d, when, sizeof(when));
		if (d->kind == REPORT_DAY)
			snprintf(what, sizeof(what), _("day"));
		else if (d->kind == REPORT_MONTH)
			snprintf(what, sizeof(what), _("month %02d/%04d"), d->part, d->year);
		else
			snprintf(what, sizeof(what), _("year %04d"), d->year);
		/* the short date: "25/11" */
		if (d->kind != REPORT_DAY && strlen(when) > 5)
			when[5] = '\0';
		len +=
		    (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s (%s %s)",
		                     len ? ", " : _("Reports not made yet: "), what,
		                     d->state == DUE_OVERDUE ? _("overdue since") : _("due"), when);
		if (len >= size)
			break;
	}
	return buf[0] != '\0';
}

enum status report_record_made(struct db *db, const struct report *r, const char *format,
                               bool printed)
{
	status_clear();
	return report_log_add(db, report_kind_key(r->filter.kind), r->filter.from_day,
	                      r->filter.to_day, format, printed ? "printer" : "file", util_now(),
	                      r->prepared_by);
}
