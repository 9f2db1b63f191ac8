/* CSV import of the procedure catalogue (catalog.h, catalog_import). */
#include "store/catalog_int.h"

#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "util/i18n.h"
#include "util/strmap.h"
#include "util/text.h"

/* The line a code was first seen on in this file, or 0 (and it is
 * remembered as seen on line). */
static int first_line(struct strmap *seen, const char *code, int line)
{
	bool added;
	long *first = strmap_put(seen, code, strlen(code), &added);
	if (added)
		*first = line;
	return added ? 0 : (int)*first;
}

/* NFC, control characters and white-space runs made one space, trimmed.
 * NULL when s is not UTF-8. */
static char *clean_text(const char *s)
{
	char *nfc = text_nfc(s);
	if (!nfc)
		return NULL;
	char *w = nfc;
	bool space = false;
	for (const char *p = nfc; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F) {
			space = w > nfc;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *p;
	}
	*w = '\0';
	return nfc;
}

enum col { COL_CODE, COL_NAME, COL_FIELD, COL__COUNT };

/* Header names, folded: English and the Vietnamese a province's list uses. */
static enum col header_col(const char *name)
{
	static const struct {
		const char *fold;
		enum col col;
	} names[] = {
	    {"code", COL_CODE},       {"ma", COL_CODE},          {"ma tthc", COL_CODE},
	    {"ma thu tuc", COL_CODE}, {"name", COL_NAME},        {"ten", COL_NAME},
	    {"ten tthc", COL_NAME},   {"ten thu tuc", COL_NAME}, {"field", COL_FIELD},
	    {"linh vuc", COL_FIELD},
	};
	char *f = text_fold(name);
	enum col c = COL__COUNT;
	for (size_t i = 0; f && i < ARRAY_LEN(names); i++)
		if (strcmp(f, names[i].fold) == 0)
			c = names[i].col;
	free(f);
	return c;
}

static void reject(struct strbuf *rejects, int line, const char *why)
{
	if (rejects)
		sb_addf(rejects, _("line %d: %s\n"), line, why);
}

/* Store one row: 1 added, 2 updated, 0 unchanged, -1 on a database error. */
static int store(struct db *db, const char *code, const char *name, const char *field,
                 bool has_field, const char *key)
{
	static const char sel[] = "SELECT name, field, active FROM procedure WHERE code = ?";
	static const char ins[] = "INSERT INTO procedure (code, name, field, search_key,"
	                          " updated_at) VALUES (?, ?, ?, ?, ?)";
	static const char upd[] = "UPDATE procedure SET name = ?2, field = ?3, search_key = ?4,"
	                          " active = 1, updated_at = ?5 WHERE code = ?1";
	sqlite3_stmt *st = db_prepare(db, sel);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	bool exists = rc == SQLITE_ROW, same = false;
	char *old_field = NULL;
	if (exists) {
		old_field = xstrdup((const char *)sqlite3_column_text(st, 1));
		same = strcmp((const char *)sqlite3_column_text(st, 0), name) == 0 &&
		       (!has_field || strcmp(old_field, field) == 0) &&
		       sqlite3_column_int(st, 2) == 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(old_field);
		db_status(db, rc);
		return -1;
	}
	if (same) {
		free(old_field);
		return 0;
	}
	st = db_prepare(db, exists ? upd : ins);
	if (!st) {
		free(old_field);
		return -1;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	/* No field column: an update keeps what was there. */
	sqlite3_bind_text(st, 3,
	                  has_field   ? field
	                  : old_field ? old_field
	                              : "",
	                  -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)util_now());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(old_field);
	if (rc != SQLITE_DONE) {
		db_status(db, rc);
		return -1;
	}
	return exists ? 2 : 1;
}

