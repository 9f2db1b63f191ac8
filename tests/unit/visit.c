/* visit.c: the one save path (idempotent, validated, NFC), corrections and
 * voids with their audit rows, the lists, and saves that fail and retry. */
#include "storage_fixture.h"

#include "util/status.h"
#include "store/visit.h"

static int setup(void **state)
{
	if (fx_setup(state) != 0)
		return -1;
	struct fx *fx = *state;
	fx_procedure(fx->db, "1.001193", "Đăng ký khai sinh", "dang ky khai sinh");
	fx_procedure(fx->db, "1.000656", "Đăng ký khai tử", "dang ky khai tu");
	fx_staff(fx->db, "Nguyễn Văn An");
	fx_staff(fx->db, "Trần Thị Bình");
	return 0;
}

#define AN   1
#define BINH 2

static void new_visit(struct visit *v, const char *procedure)
{
	visit_init(v);
	v->staff_id = AN;
	str_copy(v->unit_code, sizeof v->unit_code, "25750");
	str_copy(v->counter, sizeof v->counter, "Quầy 1");
	str_copy(v->procedure_code, sizeof v->procedure_code, procedure);
}

static long long count(struct db *db, const char *sql)
{
	return db_int(db, sql, -1);
}

static void visit_init__makes_uid_and_defaults(void **state)
{
	struct visit a, b;
	(void)state;

	visit_init(&a);
	visit_init(&b);
	assert_int_equal(strlen(a.uid), 36);
	assert_string_not_equal(a.uid, b.uid);
	assert_int_equal(a.at, FX_T0);
	assert_int_equal(a.entered_at, FX_T0);
	assert_int_equal(a.channel, CH_WALK_IN);
	assert_int_equal(a.outcome, OUT_DONE);
	assert_int_equal(a.id, 0);
}

static void visit_save__stores_every_field__with_local_day_and_hour(void **state)
{
	struct fx *fx = *state;
	struct visit v, got;
	bool already = true;

	new_visit(&v, "1.001193");
	v.services = 1u << SVC_VNEID | 1u << SVC_ONLINE_SUBMISSION | 1u << SVC_POSTAL;
	str_copy(v.dossier_code, sizeof v.dossier_code, "000.00.12.H56-261122-0001");
	v.groups = 1u << GRP_ELDERLY | 1u << GRP_ETHNIC_MINORITY;
	v.channel = CH_PHONE;
	v.outcome = OUT_MORE_PAPERS;
	v.duration_s = 420;
	str_copy(v.note, sizeof v.note, "thiếu giấy chứng sinh");
	v.consent = true;
	str_copy(v.citizen_name, sizeof v.citizen_name, "Lê Thị Cúc");
	str_copy(v.citizen_phone, sizeof v.citizen_phone, "0912345678");

	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_false(already);
	assert_true(v.id > 0);
	/* 09:15 in Hà Nội on 22 November 2026, stored as UTC seconds. */
	assert_int_equal(count(fx->db, "SELECT local_day FROM visit"), 20261122);
	assert_int_equal(count(fx->db, "SELECT local_hour FROM visit"), 9);
	assert_int_equal(count(fx->db, "SELECT at_utc FROM visit"), FX_T0);

	assert_int_equal(visit_get(fx->db, v.uid, &got), ST_OK);
	assert_int_equal(got.id, v.id);
	assert_string_equal(got.uid, v.uid);
	assert_int_equal(got.at, FX_T0);
	assert_int_equal(got.staff_id, AN);
	assert_int_equal(got.shift_id, 0);
	assert_string_equal(got.unit_code, "25750");
	assert_string_equal(got.counter, "Quầy 1");
	assert_string_equal(got.procedure_code, "1.001193");
	assert_int_equal(got.services, v.services);
	assert_string_equal(got.dossier_code, "000.00.12.H56-261122-0001");
	assert_int_equal(got.groups, v.groups);
	assert_int_equal(got.channel, CH_PHONE);
	assert_int_equal(got.outcome, OUT_MORE_PAPERS);
	assert_int_equal(got.duration_s, 420);
	assert_string_equal(got.note, "thiếu giấy chứng sinh");
	assert_string_equal(got.citizen_name, "Lê Thị Cúc");
	assert_string_equal(got.citizen_phone, "0912345678");
	assert_true(got.consent);
	assert_int_equal(got.voided_at, 0);
	assert_int_equal(count(fx->db, "SELECT vneid + online_submission + postal + payment "
	                               "FROM visit"),
	                 3);
}

