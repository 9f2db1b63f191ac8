/* Unit tests for src/qr.c: URL templates, error-correction step-down, the
 * quiet zone and the glyphs.  Decoding by a real reader is tests/cli/qr.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/qr.h"
#include "util/status.h"
#include "util/util.h"

/* Long enough for v5 at L and v6 at M. */
static const char procedure_url[] =
    "https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword=1.001193&showAdvanced=false";

static void portal(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->portal.home_url = xstrdup("https://dichvucong.gov.vn");
	cfg->portal.procedure_url = xstrdup("https://dvc.example.vn/tt?keyword={code}&limit=10");
	cfg->portal.dossier_url = xstrdup("https://dvc.example.vn/hs?ma={dossier}&again={dossier}");
	cfg->portal.payment_url = xstrdup("https://dichvucong.gov.vn/thanh-toan-truc-tuyen");
	cfg->portal.vneid_url = xstrdup("");
	cfg->portal.feedback_url = NULL;
}

static void portal_done(struct config *cfg)
{
	free(cfg->portal.home_url);
	free(cfg->portal.procedure_url);
	free(cfg->portal.dossier_url);
	free(cfg->portal.payment_url);
	free(cfg->portal.vneid_url);
	free(cfg->portal.feedback_url);
}

static void qr_url__percent_encodes_the_dossier_code__in_every_placeholder(void **state)
{
	(void)state;
	struct config cfg;
	portal(&cfg);
	char *url = NULL;
	assert_int_equal(qr_url(&cfg, QR_DOSSIER, "H08 24&03/27#Đơn~x_y.z-1", &url), ST_OK);
	assert_string_equal(
	    url, "https://dvc.example.vn/hs?ma=H08%2024%2603%2F27%23%C4%90%C6%A1n~x_y.z-1"
	         "&again=H08%2024%2603%2F27%23%C4%90%C6%A1n~x_y.z-1");
	free(url);
	portal_done(&cfg);
}

static void qr_url__substitutes_the_procedure_code(void **state)
{
	(void)state;
	struct config cfg;
	portal(&cfg);
	char *url = NULL;
	assert_int_equal(qr_url(&cfg, QR_PROCEDURE, "1.001193", &url), ST_OK);
	assert_string_equal(url, "https://dvc.example.vn/tt?keyword=1.001193&limit=10");
	free(url);
	portal_done(&cfg);
}

static void qr_url__returns_the_template__when_it_has_no_placeholder(void **state)
{
	(void)state;
	struct config cfg;
	portal(&cfg);
	free(cfg.portal.dossier_url);
	cfg.portal.dossier_url = xstrdup("https://dichvucong.gov.vn/tra-cuu-ho-so");
	char *url = NULL;
	assert_int_equal(qr_url(&cfg, QR_DOSSIER, "000.00.20.H08-240327-0001", &url), ST_OK);
	assert_string_equal(url, "https://dichvucong.gov.vn/tra-cuu-ho-so");
	free(url);
	assert_int_equal(qr_url(&cfg, QR_PAYMENT, NULL, &url), ST_OK);
	assert_string_equal(url, "https://dichvucong.gov.vn/thanh-toan-truc-tuyen");
	free(url);
	portal_done(&cfg);
}

static void qr_url__fails_with_the_config_key__when_the_template_is_unset(void **state)
{
	(void)state;
	struct config cfg;
	portal(&cfg);
	static char sentinel;
	char *url = &sentinel;
	status_clear();
	assert_int_equal(qr_url(&cfg, QR_VNEID, NULL, &url), ST_CONFIG);
	assert_null(url);
	assert_non_null(strstr(status_detail(ST_CONFIG), "[portal] vneid_url"));
	assert_int_equal(qr_url(&cfg, QR_FEEDBACK, NULL, &url), ST_CONFIG);
	assert_non_null(strstr(status_detail(ST_CONFIG), "[portal] feedback_url"));
	portal_done(&cfg);
}

static void qr_url__fails_usage__when_the_code_is_missing(void **state)
{
	(void)state;
	struct config cfg;
	portal(&cfg);
	char *url = NULL;
	assert_int_equal(qr_url(&cfg, QR_PROCEDURE, NULL, &url), ST_USAGE);
	assert_null(url);
	assert_int_equal(qr_url(&cfg, QR_DOSSIER, "", &url), ST_USAGE);
	assert_null(url);
	portal_done(&cfg);
}

static void qr_percent_encode__keeps_only_rfc3986_unreserved(void **state)
{
	(void)state;
	char all[96];
	for (int i = 0; i < 95; i++)
		all[i] = (char)(' ' + i);
	all[95] = '\0';
	char *enc = qr_percent_encode(all);
	assert_string_equal(enc,
	                    "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D"
	                    "%3E%3F%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60"
	                    "abcdefghijklmnopqrstuvwxyz%7B%7C%7D~");
	free(enc);
}

