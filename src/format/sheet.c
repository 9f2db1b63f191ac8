/* Spreadsheet rows: the file's kind from its first bytes, the CSV reader,
 * the row building the three readers share, header detection and dates. */
#include "format/sheet_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/csv.h"
#include "util/i18n.h"
#include "util/text.h"

/* A file larger than this is refused before it is read (a CSV is read
 * whole; an .xlsx this size would be millions of rows). */
#define SHEET_MAX_BYTES (512L * 1024 * 1024)

static const char empty[] = "";

/* ---- building rows ---- */

void sheet_row_begin(struct sheet *s)
{
	sb_reset(&s->pool);
	s->n_pend = 0;
}

void sheet_row_add(struct sheet *s, int col, enum sheet_cell_type type, const char *text,
                   size_t len, double number, bool formula)
{
	if (s->n_pend == s->cap_pend) {
		s->cap_pend = s->cap_pend ? s->cap_pend * 2 : 16;
		s->pend = xrealloc(s->pend, s->cap_pend * sizeof(*s->pend));
	}
	struct sheet_pending *p = &s->pend[s->n_pend++];
	p->col = col;
	p->type = type;
	p->number = number;
	p->formula = formula;
	p->off = s->pool.len;
	sb_addn(&s->pool, text ? text : "", text ? len : 0);
	sb_addc(&s->pool, '\0');
}

bool sheet_row_end(struct sheet *s, int number)
{
	int n = 0;
	bool any = false;
	for (size_t i = 0; i < s->n_pend; i++) {
		if (s->pend[i].col + 1 > n)
			n = s->pend[i].col + 1;
		if (s->pend[i].type != CELL_EMPTY || s->pend[i].formula)
			any = true;
	}
	if (!any)
		return false;
	if ((size_t)n > s->cap_cells) {
		s->cap_cells = (size_t)n > 2 * s->cap_cells ? (size_t)n : 2 * s->cap_cells;
		s->cells = xrealloc(s->cells, s->cap_cells * sizeof(*s->cells));
	}
	for (int c = 0; c < n; c++)
		s->cells[c] = (struct sheet_cell){CELL_EMPTY, empty, 0, false};
	for (size_t i = 0; i < s->n_pend; i++) {
		const struct sheet_pending *p = &s->pend[i];
		s->cells[p->col] =
		    (struct sheet_cell){p->type, s->pool.buf + p->off, p->number, p->formula};
	}
	s->row.number = number;
	s->row.n_cells = n;
	s->row.cells = s->cells;
	return true;
}

enum status sheet_damaged(const struct sheet *s, const char *why)
{
	status_clear();
	return status_fail(ST_INVALID, _("%s: %s"), s->name, why);
}

/* ---- CSV ---- */

struct csv_impl {
	char *data;
	struct csv_reader r;
};

static int csv_next_row(struct sheet *s)
{
	struct csv_impl *c = s->impl;
	for (;;) {
		int rc = csv_next(&c->r);
		if (rc < 0) {
			status_fail(ST_INVALID, _("%s: line %d: %s"), s->name, c->r.line, c->r.error);
			return -1;
		}
		if (rc == 0)
			return 0;
		sheet_row_begin(s);
		for (size_t i = 0; i < c->r.n_fields; i++) {
			const char *f = c->r.fields[i];
			size_t len = strlen(f);
			sheet_row_add(s, (int)i, len ? CELL_TEXT : CELL_EMPTY, f, len, 0, false);
		}
		if (sheet_row_end(s, c->r.line))
			return 1;
	}
}

static void csv_close(struct sheet *s)
{
	struct csv_impl *c = s->impl;
	csv_reader_done(&c->r);
	free(c->data);
	free(c);
}

/* ';' when the first lines hold more semicolons than commas (outside quotes). */
static char csv_guess_sep(const char *p, size_t len)
{
	long commas = 0, semis = 0;
	int lines = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && lines < 5; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && p[i] == ',')
			commas++;
		else if (!quoted && p[i] == ';')
			semis++;
		else if (!quoted && p[i] == '\n')
			lines++;
	}
	return semis > commas ? ';' : ',';
}

