/* staff.c: members, PIN hashes, the lock after wrong PINs (with a clock
 * the test moves), the default volunteer, listing by folded name. */
#include "storage_fixture.h"

#include "store/staff.h"
#include "util/status.h"

static long long count(struct db *db, const char *sql)
{
	return db_int(db, sql, -1);
}

static void staff_add__stores_an_argon2id_hash__never_the_pin(void **state)
{
	struct fx *fx = *state;
	struct staff s;
	int64_t id = 0;

	assert_int_equal(staff_add(fx->db, "Nguyễn Văn An", ROLE_SUPERVISOR, "482913", &id), ST_OK);
	assert_true(id > 0);
	const char *hash = fx_text(fx->db, "SELECT pin_hash FROM staff");
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_null(strstr(hash, "482913"));
	assert_int_equal(staff_get(fx->db, id, &s), ST_OK);
	assert_string_equal(s.name, "Nguyễn Văn An");
	assert_int_equal(s.role, ROLE_SUPERVISOR);
	assert_true(s.has_pin);
	assert_true(s.active);
	assert_int_equal(s.locked_until, 0);
	assert_string_equal(fx_text(fx->db, "SELECT name_key FROM staff"), "nguyen van an");
	/* One audit row, naming no PIN. */
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE action = 'staff.add'"), 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE detail LIKE '%482913%'"),
	                 0);
}

static void staff_add__refuses_bad_names_and_pins(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, NULL, NULL), ST_OK);
	assert_int_equal(staff_add(fx->db, "  An ", ROLE_VOLUNTEER, NULL, NULL), ST_EXISTS);
	assert_int_equal(staff_add(fx->db, "   ", ROLE_VOLUNTEER, NULL, NULL), ST_INVALID);
	assert_int_equal(staff_add(fx->db, "Bình", ROLE_VOLUNTEER, "123", NULL), ST_INVALID);
	assert_int_equal(staff_add(fx->db, "Bình", ROLE_VOLUNTEER, "12a4", NULL), ST_INVALID);
	/* A supervisor needs at least 6 digits, and a PIN at all. */
	status_clear();
	assert_int_equal(staff_add(fx->db, "Cúc", ROLE_SUPERVISOR, "12345", NULL), ST_INVALID);
	assert_non_null(strstr(status_detail(ST_INVALID), "6"));
	assert_int_equal(staff_add(fx->db, "Cúc", ROLE_SUPERVISOR, NULL, NULL), ST_INVALID);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM staff"), 1);
	assert_int_equal(staff_add(fx->db, "Bình", ROLE_VOLUNTEER, "1234", NULL), ST_OK);
	assert_int_equal(staff_add(fx->db, "Cúc", ROLE_SUPERVISOR, "123456", NULL), ST_OK);
}

static void staff_add__stores_name_as_nfc(void **state)
{
	struct fx *fx = *state;
	struct staff s;

	/* "Nguyễn" typed with combining marks is the same member. */
	assert_int_equal(staff_add(fx->db, "Nguye\xCC\x82\xCC\x83n", ROLE_VOLUNTEER, NULL, NULL),
	                 ST_OK);
	assert_int_equal(staff_find(fx->db, "Nguy\xE1\xBB\x85n", &s), ST_OK);
	assert_int_equal(staff_add(fx->db, "Nguy\xE1\xBB\x85n", ROLE_VOLUNTEER, NULL, NULL),
	                 ST_EXISTS);
	assert_int_equal(staff_find(fx->db, "Nobody", &s), ST_NOT_FOUND);
	assert_int_equal(staff_get(fx->db, 99, &s), ST_NOT_FOUND);
}

static void staff_check_pin__locks_after_five_wrong__and_unlocks_after_15_minutes(void **state)
{
	struct fx *fx = *state;
	struct staff s;
	int64_t id;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, "2468", &id), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_OK);
	for (int i = 0; i < STAFF_MAX_WRONG_PINS - 1; i++)
		assert_int_equal(staff_check_pin(fx->db, id, "1111"), ST_BAD_PIN);
	assert_int_equal(staff_check_pin(fx->db, id, "1111"), ST_LOCKED);
	/* Locked: even the right PIN is refused, and says until when. */
	status_clear();
	assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_LOCKED);
	assert_non_null(strstr(status_detail(ST_LOCKED), "09:30"));
	assert_int_equal(staff_get(fx->db, id, &s), ST_OK);
	assert_int_equal(s.locked_until, FX_T0 + STAFF_LOCK_SECONDS);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE action = 'staff.lock'"),
	                 1);

	fx_time = FX_T0 + STAFF_LOCK_SECONDS - 1;
	assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_LOCKED);
	fx_time = FX_T0 + STAFF_LOCK_SECONDS;
	assert_int_equal(staff_get(fx->db, id, &s), ST_OK);
	assert_int_equal(s.locked_until, 0);
	assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_OK);
	/* After the lock, a full set of tries again. */
	for (int i = 0; i < STAFF_MAX_WRONG_PINS - 1; i++)
		assert_int_equal(staff_check_pin(fx->db, id, "0000"), ST_BAD_PIN);
	assert_int_equal(staff_check_pin(fx->db, id, "0000"), ST_LOCKED);
}

