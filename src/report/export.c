/* Streaming export of raw visits.  Per row: one step of one prepared
 * statement, formatting into a buffer that is written out every 64 KiB. */
#include "report/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/csv.h"
#include "util/i18n.h"
#include "report/report.h"
#include "store/visit.h"
#include "util/text.h"

#define FLUSH_AT (64 * 1024)

enum {
	X_UID,
	X_AT,
	X_PCODE,
	X_PNAME,
	X_SERVICES,
	X_DOSSIER = X_SERVICES + SVC__COUNT,
	X_GROUPS,
	X_CHANNEL = X_GROUPS + GRP__COUNT,
	X_OUTCOME,
	X_DURATION,
	X_STAFF,
	X_COUNTER,
	X_UNIT,
	X_SHIFT,
	X_BACKDATED,
	X_VOIDED_AT,
	X_NAME,
	X_PHONE,
	X_NOTE,
	X__COUNT
};

static void build_sql(struct strbuf *sql, const struct export_opts *x)
{
	sb_add(sql, "SELECT v.uid, v.at_utc, v.procedure_code, p.name");
	for (int i = 0; i < SVC__COUNT; i++)
		sb_addf(sql, ", v.%s", service_keys[i]);
	sb_add(sql, ", v.dossier_code");
	for (int i = 0; i < GRP__COUNT; i++)
		sb_addf(sql, ", v.%s", group_keys[i]);
	sb_add(sql, ", v.channel, v.outcome, v.duration_s, s.name, v.counter, v.unit_code,"
	            " v.shift_id, v.backdate_reason IS NOT NULL, v.voided_at,"
	            " v.citizen_name, v.citizen_phone, v.note"
	            " FROM visit v LEFT JOIN procedure p ON p.code = v.procedure_code"
	            " LEFT JOIN staff s ON s.id = v.staff_id"
	            " WHERE v.local_day BETWEEN ?1 AND ?2");
	for (int i = 0; i < x->n_units; i++)
		sb_addf(sql, "%s?%d", i ? ", " : " AND v.unit_code IN (", i + 3);
	sb_add(sql, x->n_units ? ") ORDER BY v.local_day, v.id" : " ORDER BY v.local_day, v.id");
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm):
 * formatting a million timestamps without gmtime_r/strftime per row. */
static void civil(long long days, int *y, int *m, int *d)
{
	days += 719468;
	long long era = (days >= 0 ? days : days - 146096) / 146097;
	long long doe = days - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* "YYYY-MM-DDTHH:MM:SS" for t shifted by `offset` seconds; returns the end. */
static char *iso(char *p, long long t)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long secs = t - days * 86400;
	int y, m, d;
	civil(days, &y, &m, &d);
	p = put2(p, y / 100);
	p = put2(p, y % 100);
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, (int)(secs / 3600));
	*p++ = ':';
	p = put2(p, (int)(secs / 60 % 60));
	*p++ = ':';
	p = put2(p, (int)(secs % 60));
	return p;
}

/* The local UTC offset is constant within each quarter hour (every time
 * zone changes offset on a quarter hour), so localtime_r runs once per
 * quarter hour of data rather than once per row. */
struct offset_cache {
	long long bucket;
	long offset;
	bool valid;
};

static long utc_offset(struct offset_cache *c, long long t)
{
	long long b = t >= 0 ? t / 900 : -((-t + 899) / 900);
	if (!c->valid || b != c->bucket) {
		time_t tt = (time_t)t;
		struct tm tm;
		localtime_r(&tt, &tm);
		c->bucket = b;
		c->offset = tm.tm_gmtoff;
		c->valid = true;
	}
	return c->offset;
}

static void fmt_utc(char *buf, long long t)
{
	char *p = iso(buf, t);
	*p++ = 'Z';
	*p = '\0';
}

static void fmt_local(char *buf, long long t, long off)
{
	char *p = iso(buf, t + off);
	long a = off < 0 ? -off : off;
	*p++ = off < 0 ? '-' : '+';
	p = put2(p, (int)(a / 3600));
	*p++ = ':';
	p = put2(p, (int)(a / 60 % 60));
	*p = '\0';
}

struct out {
	struct strbuf sb;
	FILE *f;
	bool failed;
	bool terminal;
	int err; /* errno of the fwrite that failed, read right there */
	enum export_format format;
	int field; /* fields written in the current row */
};

static void flush(struct out *o)
{
	errno = 0;
	if (o->sb.len && !o->failed && fwrite(o->sb.buf, 1, o->sb.len, o->f) != o->sb.len) {
		o->failed = true;
		o->err = errno ? errno : EIO;
	}
	sb_reset(&o->sb);
}

static void key(struct out *o, const char *name)
{
	if (o->format == EXPORT_CSV) {
		if (o->field++)
			csv_sep(&o->sb);
		return;
	}
	sb_add(&o->sb, o->field++ ? ",\"" : "{\"");
	sb_add(&o->sb, name);
	sb_add(&o->sb, "\":");
}

static void field_text(struct out *o, const char *name, const char *s)
{
	key(o, name);
	if (o->terminal && s && text_find_control(s, false) >= 0) {
		char *safe = text_terminal_safe(s, false);
		if (o->format == EXPORT_CSV)
			csv_put(&o->sb, safe);
		else
			json_str(&o->sb, safe);
		free(safe);
		return;
	}
	if (o->format == EXPORT_CSV)
		csv_put(&o->sb, s ? s : "");
	else
		json_str(&o->sb, s);
}

static void field_int(struct out *o, const char *name, long long v)
{
	key(o, name);
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_add(&o->sb, p);
}

