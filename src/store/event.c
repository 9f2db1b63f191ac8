/* Outreach and training events: save, correct, void, list and count. */
#include "store/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/staff.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/util.h"

static const char *const kind_keys[EV__COUNT] = {"meeting", "training", "door_to_door",
                                                 "mobile_point"};
static const char *const kind_labels[EV__COUNT] = {N_("outreach meeting"), N_("training"),
                                                   N_("door-to-door outreach"),
                                                   N_("mobile support point")};
static const char *const figure_keys[EF__COUNT] = {"attendees", "households", "leaflets",
                                                   "accounts", "submissions"};
static const char *const figure_labels[EF__COUNT] = {
    N_("attendees"), N_("households visited"), N_("leaflets handed out"), N_("accounts opened"),
    N_("dossiers filed on the spot")};

#define COLS                                                                                       \
	"id, uid, unit_code, kind, local_day, place, attendees, households, leaflets, accounts, "  \
	"submissions, note, created_at, updated_at, voided_at, voided_by, void_reason, version"
static const char sql_insert[] =
    "INSERT INTO event (uid, unit_code, kind, local_day, place, attendees, households, leaflets, "
    "accounts, submissions, note, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
static const char sql_update[] =
    "UPDATE event SET kind = ?3, local_day = ?4, place = ?5, attendees = ?6, households = ?7, "
    "leaflets = ?8, accounts = ?9, submissions = ?10, note = ?11, updated_at = ?12, "
    "version = version + 1 WHERE uid = ?1 AND ?2 = ?2";
static const char sql_get[] = "SELECT " COLS " FROM event WHERE uid = ?";
static const char sql_list[] = "SELECT " COLS " FROM event WHERE local_day BETWEEN ? AND ? "
                               "AND (?3 OR voided_at IS NULL) ORDER BY local_day, id";
static const char sql_staff[] =
    "SELECT staff_id FROM event_staff WHERE event_id = ? ORDER BY staff_id";
static const char sql_staff_del[] = "DELETE FROM event_staff WHERE event_id = ?";
static const char sql_staff_add[] =
    "INSERT OR IGNORE INTO event_staff (event_id, staff_id) VALUES (?, ?)";
static const char sql_void[] = "UPDATE event SET voided_at = ?, voided_by = ?, void_reason = ?, "
                               "updated_at = ?1, version = version + 1 WHERE id = ?";
static const char sql_totals[] =
    "SELECT kind, count(*), sum(attendees), sum(households), sum(leaflets), sum(accounts), "
    "sum(submissions) FROM event e WHERE local_day BETWEEN ?1 AND ?2 AND voided_at IS NULL "
    "AND (?3 = 0 OR EXISTS (SELECT 1 FROM event_staff s WHERE s.event_id = e.id AND "
    "s.staff_id = ?3)) GROUP BY kind";

const char *event_kind_key(enum event_kind k)
{
	return (unsigned)k < EV__COUNT ? kind_keys[k] : kind_keys[0];
}

const char *event_kind_label(enum event_kind k)
{
	return _((unsigned)k < EV__COUNT ? kind_labels[k] : kind_labels[0]);
}

bool event_kind_parse(const char *key, enum event_kind *out)
{
	for (int i = 0; i < EV__COUNT; i++)
		if (str_eq(key, kind_keys[i])) {
			*out = (enum event_kind)i;
			return true;
		}
	return false;
}

const char *event_figure_key(enum event_figure f)
{
	return (unsigned)f < EF__COUNT ? figure_keys[f] : figure_keys[0];
}

const char *event_figure_label(enum event_figure f)
{
	return _((unsigned)f < EF__COUNT ? figure_labels[f] : figure_labels[0]);
}

static enum status nfc_into(char *buf, size_t size, const char *label)
{
	char *n;
	str_trim(buf);
	if (!(n = text_nfc(buf)))
		return status_fail(ST_INVALID, _("the %s is not valid UTF-8 text"), _(label));
	str_copy(buf, size, n);
	free(n);
	return ST_OK;
}

