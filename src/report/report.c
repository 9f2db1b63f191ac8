/* Reports: the report object (init, done, filters) and the derived numbers
 * and display strings every rendering uses.  The one pass over the visits
 * is report_query.c (report_run); the tables the text and PDF draw are
 * report_layout.c. */
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/document.h"
#include "util/i18n.h"
#include "util/period.h"
#include "store/shift.h"
#include "store/staff.h"
#include "report/report_events.h"
#include "util/text.h"

static const char *const target_keys[TARGET__COUNT] = {"online_submission", "vneid", "account",
                                                       "visits"};
static const char *const target_labels[TARGET__COUNT] = {
    N_("dossiers submitted online"), N_("VNeID activations"), N_("portal accounts"), N_("visits")};

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->shift_session = -1;
}

void report_done(struct report *r)
{
	free(r->counter);
	free(r->staff_filter);
	free(r->unit_code);
	free(r->unit_name);
	free(r->province);
	free(r->prepared_by);
	free(r->shift_staff);
	for (int i = 0; i < r->n_procedures; i++) {
		free(r->procedures[i].code);
		free(r->procedures[i].name);
	}
	free(r->procedures);
	for (int i = 0; i < r->n_staff; i++)
		free(r->staff[i].name);
	free(r->staff);
	for (int i = 0; i < r->n_units; i++) {
		free(r->units[i].code);
		free(r->units[i].name);
	}
	free(r->units);
	free(r->days);
	document_free(r->doc);
	report_init(r);
}

void report_set_prepared_by(struct report *r, const char *name)
{
	free(r->prepared_by);
	r->prepared_by = str_empty(name) ? NULL : xstrdup(name);
}

void report_filter_day(struct report_filter *f, int day)
{
	f->kind = REPORT_DAY;
	f->from_day = f->to_day = day;
}

void report_filter_period(struct report_filter *f, enum report_kind kind, int year, int part,
                          int month_starts_on)
{
	f->kind = kind;
	f->year = year;
	f->part = kind == REPORT_YEAR ? 0 : part;
	f->month_starts_on = month_starts_on == 15 ? 15 : 1;
	switch (kind) {
	case REPORT_MONTH:
		period_month(year, part, f->month_starts_on, &f->from_day, &f->to_day);
		break;
	case REPORT_QUARTER:
		period_quarter(year, part, f->month_starts_on, &f->from_day, &f->to_day);
		break;
	case REPORT_HALF:
		period_half(year, part, f->month_starts_on, &f->from_day, &f->to_day);
		break;
	default:
		f->kind = REPORT_YEAR;
		period_year(year, f->month_starts_on, &f->from_day, &f->to_day);
		break;
	}
}

/* Calendar ones (the counter's screens and the tests). */
void report_filter_month(struct report_filter *f, int day)
{
	report_filter_period(f, REPORT_MONTH, day / 10000, day / 100 % 100, 1);
}

void report_filter_year(struct report_filter *f, int day)
{
	report_filter_period(f, REPORT_YEAR, day / 10000, 0, 1);
}

/* ---- derived numbers and display strings ---- */

double report_online_share(const struct report *r)
{
	return r->visits ? 100.0 * (double)r->services[SVC_ONLINE_SUBMISSION] / (double)r->visits
	                 : 0.0;
}

long report_average_seconds(const struct report *r)
{
	return r->timed_visits
	           ? (long)((r->duration_total_s + r->timed_visits / 2) / r->timed_visits)
	           : 0;
}

const char *report_target_key(enum report_target_key k)
{
	return target_keys[k];
}

const char *report_target_label(enum report_target_key k)
{
	return _(target_labels[k]);
}

const char *report_kind_key(enum report_kind k)
{
	static const char *const keys[] = {"shift", "day",     "month", "year",
	                                   "range", "quarter", "half"};
	return keys[k];
}

char *report_date(int d, char *buf, size_t size)
{
	return time_show_day(d, buf, size);
}

