/* util.c: the path helper, local-time arithmetic and parsers, the date
 * formatters, UUIDv7 and the UTF-8-safe copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <time.h>

#include "util/status.h"
#include "util/text.h"
#include "util/util.h"

static void expect_dir(const char *path, const char *want)
{
	char *got = path_dir(path);
	assert_string_equal(got, want);
	free(got);
}

static void path_dir__is_the_folder_part_as_dirname(void **state)
{
	(void)state;
	expect_dir("/home/an/.local/share/dvcdesk/dvcdesk.db", "/home/an/.local/share/dvcdesk");
	expect_dir("data/dvcdesk.db", "data");
	expect_dir("./dvcdesk.db", ".");
	expect_dir("dvcdesk.db", ".");
	expect_dir("/dvcdesk.db", "/");
}

static void time_days_in_month__counts_leap_years(void **state)
{
	(void)state;
	assert_int_equal(time_days_in_month(2026, 1), 31);
	assert_int_equal(time_days_in_month(2026, 2), 28);
	assert_int_equal(time_days_in_month(2028, 2), 29);
	assert_int_equal(time_days_in_month(2100, 2), 28);
	assert_int_equal(time_days_in_month(2000, 2), 29);
	assert_int_equal(time_days_in_month(2026, 11), 30);
	assert_int_equal(time_days_in_month(2026, 12), 31);
}

static void time_day_add_and_weekday__cross_months_years_and_dst_free_days(void **state)
{
	(void)state;
	assert_int_equal(time_day_add(20261130, 1), 20261201);
	assert_int_equal(time_day_add(20261231, 1), 20270101);
	assert_int_equal(time_day_add(20270101, -1), 20261231);
	assert_int_equal(time_day_add(20280228, 1), 20280229);
	assert_int_equal(time_day_add(20260301, -1), 20260228);
	assert_int_equal(time_day_add(20261122, 0), 20261122);
	assert_int_equal(time_day_add(20261122, 365), 20271122);
	assert_int_equal(time_weekday(20261122), 0); /* a Sunday */
	assert_int_equal(time_weekday(20261204), 5); /* a Friday */
	assert_int_equal(time_weekday(20000101), 6);
}

static void time_parse_day_and_month__exact_forms_only(void **state)
{
	int d = 0, a = 0, b = 0;
	(void)state;
	assert_true(time_parse_day("2026-11-22", &d));
	assert_int_equal(d, 20261122);
	assert_true(time_parse_day("2028-02-29", &d));
	assert_false(time_parse_day("2026-02-29", &d));
	assert_false(time_parse_day("2026-13-01", &d));
	assert_false(time_parse_day("2026-11-2", &d));
	assert_false(time_parse_day("22/11/2026", &d));
	assert_false(time_parse_day("2026-11-22x", &d));
	assert_true(time_parse_month("2026-02", &a, &b));
	assert_int_equal(a, 20260201);
	assert_int_equal(b, 20260228);
	assert_true(time_parse_month("2028-02", &a, &b));
	assert_int_equal(b, 20280229);
	assert_false(time_parse_month("2026-00", &a, &b));
	assert_false(time_parse_month("2026-1", &a, &b));
}

/* One clock-time grammar for the config ([session]) and the command line
 * (--at): H:MM and HH:MM. */
static void time_parse_hhmm__one_grammar__h_mm_and_hh_mm(void **state)
{
	int m = -1;
	time_t t;
	(void)state;
	assert_true(time_parse_hhmm("07:00", &m));
	assert_int_equal(m, 420);
	assert_true(time_parse_hhmm("7:00", &m));
	assert_int_equal(m, 420);
	assert_true(time_parse_hhmm("23:59", &m));
	assert_int_equal(m, 1439);
	assert_true(time_parse_hhmm("0:05", &m));
	assert_int_equal(m, 5);
	assert_false(time_parse_hhmm("24:00", &m));
	assert_false(time_parse_hhmm("7:60", &m));
	assert_false(time_parse_hhmm("7:5", &m));
	assert_false(time_parse_hhmm("007:00", &m));
	assert_false(time_parse_hhmm("7h00", &m));
	assert_false(time_parse_hhmm("", &m));
	assert_true(time_parse_hhmm_n("13:30-17:00", 5, &m));
	assert_int_equal(m, 810);
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	assert_true(time_parse_local("2026-11-22 09:15", &t));
	assert_int_equal(t, (time_t)1795313700);
	assert_true(time_parse_local("2026-11-22 9:15", &t));
	assert_int_equal(t, (time_t)1795313700);
	assert_false(time_parse_local("2026-11-22  9:15", &t));
	assert_false(time_parse_local("2026-11-22T09:15", &t));
	char buf[32];
	assert_string_equal(time_format_local(t, buf, sizeof buf), "2026-11-22 09:15");
	assert_int_equal(time_local_day(t), 20261122);
	assert_int_equal(time_local_minute(t), 555);
	assert_int_equal(time_day_start(20261122), (time_t)1795313700 - 555 * 60);
}

