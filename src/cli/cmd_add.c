/* dvcdesk add: log a visit from a script or a paper form, through the same
 * visit_save() the counter screen uses. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/catalog.h"
#include "cli/cli.h"
#include "domain/dossier.h"
#include "util/text.h"
#include "store/visit.h"

static bool parse_enum(const char *what, const char *value, const char *const *keys, int n,
		       int *out)
{
	int i = visit_key_index(keys, n, value);
	if (i >= 0) {
		*out = i;
		return true;
	}
	struct strbuf sb;
	sb_init(&sb);
	for (int k = 0; k < n; k++)
		sb_addf(&sb, "%s%s", k ? ", " : "", keys[k]);
	cli_error(64, _("unknown %s \"%s\"; valid: %s"), what, value, sb.buf);
	sb_done(&sb);
	return false;
}

static void copy_nfc(char *dst, size_t size, const char *src)
{
	char *nfc = text_nfc(src);
	str_copy(dst, size, nfc ? nfc : "");
	free(nfc);
}

int cmd_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "staff", required_argument, NULL, 's' },
		{ "procedure", required_argument, NULL, 'p' },
		{ "service", required_argument, NULL, 'S' },
		{ "dossier", required_argument, NULL, 'D' },
		{ "group", required_argument, NULL, 'g' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "channel", required_argument, NULL, 'C' },
		{ "at", required_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'r' },
		{ "duration", required_argument, NULL, 'm' },
		{ "note", required_argument, NULL, 'n' },
		{ "uid", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct visit v;
	visit_init(&v);
	const char *staff = NULL, *procedure = NULL, *at = NULL, *dossier = NULL;
	int c, idx;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': staff = optarg; break;
		case 'p': procedure = optarg; break;
		case 'S':
			if (!visit_parse_flags(optarg, service_keys, SVC__COUNT, &v.services))
				return cli_error(64, "%s", status_detail(ST_USAGE));
			break;
		case 'g':
			if (!visit_parse_flags(optarg, group_keys, GRP__COUNT, &v.groups))
				return cli_error(64, "%s", status_detail(ST_USAGE));
			break;
		case 'D': dossier = optarg; break;
		case 'o':
			if (!parse_enum(_("outcome"), optarg, outcome_keys, OUT__COUNT, &idx))
				return 64;
			v.outcome = (enum outcome)idx;
			break;
		case 'C':
			if (!parse_enum(_("channel"), optarg, channel_keys, CH__COUNT, &idx))
				return 64;
			v.channel = (enum channel)idx;
			break;
		case 'a': at = optarg; break;
		case 'r': copy_nfc(v.backdate_reason, sizeof(v.backdate_reason), optarg); break;
		case 'm': {
			char *end;
			long m = strtol(optarg, &end, 10);
			if (*end || end == optarg || m < 0 || m > 600)
				return cli_error(64, _("--duration takes minutes, 0 to 600"));
			v.duration_s = (int)m * 60;
			break;
		}
		case 'n': copy_nfc(v.note, sizeof(v.note), optarg); break;
		case 'u': str_copy(v.uid, sizeof(v.uid), optarg); break;
		case 'h':
			cli_usage("add");
			return 0;
		default: return cli_usage("add");
		}
	}
	if (optind < argc)
		return cli_usage("add");
	if (!procedure)
		return cli_error(64, _("say which procedure with --procedure CODE, or "
				       "--procedure none for general guidance"));
	if (!str_eq(procedure, "none"))
		str_copy(v.procedure_code, sizeof(v.procedure_code), procedure);
	if (at) {
		if (!time_parse_local(at, &v.at))
			return cli_error(64, _("--at takes local time as 'YYYY-MM-DD HH:MM', not \"%s\""),
					 at);
	}
	if (dossier) {
		str_copy(v.dossier_code, sizeof(v.dossier_code), dossier);
		dossier_normalize(v.dossier_code);
		if (!dossier_acceptable(v.dossier_code))
			return cli_error(65, _("the dossier code \"%s\" has characters a dossier code "
					       "cannot have"), dossier);
	}

	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	if (!cli_staff(cli, db, staff, &v.staff_id))
		return 66;
	str_copy(v.unit_code, sizeof(v.unit_code), cli->cfg.unit.code);
	str_copy(v.counter, sizeof(v.counter), cli->cfg.counter_name);

	if (v.dossier_code[0] && !dossier_matches(&cli->cfg, v.dossier_code))
		cli_warn(_("the dossier code \"%s\" matches none of the configured patterns; "
			   "saved anyway, check it"), v.dossier_code);

	bool already = false;
	enum status st = visit_save(db, &v, &already);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	if (already)
		cli_warn(_("a visit with this uid was already saved; nothing changed"));
	printf("%s\n", v.uid);
	return 0;
}
