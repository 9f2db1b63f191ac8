/* csv.c: the RFC 4180 reader and writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/csv.h"

/* Read every record of data into "f1|f2;f1|f2;" form; a malformed input
 * ends with "!LINE". */
static char *read_all(const char *data, size_t len)
{
	struct csv_reader r;
	struct strbuf sb;
	sb_init(&sb);
	csv_reader_init(&r, data, len);
	int rc;
	while ((rc = csv_next(&r)) == 1) {
		for (size_t i = 0; i < r.n_fields; i++) {
			if (i)
				sb_addc(&sb, '|');
			sb_add(&sb, r.fields[i]);
		}
		sb_addc(&sb, ';');
	}
	if (rc < 0) {
		sb_addf(&sb, "!%d", r.line);
		assert_true(r.error[0] != '\0');
		assert_int_equal(csv_next(&r), -1); /* stays failed */
	}
	csv_reader_done(&r);
	return sb_steal(&sb);
}

static void expect_read(const char *data, const char *want)
{
	char *got = read_all(data, strlen(data));
	assert_string_equal(got, want);
	free(got);
}

static void csv_next__reads_plain_records_with_lf_and_crlf(void **state)
{
	(void)state;
	expect_read("code,name\n1.001193,Khai sinh\n", "code|name;1.001193|Khai sinh;");
	expect_read("a,b\r\nc,d\r\n", "a|b;c|d;");
	expect_read("a,b\r\nc,d", "a|b;c|d;"); /* no final record end */
	expect_read("a,,\n", "a||;");
	expect_read("", "");
}

static void csv_next__handles_quotes_commas_and_embedded_newlines(void **state)
{
	(void)state;
	expect_read("1,\"cha, m\xE1\xBA\xB9, con\"\n", "1|cha, m\xE1\xBA\xB9, con;");
	expect_read("1,\"say \"\"hi\"\"\"\n", "1|say \"hi\";");
	expect_read("1,\"two\nlines\",x\n2,y,z\n", "1|two\nlines|x;2|y|z;");
	expect_read("1,\"two\r\nlines\"\r\n", "1|two\r\nlines;");
	expect_read("\"\",\"\"\n", "|;");
}

static void csv_next__skips_bom_and_blank_lines(void **state)
{
	(void)state;
	expect_read("\xEF\xBB\xBF"
	            "code,name\r\n\r\n\r\n1,x\r\n\n",
	            "code|name;1|x;");
	expect_read("\n\n\n", "");
}

static void csv_next__counts_lines_across_embedded_newlines(void **state)
{
	(void)state;
	const char *data = "h1,h2\n\n\"a\nb\nc\",x\ny,z\n";
	struct csv_reader r;
	csv_reader_init(&r, data, strlen(data));
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 1);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 3);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 6);
	assert_string_equal(r.fields[0], "y");
	assert_int_equal(csv_next(&r), 0);
	csv_reader_done(&r);
}

static void csv_next__reports_malformed_quotes_with_their_line(void **state)
{
	(void)state;
	expect_read("a,b\nc,\"never closed\nd,e\n", "a|b;!2"); /* where it opened */
	expect_read("a,b\nc,d\ne,\"x\"y\n", "a|b;c|d;!3");     /* text after the quote */
	expect_read("a,b\r\n\r\nc,d\"e\r\n", "a|b;!3");        /* quote in a bare field */
	expect_read("a,\"x\ny\"z\n", "!2");
}

static void csv_next__refuses_nul_bytes_without_reading_past_the_end(void **state)
{
	(void)state;
	char *got = read_all("a,b\nc\0d\n", 8);
	assert_string_equal(got, "a|b;!2");
	free(got);
	/* The length, not a NUL, bounds the reader: "a,b" of "a,bXYZ". */
	got = read_all("a,bXYZ", 3);
	assert_string_equal(got, "a|b;");
	free(got);
	/* A lone quote at the very end. */
	got = read_all("\"", 1);
	assert_string_equal(got, "!1");
	free(got);
	/* A BOM cut short is data, not a BOM. */
	got = read_all("\xEF\xBB", 2);
	assert_string_equal(got, "\xEF\xBB;");
	free(got);
}

static void csv_put__quotes_only_when_needed_and_round_trips(void **state)
{
	(void)state;
	const char *fields[] = {
	    "1.001193", "cha, m\xE1\xBA\xB9", "say \"hi\"", "two\nlines", "", " padded", "plain"};
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < 7; i++) {
		if (i)
			csv_sep(&sb);
		csv_put(&sb, fields[i]);
	}
	csv_eol(&sb);
	assert_string_equal(sb.buf, "1.001193,\"cha, m\xE1\xBA\xB9\",\"say \"\"hi\"\"\","
	                            "\"two\nlines\",,\" padded\",plain\r\n");
	struct csv_reader r;
	csv_reader_init(&r, sb.buf, sb.len);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.n_fields, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(r.fields[i], fields[i]);
	assert_int_equal(csv_next(&r), 0);
	csv_reader_done(&r);
	sb_done(&sb);
}

/* OWASP CSV injection: a cell a spreadsheet would run is written as text. */
static void csv_put__neutralises_formula_cells(void **state)
{
	(void)state;
	const char *bad[] = {"=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\tx", "\rx"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_true(csv_cell_is_formula(bad[i]));
		struct strbuf sb;
		sb_init(&sb);
		csv_put(&sb, bad[i]);
		assert_true(sb.buf[0] == '"' && sb.buf[1] == '\'');
		sb_done(&sb);
	}
	assert_false(csv_cell_is_formula("Đăng ký khai sinh"));
	assert_false(csv_cell_is_formula(""));
	struct strbuf sb;
	sb_init(&sb);
	csv_put(&sb, "=HYPERLINK(\"http://x\")");
	assert_string_equal(sb.buf, "\"'=HYPERLINK(\"\"http://x\"\")\"");
	sb_reset(&sb);
	csv_put_number(&sb, -5);
	assert_string_equal(sb.buf, "-5");
	sb_done(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(csv_put__neutralises_formula_cells),
	    cmocka_unit_test(csv_next__reads_plain_records_with_lf_and_crlf),
	    cmocka_unit_test(csv_next__handles_quotes_commas_and_embedded_newlines),
	    cmocka_unit_test(csv_next__skips_bom_and_blank_lines),
	    cmocka_unit_test(csv_next__counts_lines_across_embedded_newlines),
	    cmocka_unit_test(csv_next__reports_malformed_quotes_with_their_line),
	    cmocka_unit_test(csv_next__refuses_nul_bytes_without_reading_past_the_end),
	    cmocka_unit_test(csv_put__quotes_only_when_needed_and_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
