/* The duty roster: slots, their listing and the all-or-nothing import. */
#include "store/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "format/sheet.h"
#include "store/audit.h"
#include "store/staff.h"
#include "util/i18n.h"
#include "util/text.h"

static const char sql_set[] =
    "INSERT INTO roster (local_day, session, counter, staff_id, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (local_day, session, counter) DO UPDATE SET staff_id = excluded.staff_id, "
    "updated_at = excluded.updated_at";
static const char sql_clear[] =
    "DELETE FROM roster WHERE local_day = ? AND session = ? AND counter = ?";
static const char sql_get[] =
    "SELECT r.staff_id, s.name FROM roster r JOIN staff s ON s.id = r.staff_id "
    "WHERE r.local_day = ? AND r.session = ? AND r.counter = ?";
static const char sql_list[] =
    "SELECT r.local_day, r.session, r.counter, r.staff_id, s.name FROM roster r "
    "JOIN staff s ON s.id = r.staff_id WHERE r.local_day BETWEEN ? AND ? "
    "AND (?3 = '' OR r.counter = ?3) ORDER BY r.local_day, r.session = 'afternoon', r.counter";

bool roster_parse_session(const char *s, enum session *out)
{
	char *f = text_fold(s ? s : "");
	bool ok = true;
	if (!f)
		return false;
	if (str_eq(f, "sang") || str_eq(f, "morning") || str_eq(f, "s") || str_eq(f, "buoi sang"))
		*out = SESSION_MORNING;
	else if (str_eq(f, "chieu") || str_eq(f, "afternoon") || str_eq(f, "c") ||
	         str_eq(f, "buoi chieu"))
		*out = SESSION_AFTERNOON;
	else
		ok = false;
	free(f);
	return ok;
}

bool roster_parse_day(const char *s, int *yyyymmdd)
{
	int d, m, y, n = 0;
	if (!s)
		return false;
	if (time_parse_day(s, yyyymmdd))
		return true;
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || s[n] || strlen(s) < 8)
		return false;
	char iso[16];
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
	return time_parse_day(iso, yyyymmdd);
}

static enum status step_done(struct db *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

static enum status check_slot(enum session session, const char *counter)
{
	if (session != SESSION_MORNING && session != SESSION_AFTERNOON)
		return status_fail(ST_INVALID, _("a roster slot is a morning or an afternoon"));
	if (str_empty(counter))
		return status_fail(ST_INVALID, _("a roster slot needs a counter"));
	return ST_OK;
}

/* Inside the caller's transaction. */
static enum status put(struct db *db, int day, enum session session, const char *counter,
                       int64_t staff_id)
{
	sqlite3_stmt *s = db_prepare(db, sql_set);
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_text(s, 2, session_key(session), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, counter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, staff_id);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)util_now());
	return step_done(db, s);
}

