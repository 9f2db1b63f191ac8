/* The outreach and training events of a report's period (store/event.h),
 * hooked into every report, shift to year: report_run() counts them, the
 * layout gets a table, the JSON the key
 *   "events": {"count", "attendees", "households", "leaflets", "accounts",
 *              "submissions": N,
 *              "by_kind": {"meeting", "training", "door_to_door",
 *                          "mobile_point": N}}
 * (voided events left out; a staff filter keeps the events that member took
 * part in; the counter filter does not apply: events belong to the unit),
 * and the CSV the sections event and event_kind. */
#ifndef DVCDESK_REPORT_EVENTS_H
#define DVCDESK_REPORT_EVENTS_H

#include "report/report.h"

enum status report_events_run(struct db *db, struct report *r);
/* The table "OUTREACH AND TRAINING"; on a shift's page only when there was
 * an event that day. */
void report_events_layout(const struct report *r, struct report_layout *l);
void report_events_json(const struct report *r, struct strbuf *sb);
void report_events_csv(const struct report *r, struct strbuf *sb);

#endif
