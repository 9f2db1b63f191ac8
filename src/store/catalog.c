/* The procedure catalogue: seed, import, lookup and the per-keystroke search.
 *
 * Search runs on every key over catalogues of ten thousand procedures, so it
 * does not go to SQL: the active catalogue is loaded once per connection into
 * memory and ranked in C (well under a millisecond).  The copy is reloaded when
 * this connection has written anything (sqlite3_total_changes64) or another
 * one has (PRAGMA data_version), and dropped when the connection closes. */
#include "store/catalog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "store/dbembed.h"
#include "util/i18n.h"
#include "util/text.h"

/* The three shapes of DOMAIN.md: 1.001193, 1.004850A and 1.000110.000.00.00.H01
 * (up to six dot-separated parts of upper-case letters and digits). */
bool catalog_code_valid(const char *code)
{
	const char *p = code;
	if (!p || !(p[0] >= '0' && p[0] <= '9') || p[1] != '.')
		return false;
	p += 2;
	for (int i = 0; i < 6; i++, p++)
		if (!(*p >= '0' && *p <= '9'))
			return false;
	if (*p >= 'A' && *p <= 'Z')
		p++;
	for (int parts = 0; *p; parts++) {
		if (*p != '.' || parts == 6)
			return false;
		p++;
		size_t n = 0;
		while ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'))
			p++, n++;
		if (n == 0 || n > 6)
			return false;
	}
	return (size_t)(p - code) < sizeof(((struct procedure *)0)->code);
}

static void upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* ---- The in-memory copy ---------------------------------------------- */

#define MAX_WORDS 64 /* words of a name the word matching looks at */

struct entry {
	/* Quick refusal: which bytes the key has, and which start a word
	 * (byte_bit()); a query byte the key lacks rules out every name tier.
	 * The same for adjacent byte pairs (pair_bit()): every pair of the key,
	 * for the substring tier, and the first two bytes of each word, for
	 * the word-prefix tiers. */
	uint64_t bytes, starts, pairs, wpairs;
	/* In cache.text, NUL-terminated (offsets, not pointers: the text grows
	 * while loading, and they take half the room).  Names and fields are
	 * not kept: only the results shown are read, by rowid. */
	uint32_t code_at, key_at;
	uint32_t rowid; /* 0: larger than 32 bits, read by code */
	int32_t use;    /* saturated */
	uint32_t word;  /* first index in cache.words */
	uint16_t key_len;
	uint8_t n_words;
};

struct word {
	uint8_t at, len; /* in entry.key: names are under 256 bytes, longer keys'
	                  * later words are left to the substring tier */
};

/* One per connection that has had a cache.  Its functions' destructor (run
 * by SQLite when the connection closes) tells us the handle is gone, so a
 * new connection at the same address can never see a stale copy.  TEMP
 * triggers on the connection count its writes to the catalogue: a visit
 * saved bumps a use count, which is copied in place, while a new name, a
 * withdrawal or a rolled-back transaction makes the next search reload. */
struct conn_token {
	sqlite3 *h;
	unsigned long long writes; /* catalogue writes and rollbacks on h */
	bool triggers;             /* the triggers are in place */
	struct conn_token *next;
};

static struct {
	sqlite3 *h;               /* the connection the copy is from; NULL: no copy */
	struct conn_token *token; /* h's; NULL: reload on every search */
	unsigned long long writes;
	sqlite3_int64 changes; /* without the triggers: every change reloads */
	long long data_version;
	struct entry *e;
	size_t n;
	struct word *words;
	size_t n_words;
	struct strbuf text; /* every string of the entries, NUL-separated */
	char **marks;       /* owned text_fold_marks() results, by entry */
	/* The names and fields read lately ("name\0field"), by entry index:
	 * typing shows mostly the same results key after key. */
	struct text_slot {
		uint32_t entry_1; /* entry index + 1; 0: empty */
		char *text;
	} slots[256];
	/* The matches of the last search: a query that only adds letters to it
	 * can only match among them (see catalog_search). */
	char *last_fold, *last_code;
	uint32_t *hits;
	size_t n_hits;
	bool reading; /* entry_text() began a read transaction */
} cache;
static struct conn_token *tokens;

