/* .xlsx rows: libzip opens the package, expat reads its XML.  The workbook
 * and its relationships name the first worksheet and the shared strings;
 * the shared strings are held in memory (cells point into them), the
 * worksheet is inflated and parsed 64 KiB at a time, and the rows each
 * chunk completes wait in a small queue for sheet_next(). */
#include <expat.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "format/sheet_impl.h"
#include "util/i18n.h"

/* libzip.so.4 (and the libcrypto, zlib... it needs) is loaded when the first
 * file needs it, not linked: linked, the spreadsheet libraries doubled the
 * start-up CPU of every other command (1.7 -> 3.6 ms for `dvcdesk qr`).
 * The header still gives every call its checked prototype. */
#define ZL_LIBRARY "libzip.so.4"
#define ZL_FUNCTIONS(_) _(zip_name_locate) _(zip_stat_init) _(zip_stat_index) _(zip_fopen_index) _(zip_error_code_zip) _(zip_get_error) _(zip_fread) _(zip_fclose) _(zip_error_init) _(zip_source_buffer_create) _(zip_open_from_source) _(zip_source_free) _(zip_error_fini) _(zip_discard)

#define ZL_POINTER(name) __typeof__(name) *name;
static struct {
	bool loaded;
	ZL_FUNCTIONS(ZL_POINTER)
} zl;
#undef ZL_POINTER

static enum status zl_load(void)
{
	if (zl.loaded)
		return ST_OK;
	void *h = dlopen(ZL_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return status_fail(ST_UNAVAILABLE, _("%s cannot be loaded (%s); install the package %s"),
		                   ZL_LIBRARY, dlerror(), "libzip4");
	const char *missing = NULL;
	void *sym;
#define ZL_LOAD(name)                                                                           \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&zl.name, &sym, sizeof sym);                                        \
		else                                                                               \
			missing = #name;                                                           \
	}
	ZL_FUNCTIONS(ZL_LOAD)
#undef ZL_LOAD
	if (missing) {
		dlclose(h);
		memset(&zl, 0, sizeof(zl));
		return status_fail(ST_UNAVAILABLE, _("%s has no %s"), ZL_LIBRARY, missing);
	}
	zl.loaded = true;
	return ST_OK;
}

#define CHUNK (64 * 1024)
/* The XML parts read whole (workbook, relationships, shared strings): a
 * zip bomb stops here. */
#define MAX_PART_BYTES (256L * 1024 * 1024)

/* ---- small expat helpers ---- */

static const char *local_name(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* A document type declaration is refused: no entity of any kind is
 * expanded (and so no "billion laughs"). */
static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	XML_StopParser(*(XML_Parser *)ud, XML_FALSE);
}

/* ---- reading parts ---- */

struct xlsx;

struct part_reader {
	XML_Parser p;
	bool stopped;
};

/* Read a whole zip entry into memory (NULL, with *missing set, when the
 * entry does not exist). */
static char *read_entry(zip_t *za, const char *name, size_t *len, bool *missing, bool *enc)
{
	*missing = false;
	*enc = false;
	zip_stat_t st;
	zip_int64_t idx = zl.zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		*missing = true;
		return NULL;
	}
	zl.zip_stat_init(&st);
	if (zl.zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		*enc = true;
		return NULL;
	}
	zip_file_t *zf = zl.zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		int ze = zl.zip_error_code_zip(zl.zip_get_error(za));
		*enc = ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP;
		return NULL;
	}
	struct strbuf sb;
	sb_init(&sb);
	char buf[CHUNK];
	zip_int64_t n;
	bool ok = true;
	while ((n = zl.zip_fread(zf, buf, sizeof(buf))) > 0) {
		sb_addn(&sb, buf, (size_t)n);
		if ((long)sb.len > MAX_PART_BYTES) {
			ok = false;
			break;
		}
	}
	if (n < 0)
		ok = false;
	zl.zip_fclose(zf);
	if (!ok) {
		sb_done(&sb);
		return NULL;
	}
	*len = sb.len;
	if (!sb.buf)
		sb_addc(&sb, '\0');
	return sb_steal(&sb);
}

