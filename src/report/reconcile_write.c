/* Renderings of a reconciliation: one layout of titled tables (the same
 * report_table as the reports) drawn as text and PDF, the JSON contract,
 * a CSV of the codes, and an XLSX workbook with one sheet per list. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "format/csv.h"
#include "report/pdf.h"
#include "report/reconcile.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/text.h"

/* libxlsxwriter.so.4 (and the libcrypto, zlib... it needs) is loaded when the first
 * file needs it, not linked: linked, the spreadsheet libraries doubled the
 * start-up CPU of every other command (1.7 -> 3.6 ms for `dvcdesk qr`).
 * The header still gives every call its checked prototype. */
#define XW_LIBRARY "libxlsxwriter.so.4"
#define XW_FUNCTIONS(_) _(workbook_new_opt) _(workbook_add_format) _(format_set_bold) _(format_set_num_format) _(workbook_add_worksheet) _(worksheet_write_string) _(worksheet_write_number) _(worksheet_write_datetime) _(worksheet_autofilter) _(worksheet_freeze_panes) _(worksheet_set_column) _(workbook_close) _(lxw_strerror)

#define XW_POINTER(name) __typeof__(name) *name;
static struct {
	bool loaded;
	XW_FUNCTIONS(XW_POINTER)
} xw;
#undef XW_POINTER

static enum status xw_load(void)
{
	if (xw.loaded)
		return ST_OK;
	void *h = dlopen(XW_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return status_fail(ST_UNAVAILABLE, _("%s cannot be loaded (%s); install the package %s"),
		                   XW_LIBRARY, dlerror(), "libxlsxwriter4");
	const char *missing = NULL;
	void *sym;
#define XW_LOAD(name)                                                                           \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&xw.name, &sym, sizeof sym);                                        \
		else                                                                               \
			missing = #name;                                                           \
	}
	XW_FUNCTIONS(XW_LOAD)
#undef XW_LOAD
	if (missing) {
		dlclose(h);
		memset(&xw, 0, sizeof(xw));
		return status_fail(ST_UNAVAILABLE, _("%s has no %s"), XW_LIBRARY, missing);
	}
	xw.loaded = true;
	return ST_OK;
}

static char *num(long n)
{
	char buf[32];
	return xstrdup(report_number(n, buf, sizeof(buf)));
}

static char *pct(double p)
{
	char buf[32];
	return xstrdup(report_percent(p, buf, sizeof(buf)));
}

static char *day_text(int d)
{
	char buf[16];
	return xstrdup(d ? report_date(d, buf, sizeof(buf)) : "");
}

/* ---- the layout ---- */

struct lay {
	struct report_layout l;
	int cap;
	const char *sheet[16]; /* each table's XLSX sheet name (short, translated) */
};

static struct report_table *table(struct lay *y, const char *title, const char *sheet, int n_cols)
{
	if (y->l.n_tables == y->cap) {
		y->cap = y->cap ? y->cap * 2 : 8;
		y->l.tables = xrealloc(y->l.tables, (size_t)y->cap * sizeof(*y->l.tables));
	}
	if (y->l.n_tables < 16)
		y->sheet[y->l.n_tables] = sheet;
	struct report_table *t = &y->l.tables[y->l.n_tables++];
	memset(t, 0, sizeof(*t));
	t->title = xstrdup(title);
	t->n_cols = n_cols;
	t->flex = n_cols - 1;
	return t;
}

/* Append a row of n_cols strings (taken). */
static void row(struct report_table *t, char **cells)
{
	t->cells = xrealloc(t->cells, (size_t)(t->n_rows + 1) * (size_t)t->n_cols * sizeof(char *));
	memcpy(t->cells + (size_t)t->n_rows * (size_t)t->n_cols, cells,
	       (size_t)t->n_cols * sizeof(char *));
	t->n_rows++;
}

static char *procedure_text(const char *code, const char *name)
{
	if (!*code)
		return xstrdup("");
	return *name ? xasprintf("%s %s", code, name) : xstrdup(code);
}

