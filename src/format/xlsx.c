/* .xlsx rows through libzip and expat, both loaded on first use. */
#include "format/xlsx.h"

#include <dlfcn.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/i18n.h"
#include "util/util.h"

#define ZIP_LIBRARY   "libzip.so.4"
#define EXPAT_LIBRARY "libexpat.so.1"
#define PART_MAX      (64L * 1024 * 1024) /* a part bigger than this is refused */

#define ZIP_FUNCTIONS(_)                                                                           \
	_(zip_open) _(zip_close) _(zip_fopen) _(zip_fread) _(zip_fclose) _(zip_stat)
#define EXPAT_FUNCTIONS(_)                                                                         \
	_(XML_ParserCreate)                                                                        \
	_(XML_ParserFree)                                                                          \
	_(XML_SetUserData) _(XML_SetElementHandler) _(XML_SetCharacterDataHandler) _(XML_Parse)    \
	    _(XML_GetErrorCode) _(XML_ErrorString)

#define XLSX_POINTER(name) __typeof__(name) *name;
static struct {
	bool loaded;
	ZIP_FUNCTIONS(XLSX_POINTER)
	EXPAT_FUNCTIONS(XLSX_POINTER)
} lib;
#undef XLSX_POINTER

_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "dlsym needs same-size pointers");

static enum status lib_load(void)
{
	if (lib.loaded)
		return ST_OK;
	void *z = dlopen(ZIP_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	void *x = dlopen(EXPAT_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!z || !x) {
		const char *which = !z ? ZIP_LIBRARY : EXPAT_LIBRARY;
		if (z)
			dlclose(z);
		if (x)
			dlclose(x);
		return status_fail(
		    ST_IO,
		    _("a spreadsheet cannot be read: %s cannot be loaded; install the "
		      "packages libzip4 and libexpat1"),
		    which);
	}
	const char *missing = NULL;
	void *sym;
#define XLSX_LOAD_FROM(h, name)                                                                    \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&lib.name, &sym, sizeof sym);                                       \
		else                                                                               \
			missing = #name;                                                           \
	}
#define XLSX_LOAD_ZIP(name)   XLSX_LOAD_FROM(z, name)
#define XLSX_LOAD_EXPAT(name) XLSX_LOAD_FROM(x, name)
	ZIP_FUNCTIONS(XLSX_LOAD_ZIP)
	EXPAT_FUNCTIONS(XLSX_LOAD_EXPAT)
#undef XLSX_LOAD_ZIP
#undef XLSX_LOAD_EXPAT
#undef XLSX_LOAD_FROM
	if (missing) {
		dlclose(z);
		dlclose(x);
		memset(&lib, 0, sizeof lib);
		return status_fail(
		    ST_IO, _("a spreadsheet cannot be read: no %s in libzip or expat"), missing);
	}
	lib.loaded = true;
	return ST_OK;
}

/* One part of the zip, whole, NUL-terminated; NULL when absent. */
static char *read_part(zip_t *z, const char *name, size_t *len, enum status *st)
{
	zip_stat_t sb;
	*st = ST_OK;
	if (lib.zip_stat(z, name, 0, &sb) != 0)
		return NULL;
	if (!(sb.valid & ZIP_STAT_SIZE) || sb.size > (zip_uint64_t)PART_MAX) {
		*st = status_fail(ST_INVALID, _("the workbook part %s is too large"), name);
		return NULL;
	}
	zip_file_t *f = lib.zip_fopen(z, name, 0);
	if (!f) {
		*st = status_fail(ST_INVALID, _("the workbook part %s cannot be read"), name);
		return NULL;
	}
	char *buf = xmalloc((size_t)sb.size + 1);
	zip_int64_t got = lib.zip_fread(f, buf, sb.size);
	lib.zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != sb.size) {
		free(buf);
		*st = status_fail(ST_INVALID, _("the workbook part %s cannot be read"), name);
		return NULL;
	}
	buf[sb.size] = '\0';
	*len = (size_t)sb.size;
	return buf;
}