static enum status check(struct db *db, struct event *e)
{
	enum status st;
	if ((unsigned)e->kind >= EV__COUNT)
		return status_fail(ST_INVALID, _("unknown kind of event"));
	if (e->day < 19700101 || e->day > 99991231)
		return status_fail(ST_INVALID, _("the event needs a date"));
	if ((st = nfc_into(e->place, sizeof e->place, N_("place"))) != ST_OK ||
	    (st = nfc_into(e->note, sizeof e->note, N_("note"))) != ST_OK)
		return st;
	if (!e->place[0])
		return status_fail(ST_INVALID, _("say where the event took place"));
	for (int i = 0; i < EF__COUNT; i++)
		if (e->figures[i] < 0 || e->figures[i] > 100000000)
			return status_fail(ST_INVALID,
			                   _("the number of %s must be between 0 and 100000000"),
			                   event_figure_label((enum event_figure)i));
	for (int i = 0; i < e->n_staff; i++) {
		struct staff who;
		if ((st = staff_get(db, e->staff[i], &who)) != ST_OK)
			return st;
	}
	return ST_OK;
}

static void bind_fields(sqlite3_stmt *s, const struct event *e)
{
	sqlite3_bind_text(s, 3, event_kind_key(e->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, e->day);
	sqlite3_bind_text(s, 5, e->place, -1, SQLITE_TRANSIENT);
	for (int i = 0; i < EF__COUNT; i++)
		sqlite3_bind_int64(s, 6 + i, e->figures[i]);
	if (e->note[0])
		sqlite3_bind_text(s, 11, e->note, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 11);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)util_now());
}

static enum status step_done(struct db *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

static enum status put_staff(struct db *db, const struct event *e, int64_t id)
{
	sqlite3_stmt *s = db_prepare(db, sql_staff_del);
	enum status st;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((st = step_done(db, s)) != ST_OK)
		return st;
	for (int i = 0; i < e->n_staff; i++) {
		if (!(s = db_prepare(db, sql_staff_add)))
			return ST_DB_ERROR;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, e->staff[i]);
		if ((st = step_done(db, s)) != ST_OK)
			return st;
	}
	return ST_OK;
}

