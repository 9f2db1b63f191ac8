/* Staff: volunteers and supervisors, their PINs (Argon2id via libsodium)
 * and the lock after repeated wrong PINs. */
#ifndef DVCDESK_STAFF_H
#define DVCDESK_STAFF_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

enum role { ROLE_VOLUNTEER, ROLE_SUPERVISOR };

#define STAFF_MAX_WRONG_PINS     5
#define STAFF_LOCK_SECONDS       (15 * 60)
#define STAFF_SUPERVISOR_PIN_MIN 6
#define STAFF_PIN_MIN            4

struct staff {
	int64_t id;
	char name[128]; /* NFC, unique */
	enum role role;
	bool has_pin;
	bool active;
	time_t locked_until; /* 0: not locked */
};

/* Add a member; ST_EXISTS when the name is taken, ST_INVALID for an empty
 * name or a PIN of the wrong shape (digits only; at least STAFF_PIN_MIN, or
 * STAFF_SUPERVISOR_PIN_MIN for supervisors).  pin may be NULL (no PIN) for
 * volunteers only.  Writes an audit row. *id_out may be NULL. */
enum status staff_add(struct db *db, const char *name, enum role role, const char *pin,
                      int64_t *id_out);

/* Look up by exact name (NFC), or by id. ST_NOT_FOUND when absent. */
enum status staff_find(struct db *db, const char *name, struct staff *out);
enum status staff_get(struct db *db, int64_t id, struct staff *out);

/* Active staff whose folded name contains the folded query (all when query
 * is empty), by name; fn returns false to stop. */
enum status staff_list(struct db *db, const char *query, bool include_inactive,
                       bool (*fn)(const struct staff *s, void *ctx), void *ctx);

enum status staff_set_active(struct db *db, int64_t id, bool active);
/* pin NULL removes the PIN (volunteers only). */
enum status staff_set_pin(struct db *db, int64_t id, const char *pin);

/* Check a PIN: ST_OK, ST_BAD_PIN (the failure is counted), or ST_LOCKED
 * while locked (the STAFF_MAX_WRONG_PINS-th failure locks for
 * STAFF_LOCK_SECONDS and itself returns ST_LOCKED; a right PIN clears the
 * count).  An active member without a PIN passes with any input; a disabled
 * member is ST_DENIED. */
enum status staff_check_pin(struct db *db, int64_t id, const char *pin);

/* Make sure at least one active member exists; when none does, add the
 * default volunteer (no PIN).  Used on first run. */
enum status staff_ensure_default(struct db *db);

const char *role_key(enum role r); /* "volunteer" / "supervisor" */
bool role_parse(const char *s, enum role *out);

#endif
