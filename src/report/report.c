/* Reports: the queries and the layout the renderings share. */
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

/* ---- queries ---- */

/* The WHERE clause every query shares, over the `visit v` alias; bound by
 * bind_filter().  A shift report uses the shift index, the others the
 * local_day index. */
static void add_where(struct strbuf *sql, const struct report_filter *f)
{
	if (f->kind == REPORT_SHIFT)
		sb_add(sql, " WHERE v.shift_id = :shift");
	else
		sb_add(sql, " WHERE v.local_day BETWEEN :from AND :to");
	if (f->staff_id > 0)
		sb_add(sql, " AND v.staff_id = :staff");
	if (!str_empty(f->counter))
		sb_add(sql, " AND v.counter = :counter");
	for (int i = 0; i < f->n_units; i++)
		sb_addf(sql, "%s:unit%d", i ? ", " : " AND v.unit_code IN (", i);
	if (f->n_units > 0)
		sb_addc(sql, ')');
}

static void bind_filter(sqlite3_stmt *st, const struct report_filter *f)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(st, ":shift")) > 0)
		sqlite3_bind_int64(st, i, f->shift_id);
	if ((i = sqlite3_bind_parameter_index(st, ":from")) > 0)
		sqlite3_bind_int(st, i, f->from_day);
	if ((i = sqlite3_bind_parameter_index(st, ":to")) > 0)
		sqlite3_bind_int(st, i, f->to_day);
	if ((i = sqlite3_bind_parameter_index(st, ":staff")) > 0)
		sqlite3_bind_int64(st, i, f->staff_id);
	if ((i = sqlite3_bind_parameter_index(st, ":counter")) > 0)
		sqlite3_bind_text(st, i, f->counter, -1, SQLITE_STATIC);
	for (int u = 0; u < f->n_units; u++) {
		char name[24];
		snprintf(name, sizeof(name), ":unit%d", u);
		if ((i = sqlite3_bind_parameter_index(st, name)) > 0)
			sqlite3_bind_text(st, i, f->units[u], -1, SQLITE_STATIC);
	}
}

/* The SQL text varies with the filter, so these statements are prepared per
 * report rather than cached (a report runs a handful of them). */
static enum status prepare(struct db *db, struct strbuf *sql, const struct report_filter *f,
                           sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(db->h, sql->buf, (int)sql->len + 1, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return db_status(db, rc);
	}
	bind_filter(*out, f);
	return ST_OK;
}

/* Column order of the scan. */
enum {
	C_DAY,
	C_HOUR,
	C_VOIDED,
	C_SERVICES,
	C_GROUPS = C_SERVICES + SVC__COUNT,
	C_CHANNEL = C_GROUPS + GRP__COUNT,
	C_OUTCOME,
	C_PROCEDURE,
	C_DURATION,
	C_STAFF,
	C_UNIT
};

/* Per-procedure and per-staff counts while scanning: open addressing. */
struct tally {
	char *code; /* procedures; NULL: empty slot */
	int64_t id; /* staff */
	bool used;  /* staff */
	long n, online;
};

struct tallies {
	struct tally *slots;
	size_t cap, n;
};

static size_t hash_code(const unsigned char *s, size_t len)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

static size_t hash_id(int64_t id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(x ^ (x >> 29));
}

static void tallies_grow(struct tallies *t, bool by_code)
{
	struct tallies old = *t;
	t->cap = old.cap ? old.cap * 2 : 64;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	t->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		struct tally *o = &old.slots[i];
		if (by_code ? !o->code : !o->used)
			continue;
		size_t j = (by_code ? hash_code((const unsigned char *)o->code, strlen(o->code))
		                    : hash_id(o->id)) &
		           (t->cap - 1);
		while (by_code ? t->slots[j].code != NULL : t->slots[j].used)
			j = (j + 1) & (t->cap - 1);
		t->slots[j] = *o;
		t->n++;
	}
	free(old.slots);
}

static struct tally *tally_code(struct tallies *t, const unsigned char *code, size_t len)
{
	if ((t->n + 1) * 2 > t->cap)
		tallies_grow(t, true);
	size_t j = hash_code(code, len) & (t->cap - 1);
	for (; t->slots[j].code; j = (j + 1) & (t->cap - 1))
		if (strncmp(t->slots[j].code, (const char *)code, len) == 0 &&
		    t->slots[j].code[len] == '\0')
			return &t->slots[j];
	char *copy = xmalloc(len + 1);
	memcpy(copy, code, len);
	copy[len] = '\0';
	t->slots[j].code = copy;
	t->n++;
	return &t->slots[j];
}

