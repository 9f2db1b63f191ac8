/* util.c: the path helper shared by the config, the backups and the
 * database's folder. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(path_dir__is_the_folder_part_as_dirname),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
