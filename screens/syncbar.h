/* The sync's words in the header ("chờ gửi 3" / "đã gửi lúc 09:41") and the
 * counter's idle sync: `dvcdesk sync --quiet` as a child process (spawned
 * like the print job, never a thread in the curses loop), at most every
 * [sync] interval_minutes, reaped without waiting.  Nothing when no
 * [sync] conninfo is set. */
#ifndef DVCDESK_SYNCBAR_H
#define DVCDESK_SYNCBAR_H

#include <stddef.h>

struct ui_context;

/* Reap a finished child, start one when due, and write the words (or "")
 * into buf.  Called when the header is drawn (at least every minute). */
void syncbar(struct ui_context *ctx, char *buf, size_t size);

#endif
