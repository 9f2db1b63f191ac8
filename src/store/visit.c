/* Visits: the one save path, corrections and voids (the lists are
 * visit_list.c). */
#include "store/visit.h"
#include "store/visit_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/audit.h"
#include "util/text.h"
#include "util/util.h"

#define VISIT_KEY(id, key, ...)                  key,
#define VISIT_LABEL(id, key, label, ...)         label,
#define VISIT_FLAG(id, key, label, flag, short)  flag,
#define VISIT_SHORT(id, key, label, flag, short) short,
const char *const service_keys[SVC__COUNT] = {SERVICE_INFO(VISIT_KEY)};
const char *const service_labels[SVC__COUNT] = {SERVICE_INFO(VISIT_LABEL)};
const char *const group_keys[GRP__COUNT] = {GROUP_INFO(VISIT_KEY)};
const char *const group_labels[GRP__COUNT] = {GROUP_INFO(VISIT_LABEL)};
const char *const channel_keys[CH__COUNT] = {CHANNEL_INFO(VISIT_KEY)};
const char *const channel_labels[CH__COUNT] = {CHANNEL_INFO(VISIT_LABEL)};
const char *const outcome_keys[OUT__COUNT] = {OUTCOME_INFO(VISIT_KEY)};
const char *const outcome_labels[OUT__COUNT] = {OUTCOME_INFO(VISIT_LABEL)};
const char *const service_flags[SVC__COUNT] = {SERVICE_INFO(VISIT_FLAG)};
const char *const service_shorts[SVC__COUNT] = {SERVICE_INFO(VISIT_SHORT)};
const char *const group_flags[GRP__COUNT] = {GROUP_INFO(VISIT_FLAG)};
const char *const group_shorts[GRP__COUNT] = {GROUP_INFO(VISIT_SHORT)};
const char *const channel_flags[CH__COUNT] = {CHANNEL_INFO(VISIT_FLAG)};
const char *const channel_shorts[CH__COUNT] = {CHANNEL_INFO(VISIT_SHORT)};
const char *const outcome_flags[OUT__COUNT] = {OUTCOME_INFO(VISIT_FLAG)};
const char *const outcome_shorts[OUT__COUNT] = {OUTCOME_INFO(VISIT_SHORT)};

/* A visit more than this long before its entry needs a reason; one this far
 * in the future is a typo or a wrong clock. */
#define VISIT_BACKDATE_SLACK (10 * 60)

/* The SQL follows the X-macros, so a new service or group is one line in
 * visit.h plus its column in a migration. */
#define COL(id, key, ...)     ", " key
#define COL_Q(id, key, ...)   ", ?"
#define COL_SET(id, key, ...) ", " key " = ?"

static const char sql_get[] = VISIT_SELECT " FROM visit v WHERE v.uid = ?";
static const char sql_last_of_shift[] =
    VISIT_SELECT " FROM visit v WHERE v.shift_id = ? AND "
                 "v.voided_at IS NULL ORDER BY v.id DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO visit (uid, at_utc, local_day, local_hour, entered_at, backdate_reason, "
    "staff_id, shift_id, unit_code, counter, procedure_code, dossier_code, channel, outcome, "
    "duration_s, note, citizen_name, citizen_phone, consent" SERVICE_INFO(COL) GROUP_INFO(
        COL) ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" SERVICE_INFO(COL_Q)
        GROUP_INFO(COL_Q) ") ON CONFLICT(uid) DO NOTHING";
/* An edit or a void raises the visit's version (the sync's "newer"): to the
 * time in milliseconds, or one more when the clock is behind the stored
 * version, so an edit after a restore of an older backup still wins. */
#define VERSION_BUMP                                                                               \
	"version = max(version + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))"
static const char sql_update[] =
    "UPDATE visit SET procedure_code = ?, dossier_code = ?, channel = ?, outcome = ?, "
    "duration_s = ?, note = ?" SERVICE_INFO(COL_SET) GROUP_INFO(COL_SET) ", " VERSION_BUMP
    " WHERE id = ?";