static void visit_save__is_idempotent__on_retry(void **state)
{
	struct fx *fx = *state;
	struct visit v, again;
	bool already = true;

	new_visit(&v, "1.001193");
	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_false(already);
	/* The same uid again, as after an ambiguous failure: nothing changes. */
	again = v;
	again.id = 0;
	again.outcome = OUT_REFERRED;
	assert_int_equal(visit_save(fx->db, &again, &already), ST_OK);
	assert_true(already);
	assert_int_equal(again.id, v.id);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), 1);
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit WHERE outcome = 'done'"), 1);
	assert_int_equal(visit_save(fx->db, &again, NULL), ST_OK); /* already may be NULL */
}

static void visit_save__bumps_procedure_use_count(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	for (int i = 0; i < 3; i++) {
		new_visit(&v, "1.000656");
		assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	}
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.000656'"),
	                 3);
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 0);
}

static void visit_save__accepts_general_guidance__with_no_procedure(void **state)
{
	struct fx *fx = *state;
	struct visit v, got;

	new_visit(&v, "");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit WHERE procedure_code IS NULL"),
	                 1);
	assert_int_equal(visit_get(fx->db, v.uid, &got), ST_OK);
	assert_string_equal(got.procedure_code, "");
}

static void expect_refused(struct fx *fx, struct visit *v, const char *detail_part)
{
	status_clear();
	assert_int_equal(visit_save(fx->db, v, NULL), ST_INVALID);
	if (!strstr(status_detail(ST_INVALID), detail_part))
		fail_msg("detail \"%s\" lacks \"%s\"", status_detail(ST_INVALID), detail_part);
	assert_int_equal(v->id, 0);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), 0);
	assert_true(sqlite3_get_autocommit(fx->db->h)); /* no transaction left open */
}

static void visit_save__refuses_unknown_procedure__naming_the_code(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "9.999999");
	expect_refused(fx, &v, "9.999999");
}

static void visit_save__refuses_online_submission_without_dossier_code(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "1.001193");
	v.services = 1u << SVC_ONLINE_SUBMISSION;
	expect_refused(fx, &v, "dossier code");
	str_copy(v.dossier_code, sizeof v.dossier_code, "   "); /* blank is missing */
	expect_refused(fx, &v, "dossier code");
	str_copy(v.dossier_code, sizeof v.dossier_code, "H56.22-261122-0001");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
}

static void visit_save__keeps_name_and_phone__only_with_consent(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "1.001193");
	str_copy(v.citizen_name, sizeof v.citizen_name, "Lê Thị Cúc");
	expect_refused(fx, &v, "consent");
	v.citizen_name[0] = '\0';
	str_copy(v.citizen_phone, sizeof v.citizen_phone, "0912345678");
	expect_refused(fx, &v, "consent");
	v.consent = true;
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
}

static void visit_save__needs_a_reason__when_backdated_over_10_minutes(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "1.001193");
	v.at = FX_T0 - 11 * 60;
	expect_refused(fx, &v, "reason");
	str_copy(v.backdate_reason, sizeof v.backdate_reason, "phiếu giấy buổi sáng");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	/* 9 minutes late is just typing time. */
	new_visit(&v, "1.001193");
	v.at = FX_T0 - 9 * 60;
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	/* The day and hour follow `at`, not the entry time. */
	new_visit(&v, "1.001193");
	v.at = FX_T0 - 2 * 86400 - 3600;
	str_copy(v.backdate_reason, sizeof v.backdate_reason, "nhập bù");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	assert_int_equal(count(fx->db, "SELECT local_day * 100 + local_hour FROM visit "
	                               "ORDER BY id DESC LIMIT 1"),
	                 2026112008);
}

static void visit_save__refuses_future_time_and_unknown_staff(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "1.001193");
	v.at = FX_T0 + 3600;
	expect_refused(fx, &v, "future");
	new_visit(&v, "1.001193");
	v.staff_id = 99;
	expect_refused(fx, &v, "99");
}

