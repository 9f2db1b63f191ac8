/* Placeholder loop until the counter screens land: proves the set-up path
 * (config, database, seed catalogue, default volunteer) in a real terminal. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>

#include "catalog.h"
#include "cli.h"
#include "i18n.h"

int ui_main(struct cli *cli)
{
	struct db *db = cli_db(cli, false);
	if (!db)
		return cli_db_exit();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return cli_error(78, _("this terminal cannot show the counter; set TERM"));
	mvprintw(0, 0, "dvcdesk — %s — %s", cli->cfg.unit.name, cli->cfg.counter_name);
	mvprintw(2, 0, "%s: %ld", _("procedures"), catalog_count(db));
	mvprintw(4, 0, "%s", _("press q to quit"));
	refresh();
	while (getch() != 'q')
		;
	endwin();
	delscreen(scr);
	return 0;
}
