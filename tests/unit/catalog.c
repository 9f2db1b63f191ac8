/* catalog.c: seed, import, lookup and the ranking of the counter's search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/catalog.h"
#include "util/text.h"

struct fixture {
	char dir[64];
	char path[96];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/catalog-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/dvcdesk.db", f->dir);
	if (db_open(&f->db, f->path, 0) != ST_OK) {
		fprintf(stderr, "db_open: %s\n", status_detail(ST_DB_ERROR));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	const char *ext[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", f->path, ext[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void import_ok(struct db *db, const char *csv, int want_added, int want_updated,
                      const char *want_rejects)
{
	int added = -1, updated = -1;
	struct strbuf rejects;
	sb_init(&rejects);
	enum status st =
	    catalog_import(db, csv, strlen(csv), "test.csv", &added, &updated, &rejects);
	if (st != ST_OK)
		fail_msg("import: %s", status_detail(st));
	assert_int_equal(added, want_added);
	assert_int_equal(updated, want_updated);
	assert_string_equal(rejects.len ? rejects.buf : "", want_rejects);
	sb_done(&rejects);
}

static void set_use(struct db *db, const char *code, long use)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->h,
	                                    "UPDATE procedure SET use_count = ? WHERE code = ?", -1,
	                                    &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, use);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db->h), 1);
	sqlite3_finalize(st);
}

/* The codes catalog_search returns, space-separated. */
static char *search_codes(struct db *db, const char *query, int max)
{
	struct procedure *out = xcalloc((size_t)max + 1, sizeof(*out));
	int n = catalog_search(db, query, out, max);
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < n; i++) {
		if (i)
			sb_addc(&sb, ' ');
		sb_add(&sb, out[i].code);
	}
	free(out);
	return sb_steal(&sb);
}

static void search_codes_free(char *codes)
{
	free(codes);
}

static void expect_search(struct db *db, const char *query, const char *want)
{
	char *got = search_codes(db, query, 20);
	if (strcmp(got, want) != 0)
		fail_msg("search \"%s\": got [%s], want [%s]", query, got, want);
	free(got);
}

static void catalog_code_valid__accepts_the_three_shapes(void **state)
{
	(void)state;
	assert_true(catalog_code_valid("1.001193"));
	assert_true(catalog_code_valid("1.004850A"));
	assert_true(catalog_code_valid("1.000110.000.00.00.H01"));
	assert_true(catalog_code_valid("3.000285"));
	assert_false(catalog_code_valid(""));
	assert_false(catalog_code_valid("1.00119"));
	assert_false(catalog_code_valid("1.0011933"));
	assert_false(catalog_code_valid("11.001193"));
	assert_false(catalog_code_valid("1-001193"));
	assert_false(catalog_code_valid("1.001193a"));
	assert_false(catalog_code_valid("1.001193AB"));
	assert_false(catalog_code_valid("1.001193."));
	assert_false(catalog_code_valid("1.001193..H01"));
	assert_false(catalog_code_valid("1.001193 "));
	assert_false(catalog_code_valid("1.000110.000.00.00.H01.1.2.3"));
	assert_false(catalog_code_valid(NULL));
}