static enum status csv_open(struct sheet *s, char *data, size_t len)
{
	const char *text = data;
	size_t n = len;
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		n -= 3;
	}
	if (!text_valid_utf8(text, n)) {
		free(data);
		return status_fail(ST_INVALID,
		                   _("%s is not a spreadsheet: not an .xlsx or .xls workbook, nor a "
		                     "CSV file in UTF-8; export the list again as .xlsx or as CSV UTF-8"),
		                   s->name);
	}
	struct csv_impl *c = xcalloc(1, sizeof(*c));
	c->data = data;
	csv_reader_init(&c->r, data, len);
	c->r.sep = csv_guess_sep(text, n);
	s->kind = SHEET_CSV;
	s->impl = c;
	s->next = csv_next_row;
	s->close = csv_close;
	return ST_OK;
}

/* ---- opening ---- */

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return xstrdup(b ? b + 1 : path);
}

static const unsigned char zip_magic[4] = {'P', 'K', 3, 4};
static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* An encrypted .xlsx is an OLE2 compound file holding the streams
 * EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO); their names are in the
 * directory as UTF-16LE. */
static bool ole_encrypted(const unsigned char *d, size_t n)
{
	static const char name[] = "EncryptedPackage";
	size_t k = sizeof(name) - 1;
	for (size_t i = 0; i + 2 * k <= n; i++) {
		size_t j = 0;
		while (j < k && d[i + 2 * j] == (unsigned char)name[j] && d[i + 2 * j + 1] == 0)
			j++;
		if (j == k)
			return true;
	}
	return false;
}

static enum status encrypted(const struct sheet *s)
{
	return status_fail(ST_INVALID,
	                   _("%s is an encrypted (password-protected) workbook; open it, remove "
	                     "the password (File › Info › Protect Workbook) and save it again"),
	                   s->name);
}

static struct sheet *sheet_new(const char *path)
{
	struct sheet *s = xcalloc(1, sizeof(*s));
	s->name = base_name(path);
	sb_init(&s->pool);
	return s;
}

static enum status open_bytes(struct sheet *s, const char *path, char *data, size_t len)
{
	if (len >= 4 && memcmp(data, zip_magic, 4) == 0) {
		enum status st = sheet_xlsx_open(s, path, data, len);
		if (st != ST_OK)
			free(data);
		return st;
	}
	if (len >= 8 && memcmp(data, ole_magic, 8) == 0) {
		bool enc = ole_encrypted((const unsigned char *)data, len);
		free(data);
		if (enc)
			return encrypted(s);
		if (!path)
			return status_fail(ST_INVALID, _("%s: an .xls workbook must be read from a file"),
			                   s->name);
		return sheet_xls_open(s, path);
	}
	return csv_open(s, data, len);
}

enum status sheet_open(struct sheet **out, const char *path)
{
	status_clear();
	*out = NULL;
	struct sheet *s = sheet_new(path);
	FILE *f = fopen(path, "rb");
	enum status st = ST_OK;
	if (!f) {
		int err = errno;
		st = status_fail(err == ENOENT ? ST_NOT_FOUND : ST_IO, _("cannot read %s: %s"), path,
		                 strerror(err));
		goto fail;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		st = status_fail(ST_INVALID, _("%s is not a regular file"), s->name);
		goto fail;
	}
	if (sb.st_size > SHEET_MAX_BYTES) {
		fclose(f);
		st = status_fail(ST_INVALID,
		                 _("%s is larger than 512 MiB; export one centre or a shorter period"),
		                 s->name);
		goto fail;
	}
	size_t len = (size_t)sb.st_size;
	char *data = xmalloc(len + 1);
	size_t got = fread(data, 1, len, f);
	int err = errno;
	bool bad = ferror(f);
	fclose(f);
	if (bad || got != len) {
		free(data);
		st = status_fail(ST_IO, _("cannot read %s: %s"), path, strerror(bad ? err : EIO));
		goto fail;
	}
	data[len] = '\0';
	st = open_bytes(s, path, data, len);
	if (st != ST_OK)
		goto fail;
	*out = s;
	return ST_OK;
fail:
	sb_done(&s->pool);
	free(s->name);
	free(s);
	return st;
}

