/* The server schema, grants, staff-join and the push. */
#include "sync/server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/dbembed.h"
#include "util/i18n.h"

int server_latest_version(void)
{
	return embedded_server_migrations_count > 0
	           ? embedded_server_migrations[embedded_server_migrations_count - 1].version
	           : 0;
}

/* A script of several statements (our own compiled-in text, never data):
 * the simple query protocol. */
static enum status exec_script(PGconn *c, const char *sql, const char *what)
{
	PGresult *res = pq.PQexec(c, sql);
	ExecStatusType rs = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	enum status st = ST_OK;
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK)
		st = pg_fail(c, res, what);
	if (res)
		pq.PQclear(res);
	return st;
}

static void rollback(PGconn *c)
{
	PGresult *res = pq.PQexec(c, "ROLLBACK");
	if (res)
		pq.PQclear(res);
}

static const char sql_has_schema[] =
    "SELECT to_regclass('dvcdesk.schema_version') IS NOT NULL";
static const char sql_version[] = "SELECT coalesce(max(version), 0) FROM dvcdesk.schema_version";

static enum status newer(int v)
{
	return status_fail(ST_DB_NEWER,
	                   _("the server's schema is version %d, newer than this dvcdesk knows "
	                     "(%d): upgrade dvcdesk on this counter; nothing was sent"),
	                   v, server_latest_version());
}

enum status server_version(PGconn *c, int *version)
{
	*version = 0;
	char buf[32];
	enum status st;
	if (!pg_value(c, sql_has_schema, 0, NULL, buf, sizeof buf, &st))
		return st;
	if (!str_eq(buf, "t"))
		return status_fail(ST_CONFIG, _("the server has no dvcdesk schema yet: run `dvcdesk "
		                                "server init` as the server's administrator"));
	if (!pg_value(c, sql_version, 0, NULL, buf, sizeof buf, &st))
		return st;
	*version = atoi(buf);
	if (*version > server_latest_version())
		return newer(*version);
	return ST_OK;
}

enum status server_init(PGconn *c, int *version)
{
	*version = 0;
	enum status st = exec_script(
	    c,
	    "BEGIN; SELECT pg_advisory_xact_lock(hashtext('dvcdesk.schema'));"
	    "CREATE SCHEMA IF NOT EXISTS dvcdesk;"
	    "CREATE TABLE IF NOT EXISTS dvcdesk.schema_version ("
	    " version integer PRIMARY KEY, name text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now());",
	    _("the server schema could not be made"));
	if (st != ST_OK) {
		rollback(c);
		return st;
	}
	char buf[32];
	if (!pg_value(c, sql_version, 0, NULL, buf, sizeof buf, &st)) {
		rollback(c);
		return st;
	}
	int cur = atoi(buf);
	if (cur > server_latest_version()) {
		rollback(c);
		*version = cur;
		return newer(cur);
	}
	for (int i = 0; i < embedded_server_migrations_count; i++) {
		const struct embedded_migration *m = &embedded_server_migrations[i];
		if (m->version <= cur)
			continue;
		char what[160];
		snprintf(what, sizeof what, _("server migration %s failed"), m->name);
		st = exec_script(c, m->sql, what);
		char v[16];
		snprintf(v, sizeof v, "%d", m->version);
		const char *params[] = {v, m->name};
		if (st == ST_OK)
			st = pg_run(c, "INSERT INTO dvcdesk.schema_version (version, name) VALUES ($1, $2)",
			            2, params, NULL);
		if (st != ST_OK) {
			rollback(c);
			return st;
		}
		cur = m->version;
	}
	st = exec_script(c, "COMMIT", _("the server schema could not be saved"));
	if (st == ST_OK)
		*version = cur;
	return st;
}

