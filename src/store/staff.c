/* Staff, their PINs and the lock after repeated wrong PINs. */
#include "store/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/util.h"

/* Argon2id at libsodium's INTERACTIVE limits (2 passes, 64 MiB): about
 * 0.1 s per check on the build machine, well under what a person notices,
 * and the memory is there even on an old counter PC.  A PIN has few digits,
 * so the real protection is the lock after STAFF_MAX_WRONG_PINS; the cost
 * only slows down someone who copied the file. */
#define STAFF_PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define STAFF_PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#define STAFF_PIN_MAX    32

/* What staff_ensure_default adds on first run: a stored name, so the same
 * in every UI language. */
static const char default_name[] = "Tình nguyện viên";

static const char sql_by_name[] = "SELECT id, name, role, pin_hash IS NOT NULL, active, "
                                  "locked_until FROM staff WHERE name = ?";
static const char sql_by_id[] = "SELECT id, name, role, pin_hash IS NOT NULL, active, "
                                "locked_until FROM staff WHERE id = ?";
static const char sql_list[] = "SELECT id, name, role, pin_hash IS NOT NULL, active, "
                               "locked_until FROM staff WHERE (?1 OR active = 1) "
                               "AND instr(name_key, ?2) > 0 ORDER BY name_key, name";
static const char sql_insert[] =
    "INSERT INTO staff (name, name_key, role, pin_hash, created_at, uid) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_set_active[] = "UPDATE staff SET active = ? WHERE id = ?";
static const char sql_set_pin[] =
    "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = 0 WHERE id = ?";
static const char sql_pin_state[] = "SELECT pin_hash, failed_pins, locked_until, active "
                                    "FROM staff WHERE id = ?";
static const char sql_pin_result[] =
    "UPDATE staff SET failed_pins = ?, locked_until = ? WHERE id = ?";
static const char sql_count_active[] = "SELECT count(*) FROM staff WHERE active = 1";

const char *role_key(enum role r)
{
	return r == ROLE_SUPERVISOR ? "supervisor" : "volunteer";
}

bool role_parse(const char *s, enum role *out)
{
	if (str_eq(s, "volunteer"))
		*out = ROLE_VOLUNTEER;
	else if (str_eq(s, "supervisor"))
		*out = ROLE_SUPERVISOR;
	else
		return false;
	return true;
}

static enum status sodium_ready(void)
{
	static bool ready;

	if (!ready) {
		if (sodium_init() < 0)
			return status_fail(ST_UNAVAILABLE, _("the cryptography library "
			                                     "(libsodium) could not start"));
		ready = true;
	}
	return ST_OK;
}

static enum status check_pin_shape(const char *pin, enum role role)
{
	size_t n = strlen(pin);
	size_t min = role == ROLE_SUPERVISOR ? STAFF_SUPERVISOR_PIN_MIN : STAFF_PIN_MIN;

	if (n < min || n > STAFF_PIN_MAX || strspn(pin, "0123456789") != n)
		return status_fail(ST_INVALID,
		                   _("a PIN is %zu to %d digits, nothing else (%zu or more for a "
		                     "supervisor)"),
		                   min, STAFF_PIN_MAX, (size_t)STAFF_SUPERVISOR_PIN_MIN);
	return ST_OK;
}

/* Argon2id string for pin into out (crypto_pwhash_STRBYTES). */
static enum status hash_pin(const char *pin, char out[crypto_pwhash_STRBYTES])
{
	enum status st = sodium_ready();

	if (st != ST_OK)
		return st;
	if (crypto_pwhash_str(out, pin, strlen(pin), STAFF_PWHASH_OPS, STAFF_PWHASH_MEM) != 0)
		return status_fail(ST_NOMEM, _("not enough memory to protect the PIN"));
	return ST_OK;
}

static void read_staff(sqlite3_stmt *s, struct staff *out)
{
	time_t locked = (time_t)sqlite3_column_int64(s, 5);

	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	db_col_copy(s, 1, out->name, sizeof out->name);
	out->role = str_eq((const char *)sqlite3_column_text(s, 2), "supervisor") ? ROLE_SUPERVISOR
	                                                                          : ROLE_VOLUNTEER;
	out->has_pin = sqlite3_column_int(s, 3) != 0;
	out->active = sqlite3_column_int(s, 4) != 0;
	out->locked_until = locked > util_now() ? locked : 0;
}

/* Run a one-row lookup already bound; ST_NOT_FOUND with `what` named. */
static enum status fetch_one(struct db *db, sqlite3_stmt *s, struct staff *out, const char *what)
{
	int rc = sqlite3_step(s);
	enum status st = ST_OK;

	if (rc == SQLITE_ROW)
		read_staff(s, out);
	else if (rc == SQLITE_DONE)
		st = status_fail(ST_NOT_FOUND, _("no staff member %s"), what);
	else
		st = db_status(db, rc);
	sqlite3_reset(s);
	return st;
}

enum status staff_find(struct db *db, const char *name, struct staff *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_by_name);
	char what[160];

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	snprintf(what, sizeof what, "\"%s\"", name);
	return fetch_one(db, s, out, what);
}

