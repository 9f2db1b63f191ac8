/* document.c: the words kept whole across lines, the form's defaults and
 * the configured heading and signers; and the text layout that uses them
 * (no word split at 58 mm, the document heading at A4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "report/document.h"
#include "report/report.h"
#include "util/i18n.h"

static void expect_str(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void keep_words__joins_the_syllables_of_a_word_in_any_case(void **state)
{
	(void)state;
	expect_str(document_keep_words("thủ tục hành chính"),
	           "thủ" NBSP "tục" NBSP "hành" NBSP "chính");
	expect_str(document_keep_words("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"),
	           "TRUNG" NBSP "TÂM PHỤC" NBSP "VỤ HÀNH" NBSP "CHÍNH" NBSP "CÔNG");
	expect_str(document_keep_words("Nộp trực tuyến"), "Nộp trực" NBSP "tuyến");
	/* the longest match wins and matches do not chain */
	expect_str(document_keep_words("Tổng số lượt hỗ trợ"),
	           "Tổng" NBSP "số lượt" NBSP "hỗ" NBSP "trợ");
	/* only whole words: "hồ sơn" is not "hồ sơ" */
	expect_str(document_keep_words("hồ sơn"), "hồ sơn");
	expect_str(document_keep_words("một"), "một");
	expect_str(document_keep_words(""), "");
	expect_str(document_keep_words(NULL), "");
}

static void plain_spaces__undoes_the_no_break_spaces(void **state)
{
	(void)state;
	char *s = document_keep_words("Kết quả hỗ trợ người dân");
	document_plain_spaces(s);
	expect_str(s, "Kết quả hỗ trợ người dân");
	expect_str(document_upper("Đoàn xã Tân Phú"), "ĐOÀN XÃ TÂN PHÚ");
}

static void from_config__youth_union_defaults(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	struct report_doc *d = document_from_config(&cfg);
	assert_int_equal(d->form, FORM_YOUTH_UNION);
	assert_string_equal(d->governing, "");
	assert_string_equal(d->issuing, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG (DEMO)");
	assert_string_equal(d->number, "No.:         -BC/ĐTN");
	assert_string_equal(d->right_top, "HO CHI MINH COMMUNIST YOUTH UNION");
	assert_string_equal(d->right_motto, "");
	assert_string_equal(d->signer_left, "PREPARED BY");
	assert_string_equal(d->signer_right, "ON BEHALF OF THE COMMUNE YOUTH UNION COMMITTEE");
	assert_string_equal(d->signer_right_title, "SECRETARY");
	assert_int_equal(d->n_recipients, 0);
	document_free(d);
	config_done(&cfg);
}

static void from_config__state_form_and_settings(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	cfg.report.form = FORM_STATE;
	cfg.report.governing_body = xstrdup("UBND xã Tân Phú");
	cfg.report.recipients = xstrdup(" Huyện đoàn ;; Lưu: VP ");
	free(cfg.unit.place);
	cfg.unit.place = xstrdup("Tân Phú");
	struct report_doc *d = document_from_config(&cfg);
	assert_string_equal(d->governing, "UBND XÃ TÂN PHÚ");
	assert_string_equal(d->number, "No.:         /BC-TTPVHCC");
	assert_string_equal(d->right_top, "SOCIALIST REPUBLIC OF VIETNAM");
	assert_string_equal(d->right_motto, "Independence - Freedom - Happiness");
	assert_string_equal(d->signer_right, "DIRECTOR");
	assert_string_equal(d->signer_right_title, "");
	assert_string_equal(d->place, "Tân Phú");
	assert_int_equal(d->n_recipients, 2);
	assert_string_equal(d->recipients[0], "Huyện đoàn");
	assert_string_equal(d->recipients[1], "Lưu: VP");
	document_free(d);
	/* a number given whole is printed as given; a right title alone keeps
	 * no default level */
	cfg.report.number = xstrdup("55-BC/ĐTN");
	cfg.report.signer_right = xstrdup("XÁC NHẬN CỦA BCH ĐOÀN XÃ");
	d = document_from_config(&cfg);
	assert_string_equal(d->number, "No.: 55-BC/ĐTN");
	assert_string_equal(d->signer_right_title, "");
	document_free(d);
	config_done(&cfg);
}

static struct report *fake_report(const struct config *cfg)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r);
	report_filter_period(&r->filter, REPORT_MONTH, 2026, 11, 15);
	r->filter.year = 2026;
	r->unit_name = xstrdup(cfg->unit.name);
	r->unit_code = xstrdup("000.00.20.H08");
	r->province = xstrdup("Đồng Nai");
	r->generated_at = 1795000000; /* 19/11/2026 */
	r->visits = 12;
	r->doc = document_from_config(cfg);
	return r;
}

static void text__document_heading_at_a4__no_word_split_when_narrow(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	free(cfg.unit.name);
	cfg.unit.name = xstrdup("Trung tâm Phục vụ hành chính công xã Tân Phú");
	free(cfg.unit.place);
	cfg.unit.place = xstrdup("Tân Phú");
	struct report *r = fake_report(&cfg);
	struct strbuf sb;
	sb_init(&sb);
	report_write_text(r, REPORT_COLS_A4, &sb);
	assert_non_null(strstr(sb.buf, "HO CHI MINH COMMUNIST YOUTH UNION"));
	assert_non_null(strstr(sb.buf, "No.:         -BC/ĐTN"));
	assert_non_null(strstr(sb.buf, "Tân Phú, day "));
	assert_null(strstr(sb.buf, "Đồng Nai, day"));
	assert_null(strstr(sb.buf, NBSP));
	/* the month says its cut-off days */
	assert_non_null(strstr(sb.buf, "(from 15/10/2026 to 14/11/2026)"));
	sb_done(&sb);
	/* 58 mm: no line ends inside "hành chính" */
	sb_init(&sb);
	report_write_text(r, REPORT_COLS_58MM, &sb);
	assert_null(strstr(sb.buf, "HÀNH\n"));
	assert_null(strstr(sb.buf, "hành\n"));
	assert_null(strstr(sb.buf, "Phục\n"));
	assert_null(strstr(sb.buf, NBSP));
	sb_done(&sb);
	report_done(r);
	free(r);
	config_done(&cfg);
}

int main(void)
{
	i18n_init(LANG_EN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keep_words__joins_the_syllables_of_a_word_in_any_case),
	    cmocka_unit_test(plain_spaces__undoes_the_no_break_spaces),
	    cmocka_unit_test(from_config__youth_union_defaults),
	    cmocka_unit_test(from_config__state_form_and_settings),
	    cmocka_unit_test(text__document_heading_at_a4__no_word_split_when_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
