/* Reporting periods: calendar or cut off on the 15th (period.h). */
#include "util/period.h"

#include <ctype.h>
#include <string.h>

#include "util/util.h"

static bool cut(int starts_on)
{
	return starts_on == 15;
}

/* First day of the reporting month y-m. */
static int month_first(int y, int m, int starts_on)
{
	if (!cut(starts_on))
		return y * 10000 + m * 100 + 1;
	if (m == 1)
		return (y - 1) * 10000 + 1200 + 15;
	return y * 10000 + (m - 1) * 100 + 15;
}

/* Last day of the reporting month y-m. */
static int month_last(int y, int m, int starts_on)
{
	if (cut(starts_on))
		return y * 10000 + m * 100 + 14;
	return y * 10000 + m * 100 + time_days_in_month(y, m);
}

/* The months first..last (1..12) of year y. */
static void months(int y, int first, int last, int starts_on, int *from, int *to)
{
	*from = month_first(y, first, starts_on);
	*to = month_last(y, last, starts_on);
}

void period_month(int y, int m, int starts_on, int *from, int *to)
{
	months(y, m, m, starts_on, from, to);
}

void period_quarter(int y, int q, int starts_on, int *from, int *to)
{
	months(y, 3 * q - 2, 3 * q, starts_on, from, to);
}

void period_half(int y, int h, int starts_on, int *from, int *to)
{
	months(y, 6 * h - 5, 6 * h, starts_on, from, to);
}

void period_year(int y, int starts_on, int *from, int *to)
{
	months(y, 1, 12, starts_on, from, to);
}

void period_month_of(int day, int starts_on, int *y, int *m)
{
	*y = day / 10000;
	*m = day / 100 % 100;
	if (cut(starts_on) && day % 100 >= 15) {
		if (++*m > 12) {
			*m = 1;
			++*y;
		}
	}
}

int period_year_of(int day, int starts_on)
{
	int y, m;
	period_month_of(day, starts_on, &y, &m);
	return y;
}

static bool parse_part(const char *s, char letter, int max, int *y, int *n)
{
	if (strlen(s) != 7 || s[4] != '-' || (s[5] != letter && s[5] != letter + 32))
		return false;
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1970 || v > 9999 || s[6] < '1' || s[6] > '0' + max)
		return false;
	*y = v;
	*n = s[6] - '0';
	return true;
}

bool period_parse_quarter(const char *s, int *y, int *q)
{
	return parse_part(s, 'Q', 4, y, q);
}

bool period_parse_half(const char *s, int *y, int *h)
{
	return parse_part(s, 'H', 2, y, h);
}

int period_working_days(int after, int through)
{
	int n = 0;
	if (through <= after)
		return 0;
	int w = time_weekday(after); /* 0 = Sunday */
	for (int d = time_day_add(after, 1); d <= through; d = time_day_add(d, 1)) {
		w = (w + 1) % 7;
		if (w >= 1 && w <= 5)
			n++;
	}
	return n;
}
