/* The PostgreSQL client: libpq loaded on first use (dlopen, as pdf.c loads
 * pango), so `add` and the counter's start-up never load it and its TLS,
 * GSSAPI and LDAP libraries.  Connections follow libpq's conventions:
 * any connection string or service=NAME, passwords from ~/.pgpass,
 * PGPASSFILE or the service file; dvcdesk adds only defaults the string
 * does not set (connect_timeout, sslmode=verify-full for a remote host,
 * application_name).
 *
 * Every statement goes through pg_run() with its values as parameters:
 * SQL is never built from data. */
#ifndef DVCDESK_PG_H
#define DVCDESK_PG_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "util/status.h"

/* Seconds to wait for a server that does not answer (libpq's connect_timeout),
 * unless the connection string or PGCONNECT_TIMEOUT says otherwise. */
#define PG_CONNECT_TIMEOUT_S 5

#define PG_FUNCTIONS(_)                                                                            \
	_(PQclear)                                                                                 \
	_(PQconninfoFree)                                                                          \
	_(PQconninfoParse)                                                                         \
	_(PQconnectdbParams)                                                                       \
	_(PQencryptPasswordConn)                                                                   \
	_(PQerrorMessage)                                                                          \
	_(PQexec)                                                                                  \
	_(PQexecParams)                                                                            \
	_(PQfinish)                                                                                \
	_(PQfreemem)                                                                               \
	_(PQgetResult)                                                                             \
	_(PQgetisnull)                                                                             \
	_(PQgetvalue)                                                                              \
	_(PQhost)                                                                                  \
	_(PQdb)                                                                                    \
	_(PQuser)                                                                                  \
	_(PQntuples)                                                                               \
	_(PQputCopyData)                                                                           \
	_(PQputCopyEnd)                                                                            \
	_(PQresultErrorField)                                                                      \
	_(PQresultErrorMessage)                                                                    \
	_(PQresultStatus)                                                                          \
	_(PQserverVersion)                                                                         \
	_(PQsetNoticeProcessor)                                                                    \
	_(PQstatus)

#define PG_POINTER(name) __typeof__(name) *name;
struct pg_lib {
	bool loaded;
	PG_FUNCTIONS(PG_POINTER)
};
#undef PG_POINTER
/* The loaded functions: pq.PQgetvalue(res, 0, 0)... (after pg_connect). */
extern struct pg_lib pq;

/* Load libpq.so.5 (ST_UNAVAILABLE naming the package when it cannot be). */
enum status pg_load(void);

/* Where a connection string came from, for the password rule. */
struct pg_source {
	const char *conninfo;    /* the string; NULL or "": none set */
	const char *config_path; /* the dvcdesk.ini it was read from, NULL: --conninfo */
};

/* Check a connection string without connecting: it parses, it holds no
 * password in a file others can read (ST_CONFIG). */
enum status pg_check_conninfo(const struct pg_source *src);

/* The parameters pg_connect() passes to PQconnectdbParams: dvcdesk's
 * defaults (application_name; connect_timeout unless set; sslmode=verify-full
 * for a remote host unless set, here or in PGSSLMODE), then the string
 * itself as dbname (expanded, so it wins).  NULL-terminated. */
struct pg_params {
	const char *keys[6], *vals[6];
	char timeout[16];
};
enum status pg_params(const struct pg_source *src, struct pg_params *p);

/* Connect.  ST_CONFIG: nothing set or a bad string; ST_UNAVAILABLE: the
 * server cannot be reached or refused the login (detail: libpq's first
 * line and what to do).  On ST_OK *out is the connection (pg_close()). */
enum status pg_connect(PGconn **out, const struct pg_source *src);
void pg_close(PGconn *c);

/* Run one statement with text parameters (NULL values are SQL NULL).
 * *out (may be NULL: cleared here) gets the result on ST_OK.  Errors:
 * ST_DENIED for a privilege or row-level security refusal (42501),
 * ST_UNAVAILABLE for a lost connection, else ST_DB_ERROR; the detail holds
 * the server's message. */
enum status pg_run(PGconn *c, const char *sql, int n, const char *const *params, PGresult **out);

/* The status for a failed result or connection, with a detail that starts
 * with `what` ("the push failed"). */
enum status pg_fail(PGconn *c, PGresult *res, const char *what);

/* The first row's first column of `sql` as text into buf ("" for NULL);
 * false on error (status detail set). */
bool pg_value(PGconn *c, const char *sql, int n, const char *const *params, char *buf,
              size_t size, enum status *st);

#endif
