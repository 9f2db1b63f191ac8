/* Per-member reports: the attendance against the roster
 * (`report --attendance`) and the year's evaluation sheet for the thi đua
 * (`report --members --year YYYY`).
 *
 * A member's sessions: planned = roster slots (store/roster.h) in the
 * period; worked = the (day, session) pairs in which the member opened a
 * morning or afternoon shift or logged a visit that counts (a visit's
 * session is its shift's, else the session its time falls in); worked of
 * the planned, missed = planned - worked, extra = worked sessions that were
 * not planned.  A planned slot is worked whatever counter the member sat at.
 *
 * Attendance JSON:
 *   {"from", "to", "unit", "members": [{"name", "planned", "worked",
 *    "missed", "extra"}...] by name, "total": {the same four}}
 * Members JSON:
 *   {"year", "from", "to", "unit", "reconciled": true|false,
 *    "graded": true|false,
 *    "members": [{"name", "shifts_planned", "shifts_worked", "shifts_missed",
 *      "shifts_extra", "attendance_percent" (null: nothing planned),
 *      "visits", "vneid", "accounts", "online_submission",
 *      "matched", "logged_only", "reconciled_share" (percent or null),
 *      "events", "grade": "excellent|good|pass|not_completed" or null}...]}
 * The reconciled share is matched / (matched + logged_only) over the
 * reconciliation_code rows of the latest reconciliation of each period
 * (same from_day, to_day, unit_code) whose visit_uid is one of the
 * member's visits of the year; those tables are read only when they exist. */
#ifndef DVCDESK_REPORT_MEMBERS_H
#define DVCDESK_REPORT_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "store/db.h"
#include "util/status.h"
#include "util/util.h"

enum member_grade { GRADE_NONE = -1, GRADE_EXCELLENT, GRADE_GOOD, GRADE_PASS, GRADE_NOT_COMPLETED };

struct member_row {
	int64_t staff_id;
	char name[128];
	long planned, worked, missed, extra;
	long visits, vneid, accounts, online;
	long matched, logged_only;
	long events;
	enum member_grade grade;
};

struct member_sheet {
	bool members; /* the evaluation sheet (else attendance only) */
	int year, from, to;
	char *unit_code, *unit_name;
	bool reconciled, graded;
	struct member_row *rows; /* by name */
	int n;
};

/* The attendance of from..to; members with anything planned or worked. */
enum status report_attendance_run(struct db *db, const struct config *cfg, int from, int to,
                                  struct member_sheet *out);
/* The year's sheet: every active member and anyone with something that year. */
enum status report_members_run(struct db *db, const struct config *cfg, int year,
                               struct member_sheet *out);
void member_sheet_done(struct member_sheet *s);

const char *member_grade_key(enum member_grade g);   /* "excellent", ...; NULL for none */
const char *member_grade_label(enum member_grade g); /* translated; "" for none */

void member_sheet_text(const struct member_sheet *s, struct strbuf *out);
void member_sheet_csv(const struct member_sheet *s, bool bom, struct strbuf *out);
void member_sheet_json(const struct member_sheet *s, struct strbuf *out);

#endif