static void visit_save__stores_text_as_nfc(void **state)
{
	struct fx *fx = *state;
	struct visit v, got;

	new_visit(&v, "1.001193");
	/* "Nguyễn" typed as NFD: e + circumflex + tilde as combining marks. */
	str_copy(v.note, sizeof v.note, "  Nguye\xCC\x82\xCC\x83n  ");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	assert_int_equal(visit_get(fx->db, v.uid, &got), ST_OK);
	assert_string_equal(got.note, "Nguy\xE1\xBB\x85n");
	/* Invalid UTF-8 is refused, naming the field. */
	new_visit(&v, "1.001193");
	str_copy(v.note, sizeof v.note, "bad \xC3 byte");
	status_clear();
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_INVALID);
	assert_non_null(strstr(status_detail(ST_INVALID), "note"));
}

static void visit_save__reports_disk_full__and_retry_saves_once(void **state)
{
	struct fx *fx = *state;
	struct visit v;
	bool already = true;
	char sql[64];
	long long pages = count(fx->db, "PRAGMA page_count");

	/* No room for one more page: the insert fails like on a full disk. */
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages);
	fx_sql(fx->db, sql);
	for (int i = 0; i < 40; i++) {
		new_visit(&v, "1.001193");
		str_copy(v.note, sizeof v.note,
		         "................................................................"
		         "................................................................");
		enum status st = visit_save(fx->db, &v, NULL);
		if (st != ST_OK) {
			assert_int_equal(st, ST_DB_FULL);
			break;
		}
		assert_true(i < 39);
	}
	assert_true(sqlite3_get_autocommit(fx->db->h));
	long long before = count(fx->db, "SELECT count(*) FROM visit");
	char *sql_uid = xasprintf("SELECT count(*) FROM visit WHERE uid = '%s'", v.uid);
	assert_int_equal(count(fx->db, sql_uid), 0);
	free(sql_uid);
	fx_sql(fx->db, "PRAGMA max_page_count = 1073741823");
	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_false(already);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), before + 1);
	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_true(already);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), before + 1);
}

static void visit_save__reports_busy__and_retry_saves_once(void **state)
{
	struct fx *fx = *state;
	struct db *other = NULL;
	struct visit v;
	bool already = true;

	/* Another program holds the write lock past our (shortened) wait. */
	assert_int_equal(db_open(&other, fx->path, 0), ST_OK);
	assert_int_equal(db_begin(other), ST_OK);
	sqlite3_busy_timeout(fx->db->h, 50);
	new_visit(&v, "1.001193");
	status_clear();
	assert_int_equal(visit_save(fx->db, &v, &already), ST_DB_BUSY);
	assert_int_equal(v.id, 0);
	db_rollback(other);
	db_close(other);
	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_false(already);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), 1);
}

static void visit_void__keeps_row__records_who_when_why__and_one_audit_row(void **state)
{
	struct fx *fx = *state;
	struct visit v, got;

	new_visit(&v, "1.001193");
	str_copy(v.note, sizeof v.note, "secret-note-4711");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	fx_time += 120;
	assert_int_equal(visit_void(fx->db, v.uid, BINH, "nhập trùng, chị Cúc-4711"), ST_OK);

	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit"), 1);
	assert_int_equal(visit_get(fx->db, v.uid, &got), ST_OK);
	assert_int_equal(got.voided_at, FX_T0 + 120);
	assert_int_equal(got.voided_by, BINH);
	assert_string_equal(got.void_reason, "nhập trùng, chị Cúc-4711");
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 0);

	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);
	assert_string_equal(fx_text(fx->db, "SELECT action FROM audit"), "visit.void");
	assert_int_equal(count(fx->db, "SELECT staff_id FROM audit"), BINH);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE visit_uid = '%s'", v.uid);
	assert_int_equal(count(fx->db, sql), 1);
	/* Nothing typed about the citizen reaches the audit log. */
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit WHERE detail LIKE '%4711%' "
	                               "OR action LIKE '%4711%'"),
	                 0);

	/* Twice is refused and writes nothing more; a reason is required. */
	status_clear();
	assert_int_equal(visit_void(fx->db, v.uid, BINH, "again"), ST_INVALID);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);
	new_visit(&v, "1.001193");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	assert_int_equal(visit_void(fx->db, v.uid, BINH, "  "), ST_INVALID);
	assert_int_equal(visit_void(fx->db, "no-such-uid", BINH, "x"), ST_NOT_FOUND);
	assert_int_equal(visit_void(fx->db, v.uid, 99, "x"), ST_INVALID);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM visit WHERE voided_at IS NULL"), 1);
}

