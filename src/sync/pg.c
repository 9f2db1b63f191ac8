/* libpq, loaded lazily; connection defaults and the one way statements run. */
#include "sync/pg.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/i18n.h"
#include "util/util.h"

#define PG_LIBRARY "libpq.so.5"

struct pg_lib pq;

_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "dlsym needs same-size pointers");

enum status pg_load(void)
{
	status_clear();
	if (pq.loaded)
		return ST_OK;
	void *h = dlopen(PG_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return status_fail(ST_UNAVAILABLE,
		                   _("%s cannot be loaded (%s); install the package libpq5"),
		                   PG_LIBRARY, dlerror());
	const char *missing = NULL;
	void *sym;
#define PG_LOAD(name)                                                                              \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&pq.name, &sym, sizeof sym);                                        \
		else                                                                               \
			missing = #name;                                                           \
	}
	PG_FUNCTIONS(PG_LOAD)
#undef PG_LOAD
	if (missing) {
		dlclose(h);
		memset(&pq, 0, sizeof(pq));
		return status_fail(ST_UNAVAILABLE, _("%s has no %s; install the package libpq5"),
		                   PG_LIBRARY, missing);
	}
	pq.loaded = true;
	return ST_OK;
}

/* A host that is reached over the network, not a socket folder nor this
 * machine. */
static bool remote_host(const char *hosts)
{
	if (!hosts || !*hosts)
		return false;
	char *copy = xstrdup(hosts), *save = NULL;
	bool remote = false;
	for (char *h = strtok_r(copy, ",", &save); h; h = strtok_r(NULL, ",", &save)) {
		if (h[0] == '/' || h[0] == '@' || str_eq(h, "localhost") || str_eq(h, "127.0.0.1") ||
		    str_eq(h, "::1"))
			continue;
		remote = true;
	}
	free(copy);
	return remote;
}

struct parsed {
	bool password, sslmode, timeout;
	char *host; /* host or hostaddr, owned; NULL when not set */
};

static enum status parse(const struct pg_source *src, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	if (!src->conninfo || !*src->conninfo)
		return status_fail(ST_CONFIG,
		                   _("no server is set: add `conninfo = ...` to the [sync] section "
		                     "of the configuration, or give --conninfo"));
	enum status st = pg_load();
	if (st != ST_OK)
		return st;
	char *err = NULL;
	PQconninfoOption *opts = pq.PQconninfoParse(src->conninfo, &err);
	if (!opts) {
		char line[512];
		snprintf(line, sizeof line, "%s", err ? err : "?");
		line[strcspn(line, "\n")] = '\0';
		if (err)
			pq.PQfreemem(err);
		return status_fail(ST_CONFIG, _("the server connection string is not valid: %s"),
		                   line);
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (str_eq(o->keyword, "password"))
			p->password = true;
		else if (str_eq(o->keyword, "sslmode"))
			p->sslmode = true;
		else if (str_eq(o->keyword, "connect_timeout"))
			p->timeout = true;
		else if ((str_eq(o->keyword, "host") || str_eq(o->keyword, "hostaddr")) && !p->host)
			p->host = xstrdup(o->val);
	}
	pq.PQconninfoFree(opts);
	return ST_OK;
}

enum status pg_check_conninfo(const struct pg_source *src)
{
	status_clear();
	struct parsed p;
	enum status st = parse(src, &p);
	free(p.host);
	if (st != ST_OK || !p.password || !src->config_path)
		return st;
	struct stat sb;
	if (stat(src->config_path, &sb) == 0 && (sb.st_mode & (S_IRGRP | S_IROTH)))
		return status_fail(ST_CONFIG,
		                   _("%s holds a server password and others can read it: move the "
		                     "password to ~/.pgpass (chmod 600) and take it out of conninfo"),
		                   src->config_path);
	return ST_OK;
}

static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

