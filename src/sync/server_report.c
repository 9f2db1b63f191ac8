/* report --server: SQL aggregates over the roll-ups into a struct report. */
#include "sync/server_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/visit.h"
#include "util/i18n.h"
#include "util/text.h"

/* $1, $2: the days; $3: the units (NULL: all the role may read). */
#define WHERE_DAYS " WHERE local_day BETWEEN $1::date AND $2::date AND ($3::text[] IS NULL OR unit_code = ANY ($3::text[]))"
#define SUMS(id, key, ...) ", coalesce(sum(" key "), 0)"
static const char sql_totals[] =
    "SELECT coalesce(sum(visits), 0), coalesce(sum(voided), 0)" SERVICE_INFO(SUMS) GROUP_INFO(SUMS)
        CHANNEL_INFO(SUMS) OUTCOME_INFO(SUMS)
    ", coalesce(sum(general_guidance), 0), coalesce(sum(timed_visits), 0),"
    " coalesce(sum(duration_total_s), 0) FROM dvcdesk.day_unit" WHERE_DAYS;
static const char sql_procedures[] =
    "SELECT procedure_code, sum(visits), sum(online_submission) FROM dvcdesk.day_unit_procedure"
    WHERE_DAYS " GROUP BY 1 ORDER BY 2 DESC, 1";
static const char sql_staff[] =
    "SELECT (SELECT min(p.name) FROM dvcdesk.staff p WHERE p.uid = x.person), sum(x.v), sum(x.o)"
    " FROM (SELECT coalesce(s.person_uid, d.staff_uid) AS person, d.visits AS v,"
    " d.online_submission AS o FROM dvcdesk.day_unit_staff d LEFT JOIN dvcdesk.staff s"
    " ON s.unit_code = d.unit_code AND s.uid = d.staff_uid"
    " WHERE d.local_day BETWEEN $1::date AND $2::date"
    " AND ($3::text[] IS NULL OR d.unit_code = ANY ($3::text[]))) x"
    " GROUP BY x.person ORDER BY 2 DESC, 1";
static const char sql_hours[] =
    "SELECT local_hour, sum(visits) FROM dvcdesk.day_unit_hour" WHERE_DAYS " GROUP BY 1";
static const char sql_days[] =
    "SELECT to_char(local_day, 'YYYYMMDD'), sum(visits) FROM dvcdesk.day_unit" WHERE_DAYS
    " GROUP BY 1 ORDER BY 1";
static const char sql_units[] =
    "SELECT d.unit_code, coalesce(min(u.name), ''), sum(d.visits), sum(d.voided),"
    " sum(d.online_submission), sum(d.vneid), sum(d.account)"
    " FROM dvcdesk.day_unit d LEFT JOIN dvcdesk.unit u ON u.unit_code = d.unit_code"
    " WHERE d.local_day BETWEEN $1::date AND $2::date"
    " AND ($3::text[] IS NULL OR d.unit_code = ANY ($3::text[]))"
    " GROUP BY d.unit_code ORDER BY 3 DESC, 1";

static long num(PGresult *res, int row, int col)
{
	return pq.PQgetisnull(res, row, col) ? 0 : strtol(pq.PQgetvalue(res, row, col), NULL, 10);
}

static char *procedure_name(struct db *local, const char *code)
{
	if (local) {
		sqlite3_stmt *s = db_prepare(local, "SELECT name FROM procedure WHERE code = ?");
		if (s) {
			sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
			char *name = NULL;
			if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
				name = xstrdup((const char *)sqlite3_column_text(s, 0));
			sqlite3_reset(s);
			if (name)
				return name;
		}
	}
	return xstrdup(code);
}

static void *grow(void *p, int n, size_t size)
{
	void *q = realloc(p, (size_t)(n > 0 ? n : 1) * size);
	if (!q)
		abort();
	return q;
}