enum status staff_get(struct db *db, int64_t id, struct staff *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_by_id);
	char what[32];

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, id);
	snprintf(what, sizeof what, "%lld", (long long)id);
	return fetch_one(db, s, out, what);
}

enum status staff_add(struct db *db, const char *name, enum role role, const char *pin,
                      int64_t *id_out)
{
	status_clear();
	char hash[crypto_pwhash_STRBYTES], detail[64], uid[37];
	char *nfc = NULL, *key = NULL;
	struct staff existing;
	sqlite3_stmt *s;
	enum status st;
	int64_t id;
	int rc;

	nfc = text_nfc(name ? name : "");
	if (!nfc)
		return status_fail(ST_INVALID, _("the name is not valid UTF-8 text"));
	str_trim(nfc);
	if ((st = text_check_field(_("name"), nfc, sizeof existing.name - 1)) != ST_OK) {
		free(nfc);
		return st;
	}
	if (!*nfc || strlen(nfc) >= sizeof existing.name) {
		free(nfc);
		return status_fail(ST_INVALID, _("a staff name is 1 to %zu bytes long"),
		                   sizeof existing.name - 1);
	}
	if (!pin && role == ROLE_SUPERVISOR) {
		free(nfc);
		return status_fail(ST_INVALID, _("a supervisor needs a PIN of at least %d digits"),
		                   STAFF_SUPERVISOR_PIN_MIN);
	}
	/* The slow hash runs before the write lock is taken. */
	if (pin &&
	    ((st = check_pin_shape(pin, role)) != ST_OK || (st = hash_pin(pin, hash)) != ST_OK)) {
		free(nfc);
		return st;
	}
	key = text_fold(nfc);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = staff_find(db, nfc, &existing);
	if (st == ST_OK) {
		st = status_fail(ST_EXISTS, _("a staff member named \"%s\" already exists"), nfc);
		goto fail;
	}
	if (st != ST_NOT_FOUND)
		goto fail;
	if (!(s = db_prepare(db, sql_insert))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_text(s, 1, nfc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, role_key(role), -1, SQLITE_STATIC);
	if (pin)
		sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)util_now());
	uuid_v7(uid);
	sqlite3_bind_text(s, 6, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	id = sqlite3_last_insert_rowid(db->h);
	snprintf(detail, sizeof detail, "id=%lld,role=%s", (long long)id, role_key(role));
	if ((st = audit_append(db, 0, "staff.add", NULL, detail)) != ST_OK)
		goto fail;
	if ((st = db_commit(db)) == ST_OK && id_out)
		*id_out = id;
	goto out;
fail:
	db_rollback(db);
out:
	sodium_memzero(hash, sizeof hash);
	free(nfc);
	free(key);
	return st;
}

