/* Report numbers against a generated data set whose totals are known by
 * hand, and against independent plain SQL counts over the same rows:
 * several staff, days, voids, a backdated visit, a month boundary and a year
 * boundary in local time (Asia/Ho_Chi_Minh, UTC+7, so local midnight is
 * 17:00 UTC the day before). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/catalog.h"
#include "config/config.h"
#include "store/db.h"
#include "report/pdf.h"
#include "report/report.h"
#include "store/shift.h"
#include "store/staff.h"
#include "util/text.h"
#include "util/util.h"
#include "store/visit.h"

static time_t now;
static time_t test_clock(void)
{
	return now;
}

struct fx {
	char dir[64], path[128];
	struct db *db;
	struct config cfg;
	int64_t an, binh, cuong;
	int64_t shift_an; /* An's morning shift on 2026-01-01 */
};

static time_t local(const char *s)
{
	time_t t;
	if (!time_parse_local(s, &t))
		fail_msg("bad time %s", s);
	return t;
}

static const char *add(struct fx *fx, int64_t staff, const char *at, const char *entered,
                       const char *proc, unsigned svc, unsigned grp, enum channel ch,
                       enum outcome out, int dur, const char *counter, int64_t shift)
{
	static char uid[40];
	static int seq;
	struct visit v;
	now = local(entered ? entered : at);
	visit_init(&v);
	v.at = local(at);
	if (entered)
		snprintf(v.backdate_reason, sizeof(v.backdate_reason), "paper form");
	v.staff_id = staff;
	v.shift_id = shift;
	snprintf(v.unit_code, sizeof(v.unit_code), "H08");
	snprintf(v.counter, sizeof(v.counter), "%s", counter);
	snprintf(v.procedure_code, sizeof(v.procedure_code), "%s", proc ? proc : "");
	v.services = svc;
	if (svc & (1u << SVC_ONLINE_SUBMISSION))
		snprintf(v.dossier_code, sizeof(v.dossier_code), "000.00.20.H08-260101-%04d",
		         ++seq);
	v.groups = grp;
	v.channel = ch;
	v.outcome = out;
	v.duration_s = dur;
	bool already = false;
	assert_int_equal(visit_save(fx->db, &v, &already), ST_OK);
	assert_false(already);
	snprintf(uid, sizeof(uid), "%s", v.uid);
	return uid;
}

#define S(x) (1u << SVC_##x)
#define G(x) (1u << GRP_##x)

/* The data set (local times):
 *   2025-12-31 23:30  An    1.001193 vneid+online                ×2
 *   2026-01-01 00:15  Bình  none, lookup                         ×1  (17:15 UTC on 31 Dec)
 *   2026-01-01 09:10  An    1.001193 vneid, elderly, shift       ×3
 *   2026-01-01 09:20  Bình  1.001193, voided                     ×1
 *   2026-01-31 23:50  Cường 2.000815 account, phone, more papers, 300 s, Quầy 2
 *   2026-02-01 00:05  Bình  1.001193 online+payment, disabled    ×2  (600 s, untimed)
 *   2026-02-01 14:00  An    1.001193 vneid, entered 02-02 10:00 (backdated)
 *   2026-02-02 10:00  Cường none, form filling, outreach, referred
 *   2026-02-02 10:05  Cường 2.000815, voided                                         */
