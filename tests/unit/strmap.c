/* strmap.c: the string map the catalogue import and the report count with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/strmap.h"

static void strmap_put__adds_once__find_sees_it__values_survive_growth(void **state)
{
	struct strmap m = {0};
	bool added = false;
	char key[32];
	(void)state;

	assert_null(strmap_find(&m, "1.001193", 8));
	long *v = strmap_put(&m, "1.001193", 8, &added);
	assert_true(added);
	assert_int_equal(*v, 0);
	*v = 7;
	v = strmap_put(&m, "1.001193", 8, &added);
	assert_false(added);
	assert_int_equal(*v, 7);
	/* 10,000 keys: the table grows many times, every value is kept */
	for (int i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof key, "k%d", i);
		*strmap_put(&m, key, (size_t)n, NULL) = i;
	}
	assert_int_equal(m.n, 10001);
	for (int i = 0; i < 10000; i += 97) {
		int n = snprintf(key, sizeof key, "k%d", i);
		long *got = strmap_find(&m, key, (size_t)n);
		assert_non_null(got);
		assert_int_equal(*got, i);
	}
	assert_int_equal(*strmap_find(&m, "1.001193", 8), 7);
	strmap_done(&m);
	assert_null(strmap_find(&m, "k1", 2));
}

static void strmap__keys_are_the_given_bytes__not_a_prefix(void **state)
{
	struct strmap m = {0};
	(void)state;

	*strmap_put(&m, "1.001193A", 8, NULL) = 1; /* only "1.001193" */
	assert_non_null(strmap_find(&m, "1.001193", 8));
	assert_null(strmap_find(&m, "1.00119", 7));
	assert_null(strmap_find(&m, "1.001193A", 9));
	*strmap_put(&m, "", 0, NULL) = 5;
	assert_int_equal(*strmap_find(&m, "", 0), 5);
	assert_int_equal(m.n, 2);
	strmap_done(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(strmap_put__adds_once__find_sees_it__values_survive_growth),
	    cmocka_unit_test(strmap__keys_are_the_given_bytes__not_a_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