static struct tally *tally_id(struct tallies *t, int64_t id)
{
	if ((t->n + 1) * 2 > t->cap)
		tallies_grow(t, false);
	size_t j = hash_id(id) & (t->cap - 1);
	for (; t->slots[j].used; j = (j + 1) & (t->cap - 1))
		if (t->slots[j].id == id)
			return &t->slots[j];
	t->slots[j].used = true;
	t->slots[j].id = id;
	t->n++;
	return &t->slots[j];
}

static void tallies_done(struct tallies *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].code);
	free(t->slots);
}

static void count_day(struct report *r, int *cap, int day)
{
	int n = r->n_days;
	if (n > 0 && r->days[n - 1].day == day) {
		r->days[n - 1].visits++;
		return;
	}
	/* The rows come in day order (the local_day index); a shift's or a
	 * backdated visit may not: keep the days sorted. */
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (r->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && r->days[lo].day == day) {
		r->days[lo].visits++;
		return;
	}
	if (n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		r->days = xrealloc(r->days, (size_t)*cap * sizeof(*r->days));
	}
	memmove(&r->days[lo + 1], &r->days[lo], (size_t)(n - lo) * sizeof(*r->days));
	r->days[lo] = (struct report_day){day, 1};
	r->n_days++;
}

/* Per-unit counts while scanning (a file of several units: dvcdesk merge).
 * The rows of one unit come in runs (by day, a counter's visits), so the
 * last row's unit is checked first, then the hash of the codes. */
struct unit_scan {
	struct tallies codes; /* tally.id: the index in r->units */
	int cap, last, last_len;
};

static int unit_add(struct report *r, struct unit_scan *us, const char *code)
{
	if (r->n_units == us->cap) {
		us->cap = us->cap ? us->cap * 2 : 4;
		r->units = xrealloc(r->units, (size_t)us->cap * sizeof(*r->units));
	}
	r->units[r->n_units] = (struct report_unit){.code = xstrdup(code)};
	return r->n_units++;
}

static struct report_unit *unit_of(struct report *r, struct unit_scan *us, sqlite3_stmt *st)
{
	const unsigned char *code = sqlite3_column_text(st, C_UNIT);
	int len = sqlite3_column_bytes(st, C_UNIT);
	code = code ? code : (const unsigned char *)"";
	if (us->last >= 0 && len == us->last_len &&
	    memcmp(r->units[us->last].code, code, (size_t)len) == 0)
		return &r->units[us->last];
	struct tally *t = tally_code(&us->codes, code, (size_t)len);
	if (!t->used) {
		t->used = true;
		t->id = unit_add(r, us, t->code);
	}
	us->last = (int)t->id;
	us->last_len = len;
	return &r->units[us->last];
}

/* One pass over the visits of the filter, every total counted here: it used
 * to be three aggregate queries (totals grouped by day, hour and voided,
 * per procedure, per staff member), each reading every row again and the
 * first one sorting them, six times the work of reading them once (a
 * year's report: 2 s of a 3 s report). */
