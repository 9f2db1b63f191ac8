/* backup.c: checked copies through the backup API, their names and ages,
 * the daily backup, the restore hint and the two restore paths. */
#include "storage_fixture.h"

#include "store/backup.h"
#include "config/config.h"
#include "store/visit.h"

struct bx {
	struct fx fx;
	struct config cfg;
	char bdir[160];
};

static int setup(void **state)
{
	fx_env();
	if (fx_setup(state) != 0)
		return -1;
	struct fx *fx = *state;
	struct bx *bx = calloc(1, sizeof *bx);
	bx->fx = *fx;
	free(fx);
	config_defaults(&bx->cfg);
	config_set_db_path(&bx->cfg, bx->fx.path);
	snprintf(bx->bdir, sizeof bx->bdir, "%s/data/backups", bx->fx.dir);
	fx_procedure(bx->fx.db, "1.001193", "Đăng ký khai sinh", "dang ky khai sinh");
	fx_staff(bx->fx.db, "Nguyễn Văn An");
	*state = bx;
	return 0;
}

static int teardown(void **state)
{
	struct bx *bx = *state;
	config_done(&bx->cfg);
	struct fx *fx = malloc(sizeof *fx);
	*fx = bx->fx;
	free(bx);
	*state = fx;
	return fx_teardown(state);
}

static void save_visits(struct db *db, int n)
{
	for (int i = 0; i < n; i++) {
		struct visit v;
		visit_init(&v);
		v.staff_id = 1;
		str_copy(v.unit_code, sizeof v.unit_code, "25750");
		str_copy(v.counter, sizeof v.counter, "Quầy 1");
		str_copy(v.procedure_code, sizeof v.procedure_code, "1.001193");
		assert_int_equal(visit_save(db, &v, NULL), ST_OK);
	}
}

static long long file_count(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	long long n = -1;
	sqlite3_stmt *s = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static void touch_backup(struct bx *bx, const char *name, const char *from)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", bx->bdir, name);
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

static bool exists(const char *dir, const char *name)
{
	char path[256];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return lstat(path, &sb) == 0;
}

static void backup_make__writes_a_checked_dated_copy_0600_in_0700(void **state)
{
	struct bx *bx = *state;
	save_visits(bx->fx.db, 3);
	char *path = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &path), ST_OK);
	assert_non_null(path);
	/* 2026-11-22 09:15:00 local */
	assert_string_equal(strrchr(path, '/') + 1, "dvcdesk-20261122-091500.db");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(bx->bdir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(backup_verify(path, true), ST_OK);
	assert_int_equal(file_count(path, "SELECT count(*) FROM visit"), 3);
	/* One self-contained file: rollback-journal mode, no -wal beside it. */
	assert_int_equal(file_count(path, "PRAGMA application_id"), DB_APPLICATION_ID);
	char side[300];
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_not_equal(lstat(side, &sb), 0);
	free(path);
}

static void backup_make__same_second_gets_a_new_name(void **state)
{
	struct bx *bx = *state;
	char *a = NULL, *b = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &a), ST_OK);
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &b), ST_OK);
	assert_string_not_equal(a, b);
	assert_string_equal(strrchr(b, '/') + 1, "dvcdesk-20261122-091500-2.db");
	char **list = backup_list(&bx->cfg);
	assert_string_equal(list[0], b); /* newest first */
	assert_string_equal(list[1], a);
	assert_null(list[2]);
	backup_list_free(list);
	free(a);
	free(b);
}

static void backup_make__refuses_the_live_database_and_foreign_files(void **state)
{
	struct bx *bx = *state;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, bx->fx.path, NULL), ST_USAGE);
	char other[200];
	snprintf(other, sizeof other, "%s/notes.txt", bx->fx.dir);
	fx_write_file(other, "keep me", 7);
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, other, NULL), ST_EXISTS);
	FILE *f = fopen(other, "r");
	char buf[16] = "";
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "keep me");
}

