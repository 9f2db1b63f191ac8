/* The outbox: what this file has not yet had acknowledged by the server,
 * encoded as rows for COPY, and the acknowledgement itself.  No transport
 * here (push.c talks to the server), so it is tested without one.
 *
 * A visit waits while its version (raised by every edit and void) is above
 * its synced_version.  outbox_ack() sets synced_version to the version that
 * was sent, for the visits of one batch, and the time of the success, in
 * one local transaction, after the server committed: a crash or a lost
 * acknowledgement in between means the batch is sent again, which the
 * server's upsert (newer versions only) makes harmless.  An edit made
 * while a batch was in flight keeps the visit waiting.
 *
 * Nothing personal is encoded: no note, citizen name or phone, no backdate
 * or void reason (only whether the entry was backdated). */
#ifndef DVCDESK_OUTBOX_H
#define DVCDESK_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"
#include "util/status.h"
#include "util/util.h"

/* The columns of the COPY rows, in order (the server's dvcdesk.visit). */
extern const char outbox_visit_columns[];
extern const char outbox_staff_columns[];

struct outbox_batch {
	int n;             /* visits in the batch */
	int64_t *ids;      /* local ids */
	int64_t *versions; /* the versions sent */
	int cap;
	struct strbuf visits; /* COPY text rows of dvcdesk.visit (outbox_visit_columns) */
	struct strbuf staff;  /* COPY text rows: unit_code, uid, name (one per volunteer) */
	int n_staff;
	char **staff_seen; /* "unit\tuid" of the rows in `staff` */
};

void outbox_batch_init(struct outbox_batch *b);
void outbox_batch_done(struct outbox_batch *b);

/* How many visits wait. */
enum status outbox_pending(struct db *db, long *n);

/* The next at most `limit` waiting visits, oldest entry first, and the
 * volunteers they name.  b is reset first; b->n == 0: nothing waits. */
enum status outbox_next(struct db *db, int limit, struct outbox_batch *b);

/* The server committed batch b at `now` (the counter's clock, for the
 * status bar): acknowledge it in one local transaction. */
enum status outbox_ack(struct db *db, const struct outbox_batch *b, time_t now);

/* Events (outreach, training), when the file has the event and event_staff
 * tables: the waiting ones as COPY rows of dvcdesk.event
 * (outbox_event_columns), all of them in one batch (a counter has a few a
 * month); acknowledged in sync_event.  No note is encoded. */
extern const char outbox_event_columns[];
struct outbox_events {
	int n;
	char **uids;
	int64_t *versions;
	struct strbuf rows;
};
bool outbox_has_events(struct db *db);
enum status outbox_events_next(struct db *db, struct outbox_events *e); /* e zeroed first */
enum status outbox_events_ack(struct db *db, const struct outbox_events *e);
void outbox_events_done(struct outbox_events *e);

/* What `sync --status` and the status bar show (meta keys sync_*). */
struct outbox_state {
	long pending;
	time_t last_ok;        /* 0: never */
	time_t last_try;       /* 0: never */
	char last_error[512];  /* "" when the last try succeeded */
	char server[256];      /* "host/db as user" of the last success */
	int server_schema;     /* the server schema version seen last, 0: unknown */
};
enum status outbox_state(struct db *db, struct outbox_state *s);

/* Record a try: its time, and the error ("" or NULL: it succeeded, with
 * `server` and `schema`). */
enum status outbox_note_try(struct db *db, time_t now, const char *error, const char *server,
                            int schema);

/* The status bar's words: "chờ gửi N" when visits wait, else
 * "đã gửi lúc HH:MM" after a success, else "" (nothing ever sent and
 * nothing waits).  Translated. */
void outbox_bar_text(const struct outbox_state *s, char *buf, size_t size);

#endif
