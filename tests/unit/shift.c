/* shift.c: the session from the config's times, and opening, reusing and
 * closing shifts. */
#include "storage_fixture.h"

#include "store/shift.h"
#include "util/status.h"

/* The defaults (contrib/dvcdesk.ini.example): morning 07:00-11:30, afternoon 13:30-17:00. */
static void test_config(struct config *cfg, char *counter)
{
	static char unit[] = "25750";
	memset(cfg, 0, sizeof *cfg);
	cfg->session.morning_start = 7 * 60;
	cfg->session.morning_end = 11 * 60 + 30;
	cfg->session.afternoon_start = 13 * 60 + 30;
	cfg->session.afternoon_end = 17 * 60;
	cfg->counter_name = counter;
	cfg->unit.code = unit;
}

/* Today (22 Nov 2026, Hà Nội time) at hh:mm. */
static time_t at(int hh, int mm)
{
	return FX_T0 - (9 * 60 + 15) * 60 + (hh * 60 + mm) * 60;
}

static void shift_session_at__follows_config_times(void **state)
{
	struct config cfg;
	char counter[] = "Quầy 1";
	(void)state;

	test_config(&cfg, counter);
	assert_int_equal(shift_session_at(&cfg, at(7, 0)), SESSION_MORNING);
	assert_int_equal(shift_session_at(&cfg, at(11, 29)), SESSION_MORNING);
	assert_int_equal(shift_session_at(&cfg, at(13, 30)), SESSION_AFTERNOON);
	assert_int_equal(shift_session_at(&cfg, at(16, 59)), SESSION_AFTERNOON);
	/* Outside both: the nearer by the clock, morning before noon. */
	assert_int_equal(shift_session_at(&cfg, at(6, 15)), SESSION_MORNING);
	assert_int_equal(shift_session_at(&cfg, at(11, 45)), SESSION_MORNING);
	assert_int_equal(shift_session_at(&cfg, at(12, 0)), SESSION_AFTERNOON);
	assert_int_equal(shift_session_at(&cfg, at(19, 0)), SESSION_AFTERNOON);
	assert_int_equal(shift_session_at(&cfg, at(0, 5)), SESSION_MORNING);
	/* Another config's times. */
	cfg.session.morning_start = 8 * 60;
	cfg.session.morning_end = 10 * 60;
	cfg.session.afternoon_start = 10 * 60;
	cfg.session.afternoon_end = 12 * 60;
	assert_int_equal(shift_session_at(&cfg, at(10, 30)), SESSION_AFTERNOON);
}

static void session__keys_and_labels(void **state)
{
	(void)state;
	assert_string_equal(session_key(SESSION_MORNING), "morning");
	assert_string_equal(session_key(SESSION_AFTERNOON), "afternoon");
	assert_string_equal(session_key(SESSION_OTHER), "other");
	assert_string_equal(session_label(SESSION_MORNING), "morning"); /* untranslated here */
}

static void shift_open__records_member_counter_unit_session_and_day(void **state)
{
	struct fx *fx = *state;
	struct config cfg;
	char counter[] = "Quầy 2";
	struct shift sh;
	int64_t an = fx_staff(fx->db, "An");

	test_config(&cfg, counter);
	fx_time = at(14, 5);
	assert_int_equal(shift_open(fx->db, &cfg, an, &sh), ST_OK);
	assert_true(sh.id > 0);
	assert_int_equal(sh.staff_id, an);
	assert_string_equal(sh.counter, "Quầy 2");
	assert_string_equal(sh.unit_code, "25750");
	assert_int_equal(sh.session, SESSION_AFTERNOON);
	assert_int_equal(sh.opened_at, at(14, 5));
	assert_int_equal(sh.closed_at, 0);
	assert_int_equal(sh.local_day, 20261122);
}

static void shift_open__reuses_open_shift__of_same_member_counter_and_day(void **state)
{
	struct fx *fx = *state;
	struct config cfg;
	char counter[] = "Quầy 1", other[] = "Quầy 2";
	struct shift a, b;
	int64_t an = fx_staff(fx->db, "An"), binh = fx_staff(fx->db, "Bình");

	test_config(&cfg, counter);
	assert_int_equal(shift_open(fx->db, &cfg, an, &a), ST_OK);
	fx_time += 3600; /* the program restarted an hour later */
	assert_int_equal(shift_open(fx->db, &cfg, an, &b), ST_OK);
	assert_int_equal(b.id, a.id);
	assert_int_equal(b.opened_at, a.opened_at);
	/* Someone else, or another counter: a shift of their own. */
	assert_int_equal(shift_open(fx->db, &cfg, binh, &b), ST_OK);
	assert_int_not_equal(b.id, a.id);
	cfg.counter_name = other;
	assert_int_equal(shift_open(fx->db, &cfg, an, &b), ST_OK);
	assert_int_not_equal(b.id, a.id);
	/* Closed, or the next day: a new one. */
	cfg.counter_name = counter;
	assert_int_equal(shift_close(fx->db, a.id), ST_OK);
	assert_int_equal(shift_open(fx->db, &cfg, an, &b), ST_OK);
	assert_int_not_equal(b.id, a.id);
	int64_t today = b.id;
	fx_time += 86400;
	assert_int_equal(shift_open(fx->db, &cfg, an, &b), ST_OK);
	assert_int_not_equal(b.id, today);
	assert_int_equal(b.local_day, 20261123);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM shift", -1), 5);
}

static void shift_open__refuses_unknown_or_disabled_member(void **state)
{
	struct fx *fx = *state;
	struct config cfg;
	char counter[] = "Quầy 1";
	struct shift sh;
	int64_t an = fx_staff(fx->db, "An");

	test_config(&cfg, counter);
	assert_int_equal(shift_open(fx->db, &cfg, 99, &sh), ST_NOT_FOUND);
	fx_sql(fx->db, "UPDATE staff SET active = 0");
	assert_int_equal(shift_open(fx->db, &cfg, an, &sh), ST_DENIED);
	assert_int_equal(db_int(fx->db, "SELECT count(*) FROM shift", -1), 0);
}

static void shift_close__records_the_time__once(void **state)
{
	struct fx *fx = *state;
	struct config cfg;
	char counter[] = "Quầy 1";
	struct shift sh;
	int64_t an = fx_staff(fx->db, "An");

	test_config(&cfg, counter);
	assert_int_equal(shift_open(fx->db, &cfg, an, &sh), ST_OK);
	fx_time += 4 * 3600;
	assert_int_equal(shift_close(fx->db, sh.id), ST_OK);
	assert_int_equal(shift_get(fx->db, sh.id, &sh), ST_OK);
	assert_int_equal(sh.closed_at, FX_T0 + 4 * 3600);
	fx_time += 60;
	assert_int_equal(shift_close(fx->db, sh.id), ST_OK); /* again: no change */
	assert_int_equal(shift_get(fx->db, sh.id, &sh), ST_OK);
	assert_int_equal(sh.closed_at, FX_T0 + 4 * 3600);
	assert_int_equal(shift_close(fx->db, 99), ST_NOT_FOUND);
	assert_int_equal(shift_get(fx->db, 99, &sh), ST_NOT_FOUND);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shift_session_at__follows_config_times),
	    cmocka_unit_test(session__keys_and_labels),
	    T(shift_open__records_member_counter_unit_session_and_day),
	    T(shift_open__reuses_open_shift__of_same_member_counter_and_day),
	    T(shift_open__refuses_unknown_or_disabled_member),
	    T(shift_close__records_the_time__once),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