static void backup_prune__deletes_past_keep_days_keeps_the_rest(void **state)
{
	struct bx *bx = *state;
	char *first = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &first), ST_OK);
	touch_backup(bx, "dvcdesk-20200101-120000.db", first);
	touch_backup(bx, "dvcdesk-20261022-120000.db", first); /* 31 days before */
	touch_backup(bx, "dvcdesk-20261024-120000.db", first); /* 29 days before */
	touch_backup(bx, "my-copy.db", first);
	int deleted = -1;
	assert_int_equal(backup_prune(&bx->cfg, &deleted), ST_OK);
	assert_int_equal(deleted, 2);
	assert_false(exists(bx->bdir, "dvcdesk-20200101-120000.db"));
	assert_false(exists(bx->bdir, "dvcdesk-20261022-120000.db"));
	assert_true(exists(bx->bdir, "dvcdesk-20261024-120000.db"));
	assert_true(exists(bx->bdir, "my-copy.db"));
	assert_true(exists(bx->bdir, "dvcdesk-20261122-091500.db"));
	free(first);
}

static void backup_prune__keeps_the_newest_whatever_its_age(void **state)
{
	struct bx *bx = *state;
	char *first = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &first), ST_OK);
	touch_backup(bx, "dvcdesk-20200101-120000.db", first);
	touch_backup(bx, "dvcdesk-20200102-120000.db", first);
	unlink(first);
	int deleted = -1;
	assert_int_equal(backup_prune(&bx->cfg, &deleted), ST_OK);
	assert_int_equal(deleted, 1);
	assert_false(exists(bx->bdir, "dvcdesk-20200101-120000.db"));
	assert_true(exists(bx->bdir, "dvcdesk-20200102-120000.db"));
	free(first);
}

static void backup_prune__removes_temporaries_of_dead_processes(void **state)
{
	struct bx *bx = *state;
	char *first = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &first), ST_OK);
	/* pid 2^22+1 is above Linux's pid_max default of 4194304 */
	touch_backup(bx, "dvcdesk-20261122-080000.db.tmp-4194305", first);
	char mine[64];
	snprintf(mine, sizeof mine, "dvcdesk-20261122-080000.db.tmp-%ld", (long)getpid());
	touch_backup(bx, mine, first);
	assert_int_equal(backup_prune(&bx->cfg, NULL), ST_OK);
	assert_false(exists(bx->bdir, "dvcdesk-20261122-080000.db.tmp-4194305"));
	assert_true(exists(bx->bdir, mine)); /* a live backup's temporary stays */
	free(first);
}

static void backup_daily_if_due__once_a_day(void **state)
{
	struct bx *bx = *state;
	assert_int_equal(backup_daily_if_due(bx->fx.db, &bx->cfg), ST_OK);
	fx_time += 3600;
	assert_int_equal(backup_daily_if_due(bx->fx.db, &bx->cfg), ST_OK);
	char **list = backup_list(&bx->cfg);
	assert_non_null(list[0]);
	assert_null(list[1]);
	backup_list_free(list);
	fx_time += 86400;
	assert_int_equal(backup_daily_if_due(bx->fx.db, &bx->cfg), ST_OK);
	list = backup_list(&bx->cfg);
	assert_string_equal(strrchr(list[0], '/') + 1, "dvcdesk-20261123-101500.db");
	assert_non_null(list[1]);
	assert_null(list[2]);
	backup_list_free(list);
}

static void backup_verify__refuses_empty_text_and_foreign_files(void **state)
{
	struct bx *bx = *state;
	char path[200];
	snprintf(path, sizeof path, "%s/empty.db", bx->fx.dir);
	fx_write_file(path, "", 0);
	assert_int_equal(backup_verify(path, true), ST_DB_FOREIGN);
	fx_write_file(path, "Nguyễn Văn A, 0909\n", 21);
	assert_int_equal(backup_verify(path, true), ST_DB_CORRUPT);
	unlink(path);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(backup_verify(path, true), ST_DB_FOREIGN);
	snprintf(path, sizeof path, "%s/missing.db", bx->fx.dir);
	assert_int_equal(backup_verify(path, true), ST_NOT_FOUND);
}

