/* report_layout(): the report as titled tables of rows (summary, services,
 * groups, channels, outcomes, procedures, staff, units, time, months,
 * targets, events) that the text and the PDF renderings both draw. */
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


/* ---- layout ---- */

static struct report_table *table_add(struct report_layout *l, const char *title, int n_cols)
{
	l->tables = xrealloc(l->tables, (size_t)(l->n_tables + 1) * sizeof(*l->tables));
	struct report_table *t = &l->tables[l->n_tables++];
	memset(t, 0, sizeof(*t));
	t->title = xstrdup(title);
	t->n_cols = n_cols;
	return t;
}

static void row_add(struct report_table *t, ...)
{
	t->cells = xrealloc(t->cells, (size_t)(t->n_rows + 1) * (size_t)t->n_cols * sizeof(char *));
	va_list ap;
	va_start(ap, t);
	for (int c = 0; c < t->n_cols; c++) {
		const char *s = va_arg(ap, const char *);
		t->cells[t->n_rows * t->n_cols + c] = xstrdup(s ? s : "");
	}
	va_end(ap);
	if (t->narrow) {
		t->narrow = xrealloc(t->narrow, (size_t)(t->n_rows + 1) * sizeof(char *));
		t->narrow[t->n_rows] = NULL;
	}
	t->n_rows++;
}

/* The last row's flex cell as it reads on a receipt: a short label that
 * fits on one line of 58 mm paper. */
static void row_narrow(struct report_table *t, const char *label)
{
	if (!t->narrow)
		t->narrow = xcalloc((size_t)t->n_rows, sizeof(char *));
	free(t->narrow[t->n_rows - 1]);
	t->narrow[t->n_rows - 1] = xstrdup(label);
}

/* visit.h's labels looked up in the context "report" first, so that a
 * word that means something else elsewhere ("disabled": a citizen group
 * here, a locked account on the staff list) reads right on a report. */
const char *report_label(const char *msgid)
{
	char key[160];
	snprintf(key, sizeof(key), "report\004%s", msgid);
	const char *t = i18n_pgettext(key, msgid);
	return t == msgid ? _(msgid) : t;
}

/* A label, a count and the count's share of all visits. */
static void count_row(struct report_table *t, const char *label, long n, long of)
{
	char num[32], pct[32] = "", cap[256];
	report_number(n, num, sizeof(num));
	if (of > 0)
		report_percent(100.0 * (double)n / (double)of, pct, sizeof(pct));
	text_capitalize(label, cap, sizeof(cap));
	row_add(t, cap, num, pct);
	/* on a receipt the label goes without its explanation in brackets */
	const char *paren = strstr(cap, " (");
	if (paren && paren > cap) {
		char *shortened = xstrndup(cap, (size_t)(paren - cap));
		row_narrow(t, shortened);
		free(shortened);
	}
}

static struct report_table *count_table(struct report_layout *l, const char *title)
{
	struct report_table *t = table_add(l, title, 3);
	t->head[0] = _("Item");
	t->head[1] = _("Visits");
	t->head[2] = _("Share");
	t->right = 6;
	t->wide_only = 4; /* receipts: no room for the share */
	t->flex = 0;
	return t;
}

static const char *weekday_label(int i) /* 0 = Monday */
{
	static const char *const names[7] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
	                                     N_("Thursday"), N_("Friday"),  N_("Saturday"),
	                                     N_("Sunday")};
	return _(names[i]);
}

static void layout_summary(const struct report *r, struct report_layout *l)
{
	char num[32], dur[48];
	struct report_table *t = count_table(l, _("SUMMARY"));
	row_add(t, _("Visits (citizens helped)"), report_number(r->visits, num, sizeof(num)), "");
	row_narrow(t, P_("receipt", "Total visits"));
	count_row(t, _("of which submitted online"), r->services[SVC_ONLINE_SUBMISSION], r->visits);
	row_narrow(t, P_("receipt", "- Submitted online"));
	count_row(t, _("of which general guidance (no procedure)"), r->general_guidance, r->visits);
	row_narrow(t, P_("receipt", "- General guidance"));
	row_add(t, _("Voided entries (not counted)"), report_number(r->voided, num, sizeof(num)),
	        "");
	row_narrow(t, P_("receipt", "Voided"));
	if (r->timed_visits > 0) {
		char label[128];
		report_number(r->timed_visits, num, sizeof(num));
		snprintf(label, sizeof(label), _("Average time per visit (over %s timed visits)"),
		         num);
		row_add(t, label, report_duration(report_average_seconds(r), dur, sizeof(dur)), "");
		row_narrow(t, P_("receipt", "Average time"));
	}
}

