/* The counter's full-screen program: the one input loop that owns ncurses. */
#ifndef DVCDESK_UI_H
#define DVCDESK_UI_H

struct cli;

/* Run the counter until the volunteer quits; restores the terminal on every
 * exit path.  Returns the process exit code (78 when the terminal cannot do
 * full-screen). */
int ui_main(struct cli *cli);

/* SIGHUP or SIGTERM when one ended ui_main(), else 0 (SIGINT and SIGQUIT,
 * typed at the keyboard, only give the exit status 128 + N); a terminal
 * that went away (read errors) counts as SIGHUP.  main()
 * re-raises it once everything is closed, so that the program dies of it
 * as a shell or a supervisor expects. */
int ui_exit_signal(void);

#endif