static enum status scan(struct db *db, const struct report_filter *f, struct report *r,
                        struct tallies *procs, struct tallies *staff)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_add(&sql, "SELECT v.local_day, v.local_hour, v.voided_at IS NOT NULL");
	for (int i = 0; i < SVC__COUNT; i++)
		sb_addf(&sql, ", v.%s", service_keys[i]);
	for (int i = 0; i < GRP__COUNT; i++)
		sb_addf(&sql, ", v.%s", group_keys[i]);
	sb_add(&sql,
	       ", v.channel, v.outcome, v.procedure_code, v.duration_s, v.staff_id, v.unit_code"
	       " FROM visit v");
	add_where(&sql, f);
	sqlite3_stmt *st;
	enum status rs = prepare(db, &sql, f, &st);
	sb_done(&sql);
	if (rs != ST_OK)
		return rs;
	int cap = 0, rc, weekday_of = 0, weekday = 0, month_of = 0, month = -1;
	bool by_month = f->kind == REPORT_YEAR;
	struct unit_scan us = {.last = -1};
	for (int i = 0; i < f->n_units; i++) { /* every unit asked for is listed */
		struct tally *t =
		    tally_code(&us.codes, (const unsigned char *)f->units[i], strlen(f->units[i]));
		if (!t->used) {
			t->used = true;
			t->id = unit_add(r, &us, t->code);
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_unit *u = unit_of(r, &us, st);
		if (sqlite3_column_int(st, C_VOIDED)) {
			r->voided++;
			u->voided++;
			continue;
		}
		int day = sqlite3_column_int(st, C_DAY), hour = sqlite3_column_int(st, C_HOUR);
		r->visits++;
		bool sv[SVC__COUNT];
		for (int i = 0; i < SVC__COUNT; i++)
			r->services[i] += sv[i] = sqlite3_column_int(st, C_SERVICES + i) != 0;
		u->visits++;
		u->online_submission += sv[SVC_ONLINE_SUBMISSION];
		u->vneid += sv[SVC_VNEID];
		u->account += sv[SVC_ACCOUNT];
		for (int i = 0; i < GRP__COUNT; i++)
			r->groups[i] += sqlite3_column_int(st, C_GROUPS + i) != 0;
		int ch = db_col_key(st, C_CHANNEL, channel_keys, CH__COUNT);
		if (ch >= 0)
			r->channels[ch]++;
		int out = db_col_key(st, C_OUTCOME, outcome_keys, OUT__COUNT);
		if (out >= 0)
			r->outcomes[out]++;
		long duration = (long)sqlite3_column_int64(st, C_DURATION);
		r->timed_visits += duration > 0;
		r->duration_total_s += duration > 0 ? duration : 0;
		if (hour >= 0 && hour < 24)
			r->by_hour[hour]++;
		if (day != weekday_of) { /* mktime() per row was a sixth of a month's report */
			weekday = (time_weekday(day) + 6) % 7;
			weekday_of = day;
		}
		r->by_weekday[weekday]++;
		count_day(r, &cap, day);
		bool online = sqlite3_column_int(st, C_SERVICES + SVC_ONLINE_SUBMISSION) != 0;
		if (by_month) {
			if (day != month_of) {
				int y, m;
				period_month_of(day, f->month_starts_on, &y, &m);
				month = y == f->year ? m - 1 : -1;
				month_of = day;
			}
			if (month >= 0) {
				r->by_month[month]++;
				r->by_month_online[month] += online;
			}
		}
		const unsigned char *code = sqlite3_column_text(st, C_PROCEDURE);
		if (code) {
			struct tally *t =
			    tally_code(procs, code, (size_t)sqlite3_column_bytes(st, C_PROCEDURE));
			t->n++;
			t->online += online;
		} else {
			r->general_guidance++;
		}
		struct tally *t = tally_id(staff, sqlite3_column_int64(st, C_STAFF));
		t->n++;
		t->online += online;
	}
	sqlite3_finalize(st);
	tallies_done(&us.codes);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

static int cmp_procedure(const void *a, const void *b)
{
	const struct report_procedure *x = a, *y = b;
	if (x->visits != y->visits)
		return x->visits > y->visits ? -1 : 1;
	return strcmp(x->code, y->code);
}

static int cmp_staff(const void *a, const void *b)
{
	const struct report_staff *x = a, *y = b;
	if (x->visits != y->visits)
		return x->visits > y->visits ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The procedures' names from the catalogue (the code when it lost one),
 * most visits first, then by code: what ORDER BY a.n DESC, a.code gave. */
static enum status name_procedures(struct db *db, struct tallies *procs, struct report *r)
{
	static const char sql[] = "SELECT name FROM procedure WHERE code = ?";
	r->procedures = xcalloc(procs->n + 1, sizeof(*r->procedures));
	for (size_t i = 0; i < procs->cap; i++) {
		struct tally *t = &procs->slots[i];
		if (!t->code)
			continue;
		sqlite3_stmt *st = db_prepare(db, sql);
		if (!st)
			return ST_DB_ERROR;
		sqlite3_bind_text(st, 1, t->code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		struct report_procedure *p = &r->procedures[r->n_procedures++];
		p->code = t->code;
		t->code = NULL; /* now the report's */
		p->name = rc == SQLITE_ROW ? db_col_dup(st, 0) : xstrdup(p->code);
		p->visits = t->n;
		p->online_submission = t->online;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status(db, rc);
	}
	qsort(r->procedures, (size_t)r->n_procedures, sizeof(*r->procedures), cmp_procedure);
	return ST_OK;
}

/* Staff names ("#id" for a member no longer stored), most visits first,
 * then by name: what ORDER BY a.n DESC, 2 gave. */
static enum status name_staff(struct db *db, struct tallies *staff, struct report *r)
{
	static const char sql[] = "SELECT name FROM staff WHERE id = ?";
	r->staff = xcalloc(staff->n + 1, sizeof(*r->staff));
	for (size_t i = 0; i < staff->cap; i++) {
		struct tally *t = &staff->slots[i];
		if (!t->used)
			continue;
		sqlite3_stmt *st = db_prepare(db, sql);
		if (!st)
			return ST_DB_ERROR;
		sqlite3_bind_int64(st, 1, t->id);
		int rc = sqlite3_step(st);
		struct report_staff *s = &r->staff[r->n_staff++];
		s->id = t->id;
		s->name = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
		              ? db_col_dup(st, 0)
		              : xasprintf("#%lld", (long long)t->id);
		s->visits = t->n;
		s->online_submission = t->online;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status(db, rc);
	}
	qsort(r->staff, (size_t)r->n_staff, sizeof(*r->staff), cmp_staff);
	return ST_OK;
}

static int cmp_unit(const void *a, const void *b)
{
	const struct report_unit *x = a, *y = b;
	if (x->visits != y->visits)
		return x->visits > y->visits ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* The units' names from the unit table (the code when it has none), most
 * visits first, ranked. */
static enum status name_units(struct db *db, struct report *r)
{
	static const char sql[] = "SELECT name FROM unit WHERE code = ?";
	for (int i = 0; i < r->n_units; i++) {
		sqlite3_stmt *st = db_prepare(db, sql);
		if (!st)
			return ST_DB_ERROR;
		sqlite3_bind_text(st, 1, r->units[i].code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		const unsigned char *name = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		r->units[i].name = xstrdup(name && *name ? (const char *)name : r->units[i].code);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status(db, rc);
	}
	qsort(r->units, (size_t)r->n_units, sizeof(*r->units), cmp_unit);
	for (int i = 0; i < r->n_units; i++)
		r->units[i].rank = i + 1;
	return ST_OK;
}

static enum status run_counts(struct db *db, const struct report_filter *f, struct report *r)
{
	struct tallies procs = {0}, staff = {0};
	enum status st = scan(db, f, r, &procs, &staff);
	if (st == ST_OK)
		st = name_procedures(db, &procs, r);
	if (st == ST_OK)
		st = name_staff(db, &staff, r);
	if (st == ST_OK)
		st = name_units(db, r);
	tallies_done(&procs);
	tallies_done(&staff);
	return st;
}

/* Targets are the unit's yearly targets: counted over the whole database
 * from 1 January to the report's end date, whatever the staff/counter
 * filter. */
static enum status run_targets(struct db *db, const struct config *cfg, struct report *r)
{
	const long want[TARGET__COUNT] = {cfg->targets.online_submission_year,
	                                  cfg->targets.vneid_year, cfg->targets.account_year,
	                                  cfg->targets.visits_year};
	/* The reporting year of the last day, counted to the day the report
	 * is made when that comes first: never a cumulative figure "to" a
	 * future day, and the working days left are the real ones. */
	int starts = r->filter.month_starts_on, year_from, year_to;
	int today = time_local_day(r->generated_at);
	r->target_year = period_year_of(r->filter.to_day, starts);
	period_year(r->target_year, starts, &year_from, &year_to);
	r->target_through = r->filter.to_day < today ? r->filter.to_day : today;
	if (r->target_through < year_from)
		r->target_through = time_day_add(year_from, -1);
	r->working_days_left = period_working_days(r->target_through, year_to);
	bool any = false;
	for (int i = 0; i < TARGET__COUNT; i++)
		any = any || want[i] > 0;
	if (!any)
		return ST_OK;
	sqlite3_stmt *st = db_prepare(db, "SELECT sum(online_submission), sum(vneid), sum(account),"
	                                  " count(*) FROM visit WHERE local_day BETWEEN ?1 AND ?2"
	                                  " AND voided_at IS NULL");
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_int(st, 1, year_from);
	sqlite3_bind_int(st, 2, r->target_through);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_status(db, rc);
	}
	for (int i = 0; i < TARGET__COUNT; i++) {
		if (want[i] <= 0)
			continue;
		struct report_target *t = &r->targets[r->n_targets++];
		t->key = (enum report_target_key)i;
		t->target = want[i];
		t->achieved = (long)sqlite3_column_int64(st, i);
		t->percent = 100.0 * (double)t->achieved / (double)t->target;
		t->remaining = t->achieved < t->target ? t->target - t->achieved : 0;
		if (t->remaining == 0)
			t->per_working_day = 0;
		else if (r->working_days_left == 0)
			t->per_working_day = -1;
		else
			t->per_working_day =
			    (t->remaining + r->working_days_left - 1) / r->working_days_left;
	}
	sqlite3_reset(st);
	return ST_OK;
}

static enum status load_shift(struct db *db, struct report_filter *f, struct report *r)
{
	struct shift sh;
	enum status st = shift_get(db, f->shift_id, &sh);
	if (st == ST_NOT_FOUND)
		return status_fail(ST_NOT_FOUND, _("there is no shift number %lld"),
		                   (long long)f->shift_id);
	if (st != ST_OK)
		return st;
	f->from_day = f->to_day = sh.local_day;
	r->shift_session = (int)sh.session;
	r->shift_opened = sh.opened_at;
	r->shift_closed = sh.closed_at;
	struct staff who;
	if (staff_get(db, sh.staff_id, &who) == ST_OK)
		r->shift_staff = xstrdup(who.name);
	if (str_empty(f->counter) && !r->counter)
		r->counter = xstrdup(sh.counter);
	return ST_OK;
}

enum status report_run(struct db *db, const struct config *cfg, const struct report_filter *filter,
                       struct report *r)
{
	status_clear();
	report_done(r);
	r->filter = *filter;
	struct report_filter *f = &r->filter;
	r->counter = str_empty(filter->counter) ? NULL : xstrdup(filter->counter);
	f->counter = r->counter;
	r->generated_at = util_now();
	r->unit_code = xstrdup(cfg->unit.code ? cfg->unit.code : "");
	r->unit_name = xstrdup(cfg->unit.name ? cfg->unit.name : "");
	r->province = xstrdup(cfg->unit.province ? cfg->unit.province : "");
	if (f->month_starts_on != 1 && f->month_starts_on != 15)
		f->month_starts_on = cfg->report.month_starts_on == 15 ? 15 : 1;
	if (f->kind != REPORT_SHIFT && f->year == 0) {
		int m;
		period_month_of(f->to_day, f->month_starts_on, &f->year, &m);
	}
	r->doc = document_from_config(cfg);

	enum status st = ST_OK;
	if (f->kind == REPORT_SHIFT)
		st = load_shift(db, f, r);
	else if (f->from_day <= 0 || f->to_day < f->from_day)
		st = status_fail(ST_USAGE,
		                 _("the report's first day must not be after its last day"));
	if (st == ST_OK && f->staff_id > 0) {
		struct staff who;
		st = staff_get(db, f->staff_id, &who);
		if (st == ST_OK)
			r->staff_filter = xstrdup(who.name);
	}
	/* One read transaction, so the totals and the tables agree even while
	 * the counter keeps saving visits. */
	bool txn = st == ST_OK && sqlite3_get_autocommit(db->h);
	if (txn)
		st = db_exec(db, "BEGIN");
	if (st == ST_OK)
		st = run_counts(db, f, r);
	if (st == ST_OK)
		st = run_targets(db, cfg, r);
	if (st == ST_OK)
		st = report_events_run(db, r);
	if (txn)
		db_exec(db, "COMMIT");
	/* A report of one unit of a merged file is that unit's report. */
	if (st == ST_OK && f->n_units == 1 && r->n_units == 1) {
		free(r->unit_code);
		free(r->unit_name);
		r->unit_code = xstrdup(r->units[0].code);
		r->unit_name = xstrdup(r->units[0].name);
	}
	f->units = NULL; /* the caller's: not kept */
	if (st != ST_OK) {
		report_done(r);
		return st;
	}
	return ST_OK;
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