/* The shift's one volunteer is named in the period, hence no staff table;
 * the count tables go without a header row, under the first table's. */
bool report_one_page(const struct report *r)
{
	return r->filter.kind == REPORT_SHIFT;
}

static void keyed_table(const struct report *r, struct report_layout *l, const char *title,
                        const char *const labels[], const long n[], int count)
{
	struct report_table *t = NULL;
	for (int i = 0; i < count; i++) {
		if (report_one_page(r) && n[i] == 0)
			continue;
		if (!t) {
			t = count_table(l, title);
			if (report_one_page(r))
				t->head[0] = NULL;
		}
		count_row(t, report_label(labels[i]), n[i], r->visits);
	}
}

static void layout_keyed(const struct report *r, struct report_layout *l)
{
	keyed_table(r, l, _("SERVICES"), service_labels, r->services, SVC__COUNT);
	keyed_table(r, l, _("CITIZEN GROUPS"), group_labels, r->groups, GRP__COUNT);
	keyed_table(r, l, _("CHANNELS"), channel_labels, r->channels, CH__COUNT);
	keyed_table(r, l, _("OUTCOMES"), outcome_labels, r->outcomes, OUT__COUNT);
}

/* top < 0: every procedure; else the `top` most used, the rest summed in
 * one row. */
static void layout_procedures(const struct report *r, struct report_layout *l, int top)
{
	if (r->visits == 0)
		return;
	struct report_table *t = table_add(l, _("BY PROCEDURE"), 4);
	t->head[0] = _("Code");
	t->head[1] = _("Procedure");
	t->head[2] = _("Visits");
	t->head[3] = _("Online");
	t->right = 12;
	t->wide_only = 1;
	t->flex = 1;
	char a[32], b[32];
	int shown = top < 0 || top > r->n_procedures ? r->n_procedures : top;
	for (int i = 0; i < shown; i++) {
		const struct report_procedure *p = &r->procedures[i];
		row_add(t, p->code, p->name, report_number(p->visits, a, sizeof(a)),
		        report_number(p->online_submission, b, sizeof(b)));
	}
	if (shown < r->n_procedures) {
		/* procedures[] is sorted by visits: the rest are the least used */
		long visits = 0, online = 0;
		for (int i = shown; i < r->n_procedures; i++) {
			visits += r->procedures[i].visits;
			online += r->procedures[i].online_submission;
		}
		char label[128], n[32];
		snprintf(label, sizeof(label), _("Other procedures (%s procedures)"),
		         report_number(r->n_procedures - shown, n, sizeof(n)));
		row_add(t, "", label, report_number(visits, a, sizeof(a)),
		        report_number(online, b, sizeof(b)));
	}
	if (r->general_guidance > 0)
		row_add(t, "", _("General guidance (no procedure)"),
		        report_number(r->general_guidance, a, sizeof(a)), "");
	row_add(t, "", _("Total"), report_number(r->visits, a, sizeof(a)),
	        report_number(r->services[SVC_ONLINE_SUBMISSION], b, sizeof(b)));
	t->last_is_total = true;
}

static void layout_staff(const struct report *r, struct report_layout *l)
{
	if (r->n_staff == 0 || report_one_page(r))
		return;
	struct report_table *t = table_add(l, _("BY STAFF MEMBER"), 3);
	t->head[0] = _("Name");
	t->head[1] = _("Visits");
	t->head[2] = _("Online");
	t->right = 6;
	t->flex = 0;
	char a[32], b[32];
	for (int i = 0; i < r->n_staff; i++)
		row_add(t, r->staff[i].name, report_number(r->staff[i].visits, a, sizeof(a)),
		        report_number(r->staff[i].online_submission, b, sizeof(b)));
	if (r->n_staff > 1) {
		row_add(t, _("Total"), report_number(r->visits, a, sizeof(a)),
		        report_number(r->services[SVC_ONLINE_SUBMISSION], b, sizeof(b)));
		t->last_is_total = true;
	}
}