static void uuid_v7__is_version_7__variant_10__and_time_ordered(void **state)
{
	char a[37], b[37];
	(void)state;
	uuid_v7(a);
	struct timespec pause = {0, 2000000};
	nanosleep(&pause, NULL);
	uuid_v7(b);
	assert_int_equal(strlen(a), 36);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", a[i]));
	}
	assert_int_equal(a[14], '7');
	assert_non_null(strchr("89ab", a[19]));
	assert_true(strcmp(a, b) < 0); /* later is greater: rows sort by time */
	/* the first 48 bits are the Unix time in milliseconds */
	unsigned long long ms = strtoull((char[13]){a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
	                                            a[9], a[10], a[11], a[12], 0},
	                                 NULL, 16);
	unsigned long long now = (unsigned long long)time(NULL) * 1000ULL;
	assert_true(ms + 5000 > now && ms < now + 5000);
}

static void str_copy__cuts_at_a_character_boundary(void **state)
{
	char buf[6];
	(void)state;
	str_copy(buf, sizeof buf, "abcdefgh");
	assert_string_equal(buf, "abcde");
	str_copy(buf, sizeof buf, "Lê Văn"); /* L ê(2) space V ă(2): 'ă' would be cut */
	assert_string_equal(buf, "Lê V");
	str_copy(buf, sizeof buf, "ệệ"); /* 3 bytes each: only one fits */
	assert_string_equal(buf, "ệ");
	str_copy(buf, sizeof buf, "");
	assert_string_equal(buf, "");
	char one[1] = {'x'};
	str_copy(one, sizeof one, "abc");
	assert_int_equal(one[0], '\0');
}

/* People's dates are dd/mm/yyyy, the time first; machines' stay ISO. */
static void time_show__is_dd_mm_yyyy__and_iso_stays_for_machines(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(time_show_day(20261205, buf, sizeof buf), "05/12/2026");
	assert_string_equal(time_show_day(20260101, buf, sizeof buf), "01/01/2026");
	assert_string_equal(time_format_day(20261205, buf, sizeof buf), "2026-12-05");
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	time_t t;
	assert_true(time_parse_local("2026-12-05 03:14", &t));
	assert_string_equal(time_show_local(t, buf, sizeof buf), "03:14, 05/12/2026");
	/* a small buffer is cut, never overrun */
	char small[6];
	time_show_day(20261205, small, sizeof small);
	assert_string_equal(small, "05/12");
}

/* A translated message too long for its buffer is cut between letters,
 * never inside one, and says it was cut. */
static void str_format__never_cuts_mid_character(void **state)
{
	(void)state;
	char buf[10];
	/* "ệ" is 3 bytes: a byte cut would leave half of one at the end. */
	for (size_t size = 4; size <= sizeof(buf); size++) {
		str_format(buf, size, "%s", "Lệệệệệệệ");
		assert_true(text_valid_utf8(buf, strlen(buf)));
		assert_true(strlen(buf) < size);
	}
	str_format(buf, sizeof(buf), "%s", "Lệệệệệệệ");
	assert_non_null(strstr(buf, "\xE2\x80\xA6")); /* … */
	str_format(buf, sizeof(buf), "%d", 42);
	assert_string_equal(buf, "42");
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < 600; i++)
		sb_add(&sb, "ộ");
	status_fail(ST_IO, "%s", sb.buf);
	const char *d = status_detail(ST_IO);
	assert_true(text_valid_utf8(d, strlen(d)));
	sb_done(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(path_dir__is_the_folder_part_as_dirname),
	    cmocka_unit_test(time_days_in_month__counts_leap_years),
	    cmocka_unit_test(time_day_add_and_weekday__cross_months_years_and_dst_free_days),
	    cmocka_unit_test(time_parse_day_and_month__exact_forms_only),
	    cmocka_unit_test(time_parse_hhmm__one_grammar__h_mm_and_hh_mm),
	    cmocka_unit_test(uuid_v7__is_version_7__variant_10__and_time_ordered),
	    cmocka_unit_test(str_copy__cuts_at_a_character_boundary),
	    cmocka_unit_test(time_show__is_dd_mm_yyyy__and_iso_stays_for_machines),
	    cmocka_unit_test(str_format__never_cuts_mid_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
