/* The outbox: waiting visits as COPY rows, and their acknowledgement. */
#include "sync/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/visit.h"
#include "util/i18n.h"

#define OB_COL(id, key, ...) ", " key
const char outbox_visit_columns[] =
    "unit_code, local_day, uid, version, at_utc, local_hour, counter, staff_uid, procedure_code, "
    "dossier_code" SERVICE_INFO(OB_COL) GROUP_INFO(OB_COL) ", channel, outcome, duration_s, "
                                                           "backdated, voided_at";
const char outbox_staff_columns[] = "unit_code, uid, name";

#define OB_VCOL(id, key, ...) ", v." key
static const char sql_next[] =
    "SELECT v.id, v.version, v.unit_code, v.local_day, v.uid, v.at_utc, v.local_hour, v.counter, "
    "s.uid, s.name, v.procedure_code, v.dossier_code" SERVICE_INFO(OB_VCOL) GROUP_INFO(OB_VCOL)
    ", v.channel, v.outcome, v.duration_s, v.backdate_reason IS NOT NULL, v.voided_at "
    "FROM visit v JOIN staff s ON s.id = v.staff_id "
    "WHERE v.version > v.synced_version ORDER BY v.id LIMIT ?";
static const char sql_pending[] = "SELECT count(*) FROM visit WHERE version > synced_version";
static const char sql_ack[] =
    "UPDATE visit SET synced_version = ?2 WHERE id = ?1 AND synced_version < ?2";
static const char sql_meta_set[] =
    "INSERT INTO meta(key, value) VALUES (?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char sql_meta_get[] =
    "SELECT key, value FROM meta WHERE key IN ('sync_last_ok', 'sync_last_try', "
    "'sync_last_error', 'sync_server', 'sync_server_schema')";

void outbox_batch_init(struct outbox_batch *b)
{
	memset(b, 0, sizeof *b);
	sb_init(&b->visits);
	sb_init(&b->staff);
}

static void batch_reset(struct outbox_batch *b)
{
	for (int i = 0; i < b->n_staff; i++)
		free(b->staff_seen[i]);
	free(b->staff_seen);
	b->staff_seen = NULL;
	b->n_staff = 0;
	b->n = 0;
	sb_reset(&b->visits);
	sb_reset(&b->staff);
}

void outbox_batch_done(struct outbox_batch *b)
{
	batch_reset(b);
	free(b->ids);
	free(b->versions);
	sb_done(&b->visits);
	sb_done(&b->staff);
	memset(b, 0, sizeof *b);
}

/* A COPY text field: \N for NULL, backslash escapes for the specials. */
static void copy_text(struct strbuf *sb, const unsigned char *s)
{
	if (!s) {
		sb_add(sb, "\\N");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			sb_add(sb, "\\\\");
			break;
		case '\t':
			sb_add(sb, "\\t");
			break;
		case '\n':
			sb_add(sb, "\\n");
			break;
		case '\r':
			sb_add(sb, "\\r");
			break;
		default:
			sb_addc(sb, (char)*s);
		}
	}
}

