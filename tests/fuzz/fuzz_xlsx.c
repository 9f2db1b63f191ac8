/* libFuzzer: the spreadsheet reader on any bytes (a zip is read as .xlsx
 * through libzip and expat; anything else as CSV), every row to the end,
 * and the date parsing of every cell. */
#include <stdint.h>
#include <stdlib.h>

#include "format/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheet *s;
	if (sheet_open_mem(&s, "fuzz.xlsx", data, size) != ST_OK)
		return 0;
	const struct sheet_row *row;
	int rows = 0;
	while (rows < 200000 && sheet_next(s, &row) == 1) {
		for (int c = 0; c < row->n_cells; c++) {
			int day;
			if (!row->cells[c].text)
				abort();
			if (sheet_cell_day(&row->cells[c], sheet_date1904(s), &day) &&
			    (day < 18991230 || day > 99991231))
				abort();
		}
		rows++;
	}
	sheet_close(s);
	return 0;
}
