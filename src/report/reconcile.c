/* Reconciliation: read the export once (its first rows kept to find the
 * header, the rest streamed), keep four cells of each row in a hash table
 * keyed by the dossier code, then walk the logged submissions. */
#include "report/reconcile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dossier.h"
#include "util/i18n.h"
#include "util/text.h"

const char *const rec_role_keys[ROLE__COUNT] = {"code", "date", "procedure", "channel"};

/* Header names, folded (sheet_fold); earlier ones preferred. */
static const char *const code_names[] = {"so ho so", "ma ho so", "ma so ho so", "so hieu ho so",
                                         "ma hs", "so hs", NULL};
static const char *const date_names[] = {"ngay tiep nhan", "ngay nop", "thoi gian tiep nhan",
                                         "thoi diem tiep nhan", "ngay nhan", NULL};
static const char *const procedure_names[] = {
    "ma thu tuc", "ma tthc", "ma thu tuc hanh chinh", "ten thu tuc", "ten tthc",
    "ten thu tuc hanh chinh", "thu tuc hanh chinh", "thu tuc", NULL};
static const char *const channel_names[] = {"hinh thuc nop", "kenh nop", "hinh thuc tiep nhan",
                                            "kenh tiep nhan", "hinh thuc", NULL};
/* Other headers of such exports: they tell a header row from a row of data. */
static const char *const known_names[] = {
    "stt", "so thu tu", "nguoi nop", "ho ten", "ho va ten", "chu ho so", "ten nguoi nop",
    "dia chi", "so dien thoai", "dien thoai", "sdt", "cccd", "so cccd", "cmnd", "so giay to",
    "trang thai", "tinh trang", "ghi chu", "linh vuc", "co quan", "don vi", "ngay hen tra",
    "ngay tra", "email", NULL};

void reconcile_header_spec(struct sheet_header_spec *spec, const char *const given[ROLE__COUNT])
{
	memset(spec, 0, sizeof(*spec));
	spec->n_roles = ROLE__COUNT;
	spec->names[ROLE_CODE] = code_names;
	spec->names[ROLE_DATE] = date_names;
	spec->names[ROLE_PROCEDURE] = procedure_names;
	spec->names[ROLE_CHANNEL] = channel_names;
	for (int i = 0; i < ROLE__COUNT; i++)
		spec->given[i] = given ? given[i] : NULL;
	spec->required = ROLE_CODE;
	spec->known = known_names;
}

double rec_share(long part, long whole)
{
	if (whole <= 0)
		return 0;
	return (double)(long)((double)part * 10000.0 / (double)whole + 0.5) / 100.0;
}

double reconcile_online_share(const struct reconcile *r)
{
	return rec_share(r->export_online, r->export_in_window);
}

int rec_working_days_between(int a, int b, int cap)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	int n = 0;
	for (int d = a; d < b && n < cap;) {
		d = time_day_add(d, 1);
		int wd = time_weekday(d);
		if (wd >= 1 && wd <= 5)
			n++;
	}
	return n;
}

void reconcile_init(struct reconcile *r)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < ROLE__COUNT; i++)
		r->col[i] = -1;
}

void reconcile_done(struct reconcile *r)
{
	for (size_t i = 0; i < r->n_items; i++) {
		free(r->items[i].procedure_code);
		free(r->items[i].procedure_name);
		free(r->items[i].export_procedure);
		free(r->items[i].member);
	}
	free(r->items);
	for (int i = 0; i < r->n_members; i++)
		free(r->members[i].name);
	free(r->members);
	for (int i = 0; i < r->n_procedures; i++) {
		free(r->procedures[i].code);
		free(r->procedures[i].name);
	}
	free(r->procedures);
	free(r->bad_codes);
	free(r->source_name);
	free(r->unit_code);
	free(r->unit_name);
	free(r->province);
	reconcile_init(r);
}

/* ---- a string-keyed hash table (open addressing) ---- */

