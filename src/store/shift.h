/* Shifts (ca trực): one volunteer at one counter for one session. */
#ifndef DVCDESK_SHIFT_H
#define DVCDESK_SHIFT_H

#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "store/db.h"

enum session { SESSION_MORNING, SESSION_AFTERNOON, SESSION_OTHER };

struct shift {
	int64_t id;
	int64_t staff_id;
	char counter[64];
	char unit_code[32];
	enum session session;
	time_t opened_at, closed_at; /* closed_at 0: open */
	int local_day;
};

/* The session an instant falls in by the config's times; outside both,
 * the nearer one by the clock (morning before noon), never fails. */
enum session shift_session_at(const struct config *cfg, time_t t);
const char *session_key(enum session s);   /* "morning", "afternoon", "other" */
const char *session_label(enum session s); /* translated */

/* Open a shift for the member at the config's counter, now.  If that member
 * already has an open shift at this counter today it is reused.  ST_NOT_FOUND
 * for an unknown member, ST_DENIED for a disabled one; out may be NULL. */
enum status shift_open(struct db *db, const struct config *cfg, int64_t staff_id,
                       struct shift *out);
/* Close an open shift now; closing a closed one changes nothing (ST_OK). */
enum status shift_close(struct db *db, int64_t shift_id);
enum status shift_get(struct db *db, int64_t shift_id, struct shift *out);

#endif