static void summary_rows(const struct reconcile *r, struct report_table *t)
{
	struct {
		const char *label;
		long n;
	} lines[] = {
	    {N_("Dossier rows in the file"), r->export_rows},
	    {N_("of them received in the period"), r->export_in_window},
	    {N_("of them filed online"), r->export_online},
	    {N_("Matched (logged and in the system)"), r->matched},
	    {N_("Logged only (not in the system)"), r->logged_only},
	    {N_("Online in the system, not logged"), r->export_only_online},
	    {N_("Matched, other procedure"), r->procedure_mismatch},
	    {N_("Matched, dates more than one working day apart"), r->date_mismatch},
	    {N_("Codes of the wrong shape (not compared)"), (long)r->n_bad},
	};
	for (size_t i = 0; i < ARRAY_LEN(lines); i++)
		row(t, (char *[]){xstrdup(_(lines[i].label)), num(lines[i].n)});
	char buf[96], a[32], b[32], p[32];
	snprintf(buf, sizeof(buf), "%s / %s = %s", report_number(r->export_online, a, sizeof(a)),
	         report_number(r->export_in_window, b, sizeof(b)),
	         report_percent(reconcile_online_share(r), p, sizeof(p)));
	row(t, (char *[]){xstrdup(_("Online share of the dossiers received")), xstrdup(buf)});
	long logged = r->matched + r->logged_only;
	row(t, (char *[]){xstrdup(_("Share of logged codes found in the system")),
	                  pct(rec_share(r->matched, logged))});
}

static void build(const struct reconcile *r, struct lay *y)
{
	memset(y, 0, sizeof(*y));
	struct report_table *t = table(y, _("SUMMARY"), _("Summary"), 2);
	t->right = 1u << 1;
	t->flex = 0;
	summary_rows(r, t);

	if (r->n_members) {
		t = table(y, _("BY MEMBER"), _("Members"), 4);
		t->head[0] = _("Member");
		t->head[1] = _("Logged");
		t->head[2] = _("Matched");
		t->head[3] = _("Match share");
		t->right = 0xe;
		t->flex = 0;
		for (int i = 0; i < r->n_members; i++) {
			const struct rec_member *m = &r->members[i];
			row(t, (char *[]){xstrdup(m->name), num(m->logged), num(m->matched),
			                  pct(rec_share(m->matched, m->logged))});
		}
	}
	if (r->n_procedures) {
		t = table(y, _("BY PROCEDURE"), _("Procedures"), 5);
		t->head[0] = _("Code");
		t->head[1] = _("Procedure");
		t->head[2] = _("Logged");
		t->head[3] = _("Matched");
		t->head[4] = _("Other procedure");
		t->right = 0x1c;
		t->flex = 1;
		for (int i = 0; i < r->n_procedures; i++) {
			const struct rec_procedure *p = &r->procedures[i];
			row(t, (char *[]){xstrdup(*p->code ? p->code : "—"),
			                  xstrdup(*p->code ? p->name : _("general guidance")),
			                  num(p->logged), num(p->matched), num(p->procedure_mismatch)});
		}
	}
	static const struct {
		enum rec_result result;
		const char *title, *sheet;
		int which; /* 0 result, 1 procedure mismatch, 2 date mismatch */
	} lists[] = {
	    {REC_LOGGED_ONLY, N_("LOGGED, NOT FOUND IN THE SYSTEM"), N_("Logged only"), 0},
	    {REC_EXPORT_ONLY_ONLINE, N_("ONLINE IN THE SYSTEM, NOT LOGGED"), N_("Not logged"), 0},
	    {REC_MATCHED, N_("MATCHED, OTHER PROCEDURE"), N_("Other procedure"), 1},
	    {REC_MATCHED, N_("MATCHED, DATES MORE THAN ONE WORKING DAY APART"), N_("Date apart"), 2},
	    {REC_MATCHED, N_("MATCHED"), N_("Matched"), 0},
	};
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		t = NULL;
		for (size_t i = 0; i < r->n_items; i++) {
			const struct rec_item *it = &r->items[i];
			if (it->result != lists[k].result || (lists[k].which == 1 && !it->procedure_mismatch) ||
			    (lists[k].which == 2 && !it->date_mismatch))
				continue;
			if (!t) {
				t = table(y, _(lists[k].title), _(lists[k].sheet), 5);
				t->head[0] = _("Dossier code");
				t->head[1] = _("Logged on");
				t->head[2] = _("Received on");
				t->head[3] = lists[k].which == 1 ? _("Procedure in the system") : _("Procedure");
				t->head[4] = _("Member");
				t->flex = 3;
			}
			char *proc = lists[k].which == 1 || it->result == REC_EXPORT_ONLY_ONLINE
			                 ? xstrdup(it->export_procedure)
			                 : procedure_text(it->procedure_code, it->procedure_name);
			row(t, (char *[]){xstrdup(it->code), day_text(it->logged_day),
			                  day_text(it->export_day), proc, xstrdup(it->member)});
		}
	}
	if (r->n_bad) {
		t = table(y, _("CODES OF THE WRONG SHAPE (NOT COMPARED)"), _("Wrong shape"), 2);
		t->head[0] = _("Row");
		t->head[1] = _("As written in the file");
		t->right = 1;
		for (size_t i = 0; i < r->n_bad; i++)
			row(t, (char *[]){num(r->bad_codes[i].row), xstrdup(r->bad_codes[i].code)});
	}
}

