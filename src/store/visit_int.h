/* Private to src/store/visit*.c: the columns every visit query selects,
 * and the reading of a row of them. */
#ifndef DVCDESK_VISIT_INT_H
#define DVCDESK_VISIT_INT_H

#include "store/visit.h"

#define COL_V(id, key, ...) ", v." key
#define VISIT_SELECT                                                                               \
	"SELECT v.id, v.uid, v.at_utc, v.entered_at, v.backdate_reason, v.staff_id, v.shift_id, "  \
	"v.unit_code, v.counter, v.procedure_code, v.dossier_code, v.channel, v.outcome, "         \
	"v.duration_s, v.note, v.citizen_name, v.citizen_phone, v.consent, v.voided_at, "          \
	"v.voided_by, v.void_reason" SERVICE_INFO(COL_V) GROUP_INFO(COL_V)
enum { VISIT_FIXED_COLS = 21, VISIT_NCOLS = VISIT_FIXED_COLS + SVC__COUNT + GRP__COUNT };


/* A row of VISIT_SELECT into v (zeroed first). */
void visit_read_row(sqlite3_stmt *s, struct visit *v);
/* A counts_only row of visit_list() (voided, general guidance, the flags). */
void visit_read_counts(sqlite3_stmt *s, struct visit *v);

#endif
