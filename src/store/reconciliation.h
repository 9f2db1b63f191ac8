/* The store side of `dvcdesk reconcile`: the logged online submissions of a
 * period, every dossier code ever logged, and the last reconciliation of
 * each period (tables reconciliation and reconciliation_code: codes and
 * results only, never the export's applicant data). */
#ifndef DVCDESK_RECONCILIATION_H
#define DVCDESK_RECONCILIATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"
#include "util/status.h"

/* A logged online submission (strings valid during the callback only). */
struct rec_visit {
	const char *uid, *dossier_code;
	const char *procedure_code, *procedure_name; /* "" for none */
	const char *staff_name;
	int64_t staff_id;
	int day; /* local YYYYMMDD */
};

/* The non-voided visits with online_submission of local days from..to (of
 * unit `unit` when not NULL/""), oldest first.  fn returns false to stop. */
enum status rec_logged(struct db *db, int from_day, int to_day, const char *unit,
                       bool (*fn)(const struct rec_visit *v, void *ctx), void *ctx);

/* Every dossier code of a non-voided visit, any day (of `unit` when set). */
enum status rec_known_codes(struct db *db, const char *unit,
                            bool (*fn)(const char *code, void *ctx), void *ctx);

struct rec_head {
	time_t made_at;
	int from_day, to_day;
	const char *unit_code; /* "" : every unit */
	const char *source_name;
	long export_rows, export_online, matched, logged_only, export_only_online,
	    procedure_mismatch, date_mismatch;
};

enum rec_result { REC_MATCHED, REC_LOGGED_ONLY, REC_EXPORT_ONLY_ONLINE };
/* "matched", "logged_only", "export_only_online" */
const char *rec_result_key(enum rec_result r);

struct rec_code {
	const char *dossier_code;
	const char *visit_uid; /* NULL for export_only_online */
	enum rec_result result;
	bool procedure_mismatch, date_mismatch;
};

/* Store a reconciliation in one transaction, replacing the one of the same
 * (from_day, to_day, unit_code); *id (may be NULL) gets its id. */
enum status rec_save(struct db *db, const struct rec_head *h, const struct rec_code *codes,
                     size_t n, int64_t *id);

/* True when the newest reconciliation that looked at the visit `uid` did
 * not find its code in the export (logged_only).  For the history's mark;
 * false on any error. */
bool rec_not_found(struct db *db, const char *uid);

#endif