static void catalog_ensure_seed__loads_the_seed_once(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(catalog_count(f->db), 0);
	assert_int_equal(catalog_ensure_seed(f->db), ST_OK);
	long n = catalog_count(f->db);
	assert_int_equal(n, 30); /* every line of db/procedures-seed.csv */
	assert_int_equal(catalog_ensure_seed(f->db), ST_OK);
	assert_int_equal(catalog_count(f->db), n);
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.001193", &p), ST_OK);
	assert_string_equal(p.name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh");
	assert_string_equal(p.field, "H\xE1\xBB\x99 t\xE1\xBB\x8B"
	                             "ch");
	assert_true(p.active);
	assert_int_equal(catalog_get(f->db, "1.000689", &p), ST_OK);
	assert_string_equal(p.name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh k\xE1\xBA\xBFt "
	                            "h\xE1\xBB\xA3p nh\xE1\xBA\xADn cha, m\xE1\xBA\xB9, con");
	assert_int_equal(catalog_get(f->db, "9.999999", &p), ST_NOT_FOUND);
}

static void catalog_import__reads_bom_crlf_quotes_and_embedded_newlines(void **state)
{
	struct fixture *f = *state;
	const char *csv = "\xEF\xBB\xBF"
	                  "Name,FIELD,Code\r\n"
	                  "\"\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh\",H\xE1\xBB\x99 t\xE1\xBB\x8B"
	                  "ch,1.001193\r\n"
	                  "\r\n"
	                  "\"Ch\xE1\xBB\xA9ng th\xE1\xBB\xB1"
	                  "c b\xE1\xBA\xA3n sao, \"\"b\xE1\xBA"
	                  "\xA3n ch\xC3\xADnh\"\"\",Ch\xE1\xBB\xA9ng th\xE1\xBB\xB1"
	                  "c,2.000815\r\n"
	                  "\"Hai\r\n  d\xC3\xB2ng\",,1.004850a\r\n";
	import_ok(f->db, csv, 3, 0, "");
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "2.000815", &p), ST_OK);
	assert_string_equal(p.name, "Ch\xE1\xBB\xA9ng th\xE1\xBB\xB1"
	                            "c b\xE1\xBA\xA3n sao, "
	                            "\"b\xE1\xBA\xA3n ch\xC3\xADnh\"");
	/* The code is upper-cased, the line break inside the name made a space. */
	assert_int_equal(catalog_get(f->db, "1.004850A", &p), ST_OK);
	assert_string_equal(p.name, "Hai d\xC3\xB2ng");
	assert_string_equal(p.field, "");
	/* The search key is stored folded. */
	assert_int_equal(db_int(f->db,
	                        "SELECT count(*) FROM procedure WHERE code = '1.001193'"
	                        " AND search_key = 'dang ky khai sinh'",
	                        -1),
	                 1);
}