struct entry {
	char *code;
	int day;
	int row;
	bool online;
	bool seen; /* a logged code found it */
	char *procedure;
};

struct table {
	struct entry *e;
	size_t n, cap; /* cap: a power of two */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ^ (h >> 31); /* the low bits, the table's index, mix in the high ones */
}

static struct entry *t_find(const struct table *t, const char *code)
{
	if (!t->cap)
		return NULL;
	for (size_t i = hash(code) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->e[i].code)
			return NULL;
		if (strcmp(t->e[i].code, code) == 0)
			return &t->e[i];
	}
}

/* The slot for code: NULL when it is already there. */
static struct entry *t_add(struct table *t, const char *code)
{
	if ((t->n + 1) * 2 > t->cap) {
		struct table bigger = {xcalloc(t->cap ? t->cap * 2 : 1024, sizeof(struct entry)), 0,
		                       t->cap ? t->cap * 2 : 1024};
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].code) {
				size_t j = hash(t->e[i].code) & (bigger.cap - 1);
				while (bigger.e[j].code)
					j = (j + 1) & (bigger.cap - 1);
				bigger.e[j] = t->e[i];
				bigger.n++;
			}
		free(t->e);
		*t = bigger;
	}
	size_t i = hash(code) & (t->cap - 1);
	for (; t->e[i].code; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->e[i].code, code) == 0)
			return NULL;
	t->e[i].code = xstrdup(code);
	t->n++;
	return &t->e[i];
}

static void t_free(struct table *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->e[i].code);
		free(t->e[i].procedure);
	}
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* ---- reading the export ---- */

struct reading {
	const struct config *cfg;
	struct reconcile *r;
	struct sheet *s;
	struct table export;
	long max_rows;
	int min_day, max_day;
	size_t cap_bad;
};

static const struct sheet_cell *cell_at(const struct sheet_row *row, int c)
{
	static const struct sheet_cell none = {CELL_EMPTY, "", 0, false};
	return c >= 0 && c < row->n_cells ? &row->cells[c] : &none;
}

/* A used cell that cannot be read: an error value or a formula. */
static enum status check_cell(const struct reading *g, const struct sheet_row *row, int role)
{
	const struct sheet_cell *c = cell_at(row, g->r->col[role]);
	if (c->type == CELL_ERROR)
		return status_fail(ST_INVALID,
		                   _("%s: row %d, column \"%s\" holds an error value (%s); correct "
		                     "it in the file or export the list again"),
		                   g->r->source_name, row->number, g->r->column[role], c->text);
	if (c->formula)
		return status_fail(ST_INVALID,
		                   _("%s: row %d, column \"%s\" holds a formula, not a value; export "
		                     "the list again from the system (or paste it as values)"),
		                   g->r->source_name, row->number, g->r->column[role]);
	return ST_OK;
}

/* An export has a few channel values: the last ones are remembered, so
 * the folding runs a few times, not once a row. */
static bool is_online(const char *channel)
{
	static char seen[4][64];
	static bool seen_on[4];
	static int n_seen, next;
	for (int i = 0; i < n_seen; i++)
		if (strcmp(seen[i], channel) == 0)
			return seen_on[i];
	char *f = sheet_fold(channel);
	bool on = strstr(f, "truc tuyen") || strstr(f, "online") || strstr(f, "dich vu cong") ||
	          strstr(f, "qua mang");
	free(f);
	if (strlen(channel) < sizeof(seen[0])) {
		str_copy(seen[next], sizeof(seen[0]), channel);
		seen_on[next] = on;
		next = (next + 1) % 4;
		if (n_seen < 4)
			n_seen++;
	}
	return on;
}

