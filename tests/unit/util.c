/* util.c: the path helper shared by the config, the backups and the
 * database's folder; the date formatters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(path_dir__is_the_folder_part_as_dirname),
	    cmocka_unit_test(time_show__is_dd_mm_yyyy__and_iso_stays_for_machines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
