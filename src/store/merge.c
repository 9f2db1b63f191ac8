/* Merge another counter's file into this one (merge.h has the rules).
 *
 * Speed (make bench: 50,000 visits into a centre's file, about 1.5x the
 * sqlite3 shell's plain INSERT ... SELECT across ATTACH): one pass over the
 * other file's visits; a uid already here is one indexed lookup; a new one
 * is handed, without copying its strings, to a staging table in memory, and
 * all of them go into `visit` with one INSERT ... SELECT at the end, as do
 * their procedures' use counts (one grouped UPDATE).  Into a file with no
 * visit yet the lookups are skipped. */
#include "store/merge.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/audit.h"
#include "store/visit.h"
#include "util/i18n.h"
#include "util/text.h"

#define COL(id, key, ...)     ", " key
#define COL_Q(id, key, ...)   ", ?"
#define COL_SET(id, key, ...) ", " key " = ?"

/* The other file's visits, in this column order. */
enum {
	S_UID,
	S_AT,
	S_DAY,
	S_HOUR,
	S_ENTERED,
	S_BACKDATE,
	S_STAFF,
	S_SHIFT,
	S_UNIT,
	S_COUNTER,
	S_PROCEDURE,
	S_DOSSIER,
	S_CHANNEL,
	S_OUTCOME,
	S_DURATION,
	S_NOTE,
	S_NAME,
	S_PHONE,
	S_CONSENT,
	S_PURGED,
	S_VOIDED_AT,
	S_VOIDED_BY,
	S_VOID_REASON,
	S_FLAGS, /* services, then groups */
	S__COUNT = S_FLAGS + SVC__COUNT + GRP__COUNT
};

#define VISIT_COLS                                                                                 \
	"uid, at_utc, local_day, local_hour, entered_at, backdate_reason, staff_id, shift_id, "    \
	"unit_code, counter, procedure_code, dossier_code, channel, outcome, duration_s, note, "   \
	"citizen_name, citizen_phone, consent, pii_purged_at, voided_at, voided_by, "              \
	"void_reason" SERVICE_INFO(COL) GROUP_INFO(COL)

static const char sql_src_visits[] = "SELECT " VISIT_COLS " FROM visit ORDER BY id";
/* New visits go through a staging table in memory (temp_store=MEMORY) and
 * into `visit` with one INSERT ... SELECT: an INSERT ... VALUES per visit
 * builds the b-trees of the CHECK (channel IN (...)) lists at every
 * execution, which made a 50,000-visit merge take twice as long. */
static const char sql_stage_create[] = "CREATE TEMP TABLE merge_stage (" VISIT_COLS ")";
static const char sql_stage_drop[] = "DROP TABLE IF EXISTS temp.merge_stage";
static const char sql_stage_insert[] =
    "INSERT INTO temp.merge_stage (" VISIT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" SERVICE_INFO(COL_Q) GROUP_INFO(COL_Q) ")";
static const char sql_stage_flush[] = "INSERT INTO main.visit (" VISIT_COLS ") SELECT " VISIT_COLS
                                      " FROM temp.merge_stage ORDER BY rowid";

/* A visit already here: what a void or an edit from the other file is
 * compared with.  The editable columns are in the order of E_*. */
enum { L_ID, L_VOIDED, L_PII, L_EDIT };
enum { E_PROCEDURE, E_DOSSIER, E_CHANNEL, E_OUTCOME, E_DURATION, E_FLAGS };
#define EDIT_COLS                                                                                  \
	"procedure_code, dossier_code, channel, outcome, duration_s" SERVICE_INFO(COL)             \
	    GROUP_INFO(COL)
static const char sql_local_visit[] =
    "SELECT id, voided_at IS NOT NULL, coalesce(note, '') <> '' OR citizen_name IS NOT NULL OR "
    "citizen_phone IS NOT NULL, " EDIT_COLS " FROM visit WHERE uid = ?1";