static const char sql_find_uid[] = "SELECT id FROM visit WHERE uid = ?";
static const char sql_staff_exists[] = "SELECT 1 FROM staff WHERE id = ?";
static const char sql_shift_exists[] = "SELECT 1 FROM shift WHERE id = ?";
static const char sql_procedure_exists[] = "SELECT 1 FROM procedure WHERE code = ?";
static const char sql_use_more[] = "UPDATE procedure SET use_count = use_count + 1 WHERE code = ?";
static const char sql_use_less[] =
    "UPDATE procedure SET use_count = max(use_count - 1, 0) WHERE code = ?";
static const char sql_void[] =
    "UPDATE visit SET voided_at = ?, voided_by = ?, void_reason = ?, " VERSION_BUMP " WHERE id = ?";

int visit_key_index(const char *const *keys, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (key && strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

bool visit_parse_flags(const char *list, const char *const *keys, int n, unsigned *mask)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL;
	unsigned m = 0;
	bool ok = true;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok = str_trim(tok);
		if (!*tok)
			continue;
		int i = visit_key_index(keys, n, tok);
		if (i < 0) {
			struct strbuf allowed;
			sb_init(&allowed);
			for (int k = 0; k < n; k++)
				sb_addf(&allowed, "%s%s", k ? ", " : "", keys[k]);
			status_fail(ST_USAGE, _("unknown value \"%s\"; allowed: %s"), tok,
			            allowed.buf);
			sb_done(&allowed);
			ok = false;
			break;
		}
		m |= 1u << i;
	}
	free(copy);
	if (ok)
		*mask = m;
	return ok;
}