static XML_Parser new_parser(void *ud, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	return p;
}

/* ---- the workbook and its relationships ---- */

struct wb_state {
	XML_Parser p; /* first: no_doctype reads it */
	char *sheet_rid;
	bool date1904;
	/* relationships */
	const char *want_rid;
	char *sheet_target, *strings_target;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_state *w = ud;
	const char *n = local_name(name);
	if (strcmp(n, "sheet") == 0 && !w->sheet_rid) {
		const char *id = attr(atts, "id");
		if (id)
			w->sheet_rid = xstrdup(id);
	} else if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		w->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "Relationship") == 0) {
		const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
		           *type = attr(atts, "Type");
		if (!target || !type)
			return;
		size_t tl = strlen(type);
		if (w->want_rid && id && strcmp(id, w->want_rid) == 0 && !w->sheet_target)
			w->sheet_target = xstrdup(target);
		else if (tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0 &&
		         !w->strings_target)
			w->strings_target = xstrdup(target);
	}
}

static void XMLCALL wb_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static bool parse_whole(void *ud, XML_Parser *slot, const char *data, size_t len,
                        XML_StartElementHandler start, XML_EndElementHandler end,
                        XML_CharacterDataHandler text)
{
	XML_Parser p = new_parser(ud, start, end, text);
	if (!p)
		return false;
	*slot = p;
	bool ok = XML_Parse(p, data, (int)len, XML_TRUE) == XML_STATUS_OK;
	XML_ParserFree(p);
	*slot = NULL;
	return ok;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/..." absolute. */
static char *part_path(const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	if (strncmp(target, "xl/", 3) == 0)
		return xstrdup(target);
	return xasprintf("xl/%s", target);
}

/* ---- shared strings ---- */

struct sst_state {
	XML_Parser p;
	char **items;
	size_t n, cap;
	struct strbuf cur;
	bool in_si, in_t;
	int rph; /* depth inside <rPh> (phonetic runs: not part of the text) */
	bool too_many;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct sst_state *s = ud;
	const char *n = local_name(name);
	if (strcmp(n, "si") == 0) {
		s->in_si = true;
		sb_reset(&s->cur);
	} else if (strcmp(n, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(n, "t") == 0 && s->in_si && !s->rph) {
		s->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_state *s = ud;
	const char *n = local_name(name);
	if (strcmp(n, "si") == 0 && s->in_si) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 256;
			s->items = xrealloc(s->items, s->cap * sizeof(*s->items));
		}
		s->items[s->n++] = xstrdup(s->cur.buf ? s->cur.buf : "");
		s->in_si = false;
	} else if (strcmp(n, "rPh") == 0 && s->rph) {
		s->rph--;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = false;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst_state *s = ud;
	if (s->in_t)
		sb_addn(&s->cur, t, (size_t)len);
}

/* ---- the worksheet, streamed ---- */

struct queued {
	int number;
	size_t first, end; /* cells [first, end) of q_cells */
};

struct xlsx {
	XML_Parser p; /* first: no_doctype reads it */
	struct sheet *s;
	zip_t *za;
	zip_file_t *zf;
	char *data; /* the file's bytes (zip_source_buffer borrows them) */
	char **sst;
	size_t n_sst;
	bool done; /* the sheet XML was read to its end */
	bool bad;
	char why[160];
	/* parsing state */
	int row_number, next_col;
	bool in_row, in_c, in_v, in_is_t, in_f;
	int rph;
	int c_col;
	char c_type[12];
	bool c_formula;
	struct strbuf val;
	/* finished rows waiting */
	struct sheet_pending *q_cells;
	size_t n_q_cells, cap_q_cells;
	struct queued *q_rows;
	size_t n_q_rows, cap_q_rows, q_next;
	struct strbuf q_pool;
};

static void x_fail(struct xlsx *x, const char *why)
{
	if (!x->bad) {
		x->bad = true;
		snprintf(x->why, sizeof(x->why), "%s", why);
	}
	XML_StopParser(x->p, XML_FALSE);
}

static int col_of_ref(const char *r)
{
	char letters[4];
	int n = 0;
	while (*r >= 'A' && *r <= 'Z') {
		if (n == 3)
			return -1;
		letters[n++] = *r++;
	}
	letters[n] = '\0';
	if (n == 0 || *r < '1' || *r > '9')
		return -1;
	return sheet_column_index(letters);
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local_name(name);
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		int num = x->row_number + 1;
		if (r) {
			char *end;
			long v = strtol(r, &end, 10);
			if (*end || v < 1 || v > 1048576 || v <= x->row_number) {
				x_fail(x, _("a row number is out of order or out of range"));
				return;
			}
			num = (int)v;
		}
		x->row_number = num;
		x->next_col = 0;
		x->in_row = true;
		if (x->n_q_rows == x->cap_q_rows) {
			x->cap_q_rows = x->cap_q_rows ? x->cap_q_rows * 2 : 64;
			x->q_rows = xrealloc(x->q_rows, x->cap_q_rows * sizeof(*x->q_rows));
		}
		x->q_rows[x->n_q_rows] = (struct queued){num, x->n_q_cells, x->n_q_cells};
	} else if (strcmp(n, "c") == 0 && x->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		int col = r ? col_of_ref(r) : x->next_col;
		if (col < 0 || col >= 16384) {
			x_fail(x, _("a cell reference is damaged"));
			return;
		}
		x->c_col = col;
		x->next_col = col + 1;
		snprintf(x->c_type, sizeof(x->c_type), "%s", t ? t : "n");
		x->c_formula = false;
		x->in_c = true;
		sb_reset(&x->val);
	} else if (x->in_c) {
		if (strcmp(n, "v") == 0)
			x->in_v = true;
		else if (strcmp(n, "f") == 0)
			x->c_formula = true, x->in_f = true;
		else if (strcmp(n, "rPh") == 0)
			x->rph++;
		else if (strcmp(n, "t") == 0 && !x->rph)
			x->in_is_t = true;
	}
}

static void queue_cell(struct xlsx *x, enum sheet_cell_type type, const char *text, double num)
{
	if (x->n_q_cells == x->cap_q_cells) {
		x->cap_q_cells = x->cap_q_cells ? x->cap_q_cells * 2 : 256;
		x->q_cells = xrealloc(x->q_cells, x->cap_q_cells * sizeof(*x->q_cells));
	}
	struct sheet_pending *p = &x->q_cells[x->n_q_cells++];
	p->col = x->c_col;
	p->type = type;
	p->number = num;
	p->formula = x->c_formula;
	p->off = x->q_pool.len;
	sb_add(&x->q_pool, text);
	sb_addc(&x->q_pool, '\0');
}

static void end_cell(struct xlsx *x)
{
	const char *v = x->val.buf ? x->val.buf : "";
	const char *t = x->c_type;
	if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (!*v || *end || i < 0 || (size_t)i >= x->n_sst) {
			x_fail(x, _("a cell points to a shared string that does not exist"));
			return;
		}
		const char *s = x->sst[i];
		queue_cell(x, *s ? CELL_TEXT : CELL_EMPTY, s, 0);
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "d") == 0) {
		queue_cell(x, *v ? CELL_TEXT : CELL_EMPTY, v, 0);
	} else if (strcmp(t, "e") == 0) {
		queue_cell(x, CELL_ERROR, *v ? v : "#ERROR", 0);
	} else if (strcmp(t, "b") == 0) {
		queue_cell(x, CELL_BOOL, v, strcmp(v, "1") == 0 ? 1 : 0);
	} else if (*v) { /* "n" */
		char *end;
		double d = strtod(v, &end);
		if (*end) {
			x_fail(x, _("a number cell holds something that is not a number"));
			return;
		}
		queue_cell(x, CELL_NUMBER, v, d);
	} else if (x->c_formula) {
		queue_cell(x, CELL_EMPTY, "", 0);
	}
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local_name(name);
	if (strcmp(n, "c") == 0 && x->in_c) {
		x->in_c = x->in_v = x->in_is_t = x->in_f = false;
		x->rph = 0;
		end_cell(x);
	} else if (strcmp(n, "row") == 0 && x->in_row) {
		x->in_row = false;
		x->q_rows[x->n_q_rows].end = x->n_q_cells;
		x->n_q_rows++;
	} else if (strcmp(n, "v") == 0) {
		x->in_v = false;
	} else if (strcmp(n, "f") == 0) {
		x->in_f = false;
	} else if (strcmp(n, "rPh") == 0 && x->rph) {
		x->rph--;
	} else if (strcmp(n, "t") == 0) {
		x->in_is_t = false;
	} else if (strcmp(n, "sheetData") == 0) {
		x->done = true;
	}
}