/* A file holding several units (dvcdesk merge): one row per unit. */
static void layout_units(const struct report *r, struct report_layout *l)
{
	if (r->n_units < 2)
		return;
	struct report_table *t = table_add(l, _("BY UNIT"), 6);
	t->head[0] = _("Rank");
	t->head[1] = _("Unit");
	t->head[2] = _("Visits");
	t->head[3] = _("Online");
	t->head[4] = _("VNeID");
	t->head[5] = _("Accounts");
	t->right = 0x3d;
	t->wide_only = 0x30;
	t->flex = 1;
	char k[16], a[32], b[32], c[32], d[32], name[300];
	for (int i = 0; i < r->n_units; i++) {
		const struct report_unit *u = &r->units[i];
		snprintf(k, sizeof(k), "%d", u->rank);
		if (strcmp(u->name, u->code) != 0)
			snprintf(name, sizeof(name), "%s (%s)", u->name, u->code);
		else
			snprintf(name, sizeof(name), "%s", u->code);
		row_add(t, k, name, report_number(u->visits, a, sizeof(a)),
		        report_number(u->online_submission, b, sizeof(b)),
		        report_number(u->vneid, c, sizeof(c)),
		        report_number(u->account, d, sizeof(d)));
	}
	row_add(t, "", _("Total"), report_number(r->visits, a, sizeof(a)),
	        report_number(r->services[SVC_ONLINE_SUBMISSION], b, sizeof(b)),
	        report_number(r->services[SVC_VNEID], c, sizeof(c)),
	        report_number(r->services[SVC_ACCOUNT], d, sizeof(d)));
	t->last_is_total = true;
}

static void layout_time(const struct report *r, struct report_layout *l)
{
	char a[32], b[32], c[32];
	/* a shift past midnight spans two days: its one page has no room */
	if (r->n_days > 1 && r->n_days <= 62 && !report_one_page(r) &&
	    r->filter.kind != REPORT_YEAR) {
		struct report_table *t = table_add(l, _("BY DAY"), 3);
		t->head[0] = _("Day");
		t->head[1] = _("Weekday");
		t->head[2] = _("Visits");
		t->right = 4;
		t->flex = 1;
		for (int i = 0; i < r->n_days; i++)
			row_add(t, report_date(r->days[i].day, a, sizeof(a)),
			        weekday_label((time_weekday(r->days[i].day) + 6) % 7),
			        report_number(r->days[i].visits, b, sizeof(b)));
	}
	if (r->visits > 0 && !report_one_page(r)) {
		struct report_table *t = table_add(l, _("BY HOUR OF DAY"), 3);
		t->head[0] = _("Hour");
		t->head[1] = _("Visits");
		t->head[2] = _("Share");
		t->right = 6;
		t->flex = 0;
		for (int h = 0; h < 24; h++) {
			if (r->by_hour[h] == 0)
				continue;
			snprintf(a, sizeof(a), "%02d:00–%02d:59", h, h);
			row_add(t, a, report_number(r->by_hour[h], b, sizeof(b)),
			        report_percent(100.0 * (double)r->by_hour[h] / (double)r->visits, c,
			                       sizeof(c)));
		}
	}
	if (r->n_days > 1 && !report_one_page(r)) {
		struct report_table *t = table_add(l, _("BY WEEKDAY"), 3);
		t->head[0] = _("Weekday");
		t->head[1] = _("Visits");
		t->head[2] = _("Share");
		t->right = 6;
		t->flex = 0;
		for (int w = 0; w < 7; w++)
			row_add(t, weekday_label(w), report_number(r->by_weekday[w], b, sizeof(b)),
			        report_percent(r->visits ? 100.0 * (double)r->by_weekday[w] /
			                                       (double)r->visits
			                                 : 0.0,
			                       c, sizeof(c)));
	}
}