bool visit_uid_valid(const char *uid)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (!uid || strlen(uid) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		char c = uid[i];
		if (shape[i] == '-' ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

bool visit_uid_normalise(const char *in, char out[VISIT_UID_SIZE])
{
	out[0] = '\0';
	if (!in)
		return false;
	while (*in == ' ' || *in == '\t')
		in++;
	size_t n = strlen(in);
	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n > 9 && strncasecmp(in, "urn:uuid:", 9) == 0) {
		in += 9;
		n -= 9;
	}
	if (n >= 2 && in[0] == '{' && in[n - 1] == '}') {
		in++;
		n -= 2;
	}
	/* 32 hexadecimal digits, with the four dashes in their places or none. */
	char hex[33];
	size_t h = 0;
	static const size_t dash_at[] = {8, 13, 18, 23};
	bool dashed = n == 36;
	if (n != 32 && n != 36)
		return false;
	for (size_t i = 0, d = 0; i < n; i++) {
		char c = in[i];
		if (dashed && d < 4 && i == dash_at[d]) {
			if (c != '-')
				return false;
			d++;
			continue;
		}
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		hex[h++] = c;
	}
	if (h != 32)
		return false;
	snprintf(out, VISIT_UID_SIZE, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
	         hex + 20);
	return true;
}

bool visit_same(const struct visit *a, const struct visit *b, bool compare_at)
{
	return str_eq(a->procedure_code, b->procedure_code) && a->services == b->services &&
	       str_eq(a->dossier_code, b->dossier_code) && a->groups == b->groups &&
	       a->channel == b->channel && a->outcome == b->outcome &&
	       a->duration_s == b->duration_s && str_eq(a->note, b->note) &&
	       a->staff_id == b->staff_id && (!compare_at || a->at == b->at);
}

void visit_init(struct visit *v)
{
	memset(v, 0, sizeof *v);
	uuid_v7(v->uid);
	v->at = v->entered_at = util_now();
	v->channel = CH_WALK_IN;
	v->outcome = OUT_DONE;
}

/* Step a one-row existence query; true when the row exists.  *st gets any
 * error (ST_OK otherwise). */
static bool exists_text(struct db *db, const char *sql, const char *key, enum status *st)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	int rc;

	if (!s) {
		*st = ST_DB_ERROR;
		return false;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*st = rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
	sqlite3_reset(s);
	return rc == SQLITE_ROW;
}

static bool exists_id(struct db *db, const char *sql, int64_t id, enum status *st)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	int rc;

	if (!s) {
		*st = ST_DB_ERROR;
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*st = rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
	sqlite3_reset(s);
	return rc == SQLITE_ROW;
}

enum status visit_validate(struct db *db, const struct visit *v)
{
	status_clear();
	/* Every text field: valid UTF-8, no control character, within its
	 * documented limit (visit.h; README "Reliability") -- refused, never cut. */
#define TEXT_FIELD(f, label) {v->f, sizeof(v->f) - 1, label}
	const struct {
		const char *text;
		size_t max;
		const char *label;
	} texts[] = {
	    TEXT_FIELD(uid, N_("uid")),
	    TEXT_FIELD(backdate_reason, N_("backdating reason")),
	    TEXT_FIELD(unit_code, N_("unit code")),
	    TEXT_FIELD(counter, N_("counter")),
	    TEXT_FIELD(procedure_code, N_("procedure code")),
	    TEXT_FIELD(dossier_code, N_("dossier code")),
	    TEXT_FIELD(note, N_("note")),
	    TEXT_FIELD(citizen_name, N_("citizen name")),
	    TEXT_FIELD(citizen_phone, N_("phone number")),
	};
#undef TEXT_FIELD
	enum status st;

	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		if ((st = text_check_field(_(texts[i].label), texts[i].text, texts[i].max)) != ST_OK)
			return st;
	if (!visit_uid_valid(v->uid))
		return status_fail(ST_INVALID,
		                   _("the visit uid \"%s\" is not a UUID "
		                     "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hexadecimal)"),
		                   v->uid);
	/* The uid goes into the audit hash, whose fields are '|'-separated. */
	if (str_empty(v->uid) || strpbrk(v->uid, "| \t\r\n"))
		return status_fail(ST_INVALID,
		                   _("the visit uid \"%s\" is empty or has spaces or "
		                     "'|'"),
		                   v->uid);
	if ((unsigned)v->channel >= CH__COUNT || (unsigned)v->outcome >= OUT__COUNT ||
	    v->services >> SVC__COUNT || v->groups >> GRP__COUNT)
		return status_fail(ST_INVALID, _("the visit has an unknown channel, outcome, "
		                                 "service or group"));
	if (v->duration_s < 0)
		return status_fail(ST_INVALID, _("the duration cannot be negative"));
	if ((v->services & (1u << SVC_ONLINE_SUBMISSION)) && str_empty(v->dossier_code))
		return status_fail(ST_INVALID, _("the dossier code is required when the dossier "
		                                 "was submitted online"));
	if ((!str_empty(v->citizen_name) || !str_empty(v->citizen_phone)) && !v->consent)
		return status_fail(ST_INVALID, _("the citizen's name and phone number can be kept "
		                                 "only with their consent"));
	if (v->at < v->entered_at - VISIT_BACKDATE_SLACK && str_empty(v->backdate_reason))
		return status_fail(ST_INVALID, _("a reason is required for a visit entered more "
		                                 "than 10 minutes after it happened"));
	/* Reports close by year: a visit before last year is a typo in the year
	 * (2062 for 2026, 2016...), not a late entry. */
	if (time_local_day(v->at) / 10000 < time_local_day(v->entered_at) / 10000 - 1) {
		int d = time_local_day(v->at);
		return status_fail(ST_INVALID,
		                   _("the visit date %02d/%02d/%04d is before last year; only visits "
		                     "of this year and last year can be entered (check the year)"),
		                   d % 100, d / 100 % 100, d / 10000);
	}
	if (v->at > v->entered_at + VISIT_BACKDATE_SLACK)
		return status_fail(ST_INVALID, _("the visit time is in the future; check the time "
		                                 "and the computer's clock"));
	if (!exists_id(db, sql_staff_exists, v->staff_id, &st))
		return st != ST_OK ? st
		                   : status_fail(ST_INVALID, _("staff member %lld does not exist"),
		                                 (long long)v->staff_id);
	if (v->shift_id != 0 && !exists_id(db, sql_shift_exists, v->shift_id, &st))
		return st != ST_OK ? st
		                   : status_fail(ST_INVALID, _("shift %lld does not exist"),
		                                 (long long)v->shift_id);
	if (!str_empty(v->procedure_code) &&
	    !exists_text(db, sql_procedure_exists, v->procedure_code, &st))
		return st != ST_OK
		           ? st
		           : status_fail(ST_INVALID,
		                         _("unknown procedure code %s: import the catalogue, "
		                           "or leave the procedure empty for general "
		                           "guidance"),
		                         v->procedure_code);
	return ST_OK;
}

/* Trim and NFC one text field in place. */
static enum status nfc_field(char *buf, size_t size, const char *label)
{
	char *n;

	str_trim(buf);
	n = text_nfc(buf);
	if (!n)
		return status_fail(ST_INVALID, _("the %s is not valid UTF-8 text"), _(label));
	if (strlen(n) >= size) { /* composed longer than it came: refused, never cut */
		enum status st = text_check_field(_(label), n, size - 1);
		free(n);
		return st;
	}
	str_copy(buf, size, n);
	free(n);
	return ST_OK;
}

#define NFC(v, field, label)                                                                       \
	do {                                                                                       \
		enum status st_ = nfc_field((v)->field, sizeof((v)->field), label);                \
		if (st_ != ST_OK)                                                                  \
			return st_;                                                                \
	} while (0)

/* The fields a correction may change. */
static enum status normalise_editable(struct visit *v)
{
	NFC(v, procedure_code, N_("procedure code"));
	NFC(v, dossier_code, N_("dossier code"));
	NFC(v, note, N_("note"));
	return ST_OK;
}

static enum status normalise(struct visit *v)
{
	NFC(v, backdate_reason, N_("backdating reason"));
	NFC(v, unit_code, N_("unit code"));
	NFC(v, counter, N_("counter"));
	NFC(v, citizen_name, N_("citizen name"));
	NFC(v, citizen_phone, N_("phone number"));
	return normalise_editable(v);
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (str_empty(t))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
}

static int col_key(sqlite3_stmt *s, int i, const char *const *keys, int n)
{
	int k = db_col_key(s, i, keys, n);
	return k < 0 ? 0 : k;
}

void visit_read_row(sqlite3_stmt *s, struct visit *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(s, 0);
	db_col_copy(s, 1, v->uid, sizeof v->uid);
	v->at = (time_t)sqlite3_column_int64(s, 2);
	v->entered_at = (time_t)sqlite3_column_int64(s, 3);
	db_col_copy(s, 4, v->backdate_reason, sizeof v->backdate_reason);
	v->staff_id = sqlite3_column_int64(s, 5);
	v->shift_id = sqlite3_column_int64(s, 6);
	db_col_copy(s, 7, v->unit_code, sizeof v->unit_code);
	db_col_copy(s, 8, v->counter, sizeof v->counter);
	db_col_copy(s, 9, v->procedure_code, sizeof v->procedure_code);
	db_col_copy(s, 10, v->dossier_code, sizeof v->dossier_code);
	v->channel = (enum channel)col_key(s, 11, channel_keys, CH__COUNT);
	v->outcome = (enum outcome)col_key(s, 12, outcome_keys, OUT__COUNT);
	v->duration_s = sqlite3_column_int(s, 13);
	db_col_copy(s, 14, v->note, sizeof v->note);
	db_col_copy(s, 15, v->citizen_name, sizeof v->citizen_name);
	db_col_copy(s, 16, v->citizen_phone, sizeof v->citizen_phone);
	v->consent = sqlite3_column_int(s, 17) != 0;
	v->voided_at = (time_t)sqlite3_column_int64(s, 18);
	v->voided_by = sqlite3_column_int64(s, 19);
	db_col_copy(s, 20, v->void_reason, sizeof v->void_reason);
	for (int i = 0; i < SVC__COUNT; i++)
		if (sqlite3_column_int(s, VISIT_FIXED_COLS + i))
			v->services |= 1u << i;
	for (int i = 0; i < GRP__COUNT; i++)
		if (sqlite3_column_int(s, VISIT_FIXED_COLS + SVC__COUNT + i))
			v->groups |= 1u << i;
}

/* A counts_only row of visit_list(). */
void visit_read_counts(sqlite3_stmt *s, struct visit *v)
{
	memset(v, 0, sizeof *v);
	v->voided_at = sqlite3_column_int(s, 0);
	str_copy(v->procedure_code, sizeof v->procedure_code, sqlite3_column_int(s, 1) ? "" : "?");
	v->services = v->groups = 0;
	for (int i = 0; i < SVC__COUNT; i++)
		if (sqlite3_column_int(s, 2 + i))
			v->services |= 1u << i;
	for (int i = 0; i < GRP__COUNT; i++)
		if (sqlite3_column_int(s, 2 + SVC__COUNT + i))
			v->groups |= 1u << i;
}

static enum status insert(struct db *db, const struct visit *v, bool *inserted)
{
	sqlite3_stmt *s = db_prepare(db, sql_insert);
	int i = 1, rc;

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_text(s, i++, v->uid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)v->at);
	sqlite3_bind_int(s, i++, time_local_day(v->at));
	sqlite3_bind_int(s, i++, time_local_minute(v->at) / 60);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)v->entered_at);
	bind_text_or_null(s, i++, v->backdate_reason);
	sqlite3_bind_int64(s, i++, v->staff_id);
	if (v->shift_id)
		sqlite3_bind_int64(s, i++, v->shift_id);
	else
		sqlite3_bind_null(s, i++);
	sqlite3_bind_text(s, i++, v->unit_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, v->counter, -1, SQLITE_STATIC);
	bind_text_or_null(s, i++, v->procedure_code);
	bind_text_or_null(s, i++, v->dossier_code);
	sqlite3_bind_text(s, i++, channel_keys[v->channel], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, outcome_keys[v->outcome], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, i++, v->duration_s);
	bind_text_or_null(s, i++, v->note);
	bind_text_or_null(s, i++, v->citizen_name);
	bind_text_or_null(s, i++, v->citizen_phone);
	sqlite3_bind_int(s, i++, v->consent);
	for (int k = 0; k < SVC__COUNT; k++)
		sqlite3_bind_int(s, i++, (v->services >> k) & 1);
	for (int k = 0; k < GRP__COUNT; k++)
		sqlite3_bind_int(s, i++, (v->groups >> k) & 1);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_status(db, rc);
	*inserted = sqlite3_changes(db->h) > 0;
	return ST_OK;
}

