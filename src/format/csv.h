/* RFC 4180 CSV: a reader that reports where it went wrong, and a writer. */
#ifndef DVCDESK_CSV_H
#define DVCDESK_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

struct csv_reader {
	const char *p, *end;
	int line;            /* line number (1-based) where the current record starts;
	                      * after an error, the line where the problem is */
	int at_line;         /* the line p is on */
	struct strbuf field; /* the record's fields, each NUL-terminated */
	char **fields;
	size_t *starts; /* offsets into field.buf while a record is read */
	size_t n_fields, cap_fields;
	char sep; /* the field separator: ',' unless the caller sets ';' after init */
	bool failed;
	char error[128]; /* set when csv_next returns -1: why, translated */
};

/* Read from data[0..len); a UTF-8 BOM is skipped; CRLF and LF both end a
 * record.  The reader borrows data. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
void csv_reader_done(struct csv_reader *r);

/* Next record: 1 with r->fields/r->n_fields valid until the next call, 0 at
 * the end, -1 on malformed input (r->error, r->line), and -1 again on every
 * later call.  Blank lines are skipped.  Malformed: a quoted field never
 * closed, anything but a separator or record end after a closing quote, a
 * quote inside an unquoted field, a NUL byte.  A newline inside quotes is
 * kept as it was written (CRLF or LF). */
int csv_next(struct csv_reader *r);

/* True when a spreadsheet opening the cell would run it as a formula: it
 * starts with = + - @ TAB or CR (OWASP "CSV injection").  The XLSX writers
 * use it too: such a value is stored as a text cell, never a formula. */
bool csv_cell_is_formula(const char *field);

/* Append one text field to sb, quoted (with quotes doubled) when it holds a
 * comma, a quote, CR or LF, or starts or ends with white space.  A field
 * csv_cell_is_formula() flags is written as text: a ' before it, quoted
 * ("'=1+1"), as OWASP advises, so no spreadsheet runs it. */
void csv_put(struct strbuf *sb, const char *field);
/* Append a number as it is (a negative one stays a number). */
void csv_put_number(struct strbuf *sb, long long v);
/* Append a separator or a record end (CRLF, as RFC 4180 says). */
void csv_sep(struct strbuf *sb);
void csv_eol(struct strbuf *sb);

#endif