static const char sql_update_visit[] =
    "UPDATE visit SET procedure_code = ?, dossier_code = ?, channel = ?, outcome = ?, "
    "duration_s = ?" SERVICE_INFO(COL_SET) GROUP_INFO(COL_SET) " WHERE id = ?";
static const char sql_void_visit[] =
    "UPDATE visit SET voided_at = ?1, voided_by = ?2, void_reason = ?3 WHERE id = ?4";
static const char sql_purge_visit[] = "UPDATE visit SET note = NULL, citizen_name = NULL, "
                                      "citizen_phone = NULL, pii_purged_at = ?1 WHERE id = ?2";
static const char sql_last_edit[] =
    "SELECT coalesce(max(at_utc), 0) FROM audit WHERE visit_uid = ?1 AND action IN "
    "('visit.update', 'merge.update')";
static const char sql_use_less[] =
    "UPDATE procedure SET use_count = max(use_count - 1, 0) WHERE code = ?1";
static const char sql_use_more[] = "UPDATE procedure SET use_count = use_count + 1 WHERE code = ?1";
/* The use counts of the new visits (the staging table holds only them), in
 * one statement: UPDATE ... FROM is SQLite 3.33 (Debian 12 has 3.40). */
static const char sql_use_added[] =
    "WITH n(code, c) AS (SELECT procedure_code, count(*) FROM temp.merge_stage WHERE "
    "voided_at IS NULL AND procedure_code IS NOT NULL GROUP BY procedure_code) "
    "UPDATE main.procedure SET use_count = use_count + n.c FROM n WHERE procedure.code = n.code";

/* ---- id maps: the other file's ids to this file's, appended in id order ---- */

struct idmap {
	int64_t from, to;
};
struct idmaps {
	struct idmap *v;
	size_t n, cap;
};

static void map_put(struct idmaps *m, int64_t from, int64_t to)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->n++] = (struct idmap){from, to};
}

/* 0 when unknown. */
static int64_t map_get(const struct idmaps *m, int64_t from)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].from < from)
			lo = mid + 1;
		else if (m->v[mid].from > from)
			hi = mid;
		else
			return m->v[mid].to;
	}
	return 0;
}

struct ctx {
	struct db *db, *src;
	const struct config *cfg;
	struct merge_result *res;
	const char *path, *base;
	time_t now;
	bool empty; /* this file had no visit: no uid can be here already */
	struct idmaps staff, shifts;
};

void merge_result_init(struct merge_result *r)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->renames);
}

void merge_result_done(struct merge_result *r)
{
	sb_done(&r->renames);
	memset(r, 0, sizeof *r);
}

/* Prepare on a connection, with the failure as a status. */
static sqlite3_stmt *prep(struct db *db, const char *sql, enum status *st)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	*st = s ? ST_OK : ST_DB_ERROR;
	return s;
}

