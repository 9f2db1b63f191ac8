/* merge.c: another counter's file folds into this one by uid: new visits,
 * staff mapped by uid (a name clash keeps both), units, procedures and
 * shifts; voids and later edits carried; personal data only as this file's
 * rules allow; a second merge changes nothing; a bad file changes nothing. */
#include "storage_fixture.h"

#include "config/config.h"
#include "store/merge.h"
#include "store/staff.h"
#include "store/visit.h"

struct mx {
	struct fx fx;
	char other_path[160];
	struct db *other;
	struct config cfg;
	struct merge_result res;
	int64_t here_an, there_binh, there_an;
};

static int setup(void **state)
{
	fx_env();
	if (fx_setup(state) != 0)
		return -1;
	struct fx *fx = *state;
	struct mx *m = calloc(1, sizeof *m);
	m->fx = *fx;
	free(fx);
	snprintf(m->other_path, sizeof m->other_path, "%s/other.db", m->fx.dir);
	if (db_open(&m->other, m->other_path, 0) != ST_OK)
		return -1;
	config_defaults(&m->cfg);
	config_set_db_path(&m->cfg, m->fx.path);
	merge_result_init(&m->res);
	/* two members called Nguyễn Văn An, one per file (two uids) */
	assert_int_equal(staff_add(m->fx.db, "Nguyễn Văn An", ROLE_VOLUNTEER, NULL, &m->here_an),
	                 ST_OK);
	assert_int_equal(staff_add(m->other, "Trần Thị Bình", ROLE_VOLUNTEER, NULL, &m->there_binh),
	                 ST_OK);
	assert_int_equal(staff_add(m->other, "Nguyễn Văn An", ROLE_VOLUNTEER, NULL, &m->there_an),
	                 ST_OK);
	fx_procedure(m->fx.db, "1.001193", "Đăng ký khai sinh", "dang ky khai sinh");
	fx_procedure(m->other, "1.001193", "Đăng ký khai sinh", "dang ky khai sinh");
	fx_procedure(m->other, "2.000815", "Chứng thực bản sao", "chung thuc ban sao");
	fx_sql(m->fx.db, "INSERT INTO unit(code, name) VALUES ('A01', 'Phường A')");
	fx_sql(m->other, "INSERT INTO unit(code, name) VALUES ('B02', 'Phường B')");
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	struct mx *m = *state;
	db_close(m->other);
	config_done(&m->cfg);
	merge_result_done(&m->res);
	struct fx *fx = malloc(sizeof *fx);
	*fx = m->fx;
	free(m);
	*state = fx;
	return fx_teardown(state);
}

static long long count(struct db *db, const char *sql)
{
	return db_int(db, sql, -1);
}

/* A visit saved in db; its uid into uid (may be NULL). */
static void save(struct db *db, int64_t staff, const char *unit, const char *counter,
                 const char *procedure, char *uid)
{
	struct visit v;
	visit_init(&v);
	v.staff_id = staff;
	str_copy(v.unit_code, sizeof v.unit_code, unit);
	str_copy(v.counter, sizeof v.counter, counter);
	str_copy(v.procedure_code, sizeof v.procedure_code, procedure);
	v.services = 1u << SVC_VNEID;
	assert_int_equal(visit_save(db, &v, NULL), ST_OK);
	if (uid)
		str_copy(uid, 37, v.uid);
}

static enum status merge(struct mx *m)
{
	status_clear();
	return merge_file(m->fx.db, &m->cfg, m->other_path, &m->res);
}

static void merge__adds_visits_staff_units_and_twice_adds_nothing(void **state)
{
	struct mx *m = *state;
	save(m->fx.db, m->here_an, "A01", "Quầy 1", "1.001193", NULL);
	for (int i = 0; i < 3; i++)
		save(m->other, m->there_binh, "B02", "Quầy 2", "1.001193", NULL);
	save(m->other, m->there_an, "B02", "Quầy 2", "", NULL);

	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_added, 4);
	assert_int_equal(m->res.staff_added, 2);
	assert_int_equal(m->res.units_added, 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit"), 5);
	/* each visit keeps its unit, counter and volunteer (by uid) */
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit v JOIN staff s ON s.id = "
	                                 "v.staff_id WHERE v.unit_code = 'B02' AND v.counter = "
	                                 "'Quầy 2' AND s.name = 'Trần Thị Bình'"),
	                 3);
	assert_string_equal(fx_text(m->fx.db, "SELECT name FROM unit WHERE code = 'B02'"),
	                    "Phường B");
	assert_int_equal(count(m->fx.db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 4);
	long long audit = count(m->fx.db, "SELECT count(*) FROM audit");

	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_added, 0);
	assert_int_equal(m->res.staff_added, 0);
	assert_int_equal(m->res.staff_known, 2); /* Bình and the other An */
	assert_int_equal(m->res.visits_unchanged, 4);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit"), 5);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM staff"), 3);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(count(m->fx.db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 4);
}

