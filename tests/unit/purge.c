/* purge.c: the retention purge and a citizen's deletion request clear the
 * personal data and nothing else, in the database, its WAL and the
 * backups, with one audit row that holds no personal data. */
#include "storage_fixture.h"

#include "store/backup.h"
#include "config/config.h"
#include "store/purge.h"
#include "store/visit.h"

struct px {
	struct fx fx;
	struct config cfg;
};

static int setup(void **state)
{
	fx_env();
	if (fx_setup(state) != 0)
		return -1;
	struct fx *fx = *state;
	struct px *px = calloc(1, sizeof *px);
	px->fx = *fx;
	free(fx);
	config_defaults(&px->cfg);
	config_set_db_path(&px->cfg, px->fx.path);
	px->cfg.privacy.collect_name = px->cfg.privacy.collect_phone = true;
	fx_staff(px->fx.db, "Nguyễn Văn An");
	*state = px;
	return 0;
}

static int teardown(void **state)
{
	struct px *px = *state;
	config_done(&px->cfg);
	struct fx *fx = malloc(sizeof *fx);
	*fx = px->fx;
	free(px);
	*state = fx;
	return fx_teardown(state);
}

static void save(struct db *db, const char *name, const char *phone, const char *note)
{
	struct visit v;
	visit_init(&v);
	v.staff_id = 1;
	str_copy(v.unit_code, sizeof v.unit_code, "25750");
	str_copy(v.counter, sizeof v.counter, "Quầy 1");
	str_copy(v.citizen_name, sizeof v.citizen_name, name);
	str_copy(v.citizen_phone, sizeof v.citizen_phone, phone);
	str_copy(v.note, sizeof v.note, note);
	v.consent = name[0] || phone[0];
	assert_int_equal(visit_save(db, &v, NULL), ST_OK);
}

static long long count(struct db *db, const char *sql)
{
	return db_int(db, sql, -1);
}