static enum status step_done(struct db *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

/* Hand column c of s to parameter p of ins without a copy: the text stays
 * valid until s steps again, and ins has stepped by then.  (bind_value
 * copies every string: a third of a 50,000-visit merge.) */
static void pass(sqlite3_stmt *ins, int p, sqlite3_stmt *s, int c)
{
	switch (sqlite3_column_type(s, c)) {
	case SQLITE_INTEGER:
		sqlite3_bind_int64(ins, p, sqlite3_column_int64(s, c));
		break;
	case SQLITE_NULL:
		sqlite3_bind_null(ins, p);
		break;
	case SQLITE_TEXT:
		sqlite3_bind_text(ins, p, (const char *)sqlite3_column_text(s, c),
		                  sqlite3_column_bytes(s, c), SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_value(ins, p, sqlite3_column_value(s, c));
	}
}

static const char *col_text(sqlite3_stmt *s, int c)
{
	const unsigned char *t = sqlite3_column_text(s, c);
	return t ? (const char *)t : "";
}

/* ---- units ---- */

static enum status merge_units(struct ctx *c)
{
	static const char sql_src[] = "SELECT code, name, province FROM unit ORDER BY code";
	static const char sql_add[] = "INSERT INTO unit(code, name, province) VALUES (?1, ?2, ?3) "
	                              "ON CONFLICT(code) DO NOTHING";
	enum status st;
	sqlite3_stmt *s = prep(c->src, sql_src, &st), *a;
	int rc;
	if (!s)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(a = prep(c->db, sql_add, &st)))
			break;
		for (int i = 0; i < 3; i++)
			sqlite3_bind_value(a, i + 1, sqlite3_column_value(s, i));
		if ((st = step_done(c->db, a)) != ST_OK)
			break;
		c->res->units_added += sqlite3_changes(c->db->h);
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = db_status(c->src, rc);
	sqlite3_reset(s);
	return st;
}

/* ---- staff ---- */

static bool name_taken(struct db *db, const char *name, enum status *st)
{
	static const char sql[] = "SELECT 1 FROM staff WHERE name = ?1";
	sqlite3_stmt *s = prep(db, sql, st);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*st = db_status(db, rc);
	return rc == SQLITE_ROW;
}

/* Where a member of the other file worked: the unit of their first visit,
 * else the file's first unit, else the file's name. */
static char *member_place(struct ctx *c, int64_t src_id)
{
	static const char sql_visit[] = "SELECT unit_code FROM visit WHERE staff_id = ?1 "
	                                "ORDER BY id LIMIT 1";
	static const char sql_unit[] = "SELECT code FROM unit ORDER BY code LIMIT 1";
	enum status st;
	char *place = NULL;
	sqlite3_stmt *s = prep(c->src, sql_visit, &st);
	if (s) {
		sqlite3_bind_int64(s, 1, src_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			place = xstrdup(col_text(s, 0));
		sqlite3_reset(s);
	}
	if ((!place || !*place) && (s = prep(c->src, sql_unit, &st))) {
		free(place);
		place = sqlite3_step(s) == SQLITE_ROW ? xstrdup(col_text(s, 0)) : NULL;
		sqlite3_reset(s);
	}
	if (!place || !*place) {
		free(place);
		place = xstrdup(c->base);
	}
	return place;
}

/* A name for a newcomer whose name is taken here by someone else: never
 * join two people. */
static enum status free_name(struct ctx *c, int64_t src_id, const char *name, char **out)
{
	enum status st = ST_OK;
	char *place = member_place(c, src_id);
	char *cand = xasprintf("%s (%s)", name, place);
	for (int n = 2; name_taken(c->db, cand, &st) && st == ST_OK; n++) {
		free(cand);
		cand = xasprintf("%s (%s) %d", name, place, n);
	}
	free(place);
	if (st != ST_OK) {
		free(cand);
		return st;
	}
	*out = cand;
	return ST_OK;
}

static enum status add_member(struct ctx *c, sqlite3_stmt *s, int64_t *id)
{
	static const char sql_add[] =
	    "INSERT INTO staff(name, name_key, role, pin_hash, active, created_at, uid) "
	    "VALUES (?1, ?2, ?3, NULL, 0, ?4, ?5)";
	int64_t src_id = sqlite3_column_int64(s, 0);
	const char *name = col_text(s, 2), *role = col_text(s, 3);
	char *use = NULL, *key;
	enum status st = ST_OK;
	sqlite3_stmt *a;

	if (name_taken(c->db, name, &st)) {
		if ((st = free_name(c, src_id, name, &use)) != ST_OK)
			return st;
		sb_addf(&c->res->renames, "%s → %s\n", name, use);
		c->res->staff_renamed++;
	} else if (st != ST_OK) {
		return st;
	} else {
		use = xstrdup(name);
	}
	key = text_fold(use);
	if ((a = prep(c->db, sql_add, &st))) {
		sqlite3_bind_text(a, 1, use, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 2, key ? key : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 3, role, -1, SQLITE_STATIC);
		sqlite3_bind_value(a, 4, sqlite3_column_value(s, 4));
		sqlite3_bind_value(a, 5, sqlite3_column_value(s, 1));
		st = step_done(c->db, a);
	}
	free(key);
	free(use);
	if (st != ST_OK)
		return st;
	*id = sqlite3_last_insert_rowid(c->db->h);
	char detail[96];
	snprintf(detail, sizeof detail, "id=%lld,role=%s,merged", (long long)*id, role);
	c->res->staff_added++;
	return audit_append(c->db, 0, "staff.add", NULL, detail);
}

static enum status merge_staff(struct ctx *c)
{
	static const char sql_src[] =
	    "SELECT id, uid, name, role, created_at FROM staff ORDER BY id";
	static const char sql_find[] = "SELECT id FROM staff WHERE uid = ?1";
	enum status st;
	sqlite3_stmt *s = prep(c->src, sql_src, &st), *f;
	int rc;
	if (!s)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = 0;
		if (sqlite3_column_type(s, 1) == SQLITE_NULL) {
			st = status_fail(ST_DB_CORRUPT,
			                 _("the staff member %s of %s has no uid; open that file "
			                   "once with this dvcdesk to upgrade it"),
			                 col_text(s, 2), c->path);
			break;
		}
		if (!(f = prep(c->db, sql_find, &st)))
			break;
		sqlite3_bind_value(f, 1, sqlite3_column_value(s, 1));
		rc = sqlite3_step(f);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(f, 0);
		sqlite3_reset(f);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			st = db_status(c->db, rc);
			break;
		}
		if (id)
			c->res->staff_known++;
		else if ((st = add_member(c, s, &id)) != ST_OK)
			break;
		map_put(&c->staff, sqlite3_column_int64(s, 0), id);
	}
	if (st == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_status(c->src, rc);
	sqlite3_reset(s);
	return st;
}

/* ---- procedures ---- */

static enum status merge_procedures(struct ctx *c)
{
	static const char sql_src[] =
	    "SELECT code, name, field, active, search_key FROM procedure WHERE code IN "
	    "(SELECT DISTINCT procedure_code FROM visit WHERE procedure_code IS NOT NULL)";
	static const char sql_add[] =
	    "INSERT INTO procedure(code, name, field, search_key, use_count, active, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6) ON CONFLICT(code) DO NOTHING";
	enum status st;
	sqlite3_stmt *s = prep(c->src, sql_src, &st), *a;
	int rc;
	if (!s)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(a = prep(c->db, sql_add, &st)))
			break;
		/* search_key is text_fold(name), as this file's own import makes it */
		for (int i = 0; i < 3; i++)
			pass(a, i + 1, s, i);
		pass(a, 4, s, 4);
		pass(a, 5, s, 3);
		sqlite3_bind_int64(a, 6, (sqlite3_int64)c->now);
		if ((st = step_done(c->db, a)) != ST_OK)
			break;
		c->res->procedures_added += sqlite3_changes(c->db->h);
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = db_status(c->src, rc);
	sqlite3_reset(s);
	return st;
}