static enum status take_row(struct reading *g, const struct sheet_row *row)
{
	struct reconcile *r = g->r;
	const struct sheet_cell *code_cell = cell_at(row, r->col[ROLE_CODE]);
	if (code_cell->type == CELL_EMPTY && !code_cell->formula)
		return ST_OK; /* a blank, a total or a note row */
	for (int role = 0; role < ROLE__COUNT; role++) {
		if (r->col[role] < 0)
			continue;
		enum status st = check_cell(g, row, role);
		if (st != ST_OK)
			return st;
	}
	if (++r->export_rows > g->max_rows)
		return status_fail(ST_INVALID,
		                   _("%s has more than %ld rows of dossiers; export one centre or a "
		                     "shorter period"),
		                   r->source_name, g->max_rows);
	int day = 0;
	if (r->col[ROLE_DATE] >= 0) {
		const struct sheet_cell *dc = cell_at(row, r->col[ROLE_DATE]);
		if (dc->type != CELL_EMPTY && !sheet_cell_day(dc, sheet_date1904(g->s), &day)) {
			char shown[40];
			str_copy(shown, sizeof(shown), dc->text);
			return status_fail(ST_INVALID,
			                   _("%s: row %d, column \"%s\": \"%s\" is not a date; dates must "
			                     "be dd/mm/yyyy, yyyy-mm-dd or spreadsheet dates"),
			                   r->source_name, row->number, r->column[ROLE_DATE], shown);
		}
	}
	char code[64];
	char raw[256];
	str_copy(raw, sizeof(raw), code_cell->text);
	dossier_normalize(raw);
	if (strlen(raw) >= sizeof(code) || !dossier_acceptable(raw) ||
	    !dossier_matches(g->cfg, raw)) {
		if (r->n_bad == g->cap_bad) {
			g->cap_bad = g->cap_bad ? g->cap_bad * 2 : 16;
			r->bad_codes = xrealloc(r->bad_codes, g->cap_bad * sizeof(*r->bad_codes));
		}
		struct rec_bad_code *b = &r->bad_codes[r->n_bad++];
		b->row = row->number;
		/* shown as it was written (cut on a character boundary), control
		 * characters as spaces */
		str_copy(b->code, sizeof(b->code), code_cell->text);
		for (char *p = b->code; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		return ST_OK;
	}
	str_copy(code, sizeof(code), raw);
	struct entry *e = t_add(&g->export, code);
	if (!e) {
		r->duplicates++;
		return ST_OK;
	}
	e->day = day;
	e->row = row->number;
	e->online = r->col[ROLE_CHANNEL] < 0 || is_online(cell_at(row, r->col[ROLE_CHANNEL])->text);
	const char *proc = r->col[ROLE_PROCEDURE] >= 0 ? cell_at(row, r->col[ROLE_PROCEDURE])->text : "";
	e->procedure = xstrndup(proc, strnlen(proc, 255));
	if (day) {
		if (!g->min_day || day < g->min_day)
			g->min_day = day;
		if (day > g->max_day)
			g->max_day = day;
	}
	return ST_OK;
}

static enum status no_code_column(const struct reconcile *r, const char *seen, const char *given)
{
	if (given)
		return status_fail(ST_INVALID,
		                   _("%s: no column \"%s\" (named by --columns code=) in the first %d "
		                     "rows; headers found: %s"),
		                   r->source_name, given, SHEET_HEADER_SCAN,
		                   *seen ? seen : _("none"));
	if (*seen)
		return status_fail(ST_INVALID,
		                   _("%s: no dossier-code column (\"Số hồ sơ\" or \"Mã hồ sơ\") in the "
		                     "first %d rows; headers found: %s; name it with --columns "
		                     "code=HEADER"),
		                   r->source_name, SHEET_HEADER_SCAN, seen);
	return status_fail(ST_INVALID,
	                   _("%s: no header row in the first %d rows (no \"Số hồ sơ\" or \"Mã hồ "
	                     "sơ\" column); name the columns with --columns code=HEADER or "
	                     "code=LETTER"),
	                   r->source_name, SHEET_HEADER_SCAN);
}

static enum status read_export(struct reading *g, const struct reconcile_opts *o)
{
	struct reconcile *r = g->r;
	struct sheet_row_copy kept[SHEET_HEADER_SCAN];
	const struct sheet_row *rows[SHEET_HEADER_SCAN];
	int n = 0, rc = 0;
	const struct sheet_row *row;
	while (n < SHEET_HEADER_SCAN && (rc = sheet_next(g->s, &row)) == 1) {
		sheet_row_keep(&kept[n], row);
		rows[n] = &kept[n].row;
		n++;
	}
	enum status st = ST_OK;
	if (rc < 0) {
		st = ST_INVALID;
		goto out;
	}
	if (n == 0) {
		st = status_fail(ST_INVALID, _("%s: the worksheet is empty"), r->source_name);
		goto out;
	}
	struct sheet_header_spec spec;
	reconcile_header_spec(&spec, o->columns);
	struct sheet_header h;
	char seen[512];
	if (!sheet_find_header(rows, n, &spec, &h, seen, sizeof(seen))) {
		st = no_code_column(r, seen, o->columns[ROLE_CODE]);
		goto out;
	}
	for (int i = 0; i < ROLE__COUNT; i++) {
		if (o->columns[i] && h.col[i] < 0) {
			st = status_fail(ST_INVALID, _("%s: no column \"%s\" (named by --columns %s=)"),
			                 r->source_name, o->columns[i], rec_role_keys[i]);
			goto out;
		}
		r->col[i] = h.col[i];
		str_copy(r->column[i], sizeof(r->column[i]), h.text[i]);
	}
	r->header_row = h.row >= 0 ? rows[h.row]->number : 0;
	for (int i = h.row + 1; i < n && st == ST_OK; i++)
		st = take_row(g, rows[i]);
	while (st == ST_OK && (rc = sheet_next(g->s, &row)) == 1)
		st = take_row(g, row);
	if (st == ST_OK && rc < 0)
		st = ST_INVALID;
out:
	for (int i = 0; i < n; i++)
		sheet_row_drop(&kept[i]);
	return st;
}

/* ---- matching ---- */

struct matching {
	struct reconcile *r;
	struct table *export;
	struct table logged; /* codes already taken */
	size_t cap_items;
	struct rec_member *members;
	int64_t *member_ids;
	int cap_members;
};

static struct rec_item *new_item(struct matching *m)
{
	struct reconcile *r = m->r;
	if (r->n_items == m->cap_items) {
		m->cap_items = m->cap_items ? m->cap_items * 2 : 256;
		r->items = xrealloc(r->items, m->cap_items * sizeof(*r->items));
	}
	struct rec_item *it = &r->items[r->n_items++];
	memset(it, 0, sizeof(*it));
	return it;
}

/* Same procedure: the export's cell is the logged code or name (folded),
 * or starts with the code ("1.001193 - Đăng ký khai sinh",
 * "1.001193.000.00.00.H08"). */
static bool same_procedure(const char *cell, const char *code, const char *name)
{
	if (!*cell || !*code)
		return true; /* nothing to compare */
	char *fc = sheet_fold(cell), *fk = sheet_fold(code), *fn = sheet_fold(name);
	size_t k = strlen(fk);
	bool same = strcmp(fc, fk) == 0 || (*fn && strcmp(fc, fn) == 0) ||
	            (k && strncmp(fc, fk, k) == 0 && fc[k] == ' ');
	free(fc);
	free(fk);
	free(fn);
	return same;
}

static void count_member(struct matching *m, const struct rec_visit *v, bool matched)
{
	struct reconcile *r = m->r;
	int i = 0;
	while (i < r->n_members && m->member_ids[i] != v->staff_id)
		i++;
	if (i == r->n_members) {
		if (r->n_members == m->cap_members) {
			m->cap_members = m->cap_members ? m->cap_members * 2 : 8;
			r->members = xrealloc(r->members, (size_t)m->cap_members * sizeof(*r->members));
			m->member_ids =
			    xrealloc(m->member_ids, (size_t)m->cap_members * sizeof(*m->member_ids));
		}
		r->members[i] = (struct rec_member){xstrdup(v->staff_name), 0, 0};
		m->member_ids[i] = v->staff_id;
		r->n_members++;
	}
	r->members[i].logged++;
	r->members[i].matched += matched;
}

static void count_procedure(struct reconcile *r, const struct rec_item *it)
{
	int i = 0;
	while (i < r->n_procedures && strcmp(r->procedures[i].code, it->procedure_code) != 0)
		i++;
	if (i == r->n_procedures) {
		r->procedures = xrealloc(r->procedures, (size_t)(i + 1) * sizeof(*r->procedures));
		r->procedures[i] = (struct rec_procedure){xstrdup(it->procedure_code),
		                                          xstrdup(it->procedure_name), 0, 0, 0};
		r->n_procedures++;
	}
	r->procedures[i].logged++;
	r->procedures[i].matched += it->result == REC_MATCHED;
	r->procedures[i].procedure_mismatch += it->procedure_mismatch;
}

static bool on_logged(const struct rec_visit *v, void *ctx)
{
	struct matching *m = ctx;
	struct reconcile *r = m->r;
	if (!t_add(&m->logged, v->dossier_code))
		return true; /* a later visit of a code already counted */
	struct rec_item *it = new_item(m);
	str_copy(it->code, sizeof(it->code), v->dossier_code);
	str_copy(it->visit_uid, sizeof(it->visit_uid), v->uid);
	it->logged_day = v->day;
	it->procedure_code = xstrdup(v->procedure_code);
	it->procedure_name = xstrdup(v->procedure_name);
	it->member = xstrdup(v->staff_name);
	struct entry *e = t_find(m->export, v->dossier_code);
	if (e) {
		e->seen = true;
		it->result = REC_MATCHED;
		it->export_day = e->day;
		it->export_row = e->row;
		it->export_procedure = xstrdup(e->procedure);
		it->procedure_mismatch =
		    !same_procedure(e->procedure, v->procedure_code, v->procedure_name);
		it->date_mismatch = e->day && rec_working_days_between(v->day, e->day, 2) > 1;
		r->matched++;
		r->procedure_mismatch += it->procedure_mismatch;
		r->date_mismatch += it->date_mismatch;
	} else {
		it->result = REC_LOGGED_ONLY;
		it->export_procedure = xstrdup("");
		r->logged_only++;
	}
	count_member(m, v, e != NULL);
	count_procedure(r, it);
	return true;
}

static bool on_known(const char *code, void *ctx)
{
	struct table *known = ctx;
	t_add(known, code);
	return true;
}

static int cmp_entry_row(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
	return (x->row > y->row) - (x->row < y->row);
}

static int cmp_member(const void *a, const void *b)
{
	const struct rec_member *x = a, *y = b;
	if (x->logged != y->logged)
		return x->logged < y->logged ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int cmp_procedure(const void *a, const void *b)
{
	const struct rec_procedure *x = a, *y = b;
	if (x->logged != y->logged)
		return x->logged < y->logged ? 1 : -1;
	return strcmp(x->code, y->code);
}

static enum status match(struct db *db, const struct reconcile_opts *o, struct reading *g)
{
	struct reconcile *r = g->r;
	struct matching m;
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.export = &g->export;
	enum status st = rec_logged(db, r->from_day, r->to_day, o->unit, on_logged, &m);
	t_free(&m.logged);
	free(m.member_ids);
	if (st != ST_OK)
		return st;
	struct table known = {0};
	st = rec_known_codes(db, o->unit, on_known, &known);
	if (st != ST_OK) {
		t_free(&known);
		return st;
	}
	/* the export's rows of the window, in the export's order */
	struct entry **rows = xcalloc(g->export.n + 1, sizeof(*rows));
	size_t n = 0;
	for (size_t i = 0; i < g->export.cap; i++) {
		struct entry *e = &g->export.e[i];
		if (!e->code || !e->day || e->day < r->from_day || e->day > r->to_day)
			continue;
		r->export_in_window++;
		if (!e->online)
			continue;
		r->export_online++;
		if (!e->seen && !t_find(&known, e->code))
			rows[n++] = e;
	}
	qsort(rows, n, sizeof(*rows), cmp_entry_row);
	for (size_t i = 0; i < n; i++) {
		struct rec_item *it = new_item(&m);
		it->result = REC_EXPORT_ONLY_ONLINE;
		str_copy(it->code, sizeof(it->code), rows[i]->code);
		it->export_day = rows[i]->day;
		it->export_row = rows[i]->row;
		it->procedure_code = xstrdup("");
		it->procedure_name = xstrdup("");
		it->export_procedure = xstrdup(rows[i]->procedure);
		it->member = xstrdup("");
		r->export_only_online++;
	}
	free(rows);
	t_free(&known);
	qsort(r->members, (size_t)r->n_members, sizeof(*r->members), cmp_member);
	qsort(r->procedures, (size_t)r->n_procedures, sizeof(*r->procedures), cmp_procedure);
	return ST_OK;
}

static enum status store(struct db *db, struct reconcile *r)
{
	struct rec_code *codes = xcalloc(r->n_items + 1, sizeof(*codes));
	for (size_t i = 0; i < r->n_items; i++) {
		const struct rec_item *it = &r->items[i];
		codes[i] = (struct rec_code){it->code, *it->visit_uid ? it->visit_uid : NULL,
		                             it->result, it->procedure_mismatch, it->date_mismatch};
	}
	struct rec_head h = {r->made_at,           r->from_day,         r->to_day,
	                     r->unit_code,         r->source_name,      r->export_rows,
	                     r->export_online,     r->matched,          r->logged_only,
	                     r->export_only_online, r->procedure_mismatch, r->date_mismatch};
	enum status st = rec_save(db, &h, codes, r->n_items, NULL);
	free(codes);
	return st;
}

enum status reconcile_run(struct db *db, const struct config *cfg,
                          const struct reconcile_opts *o, struct reconcile *r)
{
	status_clear();
	reconcile_init(r);
	struct reading g;
	memset(&g, 0, sizeof(g));
	g.cfg = cfg;
	g.r = r;
	g.max_rows = o->max_rows > 0 ? o->max_rows : REC_MAX_ROWS;
	const char *base = strrchr(o->path, '/');
	r->source_name = xstrdup(base ? base + 1 : o->path);
	r->unit_code = xstrdup(o->unit ? o->unit : "");
	r->unit_name = xstrdup(cfg->unit.name ? cfg->unit.name : "");
	r->province = xstrdup(cfg->unit.province ? cfg->unit.province : "");
	r->made_at = util_now();
	enum status st = sheet_open(&g.s, o->path);
	if (st != ST_OK)
		goto fail;
	r->kind = sheet_kind(g.s);
	st = read_export(&g, o);
	sheet_close(g.s);
	g.s = NULL;
	if (st != ST_OK)
		goto fail;
	if (r->export_rows == 0 && r->n_bad == 0) {
		st = status_fail(ST_INVALID, _("%s: the table under the header row \"%s\" is empty"),
		                 r->source_name, r->column[ROLE_CODE]);
		goto fail;
	}
	if (o->from_day && o->to_day) {
		r->from_day = o->from_day;
		r->to_day = o->to_day;
	} else if (g.min_day) {
		r->from_day = g.min_day;
		r->to_day = g.max_day;
		r->window_from_export = true;
	} else {
		st = status_fail(ST_INVALID,
		                 _("%s has no dates (no \"Ngày tiếp nhận\" column or no date in it); "
		                   "give the period with --from and --to"),
		                 r->source_name);
		goto fail;
	}
	if ((st = match(db, o, &g)) != ST_OK)
		goto fail;
	t_free(&g.export);
	if (!o->dry_run) {
		if ((st = store(db, r)) != ST_OK)
			goto fail;
		r->stored = true;
	}
	return ST_OK;
fail:
	if (g.s)
		sheet_close(g.s);
	t_free(&g.export);
	reconcile_done(r);
	return st;
}