static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/dvcdesk-report.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/data/dvcdesk.db", fx->dir);
	now = local("2025-12-01 08:00");
	util_set_clock(test_clock);
	if (db_open(&fx->db, fx->path, 0) != ST_OK || catalog_ensure_seed(fx->db) != ST_OK)
		return -1;
	config_defaults(&fx->cfg);
	free(fx->cfg.counter_name);
	fx->cfg.counter_name = xstrdup("Quầy 1");
	if (staff_add(fx->db, "Nguyễn Văn An", ROLE_VOLUNTEER, NULL, &fx->an) != ST_OK ||
	    staff_add(fx->db, "Trần Thị Bình", ROLE_VOLUNTEER, NULL, &fx->binh) != ST_OK ||
	    staff_add(fx->db, "Lê Hoàng Cường", ROLE_VOLUNTEER, NULL, &fx->cuong) != ST_OK)
		return -1;
	*state = fx;

	add(fx, fx->an, "2025-12-31 23:30", NULL, "1.001193", S(VNEID) | S(ONLINE_SUBMISSION), 0,
	    CH_WALK_IN, OUT_DONE, 0, "Quầy 1", 0);
	add(fx, fx->an, "2025-12-31 23:30", NULL, "1.001193", S(VNEID) | S(ONLINE_SUBMISSION), 0,
	    CH_WALK_IN, OUT_DONE, 0, "Quầy 1", 0);
	add(fx, fx->binh, "2026-01-01 00:15", NULL, NULL, S(LOOKUP), 0, CH_WALK_IN, OUT_DONE, 0,
	    "Quầy 1", 0);
	now = local("2026-01-01 09:00");
	struct shift sh;
	if (shift_open(fx->db, &fx->cfg, fx->an, &sh) != ST_OK)
		return -1;
	fx->shift_an = sh.id;
	for (int i = 0; i < 3; i++)
		add(fx, fx->an, "2026-01-01 09:10", NULL, "1.001193", S(VNEID), G(ELDERLY),
		    CH_WALK_IN, OUT_DONE, 0, "Quầy 1", fx->shift_an);
	const char *u = add(fx, fx->binh, "2026-01-01 09:20", NULL, "1.001193", 0, 0, CH_WALK_IN,
	                    OUT_DONE, 0, "Quầy 1", 0);
	assert_int_equal(visit_void(fx->db, u, fx->binh, "entered twice"), ST_OK);
	add(fx, fx->cuong, "2026-01-31 23:50", NULL, "2.000815", S(ACCOUNT), 0, CH_PHONE,
	    OUT_MORE_PAPERS, 300, "Quầy 2", 0);
	add(fx, fx->binh, "2026-02-01 00:05", NULL, "1.001193", S(ONLINE_SUBMISSION) | S(PAYMENT),
	    G(DISABLED), CH_WALK_IN, OUT_DONE, 600, "Quầy 1", 0);
	add(fx, fx->binh, "2026-02-01 00:05", NULL, "1.001193", S(ONLINE_SUBMISSION) | S(PAYMENT),
	    G(DISABLED), CH_WALK_IN, OUT_DONE, 0, "Quầy 1", 0);
	add(fx, fx->an, "2026-02-01 14:00", "2026-02-02 10:00", "1.001193", S(VNEID), 0, CH_WALK_IN,
	    OUT_DONE, 0, "Quầy 1", 0);
	add(fx, fx->cuong, "2026-02-02 10:00", NULL, NULL, S(FORM_FILLING), 0, CH_OUTREACH,
	    OUT_REFERRED, 0, "Quầy 1", 0);
	u = add(fx, fx->cuong, "2026-02-02 10:05", NULL, "2.000815", 0, 0, CH_WALK_IN, OUT_DONE, 0,
	        "Quầy 1", 0);
	assert_int_equal(visit_void(fx->db, u, fx->cuong, "wrong procedure"), ST_OK);
	now = local("2026-02-02 16:00");
	return 0;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	db_close(fx->db);
	config_done(&fx->cfg);
	nftw(fx->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(fx);
	util_set_clock(NULL);
	return 0;
}