/* ---- shifts ---- */

static enum status merge_shifts(struct ctx *c)
{
	static const char sql_src[] =
	    "SELECT id, staff_id, unit_code, counter, session, opened_at, "
	    "closed_at, local_day FROM shift ORDER BY id";
	static const char sql_find[] =
	    "SELECT id, closed_at FROM shift WHERE local_day = ?1 AND staff_id = ?2 AND "
	    "opened_at = ?3 AND unit_code = ?4 AND counter = ?5";
	static const char sql_add[] =
	    "INSERT INTO shift(staff_id, unit_code, counter, session, "
	    "opened_at, closed_at, local_day) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7)";
	static const char sql_close[] = "UPDATE shift SET closed_at = ?1 WHERE id = ?2";
	enum status st;
	sqlite3_stmt *s = prep(c->src, sql_src, &st), *q;
	int rc;
	if (!s)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t staff = map_get(&c->staff, sqlite3_column_int64(s, 1)), id = 0;
		bool open_here = false;
		if (!(q = prep(c->db, sql_find, &st)))
			break;
		sqlite3_bind_value(q, 1, sqlite3_column_value(s, 7));
		sqlite3_bind_int64(q, 2, staff);
		sqlite3_bind_value(q, 3, sqlite3_column_value(s, 5));
		sqlite3_bind_value(q, 4, sqlite3_column_value(s, 2));
		sqlite3_bind_value(q, 5, sqlite3_column_value(s, 3));
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(q, 0);
			open_here = sqlite3_column_type(q, 1) == SQLITE_NULL;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			st = db_status(c->db, rc);
			break;
		}
		if (id && open_here && sqlite3_column_type(s, 6) != SQLITE_NULL) {
			/* closed there since the last merge */
			if (!(q = prep(c->db, sql_close, &st)))
				break;
			sqlite3_bind_value(q, 1, sqlite3_column_value(s, 6));
			sqlite3_bind_int64(q, 2, id);
			if ((st = step_done(c->db, q)) != ST_OK)
				break;
		} else if (!id) {
			if (!(q = prep(c->db, sql_add, &st)))
				break;
			sqlite3_bind_int64(q, 1, staff);
			for (int i = 2; i <= 7; i++)
				sqlite3_bind_value(q, i, sqlite3_column_value(s, i));
			if ((st = step_done(c->db, q)) != ST_OK)
				break;
			id = sqlite3_last_insert_rowid(c->db->h);
			c->res->shifts_added++;
		}
		map_put(&c->shifts, sqlite3_column_int64(s, 0), id);
	}
	if (st == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_status(c->src, rc);
	sqlite3_reset(s);
	return st;
}

