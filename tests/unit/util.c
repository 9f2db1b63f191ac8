/* util.c: the path helper shared by the config, the backups and the
 * database's folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	    cmocka_unit_test(str_format__never_cuts_mid_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
