/* Personal-data purge: the retention rule ([privacy] retention_days) and a
 * citizen's deletion request.  A purge clears the citizen's name, phone and
 * the visit's free-text note, sets pii_purged_at and keeps the visit (its
 * counts stay in every report); the void and backdating reasons, free text
 * that may name the citizen, are emptied too, and the retention clears the
 * free-text note of events created before the cut-off.  So that the old values cannot be read back
 * from anywhere the program keeps files, a purge also
 *   - relies on secure_delete (db_open sets it) to zero the freed bytes,
 *   - truncates the WAL (wal_checkpoint(TRUNCATE)) after committing, and
 *   - runs the same purge inside every backup in backup_dir() and every
 *     backup made elsewhere with `dvcdesk backup FILE`
 *     (backup_list_elsewhere()), naming the ones it cannot reach.
 * The audit row it writes holds counts only, never the values removed. */
#ifndef DVCDESK_PURGE_H
#define DVCDESK_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "store/db.h"
#include "util/status.h"

struct purge_result {
	int visits;          /* visits whose personal data were cleared in the database */
	int events;          /* events whose note was cleared (retention only) */
	int backups;         /* backup files cleaned (or already clean) */
	int backup_failures; /* backup files that could not be cleaned (detail set) */
	bool wal_truncated;  /* false when another connection kept the WAL in use:
	                      * the removed values may survive in the -wal file */
	int not_reached;     /* backups made elsewhere that could not be reached */
	char *not_reached_list; /* their paths, one a line (caller frees), or NULL */
};

/* Retention: clear the personal data of visits entered more than
 * retention_days days before now (retention_days <= 0: every visit).  Runs
 * in one BEGIN IMMEDIATE transaction with one audit row by staff_id (0: the
 * program itself) when anything was cleared.  A clock set back in time
 * purges nothing new: the cut-off moves back with it.  ST_OK even when some
 * backups could not be cleaned (res->backup_failures, detail set). */
enum status purge_retention(struct db *db, const struct config *cfg, int64_t staff_id,
                            struct purge_result *res);

/* A citizen's deletion request: clear the personal data of every visit
 * whose stored phone is `phone` (as typed, or normalised by
 * phone_normalize()).  One audit row by staff_id ("purge_request", with the
 * count only) even when nothing matched, so the request is on record.
 * ST_INVALID for an empty phone. */
enum status purge_phone(struct db *db, const struct config *cfg, const char *phone,
                        int64_t staff_id, struct purge_result *res);

#endif