static void qr_target_and_ecc__parse_their_names(void **state)
{
	(void)state;
	enum qr_target t;
	for (int i = 0; i < QR__TARGET_COUNT; i++) {
		assert_true(qr_target_parse(qr_target_name((enum qr_target)i), &t));
		assert_int_equal(t, i);
		assert_true(strlen(qr_caption((enum qr_target)i)) > 0);
	}
	assert_false(qr_target_parse("Home", &t));
	enum qr_ecc e;
	assert_true(qr_ecc_parse("q", &e));
	assert_int_equal(e, QR_ECC_Q);
	assert_true(qr_ecc_parse("H", &e));
	assert_int_equal(e, QR_ECC_H);
	assert_false(qr_ecc_parse("X", &e));
	assert_false(qr_ecc_parse("ML", &e));
	assert_int_equal(qr_ecc_letter(QR_ECC_L), 'L');
}

static void qr_render__keeps_M__when_it_fits(void **state)
{
	(void)state;
	struct qr_render r;
	assert_int_equal(
	    qr_render("https://dichvucong.gov.vn", QR_STYLE_HALF, false, 80, 22, QR_ECC_M, &r),
	    ST_OK);
	assert_int_equal(r.ecc, QR_ECC_M);
	assert_false(r.stepped_down);
	assert_int_equal(r.version, 2); /* 25 modules + 8 of quiet zone */
	assert_int_equal(r.modules, 33);
	assert_int_equal(r.width, 33);
	assert_int_equal(r.height, 17);
	qr_render_done(&r);
}

/* The height of the unconstrained half-block symbol at one level. */
static int height_at(const char *text, enum qr_ecc ecc)
{
	struct qr_render r;
	assert_int_equal(qr_render(text, QR_STYLE_HALF, false, 0, 0, ecc, &r), ST_OK);
	assert_int_equal(r.ecc, ecc);
	int h = r.height;
	qr_render_done(&r);
	return h;
}

static void qr_render__steps_down_to_L__only_when_that_makes_it_fit(void **state)
{
	(void)state;
	int at_m = height_at(procedure_url, QR_ECC_M), at_l = height_at(procedure_url, QR_ECC_L);
	assert_true(at_l < at_m);
	struct qr_render r;

	assert_int_equal(qr_render(procedure_url, QR_STYLE_HALF, false, 80, at_m, QR_ECC_M, &r),
	                 ST_OK);
	assert_int_equal(r.ecc, QR_ECC_M);
	assert_false(r.stepped_down);
	qr_render_done(&r);

	assert_int_equal(qr_render(procedure_url, QR_STYLE_HALF, false, 80, at_m - 1, QR_ECC_M, &r),
	                 ST_OK);
	assert_int_equal(r.ecc, QR_ECC_L);
	assert_true(r.stepped_down);
	assert_int_equal(r.height, at_l);
	assert_true(r.height <= at_m - 1);
	qr_render_done(&r);
}

/* The QR screen's render: the 138-byte procedure address is version 7 at L
 * byte for byte, 6 with "HTTPS://DICHVUCONG.GOV.VN/" in alphanumeric mode;
 * the quiet zone is what was asked, never under 2; text that is no URL is
 * left as it is. */
static const char default_procedure_url[] =
    "https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword=1.001193&showAdvanced=false"
    "&formalityType=STANDARD&limit=10&activeKey=STANDARD";