/* Bytes of `needle` anywhere in the file (0 when the file is absent). */
static int occurrences(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = strlen(needle), cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	size_t r;
	while ((r = fread(buf + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	int hits = 0;
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			hits++;
	free(buf);
	return hits;
}

static void privacy__name_and_phone_are_off_by_default(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	assert_false(cfg.privacy.collect_name);
	assert_false(cfg.privacy.collect_phone);
	assert_int_equal(cfg.privacy.retention_days, 30);
	config_done(&cfg);
}

static void privacy__name_without_consent_is_refused(void **state)
{
	struct px *px = *state;
	struct visit v;
	visit_init(&v);
	v.staff_id = 1;
	str_copy(v.unit_code, sizeof v.unit_code, "25750");
	str_copy(v.counter, sizeof v.counter, "Quầy 1");
	str_copy(v.citizen_name, sizeof v.citizen_name, "Nguyễn Thị Ánh");
	assert_int_equal(visit_validate(px->fx.db, &v), ST_INVALID);
	assert_int_equal(visit_save(px->fx.db, &v, NULL), ST_INVALID);
	v.consent = true;
	assert_int_equal(visit_save(px->fx.db, &v, NULL), ST_OK);
}

static void purge_retention__clears_only_what_is_older_than_retention(void **state)
{
	struct px *px = *state;
	save(px->fx.db, "OLDNAME", "0909000001", "old note");
	fx_time += 29 * 86400;
	save(px->fx.db, "NEWNAME", "0909000002", "new note");
	save(px->fx.db, "", "", "");
	fx_time += 2 * 86400; /* the first is now 31 days old, the others 2 */
	struct purge_result r;
	assert_int_equal(purge_retention(px->fx.db, &px->cfg, 0, &r), ST_OK);
	assert_int_equal(r.visits, 1);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM visit"), 3);
	assert_int_equal(count(px->fx.db,
	                       "SELECT count(*) FROM visit WHERE citizen_name IS NULL "
	                       "AND citizen_phone IS NULL AND note IS NULL AND pii_purged_at "
	                       "IS NOT NULL"),
	                 1);
	assert_int_equal(
	    count(px->fx.db, "SELECT count(*) FROM visit WHERE citizen_name = 'NEWNAME'"), 1);
	assert_string_equal(fx_text(px->fx.db, "SELECT action || ' ' || detail FROM audit"),
	                    "purge_retention visits=1");
	/* Again: nothing left to purge, no second audit row. */
	assert_int_equal(purge_retention(px->fx.db, &px->cfg, 0, &r), ST_OK);
	assert_int_equal(r.visits, 0);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM audit"), 1);
}

static void purge_retention__a_clock_set_back_purges_nothing(void **state)
{
	struct px *px = *state;
	save(px->fx.db, "NAME", "0909000001", "note");
	fx_time = (time_t)946684800; /* 2000-01-01: a flat CMOS battery */
	struct purge_result r;
	assert_int_equal(purge_retention(px->fx.db, &px->cfg, 0, &r), ST_OK);
	assert_int_equal(r.visits, 0);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM visit WHERE citizen_name = 'NAME'"),
	                 1);
}

static void purge_retention__leaves_nothing_in_the_wal_or_the_backups(void **state)
{
	struct px *px = *state;
	save(px->fx.db, "NGUYENMARKER", "0909MARKER", "NOTEMARKER");
	char *backup = NULL;
	assert_int_equal(backup_make(px->fx.db, &px->cfg, NULL, &backup), ST_OK);
	assert_true(occurrences(backup, "NGUYENMARKER") > 0);
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", px->fx.path);
	assert_true(occurrences(wal, "NGUYENMARKER") > 0);
	fx_time += 31 * 86400;
	struct purge_result r;
	assert_int_equal(purge_retention(px->fx.db, &px->cfg, 0, &r), ST_OK);
	assert_int_equal(r.visits, 1);
	assert_true(r.wal_truncated);
	assert_int_equal(r.backups, 1);
	assert_int_equal(r.backup_failures, 0);
	const char *markers[] = {"NGUYENMARKER", "0909MARKER", "NOTEMARKER"};
	for (size_t i = 0; i < ARRAY_LEN(markers); i++) {
		assert_int_equal(occurrences(px->fx.path, markers[i]), 0);
		assert_int_equal(occurrences(wal, markers[i]), 0);
		assert_int_equal(occurrences(backup, markers[i]), 0);
	}
	assert_int_equal(backup_verify(backup, true), ST_OK);
	free(backup);
}

static void purge_phone__matches_as_typed_or_normalised_with_one_audit_row(void **state)
{
	struct px *px = *state;
	save(px->fx.db, "A", "0912345678", "x");
	save(px->fx.db, "A", "0912345678", "");
	save(px->fx.db, "B", "0988777666", "keep");
	struct purge_result r;
	assert_int_equal(purge_phone(px->fx.db, &px->cfg, "+84 912 345 678", 1, &r), ST_OK);
	assert_int_equal(r.visits, 2);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM visit WHERE citizen_phone IS NULL"),
	                 2);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM visit WHERE note = 'keep'"), 1);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM audit"), 1);
	assert_string_equal(fx_text(px->fx.db, "SELECT action || ' ' || detail FROM audit"),
	                    "purge_request visits=2");
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM audit WHERE detail LIKE '%912%' "
	                                  "OR visit_uid IS NOT NULL"),
	                 0);
	/* A request that matches nothing is still on record. */
	assert_int_equal(purge_phone(px->fx.db, &px->cfg, "0900000000", 1, &r), ST_OK);
	assert_int_equal(r.visits, 0);
	assert_int_equal(count(px->fx.db, "SELECT count(*) FROM audit"), 2);
	assert_int_equal(purge_phone(px->fx.db, &px->cfg, "  ", 1, &r), ST_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(privacy__name_and_phone_are_off_by_default),
	    cmocka_unit_test_setup_teardown(privacy__name_without_consent_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        purge_retention__clears_only_what_is_older_than_retention, setup, teardown),
	    cmocka_unit_test_setup_teardown(purge_retention__a_clock_set_back_purges_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        purge_retention__leaves_nothing_in_the_wal_or_the_backups, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        purge_phone__matches_as_typed_or_normalised_with_one_audit_row, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