/* The local name of an element or attribute ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (str_eq(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

struct parse {
	/* shared strings */
	char **strings;
	size_t n_strings, cap_strings;
	/* workbook and relationships */
	char sheet_rid[64];
	char sheet_target[256];
	/* the sheet */
	int row, col;
	char type[16];
	char **cells;
	size_t n_cells, cap_cells;
	bool (*fn)(int row, char *const *cells, size_t n, void *ctx);
	void *ctx;
	bool stopped;
	/* text being gathered */
	struct strbuf text;
	bool in_text, in_si, in_rph;
};

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct parse *p = ud;
	if (p->in_text && !p->in_rph)
		sb_addn(&p->text, s, (size_t)len);
}

/* sharedStrings.xml: <si> with <t> runs (phonetic <rPh> runs left out) */
static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *p = ud;
	(void)atts;
	const char *n = local(name);
	if (str_eq(n, "si")) {
		p->in_si = true;
		sb_reset(&p->text);
	} else if (str_eq(n, "rPh")) {
		p->in_rph = true;
	} else if (str_eq(n, "t") && p->in_si) {
		p->in_text = true;
	}
}

static void ss_end(void *ud, const XML_Char *name)
{
	struct parse *p = ud;
	const char *n = local(name);
	if (str_eq(n, "t")) {
		p->in_text = false;
	} else if (str_eq(n, "rPh")) {
		p->in_rph = false;
	} else if (str_eq(n, "si")) {
		if (p->n_strings == p->cap_strings) {
			p->cap_strings = p->cap_strings ? 2 * p->cap_strings : 64;
			p->strings = xrealloc(p->strings, p->cap_strings * sizeof *p->strings);
		}
		p->strings[p->n_strings++] = xstrdup(p->text.buf ? p->text.buf : "");
		p->in_si = false;
	}
}

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *p = ud;
	if (str_eq(local(name), "sheet") && !p->sheet_rid[0]) {
		const char *id = attr(atts, "id");
		str_copy(p->sheet_rid, sizeof p->sheet_rid, id ? id : "-");
	}
}