static const char *entry_code(const struct entry *e)
{
	return cache.text.buf + e->code_at;
}

static const char *entry_key(const struct entry *e)
{
	return cache.text.buf + e->key_at;
}

static void cache_drop(void)
{
	if (cache.marks) {
		for (size_t i = 0; i < cache.n; i++)
			free(cache.marks[i]);
		free(cache.marks);
	}
	free(cache.e);
	free(cache.words);
	free(cache.last_fold);
	free(cache.last_code);
	free(cache.hits);
	for (size_t i = 0; i < ARRAY_LEN(cache.slots); i++)
		free(cache.slots[i].text);
	sb_done(&cache.text);
	memset(&cache, 0, sizeof(cache));
}

static void token_destroy(void *p)
{
	struct conn_token *t = p;
	for (struct conn_token **pp = &tokens; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	if (cache.h == t->h)
		cache_drop();
	free(t);
}

static void changed_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	struct conn_token *t = sqlite3_user_data(ctx);
	t->writes++;
	sqlite3_result_null(ctx);
}

static void rolled_back(void *p)
{
	struct conn_token *t = p;
	t->writes++;
}

static int32_t use_of(sqlite3_int64 use)
{
	return use > INT32_MAX ? INT32_MAX : use < INT32_MIN ? INT32_MIN : (int32_t)use;
}

static struct entry *find_code(const char *code)
{
	size_t lo = 0, hi = cache.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(entry_code(&cache.e[mid]), code);
		if (c == 0)
			return &cache.e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A use count changed on this connection: copy it (a rollback reloads). */
static void use_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct conn_token *t = sqlite3_user_data(ctx);
	const unsigned char *code = sqlite3_value_text(argv[0]);
	if (argc == 2 && code && cache.token == t) {
		struct entry *e = find_code((const char *)code);
		if (e)
			e->use = use_of(sqlite3_value_int64(argv[1]));
	}
	sqlite3_result_null(ctx);
}

/* TEMP: on this connection only, nothing stored in the file.  A trigger's
 * UPDATE OF lists the columns the copy holds (a new one that search uses
 * goes here too); use_count alone is copied, not reloaded. */
static const char triggers_sql[] =
    "CREATE TEMP TRIGGER IF NOT EXISTS dvcdesk_catalog_insert AFTER INSERT ON main.procedure"
    " BEGIN SELECT dvcdesk_catalog_changed(); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS dvcdesk_catalog_delete AFTER DELETE ON main.procedure"
    " BEGIN SELECT dvcdesk_catalog_changed(); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS dvcdesk_catalog_update"
    " AFTER UPDATE OF code, name, field, search_key, active ON main.procedure"
    " BEGIN SELECT dvcdesk_catalog_changed(); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS dvcdesk_catalog_use"
    " AFTER UPDATE OF use_count ON main.procedure"
    " BEGIN SELECT dvcdesk_catalog_use(NEW.code, NEW.use_count); END;";

/* h's token, registering one (and the triggers) the first time; NULL when
 * SQLite refuses the function. */
static struct conn_token *watch(sqlite3 *h)
{
	for (struct conn_token *t = tokens; t; t = t->next)
		if (t->h == h)
			return t;
	struct conn_token *t = xcalloc(1, sizeof(*t));
	t->h = h;
	t->next = tokens;
	tokens = t;
	/* On failure SQLite runs the destructor itself, unlinking t. */
	if (sqlite3_create_function_v2(h, "dvcdesk_catalog_changed", 0, SQLITE_UTF8, t,
	                               changed_func, NULL, NULL, token_destroy) != SQLITE_OK)
		return NULL;
	/* Without the triggers every change on h reloads, as before them. */
	t->triggers = sqlite3_create_function_v2(h, "dvcdesk_catalog_use", 2, SQLITE_UTF8, t,
	                                         use_func, NULL, NULL, NULL) == SQLITE_OK &&
	              sqlite3_exec(h, triggers_sql, NULL, NULL, NULL) == SQLITE_OK;
	if (t->triggers)
		sqlite3_rollback_hook(h, rolled_back, t);
	return t;
}

