/* export.c: raw visits of a date range as CSV and JSON, voided ones flagged,
 * personal columns only when asked, a failed write reported. */
#include "storage_fixture.h"

#include "report/export.h"
#include "store/visit.h"
#include "util/status.h"

#define AN 1

static int setup(void **state)
{
	if (fx_setup(state) != 0)
		return -1;
	struct fx *fx = *state;
	fx_procedure(fx->db, "1.001193", "Đăng ký khai sinh", "dang ky khai sinh");
	fx_staff(fx->db, "Nguyễn Văn An");
	return 0;
}

/* A visit saved at fx_time (moved by the caller), with its uid in uid. */
static void save(struct fx *fx, const char *procedure, unsigned services, const char *dossier,
                 char uid[37])
{
	struct visit v;
	visit_init(&v);
	v.staff_id = AN;
	str_copy(v.unit_code, sizeof v.unit_code, "25750");
	str_copy(v.counter, sizeof v.counter, "Quầy 1");
	str_copy(v.procedure_code, sizeof v.procedure_code, procedure);
	v.services = services;
	if (dossier)
		str_copy(v.dossier_code, sizeof v.dossier_code, dossier);
	str_copy(v.note, sizeof v.note, "MARKER-NOTE-7731");
	assert_int_equal(visit_save(fx->db, &v, NULL), ST_OK);
	str_copy(uid, 37, v.uid);
}

/* Export into a memory buffer; the caller frees *text. */
static enum status run(struct fx *fx, const struct export_opts *o, char **text, long *rows)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	assert_non_null(f);
	enum status st = export_visits(fx->db, o, f, rows);
	fclose(f);
	return st;
}

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void export_visits__csv__one_row_each_in_range__voided_flagged__no_personal_data(void **state)
{
	struct fx *fx = *state;
	char a[37], b[37], c[37], *text = NULL;
	long rows = -1;

	fx_time = FX_T0 - 86400; /* 21/11 */
	save(fx, "1.001193", 1u << SVC_VNEID, NULL, a);
	fx_time = FX_T0; /* 22/11 09:15 */
	save(fx, "1.001193", 1u << SVC_ONLINE_SUBMISSION, "000.00.20.H08-261122-0001", b);
	save(fx, "", 1u << SVC_LOOKUP, NULL, c);
	assert_int_equal(visit_void(fx->db, c, AN, "nhập trùng"), ST_OK);

	struct export_opts o = {.from_day = 20261122, .to_day = 20261122, .format = EXPORT_CSV};
	assert_int_equal(run(fx, &o, &text, &rows), ST_OK);
	assert_int_equal(rows, 2);
	assert_int_equal(lines(text), 3); /* header + two visits */
	assert_true(strncmp(text, "uid,at_utc,at_local,procedure_code,procedure_name,", 50) == 0);
	assert_null(strstr(text, a)); /* the day before is outside the range */
	assert_non_null(strstr(text, b));
	assert_non_null(strstr(text, c));
	assert_non_null(strstr(text, "2026-11-22T02:15:00Z"));
	assert_non_null(strstr(text, "2026-11-22T09:15:00+07:00"));
	assert_non_null(strstr(text, "Đăng ký khai sinh"));
	assert_non_null(strstr(text, "000.00.20.H08-261122-0001"));
	assert_null(strstr(text, "MARKER-NOTE-7731"));
	assert_null(strstr(text, "citizen_name"));
	assert_null(strstr(text, "nhập trùng")); /* the void reason is free text */
	/* the voided row says so, the other does not */
	char *row_c = strstr(text, c), *row_b = strstr(text, b);
	char *end_c = strchr(row_c, '\n'), *end_b = strchr(row_b, '\n');
	*end_c = *end_b = '\0';
	assert_non_null(strstr(row_c, ",1,2026-11-22T02:15:00Z"));
	assert_non_null(strstr(row_b, ",0,0,"));
	free(text);

	o.from_day = 20261121;
	assert_int_equal(run(fx, &o, &text, &rows), ST_OK);
	assert_int_equal(rows, 3);
	free(text);
}

static void export_visits__json__personal_columns_only_when_asked__bom_only_for_csv(void **state)
{
	struct fx *fx = *state;
	char a[37], *text = NULL;
	long rows = 0;

	save(fx, "1.001193", 1u << SVC_VNEID, NULL, a);
	struct export_opts o = {.from_day = 20261122, .to_day = 20261122, .format = EXPORT_JSON};
	assert_int_equal(run(fx, &o, &text, &rows), ST_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(text[0], '[');
	assert_non_null(strstr(text, "\"uid\":"));
	assert_non_null(strstr(text, a));
	assert_non_null(strstr(text, "\"vneid\":1"));
	assert_null(strstr(text, "MARKER-NOTE-7731"));
	free(text);

	o.note = true;
	assert_int_equal(run(fx, &o, &text, &rows), ST_OK);
	assert_non_null(strstr(text, "MARKER-NOTE-7731"));
	free(text);

	o.format = EXPORT_CSV;
	o.note = false;
	o.bom = true;
	assert_int_equal(run(fx, &o, &text, &rows), ST_OK);
	assert_memory_equal(text, "\xEF\xBB\xBFuid,", 7);
	free(text);
}

/* /dev/full fails every write with ENOSPC: "the disk is full", with the detail. */
static void export_visits__a_failed_write__is_reported_with_a_detail(void **state)
{
	struct fx *fx = *state;
	char a[37];

	save(fx, "1.001193", 0, NULL, a);
	FILE *full = fopen("/dev/full", "w");
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	struct export_opts o = {.from_day = 20261122, .to_day = 20261122, .format = EXPORT_CSV};
	enum status st = export_visits(fx->db, &o, full, NULL);
	fclose(full);
	assert_int_equal(st, ST_DB_FULL);
	assert_string_not_equal(status_detail(st), status_message(ST_DB_FULL));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(export_visits__csv__one_row_each_in_range__voided_flagged__no_personal_data),
	    T(export_visits__json__personal_columns_only_when_asked__bom_only_for_csv),
	    T(export_visits__a_failed_write__is_reported_with_a_detail),
	};
	fx_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
