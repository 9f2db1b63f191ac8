/* The counter's full-screen program: the one input loop that owns ncurses. */
#ifndef DVCDESK_UI_H
#define DVCDESK_UI_H

struct cli;

/* Run the counter until the volunteer quits; restores the terminal on every
 * exit path.  Returns the process exit code (78 when the terminal cannot do
 * full-screen). */
int ui_main(struct cli *cli);

/* The signal (SIGHUP, SIGTERM...) that ended ui_main(), or 0; a terminal
 * that went away (read errors) counts as SIGHUP.  main()
 * re-raises it once everything is closed, so that the program dies of it
 * as a shell or a supervisor expects. */
int ui_exit_signal(void);

#endif