enum status server_report(PGconn *c, struct db *local, const struct config *cfg,
                          const struct report_filter *f, const char *const *units, int n_units,
                          struct report *r, struct server_units *out)
{
	status_clear();
	memset(out, 0, sizeof *out);
	if (f->kind == REPORT_SHIFT)
		return status_fail(ST_USAGE, _("a shift is not a server report: use --day"));
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-%02d-%02d", f->from_day / 10000, f->from_day / 100 % 100,
	         f->from_day % 100);
	snprintf(to, sizeof to, "%04d-%02d-%02d", f->to_day / 10000, f->to_day / 100 % 100,
	         f->to_day % 100);
	struct strbuf arr, label;
	sb_init(&arr);
	sb_init(&label);
	for (int i = 0; i < n_units; i++) {
		sb_add(&arr, i ? ",\"" : "{\"");
		for (const char *p = units[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_addc(&arr, '\\');
			sb_addc(&arr, *p);
		}
		sb_addc(&arr, '"');
		sb_add(&label, i ? "," : "");
		sb_add(&label, units[i]);
	}
	if (n_units)
		sb_addc(&arr, '}');
	const char *params[] = {from, to, n_units ? arr.buf : NULL};
	PGresult *res = NULL;
	enum status st;

	report_init(r);
	r->filter = *f;
	r->filter.staff_id = 0;
	r->filter.counter = NULL;
	r->generated_at = util_now();
	r->target_year = f->to_day / 10000;
	r->unit_code = n_units ? sb_steal(&label) : xstrdup("*");
	r->province = xstrdup(cfg->unit.province ? cfg->unit.province : "");

	if ((st = pg_run(c, sql_totals, 3, params, &res)) != ST_OK)
		goto fail;
	int k = 0;
	r->visits = num(res, 0, k++);
	r->voided = num(res, 0, k++);
	for (int i = 0; i < SVC__COUNT; i++)
		r->services[i] = num(res, 0, k++);
	for (int i = 0; i < GRP__COUNT; i++)
		r->groups[i] = num(res, 0, k++);
	for (int i = 0; i < CH__COUNT; i++)
		r->channels[i] = num(res, 0, k++);
	for (int i = 0; i < OUT__COUNT; i++)
		r->outcomes[i] = num(res, 0, k++);
	r->general_guidance = num(res, 0, k++);
	r->timed_visits = num(res, 0, k++);
	r->duration_total_s = num(res, 0, k++);
	pq.PQclear(res);

	if ((st = pg_run(c, sql_procedures, 3, params, &res)) != ST_OK)
		goto fail;
	int n = pq.PQntuples(res);
	r->procedures = grow(NULL, n, sizeof *r->procedures);
	for (int i = 0; i < n; i++) {
		struct report_procedure *p = &r->procedures[r->n_procedures++];
		p->code = xstrdup(pq.PQgetvalue(res, i, 0));
		p->name = procedure_name(local, p->code);
		p->visits = num(res, i, 1);
		p->online_submission = num(res, i, 2);
	}
	pq.PQclear(res);

	if ((st = pg_run(c, sql_staff, 3, params, &res)) != ST_OK)
		goto fail;
	n = pq.PQntuples(res);
	r->staff = grow(NULL, n, sizeof *r->staff);
	for (int i = 0; i < n; i++) {
		struct report_staff *s = &r->staff[r->n_staff++];
		s->id = i + 1;
		s->name = xstrdup(pq.PQgetisnull(res, i, 0) ? "?" : pq.PQgetvalue(res, i, 0));
		s->visits = num(res, i, 1);
		s->online_submission = num(res, i, 2);
	}
	pq.PQclear(res);

	if ((st = pg_run(c, sql_hours, 3, params, &res)) != ST_OK)
		goto fail;
	for (int i = 0; i < pq.PQntuples(res); i++) {
		long h = num(res, i, 0);
		if (h >= 0 && h < 24)
			r->by_hour[h] = num(res, i, 1);
	}
	pq.PQclear(res);

	if ((st = pg_run(c, sql_days, 3, params, &res)) != ST_OK)
		goto fail;
	n = pq.PQntuples(res);
	r->days = grow(NULL, n, sizeof *r->days);
	for (int i = 0; i < n; i++) {
		int day = (int)num(res, i, 0);
		long v = num(res, i, 1);
		if (v == 0)
			continue;
		r->days[r->n_days].day = day;
		r->days[r->n_days++].visits = v;
		r->by_weekday[(time_weekday(day) + 6) % 7] += v;
	}
	pq.PQclear(res);

	if ((st = pg_run(c, sql_units, 3, params, &res)) != ST_OK)
		goto fail;
	n = pq.PQntuples(res);
	out->u = grow(NULL, n, sizeof *out->u);
	for (int i = 0; i < n; i++) {
		struct server_unit *u = &out->u[out->n++];
		u->code = xstrdup(pq.PQgetvalue(res, i, 0));
		u->name = xstrdup(pq.PQgetvalue(res, i, 1));
		u->rank = i + 1;
		u->visits = num(res, i, 2);
		u->voided = num(res, i, 3);
		u->online_submission = num(res, i, 4);
		u->vneid = num(res, i, 5);
		u->account = num(res, i, 6);
	}
	pq.PQclear(res);
	/* One unit: its own name; several: the province's. */
	if (out->n == 1)
		r->unit_name = xstrdup(out->u[0].name);
	else
		r->unit_name = xstrdup(cfg->unit.province && *cfg->unit.province ? cfg->unit.province
		                                                                 : cfg->unit.name);
	sb_done(&arr);
	sb_done(&label);
	return ST_OK;
fail:
	sb_done(&arr);
	sb_done(&label);
	report_done(r);
	server_units_done(out);
	return st;
}

