/* RFC 4180 CSV: a reader that reports where it went wrong, and a writer. */
#ifndef DVCDESK_CSV_H
#define DVCDESK_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct csv_reader {
	const char *p, *end;
	int line; /* line number (1-based) where the current record starts */
	struct strbuf field;
	char **fields;
	size_t n_fields, cap_fields;
	char error[128]; /* set when csv_next returns -1 */
};

/* Read from data[0..len); a UTF-8 BOM is skipped; CRLF and LF both end a
 * record.  The reader borrows data. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
void csv_reader_done(struct csv_reader *r);

/* Next record: 1 with r->fields/r->n_fields valid until the next call, 0 at
 * the end, -1 on malformed input (r->error, r->line). Blank lines are skipped. */
int csv_next(struct csv_reader *r);

/* Append one field, quoted when needed, to sb. */
void csv_put(struct strbuf *sb, const char *field);
/* Append a separator or a record end (CRLF, as RFC 4180 says). */
void csv_sep(struct strbuf *sb);
void csv_eol(struct strbuf *sb);

#endif
