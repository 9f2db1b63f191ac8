#include "cli/cli_auth.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "store/staff.h"
#include "util/text.h"

int cli_supervisor(struct db *db, const char *as, const char *command, int64_t *id_out)
{
	if (!as || !as[0])
		return cli_error(status_exit_code(ST_DENIED),
		                 _("`dvcdesk %s` needs a supervisor: add --as NAME and type the "
		                   "supervisor's PIN"),
		                 command);
	struct staff s;
	char *nfc = text_nfc(as);
	enum status st = staff_find(db, nfc ? nfc : as, &s);
	free(nfc);
	if (st != ST_OK)
		return cli_error(status_exit_code(ST_NOT_FOUND), _("no staff member named \"%s\"; see `dvcdesk staff list`"),
		                 as);
	if (!s.active)
		return cli_error(status_exit_code(ST_DENIED), _("staff member \"%s\" is disabled"), as);
	if (s.role != ROLE_SUPERVISOR || !s.has_pin)
		return cli_error(status_exit_code(ST_DENIED),
		                 _("\"%s\" is not a supervisor; `dvcdesk %s` needs a supervisor"),
		                 as, command);
	char pin[64];
	char *prompt = xasprintf(_("PIN for %s: "), s.name);
	bool got = cli_read_pin(prompt, pin, sizeof(pin));
	free(prompt);
	if (!got)
		return cli_error(status_exit_code(ST_USAGE), _("no PIN given on standard input"));
	st = staff_check_pin(db, s.id, pin);
	explicit_bzero(pin, sizeof(pin));
	if (st != ST_OK)
		return cli_error(status_exit_code(st), "%s", status_detail(st));
	*id_out = s.id;
	return 0;
}
