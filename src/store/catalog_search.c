/* The search the counter's first field runs on every key: the ranking tiers
 * of catalog.h over the in-memory copy (catalog_cache.c), best results kept
 * in a small heap, names read by rowid only for the results shown. */
#include "store/catalog_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* ---- Ranking ------------------------------------------------------------ */

#define MAX_QWORDS 16
#define MAX_QWORD  64 /* longer query words are only matched as substrings */

/* Tiers, best first.  Within a tier a query typed with diacritics prefers
 * names that have the same ones, then the most used, then the code. */
enum tier {
	T_CODE,      /* the code starts with the query ("1.0011") */
	T_START,     /* the name's first words start with the query's words */
	T_RUN,       /* ... some consecutive words of the name do */
	T_WORDS,     /* ... words in order, with others between ("ky sinh") */
	T_INITIALS,  /* each query word spells the starts of consecutive words,
	              * in pieces of one letter or a whole word (the last piece
	              * any prefix): "ks", "dkks", "dk khai sinh", "dangky" */
	T_SUBSTRING, /* the folded name contains the folded query, or the code
	              * contains it */
	T_NONE
};

struct query {
	char code[48]; /* upper-cased, when the query may be a code */
	size_t code_len;
	char *fold;
	size_t fold_len;
	const char *w[MAX_QWORDS];
	size_t wl[MAX_QWORDS];
	int n_w;
	uint64_t bytes, starts, pairs, wpairs; /* as in struct entry */
	char *marks; /* text_fold_marks(query) when the query has diacritics */
};

/* The first byte decides most words without a call. */
static inline bool prefix(const char *key, const struct word *w, const char *q, size_t ql)
{
	return ql <= w->len && key[w->at] == q[0] && memcmp(key + w->at, q, ql) == 0;
}

/* Failed (query offset, word) pairs of the initials search, stamped so
 * nothing needs clearing between entries: keeps it linear. */
static uint32_t fail_stamp[MAX_QWORD + 1][MAX_WORDS];
static uint32_t stamp;

/* Can q[0..ql) be cut into pieces that start the words p, p+1, ...?
 * Returns the index after the last word used, or -1. */
static int pieces(const struct entry *e, const char *q, size_t ql, size_t qoff, int p)
{
	if (qoff == ql)
		return p;
	if (p >= e->n_words || fail_stamp[qoff][p] == stamp)
		return -1;
	const struct word *w = &catalog_copy.words[e->word + (uint32_t)p];
	const char *wp = entry_key(e) + w->at;
	size_t common = 0;
	while (common < w->len && qoff + common < ql && wp[common] == q[qoff + common])
		common++;
	for (size_t len = common; len >= 1; len--) {
		/* A piece before the last is one letter or the whole word:
		 * "dkks", "dangky", but not "ho(p) n(han)" for "hon". */
		if (len != 1 && len != w->len && qoff + len != ql)
			continue;
		int end = pieces(e, q, ql, qoff + len, p + 1);
		if (end >= 0)
			return end;
	}
	fail_stamp[qoff][p] = stamp;
	return -1;
}

static enum tier rank(const struct entry *e, const struct query *q)
{
	const char *key = entry_key(e), *code = entry_code(e);
	if (q->code_len && strncmp(code, q->code, q->code_len) == 0)
		return T_CODE;
	if (q->bytes & ~e->bytes)
		goto code_only;
	const struct word *W = &catalog_copy.words[e->word];
	int m = e->n_words, k = q->n_w;
	if (q->starts & ~e->starts)
		goto substring;
	if (k > 0 && k <= m && !(q->wpairs & ~e->wpairs)) {
		/* Consecutive words, at the start or anywhere. */
		for (int s = 0; s + k <= m; s++) {
			int i = 0;
			while (i < k && prefix(key, &W[s + i], q->w[i], q->wl[i]))
				i++;
			if (i == k)
				return s == 0 ? T_START : T_RUN;
		}
		/* In order with gaps: the earliest match for each word leaves the
		 * most room for the rest.  (One word: the run above was it.) */
		int j = 0, i = 0;
		for (; k > 1 && i < k && j < m; j++)
			if (prefix(key, &W[j], q->w[i], q->wl[i]))
				i++;
		if (k > 1 && i == k)
			return T_WORDS;
	}
	if (k > 0) {
		int j = 0, i = 0;
		for (; i < k; i++) {
			if (q->wl[i] > MAX_QWORD)
				break;
			/* Whether (offset, word) can finish does not depend on
			 * where the run started: one stamp per query word. */
			if (++stamp == 0) {
				memset(fail_stamp, 0, sizeof(fail_stamp));
				stamp = 1;
			}
			int end = -1;
			const char q0 = q->w[i][0];
			for (int s = j; s < m && end < 0; s++)
				if (key[W[s].at] == q0) /* a first piece starts the word */
					end = pieces(e, q->w[i], q->wl[i], 0, s);
			if (end < 0)
				break;
			j = end;
		}
		if (i == k)
			return T_INITIALS;
	}
substring:
	if (q->fold_len && !(q->pairs & ~e->pairs) && strstr(key, q->fold))
		return T_SUBSTRING;
code_only:
	if (q->code_len && strstr(code, q->code))
		return T_SUBSTRING;
	return T_NONE;
}