/* One bit per letter and digit, the other bytes share the rest. */
static uint64_t byte_bit_of(unsigned c)
{
	if (c >= 'a' && c <= 'z')
		return 1ull << (c - 'a');
	if (c >= '0' && c <= '9')
		return 1ull << (26 + c - '0');
	return 1ull << (36 + c % 28);
}

/* byte_bit_of() for every byte, made once: loading the copy looks up every
 * byte of ten thousand names. */
static uint64_t byte_bits[256];

static uint64_t byte_bit(unsigned char c)
{
	return byte_bits[c];
}

/* A 64-bit Bloom filter of byte pairs. */
static uint64_t pair_bit(unsigned char a, unsigned char b)
{
	return 1ull << (((unsigned)a * 31u + b) & 63u);
}

static void byte_bits_init(void)
{
	if (byte_bits['a'])
		return;
	for (unsigned c = 0; c < 256; c++)
		byte_bits[c] = byte_bit_of(c);
}

static uint64_t bytes_mask(const char *s)
{
	uint64_t m = 0;
	for (; *s; s++)
		if (*s != ' ')
			m |= byte_bit((unsigned char)*s);
	return m;
}

/* Record the words of key (at most MAX_WORDS, within the first 255 bytes) and
 * its byte masks, in one pass. */
static void index_key(struct entry *e, const char *key, size_t *cap_words)
{
	e->word = (uint32_t)cache.n_words;
	e->n_words = 0;
	e->bytes = e->starts = e->pairs = e->wpairs = 0;
	const char *p = key;
	unsigned char prev = 0;
	while (*p) {
		for (; *p == ' '; p++) {
			if (prev)
				e->pairs |= pair_bit(prev, ' ');
			prev = ' ';
		}
		const char *start = p;
		for (; *p && *p != ' '; p++) {
			unsigned char c = (unsigned char)*p;
			e->bytes |= byte_bit(c);
			if (prev)
				e->pairs |= pair_bit(prev, c);
			prev = c;
		}
		if (p == start || start - key > UINT8_MAX || p - start > UINT8_MAX ||
		    e->n_words >= MAX_WORDS)
			continue; /* the bytes still count */
		if (p - start >= 2)
			e->wpairs |= pair_bit((unsigned char)start[0], (unsigned char)start[1]);
		if (cache.n_words == *cap_words) {
			*cap_words = *cap_words ? *cap_words * 2 : 4096;
			cache.words = xrealloc(cache.words, *cap_words * sizeof(*cache.words));
		}
		cache.words[cache.n_words++] =
		    (struct word){(uint8_t)(start - key), (uint8_t)(p - start)};
		e->starts |= byte_bit((unsigned char)*start);
		e->n_words++;
	}
	size_t len = (size_t)(p - key);
	e->key_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
}

static int cmp_index_code(const void *a, const void *b)
{
	return strcmp(entry_code(&cache.e[*(const uint32_t *)a]),
	              entry_code(&cache.e[*(const uint32_t *)b]));
}

/* Sort the entries by code: their indexes (qsort moving whole entries was
 * most of the load), then the entries in place, one cycle at a time. */