enum status sheet_open_mem(struct sheet **out, const char *name, const void *bytes, size_t len)
{
	status_clear();
	*out = NULL;
	struct sheet *s = sheet_new(name);
	char *data = xmalloc(len + 1);
	if (len)
		memcpy(data, bytes, len);
	data[len] = '\0';
	enum status st = open_bytes(s, NULL, data, len);
	if (st != ST_OK) {
		sb_done(&s->pool);
		free(s->name);
		free(s);
		return st;
	}
	*out = s;
	return ST_OK;
}

enum sheet_kind sheet_kind(const struct sheet *s)
{
	return s->kind;
}

const char *sheet_kind_name(enum sheet_kind k)
{
	return k == SHEET_XLSX ? "xlsx" : k == SHEET_XLS ? "xls" : "csv";
}

bool sheet_date1904(const struct sheet *s)
{
	return s->date1904;
}

int sheet_next(struct sheet *s, const struct sheet_row **row)
{
	*row = NULL;
	if (s->failed)
		return -1;
	int rc = s->next(s);
	if (rc < 0) {
		s->failed = true;
		return -1;
	}
	if (rc == 1)
		*row = &s->row;
	return rc;
}

void sheet_close(struct sheet *s)
{
	if (!s)
		return;
	if (s->close)
		s->close(s);
	sb_done(&s->pool);
	free(s->pend);
	free(s->cells);
	free(s->name);
	free(s);
}

/* ---- kept rows ---- */

void sheet_row_keep(struct sheet_row_copy *dst, const struct sheet_row *src)
{
	size_t bytes = 0;
	for (int c = 0; c < src->n_cells; c++)
		bytes += strlen(src->cells[c].text) + 1;
	dst->cells = xcalloc((size_t)src->n_cells + 1, sizeof(*dst->cells));
	dst->pool = xmalloc(bytes + 1);
	size_t at = 0;
	for (int c = 0; c < src->n_cells; c++) {
		size_t n = strlen(src->cells[c].text) + 1;
		memcpy(dst->pool + at, src->cells[c].text, n);
		dst->cells[c] = src->cells[c];
		dst->cells[c].text = dst->pool + at;
		at += n;
	}
	dst->row.number = src->number;
	dst->row.n_cells = src->n_cells;
	dst->row.cells = dst->cells;
}

void sheet_row_drop(struct sheet_row_copy *c)
{
	free(c->cells);
	free(c->pool);
	memset(c, 0, sizeof(*c));
}

/* ---- header detection ---- */

char *sheet_fold(const char *s)
{
	char *f = text_fold(s);
	return f ? f : xstrdup("");
}

int sheet_column_index(const char *letters)
{
	int c = 0;
	size_t n = strlen(letters);
	if (n == 0 || n > 3)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = letters[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			return -1;
		c = c * 26 + (ch - 'A' + 1);
	}
	return c - 1 < 16384 ? c - 1 : -1;
}

