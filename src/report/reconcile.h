/* Đối chiếu: the logged online submissions against the provincial dossier
 * system's export (.xlsx, .xls, .csv).  reconcile_run() reads the export
 * (format/sheet.h), finds its columns, matches the codes with the visits
 * (store/reconciliation.h) and, unless asked not to, stores the result;
 * reconcile_write.c renders it as text, CSV, JSON and XLSX, pdf.c as PDF.
 *
 * Definitions (the man page's):
 *   logged       non-voided visits of the window with online_submission,
 *                one per dossier code (the oldest visit of a code counts)
 *   matched      logged codes found anywhere in the export
 *   logged_only  logged codes not in the export
 *   export_only_online  export rows filed online (channel "Trực tuyến"...;
 *                every row when the export has no channel column) dated in
 *                the window whose code no visit ever logged
 *   procedure_mismatch  matched codes whose export procedure (code or name)
 *                is not the logged one (a subset of matched)
 *   date_mismatch  matched codes whose export date is more than one working
 *                day (Monday to Friday) from the logged day
 *   online share  export rows filed online / all export rows, in the window
 *
 * Only the code, date, procedure and channel cells are kept; every other
 * column (applicant names, ID numbers, phones, addresses) is read and
 * dropped, and nothing of it is stored, printed or logged. */
#ifndef DVCDESK_RECONCILE_H
#define DVCDESK_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config/config.h"
#include "format/sheet.h"
#include "store/db.h"
#include "store/reconciliation.h"
#include "util/status.h"
#include "util/util.h"

enum rec_role { ROLE_CODE, ROLE_DATE, ROLE_PROCEDURE, ROLE_CHANNEL, ROLE__COUNT };
/* "code", "date", "procedure", "channel": the --columns keys */
extern const char *const rec_role_keys[ROLE__COUNT];

/* More data rows than this make the file refused (exit 65). */
#define REC_MAX_ROWS 500000

struct reconcile_opts {
	const char *path;
	int from_day, to_day;               /* 0: the export's first and last dates */
	const char *unit;                   /* NULL/"": every unit */
	const char *columns[ROLE__COUNT];   /* --columns: a header name or letters */
	bool dry_run;                       /* do not store */
	long max_rows;                      /* 0: REC_MAX_ROWS */
};

struct rec_item {
	enum rec_result result;
	char code[64];
	char visit_uid[40];     /* "" for export_only_online */
	int logged_day;         /* 0: none */
	int export_day;         /* 0: none or no date */
	int export_row;         /* the sheet's row number; 0: not in the export */
	char *procedure_code;   /* logged ("" none) */
	char *procedure_name;   /* logged, from the catalogue */
	char *export_procedure; /* the export's cell ("" none) */
	char *member;           /* who logged it ("" none) */
	bool procedure_mismatch, date_mismatch;
};

struct rec_member {
	char *name;
	long logged, matched;
};

struct rec_procedure {
	char *code, *name;
	long logged, matched, procedure_mismatch;
};

struct rec_bad_code {
	int row;
	char code[64];
};

struct reconcile {
	char *source_name; /* base name */
	enum sheet_kind kind;
	int header_row;                  /* sheet row number; 0: none (columns by letter) */
	int col[ROLE__COUNT];            /* -1: absent */
	char column[ROLE__COUNT][96];    /* the header used, as written */
	int from_day, to_day;
	bool window_from_export;
	char *unit_code; /* "" : every unit */
	char *unit_name, *province;
	time_t made_at;
	bool stored;
	long export_rows;      /* data rows with a code */
	long export_in_window; /* of those, dated in the window */
	long export_online;    /* of those, filed online */
	long duplicates;       /* rows repeating an earlier row's code (the first counts) */
	long matched, logged_only, export_only_online, procedure_mismatch, date_mismatch;
	struct rec_item *items; /* matched and logged_only in logged order, then export_only_online */
	size_t n_items;
	struct rec_member *members; /* most logged first */
	int n_members;
	struct rec_procedure *procedures; /* most logged first */
	int n_procedures;
	struct rec_bad_code *bad_codes; /* codes of the wrong shape, not matched */
	size_t n_bad;
};

void reconcile_init(struct reconcile *r);
void reconcile_done(struct reconcile *r);

/* Read, match and (unless dry_run) store.  ST_INVALID (exit 65) with a
 * detail naming the file for every bad file, nothing stored then. */
enum status reconcile_run(struct db *db, const struct config *cfg,
                          const struct reconcile_opts *o, struct reconcile *r);

/* Percent with 2 decimals; 0 when the divisor is 0. */
double rec_share(long part, long whole);
/* The online share of the window: export_online / export_in_window. */
double reconcile_online_share(const struct reconcile *r);

/* Working days (Monday..Friday) d with min(a,b) < d <= max(a,b), counted
 * up to `cap`. */
int rec_working_days_between(int a, int b, int cap);

/* The header detection's vocabulary, for the fuzz target. */
void reconcile_header_spec(struct sheet_header_spec *spec, const char *const given[ROLE__COUNT]);

/* Renderings (reconcile_write.c). */
void reconcile_write_text(const struct reconcile *r, struct strbuf *out);
void reconcile_write_csv(const struct reconcile *r, struct strbuf *out);
void reconcile_write_json(const struct reconcile *r, struct strbuf *out);
/* One sheet per list, strings written as strings (never as formulas), into
 * the file `path`. */
enum status reconcile_write_xlsx(const struct reconcile *r, const char *path);
/* PDF for A4 (pdf.c), appended to out. */
enum status reconcile_write_pdf(const struct reconcile *r, struct strbuf *out);

#endif