static long sql_count(struct fx *fx, const char *fmt, ...)
{
	char sql[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return (long)db_int(fx->db, sql, -1);
}

static void run(struct fx *fx, struct report_filter *f, struct report *r)
{
	report_init(r);
	assert_int_equal(report_run(fx->db, &fx->cfg, f, r), ST_OK);
}

/* Every number of the report equals a plain SQL count over the same rows. */
static void check_against_sql(struct fx *fx, const struct report *r, const char *where)
{
	assert_int_equal(
	    r->visits,
	    sql_count(fx, "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL", where));
	assert_int_equal(
	    r->voided,
	    sql_count(fx, "SELECT count(*) FROM visit WHERE %s AND voided_at IS NOT NULL", where));
	for (int i = 0; i < SVC__COUNT; i++)
		assert_int_equal(
		    r->services[i],
		    sql_count(fx, "SELECT total(%s) FROM visit WHERE %s AND voided_at IS NULL",
		              service_keys[i], where));
	for (int i = 0; i < GRP__COUNT; i++)
		assert_int_equal(
		    r->groups[i],
		    sql_count(fx, "SELECT total(%s) FROM visit WHERE %s AND voided_at IS NULL",
		              group_keys[i], where));
	for (int i = 0; i < CH__COUNT; i++)
		assert_int_equal(
		    r->channels[i],
		    sql_count(fx,
		              "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL "
		              "AND channel = '%s'",
		              where, channel_keys[i]));
	for (int i = 0; i < OUT__COUNT; i++)
		assert_int_equal(
		    r->outcomes[i],
		    sql_count(fx,
		              "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL "
		              "AND outcome = '%s'",
		              where, outcome_keys[i]));
	long sum = r->general_guidance;
	for (int i = 0; i < r->n_procedures; i++) {
		assert_int_equal(
		    r->procedures[i].visits,
		    sql_count(fx,
		              "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL "
		              "AND procedure_code = '%s'",
		              where, r->procedures[i].code));
		sum += r->procedures[i].visits;
	}
	assert_int_equal(sum, r->visits);
	sum = 0;
	for (int i = 0; i < r->n_staff; i++) {
		assert_int_equal(
		    r->staff[i].visits,
		    sql_count(fx,
		              "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL "
		              "AND staff_id = %lld",
		              where, (long long)r->staff[i].id));
		sum += r->staff[i].visits;
	}
	assert_int_equal(sum, r->visits);
	long hours = 0, days = 0, weekdays = 0;
	for (int h = 0; h < 24; h++) {
		assert_int_equal(
		    r->by_hour[h],
		    sql_count(fx,
		              "SELECT count(*) FROM visit WHERE %s AND voided_at IS NULL "
		              "AND local_hour = %d",
		              where, h));
		hours += r->by_hour[h];
	}
	for (int i = 0; i < r->n_days; i++)
		days += r->days[i].visits;
	for (int w = 0; w < 7; w++)
		weekdays += r->by_weekday[w];
	assert_int_equal(hours, r->visits);
	assert_int_equal(days, r->visits);
	assert_int_equal(weekdays, r->visits);
}

static void report_year__counts_by_local_day__across_the_year_boundary(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_year(&f, 20251231);
	run(fx, &f, &r);
	assert_int_equal(r.visits, 2); /* 23:30 on 31 Dec only; 00:15 on 1 Jan is 2026 */
	assert_int_equal(r.voided, 0);
	assert_int_equal(r.services[SVC_ONLINE_SUBMISSION], 2);
	check_against_sql(fx, &r, "local_day BETWEEN 20250101 AND 20251231");
	report_done(&r);

	report_filter_year(&f, 20260615);
	run(fx, &f, &r);
	assert_int_equal(r.filter.from_day, 20260101);
	assert_int_equal(r.filter.to_day, 20261231);
	assert_int_equal(r.visits, 9);
	assert_int_equal(r.voided, 2);
	assert_int_equal(r.services[SVC_VNEID], 4);
	assert_int_equal(r.services[SVC_ONLINE_SUBMISSION], 2);
	assert_int_equal(r.services[SVC_PAYMENT], 2);
	assert_int_equal(r.services[SVC_ACCOUNT], 1);
	assert_int_equal(r.services[SVC_LOOKUP], 1);
	assert_int_equal(r.services[SVC_FORM_FILLING], 1);
	assert_int_equal(r.groups[GRP_ELDERLY], 3);
	assert_int_equal(r.groups[GRP_DISABLED], 2);
	assert_int_equal(r.channels[CH_PHONE], 1);
	assert_int_equal(r.channels[CH_OUTREACH], 1);
	assert_int_equal(r.channels[CH_WALK_IN], 7);
	assert_int_equal(r.outcomes[OUT_DONE], 7);
	assert_int_equal(r.outcomes[OUT_MORE_PAPERS], 1);
	assert_int_equal(r.outcomes[OUT_REFERRED], 1);
	assert_int_equal(r.general_guidance, 2);
	assert_int_equal(r.by_hour[0], 3); /* 00:15 on 1 Jan, 00:05 ×2 on 1 Feb */
	assert_int_equal(r.timed_visits, 2);
	assert_int_equal(report_average_seconds(&r), 450);
	/* procedures: 1.001193 ×6 (3 shift + 2 + backdated), 2.000815 ×1 */
	assert_int_equal(r.n_procedures, 2);
	assert_string_equal(r.procedures[0].code, "1.001193");
	assert_string_equal(r.procedures[0].name, "Đăng ký khai sinh");
	assert_int_equal(r.procedures[0].visits, 6);
	assert_int_equal(r.procedures[0].online_submission, 2);
	assert_int_equal(r.procedures[1].visits, 1);
	/* staff, most first: An 4, Bình 3, Cường 2 */
	assert_int_equal(r.n_staff, 3);
	assert_string_equal(r.staff[0].name, "Nguyễn Văn An");
	assert_int_equal(r.staff[0].visits, 4);
	assert_string_equal(r.staff[1].name, "Trần Thị Bình");
	assert_int_equal(r.staff[1].visits, 3);
	assert_int_equal(r.staff[1].online_submission, 2);
	assert_int_equal(r.staff[2].visits, 2);
	check_against_sql(fx, &r, "local_day BETWEEN 20260101 AND 20261231");
	report_done(&r);
}

static void report_month__splits_at_local_midnight__and_counts_backdated_on_their_day(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_month(&f, 20260115);
	run(fx, &f, &r);
	assert_int_equal(r.filter.to_day, 20260131);
	assert_int_equal(r.visits, 5); /* 1 Jan ×4, 31 Jan 23:50 ×1 */
	assert_int_equal(r.voided, 1);
	assert_int_equal(r.n_days, 2);
	assert_int_equal(r.days[0].day, 20260101);
	assert_int_equal(r.days[0].visits, 4);
	assert_int_equal(r.days[1].day, 20260131);
	assert_int_equal(r.by_weekday[3], 4); /* Thursday */
	assert_int_equal(r.by_weekday[5], 1); /* Saturday */
	check_against_sql(fx, &r, "local_day BETWEEN 20260101 AND 20260131");
	report_done(&r);

	report_filter_month(&f, 20260201);
	run(fx, &f, &r);
	assert_int_equal(r.filter.to_day, 20260228);
	assert_int_equal(r.visits, 4); /* 1 Feb ×2 + backdated, 2 Feb ×1 */
	assert_int_equal(r.voided, 1);
	assert_int_equal(r.days[0].day, 20260201);
	assert_int_equal(r.days[0].visits, 3);
	assert_int_equal(r.by_hour[14], 1); /* the backdated visit, at its own hour */
	check_against_sql(fx, &r, "local_day BETWEEN 20260201 AND 20260228");
	report_done(&r);
}

static void report_day__counts_one_local_day(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_day(&f, 20260101);
	run(fx, &f, &r);
	assert_int_equal(r.visits, 4);
	assert_int_equal(r.voided, 1);
	assert_int_equal(r.by_hour[0], 1);
	assert_int_equal(r.by_hour[9], 3);
	check_against_sql(fx, &r, "local_day = 20260101");
	report_done(&r);
}

static void report_filters__by_staff_and_counter(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_year(&f, 20260101);
	f.staff_id = fx->binh;
	run(fx, &f, &r);
	assert_int_equal(r.visits, 3);
	assert_int_equal(r.voided, 1);
	assert_string_equal(r.staff_filter, "Trần Thị Bình");
	assert_int_equal(r.n_staff, 1);
	char where[128];
	snprintf(where, sizeof(where),
	         "local_day BETWEEN 20260101 AND 20261231 AND staff_id = %lld",
	         (long long)fx->binh);
	check_against_sql(fx, &r, where);
	report_done(&r);

	f.staff_id = 0;
	f.counter = "Quầy 2";
	run(fx, &f, &r);
	assert_int_equal(r.visits, 1);
	assert_string_equal(r.counter, "Quầy 2");
	check_against_sql(fx, &r, "local_day BETWEEN 20260101 AND 20261231 AND counter = 'Quầy 2'");
	report_done(&r);
}

static void report_shift__counts_only_that_shift(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {.kind = REPORT_SHIFT, .shift_id = fx->shift_an};
	struct report r;
	run(fx, &f, &r);
	assert_int_equal(r.visits, 3);
	assert_int_equal(r.filter.from_day, 20260101);
	assert_int_equal(r.shift_session, SESSION_MORNING);
	assert_string_equal(r.shift_staff, "Nguyễn Văn An");
	char where[64];
	snprintf(where, sizeof(where), "shift_id = %lld", (long long)fx->shift_an);
	check_against_sql(fx, &r, where);
	report_done(&r);

	f.shift_id = 9999;
	report_init(&r);
	assert_int_equal(report_run(fx->db, &fx->cfg, &f, &r), ST_NOT_FOUND);
	report_done(&r);
}

static void report_range__refuses_a_reversed_range(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {.kind = REPORT_RANGE, .from_day = 20260201, .to_day = 20260101};
	struct report r;
	report_init(&r);
	assert_int_equal(report_run(fx->db, &fx->cfg, &f, &r), ST_USAGE);
	report_done(&r);
}

static void report_targets__year_to_date_and_per_working_day(void **state)
{
	struct fx *fx = *state;
	fx->cfg.targets.online_submission_year = 10;
	fx->cfg.targets.visits_year = 2000;
	struct report_filter f = {0};
	struct report r;
	report_filter_month(&f, 20260201);
	run(fx, &f, &r);
	assert_int_equal(r.target_year, 2026);
	/* made on 2 February: counted to that day, never to 28 February */
	assert_int_equal(r.target_through, 20260202);
	assert_int_equal(r.working_days_left, 238); /* Mon-Fri, 3 February .. 31 December 2026 */
	assert_int_equal(r.n_targets, 2);
	assert_int_equal(r.targets[0].key, TARGET_ONLINE_SUBMISSION);
	assert_int_equal(r.targets[0].achieved, 2); /* the 2025 ones do not count */
	assert_int_equal(r.targets[0].remaining, 8);
	assert_int_equal(r.targets[0].per_working_day, 1);
	assert_true(r.targets[0].percent > 19.99 && r.targets[0].percent < 20.01);
	assert_int_equal(r.targets[1].key, TARGET_VISITS);
	assert_int_equal(r.targets[1].achieved, 9); /* 1 Jan .. 28 Feb, not voided */
	assert_int_equal(r.targets[1].remaining, 1991);
	assert_int_equal(r.targets[1].per_working_day, 9); /* ceil(1991 / 238) */
	report_done(&r);

	/* The targets are the unit's: a staff filter does not shrink them. */
	f.staff_id = fx->cuong;
	run(fx, &f, &r);
	assert_int_equal(r.targets[1].achieved, 9);
	report_done(&r);

	/* No working day left but something remains: -1 ("—"), for a
	 * year report made after the year. */
	f.staff_id = 0;
	time_t was = now;
	now = local("2027-01-05 08:00");
	report_filter_year(&f, 20260101);
	run(fx, &f, &r);
	assert_int_equal(r.target_through, 20261231);
	assert_int_equal(r.working_days_left, 0);
	assert_int_equal(r.targets[0].per_working_day, -1);
	report_done(&r);
	/* The same year made on 2 February: to that day, 238 days left. */
	now = was;
	run(fx, &f, &r);
	assert_int_equal(r.target_through, 20260202);
	assert_int_equal(r.working_days_left, 238);
	report_done(&r);
	/* A cut-off year: 2026 is 15/12/2025 .. 14/12/2026; made 2 February. */
	report_filter_period(&f, REPORT_YEAR, 2026, 0, 15);
	run(fx, &f, &r);
	assert_int_equal(r.filter.from_day, 20251215);
	assert_int_equal(r.filter.to_day, 20261214);
	assert_int_equal(r.working_days_left, 238 - 13); /* no 15..31 December */
	report_done(&r);
	fx->cfg.targets.online_submission_year = 0;
	fx->cfg.targets.visits_year = 0;
}

static void report_text__fits_every_width__and_names_the_procedures(void **state)
{
	struct fx *fx = *state;
	fx->cfg.targets.online_submission_year = 3000;
	struct report_filter f = {0};
	struct report r;
	report_filter_month(&f, 20260201);
	run(fx, &f, &r);
	report_set_prepared_by(&r, "Nguyễn Thị Người Lập Biểu Có Tên Rất Dài");
	const int widths[] = {REPORT_COLS_58MM, REPORT_COLS_80MM, REPORT_COLS_A4};
	for (size_t i = 0; i < ARRAY_LEN(widths); i++) {
		struct strbuf sb;
		sb_init(&sb);
		report_write_text(&r, widths[i], &sb);
		assert_non_null(strstr(sb.buf, "Đăng ký khai sinh"));
		assert_non_null(strstr(sb.buf, "Trần Thị Bình"));
		int lines = 0;
		for (char *line = strtok(sb.buf, "\n"); line; line = strtok(NULL, "\n")) {
			if (text_width(line) > widths[i])
				fail_msg("%d columns: line too wide (%d): %s", widths[i],
				         text_width(line), line);
			lines++;
		}
		assert_true(lines > 30);
		sb_done(&sb);
	}
	report_done(&r);
	fx->cfg.targets.online_submission_year = 0;
}

static void report_json__keeps_the_base_keys(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_day(&f, 20260101);
	run(fx, &f, &r);
	struct strbuf sb;
	sb_init(&sb);
	report_write_json(&r, &sb);
	const char *keys[] = {"\"from\": \"2026-01-01\"",
	                      "\"to\": \"2026-01-01\"",
	                      "\"unit\": ",
	                      "\"visits\": 4",
	                      "\"voided\": 1",
	                      "\"services\": {\"vneid\": 3",
	                      "\"groups\": {\"elderly\": 3",
	                      "\"outcomes\": {\"done\": 4",
	                      "\"procedures\": [",
	                      "\"staff\": ["};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (!strstr(sb.buf, keys[i]))
			fail_msg("JSON lacks %s:\n%s", keys[i], sb.buf);
	sb_done(&sb);
	report_done(&r);
}

static void report_pdf__is_a_pdf_for_each_paper(void **state)
{
	struct fx *fx = *state;
	struct report_filter f = {0};
	struct report r;
	report_filter_month(&f, 20260101);
	run(fx, &f, &r);
	const enum paper papers[] = {PAPER_A4, PAPER_80MM, PAPER_58MM};
	for (size_t i = 0; i < ARRAY_LEN(papers); i++) {
		struct strbuf sb;
		sb_init(&sb);
		double h = 0;
		assert_int_equal(pdf_report(&r, papers[i], &sb, &h), ST_OK);
		assert_true(sb.len > 1000);
		assert_memory_equal(sb.buf, "%PDF-", 5);
		if (papers[i] == PAPER_A4)
			assert_true(h > 841 && h < 842);
		else
			assert_true(h > 200 && h < 5000); /* as long as the content */
		sb_done(&sb);
	}
	report_done(&r);
}

/* The end-of-shift summary is one page to sign: only what happened in the
 * shift, no tables by staff, hour or target; a day keeps every row. */
static void report_layout__shift_lists_what_happened__on_one_page(void **state)
{
	struct fx *fx = *state;
	fx->cfg.targets.visits_year = 1000;
	struct report_filter f = {.kind = REPORT_SHIFT, .shift_id = fx->shift_an};
	struct report r;
	run(fx, &f, &r);
	struct report_layout l;
	report_layout(&r, &l);
	int services = -1;
	for (int i = 0; i < l.n_tables; i++) {
		const char *t = l.tables[i].title;
		assert_true(strcmp(t, "BY STAFF MEMBER") != 0 && strcmp(t, "BY HOUR OF DAY") != 0 &&
		            strncmp(t, "TARGETS", 7) != 0);
		if (strcmp(t, "SERVICES") == 0)
			services = i;
	}
	assert_true(services >= 0);
	assert_int_equal(l.tables[services].n_rows, 1); /* VNeID, the only service */
	assert_null(l.tables[services].head[0]);
	report_layout_done(&l);
	struct strbuf sb;
	sb_init(&sb);
	assert_int_equal(pdf_report(&r, PAPER_A4, &sb, NULL), ST_OK);
	assert_non_null(memmem(sb.buf, sb.len, "/Count 1\n", 9));
	sb_done(&sb);
	report_done(&r);

	report_filter_day(&f, 20260101);
	run(fx, &f, &r);
	report_layout(&r, &l);
	for (int i = 0; i < l.n_tables; i++)
		if (strcmp(l.tables[i].title, "SERVICES") == 0)
			assert_int_equal(l.tables[i].n_rows, SVC__COUNT);
	report_layout_done(&l);
	report_done(&r);
}

/* A busy shift (thirty different procedures, the whole seed catalogue:
 * more than a page can list)
 * still prints on one A4 page: the most used procedures, then one row for
 * the rest; the numbers (JSON, CSV) keep every procedure. */
static void report_pdf__busy_shift__fits_one_page_with_the_rest_summed(void **state)
{
	struct fx *fx = *state;
	now = local("2026-02-03 07:30");
	struct shift sh;
	assert_int_equal(shift_open(fx->db, &fx->cfg, fx->binh, &sh), ST_OK);
	static const char sql[] = "SELECT code FROM procedure ORDER BY code LIMIT 30";
	sqlite3_stmt *st = db_prepare(fx->db, sql);
	assert_non_null(st);
	char codes[30][48];
	int n = 0;
	while (n < 30 && sqlite3_step(st) == SQLITE_ROW)
		snprintf(codes[n++], sizeof(codes[0]), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	assert_int_equal(n, 30);
	char at[32];
	int visits = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k <= (i < 3 ? 5 - i : 0); k++, visits++) {
			snprintf(at, sizeof(at), "2026-02-03 %02d:%02d", 8 + visits / 60, visits % 60);
			add(fx, fx->binh, at, NULL, codes[i],
			    i % 2 ? S(VNEID) | S(ONLINE_SUBMISSION) : S(LOOKUP) | S(FORM_FILLING),
			    i % 3 ? 0 : G(ELDERLY), i % 5 ? CH_WALK_IN : CH_PHONE, OUT_DONE, 0,
			    "Quầy 1", sh.id);
		}
	/* and one from the paper book of the day before: the shift spans two
	 * days, which must not bring back the tables by day and weekday */
	add(fx, fx->binh, "2026-02-02 16:00", "2026-02-03 11:00", NULL, S(LOOKUP), 0, CH_WALK_IN,
	    OUT_DONE, 0, "Quầy 1", sh.id);
	visits++;
	now = local("2026-02-03 11:30");
	struct report_filter f = {.kind = REPORT_SHIFT, .shift_id = sh.id};
	struct report r;
	run(fx, &f, &r);
	assert_int_equal(r.visits, visits);
	assert_int_equal(r.n_procedures, 30);
	assert_int_equal(r.n_days, 2);

	struct strbuf sb;
	sb_init(&sb);
	assert_int_equal(pdf_report(&r, PAPER_A4, &sb, NULL), ST_OK);
	assert_non_null(memmem(sb.buf, sb.len, "/Count 1\n", 9));
	sb_done(&sb);

	/* the cut: the five most used, then the other 25 in one row */
	struct report_layout l;
	report_layout_top(&r, 5, &l);
	const struct report_table *t = NULL;
	for (int i = 0; i < l.n_tables; i++)
		if (strcmp(l.tables[i].title, "BY PROCEDURE") == 0)
			t = &l.tables[i];
	if (!t)
		fail_msg("no procedure table");
	for (int i = 0; i < l.n_tables; i++)
		assert_true(strcmp(l.tables[i].title, "BY DAY") != 0 &&
		            strcmp(l.tables[i].title, "BY WEEKDAY") != 0);
	/* five, the others, general guidance, the total */
	assert_int_equal(t->n_rows, 5 + 1 + 1 + 1);
	assert_string_equal(t->cells[0 * 4 + 0], codes[0]);
	assert_string_equal(t->cells[0 * 4 + 2], "6");
	assert_string_equal(t->cells[5 * 4 + 1], "Other procedures (25 procedures)");
	assert_string_equal(t->cells[5 * 4 + 2], "25");
	assert_string_equal(t->cells[5 * 4 + 3], "13"); /* the odd ones among codes[5..29] */
	assert_true(t->last_is_total);
	report_layout_done(&l);
	report_done(&r);
}

static void report_number__groups_thousands(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(report_number(0, buf, sizeof(buf)), "0");
	assert_string_equal(report_number(999, buf, sizeof(buf)), "999");
	assert_string_equal(report_number(3553, buf, sizeof(buf)), "3,553");
	assert_string_equal(report_number(1234567, buf, sizeof(buf)), "1,234,567");
	assert_string_equal(report_percent(26.146, buf, sizeof(buf)), "26.15%");
	struct strbuf sb;
	sb_init(&sb);
	json_fixed(&sb, 0.005, 2);
	sb_add(&sb, " ");
	json_str(&sb, "a\"b\\c\n\x01");
	assert_string_equal(sb.buf, "0.01 \"a\\\"b\\\\c\\n\\u0001\"");
	sb_done(&sb);
}

/* Under LeakSanitizer (make check-asan): fontconfig keeps one pattern
 * (288 bytes) from its first use until exit; it is not dvcdesk's. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int main(void)
{
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        report_year__counts_by_local_day__across_the_year_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        report_month__splits_at_local_midnight__and_counts_backdated_on_their_day, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(report_day__counts_one_local_day, setup, teardown),
	    cmocka_unit_test_setup_teardown(report_filters__by_staff_and_counter, setup, teardown),
	    cmocka_unit_test_setup_teardown(report_shift__counts_only_that_shift, setup, teardown),
	    cmocka_unit_test_setup_teardown(report_range__refuses_a_reversed_range, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(report_targets__year_to_date_and_per_working_day, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(report_text__fits_every_width__and_names_the_procedures,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(report_json__keeps_the_base_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(report_pdf__is_a_pdf_for_each_paper, setup, teardown),
	    cmocka_unit_test_setup_teardown(report_layout__shift_lists_what_happened__on_one_page,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        report_pdf__busy_shift__fits_one_page_with_the_rest_summed, setup, teardown),
	    cmocka_unit_test(report_number__groups_thousands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
