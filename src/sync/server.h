/* The server side: the schema `dvcdesk` and its own numbered migrations
 * (db/server/, compiled in), grants of login roles to units, the join of
 * two registrations of one volunteer, and the push of the outbox.
 *
 * server_init() runs in one transaction under an advisory lock, so two
 * runs at once (two supervisors, a script twice) serialise: the second
 * finds the schema current and changes nothing. */
#ifndef DVCDESK_SERVER_H
#define DVCDESK_SERVER_H

#include <stdbool.h>

#include "config/config.h"
#include "store/db.h"
#include "sync/outbox.h"
#include "sync/pg.h"

/* The newest server schema this program knows. */
int server_latest_version(void);

/* Create or migrate the schema; *version: the version it is at now.
 * ST_DB_NEWER when the server's schema is newer than this program's. */
enum status server_init(PGconn *c, int *version);

/* The server's schema version (0: no schema: run `dvcdesk server init`,
 * ST_CONFIG).  ST_DB_NEWER, with a detail, when newer than this program's. */
enum status server_version(PGconn *c, int *version);

/* Create (if missing) a login role and give it units: can_write for a
 * counter's role (one unit: push and read its rows), else read only
 * (n_units 0: every unit).  *created: the role was made now. */
enum status server_grant(PGconn *c, const char *role, const char *const *units, int n_units,
                         bool can_write, bool *created);

/* Count volunteer `other` as the same person as `keep` (their uids);
 * *joined: registrations now pointing at keep's person.  ST_NOT_FOUND when
 * `keep` is not on the server. */
enum status server_staff_join(PGconn *c, const char *keep, const char *other, long *joined);

/* "host/db as user" of a connection, for messages and --status. */
void server_describe(PGconn *c, char *buf, size_t size);

/* Push everything waiting in the outbox, batch by batch, each batch one
 * server transaction (COPY into temporary tables, then dvcdesk.apply_push())
 * acknowledged locally once the server committed.  *sent: visits the
 * server acknowledged; the outbox keeps the rest.  The schema version is
 * checked first: a newer or missing schema sends nothing. */
struct sync_result {
	long sent;    /* visits acknowledged */
	long changed; /* rows the server changed (0 for a re-delivery) */
	long waiting; /* still waiting after the push */
	int schema;
};
enum status server_push(PGconn *c, struct db *db, const struct config *cfg,
                        struct sync_result *res);

/* Visits per batch (and server transaction). */
#define SERVER_PUSH_BATCH 20000

#endif
