/* report_run(): one pass over the period's visits, counted in C (hash
 * tallies of procedures, staff and units), the names read once, the yearly
 * targets from their covering index. */
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