static void visit_update__changes_fields__and_audits_their_names(void **state)
{
	struct fx *fx = *state;
	struct visit v, got;

	new_visit(&v, "1.001193");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	v.id = 0; /* the uid names the visit */
	str_copy(v.procedure_code, sizeof v.procedure_code, "1.000656");
	v.services = 1u << SVC_ACCOUNT;
	str_copy(v.note, sizeof v.note, "gọi lại 0912345678");
	v.citizen_name[0] = '\0';
	assert_int_equal(visit_update(fx->db, &v, BINH), ST_OK);

	assert_int_equal(visit_get(fx->db, v.uid, &got), ST_OK);
	assert_string_equal(got.procedure_code, "1.000656");
	assert_int_equal(got.services, 1u << SVC_ACCOUNT);
	assert_string_equal(got.note, "gọi lại 0912345678");
	assert_int_equal(got.staff_id, AN); /* who helped the citizen stays */
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.001193'"),
	                 0);
	assert_int_equal(count(fx->db, "SELECT use_count FROM procedure WHERE code = '1.000656'"),
	                 1);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);
	assert_string_equal(fx_text(fx->db, "SELECT action FROM audit"), "visit.update");
	assert_string_equal(fx_text(fx->db, "SELECT detail FROM audit"),
	                    "procedure_code,account,note");
	assert_int_equal(count(fx->db, "SELECT staff_id FROM audit"), BINH);

	/* The same values again: nothing changed, nothing audited. */
	assert_int_equal(visit_update(fx->db, &v, BINH), ST_OK);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);

	/* A correction is validated like a save. */
	v.services |= 1u << SVC_ONLINE_SUBMISSION;
	status_clear();
	assert_int_equal(visit_update(fx->db, &v, BINH), ST_INVALID);
	assert_non_null(strstr(status_detail(ST_INVALID), "dossier code"));
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);
}

static void visit_update__refuses_voided_or_unknown_visit(void **state)
{
	struct fx *fx = *state;
	struct visit v;

	new_visit(&v, "1.001193");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	assert_int_equal(visit_void(fx->db, v.uid, AN, "undo"), ST_OK);
	v.outcome = OUT_REFERRED;
	assert_int_equal(visit_update(fx->db, &v, AN), ST_INVALID);
	str_copy(v.uid, sizeof v.uid, "no-such-uid");
	assert_int_equal(visit_update(fx->db, &v, AN), ST_NOT_FOUND);
	assert_int_equal(count(fx->db, "SELECT count(*) FROM audit"), 1);
}

struct collect {
	int n;
	char uids[16][40];
	char names[16][64];
	int stop_after;
};

static bool collect(const struct visit_row *row, void *ctx)
{
	struct collect *c = ctx;
	if (c->n < 16) {
		str_copy(c->uids[c->n], sizeof c->uids[0], row->v.uid);
		str_copy(c->names[c->n], sizeof c->names[0], row->procedure_name);
	}
	c->n++;
	return !c->stop_after || c->n < c->stop_after;
}

static int list(struct db *db, struct visit_filter f, struct collect *c)
{
	memset(c, 0, sizeof *c);
	assert_int_equal(visit_list(db, &f, collect, c), ST_OK);
	return c->n;
}

