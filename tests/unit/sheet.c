/* format/sheet.c: dates (serials with the 1900 quirk and 1904, text),
 * column letters, header detection (title rows, a group header over the
 * real one, a header merged down, --columns), CSV rows through sheet_open_mem
 * (semicolon, BOM, CRLF), and refusals of bytes that are no spreadsheet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/sheet.h"
#include "report/reconcile.h"

static int day_of(enum sheet_cell_type type, const char *text, double num, bool d1904)
{
	struct sheet_cell c = {type, text, num, false};
	int d = 0;
	return sheet_cell_day(&c, d1904, &d) ? d : -1;
}

static void test_serials(void **state)
{
	(void)state;
	assert_int_equal(day_of(CELL_NUMBER, "1", 1, false), 19000101);
	assert_int_equal(day_of(CELL_NUMBER, "59", 59, false), 19000228);
	assert_int_equal(day_of(CELL_NUMBER, "60", 60, false), -1); /* 29/02/1900 never was */
	assert_int_equal(day_of(CELL_NUMBER, "61", 61, false), 19000301);
	assert_int_equal(day_of(CELL_NUMBER, "46027.75", 46027.75, false), 20260105);
	assert_int_equal(day_of(CELL_NUMBER, "0", 0, false), -1);
	assert_int_equal(day_of(CELL_NUMBER, "-3", -3, false), -1);
	assert_int_equal(day_of(CELL_NUMBER, "44565", 44565, true), 20260105);
	assert_int_equal(day_of(CELL_NUMBER, "0", 0, true), 19040101);
}

static void test_text_dates(void **state)
{
	(void)state;
	assert_int_equal(day_of(CELL_TEXT, "05/01/2026", 0, false), 20260105);
	assert_int_equal(day_of(CELL_TEXT, "5/1/2026 08:30", 0, false), 20260105);
	assert_int_equal(day_of(CELL_TEXT, " 12-01-2026 ", 0, false), 20260112);
	assert_int_equal(day_of(CELL_TEXT, "2026-01-13", 0, false), 20260113);
	assert_int_equal(day_of(CELL_TEXT, "2026-01-13T07:00:00+07:00", 0, false), 20260113);
	assert_int_equal(day_of(CELL_TEXT, "29/02/2025", 0, false), -1);
	assert_int_equal(day_of(CELL_TEXT, "29/02/2024", 0, false), 20240229);
	assert_int_equal(day_of(CELL_TEXT, "31/04/2026", 0, false), -1);
	assert_int_equal(day_of(CELL_TEXT, "hôm qua", 0, false), -1);
	assert_int_equal(day_of(CELL_TEXT, "05/01/26", 0, false), -1);
	assert_int_equal(day_of(CELL_TEXT, "05/01/2026 xx", 0, false), -1);
	assert_int_equal(day_of(CELL_TEXT, "46027", 0, false), -1); /* a serial as text */
}

static void test_columns(void **state)
{
	(void)state;
	char buf[8];
	assert_int_equal(sheet_column_index("A"), 0);
	assert_int_equal(sheet_column_index("z"), 25);
	assert_int_equal(sheet_column_index("AA"), 26);
	assert_int_equal(sheet_column_index("XFD"), 16383);
	assert_int_equal(sheet_column_index("XFE"), -1);
	assert_int_equal(sheet_column_index("A1"), -1);
	assert_string_equal(sheet_column_name(27, buf, sizeof buf), "AB");
	assert_int_equal(rec_working_days_between(20260109, 20260112, 5), 1); /* Fri -> Mon */
	assert_int_equal(rec_working_days_between(20260113, 20260109, 5), 2); /* Tue -> Fri */
	assert_int_equal(rec_working_days_between(20260110, 20260111, 5), 0); /* Sat -> Sun */
}

#define ROW(n, ...)                                                                                \
	static struct sheet_cell r##n##c[] = {__VA_ARGS__};                                        \
	static struct sheet_row r##n = {n, (int)(sizeof(r##n##c) / sizeof(r##n##c[0])), r##n##c}
#define T(s) {CELL_TEXT, s, 0, false}
#define E    {CELL_EMPTY, "", 0, false}