static void catalog_import__stores_nfd_names_as_nfc(void **state)
{
	struct fixture *f = *state;
	import_ok(f->db,
	          "code,name\n1.001193,\xC4\x90"
	          "a\xCC\x86"
	          "ng ky\xCC\x81 khai sinh\n",
	          1, 0, "");
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.001193", &p), ST_OK);
	assert_string_equal(p.name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh");
	expect_search(f->db, "\xC4\x91\xC4\x83ng k\xC3\xBD", "1.001193");
}

static void catalog_import__rejects_bad_rows_with_their_line(void **state)
{
	struct fixture *f = *state;
	const char *csv = "code,name,field\n"
	                  "1.001193,Khai sinh,H\n"     /* 2: fine */
	                  "1.00119,Short code,H\n"     /* 3 */
	                  "1.000656,,H\n"              /* 4: empty name */
	                  "1.000894,\"  \",H\n"        /* 5: blank name */
	                  "1.004222,Bad \xFF byte,H\n" /* 6 */
	                  "1.004194,Too,many,fields\n" /* 7 */
	                  "1.002755\n"                 /* 8 */
	                  "\n"
	                  "\"1.001193\",Again,H\n"       /* 10: repeated */
	                  "2.000815,\"Multi\nline\",C\n" /* 11-12: fine */
	                  "x,y,z\n";                     /* 13 */
	import_ok(f->db, csv, 2, 0,
	          "line 3: \"1.00119\" is not a procedure code (like 1.001193)\n"
	          "line 4: the name is empty\n"
	          "line 5: the name is empty\n"
	          "line 6: not valid UTF-8 text; save the file as UTF-8\n"
	          "line 7: the row has 4 fields, the header 3\n"
	          "line 8: the row has 1 fields, the header 3\n"
	          "line 10: the code 1.001193 is already on line 2\n"
	          "line 13: \"X\" is not a procedure code (like 1.001193)\n");
	assert_int_equal(catalog_count(f->db), 2);
}

static void catalog_import__updates_on_reimport(void **state)
{
	struct fixture *f = *state;
	import_ok(f->db, "code,name,field\n1.001193,Khai sinh,A\n1.000656,Khai t\xE1\xBB\xAD,A\n",
	          2, 0, "");
	set_use(f->db, "1.001193", 42);
	/* Same file: nothing changes. */
	import_ok(f->db, "code,name,field\n1.001193,Khai sinh,A\n1.000656,Khai t\xE1\xBB\xAD,A\n",
	          0, 0, "");
	/* A new name and a new row; the use count stays. */
	import_ok(f->db,
	          "code,name,field\n1.001193,\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh,A\n"
	          "1.000894,K\xE1\xBA\xBFt h\xC3\xB4n,A\n",
	          1, 1, "");
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.001193", &p), ST_OK);
	assert_string_equal(p.name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh");
	assert_int_equal(p.use_count, 42);
	assert_int_equal(db_int(f->db,
	                        "SELECT count(*) FROM procedure WHERE code = '1.001193'"
	                        " AND search_key = 'dang ky khai sinh'",
	                        -1),
	                 1);
	/* Without a field column the stored field stays. */
	import_ok(f->db,
	          "name,code\nKh\xC3\xA1"
	          "c,1.000656\n",
	          0, 1, "");
	assert_int_equal(catalog_get(f->db, "1.000656", &p), ST_OK);
	assert_string_equal(p.field, "A");
	assert_int_equal(catalog_count(f->db), 3);
	/* A withdrawn procedure comes back when imported again. */
	assert_int_equal(db_exec(f->db, "UPDATE procedure SET active = 0 WHERE code = '1.000656'"),
	                 ST_OK);
	assert_int_equal(catalog_count(f->db), 2);
	import_ok(f->db,
	          "name,code\nKh\xC3\xA1"
	          "c,1.000656\n",
	          0, 1, "");
	assert_int_equal(catalog_count(f->db), 3);
}

static void catalog_import__accepts_vietnamese_headers(void **state)
{
	struct fixture *f = *state;
	import_ok(f->db,
	          "STT,M\xC3\xA3 TTHC,T\xC3\xAAn th\xE1\xBB\xA7 t\xE1\xBB\xA5"
	          "c,L\xC4\xA9nh v\xE1\xBB\xB1"
	          "c\n"
	          "1,1.001193,Khai sinh,H\xE1\xBB\x99 t\xE1\xBB\x8B"
	          "ch\n",
	          1, 0, "");
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.001193", &p), ST_OK);
	assert_string_equal(p.name, "Khai sinh");
	assert_string_equal(p.field, "H\xE1\xBB\x99 t\xE1\xBB\x8B"
	                             "ch");
}

static void expect_invalid(struct db *db, const char *data, size_t len, const char *detail_part)
{
	int added = -1, updated = -1;
	struct strbuf rejects;
	sb_init(&rejects);
	status_clear();
	enum status st = catalog_import(db, data, len, "bad.csv", &added, &updated, &rejects);
	assert_int_equal(st, ST_INVALID);
	assert_int_equal(added, 0);
	assert_int_equal(updated, 0);
	assert_int_equal(rejects.len, 0);
	if (!strstr(status_detail(st), detail_part))
		fail_msg("detail \"%s\" lacks \"%s\"", status_detail(st), detail_part);
	sb_done(&rejects);
}

static void catalog_import__changes_nothing_when_the_file_is_not_csv(void **state)
{
	struct fixture *f = *state;
	import_ok(f->db, "code,name\n1.001193,Khai sinh\n", 1, 0, "");
	/* A malformed quote on line 4, after good rows: nothing of it is kept. */
	const char *broken = "code,name\n1.000656,Khai t\xE1\xBB\xAD\n1.001193,Renamed\n"
	                     "1.000894,\"K\xE1\xBA\xBFt\" h\xC3\xB4n\n";
	expect_invalid(f->db, broken, strlen(broken), "line 4");
	const char *unclosed = "code,name\n1.000656,\"Khai\n\n";
	expect_invalid(f->db, unclosed, strlen(unclosed), "line 2");
	/* No code/name header. */
	const char *noheader = "1.000656,Khai t\xE1\xBB\xAD\n";
	expect_invalid(f->db, noheader, strlen(noheader), "code and name");
	/* Binary bytes: a PDF's start. */
	const char pdf[] = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<\0\0>>\n";
	expect_invalid(f->db, pdf, sizeof(pdf) - 1, "bad.csv");
	expect_invalid(f->db, "", 0, "empty");
	assert_int_equal(catalog_count(f->db), 1);
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.001193", &p), ST_OK);
	assert_string_equal(p.name, "Khai sinh");
}

/* A small catalogue for the ranking cases, with use counts. */
static void ranking_catalogue(struct db *db)
{
	import_ok(
	    db,
	    "code,name\n"
	    "1.001193,\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh\n"
	    "1.000689,\"\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh k\xE1\xBA\xBFt h\xE1\xBB\xA3p "
	    "nh\xE1\xBA\xADn cha, m\xE1\xBA\xB9, con\"\n"
	    "1.004884,\xC4\x90\xC4\x83ng k\xC3\xBD l\xE1\xBA\xA1i khai sinh\n"
	    "2.000528,\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh c\xC3\xB3 y\xE1\xBA\xBFu t\xE1\xBB"
	    "\x91 n\xC6\xB0\xE1\xBB\x9B"
	    "c ngo\xC3\xA0i\n"
	    "1.000656,\xC4\x90\xC4\x83ng k\xC3\xBD khai t\xE1\xBB\xAD\n"
	    "1.000894,\xC4\x90\xC4\x83ng k\xC3\xBD k\xE1\xBA\xBFt h\xC3\xB4n\n"
	    "1.001100.000.00.00.H01,Ghi s\xE1\xBB\x95 vi\xE1\xBB\x87"
	    "c kh\xC3\xA1"
	    "c\n"
	    "2.000001,C\xE1\xBA\xA5p gi\xE1\xBA\xA5y ph\xC3\xA9p \xC4\x91\xC3\xA0o "
	    "\xC4\x91\xC6\xB0\xE1\xBB\x9Dng\n"
	    "2.000002,X\xC3\xA1"
	    "c nh\xE1\xBA\xADn \xC4\x91\xC6\xB0\xC6\xA1ng s\xE1\xBB\xB1\n",
	    9, 0, "");
	set_use(db, "1.001193", 10);
	set_use(db, "1.000689", 2);
	set_use(db, "1.004884", 5);
	set_use(db, "2.000528", 2);
	set_use(db, "1.000656", 7);
	set_use(db, "1.000894", 8);
	set_use(db, "2.000002", 9);
}

static void catalog_search__ranks_code_prefix_first(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "1.0011", "1.001193 1.001100.000.00.00.H01");
	expect_search(f->db, "1.001193", "1.001193");
	expect_search(f->db, " 1.001100.000.00.00.h01 ", "1.001100.000.00.00.H01");
	/* Digits of the code without its first part: a substring match. */
	expect_search(f->db, "001193", "1.001193");
}

static void catalog_search__matches_words_with_or_without_diacritics(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	/* Consecutive words, then most used, then the shorter name. */
	const char *khai_sinh = "1.001193 1.004884 2.000528 1.000689";
	expect_search(f->db, "khai sinh", khai_sinh);
	expect_search(f->db, "KHAI  SINH", khai_sinh);
	expect_search(f->db, "khai-sinh", khai_sinh);
	/* With or without diacritics, or typed with an IME that sends
	 * combining marks (NFD): the same.  "Đăng ký lại khai sinh" has a word
	 * between, so it comes after. */
	const char *dkks = "1.001193 2.000528 1.000689 1.004884";
	expect_search(f->db, "dang ky khai sinh", dkks);
	expect_search(f->db, "\xC4\x91\xC4\x83ng k\xC3\xBD khai sinh", dkks);
	expect_search(f->db,
	              "\xC4\x91"
	              "a\xCC\x86"
	              "ng ky\xCC\x81 khai sinh",
	              dkks);
	/* The start of the name first, even over more-used names. */
	expect_search(f->db, "dang ky k", "1.001193 1.000894 1.000656 2.000528 1.000689 1.004884");
	/* Words in order with others between come after consecutive ones. */
	expect_search(f->db, "dang sinh", "1.001193 1.004884 2.000528 1.000689");
	expect_search(f->db, "ket", "1.000894 1.000689");
}

static void catalog_search__matches_initials_and_abbreviations(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "ks", "1.001193 1.004884 2.000528 1.000689");
	expect_search(f->db, "dkks", "1.001193 2.000528 1.000689");
	/* Query words may skip name words between them, as plain words do. */
	expect_search(f->db, "dk khai sinh", "1.001193 1.004884 2.000528 1.000689");
	expect_search(f->db, "dangky ketho", "1.000894 1.000689");
	expect_search(f->db, "dklks", "1.004884");
	/* Word starts first ("khai", "khác"), then initials ("kết hôn"). */
	expect_search(f->db, "kh",
	              "1.001193 1.000656 1.004884 2.000528 1.000689 "
	              "1.001100.000.00.00.H01 1.000894");
	/* A piece inside a query word is one letter or a whole word, except the
	 * last: "hon" is not "ho(p) n(hận)". */
	expect_search(f->db, "ket hon", "1.000894");
}

