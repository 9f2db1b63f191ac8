/* dossier.c: dossier-code normalising and patterns, phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/dossier.h"

/* The config helper's default (Circular 01/2018) and the social-insurance
 * shape of docs/domain.md, as a configuration would list them. */
static char circular[] = "^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$";
static char social[] = "^[0-9]{5}/[0-9]{4}/[0-9]{5}$";

static void dossier_normalize__trims_drops_spaces_and_upper_cases(void **state)
{
	(void)state;
	char s[] = "  000.00.20.h08 - 240327 -0001 \t";
	assert_string_equal(dossier_normalize(s), "000.00.20.H08-240327-0001");
	char e[] = "   ";
	assert_string_equal(dossier_normalize(e), "");
	/* Bytes beyond ASCII are left alone (dossier_acceptable refuses them). */
	char v[] = "m\xC3\xA3 1";
	assert_string_equal(dossier_normalize(v), "M\xC3\xA3"
	                                          "1");
}

static void dossier_matches__checks_the_configured_patterns(void **state)
{
	(void)state;
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	char *patterns[] = {circular, social};
	cfg.dossier_patterns = patterns;
	cfg.n_dossier_patterns = 1;
	assert_true(dossier_matches(&cfg, "000.00.20.H08-240327-0001"));
	assert_true(dossier_matches(&cfg, "000.00.20.h08-240327-0001")); /* normalised first */
	assert_false(dossier_matches(&cfg, "000.00.20.H08-240327-001"));
	assert_false(dossier_matches(&cfg, "X000.00.20.H08-240327-0001"));
	assert_false(dossier_matches(&cfg, "03706/2026/07906"));
	assert_false(dossier_matches(&cfg, ""));
	cfg.n_dossier_patterns = 2;
	assert_true(dossier_matches(&cfg, "03706/2026/07906"));
	/* Asking again uses the compiled cache and answers the same. */
	for (int i = 0; i < 100; i++)
		assert_true(dossier_matches(&cfg, "000.00.20.H08-240327-0001"));
	/* No patterns configured: nothing matches (a warning, never a block). */
	cfg.n_dossier_patterns = 0;
	assert_false(dossier_matches(&cfg, "000.00.20.H08-240327-0001"));
	/* No configuration at all: Circular 01/2018. */
	assert_true(dossier_matches(NULL, "000.00.20.H08-240327-0001"));
	assert_false(dossier_matches(NULL, "03706/2026/07906"));
}

static void dossier_matches__treats_a_bad_pattern_as_matching_nothing(void **state)
{
	(void)state;
	char bad[] = "([0-9";
	char *patterns[] = {bad, social};
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.dossier_patterns = patterns;
	cfg.n_dossier_patterns = 2;
	assert_false(dossier_matches(&cfg, "([0-9"));
	assert_true(dossier_matches(&cfg, "03706/2026/07906"));
}

static void dossier_acceptable__allows_printable_ascii_up_to_63_bytes(void **state)
{
	(void)state;
	char buf[80];
	memset(buf, 'A', sizeof(buf));
	buf[63] = '\0';
	assert_true(dossier_acceptable(buf));
	buf[63] = 'A';
	buf[64] = '\0';
	assert_false(dossier_acceptable(buf));
	assert_true(dossier_acceptable("000.00.20.H08-240327-0001"));
	assert_true(dossier_acceptable("03706/2026/07906"));
	assert_true(dossier_acceptable("")); /* no code at all is the visit's business */
	assert_false(dossier_acceptable("m\xC3\xA3"));
	assert_false(dossier_acceptable("A\tB"));
	assert_false(dossier_acceptable("A\x7F"));
}

static void expect_phone(const char *in, const char *want)
{
	char out[16];
	memset(out, 'X', sizeof(out));
	bool ok = phone_normalize(in, out, sizeof(out));
	if (want) {
		assert_true(ok);
		assert_string_equal(out, want);
	} else {
		assert_false(ok);
		assert_string_equal(out, "");
	}
}

static void phone_normalize__gives_ten_digits_from_common_forms(void **state)
{
	(void)state;
	expect_phone("0912345678", "0912345678");
	expect_phone("0912 345 678", "0912345678");
	expect_phone("0912.345.678", "0912345678");
	expect_phone("0912-345-678", "0912345678");
	expect_phone("+84 912 345 678", "0912345678");
	expect_phone("+84912345678", "0912345678");
	expect_phone("84912345678", "0912345678");
	expect_phone("0084 912 345 678", "0912345678");
	expect_phone("+84 (0) 912 345 678", "0912345678");
	expect_phone("0845 123 456", "0845123456"); /* 084 is a mobile prefix, not +84 */
}

static void phone_normalize__refuses_anything_else(void **state)
{
	(void)state;
	expect_phone("", NULL);
	expect_phone("091234567", NULL);   /* 9 digits */
	expect_phone("09123456789", NULL); /* 11 digits */
	expect_phone("1912345678", NULL);  /* no leading 0 */
	expect_phone("+1 555 123 4567", NULL);
	expect_phone("0912abc678", NULL);
	expect_phone("0912+345678", NULL);
	expect_phone("09123456789012345678901234567890", NULL);
	expect_phone("\xFF\xFE", NULL);
	char small[10];
	assert_false(phone_normalize("0912345678", small, sizeof(small)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dossier_normalize__trims_drops_spaces_and_upper_cases),
	    cmocka_unit_test(dossier_matches__checks_the_configured_patterns),
	    cmocka_unit_test(dossier_matches__treats_a_bad_pattern_as_matching_nothing),
	    cmocka_unit_test(dossier_acceptable__allows_printable_ascii_up_to_63_bytes),
	    cmocka_unit_test(phone_normalize__gives_ten_digits_from_common_forms),
	    cmocka_unit_test(phone_normalize__refuses_anything_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