void server_units_done(struct server_units *u)
{
	for (int i = 0; i < u->n; i++) {
		free(u->u[i].code);
		free(u->u[i].name);
	}
	free(u->u);
	memset(u, 0, sizeof *u);
}

void server_units_json(const struct server_units *u, struct strbuf *json)
{
	/* the report ends "\n}\n": put the key before the brace */
	while (json->len && json->buf[json->len - 1] == '\n')
		json->buf[--json->len] = '\0';
	if (json->len && json->buf[json->len - 1] == '}')
		json->buf[--json->len] = '\0';
	while (json->len && json->buf[json->len - 1] == '\n')
		json->buf[--json->len] = '\0';
	sb_add(json, ",\n  \"units\": [");
	for (int i = 0; i < u->n; i++) {
		const struct server_unit *x = &u->u[i];
		sb_add(json, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
		json_str(json, x->code);
		sb_add(json, ", \"name\": ");
		json_str(json, x->name);
		sb_addf(json,
		        ", \"rank\": %d, \"visits\": %ld, \"voided\": %ld, \"online_submission\": %ld, "
		        "\"vneid\": %ld, \"account\": %ld}",
		        x->rank, x->visits, x->voided, x->online_submission, x->vneid, x->account);
	}
	sb_add(json, u->n ? "\n  ]\n}\n" : "]\n}\n");
}

void server_units_text(const struct server_units *u, int cols, struct strbuf *out)
{
	char a[32], b[32], c[32];
	sb_addf(out, "\n%s\n", _("RANKING BY UNIT"));
	/* rank, code+name (wraps nowhere: cut to the width), visits, online, voided */
	int name_w = cols - 4 - 3 * 9;
	if (name_w < 8)
		name_w = 8;
	for (int i = 0; i < u->n; i++) {
		const struct server_unit *x = &u->u[i];
		char *label = xasprintf("%s %s", x->code, x->name);
		struct strbuf cell;
		sb_init(&cell);
		sb_add(&cell, label);
		int w = text_width(cell.buf);
		while (w < name_w) {
			sb_addc(&cell, ' ');
			w++;
		}
		sb_addf(out, "%3d %s %8s %8s %8s\n", x->rank, cell.buf,
		        report_number(x->visits, a, sizeof a),
		        report_number(x->online_submission, b, sizeof b),
		        report_number(x->voided, c, sizeof c));
		sb_done(&cell);
		free(label);
	}
	sb_addf(out, "    %s\n", _("(rank, unit, visits, submitted online, voided)"));
}

static void csv_field(struct strbuf *out, const char *s)
{
	sb_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(out, '"');
		sb_addc(out, *s);
	}
	sb_addc(out, '"');
}

void server_units_csv(const struct server_units *u, struct strbuf *out)
{
	static const char *const sections[] = {"unit",       "unit_voided", "unit_online_submission",
	                                       "unit_vneid", "unit_account", "unit_rank"};
	for (int s = 0; s < 6; s++)
		for (int i = 0; i < u->n; i++) {
			const struct server_unit *x = &u->u[i];
			long v[] = {x->visits, x->vneid, x->online_submission, x->vneid, x->account, x->rank};
			v[1] = x->voided;
			sb_addf(out, "%s,", sections[s]);
			csv_field(out, x->code);
			sb_addc(out, ',');
			csv_field(out, x->name);
			sb_addf(out, ",%ld\r\n", v[s]);
		}
}