static void staff_check_pin__lock_expires__without_a_right_pin(void **state)
{
	struct fx *fx = *state;
	int64_t id;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, "2468", &id), ST_OK);
	for (int i = 0; i < STAFF_MAX_WRONG_PINS; i++)
		staff_check_pin(fx->db, id, "1111");
	fx_time += STAFF_LOCK_SECONDS + 60;
	/* The old count does not carry over: one wrong PIN is not a lock. */
	assert_int_equal(staff_check_pin(fx->db, id, "1111"), ST_BAD_PIN);
	assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_OK);
}

static void staff_check_pin__right_pin_clears_the_count(void **state)
{
	struct fx *fx = *state;
	int64_t id;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, "2468", &id), ST_OK);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < STAFF_MAX_WRONG_PINS - 1; i++)
			assert_int_equal(staff_check_pin(fx->db, id, "1357"), ST_BAD_PIN);
		assert_int_equal(staff_check_pin(fx->db, id, "2468"), ST_OK);
	}
	assert_int_equal(staff_check_pin(fx->db, id, NULL), ST_BAD_PIN);
}

static void staff_check_pin__no_pin_passes__disabled_member_is_denied(void **state)
{
	struct fx *fx = *state;
	int64_t id;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, NULL, &id), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, id, "anything"), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, id, NULL), ST_OK);
	assert_int_equal(staff_set_active(fx->db, id, false), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, id, ""), ST_DENIED);
	assert_int_equal(staff_check_pin(fx->db, 99, ""), ST_NOT_FOUND);
}

static void staff_set_pin__changes_and_removes__supervisor_keeps_one(void **state)
{
	struct fx *fx = *state;
	struct staff s;
	int64_t vol, sup;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, NULL, &vol), ST_OK);
	assert_int_equal(staff_add(fx->db, "Bình", ROLE_SUPERVISOR, "135790", &sup), ST_OK);
	assert_int_equal(staff_set_pin(fx->db, vol, "8642"), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, vol, "8642"), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, vol, "1111"), ST_BAD_PIN);
	assert_int_equal(staff_set_pin(fx->db, vol, NULL), ST_OK);
	assert_int_equal(staff_get(fx->db, vol, &s), ST_OK);
	assert_false(s.has_pin);
	assert_int_equal(staff_set_pin(fx->db, sup, NULL), ST_INVALID);
	assert_int_equal(staff_set_pin(fx->db, sup, "1234"), ST_INVALID);
	assert_int_equal(staff_set_pin(fx->db, sup, "97531864"), ST_OK);
	assert_int_equal(staff_check_pin(fx->db, sup, "135790"), ST_BAD_PIN);
	assert_int_equal(staff_check_pin(fx->db, sup, "97531864"), ST_OK);
	assert_int_equal(staff_set_pin(fx->db, 99, "1234"), ST_NOT_FOUND);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE action LIKE "
	                               "'staff.%pin'"),
	                 3);
}

static void staff_ensure_default__adds_the_default_volunteer__once(void **state)
{
	struct fx *fx = *state;
	struct staff s;

	assert_int_equal(staff_ensure_default(fx->db), ST_OK);
	assert_int_equal(staff_ensure_default(fx->db), ST_OK);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM staff"), 1);
	assert_int_equal(staff_find(fx->db, "Tình nguyện viên", &s), ST_OK);
	assert_int_equal(s.role, ROLE_VOLUNTEER);
	assert_false(s.has_pin);
	/* Everyone disabled: the default comes back rather than nobody. */
	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, NULL, NULL), ST_OK);
	fx_sql(fx->db, "UPDATE staff SET active = 0");
	assert_int_equal(staff_ensure_default(fx->db), ST_OK);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM staff WHERE active = 1"), 1);
	assert_int_equal(staff_find(fx->db, "Tình nguyện viên", &s), ST_OK);
	assert_true(s.active);
}

static void staff_ensure_default__leaves_existing_staff_alone(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(staff_add(fx->db, "An", ROLE_VOLUNTEER, NULL, NULL), ST_OK);
	assert_int_equal(staff_ensure_default(fx->db), ST_OK);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM staff"), 1);
}