static void catalog_search__falls_back_to_substrings(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "ai sinh", "1.001193 1.004884 2.000528 1.000689");
	expect_search(f->db, "\xC6\xA1ng s", "2.000002"); /* "ơng s" inside "đương sự" */
	expect_search(f->db, "zzz", "");
	expect_search(f->db, "bad \xFF", "");
}

static void catalog_search__prefers_the_diacritics_typed(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	/* Folded, both are "duong": the more used wins. */
	expect_search(f->db, "duong", "2.000002 2.000001");
	/* "đường" typed with its marks: the road permit first. */
	expect_search(f->db, "\xC4\x91\xC6\xB0\xE1\xBB\x9Dng", "2.000001 2.000002");
	expect_search(f->db, "\xC4\x91\xC6\xB0\xC6\xA1ng", "2.000002 2.000001");
}

static void catalog_search__lists_the_most_used_for_an_empty_query(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "",
	              "1.001193 2.000002 1.000894 1.000656 1.004884 2.000528 "
	              "1.000689 1.001100.000.00.00.H01 2.000001");
	expect_search(f->db, "   ",
	              "1.001193 2.000002 1.000894 1.000656 1.004884 2.000528 "
	              "1.000689 1.001100.000.00.00.H01 2.000001");
	char *three = search_codes(f->db, NULL, 3);
	assert_string_equal(three, "1.001193 2.000002 1.000894");
	free(three);
	struct procedure p;
	assert_int_equal(catalog_search(f->db, "", &p, 0), 0);
	assert_int_equal(catalog_search(f->db, "", &p, 1), 1);
	assert_string_equal(p.code, "1.001193");
	assert_string_equal(p.name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh");
	assert_int_equal(p.use_count, 10);
}

