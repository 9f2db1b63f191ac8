/* UTF-8 text: normalisation, search folding and display width.
 * All stored text is NFC; search runs on a folded copy. Built on utf8proc. */
#ifndef DVCDESK_TEXT_H
#define DVCDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/status.h"

/* The one UTF-8 decoder (strict: no overlong forms, no surrogates, nothing
 * past U+10FFFF; never reads past n or a NUL).  Returns the byte length of
 * the character at s and sets *cp; an invalid or truncated sequence returns
 * 1 with *cp = -1; n == 0 returns 0. */
size_t text_decode(const char *s, size_t n, int32_t *cp);
/* The UTF-8 bytes of cp into out; their count (0 for a surrogate or a value
 * past U+10FFFF). */
size_t text_encode(int32_t cp, char out[4]);
/* Bytes of the character a lead byte starts (1 for ASCII), 0 when the byte
 * cannot start one: for reading keys a byte at a time. */
size_t text_utf8_expected(unsigned char lead);

/* C0 and C1 controls, DEL, and the line separators and bidi overrides that
 * can disguise text on a terminal or a printout. */
bool text_is_control(int32_t cp);
/* Byte offset of the first control character (or invalid byte) in s, or -1.
 * allow_newline: line ends (LF, CR LF) are not counted. */
ssize_t text_find_control(const char *s, bool allow_newline);

/* The input check of every free-text field (names, notes, reasons): valid
 * UTF-8, no control character (C0/C1, ESC sequences), at most max_bytes.
 * ST_INVALID with a translated detail naming the field (`label`, already
 * translated), the place of the bad character, or the length and the limit;
 * nothing is ever cut silently. */
enum status text_check_field(const char *label, const char *s, size_t max_bytes);

/* A copy of s fit for a terminal: every control character and invalid byte
 * replaced by U+FFFD, so nothing read from the database can move the cursor,
 * change colours or set the window title (line ends, LF or CR LF, kept
 * when keep_newlines).  Caller frees. */
char *text_terminal_safe(const char *s, bool keep_newlines);

/* True when s[0..n) is well-formed UTF-8 without NUL bytes. */
bool text_valid_utf8(const char *s, size_t n);

/* A new NFC copy of s, or NULL when s is not valid UTF-8. Caller frees. */
char *text_nfc(const char *s);

/* A new folded copy for search: NFC, lower case, tone and vowel marks
 * removed, đ/Đ -> d, runs of white space and punctuation made one space,
 * trimmed.  "Đăng  ký khai-sinh" -> "dang ky khai sinh".  NULL when s is not
 * valid UTF-8. Caller frees. */
char *text_fold(const char *s);

/* Like text_fold() but keeping tone and vowel marks and đ (decomposed:
 * compare only with another text_fold_marks() result).  Lets a search typed
 * with diacritics prefer the names that have the same ones. */
char *text_fold_marks(const char *s);

/* A new copy with diacritics removed but case kept ("Đăng ký" -> "Dang ky"),
 * for terminals that cannot show UTF-8.  Anything else non-ASCII becomes
 * '?'.  Caller frees. */
char *text_ascii(const char *s);

/* Display columns of s (combining marks 0, wide characters 2; an invalid
 * byte counts 1). */
int text_width(const char *s);

/* Bytes of the longest prefix of s that fits in `cols` columns, ending on a
 * character boundary (marks stay with their base letter). */
size_t text_fit(const char *s, int cols);

/* Write s into buf (size bytes; what buf held before is ignored), cut or
 * padded with spaces to exactly `cols` columns, NUL-terminated; `right`
 * aligns to the right.  When size is too small, fewer columns (whole
 * characters only).  To build a row: text_pad(buf + len, size - len, ...).
 * Returns buf. */
char *text_pad(char *buf, size_t size, const char *s, int cols, bool right);

/* Byte length of the character starting at s (1 for an invalid byte, 0 at NUL). */
size_t text_char_len(const char *s);

/* Byte offset of the start of the character before offset `at` in s, with
 * any combining marks: for Backspace.  0 when at is 0. */
size_t text_prev_char(const char *s, size_t at);

/* Byte offset just past the character (with its marks) at or containing
 * offset `at`: for the cursor moving right and for Delete.  strlen(s) at the
 * end.  "Character" in both means a grapheme cluster (UAX #29). */
size_t text_next_char(const char *s, size_t at);

/* s with its first letter in upper case ("portal account" -> "Portal
 * account", "đã" -> "Đã") into buf, cut at a character boundary to fit;
 * returns buf.  The labels shared by screens and reports are lower case and
 * take a capital at the start of a row. */
const char *text_capitalize(const char *s, char *buf, size_t size);

#endif
