/* Every screen of the counter program, listed once.  To add a screen: write
 * screens/NAME.c exporting `const struct screen screen_NAME` (see
 * screens/screen.h) and add one line `_(NAME)` here. */
#ifndef DVCDESK_SCREENS_H
#define DVCDESK_SCREENS_H

#include "screen.h"

#define SCREEN_INFO(_)                                                                             \
	_(start)    /* start of shift: who, PIN, session */                                        \
	_(counter)  /* the entry form, the last visits, the running totals */                      \
	_(history)  /* visits of the shift, today or a chosen day */                               \
	_(detail)   /* one visit: every field; edit, void */                                       \
	_(help)     /* the keys, from the action table */                                          \
	_(lock)     /* the idle lock: hides citizen data until the PIN */                          \
	_(qr)       /* QR codes for the citizen; arg: const struct visit * or NULL (the form) */   \
	_(summary)  /* the shift's and the day's totals, targets; print, save PDF/CSV */       \
	_(shiftend) /* end of shift: totals, close the shift, then the summary */                 \
	_(roster)   /* the week's duty roster at this counter; supervisors edit */              \
	_(events)   /* outreach and training events of a month: add, correct, void */

/* The argument of screen_detail: the visit to show, and whether to start in
 * the edit form. */
struct detail_arg {
	const char *uid;
	bool edit;
};

#define SCREEN_DECLARE(name) extern const struct screen screen_##name;
SCREEN_INFO(SCREEN_DECLARE)
#undef SCREEN_DECLARE

#endif
