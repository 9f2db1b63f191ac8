/* Per-member reports: attendance against the roster, the year's sheet. */
#include "report/report_members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "report/report.h"
#include "store/shift.h"
#include "util/i18n.h"
#include "util/text.h"

static const char sql_planned[] =
    "SELECT staff_id, local_day, session = 'afternoon' FROM roster WHERE local_day BETWEEN ? AND ?";
static const char sql_shifts[] =
    "SELECT staff_id, local_day, session = 'afternoon' FROM shift WHERE local_day BETWEEN ? AND ? "
    "AND session IN ('morning', 'afternoon')";
/* One row per member, day, shift session and hour: the session of a visit
 * without a morning or afternoon shift follows the first of its hour. */
static const char sql_visits[] =
    "SELECT v.staff_id, v.local_day, CASE s.session WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 "
    "ELSE -1 END, min(v.at_utc) FROM visit v LEFT JOIN shift s ON s.id = v.shift_id "
    "WHERE v.local_day BETWEEN ? AND ? AND v.voided_at IS NULL "
    "GROUP BY v.staff_id, v.local_day, s.session, v.local_hour";
static const char sql_counts[] =
    "SELECT staff_id, count(*), sum(vneid), sum(account), sum(online_submission) FROM visit "
    "WHERE local_day BETWEEN ? AND ? AND voided_at IS NULL GROUP BY staff_id";
static const char sql_events[] =
    "SELECT s.staff_id, count(*) FROM event_staff s JOIN event e ON e.id = s.event_id "
    "WHERE e.local_day BETWEEN ? AND ? AND e.voided_at IS NULL GROUP BY s.staff_id";
