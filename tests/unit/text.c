/* text.c: NFC, folding, display width, fitting and character steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/text.h"

/* "Đăng ký khai sinh" typed on an IME that sends combining marks (NFD). */
#define DANG_KY_NFC "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh"
#define DANG_KY_NFD                                                                                \
	"\xC4\x90"                                                                                 \
	"a\xCC\x86"                                                                                \
	"ng ky\xCC\x81 khai sinh"

static void expect_str(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void text_nfc__composes_nfd_input(void **state)
{
	(void)state;
	assert_int_equal(strlen(DANG_KY_NFD), 22); /* NFC is 20 bytes */
	char *nfc = text_nfc(DANG_KY_NFD);
	assert_non_null(nfc);
	assert_string_equal(nfc, DANG_KY_NFC);
	assert_int_equal(strlen(nfc), strlen(DANG_KY_NFC));
	free(nfc);
	/* "Tổng kết" with ô + hook above as two marks after o. */
	expect_str(text_nfc("To\xCC\x82\xCC\x89ng"), "T\xE1\xBB\x95ng");
	expect_str(text_nfc("plain ascii"), "plain ascii");
	expect_str(text_nfc(""), "");
}

static void text_nfc__refuses_invalid_utf8(void **state)
{
	(void)state;
	assert_null(text_nfc("ab\xC3"));           /* truncated */
	assert_null(text_nfc("\xC0\xAF"));         /* overlong '/' */
	assert_null(text_nfc("\xED\xA0\x80"));     /* surrogate */
	assert_null(text_nfc("\xF4\x90\x80\x80")); /* > U+10FFFF */
	assert_null(text_nfc("\xFF"));
	assert_null(text_nfc(NULL));
}

static void text_valid_utf8__checks_bytes_and_nul(void **state)
{
	(void)state;
	assert_true(text_valid_utf8(DANG_KY_NFC, strlen(DANG_KY_NFC)));
	assert_true(text_valid_utf8("", 0));
	assert_false(text_valid_utf8("a\0b", 3));
	/* A sequence cut by the length is invalid even if the bytes go on. */
	assert_false(text_valid_utf8("\xC3\xBD", 1));
	assert_true(text_valid_utf8("\xC3\xBD", 2));
	assert_false(text_valid_utf8("\x80", 1));
}

static void text_fold__removes_tones_marks_and_d_stroke(void **state)
{
	(void)state;
	expect_str(text_fold(DANG_KY_NFC), "dang ky khai sinh");
	expect_str(text_fold("\xC4\x91\xC6\xB0\xE1\xBB\x9Dng"), "duong"); /* đường */
	expect_str(text_fold("\xC4\x90\xC6\xAF\xE1\xBB\x9CNG"), "duong"); /* ĐƯỜNG */
	expect_str(text_fold("T\xE1\xBB\x95ng k\xE1\xBA\xBFt ca tr\xE1\xBB\xB1"
	                     "c"),
	           "tong ket ca truc");
}

static void text_fold__gives_nfd_input_the_same_key(void **state)
{
	(void)state;
	char *a = text_fold(DANG_KY_NFC), *b = text_fold(DANG_KY_NFD);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* Two tone placements (hoà / hòa) fold alike. */
	char *c = text_fold("ho\xC3\xA0"), *d = text_fold("hoa\xCC\x80");
	assert_string_equal(c, d);
	assert_string_equal(c, "hoa");
	free(c);
	free(d);
}

static void text_fold__makes_punctuation_and_space_runs_one_space(void **state)
{
	(void)state;
	expect_str(text_fold("  \xC4\x90\xC4\x83ng  k\xC3\xBD khai-sinh!! "), "dang ky khai sinh");
	expect_str(text_fold("cha, m\xE1\xBA\xB9, con"), "cha me con");
	expect_str(text_fold("1.001193"), "1 001193");
	expect_str(text_fold("\t\n"), "");
	expect_str(text_fold(""), "");
	/* Full-width letters fold to the ones people type. */
	expect_str(text_fold("\xEF\xBC\xA1\xEF\xBC\xA2"), "ab");
	assert_null(text_fold("bad \xFF"));
}

static void text_fold_marks__keeps_diacritics_apart(void **state)
{
	(void)state;
	char *a = text_fold_marks("\xC4\x90\xC6\xAF\xE1\xBB\x9CNG"); /* ĐƯỜNG */
	char *b = text_fold_marks("\xC4\x91\xC6\xB0\xE1\xBB\x9Dng"); /* đường */
	char *c = text_fold_marks("d\xC6\xB0\xC6\xA1ng");            /* dương */
	assert_string_equal(a, b);
	assert_string_not_equal(b, c);
	free(a);
	free(b);
	free(c);
}

static void text_ascii__strips_marks_and_keeps_case(void **state)
{
	(void)state;
	expect_str(text_ascii("T\xE1\xBB\x95ng k\xE1\xBA\xBFt ca tr\xE1\xBB\xB1"
	                      "c"),
	           "Tong ket ca truc");
	expect_str(text_ascii("\xC4\x90"), "D");
	expect_str(text_ascii(DANG_KY_NFC), "Dang ky khai sinh");
	expect_str(text_ascii(DANG_KY_NFD), "Dang ky khai sinh");
	expect_str(text_ascii("\xE2\x80\xA6"), "..."); /* … */
	expect_str(text_ascii("\xE6\xBC\xA2"), "?");   /* a CJK ideograph */
	expect_str(text_ascii("a\xFF"
	                      "b"),
	           "a?b"); /* an invalid byte */
	expect_str(text_ascii(""), "");
}

static void text_width__counts_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_width("\xC4\x90\xC4\x83ng k\xC3\xBD"), 7); /* Đăng ký: 10 bytes */
	assert_int_equal(text_width(DANG_KY_NFC), 17);
	assert_int_equal(text_width(DANG_KY_NFD), 17); /* marks take no column */
	assert_int_equal(text_width("T\xE1\xBB\x95ng k\xE1\xBA\xBFt"), 8);
	assert_int_equal(text_width("\xE6\xBC\xA2\xE5\xAD\x97"), 4); /* two wide ideographs */
	assert_int_equal(text_width("a\xFF"
	                            "b"),
	                 3);
	assert_int_equal(text_width(""), 0);
}