static void catalog_search__sees_writes_without_being_told(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "ket hon", "1.000894");
	/* Use counts change on this connection (as a visit save does). */
	set_use(f->db, "1.004884", 11);
	expect_search(f->db, "khai sinh", "1.004884 1.001193 2.000528 1.000689");
	/* An import adds a name. */
	import_ok(f->db,
	          "code,name\n1.005461,\xC4\x90\xC4\x83ng k\xC3\xBD l\xE1\xBA\xA1i "
	          "k\xE1\xBA\xBFt h\xC3\xB4n\n",
	          1, 0, "");
	expect_search(f->db, "ket hon", "1.000894 1.005461");
	/* A withdrawn procedure is no longer offered, but can still be read. */
	assert_int_equal(db_exec(f->db, "UPDATE procedure SET active = 0 WHERE code = '1.000894'"),
	                 ST_OK);
	expect_search(f->db, "ket hon", "1.005461");
	struct procedure p;
	assert_int_equal(catalog_get(f->db, "1.000894", &p), ST_OK);
	assert_false(p.active);
	/* Another connection (another process) imports: seen too. */
	struct db *other;
	assert_int_equal(db_open(&other, f->path, 0), ST_OK);
	import_ok(other, "code,name\n2.000003,K\xE1\xBA\xBFt h\xC3\xB4n th\xE1\xBB\xAD\n", 1, 0,
	          "");
	expect_search(f->db, "ket hon", "2.000003 1.005461");
	expect_search(other, "ket hon", "2.000003 1.005461");
	db_close(other);
	expect_search(f->db, "ket hon", "2.000003 1.005461");
}

static void catalog_search__forgets_a_closed_connection(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "ket hon", "1.000894");
	/* Close and open a fresh file, perhaps at the same address: the old
	 * copy must not answer. */
	char path2[128];
	snprintf(path2, sizeof(path2), "%s/second.db", f->dir);
	db_close(f->db);
	f->db = NULL;
	struct db *db2;
	assert_int_equal(db_open(&db2, path2, 0), ST_OK);
	expect_search(db2, "ket hon", "");
	import_ok(db2, "code,name\n1.000894,K\xE1\xBA\xBFt h\xC3\xB4n\n", 1, 0, "");
	expect_search(db2, "ket hon", "1.000894");
	db_close(db2);
	const char *ext[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		char p[160];
		snprintf(p, sizeof(p), "%s%s", path2, ext[i]);
		unlink(p);
	}
	assert_int_equal(db_open(&f->db, f->path, 0), ST_OK);
	expect_search(f->db, "ket hon", "1.000894");
}

