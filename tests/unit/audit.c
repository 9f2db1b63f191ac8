/* audit.c: rows are chained by SHA-256, the schema refuses UPDATE and
 * DELETE, and a change made behind the program's back is found. */
#include "storage_fixture.h"

#include "store/audit.h"
#include "util/status.h"

#define HEX (crypto_hash_sha256_BYTES * 2 + 1)
static const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void sha_hex(const char *text, char out[HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, HEX, d, sizeof d);
}

static void append_three(struct db *db)
{
	assert_int_equal(audit_append(db, 3, "visit.void", "0190-uid-a", "voided_at"), ST_OK);
	fx_time += 5;
	assert_int_equal(audit_append(db, 0, "staff.add", NULL, "id=4,role=volunteer"), ST_OK);
	fx_time += 5;
	assert_int_equal(audit_append(db, 4, "visit.update", "0190-uid-b", "note|channel"), ST_OK);
}

static void audit_append__chains_sha256_of_the_row_fields(void **state)
{
	struct fx *fx = *state;
	char want[HEX], text[512], first[HEX];

	append_three(fx->db);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM audit", -1), 3);
	/* Row 1: prev is the zero hash; hash covers prev|at|staff|action|uid|detail. */
	assert_string_equal(fx_text(fx->db, "SELECT prev_hash FROM audit WHERE id = 1"), zeros);
	snprintf(text, sizeof text, "%s|%lld|3|visit.void|0190-uid-a|voided_at", zeros,
	         (long long)FX_T0);
	sha_hex(text, want);
	assert_string_equal(fx_text(fx->db, "SELECT hash FROM audit WHERE id = 1"), want);
	str_copy(first, sizeof first, want);
	/* Row 2: no staff, no visit: empty fields. */
	assert_string_equal(fx_text(fx->db, "SELECT prev_hash FROM audit WHERE id = 2"), first);
	snprintf(text, sizeof text, "%s|%lld||staff.add||id=4,role=volunteer", first,
	         (long long)FX_T0 + 5);
	sha_hex(text, want);
	assert_string_equal(fx_text(fx->db, "SELECT hash FROM audit WHERE id = 2"), want);
	assert_int_equal(db_int(fx->db,
	                        "SELECT staff_id IS NULL AND visit_uid IS NULL FROM audit "
	                        "WHERE id = 2",
	                        -1),
	                 1);
	assert_int_equal(db_int(fx->db, "SELECT at_utc FROM audit WHERE id = 3", -1), FX_T0 + 10);
	assert_string_equal(fx_text(fx->db, "SELECT prev_hash FROM audit WHERE id = 3"), want);
}

static void audit_append__joins_the_callers_transaction(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_begin(fx->db), ST_OK);
	assert_int_equal(audit_append(fx->db, 1, "visit.void", "u", ""), ST_OK);
	db_rollback(fx->db);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM audit", -1), 0);
	assert_int_equal(audit_append(fx->db, 1, "bad|action", "u", ""), ST_INVALID);
	assert_int_equal(audit_append(fx->db, 1, "visit.void", "u|v", ""), ST_INVALID);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM audit", -1), 0);
}

static void audit__triggers_refuse_update_and_delete(void **state)
{
	struct fx *fx = *state;
	char before[HEX];

	append_three(fx->db);
	str_copy(before, sizeof before, fx_text(fx->db, "SELECT hash FROM audit WHERE id = 2"));
	assert_int_not_equal(db_exec(fx->db, "UPDATE audit SET detail = 'x' WHERE id = 2"), ST_OK);
	assert_non_null(strstr(status_detail(ST_INVALID), "append-only"));
	assert_int_not_equal(db_exec(fx->db, "DELETE FROM audit WHERE id = 2"), ST_OK);
	assert_int_not_equal(db_exec(fx->db, "DELETE FROM audit"), ST_OK);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM audit", -1), 3);
	assert_string_equal(fx_text(fx->db, "SELECT detail FROM audit WHERE id = 2"),
	                    "id=4,role=volunteer");
	assert_string_equal(fx_text(fx->db, "SELECT hash FROM audit WHERE id = 2"), before);
}

static void audit_verify__passes_an_untouched_log(void **state)
{
	struct fx *fx = *state;
	int64_t bad = -1;

	assert_int_equal(audit_verify(fx->db, &bad), ST_OK); /* empty */
	assert_int_equal(bad, 0);
	append_three(fx->db);
	assert_int_equal(audit_verify(fx->db, &bad), ST_OK);
	assert_int_equal(bad, 0);
}

/* Change the file the way someone with the sqlite3 shell would: a plain
 * connection (not defensive), triggers dropped. */
static void tamper(struct fx *fx, const char *sql)
{
	sqlite3 *h;

	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	                              "DROP TRIGGER audit_no_update; DROP TRIGGER "
	                              "audit_no_delete",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_changes(h) > 0, 1);
	sqlite3_close(h);
	assert_int_equal(db_open(&fx->db, fx->path, 0), ST_OK);
}

static void audit_verify__finds_the_first_changed_row(void **state)
{
	struct fx *fx = *state;
	int64_t bad = 0;

	append_three(fx->db);
	tamper(fx, "UPDATE audit SET detail = 'id=4,role=supervisor' WHERE id = 2");
	status_clear();
	assert_int_equal(audit_verify(fx->db, &bad), ST_DB_CORRUPT);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(status_detail(ST_DB_CORRUPT), "2"));
}

static void audit_verify__finds_a_rewritten_hash(void **state)
{
	struct fx *fx = *state;
	char text[512], hash[HEX], *sql;
	int64_t bad = 0;

	/* Recomputing the changed row's own hash does not help: the next
	 * row's prev_hash still names the old one. */
	append_three(fx->db);
	snprintf(text, sizeof text, "%s|%lld|3|visit.void|0190-uid-a|voided_at", zeros,
	         (long long)FX_T0 - 3600);
	sha_hex(text, hash);
	sql = xasprintf("UPDATE audit SET at_utc = %lld, hash = '%s' WHERE id = 1",
	                (long long)FX_T0 - 3600, hash);
	tamper(fx, sql);
	free(sql);
	assert_int_equal(audit_verify(fx->db, &bad), ST_DB_CORRUPT);
	assert_int_equal(bad, 2);
}

static void audit_verify__finds_a_deleted_row(void **state)
{
	struct fx *fx = *state;
	int64_t bad = 0;

	append_three(fx->db);
	tamper(fx, "DELETE FROM audit WHERE id = 2");
	assert_int_equal(audit_verify(fx->db, &bad), ST_DB_CORRUPT);
	assert_int_equal(bad, 3);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(audit_append__chains_sha256_of_the_row_fields),
	    T(audit_append__joins_the_callers_transaction),
	    T(audit__triggers_refuse_update_and_delete),
	    T(audit_verify__passes_an_untouched_log),
	    T(audit_verify__finds_the_first_changed_row),
	    T(audit_verify__finds_a_rewritten_hash),
	    T(audit_verify__finds_a_deleted_row),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
