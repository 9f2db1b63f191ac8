/* The report as an .xlsx workbook (report_xlsx.c): a sheet per section,
 * Vietnamese headers, numbers as numbers and days as dates. */
#ifndef DVCDESK_REPORT_XLSX_H
#define DVCDESK_REPORT_XLSX_H

#include "report/report.h"
#include "util/status.h"
#include "util/util.h"

/* Append the workbook's bytes to out.  ST_IO when libxlsxwriter cannot be
 * loaded or fails (status_detail() says why). */
enum status report_write_xlsx(const struct report *r, struct strbuf *out);

#endif