static void copy_time(struct strbuf *sb, sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		sb_add(sb, "\\N");
		return;
	}
	time_t t = (time_t)sqlite3_column_int64(s, col);
	struct tm tm;
	gmtime_r(&t, &tm);
	sb_addf(sb, "%04d-%02d-%02d %02d:%02d:%02d+00", tm.tm_year + 1900, tm.tm_mon + 1,
	        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

enum status outbox_pending(struct db *db, long *n)
{
	sqlite3_stmt *s = db_prepare(db, sql_pending);
	if (!s)
		return ST_DB_ERROR;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? ST_OK : db_status(db, rc);
}

static void add_staff(struct outbox_batch *b, const unsigned char *unit, const unsigned char *uid,
                      const unsigned char *name)
{
	char *key = xasprintf("%s\t%s", (const char *)unit, uid ? (const char *)uid : "");
	for (int i = 0; i < b->n_staff; i++)
		if (str_eq(b->staff_seen[i], key)) {
			free(key);
			return;
		}
	b->staff_seen = realloc(b->staff_seen, (size_t)(b->n_staff + 1) * sizeof *b->staff_seen);
	if (!b->staff_seen)
		abort();
	b->staff_seen[b->n_staff++] = key;
	copy_text(&b->staff, unit);
	sb_addc(&b->staff, '\t');
	copy_text(&b->staff, uid);
	sb_addc(&b->staff, '\t');
	copy_text(&b->staff, name);
	sb_addc(&b->staff, '\n');
}

enum status outbox_next(struct db *db, int limit, struct outbox_batch *b)
{
	batch_reset(b);
	sqlite3_stmt *s = db_prepare(db, sql_next);
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, limit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (b->n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 256;
			b->ids = realloc(b->ids, (size_t)b->cap * sizeof *b->ids);
			b->versions = realloc(b->versions, (size_t)b->cap * sizeof *b->versions);
			if (!b->ids || !b->versions)
				abort();
		}
		b->ids[b->n] = sqlite3_column_int64(s, 0);
		b->versions[b->n] = sqlite3_column_int64(s, 1);
		b->n++;
		struct strbuf *o = &b->visits;
		int c = 2;
		const unsigned char *unit = sqlite3_column_text(s, c);
		copy_text(o, unit); /* unit_code */
		c++;
		int day = sqlite3_column_int(s, c++);
		sb_addf(o, "\t%04d-%02d-%02d\t", day / 10000, day / 100 % 100, day % 100);
		copy_text(o, sqlite3_column_text(s, c++)); /* uid */
		sb_addf(o, "\t%lld\t", (long long)b->versions[b->n - 1]);
		copy_time(o, s, c++); /* at_utc */
		sb_addf(o, "\t%d\t", sqlite3_column_int(s, c++));
		copy_text(o, sqlite3_column_text(s, c++)); /* counter */
		sb_addc(o, '\t');
		const unsigned char *staff_uid = sqlite3_column_text(s, c++);
		const unsigned char *staff_name = sqlite3_column_text(s, c++);
		copy_text(o, staff_uid);
		add_staff(b, unit, staff_uid, staff_name);
		for (int k = 0; k < 2; k++) { /* procedure_code, dossier_code */
			sb_addc(o, '\t');
			copy_text(o, sqlite3_column_text(s, c++));
		}
		for (int k = 0; k < SVC__COUNT + GRP__COUNT; k++)
			sb_add(o, sqlite3_column_int(s, c++) ? "\tt" : "\tf");
		for (int k = 0; k < 2; k++) { /* channel, outcome */
			sb_addc(o, '\t');
			copy_text(o, sqlite3_column_text(s, c++));
		}
		sb_addf(o, "\t%d", sqlite3_column_int(s, c++));
		sb_add(o, sqlite3_column_int(s, c++) ? "\tt\t" : "\tf\t");
		copy_time(o, s, c++); /* voided_at */
		sb_addc(o, '\n');
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		batch_reset(b);
		return db_status(db, rc);
	}
	return ST_OK;
}

