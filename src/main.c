/* dvcdesk: a counter tally for youth-union volunteers at commune
 * public-service centres.  Everything happens in cli_main(); the counter's
 * screens are handed in here so that src/ never links curses. */
#include "cli.h"
#include "../screens/ui.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, ui_main);
}
