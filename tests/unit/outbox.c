/* outbox.c, without a server: what waits, the COPY rows (escaped, nothing
 * personal), the acknowledgement of the version sent (an edit in flight
 * keeps the visit waiting), the state and the status bar's words. */
#include "storage_fixture.h"

#include "store/visit.h"
#include "sync/outbox.h"

static int setup(void **state)
{
	fx_setup(state);
	struct fx *fx = *state;
	fx_staff(fx->db, "Nguyễn Văn An");
	fx_sql(fx->db, "UPDATE staff SET uid = '01900000-0000-7000-8000-000000000001'");
	return 0;
}

static void save(struct db *db, const char *counter, const char *note)
{
	struct visit v;
	visit_init(&v);
	v.staff_id = 1;
	str_copy(v.unit_code, sizeof v.unit_code, "U01");
	str_copy(v.counter, sizeof v.counter, counter);
	str_copy(v.note, sizeof v.note, note);
	assert_int_equal(visit_save(db, &v, NULL), ST_OK);
}

static void outbox__pending_rows_and_ack(void **state)
{
	struct fx *fx = *state;
	save(fx->db, "Quầy 1\\a", "MARKER-NOTE"); /* a backslash, escaped by COPY */
	save(fx->db, "Quầy 2", "MARKER-NOTE");
	long n = -1;
	assert_int_equal(outbox_pending(fx->db, &n), ST_OK);
	assert_int_equal(n, 2);

	struct outbox_batch b;
	outbox_batch_init(&b);
	assert_int_equal(outbox_next(fx->db, 1, &b), ST_OK);
	assert_int_equal(b.n, 1);
	assert_non_null(strstr(b.visits.buf, "U01\t2026-11-22\t"));
	assert_non_null(strstr(b.visits.buf, "\tQuầy 1\\\\a\t")); /* COPY escapes */
	assert_non_null(strstr(b.visits.buf, "2026-11-22 02:15:00+00"));
	assert_null(strstr(b.visits.buf, "MARKER"));
	assert_string_equal(b.staff.buf, "U01\t01900000-0000-7000-8000-000000000001\tNguyễn Văn An\n");
	/* 25 columns: 24 tabs */
	int tabs = 0;
	for (const char *p = b.visits.buf; *p; p++)
		tabs += *p == '\t';
	assert_int_equal(tabs, 24);

	/* an edit while the batch is in flight keeps the visit waiting */
	fx_sql(fx->db, "UPDATE visit SET version = version + 1 WHERE id = 1");
	assert_int_equal(outbox_ack(fx->db, &b, FX_T0 + 60), ST_OK);
	assert_int_equal(outbox_pending(fx->db, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(outbox_next(fx->db, 100, &b), ST_OK);
	assert_int_equal(b.n, 2);
	assert_int_equal(outbox_ack(fx->db, &b, FX_T0 + 120), ST_OK);
	assert_int_equal(outbox_pending(fx->db, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(outbox_next(fx->db, 100, &b), ST_OK);
	assert_int_equal(b.n, 0);
	outbox_batch_done(&b);
}

static void outbox__void_raises_the_version(void **state)
{
	struct fx *fx = *state;
	save(fx->db, "Quầy 1", "");
	fx_sql(fx->db, "UPDATE visit SET synced_version = version");
	char uid[40];
	str_copy(uid, sizeof uid, fx_text(fx->db, "SELECT uid FROM visit"));
	assert_int_equal(visit_void(fx->db, uid, 1, "MARKER-REASON"), ST_OK);
	long n;
	assert_int_equal(outbox_pending(fx->db, &n), ST_OK);
	assert_int_equal(n, 1);
	struct outbox_batch b;
	outbox_batch_init(&b);
	assert_int_equal(outbox_next(fx->db, 10, &b), ST_OK);
	assert_null(strstr(b.visits.buf, "MARKER"));
	assert_null(strstr(b.visits.buf, "\\N\n")); /* voided_at is set */
	outbox_batch_done(&b);
}

static void outbox__state_and_bar(void **state)
{
	struct fx *fx = *state;
	struct outbox_state s;
	char bar[64];
	assert_int_equal(outbox_state(fx->db, &s), ST_OK);
	outbox_bar_text(&s, bar, sizeof bar);
	assert_string_equal(bar, "");
	save(fx->db, "Quầy 1", "");
	assert_int_equal(outbox_state(fx->db, &s), ST_OK);
	outbox_bar_text(&s, bar, sizeof bar);
	assert_string_equal(bar, "waiting to send 1");
	fx_sql(fx->db, "UPDATE visit SET synced_version = version");
	assert_int_equal(outbox_note_try(fx->db, FX_T0, NULL, "sock/db as u", 1), ST_OK);
	assert_int_equal(outbox_state(fx->db, &s), ST_OK);
	outbox_bar_text(&s, bar, sizeof bar);
	assert_string_equal(bar, "sent at 09:15");
	assert_string_equal(s.server, "sock/db as u");
	assert_int_equal(outbox_note_try(fx->db, FX_T0 + 60, "down", NULL, 0), ST_OK);
	assert_int_equal(outbox_state(fx->db, &s), ST_OK);
	assert_string_equal(s.last_error, "down");
	assert_int_equal((long)s.last_ok, (long)FX_T0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(outbox__pending_rows_and_ack),
	    T(outbox__void_raises_the_version),
	    T(outbox__state_and_bar),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