static enum status use_count(struct db *db, const char *sql, const char *code)
{
	sqlite3_stmt *s;
	int rc;

	if (str_empty(code))
		return ST_OK;
	if (!(s = db_prepare(db, sql)))
		return ST_DB_ERROR;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

/* The id of the stored visit with this uid, 0 when none, -1 on error. */
static int64_t find_uid(struct db *db, const char *uid, enum status *st)
{
	sqlite3_stmt *s = db_prepare(db, sql_find_uid);
	int64_t id = -1;
	int rc;

	*st = ST_DB_ERROR;
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	*st = id >= 0 ? ST_OK : db_status(db, rc);
	sqlite3_reset(s);
	return id;
}

enum status visit_save(struct db *db, struct visit *v, bool *already)
{
	status_clear();
	bool ignored, inserted = false;
	enum status st;
	int64_t id;

	if (!already)
		already = &ignored;
	*already = false;
	v->id = 0;
	if ((st = normalise(v)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	/* Idempotent: a retry after an ambiguous failure (an IOERR whose
	 * commit did reach the disk) finds its own uid and changes nothing. */
	if ((id = find_uid(db, v->uid, &st)) < 0)
		goto fail;
	if (id > 0) {
		db_rollback(db);
		v->id = id;
		*already = true;
		return ST_OK;
	}
	if ((st = visit_validate(db, v)) != ST_OK || (st = insert(db, v, &inserted)) != ST_OK)
		goto fail;
	if (!inserted) {
		st = status_fail(ST_DB_ERROR, _("the visit %s was not saved"), v->uid);
		goto fail;
	}
	id = sqlite3_last_insert_rowid(db->h);
	if ((st = use_count(db, sql_use_more, v->procedure_code)) != ST_OK)
		goto fail;
	if ((st = db_commit(db)) != ST_OK)
		return st;
	v->id = id;
	return ST_OK;
fail:
	db_rollback(db);
	return st;
}

enum status visit_get(struct db *db, const char *uid, struct visit *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_get);
	enum status st = ST_OK;
	int rc;

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		visit_read_row(s, out);
	else if (rc == SQLITE_DONE)
		st = status_fail(ST_NOT_FOUND, _("no visit has the uid %s"), uid);
	else
		st = db_status(db, rc);
	sqlite3_reset(s);
	return st;
}

/* Names of the editable fields that differ, comma-separated (no values:
 * the audit log never holds what was typed about a citizen). */
static void changed_fields(const struct visit *a, const struct visit *b, struct strbuf *out)
{
#define CHANGED(cond, name)                                                                        \
	do {                                                                                       \
		if (cond)                                                                          \
			sb_addf(out, "%s%s", out->len ? "," : "", name);                           \
	} while (0)
	CHANGED(strcmp(a->procedure_code, b->procedure_code) != 0, "procedure_code");
	for (int i = 0; i < SVC__COUNT; i++)
		CHANGED(((a->services ^ b->services) >> i) & 1, service_keys[i]);
	CHANGED(strcmp(a->dossier_code, b->dossier_code) != 0, "dossier_code");
	for (int i = 0; i < GRP__COUNT; i++)
		CHANGED(((a->groups ^ b->groups) >> i) & 1, group_keys[i]);
	CHANGED(a->channel != b->channel, "channel");
	CHANGED(a->outcome != b->outcome, "outcome");
	CHANGED(a->duration_s != b->duration_s, "duration_s");
	CHANGED(strcmp(a->note, b->note) != 0, "note");
#undef CHANGED
}

static enum status check_actor(struct db *db, int64_t staff_id)
{
	enum status st;