/* ---- visits ---- */

static bool same_value(sqlite3_stmt *a, int ca, sqlite3_stmt *b, int cb)
{
	int ta = sqlite3_column_type(a, ca), tb = sqlite3_column_type(b, cb);
	if (ta != tb)
		return false;
	if (ta == SQLITE_NULL)
		return true;
	if (ta == SQLITE_INTEGER)
		return sqlite3_column_int64(a, ca) == sqlite3_column_int64(b, cb);
	int na = sqlite3_column_bytes(a, ca), nb = sqlite3_column_bytes(b, cb);
	return na == nb &&
	       memcmp(sqlite3_column_text(a, ca), sqlite3_column_text(b, cb), (size_t)na) == 0;
}

static long long last_edit(struct db *db, const char *uid, enum status *st)
{
	sqlite3_stmt *s = prep(db, sql_last_edit, st);
	long long t = 0;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		t = sqlite3_column_int64(s, 0);
	else
		*st = db_status(db, rc);
	sqlite3_reset(s);
	return t;
}

static enum status use_count(struct db *db, const char *sql, sqlite3_stmt *from, int col)
{
	enum status st;
	if (sqlite3_column_type(from, col) == SQLITE_NULL)
		return ST_OK;
	sqlite3_stmt *s = prep(db, sql, &st);
	if (!s)
		return st;
	sqlite3_bind_value(s, 1, sqlite3_column_value(from, col));
	return step_done(db, s);
}

/* A void from the other file: its time, voider and reason. */
static enum status take_void(struct ctx *c, sqlite3_stmt *s, sqlite3_stmt *l, const char *uid)
{
	enum status st;
	int64_t by = sqlite3_column_type(s, S_VOIDED_BY) == SQLITE_NULL
	                 ? 0
	                 : map_get(&c->staff, sqlite3_column_int64(s, S_VOIDED_BY));
	sqlite3_stmt *u = prep(c->db, sql_void_visit, &st);
	if (!u)
		return st;
	sqlite3_bind_value(u, 1, sqlite3_column_value(s, S_VOIDED_AT));
	if (by)
		sqlite3_bind_int64(u, 2, by);
	else
		sqlite3_bind_null(u, 2);
	sqlite3_bind_value(u, 3, sqlite3_column_value(s, S_VOID_REASON));
	sqlite3_bind_int64(u, 4, sqlite3_column_int64(l, L_ID));
	if ((st = step_done(c->db, u)) != ST_OK ||
	    (st = use_count(c->db, sql_use_less, l, L_EDIT + E_PROCEDURE)) != ST_OK)
		return st;
	c->res->visits_voided++;
	/* The reason is free text: not in the audit (as visit_void). */
	return audit_append(c->db, by, "merge.void", uid, "voided_at,voided_by,void_reason");
}