static void rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *p = ud;
	if (!str_eq(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	if (id && target && str_eq(id, p->sheet_rid) && !p->sheet_target[0]) {
		if (target[0] == '/')
			str_copy(p->sheet_target, sizeof p->sheet_target, target + 1);
		else
			snprintf(p->sheet_target, sizeof p->sheet_target, "xl/%s", target);
	}
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

/* "B12" -> column 1 (0-based); -1 when there are no letters */
static int ref_col(const char *ref)
{
	int c = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		c = c * 26 + (*ref - 'A' + 1);
	return n ? c - 1 : -1;
}

static void put_cell(struct parse *p, int col, const char *value)
{
	if (col < 0 || col > 16383)
		return;
	while (p->n_cells <= (size_t)col) {
		if (p->n_cells == p->cap_cells) {
			p->cap_cells = p->cap_cells ? 2 * p->cap_cells : 16;
			p->cells = xrealloc(p->cells, p->cap_cells * sizeof *p->cells);
		}
		p->cells[p->n_cells++] = xstrdup("");
	}
	free(p->cells[col]);
	p->cells[col] = xstrdup(value);
}

static void clear_cells(struct parse *p)
{
	for (size_t i = 0; i < p->n_cells; i++)
		free(p->cells[i]);
	p->n_cells = 0;
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *p = ud;
	const char *n = local(name);
	if (str_eq(n, "row")) {
		const char *r = attr(atts, "r");
		p->row = r ? atoi(r) : p->row + 1;
		p->col = -1;
		clear_cells(p);
	} else if (str_eq(n, "c")) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		int c = r ? ref_col(r) : -1;
		p->col = c >= 0 ? c : p->col + 1;
		str_copy(p->type, sizeof p->type, t ? t : "n");
		sb_reset(&p->text);
	} else if (str_eq(n, "v") || str_eq(n, "t")) {
		p->in_text = true;
	} else if (str_eq(n, "rPh")) {
		p->in_rph = true;
	}
}

static void sh_end(void *ud, const XML_Char *name)
{
	struct parse *p = ud;
	const char *n = local(name);
	if (str_eq(n, "v") || str_eq(n, "t")) {
		p->in_text = false;
	} else if (str_eq(n, "rPh")) {
		p->in_rph = false;
	} else if (str_eq(n, "c")) {
		const char *v = p->text.buf ? p->text.buf : "";
		if (str_eq(p->type, "s")) {
			char *end;
			long i = strtol(v, &end, 10);
			v = *v && !*end && i >= 0 && (size_t)i < p->n_strings ? p->strings[i] : "";
		}
		put_cell(p, p->col, v);
	} else if (str_eq(n, "row")) {
		bool empty = true;
		for (size_t i = 0; i < p->n_cells && empty; i++) {
			char *t = xstrdup(p->cells[i]);
			empty = !*str_trim(t);
			free(t);
		}
		if (!empty && !p->stopped && !p->fn(p->row, p->cells, p->n_cells, p->ctx))
			p->stopped = true;
		clear_cells(p);
	}
}

static enum status parse_part(struct parse *p, const char *part, const char *data, size_t len,
                              XML_StartElementHandler start, XML_EndElementHandler end)
{
	XML_Parser x = lib.XML_ParserCreate(NULL);
	if (!x)
		return ST_NOMEM;
	lib.XML_SetUserData(x, p);
	lib.XML_SetElementHandler(x, start, end);
	lib.XML_SetCharacterDataHandler(x, on_text);
	enum status st = ST_OK;
	if (lib.XML_Parse(x, data, (int)len, 1) == XML_STATUS_ERROR)
		st = status_fail(ST_INVALID, _("the workbook part %s is not well-formed XML: %s"),
		                 part, lib.XML_ErrorString(lib.XML_GetErrorCode(x)));
	lib.XML_ParserFree(x);
	return st;
}

enum status xlsx_read_rows(const char *path,
                           bool (*fn)(int row, char *const *cells, size_t n, void *ctx), void *ctx)
{
	enum status st = lib_load();
	if (st != ST_OK)
		return st;
	int err = 0;
	zip_t *z = lib.zip_open(path, ZIP_RDONLY, &err);
	if (!z) {
		if (err == ZIP_ER_NOENT || err == ZIP_ER_OPEN || err == ZIP_ER_READ)
			return status_fail(ST_NOT_FOUND, "%s", _("the file cannot be opened"));
		return status_fail(ST_INVALID, "%s", _("the file is not an .xlsx workbook"));
	}
	struct parse p;
	memset(&p, 0, sizeof p);
	p.fn = fn;
	p.ctx = ctx;
	sb_init(&p.text);
	size_t len = 0;
	char *data = read_part(z, "xl/workbook.xml", &len, &st);
	if (!data && st == ST_OK)
		st = status_fail(ST_INVALID, "%s", _("the file is not an .xlsx workbook"));
	if (st == ST_OK)
		st = parse_part(&p, "xl/workbook.xml", data, len, wb_start, no_end);
	free(data);
	data = NULL;
	if (st == ST_OK && (data = read_part(z, "xl/_rels/workbook.xml.rels", &len, &st)))
		st = parse_part(&p, "xl/_rels/workbook.xml.rels", data, len, rel_start, no_end);
	free(data);
	data = NULL;
	if (st == ST_OK && !p.sheet_target[0])
		str_copy(p.sheet_target, sizeof p.sheet_target, "xl/worksheets/sheet1.xml");
	if (st == ST_OK && (data = read_part(z, "xl/sharedStrings.xml", &len, &st)))
		st = parse_part(&p, "xl/sharedStrings.xml", data, len, ss_start, ss_end);
	free(data);
	data = NULL;
	if (st == ST_OK) {
		data = read_part(z, p.sheet_target, &len, &st);
		if (!data && st == ST_OK)
			st = status_fail(ST_INVALID, _("the workbook has no sheet %s"),
			                 p.sheet_target);
	}
	if (st == ST_OK) {
		sb_reset(&p.text);
		p.in_text = p.in_rph = false;
		st = parse_part(&p, p.sheet_target, data, len, sh_start, sh_end);
	}
	free(data);
	clear_cells(&p);
	free(p.cells);
	for (size_t i = 0; i < p.n_strings; i++)
		free(p.strings[i]);
	free(p.strings);
	sb_done(&p.text);
	lib.zip_close(z);
	return st;
}

bool xlsx_serial_day(const char *cell, int *yyyymmdd)
{
	char *end;
	double v = strtod(cell ? cell : "", &end);
	if (!cell || !*cell || *end || v < 25569 || v >= 401769) /* 1970-01-01 .. 3000-01-01 */
		return false;
	long serial = (long)v;
	if ((double)serial != v)
		return false;
	/* serial 25569 is 1970-01-01 */
	*yyyymmdd = time_day_add(19700101, (int)(serial - 25569));
	return true;
}