static void text_fit__never_cuts_a_character_or_its_marks(void **state)
{
	(void)state;
	/* NFD "ký": k, y, U+0301.  4 columns of "Đăng ký" end after "Đăng". */
	const char *nfd = "k"
	                  "y\xCC\x81"
	                  "x";
	assert_int_equal(text_fit(nfd, 1), 1);
	assert_int_equal(text_fit(nfd, 2), 4); /* y and its mark together */
	assert_int_equal(text_fit(nfd, 3), 5);
	assert_int_equal(text_fit(nfd, 99), 5);
	assert_int_equal(text_fit("\xC4\x90\xC4\x83ng k\xC3\xBD", 4), 6);
	assert_int_equal(text_fit("\xC4\x90\xC4\x83ng k\xC3\xBD", 0), 0);
	/* A wide character that does not fit entirely is left out. */
	assert_int_equal(text_fit("a\xE6\xBC\xA2", 2), 1);
	assert_int_equal(text_fit("a\xE6\xBC\xA2", 3), 4);
}

static void text_pad__pads_by_columns_not_bytes(void **state)
{
	(void)state;
	char buf[64];
	/* Whatever buf held before (no NUL at all here) does not matter. */
	memset(buf, 'X', sizeof(buf));
	text_pad(buf, sizeof(buf), "\xC4\x90\xC4\x83ng k\xC3\xBD", 10, false);
	assert_string_equal(buf, "\xC4\x90\xC4\x83ng k\xC3\xBD   ");
	assert_int_equal(text_width(buf), 10);
	/* Building a row: write after what is there. */
	size_t len = strlen(buf);
	text_pad(buf + len, sizeof(buf) - len, "12", 4, true);
	assert_string_equal(buf, "\xC4\x90\xC4\x83ng k\xC3\xBD     12");
	/* Cut: NFD marks stay with their letter, columns exact. */
	text_pad(buf, sizeof(buf), DANG_KY_NFD, 6, false);
	assert_string_equal(buf, "\xC4\x90"
	                         "a\xCC\x86"
	                         "ng k");
	assert_int_equal(text_width(buf), 6);
	/* A wide character that would overflow becomes padding. */
	text_pad(buf, sizeof(buf), "a\xE6\xBC\xA2\xE5\xAD\x97", 4, false);
	assert_string_equal(buf, "a\xE6\xBC\xA2 ");
	text_pad(buf, sizeof(buf), "", 3, true);
	assert_string_equal(buf, "   ");
}