/* Check and store one data row; a rejected row is reported, not an error. */
static enum status import_row(struct db *db, const struct csv_reader *r, const size_t *col,
                              size_t n_cols, struct strmap *seen, int *added, int *updated,
                              struct strbuf *rejects)
{
	if (r->n_fields != n_cols) {
		char why[128];
		str_format(why, sizeof(why), _("the row has %zu fields, the header %zu"), r->n_fields,
		         n_cols);
		reject(rejects, r->line, why);
		return ST_OK;
	}
	const char *raw_field = col[COL_FIELD] < n_cols ? r->fields[col[COL_FIELD]] : "";
	char *code = clean_text(r->fields[col[COL_CODE]]);
	char *name = clean_text(r->fields[col[COL_NAME]]);
	char *field = clean_text(raw_field);
	enum status st = ST_OK;
	char why[160];
	why[0] = '\0';
	if (!code || !name || !field) {
		str_format(why, sizeof(why), "%s", _("not valid UTF-8 text; save the file as UTF-8"));
	} else {
		catalog_upper_ascii(code);
		int first;
		if (!catalog_code_valid(code))
			str_format(why, sizeof(why),
			         _("\"%.60s\" is not a procedure code (like 1.001193)"), code);
		else if (!*name)
			str_format(why, sizeof(why), "%s", _("the name is empty"));
		else if (strlen(name) >= sizeof(((struct procedure *)0)->name))
			str_format(why, sizeof(why), _("the name is longer than %zu bytes"),
			         sizeof(((struct procedure *)0)->name) - 1);
		else if (strlen(field) >= sizeof(((struct procedure *)0)->field))
			str_format(why, sizeof(why), _("the field is longer than %zu bytes"),
			         sizeof(((struct procedure *)0)->field) - 1);
		else if ((first = first_line(seen, code, r->line)) != 0)
			str_format(why, sizeof(why), _("the code %s is already on line %d"), code,
			         first);
	}
	if (why[0]) {
		reject(rejects, r->line, why);
	} else {
		char *key = text_fold(name);
		int res = store(db, code, name, field, col[COL_FIELD] < n_cols, key);
		free(key);
		if (res < 0)
			st = ST_DB_ERROR;
		else if (res == 1)
			++*added;
		else if (res == 2)
			++*updated;
	}
	free(code);
	free(name);
	free(field);
	return st;
}

enum status catalog_import(struct db *db, const char *data, size_t len, const char *origin,
                           int *added, int *updated, struct strbuf *rejects)
{
	status_clear();
	int n_added = 0, n_updated = 0;
	if (added)
		*added = 0;
	if (updated)
		*updated = 0;
	if (!origin)
		origin = "CSV";
	struct csv_reader r;
	csv_reader_init(&r, data, len);
	int rc = csv_next(&r);
	if (rc <= 0) {
		enum status st =
		    rc == 0 ? status_fail(ST_INVALID, _("%s is empty"), origin)
		            : status_fail(ST_INVALID, _("%s: line %d: %s; nothing was imported"),
		                          origin, r.line, r.error);
		csv_reader_done(&r);
		return st;
	}
	size_t col[COL__COUNT] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
	size_t n_cols = r.n_fields;
	for (size_t i = 0; i < n_cols; i++) {
		enum col c = header_col(r.fields[i]);
		if (c != COL__COUNT && col[c] == SIZE_MAX)
			col[c] = i;
	}
	if (col[COL_CODE] == SIZE_MAX || col[COL_NAME] == SIZE_MAX) {
		csv_reader_done(&r);
		return status_fail(ST_INVALID,
		                   _("%s: the first line must name the columns code and name "
		                     "(and optionally field); is it a CSV procedure list?"),
		                   origin);
	}
	enum status st = db_begin(db);
	if (st != ST_OK) {
		csv_reader_done(&r);
		return st;
	}
	struct strmap seen = {0}; /* code -> the line it was first on */
	struct strbuf local;
	sb_init(&local);
	while ((rc = csv_next(&r)) == 1) {
		st = import_row(db, &r, col, n_cols, &seen, &n_added, &n_updated, &local);
		if (st != ST_OK)
			break;
	}
	if (st == ST_OK && rc < 0)
		st = status_fail(ST_INVALID, _("%s: line %d: %s; nothing was imported"), origin,
		                 r.line, r.error);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st == ST_OK) {
		if (rejects && local.len)
			sb_add(rejects, local.buf);
		if (added)
			*added = n_added;
		if (updated)
			*updated = n_updated;
	}
	sb_done(&local);
	strmap_done(&seen);
	csv_reader_done(&r);
	return st;
}