static void catalog_search__forgets_use_counts_rolled_back(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	expect_search(f->db, "khai sinh", "1.001193 1.004884 2.000528 1.000689");
	/* A save that bumps a use count, then fails before its commit. */
	assert_int_equal(db_begin(f->db), ST_OK);
	set_use(f->db, "1.000689", 30);
	expect_search(f->db, "khai sinh", "1.000689 1.001193 1.004884 2.000528");
	db_rollback(f->db);
	expect_search(f->db, "khai sinh", "1.001193 1.004884 2.000528 1.000689");
	/* Committed, it stays. */
	assert_int_equal(db_begin(f->db), ST_OK);
	set_use(f->db, "2.000528", 30);
	assert_int_equal(db_commit(f->db), ST_OK);
	expect_search(f->db, "khai sinh", "2.000528 1.001193 1.004884 1.000689");
	/* A rename on this connection is seen at once too. */
	assert_int_equal(db_exec(f->db, "UPDATE procedure SET name = 'Khai sinh', search_key = "
	                                "'khai sinh' WHERE code = '2.000528'"),
	                 ST_OK);
	expect_search(f->db, "dang ky khai sinh", "1.001193 1.000689 1.004884");
}

/* Typing narrows the last search's matches instead of ranking the whole
 * catalogue again: every prefix gives what a search from scratch gives. */
static void catalog_search__narrows_as_letters_are_typed(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	const char *typed[] = {
	    "dang ky khai sinh", "dkks",   "khai sinh",
	    "dk ket hon",        "1.0011", "\xC4\x91\xC6\xB0\xE1\xBB\x9Dng", /* đường */
	    "xac nhan duong"};
	for (size_t t = 0; t < ARRAY_LEN(typed); t++) {
		size_t len = strlen(typed[t]);
		for (size_t k = 1; k <= len; k++) {
			char q[64];
			snprintf(q, sizeof(q), "%.*s", (int)k, typed[t]);
			char *narrowed = search_codes(f->db, q, 20);
			search_codes_free(search_codes(f->db, "zzzz", 20)); /* no common prefix */
			char *scratch = search_codes(f->db, q, 20);
			assert_string_equal(narrowed, scratch);
			free(narrowed);
			free(scratch);
			/* the next prefix narrows this one again */
			search_codes_free(search_codes(f->db, q, 20));
		}
	}
}

/* The counter asks for its shortcuts before anything is typed: from the
 * use-count index, without loading the catalogue, in the same order. */
