/* period.c: calendar and cut-off (15th) months, quarters, halves and years,
 * with exact bounds across year ends and leap years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "util/period.h"

static void bounds(void (*fn)(int, int, int, int *, int *), int y, int n, int starts, int from,
                   int to)
{
	int f = 0, t = 0;
	fn(y, n, starts, &f, &t);
	assert_int_equal(f, from);
	assert_int_equal(t, to);
}

static void year_bounds(int y, int starts, int from, int to)
{
	int f = 0, t = 0;
	period_year(y, starts, &f, &t);
	assert_int_equal(f, from);
	assert_int_equal(t, to);
}

static void period_month__calendar__ends_on_the_last_day__leap_years_too(void **state)
{
	(void)state;
	bounds(period_month, 2026, 11, 1, 20261101, 20261130);
	bounds(period_month, 2026, 2, 1, 20260201, 20260228);
	bounds(period_month, 2028, 2, 1, 20280201, 20280229); /* leap */
	bounds(period_month, 2100, 2, 1, 21000201, 21000228); /* not leap: /100 */
	bounds(period_month, 2000, 2, 1, 20000201, 20000229); /* leap: /400 */
	bounds(period_month, 2026, 12, 1, 20261201, 20261231);
}

static void period_month__cut_off__runs_from_the_15th_to_the_14th(void **state)
{
	(void)state;
	bounds(period_month, 2026, 11, 15, 20261015, 20261114);
	/* across the year end: January starts in December of the year before */
	bounds(period_month, 2026, 1, 15, 20251215, 20260114);
	bounds(period_month, 2026, 12, 15, 20261115, 20261214);
	/* March takes the end of a leap February, whatever its length */
	bounds(period_month, 2028, 3, 15, 20280215, 20280314);
	/* any other value is the calendar */
	bounds(period_month, 2026, 11, 0, 20261101, 20261130);
}

static void period_quarter_half_year__in_both_modes(void **state)
{
	(void)state;
	bounds(period_quarter, 2026, 1, 1, 20260101, 20260331);
	bounds(period_quarter, 2026, 2, 1, 20260401, 20260630);
	bounds(period_quarter, 2026, 3, 1, 20260701, 20260930);
	bounds(period_quarter, 2026, 4, 1, 20261001, 20261231);
	bounds(period_quarter, 2026, 1, 15, 20251215, 20260314);
	bounds(period_quarter, 2026, 2, 15, 20260315, 20260614);
	bounds(period_quarter, 2026, 3, 15, 20260615, 20260914);
	bounds(period_quarter, 2026, 4, 15, 20260915, 20261214);
	bounds(period_half, 2026, 1, 1, 20260101, 20260630);
	bounds(period_half, 2026, 2, 1, 20260701, 20261231);
	bounds(period_half, 2026, 1, 15, 20251215, 20260614);
	bounds(period_half, 2026, 2, 15, 20260615, 20261214);
	year_bounds(2026, 1, 20260101, 20261231);
	year_bounds(2026, 15, 20251215, 20261214);
	year_bounds(2028, 15, 20271215, 20281214);
}

static void period_month_of__puts_the_15th_in_the_next_month(void **state)
{
	(void)state;
	int y, m;
	period_month_of(20261114, 15, &y, &m);
	assert_int_equal(y * 100 + m, 202611);
	period_month_of(20261115, 15, &y, &m);
	assert_int_equal(y * 100 + m, 202612);
	period_month_of(20261215, 15, &y, &m);
	assert_int_equal(y * 100 + m, 202701);
	period_month_of(20261231, 1, &y, &m);
	assert_int_equal(y * 100 + m, 202612);
	assert_int_equal(period_year_of(20261214, 15), 2026);
	assert_int_equal(period_year_of(20261215, 15), 2027);
	assert_int_equal(period_year_of(20261231, 1), 2026);
}

static void period_parse__quarters_and_halves_only(void **state)
{
	(void)state;
	int y = 0, n = 0;
	assert_true(period_parse_quarter("2026-Q4", &y, &n));
	assert_int_equal(y * 10 + n, 20264);
	assert_true(period_parse_quarter("2026-q1", &y, &n));
	assert_int_equal(n, 1);
	assert_false(period_parse_quarter("2026-Q5", &y, &n));
	assert_false(period_parse_quarter("2026-Q0", &y, &n));
	assert_false(period_parse_quarter("2026Q1", &y, &n));
	assert_false(period_parse_quarter("2026-H1", &y, &n));
	assert_false(period_parse_quarter("226-Q1x", &y, &n));
	assert_true(period_parse_half("2026-H2", &y, &n));
	assert_int_equal(y * 10 + n, 20262);
	assert_false(period_parse_half("2026-H3", &y, &n));
	assert_false(period_parse_half("2026-Q1", &y, &n));
	assert_false(period_parse_half("", &y, &n));
}

static void period_working_days__mondays_to_fridays_after_a_day(void **state)
{
	(void)state;
	/* Friday 4 December 2026 .. 31 December: 19 working days */
	assert_int_equal(period_working_days(20261204, 20261231), 19);
	/* .. 14 December (the cut-off year's end): 6 */
	assert_int_equal(period_working_days(20261204, 20261214), 6);
	assert_int_equal(period_working_days(20261231, 20261231), 0);
	assert_int_equal(period_working_days(20261231, 20261201), 0);
	/* 28 February 2026 (a Saturday) .. 31 December: 219 */
	assert_int_equal(period_working_days(20260228, 20261231), 219);
	/* a leap year's 29 February is a Tuesday in 2028 */
	assert_int_equal(period_working_days(20280228, 20280301), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(period_month__calendar__ends_on_the_last_day__leap_years_too),
	    cmocka_unit_test(period_month__cut_off__runs_from_the_15th_to_the_14th),
	    cmocka_unit_test(period_quarter_half_year__in_both_modes),
	    cmocka_unit_test(period_month_of__puts_the_15th_in_the_next_month),
	    cmocka_unit_test(period_parse__quarters_and_halves_only),
	    cmocka_unit_test(period_working_days__mondays_to_fridays_after_a_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
