/* The terminal check before ncurses starts (screens/uiint.h). */
#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "uiint.h"

bool ui_terminal_usable(void)
{
	const char *term = getenv("TERM");
	if (!term || !*term) {
		cli_error(78, "%s",
		          _("TERM is not set; the counter needs a full-screen terminal "
		            "(e.g. TERM=xterm-256color or linux)"));
		return false;
	}
	int err = 0;
	/* setupterm() only reads terminfo: nothing reaches the screen. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		cli_error(78,
		          _("the terminal type \"%s\" is unknown; set TERM to one this system "
		            "knows (e.g. xterm-256color or linux)"),
		          term);
		return false;
	}
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (const char *)(intptr_t)-1;
	del_curterm(cur_term);
	if (!ok)
		cli_error(78,
		          _("the terminal \"%s\" cannot position the cursor; run the counter in a "
		            "full-screen terminal (e.g. TERM=xterm-256color or linux)"),
		          term);
	return ok;
}