static void qr_encode__packs_scheme_and_host__and_draws_a_quiet_zone_of_2(void **state)
{
	(void)state;
	struct qr_render plain, small;
	struct qr_symbol sym;
	assert_int_equal(
	    qr_render(default_procedure_url, QR_STYLE_HALF, false, 0, 0, QR_ECC_L, &plain), ST_OK);
	assert_int_equal(plain.version, 7);
	qr_render_done(&plain);
	assert_int_equal(qr_encode(default_procedure_url, QR_ECC_L, false, &sym), ST_OK);
	assert_int_equal(sym.version, 7);
	qr_symbol_done(&sym);
	assert_int_equal(qr_encode(default_procedure_url, QR_ECC_L, true, &sym), ST_OK);
	assert_int_equal(sym.version, 6);
	assert_int_equal(sym.ecc, QR_ECC_L);
	qr_symbol_render(&sym, QR_STYLE_HALF, false, 2, &small);
	assert_int_equal(small.quiet, 2);
	assert_int_equal(small.modules, 41 + 4);
	assert_true(small.height <= 24); /* 80x24, the whole height */
	for (int i = 0; i < small.modules; i++) {
		assert_false(qr_render_is_dark(&small, i, 0));
		assert_false(qr_render_is_dark(&small, i, 1));
		assert_false(qr_render_is_dark(&small, 0, i));
		assert_false(qr_render_is_dark(&small, small.modules - 2, i));
	}
	qr_render_done(&small);
	qr_symbol_render(&sym, QR_STYLE_HALF, false, 0, &small);
	assert_int_equal(small.quiet, 2);
	qr_render_done(&small);
	qr_symbol_render(&sym, QR_STYLE_HALF, false, 9, &small);
	assert_int_equal(small.quiet, 4);
	qr_render_done(&small);
	qr_symbol_done(&sym);
	/* text that is no URL is encoded as it is */
	struct qr_symbol a;
	assert_int_equal(qr_encode("dvcdesk: not a URL at all, 1234", QR_ECC_M, true, &sym), ST_OK);
	assert_int_equal(qr_encode("dvcdesk: not a URL at all, 1234", QR_ECC_M, false, &a), ST_OK);
	assert_int_equal(sym.version, a.version);
	assert_memory_equal(sym.data, a.data, (size_t)(a.width * a.width));
	qr_symbol_done(&a);
	qr_symbol_done(&sym);
	assert_int_equal(qr_encode("", QR_ECC_M, true, &sym), ST_INVALID);
	qr_symbol_done(&sym);
}

static void qr_render__fails_naming_the_size_needed__when_L_does_not_fit(void **state)
{
	(void)state;
	int at_l = height_at(procedure_url, QR_ECC_L);
	struct qr_render r;
	status_clear();
	assert_int_equal(qr_render(procedure_url, QR_STYLE_HALF, false, 80, at_l - 1, QR_ECC_M, &r),
	                 ST_INVALID);
	assert_null(r.lines);
	char want[64];
	snprintf(want, sizeof want, "needs %d columns x %d rows", 2 * at_l - 1, at_l);
	assert_non_null(strstr(status_detail(ST_INVALID), want));
	qr_render_done(&r);

	/* Wide style needs twice the columns and a row per module. */
	assert_int_equal(
	    qr_render(procedure_url, QR_STYLE_WIDE, false, 2 * (2 * at_l - 1) - 1, 0, QR_ECC_M, &r),
	    ST_INVALID);
	snprintf(want, sizeof want, "needs %d columns x %d rows", 2 * (2 * at_l - 1), 2 * at_l - 1);
	assert_non_null(strstr(status_detail(ST_INVALID), want));
	qr_render_done(&r);
}

static void qr_render__steps_down_for_capacity__and_fails_past_version_40(void **state)
{
	(void)state;
	/* 8-bit capacity of version 40: 2331 bytes at M, 2953 at L. */
	char *text = xmalloc(3001);
	memset(text, 'a', 3000);
	text[2400] = '\0';
	struct qr_render r;
	assert_int_equal(qr_render(text, QR_STYLE_ASCII, false, 0, 0, QR_ECC_M, &r), ST_OK);
	assert_int_equal(r.ecc, QR_ECC_L);
	assert_true(r.stepped_down);
	qr_render_done(&r);

	text[2400] = 'a';
	text[3000] = '\0';
	status_clear();
	assert_int_equal(qr_render(text, QR_STYLE_ASCII, false, 0, 0, QR_ECC_M, &r), ST_INVALID);
	assert_non_null(strstr(status_detail(ST_INVALID), "3000 bytes"));
	assert_non_null(strstr(status_detail(ST_INVALID), "2953"));
	qr_render_done(&r);
	free(text);
}

static void qr_render__refuses_an_empty_text(void **state)
{
	(void)state;
	struct qr_render r;
	assert_int_equal(qr_render("", QR_STYLE_HALF, false, 0, 0, QR_ECC_M, &r), ST_INVALID);
	qr_render_done(&r);
}

