/* Reports: the queries and the layout the renderings share. */
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/i18n.h"
#include "store/shift.h"
#include "store/staff.h"

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
	free(r->days);
	report_init(r);
}

void report_set_prepared_by(struct report *r, const char *name)
{
	free(r->prepared_by);
	r->prepared_by = str_empty(name) ? NULL : xstrdup(name);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

void report_filter_day(struct report_filter *f, int day)
{
	f->kind = REPORT_DAY;
	f->from_day = f->to_day = day;
}

void report_filter_month(struct report_filter *f, int day)
{
	int y = day / 10000, m = day / 100 % 100;
	f->kind = REPORT_MONTH;
	f->from_day = y * 10000 + m * 100 + 1;
	f->to_day = y * 10000 + m * 100 + month_days(y, m);
}

void report_filter_year(struct report_filter *f, int day)
{
	int y = day / 10000;
	f->kind = REPORT_YEAR;
	f->from_day = y * 10000 + 101;
	f->to_day = y * 10000 + 1231;
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

static char *col_dup(sqlite3_stmt *st, int c)
{
	const unsigned char *s = sqlite3_column_text(st, c);
	return xstrdup(s ? (const char *)s : "");
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
	C_STAFF
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

/* Index of a stored key ("walk_in"...) in keys, or -1. */
static int key_of(sqlite3_stmt *st, int col, const char *const *keys, int n)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	for (int i = 0; v && i < n; i++)
		if (strcmp(v, keys[i]) == 0)
			return i;
	return -1;
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
	       ", v.channel, v.outcome, v.procedure_code, v.duration_s, v.staff_id FROM visit v");
	add_where(&sql, f);
	sqlite3_stmt *st;
	enum status rs = prepare(db, &sql, f, &st);
	sb_done(&sql);
	if (rs != ST_OK)
		return rs;
	int cap = 0, rc, weekday_of = 0, weekday = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, C_VOIDED)) {
			r->voided++;
			continue;
		}
		int day = sqlite3_column_int(st, C_DAY), hour = sqlite3_column_int(st, C_HOUR);
		r->visits++;
		for (int i = 0; i < SVC__COUNT; i++)
			r->services[i] += sqlite3_column_int(st, C_SERVICES + i) != 0;
		for (int i = 0; i < GRP__COUNT; i++)
			r->groups[i] += sqlite3_column_int(st, C_GROUPS + i) != 0;
		int ch = key_of(st, C_CHANNEL, channel_keys, CH__COUNT);
		if (ch >= 0)
			r->channels[ch]++;
		int out = key_of(st, C_OUTCOME, outcome_keys, OUT__COUNT);
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
		p->name = rc == SQLITE_ROW ? col_dup(st, 0) : xstrdup(p->code);
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
		              ? col_dup(st, 0)
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

static enum status run_counts(struct db *db, const struct report_filter *f, struct report *r)
{
	struct tallies procs = {0}, staff = {0};
	enum status st = scan(db, f, r, &procs, &staff);
	if (st == ST_OK)
		st = name_procedures(db, &procs, r);
	if (st == ST_OK)
		st = name_staff(db, &staff, r);
	tallies_done(&procs);
	tallies_done(&staff);
	return st;
}

/* Monday..Friday strictly after `day` through 31 December of its year.
 * Public holidays are not known to the program, so they count as working
 * days: the per-day figure errs on the low side by a few percent. */
static int working_days_after(int day)
{
	int y = day / 10000, n = 0;
	for (int d = time_day_add(day, 1); d / 10000 == y; d = time_day_add(d, 1)) {
		int w = time_weekday(d);
		if (w >= 1 && w <= 5)
			n++;
	}
	return n;
}

/* Targets are the unit's yearly targets: counted over the whole database
 * from 1 January to the report's end date, whatever the staff/counter
 * filter. */