/* The editable fields of the other file's row, when they differ from ours
 * and were edited there after our last edit. */
static enum status take_edit(struct ctx *c, sqlite3_stmt *s, sqlite3_stmt *l, const char *uid,
                             bool *taken)
{
	static const int src_col[E_FLAGS] = {S_PROCEDURE, S_DOSSIER, S_CHANNEL, S_OUTCOME,
	                                     S_DURATION};
	static const char *const names[E_FLAGS] = {"procedure_code", "dossier_code", "channel",
	                                           "outcome", "duration_s"};
	const int n_flags = SVC__COUNT + GRP__COUNT;
	struct strbuf fields;
	enum status st = ST_OK;

	*taken = false;
	sb_init(&fields);
	for (int i = 0; i < E_FLAGS; i++)
		if (!same_value(s, src_col[i], l, L_EDIT + i))
			sb_addf(&fields, "%s%s", fields.len ? "," : "", names[i]);
	for (int i = 0; i < n_flags; i++)
		if (!same_value(s, S_FLAGS + i, l, L_EDIT + E_FLAGS + i))
			sb_addf(&fields, "%s%s", fields.len ? "," : "",
			        i < SVC__COUNT ? service_keys[i] : group_keys[i - SVC__COUNT]);
	if (fields.len == 0)
		goto out;
	long long theirs = last_edit(c->src, uid, &st);
	long long ours = st == ST_OK ? last_edit(c->db, uid, &st) : 0;
	if (st != ST_OK || theirs <= ours)
		goto out;
	sqlite3_stmt *u = prep(c->db, sql_update_visit, &st);
	if (!u)
		goto out;
	int p = 1;
	for (int i = 0; i < E_FLAGS; i++)
		sqlite3_bind_value(u, p++, sqlite3_column_value(s, src_col[i]));
	for (int i = 0; i < n_flags; i++)
		sqlite3_bind_value(u, p++, sqlite3_column_value(s, S_FLAGS + i));
	sqlite3_bind_int64(u, p, sqlite3_column_int64(l, L_ID));
	if ((st = step_done(c->db, u)) != ST_OK)
		goto out;
	if (!same_value(s, S_PROCEDURE, l, L_EDIT + E_PROCEDURE) &&
	    ((st = use_count(c->db, sql_use_less, l, L_EDIT + E_PROCEDURE)) != ST_OK ||
	     (st = use_count(c->db, sql_use_more, s, S_PROCEDURE)) != ST_OK))
		goto out;
	if ((st = audit_append(c->db, 0, "merge.update", uid, fields.buf)) == ST_OK)
		*taken = true;
out:
	sb_done(&fields);
	return st;
}

/* The other file's visit when its uid is already here (*found); nothing
 * when it is not. */
