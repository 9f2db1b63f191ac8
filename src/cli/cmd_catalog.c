/* dvcdesk catalog: list or search the procedures, import a centre's list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/catalog.h"
#include "cli/cli.h"
#include "util/text.h"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		sb_done(&sb);
		return NULL;
	}
	*len = sb.len;
	return sb_steal(&sb);
}

int cmd_catalog(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("catalog");
	if (str_eq(argv[1], "list") && argc <= 3) {
		struct db *db = cli_db(cli, false);
		if (!db)
			return cli_db_exit();
		int max = argc == 3 ? 50 : 100000;
		struct procedure *out = xcalloc((size_t)max, sizeof(*out));
		int n = catalog_search(db, argc == 3 ? argv[2] : "", out, max);
		for (int i = 0; i < n; i++) {
			char code[80];
			/* An imported catalogue may hold escape sequences: never
			 * sent to the terminal as they are. */
			char *safe_code = text_terminal_safe(out[i].code, false);
			char *safe_name = text_terminal_safe(out[i].name, false);
			text_pad(code, sizeof(code), safe_code, 24, false);
			printf("%s %s\n", code, safe_name);
			free(safe_code);
			free(safe_name);
		}
		free(out);
		if (n >= max) /* a capped list says so */
			cli_warn(_("only the first %d matches are shown; type more of the name or "
			           "the code"),
			         max);
		return 0;
	}
	if (str_eq(argv[1], "import") && argc == 3) {
		size_t len = 0;
		char *data = read_file(argv[2], &len);
		if (!data)
			return cli_error(status_exit_code(ST_NOT_FOUND), _("cannot read %s: %s"), argv[2], strerror(errno));
		struct db *db = cli_db(cli, false);
		if (!db) {
			free(data);
			return cli_db_exit();
		}
		struct strbuf rejects;
		sb_init(&rejects);
		int added = 0, updated = 0;
		enum status st = catalog_import(db, data, len, argv[2], &added, &updated, &rejects);
		free(data);
		if (rejects.len)
			fprintf(stderr, "%s", rejects.buf);
		sb_done(&rejects);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		printf(_("%d added, %d updated\n"), added, updated);
		return 0;
	}
	return cli_usage("catalog");
}