static void XMLCALL ws_text(void *ud, const XML_Char *t, int len)
{
	struct xlsx *x = ud;
	if (x->in_v || x->in_is_t) {
		sb_addn(&x->val, t, (size_t)len);
		if (x->val.len > 1024 * 1024)
			x_fail(x, _("a cell holds more than 1 MiB of text"));
	}
}

static int xlsx_next(struct sheet *s)
{
	struct xlsx *x = s->impl;
	for (;;) {
		while (x->q_next < x->n_q_rows) {
			struct queued *q = &x->q_rows[x->q_next++];
			sheet_row_begin(s);
			for (size_t i = q->first; i < q->end; i++) {
				const struct sheet_pending *p = &x->q_cells[i];
				const char *text = x->q_pool.buf + p->off;
				sheet_row_add(s, p->col, p->type, text, strlen(text), p->number,
				              p->formula);
			}
			if (sheet_row_end(s, q->number))
				return 1;
		}
		/* The queue is spent: keep only the row still open, if any. */
		if (x->in_row) {
			struct queued open = x->q_rows[x->n_q_rows];
			struct strbuf pool;
			sb_init(&pool);
			size_t k = 0;
			for (size_t i = open.first; i < x->n_q_cells; i++, k++) {
				struct sheet_pending p = x->q_cells[i];
				const char *text = x->q_pool.buf + p.off;
				p.off = pool.len;
				sb_add(&pool, text);
				sb_addc(&pool, '\0');
				x->q_cells[k] = p;
			}
			sb_done(&x->q_pool);
			x->q_pool = pool;
			x->n_q_cells = k;
			open.first = 0;
			x->q_rows[0] = open;
		} else {
			x->n_q_cells = 0;
			sb_reset(&x->q_pool);
		}
		x->n_q_rows = x->q_next = 0;
		if (x->done || !x->zf)
			return 0;
		char buf[CHUNK];
		zip_int64_t n = zl.zip_fread(x->zf, buf, sizeof(buf));
		if (n < 0) {
			sheet_damaged(s, _("the worksheet cannot be unpacked (the zip is damaged)"));
			return -1;
		}
		if (XML_Parse(x->p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->bad)
				sheet_damaged(s, x->why);
			else
				status_fail(ST_INVALID, _("%s: the worksheet XML is damaged (line %lu: %s)"),
				            s->name, (unsigned long)XML_GetCurrentLineNumber(x->p),
				            XML_ErrorString(XML_GetErrorCode(x->p)));
			return -1;
		}
		if (n == 0)
			x->done = true;
	}
}