static void merge__a_name_clash_keeps_both_people(void **state)
{
	struct mx *m = *state;
	save(m->other, m->there_an, "B02", "Quầy 2", "1.001193", NULL);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.staff_renamed, 1);
	assert_non_null(strstr(m->res.renames.buf, "Nguyễn Văn An (B02)"));
	/* the newcomer: their uid, disabled, no PIN; ours untouched */
	assert_string_equal(
	    fx_text(m->fx.db, "SELECT uid FROM staff WHERE name = 'Nguyễn Văn An "
	                      "(B02)' AND active = 0 AND pin_hash IS NULL"),
	    fx_text(m->other, "SELECT uid FROM staff WHERE name = 'Nguyễn Văn An'"));
	assert_int_equal(count(m->fx.db, "SELECT active FROM staff WHERE name = 'Nguyễn Văn An'"),
	                 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit v JOIN staff s ON s.id = "
	                                 "v.staff_id WHERE s.name = 'Nguyễn Văn An (B02)'"),
	                 1);
}

static void merge__the_same_uid_is_the_same_person_whatever_the_name(void **state)
{
	struct mx *m = *state;
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE staff SET uid = '%s' WHERE id = %lld",
	         fx_text(m->fx.db, "SELECT uid FROM staff WHERE name = 'Nguyễn Văn An'"),
	         (long long)m->there_binh);
	fx_sql(m->other, sql);
	save(m->other, m->there_binh, "B02", "Quầy 2", "1.001193", NULL);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.staff_known, 1);
	assert_int_equal(m->res.staff_added, 1); /* the other file's An, renamed */
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM staff WHERE name = 'Trần Thị Bình'"),
	                 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM visit WHERE staff_id = %lld",
	         (long long)m->here_an);
	assert_int_equal(count(m->fx.db, sql), 1);
}

static void merge__a_void_there_voids_it_here_with_an_audit_row(void **state)
{
	struct mx *m = *state;
	char uid[40];
	save(m->other, m->there_binh, "B02", "Quầy 2", "1.001193", uid);
	assert_int_equal(merge(m), ST_OK);
	fx_time += 60;
	assert_int_equal(visit_void(m->other, uid, m->there_binh, "nhập trùng"), ST_OK);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_voided, 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit WHERE voided_at IS NOT NULL "
	                                 "AND void_reason = 'nhập trùng'"),
	                 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM audit WHERE action = 'merge.void'"),
	                 1);
	assert_int_equal(count(m->fx.db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 0);
	/* once more: nothing */
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_voided, 0);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM audit WHERE action = 'merge.void'"),
	                 1);
}

static void edit(struct db *db, const char *uid, const char *procedure, int64_t who)
{
	struct visit v;
	assert_int_equal(visit_get(db, uid, &v), ST_OK);
	str_copy(v.procedure_code, sizeof v.procedure_code, procedure);
	assert_int_equal(visit_update(db, &v, who), ST_OK);
}

static void merge__the_later_edit_wins(void **state)
{
	struct mx *m = *state;
	char uid[40];
	save(m->other, m->there_binh, "B02", "Quầy 2", "1.001193", uid);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.procedures_added, 0);

	fx_time += 60; /* edited there: taken, with the procedure it needs */
	edit(m->other, uid, "2.000815", m->there_binh);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_updated, 1);
	assert_int_equal(m->res.procedures_added, 1);
	assert_string_equal(fx_text(m->fx.db, "SELECT procedure_code FROM visit"), "2.000815");
	assert_string_equal(fx_text(m->fx.db, "SELECT name FROM procedure WHERE code = '2.000815'"),
	                    "Chứng thực bản sao");
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM audit WHERE action = "
	                                 "'merge.update' AND detail = 'procedure_code'"),
	                 1);

	fx_time += 60; /* edited here later: the older edit there does not undo it */
	edit(m->fx.db, uid, "1.001193", m->here_an);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_updated, 0);
	assert_string_equal(fx_text(m->fx.db, "SELECT procedure_code FROM visit"), "1.001193");

	fx_time += 60; /* edited there again, later still: taken */
	edit(m->other, uid, "", m->there_binh);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_updated, 1);
	assert_int_equal(count(m->fx.db, "SELECT procedure_code IS NULL FROM visit"), 1);
	assert_int_equal(count(m->fx.db, "SELECT sum(use_count) FROM procedure"), 0);
}

