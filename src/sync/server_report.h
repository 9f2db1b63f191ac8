/* report --server: the same report, computed by SQL aggregates on the
 * server over the daily per-unit roll-ups (dvcdesk.day_unit*), filling the
 * struct report of report.h so that every rendering and the JSON contract
 * are the local report's; plus the per-unit breakdown and ranking
 *
 *   "units": [{"code", "name", "rank", "visits", "voided",
 *              "online_submission", "vneid", "account"}...]
 *
 * most visits first, rank 1-based (the key the local multi-unit report
 * writes too).  Row-level security decides which units a role sees; --unit
 * narrows it.  The yearly targets are the counter's own and are left out. */
#ifndef DVCDESK_SERVER_REPORT_H
#define DVCDESK_SERVER_REPORT_H

#include "config/config.h"
#include "report/report.h"
#include "store/db.h"
#include "sync/pg.h"

struct server_unit {
	char *code, *name;
	int rank;
	long visits, voided, online_submission, vneid, account;
};
struct server_units {
	struct server_unit *u;
	int n;
};

/* Run the report for the days of f (REPORT_SHIFT is not a server report:
 * ST_USAGE), over `units` (n_units 0: every unit the role may read).
 * local: a local database for the procedures' names (may be NULL: codes). */
enum status server_report(PGconn *c, struct db *local, const struct config *cfg,
                          const struct report_filter *f, const char *const *units, int n_units,
                          struct report *r, struct server_units *out);
void server_units_done(struct server_units *u);

/* The breakdown in each format, appended after the report's own output:
 * JSON (the "units" key spliced before the report's closing brace), text
 * (a ranked table), CSV (sections unit, unit_voided, unit_online_submission,
 * unit_vneid, unit_account, unit_rank). */
void server_units_json(const struct server_units *u, struct strbuf *json);
void server_units_text(const struct server_units *u, int cols, struct strbuf *out);
void server_units_csv(const struct server_units *u, struct strbuf *out);

#endif
