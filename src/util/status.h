/* One error vocabulary for the whole core.
 *
 * Functions that can fail return an enum status.  A failing function may also
 * record a detail sentence (already translated, naming the thing that failed)
 * with status_fail(); the caller shows status_detail() when it is set, else
 * status_message().  The program is single-threaded, so the detail is a
 * global: read it before the next failing call overwrites it.
 *
 * The detail a caller reads is always its own call's: every public core
 * function that returns an enum status begins with status_clear(), so an
 * older failure's sentence can never be shown for a newer one, and callers
 * never clear it themselves.  (The internal steps db_begin, db_exec and
 * db_commit, called inside those functions, do not clear it.)  A new public
 * function that returns an enum status follows the same rule. */
#ifndef DVCDESK_STATUS_H
#define DVCDESK_STATUS_H

#include <stdarg.h>

/* To add a status: one line here; its message and exit code follow. */
#define STATUS_INFO(_)                                                                     \
	_(OK, 0, "ok")                                                                         \
	_(USAGE, 64, "wrong use of the command; see --help")                                   \
	_(INVALID, 65, "invalid data")                                                         \
	_(NOT_FOUND, 66, "not found")                                                          \
	_(EXISTS, 65, "already exists")                                                        \
	_(DENIED, 77, "not allowed for this account")                                          \
	_(LOCKED, 77, "account locked after too many wrong PINs; try again later")             \
	_(BAD_PIN, 77, "wrong PIN")                                                            \
	_(CONFIG, 78, "configuration error")                                                   \
	_(NOMEM, 71, "out of memory")                                                          \
	_(IO, 74, "input/output error")                                                        \
	_(CANTCREAT, 73, "cannot create the output file")                                      \
	_(UNAVAILABLE, 69, "service unavailable")                                              \
	_(DB_SYMLINK, 66, "the database path is a symbolic link; give the real file")          \
	_(DB_FOREIGN, 65, "the file is not a dvcdesk database")                                \
	_(DB_NEWER, 65, "the database was made by a newer dvcdesk; upgrade the program")       \
	_(DB_CORRUPT, 65, "the database is damaged; restore the newest backup")                \
	_(DB_READONLY, 74, "the database is read-only; nothing can be saved")                  \
	_(DB_BUSY, 75, "the database is busy; try again")                                      \
	_(DB_FULL, 74, "the disk is full; free some space and save again")                     \
	_(DB_IO, 74, "the database could not be written; check the disk and save again")      \
	_(DB_ERROR, 70, "database error")

#define STATUS_ENUM(name, code, msg) ST_##name,
enum status { STATUS_INFO(STATUS_ENUM) ST__COUNT };
#undef STATUS_ENUM

/* The translated message for a status; never NULL. */
const char *status_message(enum status st);

/* The sysexits.h exit code for a status (0 for ST_OK). */
int status_exit_code(enum status st);

/* Record a translated detail sentence for the failure and return st, so that
 * `return status_fail(ST_INVALID, _("bad code %s"), code);` reads naturally. */
enum status status_fail(enum status st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The last recorded detail, or status_message(st) when none was recorded
 * since status_clear(). Never NULL. */
const char *status_detail(enum status st);

/* Forget the recorded detail. */
void status_clear(void);

#endif