static void text_pad__stays_inside_a_small_buffer(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'X', sizeof(buf));
	/* 7 bytes free: "Đăng" (6 bytes, 4 columns) and one space fit. */
	text_pad(buf, sizeof(buf), "\xC4\x90\xC4\x83ng", 5, false);
	assert_string_equal(buf, "\xC4\x90\xC4\x83ng ");
	/* 6 bytes free: each letter dropped owes a space, so only "Đ" fits. */
	char six[7] = "";
	text_pad(six, sizeof(six), "\xC4\x90\xC4\x83ng", 5, false);
	assert_string_equal(six, "\xC4\x90    ");
	char tiny[4] = "";
	text_pad(tiny, sizeof(tiny), "\xC4\x90\xC4\x83ng", 10, false);
	assert_string_equal(tiny, "   "); /* only padding fits: never half a letter */
}

static void text_prev_char__deletes_a_letter_with_its_marks(void **state)
{
	(void)state;
	/* NFD "kế": k, e, U+0302, U+0301 (6 bytes). */
	const char *s = "ke\xCC\x82\xCC\x81";
	assert_int_equal(text_prev_char(s, strlen(s)), 1);
	assert_int_equal(text_prev_char(s, 1), 0);
	assert_int_equal(text_prev_char(s, 0), 0);
	/* NFC "ký" ends with a two-byte letter. */
	assert_int_equal(text_prev_char("k\xC3\xBD", 3), 1);
	/* An offset inside a character goes to its start. */
	assert_int_equal(text_prev_char("k\xC3\xBDx", 3), 1);
	assert_int_equal(text_next_char(s, 1), 6);
	assert_int_equal(text_next_char(s, 0), 1);
	assert_int_equal(text_next_char(s, 6), 6);
	/* An invalid byte is a character of its own. */
	assert_int_equal(text_prev_char("a\xFF", 2), 1);
}

static void text_char_len__measures_one_sequence(void **state)
{
	(void)state;
	assert_int_equal(text_char_len(""), 0);
	assert_int_equal(text_char_len("a"), 1);
	assert_int_equal(text_char_len("\xC4\x90x"), 2);
	assert_int_equal(text_char_len("\xE1\xBB\x95"), 3);
	assert_int_equal(text_char_len("\xF0\x9F\x98\x80"), 4);
	assert_int_equal(text_char_len("\xE1\xBB"), 1); /* cut by the NUL */
	assert_int_equal(text_char_len("\x80"), 1);
}

static void text_capitalize__first_letter_only__vietnamese_too(void **state)
{
	char buf[64], tiny[8];
	(void)state;
	assert_string_equal(text_capitalize("portal account", buf, sizeof buf), "Portal account");
	assert_string_equal(text_capitalize("đã lưu", buf, sizeof buf), "Đã lưu");
	assert_string_equal(text_capitalize("ưu tiên", buf, sizeof buf), "Ưu tiên");
	assert_string_equal(text_capitalize("Đã", buf, sizeof buf), "Đã");
	assert_string_equal(text_capitalize("", buf, sizeof buf), "");
	assert_string_equal(text_capitalize("điện thoại", tiny, sizeof tiny), "Điện"); /* cut to fit */
	assert_string_equal(text_capitalize("điệệ", tiny, sizeof tiny), "Điệ"); /* never half an ệ */
}