static bool query_init(struct query *q, const char *text)
{
	catalog_byte_bits_init();
	memset(q, 0, sizeof(*q));
	char *trimmed = str_trim(xstrdup(text ? text : ""));
	q->fold = text_fold(trimmed);
	if (!q->fold) {
		free(trimmed);
		return false;
	}
	q->fold_len = strlen(q->fold);
	q->bytes = catalog_bytes_mask(q->fold);
	for (size_t i = 1; i < q->fold_len; i++)
		q->pairs |= pair_bit((unsigned char)q->fold[i - 1], (unsigned char)q->fold[i]);
	/* A code-like query: digits, dots and letters, starting with a digit. */
	size_t n = strlen(trimmed);
	bool code_like = n > 0 && n < sizeof(q->code) && trimmed[0] >= '0' && trimmed[0] <= '9';
	for (size_t i = 0; code_like && i < n; i++) {
		char c = trimmed[i];
		code_like = (c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') ||
		            (c >= 'A' && c <= 'Z');
	}
	if (code_like) {
		memcpy(q->code, trimmed, n + 1);
		catalog_upper_ascii(q->code);
		q->code_len = n;
	}
	for (char *p = q->fold; *p && q->n_w < MAX_QWORDS;) {
		char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		q->w[q->n_w] = p;
		q->wl[q->n_w++] = len;
		q->starts |= byte_bit((unsigned char)*p);
		if (len >= 2)
			q->wpairs |= pair_bit((unsigned char)p[0], (unsigned char)p[1]);
		p += len;
		while (*p == ' ')
			p++;
	}
	/* Diacritics typed: marks differ from the plain fold. */
	char *marks = text_fold_marks(trimmed);
	if (marks && strcmp(marks, q->fold) != 0)
		q->marks = marks;
	else
		free(marks);
	free(trimmed);
	return true;
}

static void query_done(struct query *q)
{
	free(q->fold);
	free(q->marks);
}

/* Sort key, smaller is better: tier, marks, use count, then the shorter
 * name (on a fresh install every use count is 0, and "khai sinh" should
 * offer "Đăng ký khai sinh" before "Đăng ký khai sinh kết hợp nhận cha, mẹ,
 * con"), then code (the entries are in code order, so the index stands for
 * the code).  Use counts saturate at 2^23 - 1, far above a decade of visits. */
static uint64_t sort_key(enum tier t, bool marks_miss, long use, size_t key_len, size_t idx)
{
	uint64_t u = use < 0 ? 0 : (uint64_t)use;
	if (u > 0x7FFFFF)
		u = 0x7FFFFF;
	uint64_t len = key_len > 0xFF ? 0xFF : (uint64_t)key_len;
	return ((uint64_t)t << 60) | ((uint64_t)marks_miss << 59) | ((0x7FFFFF - u) << 36) |
	       (len << 28) | (uint64_t)(idx & 0x0FFFFFFF);
}

/* A max-heap of the best `max` keys seen. */
static void heap_push(uint64_t *h, int *n, int max, uint64_t key)
{
	if (*n == max) {
		if (key >= h[0])
			return;
		int i = 0;
		for (;;) { /* replace the worst and sift down */
			int c = 2 * i + 1;
			if (c >= *n)
				break;
			if (c + 1 < *n && h[c + 1] > h[c])
				c++;
			if (h[c] <= key)
				break;
			h[i] = h[c];
			i = c;
		}
		h[i] = key;
		return;
	}
	int i = (*n)++;
	while (i > 0 && h[(i - 1) / 2] < key) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = key;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Entry i's name and field: from the slots, or read by rowid (the code
 * when the row is gone or the read failed: then false). */
static bool entry_text(struct db *db, size_t i, struct procedure *p)
{
	/* the code too: a rowid reused after a restore must not lend its name */
	static const char by_rowid[] =
	    "SELECT name, field FROM procedure WHERE rowid = ?1 AND code = ?2";
	static const char by_code[] = "SELECT name, field FROM procedure WHERE code = ?";
	struct text_slot *slot = &catalog_copy.slots[i % ARRAY_LEN(catalog_copy.slots)];
	if (slot->entry_1 != i + 1) {
		const struct entry *e = &catalog_copy.e[i];
		/* The reads of one search share one read transaction: each on its
		 * own took and dropped the WAL read lock (two fcntl calls). */
		if (!catalog_copy.reading && sqlite3_get_autocommit(db->h) &&
		    db_exec(db, "BEGIN") == ST_OK)
			catalog_copy.reading = true;
		sqlite3_stmt *st = db_prepare(db, e->rowid ? by_rowid : by_code);
		struct strbuf sb;
		sb_init(&sb);
		if (st) {
			if (e->rowid) {
				sqlite3_bind_int64(st, 1, e->rowid);
				sqlite3_bind_text(st, 2, entry_code(e), -1, SQLITE_STATIC);
			} else {
				sqlite3_bind_text(st, 1, entry_code(e), -1, SQLITE_STATIC);
			}
			if (sqlite3_step(st) == SQLITE_ROW) {
				const unsigned char *name = sqlite3_column_text(st, 0);
				const unsigned char *field = sqlite3_column_text(st, 1);
				sb_add(&sb, name ? (const char *)name : "");
				sb_addc(&sb, '\0');
				sb_add(&sb, field ? (const char *)field : "");
			}
			sqlite3_reset(st);
		}
		bool found = sb.len && sb.buf[0];
		if (!found) { /* gone meanwhile, or a failed read: the code stands in */
			sb_reset(&sb);
			sb_add(&sb, entry_code(&catalog_copy.e[i]));
			sb_addc(&sb, '\0');
		}
		free(slot->text);
		slot->text = sb_steal(&sb);
		slot->entry_1 = found ? (uint32_t)(i + 1) : 0; /* a stand-in is read again */
	}
	str_copy(p->name, sizeof(p->name), slot->text);
	str_copy(p->field, sizeof(p->field), slot->text + strlen(slot->text) + 1);
	return slot->entry_1 == i + 1;
}

static const char *entry_marks(struct db *db, size_t i)
{
	if (!catalog_copy.marks)
		catalog_copy.marks = xcalloc(catalog_copy.n + 1, sizeof(*catalog_copy.marks));
	if (!catalog_copy.marks[i]) {
		struct procedure p;
		if (!entry_text(db, i, &p)) {
			static char none[] = "";
			return none; /* a stand-in's marks are not kept either */
		}
		catalog_copy.marks[i] = text_fold_marks(p.name);
		if (!catalog_copy.marks[i])
			catalog_copy.marks[i] = xstrdup("");
	}
	return catalog_copy.marks[i];
}

/* Every query that matches a name or code also matches with its last
 * letters taken off (a prefix of a word prefix is one; a shorter last piece
 * of initials is still a last piece; a substring's prefix is a substring),
 * so a query that extends the last one's fold and code is ranked only
 * against the last one's matches: typing narrows instead of rescanning
 * ten thousand names on every key. */
static bool narrows_last(const struct query *q)
{
	if (!catalog_copy.last_fold || !catalog_copy.hits)
		return false;
	size_t lf = strlen(catalog_copy.last_fold), lc = strlen(catalog_copy.last_code);
	if (lf == 0 && lc == 0)
		return false; /* the last listed everything */
	if (q->fold_len < lf || memcmp(q->fold, catalog_copy.last_fold, lf) != 0)
		return false;
	/* A code-like query's prefixes are code-like; the reverse is not
	 * needed: without a code part only the name tiers apply. */
	return q->code_len == 0 || (lc > 0 && strncmp(q->code, catalog_copy.last_code, lc) == 0);
}

static void remember(const struct query *q, uint32_t *hits, size_t n_hits)
{
	free(catalog_copy.last_fold);
	free(catalog_copy.last_code);
	free(catalog_copy.hits);
	catalog_copy.last_fold = xstrdup(q->fold);
	catalog_copy.last_code = xstrdup(q->code);
	catalog_copy.hits = hits;
	catalog_copy.n_hits = n_hits;
}

/* The same order as sort_key() for an empty query. */
struct top_row {
	struct procedure p;
	uint64_t use;
	size_t key_len;
};

static uint64_t use_rank(long long use)
{
	return use < 0 ? 0 : use > 0x7FFFFF ? 0x7FFFFF : (uint64_t)use;
}

static int cmp_top(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;
	if (x->use != y->use)
		return x->use > y->use ? -1 : 1;
	size_t lx = x->key_len > 0xFF ? 0xFF : x->key_len,
	       ly = y->key_len > 0xFF ? 0xFF : y->key_len;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->p.code, y->p.code);
}

