/* dvcdesk staff: add, list, disable members and set PINs.  PINs are read
 * from standard input (no echo on a terminal), never from the command line
 * where `ps` and shell history would show them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/staff.h"
#include "util/text.h"

static bool print_member(const struct staff *s, void *ctx)
{
	(void)ctx;
	char name[400];
	/* A name stored by an older version or another tool may hold escape
	 * sequences: never sent to the terminal as they are. */
	char *safe = text_terminal_safe(s->name, false);
	text_pad(name, sizeof(name), safe, 30, false);
	free(safe);
	printf("%s  %-10s  %-8s  %s\n", name, role_key(s->role),
	       s->has_pin ? _("PIN") : _("no PIN"), s->active ? "" : _("disabled"));
	return true;
}

static int find(struct db *db, const char *name, struct staff *s)
{
	char *nfc = text_nfc(name);
	enum status st = staff_find(db, nfc ? nfc : name, s);
	free(nfc);
	if (st != ST_OK)
		return cli_error(status_exit_code(ST_NOT_FOUND), _("no staff member named \"%s\""), name);
	return 0;
}

int cmd_staff(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("staff");
	const char *sub = argv[1];
	static const struct option opts[] = { { "supervisor", no_argument, NULL, 's' },
					      { "pin", no_argument, NULL, 'p' },
					      { "all", no_argument, NULL, 'a' },
					      { NULL, 0, NULL, 0 } };
	bool supervisor = false, want_pin = false, all = false;
	int c;
	/* Options may come before or after the name: getopt sees the argv from
	 * the sub-sub-command on, and optind = 0 makes glibc start afresh. */
	int sub_argc = argc - 1;
	char **sub_argv = argv + 1;
	optind = 0;
	while ((c = getopt_long(sub_argc, sub_argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': supervisor = true; break;
		case 'p': want_pin = true; break;
		case 'a': all = true; break;
		default: return cli_usage("staff");
		}
	}
	const char *name = optind < sub_argc ? sub_argv[optind] : NULL;
	struct db *db = cli_db(cli, str_eq(sub, "list"));
	if (!db)
		return cli_db_exit();
	struct staff s;
	char pin[64] = "";
	enum status st;
	if (str_eq(sub, "list")) {
		st = staff_list(db, name ? name : "", all, print_member, NULL);
	} else if (str_eq(sub, "add") && name) {
		if ((want_pin || supervisor) && !cli_read_pin(_("PIN: "), pin, sizeof(pin)))
			return cli_error(status_exit_code(ST_USAGE), _("a PIN is needed on standard input"));
		char *nfc = text_nfc(name);
		if (!nfc)
			return cli_error(status_exit_code(ST_INVALID), _("the name is not valid UTF-8 text"));
		st = staff_add(db, str_trim(nfc), supervisor ? ROLE_SUPERVISOR : ROLE_VOLUNTEER,
			       pin[0] ? pin : NULL, NULL);
		free(nfc);
	} else if (str_eq(sub, "disable") && name) {
		if (find(db, name, &s))
			return status_exit_code(ST_NOT_FOUND);
		st = staff_set_active(db, s.id, false);
	} else if (str_eq(sub, "enable") && name) {
		if (find(db, name, &s))
			return status_exit_code(ST_NOT_FOUND);
		st = staff_set_active(db, s.id, true);
	} else if (str_eq(sub, "set-pin") && name) {
		if (find(db, name, &s))
			return status_exit_code(ST_NOT_FOUND);
		if (!cli_read_pin(_("New PIN (empty to remove): "), pin, sizeof(pin)))
			pin[0] = '\0';
		st = staff_set_pin(db, s.id, pin[0] ? pin : NULL);
	} else {
		return cli_usage("staff");
	}
	explicit_bzero(pin, sizeof(pin));
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	return 0;
}
