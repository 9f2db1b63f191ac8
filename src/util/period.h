/* Reporting periods: months, quarters, halves and years, either calendar
 * ones or cut off on the 15th (Decree 09/2019/NĐ-CP, art. 12: the month
 * 2026-11 runs from 15/10 to 14/11, the year 2026 from 15/12/2025 to
 * 14/12/2026; a quarter from the 15th of the month before it to the 14th
 * of its last month).  Pure date arithmetic on YYYYMMDD integers.
 *
 * `starts_on` is [report] month_starts_on: 1 (calendar, the default) or 15;
 * any other value is taken as 1. */
#ifndef DVCDESK_PERIOD_H
#define DVCDESK_PERIOD_H

#include <stdbool.h>

/* The bounds of the reporting month y-m (m 1..12), inclusive. */
void period_month(int y, int m, int starts_on, int *from, int *to);
/* Quarter q (1..4), half h (1..2), year y. */
void period_quarter(int y, int q, int starts_on, int *from, int *to);
void period_half(int y, int h, int starts_on, int *from, int *to);
void period_year(int y, int starts_on, int *from, int *to);

/* The reporting month and year a day belongs to: with the cut-off,
 * 15/12/2026 is in the month 2027-01 and the year 2027. */
void period_month_of(int day, int starts_on, int *y, int *m);
int period_year_of(int day, int starts_on);

/* "YYYY-Qn" (n 1..4) and "YYYY-Hn" (n 1..2); false on anything else. */
bool period_parse_quarter(const char *s, int *y, int *q);
bool period_parse_half(const char *s, int *y, int *h);


/* Monday..Friday strictly after `after` through `through` (0 when through
 * <= after).  Public holidays are not known, so they count. */
int period_working_days(int after, int through);

#endif
