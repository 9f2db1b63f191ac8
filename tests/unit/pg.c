/* pg.c without a server: the defaults added to a connection string
 * (sslmode=verify-full for a remote host only, connect_timeout, never over
 * what the string or the environment sets), the password rule, and a
 * string that does not parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sync/pg.h"
#include "util/util.h"

static const char *param(const struct pg_params *p, const char *key)
{
	for (int i = 0; p->keys[i]; i++)
		if (strcmp(p->keys[i], key) == 0)
			return p->vals[i];
	return NULL;
}

static const char *sslmode_of(const char *conninfo)
{
	static struct pg_params p;
	struct pg_source src = {conninfo, NULL};
	assert_int_equal(pg_params(&src, &p), ST_OK);
	return param(&p, "sslmode");
}

static void pg_params__verify_full_for_remote_hosts_only(void **state)
{
	(void)state;
	unsetenv("PGSSLMODE");
	unsetenv("PGHOST");
	unsetenv("PGCONNECT_TIMEOUT");
	assert_string_equal(sslmode_of("host=dvc.tinh.gov.vn dbname=dvcdesk"), "verify-full");
	assert_string_equal(sslmode_of("postgresql://u@10.0.0.5/dvcdesk"), "verify-full");
	assert_string_equal(sslmode_of("host=/run/postgresql,db.example.org"), "verify-full");
	assert_null(sslmode_of("host=/run/postgresql dbname=x"));
	assert_null(sslmode_of("host=localhost dbname=x"));
	assert_null(sslmode_of("dbname=x"));
	assert_null(sslmode_of("service=tinh"));
	/* what the string or PGSSLMODE says wins: nothing added */
	assert_null(sslmode_of("host=db.example.org sslmode=require"));
	setenv("PGSSLMODE", "require", 1);
	assert_null(sslmode_of("host=db.example.org"));
	unsetenv("PGSSLMODE");
	setenv("PGHOST", "db.example.org", 1);
	assert_string_equal(sslmode_of("dbname=x"), "verify-full");
	unsetenv("PGHOST");
}

static void pg_params__timeout_and_the_string_last(void **state)
{
	(void)state;
	struct pg_params p;
	struct pg_source src = {"host=/tmp dbname=x", NULL};
	assert_int_equal(pg_params(&src, &p), ST_OK);
	assert_string_equal(param(&p, "connect_timeout"), "5");
	int last = 0;
	while (p.keys[last + 1])
		last++;
	assert_string_equal(p.keys[last], "dbname");
	assert_string_equal(p.vals[last], "host=/tmp dbname=x");
	struct pg_source own = {"host=/tmp connect_timeout=2", NULL};
	assert_int_equal(pg_params(&own, &p), ST_OK);
	assert_null(param(&p, "connect_timeout"));
}

static void pg_check_conninfo__password_rule(void **state)
{
	(void)state;
	char path[] = "/tmp/dvcdesk-pg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct pg_source src = {"host=/tmp password=s3cret", path};
	chmod(path, 0644);
	assert_int_equal(pg_check_conninfo(&src), ST_CONFIG);
	assert_non_null(strstr(status_detail(ST_CONFIG), ".pgpass"));
	chmod(path, 0600);
	assert_int_equal(pg_check_conninfo(&src), ST_OK);
	struct pg_source nopw = {"host=/tmp", path};
	chmod(path, 0644);
	assert_int_equal(pg_check_conninfo(&nopw), ST_OK);
	unlink(path);
	struct pg_source bad = {"host='open", NULL};
	assert_int_equal(pg_check_conninfo(&bad), ST_CONFIG);
	struct pg_source none = {"", NULL};
	assert_int_equal(pg_check_conninfo(&none), ST_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pg_params__verify_full_for_remote_hosts_only),
	    cmocka_unit_test(pg_params__timeout_and_the_string_last),
	    cmocka_unit_test(pg_check_conninfo__password_rule),
	};
	setenv("LANGUAGE", "en", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