/* ---- the heading lines shared by text and PDF ---- */

static void heading_lines(const struct reconcile *r, char lines[][384], int *n)
{
	char a[16], b[16];
	int k = 0;
	if (*r->unit_name)
		snprintf(lines[k++], 384, _("Unit: %s"), r->unit_name);
	if (*r->unit_code)
		snprintf(lines[k++], 384, _("Visits of the unit with code %s only"), r->unit_code);
	snprintf(lines[k++], 384,
	         r->window_from_export ? _("Period: %s – %s (the first and last dates in the file)")
	                               : _("Period: %s – %s"),
	         report_date(r->from_day, a, sizeof(a)), report_date(r->to_day, b, sizeof(b)));
	if (r->header_row)
		snprintf(lines[k++], 384, _("File: %s (%s), header on row %d"), r->source_name,
		         sheet_kind_name(r->kind), r->header_row);
	else
		snprintf(lines[k++], 384, _("File: %s (%s)"), r->source_name, sheet_kind_name(r->kind));
	static const char *const role_labels[ROLE__COUNT] = {N_("dossier code"), N_("date"),
	                                                     N_("procedure"), N_("channel")};
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < ROLE__COUNT; i++) {
		char col[8];
		if (r->col[i] < 0)
			sb_addf(&sb, "%s%s: %s", i ? "; " : "", _(role_labels[i]), _("none"));
		else
			sb_addf(&sb, "%s%s: \"%s\" (%s)", i ? "; " : "", _(role_labels[i]), r->column[i],
			        sheet_column_name(r->col[i], col, sizeof(col)));
	}
	snprintf(lines[k++], 384, _("Columns used: %s"), sb.buf);
	sb_done(&sb);
	if (r->col[ROLE_CHANNEL] < 0)
		snprintf(lines[k++], 384, "%s",
		         _("The file has no channel column: every row counts as filed online."));
	if (r->duplicates)
		snprintf(lines[k++], 384, _("%ld rows repeat a code of an earlier row (counted once)."),
		         r->duplicates);
	*n = k;
}

/* ---- text ---- */

/* End a line without trailing spaces. */
static void trim_line(struct strbuf *out)
{
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	sb_addc(out, '\n');
}