enum status event_add(struct db *db, struct event *e, int64_t actor)
{
	status_clear();
	enum status st;
	sqlite3_stmt *s;
	if ((st = check(db, e)) != ST_OK)
		return st;
	if (!e->uid[0])
		uuid_v7(e->uid);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if (!(s = db_prepare(db, sql_insert))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_text(s, 1, e->uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, e->unit_code, -1, SQLITE_TRANSIENT);
	bind_fields(s, e);
	if ((st = step_done(db, s)) != ST_OK)
		goto fail;
	e->id = sqlite3_last_insert_rowid(db->h);
	e->version = 1;
	if ((st = put_staff(db, e, e->id)) != ST_OK ||
	    (st = audit_append(db, actor, "event.add", e->uid, "")) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

static void col_text(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	str_copy(buf, size, t ? (const char *)t : "");
}

static void read_row(sqlite3_stmt *s, struct event *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, e->uid, sizeof e->uid);
	col_text(s, 2, e->unit_code, sizeof e->unit_code);
	event_kind_parse((const char *)sqlite3_column_text(s, 3), &e->kind);
	e->day = sqlite3_column_int(s, 4);
	col_text(s, 5, e->place, sizeof e->place);
	for (int i = 0; i < EF__COUNT; i++)
		e->figures[i] = (long)sqlite3_column_int64(s, 6 + i);
	col_text(s, 11, e->note, sizeof e->note);
	e->created_at = (time_t)sqlite3_column_int64(s, 12);
	e->updated_at = (time_t)sqlite3_column_int64(s, 13);
	e->voided_at = (time_t)sqlite3_column_int64(s, 14);
	e->voided_by = sqlite3_column_int64(s, 15);
	col_text(s, 16, e->void_reason, sizeof e->void_reason);
	e->version = sqlite3_column_int(s, 17);
}

static enum status read_staff(struct db *db, struct event *e)
{
	sqlite3_stmt *s = db_prepare(db, sql_staff);
	int rc;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, e->id);
	e->n_staff = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (e->n_staff < EVENT_MAX_STAFF)
			e->staff[e->n_staff++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status event_get(struct db *db, const char *uid, struct event *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_get);
	enum status st = ST_OK;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_text(s, 1, uid ? uid : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_row(s, out);
	else if (rc == SQLITE_DONE)
		st = status_fail(ST_NOT_FOUND, _("no event %s; see `dvcdesk event list`"),
		                 uid ? uid : "");
	else
		st = db_status(db, rc);
	sqlite3_reset(s);
	if (st == ST_OK)
		st = read_staff(db, out);
	return st;
}

static void changed(const struct event *a, const struct event *b, struct strbuf *out)
{
#define CH(cond, name)                                                                             \
	do {                                                                                       \
		if (cond) {                                                                        \
			if (out->len)                                                              \
				sb_addc(out, ',');                                                 \
			sb_add(out, name);                                                         \
		}                                                                                  \
	} while (0)
	CH(a->kind != b->kind, "kind");
	CH(a->day != b->day, "local_day");
	CH(!str_eq(a->place, b->place), "place");
	for (int i = 0; i < EF__COUNT; i++)
		CH(a->figures[i] != b->figures[i], figure_keys[i]);
	CH(!str_eq(a->note, b->note), "note");
	bool same = a->n_staff == b->n_staff;
	for (int i = 0; same && i < a->n_staff; i++)
		same = a->staff[i] == b->staff[i];
	CH(!same, "staff");
#undef CH
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

enum status event_update(struct db *db, const struct event *in, int64_t actor)
{
	status_clear();
	struct event e = *in, old;
	struct strbuf fields;
	enum status st;
	sqlite3_stmt *s;

	if ((st = check(db, &e)) != ST_OK)
		return st;
	qsort(e.staff, (size_t)e.n_staff, sizeof e.staff[0], cmp_id);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	sb_init(&fields);
	if ((st = event_get(db, e.uid, &old)) != ST_OK)
		goto fail;
	if (old.voided_at) {
		st = status_fail(ST_INVALID, _("the event %s is voided and cannot be changed"),
		                 e.uid);
		goto fail;
	}
	changed(&old, &e, &fields);
	if (!fields.len) {
		db_rollback(db);
		sb_done(&fields);
		return ST_OK;
	}
	if (!(s = db_prepare(db, sql_update))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_text(s, 1, e.uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, 0);
	bind_fields(s, &e);
	if ((st = step_done(db, s)) != ST_OK || (st = put_staff(db, &e, old.id)) != ST_OK ||
	    (st = audit_append(db, actor, "event.update", e.uid, fields.buf)) != ST_OK)
		goto fail;
	sb_done(&fields);
	return db_commit(db);
fail:
	sb_done(&fields);
	db_rollback(db);
	return st;
}

enum status event_void(struct db *db, const char *uid, int64_t actor, const char *reason)
{
	status_clear();
	char why[256];
	struct event old;
	enum status st;
	sqlite3_stmt *s;

	str_copy(why, sizeof why, reason ? reason : "");
	if ((st = nfc_into(why, sizeof why, N_("reason"))) != ST_OK)
		return st;
	if (!why[0])
		return status_fail(ST_INVALID, _("say why the event is voided"));
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = event_get(db, uid, &old)) != ST_OK)
		goto fail;
	if (old.voided_at) {
		st = status_fail(ST_INVALID, _("the event %s is already voided"), uid);
		goto fail;
	}
	if (!(s = db_prepare(db, sql_void))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, (sqlite3_int64)util_now());
	if (actor)
		sqlite3_bind_int64(s, 2, actor);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_text(s, 3, why, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, old.id);
	if ((st = step_done(db, s)) != ST_OK ||
	    (st = audit_append(db, actor, "event.void", uid, "voided_at,voided_by,void_reason")) !=
	        ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum status event_list(struct db *db, int from, int to, bool with_voided,
                       bool (*fn)(const struct event *e, void *ctx), void *ctx)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_list);
	struct event *all = NULL;
	int n = 0, cap = 0, rc;
	enum status st = ST_OK;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, from);
	sqlite3_bind_int(s, 2, to);
	sqlite3_bind_int(s, 3, with_voided);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			all = xrealloc(all, (size_t)cap * sizeof *all);
		}
		read_row(s, &all[n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		st = db_status(db, rc);
	for (int i = 0; i < n && st == ST_OK; i++) {
		if ((st = read_staff(db, &all[i])) != ST_OK)
			break;
		if (!fn(&all[i], ctx))
			break;
	}
	free(all);
	return st;
}

enum status event_totals(struct db *db, int from, int to, int64_t staff_id,
                         struct event_totals *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_totals);
	int rc;
	memset(out, 0, sizeof *out);
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, from);
	sqlite3_bind_int(s, 2, to);
	sqlite3_bind_int64(s, 3, staff_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum event_kind k;
		if (!event_kind_parse((const char *)sqlite3_column_text(s, 0), &k))
			continue;
		long n = (long)sqlite3_column_int64(s, 1);
		out->by_kind[k] += n;
		out->count += n;
		for (int i = 0; i < EF__COUNT; i++)
			out->figures[i] += (long)sqlite3_column_int64(s, 2 + i);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}
