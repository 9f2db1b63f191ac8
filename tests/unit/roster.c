/* roster.c: the session and date words, one slot set/replaced/cleared, the
 * import's all-or-nothing rule with its line numbers, and the swap record. */
#include "storage_fixture.h"

#include "store/roster.h"
#include "util/status.h"

static void parse__sessions_and_days(void **state)
{
	enum session s;
	int d;
	(void)state;
	assert_true(roster_parse_session("Sáng", &s));
	assert_int_equal(s, SESSION_MORNING);
	assert_true(roster_parse_session("CHIỀU", &s));
	assert_int_equal(s, SESSION_AFTERNOON);
	assert_true(roster_parse_session("chieu", &s));
	assert_true(roster_parse_session("afternoon", &s));
	assert_false(roster_parse_session("tối", &s));
	assert_false(roster_parse_session("", &s));
	assert_true(roster_parse_day("07/12/2026", &d));
	assert_int_equal(d, 20261207);
	assert_true(roster_parse_day("7/2/2026", &d));
	assert_int_equal(d, 20260207);
	assert_true(roster_parse_day("2026-12-07", &d));
	assert_false(roster_parse_day("31/11/2026", &d));
	assert_false(roster_parse_day("29/02/2026", &d));
	assert_false(roster_parse_day("07/12/26", &d));
	assert_false(roster_parse_day("07/12/2026x", &d));
	assert_int_equal(roster_column("Tình nguyện viên"), 3);
	assert_int_equal(roster_column(" NGÀY "), 0);
	assert_int_equal(roster_column("Quầy"), 2);
	assert_int_equal(roster_column("Ghi chú"), -1);
}

static void set_get_clear__one_member_per_slot(void **state)
{
	struct fx *fx = *state;
	int64_t an = fx_staff(fx->db, "An"), binh = fx_staff(fx->db, "Bình");
	struct roster_slot s;
	assert_int_equal(roster_get(fx->db, 20261207, SESSION_MORNING, "Quầy 1", &s), ST_NOT_FOUND);
	assert_int_equal(roster_set(fx->db, 20261207, SESSION_MORNING, "Quầy 1", an, 0), ST_OK);
	assert_int_equal(roster_set(fx->db, 20261207, SESSION_MORNING, "Quầy 1", binh, an), ST_OK);
	assert_int_equal(roster_get(fx->db, 20261207, SESSION_MORNING, "Quầy 1", &s), ST_OK);
	assert_int_equal(s.staff_id, binh);
	assert_string_equal(s.staff_name, "Bình");
	assert_int_equal(roster_get(fx->db, 20261207, SESSION_MORNING, "Quầy 2", &s), ST_NOT_FOUND);
	assert_int_equal(roster_set(fx->db, 20261207, SESSION_OTHER, "Quầy 1", an, 0), ST_INVALID);
	assert_int_equal(roster_set(fx->db, 20261207, SESSION_MORNING, "", an, 0), ST_INVALID);
	assert_int_equal(roster_set(fx->db, 20261207, SESSION_MORNING, "Quầy 1", 99, 0),
	                 ST_NOT_FOUND);
	assert_int_equal(roster_clear(fx->db, 20261207, SESSION_MORNING, "Quầy 1", 0), ST_OK);
	assert_int_equal(roster_clear(fx->db, 20261207, SESSION_MORNING, "Quầy 1", 0),
	                 ST_NOT_FOUND);
	assert_string_equal(fx_text(fx->db, "SELECT group_concat(action) FROM audit"),
	                    "roster.set,roster.set,roster.clear");
}

static const char *const good_csv = "Ngày,Buổi,Quầy,Tình nguyện viên\r\n"
                                    "07/12/2026,sáng,Quầy 1,An\r\n"
                                    "07/12/2026,chiều,,Bình\r\n"
                                    "2026-12-08,Sáng,Quầy 2,\" An \"\r\n";

static void import__writes_every_line(void **state)
{
	struct fx *fx = *state;
	fx_staff(fx->db, "An");
	fx_staff(fx->db, "Bình");
	int n = -1;
	assert_int_equal(roster_import_csv(fx->db, good_csv, strlen(good_csv), "Quầy 1", 0, &n),
	                 ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(
	    fx_text(fx->db, "SELECT group_concat(local_day || session || counter || "
	                    "staff_id, ' ') FROM (SELECT * FROM roster ORDER BY id)"),
	    "20261207morningQuầy 11 20261207afternoonQuầy 12 20261208morningQuầy 21");
	assert_string_equal(
	    fx_text(fx->db, "SELECT detail FROM audit WHERE action='roster.import'"), "slots=3");
}

static void import__refuses_the_whole_file(void **state)
{
	struct fx *fx = *state;
	fx_staff(fx->db, "An");
	static const struct {
		const char *csv, *detail;
	} bad[] = {
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n07/12/2026,sáng,Q,An\n07/12/2026,sáng,Q,Xuân\n",
	     "line 3: no volunteer named \"Xuân\""},
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n32/12/2026,sáng,Q,An\n", "line 2: \"32/12/2026\""},
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n07/12/2026,trưa,Q,An\n", "line 2: \"trưa\""},
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n07/12/2026,sáng,Q,An\n2026-12-07,Sáng,Q,An\n",
	     "line 3: the same slot as line 2"},
	    {"Ngày,Quầy,Tình nguyện viên\n07/12/2026,Q,An\n", "line 1: the header"},
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n07/12/2026,sáng,\"Q,An\n", "line 2: "},
	    {"Ngày,Buổi,Quầy,Tình nguyện viên\n", "no roster lines"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		status_clear();
		int n = -1;
		assert_int_equal(
		    roster_import_csv(fx->db, bad[i].csv, strlen(bad[i].csv), "Q", 0, &n),
		    ST_INVALID);
		assert_int_equal(n, 0);
		const char *d = status_detail(ST_INVALID);
		if (!strstr(d, bad[i].detail))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, d, bad[i].detail);
	}
	assert_string_equal(fx_text(fx->db, "SELECT count(*) FROM roster"), "0");
	assert_string_equal(fx_text(fx->db, "SELECT count(*) FROM audit"), "0");
}

static void record_swap__one_audit_row(void **state)
{
	struct fx *fx = *state;
	int64_t an = fx_staff(fx->db, "An"), binh = fx_staff(fx->db, "Bình");
	assert_int_equal(roster_record_swap(fx->db, 7, binh, an), ST_OK);
	assert_string_equal(
	    fx_text(fx->db, "SELECT staff_id || ' ' || action || ' ' || detail FROM audit"),
	    "1 shift.swap shift=7 rostered_staff_id=2");
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse__sessions_and_days),
	    T(set_get_clear__one_member_per_slot),
	    T(import__writes_every_line),
	    T(import__refuses_the_whole_file),
	    T(record_swap__one_audit_row),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
