/* `dvcdesk qr`: print a QR code for a text or a portal page.
 *
 * stdout gets only the code's lines, so it can be piped or pasted into a
 * document; what the code is for (caption, URL, a lowered error correction)
 * goes to stderr.  Styles: half blocks by default, --wide ("██" pairs, two
 * columns per module: square modules, and no half-block glyph needed) and
 * --ascii ("##" pairs).  Without --invert the glyphs are the dark modules,
 * right for light backgrounds and paper; --invert draws the light modules,
 * for light-on-dark terminals.  No ANSI colours: the output stays plain text
 * and the terminal's own colours decide, which --invert is for.
 * The database is opened only to name a procedure, and only if it exists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/catalog.h"
#include "cli/cli.h"
#include "format/csv.h"
#include "store/dbembed.h"
#include "util/i18n.h"
#include "domain/qr.h"
#include "util/status.h"
#include "util/util.h"

static void print_help(void)
{
	printf("%s\n", _("usage: dvcdesk qr [OPTIONS] TEXT\n"
	                 "       dvcdesk qr [OPTIONS] --procedure CODE | --dossier CODE\n"
	                 "       dvcdesk qr [OPTIONS] --target home|payment|vneid|feedback"));
	printf(
	    "\n%s\n",
	    _("Prints a QR code on standard output; its caption and URL go to standard error.\n"
	      "\n"
	      "  --procedure CODE   the procedure's page on the portal ([portal] procedure_url)\n"
	      "  --dossier CODE     the dossier lookup ([portal] dossier_url)\n"
	      "  --target NAME      home, procedure, dossier, payment, vneid or feedback;\n"
	      "                     TEXT is then the procedure or dossier code\n"
	      "  --invert           draw the light modules, for light text on a dark terminal\n"
	      "  --wide             two columns per module (\"██\"): square, no half blocks\n"
	      "  --ascii            two columns per module (\"##\"), for terminals without UTF-8\n"
	      "  --ecc L|M|Q|H      error correction (default M; lowered, with a warning,\n"
	      "                     when that is what makes the code fit)\n"
	      "  --max-cols N, --max-rows N   the space the code must fit in (default: no limit)"));
}

/* The procedure's name from the database if there is one, else from the
 * compiled-in seed list; NULL when unknown.  Caller frees. */
static char *procedure_name(struct cli *cli, const char *code)
{
	if (cli->cfg.db_path && access(cli->cfg.db_path, R_OK) == 0) {
		struct db *db = cli_db(cli, true);
		struct procedure p;
		if (db && catalog_get(db, code, &p) == ST_OK)
			return xstrdup(p.name);
	}
	struct csv_reader r;
	char *name = NULL;
	csv_reader_init(&r, embedded_seed_catalog, (size_t)embedded_seed_catalog_len);
	while (!name && csv_next(&r) == 1)
		if (r.n_fields >= 2 && strcmp(r.fields[0], code) == 0)
			name = xstrdup(r.fields[1]);
	csv_reader_done(&r);
	return name;
}

static bool parse_size(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 1 || v > 100000)
		return false;
	*out = (int)v;
	return true;
}

static void print_caption(struct cli *cli, enum qr_target target, const char *arg, const char *url)
{
	if (target == QR_PROCEDURE) {
		if (!catalog_code_valid(arg))
			cli_warn(_("\"%s\" does not look like a procedure code (like 1.001193)"),
			         arg);
		char *name = procedure_name(cli, arg);
		if (name)
			fprintf(stderr, "%s: %s %s\n", qr_caption(target), arg, name);
		else
			fprintf(stderr, "%s: %s\n", qr_caption(target), arg);
		free(name);
	} else if (target == QR_DOSSIER && !str_empty(arg)) {
		fprintf(stderr, "%s: %s\n", qr_caption(target), arg);
	} else {
		fprintf(stderr, "%s\n", qr_caption(target));
	}
	fprintf(stderr, "%s\n", url);
}

