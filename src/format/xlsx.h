/* The rows of an .xlsx workbook's first sheet, as text cells.  An .xlsx is
 * a zip of XML parts: libzip opens it, expat parses xl/workbook.xml, its
 * relationships, xl/sharedStrings.xml and the sheet.  Both libraries are
 * loaded when the first workbook is read (dlopen), so that the commands
 * that never read one do not load libzip's crypto and compression
 * libraries at start-up.
 *
 * Cells come as the sheet stores them: shared and inline strings as text,
 * numbers as written in the XML ("46363", "12.5"; a date is a serial day
 * number, see xlsx_serial_day()), booleans as "0"/"1".  Columns are placed
 * by their reference (A, B, ... AA), with "" for gaps; rows carry the
 * sheet's row number (what Excel shows), and empty rows are skipped. */
#ifndef DVCDESK_XLSX_H
#define DVCDESK_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* fn gets each row with cells[0..n); it returns false to stop.  ST_OK;
 * ST_NOT_FOUND when the file cannot be opened; ST_INVALID for a file that is
 * not a workbook or a malformed part (detail: which); ST_IO when libzip or
 * expat cannot be loaded (detail names the package). */
enum status xlsx_read_rows(const char *path,
                           bool (*fn)(int row, char *const *cells, size_t n, void *ctx), void *ctx);

/* A spreadsheet date serial ("46363", "46363.0", days since 1899-12-30) to
 * YYYYMMDD; false for anything else or outside 1970..2999. */
bool xlsx_serial_day(const char *cell, int *yyyymmdd);

#endif