static void text_decode__is_the_one_strict_decoder(void **state)
{
	(void)state;
	int32_t cp;
	assert_int_equal(text_decode("\xC4\x91", 2, &cp), 2);
	assert_int_equal(cp, 0x111); /* đ */
	assert_int_equal(text_decode("\xE1\xBA\xA1", 3, &cp), 3);
	assert_int_equal(cp, 0x1EA1); /* ạ */
	assert_int_equal(text_decode("\xC0\xAF", 2, &cp), 1); /* overlong '/' */
	assert_int_equal(cp, -1);
	assert_int_equal(text_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
	assert_int_equal(cp, -1);
	assert_int_equal(text_decode("\xE1\xBA", 2, &cp), 1); /* truncated by n */
	assert_int_equal(cp, -1);
	char out[4];
	assert_int_equal(text_encode(0x1EA1, out), 3);
	assert_memory_equal(out, "\xE1\xBA\xA1", 3);
	assert_int_equal(text_encode(0xD800, out), 0);
	assert_int_equal(text_encode(0x110000, out), 0);
	assert_int_equal(text_utf8_expected(0xC4), 2);
	assert_int_equal(text_utf8_expected(0xE1), 3);
	assert_int_equal(text_utf8_expected(0xFF), 0);
	assert_int_equal(text_utf8_expected(0x80), 0);
}

static void text_check_field__refuses_controls_and_over_long(void **state)
{
	(void)state;
	assert_int_equal(text_check_field("note", "Ông Nguyễn cần bản sao", 255), ST_OK);
	assert_int_equal(text_check_field("note", "a\x1b[31mred", 255), ST_INVALID);
	assert_int_equal(text_check_field("note", "line\nbreak", 255), ST_INVALID);
	assert_int_equal(text_check_field("note", "tab\there", 255), ST_INVALID);
	assert_int_equal(text_check_field("note", "c1 \xC2\x9B" "31m", 255), ST_INVALID); /* CSI */
	assert_int_equal(text_check_field("note", "bidi \xE2\x80\xAE" "evil", 255), ST_INVALID);
	assert_int_equal(text_check_field("note", "bad \xFF", 255), ST_INVALID);
	char long_note[300];
	memset(long_note, 'a', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	status_clear();
	assert_int_equal(text_check_field("note", long_note, 255), ST_INVALID);
	assert_non_null(strstr(status_detail(ST_INVALID), "299"));
	long_note[255] = '\0';
	assert_int_equal(text_check_field("note", long_note, 255), ST_OK);
}

static void text_terminal_safe__removes_escape_sequences(void **state)
{
	(void)state;
	expect_str(text_terminal_safe("Lan\x1b" "]0;pwned\x07", false), "Lan\xEF\xBF\xBD" "]0;pwned\xEF\xBF\xBD");
	expect_str(text_terminal_safe("a\nb", true), "a\nb");
	expect_str(text_terminal_safe("a\nb", false), "a\xEF\xBF\xBD" "b");
	expect_str(text_terminal_safe("\xC2\x9B" "2J", false), "\xEF\xBF\xBD" "2J");
	expect_str(text_terminal_safe("Nguyễn", false), "Nguyễn");
	expect_str(text_terminal_safe("\xFF", false), "\xEF\xBF\xBD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_capitalize__first_letter_only__vietnamese_too),
	    cmocka_unit_test(text_nfc__composes_nfd_input),
	    cmocka_unit_test(text_nfc__refuses_invalid_utf8),
	    cmocka_unit_test(text_valid_utf8__checks_bytes_and_nul),
	    cmocka_unit_test(text_fold__removes_tones_marks_and_d_stroke),
	    cmocka_unit_test(text_fold__gives_nfd_input_the_same_key),
	    cmocka_unit_test(text_fold__makes_punctuation_and_space_runs_one_space),
	    cmocka_unit_test(text_fold_marks__keeps_diacritics_apart),
	    cmocka_unit_test(text_ascii__strips_marks_and_keeps_case),
	    cmocka_unit_test(text_width__counts_columns_not_bytes),
	    cmocka_unit_test(text_fit__never_cuts_a_character_or_its_marks),
	    cmocka_unit_test(text_pad__pads_by_columns_not_bytes),
	    cmocka_unit_test(text_pad__stays_inside_a_small_buffer),
	    cmocka_unit_test(text_prev_char__deletes_a_letter_with_its_marks),
	    cmocka_unit_test(text_char_len__measures_one_sequence),
	    cmocka_unit_test(text_decode__is_the_one_strict_decoder),
	    cmocka_unit_test(text_check_field__refuses_controls_and_over_long),
	    cmocka_unit_test(text_terminal_safe__removes_escape_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
