/* The terminal: the check before ncurses starts, the colours, the signals,
 * flow control, input waiting and the idle clock (screens/uiint.h).
 * <term.h> comes last: it defines macros such as `tone` and `lines`. */
#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "ui.h"
#include "uiint.h"

#include <term.h>

volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

int ui_exit_signal(void)
{
	/* ^C and ^\ are keys the volunteer pressed: an exit status, so that a
	 * launcher loop (`while :; do dvcdesk; done`) carries on. */
	return got_signal == SIGHUP || got_signal == SIGTERM ? got_signal : 0;
}

void init_styles(struct ui_context *ctx)
{
	struct ui_loop *L = ctx->loop;
	const chtype mono[UI_STYLE__COUNT] = {
	    [UI_NORMAL] = A_NORMAL,
	    [UI_TITLE] = A_BOLD,
	    [UI_HEADER] = A_REVERSE,
	    [UI_SELECTED] = A_REVERSE,
	    [UI_FIELD] = A_UNDERLINE,
	    [UI_FOCUS] = A_UNDERLINE | A_BOLD,
	    [UI_ON] = A_BOLD,
	    [UI_DIM] = A_DIM,
	    [UI_KEY] = A_REVERSE,
	    [UI_S_OK] = A_BOLD,
	    [UI_S_WARN] = A_BOLD | A_UNDERLINE,
	    [UI_S_ERROR] = A_REVERSE | A_BOLD,
	    [UI_QR] = A_REVERSE,
	    [UI_QR_DARK] = A_NORMAL,
	};
	memcpy(L->style, mono, sizeof mono);
	if (!ctx->color)
		return;
	start_color();
	use_default_colors();
	enum { P_HEADER = 1, P_SELECTED, P_ON, P_OK, P_WARN, P_ERROR, P_KEY, P_QR, P_QR_DARK };
	init_pair(P_HEADER, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_ON, COLOR_GREEN, -1);
	init_pair(P_OK, COLOR_GREEN, -1);
	init_pair(P_WARN, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(P_KEY, COLOR_BLACK, COLOR_WHITE);
	L->style[UI_HEADER] = COLOR_PAIR(P_HEADER) | A_BOLD;
	L->style[UI_SELECTED] = COLOR_PAIR(P_SELECTED);
	L->style[UI_ON] = COLOR_PAIR(P_ON) | A_BOLD;
	L->style[UI_S_OK] = COLOR_PAIR(P_OK) | A_BOLD;
	L->style[UI_S_WARN] = COLOR_PAIR(P_WARN);
	L->style[UI_S_ERROR] = COLOR_PAIR(P_ERROR) | A_BOLD;
	L->style[UI_KEY] = COLOR_PAIR(P_KEY);
	/* QR cells: pure black and white where the palette has them (themes
	 * remap the first 16 colours, rarely 16 and 231).  Written reversed
	 * (white on black, then A_REVERSE) so that ncurses never erases them
	 * with ECH/EL and back-colour erase, which some terminals get wrong
	 * (tmux with TERM=xterm-256color drops the quiet zone). */
	short black = (short)(COLORS >= 256 ? 16 : COLOR_BLACK);
	short white = (short)(COLORS >= 256 ? 231 : COLOR_WHITE);
	init_pair(P_QR, white, black);
	init_pair(P_QR_DARK, black, black);
	L->style[UI_QR] = COLOR_PAIR(P_QR) | A_REVERSE;
	L->style[UI_QR_DARK] = COLOR_PAIR(P_QR_DARK) | A_REVERSE;
}

bool want_color(const struct config *cfg)
{
	if (!has_colors())
		return false;
	if (cfg->ui.color == TRI_YES)
		return true;
	if (cfg->ui.color == TRI_NO)
		return false;
	const char *no = getenv("NO_COLOR"); /* https://no-color.org */
	return !(no && *no);
}

void set_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read returns at once and the loop sees the
	 * flag. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL); /* ^\ too restores the terminal */
}

/* Flow control would eat ^Q and ^S; the rest of the modes come from cbreak. */
void no_flow_control(void)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();
	}
}

/* Is there input the terminal has not handed over yet? */
bool input_waiting(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Seconds without a key before the lock.  DVCDESK_IDLE_LOCK_SECONDS (not
 * documented for users) lets the tests lock in a second or two. */
long idle_limit_ms(const struct config *cfg)
{
	const char *env = getenv("DVCDESK_IDLE_LOCK_SECONDS");
	if (env && *env) {
		char *end;
		long s = strtol(env, &end, 10);
		if (*end == '\0' && s >= 0)
			return s * 1000;
	}
	return (long)cfg->ui.idle_lock_minutes * 60 * 1000;
}

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
