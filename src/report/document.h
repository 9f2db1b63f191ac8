/* A report as a document a commune office accepts: the form chosen in
 * [report] form (the Youth Union's, or the state's of Decree
 * 30/2020/NĐ-CP), its heading (governing and issuing body, the "Số: …"
 * slot, "ĐOÀN TNCS HỒ CHÍ MINH" or the national motto, the place-and-date
 * line with the commune's name from [unit] place), its signers (the
 * preparer on the left: the shift's volunteer or a blank line, never a
 * login name; the confirming authority on the right, with configurable
 * titles) and "Nơi nhận".  The text (report_write.c) and PDF (pdf.c)
 * renderings draw the same strings.
 *
 * document_keep_words() joins the syllables of the words that must not be
 * split across lines ("hành chính", "trực tuyến") with no-break spaces;
 * both renderings pass every string through it before wrapping, and the
 * text rendering turns the no-break spaces back into spaces. */
#ifndef DVCDESK_DOCUMENT_H
#define DVCDESK_DOCUMENT_H

#include <stddef.h>

#include "config/config.h"
#include "report/report.h"

#define NBSP "\xC2\xA0"

struct report_doc {
	enum report_form form;
	char *governing; /* upper case; "" : none */
	char *issuing;   /* upper case */
	char *number;    /* "Số:        -BC/ĐTN" */
	char *right_top; /* "ĐOÀN TNCS HỒ CHÍ MINH" or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" */
	char *right_motto;        /* "Độc lập - Tự do - Hạnh phúc" (state form) or "" */
	char *place;              /* [unit] place, "" : dots */
	char *signer_left;        /* "NGƯỜI LẬP BIỂU" */
	char *signer_right;       /* "TM. BAN CHẤP HÀNH ĐOÀN XÃ" */
	char *signer_right_title; /* "BÍ THƯ" or "" */
	char *signer_right_name;  /* "" : written by hand */
	char **recipients;        /* "Nơi nhận" lines, without the "- " */
	int n_recipients;
};

/* The document settings of cfg with the form's defaults filled in; never
 * NULL.  Free with document_free(). */
struct report_doc *document_from_config(const struct config *cfg);
void document_free(struct report_doc *d);
/* The same from the embedded defaults (a report made without report_run()). */
struct report_doc *document_default(void);

/* s with the spaces inside the words that must stay on one line turned
 * into no-break spaces (any letter case).  Caller frees. */
char *document_keep_words(const char *s);

/* The text with every no-break space back to a plain space, in place. */
void document_plain_spaces(char *s);

/* Upper case of a UTF-8 string (Vietnamese letters included).  Caller frees. */
char *document_upper(const char *s);

#endif
