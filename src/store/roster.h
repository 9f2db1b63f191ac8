/* The duty roster (lịch trực): who is planned at which counter in which
 * session of which day.  One member per slot (day, session, counter).
 *
 * The import is all-or-nothing: every line is checked (the date, the
 * session, the member), and one bad line refuses the whole file with its
 * line number and value; only then are the file's slots written, in one
 * transaction, replacing the slots they name. */
#ifndef DVCDESK_ROSTER_H
#define DVCDESK_ROSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "store/shift.h"

struct roster_slot {
	int day;              /* YYYYMMDD */
	enum session session; /* SESSION_MORNING or SESSION_AFTERNOON */
	char counter[64];
	int64_t staff_id;
	char staff_name[128];
};

/* One line of an import file as text: the date, the session, the counter
 * and the member, and the line it came from (for the message). */
struct roster_row {
	int line;
	const char *day, *session, *counter, *staff;
};

/* "sáng"/"chiều" (any case, with or without marks), "morning"/"afternoon",
 * "S"/"C": the session; false for anything else. */
bool roster_parse_session(const char *s, enum session *out);
/* "dd/mm/yyyy" (d/m/yyyy too) or "YYYY-MM-DD": the day; false otherwise. */
bool roster_parse_day(const char *s, int *yyyymmdd);

/* Give a slot to a member (replacing whoever had it).  ST_INVALID for a
 * session that is not morning or afternoon or an empty counter, ST_NOT_FOUND
 * for an unknown member.  Audited as done by actor (0: nobody known). */
enum status roster_set(struct db *db, int day, enum session session, const char *counter,
                       int64_t staff_id, int64_t actor);
/* Empty a slot: ST_NOT_FOUND when nobody was planned there. */
enum status roster_clear(struct db *db, int day, enum session session, const char *counter,
                         int64_t actor);
/* The slot's member: ST_NOT_FOUND when nobody is planned. */
enum status roster_get(struct db *db, int day, enum session session, const char *counter,
                       struct roster_slot *out);
/* The slots from..to (inclusive) at `counter` (NULL or "": every counter),
 * by day, session, counter; fn returns false to stop. */
enum status roster_list(struct db *db, int from, int to, const char *counter,
                        bool (*fn)(const struct roster_slot *s, void *ctx), void *ctx);

/* The shift `shift_id` was opened by staff_id instead of the member rostered
 * for that slot: one audit row "shift.swap" (by staff_id) with the shift and
 * the rostered member's id. */
enum status roster_record_swap(struct db *db, int64_t shift_id, int64_t rostered_id,
                               int64_t staff_id);

/* Check then write rows[0..n): an empty counter is default_counter.  On a
 * bad line nothing is written and the detail names the line and value
 * (ST_INVALID, exit 65).  Two lines for one slot are refused too.
 * *written (may be NULL) gets the number of slots written. */
enum status roster_import_rows(struct db *db, const struct roster_row *rows, int n,
                               const char *default_counter, int64_t actor, int *written);
/* The same from CSV text with a header line naming the columns Ngày, Buổi,
 * Quầy, Tình nguyện viên (or date, session, counter, volunteer), in any
 * order; Quầy may be left out (then every line is default_counter). */
enum status roster_import_csv(struct db *db, const char *data, size_t len,
                              const char *default_counter, int64_t actor, int *written);
/* The same from the first sheet of an .xlsx workbook (format/sheet.h); the
 * line numbers are the sheet's row numbers, and a date cell may be a
 * spreadsheet date (a serial day number). */
enum status roster_import_xlsx(struct db *db, const char *path, const char *default_counter,
                               int64_t actor, int *written);
/* The header cell names a column: 0 date, 1 session, 2 counter, 3 member,
 * -1 none of them. */
int roster_column(const char *header);

#endif
