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
	cli_error(status_exit_code(ST_USAGE), _("unknown %s \"%s\"; valid: %s"), what, value, sb.buf);
	sb_done(&sb);
	return false;
}

/* An option's text into a visit field: valid UTF-8 without control
 * characters, within the field's limit; refused out loud, never cut. */
static bool copy_text(const char *option, char *dst, size_t size, const char *src)
{
	status_clear();
	char *nfc = text_nfc(src);
	enum status st = text_check_field(option, nfc ? nfc : src, size - 1);
	if (st == ST_OK)
		str_copy(dst, size, nfc);
	free(nfc);
	if (st != ST_OK)
		cli_error(status_exit_code(st), "%s", status_detail(st));
	return st == ST_OK;
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
				return cli_error(status_exit_code(ST_USAGE), "%s", status_detail(ST_USAGE));
			break;
		case 'g':
			if (!visit_parse_flags(optarg, group_keys, GRP__COUNT, &v.groups))
				return cli_error(status_exit_code(ST_USAGE), "%s", status_detail(ST_USAGE));
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
		case 'r':
			if (!copy_text("--reason", v.backdate_reason, sizeof(v.backdate_reason), optarg))
				return status_exit_code(ST_INVALID);
			break;
		case 'm': {
			char *end;
			long m = strtol(optarg, &end, 10);
			if (*end || end == optarg || m < 0 || m > 600)
				return cli_error(status_exit_code(ST_USAGE), _("--duration takes minutes, 0 to 600"));
			v.duration_s = (int)m * 60;
			break;
		}
		case 'n':
			if (!copy_text("--note", v.note, sizeof(v.note), optarg))
				return status_exit_code(ST_INVALID);
			break;
		case 'u':
			if (!visit_uid_normalise(optarg, v.uid))
				return cli_error(status_exit_code(ST_USAGE),
				                 _("--uid takes a UUID such as %s (32 hexadecimal "
				                   "digits, dashes optional), not \"%s\""),
				                 "0192f3a4-5b6c-7d8e-9f01-23456789abcd", optarg);
			break;
		case 'h':
			return cli_help("add");
		default: return cli_usage("add");
		}
	}
	if (optind < argc)
		return cli_usage("add");
	if (!procedure)
		return cli_error(status_exit_code(ST_USAGE), _("say which procedure with --procedure CODE, or "
				       "--procedure none for general guidance"));
	if (!str_eq(procedure, "none") &&
	    !copy_text("--procedure", v.procedure_code, sizeof(v.procedure_code), procedure))
		return status_exit_code(ST_INVALID);
	if (at) {
		if (!time_parse_local(at, &v.at))
			return cli_error(status_exit_code(ST_USAGE), _("--at takes local time as 'YYYY-MM-DD HH:MM', not \"%s\""),
					 at);
	}
	if (dossier) {
		if (strlen(dossier) >= sizeof(v.dossier_code))
			return cli_error(status_exit_code(ST_INVALID),
			                 _("the dossier code is too long: %zu bytes, at most %zu"),
			                 strlen(dossier), sizeof(v.dossier_code) - 1);
		str_copy(v.dossier_code, sizeof(v.dossier_code), dossier);
		dossier_normalize(v.dossier_code);
		if (!dossier_acceptable(v.dossier_code))
			return cli_error(status_exit_code(ST_INVALID),
					 _("the dossier code \"%s\" has characters a dossier code "
					   "cannot have"), dossier);
	}

	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	if (!cli_staff(cli, db, staff, &v.staff_id))
		return status_exit_code(ST_NOT_FOUND);
	str_copy(v.unit_code, sizeof(v.unit_code), cli->cfg.unit.code);
	str_copy(v.counter, sizeof(v.counter), cli->cfg.counter_name);

	if (v.dossier_code[0] && !dossier_matches(&cli->cfg, v.dossier_code))
		cli_warn(_("the dossier code \"%s\" matches none of the configured patterns; "
			   "saved anyway, check it"), v.dossier_code);

	bool already = false;
	enum status st = visit_save(db, &v, &already);
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	if (already) {
		/* A retry of the same visit is fine; a different visit under a
		 * uid already used is not what was asked for, so never exit 0. */
		struct visit stored;
		st = visit_get(db, v.uid, &stored);
		if (st != ST_OK)
			return cli_error(status_exit_code(st), "%s", status_detail(st));
		if (!visit_same(&stored, &v, at != NULL))
			return cli_error(status_exit_code(ST_EXISTS),
			                 _("another visit with the uid %s is already stored; this one "
			                   "was NOT saved (give a new uid, or none)"),
			                 v.uid);
		cli_warn(_("a visit with this uid was already saved; nothing changed"));
	}
	printf("%s\n", v.uid);
	return 0;
}
