/* A visit (lượt hỗ trợ): one citizen helped.  One save path for the CLI, the
 * screens and the test drivers. */
#ifndef DVCDESK_VISIT_H
#define DVCDESK_VISIT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db.h"
#include "util/i18n.h"
#include "util/status.h"

/* The names are the storage columns and the JSON keys (src/report/report.h); the
 * labels are what people read: the reports' label (translated with _()),
 * the form's and detail screen's label, and the short form the lists use
 * (NP_: a msgid with its context, shown with i18n_ptext(); NULL: not
 * listed, the usual value).
 * To add a service: one line here and one column in a new migration. */
#define SERVICE_INFO(_)                                                                            \
	_(VNEID, "vneid", N_("VNeID activation"), NP_("flag", "VNeID activation"),                 \
	  NP_("short", "VNeID"))                                                                   \
	_(ACCOUNT, "account", N_("portal account"), NP_("flag", "Portal account"),                 \
	  NP_("short", "account"))                                                                 \
	_(ONLINE_SUBMISSION, "online_submission", N_("submitted online"),                          \
	  NP_("flag", "Submitted online"), NP_("short", "online"))                                 \
	_(PAYMENT, "payment", N_("online payment"), NP_("flag", "Online payment"),                 \
	  NP_("short", "payment"))                                                                 \
	_(LOOKUP, "lookup", N_("result lookup"), NP_("flag", "Result lookup"),                     \
	  NP_("short", "lookup"))                                                                  \
	_(FORM_FILLING, "form_filling", N_("form filling"), NP_("flag", "Form filling"),           \
	  NP_("short", "forms"))                                                                   \
	_(POSTAL, "postal", N_("postal return"), NP_("flag", "Postal return"),                     \
	  NP_("short", "postal"))
/* "people with disabilities", not "disabled": that msgid already means a
 * disabled staff account. */
#define GROUP_INFO(_)                                                                              \
	_(ELDERLY, "elderly", N_("elderly"), NP_("flag", "Elderly"), NP_("short", "elderly"))      \
	_(DISABLED, "disabled", N_("people with disabilities"),                                    \
	  NP_("flag", "People with disabilities"), NP_("short", "disabled"))                       \
	_(ETHNIC_MINORITY, "ethnic_minority", N_("ethnic minority"),                               \
	  NP_("flag", "Ethnic minority"), NP_("short", "ethnic minority"))
#define CHANNEL_INFO(_)                                                                            \
	_(WALK_IN, "walk_in", N_("walk-in"), NP_("channel", "Walk-in"), NULL)                      \
	_(PHONE, "phone", N_("phone"), NP_("channel", "Phone"), NP_("short", "phone"))             \
	_(ONLINE, "online", N_("Zalo/online"), NP_("channel", "Zalo/online"),                      \
	  NP_("short", "Zalo/online"))                                                             \
	_(OUTREACH, "outreach", N_("door to door"), NP_("channel", "Door to door"),                \
	  NP_("short", "door to door"))
#define OUTCOME_INFO(_)                                                                            \
	_(DONE, "done", N_("done"), NP_("outcome", "Done"), NULL)                                  \
	_(MORE_PAPERS, "more_papers", N_("needs more papers"),                                     \
	  NP_("outcome", "Needs more papers"), NP_("short", "more papers"))                        \
	_(REFERRED, "referred", N_("referred elsewhere"), NP_("outcome", "Referred elsewhere"),    \
	  NP_("short", "referred"))

#define VISIT_ENUM_SVC(id, ...) SVC_##id,
#define VISIT_ENUM_GRP(id, ...) GRP_##id,
#define VISIT_ENUM_CH(id, ...)  CH_##id,
#define VISIT_ENUM_OUT(id, ...) OUT_##id,
enum service { SERVICE_INFO(VISIT_ENUM_SVC) SVC__COUNT };
enum group { GROUP_INFO(VISIT_ENUM_GRP) GRP__COUNT };
enum channel { CHANNEL_INFO(VISIT_ENUM_CH) CH__COUNT };
enum outcome { OUTCOME_INFO(VISIT_ENUM_OUT) OUT__COUNT };

/* Keys ("vneid"...) and untranslated labels (pass through _() to show). */
extern const char *const service_keys[SVC__COUNT], *const service_labels[SVC__COUNT];
extern const char *const group_keys[GRP__COUNT], *const group_labels[GRP__COUNT];
extern const char *const channel_keys[CH__COUNT], *const channel_labels[CH__COUNT];
extern const char *const outcome_keys[OUT__COUNT], *const outcome_labels[OUT__COUNT];
/* The screens' labels and the lists' short forms (NP_ keys: show them with
 * i18n_ptext(); a short form may be NULL). */
extern const char *const service_flags[SVC__COUNT], *const service_shorts[SVC__COUNT];
extern const char *const group_flags[GRP__COUNT], *const group_shorts[GRP__COUNT];
extern const char *const channel_flags[CH__COUNT], *const channel_shorts[CH__COUNT];
extern const char *const outcome_flags[OUT__COUNT], *const outcome_shorts[OUT__COUNT];

