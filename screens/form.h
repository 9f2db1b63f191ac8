/* The visit form: procedure search, services and groups, channel, outcome,
 * dossier code, note and (when allowed, with consent) name and phone.  Not a
 * screen: the counter embeds one to log visits, the detail screen one to
 * edit a stored visit.
 *
 * The focus model (README "Keystroke budget"): the procedure search is a
 * text field and gets every printable key; picking a procedure (a digit on
 * an empty search, or Enter on a result) moves the focus to the flags,
 * where single letters toggle services and groups (the action table's
 * keys).  Ctrl and function keys work in every field.  Enter saves from
 * anywhere except a search with text in it, where it picks the result. */
#ifndef DVCDESK_FORM_H
#define DVCDESK_FORM_H

#include <time.h>

#include "screen.h"

enum form_focus { FORM_SEARCH, FORM_FLAGS, FORM_DOSSIER, FORM_NOTE, FORM_NAME, FORM_PHONE };

#define FORM_MAX_RESULTS 40

struct form {
	struct visit v; /* what will be saved; its uid survives a failed save */
	bool edit;      /* editing a stored visit: no personal fields */
	enum form_focus focus;
	struct ui_field search, dossier, note, name, phone;
	struct procedure results[FORM_MAX_RESULTS];
	int n_results, sel, scroll;
	char proc_name[256]; /* the chosen procedure's name */
	bool proc_chosen;    /* a procedure, or general guidance, was picked */
	bool dirty;          /* changed since it was cleared */
	time_t started;      /* first change: the visit's duration runs from here */
	char warned[64];     /* the dossier code already warned about */
};

enum form_event {
	FORM_IGNORED, /* not a form key */
	FORM_CHANGED, /* redraw */
	FORM_SUBMIT   /* Enter: the caller saves (after form_ready()) */
};

/* A new, empty form: visit_init() (a new uid), walk-in, done. */
void form_init(struct form *f, struct ui_context *ctx);
/* After a save: a new visit; keeps the procedure when keep_procedure. */
void form_clear(struct form *f, struct ui_context *ctx, bool keep_procedure);
/* Fill from a stored visit.  As a repeat: a new uid and time, the same
 * procedure, services, groups, channel and outcome, and nothing personal
 * (no dossier code, note, name or phone). */
void form_load(struct form *f, struct ui_context *ctx, const struct visit *v, bool repeat);

enum form_event form_key(struct form *f, struct ui_context *ctx, const struct ui_key *k);

/* Draw into r; returns the rows used (it takes what it needs from the top
 * of r and leaves the rest to the caller). */
int form_draw(struct form *f, struct ui_context *ctx, struct ui_rect r);
/* Rows form_draw() will use in a body of height h. */
int form_height(const struct form *f, struct ui_context *ctx, int h);
/* Hints for the current focus. */
void form_hints(const struct form *f, struct ui_context *ctx);

/* Copy the fields into f->v and check what the volunteer can fix: a
 * procedure picked, a dossier code with online submission, its shape (a
 * warning that a second Enter accepts), the phone number.  On false the
 * status bar says why and the focus is on the field to fix. */
bool form_ready(struct form *f, struct ui_context *ctx);

/* Labels shared with the lists (translated). */
const char *form_service_label(enum service s);
const char *form_service_short(enum service s);
const char *form_group_label(enum group g);
const char *form_channel_label(enum channel c);
const char *form_outcome_label(enum outcome o);
/* "VNeID, nộp trực tuyến, cao tuổi, điện thoại" into buf: the services,
 * groups, and the channel and outcome when they are not the usual ones. */
char *form_flags_text(const struct visit *v, char *buf, size_t size);

/* Private to form.c and form_draw.c: the flags column in the order it is
 * drawn (the key that toggles each), and whether the form may hold the
 * citizen's name and phone. */
struct form_flag_row {
	enum action_id action;
	bool group;
	int bit;
};
#define FORM_N_FLAG_ROWS 10
extern const struct form_flag_row form_flag_rows[FORM_N_FLAG_ROWS];
bool form_person_allowed(const struct form *f, struct ui_context *ctx);

#endif