	if (!exists_id(db, sql_staff_exists, staff_id, &st))
		return st != ST_OK ? st
		                   : status_fail(ST_INVALID, _("staff member %lld does not exist"),
		                                 (long long)staff_id);
	return ST_OK;
}

static enum status store_update(struct db *db, const struct visit *v)
{
	sqlite3_stmt *s = db_prepare(db, sql_update);
	int i = 1, rc;

	if (!s)
		return ST_DB_ERROR;
	bind_text_or_null(s, i++, v->procedure_code);
	bind_text_or_null(s, i++, v->dossier_code);
	sqlite3_bind_text(s, i++, channel_keys[v->channel], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, outcome_keys[v->outcome], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, i++, v->duration_s);
	bind_text_or_null(s, i++, v->note);
	for (int k = 0; k < SVC__COUNT; k++)
		sqlite3_bind_int(s, i++, (v->services >> k) & 1);
	for (int k = 0; k < GRP__COUNT; k++)
		sqlite3_bind_int(s, i++, (v->groups >> k) & 1);
	sqlite3_bind_int64(s, i, v->id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

enum status visit_update(struct db *db, const struct visit *v, int64_t staff_id)
{
	status_clear();
	struct visit old, upd;
	struct strbuf fields;
	enum status st;

	sb_init(&fields);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = visit_get(db, v->uid, &old)) != ST_OK)
		goto fail;
	if (old.voided_at) {
		st = status_fail(ST_INVALID, _("the visit %s is voided and cannot be changed"),
		                 v->uid);
		goto fail;
	}
	upd = old;
	str_copy(upd.procedure_code, sizeof upd.procedure_code, v->procedure_code);
	upd.services = v->services;
	str_copy(upd.dossier_code, sizeof upd.dossier_code, v->dossier_code);
	upd.groups = v->groups;
	upd.channel = v->channel;
	upd.outcome = v->outcome;
	str_copy(upd.note, sizeof upd.note, v->note);
	upd.duration_s = v->duration_s;
	/* A correction is entered now; the backdating rule is about the
	 * original entry, which stands. */
	if ((st = normalise_editable(&upd)) != ST_OK || (st = visit_validate(db, &upd)) != ST_OK ||
	    (st = check_actor(db, staff_id)) != ST_OK)
		goto fail;
	changed_fields(&old, &upd, &fields);
	if (fields.len == 0) { /* nothing to record */
		db_rollback(db);
		sb_done(&fields);
		return ST_OK;
	}
	if ((st = store_update(db, &upd)) != ST_OK)
		goto fail;
	if (strcmp(old.procedure_code, upd.procedure_code) != 0 &&
	    ((st = use_count(db, sql_use_less, old.procedure_code)) != ST_OK ||
	     (st = use_count(db, sql_use_more, upd.procedure_code)) != ST_OK))
		goto fail;
	if ((st = audit_append(db, staff_id, "visit.update", v->uid, fields.buf)) != ST_OK)
		goto fail;
	sb_done(&fields);
	return db_commit(db);
fail:
	db_rollback(db);
	sb_done(&fields);
	return st;
}

enum status visit_void(struct db *db, const char *uid, int64_t staff_id, const char *reason)
{
	status_clear();
	char why[sizeof(((struct visit *)0)->void_reason)];
	struct visit old;
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = text_check_field(_("reason"), reason ? reason : "", sizeof why - 1)) != ST_OK)
		return st;
	str_copy(why, sizeof why, reason ? reason : "");
	if ((st = nfc_field(why, sizeof why, N_("reason"))) != ST_OK)
		return st;
	if (!*why)
		return status_fail(ST_INVALID, _("say why the visit is voided"));
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = visit_get(db, uid, &old)) != ST_OK || (st = check_actor(db, staff_id)) != ST_OK)
		goto fail;
	if (old.voided_at) {
		st = status_fail(ST_INVALID, _("the visit %s is already voided"), uid);
		goto fail;
	}
	if (!(s = db_prepare(db, sql_void))) {
		st = ST_DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, (sqlite3_int64)util_now());
	sqlite3_bind_int64(s, 2, staff_id);
	sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, old.id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		st = db_status(db, rc);
		goto fail;
	}
	/* The reason is free text and may name the citizen: not in the audit. */
	if ((st = use_count(db, sql_use_less, old.procedure_code)) != ST_OK ||
	    (st = audit_append(db, staff_id, "visit.void", uid,
	                       "voided_at,voided_by,void_reason")) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

enum status visit_last_of_shift(struct db *db, int64_t shift_id, struct visit *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_last_of_shift);
	enum status st = ST_OK;
	int rc;

	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int64(s, 1, shift_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		visit_read_row(s, out);
	else if (rc == SQLITE_DONE)
		st = status_fail(ST_NOT_FOUND, _("no visit yet in this shift"));
	else
		st = db_status(db, rc);
	sqlite3_reset(s);
	return st;
}
