#include "store/purge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/backup.h"
#include "domain/dossier.h"
#include "util/i18n.h"
#include "util/util.h"

/* The same statements run on the live database and inside each backup.
 * ?1 = now; for retention ?2 = the cut-off instant; for a request ?2, ?3 =
 * the phone as typed and normalised.  To purge one more column: add it to
 * CLEAR_PII and to the HAS_PII test. */
#define HAS_PII                                                                                    \
	"(coalesce(note, '') <> '' OR coalesce(citizen_name, '') <> '' "                           \
	"OR coalesce(citizen_phone, '') <> '' OR coalesce(void_reason, '') <> '' "                  \
	"OR coalesce(backdate_reason, '') <> '')"
/* The free-text reasons may name the citizen ("chị Cúc đến lại"): emptied,
 * not NULLed, so that "backdated" (backdate_reason IS NOT NULL) and a void
 * still read as they did.  (The event.note column of the events branch goes
 * here too.) */
#define CLEAR_PII                                                                                  \
	"note = NULL, citizen_name = NULL, citizen_phone = NULL, "                                 \
	"void_reason = CASE WHEN void_reason IS NULL THEN NULL ELSE '' END, "                      \
	"backdate_reason = CASE WHEN backdate_reason IS NULL THEN NULL ELSE '' END, "
static const char sql_retention[] =
    "UPDATE visit SET " CLEAR_PII "pii_purged_at = ?1 WHERE entered_at < ?2 AND " HAS_PII;
static const char sql_phone[] =
    "UPDATE visit SET " CLEAR_PII "pii_purged_at = ?1 WHERE citizen_phone IN (?2, ?3)";

/* An event's note is free text too (store/event.h): the retention clears
 * it.  A backup made before the event table existed has nothing to clear. */
static const char sql_event_retention[] =
    "UPDATE event SET note = NULL WHERE created_at < ?2 AND coalesce(note, '') <> '' AND ?1 = ?1";

struct purge_spec {
	const char *sql;
	const char *sql_events; /* NULL: none */
	time_t now;
	time_t cutoff;           /* retention */
	const char *phone, *alt; /* request */
};

static void bind_spec(sqlite3_stmt *st, const struct purge_spec *p)
{
	sqlite3_bind_int64(st, 1, (sqlite3_int64)p->now);
	if (p->phone) {
		sqlite3_bind_text(st, 2, p->phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, p->alt, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(st, 2, (sqlite3_int64)p->cutoff);
	}
}

/* Purge one backup file in place.  Backups are rollback-journal files
 * (backup.c); secure_delete zeroes the freed cells, and the journal that
 * held the old pages is deleted at commit. */
static bool purge_file(const char *path, const struct purge_spec *p)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc = db_open_aside(path, SQLITE_OPEN_READWRITE, &h);
	if (rc != SQLITE_OK)
		goto out;
	if (sqlite3_exec(h, "PRAGMA secure_delete=ON", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	rc = sqlite3_prepare_v2(h, p->sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		bind_spec(st, p);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE && p->sql_events &&
	    sqlite3_prepare_v2(h, p->sql_events, -1, &st, NULL) == SQLITE_OK) {
		bind_spec(st, p);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (rc != SQLITE_DONE) {
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	/* A backup in WAL mode (one made by another tool) keeps the old
	 * values in its -wal until truncated: not cleaned unless it is. */
	rc = sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	ok = true;
out:
	if (!ok)
		status_fail(ST_IO, _("the backup %s could not be cleaned: %s"), path,
		            h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	sqlite3_close_v2(h);
	return ok;
}

static enum status purge_run(struct db *db, const struct config *cfg, const struct purge_spec *p,
                             int64_t staff_id, const char *action, bool always_audit,
                             struct purge_result *res)
{
	memset(res, 0, sizeof(*res));
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	sqlite3_stmt *stmt = db_prepare(db, p->sql);
	if (!stmt) {
		db_rollback(db);
		return ST_DB_ERROR;
	}
	bind_spec(stmt, p);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE) {
		st = db_status(db, rc);
		db_rollback(db);
		return st;
	}
	res->visits = sqlite3_changes(db->h);
	if (p->sql_events) {
		if (!(stmt = db_prepare(db, p->sql_events))) {
			db_rollback(db);
			return ST_DB_ERROR;
		}
		bind_spec(stmt, p);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		if (rc != SQLITE_DONE) {
			st = db_status(db, rc);
			db_rollback(db);
			return st;
		}
		res->events = sqlite3_changes(db->h);
	}
	if (res->visits > 0 || res->events > 0 || always_audit) {
		char detail[64];
		if (res->events > 0)
			snprintf(detail, sizeof(detail), "visits=%d,events=%d", res->visits, res->events);
		else
			snprintf(detail, sizeof(detail), "visits=%d", res->visits);
		st = audit_append(db, staff_id, action, NULL, detail);
		if (st != ST_OK) {
			db_rollback(db);
			return st;
		}
	}
	st = db_commit(db);
	if (st != ST_OK)
		return st;

	/* The old page images stay in the WAL until it is checkpointed and
	 * truncated; another open connection reading an old snapshot makes
	 * this wait (busy_timeout) and then give up. */
	int log = -1, done = -1;
	rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	res->wal_truncated = rc == SQLITE_OK && log <= 0;

	char **list = backup_list(cfg);
	for (char **f = list; *f; f++) {
		if (purge_file(*f, p))
			res->backups++;
		else
			res->backup_failures++;
	}
	backup_list_free(list);
	/* Backups made elsewhere with `dvcdesk backup FILE`: cleaned when
	 * they can be reached, named otherwise (a USB stick not plugged in). */
	list = backup_list_elsewhere(cfg);
	struct strbuf missing;
	sb_init(&missing);
	for (char **f = list; *f; f++) {
		if (access(*f, F_OK) != 0) {
			sb_addf(&missing, "%s%s", missing.len ? "\n" : "", *f);
			res->not_reached++;
		} else if (purge_file(*f, p)) {
			res->backups++;
		} else {
			res->backup_failures++;
		}
	}
	backup_list_free(list);
	res->not_reached_list = missing.buf ? sb_steal(&missing) : NULL;
	return ST_OK;
}

enum status purge_retention(struct db *db, const struct config *cfg, int64_t staff_id,
                            struct purge_result *res)
{
	status_clear();
	struct purge_spec p = {.sql = sql_retention, .sql_events = sql_event_retention,
	                       .now = util_now()};
	int days = cfg->privacy.retention_days;
	p.cutoff = days > 0 ? p.now - (time_t)days * 86400 : p.now + 1;
	return purge_run(db, cfg, &p, staff_id, "purge_retention", false, res);
}

enum status purge_phone(struct db *db, const struct config *cfg, const char *phone,
                        int64_t staff_id, struct purge_result *res)
{
	status_clear();
	memset(res, 0, sizeof(*res));
	char *typed = xstrdup(phone ? phone : "");
	str_trim(typed);
	if (!typed[0]) {
		free(typed);
		return status_fail(ST_INVALID,
		                   _("give the phone number whose data must be deleted"));
	}
	char norm[32];
	if (!phone_normalize(typed, norm, sizeof(norm)))
		str_copy(norm, sizeof(norm), typed);
	struct purge_spec p = {.sql = sql_phone, .now = util_now(), .phone = typed, .alt = norm};
	enum status st = purge_run(db, cfg, &p, staff_id, "purge_request", true, res);
	free(typed);
	return st;
}