static void visit_list__filters_and_orders_newest_first(void **state)
{
	struct fx *fx = *state;
	struct visit v[5];
	struct collect c;

	fx_sql(fx->db, "INSERT INTO shift (staff_id, unit_code, counter, session, opened_at, "
	               "local_day) VALUES (1, '25750', 'Quầy 1', 'morning', 0, 20261122)");
	/* 0: shift 1, khai sinh; 1: shift 1, khai tử, dossier; 2: no shift,
	 * Bình, two days ago; 3: guidance; 4: voided. */
	new_visit(&v[0], "1.001193");
	v[0].shift_id = 1;
	new_visit(&v[1], "1.000656");
	v[1].shift_id = 1;
	v[1].services = 1u << SVC_ONLINE_SUBMISSION;
	str_copy(v[1].dossier_code, sizeof v[1].dossier_code, "H56.22-261122-0042");
	new_visit(&v[2], "1.001193");
	v[2].staff_id = BINH;
	v[2].at = FX_T0 - 2 * 86400;
	str_copy(v[2].backdate_reason, sizeof v[2].backdate_reason, "nhập bù");
	new_visit(&v[3], "");
	new_visit(&v[4], "1.001193");
	for (int i = 0; i < 5; i++)
		assert_int_equal(visit_save(fx->db, &v[i], NULL), ST_OK);
	assert_int_equal(visit_void(fx->db, v[4].uid, AN, "undo"), ST_OK);

	assert_int_equal(list(fx->db, (struct visit_filter){0}, &c), 4);
	assert_string_equal(c.uids[0], v[3].uid);
	assert_string_equal(c.uids[3], v[0].uid);
	assert_string_equal(c.names[0], "");
	assert_string_equal(c.names[3], "Đăng ký khai sinh");
	assert_int_equal(list(fx->db, (struct visit_filter){.include_voided = true}, &c), 5);
	assert_string_equal(c.uids[0], v[4].uid);

	assert_int_equal(list(fx->db, (struct visit_filter){.shift_id = 1}, &c), 2);
	assert_string_equal(c.uids[0], v[1].uid);
	assert_int_equal(list(fx->db, (struct visit_filter){.staff_id = BINH}, &c), 1);
	assert_string_equal(c.uids[0], v[2].uid);
	assert_int_equal(
	    list(fx->db, (struct visit_filter){.from_day = 20261120, .to_day = 20261121}, &c), 1);
	assert_string_equal(c.uids[0], v[2].uid);
	assert_int_equal(list(fx->db, (struct visit_filter){.from_day = 20261122}, &c), 3);
	assert_int_equal(list(fx->db, (struct visit_filter){.limit = 2}, &c), 2);

	/* Text: the procedure name without diacritics, its code, the dossier. */
	assert_int_equal(list(fx->db, (struct visit_filter){.query = "khai sinh"}, &c), 2);
	assert_int_equal(list(fx->db, (struct visit_filter){.query = "Khai Tử"}, &c), 1);
	assert_string_equal(c.uids[0], v[1].uid);
	assert_int_equal(list(fx->db, (struct visit_filter){.query = "1.000656"}, &c), 1);
	assert_int_equal(list(fx->db, (struct visit_filter){.query = "h56.22-261122"}, &c), 1);
	assert_string_equal(c.uids[0], v[1].uid);
	assert_int_equal(list(fx->db, (struct visit_filter){.query = "no such thing"}, &c), 0);
	assert_int_equal(
	    list(fx->db, (struct visit_filter){.query = "khai sinh", .from_day = 20261122}, &c), 1);

	/* The callback stops the walk. */
	struct visit_filter all = {0};
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	assert_int_equal(visit_list(fx->db, &all, collect, &c), ST_OK);
	assert_int_equal(c.n, 2);
}

/* counts_only (the counter's totals): the same rows, with only what a
 * count needs. */
struct tally {
	int rows, voided, guidance, online, elderly;
};

static bool tally(const struct visit_row *row, void *ctx)
{
	struct tally *t = ctx;
	t->rows++;
	t->voided += row->v.voided_at != 0;
	t->guidance += row->v.procedure_code[0] == '\0';
	t->online += (row->v.services >> SVC_ONLINE_SUBMISSION) & 1;
	t->elderly += (row->v.groups >> GRP_ELDERLY) & 1;
	assert_string_equal(row->procedure_name, "");
	assert_string_equal(row->v.uid, "");
	return true;
}

static void visit_list__counts_only__gives_the_counted_fields(void **state)
{
	struct fx *fx = *state;
	struct visit v[4];
	fx_sql(fx->db, "INSERT INTO shift (staff_id, unit_code, counter, session, opened_at, "
	               "local_day) VALUES (1, '25750', 'Quầy 1', 'morning', 0, 20261122)");
	new_visit(&v[0], "1.001193");
	v[0].groups = 1u << GRP_ELDERLY;
	new_visit(&v[1], "1.000656");
	v[1].services = 1u << SVC_ONLINE_SUBMISSION;
	str_copy(v[1].dossier_code, sizeof v[1].dossier_code, "H56.22-261122-0042");
	new_visit(&v[2], "");
	new_visit(&v[3], "1.001193");
	for (int i = 0; i < 4; i++) {
		v[i].shift_id = i < 3 ? 1 : 0;
		assert_int_equal(visit_save(fx->db, &v[i], NULL), ST_OK);
	}
	assert_int_equal(visit_void(fx->db, v[0].uid, AN, "undo"), ST_OK);

	struct tally t = {0};
	struct visit_filter day = {
	    .from_day = 20261122, .to_day = 20261122, .include_voided = true, .counts_only = true};
	assert_int_equal(visit_list(fx->db, &day, tally, &t), ST_OK);
	assert_int_equal(t.rows, 4);
	assert_int_equal(t.voided, 1);
	assert_int_equal(t.guidance, 1);
	assert_int_equal(t.online, 1);
	assert_int_equal(t.elderly, 1);

	memset(&t, 0, sizeof t);
	struct visit_filter shift = {.shift_id = 1, .counts_only = true};
	assert_int_equal(visit_list(fx->db, &shift, tally, &t), ST_OK);
	assert_int_equal(t.rows, 2); /* the voided one left out */
	assert_int_equal(t.online, 1);

	memset(&t, 0, sizeof t);
	struct visit_filter text = {.query = "khai tu", .counts_only = true};
	assert_int_equal(visit_list(fx->db, &text, tally, &t), ST_OK);
	assert_int_equal(t.rows, 1); /* by the procedure's name */
}