static enum status meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *s = db_prepare(db, sql_meta_set);
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status outbox_ack(struct db *db, const struct outbox_batch *b, time_t now)
{
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *s = db_prepare(db, sql_ack);
	if (!s) {
		db_rollback(db);
		return ST_DB_ERROR;
	}
	for (int i = 0; i < b->n; i++) {
		sqlite3_bind_int64(s, 1, b->ids[i]);
		sqlite3_bind_int64(s, 2, b->versions[i]);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			st = db_status(db, rc);
			db_rollback(db);
			return st;
		}
	}
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)now);
	if ((st = meta_set(db, "sync_last_ok", t)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum status outbox_note_try(struct db *db, time_t now, const char *error, const char *server,
                            int schema)
{
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	char t[32], v[16];
	snprintf(t, sizeof t, "%lld", (long long)now);
	snprintf(v, sizeof v, "%d", schema);
	st = meta_set(db, "sync_last_try", t);
	if (st == ST_OK)
		st = meta_set(db, "sync_last_error", error ? error : "");
	if (st == ST_OK && (!error || !*error)) {
		st = meta_set(db, "sync_last_ok", t);
		if (st == ST_OK && server)
			st = meta_set(db, "sync_server", server);
		if (st == ST_OK)
			st = meta_set(db, "sync_server_schema", v);
	}
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum status outbox_state(struct db *db, struct outbox_state *out)
{
	memset(out, 0, sizeof *out);
	enum status st = outbox_pending(db, &out->pending);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *s = db_prepare(db, sql_meta_get);
	if (!s)
		return ST_DB_ERROR;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 0);
		const char *v = (const char *)sqlite3_column_text(s, 1);
		if (!k || !v)
			continue;
		if (str_eq(k, "sync_last_ok"))
			out->last_ok = (time_t)strtoll(v, NULL, 10);
		else if (str_eq(k, "sync_last_try"))
			out->last_try = (time_t)strtoll(v, NULL, 10);
		else if (str_eq(k, "sync_last_error"))
			snprintf(out->last_error, sizeof out->last_error, "%s", v);
		else if (str_eq(k, "sync_server"))
			snprintf(out->server, sizeof out->server, "%s", v);
		else if (str_eq(k, "sync_server_schema"))
			out->server_schema = atoi(v);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

void outbox_bar_text(const struct outbox_state *s, char *buf, size_t size)
{
	if (s->pending > 0) {
		snprintf(buf, size, _("waiting to send %ld"), s->pending);
	} else if (s->last_ok > 0) {
		struct tm tm;
		localtime_r(&s->last_ok, &tm);
		snprintf(buf, size, _("sent at %02d:%02d"), tm.tm_hour, tm.tm_min);
	} else if (size) {
		buf[0] = '\0';
	}
}

/* ---- events ---- */

const char outbox_event_columns[] = "unit_code, uid, version, kind, local_day, place, attendees, "
                                    "households, leaflets, accounts, submissions, voided_at, "
                                    "staff_uids";
static const char sql_events[] =
    "SELECT e.uid, e.version, e.unit_code, e.kind, e.local_day, e.place, e.attendees, "
    "e.households, e.leaflets, e.accounts, e.submissions, e.voided_at, "
    "(SELECT group_concat(s.uid, ',') FROM event_staff es JOIN staff s ON s.id = es.staff_id "
    " WHERE es.event_id = e.id) "
    "FROM event e LEFT JOIN sync_event x ON x.uid = e.uid "
    "WHERE x.synced_version IS NULL OR e.version > x.synced_version ORDER BY e.id";
static const char sql_event_ack[] =
    "INSERT INTO sync_event (uid, synced_version) VALUES (?1, ?2) ON CONFLICT(uid) DO UPDATE "
    "SET synced_version = max(synced_version, excluded.synced_version)";

bool outbox_has_events(struct db *db)
{
	return db_int(db,
	              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
	              "('event', 'event_staff', 'sync_event')",
	              0) == 3;
}

void outbox_events_done(struct outbox_events *e)
{
	for (int i = 0; i < e->n; i++)
		free(e->uids[i]);
	free(e->uids);
	free(e->versions);
	sb_done(&e->rows);
	memset(e, 0, sizeof *e);
}

enum status outbox_events_next(struct db *db, struct outbox_events *e)
{
	memset(e, 0, sizeof *e);
	sb_init(&e->rows);
	sqlite3_stmt *s = db_prepare(db, sql_events);
	if (!s)
		return ST_DB_ERROR;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		e->uids = realloc(e->uids, (size_t)(e->n + 1) * sizeof *e->uids);
		e->versions = realloc(e->versions, (size_t)(e->n + 1) * sizeof *e->versions);
		if (!e->uids || !e->versions)
			abort();
		const unsigned char *uid = sqlite3_column_text(s, 0);
		e->uids[e->n] = xstrdup(uid ? (const char *)uid : "");
		e->versions[e->n] = sqlite3_column_int64(s, 1);
		e->n++;
		struct strbuf *o = &e->rows;
		copy_text(o, sqlite3_column_text(s, 2)); /* unit_code */
		sb_addc(o, '\t');
		copy_text(o, uid);
		sb_addf(o, "\t%lld\t", (long long)e->versions[e->n - 1]);
		copy_text(o, sqlite3_column_text(s, 3)); /* kind */
		int day = sqlite3_column_int(s, 4);
		sb_addf(o, "\t%04d-%02d-%02d\t", day / 10000, day / 100 % 100, day % 100);
		copy_text(o, sqlite3_column_text(s, 5)); /* place */
		for (int c = 6; c <= 10; c++)
			sb_addf(o, "\t%lld", (long long)sqlite3_column_int64(s, c));
		sb_addc(o, '\t');
		copy_time(o, s, 11);
		const unsigned char *staff = sqlite3_column_text(s, 12);
		sb_add(o, "\t{");
		copy_text(o, staff ? staff : (const unsigned char *)"");
		sb_add(o, "}\n");
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status outbox_events_ack(struct db *db, const struct outbox_events *e)
{
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *s = db_prepare(db, sql_event_ack);
	if (!s) {
		db_rollback(db);
		return ST_DB_ERROR;
	}
	for (int i = 0; i < e->n; i++) {
		sqlite3_bind_text(s, 1, e->uids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, e->versions[i]);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			st = db_status(db, rc);
			db_rollback(db);
			return st;
		}
	}
	return db_commit(db);
}