static void sort_by_code(void)
{
	uint32_t *from = xmalloc((cache.n + 1) * sizeof(*from));
	for (size_t i = 0; i < cache.n; i++)
		from[i] = (uint32_t)i;
	qsort(from, cache.n, sizeof(*from), cmp_index_code);
	/* Position k takes the entry at from[k]. */
	for (size_t k = 0; k < cache.n; k++) {
		if (from[k] == k)
			continue;
		struct entry first = cache.e[k];
		size_t j = k;
		while (from[j] != k) {
			size_t src = from[j];
			cache.e[j] = cache.e[src];
			from[j] = (uint32_t)j;
			j = src;
		}
		cache.e[j] = first;
		from[j] = (uint32_t)j;
	}
	free(from);
}

/* Rows in the table's order (ORDER BY code would look each one up from the
 * code index: a third of the load), sorted by code here.  The arrays are
 * trimmed to their size: the copy stays for the whole shift. */
static bool cache_load(struct db *db)
{
	static const char sql[] = "SELECT code, search_key, use_count, rowid FROM procedure"
	                          " WHERE active = 1";
	cache_drop();
	byte_bits_init();
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return false;
	/* Every page of the table is read once: through a few pages of the
	 * connection's cache, rather than 2 MiB of it pushed out and grown
	 * (the counter's peak memory). */
	long long cache_size = db_int(db, "PRAGMA cache_size", 0);
	if (cache_size != 0)
		db_exec(db, "PRAGMA cache_size = 32");
	size_t cap = 0, cap_words = 0;
	int rc;
	sb_init(&cache.text);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cache.n == cap) {
			cap = cap ? cap * 2 : 1024;
			cache.e = xrealloc(cache.e, (cap + 1) * sizeof(*cache.e));
		}
		struct entry *e = &cache.e[cache.n++];
		memset(e, 0, sizeof(*e));
		for (int c = 0; c < 2; c++) {
			const unsigned char *t = sqlite3_column_text(st, c);
			size_t len = t ? (size_t)sqlite3_column_bytes(st, c) : 0;
			if (c == 0)
				e->code_at = (uint32_t)cache.text.len;
			else
				e->key_at = (uint32_t)cache.text.len;
			sb_addn(&cache.text, t ? (const char *)t : "", len + 1);
		}
		e->use = use_of(sqlite3_column_int64(st, 2));
		sqlite3_int64 rowid = sqlite3_column_int64(st, 3);
		e->rowid = rowid > 0 && rowid <= UINT32_MAX ? (uint32_t)rowid : 0;
		index_key(e, cache.text.buf + e->key_at, &cap_words);
	}
	sqlite3_reset(st);
	if (cache_size != 0) {
		char sql_size[48];
		snprintf(sql_size, sizeof(sql_size), "PRAGMA cache_size = %lld", cache_size);
		db_exec(db, sql_size);
	}
	if (rc != SQLITE_DONE) {
		db_status(db, rc);
		cache_drop();
		return false;
	}
	if (!cache.e)
		cache.e = xcalloc(1, sizeof(*cache.e));
	cache.e = xrealloc(cache.e, (cache.n + 1) * sizeof(*cache.e));
	cache.words = xrealloc(cache.words, (cache.n_words + 1) * sizeof(*cache.words));
	cache.text.buf = xrealloc(cache.text.buf, cache.text.len + 1);
	cache.text.cap = cache.text.len + 1;
	bool sorted = true;
	for (size_t i = 1; i < cache.n && sorted; i++)
		sorted = strcmp(entry_code(&cache.e[i - 1]), entry_code(&cache.e[i])) < 0;
	if (!sorted)
		sort_by_code();
	return true;
}

/* Whether the copy is db's and current. */
static bool cache_current(struct db *db, long long dv)
{
	if (cache.h != db->h || !cache.token || cache.data_version != dv)
		return false;
	if (cache.token->triggers)
		return cache.writes == cache.token->writes;
	return cache.changes == sqlite3_total_changes64(db->h);
}

