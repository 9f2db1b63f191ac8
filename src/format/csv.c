/* RFC 4180 CSV.  The reader walks a borrowed buffer with explicit bounds, so
 * it is safe on any bytes; what it refuses it names with a line number. */
#include "format/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->end = data + len;
	r->line = r->at_line = 1;
	r->sep = ',';
	sb_init(&r->field);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

void csv_reader_done(struct csv_reader *r)
{
	sb_done(&r->field);
	free(r->fields);
	free(r->starts);
	r->fields = NULL;
	r->starts = NULL;
	r->n_fields = r->cap_fields = 0;
}

static int fail(struct csv_reader *r, int line, const char *why)
{
	r->failed = true;
	r->line = line;
	str_copy(r->error, sizeof(r->error), why); /* never cut mid-character */
	return -1;
}

static void start_field(struct csv_reader *r)
{
	if (r->n_fields == r->cap_fields) {
		r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 8;
		r->fields = xrealloc(r->fields, r->cap_fields * sizeof(*r->fields));
		r->starts = xrealloc(r->starts, r->cap_fields * sizeof(*r->starts));
	}
	r->starts[r->n_fields++] = r->field.len;
}

/* Consume a record end (CRLF, LF or a lone CR) at r->p. */
static void eat_eol(struct csv_reader *r)
{
	if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
		r->p++;
	r->p++;
	r->at_line++;
}

static int quoted(struct csv_reader *r)
{
	int open_line = r->at_line;
	r->p++;
	for (;;) {
		if (r->p == r->end)
			return fail(r, open_line, _("a quoted field is never closed"));
		char c = *r->p;
		if (c == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				sb_addc(&r->field, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			break;
		}
		if (c == '\0')
			return fail(r, r->at_line, _("a NUL byte: this is not a text file"));
		/* A CR followed by LF counts once, on the LF. */
		if (c == '\n' || (c == '\r' && !(r->p + 1 < r->end && r->p[1] == '\n')))
			r->at_line++;
		sb_addc(&r->field, c);
		r->p++;
	}
	if (r->p < r->end && *r->p != r->sep && *r->p != '\r' && *r->p != '\n')
		return fail(
		    r, r->at_line,
		    _("text after a closing quote; a quote inside a field must be doubled"));
	return 0;
}

static int unquoted(struct csv_reader *r)
{
	while (r->p < r->end && *r->p != r->sep && *r->p != '\r' && *r->p != '\n') {
		if (*r->p == '"')
			return fail(r, r->at_line,
			            _("a quote inside an unquoted field; quote the field and "
			              "double the quote"));
		if (*r->p == '\0')
			return fail(r, r->at_line, _("a NUL byte: this is not a text file"));
		sb_addc(&r->field, *r->p);
		r->p++;
	}
	return 0;
}

int csv_next(struct csv_reader *r)
{
	if (r->failed)
		return -1;
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r'))
		eat_eol(r);
	if (r->p == r->end)
		return 0;
	r->line = r->at_line;
	sb_reset(&r->field);
	r->n_fields = 0;
	for (;;) {
		start_field(r);
		int rc = r->p < r->end && *r->p == '"' ? quoted(r) : unquoted(r);
		if (rc < 0)
			return rc;
		sb_addc(&r->field, '\0');
		if (r->p == r->end)
			break;
		if (*r->p == r->sep) {
			r->p++;
			continue;
		}
		eat_eol(r);
		break;
	}
	for (size_t i = 0; i < r->n_fields; i++)
		r->fields[i] = r->field.buf + r->starts[i];
	return 1;
}

bool csv_cell_is_formula(const char *field)
{
	return field && field[0] && strchr("=+-@\t\r", field[0]) != NULL;
}

void csv_put_number(struct strbuf *sb, long long v)
{
	sb_addf(sb, "%lld", v);
}

void csv_put(struct strbuf *sb, const char *field)
{
	size_t n = strlen(field);
	bool formula = csv_cell_is_formula(field);
	bool quote = formula || strpbrk(field, ",\"\r\n") != NULL ||
	             (n > 0 && (field[0] == ' ' || field[0] == '\t' || field[n - 1] == ' ' ||
	                        field[n - 1] == '\t'));
	if (!quote) {
		sb_addn(sb, field, n);
		return;
	}
	sb_addc(sb, '"');
	if (formula)
		sb_addc(sb, '\'');
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	sb_addc(sb, '"');
}

void csv_sep(struct strbuf *sb)
{
	sb_addc(sb, ',');
}

void csv_eol(struct strbuf *sb)
{
	sb_add(sb, "\r\n");
}