struct names {
	int n;
	char list[256];
};

static bool add_name(const struct staff *s, void *ctx)
{
	struct names *n = ctx;
	size_t len = strlen(n->list);
	snprintf(n->list + len, sizeof n->list - len, "%s%s", n->n++ ? ";" : "", s->name);
	return true;
}

static const char *names(struct db *db, const char *query, bool all)
{
	static struct names n;
	memset(&n, 0, sizeof n);
	assert_int_equal(staff_list(db, query, all, add_name, &n), ST_OK);
	return n.list;
}

static void staff_list__filters_by_folded_name__active_only_unless_asked(void **state)
{
	struct fx *fx = *state;
	int64_t cuc;

	assert_int_equal(staff_add(fx->db, "Trần Thị Bình", ROLE_VOLUNTEER, NULL, NULL), ST_OK);
	assert_int_equal(staff_add(fx->db, "Nguyễn Văn An", ROLE_VOLUNTEER, NULL, NULL), ST_OK);
	assert_int_equal(staff_add(fx->db, "Lê Cúc", ROLE_VOLUNTEER, NULL, &cuc), ST_OK);
	assert_int_equal(staff_set_active(fx->db, cuc, false), ST_OK);

	assert_string_equal(names(fx->db, "", false), "Nguyễn Văn An;Trần Thị Bình");
	assert_string_equal(names(fx->db, "", true), "Lê Cúc;Nguyễn Văn An;Trần Thị Bình");
	assert_string_equal(names(fx->db, "nguyen", false), "Nguyễn Văn An");
	assert_string_equal(names(fx->db, "THỊ BÌNH", false), "Trần Thị Bình");
	assert_string_equal(names(fx->db, "cuc", false), "");
	assert_string_equal(names(fx->db, "cuc", true), "Lê Cúc");
	assert_int_equal(staff_set_active(fx->db, cuc, true), ST_OK);
	assert_string_equal(names(fx->db, "cuc", false), "Lê Cúc");
	assert_int_equal(staff_set_active(fx->db, 99, true), ST_NOT_FOUND);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE action IN "
	                               "('staff.disable', 'staff.enable')"),
	                 2);
}

static void role__keys_round_trip(void **state)
{
	enum role r = ROLE_SUPERVISOR;
	(void)state;

	assert_string_equal(role_key(ROLE_VOLUNTEER), "volunteer");
	assert_string_equal(role_key(ROLE_SUPERVISOR), "supervisor");
	assert_true(role_parse("volunteer", &r));
	assert_int_equal(r, ROLE_VOLUNTEER);
	assert_true(role_parse("supervisor", &r));
	assert_int_equal(r, ROLE_SUPERVISOR);
	assert_false(role_parse("boss", &r));
	assert_int_equal(r, ROLE_SUPERVISOR);
}

/* An older failure's sentence never outlives the next core call: each
 * public function forgets it when it starts, so the caller reads its own. */
static void core_calls__forget_an_older_failures_detail(void **state)
{
	struct fx *fx = *state;
	struct staff s;
	int64_t id;

	assert_int_equal(staff_add(fx->db, "Lê Văn Cường", ROLE_VOLUNTEER, NULL, &id), ST_OK);
	status_fail(ST_IO, "an older failure");
	assert_int_equal(staff_get(fx->db, id, &s), ST_OK);
	assert_string_equal(status_detail(ST_DB_ERROR), status_message(ST_DB_ERROR));
	status_fail(ST_IO, "an older failure");
	assert_int_equal(staff_find(fx->db, "Không có ai", &s), ST_NOT_FOUND);
	assert_null(strstr(status_detail(ST_NOT_FOUND), "older"));
	assert_non_null(strstr(status_detail(ST_NOT_FOUND), "Không có ai"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(staff_add__stores_an_argon2id_hash__never_the_pin),
	    T(core_calls__forget_an_older_failures_detail),
	    T(staff_add__refuses_bad_names_and_pins),
	    T(staff_add__stores_name_as_nfc),
	    T(staff_check_pin__locks_after_five_wrong__and_unlocks_after_15_minutes),
	    T(staff_check_pin__lock_expires__without_a_right_pin),
	    T(staff_check_pin__right_pin_clears_the_count),
	    T(staff_check_pin__no_pin_passes__disabled_member_is_denied),
	    T(staff_set_pin__changes_and_removes__supervisor_keeps_one),
	    T(staff_ensure_default__adds_the_default_volunteer__once),
	    T(staff_ensure_default__leaves_existing_staff_alone),
	    T(staff_list__filters_by_folded_name__active_only_unless_asked),
	    cmocka_unit_test(role__keys_round_trip),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
