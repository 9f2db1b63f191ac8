/* Outreach and training events (hoạt động tuyên truyền, tập huấn): a
 * meeting, a training of members, a door-to-door round or a mobile support
 * point, with its figures and the members who took part.  Saved, corrected
 * and voided like visits: every change is in the audit (field names only,
 * never the note), a voided event keeps its row and leaves every count. */
#ifndef DVCDESK_EVENT_H
#define DVCDESK_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"

enum event_kind { EV_MEETING, EV_TRAINING, EV_DOOR_TO_DOOR, EV_MOBILE_POINT, EV__COUNT };

/* The figures of an event, in the order of the JSON and the tables. */
enum event_figure {
	EF_ATTENDEES,
	EF_HOUSEHOLDS,
	EF_LEAFLETS,
	EF_ACCOUNTS,
	EF_SUBMISSIONS,
	EF__COUNT
};

#define EVENT_MAX_STAFF 32

struct event {
	int64_t id;
	char uid[37];
	char unit_code[32];
	enum event_kind kind;
	int day; /* YYYYMMDD */
	char place[256];
	long figures[EF__COUNT];
	char note[512];
	time_t created_at, updated_at, voided_at; /* voided_at 0: counts */
	int64_t voided_by;
	char void_reason[256];
	int version;
	int64_t staff[EVENT_MAX_STAFF]; /* the members who took part */
	int n_staff;
};

const char *event_kind_key(enum event_kind k);   /* "meeting", "training", ... */
const char *event_kind_label(enum event_kind k); /* translated: "hội nghị tuyên truyền" */
bool event_kind_parse(const char *key, enum event_kind *out);
const char *event_figure_key(enum event_figure f);   /* "attendees", ... */
const char *event_figure_label(enum event_figure f); /* translated */

/* A new event with a fresh uid (set in e->uid, e->id).  ST_INVALID for an
 * empty place, a negative figure or text that is not UTF-8; ST_NOT_FOUND for
 * an unknown member.  Audited as done by actor (0: nobody known). */
enum status event_add(struct db *db, struct event *e, int64_t actor);
/* Replace the event e->uid's fields and members with e's (version + 1); the
 * audit names the fields that changed.  ST_NOT_FOUND, or ST_INVALID for a
 * voided event. */
enum status event_update(struct db *db, const struct event *e, int64_t actor);
/* Void with a reason (not in the audit: free text). */
enum status event_void(struct db *db, const char *uid, int64_t actor, const char *reason);
enum status event_get(struct db *db, const char *uid, struct event *out);
/* Events from..to by day then id; voided ones only when asked. */
enum status event_list(struct db *db, int from, int to, bool with_voided,
                       bool (*fn)(const struct event *e, void *ctx), void *ctx);

/* The events from..to that count (not voided); staff_id > 0: only those
 * that member took part in. */
struct event_totals {
	long count;
	long figures[EF__COUNT];
	long by_kind[EV__COUNT];
};
enum status event_totals(struct db *db, int from, int to, int64_t staff_id,
                         struct event_totals *out);

#endif