static enum status reconcile(struct ctx *c, sqlite3_stmt *s, bool *found)
{
	enum status st;
	const char *uid = col_text(s, S_UID);
	sqlite3_stmt *l = prep(c->db, sql_local_visit, &st);
	if (!l)
		return st;
	sqlite3_bind_text(l, 1, uid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(l);
	*found = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW) {
		st = rc == SQLITE_DONE ? ST_OK : db_status(c->db, rc);
		sqlite3_reset(l);
		return st;
	}
	bool changed = false;
	if (sqlite3_column_int(l, L_PII) && sqlite3_column_type(s, S_PURGED) != SQLITE_NULL) {
		sqlite3_stmt *u = prep(c->db, sql_purge_visit, &st);
		if (u) {
			sqlite3_bind_value(u, 1, sqlite3_column_value(s, S_PURGED));
			sqlite3_bind_int64(u, 2, sqlite3_column_int64(l, L_ID));
			st = step_done(c->db, u);
		}
		if (st != ST_OK)
			goto out;
		c->res->personal_purged++;
	}
	if (sqlite3_column_int(l, L_VOIDED)) {
		/* a void is final */
	} else if (sqlite3_column_type(s, S_VOIDED_AT) != SQLITE_NULL) {
		if ((st = take_void(c, s, l, uid)) != ST_OK)
			goto out;
		changed = true;
	} else {
		if ((st = take_edit(c, s, l, uid, &changed)) != ST_OK)
			goto out;
		if (changed)
			c->res->visits_updated++;
	}
	if (!changed)
		c->res->visits_unchanged++;
out:
	sqlite3_reset(l);
	return st;
}

/* Personal columns as this file's own rules allow (merge.h). */
static void bind_personal(struct ctx *c, sqlite3_stmt *s, sqlite3_stmt *ins)
{
	const struct config *cfg = c->cfg;
	time_t cutoff =
	    c->now -
	    (time_t)(cfg->privacy.retention_days > 0 ? cfg->privacy.retention_days : 0) * 86400;
	bool purged = sqlite3_column_type(s, S_PURGED) != SQLITE_NULL;
	bool fresh = !purged && sqlite3_column_int64(s, S_ENTERED) >= (sqlite3_int64)cutoff;
	bool consent = sqlite3_column_int(s, S_CONSENT) != 0;
	const bool keep[3] = {fresh, fresh && consent && cfg->privacy.collect_name,
	                      fresh && consent && cfg->privacy.collect_phone};
	bool left = false;
	for (int i = 0; i < 3; i++) {
		int col = S_NOTE + i;
		if (keep[i]) {
			pass(ins, col + 1, s, col);
			continue;
		}
		sqlite3_bind_null(ins, col + 1);
		left = left || sqlite3_column_bytes(s, col) > 0;
	}
	if (left) {
		c->res->personal_left++;
		if (!purged) {
			sqlite3_bind_int64(ins, S_PURGED + 1, (sqlite3_int64)c->now);
			return;
		}
	}
	pass(ins, S_PURGED + 1, s, S_PURGED);
}

/* The other file's id in column `col` mapped here; false when unknown. */
static bool bind_mapped(sqlite3_stmt *ins, int col, sqlite3_stmt *s, const struct idmaps *m)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		sqlite3_bind_null(ins, col + 1);
		return true;
	}
	int64_t id = map_get(m, sqlite3_column_int64(s, col));
	if (!id)
		return false;
	sqlite3_bind_int64(ins, col + 1, id);
	return true;
}

