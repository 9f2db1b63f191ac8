/* The append-only, hash-chained audit log.  It never holds personal data:
 * `detail` names fields and reasons, never values typed about a citizen. */
#ifndef DVCDESK_AUDIT_H
#define DVCDESK_AUDIT_H

#include <stdint.h>

#include "store/db.h"

/* Append one row inside the caller's transaction.  Each row's hash is
 * SHA-256 over the previous hash and this row's fields (libsodium). */
enum status audit_append(struct db *db, int64_t staff_id, const char *action, const char *visit_uid,
                         const char *detail);

/* Walk the chain: ST_OK, or ST_DB_CORRUPT with *bad_id set to the first row
 * whose hash does not match (detail set). */
enum status audit_verify(struct db *db, int64_t *bad_id);

#endif