/* Count UTF-8 code points: every glyph used is one column wide. */
static int columns(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void qr_render__has_a_light_4_module_quiet_zone__in_every_style(void **state)
{
	(void)state;
	static const enum qr_style styles[] = {QR_STYLE_HALF, QR_STYLE_WIDE, QR_STYLE_ASCII};
	for (size_t s = 0; s < ARRAY_LEN(styles); s++) {
		for (int inv = 0; inv < 2; inv++) {
			struct qr_render r;
			assert_int_equal(
			    qr_render("quiet zone", styles[s], inv, 0, 0, QR_ECC_M, &r), ST_OK);
			/* Light lines: spaces when ink is dark, full ink when inverted. */
			const char *light =
			    inv ? (styles[s] == QR_STYLE_ASCII ? "#" : "\u2588") : " ";
			const int quiet_lines = styles[s] == QR_STYLE_HALF ? 2 : 4;
			for (int i = 0; i < r.height; i++)
				assert_int_equal(columns(r.lines[i]), r.width);
			for (int k = 0; k < quiet_lines; k++) {
				for (const char *line = r.lines[k]; *line; line += strlen(light))
					assert_memory_equal(line, light, strlen(light));
				for (const char *line = r.lines[r.height - 1 - k]; *line;
				     line += strlen(light))
					assert_memory_equal(line, light, strlen(light));
			}
			for (int y = 0; y < r.modules; y++)
				for (int x = 0; x < 4; x++) {
					assert_false(qr_render_is_dark(&r, x, y));
					assert_false(qr_render_is_dark(&r, r.modules - 1 - x, y));
					assert_false(qr_render_is_dark(&r, y, x));
					assert_false(qr_render_is_dark(&r, y, r.modules - 1 - x));
				}
			/* The finder pattern's corner starts right after it. */
			assert_true(qr_render_is_dark(&r, 4, 4));
			assert_true(qr_render_is_dark(&r, r.modules - 5, 4));
			assert_true(qr_render_is_dark(&r, 4, r.modules - 5));
			qr_render_done(&r);
		}
	}
}

/* Every half-block glyph shows exactly its two modules. */
static void qr_render__half_glyphs_follow_the_module_matrix(void **state)
{
	(void)state;
	for (int inv = 0; inv < 2; inv++) {
		struct qr_render r;
		assert_int_equal(qr_render("https://dichvucong.gov.vn/tra-cuu-ho-so", QR_STYLE_HALF,
		                           inv, 0, 0, QR_ECC_M, &r),
		                 ST_OK);
		assert_int_equal(r.height, (r.modules + 1) / 2);
		for (int row = 0; row < r.height; row++) {
			const char *p = r.lines[row];
			for (int x = 0; x < r.modules; x++) {
				bool top = qr_render_is_dark(&r, x, 2 * row) != inv;
				bool bottom = qr_render_is_dark(&r, x, 2 * row + 1) != inv;
				const char *want = top && bottom ? "\u2588"
				                   : top         ? "\u2580"
				                   : bottom      ? "\u2584"
				                                 : " ";
				assert_memory_equal(p, want, strlen(want));
				p += strlen(want);
			}
			assert_int_equal(*p, '\0');
		}
		qr_render_done(&r);
	}
}

static void qr_render__invert_swaps_ink_and_paper(void **state)
{
	(void)state;
	struct qr_render a, b;
	assert_int_equal(qr_render("đảo màu", QR_STYLE_ASCII, false, 0, 0, QR_ECC_M, &a), ST_OK);
	assert_int_equal(qr_render("đảo màu", QR_STYLE_ASCII, true, 0, 0, QR_ECC_M, &b), ST_OK);
	assert_int_equal(a.height, b.height);
	int dark = 0;
	for (int i = 0; i < a.height; i++)
		for (size_t j = 0; a.lines[i][j]; j++) {
			assert_true(a.lines[i][j] != b.lines[i][j]);
			dark += a.lines[i][j] == '#';
		}
	assert_true(dark > 0);
	qr_render_done(&a);
	qr_render_done(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(qr_url__percent_encodes_the_dossier_code__in_every_placeholder),
	    cmocka_unit_test(qr_url__substitutes_the_procedure_code),
	    cmocka_unit_test(qr_url__returns_the_template__when_it_has_no_placeholder),
	    cmocka_unit_test(qr_url__fails_with_the_config_key__when_the_template_is_unset),
	    cmocka_unit_test(qr_url__fails_usage__when_the_code_is_missing),
	    cmocka_unit_test(qr_percent_encode__keeps_only_rfc3986_unreserved),
	    cmocka_unit_test(qr_target_and_ecc__parse_their_names),
	    cmocka_unit_test(qr_render__keeps_M__when_it_fits),
	    cmocka_unit_test(qr_render__steps_down_to_L__only_when_that_makes_it_fit),
	    cmocka_unit_test(qr_render__fails_naming_the_size_needed__when_L_does_not_fit),
	    cmocka_unit_test(qr_render__steps_down_for_capacity__and_fails_past_version_40),
	    cmocka_unit_test(qr_render__refuses_an_empty_text),
	    cmocka_unit_test(qr_render__has_a_light_4_module_quiet_zone__in_every_style),
	    cmocka_unit_test(qr_render__half_glyphs_follow_the_module_matrix),
	    cmocka_unit_test(qr_render__invert_swaps_ink_and_paper),
	    cmocka_unit_test(qr_encode__packs_scheme_and_host__and_draws_a_quiet_zone_of_2),
	};
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