enum status staff_list(struct db *db, const char *query, bool include_inactive,
                       bool (*fn)(const struct staff *s, void *ctx), void *ctx)
{
	status_clear();
	char *fold = text_fold(query ? query : "");
	sqlite3_stmt *s;
	struct staff m;
	enum status st = ST_OK;
	int rc;

	if (!fold)
		return status_fail(ST_INVALID, _("the search text is not valid UTF-8"));
	if (!(s = db_prepare(db, sql_list))) {
		free(fold);
		return ST_DB_ERROR;
	}
	sqlite3_bind_int(s, 1, include_inactive);
	sqlite3_bind_text(s, 2, fold, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_staff(s, &m);
		if (!fn(&m, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = db_status(db, rc);
	sqlite3_reset(s);
	free(fold);
	return st;
}

/* One UPDATE of a member by id plus its audit row, in one transaction. */
static enum status update_member(struct db *db, sqlite3_stmt *s, int64_t id, const char *action,
                                 const char *detail)
{
	enum status st;
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_status(db, rc);
	if (sqlite3_changes(db->h) == 0)
		return status_fail(ST_NOT_FOUND, _("no staff member %lld"), (long long)id);
	if ((st = audit_append(db, 0, action, NULL, detail)) != ST_OK)
		return st;
	return ST_OK;
}

enum status staff_set_active(struct db *db, int64_t id, bool active)
{
	status_clear();
	char detail[32];
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if (!(s = db_prepare(db, sql_set_active))) {
		db_rollback(db);
		return ST_DB_ERROR;
	}
	sqlite3_bind_int(s, 1, active);
	sqlite3_bind_int64(s, 2, id);
	snprintf(detail, sizeof detail, "id=%lld", (long long)id);
	st = update_member(db, s, id, active ? "staff.enable" : "staff.disable", detail);
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum status staff_set_pin(struct db *db, int64_t id, const char *pin)
{
	status_clear();
	char hash[crypto_pwhash_STRBYTES], detail[32];
	struct staff m;
	sqlite3_stmt *s;
	enum status st;

	if ((st = staff_get(db, id, &m)) != ST_OK)
		return st;
	if (!pin && m.role == ROLE_SUPERVISOR)
		return status_fail(ST_INVALID, _("a supervisor needs a PIN of at least %d digits"),
		                   STAFF_SUPERVISOR_PIN_MIN);
	if (pin &&
	    ((st = check_pin_shape(pin, m.role)) != ST_OK || (st = hash_pin(pin, hash)) != ST_OK))
		return st;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if (!(s = db_prepare(db, sql_set_pin))) {
		st = ST_DB_ERROR;
		db_rollback(db);
		goto out;
	}
	if (pin)
		sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	sqlite3_bind_int64(s, 2, id);
	snprintf(detail, sizeof detail, "id=%lld", (long long)id);
	st = update_member(db, s, id, pin ? "staff.set_pin" : "staff.remove_pin", detail);
	if (st != ST_OK)
		db_rollback(db);
	else
		st = db_commit(db);
out:
	sodium_memzero(hash, sizeof hash);
	return st;
}

/* The stored PIN state of a member. */
struct pin_state {
	char hash[crypto_pwhash_STRBYTES];
	bool has_pin, active;
	int failed;
	time_t locked_until;
};

static enum status pin_state(struct db *db, int64_t id, struct pin_state *ps)
{
	sqlite3_stmt *s = db_prepare(db, sql_pin_state);
	enum status st = ST_OK;
	int rc;

	if (!s)
		return ST_DB_ERROR;
	memset(ps, 0, sizeof *ps);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(s, 0);
		ps->has_pin = h != NULL;
		str_copy(ps->hash, sizeof ps->hash, h ? (const char *)h : "");
		ps->failed = sqlite3_column_int(s, 1);
		ps->locked_until = (time_t)sqlite3_column_int64(s, 2);
		ps->active = sqlite3_column_int(s, 3) != 0;
	} else if (rc == SQLITE_DONE) {
		st = status_fail(ST_NOT_FOUND, _("no staff member %lld"), (long long)id);
	} else {
		st = db_status(db, rc);
	}
	sqlite3_reset(s);
	return st;
}

static enum status locked_error(time_t until)
{
	char when[32];

	time_show_local(until, when, sizeof when);
	return status_fail(ST_LOCKED, _("too many wrong PINs: locked until %s"), when);
}

enum status staff_check_pin(struct db *db, int64_t id, const char *pin)
{
	status_clear();
	struct pin_state ps;
	time_t now = util_now();
	bool match;
	sqlite3_stmt *s;
	enum status st;
	int rc, failed;
	time_t locked;

	if ((st = pin_state(db, id, &ps)) != ST_OK)
		return st;
	if (!ps.active)
		return status_fail(ST_DENIED, _("this staff member is disabled; ask a supervisor"));
	if (!ps.has_pin)
		return ST_OK;
	if (ps.locked_until > now)
		return locked_error(ps.locked_until);
	if ((st = sodium_ready()) != ST_OK)
		return st;
	pin = pin ? pin : "";
	match = crypto_pwhash_str_verify(ps.hash, pin, strlen(pin)) == 0;
	sodium_memzero(ps.hash, sizeof ps.hash);

	/* The count is re-read under the write lock: two sessions guessing at
	 * once must not each get five tries. */
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = pin_state(db, id, &ps)) != ST_OK)
		goto fail;
	sodium_memzero(ps.hash, sizeof ps.hash);
	if (ps.locked_until > now) {
		db_rollback(db);
		return locked_error(ps.locked_until);
	}
	failed = ps.locked_until ? 0 : ps.failed; /* an expired lock starts afresh */
	locked = 0;
	if (match) {
		failed = 0;
	} else if (++failed >= STAFF_MAX_WRONG_PINS) {
		failed = 0;
		locked = now + STAFF_LOCK_SECONDS;
	}
	if (!(s = db_prepare(db, sql_pin_result))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int(s, 1, failed);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)locked);
	sqlite3_bind_int64(s, 3, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	if (locked) {
		char detail[32];
		snprintf(detail, sizeof detail, "id=%lld", (long long)id);
		if ((st = audit_append(db, id, "staff.lock", NULL, detail)) != ST_OK)
			goto fail;
	}
	if ((st = db_commit(db)) != ST_OK)
		return st;
	if (locked)
		return locked_error(locked);
	return match ? ST_OK
	             : status_fail(ST_BAD_PIN, _("wrong PIN (%d of %d tries before the lock)"),
	                           failed, STAFF_MAX_WRONG_PINS);
fail:
	db_rollback(db);
	return st;
}

enum status staff_ensure_default(struct db *db)
{
	status_clear();
	struct staff m;
	enum status st;

	if (db_int(db, sql_count_active, 0) > 0)
		return ST_OK;
	st = staff_add(db, default_name, ROLE_VOLUNTEER, NULL, NULL);
	if (st != ST_EXISTS)
		return st;
	/* The default member was disabled along with everyone else: bring it
	 * back rather than leave nobody able to log a visit. */
	if ((st = staff_find(db, default_name, &m)) != ST_OK)
		return st;
	return m.active ? ST_OK : staff_set_active(db, m.id, true);
}