/* Make the copy current for db; false when it cannot be loaded. */
static bool cache_fresh(struct db *db)
{
	long long dv = db_data_version(db);
	if (cache_current(db, dv))
		return true;
	struct conn_token *t = watch(db->h);
	if (!cache_load(db))
		return false;
	cache.h = db->h;
	cache.token = t; /* NULL: reload on every search */
	cache.writes = t ? t->writes : 0;
	cache.changes = sqlite3_total_changes64(db->h);
	cache.data_version = dv;
	return true;
}

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
	const struct word *w = &cache.words[e->word + (uint32_t)p];
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
	const struct word *W = &cache.words[e->word];
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
	byte_bits_init();
	memset(q, 0, sizeof(*q));
	char *trimmed = str_trim(xstrdup(text ? text : ""));
	q->fold = text_fold(trimmed);
	if (!q->fold) {
		free(trimmed);
		return false;
	}
	q->fold_len = strlen(q->fold);
	q->bytes = bytes_mask(q->fold);
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
		upper_ascii(q->code);
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
	struct text_slot *slot = &cache.slots[i % ARRAY_LEN(cache.slots)];
	if (slot->entry_1 != i + 1) {
		const struct entry *e = &cache.e[i];
		/* The reads of one search share one read transaction: each on its
		 * own took and dropped the WAL read lock (two fcntl calls). */
		if (!cache.reading && sqlite3_get_autocommit(db->h) &&
		    db_exec(db, "BEGIN") == ST_OK)
			cache.reading = true;
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
			sb_add(&sb, entry_code(&cache.e[i]));
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
	if (!cache.marks)
		cache.marks = xcalloc(cache.n + 1, sizeof(*cache.marks));
	if (!cache.marks[i]) {
		struct procedure p;
		if (!entry_text(db, i, &p)) {
			static char none[] = "";
			return none; /* a stand-in's marks are not kept either */
		}
		cache.marks[i] = text_fold_marks(p.name);
		if (!cache.marks[i])
			cache.marks[i] = xstrdup("");
	}
	return cache.marks[i];
}

/* Every query that matches a name or code also matches with its last
 * letters taken off (a prefix of a word prefix is one; a shorter last piece
 * of initials is still a last piece; a substring's prefix is a substring),
 * so a query that extends the last one's fold and code is ranked only
 * against the last one's matches: typing narrows instead of rescanning
 * ten thousand names on every key. */
static bool narrows_last(const struct query *q)
{
	if (!cache.last_fold || !cache.hits)
		return false;
	size_t lf = strlen(cache.last_fold), lc = strlen(cache.last_code);
	if (lf == 0 && lc == 0)
		return false; /* the last listed everything */
	if (q->fold_len < lf || memcmp(q->fold, cache.last_fold, lf) != 0)
		return false;
	/* A code-like query's prefixes are code-like; the reverse is not
	 * needed: without a code part only the name tiers apply. */
	return q->code_len == 0 || (lc > 0 && strncmp(q->code, cache.last_code, lc) == 0);
}

static void remember(const struct query *q, uint32_t *hits, size_t n_hits)
{
	free(cache.last_fold);
	free(cache.last_code);
	free(cache.hits);
	cache.last_fold = xstrdup(q->fold);
	cache.last_code = xstrdup(q->code);
	cache.hits = hits;
	cache.n_hits = n_hits;
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
	if (all && !cache_current(db, db_data_version(db))) {
		int n = top_from_index(db, out, max);
		if (n >= 0) {
			query_done(&q);
			return n;
		}
	}
	if (!cache_fresh(db)) {
		query_done(&q);
		return 0;
	}
	if ((size_t)max > cache.n)
		max = (int)cache.n;
	uint64_t *heap = xmalloc(((size_t)max + 1) * sizeof(*heap));
	int n = 0;
	/* Rank every entry, or only the last search's matches. */
	bool narrow = !all && narrows_last(&q);
	size_t n_cand = narrow ? cache.n_hits : cache.n;
	uint32_t *hits = xmalloc((n_cand + 1) * sizeof(*hits));
	size_t n_hits = 0;
	for (size_t c = 0; c < n_cand; c++) {
		size_t i = narrow ? cache.hits[c] : c;
		const struct entry *e = &cache.e[i];
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
		const struct entry *e = &cache.e[i];
		struct procedure *p = &out[r];
		str_copy(p->code, sizeof(p->code), entry_code(e));
		entry_text(db, i, p);
		p->use_count = e->use;
		p->active = true;
	}
	if (cache.reading) {
		db_exec(db, "COMMIT");
		cache.reading = false;
	}
	free(heap);
	query_done(&q);
	return n;
}