static void text_table(const struct report_table *t, struct strbuf *out)
{
	int w[REPORT_MAX_COLS] = {0};
	for (int c = 0; c < t->n_cols; c++) {
		if (t->head[0])
			w[c] = text_width(t->head[c]);
		for (int r = 0; r < t->n_rows; r++) {
			int x = text_width(t->cells[r * t->n_cols + c]);
			if (x > w[c])
				w[c] = x;
		}
		if (w[c] > 50)
			w[c] = 50;
	}
	sb_addf(out, "\n%s\n", t->title);
	char buf[512];
	if (t->head[0]) {
		for (int c = 0; c < t->n_cols; c++) {
			sb_add(out, c ? "  " : "");
			sb_add(out, text_pad(buf, sizeof(buf), t->head[c], w[c], t->right & (1u << c)));
		}
		trim_line(out);
	}
	for (int r = 0; r < t->n_rows; r++) {
		for (int c = 0; c < t->n_cols; c++) {
			sb_add(out, c ? "  " : "");
			sb_add(out, text_pad(buf, sizeof(buf), t->cells[r * t->n_cols + c], w[c],
			                     t->right & (1u << c)));
		}
		trim_line(out);
	}
}

void reconcile_write_text(const struct reconcile *r, struct strbuf *out)
{
	sb_addf(out, "%s\n", _("RECONCILIATION OF THE ONLINE SUBMISSIONS"));
	sb_addf(out, "%s\n", _("with the dossier list of the provincial dossier system"));
	char lines[8][384];
	int n;
	heading_lines(r, lines, &n);
	for (int i = 0; i < n; i++)
		sb_addf(out, "%s\n", lines[i]);
	struct lay y;
	build(r, &y);
	for (int i = 0; i < y.l.n_tables; i++)
		text_table(&y.l.tables[i], out);
	report_layout_done(&y.l);
	sb_addf(out, "\n%s\n", r->stored ? _("Stored as the reconciliation of this period.")
	                                 : _("Not stored (--dry-run)."));
}

/* ---- JSON ---- */

static void json_day(struct strbuf *sb, int d)
{
	char buf[16];
	if (d)
		json_str(sb, time_format_day(d, buf, sizeof(buf)));
	else
		sb_add(sb, "null");
}

static void json_list(const struct reconcile *r, struct strbuf *sb, const char *key, int which,
                      enum rec_result result, long count)
{
	sb_addf(sb, ",\n  \"%s\": {\"count\": %ld, \"items\": [", key, count);
	bool first = true;
	for (size_t i = 0; i < r->n_items; i++) {
		const struct rec_item *it = &r->items[i];
		if (it->result != result || (which == 1 && !it->procedure_mismatch) ||
		    (which == 2 && !it->date_mismatch))
			continue;
		sb_add(sb, first ? "\n    {\"code\": " : ",\n    {\"code\": ");
		first = false;
		json_str(sb, it->code);
		sb_add(sb, ", \"visit_uid\": ");
		json_str(sb, *it->visit_uid ? it->visit_uid : NULL);
		sb_add(sb, ", \"logged_day\": ");
		json_day(sb, it->logged_day);
		sb_add(sb, ", \"export_day\": ");
		json_day(sb, it->export_day);
		if (it->export_row)
			sb_addf(sb, ", \"export_row\": %d", it->export_row);
		else
			sb_add(sb, ", \"export_row\": null");
		sb_add(sb, ", \"procedure_code\": ");
		json_str(sb, *it->procedure_code ? it->procedure_code : NULL);
		sb_add(sb, ", \"export_procedure\": ");
		json_str(sb, *it->export_procedure ? it->export_procedure : NULL);
		sb_add(sb, ", \"member\": ");
		json_str(sb, *it->member ? it->member : NULL);
		sb_addf(sb, ", \"procedure_mismatch\": %s, \"date_mismatch\": %s}",
		        it->procedure_mismatch ? "true" : "false", it->date_mismatch ? "true" : "false");
	}
	sb_add(sb, first ? "]}" : "\n  ]}");
}

