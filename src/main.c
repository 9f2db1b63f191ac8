/* dvcdesk: a counter tally for youth-union volunteers at commune
 * public-service centres.  Everything happens in cli_main(); the counter's
 * screens are handed in here so that src/ never links curses. */
#include <signal.h>

#include "cli/cli.h"
#include "../screens/ui.h"

int main(int argc, char **argv)
{
	int rc = cli_main(argc, argv, ui_main);
	/* The counter ended by a signal (the window closed, a kill): the
	 * visits are saved, the database closed, the terminal restored.  Die
	 * of that signal, as a shell or a service manager expects; the
	 * exit-time handlers this skips have nothing left to do (and a
	 * sanitizer's leak check, run there, can hang on a hung-up terminal). */
	int sig = ui_exit_signal();
	if (sig) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		signal(sig, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
	}
	return rc;
}
