/* Inside format/sheet: what the three readers (sheet.c's CSV, xlsx.c,
 * xls.c) share.  Not for other modules. */
#ifndef DVCDESK_SHEET_IMPL_H
#define DVCDESK_SHEET_IMPL_H

#include "format/sheet.h"
#include "util/util.h"

/* A cell on its way into a row: its text is an offset into the row's pool
 * until the row is handed out. */
struct sheet_pending {
	int col;
	enum sheet_cell_type type;
	double number;
	bool formula;
	size_t off;
};

struct sheet {
	enum sheet_kind kind;
	char *name; /* base name, for messages */
	bool failed, date1904;
	/* the row being handed out */
	struct sheet_row row;
	struct sheet_cell *cells;
	size_t cap_cells;
	/* Fill the row with sheet_row_*(): 1 a row, 0 the end, -1 failed (detail set). */
	int (*next)(struct sheet *s);
	void (*close)(struct sheet *s);
	void *impl;
	/* building a row */
	struct strbuf pool;
	struct sheet_pending *pend;
	size_t n_pend, cap_pend;
};

/* Row building for the readers: begin, add cells (in any column order; a
 * later cell in the same column replaces the earlier), end (fills s->row;
 * false when no cell holds anything). */
void sheet_row_begin(struct sheet *s);
void sheet_row_add(struct sheet *s, int col, enum sheet_cell_type type, const char *text,
                   size_t len, double number, bool formula);
bool sheet_row_end(struct sheet *s, int number);

/* A damaged-file failure naming the file: "FILE: WHY". */
enum status sheet_damaged(const struct sheet *s, const char *why);

enum status sheet_xlsx_open(struct sheet *s, const char *path, char *data, size_t len);
enum status sheet_xls_open(struct sheet *s, const char *path);

#endif