enum status roster_set(struct db *db, int day, enum session session, const char *counter,
                       int64_t staff_id, int64_t actor)
{
	status_clear();
	struct staff who;
	enum status st;
	char detail[128];

	if ((st = check_slot(session, counter)) != ST_OK ||
	    (st = staff_get(db, staff_id, &who)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	snprintf(detail, sizeof detail, "day=%d session=%s staff_id=%lld", day,
	         session_key(session), (long long)staff_id);
	if ((st = put(db, day, session, counter, staff_id)) != ST_OK ||
	    (st = audit_append(db, actor, "roster.set", NULL, detail)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

enum status roster_clear(struct db *db, int day, enum session session, const char *counter,
                         int64_t actor)
{
	status_clear();
	enum status st;
	char detail[96];
	sqlite3_stmt *s;

	if ((st = check_slot(session, counter)) != ST_OK || (st = db_begin(db)) != ST_OK)
		return st;
	if (!(s = db_prepare(db, sql_clear))) {
		db_rollback(db);
		return ST_DB_ERROR;
	}
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_text(s, 2, session_key(session), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, counter, -1, SQLITE_TRANSIENT);
	if ((st = step_done(db, s)) != ST_OK)
		goto fail;
	if (sqlite3_changes(db->h) == 0) {
		st = status_fail(ST_NOT_FOUND,
		                 _("nobody is on the roster at %s, %s, %02d/%02d/%04d"), counter,
		                 session_label(session), day % 100, day / 100 % 100, day / 10000);
		goto fail;
	}
	snprintf(detail, sizeof detail, "day=%d session=%s", day, session_key(session));
	if ((st = audit_append(db, actor, "roster.clear", NULL, detail)) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

static void read_name(sqlite3_stmt *s, int col, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	str_copy(buf, size, t ? (const char *)t : "");
}

enum status roster_get(struct db *db, int day, enum session session, const char *counter,
                       struct roster_slot *out)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_get);
	enum status st = ST_OK;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, day);
	sqlite3_bind_text(s, 2, session_key(session), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, counter ? counter : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->day = day;
		out->session = session;
		str_copy(out->counter, sizeof out->counter, counter ? counter : "");
		out->staff_id = sqlite3_column_int64(s, 0);
		read_name(s, 1, out->staff_name, sizeof out->staff_name);
	} else if (rc == SQLITE_DONE) {
		st = ST_NOT_FOUND;
	} else {
		st = db_status(db, rc);
	}
	sqlite3_reset(s);
	return st;
}

enum status roster_list(struct db *db, int from, int to, const char *counter,
                        bool (*fn)(const struct roster_slot *s, void *ctx), void *ctx)
{
	status_clear();
	sqlite3_stmt *s = db_prepare(db, sql_list);
	int rc;
	if (!s)
		return ST_DB_ERROR;
	sqlite3_bind_int(s, 1, from);
	sqlite3_bind_int(s, 2, to);
	sqlite3_bind_text(s, 3, counter ? counter : "", -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct roster_slot slot;
		memset(&slot, 0, sizeof slot);
		slot.day = sqlite3_column_int(s, 0);
		slot.session = str_eq((const char *)sqlite3_column_text(s, 1), "afternoon")
		                   ? SESSION_AFTERNOON
		                   : SESSION_MORNING;
		read_name(s, 2, slot.counter, sizeof slot.counter);
		slot.staff_id = sqlite3_column_int64(s, 3);
		read_name(s, 4, slot.staff_name, sizeof slot.staff_name);
		if (!fn(&slot, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

struct checked {
	int day;
	enum session session;
	char *counter;
	int64_t staff_id;
	int line;
};

static enum status check_row(struct db *db, const struct roster_row *row,
                             const char *default_counter, struct checked *out)
{
	struct staff who;
	char *name;
	enum status st;

	if (!roster_parse_day(row->day, &out->day))
		return status_fail(
		    ST_INVALID,
		    _("line %d: \"%s\" is not a date; write dd/mm/yyyy or YYYY-MM-DD; "
		      "nothing was imported"),
		    row->line, row->day ? row->day : "");
	if (!roster_parse_session(row->session, &out->session))
		return status_fail(
		    ST_INVALID,
		    _("line %d: \"%s\" is not a session; write sáng or chiều; nothing "
		      "was imported"),
		    row->line, row->session ? row->session : "");
	out->counter = text_nfc(str_empty(row->counter) ? (default_counter ? default_counter : "")
	                                                : row->counter);
	if (!out->counter)
		return status_fail(ST_INVALID, _("line %d: the counter is not valid UTF-8 text"),
		                   row->line);
	str_trim(out->counter);
	if (!*out->counter)
		return status_fail(ST_INVALID,
		                   _("line %d: the counter is empty; nothing was imported"),
		                   row->line);
	name = text_nfc(row->staff ? row->staff : "");
	if (!name)
		return status_fail(ST_INVALID,
		                   _("line %d: the volunteer's name is not valid UTF-8 text"),
		                   row->line);
	str_trim(name);
	st = staff_find(db, name, &who);
	if (st == ST_NOT_FOUND)
		st = status_fail(
		    ST_INVALID,
		    _("line %d: no volunteer named \"%s\"; add them with `dvcdesk staff "
		      "add` or correct the name; nothing was imported"),
		    row->line, name);
	else if (st == ST_OK && !who.active)
		st = status_fail(
		    ST_INVALID,
		    _("line %d: the volunteer \"%s\" is disabled; nothing was imported"), row->line,
		    name);
	free(name);
	out->staff_id = who.id;
	out->line = row->line;
	return st;
}

enum status roster_import_rows(struct db *db, const struct roster_row *rows, int n,
                               const char *default_counter, int64_t actor, int *written)
{
	status_clear();
	struct checked *c = xcalloc((size_t)(n > 0 ? n : 1), sizeof *c);
	enum status st = ST_OK;
	int i, j;
	char detail[64];

	if (written)
		*written = 0;
	for (i = 0; i < n && st == ST_OK; i++)
		st = check_row(db, &rows[i], default_counter, &c[i]);
	for (i = 0; i < n && st == ST_OK; i++)
		for (j = 0; j < i && st == ST_OK; j++)
			if (c[i].day == c[j].day && c[i].session == c[j].session &&
			    str_eq(c[i].counter, c[j].counter))
				st = status_fail(
				    ST_INVALID,
				    _("line %d: the same slot as line %d (%s, %s); one "
				      "volunteer per counter and session; nothing was imported"),
				    c[i].line, c[j].line, rows[i].day, c[i].counter);
	if (st == ST_OK && n == 0)
		st = status_fail(ST_INVALID,
		                 _("the file has no roster lines; nothing was imported"));
	if (st == ST_OK && (st = db_begin(db)) == ST_OK) {
		for (i = 0; i < n && st == ST_OK; i++)
			st = put(db, c[i].day, c[i].session, c[i].counter, c[i].staff_id);
		snprintf(detail, sizeof detail, "slots=%d", n);
		if (st == ST_OK)
			st = audit_append(db, actor, "roster.import", NULL, detail);
		if (st == ST_OK)
			st = db_commit(db);
		else
			db_rollback(db);
		if (st == ST_OK && written)
			*written = n;
	}
	for (i = 0; i < n; i++)
		free(c[i].counter);
	free(c);
	return st;
}

int roster_column(const char *header)
{
	static const char *const names[][3] = {
	    {"ngay", "date", "ngay truc"},
	    {"buoi", "session", "ca"},
	    {"quay", "counter", "quay truc"},
	    {"tinh nguyen vien", "volunteer", "ho va ten"},
	};
	char *f = text_fold(header ? header : "");
	int col = -1;
	for (int i = 0; f && i < 4 && col < 0; i++)
		for (int k = 0; k < 3; k++)
			if (str_eq(f, names[i][k]))
				col = i;
	free(f);
	return col;
}

enum status roster_import_csv(struct db *db, const char *data, size_t len,
                              const char *default_counter, int64_t actor, int *written)
{
	status_clear();
	struct csv_reader r;
	struct roster_row *rows = NULL;
	char **keep = NULL;
	int n = 0, cap = 0, n_keep = 0, rc;
	int col[4] = {-1, -1, -1, -1};
	enum status st = ST_OK;

	if (written)
		*written = 0;
	csv_reader_init(&r, data, len);
	rc = csv_next(&r);
	if (rc <= 0) {
		st = rc < 0 ? status_fail(ST_INVALID, _("line %d: %s; nothing was imported"),
		                          r.line, r.error)
		            : status_fail(ST_INVALID, _("the file is empty; nothing was imported"));
		goto done;
	}
	for (size_t i = 0; i < r.n_fields; i++) {
		int c = roster_column(r.fields[i]);
		if (c >= 0 && col[c] < 0)
			col[c] = (int)i;
	}
	if (col[0] < 0 || col[1] < 0 || col[3] < 0) {
		st = status_fail(
		    ST_INVALID,
		    _("line 1: the header must name the columns Ngày, Buổi, Quầy and Tình "
		      "nguyện viên; nothing was imported"));
		goto done;
	}
	while ((rc = csv_next(&r)) > 0) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = xrealloc(rows, (size_t)cap * sizeof *rows);
			keep = xrealloc(keep, (size_t)cap * 4 * sizeof *keep);
		}
		struct roster_row *row = &rows[n++];
		const char **cell[4] = {&row->day, &row->session, &row->counter, &row->staff};
		row->line = r.line;
		for (int c = 0; c < 4; c++) {
			const char *v =
			    col[c] >= 0 && (size_t)col[c] < r.n_fields ? r.fields[col[c]] : "";
			char *copy = xstrdup(v);
			keep[n_keep++] = copy;
			*cell[c] = str_trim(copy);
		}
	}
	if (rc < 0) {
		st = status_fail(ST_INVALID, _("line %d: %s; nothing was imported"), r.line,
		                 r.error);
		goto done;
	}
	st = roster_import_rows(db, rows, n, default_counter, actor, written);
done:
	for (int i = 0; i < n_keep; i++)
		free(keep[i]);
	free(keep);
	free(rows);
	csv_reader_done(&r);
	return st;
}

struct xrows {
	bool header;
	int col[4];
	struct roster_row *rows;
	char **keep;
	int n, cap, n_keep;
	bool bad_header;
};

/* One row of the sheet: the header first, then the four columns as text (a
 * date typed in the sheet is stored as a serial day number: made ISO). */
static bool take_row(struct xrows *s, const struct sheet_row *r, bool date1904)
{
	if (!s->header) {
		for (int i = 0; i < r->n_cells; i++) {
			int c = roster_column(r->cells[i].text);
			if (c >= 0 && s->col[c] < 0)
				s->col[c] = i;
		}
		s->header = true;
		s->bad_header = s->col[0] < 0 || s->col[1] < 0 || s->col[3] < 0;
		return !s->bad_header;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof *s->rows);
		s->keep = xrealloc(s->keep, (size_t)s->cap * 4 * sizeof *s->keep);
	}
	struct roster_row *row = &s->rows[s->n++];
	const char **cell[4] = {&row->day, &row->session, &row->counter, &row->staff};
	row->line = r->number;
	for (int c = 0; c < 4; c++) {
		const struct sheet_cell *v =
		    s->col[c] >= 0 && s->col[c] < r->n_cells ? &r->cells[s->col[c]] : NULL;
		char *copy = xstrdup(v ? v->text : "");
		int day;
		if (c == 0 && v && v->type == CELL_NUMBER && sheet_cell_day(v, date1904, &day)) {
			free(copy);
			copy = xasprintf("%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
		}
		s->keep[s->n_keep++] = copy;
		*cell[c] = str_trim(copy);
	}
	return true;
}

enum status roster_import_xlsx(struct db *db, const char *path, const char *default_counter,
                               int64_t actor, int *written)
{
	status_clear();
	struct xrows s;
	memset(&s, 0, sizeof s);
	for (int c = 0; c < 4; c++)
		s.col[c] = -1;
	if (written)
		*written = 0;
	struct sheet *sh = NULL;
	enum status st = sheet_open(&sh, path);
	if (st == ST_OK && sheet_kind(sh) != SHEET_XLSX) {
		sheet_close(sh);
		sh = NULL;
		st = status_fail(ST_INVALID, _("the file is not an .xlsx workbook"));
	}
	if (st == ST_OK) {
		bool d1904 = sheet_date1904(sh);
		const struct sheet_row *row;
		int rc;
		while ((rc = sheet_next(sh, &row)) == 1)
			if (!take_row(&s, row, d1904))
				break;
		if (rc < 0)
			st = ST_INVALID; /* the detail names the damaged part */
		sheet_close(sh);
	}
	if (st == ST_OK && !s.header)
		st = status_fail(ST_INVALID, _("the file is empty; nothing was imported"));
	else if (st == ST_OK && s.bad_header)
		st = status_fail(
		    ST_INVALID,
		    _("line 1: the header must name the columns Ngày, Buổi, Quầy and Tình "
		      "nguyện viên; nothing was imported"));
	if (st == ST_OK)
		st = roster_import_rows(db, s.rows, s.n, default_counter, actor, written);
	for (int i = 0; i < s.n_keep; i++)
		free(s.keep[i]);
	free(s.keep);
	free(s.rows);
	return st;
}

enum status roster_record_swap(struct db *db, int64_t shift_id, int64_t rostered_id,
                               int64_t staff_id)
{
	status_clear();
	char detail[96];
	enum status st = db_begin(db);
	if (st != ST_OK)
		return st;
	snprintf(detail, sizeof detail, "shift=%lld rostered_staff_id=%lld", (long long)shift_id,
	         (long long)rostered_id);
	if ((st = audit_append(db, staff_id, "shift.swap", NULL, detail)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
