/* libFuzzer: header detection.  The input is up to SHEET_HEADER_SCAN rows,
 * one a line, cells separated by tabs (an empty cell between two tabs);
 * the first line may name --columns as "code=...\x1fdate=..." after a
 * 0x01 byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/sheet.h"
#include "report/reconcile.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	const char *given[ROLE__COUNT] = {NULL};
	char *p = text;
	if (*p == '\x01') {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		int r = 0;
		for (char *tok = strtok(p + 1, "\x1f"); tok && r < ROLE__COUNT; tok = strtok(NULL, "\x1f"))
			given[r++] = *tok ? tok : NULL;
		p = nl ? nl + 1 : p + strlen(p);
	}
	struct sheet_cell cells[SHEET_HEADER_SCAN][16];
	struct sheet_row rows[SHEET_HEADER_SCAN];
	const struct sheet_row *ptrs[SHEET_HEADER_SCAN];
	int n = 0;
	while (*p && n < SHEET_HEADER_SCAN) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		int c = 0;
		for (char *cell = p; c < 16;) {
			char *tab = strchr(cell, '\t');
			if (tab)
				*tab = '\0';
			cells[n][c] = (struct sheet_cell){*cell ? CELL_TEXT : CELL_EMPTY, cell, 0, false};
			c++;
			if (!tab)
				break;
			cell = tab + 1;
		}
		rows[n] = (struct sheet_row){n + 1, c, cells[n]};
		ptrs[n] = &rows[n];
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	struct sheet_header_spec spec;
	reconcile_header_spec(&spec, given);
	struct sheet_header h;
	char seen[512];
	if (sheet_find_header(ptrs, n, &spec, &h, seen, sizeof seen)) {
		if (h.row >= n || h.col[ROLE_CODE] < 0)
			abort();
	}
	free(text);
	return 0;
}