int cmd_qr(struct cli *cli, int argc, char **argv)
{
	enum { OPT_ECC = 256, OPT_MAX_COLS, OPT_MAX_ROWS, OPT_HELP };
	static const struct option opts[] = {
	    {"procedure", required_argument, NULL, 'p'},
	    {"dossier", required_argument, NULL, 'd'},
	    {"target", required_argument, NULL, 't'},
	    {"invert", no_argument, NULL, 'i'},
	    {"wide", no_argument, NULL, 'w'},
	    {"ascii", no_argument, NULL, 'a'},
	    {"ecc", required_argument, NULL, OPT_ECC},
	    {"max-cols", required_argument, NULL, OPT_MAX_COLS},
	    {"max-rows", required_argument, NULL, OPT_MAX_ROWS},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	enum qr_style style = QR_STYLE_HALF;
	enum qr_ecc ecc = QR_ECC_M;
	enum qr_target target = QR__TARGET_COUNT; /* none: TEXT as it is */
	const char *arg = NULL;
	bool invert = false, styled = false;
	int max_cols = 0, max_rows = 0, c;

	optind = 0; /* glibc: start afresh after cli.c's own parsing */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'd':
			if (target != QR__TARGET_COUNT)
				return cli_error(
				    64, _("give only one of --procedure, --dossier and --target"));
			target = c == 'p' ? QR_PROCEDURE : QR_DOSSIER;
			arg = optarg;
			break;
		case 't':
			if (target != QR__TARGET_COUNT)
				return cli_error(
				    64, _("give only one of --procedure, --dossier and --target"));
			if (!qr_target_parse(optarg, &target))
				return cli_error(
				    64,
				    _("unknown --target \"%s\"; use home, procedure, dossier, "
				      "payment, vneid or feedback"),
				    optarg);
			break;
		case 'i':
			invert = true;
			break;
		case 'w':
		case 'a':
			if (styled)
				return cli_error(status_exit_code(ST_USAGE), _("give only one of --wide and --ascii"));
			styled = true;
			style = c == 'w' ? QR_STYLE_WIDE : QR_STYLE_ASCII;
			break;
		case OPT_ECC:
			if (!qr_ecc_parse(optarg, &ecc))
				return cli_error(status_exit_code(ST_USAGE), _("unknown --ecc \"%s\"; use L, M, Q or H"),
				                 optarg);
			break;
		case OPT_MAX_COLS:
		case OPT_MAX_ROWS:
			if (!parse_size(optarg, c == OPT_MAX_COLS ? &max_cols : &max_rows))
				return cli_error(
				    64, _("%s needs a whole number of at least 1, not \"%s\""),
				    c == OPT_MAX_COLS ? "--max-cols" : "--max-rows", optarg);
			break;
		case OPT_HELP:
			print_help();
			return 0;
		default:
			return cli_usage("qr");
		}
	}
	const char *operand = optind < argc ? argv[optind] : NULL;
	if (argc - optind > 1)
		return cli_error(status_exit_code(ST_USAGE), _("give one TEXT (put quotes around a text with spaces)"));

	const char *text = operand;
	char *url = NULL;
	if (target != QR__TARGET_COUNT) {
		if (operand && arg)
			return cli_error(
			    64, _("give the code either after the option or as TEXT, not both"));
		if (!arg)
			arg = operand;
		enum status st = qr_url(&cli->cfg, target, arg, &url);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		text = url;
	} else if (!operand) {
		return cli_usage("qr");
	}

	struct qr_render r;
	enum status st = qr_render(text, style, invert, max_cols, max_rows, ecc, &r);
	if (st != ST_OK) {
		qr_render_done(&r);
		free(url);
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	}
	if (target != QR__TARGET_COUNT)
		print_caption(cli, target, arg, url);
	if (r.stepped_down)
		cli_warn(_("error correction lowered from %c to %c so that the code fits"),
		         qr_ecc_letter(ecc), qr_ecc_letter(r.ecc));
	for (int i = 0; i < r.height; i++) {
		fputs(r.lines[i], stdout);
		putchar('\n');
	}
	qr_render_done(&r);
	free(url);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_error(status_exit_code(ST_IO), _("could not write the QR code to standard output"));
	return 0;
}
