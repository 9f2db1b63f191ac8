/* The report as PDF (cairo + pango, DejaVu fonts embedded as subsets): an
 * A4 administrative report, or one long page for an 80 mm or 58 mm receipt
 * roll.  PDF is the only form that goes to a printer: plain text through
 * CUPS loses the Vietnamese letters (docs/architecture.md, "Libraries"). */
#ifndef DVCDESK_PDF_H
#define DVCDESK_PDF_H

#include "config/config.h"
#include "report/report.h"
#include "util/status.h"
#include "util/util.h"

/* Page widths in points (1/72 inch); a receipt's height follows its content. */
#define PDF_A4_WIDTH   595.276
#define PDF_A4_HEIGHT  841.890
#define PDF_80MM_WIDTH 226.772
#define PDF_58MM_WIDTH 164.409

/* Render the report for `paper` and append the PDF bytes to out; the page
 * height in points goes to *height (may be NULL): A4's, or the receipt's,
 * which follows the content.  ST_OK, or ST_IO when cairo fails or its
 * library cannot be loaded (the first call loads it: see pdf.c) (detail
 * set). */
enum status pdf_report(const struct report *r, enum paper paper, struct strbuf *out,
                       double *height);

/* Another document in the report's frame (A4 heading, title, tables,
 * signatures), for `dvcdesk reconcile`: r gives the heading (unit,
 * province, period, date made, preparer); the title, subtitle, lines under
 * it and tables replace the report's own. */
struct pdf_document {
	const char *title, *subtitle;
	const char *const *lines;
	int n_lines;
	const struct report_layout *layout;
};
enum status pdf_document(const struct report *r, const struct pdf_document *d, struct strbuf *out);

#endif