static void merge__shifts_are_matched_not_doubled(void **state)
{
	struct mx *m = *state;
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO shift(staff_id, unit_code, counter, session, opened_at, local_day) "
	         "VALUES (%lld, 'B02', 'Quầy 2', 'morning', %lld, 20261122)",
	         (long long)m->there_binh, (long long)FX_T0 - 600);
	fx_sql(m->other, sql);
	struct visit v;
	visit_init(&v);
	v.staff_id = m->there_binh;
	v.shift_id = 1;
	str_copy(v.unit_code, sizeof v.unit_code, "B02");
	str_copy(v.counter, sizeof v.counter, "Quầy 2");
	assert_int_equal(visit_save(m->other, &v, NULL), ST_OK);
	fx_sql(m->fx.db, "INSERT INTO shift(staff_id, unit_code, counter, session, opened_at, "
	                 "local_day) VALUES (1, 'A01', 'Quầy 1', 'morning', 0, 20261122)");

	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.shifts_added, 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit v JOIN shift s ON s.id = "
	                                 "v.shift_id WHERE s.unit_code = 'B02' AND s.staff_id = "
	                                 "v.staff_id"),
	                 1);
	fx_sql(m->other, "UPDATE shift SET closed_at = 1795313000");
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.shifts_added, 0);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM shift"), 2);
	assert_int_equal(count(m->fx.db, "SELECT closed_at FROM shift WHERE unit_code = 'B02'"),
	                 1795313000);
}

static void save_personal(struct db *db, int64_t staff, time_t entered, char *uid)
{
	struct visit v;
	visit_init(&v);
	v.staff_id = staff;
	v.at = v.entered_at = entered;
	str_copy(v.unit_code, sizeof v.unit_code, "B02");
	str_copy(v.counter, sizeof v.counter, "Quầy 2");
	str_copy(v.note, sizeof v.note, "NOTE-MARKER");
	str_copy(v.citizen_name, sizeof v.citizen_name, "NAME-MARKER");
	str_copy(v.citizen_phone, sizeof v.citizen_phone, "0900000000");
	v.consent = true;
	assert_int_equal(visit_save(db, &v, NULL), ST_OK);
	if (uid)
		str_copy(uid, 37, v.uid);
}

static void merge__personal_data_only_as_this_files_rules_allow(void **state)
{
	struct mx *m = *state;
	/* name and phone collection off here (the default): the note only */
	save_personal(m->other, m->there_binh, FX_T0, NULL);
	/* entered before this file's retention: nothing personal */
	fx_time = FX_T0 + 40 * 86400;
	assert_int_equal(m->cfg.privacy.retention_days, 30);
	save_personal(m->other, m->there_binh, FX_T0 + 40 * 86400, NULL);
	fx_time = FX_T0 + 40 * 86400 + 60;
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_added, 2);
	assert_int_equal(m->res.personal_left, 2);
	assert_int_equal(count(m->fx.db,
	                       "SELECT count(*) FROM visit WHERE citizen_name IS NOT NULL "
	                       "OR citizen_phone IS NOT NULL"),
	                 0);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit WHERE note = 'NOTE-MARKER'"),
	                 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit WHERE pii_purged_at IS NULL"),
	                 0);
}

static void merge__collected_here_too_and_purged_there_then_purged_here(void **state)
{
	struct mx *m = *state;
	char uid[40], sql[256];
	m->cfg.privacy.collect_name = m->cfg.privacy.collect_phone = true;
	save_personal(m->other, m->there_binh, FX_T0, uid);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.personal_left, 0);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit WHERE citizen_name = "
	                                 "'NAME-MARKER' AND citizen_phone = '0900000000'"),
	                 1);
	/* a deletion request there reaches this copy at the next merge */
	snprintf(sql, sizeof sql,
	         "UPDATE visit SET note = NULL, citizen_name = NULL, citizen_phone = NULL, "
	         "pii_purged_at = 5 WHERE uid = '%s'",
	         uid);
	fx_sql(m->other, sql);
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.personal_purged, 1);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM visit WHERE pii_purged_at = 5 AND "
	                                 "note IS NULL AND citizen_name IS NULL AND citizen_phone "
	                                 "IS NULL"),
	                 1);
}

