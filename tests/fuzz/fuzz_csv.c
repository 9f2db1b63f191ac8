/* libFuzzer: the CSV reader (csv_next to the end) and the catalogue import
 * that runs on it (catalog_import into a real database, emptied before
 * each input so that every input starts from the same state). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/catalog.h"
#include "format/csv.h"
#include "store/db.h"
#include "util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[] = "/tmp/dvcdesk-fuzz.XXXXXX";
	if (!mkdtemp(dir))
		abort();
	char *path = xasprintf("%s/fuzz.db", dir);
	if (db_open(&db, path, 0) != ST_OK)
		abort();
	/* Nothing here must survive a power cut: speed over durability. */
	sqlite3_exec(db->h, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	/* The file can go at once: the open connection keeps it. */
	unlink(path);
	free(path);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	csv_reader_init(&r, (const char *)data, size);
	int rc, records = 0;
	while ((rc = csv_next(&r)) == 1 && records < 100000) {
		for (size_t i = 0; i < r.n_fields; i++)
			if (!r.fields[i])
				abort();
		records++;
	}
	csv_reader_done(&r);

	db_exec(db, "DELETE FROM procedure");
	struct strbuf rejects;
	sb_init(&rejects);
	int added = 0, updated = 0;
	catalog_import(db, (const char *)data, size, "fuzz.csv", &added, &updated, &rejects);
	sb_done(&rejects);
	struct procedure found[8];
	catalog_search(db, "khai sinh", found, 8);
	return 0;
}