static void xlsx_close(struct sheet *s)
{
	struct xlsx *x = s->impl;
	if (!x)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	if (x->zf)
		zl.zip_fclose(x->zf);
	if (x->za)
		zl.zip_discard(x->za);
	for (size_t i = 0; i < x->n_sst; i++)
		free(x->sst[i]);
	free(x->sst);
	free(x->q_cells);
	free(x->q_rows);
	sb_done(&x->q_pool);
	sb_done(&x->val);
	free(x->data);
	free(x);
	s->impl = NULL;
}

static enum status not_workbook(const struct sheet *s)
{
	return status_fail(ST_INVALID,
	                   _("%s is a zip archive without a worksheet: not an .xlsx workbook"),
	                   s->name);
}

/* Takes `data` (freed on failure by the caller... here: kept in x, freed by close). */
enum status sheet_xlsx_open(struct sheet *s, const char *path, char *bytes, size_t len)
{
	status_clear();
	(void)path;
	enum status loaded = zl_load();
	if (loaded != ST_OK)
		return loaded;
	struct xlsx *x = xcalloc(1, sizeof(*x));
	x->s = s;
	sb_init(&x->val);
	sb_init(&x->q_pool);
	s->impl = x;
	s->kind = SHEET_XLSX;
	s->next = xlsx_next;
	s->close = xlsx_close;
	zip_error_t ze;
	zl.zip_error_init(&ze);
	zip_source_t *src = zl.zip_source_buffer_create(bytes, len, 0, &ze);
	if (src)
		x->za = zl.zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->za) {
		if (src)
			zl.zip_source_free(src);
		zl.zip_error_fini(&ze);
		xlsx_close(s);
		return status_fail(ST_INVALID,
		                   _("%s is not a spreadsheet: it starts like a zip archive but is "
		                     "damaged; export it again"),
		                   s->name);
	}
	zl.zip_error_fini(&ze);
	/* from here the bytes belong to x (freed by close, after the zip) */
	x->data = bytes;

	struct wb_state w;
	memset(&w, 0, sizeof(w));
	size_t n;
	bool missing, enc;
	enum status st = ST_OK;
	char *wb = read_entry(x->za, "xl/workbook.xml", &n, &missing, &enc);
	char *sheet_path = NULL, *strings_path = NULL;
	if (enc) {
		st = status_fail(ST_INVALID, _("%s is an encrypted (password-protected) workbook; "
		                               "open it, remove the password and save it again"),
		                 s->name);
		goto out;
	}
	if (wb) {
		if (!parse_whole(&w, &w.p, wb, n, wb_start, wb_end, NULL)) {
			free(wb);
			st = sheet_damaged(s, _("the workbook part (xl/workbook.xml) is damaged"));
			goto out;
		}
		free(wb);
		s->date1904 = w.date1904;
		char *rels = read_entry(x->za, "xl/_rels/workbook.xml.rels", &n, &missing, &enc);
		if (rels) {
			w.want_rid = w.sheet_rid;
			if (!parse_whole(&w, &w.p, rels, n, wb_start, wb_end, NULL)) {
				free(rels);
				st = sheet_damaged(s, _("the workbook's relationships are damaged"));
				goto out;
			}
			free(rels);
		}
	}
	sheet_path = w.sheet_target ? part_path(w.sheet_target) : xstrdup("xl/worksheets/sheet1.xml");
	strings_path =
	    w.strings_target ? part_path(w.strings_target) : xstrdup("xl/sharedStrings.xml");

	char *ss = read_entry(x->za, strings_path, &n, &missing, &enc);
	if (ss) {
		struct sst_state t;
		memset(&t, 0, sizeof(t));
		sb_init(&t.cur);
		bool ok = parse_whole(&t, &t.p, ss, n, sst_start, sst_end, sst_text);
		free(ss);
		sb_done(&t.cur);
		x->sst = t.items;
		x->n_sst = t.n;
		if (!ok) {
			st = sheet_damaged(s, _("the shared strings (xl/sharedStrings.xml) are damaged"));
			goto out;
		}
	} else if (!missing) {
		st = enc ? status_fail(ST_INVALID, _("%s is an encrypted workbook; remove the "
		                                     "password and save it again"),
		                       s->name)
		         : sheet_damaged(s, _("the shared strings cannot be unpacked"));
		goto out;
	}

	zip_int64_t idx = zl.zip_name_locate(x->za, sheet_path, ZIP_FL_NOCASE);
	if (idx < 0) {
		st = not_workbook(s);
		goto out;
	}
	x->zf = zl.zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!x->zf) {
		st = sheet_damaged(s, _("the worksheet cannot be unpacked (the zip is damaged)"));
		goto out;
	}
	x->p = new_parser(x, ws_start, ws_end, ws_text);
	if (!x->p)
		st = status_fail(ST_NOMEM, "%s", status_message(ST_NOMEM));
out:
	free(w.sheet_rid);
	free(w.sheet_target);
	free(w.strings_target);
	free(sheet_path);
	free(strings_path);
	if (st != ST_OK) {
		x->data = NULL; /* the caller frees the bytes on failure */
		xlsx_close(s);
		return st;
	}
	return ST_OK;
}