static const char sql_has_recon[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('reconciliation', "
    "'reconciliation_code')";
/* Each logged code counts once, with its result in the newest
 * reconciliation that checked it (runs of overlapping windows: the later
 * one has the last word). */
static const char sql_recon[] =
    "WITH ranked AS (SELECT c.visit_uid, c.result, row_number() OVER (PARTITION BY "
    "c.visit_uid ORDER BY r.made_at DESC, r.id DESC) AS n FROM reconciliation_code c "
    "JOIN reconciliation r ON r.id = c.reconciliation_id WHERE c.visit_uid IS NOT NULL) "
    "SELECT v.staff_id, sum(k.result = 'matched'), sum(k.result = 'logged_only') "
    "FROM ranked k JOIN visit v ON v.uid = k.visit_uid WHERE k.n = 1 "
    "AND v.local_day BETWEEN ? AND ? AND v.voided_at IS NULL GROUP BY v.staff_id";
static const char sql_active[] = "SELECT id FROM staff WHERE active = 1";
static const char sql_name[] = "SELECT name FROM staff WHERE id = ?";

static const char *const grade_keys[] = {"excellent", "good", "pass", "not_completed"};
static const char *const grade_labels[] = {N_("Excellent: tasks completed with distinction"),
                                           N_("Good: tasks completed well"),
                                           N_("Pass: tasks completed"), N_("Tasks not completed")};

const char *member_grade_key(enum member_grade g)
{
	return g >= GRADE_EXCELLENT && g <= GRADE_NOT_COMPLETED ? grade_keys[g] : NULL;
}

const char *member_grade_label(enum member_grade g)
{
	return g >= GRADE_EXCELLENT && g <= GRADE_NOT_COMPLETED ? _(grade_labels[g]) : "";
}

void member_sheet_done(struct member_sheet *s)
{
	free(s->unit_code);
	free(s->unit_name);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

struct keys {
	int64_t *k;
	size_t n, cap;
};

static void keys_add(struct keys *k, int64_t staff, int day, int afternoon)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		k->k = xrealloc(k->k, k->cap * sizeof *k->k);
	}
	k->k[k->n++] = staff * 1000000000LL + (int64_t)day * 10 + afternoon;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void keys_sort(struct keys *k)
{
	size_t w = 0;
	qsort(k->k, k->n, sizeof *k->k, cmp64);
	for (size_t i = 0; i < k->n; i++)
		if (!w || k->k[w - 1] != k->k[i])
			k->k[w++] = k->k[i];
	k->n = w;
}

static bool keys_has(const struct keys *k, int64_t key)
{
	return k->n && bsearch(&key, k->k, k->n, sizeof *k->k, cmp64);
}

static struct member_row *row_of(struct member_sheet *s, int64_t staff_id)
{
	for (int i = 0; i < s->n; i++)
		if (s->rows[i].staff_id == staff_id)
			return &s->rows[i];
	s->rows = xrealloc(s->rows, (size_t)(s->n + 1) * sizeof *s->rows);
	struct member_row *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->staff_id = staff_id;
	r->grade = GRADE_NONE;
	return r;
}

static sqlite3_stmt *range_stmt(struct db *db, const char *sql, int from, int to)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	if (st) {
		sqlite3_bind_int(st, 1, from);
		sqlite3_bind_int(st, 2, to);
	}
	return st;
}

static enum status finish(struct db *db, sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_status(db, rc);
}

static enum status attendance(struct db *db, const struct config *cfg, struct member_sheet *s)
{
	struct keys planned = {0}, worked = {0};
	sqlite3_stmt *st;
	enum status res = ST_OK;
	int rc;

	if (!(st = range_stmt(db, sql_planned, s->from, s->to)))
		return ST_DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		keys_add(&planned, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
		         sqlite3_column_int(st, 2));
	if ((res = finish(db, st, rc)) != ST_OK)
		goto out;
	if (!(st = range_stmt(db, sql_shifts, s->from, s->to))) {
		res = ST_DB_ERROR;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		keys_add(&worked, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
		         sqlite3_column_int(st, 2));
	if ((res = finish(db, st, rc)) != ST_OK)
		goto out;
	if (!(st = range_stmt(db, sql_visits, s->from, s->to))) {
		res = ST_DB_ERROR;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int sess = sqlite3_column_int(st, 2);
		if (sess < 0)
			sess = shift_session_at(cfg, (time_t)sqlite3_column_int64(st, 3)) ==
			       SESSION_AFTERNOON;
		keys_add(&worked, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), sess);
	}
	if ((res = finish(db, st, rc)) != ST_OK)
		goto out;
	keys_sort(&planned);
	keys_sort(&worked);
	for (size_t i = 0; i < planned.n; i++) {
		struct member_row *r = row_of(s, planned.k[i] / 1000000000LL);
		r->planned++;
		if (keys_has(&worked, planned.k[i]))
			r->worked++;
		else
			r->missed++;
	}
	for (size_t i = 0; i < worked.n; i++)
		if (!keys_has(&planned, worked.k[i]))
			row_of(s, worked.k[i] / 1000000000LL)->extra++;
out:
	free(planned.k);
	free(worked.k);
	return res;
}

static int cmp_name(const void *a, const void *b)
{
	const struct member_row *x = a, *y = b;
	char *fx = text_fold(x->name), *fy = text_fold(y->name);
	int c = strcmp(fx ? fx : x->name, fy ? fy : y->name);
	free(fx);
	free(fy);
	return c ? c : strcmp(x->name, y->name);
}

static enum status name_rows(struct db *db, struct member_sheet *s)
{
	for (int i = 0; i < s->n; i++) {
		sqlite3_stmt *st = db_prepare(db, sql_name);
		if (!st)
			return ST_DB_ERROR;
		sqlite3_bind_int64(st, 1, s->rows[i].staff_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			str_copy(s->rows[i].name, sizeof s->rows[i].name,
			         (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	qsort(s->rows, (size_t)s->n, sizeof *s->rows, cmp_name);
	return ST_OK;
}

static void start(struct member_sheet *out, const struct config *cfg, int from, int to)
{
	memset(out, 0, sizeof *out);
	out->from = from;
	out->to = to;
	out->unit_code = xstrdup(cfg->unit.code ? cfg->unit.code : "");
	out->unit_name = xstrdup(cfg->unit.name ? cfg->unit.name : "");
}

enum status report_attendance_run(struct db *db, const struct config *cfg, int from, int to,
                                  struct member_sheet *out)
{
	status_clear();
	start(out, cfg, from, to);
	if (from <= 0 || to < from)
		return status_fail(ST_USAGE,
		                   _("the report's first day must not be after its last day"));
	bool txn = sqlite3_get_autocommit(db->h);
	enum status st = txn ? db_exec(db, "BEGIN") : ST_OK;
	if (st == ST_OK)
		st = attendance(db, cfg, out);
	if (st == ST_OK)
		st = name_rows(db, out);
	if (txn)
		db_exec(db, "COMMIT");
	if (st != ST_OK)
		member_sheet_done(out);
	return st;
}

static bool meets(long have, long need)
{
	return need <= 0 || have >= need;
}

static void grade(const struct config *cfg, struct member_sheet *s, struct member_row *r)
{
	const struct config_evaluation *e = &cfg->evaluation;
	bool any = false;
	for (int lvl = 0; lvl < 3 && r->grade == GRADE_NONE; lvl++) {
		if (!e->attendance_percent[lvl] && !e->visits[lvl] && !e->events[lvl] &&
		    !e->share_percent[lvl])
			continue;
		any = true;
		bool ok = meets(r->visits, e->visits[lvl]) && meets(r->events, e->events[lvl]);
		/* 100 * worked >= percent * planned: no rounding at the edge */
		if (e->attendance_percent[lvl] && r->planned > 0)
			ok = ok && 100 * r->worked >= (long)e->attendance_percent[lvl] * r->planned;
		long of = r->matched + r->logged_only;
		if (e->share_percent[lvl] && of > 0)
			ok = ok && 100 * r->matched >= (long)e->share_percent[lvl] * of;
		if (ok)
			r->grade = (enum member_grade)lvl;
	}
	if (any && r->grade == GRADE_NONE)
		r->grade = GRADE_NOT_COMPLETED;
	s->graded = any;
}

static enum status year_sheet(struct db *db, const struct config *cfg, struct member_sheet *s)
{
	sqlite3_stmt *st;
	enum status res;
	int rc;

	if ((res = attendance(db, cfg, s)) != ST_OK)
		return res;
	if (!(st = db_prepare(db, sql_active)))
		return ST_DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row_of(s, sqlite3_column_int64(st, 0));
	if ((res = finish(db, st, rc)) != ST_OK)
		return res;
	if (!(st = range_stmt(db, sql_counts, s->from, s->to)))
		return ST_DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct member_row *r = row_of(s, sqlite3_column_int64(st, 0));
		r->visits = (long)sqlite3_column_int64(st, 1);
		r->vneid = (long)sqlite3_column_int64(st, 2);
		r->accounts = (long)sqlite3_column_int64(st, 3);
		r->online = (long)sqlite3_column_int64(st, 4);
	}
	if ((res = finish(db, st, rc)) != ST_OK)
		return res;
	if (!(st = range_stmt(db, sql_events, s->from, s->to)))
		return ST_DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row_of(s, sqlite3_column_int64(st, 0))->events = (long)sqlite3_column_int64(st, 1);
	if ((res = finish(db, st, rc)) != ST_OK)
		return res;
	if (db_int(db, sql_has_recon, 0) == 2) {
		if (!(st = range_stmt(db, sql_recon, s->from, s->to)))
			return ST_DB_ERROR;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct member_row *r = row_of(s, sqlite3_column_int64(st, 0));
			r->matched = (long)sqlite3_column_int64(st, 1);
			r->logged_only = (long)sqlite3_column_int64(st, 2);
			if (r->matched + r->logged_only > 0)
				s->reconciled = true;
		}
		if ((res = finish(db, st, rc)) != ST_OK)
			return res;
	}
	for (int i = 0; i < s->n; i++)
		grade(cfg, s, &s->rows[i]);
	return name_rows(db, s);
}

enum status report_members_run(struct db *db, const struct config *cfg, int year,
                               struct member_sheet *out)
{
	status_clear();
	start(out, cfg, year * 10000 + 101, year * 10000 + 1231);
	out->members = true;
	out->year = year;
	bool txn = sqlite3_get_autocommit(db->h);
	enum status st = txn ? db_exec(db, "BEGIN") : ST_OK;
	if (st == ST_OK)
		st = year_sheet(db, cfg, out);
	if (txn)
		db_exec(db, "COMMIT");
	if (st != ST_OK)
		member_sheet_done(out);
	return st;
}

/* ---- renderings ---- */

static bool has_share(const struct member_row *r)
{
	return r->matched + r->logged_only > 0;
}

static double share(const struct member_row *r)
{
	return has_share(r) ? 100.0 * (double)r->matched / (double)(r->matched + r->logged_only)
	                    : 0;
}

static void pct_or_null(struct strbuf *sb, bool has, double v)
{
	if (has)
		json_fixed(sb, v, 2);
	else
		sb_add(sb, "null");
}

void member_sheet_json(const struct member_sheet *s, struct strbuf *sb)
{
	char a[16], b[16];
	sb_add(sb, "{\n");
	if (s->members)
		sb_addf(sb, "  \"year\": %d,\n", s->year);
	sb_addf(sb, "  \"from\": \"%s\", \"to\": \"%s\",\n  \"unit\": ",
	        time_format_day(s->from, a, sizeof a), time_format_day(s->to, b, sizeof b));
	json_str(sb, s->unit_code);
	if (s->members)
		sb_addf(sb, ",\n  \"reconciled\": %s, \"graded\": %s",
		        s->reconciled ? "true" : "false", s->graded ? "true" : "false");
	sb_add(sb, ",\n  \"members\": [");
	long tot[4] = {0, 0, 0, 0};
	for (int i = 0; i < s->n; i++) {
		const struct member_row *r = &s->rows[i];
		sb_add(sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(sb, r->name);
		tot[0] += r->planned;
		tot[1] += r->worked;
		tot[2] += r->missed;
		tot[3] += r->extra;
		if (!s->members) {
			sb_addf(
			    sb,
			    ", \"planned\": %ld, \"worked\": %ld, \"missed\": %ld, \"extra\": %ld}",
			    r->planned, r->worked, r->missed, r->extra);
			continue;
		}
		sb_addf(
		    sb,
		    ", \"shifts_planned\": %ld, \"shifts_worked\": %ld, \"shifts_missed\": %ld, "
		    "\"shifts_extra\": %ld, \"attendance_percent\": ",
		    r->planned, r->worked, r->missed, r->extra);
		pct_or_null(sb, r->planned > 0,
		            r->planned > 0 ? 100.0 * (double)r->worked / (double)r->planned : 0);
		sb_addf(sb,
		        ", \"visits\": %ld, \"vneid\": %ld, \"accounts\": %ld, "
		        "\"online_submission\": %ld, "
		        "\"matched\": %ld, \"logged_only\": %ld, \"reconciled_share\": ",
		        r->visits, r->vneid, r->accounts, r->online, r->matched, r->logged_only);
		pct_or_null(sb, has_share(r), share(r));
		sb_addf(sb, ", \"events\": %ld, \"grade\": ", r->events);
		json_str(sb, member_grade_key(r->grade));
		sb_add(sb, "}");
	}
	sb_add(sb, s->n ? "\n  ]" : "]");
	if (!s->members)
		sb_addf(sb,
		        ",\n  \"total\": {\"planned\": %ld, \"worked\": %ld, \"missed\": %ld, "
		        "\"extra\": "
		        "%ld}",
		        tot[0], tot[1], tot[2], tot[3]);
	sb_add(sb, "\n}\n");
}

static void put_num(struct strbuf *sb, long n)
{
	char v[32];
	snprintf(v, sizeof v, "%ld", n);
	csv_sep(sb);
	csv_put(sb, v);
}

void member_sheet_csv(const struct member_sheet *s, bool bom, struct strbuf *sb)
{
	static const char *const att[] = {"name", "planned", "worked", "missed", "extra"};
	static const char *const mem[] = {"name",          "shifts_planned", "shifts_worked",
	                                  "shifts_missed", "shifts_extra",   "visits",
	                                  "vneid",         "accounts",       "online_submission",
	                                  "matched",       "logged_only",    "reconciled_share",
	                                  "events",        "grade"};
	if (bom)
		sb_add(sb, "\xEF\xBB\xBF");
	const char *const *h = s->members ? mem : att;
	size_t nh = s->members ? ARRAY_LEN(mem) : ARRAY_LEN(att);
	for (size_t i = 0; i < nh; i++) {
		if (i)
			csv_sep(sb);
		csv_put(sb, h[i]);
	}
	csv_eol(sb);
	for (int i = 0; i < s->n; i++) {
		const struct member_row *r = &s->rows[i];
		csv_put(sb, r->name);
		put_num(sb, r->planned);
		put_num(sb, r->worked);
		put_num(sb, r->missed);
		put_num(sb, r->extra);
		if (s->members) {
			put_num(sb, r->visits);
			put_num(sb, r->vneid);
			put_num(sb, r->accounts);
			put_num(sb, r->online);
			put_num(sb, r->matched);
			put_num(sb, r->logged_only);
			csv_sep(sb);
			if (has_share(r)) {
				struct strbuf p;
				sb_init(&p);
				json_fixed(&p, share(r), 2);
				csv_put(sb, p.buf);
				sb_done(&p);
			}
			put_num(sb, r->events);
			csv_sep(sb);
			csv_put(sb, member_grade_key(r->grade) ? member_grade_key(r->grade) : "");
		}
		csv_eol(sb);
	}
}

static void cell(struct strbuf *sb, const char *s, int cols, bool right)
{
	char buf[512];
	sb_add(sb, text_pad(buf, sizeof buf, s, cols, right));
}

static void numcell(struct strbuf *sb, long n, int cols)
{
	char num[32];
	sb_add(sb, " ");
	cell(sb, report_number(n, num, sizeof num), cols, true);
}

void member_sheet_text(const struct member_sheet *s, struct strbuf *sb)
{
	char a[16], b[16], line[256];
	sb_addf(sb, "%s\n", s->unit_name);
	if (s->members) {
		snprintf(line, sizeof line, _("MEMBER EVALUATION SHEET, YEAR %d"), s->year);
		sb_addf(sb, "%s\n", line);
	} else {
		sb_addf(sb, "%s\n", _("ATTENDANCE AGAINST THE ROSTER"));
	}
	sb_addf(sb, _("From %s to %s"), report_date(s->from, a, sizeof a),
	        report_date(s->to, b, sizeof b));
	sb_add(sb, "\n\n");
	if (!s->n) {
		sb_addf(sb, "%s\n", _("Nobody was planned or on duty in this period."));
		return;
	}
	if (!s->members) {
		cell(sb, _("Volunteer"), 36, false);
		sb_add(sb, " ");
		cell(sb, _("Planned"), 10, true);
		sb_add(sb, " ");
		cell(sb, _("Worked"), 10, true);
		sb_add(sb, " ");
		cell(sb, _("Missed"), 10, true);
		sb_add(sb, " ");
		cell(sb, _("Extra"), 10, true);
		sb_add(sb, "\n");
		for (int i = 0; i < 80; i++)
			sb_addc(sb, '-');
		sb_add(sb, "\n");
		long t[4] = {0, 0, 0, 0};
		for (int i = 0; i < s->n; i++) {
			const struct member_row *r = &s->rows[i];
			cell(sb, r->name, 36, false);
			numcell(sb, r->planned, 10);
			numcell(sb, r->worked, 10);
			numcell(sb, r->missed, 10);
			numcell(sb, r->extra, 10);
			sb_add(sb, "\n");
			t[0] += r->planned;
			t[1] += r->worked;
			t[2] += r->missed;
			t[3] += r->extra;
		}
		for (int i = 0; i < 80; i++)
			sb_addc(sb, '-');
		sb_add(sb, "\n");
		cell(sb, _("Total"), 36, false);
		for (int i = 0; i < 4; i++)
			numcell(sb, t[i], 10);
		sb_add(sb, "\n");
		return;
	}
	for (int i = 0; i < s->n; i++) {
		const struct member_row *r = &s->rows[i];
		char p[32], w[32], m[32], x[32];
		sb_addf(sb, "%d. %s\n", i + 1, r->name);
		report_number(r->planned, p, sizeof p);
		report_number(r->worked, w, sizeof w);
		report_number(r->missed, m, sizeof m);
		report_number(r->extra, x, sizeof x);
		sb_add(sb, "   ");
		sb_addf(sb, _("Shifts: planned %s, worked %s, missed %s, extra %s"), p, w, m, x);
		sb_add(sb, "\n   ");
		char v[32], vn[32], ac[32], on[32];
		report_number(r->visits, v, sizeof v);
		report_number(r->vneid, vn, sizeof vn);
		report_number(r->accounts, ac, sizeof ac);
		report_number(r->online, on, sizeof on);
		sb_addf(sb, _("Visits %s; VNeID %s; accounts %s; submitted online %s"), v, vn, ac,
		        on);
		sb_add(sb, "\n");
		if (s->reconciled) {
			char pc[32], mt[32], of[32];
			sb_add(sb, "   ");
			if (has_share(r)) {
				report_number(r->matched, mt, sizeof mt);
				report_number(r->matched + r->logged_only, of, sizeof of);
				sb_addf(sb, _("Reconciled: %s of %s dossiers matched (%s)"), mt, of,
				        report_percent(share(r), pc, sizeof pc));
			} else {
				sb_add(sb, _("Reconciled: no dossier of this member was checked"));
			}
			sb_add(sb, "\n");
		}
		char ev[32];
		sb_add(sb, "   ");
		sb_addf(sb, _("Outreach and training events taken part in: %s"),
		        report_number(r->events, ev, sizeof ev));
		sb_add(sb, "\n");
		if (r->grade != GRADE_NONE) {
			sb_add(sb, "   ");
			sb_addf(sb, _("Grade: %s"), member_grade_label(r->grade));
			sb_add(sb, "\n");
		}
	}
	if (!s->graded)
		sb_addf(sb, "\n%s\n",
		        _("No grade: no threshold is set in the [evaluation] section of the "
		          "configuration."));
}