void reconcile_write_json(const struct reconcile *r, struct strbuf *sb)
{
	char buf[32];
	sb_add(sb, "{\n  \"file\": ");
	json_str(sb, r->source_name);
	sb_add(sb, ", \"kind\": ");
	json_str(sb, sheet_kind_name(r->kind));
	sb_add(sb, ",\n  \"from\": ");
	json_day(sb, r->from_day);
	sb_add(sb, ", \"to\": ");
	json_day(sb, r->to_day);
	sb_addf(sb, ", \"period_from_file\": %s", r->window_from_export ? "true" : "false");
	sb_add(sb, ", \"unit\": ");
	json_str(sb, *r->unit_code ? r->unit_code : NULL);
	struct tm tm;
	gmtime_r(&r->made_at, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sb_add(sb, ",\n  \"generated_at\": ");
	json_str(sb, buf);
	sb_addf(sb, ", \"stored\": %s", r->stored ? "true" : "false");
	if (r->header_row)
		sb_addf(sb, ",\n  \"header_row\": %d", r->header_row);
	else
		sb_add(sb, ",\n  \"header_row\": null");
	sb_add(sb, ", \"columns\": {");
	for (int i = 0; i < ROLE__COUNT; i++) {
		sb_addf(sb, "%s\"%s\": ", i ? ", " : "", rec_role_keys[i]);
		if (r->col[i] < 0) {
			sb_add(sb, "null");
			continue;
		}
		char col[8];
		sb_add(sb, "{\"header\": ");
		json_str(sb, r->column[i]);
		sb_add(sb, ", \"column\": ");
		json_str(sb, sheet_column_name(r->col[i], col, sizeof(col)));
		sb_addc(sb, '}');
	}
	sb_addf(sb, "},\n  \"export_rows\": %ld, \"export_in_window\": %ld, \"export_online\": %ld, "
	            "\"duplicates\": %ld",
	        r->export_rows, r->export_in_window, r->export_online, r->duplicates);
	sb_addf(sb, ",\n  \"online_share\": {\"online\": %ld, \"received\": %ld, \"percent\": ",
	        r->export_online, r->export_in_window);
	json_fixed(sb, reconcile_online_share(r), 2);
	sb_addc(sb, '}');
	json_list(r, sb, "matched", 0, REC_MATCHED, r->matched);
	json_list(r, sb, "logged_only", 0, REC_LOGGED_ONLY, r->logged_only);
	json_list(r, sb, "export_only_online", 0, REC_EXPORT_ONLY_ONLINE, r->export_only_online);
	json_list(r, sb, "procedure_mismatch", 1, REC_MATCHED, r->procedure_mismatch);
	json_list(r, sb, "date_mismatch", 2, REC_MATCHED, r->date_mismatch);
	sb_add(sb, ",\n  \"members\": [");
	for (int i = 0; i < r->n_members; i++) {
		const struct rec_member *m = &r->members[i];
		sb_add(sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(sb, m->name);
		sb_addf(sb, ", \"logged\": %ld, \"matched\": %ld, \"match_share\": ", m->logged,
		        m->matched);
		json_fixed(sb, rec_share(m->matched, m->logged), 2);
		sb_addc(sb, '}');
	}
	sb_add(sb, r->n_members ? "\n  ]" : "]");
	sb_add(sb, ",\n  \"procedures\": [");
	for (int i = 0; i < r->n_procedures; i++) {
		const struct rec_procedure *p = &r->procedures[i];
		sb_add(sb, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
		json_str(sb, *p->code ? p->code : NULL);
		sb_add(sb, ", \"name\": ");
		json_str(sb, *p->name ? p->name : NULL);
		sb_addf(sb, ", \"logged\": %ld, \"matched\": %ld, \"procedure_mismatch\": %ld}",
		        p->logged, p->matched, p->procedure_mismatch);
	}
	sb_add(sb, r->n_procedures ? "\n  ]" : "]");
	sb_addf(sb, ",\n  \"unrecognised_codes\": {\"count\": %zu, \"items\": [", r->n_bad);
	for (size_t i = 0; i < r->n_bad; i++) {
		sb_addf(sb, "%s{\"row\": %d, \"code\": ", i ? ", " : "", r->bad_codes[i].row);
		json_str(sb, r->bad_codes[i].code);
		sb_addc(sb, '}');
	}
	sb_add(sb, "]}\n}\n");
}

/* ---- CSV ---- */

void reconcile_write_csv(const struct reconcile *r, struct strbuf *sb)
{
	static const char *const head[] = {"result",         "dossier_code",   "visit_uid",
	                                   "logged_day",     "export_day",     "export_row",
	                                   "procedure_code", "export_procedure", "member",
	                                   "procedure_mismatch", "date_mismatch"};
	for (size_t i = 0; i < ARRAY_LEN(head); i++) {
		if (i)
			csv_sep(sb);
		csv_put(sb, head[i]);
	}
	csv_eol(sb);
	char a[16], b[16], rowno[16];
	for (size_t i = 0; i < r->n_items; i++) {
		const struct rec_item *it = &r->items[i];
		snprintf(rowno, sizeof(rowno), "%d", it->export_row);
		const char *cells[] = {rec_result_key(it->result),
		                       it->code,
		                       it->visit_uid,
		                       it->logged_day ? time_format_day(it->logged_day, a, sizeof(a)) : "",
		                       it->export_day ? time_format_day(it->export_day, b, sizeof(b)) : "",
		                       it->export_row ? rowno : "",
		                       it->procedure_code,
		                       it->export_procedure,
		                       it->member,
		                       it->procedure_mismatch ? "1" : "0",
		                       it->date_mismatch ? "1" : "0"};
		for (size_t c = 0; c < ARRAY_LEN(cells); c++) {
			if (c)
				csv_sep(sb);
			csv_put(sb, cells[c]);
		}
		csv_eol(sb);
	}
	for (size_t i = 0; i < r->n_bad; i++) {
		snprintf(rowno, sizeof(rowno), "%d", r->bad_codes[i].row);
		const char *cells[] = {"unrecognised_code", r->bad_codes[i].code, "", "", "", rowno,
		                       "", "", "", "0", "0"};
		for (size_t c = 0; c < ARRAY_LEN(cells); c++) {
			if (c)
				csv_sep(sb);
			csv_put(sb, cells[c]);
		}
		csv_eol(sb);
	}
}

/* ---- XLSX ---- */

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
static void sheet_name(char *dst, size_t size, const char *title)
{
	char tmp[128];
	size_t j = 0;
	for (const char *p = title; *p && j + 1 < sizeof(tmp); p++)
		tmp[j++] = strchr("[]:*?/\\", *p) ? ' ' : *p;
	tmp[j] = '\0';
	/* 31 characters, cut on a character boundary */
	size_t at = 0;
	for (int chars = 0; tmp[at] && chars < 31; chars++)
		at += text_char_len(tmp + at);
	tmp[at] = '\0';
	str_copy(dst, size, tmp);
}

static bool is_day(const char *s, int *d)
{
	/* dd/mm/yyyy written by day_text() */
	if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
		return false;
	*d = atoi(s + 6) * 10000 + atoi(s + 3) * 100 + atoi(s);
	return true;
}

static bool is_number_cell(const struct report_table *t, int c)
{
	return t->right & (1u << c);
}

enum status reconcile_write_xlsx(const struct reconcile *r, const char *path)
{
	status_clear();
	enum status loaded = xw_load();
	if (loaded != ST_OK)
		return loaded;
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = xw.workbook_new_opt(path, &opt);
	if (!wb)
		return status_fail(ST_CANTCREAT, _("cannot create %s"), path);
	lxw_format *bold = xw.workbook_add_format(wb);
	xw.format_set_bold(bold);
	lxw_format *date = xw.workbook_add_format(wb);
	xw.format_set_num_format(date, "dd/mm/yyyy");
	lxw_format *text = xw.workbook_add_format(wb);
	xw.format_set_num_format(text, "@");
	struct lay y;
	build(r, &y);
	/* the heading lines go above the summary */
	char lines[8][384];
	int n_lines;
	heading_lines(r, lines, &n_lines);
	char used[32][32];
	int n_used = 0;
	for (int i = 0; i < y.l.n_tables; i++) {
		const struct report_table *t = &y.l.tables[i];
		char name[128];
		sheet_name(name, sizeof(name), i < 16 && y.sheet[i] ? y.sheet[i] : t->title);
		/* two titles cut to the same 31 characters: number the second */
		for (int k = 0; k < n_used; k++)
			if (strcmp(used[k], name) == 0) {
				size_t at = strlen(name) > 27 ? 27 : strlen(name);
				snprintf(name + at, sizeof(name) - at, " %d", i + 1);
			}
		if (n_used < 32)
			str_copy(used[n_used++], sizeof(used[0]), name);
		lxw_worksheet *ws = xw.workbook_add_worksheet(wb, name);
		lxw_row_t rr = 0;
		if (i == 0) {
			xw.worksheet_write_string(ws, rr++, 0, _("RECONCILIATION OF THE ONLINE SUBMISSIONS"),
			                       bold);
			for (int k = 0; k < n_lines; k++)
				xw.worksheet_write_string(ws, rr++, 0, lines[k], NULL);
			rr++;
		}
		lxw_row_t head_row = rr;
		if (t->head[0]) {
			for (int c = 0; c < t->n_cols; c++)
				xw.worksheet_write_string(ws, rr, (lxw_col_t)c, t->head[c], bold);
			rr++;
		}
		for (int k = 0; k < t->n_rows; k++, rr++)
			for (int c = 0; c < t->n_cols; c++) {
				const char *s = t->cells[k * t->n_cols + c];
				int d;
				if (is_number_cell(t, c) && i != 0) {
					/* "1.234" in Vietnamese: the number itself */
					char digits[32];
					size_t j = 0;
					for (const char *p = s; *p && j + 1 < sizeof(digits); p++)
						if (*p >= '0' && *p <= '9')
							digits[j++] = *p;
						else if (*p == ',')
							digits[j++] = '.';
					digits[j] = '\0';
					if (strchr(s, '%'))
						xw.worksheet_write_number(ws, rr, (lxw_col_t)c, atof(digits) / 100, NULL);
					else
						xw.worksheet_write_number(ws, rr, (lxw_col_t)c, atof(digits), NULL);
				} else if (*s && is_day(s, &d)) {
					lxw_datetime dt = {d / 10000, d / 100 % 100, d % 100, 0, 0, 0};
					xw.worksheet_write_datetime(ws, rr, (lxw_col_t)c, &dt, date);
				} else if (*s) {
					/* always a string: "=..." from a file is never a formula here */
					xw.worksheet_write_string(ws, rr, (lxw_col_t)c, s, text);
				}
			}
		if (t->head[0] && t->n_rows) {
			xw.worksheet_autofilter(ws, head_row, 0, rr - 1, (lxw_col_t)(t->n_cols - 1));
			xw.worksheet_freeze_panes(ws, head_row + 1, 0);
		}
		for (int c = 0; c < t->n_cols; c++)
			xw.worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == t->flex ? 48 : 16, NULL);
	}
	report_layout_done(&y.l);
	lxw_error e = xw.workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return status_fail(ST_IO, _("cannot write %s: %s"), path, xw.lxw_strerror(e));
	return ST_OK;
}

/* ---- PDF ---- */

enum status reconcile_write_pdf(const struct reconcile *r, struct strbuf *out)
{
	status_clear();
	struct report head;
	report_init(&head);
	head.filter.kind = REPORT_RANGE;
	head.filter.from_day = r->from_day;
	head.filter.to_day = r->to_day;
	head.unit_code = r->unit_code;
	head.unit_name = r->unit_name;
	head.province = r->province;
	head.generated_at = r->made_at;
	char lines[8][384];
	int n;
	heading_lines(r, lines, &n);
	const char *ptrs[8];
	for (int i = 0; i < n; i++)
		ptrs[i] = lines[i];
	struct lay y;
	build(r, &y);
	struct pdf_document d = {_("RECONCILIATION OF THE ONLINE SUBMISSIONS"),
	                         _("with the dossier list of the provincial dossier system"), ptrs,
	                         n, &y.l};
	enum status st = pdf_document(&head, &d, out);
	report_layout_done(&y.l);
	return st;
}