char *report_number(long n, char *buf, size_t size)
{
	/* TRANSLATORS: the thousands separator in numbers on reports (Vietnamese: "."). */
	const char *sep = P_("thousands separator", ",");
	char digits[32];
	snprintf(digits, sizeof(digits), "%ld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0 && o + 1 < size)
		buf[o++] = '-';
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			for (const char *s = sep; *s && o + 1 < size; s++)
				buf[o++] = *s;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* Fixed point without printf's %f, whose decimal point follows LC_NUMERIC. */
static void fixed_parts(double v, int decimals, long long *whole, long long *frac, bool *neg)
{
	long long scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	*neg = v < 0;
	long long n = llround(fabs(v) * (double)scale);
	*whole = n / scale;
	*frac = n % scale;
}

char *report_percent(double p, char *buf, size_t size)
{
	/* TRANSLATORS: the decimal separator on reports (Vietnamese: ","). */
	const char *sep = P_("decimal separator", ".");
	long long whole, frac;
	bool neg;
	fixed_parts(p, 2, &whole, &frac, &neg);
	char w[32];
	report_number((long)whole, w, sizeof(w));
	snprintf(buf, size, "%s%s%s%02lld%%", neg ? "-" : "", w, sep, frac);
	return buf;
}

char *report_duration(long s, char *buf, size_t size)
{
	if (s >= 3600)
		snprintf(buf, size, _("%ld h %02ld min"), s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, _("%ld min %02ld s"), s / 60, s % 60);
	return buf;
}

char *report_title(const struct report *r, char *buf, size_t size)
{
	static const char *const titles[] = {
	    N_("END-OF-SHIFT SUMMARY"), N_("DAILY REPORT"),     N_("MONTHLY REPORT"),
	    N_("YEARLY REPORT"),        N_("REPORT"),           N_("QUARTERLY REPORT"),
	    N_("HALF-YEARLY REPORT")};
	snprintf(buf, size, "%s", _(titles[r->filter.kind]));
	return buf;
}

char *report_subtitle(char *buf, size_t size)
{
	snprintf(buf, size, "%s", _("Help given to citizens with administrative procedures"));
	return buf;
}

char *report_datetime(time_t t, char *buf, size_t size)
{
	char day[16];
	int m = time_local_minute(t);
	snprintf(buf, size, "%s %02d:%02d", time_show_day(time_local_day(t), day, sizeof day),
	         m / 60, m % 60);
	return buf;
}

char *report_place_date(const struct report *r, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&r->generated_at, &tm);
	/* the commune's name ([unit] place), else dots to write it by hand */
	const char *place = r->doc && !str_empty(r->doc->place) ? r->doc->place : "…………";
	snprintf(buf, size, _("%s, day %02d month %02d year %04d"), place, tm.tm_mday, tm.tm_mon + 1,
	         tm.tm_year + 1900);
	return buf;
}

char *report_period_text(const struct report *r, char *buf, size_t size)
{
	const struct report_filter *f = &r->filter;
	char a[16], b[16];
	switch (f->kind) {
	case REPORT_SHIFT:
		snprintf(buf, size, _("%s shift of %s, %s"),
		         r->shift_session >= 0 ? session_label((enum session)r->shift_session) : "",
		         report_date(f->from_day, a, sizeof(a)),
		         r->shift_staff ? r->shift_staff : "?");
		break;
	case REPORT_DAY:
		snprintf(buf, size, _("Day %s"), report_date(f->from_day, a, sizeof(a)));
		break;
	case REPORT_MONTH:
		snprintf(buf, size, _("Month %02d/%04d"), f->part, f->year);
		break;
	case REPORT_YEAR:
		snprintf(buf, size, _("Year %04d"), f->year);
		break;
	case REPORT_QUARTER: {
		static const char *const q[] = {"I", "II", "III", "IV"};
		snprintf(buf, size, _("Quarter %s of %04d"), q[(f->part + 3) % 4], f->year);
		break;
	}
	case REPORT_HALF:
		snprintf(buf, size, f->part == 1 ? _("First half of %04d") : _("Second half of %04d"),
		         f->year);
		break;
	case REPORT_RANGE:
		snprintf(buf, size, _("From %s to %s"), report_date(f->from_day, a, sizeof(a)),
		         report_date(f->to_day, b, sizeof(b)));
		break;
	}
	/* a quarter, half or cut-off month says its days */
	if (f->kind == REPORT_QUARTER || f->kind == REPORT_HALF ||
	    (f->month_starts_on == 15 && (f->kind == REPORT_MONTH || f->kind == REPORT_YEAR))) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, _(" (from %s to %s)"), report_date(f->from_day, a, sizeof(a)),
		         report_date(f->to_day, b, sizeof(b)));
	}
	return buf;
}