ROW(1, T("DANH SÁCH HỒ SƠ"));
ROW(2, T("STT"), T("Thông tin hồ sơ"), E, E, T("Người nộp"));
ROW(3, E, T("SỐ  HỒ SƠ"), T("Mã TTHC"), T("Ngày\ntiếp nhận (dd/mm/yyyy)"), T("Họ tên"));
ROW(4, T("1"), T("000.00.20.H08-260105-0001"), T("1.001193"), T("05/01/2026"), T("Nguyễn A"));

static void test_header(void **state)
{
	(void)state;
	const struct sheet_row *rows[] = {&r1, &r2, &r3, &r4};
	struct sheet_header_spec spec;
	reconcile_header_spec(&spec, NULL);
	struct sheet_header h;
	char seen[256];
	assert_true(sheet_find_header(rows, 4, &spec, &h, seen, sizeof seen));
	assert_int_equal(h.row, 2);
	assert_int_equal(h.col[ROLE_CODE], 1);
	assert_int_equal(h.col[ROLE_PROCEDURE], 2);
	assert_int_equal(h.col[ROLE_DATE], 3);
	assert_int_equal(h.col[ROLE_CHANNEL], -1);
	assert_string_equal(h.text[ROLE_DATE], "Ngày tiếp nhận (dd/mm/yyyy)");

	/* --columns: a header by name and a column by letter */
	const char *given[ROLE__COUNT] = {"Số hồ sơ", "D", NULL, "Họ tên"};
	reconcile_header_spec(&spec, given);
	assert_true(sheet_find_header(rows, 4, &spec, &h, seen, sizeof seen));
	assert_int_equal(h.col[ROLE_CODE], 1);
	assert_int_equal(h.col[ROLE_DATE], 3);
	assert_int_equal(h.col[ROLE_CHANNEL], 4);

	/* no code column: the header row is listed, never a row of data */
	const struct sheet_row *only_data[] = {&r1, &r4};
	reconcile_header_spec(&spec, NULL);
	assert_false(sheet_find_header(only_data, 2, &spec, &h, seen, sizeof seen));
	assert_string_equal(seen, "");
	const struct sheet_row *no_code[] = {&r1, &r2};
	assert_false(sheet_find_header(no_code, 2, &spec, &h, seen, sizeof seen));
	assert_string_equal(seen, "\"STT\", \"Thông tin hồ sơ\", \"Người nộp\"");
}

static char *rows_of(const char *data)
{
	struct sheet *s;
	if (sheet_open_mem(&s, "t.csv", data, strlen(data)) != ST_OK)
		return xstrdup("!open");
	struct strbuf sb;
	sb_init(&sb);
	const struct sheet_row *row;
	int rc;
	while ((rc = sheet_next(s, &row)) == 1) {
		sb_addf(&sb, "%d:", row->number);
		for (int c = 0; c < row->n_cells; c++)
			sb_addf(&sb, "%s%s", c ? "|" : "", row->cells[c].text);
		sb_addc(&sb, ';');
	}
	if (rc < 0)
		sb_add(&sb, "!");
	sheet_close(s);
	return sb.buf ? sb_steal(&sb) : xstrdup("");
}

static void test_csv(void **state)
{
	(void)state;
	char *r = rows_of("\xEF\xBB\xBFSố hồ sơ;Ngày nộp\r\n\"A;1\";05/01/2026\r\n;\r\nB;x\r\n");
	assert_string_equal(r, "1:Số hồ sơ|Ngày nộp;2:A;1|05/01/2026;4:B|x;");
	free(r);
	r = rows_of("a,b\nc,d\n");
	assert_string_equal(r, "1:a|b;2:c|d;");
	free(r);
	r = rows_of("a,\"b\n");
	assert_string_equal(r, "!");
	free(r);
	r = rows_of("\xff\xfe\x00\x01");
	assert_string_equal(r, "!open");
	free(r);
	r = rows_of("PK\x03\x04 not really a zip");
	assert_string_equal(r, "!open");
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_serials), cmocka_unit_test(test_text_dates),
	    cmocka_unit_test(test_columns), cmocka_unit_test(test_header),
	    cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