/* The most used, without loading the copy (the counter's shortcuts when it
 * opens): down the use-count index until the use count drops below the
 * max-th's; ties are sorted as the copy would.  -1 when that would read
 * too many rows (a catalogue nobody has used yet): the copy is cheaper. */
static int top_from_index(struct db *db, struct procedure *out, int max)
{
	static const char sql[] = "SELECT code, name, field, use_count,"
	                          " length(CAST(search_key AS BLOB))"
	                          " FROM procedure WHERE active = 1 ORDER BY use_count DESC, code";
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	size_t cap = (size_t)max + 64, n = 0;
	struct top_row *rows = xcalloc(cap, sizeof(*rows));
	int rc;
	bool whole = true;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t use = use_rank(sqlite3_column_int64(st, 3));
		if (n >= (size_t)max && use < rows[max - 1].use)
			break;
		if (n == cap) {
			whole = false;
			break;
		}
		struct top_row *r = &rows[n++];
		str_copy(r->p.code, sizeof(r->p.code), (const char *)sqlite3_column_text(st, 0));
		str_copy(r->p.name, sizeof(r->p.name), (const char *)sqlite3_column_text(st, 1));
		str_copy(r->p.field, sizeof(r->p.field), (const char *)sqlite3_column_text(st, 2));
		r->p.use_count = (long)sqlite3_column_int64(st, 3);
		r->p.active = true;
		r->use = use;
		r->key_len = (size_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (!whole || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		free(rows);
		return -1;
	}
	qsort(rows, n, sizeof(*rows), cmp_top);
	int got = n < (size_t)max ? (int)n : max;
	for (int i = 0; i < got; i++)
		out[i] = rows[i].p;
	free(rows);
	return got;
}

int catalog_search(struct db *db, const char *query, struct procedure *out, int max)
{
	if (max <= 0)
		return 0;
	struct query q;
	if (!query_init(&q, query))
		return 0;
	bool all = !q.fold_len && !q.code_len;
	if (all && !catalog_copy_current(db, db_data_version(db))) {
		int n = top_from_index(db, out, max);
		if (n >= 0) {
			query_done(&q);
			return n;
		}
	}
	if (!catalog_copy_fresh(db)) {
		query_done(&q);
		return 0;
	}
	if ((size_t)max > catalog_copy.n)
		max = (int)catalog_copy.n;
	uint64_t *heap = xmalloc(((size_t)max + 1) * sizeof(*heap));
	int n = 0;
	/* Rank every entry, or only the last search's matches. */
	bool narrow = !all && narrows_last(&q);
	size_t n_cand = narrow ? catalog_copy.n_hits : catalog_copy.n;
	uint32_t *hits = xmalloc((n_cand + 1) * sizeof(*hits));
	size_t n_hits = 0;
	for (size_t c = 0; c < n_cand; c++) {
		size_t i = narrow ? catalog_copy.hits[c] : c;
		const struct entry *e = &catalog_copy.e[i];
		enum tier t = all ? T_CODE : rank(e, &q);
		if (t == T_NONE)
			continue;
		hits[n_hits++] = (uint32_t)i;
		bool miss = q.marks && t != T_CODE && !strstr(entry_marks(db, i), q.marks);
		heap_push(heap, &n, max, sort_key(t, miss, e->use, e->key_len, i));
	}
	remember(&q, hits, n_hits);
	qsort(heap, (size_t)n, sizeof(*heap), cmp_u64);
	for (int r = 0; r < n; r++) {
		size_t i = heap[r] & 0x0FFFFFFF;
		const struct entry *e = &catalog_copy.e[i];
		struct procedure *p = &out[r];
		str_copy(p->code, sizeof(p->code), entry_code(e));
		entry_text(db, i, p);
		p->use_count = e->use;
		p->active = true;
	}
	if (catalog_copy.reading) {
		db_exec(db, "COMMIT");
		catalog_copy.reading = false;
	}
	free(heap);
	query_done(&q);
	return n;
}

void catalog_warm(struct db *db)
{
	if (!catalog_copy_current(db, db_data_version(db)))
		catalog_copy_fresh(db);
}
