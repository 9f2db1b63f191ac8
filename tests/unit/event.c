/* event.c: add, correct (the audit names the fields), void, list and the
 * totals a report reads (voided left out, a member's events). */
#include "storage_fixture.h"

#include "store/event.h"
#include "util/status.h"

static void fill(struct event *e, enum event_kind k, int day, const char *place, long attendees,
                 long leaflets)
{
	memset(e, 0, sizeof *e);
	e->kind = k;
	e->day = day;
	str_copy(e->place, sizeof e->place, place);
	str_copy(e->unit_code, sizeof e->unit_code, "X01");
	e->figures[EF_ATTENDEES] = attendees;
	e->figures[EF_LEAFLETS] = leaflets;
}

static void kinds__keys_round_trip(void **state)
{
	(void)state;
	enum event_kind k;
	for (int i = 0; i < EV__COUNT; i++) {
		assert_true(event_kind_parse(event_kind_key((enum event_kind)i), &k));
		assert_int_equal(k, i);
	}
	assert_false(event_kind_parse("party", &k));
	assert_string_equal(event_figure_key(EF_SUBMISSIONS), "submissions");
}

static void add_edit_void__audited(void **state)
{
	struct fx *fx = *state;
	int64_t an = fx_staff(fx->db, "An"), binh = fx_staff(fx->db, "Bình");
	struct event e, got;
	fill(&e, EV_MEETING, 20261105, "  Nhà văn hoá ", 120, 300);
	e.staff[0] = binh;
	e.staff[1] = an;
	e.n_staff = 2;
	str_copy(e.note, sizeof e.note, "chị Hoa 0912345678");
	assert_int_equal(event_add(fx->db, &e, an), ST_OK);
	assert_int_equal(strlen(e.uid), 36);
	assert_int_equal(event_get(fx->db, e.uid, &got), ST_OK);
	assert_string_equal(got.place, "Nhà văn hoá");
	assert_int_equal(got.figures[EF_LEAFLETS], 300);
	assert_int_equal(got.n_staff, 2);
	assert_int_equal(got.staff[0], an);
	assert_int_equal(got.version, 1);

	got.figures[EF_HOUSEHOLDS] = 5;
	got.n_staff = 1;
	assert_int_equal(event_update(fx->db, &got, an), ST_OK);
	assert_int_equal(event_update(fx->db, &got, an), ST_OK); /* no change: no row */
	assert_int_equal(event_get(fx->db, e.uid, &got), ST_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.n_staff, 1);
	assert_int_equal(event_void(fx->db, e.uid, an, "  "), ST_INVALID);
	assert_int_equal(event_void(fx->db, e.uid, an, "nhầm"), ST_OK);
	assert_int_equal(event_void(fx->db, e.uid, an, "nhầm"), ST_INVALID);
	assert_int_equal(event_update(fx->db, &got, an), ST_INVALID);
	assert_int_equal(event_void(fx->db, "nope", an, "x"), ST_NOT_FOUND);
	assert_string_equal(
	    fx_text(fx->db, "SELECT group_concat(action || ':' || detail, ' ') FROM audit"),
	    "event.add: event.update:households,staff "
	    "event.void:voided_at,voided_by,void_reason");
	/* the note is never in the audit */
	assert_string_equal(
	    fx_text(fx->db, "SELECT count(*) FROM audit WHERE detail LIKE '%0912%'"), "0");
}

static void add__refuses_bad_input(void **state)
{
	struct fx *fx = *state;
	struct event e;
	fill(&e, EV_TRAINING, 20261105, "   ", 1, 0);
	assert_int_equal(event_add(fx->db, &e, 0), ST_INVALID);
	fill(&e, EV_TRAINING, 20261105, "Hội trường", -1, 0);
	assert_int_equal(event_add(fx->db, &e, 0), ST_INVALID);
	fill(&e, EV_TRAINING, 0, "Hội trường", 1, 0);
	assert_int_equal(event_add(fx->db, &e, 0), ST_INVALID);
	fill(&e, EV_TRAINING, 20261105, "Hội trường", 1, 0);
	e.staff[0] = 42;
	e.n_staff = 1;
	assert_int_equal(event_add(fx->db, &e, 0), ST_NOT_FOUND);
	assert_string_equal(fx_text(fx->db, "SELECT count(*) FROM event"), "0");
}

static bool count_one(const struct event *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return true;
}

static void totals__range_voided_and_member(void **state)
{
	struct fx *fx = *state;
	int64_t an = fx_staff(fx->db, "An");
	struct event e;
	fill(&e, EV_MEETING, 20261105, "A", 100, 200);
	e.staff[0] = an;
	e.n_staff = 1;
	assert_int_equal(event_add(fx->db, &e, 0), ST_OK);
	fill(&e, EV_DOOR_TO_DOOR, 20261130, "B", 0, 50);
	e.figures[EF_HOUSEHOLDS] = 40;
	assert_int_equal(event_add(fx->db, &e, 0), ST_OK);
	fill(&e, EV_DOOR_TO_DOOR, 20261201, "C", 7, 7);
	assert_int_equal(event_add(fx->db, &e, 0), ST_OK);
	fill(&e, EV_TRAINING, 20261110, "D", 9, 9);
	assert_int_equal(event_add(fx->db, &e, 0), ST_OK);
	assert_int_equal(event_void(fx->db, e.uid, 0, "nhầm"), ST_OK);

	struct event_totals t;
	assert_int_equal(event_totals(fx->db, 20261101, 20261130, 0, &t), ST_OK);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.figures[EF_ATTENDEES], 100);
	assert_int_equal(t.figures[EF_LEAFLETS], 250);
	assert_int_equal(t.figures[EF_HOUSEHOLDS], 40);
	assert_int_equal(t.by_kind[EV_MEETING], 1);
	assert_int_equal(t.by_kind[EV_DOOR_TO_DOOR], 1);
	assert_int_equal(t.by_kind[EV_TRAINING], 0);
	assert_int_equal(event_totals(fx->db, 20261101, 20261130, an, &t), ST_OK);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.figures[EF_LEAFLETS], 200);
	int n = 0;
	assert_int_equal(event_list(fx->db, 20261101, 20261130, false, count_one, &n), ST_OK);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(event_list(fx->db, 20261101, 20261130, true, count_one, &n), ST_OK);
	assert_int_equal(n, 3);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(kinds__keys_round_trip),
	    T(add_edit_void__audited),
	    T(add__refuses_bad_input),
	    T(totals__range_voided_and_member),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
