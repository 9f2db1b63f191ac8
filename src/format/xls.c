/* .xls rows (BIFF5/BIFF8, Excel 97-2003) through libfreexl, which reads the
 * compound file itself: one row at a time from its cell table. */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/sheet_impl.h"
#include "util/i18n.h"

struct xls {
	const void *h;
	unsigned rows;
	unsigned short cols;
	unsigned next;
};

static int xls_next(struct sheet *s)
{
	struct xls *x = s->impl;
	while (x->next < x->rows) {
		unsigned r = x->next++;
		sheet_row_begin(s);
		for (unsigned short c = 0; c < x->cols; c++) {
			FreeXL_CellValue v;
			if (freexl_get_cell_value(x->h, r, c, &v) != FREEXL_OK) {
				sheet_damaged(s, _("a cell of the worksheet cannot be read"));
				return -1;
			}
			char num[64];
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof(num), "%d", v.value.int_value);
				sheet_row_add(s, c, CELL_NUMBER, num, strlen(num), v.value.int_value, false);
				break;
			case FREEXL_CELL_DOUBLE:
				snprintf(num, sizeof(num), "%.15g", v.value.double_value);
				sheet_row_add(s, c, CELL_NUMBER, num, strlen(num), v.value.double_value,
				              false);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME:
				if (v.value.text_value && *v.value.text_value)
					sheet_row_add(s, c, CELL_TEXT, v.value.text_value,
					              strlen(v.value.text_value), 0, false);
				break;
			default:
				break;
			}
		}
		if (sheet_row_end(s, (int)r + 1))
			return 1;
	}
	return 0;
}

static void xls_close(struct sheet *s)
{
	struct xls *x = s->impl;
	if (x && x->h)
		freexl_close(x->h);
	free(x);
	s->impl = NULL;
}

enum status sheet_xls_open(struct sheet *s, const char *path)
{
	status_clear();
	struct xls *x = xcalloc(1, sizeof(*x));
	s->kind = SHEET_XLS;
	s->impl = x;
	s->next = xls_next;
	s->close = xls_close;
	int rc = freexl_open(path, &x->h);
	enum status st = ST_OK;
	if (rc != FREEXL_OK) {
		st = status_fail(ST_INVALID,
		                 _("%s is not a readable .xls workbook (libfreexl error %d); open it "
		                   "and save it as .xlsx"),
		                 s->name, rc);
		goto fail;
	}
	unsigned info = 0;
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
	    info == FREEXL_BIFF_OBFUSCATED) {
		st = status_fail(ST_INVALID,
		                 _("%s is an encrypted (password-protected) workbook; open it, remove "
		                   "the password and save it again"),
		                 s->name);
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
		s->date1904 = info == FREEXL_BIFF_DATEMODE_1904;
	unsigned sheets = 0;
	if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK || sheets == 0 ||
	    freexl_select_active_worksheet(x->h, 0) != FREEXL_OK ||
	    freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
		st = status_fail(ST_INVALID, _("%s is an .xls file without a worksheet"), s->name);
		goto fail;
	}
	return ST_OK;
fail:
	xls_close(s);
	return st;
}