/* A year is read month by month: Tháng 01 .. Tháng 12 and the total (its
 * days are in the CSV and JSON). */
static void layout_months(const struct report *r, struct report_layout *l)
{
	if (r->filter.kind != REPORT_YEAR)
		return;
	struct report_table *t = table_add(l, _("BY MONTH"), 4);
	t->head[0] = _("Month");
	t->head[1] = _("Visits");
	t->head[2] = _("Online");
	t->head[3] = _("Share");
	t->right = 14;
	t->wide_only = 8;
	t->flex = 0;
	char label[64], a[32], b[32], c[32];
	long online = 0;
	for (int m = 0; m < 12; m++) {
		snprintf(label, sizeof(label), _("Month %02d"), m + 1);
		row_add(t, label, report_number(r->by_month[m], a, sizeof(a)),
		        report_number(r->by_month_online[m], b, sizeof(b)),
		        report_percent(r->visits ? 100.0 * (double)r->by_month[m] / (double)r->visits
		                                 : 0.0,
		                       c, sizeof(c)));
		online += r->by_month_online[m];
	}
	long visits = 0;
	for (int m = 0; m < 12; m++)
		visits += r->by_month[m];
	row_add(t, P_("months", "Total"), report_number(visits, a, sizeof(a)),
	        report_number(online, b, sizeof(b)),
	        report_percent(r->visits ? 100.0 * (double)visits / (double)r->visits : 0.0, c,
	                       sizeof(c)));
	t->last_is_total = true;
}

static void layout_targets(const struct report *r, struct report_layout *l)
{
	if (r->n_targets == 0 || report_one_page(r))
		return;
	char title[128], d[16];
	snprintf(title, sizeof(title), _("TARGETS FOR %d (TO %s)"), r->target_year,
	         report_date(r->target_through, d, sizeof(d)));
	struct report_table *t = table_add(l, title, 6);
	t->head[0] = _("Target");
	t->head[1] = _("Year target");
	t->head[2] = _("Done");
	t->head[3] = _("Reached");
	t->head[4] = _("Remaining");
	t->head[5] = _("Per working day");
	t->right = 0x3e;
	t->wide_only = 0x12;
	t->flex = 0;
	for (int i = 0; i < r->n_targets; i++) {
		const struct report_target *g = &r->targets[i];
		char a[32], b[32], c[32], e[32], f[32];
		if (g->per_working_day < 0)
			snprintf(f, sizeof(f), "—");
		else
			report_number(g->per_working_day, f, sizeof(f));
		char cap[128];
		text_capitalize(report_target_label(g->key), cap, sizeof(cap));
		row_add(t, cap, report_number(g->target, a, sizeof(a)),
		        report_number(g->achieved, b, sizeof(b)),
		        report_percent(g->percent, c, sizeof(c)),
		        report_number(g->remaining, e, sizeof(e)), f);
	}
	char note[160];
	snprintf(note, sizeof(note), _("Working days left in %d after %s (Monday to Friday): %d."),
	         r->target_year, report_date(r->target_through, d, sizeof(d)), r->working_days_left);
	t->note = xstrdup(note);
}

void report_layout(const struct report *r, struct report_layout *out)
{
	report_layout_top(r, -1, out);
}

void report_layout_top(const struct report *r, int top_procedures, struct report_layout *out)
{
	memset(out, 0, sizeof(*out));
	layout_summary(r, out);
	layout_keyed(r, out);
	layout_procedures(r, out, top_procedures);
	layout_units(r, out);
	layout_staff(r, out);
	report_events_layout(r, out);
	layout_months(r, out);
	layout_time(r, out);
	layout_targets(r, out);
}

void report_layout_done(struct report_layout *l)
{
	for (int i = 0; i < l->n_tables; i++) {
		struct report_table *t = &l->tables[i];
		for (int c = 0; c < t->n_rows * t->n_cols; c++)
			free(t->cells[c]);
		free(t->cells);
		for (int c = 0; t->narrow && c < t->n_rows; c++)
			free(t->narrow[c]);
		free(t->narrow);
		free(t->title);
		free(t->note);
	}
	free(l->tables);
	memset(l, 0, sizeof(*l));
}
