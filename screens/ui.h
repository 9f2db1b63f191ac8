/* The counter's full-screen program: the one input loop that owns ncurses. */
#ifndef DVCDESK_UI_H
#define DVCDESK_UI_H

struct cli;

/* Run the counter until the volunteer quits; restores the terminal on every
 * exit path.  Returns the process exit code (78 when the terminal cannot do
 * full-screen). */
int ui_main(struct cli *cli);

#endif
