/* The record of reports made (report_log.h). */
#include "store/report_log.h"

#include <sqlite3.h>

enum status report_log_add(struct db *db, const char *kind, int from_day, int to_day,
                           const char *format, const char *destination, time_t made_at,
                           const char *made_by)
{
	status_clear();
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO report_log(kind, from_day, to_day, format,"
	                                  " destination, made_at, made_by)"
	                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, from_day);
	sqlite3_bind_int(st, 3, to_day);
	sqlite3_bind_text(st, 4, format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, destination, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)made_at);
	if (made_by)
		sqlite3_bind_text(st, 7, made_by, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 7);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status report_log_made(struct db *db, const char *kind, int from_day, int to_day, time_t now,
                            time_t *made_at)
{
	status_clear();
	/* a file opened read-only is not migrated: it may predate the table */
	sqlite3_stmt *t = db_prepare(
	    db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_log'");
	if (!t)
		return ST_DB_ERROR;
	int rc = sqlite3_step(t);
	sqlite3_reset(t);
	if (rc == SQLITE_DONE)
		return ST_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return db_status(db, rc);
	sqlite3_stmt *st = db_prepare(db, "SELECT max(made_at) FROM report_log WHERE kind = ?1"
	                                  " AND from_day = ?2 AND to_day = ?3 AND made_at <= ?4");
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, from_day);
	sqlite3_bind_int(st, 3, to_day);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	enum status out = ST_NOT_FOUND;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*made_at = (time_t)sqlite3_column_int64(st, 0);
		out = ST_OK;
	} else if (rc != SQLITE_ROW) {
		out = db_status(db, rc);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return out;
}