/* Index of `key` in `keys` (n entries), or -1. */
int visit_key_index(const char *const *keys, int n, const char *key);

/* Parse a comma-separated list of keys into a bitmask; false (with a detail
 * listing the valid keys) on an unknown one. */
bool visit_parse_flags(const char *list, const char *const *keys, int n, unsigned *mask);

/* Free-text limits (bytes of UTF-8, NUL excluded; a Vietnamese letter with
 * its marks takes 2-3): note 255, backdating and void reasons 127, citizen
 * name 127, staff name 127.  A longer value is refused with a message
 * naming the field and the limit (text_check_field), never cut. */
#define VISIT_UID_SIZE 40
struct visit {
	int64_t id;   /* local sequence, 0 before the save */
	char uid[VISIT_UID_SIZE]; /* UUID (v7 when made here), made before the save: a retried
	                           * save is idempotent */
	time_t at;    /* when the citizen was helped (UTC instant) */
	time_t entered_at;
	char backdate_reason[128]; /* required when `at` is more than 10 minutes before entry */
	int64_t staff_id;
	int64_t shift_id; /* 0: no shift (CLI entry) */
	char unit_code[32];
	char counter[64];
	char procedure_code[48]; /* "" = general guidance */
	unsigned services;       /* 1u << SVC_* */
	char dossier_code[64];   /* normalised; required with online_submission */
	unsigned groups;         /* 1u << GRP_* */
	enum channel channel;
	enum outcome outcome;
	int duration_s; /* 0: unknown */
	char note[256];
	char citizen_name[128]; /* only when the config allows and consent is set */
	char citizen_phone[24];
	bool consent;
	time_t voided_at; /* 0: not voided */
	int64_t voided_by;
	char void_reason[128];
};

/* A stored uid: a UUID in its canonical form, 36 characters of lower-case
 * hexadecimal and four dashes. */
bool visit_uid_valid(const char *uid);
/* A uid as a script may give it (upper case, braces, "urn:uuid:", no
 * dashes, spaces around) in its canonical form into out; false (out empty)
 * for anything else, however long: never cut to fit. */
bool visit_uid_normalise(const char *in, char out[VISIT_UID_SIZE]);
/* The same visit as far as a retry can tell: procedure, services, dossier
 * code, groups, channel, outcome, duration, note, staff, and the time when
 * compare_at. */
bool visit_same(const struct visit *a, const struct visit *b, bool compare_at);

/* Defaults: a new uid, at = entered_at = now, walk-in, done. */
void visit_init(struct visit *v);

/* Check a visit before saving: known procedure (or none), a dossier code when
 * online_submission is set, personal data only with consent, a backdate
 * reason when backdated.  ST_INVALID with a translated detail otherwise. */
enum status visit_validate(struct db *db, const struct visit *v);

/* Save in one BEGIN IMMEDIATE transaction: validates, inserts the visit,
 * bumps the procedure's use count.  A visit whose uid is already stored
 * changes nothing and returns ST_OK with *already = true (already may be
 * NULL).  On ST_OK the visit is durable; v->id is set. */
enum status visit_save(struct db *db, struct visit *v, bool *already);

/* Read one visit by uid (ST_NOT_FOUND when absent). */
enum status visit_get(struct db *db, const char *uid, struct visit *out);

/* Replace the editable fields of a stored, non-voided visit (procedure,
 * services, dossier code, groups, channel, outcome, note, duration) and write
 * one audit row by `staff_id`. */
enum status visit_update(struct db *db, const struct visit *v, int64_t staff_id);

/* Void: keeps the row, records who, when and why, writes one audit row.
 * Voiding a voided visit is ST_INVALID. */
enum status visit_void(struct db *db, const char *uid, int64_t staff_id, const char *reason);

/* Visits for a list: newest first, at most `limit`, filtered by shift (when
 * shift_id > 0), by local day range (when from_day > 0), by folded text over
 * procedure name, code and dossier code (when `query` is non-empty),
 * including voided ones when include_voided.  Calls fn for each; stops early
 * when fn returns false. */
struct visit_filter {
	int64_t shift_id;
	int from_day, to_day; /* YYYYMMDD inclusive */
	const char *query;
	int64_t staff_id; /* 0: anyone */
	bool include_voided;
	int limit; /* 0: no limit */
	/* Only what totals need: the row's visit has voided_at (0 or 1),
	 * procedure_code ("" or "?"), services and groups, nothing else, no
	 * names; in no particular order.  Spares a count the joins, the whole
	 * rows and the sort. */
	bool counts_only;
};
struct visit_row {
	struct visit v;
	const char *procedure_name; /* valid during the callback only; "" for none */
	const char *staff_name;
};
enum status visit_list(struct db *db, const struct visit_filter *f,
                       bool (*fn)(const struct visit_row *row, void *ctx), void *ctx);

/* The last non-voided visit of a shift (ST_NOT_FOUND when none). */
enum status visit_last_of_shift(struct db *db, int64_t shift_id, struct visit *out);

#endif
