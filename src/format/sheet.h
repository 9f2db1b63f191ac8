/* Spreadsheet rows: one row iterator over .xlsx (libzip + expat, the sheet
 * XML streamed row by row), .xls (libfreexl) and .csv (format/csv.h, comma
 * or semicolon), and the detection of a table's header row under title rows,
 * merged cells and a group header.
 *
 * Use:   struct sheet *s;
 *        st = sheet_open(&s, path);            // ST_INVALID: not a spreadsheet...
 *        const struct sheet_row *row;
 *        while ((rc = sheet_next(s, &row)) == 1) ... row->cells[c] ...
 *        // rc -1: damaged part of the file, status_detail() says which
 *        sheet_close(s);
 *
 * Only the first worksheet is read.  Cells are what the file holds: text
 * (shared, inline or plain), numbers (their text as written, e.g. "46023.5",
 * and their value), errors ("#REF!"), each flagged when it came from a
 * formula.  Every failure detail names the file by its base name. */
#ifndef DVCDESK_SHEET_H
#define DVCDESK_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

enum sheet_kind { SHEET_CSV, SHEET_XLSX, SHEET_XLS };
enum sheet_cell_type { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_ERROR };

struct sheet_cell {
	enum sheet_cell_type type;
	const char *text; /* never NULL: "" when empty; valid until the next sheet_next() */
	double number;    /* CELL_NUMBER (and CELL_BOOL: 0/1) */
	bool formula;     /* the cell holds a formula (its cached value, if any, is above) */
};

struct sheet_row {
	int number; /* 1-based row number in the sheet (CSV: the record's line) */
	int n_cells;
	const struct sheet_cell *cells; /* index = column (0 = A); gaps are CELL_EMPTY */
};

struct sheet;

/* Open the first worksheet of the file at `path`, recognised by its content
 * (a zip is .xlsx, an OLE2 compound file .xls, valid UTF-8 text .csv).
 * ST_INVALID with a detail naming the file and what is wrong: not a
 * spreadsheet, a zip without a worksheet, an encrypted workbook, a damaged
 * part; ST_NOT_FOUND / ST_IO when it cannot be read. */
enum status sheet_open(struct sheet **out, const char *path);
/* The same on bytes in memory (the fuzz targets): `name` stands for the file
 * in messages; .xls needs a real file and is refused here. */
enum status sheet_open_mem(struct sheet **out, const char *name, const void *data, size_t len);

enum sheet_kind sheet_kind(const struct sheet *s);
/* "xlsx", "xls", "csv" */
const char *sheet_kind_name(enum sheet_kind k);

/* The next row that has at least one non-empty cell: 1 with *row valid until
 * the next call, 0 at the end, -1 when the file turns out damaged (detail
 * set; -1 again on every later call). */
int sheet_next(struct sheet *s, const struct sheet_row **row);

void sheet_close(struct sheet *s);

/* ---- header detection ---- */

/* A header text folded for comparison: text_fold() (no case, diacritics,
 * punctuation; runs of spaces and line breaks one space).  A new string. */
char *sheet_fold(const char *s);

/* A kept copy of a row (sheet_next's rows live until the next call). */
struct sheet_row_copy {
	struct sheet_row row;
	struct sheet_cell *cells;
	char *pool;
};
void sheet_row_keep(struct sheet_row_copy *dst, const struct sheet_row *src);
void sheet_row_drop(struct sheet_row_copy *c);

#define SHEET_MAX_ROLES     8
#define SHEET_HEADER_SCAN   30 /* rows looked at for the header */

/* What to look for: per role, folded names (a header matches a name when it
 * equals it, or starts with it followed by a space: "ngay tiep nhan dd mm
 * yyyy"), earlier names preferred; `given` (may be NULL) is what the user
 * named with --columns: a header name, or a column's letters ("C"). */
struct sheet_header_spec {
	int n_roles;
	const char *const *names[SHEET_MAX_ROLES]; /* NULL-terminated lists */
	const char *given[SHEET_MAX_ROLES];
	int required; /* the role without which there is no table */
	const char *const *known; /* other folded headers (not used), to tell a header row */
};

struct sheet_header {
	int row;                       /* index into the rows given; -1: none (letters only) */
	int col[SHEET_MAX_ROLES];      /* -1: not found */
	char text[SHEET_MAX_ROLES][96]; /* the header as written (line breaks as spaces) */
};

/* Find the header among rows[0..n): the row where the most roles are found,
 * the earliest on a tie, with the required one found.  An empty cell takes
 * the text of the cell above (a header merged down, or the real header row
 * under a group header).  true when found; otherwise false and `seen` gets
 * the headers of the row that looks most like a header (cells matching a
 * role or a `known` name), quoted and comma-separated ("" when no row does:
 * a row of data is never listed, it may be personal). */
bool sheet_find_header(const struct sheet_row *const *rows, int n,
                       const struct sheet_header_spec *spec, struct sheet_header *out,
                       char *seen, size_t seen_size);

/* Column index for letters "A".."XFD" (case-insensitive), or -1. */
int sheet_column_index(const char *letters);
/* "A", "AB"... for column index c into buf (at least 4 bytes). */
char *sheet_column_name(int c, char *buf, size_t size);

/* ---- cell values ---- */

/* A date cell as YYYYMMDD: a spreadsheet serial (1900 date system with its
 * leap-year quirk: 60 is the 29 February 1900 that never was, refused; or
 * the 1904 system when date1904), "dd/mm/yyyy" or "d/m/yyyy" with an
 * optional " hh:mm[:ss]", or ISO "yyyy-mm-dd" with an optional time.
 * false on anything else. */
bool sheet_cell_day(const struct sheet_cell *c, bool date1904, int *yyyymmdd);
/* True when the workbook counts dates from 1904 (xlsx workbookPr date1904,
 * xls DATEMODE). */
bool sheet_date1904(const struct sheet *s);

#endif
