/* The audit log: append-only (the schema's triggers refuse UPDATE and
 * DELETE) and hash-chained, so an edit made behind the program's back, with
 * the triggers dropped, still shows. */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

#define AUDIT_HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
/* The first row's prev_hash. */
static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

static const char sql_last_hash[] = "SELECT hash FROM audit ORDER BY id DESC LIMIT 1";
static const char sql_insert[] = "INSERT INTO audit (at_utc, staff_id, action, visit_uid, "
                                 "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_walk[] = "SELECT id, at_utc, staff_id, action, visit_uid, detail, "
                               "prev_hash, hash FROM audit ORDER BY id";

/* hex SHA-256 of "prev|at|staff|action|uid|detail"; staff and uid are ""
 * when absent.  Only detail may hold '|', and it comes last, so the joined
 * text names one tuple. */
static void row_hash(char out[AUDIT_HASH_HEX], const char *prev, long long at, long long staff,
                     const char *action, const char *uid, const char *detail)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct strbuf sb;

	sb_init(&sb);
	sb_addf(&sb, "%s|%lld|", prev, at);
	if (staff)
		sb_addf(&sb, "%lld", staff);
	sb_addf(&sb, "|%s|%s|%s", action, uid ? uid : "", detail ? detail : "");
	crypto_hash_sha256(digest, (const unsigned char *)sb.buf, sb.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
	sb_done(&sb);
}

enum status audit_append(struct db *db, int64_t staff_id, const char *action, const char *visit_uid,
                         const char *detail)
{
	status_clear();
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	long long at = (long long)util_now();
	bool own_txn = sqlite3_get_autocommit(db->h);
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if (str_empty(action) || strchr(action, '|') || (visit_uid && strchr(visit_uid, '|')))
		return status_fail(ST_INVALID,
		                   _("an audit action or uid cannot be empty or hold '|'"));
	/* The previous hash must be read under the write lock, or two
	 * programs could both chain onto the same row. */
	if (own_txn && (st = db_begin(db)) != ST_OK)
		return st;
	if (!(s = db_prepare(db, sql_last_hash))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		str_copy(prev, sizeof prev, t ? (const char *)t : "");
	} else {
		str_copy(prev, sizeof prev, genesis);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	row_hash(hash, prev, at, staff_id, action, visit_uid, detail);
	if (!(s = db_prepare(db, sql_insert))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, at);
	if (staff_id)
		sqlite3_bind_int64(s, 2, staff_id);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
	if (visit_uid)
		sqlite3_bind_text(s, 4, visit_uid, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_text(s, 5, detail ? detail : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	return own_txn ? db_commit(db) : ST_OK;
fail:
	if (own_txn)
		db_rollback(db);
	return st;
}

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

enum status audit_verify(struct db *db, int64_t *bad_id)
{
	status_clear();
	char expect_prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	sqlite3_stmt *s = db_prepare(db, sql_walk);
	enum status st = ST_OK;
	int rc;

	*bad_id = 0;
	if (!s)
		return ST_DB_ERROR;
	str_copy(expect_prev, sizeof expect_prev, genesis);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);
		const char *prev = (const char *)sqlite3_column_text(s, 6);
		const char *stored = (const char *)sqlite3_column_text(s, 7);
		row_hash(hash, prev ? prev : "", sqlite3_column_int64(s, 1),
		         sqlite3_column_int64(s, 2), col(s, 3), col(s, 4), col(s, 5));
		if (!prev || !stored || strcmp(prev, expect_prev) != 0 ||
		    strcmp(stored, hash) != 0) {
			*bad_id = id;
			st = status_fail(ST_DB_CORRUPT,
			                 _("the audit log was changed outside dvcdesk at row %lld; "
			                   "keep this file for inspection and tell the supervisor"),
			                 id);
			break;
		}
		str_copy(expect_prev, sizeof expect_prev, stored);
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = db_status(db, rc);
	sqlite3_reset(s);
	return st;
}