static void visit_last_of_shift__skips_voided(void **state)
{
	struct fx *fx = *state;
	struct visit a, b, got;

	fx_sql(fx->db, "INSERT INTO shift (staff_id, unit_code, counter, session, opened_at, "
	               "local_day) VALUES (1, '25750', 'Quầy 1', 'morning', 0, 20261122)");
	assert_int_equal(visit_last_of_shift(fx->db, 1, &got), ST_NOT_FOUND);
	new_visit(&a, "1.001193");
	a.shift_id = 1;
	new_visit(&b, "1.000656");
	b.shift_id = 1;
	assert_int_equal(visit_save(fx->db, &a, NULL), ST_OK);
	assert_int_equal(visit_save(fx->db, &b, NULL), ST_OK);
	assert_int_equal(visit_last_of_shift(fx->db, 1, &got), ST_OK);
	assert_string_equal(got.uid, b.uid);
	assert_int_equal(visit_void(fx->db, b.uid, AN, "undo"), ST_OK);
	assert_int_equal(visit_last_of_shift(fx->db, 1, &got), ST_OK);
	assert_string_equal(got.uid, a.uid);
}

static void visit_parse_flags__reads_keys__and_names_the_allowed_ones(void **state)
{
	unsigned m = 99;
	(void)state;

	assert_true(
	    visit_parse_flags("vneid, online_submission,postal", service_keys, SVC__COUNT, &m));
	assert_int_equal(m, 1u << SVC_VNEID | 1u << SVC_ONLINE_SUBMISSION | 1u << SVC_POSTAL);
	assert_true(visit_parse_flags("", group_keys, GRP__COUNT, &m));
	assert_int_equal(m, 0);
	m = 7;
	status_clear();
	assert_false(visit_parse_flags("elderly,young", group_keys, GRP__COUNT, &m));
	assert_int_equal(m, 7);
	assert_non_null(strstr(status_detail(ST_USAGE), "young"));
	assert_non_null(strstr(status_detail(ST_USAGE), "ethnic_minority"));
	assert_int_equal(visit_key_index(channel_keys, CH__COUNT, "outreach"), CH_OUTREACH);
	assert_int_equal(visit_key_index(outcome_keys, OUT__COUNT, "nope"), -1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(visit_init__makes_uid_and_defaults),
	    T(visit_save__stores_every_field__with_local_day_and_hour),
	    T(visit_save__is_idempotent__on_retry),
	    T(visit_save__bumps_procedure_use_count),
	    T(visit_save__accepts_general_guidance__with_no_procedure),
	    T(visit_save__refuses_unknown_procedure__naming_the_code),
	    T(visit_save__refuses_online_submission_without_dossier_code),
	    T(visit_save__keeps_name_and_phone__only_with_consent),
	    T(visit_save__needs_a_reason__when_backdated_over_10_minutes),
	    T(visit_save__refuses_future_time_and_unknown_staff),
	    T(visit_save__stores_text_as_nfc),
	    T(visit_save__reports_disk_full__and_retry_saves_once),
	    T(visit_save__reports_busy__and_retry_saves_once),
	    T(visit_void__keeps_row__records_who_when_why__and_one_audit_row),
	    T(visit_update__changes_fields__and_audits_their_names),
	    T(visit_update__refuses_voided_or_unknown_visit),
	    T(visit_list__filters_and_orders_newest_first),
	    T(visit_list__counts_only__gives_the_counted_fields),
	    T(visit_last_of_shift__skips_voided),
	    T(visit_parse_flags__reads_keys__and_names_the_allowed_ones),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