/* What must not change when a file is refused. */
static void snapshot(struct db *db, long long out[4])
{
	out[0] = count(db, "SELECT count(*) FROM visit");
	out[1] = count(db, "SELECT count(*) FROM staff");
	out[2] = count(db, "SELECT count(*) FROM audit");
	out[3] = count(db, "SELECT count(*) FROM unit");
}

static void expect_refused(struct mx *m, const char *path, enum status want)
{
	long long before[4], after[4];
	snapshot(m->fx.db, before);
	status_clear();
	enum status st = merge_file(m->fx.db, &m->cfg, path, &m->res);
	if (st != want)
		fail_msg("%s: status %d, wanted %d (%s)", path, st, want, status_detail(st));
	assert_non_null(strstr(status_detail(st), path));
	snapshot(m->fx.db, after);
	assert_memory_equal(before, after, sizeof before);
	assert_int_equal(m->res.visits_added, 0);
}

static void merge__refuses_a_bad_file_and_changes_nothing(void **state)
{
	struct mx *m = *state;
	char path[200];
	save(m->other, m->there_binh, "B02", "Quầy 2", "1.001193", NULL);
	db_close(m->other);
	m->other = NULL;

	snprintf(path, sizeof path, "%s/link.db", m->fx.dir);
	assert_int_equal(symlink(m->other_path, path), 0);
	expect_refused(m, path, ST_DB_SYMLINK);

	snprintf(path, sizeof path, "%s/foreign.db", m->fx.dir);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE visit(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	expect_refused(m, path, ST_DB_FOREIGN);

	snprintf(path, sizeof path, "%s/newer.db", m->fx.dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	                              "PRAGMA application_id = 1146504004; PRAGMA user_version = "
	                              "999; CREATE TABLE visit(x)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	expect_refused(m, path, ST_DB_NEWER);

	snprintf(path, sizeof path, "%s/garbage.db", m->fx.dir);
	char junk[8192];
	memset(junk, 'x', sizeof junk);
	fx_write_file(path, junk, sizeof junk);
	expect_refused(m, path, ST_DB_CORRUPT);

	expect_refused(m, m->fx.path, ST_USAGE);

	snprintf(path, sizeof path, "%s/missing.db", m->fx.dir);
	expect_refused(m, path, ST_NOT_FOUND);

	/* and the good file still merges */
	assert_int_equal(merge(m), ST_OK);
	assert_int_equal(m->res.visits_added, 1);
}

static void merge__a_file_that_fails_half_way_leaves_nothing(void **state)
{
	struct mx *m = *state;
	save(m->other, m->there_binh, "B02", "Quầy 2", "2.000815", NULL);
	/* a visit naming a member the file does not hold (foreign keys off) */
	fx_sql(m->other, "PRAGMA foreign_keys = OFF");
	fx_sql(m->other, "INSERT INTO visit(uid, at_utc, local_day, local_hour, entered_at, "
	                 "staff_id, unit_code, counter) VALUES ('bad-uid', 0, 19700101, 7, 0, 99, "
	                 "'B02', 'Quầy 2')");
	long long before[4], after[4];
	snapshot(m->fx.db, before);
	assert_int_equal(merge(m), ST_DB_CORRUPT);
	assert_non_null(strstr(status_detail(ST_DB_CORRUPT), "bad-uid"));
	snapshot(m->fx.db, after);
	assert_memory_equal(before, after, sizeof before);
	assert_int_equal(count(m->fx.db, "SELECT count(*) FROM procedure"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(merge__adds_visits_staff_units_and_twice_adds_nothing,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__a_name_clash_keeps_both_people, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        merge__the_same_uid_is_the_same_person_whatever_the_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__a_void_there_voids_it_here_with_an_audit_row,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__the_later_edit_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__shifts_are_matched_not_doubled, setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__personal_data_only_as_this_files_rules_allow,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        merge__collected_here_too_and_purged_there_then_purged_here, setup, teardown),
	    cmocka_unit_test_setup_teardown(merge__refuses_a_bad_file_and_changes_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(merge__a_file_that_fails_half_way_leaves_nothing, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
