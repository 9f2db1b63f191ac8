/* Shared by cmd_sync.c, cmd_server.c and cmd_report.c (report --server):
 * the connection string from --conninfo or [sync] conninfo. */
#ifndef DVCDESK_CMD_SYNC_H
#define DVCDESK_CMD_SYNC_H

#include "cli/cli.h"
#include "sync/pg.h"

/* Connect with --conninfo (NULL: the configuration's); prints the problem
 * and returns its exit code (69 when the server cannot be reached), or 0
 * with *out connected. */
int cli_pg_connect(struct cli *cli, const char *conninfo, PGconn **out);

#endif
