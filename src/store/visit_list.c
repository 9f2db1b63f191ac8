/* visit_list(): the visits of a shift, a day or a range, filtered by text,
 * newest first, streamed to a callback. */
#include "store/visit.h"
#include "store/visit_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"
#include "util/util.h"

/* Lower-case ASCII copy: codes and dossier codes are ASCII. */
static char *ascii_lower(const char *s)
{
	char *r = xstrdup(s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

enum status visit_list(struct db *db, const struct visit_filter *f,
                       bool (*fn)(const struct visit_row *row, void *ctx), void *ctx)
{
	status_clear();
	struct strbuf sql;
	sqlite3_stmt *s = NULL;
	char *raw = NULL, *fold = NULL;
	enum status st = ST_OK;
	struct visit_row row;
	int rc;

	if (f->query && *f->query) {
		raw = xstrdup(f->query);
		str_trim(raw);
		fold = text_fold(raw);
		if (!fold) {
			free(raw);
			return status_fail(ST_INVALID, _("the search text is not valid UTF-8"));
		}
		char *low = ascii_lower(raw);
		free(raw);
		raw = low;
	}
	/* Built from fixed pieces so each filter can use its index (shift,
	 * day); the values are bound, never pasted. */
	sb_init(&sql);
	if (f->counts_only) {
		sb_add(&sql,
		       "SELECT v.voided_at IS NOT NULL, v.procedure_code IS NULL" SERVICE_INFO(
		           COL_V) GROUP_INFO(COL_V) " FROM visit v");
		if (raw && *raw) /* the text search looks at the procedure's name */
			sb_add(&sql, " LEFT JOIN procedure p ON p.code = v.procedure_code");
		sb_add(&sql, " WHERE 1");
	} else
		sb_add(&sql,
		       VISIT_SELECT ", COALESCE(p.name, ''), COALESCE(s.name, '') FROM visit v "
		                    "LEFT JOIN procedure p ON p.code = v.procedure_code "
		                    "LEFT JOIN staff s ON s.id = v.staff_id WHERE 1");
	if (f->shift_id > 0)
		sb_add(&sql, " AND v.shift_id = :shift");
	if (f->from_day > 0)
		sb_add(&sql, " AND v.local_day BETWEEN :from AND :to");
	if (f->staff_id > 0)
		sb_add(&sql, " AND v.staff_id = :staff");
	if (!f->include_voided)
		sb_add(&sql, " AND v.voided_at IS NULL");
	if (raw && *raw) {
		sb_add(&sql, " AND (instr(v.procedure_code, :raw) > 0"
		             " OR instr(lower(v.dossier_code), :raw) > 0");
		if (*fold)
			sb_add(&sql, " OR instr(p.search_key, :fold) > 0");
		sb_add(&sql, ")");
	}
	if (!f->counts_only)
		sb_add(&sql, " ORDER BY v.id DESC");
	if (f->limit > 0)
		sb_add(&sql, " LIMIT :limit");

	rc = sqlite3_prepare_v2(db->h, sql.buf, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		st = db_status(db, rc);
		goto out;
	}
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":shift"), f->shift_id);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":from"), f->from_day);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":to"),
	                 f->to_day > 0 ? f->to_day : 99991231);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":staff"), f->staff_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":raw"), raw ? raw : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":fold"), fold ? fold : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), f->limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (f->counts_only) {
			visit_read_counts(s, &row.v);
			row.procedure_name = row.staff_name = "";
		} else {
			visit_read_row(s, &row.v);
			row.procedure_name = (const char *)sqlite3_column_text(s, VISIT_NCOLS);
			row.staff_name = (const char *)sqlite3_column_text(s, VISIT_NCOLS + 1);
		}
		if (!fn(&row, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = db_status(db, rc);
out:
	sqlite3_finalize(s);
	sb_done(&sql);
	free(raw);
	free(fold);
	return st;
}