static void backup_restore_hint__names_the_newest_sound_backup(void **state)
{
	struct bx *bx = *state;
	assert_null(backup_restore_hint(&bx->cfg));
	char *good = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &good), ST_OK);
	/* A newer one that is damaged is passed over. */
	char bad[200];
	snprintf(bad, sizeof bad, "%s/dvcdesk-20261122-100000.db", bx->bdir);
	fx_write_file(bad, "garbage garbage garbage garbage", 31);
	char *hint = backup_restore_hint(&bx->cfg);
	assert_non_null(hint);
	assert_non_null(strstr(hint, good));
	assert_non_null(strstr(hint, "dvcdesk restore"));
	assert_null(strstr(hint, "100000"));
	free(hint);
	free(good);
}

static void backup_restore_into__brings_back_the_backup(void **state)
{
	struct bx *bx = *state;
	save_visits(bx->fx.db, 2);
	char *path = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &path), ST_OK);
	save_visits(bx->fx.db, 5);
	assert_int_equal(db_int(bx->fx.db, "SELECT count(*) FROM visit", -1), 7);
	assert_int_equal(backup_restore_into(bx->fx.db, path), ST_OK);
	assert_int_equal(db_int(bx->fx.db, "SELECT count(*) FROM visit", -1), 2);
	assert_string_equal(fx_text(bx->fx.db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(db_check(bx->fx.db, true), ST_OK);
	free(path);
}

static void backup_stage_promote__replace_a_damaged_file_keeping_it_aside(void **state)
{
	struct bx *bx = *state;
	save_visits(bx->fx.db, 4);
	char *path = NULL;
	assert_int_equal(backup_make(bx->fx.db, &bx->cfg, NULL, &path), ST_OK);
	db_close(bx->fx.db);
	bx->fx.db = NULL;
	fx_write_file(bx->fx.path, "this was the database", 21);
	char before[65];
	fx_sha256(bx->fx.path, before);

	char *staged = NULL, *aside = NULL;
	assert_int_equal(backup_stage(&bx->cfg, path, &staged), ST_OK);
	char now[65];
	fx_sha256(bx->fx.path, now);
	assert_string_equal(now, before); /* staging touches nothing live */
	assert_int_equal(backup_promote(&bx->cfg, staged, &aside), ST_OK);
	assert_non_null(aside);
	fx_sha256(aside, now);
	assert_string_equal(now, before);
	assert_int_equal(db_open(&bx->fx.db, bx->fx.path, 0), ST_OK);
	assert_int_equal(db_int(bx->fx.db, "SELECT count(*) FROM visit", -1), 4);
	free(staged);
	free(aside);
	free(path);
}

static void backup_stage__refuses_a_bad_backup(void **state)
{
	struct bx *bx = *state;
	char bad[200];
	snprintf(bad, sizeof bad, "%s/bad.db", bx->fx.dir);
	fx_write_file(bad, "not a database at all, really", 29);
	char *staged = NULL;
	assert_int_equal(backup_stage(&bx->cfg, bad, &staged), ST_DB_CORRUPT);
	assert_null(staged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(backup_make__writes_a_checked_dated_copy_0600_in_0700,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_make__same_second_gets_a_new_name, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        backup_make__refuses_the_live_database_and_foreign_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_prune__deletes_past_keep_days_keeps_the_rest,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_prune__keeps_the_newest_whatever_its_age, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(backup_prune__removes_temporaries_of_dead_processes,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_daily_if_due__once_a_day, setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_verify__refuses_empty_text_and_foreign_files,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_restore_hint__names_the_newest_sound_backup,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_restore_into__brings_back_the_backup, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        backup_stage_promote__replace_a_damaged_file_keeping_it_aside, setup, teardown),
	    cmocka_unit_test_setup_teardown(backup_stage__refuses_a_bad_backup, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
