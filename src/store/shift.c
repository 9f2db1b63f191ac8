/* Shifts: who sits at which counter, in which session of which day. */
#include "store/shift.h"

#include <string.h>

#include "util/i18n.h"
#include "store/staff.h"

static const char sql_find_open[] = "SELECT id FROM shift WHERE staff_id = ? AND counter = ? AND "
                                    "local_day = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1";
static const char sql_insert[] = "INSERT INTO shift (staff_id, unit_code, counter, session, "
                                 "opened_at, local_day) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_close[] = "UPDATE shift SET closed_at = ? WHERE id = ? AND closed_at IS NULL";
static const char sql_get[] = "SELECT id, staff_id, counter, unit_code, session, opened_at, "
                              "closed_at, local_day FROM shift WHERE id = ?";

/* To add a session: one line here, in enum session and in the schema's CHECK. */
static const struct {
	const char *key, *label;
} sessions[] = {
    [SESSION_MORNING] = {"morning", N_("morning")},
    [SESSION_AFTERNOON] = {"afternoon", N_("afternoon")},
    [SESSION_OTHER] = {"other", N_("other")},
};

const char *session_key(enum session s)
{
	return (unsigned)s < ARRAY_LEN(sessions) ? sessions[s].key : sessions[SESSION_OTHER].key;
}

const char *session_label(enum session s)
{
	return _((unsigned)s < ARRAY_LEN(sessions) ? sessions[s].label
	                                           : sessions[SESSION_OTHER].label);
}

enum session shift_session_at(const struct config *cfg, time_t t)
{
	int m = time_local_minute(t);

	if (m >= cfg->session.morning_start && m < cfg->session.morning_end)
		return SESSION_MORNING;
	if (m >= cfg->session.afternoon_start && m < cfg->session.afternoon_end)
		return SESSION_AFTERNOON;
	/* Early arrivals, the lunch break and late stays still belong to a
	 * session: the morning's before noon, the afternoon's after. */
	return m < 12 * 60 ? SESSION_MORNING : SESSION_AFTERNOON;
}

static enum session session_parse(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(sessions); i++)
		if (str_eq(key, sessions[i].key))
			return (enum session)i;
	return SESSION_OTHER;
}

enum status shift_get(struct db *db, int64_t shift_id, struct shift *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_get);
	enum status st = ST_OK;
	int rc;

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, shift_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(s, 0);
		out->staff_id = sqlite3_column_int64(s, 1);
		db_col_copy(s, 2, out->counter, sizeof out->counter);
		db_col_copy(s, 3, out->unit_code, sizeof out->unit_code);
		out->session = session_parse((const char *)sqlite3_column_text(s, 4));
		out->opened_at = (time_t)sqlite3_column_int64(s, 5);
		out->closed_at = (time_t)sqlite3_column_int64(s, 6);
		out->local_day = sqlite3_column_int(s, 7);
	} else if (rc == SQLITE_DONE) {
		st = status_fail(ST_NOT_FOUND, _("no shift %lld"), (long long)shift_id);
	} else {
		st = db_status(db, rc);
	}
	sqlite3_reset(s);
	return st;
}

enum status shift_open(struct db *db, const struct config *cfg, int64_t staff_id, struct shift *out)
{
	status_clear();
	const char *counter = cfg->counter_name ? cfg->counter_name : "";
	const char *unit = cfg->unit.code ? cfg->unit.code : "";
	time_t now = util_now();
	int day = time_local_day(now);
	struct staff member;
	sqlite3_stmt *s;
	enum status st;
	int64_t id = 0;
	int rc;

	if ((st = staff_get(db, staff_id, &member)) != ST_OK)
		return st;
	if (!member.active)
		return status_fail(ST_DENIED, _("%s is disabled and cannot open a shift"),
		                   member.name);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if (!(s = db_prepare(db, sql_find_open))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, staff_id);
	sqlite3_bind_text(s, 2, counter, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, day);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	if (!id) {
		if (!(s = db_prepare(db, sql_insert))) {
			st = ST_DB_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(s, 1, staff_id);
		sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, counter, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, session_key(shift_session_at(cfg, now)), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)now);
		sqlite3_bind_int(s, 6, day);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			st = db_status(db, rc);
			goto fail;
		}
		id = sqlite3_last_insert_rowid(db->h);
	}
	if ((st = db_commit(db)) != ST_OK)
		return st;
	return out ? shift_get(db, id, out) : ST_OK;
fail:
	db_rollback(db);
	return st;
}

enum status shift_close(struct db *db, int64_t shift_id)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_close);
	struct shift sh;
	int rc;

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)util_now());
	sqlite3_bind_int64(s, 2, shift_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_status(db, rc);
	/* Closing a closed shift changes nothing and is fine; a missing one is not. */
	if (sqlite3_changes(db->h) == 0)
		return shift_get(db, shift_id, &sh);
	return ST_OK;
}