char *sheet_column_name(int c, char *buf, size_t size)
{
	char tmp[8];
	int n = 0;
	c++;
	while (c > 0 && n < 7) {
		int r = (c - 1) % 26;
		tmp[n++] = (char)('A' + r);
		c = (c - 1) / 26;
	}
	size_t i = 0;
	while (n > 0 && i + 1 < size)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/* true when folded header h is name n, or n followed by a space and more. */
static bool name_matches(const char *h, const char *n)
{
	size_t k = strlen(n);
	return *n && strncmp(h, n, k) == 0 && (h[k] == '\0' || h[k] == ' ');
}

/* Rank of h among the names (0 best), or -1. */
static int name_rank(const char *h, const char *const *names)
{
	for (int i = 0; names && names[i]; i++)
		if (name_matches(h, names[i]))
			return i;
	return -1;
}

static const char *cell_text(const struct sheet_row *r, int c)
{
	if (!r || c >= r->n_cells)
		return "";
	const struct sheet_cell *cell = &r->cells[c];
	return cell->type == CELL_TEXT ? cell->text : "";
}

/* The header text of column c in row i: the cell, or the one above it when empty. */
static const char *header_at(const struct sheet_row *const *rows, int i, int c)
{
	const char *t = cell_text(rows[i], c);
	if (*t || i == 0)
		return t;
	return cell_text(rows[i - 1], c);
}

static int row_width(const struct sheet_row *const *rows, int i)
{
	int w = rows[i]->n_cells;
	if (i > 0 && rows[i - 1]->n_cells > w)
		w = rows[i - 1]->n_cells;
	return w;
}

static void copy_header(char *dst, size_t size, const char *src)
{
	char tmp[96];
	size_t j = 0;
	for (const char *p = src; *p && j + 1 < sizeof(tmp); p++)
		tmp[j++] = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p;
	tmp[j] = '\0';
	str_copy(dst, size, str_trim(tmp));
}

/* Roles of row i into cols[] (given names first); returns how many found. */
static int score_row(const struct sheet_row *const *rows, int i,
                     const struct sheet_header_spec *spec, int *cols, char **folded_given)
{
	int found = 0, w = row_width(rows, i);
	for (int r = 0; r < spec->n_roles; r++) {
		cols[r] = -1;
		int best = -1;
		for (int c = 0; c < w; c++) {
			const char *h = header_at(rows, i, c);
			if (!*h)
				continue;
			char *f = sheet_fold(h);
			int rank = -1;
			if (folded_given[r])
				rank = name_matches(f, folded_given[r]) ? 0 : -1;
			else
				rank = name_rank(f, spec->names[r]);
			free(f);
			if (rank >= 0 && (best < 0 || rank < best)) {
				best = rank;
				cols[r] = c;
			}
		}
		if (cols[r] >= 0)
			found++;
	}
	return found;
}

/* How many cells of row i match any name (roles or known). */
static int headerness(const struct sheet_row *const *rows, int i,
                      const struct sheet_header_spec *spec)
{
	int n = 0;
	for (int c = 0; c < rows[i]->n_cells; c++) {
		const char *t = cell_text(rows[i], c);
		if (!*t)
			continue;
		char *f = sheet_fold(t);
		bool hit = name_rank(f, spec->known) >= 0;
		for (int r = 0; !hit && r < spec->n_roles; r++)
			hit = name_rank(f, spec->names[r]) >= 0;
		free(f);
		n += hit;
	}
	return n;
}

bool sheet_find_header(const struct sheet_row *const *rows, int n,
                       const struct sheet_header_spec *spec, struct sheet_header *out,
                       char *seen, size_t seen_size)
{
	memset(out, 0, sizeof(*out));
	out->row = -1;
	for (int r = 0; r < SHEET_MAX_ROLES; r++)
		out->col[r] = -1;
	if (seen_size)
		seen[0] = '\0';
	char *given[SHEET_MAX_ROLES] = {NULL};
	int letters[SHEET_MAX_ROLES] = {-1, -1, -1, -1, -1, -1, -1, -1};
	for (int r = 0; r < spec->n_roles; r++) {
		letters[r] = spec->given[r] ? sheet_column_index(spec->given[r]) : -1;
		if (spec->given[r] && letters[r] < 0)
			given[r] = sheet_fold(spec->given[r]);
	}
	int best = -1, best_score = 0, cols[SHEET_MAX_ROLES];
	for (int i = 0; i < n; i++) {
		int score = score_row(rows, i, spec, cols, given);
		for (int r = 0; r < spec->n_roles; r++)
			if (letters[r] >= 0 && cols[r] < 0) {
				cols[r] = letters[r];
				score++;
			}
		bool has_required = cols[spec->required] >= 0 && letters[spec->required] < 0;
		/* a column named by its letters: any row naming another role is the header */
		if (letters[spec->required] >= 0)
			has_required = score > 1 || (spec->n_roles == 1 && score == 1);
		if (has_required && score > best_score) {
			best = i;
			best_score = score;
			memcpy(out->col, cols, sizeof(cols));
		}
	}
	if (best < 0 && letters[spec->required] >= 0) {
		/* no header row at all: the columns are the given letters */
		for (int r = 0; r < spec->n_roles; r++)
			out->col[r] = letters[r];
		best = -1;
		for (int r = 0; r < spec->n_roles; r++)
			free(given[r]);
		out->row = -1;
		for (int r = 0; r < spec->n_roles; r++)
			if (out->col[r] >= 0)
				sheet_column_name(out->col[r], out->text[r], sizeof(out->text[r]));
		return true;
	}
	for (int r = 0; r < spec->n_roles; r++)
		free(given[r]);
	if (best >= 0) {
		out->row = best;
		for (int r = 0; r < spec->n_roles; r++) {
			if (out->col[r] < 0)
				continue;
			const char *h = header_at(rows, best, out->col[r]);
			if (*h)
				copy_header(out->text[r], sizeof(out->text[r]), h);
			else
				sheet_column_name(out->col[r], out->text[r], sizeof(out->text[r]));
		}
		return true;
	}
	/* Not found: list the headers of the row most like a header. */
	int pick = -1, pick_n = 0;
	for (int i = 0; i < n; i++) {
		int h = headerness(rows, i, spec);
		if (h > pick_n) {
			pick = i;
			pick_n = h;
		}
	}
	if (pick >= 0 && seen_size) {
		struct strbuf sb;
		sb_init(&sb);
		for (int c = 0; c < rows[pick]->n_cells; c++) {
			const char *t = cell_text(rows[pick], c);
			if (!*t)
				continue;
			char one[96];
			copy_header(one, sizeof(one), t);
			sb_addf(&sb, "%s\"%s\"", sb.len ? ", " : "", one);
		}
		str_copy(seen, seen_size, sb.buf ? sb.buf : "");
		sb_done(&sb);
	}
	return false;
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

static bool valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

static bool serial_day(double v, bool date1904, int *out)
{
	if (!(v >= 0 && v < 2958466))
		return false;
	long s = (long)v;
	long base;
	if (date1904) {
		base = days_from_civil(1904, 1, 1);
	} else {
		/* Lotus 1-2-3's quirk, kept by Excel: 60 is 29 February 1900. */
		if (s < 1 || s == 60)
			return false;
		base = s < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
	}
	*out = civil_from_days(base + s);
	return true;
}

static const char *digits(const char *p, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && p[n] >= '0' && p[n] <= '9') {
		x = x * 10 + (p[n] - '0');
		n++;
	}
	if (n < min)
		return NULL;
	*v = x;
	return p + n;
}

/* An optional time after a date: " hh:mm[:ss]" or "Thh:mm..." and a zone. */
static bool time_tail(const char *p)
{
	if (*p == '\0')
		return true;
	if (*p != ' ' && *p != 'T')
		return false;
	while (*p == ' ' || *p == 'T')
		p++;
	int h, m;
	const char *q = digits(p, 1, 2, &h);
	if (!q || *q != ':' || h > 23)
		return false;
	q = digits(q + 1, 2, 2, &m);
	if (!q || m > 59)
		return false;
	for (; *q; q++)
		if (!strchr("0123456789:.+-Z", *q))
			return false;
	return true;
}

bool sheet_cell_day(const struct sheet_cell *c, bool date1904, int *yyyymmdd)
{
	if (c->type == CELL_NUMBER)
		return serial_day(c->number, date1904, yyyymmdd);
	if (c->type != CELL_TEXT)
		return false;
	char buf[64];
	str_copy(buf, sizeof(buf), c->text);
	const char *p = str_trim(buf);
	int a, b, y;
	const char *q = digits(p, 1, 4, &a);
	if (!q)
		return false;
	if (q - p == 4 && *q == '-') { /* ISO */
		y = a;
		q = digits(q + 1, 2, 2, &a);
		if (!q || *q != '-')
			return false;
		q = digits(q + 1, 2, 2, &b);
		if (!q || !valid_ymd(y, a, b) || !time_tail(q))
			return false;
		*yyyymmdd = y * 10000 + a * 100 + b;
		return true;
	}
	if (q - p > 2 || (*q != '/' && *q != '-' && *q != '.'))
		return false;
	char sep = *q;
	q = digits(q + 1, 1, 2, &b);
	if (!q || *q != sep)
		return false;
	q = digits(q + 1, 4, 4, &y);
	if (!q || !valid_ymd(y, b, a) || !time_tail(q))
		return false;
	*yyyymmdd = y * 10000 + b * 100 + a;
	return true;
}