static void catalog_search__lists_the_same_most_used_before_the_copy(void **state)
{
	struct fixture *f = *state;
	ranking_catalogue(f->db);
	/* Ties on the use count: the shorter name first, then the code. */
	set_use(f->db, "1.000689", 9);
	set_use(f->db, "1.001100.000.00.00.H01", 9);
	db_close(f->db);
	assert_int_equal(db_open(&f->db, f->path, 0), ST_OK);
	char *before = search_codes(f->db, "", 5);
	search_codes_free(search_codes(f->db, "k", 5)); /* loads the copy */
	char *after = search_codes(f->db, "", 5);
	assert_string_equal(before, "1.001193 1.001100.000.00.00.H01 2.000002 1.000689 1.000894");
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ---- 10,000 procedures ---------------------------------------------------- */

static const char *verbs[] = {
    "C\xE1\xBA\xA5p",                /* Cấp */
    "C\xE1\xBA\xA5p l\xE1\xBA\xA1i", /* Cấp lại */
    "Gia h\xE1\xBA\xA1n",            /* Gia hạn */
    "X\xC3\xB3"
    "a",                          /* Xóa */
    "Thay \xC4\x91\xE1\xBB\x95i", /* Thay đổi */
    "Ch\xE1\xBB\xA9ng th\xE1\xBB\xB1"
    "c",                            /* Chứng thực */
    "C\xC3\xB4ng nh\xE1\xBA\xADn",  /* Công nhận */
    "Th\xC3\xB4ng b\xC3\xA1o",      /* Thông báo */
    "\xC4\x90\xC4\x83ng k\xC3\xBD", /* Đăng ký */
};
static const char *objects[] = {
    "gi\xE1\xBA\xA5y ph\xC3\xA9p x\xC3\xA2y d\xE1\xBB\xB1ng", /* giấy phép xây dựng */
    "khai sinh",
    "khai t\xE1\xBB\xAD",                                                   /* khai tử */
    "t\xE1\xBA\xA1m tr\xC3\xBA",                                            /* tạm trú */
    "h\xE1\xBB\x99 kinh doanh",                                             /* hộ kinh doanh */
    "con nu\xC3\xB4i",                                                      /* con nuôi */
    "quy\xE1\xBB\x81n s\xE1\xBB\xAD d\xE1\xBB\xA5ng \xC4\x91\xE1\xBA\xA5t", /* quyền sử dụng đất */
    "h\xE1\xBB\x99 ngh\xC3\xA8o",                                           /* hộ nghèo */
    "b\xE1\xBA\xA3n sao",                                                   /* bản sao */
    "ch\xE1\xBB\xAF k\xC3\xBD",                                             /* chữ ký */
};
static const char *qualifiers[] = {
    "c\xE1\xBA\xA5p x\xC3\xA3", /* cấp xã */
    "c\xC3\xB3 y\xE1\xBA\xBFu t\xE1\xBB\x91 n\xC6\xB0\xE1\xBB\x9B"
    "c ngo\xC3\xA0i",
    "l\xC6\xB0u \xC4\x91\xE1\xBB\x99ng",    /* lưu động */
    "l\xE1\xBA\xA7n \xC4\x91\xE1\xBA\xA7u", /* lần đầu */
    "tr\xE1\xBB\xB1"
    "c tuy\xE1\xBA\xBFn",  /* trực tuyến */
    "theo m\xE1\xBA\xABu", /* theo mẫu */
};

#define BIG 10000

/* The order within a tier: most used, then the shorter folded name, then
 * the code. */
static bool ranked_before(const struct procedure *a, const struct procedure *b)
{
	if (a->use_count != b->use_count)
		return a->use_count > b->use_count;
	char *fa = text_fold(a->name), *fb = text_fold(b->name);
	size_t la = strlen(fa), lb = strlen(fb);
	free(fa);
	free(fb);
	if (la != lb)
		return la < lb;
	return strcmp(a->code, b->code) < 0;
}

static void catalog_search__ranks_ten_thousand_procedures_correctly(void **state)
{
	struct fixture *f = *state;
	struct strbuf csv;
	sb_init(&csv);
	sb_add(&csv, "code,name,field\r\n");
	int n_khai_sinh = 0, n_prefix_1002 = 0;
	for (int i = 0; i < BIG; i++) {
		const char *v = verbs[i % ARRAY_LEN(verbs)];
		const char *o = objects[(i / 3) % ARRAY_LEN(objects)];
		const char *q = qualifiers[(i / 7) % ARRAY_LEN(qualifiers)];
		if (strcmp(o, "khai sinh") == 0)
			n_khai_sinh++;
		char code[16];
		snprintf(code, sizeof(code), "%d.%06d", 1 + i % 3, 1000 + i);
		if (strncmp(code, "1.002", 5) == 0)
			n_prefix_1002++;
		sb_addf(&csv,
		        "%s,\"%s %s %s %d\",L\xC4\xA9nh v\xE1\xBB\xB1"
		        "c %d\r\n",
		        code, v, o, q, i, i % 17);
	}
	/* The real one, planted among them, and made the most used. */
	sb_add(&csv, "1.001193,\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh,H\xE1\xBB\x99 t\xE1\xBB\x8B"
	             "ch\r\n");
	clock_t t0 = clock();
	import_ok(f->db, csv.buf, BIG + 1, 0, "");
	double import_ms = 1000.0 * (double)(clock() - t0) / CLOCKS_PER_SEC;
	sb_done(&csv);
	assert_int_equal(catalog_count(f->db), BIG + 1);
	/* Use counts: the i-th procedure used i % 50 times. */
	assert_int_equal(db_exec(f->db, "UPDATE procedure SET use_count ="
	                                " CAST(substr(code, 3) AS INTEGER) % 50"),
	                 ST_OK);
	set_use(f->db, "1.001193", 1000);

	struct procedure *all = xcalloc(BIG + 2, sizeof(*all));
	/* Every "khai sinh" name, and only those, for the phrase. */
	int n = catalog_search(f->db, "khai sinh", all, BIG + 2);
	assert_int_equal(n, n_khai_sinh + 1);
	assert_string_equal(all[0].code, "1.001193");
	for (int i = 1; i < n; i++) {
		char *k = text_fold(all[i].name);
		assert_non_null(strstr(k, "khai sinh"));
		free(k);
	}
	/* "dkks" puts the real one first; the rest are "Đăng ký khai sinh ...". */
	n = catalog_search(f->db, "dkks", all, BIG + 2);
	assert_true(n > 1);
	assert_string_equal(all[0].code, "1.001193");
	for (int i = 1; i < n; i++)
		assert_int_equal(strncmp(all[i].name, "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh", 20),
		                 0);
	/* A code prefix: all of them, by use count then code. */
	n = catalog_search(f->db, "1.002", all, BIG + 2);
	assert_int_equal(n, n_prefix_1002);
	for (int i = 0; i < n; i++) {
		assert_int_equal(strncmp(all[i].code, "1.002", 5), 0);
		if (i)
			assert_true(ranked_before(&all[i - 1], &all[i]));
	}
	/* An empty query: all, most used first, ties by code. */
	n = catalog_search(f->db, "", all, BIG + 2);
	assert_int_equal(n, BIG + 1);
	assert_string_equal(all[0].code, "1.001193");
	for (int i = 2; i < n; i++)
		assert_true(ranked_before(&all[i - 1], &all[i]));
	free(all);

	/* What a keystroke costs (printed, not asserted: machines differ). */
	const char *queries[] = {"",          "k",    "kh", "khai", "khai s",
	                         "khai sinh", "dkks", "ks", "1.00", "\xC4\x91\xC4\x83ng k\xC3\xBD",
	                         "zzzz",      "t"};
	struct procedure top[10];
	catalog_search(f->db, "warm", top, 10); /* loads the copy */
	clock_t c0 = clock();
	int calls = 0;
	for (int r = 0; r < 20; r++)
		for (size_t i = 0; i < ARRAY_LEN(queries); i++, calls++)
			catalog_search(f->db, queries[i], top, 10);
	double per_call = 1000.0 * (double)(clock() - c0) / CLOCKS_PER_SEC / calls;
	clock_t l0 = clock();
	set_use(f->db, "1.001193", 1001); /* forces a reload */
	catalog_search(f->db, "k", top, 10);
	double reload_ms = 1000.0 * (double)(clock() - l0) / CLOCKS_PER_SEC;
	printf("# %d procedures: import %.0f ms, search %.3f ms per call, reload %.1f ms\n",
	       BIG + 1, import_ms, per_call, reload_ms);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(catalog_code_valid__accepts_the_three_shapes),
	    T(catalog_ensure_seed__loads_the_seed_once),
	    T(catalog_import__reads_bom_crlf_quotes_and_embedded_newlines),
	    T(catalog_import__stores_nfd_names_as_nfc),
	    T(catalog_import__rejects_bad_rows_with_their_line),
	    T(catalog_import__updates_on_reimport),
	    T(catalog_import__accepts_vietnamese_headers),
	    T(catalog_import__changes_nothing_when_the_file_is_not_csv),
	    T(catalog_search__ranks_code_prefix_first),
	    T(catalog_search__matches_words_with_or_without_diacritics),
	    T(catalog_search__matches_initials_and_abbreviations),
	    T(catalog_search__falls_back_to_substrings),
	    T(catalog_search__prefers_the_diacritics_typed),
	    T(catalog_search__lists_the_most_used_for_an_empty_query),
	    T(catalog_search__sees_writes_without_being_told),
	    T(catalog_search__forgets_a_closed_connection),
	    T(catalog_search__forgets_use_counts_rolled_back),
	    T(catalog_search__narrows_as_letters_are_typed),
	    T(catalog_search__lists_the_same_most_used_before_the_copy),
	    T(catalog_search__ranks_ten_thousand_procedures_correctly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