static void field_null(struct out *o, const char *name)
{
	key(o, name);
	if (o->format == EXPORT_JSON)
		sb_add(&o->sb, "null");
}

static const char *col_text(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

static void header(struct out *o, const struct export_opts *x)
{
	if (x->format == EXPORT_JSON) {
		sb_add(&o->sb, "[");
		return;
	}
	if (x->bom)
		sb_add(&o->sb, "\xEF\xBB\xBF");
	const char *cols[] = {"uid", "at_utc", "at_local", "procedure_code", "procedure_name"};
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		field_text(o, NULL, cols[i]);
	for (int i = 0; i < SVC__COUNT; i++)
		field_text(o, NULL, service_keys[i]);
	field_text(o, NULL, "dossier_code");
	for (int i = 0; i < GRP__COUNT; i++)
		field_text(o, NULL, group_keys[i]);
	const char *rest[] = {"channel",   "outcome",  "duration_s", "staff",  "counter",
	                      "unit_code", "shift_id", "backdated",  "voided", "voided_at"};
	for (size_t i = 0; i < ARRAY_LEN(rest); i++)
		field_text(o, NULL, rest[i]);
	if (x->name)
		field_text(o, NULL, "citizen_name");
	if (x->phone)
		field_text(o, NULL, "citizen_phone");
	if (x->note)
		field_text(o, NULL, "note");
	csv_eol(&o->sb);
	o->field = 0;
}

static void row(struct out *o, const struct export_opts *x, sqlite3_stmt *st,
                struct offset_cache *oc, long n)
{
	char when[40];
	long long at = sqlite3_column_int64(st, X_AT);
	if (x->format == EXPORT_JSON)
		sb_add(&o->sb, n ? ",\n" : "\n");
	o->field = 0;
	field_text(o, "uid", col_text(st, X_UID));
	fmt_utc(when, at);
	field_text(o, "at_utc", when);
	fmt_local(when, at, utc_offset(oc, at));
	field_text(o, "at_local", when);
	field_text(o, "procedure_code", col_text(st, X_PCODE));
	field_text(o, "procedure_name", col_text(st, X_PNAME));
	for (int i = 0; i < SVC__COUNT; i++)
		field_int(o, service_keys[i], sqlite3_column_int(st, X_SERVICES + i));
	field_text(o, "dossier_code", col_text(st, X_DOSSIER));
	for (int i = 0; i < GRP__COUNT; i++)
		field_int(o, group_keys[i], sqlite3_column_int(st, X_GROUPS + i));
	field_text(o, "channel", col_text(st, X_CHANNEL));
	field_text(o, "outcome", col_text(st, X_OUTCOME));
	field_int(o, "duration_s", sqlite3_column_int64(st, X_DURATION));
	field_text(o, "staff", col_text(st, X_STAFF));
	field_text(o, "counter", col_text(st, X_COUNTER));
	field_text(o, "unit_code", col_text(st, X_UNIT));
	if (sqlite3_column_type(st, X_SHIFT) == SQLITE_NULL)
		field_null(o, "shift_id");
	else
		field_int(o, "shift_id", sqlite3_column_int64(st, X_SHIFT));
	field_int(o, "backdated", sqlite3_column_int(st, X_BACKDATED));
	bool voided = sqlite3_column_type(st, X_VOIDED_AT) != SQLITE_NULL;
	field_int(o, "voided", voided);
	if (voided) {
		fmt_utc(when, sqlite3_column_int64(st, X_VOIDED_AT));
		field_text(o, "voided_at", when);
	} else {
		field_null(o, "voided_at");
	}
	if (x->name)
		field_text(o, "citizen_name", col_text(st, X_NAME));
	if (x->phone)
		field_text(o, "citizen_phone", col_text(st, X_PHONE));
	if (x->note)
		field_text(o, "note", col_text(st, X_NOTE));
	if (x->format == EXPORT_CSV)
		csv_eol(&o->sb);
	else
		sb_addc(&o->sb, '}');
	if (o->sb.len >= FLUSH_AT)
		flush(o);
}

enum status export_visits(struct db *db, const struct export_opts *x, FILE *f, long *rows)
{
	status_clear();
	struct strbuf sql;
	sb_init(&sql);
	build_sql(&sql, x);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql.buf, (int)sql.len + 1, &st, NULL);
	sb_done(&sql);
	if (rc != SQLITE_OK)
		return db_status(db, rc);
	sqlite3_bind_int(st, 1, x->from_day);
	sqlite3_bind_int(st, 2, x->to_day);
	for (int i = 0; i < x->n_units; i++)
		sqlite3_bind_text(st, i + 3, x->units[i], -1, SQLITE_STATIC);

	struct out o = {.f = f, .format = x->format, .terminal = x->terminal};
	sb_init(&o.sb);
	struct offset_cache oc = {0, 0, false};
	header(&o, x);
	long n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !o.failed)
		row(&o, x, st, &oc, n++);
	sqlite3_finalize(st);
	if (x->format == EXPORT_JSON)
		sb_add(&o.sb, n ? "\n]\n" : "]\n");
	flush(&o);
	sb_done(&o.sb);
	if (rows)
		*rows = n;
	if (!o.failed && fflush(f) != 0) {
		o.failed = true;
		o.err = errno ? errno : EIO;
	}
	if (o.failed)
		return status_fail(o.err == ENOSPC ? ST_DB_FULL : ST_IO,
		                   _("the export could not be written: %s"), strerror(o.err));
	if (rc != SQLITE_DONE)
		return db_status(db, rc);
	return ST_OK;
}