void catalog_warm(struct db *db)
{
	if (!cache_current(db, db_data_version(db)))
		cache_fresh(db);
}

/* ---- Lookups ------------------------------------------------------------ */

enum status catalog_get(struct db *db, const char *code, struct procedure *out)
{
	static const char sql[] = "SELECT code, name, field, use_count, active FROM procedure"
	                          " WHERE code = ?";
	char key[sizeof(out->code)];
	str_copy(key, sizeof(key), code ? code : "");
	str_trim(key);
	upper_ascii(key);
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return ST_DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	enum status res = ST_OK;
	if (rc == SQLITE_ROW) {
		str_copy(out->code, sizeof(out->code), (const char *)sqlite3_column_text(st, 0));
		str_copy(out->name, sizeof(out->name), (const char *)sqlite3_column_text(st, 1));
		str_copy(out->field, sizeof(out->field), (const char *)sqlite3_column_text(st, 2));
		out->use_count = (long)sqlite3_column_int64(st, 3);
		out->active = sqlite3_column_int(st, 4) != 0;
	} else if (rc == SQLITE_DONE) {
		res = status_fail(ST_NOT_FOUND, _("no procedure has the code %s"), key);
	} else {
		res = db_status(db, rc);
	}
	sqlite3_reset(st);
	return res;
}

long catalog_count(struct db *db)
{
	return (long)db_int(db, "SELECT count(*) FROM procedure WHERE active = 1", 0);
}

/* ---- Import --------------------------------------------------------------- */

/* Codes already seen in this file, with their line: an open-addressing set. */
struct seen {
	struct seen_slot {
		char *code;
		int line;
	} * slots;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The line a code was first seen on, or 0 (and it is remembered). */
static int seen_add(struct seen *set, const char *code, int line)
{
	if (set->n * 2 >= set->cap) {
		struct seen old = *set;
		set->cap = old.cap ? old.cap * 2 : 256;
		set->slots = xcalloc(set->cap, sizeof(*set->slots));
		set->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].code) {
				size_t j = hash(old.slots[i].code) & (set->cap - 1);
				while (set->slots[j].code)
					j = (j + 1) & (set->cap - 1);
				set->slots[j] = old.slots[i];
				set->n++;
			}
		free(old.slots);
	}
	size_t j = hash(code) & (set->cap - 1);
	for (; set->slots[j].code; j = (j + 1) & (set->cap - 1))
		if (strcmp(set->slots[j].code, code) == 0)
			return set->slots[j].line;
	set->slots[j] = (struct seen_slot){xstrdup(code), line};
	set->n++;
	return 0;
}

static void seen_done(struct seen *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i].code);
	free(set->slots);
}

/* NFC, control characters and white-space runs made one space, trimmed.
 * NULL when s is not UTF-8. */
static char *clean_text(const char *s)
{
	char *nfc = text_nfc(s);
	if (!nfc)
		return NULL;
	char *w = nfc;
	bool space = false;
	for (const char *p = nfc; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F) {
			space = w > nfc;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *p;
	}
	*w = '\0';
	return nfc;
}

enum col { COL_CODE, COL_NAME, COL_FIELD, COL__COUNT };

