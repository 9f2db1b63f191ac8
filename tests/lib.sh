# Shared helpers for the shell tests (tests/{cli,ui,fault}/*.sh).
# Source it first:  . "$(dirname "$0")/../lib.sh"
# Every check prints "ok - NAME" or "not ok - NAME"; tests/run.sh counts them.
# Each test file gets a fresh temporary folder $T with HOME and XDG_* inside,
# and a pinned environment (TZ, LANG, LANGUAGE, TERM, ESCDELAY).
set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DVCDESK=${DVCDESK:-$TOP/dvcdesk}
T=$(mktemp -d "${TMPDIR:-/tmp}/dvcdesk-test.XXXXXX")
chmod 755 "$T"
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_DATA_HOME=$T/home/.local/share \
	XDG_STATE_HOME=$T/home/.local/state
mkdir -p "$HOME"
export TZ=Asia/Ho_Chi_Minh LANG=C.UTF-8 LANGUAGE=vi ESCDELAY=25 TERM=xterm-256color
unset LC_ALL LC_MESSAGES LC_CTYPE NO_COLOR DVCDESK_LOCALEDIR
# tests/shims first: `faketime` without its wrapper's leftovers (see there)
export PATH=$TOP/tests/shims:$PATH
TMUX_SOCK=dvct$$
_tui_n=0
_nfail=0

cleanup() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

ok() { echo "ok - $1"; }
fail() { # NAME [details...]
	echo "not ok - $1"
	shift
	[ $# -gt 0 ] && printf '    %s\n' "$@"
	_nfail=$((_nfail + 1))
	return 0
}
# check NAME CMD...: passes when CMD exits 0
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "command failed: $*"; fi
}
# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else fail "$1" "expected: $3" "actual:   $2"; fi
}
# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
	case $2 in *"$3"*) ok "$1" ;; *) fail "$1" "missing: $3" "in: $(printf '%s' "$2" | head -c 2000)" ;; esac
}
expect_not_contains() {
	case $2 in *"$3"*) fail "$1" "unexpected: $3" ;; *) ok "$1" ;; esac
}
# expect_exit NAME CODE CMD...: runs CMD, stdout/stderr into $OUT/$ERR
expect_exit() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
	if [ "$rc" -eq "$want" ]; then ok "$name"; else
		fail "$name" "exit $rc, wanted $want: $*" "stderr: $(head -c 600 "$T/.err")"
	fi
}
# dv ARGS...: the binary with the test's database
dv() { "$DVCDESK" "$@"; }

# ---- a real terminal: tmux on a private socket ----
# tui_start COLS ROWS CMD...   (CMD runs with this file's environment)
tui_start() {
	local cols=$1 rows=$2
	shift 2
	# A fresh socket per session: a server still shutting down on the old
	# one would make new-session fail.
	_tui_n=$((_tui_n + 1))
	TMUX_SOCK=dvct$$.$_tui_n
	local cmd="" a
	for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"env TERM=$TERM LANG=$LANG LANGUAGE=$LANGUAGE TZ=$TZ ESCDELAY=$ESCDELAY HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME $cmd; echo \"[exit \$?]\"; sleep 30"
	tmux -L "$TMUX_SOCK" set-option -g remain-on-exit on >/dev/null 2>&1
	tmux -L "$TMUX_SOCK" set-option -g window-size manual >/dev/null 2>&1
}
tui_keys() { tmux -L "$TMUX_SOCK" send-keys -t t "$@"; }
tui_text() { tmux -L "$TMUX_SOCK" send-keys -t t -l "$1"; }
tui_screen() { tmux -L "$TMUX_SOCK" capture-pane -p -t t "$@"; }
tui_resize() { tmux -L "$TMUX_SOCK" resize-window -t t -x "$1" -y "$2"; }
tui_pid() { tmux -L "$TMUX_SOCK" list-panes -t t -F '#{pane_pid}'; }
# tui_wait TEXT [SECONDS]: poll the screen until TEXT shows; 1 on timeout
tui_wait() {
	local want=$1 secs=${2:-10} i=0
	while [ $i -lt $((secs * 20)) ]; do
		tui_screen | grep -qF -- "$want" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# tui_wait_gone TEXT [SECONDS]
tui_wait_gone() {
	local want=$1 secs=${2:-10} i=0
	while [ $i -lt $((secs * 20)) ]; do
		tui_screen | grep -qF -- "$want" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# expect_screen NAME TEXT [SECONDS]
expect_screen() {
	if tui_wait "$2" "${3:-10}"; then ok "$1"; else
		fail "$1" "screen never showed: $2" "$(tui_screen | sed 's/^/    | /')"
	fi
}
tui_stop() { tmux -L "$TMUX_SOCK" kill-server 2>/dev/null; return 0; }

# Call at the end of every test file.
finish() { [ "$_nfail" -eq 0 ]; }