static enum status merge_visits(struct ctx *c)
{
	enum status st;
	sqlite3_stmt *s = prep(c->src, sql_src_visits, &st), *ins;
	int rc;
	if (!s || (st = db_exec(c->db, sql_stage_drop)) != ST_OK ||
	    (st = db_exec(c->db, sql_stage_create)) != ST_OK)
		return st;
	if (!(ins = prep(c->db, sql_stage_insert, &st)))
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		bool found = false;
		if (!c->empty && (st = reconcile(c, s, &found)) != ST_OK)
			break;
		if (found)
			continue;
		for (int i = 0; i < S__COUNT; i++) {
			switch (i) {
			case S_STAFF:
			case S_SHIFT:
			case S_VOIDED_BY:
			case S_NOTE:
			case S_NAME:
			case S_PHONE:
			case S_PURGED:
				continue;
			default:
				pass(ins, i + 1, s, i);
			}
		}
		if (!bind_mapped(ins, S_STAFF, s, &c->staff) ||
		    !bind_mapped(ins, S_SHIFT, s, &c->shifts) ||
		    !bind_mapped(ins, S_VOIDED_BY, s, &c->staff)) {
			st = status_fail(ST_DB_CORRUPT,
			                 _("the visit %s of %s names a staff member or a shift "
			                   "that file does not hold"),
			                 col_text(s, S_UID), c->path);
			sqlite3_clear_bindings(ins);
			break;
		}
		bind_personal(c, s, ins);
		if ((st = step_done(c->db, ins)) != ST_OK)
			break;
		c->res->visits_added++;
	}
	if (st == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_status(c->src, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(ins); /* they point into the other file's rows */
	if (st == ST_OK && c->res->visits_added > 0)
		st = db_exec(c->db, sql_stage_flush);
	sqlite3_stmt *u;
	if (st == ST_OK && c->res->visits_added > 0 && (u = prep(c->db, sql_use_added, &st)))
		st = step_done(c->db, u);
out:
	if (st == ST_OK)
		st = db_exec(c->db, sql_stage_drop);
	else
		db_exec(c->db, sql_stage_drop);
	return st;
}

/* ---- the whole file ---- */

static enum status same_file(struct db *db, const char *path)
{
	struct stat a, b;
	if (stat(db->path, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return status_fail(ST_USAGE,
		                   _("%s is this database itself; give another "
		                     "counter's file"),
		                   path);
	return ST_OK;
}

static enum status run(struct ctx *c)
{
	enum status st;
	c->empty = db_int(c->db, "SELECT EXISTS (SELECT 1 FROM visit)", 1) == 0;
	if ((st = merge_units(c)) != ST_OK || (st = merge_staff(c)) != ST_OK ||
	    (st = merge_procedures(c)) != ST_OK || (st = merge_shifts(c)) != ST_OK ||
	    (st = merge_visits(c)) != ST_OK)
		return st;
	const struct merge_result *r = c->res;
	/* A file merged again that brings nothing leaves no trace. */
	if (!(r->visits_added || r->visits_voided || r->visits_updated || r->staff_added ||
	      r->shifts_added || r->procedures_added || r->units_added || r->personal_purged))
		return ST_OK;
	char *detail = xasprintf(
	    "file=%s,visits_added=%ld,voided=%ld,updated=%ld,unchanged=%ld,staff_added=%ld,"
	    "staff_renamed=%ld,shifts_added=%ld,procedures_added=%ld,units_added=%ld,"
	    "personal_left=%ld,personal_purged=%ld",
	    c->base, r->visits_added, r->visits_voided, r->visits_updated, r->visits_unchanged,
	    r->staff_added, r->staff_renamed, r->shifts_added, r->procedures_added, r->units_added,
	    r->personal_left, r->personal_purged);
	st = audit_append(c->db, 0, "merge", NULL, detail);
	free(detail);
	return st;
}

enum status merge_file(struct db *db, const struct config *cfg, const char *path,
                       struct merge_result *res)
{
	status_clear();
	struct ctx c = {.db = db, .cfg = cfg, .res = res, .path = path, .now = util_now()};
	const char *slash = strrchr(path, '/');
	enum status st;

	sb_reset(&res->renames);
	memset(res, 0, offsetof(struct merge_result, renames));
	c.base = slash ? slash + 1 : path;
	if ((st = same_file(db, path)) != ST_OK)
		return st;
	/* db_open's rules: no symlink, ours, not newer, not older, not damaged
	 * (DB_CHECK: a quick_check whatever the size), never written. */
	if ((st = db_open(&c.src, path, DB_READONLY | DB_CHECK)) != ST_OK)
		return st;
	/* One snapshot of the other file, one transaction here. */
	if ((st = db_exec(c.src, "BEGIN")) != ST_OK || (st = db_begin(db)) != ST_OK)
		goto close;
	st = run(&c);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
close:
	db_close(c.src);
	free(c.staff.v);
	free(c.shifts.v);
	if (st != ST_OK) {
		sb_reset(&res->renames);
		memset(res, 0, offsetof(struct merge_result, renames));
	}
	return st;
}
