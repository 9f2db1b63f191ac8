/* Running totals for the counter and the end of the shift, counted from
 * visit_list() (the one list query of the core) until the report module's
 * summary takes over the full report. */
#ifndef DVCDESK_TOTALS_H
#define DVCDESK_TOTALS_H

#include "screen.h"

struct ui_totals {
	long visits; /* not voided */
	long voided;
	long services[SVC__COUNT];
	long groups[GRP__COUNT];
	long guidance; /* no procedure */
};

/* Totals of a shift (shift_id > 0) or of a local day (YYYYMMDD). */
enum status ui_totals_shift(struct db *db, int64_t shift_id, struct ui_totals *t);
enum status ui_totals_day(struct db *db, int day, struct ui_totals *t);

/* May the signed-in member change (edit, void) this visit?  A supervisor
 * may change any; a volunteer only the visits of the shift still open. */
bool ui_can_change(const struct ui_context *ctx, const struct visit *v);

#endif