enum status server_grant(PGconn *c, const char *role, const char *const *units, int n_units,
                         bool can_write, bool *created)
{
	*created = false;
	int v;
	enum status st = server_version(c, &v);
	if (st != ST_OK)
		return st;
	/* units as a text[] literal built with the array's own quoting, passed
	 * as a parameter: "{\"H01.01\",\"H01.02\"}" */
	struct strbuf arr;
	sb_init(&arr);
	sb_addc(&arr, '{');
	if (n_units == 0)
		sb_add(&arr, "\"*\"");
	for (int i = 0; i < n_units; i++) {
		if (i)
			sb_addc(&arr, ',');
		sb_addc(&arr, '"');
		for (const char *p = units[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_addc(&arr, '\\');
			sb_addc(&arr, *p);
		}
		sb_addc(&arr, '"');
	}
	sb_addc(&arr, '}');
	const char *params[] = {role, arr.buf, can_write ? "t" : "f"};
	char buf[8];
	bool ok = pg_value(c, "SELECT dvcdesk.grant_role($1, $2::text[], $3::boolean)", 3, params,
	                   buf, sizeof buf, &st);
	sb_done(&arr);
	if (!ok)
		return st;
	*created = str_eq(buf, "t");
	return ST_OK;
}

enum status server_staff_join(PGconn *c, const char *keep, const char *other, long *joined)
{
	*joined = 0;
	int v;
	enum status st = server_version(c, &v);
	if (st != ST_OK)
		return st;
	const char *params[] = {keep, other};
	char buf[32];
	if (!pg_value(c, "SELECT dvcdesk.staff_join($1::uuid, $2::uuid)", 2, params, buf, sizeof buf,
	              &st))
		return st;
	*joined = strtol(buf, NULL, 10);
	if (*joined < 0)
		return status_fail(ST_NOT_FOUND,
		                   _("no volunteer with uid %s on the server; push that counter first "
		                     "(dvcdesk sync)"),
		                   keep);
	if (*joined == 0)
		return status_fail(ST_NOT_FOUND,
		                   _("no volunteer with uid %s on the server; push that counter first "
		                     "(dvcdesk sync)"),
		                   other);
	return ST_OK;
}

void server_describe(PGconn *c, char *buf, size_t size)
{
	const char *host = pq.PQhost(c);
	snprintf(buf, size, "%s/%s as %s", host && *host ? host : "localhost", pq.PQdb(c),
	         pq.PQuser(c));
}

/* COPY rows into a table; ST_OK once the server took them all. */
static enum status copy_in(PGconn *c, const char *sql, const struct strbuf *rows)
{
	PGresult *res = pq.PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
	if (!res || pq.PQresultStatus(res) != PGRES_COPY_IN) {
		enum status st = pg_fail(c, res, _("the push failed"));
		if (res)
			pq.PQclear(res);
		return st;
	}
	pq.PQclear(res);
	if ((rows->len && pq.PQputCopyData(c, rows->buf, (int)rows->len) != 1) ||
	    pq.PQputCopyEnd(c, NULL) != 1)
		return pg_fail(c, NULL, _("the push failed"));
	enum status st = ST_OK;
	while ((res = pq.PQgetResult(c))) {
		if (st == ST_OK && pq.PQresultStatus(res) != PGRES_COMMAND_OK)
			st = pg_fail(c, res, _("the push failed"));
		pq.PQclear(res);
	}
	return st;
}

/* Tests stop the process here (SIGSTOP) to kill the server, or this
 * process, at a chosen moment: DVCDESK_TEST_SYNC_STOP=before_commit or
 * after_commit. */
static void test_stop(const char *where)
{
	const char *e = getenv("DVCDESK_TEST_SYNC_STOP");
	if (e && str_eq(e, where))
		raise(SIGSTOP);
}

static enum status push_batch(PGconn *c, const struct config *cfg, const struct outbox_batch *b,
                              long *changed)
{
	char sql[1024];
	enum status st = exec_script(
	    c,
	    "BEGIN;"
	    "CREATE TEMP TABLE in_visit (LIKE dvcdesk.visit INCLUDING DEFAULTS) ON COMMIT DROP;"
	    "CREATE TEMP TABLE in_staff (unit_code text NOT NULL, uid uuid NOT NULL,"
	    " name text NOT NULL) ON COMMIT DROP;",
	    _("the push failed"));
	if (st == ST_OK) {
		snprintf(sql, sizeof sql, "COPY pg_temp.in_staff (%s) FROM STDIN", outbox_staff_columns);
		st = copy_in(c, sql, &b->staff);
	}
	if (st == ST_OK) {
		snprintf(sql, sizeof sql, "COPY pg_temp.in_visit (%s) FROM STDIN", outbox_visit_columns);
		st = copy_in(c, sql, &b->visits);
	}
	if (st == ST_OK) {
		const char *params[] = {cfg->unit.code, cfg->unit.name, cfg->unit.province};
		st = pg_run(c,
		            "INSERT INTO dvcdesk.unit AS u (unit_code, name, province) "
		            "SELECT $1, $2, $3 WHERE $1 IN (SELECT unit_code FROM pg_temp.in_visit) "
		            "ON CONFLICT (unit_code) DO UPDATE SET name = EXCLUDED.name, "
		            "province = EXCLUDED.province, received_at = now() "
		            "WHERE (u.name, u.province) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.province)",
		            3, params, NULL);
	}
	char buf[32] = "0";
	if (st == ST_OK && pg_value(c, "SELECT dvcdesk.apply_push()", 0, NULL, buf, sizeof buf, &st))
		*changed = strtol(buf, NULL, 10);
	if (st != ST_OK) {
		rollback(c);
		return st;
	}
	test_stop("before_commit");
	/* Only a COMMIT that the server confirms counts: anything else (the
	 * connection lost on the way) leaves the batch waiting. */
	st = exec_script(c, "COMMIT", _("the push failed"));
	if (st == ST_OK)
		test_stop("after_commit");
	return st;
}

/* The file's events, when it has them: one server transaction. */
static enum status push_events(PGconn *c, struct db *db)
{
	if (!outbox_has_events(db))
		return ST_OK;
	struct outbox_events e;
	enum status st = outbox_events_next(db, &e);
	if (st != ST_OK || e.n == 0) {
		outbox_events_done(&e);
		return st;
	}
	char sql[512];
	st = exec_script(c,
	                 "BEGIN; CREATE TEMP TABLE in_event (LIKE dvcdesk.event INCLUDING DEFAULTS) "
	                 "ON COMMIT DROP;",
	                 _("the push failed"));
	if (st == ST_OK) {
		snprintf(sql, sizeof sql, "COPY pg_temp.in_event (%s) FROM STDIN", outbox_event_columns);
		st = copy_in(c, sql, &e.rows);
	}
	if (st == ST_OK)
		st = pg_run(c, "SELECT dvcdesk.apply_events()", 0, NULL, NULL);
	if (st == ST_OK)
		st = exec_script(c, "COMMIT", _("the push failed"));
	else
		rollback(c);
	if (st == ST_OK)
		st = outbox_events_ack(db, &e);
	outbox_events_done(&e);
	return st;
}

enum status server_push(PGconn *c, struct db *db, const struct config *cfg,
                        struct sync_result *res)
{
	memset(res, 0, sizeof *res);
	enum status st = server_version(c, &res->schema);
	if (st != ST_OK)
		goto out;
	struct outbox_batch b;
	outbox_batch_init(&b);
	for (;;) {
		st = outbox_next(db, SERVER_PUSH_BATCH, &b);
		if (st != ST_OK || b.n == 0)
			break;
		long changed = 0;
		st = push_batch(c, cfg, &b, &changed);
		if (st != ST_OK)
			break;
		res->changed += changed;
		/* The server has the batch: a failure here leaves it waiting, and
		 * the next push re-sends it harmlessly. */
		st = outbox_ack(db, &b, util_now());
		if (st != ST_OK)
			break;
		res->sent += b.n;
		if (b.n < SERVER_PUSH_BATCH)
			break;
	}
	outbox_batch_done(&b);
	if (st == ST_OK)
		st = push_events(c, db);
out:;
	enum status st2 = outbox_pending(db, &res->waiting);
	return st != ST_OK ? st : st2;
}
