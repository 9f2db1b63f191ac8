/* Reconciliation storage: two reads over the visits, one replacing write. */
#include "store/reconciliation.h"

#include <string.h>

static const char sql_logged_all[] =
    "SELECT v.uid, v.dossier_code, coalesce(v.procedure_code, ''), coalesce(p.name, ''), "
    "s.name, v.staff_id, v.local_day FROM visit v JOIN staff s ON s.id = v.staff_id "
    "LEFT JOIN procedure p ON p.code = v.procedure_code "
    "WHERE v.local_day BETWEEN ?1 AND ?2 AND v.voided_at IS NULL AND v.online_submission = 1 "
    "AND v.dossier_code IS NOT NULL ORDER BY v.local_day, v.id";
static const char sql_logged_unit[] =
    "SELECT v.uid, v.dossier_code, coalesce(v.procedure_code, ''), coalesce(p.name, ''), "
    "s.name, v.staff_id, v.local_day FROM visit v JOIN staff s ON s.id = v.staff_id "
    "LEFT JOIN procedure p ON p.code = v.procedure_code "
    "WHERE v.local_day BETWEEN ?1 AND ?2 AND v.voided_at IS NULL AND v.online_submission = 1 "
    "AND v.dossier_code IS NOT NULL AND v.unit_code = ?3 ORDER BY v.local_day, v.id";

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

enum status rec_logged(struct db *db, int from_day, int to_day, const char *unit,
                       bool (*fn)(const struct rec_visit *v, void *ctx), void *ctx)
{
	status_clear();
	bool by_unit = unit && *unit;
	sqlite3_stmt *s = db_prepare(db, by_unit ? sql_logged_unit : sql_logged_all);
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, from_day);
	sqlite3_bind_int(s, 2, to_day);
	if (by_unit)
		sqlite3_bind_text(s, 3, unit, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rec_visit v = {col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
		                      sqlite3_column_int64(s, 5), sqlite3_column_int(s, 6)};
		if (!fn(&v, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	enum status st = rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
	sqlite3_reset(s);
	return st;
}

static const char sql_codes_all[] =
    "SELECT dossier_code FROM visit WHERE dossier_code IS NOT NULL AND voided_at IS NULL";
static const char sql_codes_unit[] = "SELECT dossier_code FROM visit WHERE dossier_code IS NOT "
                                     "NULL AND voided_at IS NULL AND unit_code = ?1";

enum status rec_known_codes(struct db *db, const char *unit,
                            bool (*fn)(const char *code, void *ctx), void *ctx)
{
	status_clear();
	bool by_unit = unit && *unit;
	sqlite3_stmt *s = db_prepare(db, by_unit ? sql_codes_unit : sql_codes_all);
	if (!s)
		return ST_DB_ERROR;
	if (by_unit)
		sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!fn(col(s, 0), ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	enum status st = rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
	sqlite3_reset(s);
	return st;
}

const char *rec_result_key(enum rec_result r)
{
	return r == REC_MATCHED ? "matched" : r == REC_LOGGED_ONLY ? "logged_only" : "export_only_online";
}

static const char sql_delete[] =
    "DELETE FROM reconciliation WHERE from_day = ?1 AND to_day = ?2 AND unit_code = ?3";
static const char sql_head[] =
    "INSERT INTO reconciliation (made_at, from_day, to_day, unit_code, source_name, "
    "export_rows, export_online, matched, logged_only, export_only_online, "
    "procedure_mismatch, date_mismatch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_code[] =
    "INSERT INTO reconciliation_code (reconciliation_id, dossier_code, visit_uid, result, "
    "procedure_mismatch, date_mismatch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static enum status step_done(struct db *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status rec_save(struct db *db, const struct rec_head *h, const struct rec_code *codes,
                     size_t n, int64_t *id)
{
	status_clear();
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	const char *unit = h->unit_code ? h->unit_code : "";
	sqlite3_stmt *s = db_prepare(db, sql_delete);
	if (!s) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int(s, 1, h->from_day);
	sqlite3_bind_int(s, 2, h->to_day);
	sqlite3_bind_text(s, 3, unit, -1, SQLITE_STATIC);
	if ((st = step_done(db, s)) != ST_OK)
		goto fail;
	if (!(s = db_prepare(db, sql_head))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, (sqlite3_int64)h->made_at);
	sqlite3_bind_int(s, 2, h->from_day);
	sqlite3_bind_int(s, 3, h->to_day);
	sqlite3_bind_text(s, 4, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, h->source_name, -1, SQLITE_STATIC);
	const long nums[] = {h->export_rows,        h->export_online,      h->matched,
	                     h->logged_only,        h->export_only_online, h->procedure_mismatch,
	                     h->date_mismatch};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(s, 6 + i, nums[i]);
	if ((st = step_done(db, s)) != ST_OK)
		goto fail;
	int64_t rid = sqlite3_last_insert_rowid(db->h);
	if (!(s = db_prepare(db, sql_code))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rec_code *c = &codes[i];
		sqlite3_bind_int64(s, 1, rid);
		sqlite3_bind_text(s, 2, c->dossier_code, -1, SQLITE_STATIC);
		if (c->visit_uid)
			sqlite3_bind_text(s, 3, c->visit_uid, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 3);
		sqlite3_bind_text(s, 4, rec_result_key(c->result), -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 5, c->procedure_mismatch);
		sqlite3_bind_int(s, 6, c->date_mismatch);
		if ((st = step_done(db, s)) != ST_OK)
			goto fail;
	}
	st = db_commit(db);
	if (st == ST_OK && id)
		*id = rid;
	return st;
fail:
	db_rollback(db);
	return st;
}

static const char sql_mark[] =
    "SELECT rc.result FROM reconciliation_code rc JOIN reconciliation r "
    "ON r.id = rc.reconciliation_id WHERE rc.visit_uid = ?1 "
    "ORDER BY r.made_at DESC, r.id DESC LIMIT 1";

bool rec_not_found(struct db *db, const char *uid)
{
	sqlite3_stmt *s = db_prepare(db, sql_mark);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	bool not_found = sqlite3_step(s) == SQLITE_ROW && strcmp(col(s, 0), "logged_only") == 0;
	sqlite3_reset(s);
	return not_found;
}
