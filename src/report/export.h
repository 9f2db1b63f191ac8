/* Raw visits for a date range, one row each, as CSV or JSON: what a
 * supervisor hands to the provincial programme or a spreadsheet.  The rows
 * are streamed from one query (a million visits are never held in memory).
 *
 * Columns (CSV header, and the keys of each JSON object, in this order):
 *   uid, at_utc ("2026-11-22T09:15:00Z"), at_local
 *   ("2026-11-22T16:15:00+07:00"), procedure_code, procedure_name,
 *   vneid, account, online_submission, payment, lookup, form_filling, postal
 *   (0/1), dossier_code, elderly, disabled, ethnic_minority (0/1), channel,
 *   outcome, duration_s, staff, counter, unit_code, shift_id (empty/null:
 *   none), backdated (0/1), voided (0/1), voided_at (UTC, empty/null)
 *   and, only with personal data: citizen_name, citizen_phone, note.
 * Voided visits are included, flagged, so the numbers can be reconciled.
 * With units (--unit), only the visits of those units. */
#ifndef DVCDESK_EXPORT_H
#define DVCDESK_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "store/db.h"
#include "util/status.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

struct export_opts {
	int from_day, to_day; /* YYYYMMDD inclusive */
	enum export_format format;
	bool bom;                 /* CSV: start with a UTF-8 BOM for Excel */
	bool name, phone, note;   /* personal columns: the caller checks consent
	                           * and the config's [privacy] settings */
	const char *const *units; /* only these unit codes (--unit); n_units 0: all */
	int n_units;
	bool terminal;            /* out is a terminal: control characters in the
	                           * text become U+FFFD (text_terminal_safe) */
};

/* Write the visits to `out` (not closed); *rows (may be NULL) gets the
 * number written.  ST_IO when writing fails (detail set), a database status
 * when reading does. */
enum status export_visits(struct db *db, const struct export_opts *o, FILE *out, long *rows);

#endif
