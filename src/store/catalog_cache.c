/* The catalogue's in-memory copy: loaded once per connection, indexed for
 * the search (byte and pair masks, word starts, code order), kept current
 * through TEMP triggers, a rollback hook and PRAGMA data_version, and
 * dropped when its connection closes. */
#include "store/catalog_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

struct catalog_copy catalog_copy;

static struct conn_token *tokens;



static void cache_drop(void)
{
	if (catalog_copy.marks) {
		for (size_t i = 0; i < catalog_copy.n; i++)
			free(catalog_copy.marks[i]);
		free(catalog_copy.marks);
	}
	free(catalog_copy.e);
	free(catalog_copy.words);
	free(catalog_copy.last_fold);
	free(catalog_copy.last_code);
	free(catalog_copy.hits);
	for (size_t i = 0; i < ARRAY_LEN(catalog_copy.slots); i++)
		free(catalog_copy.slots[i].text);
	sb_done(&catalog_copy.text);
	memset(&catalog_copy, 0, sizeof(catalog_copy));
}

static void token_destroy(void *p)
{
	struct conn_token *t = p;
	for (struct conn_token **pp = &tokens; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	if (catalog_copy.h == t->h)
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
	size_t lo = 0, hi = catalog_copy.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(entry_code(&catalog_copy.e[mid]), code);
		if (c == 0)
			return &catalog_copy.e[mid];
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
	if (argc == 2 && code && catalog_copy.token == t) {
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
uint64_t catalog_byte_bits[256];



void catalog_byte_bits_init(void)
{
	if (catalog_byte_bits['a'])
		return;
	for (unsigned c = 0; c < 256; c++)
		catalog_byte_bits[c] = byte_bit_of(c);
}

uint64_t catalog_bytes_mask(const char *s)
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
	e->word = (uint32_t)catalog_copy.n_words;
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
		if (catalog_copy.n_words == *cap_words) {
			*cap_words = *cap_words ? *cap_words * 2 : 4096;
			catalog_copy.words = xrealloc(catalog_copy.words, *cap_words * sizeof(*catalog_copy.words));
		}
		catalog_copy.words[catalog_copy.n_words++] =
		    (struct word){(uint8_t)(start - key), (uint8_t)(p - start)};
		e->starts |= byte_bit((unsigned char)*start);
		e->n_words++;
	}
	size_t len = (size_t)(p - key);
	e->key_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
}

static int cmp_index_code(const void *a, const void *b)
{
	return strcmp(entry_code(&catalog_copy.e[*(const uint32_t *)a]),
	              entry_code(&catalog_copy.e[*(const uint32_t *)b]));
}

/* Sort the entries by code: their indexes (qsort moving whole entries was
 * most of the load), then the entries in place, one cycle at a time. */
static void sort_by_code(void)
{
	uint32_t *from = xmalloc((catalog_copy.n + 1) * sizeof(*from));
	for (size_t i = 0; i < catalog_copy.n; i++)
		from[i] = (uint32_t)i;
	qsort(from, catalog_copy.n, sizeof(*from), cmp_index_code);
	/* Position k takes the entry at from[k]. */
	for (size_t k = 0; k < catalog_copy.n; k++) {
		if (from[k] == k)
			continue;
		struct entry first = catalog_copy.e[k];
		size_t j = k;
		while (from[j] != k) {
			size_t src = from[j];
			catalog_copy.e[j] = catalog_copy.e[src];
			from[j] = (uint32_t)j;
			j = src;
		}
		catalog_copy.e[j] = first;
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
	catalog_byte_bits_init();
	sqlite3_stmt *st = db_prepare(db, sql);
	if (!st)
		return false;
	/* Every page of the table is read once: through a few pages of the
	 * connection's copy, rather than 2 MiB of it pushed out and grown
	 * (the counter's peak memory). */
	long long cache_size = db_int(db, "PRAGMA cache_size", 0);
	if (cache_size != 0)
		db_exec(db, "PRAGMA cache_size = 32");
	size_t cap = 0, cap_words = 0;
	int rc;
	sb_init(&catalog_copy.text);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (catalog_copy.n == cap) {
			cap = cap ? cap * 2 : 1024;
			catalog_copy.e = xrealloc(catalog_copy.e, (cap + 1) * sizeof(*catalog_copy.e));
		}
		struct entry *e = &catalog_copy.e[catalog_copy.n++];
		memset(e, 0, sizeof(*e));
		for (int c = 0; c < 2; c++) {
			const unsigned char *t = sqlite3_column_text(st, c);
			size_t len = t ? (size_t)sqlite3_column_bytes(st, c) : 0;
			if (c == 0)
				e->code_at = (uint32_t)catalog_copy.text.len;
			else
				e->key_at = (uint32_t)catalog_copy.text.len;
			sb_addn(&catalog_copy.text, t ? (const char *)t : "", len + 1);
		}
		e->use = use_of(sqlite3_column_int64(st, 2));
		sqlite3_int64 rowid = sqlite3_column_int64(st, 3);
		e->rowid = rowid > 0 && rowid <= UINT32_MAX ? (uint32_t)rowid : 0;
		index_key(e, catalog_copy.text.buf + e->key_at, &cap_words);
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
	if (!catalog_copy.e)
		catalog_copy.e = xcalloc(1, sizeof(*catalog_copy.e));
	catalog_copy.e = xrealloc(catalog_copy.e, (catalog_copy.n + 1) * sizeof(*catalog_copy.e));
	catalog_copy.words = xrealloc(catalog_copy.words, (catalog_copy.n_words + 1) * sizeof(*catalog_copy.words));
	catalog_copy.text.buf = xrealloc(catalog_copy.text.buf, catalog_copy.text.len + 1);
	catalog_copy.text.cap = catalog_copy.text.len + 1;
	bool sorted = true;
	for (size_t i = 1; i < catalog_copy.n && sorted; i++)
		sorted = strcmp(entry_code(&catalog_copy.e[i - 1]), entry_code(&catalog_copy.e[i])) < 0;
	if (!sorted)
		sort_by_code();
	return true;
}

/* Whether the copy is db's and current. */
bool catalog_copy_current(struct db *db, long long dv)
{
	if (catalog_copy.h != db->h || !catalog_copy.token || catalog_copy.data_version != dv)
		return false;
	if (catalog_copy.token->triggers)
		return catalog_copy.writes == catalog_copy.token->writes;
	return catalog_copy.changes == sqlite3_total_changes64(db->h);
}

/* Make the copy current for db; false when it cannot be loaded. */
bool catalog_copy_fresh(struct db *db)
{
	long long dv = db_data_version(db);
	if (catalog_copy_current(db, dv))
		return true;
	struct conn_token *t = watch(db->h);
	if (!cache_load(db))
		return false;
	catalog_copy.h = db->h;
	catalog_copy.token = t; /* NULL: reload on every search */
	catalog_copy.writes = t ? t->writes : 0;
	catalog_copy.changes = sqlite3_total_changes64(db->h);
	catalog_copy.data_version = dv;
	return true;
}
