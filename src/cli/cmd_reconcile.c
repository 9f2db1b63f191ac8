/* dvcdesk reconcile: the logged online submissions against the provincial
 * dossier system's export; text, CSV, JSON, XLSX or PDF; the result stored
 * as the period's reconciliation (report/reconcile.h). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/print.h"
#include "report/reconcile.h"

enum format { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_XLSX, FMT_PDF };

static int bad_value(const char *option, const char *value, const char *allowed)
{
	return cli_error(64, _("%s \"%s\" is not valid; allowed: %s"), option, value, allowed);
}

/* "code=Số hồ sơ,date=C": each key once. */
static int parse_columns(char *spec, char *saved[ROLE__COUNT])
{
	for (char *tok = strtok(spec, ","); tok; tok = strtok(NULL, ",")) {
		char *eq = strchr(tok, '=');
		if (!eq)
			return bad_value("--columns", tok, "code=HEADER, date=, procedure=, channel=");
		*eq = '\0';
		char *key = str_trim(tok), *val = str_trim(eq + 1);
		int i = 0;
		while (i < ROLE__COUNT && !str_eq(key, rec_role_keys[i]))
			i++;
		if (i == ROLE__COUNT)
			return bad_value("--columns", key, "code, date, procedure, channel");
		if (!*val)
			return cli_error(64, _("--columns %s= needs a header name or a column letter"), key);
		free(saved[i]);
		saved[i] = xstrdup(val);
	}
	return -1;
}

/* The workbook goes to a file of its own first (libxlsxwriter writes files). */
static int write_xlsx(const struct reconcile *r, const char *output)
{
	bool to_stdout = !output || str_eq(output, "-");
	if (to_stdout && isatty(STDOUT_FILENO))
		return cli_error(64, _("an XLSX workbook is not for a terminal; give --output FILE.xlsx"));
	char *tmp;
	if (to_stdout) {
		const char *dir = getenv("TMPDIR");
		tmp = xasprintf("%s/dvcdesk-reconcile-XXXXXX", dir && *dir ? dir : "/tmp");
	} else {
		tmp = xasprintf("%s.tmp-XXXXXX", output);
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = cli_error(73, _("cannot create %s: %s"), to_stdout ? tmp : output,
		                   strerror(errno));
		free(tmp);
		return rc;
	}
	close(fd);
	enum status st = reconcile_write_xlsx(r, tmp);
	int rc = 0;
	if (st != ST_OK) {
		rc = cli_error(status_exit_code(st), "%s", status_detail(st));
	} else if (to_stdout) {
		FILE *f = fopen(tmp, "rb");
		char buf[65536];
		size_t n;
		bool ok = f != NULL;
		while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
			ok = fwrite(buf, 1, n, stdout) == n;
		if (f)
			fclose(f);
		if (!ok || fflush(stdout) != 0)
			rc = cli_error(74, _("cannot write the workbook to standard output"));
	} else {
		chmod(tmp, 0600);
		if (rename(tmp, output) != 0)
			rc = cli_error(74, _("cannot write %s: %s"), output, strerror(errno));
	}
	if (rc != 0 || to_stdout)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int write_out(const char *output, const struct strbuf *sb)
{
	if (!output || str_eq(output, "-")) {
		if (fwrite(sb->buf ? sb->buf : "", 1, sb->len, stdout) != sb->len ||
		    fflush(stdout) != 0)
			return cli_error(74, _("cannot write to standard output"));
		return 0;
	}
	enum status st = print_save(output, sb->buf ? sb->buf : "", sb->len);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}

int cmd_reconcile(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
	    {"unit", required_argument, NULL, 'u'},   {"columns", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'F'}, {"output", required_argument, NULL, 'o'},
	    {"dry-run", no_argument, NULL, 'n'},      {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	static const char *const formats[] = {"text", "csv", "json", "xlsx", "pdf"};
	struct reconcile_opts o;
	memset(&o, 0, sizeof(o));
	const char *from = NULL, *to = NULL, *output = NULL;
	char *cols[ROLE__COUNT] = {NULL};
	int format = FMT_TEXT, c, rc = -1;
	while (rc < 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'u':
			o.unit = optarg;
			break;
		case 'c':
			rc = parse_columns(optarg, cols);
			break;
		case 'o':
			output = optarg;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'F':
			format = -1;
			for (int i = 0; i < (int)ARRAY_LEN(formats); i++)
				if (str_eq(optarg, formats[i]))
					format = i;
			if (format < 0)
				rc = bad_value("--format", optarg, "text, csv, json, xlsx, pdf");
			break;
		case 'h':
			cli_usage("reconcile");
			rc = 0;
			break;
		default:
			rc = cli_usage("reconcile");
		}
	}
	if (rc < 0 && optind + 1 != argc)
		rc = cli_usage("reconcile");
	if (rc < 0 && (!from) != (!to))
		rc = cli_error(64, _("give both --from and --to, or neither (the file's dates)"));
	if (rc < 0 && from && !time_parse_day(from, &o.from_day))
		rc = bad_value("--from", from, "YYYY-MM-DD");
	if (rc < 0 && to && !time_parse_day(to, &o.to_day))
		rc = bad_value("--to", to, "YYYY-MM-DD");
	if (rc < 0 && from && o.from_day > o.to_day)
		rc = cli_error(64, _("--from %s is after --to %s"), from, to);
	if (rc >= 0)
		goto out;
	o.path = argv[optind];
	for (int i = 0; i < ROLE__COUNT; i++)
		o.columns[i] = cols[i];

	struct db *db = cli_db(cli, o.dry_run);
	if (!db) {
		rc = cli_db_exit();
		goto out;
	}
	struct reconcile r;
	enum status st = reconcile_run(db, &cli->cfg, &o, &r);
	if (st != ST_OK) {
		rc = cli_error(status_exit_code(st), "%s", status_detail(st));
		goto out;
	}
	struct strbuf sb;
	sb_init(&sb);
	rc = 0;
	switch (format) {
	case FMT_TEXT:
		reconcile_write_text(&r, &sb);
		break;
	case FMT_CSV:
		reconcile_write_csv(&r, &sb);
		break;
	case FMT_JSON:
		reconcile_write_json(&r, &sb);
		break;
	case FMT_XLSX:
		rc = write_xlsx(&r, output);
		break;
	case FMT_PDF:
		if ((!output || str_eq(output, "-")) && isatty(STDOUT_FILENO)) {
			rc = cli_error(64, _("a PDF is not for a terminal; give --output FILE.pdf"));
			break;
		}
		st = reconcile_write_pdf(&r, &sb);
		if (st != ST_OK)
			rc = cli_error(status_exit_code(st), "%s", status_detail(st));
		break;
	}
	if (rc == 0 && format != FMT_XLSX)
		rc = write_out(output, &sb);
	sb_done(&sb);
	reconcile_done(&r);
out:
	for (int i = 0; i < ROLE__COUNT; i++)
		free(cols[i]);
	return rc;
}