/* Header names, folded: English and the Vietnamese a province's list uses. */
static enum col header_col(const char *name)
{
	static const struct {
		const char *fold;
		enum col col;
	} names[] = {
	    {"code", COL_CODE},       {"ma", COL_CODE},          {"ma tthc", COL_CODE},
	    {"ma thu tuc", COL_CODE}, {"name", COL_NAME},        {"ten", COL_NAME},
	    {"ten tthc", COL_NAME},   {"ten thu tuc", COL_NAME}, {"field", COL_FIELD},
	    {"linh vuc", COL_FIELD},
	};
	char *f = text_fold(name);
	enum col c = COL__COUNT;
	for (size_t i = 0; f && i < ARRAY_LEN(names); i++)
		if (strcmp(f, names[i].fold) == 0)
			c = names[i].col;
	free(f);
	return c;
}

static void reject(struct strbuf *rejects, int line, const char *why)
{
	if (rejects)
		sb_addf(rejects, _("line %d: %s\n"), line, why);
}

/* Store one row: 1 added, 2 updated, 0 unchanged, -1 on a database error. */
static int store(struct db *db, const char *code, const char *name, const char *field,
                 bool has_field, const char *key)
{
	static const char sel[] = "SELECT name, field, active FROM procedure WHERE code = ?";
	static const char ins[] = "INSERT INTO procedure (code, name, field, search_key,"
	                          " updated_at) VALUES (?, ?, ?, ?, ?)";
	static const char upd[] = "UPDATE procedure SET name = ?2, field = ?3, search_key = ?4,"
	                          " active = 1, updated_at = ?5 WHERE code = ?1";
	sqlite3_stmt *st = db_prepare(db, sel);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	bool exists = rc == SQLITE_ROW, same = false;
	char *old_field = NULL;
	if (exists) {
		old_field = xstrdup((const char *)sqlite3_column_text(st, 1));
		same = strcmp((const char *)sqlite3_column_text(st, 0), name) == 0 &&
		       (!has_field || strcmp(old_field, field) == 0) &&
		       sqlite3_column_int(st, 2) == 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(old_field);
		db_status(db, rc);
		return -1;
	}
	if (same) {
		free(old_field);
		return 0;
	}
	st = db_prepare(db, exists ? upd : ins);
	if (!st) {
		free(old_field);
		return -1;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	/* No field column: an update keeps what was there. */
	sqlite3_bind_text(st, 3,
	                  has_field   ? field
	                  : old_field ? old_field
	                              : "",
	                  -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)util_now());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(old_field);
	if (rc != SQLITE_DONE) {
		db_status(db, rc);
		return -1;
	}
	return exists ? 2 : 1;
}

/* Check and store one data row; a rejected row is reported, not an error. */
static enum status import_row(struct db *db, const struct csv_reader *r, const size_t *col,
                              size_t n_cols, struct seen *seen, int *added, int *updated,
                              struct strbuf *rejects)
{
	if (r->n_fields != n_cols) {
		char why[128];
		str_format(why, sizeof(why), _("the row has %zu fields, the header %zu"), r->n_fields,
		           n_cols);
		reject(rejects, r->line, why);
		return ST_OK;
	}
	const char *raw_field = col[COL_FIELD] < n_cols ? r->fields[col[COL_FIELD]] : "";
	char *code = clean_text(r->fields[col[COL_CODE]]);
	char *name = clean_text(r->fields[col[COL_NAME]]);
	char *field = clean_text(raw_field);
	enum status st = ST_OK;
	char why[160];
	why[0] = '\0';
	if (!code || !name || !field) {
		str_format(why, sizeof(why), "%s", _("not valid UTF-8 text; save the file as UTF-8"));
	} else {
		upper_ascii(code);
		int first;
		if (!catalog_code_valid(code))
			str_format(why, sizeof(why),
			         _("\"%.60s\" is not a procedure code (like 1.001193)"), code);
		else if (!*name)
			str_format(why, sizeof(why), "%s", _("the name is empty"));
		else if (strlen(name) >= sizeof(((struct procedure *)0)->name))
			str_format(why, sizeof(why), _("the name is longer than %zu bytes"),
			         sizeof(((struct procedure *)0)->name) - 1);
		else if (strlen(field) >= sizeof(((struct procedure *)0)->field))
			str_format(why, sizeof(why), _("the field is longer than %zu bytes"),
			         sizeof(((struct procedure *)0)->field) - 1);
		else if ((first = seen_add(seen, code, r->line)) != 0)
			str_format(why, sizeof(why), _("the code %s is already on line %d"), code,
			         first);
	}
	if (why[0]) {
		reject(rejects, r->line, why);
	} else {
		char *key = text_fold(name);
		int res = store(db, code, name, field, col[COL_FIELD] < n_cols, key);
		free(key);
		if (res < 0)
			st = ST_DB_ERROR;
		else if (res == 1)
			++*added;
		else if (res == 2)
			++*updated;
	}
	free(code);
	free(name);
	free(field);
	return st;
}