enum status pg_params(const struct pg_source *src, struct pg_params *p)
{
	status_clear();
	memset(p, 0, sizeof *p);
	enum status st = pg_check_conninfo(src);
	if (st != ST_OK)
		return st;
	struct parsed ps;
	st = parse(src, &ps);
	if (st != ST_OK)
		return st;
	const char *host = ps.host ? ps.host : getenv("PGHOST");
	snprintf(p->timeout, sizeof p->timeout, "%d", PG_CONNECT_TIMEOUT_S);
	/* Defaults first: the connection string (dbname, expanded last) wins. */
	int n = 0;
	p->keys[n] = "application_name", p->vals[n++] = "dvcdesk";
	if (!ps.timeout && !getenv("PGCONNECT_TIMEOUT"))
		p->keys[n] = "connect_timeout", p->vals[n++] = p->timeout;
	if (!ps.sslmode && !getenv("PGSSLMODE") && remote_host(host))
		p->keys[n] = "sslmode", p->vals[n++] = "verify-full";
	p->keys[n] = "dbname", p->vals[n++] = src->conninfo;
	p->keys[n] = NULL, p->vals[n] = NULL;
	free(ps.host);
	return ST_OK;
}

enum status pg_connect(PGconn **out, const struct pg_source *src)
{
	status_clear();
	*out = NULL;
	struct pg_params p;
	enum status st = pg_params(src, &p);
	if (st != ST_OK)
		return st;
	PGconn *c = pq.PQconnectdbParams(p.keys, p.vals, 1);
	if (!c)
		return status_fail(ST_NOMEM, _("out of memory"));
	if (pq.PQstatus(c) != CONNECTION_OK) {
		char line[512];
		snprintf(line, sizeof line, "%s", pq.PQerrorMessage(c));
		/* libpq's last line is the most specific one */
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
			line[--len] = '\0';
		/* one line: newlines and tabs become single spaces */
		char *w = line;
		for (const char *r = line; *r; r++) {
			char ch = (*r == '\n' || *r == '\t') ? ' ' : *r;
			if (ch == ' ' && w > line && w[-1] == ' ')
				continue;
			*w++ = ch;
		}
		*w = '\0';
		pq.PQfinish(c);
		return status_fail(ST_UNAVAILABLE, _("the server cannot be reached: %s"), line);
	}
	pq.PQsetNoticeProcessor(c, quiet_notice, NULL);
	*out = c;
	return ST_OK;
}

void pg_close(PGconn *c)
{
	if (c)
		pq.PQfinish(c);
}

enum status pg_fail(PGconn *c, PGresult *res, const char *what)
{
	const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? pq.PQresultErrorMessage(res) : NULL;
	if (!msg || !*msg)
		msg = pq.PQerrorMessage(c);
	char line[600];
	snprintf(line, sizeof line, "%s", msg && *msg ? msg : "?");
	line[strcspn(line, "\n")] = '\0';
	enum status st = ST_DB_ERROR;
	/* no SQLSTATE: libpq's own error, the connection lost on the way */
	if (pq.PQstatus(c) != CONNECTION_OK || !state || !*state || strncmp(state, "08", 2) == 0 ||
	    (state && strncmp(state, "57P", 3) == 0))
		st = ST_UNAVAILABLE;
	else if (state && (str_eq(state, "42501") || strncmp(state, "28", 2) == 0))
		st = ST_DENIED;
	return status_fail(st, "%s: %s", what, line);
}

enum status pg_run(PGconn *c, const char *sql, int n, const char *const *params, PGresult **out)
{
	if (out)
		*out = NULL;
	PGresult *res = pq.PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType rs = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK && rs != PGRES_COPY_IN) {
		enum status st = pg_fail(c, res, _("the server refused a statement"));
		if (res)
			pq.PQclear(res);
		return st;
	}
	if (out)
		*out = res;
	else
		pq.PQclear(res);
	return ST_OK;
}

bool pg_value(PGconn *c, const char *sql, int n, const char *const *params, char *buf,
              size_t size, enum status *st)
{
	PGresult *res;
	*st = pg_run(c, sql, n, params, &res);
	if (*st != ST_OK)
		return false;
	if (pq.PQntuples(res) > 0 && !pq.PQgetisnull(res, 0, 0))
		snprintf(buf, size, "%s", pq.PQgetvalue(res, 0, 0));
	else if (size)
		buf[0] = '\0';
	pq.PQclear(res);
	return true;
}
