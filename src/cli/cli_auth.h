/* Supervisor-only commands on the command line (restore, purge --phone; the
 * same rule suits export --with-personal-data and staff add): the command
 * takes `--as NAME`, and the supervisor's PIN is read from standard input,
 * one line, not echoed on a terminal, so that it never shows in `ps` or the
 * shell history.  Wrong PINs count towards the lock (staff_check_pin). */
#ifndef DVCDESK_CLI_AUTH_H
#define DVCDESK_CLI_AUTH_H

#include <stdint.h>

#include "store/db.h"

/* Check that `as` names an active supervisor with a PIN and that the PIN
 * read from standard input is right.  `command` names the command in the
 * message.  Prints one line on failure and returns its exit code (66 no
 * such member, 77 not a supervisor / wrong PIN / locked, 64 no PIN given);
 * 0 with *id_out set on success. */
int cli_supervisor(struct db *db, const char *as, const char *command, int64_t *id_out);

#endif