static enum status run_targets(struct db *db, const struct config *cfg, struct report *r)
{
	const long want[TARGET__COUNT] = {cfg->targets.online_submission_year,
	                                  cfg->targets.vneid_year, cfg->targets.account_year,
	                                  cfg->targets.visits_year};
	r->target_year = r->filter.to_day / 10000;
	r->working_days_left = working_days_after(r->filter.to_day);
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
	sqlite3_bind_int(st, 1, r->target_year * 10000 + 101);
	sqlite3_bind_int(st, 2, r->filter.to_day);
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
	report_done(r);
	r->filter = *filter;
	struct report_filter *f = &r->filter;
	r->counter = str_empty(filter->counter) ? NULL : xstrdup(filter->counter);
	f->counter = r->counter;
	r->generated_at = util_now();
	r->unit_code = xstrdup(cfg->unit.code ? cfg->unit.code : "");
	r->unit_name = xstrdup(cfg->unit.name ? cfg->unit.name : "");
	r->province = xstrdup(cfg->unit.province ? cfg->unit.province : "");

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
	if (txn)
		db_exec(db, "COMMIT");
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
	static const char *const keys[] = {"shift", "day", "month", "year", "range"};
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
	static const char *const titles[] = {N_("END-OF-SHIFT SUMMARY"), N_("DAILY REPORT"),
	                                     N_("MONTHLY REPORT"), N_("YEARLY REPORT"),
	                                     N_("REPORT")};
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
	if (!str_empty(r->province))
		snprintf(buf, size, _("%s, day %02d month %02d year %04d"), r->province, tm.tm_mday,
		         tm.tm_mon + 1, tm.tm_year + 1900);
	else
		snprintf(buf, size, _("Day %02d month %02d year %04d"), tm.tm_mday, tm.tm_mon + 1,
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
		snprintf(buf, size, _("Month %02d/%04d"), f->from_day / 100 % 100,
		         f->from_day / 10000);
		break;
	case REPORT_YEAR:
		snprintf(buf, size, _("Year %04d"), f->from_day / 10000);
		break;
	case REPORT_RANGE:
		snprintf(buf, size, _("From %s to %s"), report_date(f->from_day, a, sizeof(a)),
		         report_date(f->to_day, b, sizeof(b)));
		break;
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
	t->n_rows++;
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

/* The labels shared with the screens are lower case ("portal account");
 * in a table's first column they start with a capital. */
static void capitalize(const char *s, char *buf, size_t size)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
	if (n <= 0 || size < 8) {
		snprintf(buf, size, "%s", s);
		return;
	}
	utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)buf);
	snprintf(buf + m, size - (size_t)m, "%s", s + n);
}

/* A label, a count and the count's share of all visits. */
static void count_row(struct report_table *t, const char *label, long n, long of)
{
	char num[32], pct[32] = "", cap[256];
	report_number(n, num, sizeof(num));
	if (of > 0)
		report_percent(100.0 * (double)n / (double)of, pct, sizeof(pct));
	capitalize(label, cap, sizeof(cap));
	row_add(t, cap, num, pct);
}

static struct report_table *count_table(struct report_layout *l, const char *title)
{
	struct report_table *t = table_add(l, title, 3);
	t->head[0] = _("Item");
	t->head[1] = _("Visits");
	t->head[2] = _("Share");
	t->right = 6;
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
	count_row(t, _("of which submitted online"), r->services[SVC_ONLINE_SUBMISSION], r->visits);
	count_row(t, _("of which general guidance (no procedure)"), r->general_guidance, r->visits);
	row_add(t, _("Voided entries (not counted)"), report_number(r->voided, num, sizeof(num)),
	        "");
	if (r->timed_visits > 0) {
		char label[128];
		report_number(r->timed_visits, num, sizeof(num));
		snprintf(label, sizeof(label), _("Average time per visit (over %s timed visits)"),
		         num);
		row_add(t, label, report_duration(report_average_seconds(r), dur, sizeof(dur)), "");
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

static void layout_time(const struct report *r, struct report_layout *l)
{
	char a[32], b[32], c[32];
	/* a shift past midnight spans two days: its one page has no room */
	if (r->n_days > 1 && r->n_days <= 62 && !report_one_page(r)) {
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

static void layout_targets(const struct report *r, struct report_layout *l)
{
	if (r->n_targets == 0 || report_one_page(r))
		return;
	char title[128], d[16];
	snprintf(title, sizeof(title), _("TARGETS FOR %d (TO %s)"), r->target_year,
	         report_date(r->filter.to_day, d, sizeof(d)));
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
		capitalize(report_target_label(g->key), cap, sizeof(cap));
		row_add(t, cap, report_number(g->target, a, sizeof(a)),
		        report_number(g->achieved, b, sizeof(b)),
		        report_percent(g->percent, c, sizeof(c)),
		        report_number(g->remaining, e, sizeof(e)), f);
	}
	char note[160];
	snprintf(note, sizeof(note), _("Working days left in %d after %s (Monday to Friday): %d."),
	         r->target_year, report_date(r->filter.to_day, d, sizeof(d)), r->working_days_left);
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
	layout_staff(r, out);
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
		free(t->title);
		free(t->note);
	}
	free(l->tables);
	memset(l, 0, sizeof(*l));
}