enum status catalog_import(struct db *db, const char *data, size_t len, const char *origin,
                           int *added, int *updated, struct strbuf *rejects)
{
	int n_added = 0, n_updated = 0;
	if (added)
		*added = 0;
	if (updated)
		*updated = 0;
	if (!origin)
		origin = "CSV";
	struct csv_reader r;
	csv_reader_init(&r, data, len);
	int rc = csv_next(&r);
	if (rc <= 0) {
		enum status st =
		    rc == 0 ? status_fail(ST_INVALID, _("%s is empty"), origin)
		            : status_fail(ST_INVALID, _("%s: line %d: %s; nothing was imported"),
		                          origin, r.line, r.error);
		csv_reader_done(&r);
		return st;
	}
	size_t col[COL__COUNT] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
	size_t n_cols = r.n_fields;
	for (size_t i = 0; i < n_cols; i++) {
		enum col c = header_col(r.fields[i]);
		if (c != COL__COUNT && col[c] == SIZE_MAX)
			col[c] = i;
	}
	if (col[COL_CODE] == SIZE_MAX || col[COL_NAME] == SIZE_MAX) {
		csv_reader_done(&r);
		return status_fail(ST_INVALID,
		                   _("%s: the first line must name the columns code and name "
		                     "(and optionally field); is it a CSV procedure list?"),
		                   origin);
	}
	enum status st = db_begin(db);
	if (st != ST_OK) {
		csv_reader_done(&r);
		return st;
	}
	struct seen seen = {0};
	struct strbuf local;
	sb_init(&local);
	while ((rc = csv_next(&r)) == 1) {
		st = import_row(db, &r, col, n_cols, &seen, &n_added, &n_updated, &local);
		if (st != ST_OK)
			break;
	}
	if (st == ST_OK && rc < 0)
		st = status_fail(ST_INVALID, _("%s: line %d: %s; nothing was imported"), origin,
		                 r.line, r.error);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st == ST_OK) {
		if (rejects && local.len)
			sb_add(rejects, local.buf);
		if (added)
			*added = n_added;
		if (updated)
			*updated = n_updated;
	}
	sb_done(&local);
	seen_done(&seen);
	csv_reader_done(&r);
	return st;
}

enum status catalog_ensure_seed(struct db *db)
{
	long long n = db_int(db, "SELECT count(*) FROM procedure", -1);
	if (n < 0)
		return status_fail(ST_DB_ERROR, _("cannot read the procedure catalogue"));
	if (n > 0)
		return ST_OK;
	struct strbuf rejects;
	sb_init(&rejects);
	enum status st =
	    catalog_import(db, embedded_seed_catalog, (size_t)embedded_seed_catalog_len, "seed",
	                   NULL, NULL, &rejects);
	sb_done(&rejects);
	return st;
}
